"""The npm packages some tests read (axe-core, KaTeX), installed by the test run itself.

`python -m pytest` is the whole test command: on a new checkout it runs `npm ci` once, and again
whenever package-lock.json changes. Without npm on the machine, the tests that need these packages
are skipped, saying why.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "axe"
LOCK = FOLDER / "package-lock.json"
# npm ci writes this file last: it is there, and newer than the lock, only after a whole install.
INSTALLED = FOLDER / "node_modules" / ".package-lock.json"


def ensure_npm_packages() -> None:
    """Run `npm ci` in tests/axe unless what package-lock.json names is already installed."""
    if INSTALLED.is_file() and INSTALLED.stat().st_mtime >= LOCK.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if npm is None:
        return  # the tests that need these packages skip, naming the missing one
    try:
        subprocess.run([npm, "ci", "--silent", "--no-audit", "--no-fund", "--prefix", str(FOLDER)],
                       check=True, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as error:
        details = getattr(error, "stderr", "") or str(error)
        warnings.warn(f"npm ci --prefix tests/axe failed; the axe-core and KaTeX tests will skip: {details}",
                      stacklevel=1)
