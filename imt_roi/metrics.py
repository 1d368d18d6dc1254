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
#: A month's net flow [USD] smaller than this is no flow (rounding residue of sums of large amounts).
ZERO_USD = 1e-9
#: The cumulative net [USD] counts as recovered from this far below zero (rounding residue).
RECOVERED_USD = 1e-6


@dataclass(frozen=True)
class MetricInfo:
    """One metric, declared once: its key in :class:`Metrics`, label, short label and display style.

    Styles: ``usd`` (US dollars), ``ratio``, ``percent`` (a share shown in
    percent), ``irr`` (a yearly rate), ``month`` (a month number), ``int``,
    ``number``, ``text``.
    """

    key: str
    label: str
    short: str
    style: str


#: Every metric, in the order tables list them. The CLI, dashboards and exports read labels from here.
METRICS = (
    MetricInfo("benefit_cost_ratio", "Return per dollar (benefit-cost ratio B/C)", "Return per dollar (B/C)", "ratio"),
    MetricInfo("net_roi", "Net return (B - C) / C", "Net return", "percent"),
    MetricInfo("net_benefit", "Net benefit B - C (present values; the NPV)", "Net benefit B - C", "usd"),
    MetricInfo("net_cash_undiscounted", "Net cash, undiscounted (benefits less costs as they fall)",
               "Net cash, undiscounted", "usd"),
    MetricInfo("npv", "Net present value", "NPV", "usd"),
    MetricInfo("net_training_investment_per_apprentice",
               "Net training investment per apprentice (PV of term costs - benefits)", "Invested per apprentice",
               "usd"),
    MetricInfo("return_on_training_investment", "Return on the training investment (PV after completion / PV "
               "invested)", "Earned back per $ invested", "ratio"),
    MetricInfo("total_costs", "Total costs C, net of funding (present value)", "Costs C (PV)", "usd"),
    MetricInfo("gross_costs", "Costs before funding offsets (present value)", "Costs before funding", "usd"),
    MetricInfo("funding_offsets", "Funding offsets (present value)", "Funding", "usd"),
    MetricInfo("total_benefits", "Total benefits B (present value)", "Benefits B (PV)", "usd"),
    MetricInfo("irr_annual", "Internal rate of return, yearly", "IRR", "irr"),
    MetricInfo("irr_reason", "Why there is no internal rate of return", "No IRR because", "text"),
    MetricInfo("payback_month", "Payback month (cumulative net >= 0 from then on)", "Payback", "month"),
    MetricInfo("peak_outlay", "Peak outlay: most ever out of pocket (cumulative, undiscounted)", "Peak outlay", "usd"),
    MetricInfo("peak_outlay_month", "Month of the peak outlay", "Peak outlay month", "month"),
    MetricInfo("net_cost_during_term", "Net cost during the term (costs - benefits, undiscounted)",
               "Net cost during the term", "usd"),
    MetricInfo("cost_per_completer", "Cost per completer (present value of all costs)", "Cost per completer", "usd"),
    MetricInfo("training_cost_per_completer", "Training cost per completer (all costs but productive wages, PV)",
               "Training cost per completer", "usd"),
    MetricInfo("expected_completers", "Expected completers", "Completers", "number"),
    MetricInfo("apprentices", "Apprentices starting", "Apprentices", "int"),
    MetricInfo("discount_rate", "Discount rate used, yearly (end-of-month timing)", "Discount rate", "percent"),
    MetricInfo("notes", "Notes on these figures", "Notes", "notes"),
)
METRIC_INFO = {m.key: m for m in METRICS}


