"""paperfold's folder in the user's cache directory, outside any site: where the key that seals the
build cache is kept (incremental/seal.py) and the mojibake language model (encoding/model.py).

At the bottom with errors and counts, so that encoding, which knows nothing of the site or its
cache, finds the folder without importing the incremental layer.
"""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path:
    """paperfold's folder in the user's cache directory (XDG's, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "paperfold"


__all__ = ["user_cache_dir"]
