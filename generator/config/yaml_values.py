"""YAML text to values as Jekyll reads them, for front matter and `_config.yml`.

Every problem with the text comes out as a yaml.YAMLError, with a mark where one is known: PyYAML
itself raises ValueError, KeyError or AttributeError for some values, RecursionError for deep
nesting, and libyaml overflows the C stack (a crash, not an exception) for deeper nesting still.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError

# A value nested deeper than this is refused: no front matter needs it, and the page keys and
# caches that repr() and pickle front matter recurse once per level.
MAX_NESTING = 100
# What aliases may repeat of a document's values in all, in characters of text (each value
# counting one more): an alias or ten to a block of defaults is far below it, while nine nested
# lines of nine aliases each (the "billion laughs") would repeat a few hundred million values and
# one 100 kB value aliased 10,000 times a gigabyte, for every repr(), comparison or JSON of them.
MAX_ALIAS_EXPANSION = 1_000_000
# Every level of nesting takes at least one character, so text this short cannot nest deep
# enough to overflow libyaml's C stack; longer text is read by PyYAML's Python parser, whose
# recursion stops with a RecursionError instead.
LIBYAML_SAFE_LENGTH = 10_000
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _JekyllValues(yaml.constructor.SafeConstructor):
    """SafeConstructor, except that an impossible timestamp (`2023-02-30`, `25:00:00`) stays the
    text it was, as Ruby's YAML leaves it, and any value that cannot be made is a located error."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            raise ConstructorError(None, None, f"{node.value!r} cannot be read as {node.tag.rsplit(':', 1)[-1]}",
                                   node.start_mark) from None


class _PythonLoader(_JekyllValues, yaml.SafeLoader):
    """PyYAML's own parser, for text too long to trust to libyaml's (LIBYAML_SAFE_LENGTH)."""


class _LibyamlLoader(_JekyllValues, yaml.CSafeLoader):
    """libyaml's parser: PyYAML's own takes longer than the rest of a one-post rebuild."""


def _timestamp_or_text(loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, AttributeError, OverflowError):
        return loader.construct_scalar(node)


_PythonLoader.add_constructor(_TIMESTAMP_TAG, _timestamp_or_text)
_LibyamlLoader.add_constructor(_TIMESTAMP_TAG, _timestamp_or_text)


def load_yaml(text: str) -> Any:
    """The one YAML document in `text` (None when empty); yaml.YAMLError for anything wrong in it."""
    loader = (_LibyamlLoader if len(text) <= LIBYAML_SAFE_LENGTH else _PythonLoader)(text)
    try:
        too_deep = f"values nested more than {MAX_NESTING} levels deep"
        try:
            node = loader.get_single_node()
        except RecursionError:  # only PyYAML's parser recurses in Python; it knows where it stopped
            mark = loader.get_mark() if isinstance(loader, _PythonLoader) else None
            raise ConstructorError(None, None, too_deep, mark) from None
        if node is None:
            return None
        deep_node = _node_deeper_than(node, MAX_NESTING)
        if deep_node is not None:
            raise ConstructorError(None, None, too_deep, deep_node.start_mark)
        if _alias_expansion(node) > MAX_ALIAS_EXPANSION:
            # Composed, an alias is its anchor's node again, which no longer says where the alias was.
            raise ConstructorError(None, None, f"aliases repeat more than {MAX_ALIAS_EXPANSION:,} characters of values",
                                   _alias_past_limit(text) or node.start_mark)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _node_deeper_than(root: yaml.Node, limit: int) -> yaml.Node | None:
    """A node more than `limit` levels below `root`, or None; aliases followed, cycles not.

    Without recursion (the point is to refuse what recursion cannot handle): a walk that keeps
    the deepest depth seen at each node, so a node shared through aliases is walked again only
    when reached deeper than before.
    """
    deepest: dict[int, int] = {}
    pending: list[tuple[yaml.Node, int, frozenset[int]]] = [(root, 1, frozenset())]
    while pending:
        node, depth, above = pending.pop()
        if depth > limit:
            return node
        if deepest.get(id(node), 0) >= depth or id(node) in above:
            continue
        deepest[id(node)] = depth
        path = above | {id(node)}
        pending.extend((child, depth + 1, path) for child in _children(node))
    return None


def _alias_expansion(root: yaml.Node) -> int:
    """How much aliases repeat of the values under `root` (see MAX_ALIAS_EXPANSION): the size of the
    tree they make written out, less the size of the nodes as written."""
    return _tree_size(root, {}) - sum(_own_size(node) for node in _nodes(root))


def _tree_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """The size of the values under `node` with every alias written out, remembered in `sizes`.
    Recursive: the nesting was checked first. An alias inside its own anchor counts one, as
    repr() shows it as `[...]`."""
    known = sizes.get(id(node))
    if known is None:
        sizes[id(node)] = 1
        sizes[id(node)] = known = _own_size(node) + sum(_tree_size(child, sizes) for child in _children(node))
    return known


def _alias_past_limit(text: str) -> yaml.Mark | None:
    """Where in `text` the aliases pass MAX_ALIAS_EXPANSION: composed again, slowly, counting
    each alias as it comes (done only once the limit is known to be passed)."""
    loader = _AliasCounter(text)
    try:
        loader.get_single_node()
    except _PastLimit as past:
        return past.mark
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


class _PastLimit(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _AliasCounter(yaml.SafeLoader):
    """PyYAML's composer, adding up what each alias repeats: its anchor's values written out."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.repeated = 0
        self.sizes: dict[int, int] = {}
        self.composed: set[int] = set()

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if not self.check_event(yaml.AliasEvent):
            node = super().compose_node(parent, index)
            self.composed.add(id(node))
            return node
        event = self.peek_event()  # type: ignore[no-untyped-call]
        anchor = self.anchors.get(event.anchor)
        if anchor is not None:
            # An alias inside its own anchor, still being composed, counts one as above.
            self.repeated += _tree_size(anchor, self.sizes) if id(anchor) in self.composed else 1
            if self.repeated > MAX_ALIAS_EXPANSION:
                raise _PastLimit(event.start_mark)
        return super().compose_node(parent, index)


def _own_size(node: yaml.Node) -> int:
    return 1 + len(node.value) if isinstance(node, yaml.ScalarNode) else 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _nodes(root: yaml.Node) -> list[yaml.Node]:
    """Every node under `root` once, however many aliases reach it."""
    seen = {id(root): root}
    pending = [root]
    while pending:
        for child in _children(pending.pop()):
            if id(child) not in seen:
                seen[id(child)] = child
                pending.append(child)
    return list(seen.values())


def key_line(text: str, key: str) -> int | None:
    """The line of a top-level `key:` in YAML text, found in its first 4096 characters (where front
    matter and settings are: a post's body may be megabytes), or None."""
    match = re.search(rf"^{re.escape(key)}\s*:", text[:4096], re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


__all__ = ["MAX_ALIAS_EXPANSION", "MAX_NESTING", "key_line", "load_yaml"]
