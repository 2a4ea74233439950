"""Papers noted in outlines: each post's notes (`notes`), venues and paper links (`venues`),
every post's notes merged into papers with little of them in memory (`index`), and /papers/'s
bar charts as SVG (`charts`).

Imports only `outline` and the bottom modules; the papers' pages are planned by `site.papers`.
"""
