"""Jekyll collections (`collections:` in _config.yml, each read from its `_name/` folder), which
paperfold does not publish: one warning for each that Jekyll would write, so that no page is lost
without a word."""

from __future__ import annotations

from collections.abc import Mapping

from generator.config.settings import Config
from generator.errors import Diagnostic

# Jekyll's own collections, which paperfold reads as posts and drafts.
BUILT_IN = frozenset({"posts", "drafts"})


def unpublished_collections(config: Config) -> list[Diagnostic]:
    """A warning for each collection `output: true` publishes in Jekyll and paperfold leaves out."""
    configured = config.extra.get("collections")
    if isinstance(configured, list):  # Jekyll's short form: names alone, none of them published
        return []
    if not isinstance(configured, Mapping):
        return []
    return [Diagnostic("_config.yml", None, (
        f"collection '{name}' is not published: paperfold publishes posts and pages, so _{name}/ is "
        "left out (Jekyll writes it, as its output: true asks)"))
        for name, settings in configured.items()
        if name not in BUILT_IN and isinstance(settings, Mapping) and settings.get("output") is True]


__all__ = ["unpublished_collections"]
