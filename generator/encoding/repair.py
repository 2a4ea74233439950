"""Finding and undoing mojibake: UTF-8 that was decoded as cp1252, cp1254 or latin-1.

Posts reach us with their Chinese turned into `ä¸ºä»€ä¹ˆ`, sometimes with bytes lost on the way
(bytes the code page leaves undefined, soft hyphens stripped), sometimes twice over. Detection is
deliberately strict: clean text, accented Latin, symbols and emoji are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.counts import counted
from generator.encoding.decode import GUESSED, RESTORED, InnerLayerScorer, Layer, Scorer, repair_layer
from generator.encoding.model import load_model
from generator.encoding.scan import Diagnosis, diagnose, scan

# Text mis-decoded three times is already past what anyone will want repaired automatically.
MAX_LAYERS = 3


@dataclass(frozen=True, slots=True)
class EncodingRepair:
    """A repaired text and what was done to it."""

    text: str  # the repaired text
    encoding: str  # the code page the damage came from, e.g. "cp1254"; "cp1252+cp1252" for double
    restored: int  # characters restored (every character rebuilt from mojibake)
    guessed: int  # of those, characters where lost bytes had to be guessed

    @property
    def summary(self) -> str:
        """What was done, as the build's warning and fix-encoding's report say it."""
        return f"repaired mis-decoded text ({counted(self.restored, 'character')} restored, {self.guessed} guessed)"


def detect_mojibake(text: str) -> bool:
    """Whether `text` is, with high confidence, UTF-8 mis-decoded through a Windows code page."""
    return diagnose(text) is not None


def repair_mojibake(text: str) -> EncodingRepair | None:
    """The text with its mojibake undone, run by run; None when the text is clean."""
    diagnosis = diagnose(text)
    if diagnosis is None:
        return None
    layer = Layer(text, (0,) * len(text))
    layers: list[str] = []
    while diagnosis is not None and len(layers) < MAX_LAYERS:
        inner = diagnose(_decode_complete(layer.text, diagnosis))
        scorer: Scorer = load_model() if inner is None else InnerLayerScorer(inner.page)
        layer = repair_layer(layer, diagnosis, scorer, inner)
        layers.append(diagnosis.page.name)
        diagnosis = diagnose(layer.text)
    if layer.text == text:
        return None
    # The layers were peeled from the outside in; name them in the order the damage happened.
    encoding = "+".join(reversed(layers))
    restored = sum(1 for flag in layer.flags if flag & RESTORED)
    guessed = sum(1 for flag in layer.flags if flag & GUESSED)
    return EncodingRepair(layer.text, encoding, restored, guessed)


def _decode_complete(text: str, diagnosis: Diagnosis) -> str:
    """`text` with only its complete UTF-8 sequences decoded: a cheap look at what lies beneath."""
    pieces: list[str] = []
    position = 0
    for run in scan(text, diagnosis.page):
        for group in run.groups:
            if group.length and group.complete:
                pieces.append(text[position : group.start])
                pieces.append(group.data.decode("utf-8"))
                position = group.end
    pieces.append(text[position:])
    return "".join(pieces)
