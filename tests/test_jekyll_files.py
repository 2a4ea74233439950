"""Jekyll's file rules as paperfold applies them: dates under `timezone:`, pages' permalinks, files
without front matter, Jekyll's default excludes, layout names the theme lacks, a site's own 404 page.

The unit tests pin each rule; the last test builds one site with the real Jekyll (skipped when
`jekyll` is not installed) and with paperfold, and compares the paths each writes.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.conftest import build_files, files_of

JEKYLL = shutil.which("jekyll")

TORONTO = "title: Dates\ntimezone: America/Toronto\npermalink: /:year/:month/:day/:title/\n"


def _post(front: str) -> str:
    return f"---\ntitle: T\n{front}---\nBody.\n"


@pytest.mark.parametrize("front, folder, shown", [
    # A YAML timestamp without an offset is UTC (Ruby's YAML), shown in the site's zone.
    ("date: 2015-06-23 01:39:00\n", "2015/06/22", "2015-06-22T21:39:00-04:00"),
    # The same written as text is read in the site's zone.
    ('date: "2015-06-23 01:39:00"\n', "2015/06/23", "2015-06-23T01:39:00-04:00"),
    ("date: 2015-06-23 01:39:00 +0200\n", "2015/06/22", "2015-06-22T19:39:00-04:00"),
    ("date: 2015-06-23T01:39:00Z\n", "2015/06/22", "2015-06-22T21:39:00-04:00"),
    ("date: 2015-06-23\n", "2015/06/23", "2015-06-23T00:00:00-04:00"),
    ("", "2015/06/23", "2015-06-23T00:00:00-04:00"),  # the file name's date
])
def test_dates_are_read_as_jekyll_reads_them_under_timezone(site_dir: Path, front: str, folder: str,
                                                             shown: str) -> None:
    result = build_files(site_dir, {"_config.yml": TORONTO, "_posts/2015-06-23-c.md": _post(front)})
    assert result.ok
    built = files_of(site_dir / "_site")
    page = built[f"{folder}/c/index.html"].decode()
    assert f'content="{shown}"' in page
    # The feed gives the same instant, in UTC.
    instant = datetime.fromisoformat(shown).astimezone(timezone.utc)
    assert f"<published>{instant:%Y-%m-%dT%H:%M:%SZ}</published>" in built["feed.xml"].decode()
