"""Property tests (hypothesis) for the model's invariants; every metric recomputed independently."""

from __future__ import annotations

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from imt_roi.figures import COMPLETER_SEPARATION_RATE
from imt_roi import evaluate, preset
from core_helpers import ROUNDING, USD_ROUNDING, monthly

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NO_FIXED = {"administration.staff_cost_per_cohort_month": 0, "administration.intermediary_fee_per_cohort": 0,
            "instruction.class_fixed_cost": 0}

#: A varied scenario: dotted path -> strategy.
INPUTS = {
    "method": st.sampled_from(["substitution", "output_value", "incremental"]),
    "alternative": st.sampled_from(["hire_outside", "keep_incumbent"]),
    "substitution.relative_productivity_start": st.floats(0.1, 1.0),
    "substitution.relative_productivity_end": st.floats(0.5, 1.2),
    "substitution.skilled_share_end": st.floats(0.3, 1.0),
    "wages.technician_wage": st.floats(18, 40),
    "wages.completer_wage": st.one_of(st.none(), st.floats(15, 45)),
    "outside_hire.share_filling_outside_posts": st.floats(0, 1),
    "retention.completion_separation_share": st.floats(0, 0.5),
    "benefits.backfill_vacated_post": st.booleans(),
    "outside_hire.recruiting_cost": st.floats(0, 15000),
    "outside_hire.vacancy_months": st.floats(0, 6),
    "outside_hire.adaptation_months": st.floats(0, 6),
    "outside_hire.productivity_advantage": st.floats(-0.1, 0.2),
    "horizon.wage_growth": st.floats(0, 0.06),
    "horizon.dollars": st.sampled_from(["nominal", "real"]),
    "program.term_months": st.integers(18, 24),
    "wages.starting_wage": st.floats(10, 40),
    "wages.fringe_rate": st.floats(0, 0.6),
    "wages.completion_raise": st.floats(0, 0.4),
    "wages.counterfactual_annual_raise": st.floats(0, 0.06),
    "instruction.delivery": st.sampled_from(["college", "mssc", "mix"]),
    "instruction.cost_per_apprentice": st.floats(0, 8000),
    "instruction.release_time_paid": st.booleans(),
    "instruction.class_during_shift": st.booleans(),
    "mentor.hours_per_month": st.floats(0, 20),
    "output.value_per_hour": st.floats(20, 90),
    "output.productivity_start": st.floats(0.3, 1.0),
    "output.productivity_gain": st.floats(0, 0.3),
    "benefits.scrap_avoided_per_month": st.floats(0, 500),
    "retention.completion_rate": st.floats(0.3, 1.0),
    "retention.completer_separation_rate": st.floats(0, 0.3),
    "horizon.months_after_completion": st.integers(0, 84),
    "horizon.discount_rate": st.floats(0, 0.1),
    "cohorts.0.members.0.apprentices": st.integers(1, 40),
}


@st.composite
def overrides(draw, **fixed):
    chosen = draw(st.lists(st.sampled_from(sorted(INPUTS)), unique=True, max_size=len(INPUTS)))
    out = {path: draw(INPUTS[path]) for path in chosen}
    out.update(fixed)
    return out


def evaluated(over):
    return evaluate(preset("imt-default", over))


@SETTINGS
@given(overrides(**NO_FIXED), st.integers(2, 7))
def test_scaling_a_cohort_without_fixed_costs_scales_costs_and_benefits_alike(over, k):
    over = {**over, "cohorts.0.members.0.apprentices": over.get("cohorts.0.members.0.apprentices", 10)}
    one = evaluated(over)
    many = evaluated({**over, "cohorts.0.members.0.apprentices": k * over["cohorts.0.members.0.apprentices"]})
    assert many.total_costs == pytest.approx(k * one.total_costs, rel=ROUNDING)
    assert many.total_benefits == pytest.approx(k * one.total_benefits, rel=ROUNDING)
    if one.benefit_cost_ratio is not None:
        assert many.benefit_cost_ratio == pytest.approx(one.benefit_cost_ratio, rel=ROUNDING)
    assert many.payback_month == one.payback_month


