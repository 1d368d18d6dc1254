"""Scenario files (YAML or JSON, with a schema version) and the shipped presets.

A file holds only what differs from the model's defaults, or everything;
unknown keys and bad values are rejected with the field path. Saving writes a
temporary file beside the target and renames it, so a failed save never
damages the existing file.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .overrides import employer_assumptions, set_path
from .files import as_path, write_atomic
from .limits import check_cohort_count, check_plan_size
from .errors import ScenarioError, UpgradedWarning
from .fields import short
from .reading import check_size, decode_text, parse_text, read_text
from .parameters import Scenario
from .range_checks import check_uncertainty
from .versions import upgrade_with_note

PRESET_DIR = "presets"


def scenario_from_dict(data: dict[str, Any]) -> Scenario:
    """Validate a dict into a Scenario (overrides checked too) or raise ScenarioError."""
    if not isinstance(data, dict):
        raise ScenarioError("(scenario)", "a scenario must be a mapping of keys to values")
    check_size(data)
    check_cohort_count(data)
    data = _upgraded(data)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError.from_validation(exc, Scenario) from None
    check_plan_size(scenario)  # employers, places in cohorts and cash-flow rows within imt_roi.limits
    employer_assumptions(scenario)  # raises ScenarioError for a bad override
    check_uncertainty(scenario)  # ranges on inputs that exist, inside their valid range
    return scenario


def _upgraded(data: dict) -> dict:
    """``data`` in the current schema; an :class:`UpgradedWarning` says in one line what an older file mapped."""
    data, note = upgrade_with_note(data)
    if note:
        warnings.warn(note, UpgradedWarning, stacklevel=3)
    return data


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    raise ScenarioError(str(path), "a scenario file must end in .yaml, .yml or .json")


def load_scenario(path: str | os.PathLike, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read a scenario file; ``overrides`` maps dotted paths to values set before validation.

    Raises ScenarioError naming ``path`` when it is not a file path (or holds a NUL byte) or the file is
    bad, and TypeError naming ``overrides`` when it is not a mapping of dotted paths (text) to values.
    """
    path = as_path(path)
    fmt = _format_of(path)
    data = parse_text(read_text(path), fmt, source=str(path))
    return _with_overrides(data, overrides)


def scenario_from_upload(filename: str, content: bytes) -> tuple[Scenario, list[str]]:
    """A scenario file received as bytes (a dashboard upload) and the notes of an older file's upgrade: JSON
    when ``filename`` ends in .json, else YAML; a one-line ScenarioError naming the file when it is bad."""
    fmt = "json" if filename.lower().endswith(".json") else "yaml"
    text = decode_text(content, filename)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UpgradedWarning)
        scenario = scenario_from_dict(parse_text(text, fmt, source=filename))
    return scenario, [str(w.message) for w in caught if issubclass(w.category, UpgradedWarning)]


def check_overrides(overrides: object) -> dict[str, Any]:
    """``overrides`` as a dict of dotted paths to values, or a TypeError naming the argument."""
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise TypeError(f"overrides: expected a mapping of dotted paths (text) to values, got "
                        f"{type(overrides).__name__}")
    for key in overrides:
        if not isinstance(key, str):
            raise TypeError(f"overrides: expected dotted paths (text) as keys, such as 'wages.starting_wage', got "
                            f"{type(key).__name__} {short(repr(key), 40)}")
    return dict(overrides)


def _with_overrides(data: dict, overrides: dict[str, Any] | None) -> Scenario:
    overrides = check_overrides(overrides)
    data = _upgraded(data)  # before defaults are filled in: a version-1 file has defaults of its own
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


class _ExactDumper(yaml.SafeDumper):
    """SafeDumper that double-quotes text holding characters YAML reads as line breaks (U+0085, U+2028,
    U+2029): PyYAML escapes them there, so every string a user can type comes back exactly."""


def _represent_text(dumper: yaml.SafeDumper, text: str):
    style = '"' if any(ch in text for ch in "\x85\u2028\u2029\ufeff") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_ExactDumper.add_representer(str, _represent_text)


def dumps(scenario: Scenario, fmt: str = "yaml") -> str:
    data = scenario_to_dict(scenario)
    if fmt == "json":
        return json.dumps(data, indent=2) + "\n"
    return yaml.dump(data, Dumper=_ExactDumper, sort_keys=False, allow_unicode=True)


def save_scenario(scenario: Scenario, path: str | os.PathLike) -> Path:
    """Write ``scenario`` atomically to ``path`` (.yaml, .yml or .json)."""
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario: expected an imt_roi.Scenario, got {type(scenario).__name__}")
    path = as_path(path)
    text = dumps(scenario, _format_of(path))
    return write_atomic(path, text.encode("utf-8"))  # ScenarioError naming the path if it cannot


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
    """A shipped preset as a Scenario, with optional dotted-path overrides.

    Raises TypeError naming ``name`` or ``overrides`` when given the wrong type, ScenarioError for an
    unknown preset or a bad value.
    """
    if not isinstance(name, str):
        raise TypeError(f"name: expected a preset name (text) such as 'imt-default', got {type(name).__name__}")
    return _with_overrides(preset_data(name), overrides)


def with_value(scenario: Scenario, path: str, value) -> Scenario:
    """A copy of ``scenario`` with the input at ``path`` set to ``value`` (validated)."""
    data = scenario_to_dict(scenario)
    set_path(data, path, value)
    return scenario_from_dict(data)
