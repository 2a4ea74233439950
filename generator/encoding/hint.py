"""A cheap first look for mojibake, so clean posts never pay for the full detector.

UTF-8 read as cp1252, cp1254 or latin-1 turns every multi-byte character into a lead
character (Â-ô) followed by one or more continuation characters (the code page's 0x80-0xBF).
Text without such a pair cannot hold this damage; text with one goes to `mojibake.diagnose`.
"""

from __future__ import annotations

import re

_CONTINUATION = "".join(sorted(set(
    bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
    + bytes(range(0x80, 0xC0)).decode("cp1254", errors="ignore")
    + bytes(range(0x80, 0xC0)).decode("latin-1")
)))
_SUSPECT_PAIR = re.compile("[\u00c2-\u00f4][" + re.escape(_CONTINUATION) + "]")


def may_hold_mojibake(text: str, utf8: bytes | None = None) -> bool:
    """False only when the text certainly holds no UTF-8-as-Windows-code-page damage; `utf8`
    may be the text's UTF-8 as read (line ends and a BOM aside), saving an encoding."""
    # Every lead character (U+00C2-U+00F4) is 0xC3 and one more byte in UTF-8: encoding and a
    # byte search look at a post five times faster than the regex, which then runs only on posts
    # with such a letter (accented Latin, or damage).
    if utf8 is None:
        utf8 = text.encode("utf-8", "surrogatepass")
    if text.isascii() or b"\xc3" not in utf8:
        return False
    return _SUSPECT_PAIR.search(text) is not None