@dataclass(frozen=True)
class Metrics:
    """The figures of a plan; ``None`` where a figure does not exist.

    Money in USD. ``total_costs`` and ``total_benefits`` are present values at
    the discount rate (costs net of funding offsets) and ``net_benefit`` is
    their difference B - C, which is the NPV; ``net_cash_undiscounted``,
    ``peak_outlay`` and ``net_cost_during_term`` are undiscounted, so
    ``net_cash_undiscounted`` equals ``npv`` when the rate is 0. ``irr_reason`` says in
    words why ``irr_annual`` is None.

    ``net_training_investment_per_apprentice`` is the figure the cost-benefit
    surveys report: the present value of costs minus benefits over the term,
    per starter (negative when the term pays for itself).
    ``return_on_training_investment`` is the present value of the net
    benefits after completion over the present value of that net investment
    (None when the term needs no net investment). Unlike B/C, neither is
    pulled towards 1 by the wages of productive hours counted on both sides.
    """

    total_costs: float
    total_benefits: float
    gross_costs: float
    funding_offsets: float
    benefit_cost_ratio: float | None
    net_roi: float | None
    net_benefit: float
    net_cash_undiscounted: float
    npv: float
    net_training_investment_per_apprentice: float | None
    return_on_training_investment: float | None
    irr_annual: float | None
    irr_reason: str | None
    payback_month: int | None
    peak_outlay: float
    peak_outlay_month: int | None
    net_cost_during_term: float | None
    cost_per_completer: float | None
    training_cost_per_completer: float | None
    expected_completers: float
    apprentices: int
    discount_rate: float
    notes: tuple[str, ...] = ()

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


def _is_offset(cashflows: pd.DataFrame, amount: np.ndarray) -> np.ndarray:
    """Rows of funding-offset lines: category "funding" (see :data:`imt_roi.lines.CATEGORIES`); in flows
    without a ``category`` column, the negative costs.

    A negative cost that is not funding (a raise below the counterfactual wage
    path in the incremental method) is not an offset; only the category tells.
    """
    if "category" in cashflows:
        return _rows_in(cashflows, "category", ("funding",))
    return amount < 0


#: Shortest recovery of the outlay [months] for which a yearly IRR is reported: an outlay recovered within a
#: year compounds a monthly rate into a yearly figure of no use to anyone (thousands of percent).
IRR_MIN_PAYBACK_MONTHS = 12


def internal_rate(net: np.ndarray) -> tuple[float | None, str | None]:
    """Yearly IRR of monthly net flows and, where there is none, the reason in words.

    The IRR is reported only for an investment: the cumulative net starts
    below zero (a net outlay) and crosses zero once (then the positive rate is
    unique: Norstrom's criterion), no sooner than IRR_MIN_PAYBACK_MONTHS after
    the first flow. The rate is found by bisection and checked with
    numpy-financial's ``npv``: a root that does not bring the NPV to zero
    (within IRR_NPV_TOLERANCE of the size of the discounted flows) is reported
    as none.
    """
    active = np.flatnonzero(np.abs(net) > ZERO_USD)
    if len(active) == 0:
        return None, "no cash flows"
    flows = net[active[0]:]
    cumulative = np.cumsum(flows)
    scale = ZERO_USD * max(1.0, float(np.abs(flows).sum()))
    if cumulative.min() >= -scale:
        return None, "no net outlay to earn a rate on"
    if cumulative[-1] < -scale:
        return None, "the outlay is not recovered within the horizon: no positive rate"
    signs = np.sign(cumulative[np.abs(cumulative) > scale])
    if signs[0] > 0 or np.count_nonzero(np.diff(signs)) != 1:
        return None, "the cumulative net crosses zero more than once: no single rate"
    recovered = int(np.argmax(cumulative >= -scale)) + 1
    if recovered < IRR_MIN_PAYBACK_MONTHS:
        return None, (f"the outlay is recovered within {recovered} month(s): a yearly rate means little; "
                      "read the payback month")
    rate = _positive_root(flows)
    terms = np.abs(flows) * (1 + rate) ** -np.arange(1, len(flows) + 1, dtype=float)
    if abs(npf.npv(rate, [0.0, *flows])) > IRR_NPV_TOLERANCE * terms.sum():
        return None, "no rate brings the NPV to zero"
    return float((1 + rate) ** 12 - 1), None


