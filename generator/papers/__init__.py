"""Papers noted in outlines: each post's notes (`notes`), venues and paper links (`venues`),
and every post's notes merged into papers with little of them in memory (`index`).

Imports only `outline` and the bottom modules; the papers' pages are planned by `site.papers`.
"""
