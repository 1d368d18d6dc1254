"""The engine over many draws at once: a leading draw axis through the same line formulas.

:func:`evaluate_batch` takes a scenario and, for some numeric inputs, an array
of N values each. The line formulas of :mod:`imt_roi.lines` run once with
those inputs as arrays of shape (N, 1) against months of shape (n,), so every
line becomes (N, n); groups (one employer in one cohort) are then scaled and
shifted to their plan months as in :mod:`imt_roi.engine`. No Python loop runs
over draws, months or apprentices (one runs over groups and lines). The
metrics are the ones :func:`imt_roi.metrics.compute_metrics` gives, one per
draw, with the same conventions (end-of-month flows, undiscounted payback and
peak outlay); a test holds them equal to :func:`imt_roi.evaluate` of the same
inputs within 1e-9.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel

from .overrides import assumption_groups, employer_assumptions
from .lines import build_lines
from .metrics import RECOVERED_USD, ZERO_USD, discount_factors
from .parameters import Assumptions, Scenario
from .schedule import horizon_months


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


@dataclass(frozen=True)
class BatchMetrics:
    """One value per draw (arrays of shape (N,)); NaN where a figure does not exist (no payback, no B/C)."""

    total_costs: np.ndarray
    total_benefits: np.ndarray
    benefit_cost_ratio: np.ndarray
    net_roi: np.ndarray
    net_benefit: np.ndarray
    net_cash_undiscounted: np.ndarray
    npv: np.ndarray
    payback_month: np.ndarray
    peak_outlay: np.ndarray
    peak_outlay_month: np.ndarray
    net_cost_during_term: np.ndarray
    cost_per_completer: np.ndarray
    training_cost_per_completer: np.ndarray
    expected_completers: np.ndarray
    cumulative_net: np.ndarray  # (N, months): undiscounted cumulative net per plan month
    costs_by_month: np.ndarray  # (N, months): undiscounted costs per plan month [USD]
    benefits_by_month: np.ndarray  # (N, months): undiscounted benefits per plan month [USD]

    @property
    def draws(self) -> int:
        return len(self.total_costs)


def evaluate_batch(scenario: Scenario, values: dict[str, np.ndarray], employer: str | None = None) -> BatchMetrics:
    """Metrics of ``scenario`` for each of N draws of the inputs in ``values`` (path -> array of N).

    An employer override of a drawn input wins for that employer. Inputs the
    whole plan shares (discount rate, class costs, dollars) are not drawn.
    With ``employer``, the metrics of that employer's apprentices only (as
    :meth:`imt_roi.Result.by_employer`).
    """
    if employer is None:
        return _evaluate(scenario, values, per_employer=False)[None]
    return _evaluate(scenario, values, per_employer=True)[employer]


def evaluate_batch_by_employer(scenario: Scenario, values: dict[str, np.ndarray]) -> dict[str | None, BatchMetrics]:
    """:func:`evaluate_batch` for every employer and (key None) the whole plan, from one pass."""
    return _evaluate(scenario, values, per_employer=True)


def _evaluate(scenario: Scenario, values: dict[str, np.ndarray], per_employer: bool) -> dict:
    sizes = {len(np.atleast_1d(v)) for v in values.values()} or {1}
    if len(sizes) != 1:
        raise ValueError(f"every drawn input needs the same number of draws (got {sorted(sizes)})")
    n_draws = sizes.pop()
    columns = {path: np.asarray(v, dtype=float).reshape(n_draws, 1) for path, v in values.items()}

    by_employer = employer_assumptions(scenario)
    base = scenario.assumptions()
    n = max(horizon_months(a) for a in by_employer.values())
    last_month = max(c.start_month + horizon_months(by_employer[m.employer]) - 1
                     for c in scenario.cohorts for m in c.members)
    overridden = {o.employer: set(o.set) for o in scenario.employers}

    def drawn(a: Assumptions, employer: str | None) -> Drawn:
        keep = {p: v for p, v in columns.items() if p not in overridden.get(employer, set())}
        return Drawn(a, keep)

    # Lines are built once per distinct set of assumptions and overridden paths (most firms share one).
    distinct, group_of = assumption_groups(by_employer)
    built: dict[tuple[int, frozenset], object] = {}
    line_sets = {}
    for e, a in by_employer.items():
        key = (group_of[e], frozenset(overridden.get(e, ())))
        if key not in built:
            built[key] = build_lines(drawn(a, e), n)
        line_sets[e] = built[key]
    # Pooled class costs follow the scenario's own assumptions (built once when an employer shares them).
    shared = next((line_sets[e] for e, a in by_employer.items() if e not in overridden and a == base), None) \
        or build_lines(drawn(base, None), n)
    sections_of = [np.ceil(c.size / base.instruction.max_class_size) for c in scenario.cohorts]
    deflate = None
    if base.horizon.dollars == "real":
        deflate = lambda month: (1 + base.horizon.inflation_rate) ** (-month / 12)  # noqa: E731

    groups = [(ci, c, m) for ci, c in enumerate(scenario.cohorts) for m in c.members]
    scale = _cap_scales(groups, line_sets, shared, sections_of)
    keys = list(dict.fromkeys(m.employer for _, _, m in groups)) if per_employer else [None]
    sums = {k: _Sums(n_draws, last_month) for k in keys}
    for ci, c, m in groups:
        if m.apprentices == 0:
            continue
        acc = sums[m.employer if per_employer else None]
        own = by_employer[m.employer]
        start = c.start_month - 1
        width = min(n, last_month - start)
        span = slice(start, start + width)
        term = own.program.term_months
        factor = None if deflate is None else deflate(np.arange(c.start_month, c.start_month + width))
        for line, amount in _group_lines(c, m, line_sets[m.employer], shared, sections_of[ci]):
            key = (m.employer, line.name, line.kind)
            if key in scale:
                amount = amount * scale[key]
            amount = np.broadcast_to(amount, (n_draws, n))[:, :width]
            if factor is not None:
                amount = amount * factor
            acc.add(line, amount, span, amount[:, :term].sum(axis=1))
        acc.completers += m.apprentices * np.broadcast_to(drawn(own, m.employer).retention.completion_rate,
                                                          (n_draws, 1))[:, 0]
    rate = base.horizon.rate_used
    out = {k: acc.metrics(rate) for k, acc in sums.items()}
    if per_employer:
        out[None] = _Sums.total(sums.values(), n_draws, last_month).metrics(rate)
    return out


class _Sums:
    """Monthly costs, benefits and training costs (N, months), the term's net cost and completers (N,)."""

    def __init__(self, n_draws: int, months: int):
        self.costs = np.zeros((n_draws, months))
        self.benefits = np.zeros((n_draws, months))
        self.training = np.zeros((n_draws, months))
        self.term_net = np.zeros(n_draws)
        self.completers = np.zeros(n_draws)

    def add(self, line, amount: np.ndarray, span: slice, in_term: np.ndarray) -> None:
        if line.kind == "benefit":
            self.benefits[:, span] += amount
            self.term_net -= in_term
        else:
            self.costs[:, span] += amount
            self.term_net += in_term
            if line.category in ("training", "funding"):
                self.training[:, span] += amount

    @classmethod
    def total(cls, parts, n_draws: int, months: int) -> "_Sums":
        out = cls(n_draws, months)
        for p in parts:
            for name in ("costs", "benefits", "training", "term_net", "completers"):
                setattr(out, name, getattr(out, name) + getattr(p, name))
        return out

    def metrics(self, rate: float) -> BatchMetrics:
        return _metrics(self.costs, self.benefits, self.training, self.term_net, self.completers, rate)


