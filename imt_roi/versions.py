"""Older scenario files, read as they were written.

Version 4 split the coordination staff cost into a fixed part per cohort-month
and a part per apprentice-month; a file of versions 1 to 3 keeps its single
charge per cohort-month ($300 unless it set one) and nothing per apprentice.
Version 2 files otherwise load as they are (version 3 added ``uncertainty``,
whose defaults apply). Version 1 (before the valuation methods) had ``convention: gross |
incremental`` and defaults of its own: the gross convention, the term only,
undiscounted, $50 for an hour of output, no wage growth, and an
``avoided_hiring_cost`` per completer. :func:`upgrade` rewrites a version-1
mapping into the current schema with those defaults pinned, so the inputs
mean what they meant. Figures of the years after completion still change:
version 2 values them against an alternative (docs/model.md).
"""

from __future__ import annotations

import copy
from typing import Any

from .errors import ScenarioError

CURRENT = 4
#: Version-3 administration: one staff cost per cohort-month (default 300), nothing per apprentice.
V3_ADMINISTRATION = {"staff_cost_per_cohort_month": 300.0, "staff_cost_per_apprentice_month": 0.0}
#: Version-1 names of the accounting conventions and the method each now is.
V1_METHODS = {"gross": "output_value", "incremental": "incremental"}
#: Version-1 defaults that changed in version 2, pinned when a version-1 file leaves them out.
V1_DEFAULTS = {("horizon", "months_after_completion"): 0, ("horizon", "discount_rate"): 0.0,
               ("horizon", "wage_growth"): 0.0, ("output", "value_per_hour"): 50.0}
#: Version-1 dotted paths renamed in version 2.
V1_PATHS = {"convention": "method", "benefits.avoided_hiring_cost": "outside_hire.recruiting_cost"}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` in the current schema (a copy); raises ScenarioError for an unknown version."""
    version = data.get("schema_version", CURRENT)
    if version == CURRENT:
        return data
    if version not in (1, 2, 3) or isinstance(version, bool):
        raise ScenarioError("schema_version", f"{repr(version)[:40]} is not supported (this version reads 1 "
                                              f"to {CURRENT})")
    out = copy.deepcopy(data)
    out["schema_version"] = CURRENT
    _pin_v3_administration(out)  # versions 1 to 3 charged coordination per cohort-month only
    if version in (2, 3):  # version 3 added uncertainty (ranges and scenario sets), with defaults
        return out
    out["method"] = _method(out.pop("convention", "gross"), "convention")
    for (record, key), value in V1_DEFAULTS.items():
        section = out.setdefault(record, {})
        if isinstance(section, dict):
            section.setdefault(key, value)
    benefits = out.get("benefits")
    if isinstance(benefits, dict) and "avoided_hiring_cost" in benefits:
        hire = out.setdefault("outside_hire", {})
        if isinstance(hire, dict):
            hire["recruiting_cost"] = benefits.pop("avoided_hiring_cost")
    for i, override in enumerate(out.get("employers") or []):
        if isinstance(override, dict) and isinstance(override.get("set"), dict):
            override["set"] = {V1_PATHS.get(k, k): (_method(v, f"employers.{i}.set.convention")
                                                     if k == "convention" else v)
                               for k, v in override["set"].items()}
    return out


def _pin_v3_administration(out: dict) -> None:
    """Version 4 split coordination into a fixed part per cohort-month (default lowered to 120) and a part
    per apprentice-month (18); an older file keeps its one charge per cohort-month, 300 unless it set it.
    Employer overrides are resolved on top of these, so they need no pin."""
    section = out.setdefault("administration", {})
    if isinstance(section, dict):
        for key, value in V3_ADMINISTRATION.items():
            section.setdefault(key, value)


def _method(convention: Any, field: str) -> Any:
    """The method a version-1 convention names (an unknown one is left for validation to reject)."""
    return V1_METHODS.get(convention, convention) if isinstance(convention, str) else convention
