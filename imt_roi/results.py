"""``evaluate``: a scenario in, its metrics and the cash flows behind them out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from .engine import compute_cashflows
from .errors import ScenarioError
from .fields import short
from .conventions import AAI_DIRECT_LINES, in_convention
from .overrides import employer_assumptions
from .metrics import Metrics, compute_metrics, discount_factors
from .parameters import Scenario


@dataclass(frozen=True)
class Result:
    """Metrics of a plan, with the tidy monthly cash flows they come from.

    Metric names (``benefit_cost_ratio``, ``npv``, ...) read straight off the
    result; see :class:`imt_roi.metrics.Metrics` for units and conventions.
    """

    scenario: Scenario
    cashflows: pd.DataFrame
    metrics: Metrics
    last_month: int
    #: The convention the plan is counted in (:data:`imt_roi.conventions.CONVENTIONS`): "plan" as entered.
    convention: str = "plan"

    def __getattr__(self, name):
        if name in Metrics.__dataclass_fields__:
            return getattr(self.metrics, name)
        raise AttributeError(name)

    def as_dict(self) -> dict:
        return self.metrics.as_dict()

    @cached_property
    def _employers(self):
        return employer_assumptions(self.scenario)

    @cached_property
    def _employer_metrics(self) -> dict[str, Metrics]:
        out = {}
        for employer, a in self._employers.items():
            members = [m for c in self.scenario.cohorts for m in c.members if m.employer == employer]
            n = sum(m.apprentices for m in members)
            flows = self.cashflows[self.cashflows["employer"] == employer]
            out[employer] = compute_metrics(flows, discount_rate=self.scenario.horizon.rate_used,
                                            expected_completers=n * a.retention.completion_rate,
                                            apprentices=n, n_months=self.last_month)
        return out

    def employer_metrics(self, employer: str | None = None) -> Metrics | dict[str, Metrics]:
        """One employer's :class:`Metrics` (from its own cash flows), or every employer's by name.

        Raises ScenarioError naming ``employer`` when the plan has no such employer.
        """
        if employer is None:
            return dict(self._employer_metrics)
        if employer not in self._employer_metrics:
            raise ScenarioError("employer", f"no employer {short(employer)!r} in this plan; choose one of: "
                                f"{short(', '.join(self._employer_metrics))}")
        return self._employer_metrics[employer]

    def by_employer(self) -> pd.DataFrame:
        """Metrics for each employer (rows), recomputed from its own cash flows."""
        return pd.DataFrame.from_dict({e: m.as_dict() for e, m in self._employer_metrics.items()}, orient="index")

    def by_cohort(self) -> pd.DataFrame:
        """Metrics for each cohort (rows), recomputed from its own cash flows."""
        rows = {}
        for c in self.scenario.cohorts:
            completers = sum(m.apprentices * self._employers[m.employer].retention.completion_rate
                             for m in c.members)
            flows = self.cashflows[self.cashflows["cohort"] == c.name]
            rows[c.name] = compute_metrics(flows, discount_rate=self.scenario.horizon.rate_used,
                                           expected_completers=completers, apprentices=c.size,
                                           n_months=self.last_month).as_dict()
        return pd.DataFrame.from_dict(rows, orient="index")

    def by_line(self) -> pd.DataFrame:
        """Undiscounted total of each line, costs then benefits, in USD."""
        totals = self.cashflows.groupby(["kind", "line"], observed=True)["amount"].sum()
        return totals.reset_index().sort_values(["kind", "amount"], ascending=[False, False],
                                                ignore_index=True)

    def monthly(self) -> pd.DataFrame:
        """Costs, benefits, net and cumulative net per plan month, in USD (undiscounted)."""
        table = (self.cashflows.pivot_table(index="month", columns="kind", values="amount", aggfunc="sum",
                                            observed=True)
                 .reindex(range(1, self.last_month + 1)).reindex(columns=["cost", "benefit"]).fillna(0.0))
        table.columns = ["costs", "benefits"]
        table["net"] = table["benefits"] - table["costs"]
        table["cumulative_net"] = table["net"].cumsum()
        return table

    def by_year(self) -> pd.DataFrame:
        """Costs, benefits, net and cumulative net per plan year (months 1-12 = year 1), in USD, undiscounted.

        The yearly nets add up to ``net_cash_undiscounted``.
        """
        table = self.monthly()
        year = (table.index.to_numpy() - 1) // 12 + 1
        out = table[["costs", "benefits", "net"]].groupby(year).sum()
        out.index.name = "year"
        out["cumulative_net"] = out["net"].cumsum()
        return out

    def by_training_year(self) -> pd.DataFrame:
        """The term per apprentice starting and per training year in the layout of the Swiss and German firm
        cost-benefit surveys: gross costs by category, productive contribution and net cost, in USD,
        undiscounted (:func:`imt_roi.survey.by_training_year`). For the surveys' own valuation, evaluate the
        plan with ``convention="cost-benefit-survey"`` first."""
        from .survey import by_training_year
        return by_training_year(self)

    @property
    def per_apprentice(self) -> dict:
        """Total costs, benefits and net benefit per starting apprentice, in USD."""
        n = max(self.metrics.apprentices, 1)
        return {"total_costs": self.metrics.total_costs / n, "total_benefits": self.metrics.total_benefits / n,
                "net_benefit": self.metrics.net_benefit / n}


def as_jff_2020(scenario: Scenario) -> Scenario:
    """The same plan and inputs under the JFF 2020 study's convention: output value, term only, undiscounted
    (:data:`imt_roi.conventions.CONVENTIONS` ``"jff-2020"``).

    Its B/C is the figure to hold beside the study's $1.48, once the plan carries the firm's own value of an
    hour of output (:func:`imt_roi.conventions.comparable`).
    """
    return in_convention(scenario, "jff-2020")


def jff_method_ratio(scenario: Scenario) -> float | None:
    """B/C of ``scenario``'s inputs under the JFF 2020 convention (:func:`as_jff_2020`)."""
    return evaluate(as_jff_2020(scenario)).benefit_cost_ratio


