"""Jekyll Bootstrap's setup include, which heads every post of such blogs, as the Liquid layer
knows it: its name, and the tag as those blogs write it. A module of its own so that both the
fast check before python-liquid starts (liquid) and the engine's include tag (jekyll_tags) read
it, without either importing the other. Imports nothing of paperfold's."""

from __future__ import annotations

import re

# It writes nothing: inside a capture it throws away, it assigns BASE_PATH, which paperfold fills
# in itself, and paths into Jekyll Bootstrap's own theme. Without the file, it is passed over
# without a word.
NOTHING_LOST = re.compile(r"JB/setup(?:\.html)?")
# The include as such blogs write it, with no parameters and no whitespace control: a body whose
# only Liquid it is comes out without it, and python-liquid (0.2 s to import) is not started.
SETUP_INCLUDE = re.compile(r"\{%[ \t]+include[ \t]+(JB/setup(?:\.html)?)[ \t]+%\}")

__all__ = ["NOTHING_LOST", "SETUP_INCLUDE"]
