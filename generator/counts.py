"""Counts in what paperfold prints: '1 post', '2 posts', never '1 posts' or '2 post(s)'."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str = "") -> str:
    """`count` and the noun that agrees with it; `plural` for the nouns that add more than an s."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
