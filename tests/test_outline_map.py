"""The post's Outline map: one entry per top-level item, entries that read alike told apart."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import build_files

POST = """---
title: Readings
---
```
1. readings: FAST16 papers
    1. a
2. other
```

Between two outlines, whose numbering restarts.

```
1. readings: FAST16 papers
    1. b
```
"""


def test_entries_that_read_alike_are_numbered(site_dir: Path) -> None:
    result = build_files(site_dir, {"_config.yml": "title: T\n", "_posts/2024-01-02-readings.md": POST})
    assert result.ok, [str(error) for error in result.errors]
    html = (site_dir / "_site" / "2024" / "01" / "02" / "readings.html").read_text(encoding="utf-8")
    entries = re.findall(r'<li><a href="#ol-[^"]+">(.*?)</a></li>', html.split('class="outline-map"')[1].split("</nav>")[0])
    assert entries == [
        "1. readings: FAST16 papers",
        "2. other",
        '1. readings: FAST16 papers <span class="map-repeat">(2)</span>',
    ]
