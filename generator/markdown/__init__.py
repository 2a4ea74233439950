"""Stage 3: a document's body to HTML with markdown-it-py (`render`), with kramdown's
extensions (`kramdown`, `attribute_definitions`, `heading_ids`, `typography`, `links`), footnotes (`footnotes`), kramdown's blocks (`html_blocks`, `tables`, `extensions`), a fast line table and linkify (`lines`, `linkify`) and outline fences
(`fence`); `bodies` renders every body of a site on every core, and `site_pages` renders again
the pages whose Liquid lists the posts, with their HTML.

May import `content`, `papers`, `outline`, `encoding`, `config` and the bottom modules.
"""
