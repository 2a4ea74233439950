"""Stage 7: the search index of a built site, written by Pagefind (`index`, through the
pipelined client in `pagefind`). `terms`, `postings` and `shards` are an index of paperfold's own,
not yet wired into the build (bench/search_alt.py builds it).

May import `site` and the packages below it.
"""