@SETTINGS
@given(overrides(**{"horizon.discount_rate": 0.0, "horizon.dollars": "nominal"}))
def test_zero_discount_rate_makes_npv_the_undiscounted_net_cash(over):
    r = evaluated(over)
    assert r.npv == pytest.approx(r.net_cash_undiscounted, rel=ROUNDING, abs=USD_ROUNDING)
    assert r.npv == pytest.approx(r.total_benefits - r.total_costs, rel=ROUNDING, abs=USD_ROUNDING)


@SETTINGS
@given(overrides())
def test_npv_and_irr_agree_with_numpy_financial(over):
    r = evaluated(over)
    costs, benefits = monthly(r.cashflows, r.last_month)
    net = benefits - costs
    rate = (1 + r.discount_rate) ** (1 / 12) - 1
    scale = np.abs(net).sum() + 1
    assert r.npv == pytest.approx(npf.npv(rate, [0.0, *net]), abs=1e-9 * scale)
    active = np.flatnonzero(np.abs(net) > 1e-9)
    cumulative = np.cumsum(net[active[0]:]) if len(active) else np.zeros(0)
    if r.irr_annual is not None:
        assert r.irr_reason is None
        # an investment: a net outlay first, recovered once, no sooner than a year after the first flow
        assert cumulative[0] < 0 and cumulative[-1] >= -1e-6
        assert np.count_nonzero(np.diff(np.sign(cumulative[np.abs(cumulative) > 1e-6]))) == 1
        assert np.argmax(cumulative >= -1e-6) + 1 >= 12
        monthly_irr = (1 + r.irr_annual) ** (1 / 12) - 1
        # tolerance relative to the size of the discounted terms
        terms = np.abs(net) * (1 + monthly_irr) ** -np.arange(1, len(net) + 1)
        assert npf.npv(monthly_irr, [0.0, *net]) == pytest.approx(0.0, abs=1e-8 * terms.sum())
        assert monthly_irr > 0  # Norstrom: one crossing of the cumulative net from below gives one positive root
    else:
        reason = r.irr_reason
        assert reason
        if reason.startswith("no net outlay"):
            assert len(cumulative) == 0 or cumulative.min() >= -1e-6 * scale
        elif reason.startswith("the outlay is not recovered"):
            assert cumulative[-1] < 0
        elif reason.startswith("the outlay is recovered within"):
            assert np.argmax(cumulative >= -1e-6 * scale) + 1 < 12
        else:
            assert reason.startswith(("the cumulative net crosses zero", "no rate"))


@SETTINGS
@given(overrides())
@example({"instruction.release_time_paid": False, "output.productivity_start": 0.75, "method": "incremental",
          "outside_hire.adaptation_months": 0.0, "outside_hire.productivity_advantage": 0.0,
          "outside_hire.recruiting_cost": 0.0, "cohorts.0.members.0.apprentices": 1})  # ahead in month 8, behind in 10
@example({"alternative": "keep_incumbent", "output.productivity_start": 1.0, "method": "output_value",
          "wages.counterfactual_annual_raise": 0.0, "wages.completion_raise": 0.375,
          "benefits.backfill_vacated_post": False, "output.productivity_gain": 0.0})  # ahead at once, behind at the end
def test_payback_month_matches_the_cumulative_exported_flows(over):
    """Payback is the month from which the cumulative net stays at or above zero to the end (a plan ahead early
    and out of pocket later is not paid back early), counted from the first flow; none when it ends below."""
    r = evaluated(over)
    costs, benefits = monthly(r.cashflows, r.last_month)
    net = benefits - costs
    cumulative = np.cumsum(net)
    first = np.flatnonzero(np.abs(net) > 1e-9)[0]
    below = np.flatnonzero(cumulative < -1e-6)
    if r.payback_month is None:
        assert cumulative[-1] < -1e-6
    else:
        assert r.payback_month - 1 >= first
        assert np.all(cumulative[r.payback_month - 1:] >= -1e-6)
        assert r.payback_month - 1 == first or cumulative[r.payback_month - 2] < -1e-6
        assert len(below) == 0 or r.payback_month == below[-1] + 2


