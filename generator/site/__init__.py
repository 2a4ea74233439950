"""Stages 4 to 6: every document with its URL, tags and listings (`model`), the pages to render
(`plans`, with the papers' pages in `papers` and each layout's template in `layouts`), Jinja templates (`templates`) on every core
(`workers`), which files the site publishes over paperfold's own (`files`), the site's Sass compiled (`sass`),
and the output folder
written whole or not at all (`write`, with the pages rendered into it by `output`), by one build
at a time (`lock`), with the few system calls Python's standard library lacks (`system_calls`).
Site templates render in Jinja's sandbox unless the site trusts them (`templates`).

May import `markdown` and the packages below it; never `search`, the cache or the commands.
"""
