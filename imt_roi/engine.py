"""Plan cash flows: every cohort, employer and line, month by month, for one draw of the inputs or many.

One path computes every line of the plan: :class:`PlanFlows` builds the lines
once per distinct set of assumptions (the scenario's, or an employer's
overrides), with some inputs given as arrays of N draws, and yields each group's
lines (a group is one employer's apprentices in one cohort) scaled to the
group, with its share of pooled class costs, its funding caps applied, shifted
to its cohort's plan months and, in today's dollars, deflated. A single
evaluation is that path with no draws (:func:`compute_cashflows` lays it out
as the tidy table); the Monte Carlo sums it per draw
(:func:`imt_roi.batch.evaluate_batch`). No loop runs over months, apprentices
or draws.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
from pydantic import BaseModel

from .lines import CATEGORIES, Line, LineSet, build_lines
from .overrides import assumption_groups, employer_assumptions
from .parameters import Assumptions, Scenario
from .schedule import horizon_months

__all__ = ["CASHFLOW_COLUMNS", "PHASES", "Drawn", "PlanFlows", "compute_cashflows"]

CASHFLOW_COLUMNS = ["month", "cohort", "employer", "line", "kind", "category", "phase", "amount"]
#: Phases of a cohort's months: its training term, then the months after completion.
PHASES = ["term", "after completion"]


class Drawn:
    """An attribute view of a record in which some inputs (dotted paths) are arrays of draws, shape (N, 1)."""

    def __init__(self, record: BaseModel, values: dict[str, np.ndarray], prefix: str = ""):
        self._record, self._values, self._prefix = record, values, prefix

    def __getattr__(self, name: str):
        path = self._prefix + name
        if path in self._values:
            return self._values[path]
        value = getattr(self._record, name)
        if isinstance(value, BaseModel) and any(k.startswith(path + ".") for k in self._values):
            return Drawn(value, self._values, path + ".")
        return value


class PlanFlows:
    """Every line of ``scenario``'s groups for N draws of the inputs in ``values`` (dotted path -> N values).

    An employer's override of a drawn input wins for that employer. Inputs the
    whole plan shares (discount rate, class costs, dollars) are not drawn. With
    no ``values`` there is one draw.

    Attributes
    ----------
    n_draws : int
        N, the number of draws.
    n_months : int
        Months counted per cohort [months]: the longest term plus months after completion.
    last_month : int
        The plan's last month [plan month, from 1].
    groups : list of (int, Cohort, Member)
        Each group: its cohort's index, the cohort and the employer's place in it.
    completers : list of numpy.ndarray
        Each group's expected completers, shape (N,) [apprentices].
    in_term : list of numpy.ndarray
        Each group's months in its term (1.0) or after completion (0.0), shape (n_months,).
    """

    def __init__(self, scenario: Scenario, values: dict[str, np.ndarray] | None = None):
        values = values or {}
        sizes = {len(np.atleast_1d(v)) for v in values.values()} or {1}
        if len(sizes) != 1:
            raise ValueError(f"every drawn input needs the same number of draws (got {sorted(sizes)})")
        self.n_draws = sizes.pop()
        columns = {path: np.asarray(v, dtype=float).reshape(self.n_draws, 1) for path, v in values.items()}
        self.scenario = scenario
        by_employer = employer_assumptions(scenario)
        base = scenario.assumptions()
        self.base = base
        self.n_months = n = max(horizon_months(a) for a in by_employer.values())
        self.last_month = max(c.start_month + horizon_months(by_employer[m.employer]) - 1
                              for c in scenario.cohorts for m in c.members)
        overridden = {o.employer: set(o.set) for o in scenario.employers}

        def drawn(a: Assumptions, employer: str | None):
            if not columns:
                return a
            keep = {p: v for p, v in columns.items() if p not in overridden.get(employer, set())}
            return Drawn(a, keep) if keep else a

        # Lines are built once per distinct set of assumptions and overridden paths (most firms share one).
        distinct, group_of = assumption_groups(by_employer)
        built: dict[tuple[int, frozenset], LineSet] = {}
        self.line_sets: dict[str, LineSet] = {}
        for e, a in by_employer.items():
            key = (group_of[e], frozenset(overridden.get(e, ())))
            if key not in built:
                built[key] = build_lines(drawn(a, e), n)
            self.line_sets[e] = built[key]
        # Pooled class costs follow the scenario's own assumptions, whoever fills the seats.
        self.shared = next((self.line_sets[e] for e, a in by_employer.items()
                            if e not in overridden and a == base), None) or build_lines(drawn(base, None), n)
        self.distinct_line_sets = list(built.values())
        self.groups = [(ci, c, m) for ci, c in enumerate(scenario.cohorts) for m in c.members]
        self._sections = [np.ceil(c.size / base.instruction.max_class_size) for c in scenario.cohorts]
        self._scale = self._cap_scales()
        months = np.arange(1, n + 1)
        self.in_term = [(months <= by_employer[m.employer].program.term_months).astype(float)
                        for _, _, m in self.groups]
        self.completers = [m.apprentices * np.broadcast_to(
            drawn(by_employer[m.employer], m.employer).retention.completion_rate, (self.n_draws, 1))[:, 0]
            for _, _, m in self.groups]

    def keys(self) -> list[tuple[str, str]]:
        """Every line's (name, kind), in the order the lines were built (own lines first, then pooled)."""
        return list(dict.fromkeys((line.name, line.kind) for ls in [*self.distinct_line_sets, self.shared]
                                  for line in ls.lines))

    def category_of(self) -> dict[tuple[str, str], str]:
        """Each line's category (:data:`imt_roi.lines.CATEGORIES`) by (name, kind)."""
        return {(line.name, line.kind): line.category for ls in (*self.distinct_line_sets, self.shared)
                for line in ls.lines}

    def flows(self) -> Iterator[tuple[int, Line, int, np.ndarray]]:
        """Each group's lines: (group index, line, first plan month, amounts [USD] of shape (N, width)).

        The amounts fall in plan months first .. first + width - 1, scaled to the
        group (per starter, per employer, its seats' share of pooled sections and
        cohort costs), within each employer's funding caps and, in today's
        dollars, divided by (1 + inflation) ** (month / 12). A line with an own
        and a pooled part comes twice.
        """
        base = self.base
        real = base.horizon.dollars == "real"
        for gi, (ci, c, m) in enumerate(self.groups):
            if m.apprentices == 0:
                continue
            start = c.start_month
            width = min(self.n_months, self.last_month - start + 1)
            factor = (1 + base.horizon.inflation_rate) ** (np.arange(start, start + width) / 12) if real else None
            for line, amount in _group_lines(c, m, self.line_sets[m.employer], self.shared, self._sections[ci]):
                key = (m.employer, line.name, line.kind)
                if key in self._scale:
                    amount = amount * self._scale[key]
                amount = np.broadcast_to(amount, (self.n_draws, self.n_months))[:, :width]
                if factor is not None:
                    amount = amount / factor
                yield gi, line, start, amount

    def _cap_scales(self) -> dict:
        """Per (employer, line, kind): the factor (N, 1) that keeps a capped offset within its cap, per draw."""
        paid: dict[tuple, np.ndarray] = {}
        caps: dict[tuple, float] = {}
        for ci, c, m in self.groups:
            own = self.line_sets[m.employer]
            if not any(line.cap_per_employer is not None for line in own.lines):
                continue
            for line, amount in _group_lines(c, m, own, self.shared, self._sections[ci]):
                if line.cap_per_employer is None:
                    continue
                key = (m.employer, line.name, line.kind)
                caps[key] = line.cap_per_employer
                paid[key] = paid.get(key, 0.0) - np.atleast_2d(amount).sum(axis=1)
        out = {}
        for key, total in paid.items():
            total = np.asarray(total, float)
            over = (total > caps[key]) & (total > 0)
            factor = np.where(over, caps[key] / np.where(total > 0, total, 1.0), 1.0)
            out[key] = factor[:, None]
        return out


