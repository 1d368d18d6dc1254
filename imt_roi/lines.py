"""The cost and benefit lines of one sponsor's assumptions, month by month.

Each line is split into four parts that the engine scales per group (one
employer's apprentices in one cohort):

* ``per_starter``: per apprentice who starts, already weighted by the
  expected share still present (USD per starter per month);
* ``per_group``: per employer in a cohort, whatever its size (USD per month);
* ``per_section``: per class section, shared by the cohort's seats;
* ``per_cohort_shared``: per cohort, shared by the cohort's seats.

Costs are positive; funding offsets are costs with negative amounts, so total
cost is net of outside funding. Each line has a category (:data:`CATEGORIES`):
wages for productive hours, training (every other cost of the term), funding,
costs after completion against the alternative, or benefit.

The lines follow the valuation method (``substitution``, ``output_value`` or
``incremental``) in the term and the alternative (``hire_outside`` or
``keep_incumbent``) after it; docs/model.md gives every formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import schedule as sch
from .parameters import Assumptions


PRODUCTIVE_WAGES = "productive wages"
TRAINING = "training"
FUNDING = "funding"
AFTER = "after completion"
BENEFIT = "benefit"
#: Categories of lines. Training cost = training + funding (every cost except wages for productive hours
#: and the differences after completion).
CATEGORIES = (PRODUCTIVE_WAGES, TRAINING, FUNDING, AFTER, BENEFIT)


@dataclass
class Line:
    name: str
    kind: str  # "cost" or "benefit"
    category: str
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
    _index: dict = field(default_factory=dict, repr=False)

    def add(self, name: str, kind: str, category: str | None = None, cap_per_employer: float | None = None,
            **parts) -> None:
        """Add a line (or add to an existing line of that name and kind); all-zero parts are left out."""
        parts = {k: v for k, v in parts.items() if v is not None and np.any(v != 0)}
        cap = cap_per_employer  # kept apart from the filter above: a cap of 0 is a cap
        if not parts:
            return
        category = category or (BENEFIT if kind == "benefit" else TRAINING)
        existing = self._index.get((name, kind))
        if existing is not None and cap is None and existing.cap_per_employer is None:
            for part, values in parts.items():
                old = getattr(existing, part)
                setattr(existing, part, values if old is None else old + values)
            return
        line = Line(name, kind, category, cap_per_employer=cap, **parts)
        self.lines.append(line)
        self._index.setdefault((name, kind), line)

    def add_signed(self, benefit_name: str, cost_name: str, values: np.ndarray, cost_category: str) -> None:
        """A difference that can take either sign: its positive part a benefit, its negative part a cost."""
        self.add(benefit_name, "benefit", per_starter=np.maximum(values, 0))
        self.add(cost_name, "cost", cost_category, per_starter=np.maximum(-values, 0))

    def stack(self, part: str, keys: list[tuple[str, str]]) -> np.ndarray:
        """Array (len(keys), n_months) of one part, rows in the order of ``(name, kind)`` keys, zero where a
        line lacks it."""
        out = np.zeros((len(keys), self.n_months))
        row = {key: i for i, key in enumerate(keys)}
        for line in self.lines:
            values = getattr(line, part)
            if values is not None:
                out[row[(line.name, line.kind)]] += values
        return out


def skilled_hour_value(a: Assumptions) -> float:
    """Value of an hour of skilled work [USD/hour] under the method: the market technician's loaded wage
    (substitution) or the value of an hour of output (output_value, incremental)."""
    if a.method == "substitution":
        return a.wages.technician_wage * (1 + a.wages.fringe_rate)
    return a.output.value_per_hour


def substitution_hour_value(a: Assumptions, skilled: np.ndarray | float,
                            relative: np.ndarray | float) -> np.ndarray | float:
    """Value [USD/hour] of a productive hour: skilled share x relative productivity x the market technician's
    loaded wage + routine share x a production worker's loaded wage (the starting wage)."""
    loaded = 1 + a.wages.fringe_rate
    return (skilled * relative * a.wages.technician_wage * loaded
            + (1 - skilled) * a.wages.starting_wage * loaded)


def completer_gain_per_hour(a: Assumptions) -> float:
    """What an hour of a completer's work is worth above an untrained incumbent's [USD/hour], by method.

    Substitution: the untrained incumbent does routine work at full productivity, worth its loaded wage
    (the model's rule for a routine hour); the completer does the end-of-term mix of skilled tasks (at
    their relative productivity and the market technician's loaded wage) and routine tasks. The gain is
    skilled share x (relative productivity x technician's loaded wage - the routine hour's loaded wage).
    """
    if a.method == "substitution":
        sub = a.substitution
        return (substitution_hour_value(a, sub.skilled_share_end, sub.relative_productivity_end)
                - substitution_hour_value(a, 0.0, 0.0))
    if a.method == "output_value":
        return a.output.value_per_hour * (a.output.productivity_end - a.output.productivity_start)
    return a.output.value_per_hour * a.output.productivity_start * a.output.productivity_gain


