"""Stage 7: the search index of a built site, written by Pagefind (`index`, through the
pipelined client in `pagefind`).

May import `site` and the packages below it.
"""
