"""The Monte Carlo's sums: the plan's lines for N draws (:class:`imt_roi.engine.PlanFlows`, the one path a
single evaluation takes too) summed per draw into monthly costs and benefits, and the metrics of each draw.

:func:`evaluate_batch` takes a scenario and, for some numeric inputs, an array
of N values each. The line formulas of :mod:`imt_roi.lines` run once with
those inputs as arrays of shape (N, 1) against months of shape (n,), so every
line becomes (N, n). The metrics are the ones
:func:`imt_roi.metrics.compute_metrics` gives, one per draw, with the same
conventions (end-of-month flows, undiscounted payback and peak outlay).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .engine import PlanFlows
from .metrics import RECOVERED_USD, ZERO_USD, discount_factors
from .parameters import Scenario

__all__ = ["BatchMetrics", "evaluate_batch", "evaluate_batch_by_employer"]


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
    plan = PlanFlows(scenario, values)
    n_draws, last_month = plan.n_draws, plan.last_month
    keys = list(dict.fromkeys(m.employer for _, _, m in plan.groups)) if per_employer else [None]
    sums = {k: _Sums(n_draws, last_month) for k in keys}
    for gi, line, start, amount in plan.flows():
        member = plan.groups[gi][2]
        width = amount.shape[1]
        in_term = amount[:, :int(plan.in_term[gi].sum())].sum(axis=1)
        sums[member.employer if per_employer else None].add(line, amount, slice(start - 1, start - 1 + width),
                                                             in_term)
    for (_, _, m), completers in zip(plan.groups, plan.completers):
        if m.apprentices:
            sums[m.employer if per_employer else None].completers += completers
    rate = plan.base.horizon.rate_used
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
