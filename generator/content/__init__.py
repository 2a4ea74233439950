"""Stage 2: the site's source files found (`discover`) and read into frozen Documents
(`document`, `load`), Jekyll's Liquid engine for them (`liquid`, with Jekyll's `jekyll_filters` and
`jekyll_tags`, a linear `liquid_lexer`, and the `site` and `page` it reads, `liquid_scope`), each one's URL (`place`, by the rules of `urls`, and `collections` for a published Jekyll collection's files) and the URLs that
Jekyll's link tags name (`link_table`); `store` keeps documents' text and bodies' bulk out of memory.

May import `config`, `encoding` and the bottom modules; never the later stages or the cache.
"""
