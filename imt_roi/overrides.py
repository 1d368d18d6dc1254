"""Dotted-path editing and employer overrides: how a scenario's inputs are addressed and resolved.

Paths are the ones users write in scenario files, ``--set`` and the error
messages (``wages.starting_wage``, ``wages.step_raises.1.month``). An
employer's ``set`` block overrides the scenario's assumptions for that
employer only; inputs that belong to the whole plan (:data:`PLAN_WIDE`)
cannot be overridden.
"""

from __future__ import annotations

from pydantic import ValidationError

from .errors import ScenarioError
from .fields import short
from .parameters import Assumptions, Scenario

#: Inputs shared by the whole plan: pooled classes, the discount rate and the dollars figures are stated in.
PLAN_WIDE = ("horizon.discount_rate", "horizon.dollars", "horizon.inflation_rate", "instruction.class_fixed_cost",
             "instruction.max_class_size", "administration.intermediary_fee_per_cohort",
             "administration.intermediary_fee_grant_share")


def set_path(data: dict, path: str, value) -> None:
    """Set ``value`` at a dotted ``path`` in nested dicts and lists (``a.b.0.c``); TypeError when ``path``
    is not text."""
    if not isinstance(path, str):
        raise TypeError(f"path: expected a dotted path (text) such as 'wages.starting_wage', got "
                        f"{type(path).__name__}")
    parts = path.split(".")
    node = data
    for i, part in enumerate(parts[:-1]):
        key = int(part) if isinstance(node, list) and part.isdigit() else part
        if isinstance(node, dict) and key not in node:
            node[key] = {}  # a partial scenario file may omit a whole record
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError, ValueError):
            raise ScenarioError(path, f"no such field ({'.'.join(parts[:i + 1])} not found)") from None
    last = parts[-1]
    if isinstance(node, list):
        try:
            node[int(last)] = value
        except (IndexError, ValueError):
            raise ScenarioError(path, "no such list item") from None
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise ScenarioError(path, "no such field")


def employer_assumptions(scenario: Scenario) -> dict[str, Assumptions]:
    """Each employer's assumptions: the scenario's, with that employer's overrides applied."""
    base = scenario.assumptions()
    resolved = {m.employer: base for c in scenario.cohorts for m in c.members}
    for i, override in enumerate(scenario.employers):
        data = base.model_dump()
        for path, value in override.set.items():
            if path.startswith(PLAN_WIDE):
                raise ScenarioError(f"employers.{i}.set.{path}", "applies to the whole plan (shared classes, one "
                                    "discount rate, one kind of dollars): set it at the top level, not per employer")
            where = f"employers.{i}.set.{path}"
            if not isinstance(path, str) or "" in path.split("."):
                raise ScenarioError(f"employers.{i}.set.{short(repr(path), 40)}", "an empty key or an empty part "
                                    "of a dotted path: write the input's path, such as wages.starting_wage")
            try:
                set_path(data, path, value)
            except ScenarioError as exc:
                raise ScenarioError(where, exc.message) from None
        try:
            resolved[override.employer] = Assumptions.model_validate(data)
        except ValidationError as exc:
            raise ScenarioError.from_validation(exc, Assumptions, prefix=f"employers.{i}.set.") from None
    return resolved


def assumption_groups(by_employer: dict[str, Assumptions]) -> tuple[list[Assumptions], dict[str, int]]:
    """The distinct assumption sets among employers (equal values, not the same object) and each
    employer's index into that list; the scenario's own assumptions, shared by most, come first."""
    distinct: list[Assumptions] = []
    index: dict[str, int] = {}
    for employer, assumptions in by_employer.items():
        for i, seen in enumerate(distinct):
            if seen is assumptions or seen == assumptions:
                index[employer] = i
                break
        else:
            index[employer] = len(distinct)
            distinct.append(assumptions)
    return distinct, index
