"""Screenshots of the bundled blog's largest outline post, /papers/ and its largest tag page, at 360
and 1280 px, light and dark, in Debian's Chromium: one command, for a person to look at.

    python bench/screenshots.py [OUTPUT_FOLDER]      (default: test-artifacts/screenshots/, gitignored)

Each page is also measured (its height, and whether it scrolls sideways), printed one line a shot.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.build import build
from generator.config.settings import BuildOptions, load_config
from tests.browser_support import chromium, serve_folder

WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")


def main(output: Path) -> int:
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        result = build(load_config(BuildOptions(source=REPO, destination=site)))
        if not result.ok or result.site is None:
            print("\n".join(str(error) for error in result.errors), file=sys.stderr)
            return 1
        largest = max(result.site.posts, key=lambda post: post.body.outline_items)
        tag = max(result.site.tags, key=lambda taxon: len(taxon.posts))
        pages = {"outline": largest.url, "papers": "/papers/", "tag": tag.ref.url}
        with serve_folder(site) as served, chromium() as browser:
            for width in WIDTHS:
                for scheme in SCHEMES:
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
                    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served)
                                  else route.abort())
                    page = context.new_page()
                    for name, url in pages.items():
                        page.goto(served + url)
                        path = output / f"{name}-{width}-{scheme}.png"
                        page.screenshot(path=str(path), full_page=name != "outline")
                        height, scroll, inner = page.evaluate(
                            "[document.documentElement.scrollHeight, document.documentElement.scrollWidth, innerWidth]")
                        print(f"{path.name}: {height} px tall{', scrolls sideways' if scroll > inner else ''}")
                    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "test-artifacts" / "screenshots"))