@dataclass(frozen=True)
class MentorCharge:
    """What one apprentice's mentor time costs the sponsor each month of the term, and why."""

    hours_per_month: float   # mentor hours per apprentice [hours/month]
    share_charged: float     # 1 - the share of mentor time that stays productive [/1]
    loaded_rate: float       # mentor wage x (1 + fringe) [USD/hour]
    per_month: float         # hours x share charged x loaded rate [USD/month per apprentice present]


def mentor_charge(a: Assumptions) -> MentorCharge:
    """The "mentor time" line per apprentice present, with the factors it multiplies."""
    m = a.mentor
    share = 1 - m.productive_share
    rate = m.wage * (1 + a.wages.fringe_rate)
    return MentorCharge(m.hours_per_month, share, rate, m.hours_per_month * share * rate)


def outside_hire_cost(a: Assumptions) -> float:
    """Cost of one outside skilled hire [USD]: recruiting, the vacancy and the adaptation period."""
    o = a.outside_hire
    hour = skilled_hour_value(a) * sch.full_time_hours(a)
    return (o.recruiting_cost + o.vacancy_months * hour * o.vacancy_cost_share
            + o.adaptation_months * hour * (1 - o.adaptation_productivity))


def outside_post_share(a: Assumptions) -> float:
    """Share of completers valued against an outside hire [/1]: those who fill a post the firm would
    otherwise have hired for (``hire_outside``), none under ``keep_incumbent``."""
    return a.outside_hire.share_filling_outside_posts if a.alternative == "hire_outside" else 0.0


def build_lines(a: Assumptions, n_months: int | None = None) -> LineSet:
    """Every cost and benefit line of ``a`` for one starter, cohort and section."""
    n = n_months or sch.horizon_months(a)
    own = sch.horizon_months(a)
    counted = (sch.months(n) <= own).astype(float)  # months beyond this horizon count nothing
    present = sch.presence(a, n) * counted
    term = sch.in_term(a, n)
    out = LineSet(n)
    _term_lines(a, n, present * term, out)
    _shared_lines(a, n, present, counted, out)
    after = present * sch.after_completion(a, n) * sch.growth_after_completion(a, n)
    filling = outside_post_share(a)
    _against_outside_hire(a, n, after * filling, out)
    _against_incumbent(a, n, after * (1 - filling), out)
    _offsets_and_custom(a, n, present, counted, out)
    return out


def _term_lines(a: Assumptions, n: int, present: np.ndarray, out: LineSet) -> None:
    """Wages, release time and the value of the apprentice's work in the term, by valuation method.

    ``present`` is the expected share of starters present, zero after the term.
    """
    loaded = 1 + a.wages.fringe_rate
    wage = sch.wage_path(a, n)
    ojl = sch.ojl_hours(a, n)
    cls = sch.class_hours(a, n)
    release = a.instruction.release_wage_share if a.instruction.release_time_paid else 0.0
    if a.method == "substitution":
        sub = a.substitution
        productive = sch.ramp(a, n, sub.productive_share_start, sub.productive_share_end)
        value = substitution_hour_value(
            a, sch.ramp(a, n, sub.skilled_share_start, sub.skilled_share_end),
            sch.ramp(a, n, sub.relative_productivity_start, sub.relative_productivity_end))
        out.add("wages", "cost", PRODUCTIVE_WAGES, per_starter=present * wage * ojl * productive * loaded)
        out.add("wages for training time on the job", "cost",
                per_starter=present * wage * ojl * (1 - productive) * loaded)
        out.add("release time", "cost", per_starter=present * wage * cls * release * loaded)
        out.add("productive contribution", "benefit", per_starter=present * ojl * productive * value)
    elif a.method == "output_value":
        out.add("wages", "cost", PRODUCTIVE_WAGES, per_starter=present * wage * ojl * loaded)
        out.add("release time", "cost", per_starter=present * wage * cls * release * loaded)
        productivity = sch.ramp(a, n, a.output.productivity_start, a.output.productivity_end)
        out.add("productive output", "benefit", per_starter=present * ojl * a.output.value_per_hour * productivity)
    else:
        cf_wage = sch.counterfactual_wage(a, n)
        value = a.output.value_per_hour
        out.add("raises", "cost", PRODUCTIVE_WAGES, per_starter=present * (wage - cf_wage) * ojl * loaded)
        if a.instruction.class_during_shift:
            # The shift wage is paid anyway; only the raise part and the lost output change.
            out.add("release time", "cost", per_starter=present * (wage - cf_wage) * cls * release * loaded)
            out.add("output lost to class", "cost", per_starter=present * cls * value * a.output.productivity_start)
        else:
            out.add("release time", "cost", per_starter=present * wage * cls * release * loaded)
        gain = sch.ramp(a, n, 0.0, a.output.productivity_gain)
        out.add("productivity gain", "benefit", per_starter=present * ojl * value * a.output.productivity_start * gain)


