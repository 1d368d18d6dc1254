"""Metrics against hand-built flows and against independent recomputations from the exported cash flows."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest

from imt_roi.metrics import compute_metrics
from core_helpers import ROUNDING, USD_ROUNDING, monthly, run


def flows(costs: dict[int, float], benefits: dict[int, float]) -> pd.DataFrame:
    rows = [(m, "cost", a) for m, a in costs.items()] + [(m, "benefit", a) for m, a in benefits.items()]
    return pd.DataFrame(rows, columns=["month", "kind", "amount"])


def metrics(costs, benefits, rate=0.0, completers=1.0, n=None):
    return compute_metrics(flows(costs, benefits), discount_rate=rate, expected_completers=completers,
                           apprentices=1, n_months=n)


def test_hand_example_ratio_net_return_and_payback():
    m = metrics({1: 100.0}, {1: 30.0, 2: 30.0, 3: 30.0, 4: 30.0, 5: 30.0})
    assert m.total_costs == 100 and m.total_benefits == 150
    assert m.benefit_cost_ratio == pytest.approx(1.5)
    assert m.net_roi == pytest.approx(0.5)
    assert m.net_benefit == pytest.approx(50) and m.npv == pytest.approx(50)
    # cumulative net: -70, -40, -10, +20
    assert m.payback_month == 4


def test_irr_of_a_hand_example():
    # -1000 now-ish (end of month 1), +1100 twelve months later: 10% a year
    m = metrics({1: 1000.0}, {13: 1100.0})
    assert m.irr_annual == pytest.approx(0.10, rel=ROUNDING)


def test_figures_that_do_not_exist_are_none():
    never = metrics({1: 100.0}, {2: 10.0})
    assert never.payback_month is None
    assert metrics({}, {1: 5.0}).benefit_cost_ratio is None
    assert metrics({}, {1: 5.0}).net_roi is None
    assert metrics({1: 5.0}, {}).irr_annual is None            # no sign change
    assert metrics({1: 5.0}, {}, completers=0).cost_per_completer is None


def test_discounting_is_end_of_month_at_the_monthly_equivalent_rate():
    m = metrics({1: 100.0}, {12: 200.0}, rate=0.06)
    i = 1.06 ** (1 / 12) - 1
    assert m.total_costs == pytest.approx(100 / (1 + i))
    assert m.total_benefits == pytest.approx(200 / 1.06)
    assert m.npv == pytest.approx(200 / 1.06 - 100 / (1 + i))
    assert m.net_cash_undiscounted == pytest.approx(100)   # undiscounted
    assert m.net_benefit == pytest.approx(m.total_benefits - m.total_costs) == pytest.approx(m.npv)  # B - C, PV


def test_payback_counts_from_the_plan_start_month():
    m = metrics({3: 100.0}, {3: 40.0, 4: 40.0, 5: 40.0})
    assert m.payback_month == 5


def test_default_figures_recompute_from_the_exported_cash_flows():
    r = run()
    costs, benefits = monthly(r.cashflows, r.last_month)
    assert r.total_costs == pytest.approx(costs.sum())
    assert r.total_benefits == pytest.approx(benefits.sum())
    assert r.benefit_cost_ratio == pytest.approx(benefits.sum() / costs.sum())
    assert r.net_roi == pytest.approx(benefits.sum() / costs.sum() - 1)
    assert r.npv == pytest.approx(r.net_cash_undiscounted)
    assert r.cost_per_completer == pytest.approx(costs.sum() / (10 * 46 / 60), rel=1e-4)


def test_default_ratio_is_the_documented_order_of_magnitude():
    """Not a calibration claim, a guard: the default plan returns more than it costs during the term, in the
    range of the published 1.44 to 1.48 per dollar figures give or take."""
    r = run()
    assert 1.0 < r.benefit_cost_ratio < 2.0


def test_five_year_discounted_figures_match_numpy_financial():
    r = run(name="imt-five-year")
    costs, benefits = monthly(r.cashflows, r.last_month)
    net = benefits - costs
    rate = 1.03 ** (1 / 12) - 1  # today's dollars: 5.06% nominal with 2% inflation is 3% real
    assert r.discount_rate == pytest.approx(0.03, abs=1e-12)
    assert r.npv == pytest.approx(npf.npv(rate, [0.0, *net]), rel=1e-10)
    assert r.total_costs == pytest.approx(npf.npv(rate, [0.0, *costs]), rel=1e-10)
    assert r.net_cash_undiscounted == pytest.approx(net.sum())
    assert r.irr_annual is None or r.irr_annual == pytest.approx((1 + npf.irr(net)) ** 12 - 1, rel=1e-8)


def test_incremental_five_year_with_a_small_gain_never_pays_back():
    """The 35% raise (steps + completion) costs more than a 10% output gain brings."""
    r = run({"method": "incremental", "output.productivity_gain": 0.10, "alternative": "keep_incumbent"},
            name="imt-five-year")
    costs, benefits = monthly(r.cashflows, r.last_month)
    assert np.all(np.cumsum(benefits - costs) < 0)
    assert r.payback_month is None and r.irr_annual is None
    assert r.benefit_cost_ratio < 1


def test_incremental_five_year_irr_and_payback_from_flows():
    r = run({"method": "incremental", "output.productivity_gain": 0.3, "alternative": "keep_incumbent"},
            name="imt-five-year")
    costs, benefits = monthly(r.cashflows, r.last_month)
    net = benefits - costs
    cumulative = np.cumsum(net)
    assert r.payback_month == int(np.argmax(cumulative >= 0)) + 1
    assert cumulative[r.payback_month - 2] < 0
    monthly_irr = (1 + r.irr_annual) ** (1 / 12) - 1
    assert npf.npv(monthly_irr, [0.0, *net]) == pytest.approx(0, abs=USD_ROUNDING * np.abs(net).sum())


def test_funding_offsets_are_only_offset_lines():
    """A negative cost that is not funding (raises below a fast-growing counterfactual wage) stays a cost."""
    r = run({"method": "incremental", "wages.counterfactual_annual_raise": 0.10, "alternative": "keep_incumbent"},
            name="imt-five-year")
    raises = r.cashflows[r.cashflows["line"] == "raises"]["amount"]
    assert (raises < 0).any()
    assert r.funding_offsets == 0
    assert r.gross_costs == pytest.approx(r.total_costs)


def test_gross_costs_less_offsets_are_total_costs():
    r = run({"offsets": [{"name": "g", "amount_per_apprentice": 500},
                         {"name": "t", "kind": "tax_credit", "basis": "completer", "amount_per_apprentice": 900}],
             "horizon.dollars": "nominal", "horizon.discount_rate": 0.03, "retention.completion_rate": 0.7667},
            name="imt-five-year")
    assert r.gross_costs - r.funding_offsets == pytest.approx(r.total_costs)
    i = 1.03 ** (1 / 12) - 1
    assert r.funding_offsets == pytest.approx(10 * 500 / (1 + i) + 10 * 0.7667 * 900 / (1 + i) ** 18)


def test_payback_is_the_month_the_plan_is_ahead_for_good_not_a_first_early_crossing():
    from imt_roi.metrics import payback_month

    # a month-1 grant puts the plan ahead; wages put it back out of pocket; it is ahead for good in month 5
    net = np.array([500.0, -200.0, -400.0, -100.0, 300.0, 50.0])
    assert np.cumsum(net).tolist() == [500, 300, -100, -200, 100, 150]
    assert payback_month(net) == 5
    assert payback_month(np.array([0.0, 100.0, -50.0])) == 2  # never out of pocket: from its first flow
    assert payback_month(np.array([-100.0, 50.0, 40.0])) is None  # ends out of pocket
    assert payback_month(np.zeros(4)) is None


def test_with_early_funding_the_payback_comes_after_the_peak_outlay():
    ojt = {"name": "OJT", "kind": "wage_reimbursement", "share_of_wages": 0.5, "wage_months": 6}
    r = run({"offsets": [ojt]}, name="imt-default")
    costs, benefits = monthly(r.cashflows, r.last_month)
    cumulative = np.cumsum(benefits - costs)
    assert r.payback_month > r.peak_outlay_month
    assert (cumulative[r.payback_month - 1:] >= -USD_ROUNDING).all()
    assert cumulative[r.payback_month - 2] < 0