@SETTINGS
@given(overrides())
def test_every_metric_recomputes_from_the_cash_flows(over):
    r = evaluated(over)
    flows = r.cashflows
    assert list(flows.columns) == ["month", "cohort", "employer", "line", "kind", "category", "phase", "amount"]
    costs, benefits = monthly(flows, r.last_month)
    d = (1 + r.discount_rate) ** (-np.arange(1, r.last_month + 1) / 12)
    pv_c, pv_b = costs @ d, benefits @ d
    assert r.total_costs == pytest.approx(pv_c, rel=ROUNDING)
    assert r.total_benefits == pytest.approx(pv_b, rel=ROUNDING)
    assert r.benefit_cost_ratio == pytest.approx(pv_b / pv_c, rel=ROUNDING)
    assert r.net_roi == pytest.approx((pv_b - pv_c) / pv_c, rel=ROUNDING, abs=1e-12)
    assert r.npv == pytest.approx(pv_b - pv_c, rel=ROUNDING, abs=USD_ROUNDING)
    assert r.net_cash_undiscounted == pytest.approx(benefits.sum() - costs.sum(), rel=ROUNDING, abs=USD_ROUNDING)
    # B - C is the difference of the present values shown beside it, and so the NPV
    assert r.net_benefit == pytest.approx(r.total_benefits - r.total_costs, rel=ROUNDING, abs=USD_ROUNDING)
    assert r.net_benefit == pytest.approx(r.npv, rel=ROUNDING, abs=USD_ROUNDING)
    a = r.scenario
    completers = a.apprentices * a.retention.completion_rate
    assert r.expected_completers == pytest.approx(completers)
    assert r.cost_per_completer == pytest.approx(pv_c / completers, rel=ROUNDING)
    net = benefits - costs
    cumulative = np.cumsum(net)
    assert r.peak_outlay == pytest.approx(max(0.0, -cumulative.min()), abs=USD_ROUNDING)
    if r.peak_outlay > 0:
        assert cumulative[r.peak_outlay_month - 1] == pytest.approx(-r.peak_outlay)
    term = flows["phase"] == "term"
    term_costs = flows.loc[term & (flows["kind"] == "cost"), "amount"].sum()
    assert r.net_cost_during_term == pytest.approx(term_costs - flows.loc[term & (flows["kind"] == "benefit"),
                                                                          "amount"].sum(), abs=USD_ROUNDING)
    training = flows[flows["category"].isin(["training", "funding"])]
    t_costs, _ = monthly(training, r.last_month)
    assert r.training_cost_per_completer == pytest.approx((t_costs @ d) / completers, rel=ROUNDING, abs=1e-9)
    years = r.by_year()
    assert years["net"].sum() == pytest.approx(r.net_cash_undiscounted, abs=USD_ROUNDING)
    assert years["cumulative_net"].iloc[-1] == pytest.approx(r.net_cash_undiscounted, abs=USD_ROUNDING)
    offsets = flows[flows["category"] == "funding"]
    by_month = offsets.groupby("month")["amount"].sum().reindex(range(1, r.last_month + 1), fill_value=0)
    assert r.funding_offsets == pytest.approx(-(by_month.to_numpy() @ d), abs=1e-9)
    # by_line adds up too
    assert r.by_line()["amount"].sum() == pytest.approx(costs.sum() + benefits.sum())


COST_INPUTS = {
    "wages.starting_wage": (10.0, 40.0),
    "wages.fringe_rate": (0.0, 0.6),
    "instruction.cost_per_apprentice": (0.0, 8000.0),
    "instruction.class_fixed_cost": (0.0, 20000.0),
    "mentor.hours_per_month": (0.0, 20.0),
    "mentor.wage": (15.0, 50.0),
    "administration.staff_cost_per_cohort_month": (0.0, 2000.0),
    "administration.one_off_per_apprentice": (0.0, 3000.0),
    "administration.intermediary_fee_per_apprentice": (0.0, 3000.0),
    "administration.intermediary_fee_per_cohort": (0.0, 20000.0),
    "instruction.release_wage_share": (0.0, 1.5),
}