def _shared_lines(a: Assumptions, n: int, present: np.ndarray, counted: np.ndarray, out: LineSet) -> None:
    """Instruction, mentor, administration, the other benefits and turnover in the term, whatever the method."""
    term = sch.in_term(a, n)
    in_term = present * term
    starts = sch.session_starts(a, n)
    out.add("related instruction", "cost", per_starter=in_term * starts * a.instruction.cost_per_apprentice)
    out.add("class fixed cost", "cost", per_section=starts * a.instruction.class_fixed_cost)
    out.add("mentor time", "cost", per_starter=in_term * mentor_charge(a).per_month)
    adm = a.administration
    first = (sch.months(n) == 1).astype(float)
    own = 1 - adm.intermediary_coordination_share  # the rest is done by the intermediary, for its fee
    out.add("administration", "cost",
            per_starter=own * (first * adm.one_off_per_apprentice + in_term * adm.staff_cost_per_apprentice_month),
            per_group=own * term * adm.staff_cost_per_cohort_month)
    fee = dict(per_starter=first * adm.intermediary_fee_per_apprentice,
               per_group=first * adm.intermediary_fee_per_firm_cohort,
               per_cohort_shared=first * adm.intermediary_fee_per_cohort)
    out.add("intermediary fee", "cost", **fee)
    out.add("intermediary's grant", "cost", FUNDING,
            **{part: -adm.intermediary_fee_grant_share * values for part, values in fee.items()})
    _other_benefits(a, n, in_term, out)
    b = a.benefits
    # Comparable workers would have left at the baseline rate; the apprentices who leave are replaced.
    out.add("turnover avoided", "benefit", per_starter=in_term / 12 * b.baseline_separation_rate * b.replacement_cost)
    out.add("dropouts replaced", "cost", per_starter=sch.leavers(a, n) * counted * b.replacement_cost)


def _other_benefits(a: Assumptions, n: int, present: np.ndarray, out: LineSet) -> None:
    """Scrap, downtime and overtime avoided, ramping with the share of the training done."""
    b = a.benefits
    effect = present * sch.progress(a, n)
    out.add("scrap avoided", "benefit", per_starter=effect * b.scrap_avoided_per_month)
    out.add("downtime avoided", "benefit",
            per_starter=effect * b.downtime_hours_avoided_per_month * b.downtime_cost_per_hour)
    out.add("overtime avoided", "benefit", per_starter=effect * b.overtime_avoided_per_month)


def _against_outside_hire(a: Assumptions, n: int, after: np.ndarray, out: LineSet) -> None:
    """After completion, each retained completer who fills a skilled post against an outside technician
    hired at completion, and the refilling of the production post that completer leaves.

    ``after`` is the expected share of starters retained as completers in such
    posts in each month after completion, times the wage-growth index (zero in the term).
    """
    o = a.outside_hire
    term = a.program.term_months
    hours = sch.full_time_hours(a)
    hour_value = skilled_hour_value(a)
    first = (sch.months(n) == term + 1).astype(float)
    vacancy = sch.window(term, o.vacancy_months, n)
    adapting = sch.window(term + o.vacancy_months, o.adaptation_months, n)
    out.add("recruiting and vacancy avoided", "benefit",
            per_starter=after * (first * o.recruiting_cost + vacancy * hours * hour_value * o.vacancy_cost_share))
    out.add("outside hire's adaptation avoided", "benefit",
            per_starter=after * adapting * hours * hour_value * (1 - o.adaptation_productivity))
    loaded = 1 + a.wages.fringe_rate
    wage = sch.wage_path(a, n)
    out.add_signed("outside hire's higher wage avoided", "completer paid above an outside hire",
                   after * (a.wages.technician_wage - wage) * hours * loaded, PRODUCTIVE_WAGES)
    out.add_signed("completer's productivity advantage", "completer's productivity shortfall",
                   after * o.productivity_advantage * hours * hour_value, AFTER)
    fewer = o.separation_rate - a.retention.completer_separation_rate
    out.add_signed("turnover avoided", "extra turnover", after / 12 * fewer * outside_hire_cost(a), AFTER)
    if a.benefits.backfill_vacated_post:
        out.add("vacated production post refilled", "cost", AFTER,
                per_starter=after * first * a.benefits.replacement_cost)


