"""ROI metrics from monthly cash flows, each under its own name.

Timing: every flow falls at the end of its month; month 1 is discounted by one
month. The yearly discount rate r becomes a monthly rate (1 + r) ** (1/12) - 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import numpy_financial as npf
import pandas as pd


#: An IRR must bring the NPV within this share of the discounted flows' size to zero.
IRR_NPV_TOLERANCE = 1e-8


@dataclass(frozen=True)
class Metrics:
    """The figures of a plan; ``None`` where a figure does not exist.

    Money in USD. ``total_costs`` and ``total_benefits`` are present values at
    the discount rate (costs net of funding offsets); ``net_benefit`` is the
    undiscounted sum of net flows, so it equals ``npv`` when the rate is 0.
    """

    total_costs: float
    total_benefits: float
    gross_costs: float
    funding_offsets: float
    benefit_cost_ratio: float | None
    net_roi: float | None
    net_benefit: float
    npv: float
    irr_annual: float | None
    payback_month: int | None
    cost_per_completer: float | None
    expected_completers: float
    apprentices: int
    discount_rate: float

    def as_dict(self) -> dict:
        return asdict(self)


def monthly_rate(annual_rate: float) -> float:
    """Monthly rate equivalent to a yearly rate."""
    return (1 + annual_rate) ** (1 / 12) - 1


def discount_factors(n_months: int, annual_rate: float) -> np.ndarray:
    """End-of-month discount factors for months 1..n."""
    return (1 + monthly_rate(annual_rate)) ** -np.arange(1, n_months + 1, dtype=float)


def monthly_series(cashflows: pd.DataFrame, n_months: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Costs, benefits and offsets per month 1..n (index 0 = month 1), in USD."""
    month = cashflows["month"].to_numpy()
    amount = cashflows["amount"].to_numpy(dtype=float)
    is_cost = (cashflows["kind"] == "cost").to_numpy()
    n = int(max(n_months or 0, month.max() if len(month) else 0))
    costs = np.bincount(month - 1, weights=np.where(is_cost, amount, 0.0), minlength=n)[:n]
    benefits = np.bincount(month - 1, weights=np.where(is_cost, 0.0, amount), minlength=n)[:n]
    offsets = np.bincount(month - 1, weights=np.where(is_cost & _is_offset(cashflows, amount), amount, 0.0),
                          minlength=n)[:n]
    return costs, benefits, offsets


OFFSET_PREFIX = "offset: "


def _is_offset(cashflows: pd.DataFrame, amount: np.ndarray) -> np.ndarray:
    """Rows of funding-offset lines (named "offset: ..."). Without a ``line`` column, negative costs.

    A negative cost that is not funding (a raise below the counterfactual wage
    path in the incremental convention) is not an offset.
    """
    if "line" not in cashflows:
        return amount < 0
    line = cashflows["line"]
    if isinstance(line.dtype, pd.CategoricalDtype):
        flags = np.array([str(c).startswith(OFFSET_PREFIX) for c in line.cat.categories], dtype=bool)
        codes = line.cat.codes.to_numpy()
        return np.where(codes >= 0, flags[np.maximum(codes, 0)], False) if len(flags) else np.zeros(len(line), bool)
    return line.astype(str).str.startswith(OFFSET_PREFIX).to_numpy()


def irr_annual(net: np.ndarray) -> float | None:
    """Yearly IRR of monthly net flows, or None when there is none.

    An IRR exists only if the flows change sign; numpy-financial finds it, and
    a root that does not bring the NPV to zero (within IRR_NPV_TOLERANCE of
    the size of the discounted flows) or a monthly rate at or below -99% is reported as none.
    """
    nonzero = net[np.abs(net) > 1e-9]
    if len(nonzero) < 2 or np.all(nonzero > 0) or np.all(nonzero < 0):
        return None
    first = int(np.argmax(np.abs(net) > 1e-9))
    flows = net[first:]
    rate = npf.irr(flows)
    if rate is None or not np.isfinite(rate) or rate <= -0.99:
        return None
    # Flows with several sign changes can yield an ill-conditioned root: keep only a rate that zeroes the NPV.
    terms = np.abs(flows) * (1 + rate) ** -np.arange(1, len(flows) + 1, dtype=float)
    if abs(npf.npv(rate, [0.0, *flows])) > IRR_NPV_TOLERANCE * terms.sum():
        return None
    return float((1 + rate) ** 12 - 1)


def payback_month(net: np.ndarray) -> int | None:
    """First month (1-based) where cumulative undiscounted net flow is at least 0, counted from the first flow."""
    active = np.flatnonzero(np.abs(net) > 1e-9)
    if len(active) == 0:
        return None
    cumulative = np.cumsum(net)
    reached = np.flatnonzero(cumulative[active[0]:] >= -1e-6)
    return int(active[0] + reached[0] + 1) if len(reached) else None


def compute_metrics(cashflows: pd.DataFrame, *, discount_rate: float, expected_completers: float,
                    apprentices: int, n_months: int | None = None) -> Metrics:
    """Every metric from a tidy cash-flow table (columns month, kind, amount)."""
    costs, benefits, offsets = monthly_series(cashflows, n_months)
    d = discount_factors(len(costs), discount_rate)
    pv_costs = float(costs @ d)
    pv_benefits = float(benefits @ d)
    net = benefits - costs
    npv = float(net @ d)
    positive = pv_costs > 1e-9
    return Metrics(
        total_costs=pv_costs,
        total_benefits=pv_benefits,
        gross_costs=float((costs - offsets) @ d),
        funding_offsets=float(-offsets @ d),
        benefit_cost_ratio=pv_benefits / pv_costs if positive else None,
        net_roi=(pv_benefits - pv_costs) / pv_costs if positive else None,
        net_benefit=float(net.sum()),
        npv=npv,
        irr_annual=irr_annual(net),
        payback_month=payback_month(net),
        cost_per_completer=pv_costs / expected_completers if expected_completers > 0 else None,
        expected_completers=float(expected_completers),
        apprentices=int(apprentices),
        discount_rate=float(discount_rate),
    )