def _positive_root(flows: np.ndarray) -> float:
    """The monthly rate r >= 0 at which the NPV of ``flows`` (months 1..n) is zero, by bisection.

    Called only when the cumulative flows start below zero, end at or above
    it and cross once: the NPV is then >= 0 at r = 0 and negative for a large
    enough r, with one root between (numpy-financial's ``irr`` may return a
    negative root of the same polynomial instead).
    """
    t = np.arange(1, len(flows) + 1, dtype=float)

    def npv(r: float) -> float:
        return float(flows @ (1 + r) ** -t)

    low, high = 0.0, 1.0
    while npv(high) >= 0 and high < 1e6:
        low, high = high, high * 4
    for _ in range(200):
        mid = (low + high) / 2
        if npv(mid) >= 0:
            low = mid
        else:
            high = mid
        if high - low <= 1e-15 * max(1.0, high):
            break
    return (low + high) / 2


def peak_outlay(net: np.ndarray) -> tuple[float, int | None]:
    """The most the sponsor is ever out of pocket [USD, >= 0] (cumulative undiscounted net) and its month."""
    if len(net) == 0:
        return 0.0, None
    cumulative = np.cumsum(net)
    worst = int(np.argmin(cumulative))
    if cumulative[worst] >= 0:
        return 0.0, None
    return float(-cumulative[worst]), worst + 1


def payback_month(net: np.ndarray) -> int | None:
    """The month (1-based) from which the cumulative undiscounted net flow stays at or above 0 to the end.

    Counted from the first flow. "Stays": a plan whose early grants put it ahead
    in month 6 and whose wages put it back out of pocket until month 40 is paid
    back in month 40, not 6. None when the plan ends out of pocket.
    """
    active = np.flatnonzero(np.abs(net) > ZERO_USD)
    if len(active) == 0:
        return None
    cumulative = np.cumsum(net)
    below = np.flatnonzero(cumulative[active[0]:] < -RECOVERED_USD)
    if len(below) == 0:
        return int(active[0] + 1)
    last = int(active[0] + below[-1])
    return last + 2 if last + 1 < len(net) else None


def _rows_in(cashflows: pd.DataFrame, column: str, values: tuple[str, ...]) -> np.ndarray:
    """Boolean mask of the rows whose ``column`` is one of ``values`` (fast for categorical columns)."""
    col = cashflows[column]
    if isinstance(col.dtype, pd.CategoricalDtype):
        flags = np.isin(np.asarray(col.cat.categories, dtype=object), values)
        codes = col.cat.codes.to_numpy()
        return np.where(codes >= 0, flags[np.maximum(codes, 0)], False) if len(flags) else np.zeros(len(col), bool)
    return col.isin(values).to_numpy()


def _sum_where(cashflows: pd.DataFrame, column: str, values: tuple[str, ...]) -> tuple[float, float]:
    """Undiscounted (costs, benefits) of the rows whose ``column`` is one of ``values``."""
    rows = _rows_in(cashflows, column, values)
    amount = cashflows["amount"].to_numpy(dtype=float)
    is_cost = _rows_in(cashflows, "kind", ("cost",))
    return float(amount[rows & is_cost].sum()), float(amount[rows & ~is_cost].sum())