def _group_lines(cohort, member, own, shared, sections: float):
    """(line, amount (N, n) or (n,)) for one employer's apprentices in one cohort, with its share of pooled costs."""
    apprentices = float(member.apprentices)
    seat_share = apprentices / cohort.size if cohort.size else 0.0
    for line in own.lines:
        parts = [apprentices * line.per_starter if line.per_starter is not None else None, line.per_group]
        total = _sum(parts)
        if total is not None:
            yield line, total
    for line in shared.lines:
        parts = [seat_share * sections * line.per_section if line.per_section is not None else None,
                 seat_share * line.per_cohort_shared if line.per_cohort_shared is not None else None]
        total = _sum(parts)
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


def _cap_scales(groups, line_sets, shared, sections_of) -> dict:
    """Per (employer, line, kind): the factor (N, 1) that keeps a capped offset within its cap, per draw."""
    paid: dict[tuple, np.ndarray] = {}
    caps: dict[tuple, float] = {}
    for ci, c, m in groups:
        if not any(line.cap_per_employer is not None for line in line_sets[m.employer].lines):
            continue
        for line, amount in _group_lines(c, m, line_sets[m.employer], shared, sections_of[ci]):
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


def _metrics(costs, benefits, training, term_net, completers, rate) -> BatchMetrics:
    d = discount_factors(costs.shape[1], rate)
    pv_c, pv_b = costs @ d, benefits @ d
    net = benefits - costs
    positive = pv_c > ZERO_USD
    with np.errstate(divide="ignore", invalid="ignore"):
        bcr = np.where(positive, pv_b / np.where(positive, pv_c, 1.0), np.nan)
        per_completer = np.where(completers > 0, 1.0 / np.where(completers > 0, completers, 1.0), np.nan)
    cumulative = np.cumsum(net, axis=1)
    index = np.arange(net.shape[1])
    active = np.abs(net) > ZERO_USD
    first = np.where(active.any(axis=1), np.argmax(active, axis=1), net.shape[1])
    # as metrics.payback_month: the month from which the cumulative net stays at or above 0
    below = (cumulative < -RECOVERED_USD) & (index[None, :] >= first[:, None])
    last_below = net.shape[1] - 1 - np.argmax(below[:, ::-1], axis=1)
    payback = np.where(~active.any(axis=1), np.nan,
                       np.where(~below.any(axis=1), first + 1.0,
                                np.where(last_below == net.shape[1] - 1, np.nan, last_below + 2.0)))
    worst = np.argmin(cumulative, axis=1)
    lowest = cumulative[np.arange(len(worst)), worst]
    out_of_pocket = lowest < 0
    return BatchMetrics(
        total_costs=pv_c, total_benefits=pv_b, benefit_cost_ratio=bcr, net_roi=bcr - 1,
        net_benefit=pv_b - pv_c, net_cash_undiscounted=net.sum(axis=1), npv=net @ d, payback_month=payback,
        peak_outlay=np.where(out_of_pocket, -lowest, 0.0),
        peak_outlay_month=np.where(out_of_pocket, worst + 1.0, np.nan),
        net_cost_during_term=term_net, cost_per_completer=pv_c * per_completer,
        training_cost_per_completer=(training @ d) * per_completer, expected_completers=completers,
        cumulative_net=cumulative, costs_by_month=costs, benefits_by_month=benefits)