WAGE_INPUTS = {"wages.starting_wage", "wages.fringe_rate"}


@SETTINGS
@given(overrides(), st.sampled_from(sorted(COST_INPUTS)), st.data())
def test_raising_a_cost_input_never_raises_the_benefit_cost_ratio(over, path, data):
    lo, hi = COST_INPUTS[path]
    x = data.draw(st.floats(lo, hi), label="low")
    y = data.draw(st.floats(x, hi), label="high")
    assume(y > x)
    base = {k: v for k, v in over.items() if k != path}
    if path in WAGE_INPUTS:
        # Under substitution the apprentice's routine work is valued at the loaded wage (and the untrained
        # incumbent's after completion): there the wage is a price on both sides, not a cost input.
        # A completer's wage of its own would make the starting wage the incumbent's counterfactual wage too.
        base.update({"method": "output_value", "alternative": "hire_outside", "wages.completer_wage": None})
    low, high = evaluated({**base, path: x}), evaluated({**base, path: y})
    if low.benefit_cost_ratio is None or high.benefit_cost_ratio is None:
        return
    assert high.benefit_cost_ratio <= low.benefit_cost_ratio * (1 + 1e-12) + 1e-12
    assert high.total_costs >= low.total_costs - 1e-6


@st.composite
def plans(draw):
    """A plan of 1-3 cohorts pooling 1-4 employers, some with overrides."""
    employers = ["A", "B", "C", "D"]
    cohorts = []
    for i in range(draw(st.integers(1, 3))):
        chosen = draw(st.lists(st.sampled_from(employers), min_size=1, max_size=4, unique=True))
        cohorts.append({"name": f"C{i}", "start_month": draw(st.integers(1, 24)),
                        "members": [{"employer": e, "apprentices": draw(st.integers(0, 25))} for e in chosen]})
    present = sorted({m["employer"] for c in cohorts for m in c["members"]})
    overridden = draw(st.lists(st.sampled_from(present), unique=True, max_size=2))
    overrides = [{"employer": e, "set": {"wages.starting_wage": draw(st.floats(12, 30)),
                                         "retention.completion_rate": draw(st.floats(0.3, 1.0))}}
                 for e in overridden]
    over = draw(overrides_strategy)
    over.update({"cohorts": cohorts, "employers": overrides,
                 "instruction.class_fixed_cost": draw(st.sampled_from([0, 15000])),
                 "administration.intermediary_fee_per_cohort": draw(st.sampled_from([0, 5000]))})
    return over


overrides_strategy = overrides().map(lambda o: {k: v for k, v in o.items() if not k.startswith("cohorts.")})


@SETTINGS
@given(plans())
def test_plan_breakdowns_add_up_to_the_plan(over):
    over = {**over, "horizon.dollars": "nominal"}  # the fee is counted below as entered, not deflated
    r = evaluated(over)
    assert r.cashflows["month"].between(1, r.last_month).all()
    for table in (r.by_employer(), r.by_cohort()):
        assert table["total_costs"].sum() == pytest.approx(r.total_costs, rel=ROUNDING, abs=USD_ROUNDING)
        assert table["total_benefits"].sum() == pytest.approx(r.total_benefits, rel=ROUNDING, abs=USD_ROUNDING)
        assert table["expected_completers"].sum() == pytest.approx(r.expected_completers, rel=ROUNDING)
    rates = {o["employer"]: o["set"]["retention.completion_rate"] for o in over["employers"]}
    base_rate = r.scenario.retention.completion_rate
    expected = sum(m["apprentices"] * rates.get(m["employer"], base_rate)
                   for c in over["cohorts"] for m in c["members"])
    assert r.expected_completers == pytest.approx(expected)
    # the shared class and per-cohort costs are paid in full by each cohort that has apprentices
    per_cohort_fee = over["administration.intermediary_fee_per_cohort"]
    fee = r.cashflows[r.cashflows["line"] == "intermediary fee"]["amount"].sum()
    with_apprentices = sum(1 for c in over["cohorts"] if sum(m["apprentices"] for m in c["members"]) > 0)
    assert fee == pytest.approx(per_cohort_fee * with_apprentices + 0.0)