def compute_metrics(cashflows: pd.DataFrame, *, discount_rate: float, expected_completers: float,
                    apprentices: int, n_months: int | None = None) -> Metrics:
    """Every metric from a tidy cash-flow table (columns month, kind, amount; category and phase when given)."""
    costs, benefits, offsets = monthly_series(cashflows, n_months)
    d = discount_factors(len(costs), discount_rate)
    pv_costs = float(costs @ d)
    pv_benefits = float(benefits @ d)
    net = benefits - costs
    npv = float(net @ d)
    positive = pv_costs > ZERO_USD
    rate, reason = internal_rate(net)
    peak, peak_month = peak_outlay(net)
    term_cost = invested = earned_back = None
    if "phase" in cashflows:
        c, b = _sum_where(cashflows, "phase", ("term",))
        term_cost = c - b
        pv_term_net = _pv_net_cost(cashflows, d, _rows_in(cashflows, "phase", ("term",)))
        invested = pv_term_net / apprentices if apprentices > 0 else None
        if pv_term_net > ZERO_USD:
            earned_back = (npv + pv_term_net) / pv_term_net  # PV of the after-completion net benefits
    training = None
    if "category" in cashflows and expected_completers > 0 and positive:
        training = pv_of(cashflows, d, ("training", "funding")) / expected_completers
    return Metrics(
        total_costs=pv_costs,
        total_benefits=pv_benefits,
        gross_costs=float((costs - offsets) @ d),
        funding_offsets=float(-offsets @ d),
        benefit_cost_ratio=pv_benefits / pv_costs if positive else None,
        net_roi=(pv_benefits - pv_costs) / pv_costs if positive else None,
        net_benefit=pv_benefits - pv_costs,
        net_cash_undiscounted=float(net.sum()),
        npv=npv,
        net_training_investment_per_apprentice=invested,
        return_on_training_investment=earned_back,
        irr_annual=rate,
        irr_reason=reason,
        payback_month=payback_month(net),
        peak_outlay=peak,
        peak_outlay_month=peak_month,
        net_cost_during_term=term_cost,
        cost_per_completer=pv_costs / expected_completers if expected_completers > 0 and positive else None,
        training_cost_per_completer=training,
        expected_completers=float(expected_completers),
        apprentices=int(apprentices),
        discount_rate=float(discount_rate),
        notes=_notes(cashflows, pv_costs, float(-offsets @ d)),
    )


def _notes(cashflows: pd.DataFrame, pv_costs: float, pv_funding: float) -> tuple[str, ...]:
    """Why figures are missing or odd, in words (empty for an ordinary plan)."""
    if pv_costs > ZERO_USD:
        return ()
    why = []
    if pv_funding > 0:
        why.append(f"funding offsets (${pv_funding:,.0f}) cover all costs")
    if "category" in cashflows:
        rows = _rows_in(cashflows, "category", ("productive wages",)) & (cashflows["amount"].to_numpy() < 0)
        if rows.any():
            why.append("raises below the wage the worker would have had without the apprenticeship "
                       "(wages.counterfactual_annual_raise) count as negative costs")
    cause = "; ".join(why) or "no costs were entered"
    amount = f"-${-pv_costs:,.0f}" if pv_costs < 0 else f"${pv_costs:,.0f}"
    return (f"total costs are not positive ({amount}): {cause}. Return per dollar, net return and the "
            "costs per completer do not exist; read the NPV and net benefit",)


def _pv_net_cost(cashflows: pd.DataFrame, factors: np.ndarray, rows: np.ndarray) -> float:
    """Present value of costs minus benefits of the given rows [USD]."""
    if not rows.any():
        return 0.0
    amount = cashflows["amount"].to_numpy(dtype=float)[rows]
    signed = np.where(_rows_in(cashflows, "kind", ("cost",))[rows], amount, -amount)
    return float(signed @ factors[cashflows["month"].to_numpy()[rows] - 1])


def pv_of(cashflows: pd.DataFrame, factors: np.ndarray, categories: tuple[str, ...]) -> float:
    """Present value of the cost rows of the given categories [USD]."""
    rows = _rows_in(cashflows, "category", categories) & _rows_in(cashflows, "kind", ("cost",))
    month = cashflows["month"].to_numpy()[rows]
    return float(cashflows["amount"].to_numpy(dtype=float)[rows] @ factors[month - 1]) if rows.any() else 0.0
