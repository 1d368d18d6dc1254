"""Older scenario files, read as they were written, and one line saying what was upgraded.

Version 5 gave skilled work one price, ``wages.technician_wage`` (what an
already-skilled technician costs if hired from outside, $/h), where version 4
priced skilled tasks in the term at ``substitution.technician_wage`` and the
outside hire at the completer's wage x (1 + ``outside_hire.wage_premium``).
A version 1-4 file's technician wage is its ``substitution.technician_wage``
($25 unless set) or, where it set a wage premium, the completer's wage x
(1 + premium). Version 5 also added the share of completers who fill a post
the firm would otherwise have hired for, the leaving just after completion
and the refilled production post; an older file keeps its meaning with every
completer valued against the alternative, no leaving at completion, no
refilled post and its 11% yearly completer separation rate. The
``keep_incumbent`` alternative was corrected in version 5 (the untrained
incumbent's routine hour at its loaded wage): its figures after completion change.

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
from .parameters import SCHEMA_VERSION

CURRENT = SCHEMA_VERSION
#: Version-4 defaults pinned in an older file that leaves them out, so it means what it meant.
V4_DEFAULTS = {("outside_hire", "share_filling_outside_posts"): 1.0,
               ("retention", "completion_separation_share"): 0.0,
               ("retention", "completer_separation_rate"): 0.11,
               ("benefits", "backfill_vacated_post"): False}
#: Version-4 price of skilled work [USD/hour] (``substitution.technician_wage``'s default).
V4_TECHNICIAN_WAGE = 25.0
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
    return upgrade_with_note(data)[0]


def upgrade_with_note(data: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """``data`` in the current schema (a copy) and one line saying what was upgraded (None if nothing was)."""
    version = data.get("schema_version", CURRENT)
    if version == CURRENT:
        return data, None
    if version not in (1, 2, 3, 4) or isinstance(version, bool):
        raise ScenarioError("schema_version", f"{repr(version)[:40]} is not supported (this version reads 1 "
                                              f"to {CURRENT})")
    out = copy.deepcopy(data)
    out["schema_version"] = CURRENT
    said = [f"schema_version {version} read as {CURRENT}:"]
    if version < 4:
        _pin_v3_administration(out)  # versions 1 to 3 charged coordination per cohort-month only
        said.append("coordination kept at one charge per cohort-month;")
    if version == 1:
        _upgrade_v1(out)
        said.append("convention mapped to method, version-1 defaults pinned;")
    said.append(_upgrade_v4(out))
    return out, " ".join(said)


def _upgrade_v1(out: dict) -> None:
    """Version 1 (before the valuation methods) into version 2."""
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
    for i, override in enumerate(_overrides(out)):
        if isinstance(override, dict) and isinstance(override.get("set"), dict):
            override["set"] = {V1_PATHS.get(k, k): (_method(v, f"employers.{i}.set.convention")
                                                     if k == "convention" else v)
                               for k, v in override["set"].items()}


def _upgrade_v4(out: dict) -> str:
    """Version 4 into 5: one price of skilled work, the new inputs pinned at what version 4 assumed.
    Returns the words saying what it mapped."""
    for (record, key), value in V4_DEFAULTS.items():
        section = out.setdefault(record, {})
        if isinstance(section, dict):
            section.setdefault(key, value)
    words = _one_price(out, "")
    for i, override in enumerate(_overrides(out)):
        if isinstance(override, dict) and isinstance(override.get("set"), dict):
            words += _one_price_override(out, override["set"], f"employers.{i}.")
    note = "the new inputs pinned to keep the version-4 meaning" + words
    if out.get("alternative") == "keep_incumbent":
        note += "; keep_incumbent now values the untrained worker at its loaded wage: figures after completion change"
    return note


def _one_price(out: dict, where: str) -> str:
    """Top level: ``substitution.technician_wage`` and ``outside_hire.wage_premium`` become
    ``wages.technician_wage``."""
    sub, hire, wages = out.get("substitution"), out.get("outside_hire"), out.setdefault("wages", {})
    if not isinstance(wages, dict):
        return ""
    old_price = sub.pop("technician_wage", V4_TECHNICIAN_WAGE) if isinstance(sub, dict) else V4_TECHNICIAN_WAGE
    premium = hire.pop("wage_premium", 0) if isinstance(hire, dict) else 0
    return _set_price(wages, old_price, premium, wages, where)


def _one_price_override(out: dict, changes: dict, where: str) -> str:
    """An employer's ``set`` block: the same mapping, on top of the plan's wages."""
    old_price = changes.pop("substitution.technician_wage", None)
    premium = changes.pop("outside_hire.wage_premium", None)
    if old_price is None and premium is None:
        return ""
    top = out.get("wages") if isinstance(out.get("wages"), dict) else {}
    wages = {**top, **{k.split(".", 1)[1]: v for k, v in changes.items() if k.startswith("wages.")}}
    target: dict = {}
    said = _set_price(target, top.get("technician_wage", V4_TECHNICIAN_WAGE) if old_price is None else old_price,
                      premium or 0, wages, where + "set.")
    if "technician_wage" in target:
        changes["wages.technician_wage"] = target["technician_wage"]
    return said


def _set_price(target: dict, old_price: Any, premium: Any, wages: dict, where: str) -> str:
    """Put the version-5 technician wage in ``target``; words for the note when a premium was mapped."""
    if not _is_number(premium) or premium == 0:
        target.setdefault("technician_wage", old_price)
        return ""
    completer = _v4_completer_wage(wages)
    if completer is None or not _is_number(old_price):
        target.setdefault("technician_wage", old_price)
        return f"; {where}outside_hire.wage_premium dropped (the completer's wage could not be read)"
    price = round(completer * (1 + premium), 4)
    target["technician_wage"] = price
    return (f"; {where}outside_hire.wage_premium {premium:g} mapped to {where}wages.technician_wage "
            f"${price:,.2f} (the completer's ${completer:,.2f} x {1 + premium:g}), which now also prices skilled "
            f"work in the term (was ${old_price:,.2f}): figures change")


def _v4_completer_wage(wages: dict) -> float | None:
    """The completer's wage as version 4 computed it, from a wages mapping (defaults where it is silent)."""
    from .parameters import Wages  # the defaults of the wage path; imported here to keep versions light
    try:
        w = Wages.model_validate({k: v for k, v in wages.items() if k in Wages.model_fields})
    except Exception:  # a bad wage is named by validation later, not here
        return None
    return w.starting_wage * (1 + sum(step.share for step in w.step_raises) + w.completion_raise)


def _overrides(out: dict) -> list:
    """The ``employers`` list, or none when it is not a list (validation names it later)."""
    employers = out.get("employers")
    return employers if isinstance(employers, list) else []


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
