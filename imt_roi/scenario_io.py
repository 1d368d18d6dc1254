"""Scenario files (YAML or JSON, with a schema version) and the shipped presets.

A file holds only what differs from the model's defaults, or everything;
unknown keys and bad values are rejected with the field path. Saving writes a
temporary file beside the target and renames it, so a failed save never
damages the existing file.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .engine import employer_assumptions, set_path
from .files import write_atomic
from .errors import ScenarioError
from .parameters import Scenario
from .uncertainty import check_uncertainty
from .versions import upgrade

PRESET_DIR = "presets"


#: Longest key text quoted in a field path; longer keys are cut so an error stays one short line.
_KEY_TEXT_MAX = 40
_DUPLICATE_HINT = "give each key once"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _key_text(key: Any) -> str:
    """A key as one short printable path segment."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(key))
    return text if len(text) <= _KEY_TEXT_MAX else text[:_KEY_TEXT_MAX - 3] + "..."


def _dotted(path: tuple) -> str:
    return ".".join(_key_text(part) for part in path)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping, at any depth.

    Keys are compared after construction (so ``1`` and ``1.0``, or ``a`` and ``"a"``, clash as they
    would in the dict). Merge keys (``<<: *anchor``) are left to PyYAML: a merged key that the mapping
    then sets itself is an override, not a duplicate. Each mapping is checked on its nodes as written,
    before ``flatten_mapping`` splices merged keys into it.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self._paths: dict[int, tuple] = {}
        self._checked: set[int] = set()

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
        # Also reached for a merged mapping before its own turn to be built: check it while unchanged.
        self._check_unique_keys(node)
        return super().flatten_mapping(node)

    def construct_mapping(self, node, deep=False):
        self._check_unique_keys(node)
        return super().construct_mapping(node, deep=deep)


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


def parse_text(text: str, fmt: str = "yaml", source: str = "scenario") -> dict:
    """Parse YAML or JSON text into a dict, or raise ScenarioError saying where it is malformed.

    A key written twice in one mapping is refused with its dotted path (the dict would keep only
    the last one).
    """
    try:
        if fmt == "json":
            data = json.loads(text, object_pairs_hook=_json_pairs)
            duplicate = _marked_path(data)
            if duplicate is not None:
                raise ScenarioError(_dotted(duplicate),
                                    f"duplicate key (the first one would be lost): {_DUPLICATE_HINT}")
        else:
            data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: safe
    except json.JSONDecodeError as exc:
        raise ScenarioError(source, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ScenarioError(source, f"malformed YAML{where}: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(source, "a scenario file must hold a mapping of keys to values")
    return data


def scenario_from_dict(data: dict[str, Any]) -> Scenario:
    """Validate a dict into a Scenario (overrides checked too) or raise ScenarioError."""
    data = upgrade(data)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError.from_validation(exc, Scenario) from None
    employer_assumptions(scenario)  # raises ScenarioError for a bad override
    check_uncertainty(scenario)  # ranges on inputs that exist, inside their valid range
    return scenario


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    raise ScenarioError(str(path), "a scenario file must end in .yaml, .yml or .json")


def load_scenario(path: str | os.PathLike, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read a scenario file; ``overrides`` maps dotted paths to values set before validation."""
    path = Path(path)
    fmt = _format_of(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(str(path), f"cannot read: {exc.strerror}") from None
    data = parse_text(text, fmt, source=str(path))
    return _with_overrides(data, overrides)


def _with_overrides(data: dict, overrides: dict[str, Any] | None) -> Scenario:
    data = upgrade(data)  # before defaults are filled in: a version-1 file has defaults of its own
    if overrides:
        # A partial file omits defaults; fill them in first so a path into a default list
        # (wages.step_raises.0.share) finds its item instead of creating a mapping.
        data = _merged(Scenario().model_dump(mode="json", exclude={"cohorts", "employers"}), data)
    for key, value in (overrides or {}).items():
        set_path(data, key, value)
    return scenario_from_dict(data)


def _merged(defaults: dict, data: dict) -> dict:
    """``data`` over ``defaults``, recursing into mappings present in both; lists are replaced whole."""
    out = dict(defaults)
    for key, value in data.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def scenario_to_dict(scenario: Scenario) -> dict:
    return scenario.model_dump(mode="json")


def dumps(scenario: Scenario, fmt: str = "yaml") -> str:
    data = scenario_to_dict(scenario)
    if fmt == "json":
        return json.dumps(data, indent=2) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def save_scenario(scenario: Scenario, path: str | os.PathLike) -> Path:
    """Write ``scenario`` atomically to ``path`` (.yaml, .yml or .json)."""
    path = Path(path)
    text = dumps(scenario, _format_of(path))
    return write_atomic(path, text.encode("utf-8"))


def preset_names() -> list[str]:
    """Names of the presets shipped with the package."""
    files = resources.files("imt_roi").joinpath(PRESET_DIR).iterdir()
    return sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml"))


def preset_data(name: str) -> dict:
    """The raw mapping of a preset file."""
    if name not in preset_names():
        raise ScenarioError("preset", f"unknown preset {name!r}; choose one of: {', '.join(preset_names())}")
    text = resources.files("imt_roi").joinpath(PRESET_DIR, f"{name}.yaml").read_text(encoding="utf-8")
    return parse_text(text, "yaml", source=f"preset {name}")


def preset(name: str = "imt-default", overrides: dict[str, Any] | None = None) -> Scenario:
    """A shipped preset as a Scenario, with optional dotted-path overrides."""
    return _with_overrides(preset_data(name), overrides)
