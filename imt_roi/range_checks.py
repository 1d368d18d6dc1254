"""A scenario's ``uncertainty`` block checked against the model's inputs: ranges only on numeric inputs that
can be drawn, inside each input's valid range; scenario sets whose inputs exist. Part of reading a scenario
(:func:`imt_roi.scenario_io.scenario_from_dict`), below the Monte Carlo that uses the ranges."""

from __future__ import annotations

import copy

from pydantic import ValidationError

from .errors import ScenarioError
from .fields import iter_params
from .overrides import PLAN_WIDE, set_path
from .parameters import Assumptions, Scenario
from .ranges import ScenarioSet

__all__ = ["NOT_DRAWN", "apply_set", "check_uncertainty", "numeric_inputs"]

#: Inputs never drawn: those the whole plan shares, and the two that set how many months the flows run.
NOT_DRAWN = (*PLAN_WIDE, "program.term_months", "horizon.months_after_completion")


def numeric_inputs(scenario: Assumptions) -> dict:
    """Numeric inputs outside lists: path -> ParamInfo."""
    return {p.path: p for p in iter_params(scenario)
            if isinstance(p.value, (int, float)) and not isinstance(p.value, bool)
            and not any(part.isdigit() for part in p.path.split("."))}


def check_uncertainty(scenario: Scenario) -> None:
    """Reject ranges on unknown or undrawable inputs, or outside an input's valid range; sets with bad inputs.

    Raises :class:`ScenarioError` naming the field (``uncertainty.ranges.0.high``).
    """
    numeric = numeric_inputs(scenario)
    seen = set()
    for i, r in enumerate(scenario.uncertainty.ranges):
        where = f"uncertainty.ranges.{i}"
        info = numeric.get(r.path)
        if info is None or r.path in NOT_DRAWN:
            raise ScenarioError(f"{where}.path", f"{r.path[:80]!r} is not an input that can carry a range "
                                                 "(a number outside lists, not shared by the whole plan)")
        if r.path in seen:
            raise ScenarioError(f"{where}.path", f"{r.path!r} has a range already; give each input one range")
        seen.add(r.path)
        lo, hi = r.bounds
        for name, value in (("low", lo), ("high", hi)):
            if (info.ge is not None and value < info.ge) or (info.le is not None and value > info.le):
                field_name = name if r.kind != "choice" else "values"
                raise ScenarioError(f"{where}.{field_name}", f"{value:g} is outside the valid range of "
                                                             f"{r.path} ({info.range_text} {info.unit})")
    for i, path in enumerate(scenario.uncertainty.exact):
        if path not in numeric:
            raise ScenarioError(f"uncertainty.exact.{i}", f"{path[:80]!r} is not a numeric input of the model")
    base = scenario.assumptions().model_dump()
    for i, s in enumerate(scenario.uncertainty.sets):
        apply_set(base, s, f"uncertainty.sets.{i}.set.")


def apply_set(data: dict, s: ScenarioSet, prefix: str) -> Assumptions:
    """The assumptions ``data`` with a scenario set's inputs applied (ScenarioError naming a bad one)."""
    data = copy.deepcopy(data)
    for path, value in s.set.items():
        set_path(data, path, value)
    try:
        return Assumptions.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError.from_validation(exc, Assumptions, prefix=prefix) from None
