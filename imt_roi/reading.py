"""Reading user input: YAML and JSON text, files and ``--set`` values, into plain Python data.

Every scenario file, preset and ``--set`` value passes through here, and every
way reading can fail becomes a one-line :class:`ScenarioError` naming what was
read: bytes that are not UTF-8, a path that is not a regular file (a FIFO
would block for ever), malformed YAML or JSON, a key written twice, values
the YAML parser accepts but Python refuses (``2020-13-45``, ``!!int abc``,
``!!bool abc``), integers too long to convert, nesting deeper than
:data:`MAX_DEPTH` and structures larger than :data:`MAX_NODES` (an alias bomb).
Dates and times are read as text, never as datetime objects.
"""

from __future__ import annotations

import json
import os
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .errors import ScenarioError
from .fields import short

#: Deepest nesting of mappings and lists a scenario may have (a real one is about 6 deep).
MAX_DEPTH = 40
#: Most values (mapping entries and list items, aliases counted each time) a scenario may hold. The largest
#: plan the limits allow (:data:`imt_roi.limits.MAX_COHORTS` cohorts of many firms) holds a few thousand; YAML
#: is parsed at about 50,000 values a second here, so a file over the limit is refused within about 0.5 s.
MAX_NODES = 20_000
#: Largest scenario or benchmarks file read or uploaded [bytes] (the largest plan allowed is about 200 KB).
MAX_FILE_BYTES = 2_000_000

TOO_LARGE = f"is larger than {MAX_FILE_BYTES / 1e6:g} MB (a plan file is at most a few hundred KB)"

#: Longest key text quoted in a field path; longer keys are cut so an error stays one short line.
_KEY_TEXT_MAX = 40
_DUPLICATE_HINT = "give each key once"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _key_text(key: Any) -> str:
    """A key as one short printable path segment (characters that do not print escaped)."""
    return short(key, _KEY_TEXT_MAX)