#: Every difference against the alternative after completion set to zero.
NO_DIFFERENCE = {
    "hire_outside": {"outside_hire.recruiting_cost": 0, "outside_hire.vacancy_months": 0,
                     "outside_hire.adaptation_months": 0, "outside_hire.productivity_advantage": 0,
                     "outside_hire.share_filling_outside_posts": 1.0, "benefits.backfill_vacated_post": False,
                     "wages.technician_wage": 27.5, "wages.completer_wage": 27.5},
    "keep_incumbent": {"wages.completion_raise": 0, "wages.step_raises": [], "wages.counterfactual_annual_raise": 0,
                       "benefits.scrap_avoided_per_month": 0, "output.productivity_gain": 0,
                       "wages.completer_wage": None, "substitution.skilled_share_end": 0.0},
}


@SETTINGS
@given(overrides(), st.sampled_from(["substitution", "incremental"]), st.sampled_from(sorted(NO_DIFFERENCE)),
       st.integers(1, 84))
def test_months_after_completion_add_nothing_when_the_completer_is_no_different(over, method, alternative, months):
    over = {**over, **NO_DIFFERENCE[alternative], "method": method, "alternative": alternative,
            "horizon.dollars": "nominal"}
    rate = over.get("retention.completer_separation_rate", COMPLETER_SEPARATION_RATE)
    over["outside_hire.separation_rate" if alternative == "hire_outside" else "benefits.baseline_separation_rate"] \
        = rate
    term_only = evaluated({**over, "horizon.months_after_completion": 0})
    longer = evaluated({**over, "horizon.months_after_completion": months})
    after = longer.cashflows[longer.cashflows["phase"] == "after completion"]
    assert after["amount"].abs().sum() == pytest.approx(0, abs=USD_ROUNDING)
    assert longer.net_cash_undiscounted == pytest.approx(term_only.net_cash_undiscounted, rel=ROUNDING,
                                                        abs=USD_ROUNDING)


def _completer_at_least_as_good(over) -> bool:
    """Each month after completion nets >= 0 against the alternative (completers worth what they replace)."""
    r = evaluated({**over, "retention.completion_rate": 1.0})
    after = r.cashflows[r.cashflows["phase"] == "after completion"]
    signed = np.where(after["kind"] == "benefit", after["amount"], -after["amount"])
    return bool((pd.Series(signed).groupby(after["month"].to_numpy()).sum() >= -1e-9).all())


@SETTINGS
@given(overrides(), st.floats(0.05, 1.0), st.floats(0.05, 1.0), st.integers(1, 84))
def test_raising_completion_never_lowers_the_ratio_once_years_after_completion_count(over, c1, c2, months):
    over = {**over, "horizon.months_after_completion": months}
    assume(_completer_at_least_as_good(over))
    low, high = sorted((c1, c2))
    at_low = evaluated({**over, "retention.completion_rate": low}).benefit_cost_ratio
    at_high = evaluated({**over, "retention.completion_rate": high}).benefit_cost_ratio
    # a completer paid below the wage the worker would have had makes costs negative: no ratio exists (a note
    # says so); the property is about the ratio
    assume(at_low is not None and at_high is not None)
    assert at_high >= at_low - 1e-12


@SETTINGS
@given(overrides(**{"horizon.dollars": "nominal"}))
def test_todays_dollars_change_no_ratio_and_no_present_value(over):
    nominal = evaluated(over)
    real = evaluated({**over, "horizon.dollars": "real"})
    assert real.npv == pytest.approx(nominal.npv, rel=ROUNDING, abs=USD_ROUNDING)
    assert real.benefit_cost_ratio == pytest.approx(nominal.benefit_cost_ratio, rel=ROUNDING)
    assert real.total_costs == pytest.approx(nominal.total_costs, rel=ROUNDING)
