"""Any front matter, file name, outline or Markdown: the build succeeds or reports errors, never crashes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.config.settings import BuildOptions, load_config
from tests.conftest import NOW, write_files

YAMLISH = st.text(alphabet=st.sampled_from(list("abc:-[]{}'\"#&*!|>%@` \t\n0123456789.,/\\分") + ["\u00a0"]), max_size=80)
FRONT_KEYS = st.sampled_from(["title", "date", "tags", "category", "categories", "permalink", "layout", "published",
                              "outline", "open_depth", "lang", "slug", "description"])
FRONT_VALUES = st.one_of(YAMLISH, st.integers(-5, 3000), st.booleans(), st.none(),
                         st.lists(YAMLISH, max_size=3), st.dictionaries(st.text(max_size=3), YAMLISH, max_size=2))
OUTLINE = st.lists(st.sampled_from(list(" \t\n\r0123456789.n-*•()[]abc分布式:/") + ["https://x.org/a", "[2019, 187 refs]", "\u3000", "```"]), max_size=120).map("".join)
MARKDOWN = st.text(max_size=300)
NAMES = st.lists(st.sampled_from(list("abc-_. 分%#?&+") + ["..", "/"]), min_size=1, max_size=20).map("".join)


def _front(values: dict[str, object]) -> str:
    import yaml

    return yaml.safe_dump(values, allow_unicode=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=st.dictionaries(FRONT_KEYS, FRONT_VALUES, max_size=5), raw_front=YAMLISH, name=NAMES,
       outline=OUTLINE, markdown=MARKDOWN, use_raw=st.booleans())
def test_build_never_crashes(front: dict[str, object], raw_front: str, name: str, outline: str, markdown: str,
                             use_raw: bool) -> None:
    header = raw_front if use_raw else _front(front)
    body = f"{markdown}\n\n```\n{outline}\n```\n"
    safe_name = name.replace("/", "-").strip() or "x"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = write_files(root / "site", {
            "_config.yml": "title: t\npaperfold:\n  search: false\n",
            f"content/_posts/2024-01-02-{safe_name}.md": f"---\n{header}\n---\n{body}",
            "content/_posts/2024-01-01-good.md": "---\ntitle: good\n---\nfine\n",
        })
        result = build(load_config(BuildOptions(source=source, destination=root / "out")), now=NOW)
        for error in result.errors:
            assert error.path and error.message and "Traceback" not in error.message
        if result.ok:
            written = [p for p in (root / "out").rglob("*") if p.is_file()]
            assert all(root / "out" in p.resolve().parents for p in written)