def _dotted(path: tuple) -> str:
    return ".".join(_key_text(part) for part in path)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping, at any depth.

    Keys are compared after construction (so ``1`` and ``1.0``, or ``a`` and ``"a"``, clash as they
    would in the dict). Each mapping is checked on its nodes as written; a merged key that the mapping
    then sets itself is an override, not a duplicate.

    Merge keys (``<<: *anchor`` or ``<<: [*a, *b]``) resolve by one rule, here rather than in PyYAML
    (whose versions within the floors disagree on nested merges): a mapping is the keys it merges
    followed by its own keys, and a later key wins. A merged mapping contributes what it resolves to
    (its own merges applied first); in a list of merges, an earlier mapping wins over a later one, as
    the YAML merge-key specification says. Nodes are never changed, so an alias means the same
    mapping wherever it is used.
    """

    def __init__(self, stream, source: str = "(scenario)"):
        super().__init__(stream)
        self._source = source
        self._paths: dict[int, tuple] = {}
        self._checked: set[int] = set()
        self._resolved: dict[int, list] = {}

    def compose_node(self, parent, index):
        # Counted while parsing, so a small file of a million values is refused after MAX_NODES of them,
        # not after building them all (an alias is not a new node here; check_size counts its expansions).
        self._nodes_composed = getattr(self, "_nodes_composed", 0) + 1
        if self._nodes_composed > MAX_NODES:
            raise ScenarioError(self._source, f"too large: more than {MAX_NODES:,} values")
        return super().compose_node(parent, index)

    def construct_document(self, node):
        self._record_paths(node)
        return super().construct_document(node)

    def _record_paths(self, root) -> None:
        """The first path (as keys and list indexes) at which each mapping node is reached."""
        stack = [(root, ())]
        seen: set[int] = set()
        while stack:
            node, path = stack.pop()
            if id(node) in seen:
                continue  # an alias: keep the path of the anchor
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                self._paths[id(node)] = path
                children = [(value, path if key.tag == _MERGE_TAG else path + (self._segment(key),))
                            for key, value in node.value]
            elif isinstance(node, yaml.SequenceNode):
                children = [(item, path + (index,)) for index, item in enumerate(node.value)]
            else:
                continue
            stack.extend(reversed(children))

    @staticmethod
    def _segment(key_node) -> str:
        return key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"

    def _check_unique_keys(self, node) -> None:
        if not isinstance(node, yaml.MappingNode) or id(node) in self._checked:
            return
        self._checked.add(id(node))
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node)
            try:
                hash(key)
            except TypeError:
                continue  # PyYAML reports an unhashable key itself
            line = key_node.start_mark.line + 1
            if key in first_line:
                path = self._paths.get(id(node), ()) + (self._segment(key_node),)
                raise ScenarioError(_dotted(path), f"duplicate key (line {line}; the first one, at line "
                                                   f"{first_line[key]}, would be lost): {_DUPLICATE_HINT}")
            first_line[key] = line

    def flatten_mapping(self, node):
        # Merges are resolved in construct_mapping without changing the node (see the class docstring).
        self._check_unique_keys(node)

    def construct_mapping(self, node, deep=False):
        self._check_unique_keys(node)
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        resolved = yaml.MappingNode(node.tag, self._merged_pairs(node, ()), node.start_mark, node.end_mark)
        return yaml.constructor.BaseConstructor.construct_mapping(self, resolved, deep=deep)

    def _merged_pairs(self, node, active: tuple) -> list:
        """``node``'s (key, value) nodes with its merges resolved, one pair per key, the winner's."""
        if id(node) in self._resolved:
            return self._resolved[id(node)]
        if id(node) in active:
            raise yaml.constructor.ConstructorError(None, None, "a mapping merges itself", node.start_mark)
        self._check_unique_keys(node)
        merged: list = []
        own: list = []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE_TAG:
                if key_node.tag == "tag:yaml.org,2002:value":
                    key_node = yaml.ScalarNode("tag:yaml.org,2002:str", key_node.value,
                                               key_node.start_mark, key_node.end_mark)
                own.append((key_node, value_node))
                continue
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        f"expected a mapping or list of mappings for merging, but found {source.id}",
                        source.start_mark)
            for source in reversed(sources):  # an earlier mapping in the list wins: it comes later here
                merged.extend(self._merged_pairs(source, active + (id(node),)))
        pairs = self._last_wins(merged + own) if merged else own
        self._resolved[id(node)] = pairs
        return pairs

    def _last_wins(self, pairs: list) -> list:
        """One pair per key, the last one's, in the order keys first appear (keeps merged mappings small)."""
        winner: dict = {}
        others: list = []  # keys that are not scalars or not hashable: the constructor reports them
        for key_node, value_node in pairs:
            if not isinstance(key_node, yaml.ScalarNode):
                others.append((key_node, value_node))
                continue
            try:
                winner[self.construct_object(key_node)] = (key_node, value_node)
            except TypeError:
                others.append((key_node, value_node))
        return list(winner.values()) + others


class _MarkedDict(dict):
    """A JSON object holding (or containing) a duplicate key; ``duplicate`` is its path from here."""

    duplicate: tuple = ()


def _marked_path(value: Any) -> tuple | None:
    """Path of a duplicate below ``value`` (through lists; nested objects carry their own mark)."""
    if isinstance(value, _MarkedDict):
        return value.duplicate
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _marked_path(item)
            if found is not None:
                return (index,) + found
    return None


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict:
    """``object_pairs_hook``: mark the first duplicate key here or below instead of dropping a value."""
    out: dict = {}
    for key, value in pairs:
        found = (key,) if key in out else _marked_path(value)
        if found is not None:
            marked = _MarkedDict(pairs)
            marked.duplicate = found if key in out else (key,) + found
            return marked
        out[key] = value
    return out