def _against_incumbent(a: Assumptions, n: int, after: np.ndarray, out: LineSet) -> None:
    """After completion, each retained completer who stays in their job against the same worker left untrained.

    With no raise, no productivity gain, no other benefit and the same turnover, this adds exactly zero.
    """
    hours = sch.full_time_hours(a)
    loaded = 1 + a.wages.fringe_rate
    raise_ = sch.wage_path(a, n) - sch.counterfactual_wage(a, n)
    out.add("raises", "cost", PRODUCTIVE_WAGES, per_starter=after * raise_ * hours * loaded)
    out.add_signed("completer's productivity gain", "completer's productivity loss",
                   after * hours * completer_gain_per_hour(a), AFTER)
    _other_benefits(a, n, after, out)
    b = a.benefits
    fewer = b.baseline_separation_rate - a.retention.completer_separation_rate
    out.add_signed("turnover avoided", "extra turnover", after / 12 * fewer * b.replacement_cost, AFTER)


def _offsets_and_custom(a: Assumptions, n: int, present: np.ndarray, counted: np.ndarray, out: LineSet) -> None:
    mm = sch.months(n)
    at_completion = (mm == a.program.term_months).astype(float) * counted
    for o, name in zip(a.offsets, _unique([f"offset: {o.name}" for o in a.offsets])):
        if o.kind == "wage_reimbursement":
            amount = present * _wages_reimbursed(a, n, o)
        else:
            paid = sum((mm == o.month + 12 * k) for k in range(o.times)).astype(float) * counted
            if o.basis == "starter":
                amount = paid * o.amount_per_apprentice
            elif o.basis == "present":
                amount = paid * present * o.amount_per_apprentice
            else:
                amount = at_completion * a.retention.completion_rate * o.amount_per_apprentice
        out.add(name, "cost", FUNDING, cap_per_employer=o.cap_per_employer, per_starter=-amount)

    last_month = sch.horizon_months(a)
    for c, name in zip(a.custom_lines, _unique([f"custom: {c.name}" for c in a.custom_lines])):
        last = c.end_month or last_month
        in_window = (mm >= c.start_month) & (mm <= last)
        if c.frequency == "one_off":
            falls = mm == c.start_month
        elif c.frequency == "monthly":
            falls = in_window
        else:
            falls = in_window & ((mm - c.start_month) % 12 == 0)
        amount = falls.astype(float) * counted * c.amount
        if c.basis == "per_apprentice":
            out.add(name, c.kind, per_starter=present * amount)
        else:
            out.add(name, c.kind, per_group=amount)


def _wages_reimbursed(a: Assumptions, n: int, o) -> np.ndarray:
    """What ``o`` reimburses for one apprentice present in each month [USD]: its share of the wages paid
    (hours on the job and paid class hours at the month's wage, no fringe) in months 1 to ``wage_months``
    of the term, stopping once ``cap_per_apprentice`` is reached."""
    release = a.instruction.release_wage_share if a.instruction.release_time_paid else 0.0
    wages = sch.wage_path(a, n) * (sch.ojl_hours(a, n) + sch.class_hours(a, n) * release) * sch.in_term(a, n)
    reimbursed = o.share_of_wages * wages * (sch.months(n) <= o.wage_months)
    if o.cap_per_apprentice is not None:
        so_far = np.minimum(np.cumsum(reimbursed, axis=-1), o.cap_per_apprentice)
        reimbursed = np.diff(so_far, axis=-1, prepend=0.0)
    return reimbursed


def _unique(names: list[str]) -> list[str]:
    """Line names made distinct by position: a second "offset: grant" becomes "offset: grant (2)".

    Two offsets or custom lines with one name would otherwise merge into one
    line, under the first one's kind and cap. Linear in the number of names.
    """
    taken = set(names)
    count: dict[str, int] = {}
    out: list[str] = []
    used: set[str] = set()
    for name in names:
        if name not in used:
            out.append(name)
            used.add(name)
            continue
        k = count.get(name, 1)
        candidate = name
        while candidate in used or (candidate in taken and candidate != name):
            k += 1
            candidate = f"{name} ({k})"
        count[name] = k
        out.append(candidate)
        used.add(candidate)
    return out