def _group_lines(cohort, member, own: LineSet, shared: LineSet, sections: float):
    """(line, amount (N, n) or (n,)) for one employer's apprentices in one cohort, with its share of pooled costs."""
    apprentices = float(member.apprentices)
    has_members = 1.0 if apprentices > 0 else 0.0
    seat_share = apprentices / cohort.size if cohort.size else 0.0
    for line in own.lines:
        total = _sum([apprentices * line.per_starter if line.per_starter is not None else None,
                      has_members * line.per_group if line.per_group is not None else None])
        if total is not None:
            yield line, total
    for line in shared.lines:
        total = _sum([seat_share * sections * line.per_section if line.per_section is not None else None,
                      seat_share * line.per_cohort_shared if line.per_cohort_shared is not None else None])
        if total is not None and np.any(total):
            yield line, total


def _sum(parts):
    present = [p for p in parts if p is not None]
    if not present:
        return None
    total = present[0]
    for p in present[1:]:
        total = total + p
    return total


def compute_cashflows(scenario: Scenario) -> tuple[pd.DataFrame, float, int]:
    """Tidy cash flows of the whole plan, expected completers and the plan's last month.

    Parameters
    ----------
    scenario : Scenario
        A validated plan.

    Returns
    -------
    flows : pandas.DataFrame
        Columns ``month, cohort, employer, line, kind, category, phase, amount``
        (month counted from the plan's month 1; amount [USD], costs positive and
        funding offsets negative under kind "cost"; ``category`` one of
        :data:`imt_roi.lines.CATEGORIES`; ``phase`` "term" or "after completion"
        of that row's cohort), rows with a zero amount left out. In today's
        dollars (``horizon.dollars: real``) each plan month's amounts are
        divided by (1 + inflation) ** (month / 12).
    completers : float
        Expected completers [apprentices].
    last_month : int
        The plan's last month [plan month].
    """
    plan = PlanFlows(scenario)
    keys = plan.keys()
    row_of = {key: i for i, key in enumerate(keys)}
    n, groups = plan.n_months, plan.groups
    amounts = np.zeros((len(groups), len(keys), n))
    for gi, line, _start, amount in plan.flows():
        amounts[gi, row_of[(line.name, line.kind)], :amount.shape[1]] += amount[0]

    starts = np.array([c.start_month for _, c, _ in groups])
    month = np.broadcast_to(starts[:, None, None] + np.arange(n)[None, None, :], amounts.shape)
    term_rows = np.array(plan.in_term)
    phase_idx = np.broadcast_to((1 - term_rows).astype(np.int64)[:, None, :], amounts.shape)
    cohort_idx = np.broadcast_to(np.array([ci for ci, _, _ in groups])[:, None, None], amounts.shape)
    employer_names = [m.employer for _, _, m in groups]
    employer_list = list(dict.fromkeys(employer_names))
    employer_row = {e: i for i, e in enumerate(employer_list)}
    employer_idx = np.broadcast_to(np.array([employer_row[e] for e in employer_names])[:, None, None],
                                   amounts.shape)
    line_idx = np.broadcast_to(np.arange(len(keys))[None, :, None], amounts.shape)
    names = list(dict.fromkeys(name for name, _ in keys))
    name_row = {name: i for i, name in enumerate(names)}
    kind_list = ["cost", "benefit"]
    category_of = plan.category_of()
    kind_of_key = np.array([kind_list.index(kind) for _, kind in keys], dtype=np.int64)
    name_of_key = np.array([name_row[name] for name, _ in keys], dtype=np.int64)
    category_of_key = np.array([CATEGORIES.index(category_of[k]) for k in keys], dtype=np.int64)

    keep = amounts != 0
    key_codes = line_idx[keep]
    frame = pd.DataFrame({
        "month": month[keep].astype(np.int64),
        "cohort": pd.Categorical.from_codes(cohort_idx[keep], categories=[c.name for c in scenario.cohorts]),
        "employer": pd.Categorical.from_codes(employer_idx[keep], categories=employer_list),
        "line": pd.Categorical.from_codes(name_of_key[key_codes], categories=names),
        "kind": pd.Categorical.from_codes(kind_of_key[key_codes], categories=kind_list),
        "category": pd.Categorical.from_codes(category_of_key[key_codes], categories=list(CATEGORIES)),
        "phase": pd.Categorical.from_codes(phase_idx[keep], categories=PHASES),
        "amount": amounts[keep],
    })
    completers = float(sum(float(c[0]) for c in plan.completers))
    return frame, completers, plan.last_month
