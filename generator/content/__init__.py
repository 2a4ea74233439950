"""Stage 2: the site's source files found (`discover`) and read into frozen Documents
(`document`, `load`), the Liquid they hold (`liquid`), each one's URL (`place`, by the rules of `urls`, and `collections` for a published Jekyll collection's files) and the URLs that
Jekyll's link tags name (`link_table`); `store` keeps documents' text and bodies' bulk out of memory.

May import `config`, `encoding` and the bottom modules; never the later stages or the cache.
"""
