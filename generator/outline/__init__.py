"""The outline engine: its grammar (`parser`, `detect`, `links`), the frozen tree (`model`),
collapsible HTML (`html`), node ids (`anchors`) and the tree cut into search sections (`sections`).

Pure, text in and values out, and knows nothing of the site: imports only the bottom modules.
"""
