"""The cost and benefit lines of one sponsor's assumptions, month by month.

Each line is split into four parts that the engine scales per group (one
employer's apprentices in one cohort):

* ``per_starter``: per apprentice who starts, already weighted by the
  expected share still present (USD per starter per month);
* ``per_group``: per employer in a cohort, whatever its size (USD per month);
* ``per_section``: per class section, shared by the cohort's seats;
* ``per_cohort_shared``: per cohort, shared by the cohort's seats.

Costs are positive; funding offsets are costs with negative amounts, so total
cost is net of outside funding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import schedule as sch
from .parameters import Assumptions


@dataclass
class Line:
    name: str
    kind: str  # "cost" or "benefit"
    per_starter: np.ndarray | None = None
    per_group: np.ndarray | None = None
    per_section: np.ndarray | None = None
    per_cohort_shared: np.ndarray | None = None
    cap_per_employer: float | None = None


@dataclass
class LineSet:
    """All lines of one set of assumptions over ``n_months`` months."""

    n_months: int
    lines: list[Line] = field(default_factory=list)

    def add(self, name: str, kind: str, cap_per_employer: float | None = None, **parts) -> None:
        parts = {k: v for k, v in parts.items() if v is not None and np.any(v != 0)}
        cap = cap_per_employer  # kept apart from the filter above: a cap of 0 is a cap
        if parts:
            self.lines.append(Line(name, kind, cap_per_employer=cap, **parts))

    def stack(self, part: str, keys: list[tuple[str, str]]) -> np.ndarray:
        """Array (len(keys), n_months) of one part, rows in the order of ``(name, kind)`` keys, zero where a
        line lacks it."""
        out = np.zeros((len(keys), self.n_months))
        for line in self.lines:
            values = getattr(line, part)
            if values is not None:
                out[keys.index((line.name, line.kind))] += values
        return out


def build_lines(a: Assumptions, n_months: int | None = None) -> LineSet:
    """Every cost and benefit line of ``a`` for one starter, cohort and section."""
    n = n_months or sch.horizon_months(a)
    own = sch.horizon_months(a)
    counted = (sch.months(n) <= own).astype(float)  # months beyond this horizon count nothing
    present = sch.presence(a, n) * counted
    term = sch.in_term(a, n)
    loaded = 1 + a.wages.fringe_rate
    wage = sch.wage_path(a, n)
    cf_wage = sch.counterfactual_wage(a, n)
    ojl = sch.ojl_hours(a, n)
    cls = sch.class_hours(a, n)
    release_share = a.instruction.release_wage_share if a.instruction.release_time_paid else 0.0
    value = a.output.value_per_hour
    starts = sch.session_starts(a, n)
    progress = sch.progress(a, n)
    out = LineSet(n)

    if a.convention == "gross":
        out.add("wages", "cost", per_starter=present * wage * ojl * loaded)
        out.add("release time", "cost", per_starter=present * wage * cls * release_share * loaded)
        productivity = sch.ramp(a, n, a.output.productivity_start, a.output.productivity_end)
        out.add("productive output", "benefit", per_starter=present * ojl * value * productivity)
    else:
        out.add("raises", "cost", per_starter=present * (wage - cf_wage) * ojl * loaded)
        if a.instruction.class_during_shift:
            # The shift wage is paid anyway; only the raise part and the lost output change.
            out.add("release time", "cost", per_starter=present * (wage - cf_wage) * cls * release_share * loaded)
            out.add("output lost to class", "cost",
                    per_starter=present * cls * value * a.output.productivity_start)
        else:
            out.add("release time", "cost", per_starter=present * wage * cls * release_share * loaded)
        gain = sch.ramp(a, n, 0.0, a.output.productivity_gain)
        out.add("productivity gain", "benefit",
                per_starter=present * ojl * value * a.output.productivity_start * gain)

    out.add("related instruction", "cost", per_starter=present * starts * a.instruction.cost_per_apprentice)
    out.add("class fixed cost", "cost", per_section=starts * a.instruction.class_fixed_cost)
    m = a.mentor
    out.add("mentor time", "cost",
            per_starter=present * term * m.hours_per_month * m.wage * loaded * (1 - m.productive_share))
    adm = a.administration
    first = (sch.months(n) == 1).astype(float)
    out.add("administration", "cost", per_starter=first * adm.one_off_per_apprentice,
            per_group=term * adm.staff_cost_per_cohort_month)
    out.add("intermediary fee", "cost", per_starter=first * adm.intermediary_fee_per_apprentice,
            per_cohort_shared=first * adm.intermediary_fee_per_cohort)

    b = a.benefits
    out.add("scrap avoided", "benefit", per_starter=present * progress * b.scrap_avoided_per_month)
    out.add("downtime avoided", "benefit",
            per_starter=present * progress * b.downtime_hours_avoided_per_month * b.downtime_cost_per_hour)
    out.add("overtime avoided", "benefit", per_starter=present * progress * b.overtime_avoided_per_month)
    # In the term apprentices leave at the completion hazard, after it at the completer rate.
    own_rate = np.where(term > 0, sch.yearly_leaving_rate(a), a.retention.completer_separation_rate)
    fewer_separations = b.baseline_separation_rate - own_rate
    replacing = present / 12 * b.replacement_cost
    # Leaving faster than comparable workers is a cost, not a negative benefit (B stays >= 0).
    out.add("turnover avoided", "benefit", per_starter=replacing * np.maximum(fewer_separations, 0))
    out.add("extra turnover", "cost", per_starter=replacing * np.maximum(-fewer_separations, 0))
    at_completion = (sch.months(n) == a.program.term_months).astype(float) * counted
    out.add("recruitment avoided", "benefit",
            per_starter=at_completion * a.retention.completion_rate * b.avoided_hiring_cost)

    for o, name in zip(a.offsets, _unique([f"offset: {o.name}" for o in a.offsets])):
        if o.basis == "starter":
            when = (sch.months(n) == o.month).astype(float) * counted
        else:
            when = at_completion * a.retention.completion_rate
        out.add(name, "cost", per_starter=-when * o.amount_per_apprentice,
                cap_per_employer=o.cap_per_employer)

    for c, name in zip(a.custom_lines, _unique([f"custom: {c.name}" for c in a.custom_lines])):
        mm = sch.months(n)
        last = c.end_month or own
        window = (mm >= c.start_month) & (mm <= last)
        if c.frequency == "one_off":
            falls = mm == c.start_month
        elif c.frequency == "monthly":
            falls = window
        else:
            falls = window & ((mm - c.start_month) % 12 == 0)
        amount = falls.astype(float) * counted * c.amount
        if c.basis == "per_apprentice":
            out.add(name, c.kind, per_starter=present * amount)
        else:
            out.add(name, c.kind, per_group=amount)
    return out


def _unique(names: list[str]) -> list[str]:
    """Line names made distinct by position: a second "offset: grant" becomes "offset: grant (2)".

    Two offsets or custom lines with one name would otherwise merge into one
    line, under the first one's kind and cap.
    """
    out: list[str] = []
    for name in names:
        candidate, k = name, 1
        while candidate in out:
            k += 1
            candidate = f"{name} ({k})"
        out.append(candidate)
    return out