# Dates, times and other timestamps stay text: a scenario has no date field, and PyYAML's timestamp
# constructor raises ValueError on "2020-13-45" instead of a YAML error.
_UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _load(text: str, fmt: str, source: str) -> Any:
    try:
        if fmt == "json":
            data = json.loads(text, object_pairs_hook=_json_pairs)
            duplicate = _marked_path(data)
            if duplicate is not None:
                raise ScenarioError(_dotted(duplicate),
                                    f"duplicate key (the first one would be lost): {_DUPLICATE_HINT}")
            return data
        loader = _UniqueKeyLoader(text, source)  # a SafeLoader subclass: safe
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except ScenarioError:
        raise
    except json.JSONDecodeError as exc:
        raise ScenarioError(source, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = " ".join(str(getattr(exc, "problem", None) or "not valid YAML").split())[:120]
        raise ScenarioError(source, f"malformed YAML{where}: {problem}") from None
    except RecursionError:
        raise ScenarioError(source, f"nested too deeply (more than {MAX_DEPTH} levels)") from None
    except (ValueError, KeyError, AttributeError, TypeError, OverflowError, IndexError) as exc:
        # A value the parser accepts but Python refuses: !!int abc, !!bool abc, a 5,000-digit integer.
        reason = " ".join(str(exc).split())[:80] or type(exc).__name__
        raise ScenarioError(source, f"a value cannot be read as written ({reason})") from None


def check_size(data: Any, source: str = "(scenario)") -> None:
    """Refuse nesting deeper than MAX_DEPTH, more than MAX_NODES values (iteratively: no recursion), or a
    Decimal that is no number (NaN, sNaN, infinity: comparing an sNaN raises ``decimal.InvalidOperation``)."""
    stack = [(data, 0, ())]
    nodes = 0
    while stack:
        value, depth, path = stack.pop()
        if depth > MAX_DEPTH:
            where = _dotted(path[:6]) + ("..." if len(path) > 6 else "")
            raise ScenarioError(where or source, f"nested too deeply (more than {MAX_DEPTH} levels)")
        if isinstance(value, dict):
            items = value.items()
        elif isinstance(value, (list, tuple)):
            items = enumerate(value)
        else:
            if isinstance(value, Decimal) and not value.is_finite():
                raise ScenarioError(_dotted(path) or source, f"{short(str(value), 20)} is not a number")
            continue
        for key, item in items:
            nodes += 1
            if nodes > MAX_NODES:
                raise ScenarioError(source, f"too large: more than {MAX_NODES:,} values")
            stack.append((item, depth + 1, path + (key,) if depth < 6 else path))


def parse_text(text: str, fmt: str = "yaml", source: str = "(scenario)") -> dict:
    """Parse YAML or JSON text into a dict, or raise ScenarioError saying where it is malformed.

    A key written twice in one mapping is refused with its dotted path (the dict would keep only
    the last one).
    """
    data = _load(text, fmt, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(source, "a scenario file must hold a mapping of keys to values")
    check_size(data, source)
    return data


def parse_value(raw: str, field: str) -> Any:
    """A ``--set`` value read as a YAML scalar (21.5, true, college, [1, 2]); text when it is not YAML."""
    if not raw.strip():
        return raw
    try:
        value = _load(raw, "yaml", field)
    except ScenarioError as exc:
        if exc.message.startswith("malformed YAML"):
            return raw
        raise ScenarioError(field, exc.message) from None
    check_size(value, field)
    return value


def read_text(path: Path) -> str:
    """The UTF-8 text of a regular file, or a one-line ScenarioError naming the path as the user gave it."""
    name = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ScenarioError(name, f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ScenarioError(name, "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ScenarioError(name, TOO_LARGE)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # a file that grew since it was measured is still cut short
    except OSError as exc:
        raise ScenarioError(name, f"cannot read: {exc.strerror or exc}") from None
    return decode_text(raw, name)


def decode_text(raw: bytes, name: str) -> str:
    """UTF-8 bytes (a file read or uploaded) as text, or a one-line ScenarioError naming ``name``."""
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(name, TOO_LARGE)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(name, f"is not UTF-8 text (byte {exc.start + 1} is 0x{raw[exc.start]:02x})") from None