def counted_as(result: Result, convention: str) -> Result:
    """``result``'s plan counted as ``convention`` counts: the result itself when the plan already is."""
    if in_convention(result.scenario, convention) == result.scenario:
        return result
    return evaluate(result.scenario, convention)


def evaluate(scenario: Scenario, convention: str | None = None) -> Result:
    """Compute the cash flows and every metric of ``scenario``.

    Parameters
    ----------
    scenario : Scenario
        A validated plan (from :func:`imt_roi.preset`, :func:`imt_roi.load_scenario`
        or :func:`imt_roi.scenario_from_dict`).
    convention : str, optional
        Count the plan as a published study counts (a key of
        :data:`imt_roi.conventions.CONVENTIONS`: ``"jff-2020"``,
        ``"aai-2022"``, ``"cost-benefit-survey"``; ``"plan"`` or None for
        the plan as entered). The result's ``scenario`` is the plan with the
        inputs the convention fixes set, and ``result.convention`` names it.

    Returns
    -------
    Result
        ``result.metrics`` (B/C, net return, NPV and present values in USD,
        payback and peak-outlay months in plan months, IRR as a yearly
        fraction; see :class:`imt_roi.metrics.Metrics`) and
        ``result.cashflows``, the tidy monthly flows they come from (amounts
        in USD, costs positive, funding offsets negative).
    """
    key = convention or "plan"
    scenario = in_convention(scenario, key)
    flows, completers, last_month = compute_cashflows(scenario)
    metrics = compute_metrics(flows, discount_rate=scenario.horizon.rate_used,
                              expected_completers=completers, apprentices=scenario.apprentices,
                              n_months=last_month)
    return Result(scenario, flows, metrics, last_month, key)


def benefit_split(result) -> dict[str, float]:
    """Present values [USD] of the direct and indirect benefits (:data:`AAI_DIRECT_LINES`) of an evaluated plan,
    at its own discount rate, with the B/C of each over all costs."""
    flows = result.cashflows
    benefits = flows[flows["kind"] == "benefit"]
    factors = discount_factors(result.last_month, result.scenario.horizon.rate_used)
    direct = benefits["line"].isin(AAI_DIRECT_LINES).to_numpy()
    weights = factors[benefits["month"].to_numpy() - 1] * benefits["amount"].to_numpy()
    pv_direct, pv_indirect = float(np.sum(weights[direct])), float(np.sum(weights[~direct]))
    costs = result.metrics.total_costs
    total = pv_direct + pv_indirect
    return {"direct": pv_direct, "indirect": pv_indirect, "direct_ratio": pv_direct / costs if costs > 0 else None,
            "ratio": total / costs if costs > 0 else None}


def aai_figures(result) -> dict[str, float]:
    """:func:`benefit_split` of ``result``'s plan counted as the AAI 2022 study counts (the result itself when
    it already is)."""
    return benefit_split(counted_as(result, "aai-2022"))
