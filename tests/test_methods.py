"""The substitution method and the years after completion against an outside hire, by hand (docs/model.md).

Defaults used by the hand computations: 10 apprentices at $18.50 with 30% fringe, 152 on-the-job hours and
132 / 9 class hours a month in each college semester, step raises of 7.5% from months 7 and 13; the
substitution ramps 0.85 -> 0.95 (productive share), 0.25 -> 0.75 (skilled share), 0.40 -> 0.90 (relative
productivity) over 18 months; a market technician at $30; after completion, three quarters of the
completers fill a post the firm would otherwise have hired for, a tenth of completers leave at completion,
an outside hire costs $4,000 to recruit, 2 months of vacancy at half the loaded hour and 3 months of
adaptation at 75%. The completion rate is pinned at 46 of 60 so the hand formulas stay short.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from imt_roi import Cohort, Member, evaluate, preset, scenario_from_dict
from imt_roi.cli import main
from imt_roi.lines import mentor_charge, outside_hire_cost
from imt_roi.results import as_jff_2020, jff_method_ratio
from imt_roi.terms import description_conflicts, terms_text
from core_helpers import (CENT, COMPLETER_SEP, COMPLETION, N, PUBLISHED_2DP, ROUNDING, STAY, TERM, line_by_month,
                          present)

LOADED = 1.30
OJL_MONTH = 2736 / 18
FULL_TIME = 3000 / 18
MONTHS = np.arange(1, TERM + 1)
P = np.array([present(m) for m in MONTHS])
WAGES = 18.50 * (1 + 0.075 * (MONTHS >= 7) + 0.075 * (MONTHS >= 13))
TECH = 30.0 * LOADED          # the market technician's loaded hour, the skilled hour's value under substitution
FILLING = 0.75                # outside_hire.share_filling_outside_posts
COMPLETER_WAGE = 18.50 * 1.35  # $24.975: the starting wage with two 7.5% steps and the 20% completion raise


def ramp(start: float, end: float) -> np.ndarray:
    return start + (end - start) * (MONTHS - 1) / (TERM - 1)


PS, SK, RP = ramp(0.85, 0.95), ramp(0.25, 0.75), ramp(0.40, 0.90)


def run(overrides: dict | None = None):
    """The default preset (substitution, against an outside hire), without wage growth unless asked."""
    return evaluate(preset("imt-default", {"horizon.wage_growth": 0.0, "retention.completion_rate": COMPLETION,
                                           **(overrides or {})}))


# --- substitution in the term --------------------------------------------------------------------------------

def test_wages_split_into_productive_hours_and_training_time():
    r = run()
    productive = line_by_month(r, "wages")[:TERM]
    training = line_by_month(r, "wages for training time on the job")[:TERM]
    np.testing.assert_allclose(productive, N * P * WAGES * OJL_MONTH * PS * LOADED, rtol=1e-12)
    np.testing.assert_allclose(training, N * P * WAGES * OJL_MONTH * (1 - PS) * LOADED, rtol=1e-12)
    assert productive[0] + training[0] == pytest.approx(10 * 18.50 * 152 * 1.30)  # every paid hour, once
    flows = r.cashflows
    assert set(flows.loc[flows["line"] == "wages", "category"]) == {"productive wages"}
    assert set(flows.loc[flows["line"] == "wages for training time on the job", "category"]) == {"training"}


def test_productive_contribution_values_skilled_and_routine_work_at_what_it_would_cost():
    contribution = line_by_month(run(), "productive contribution")[:TERM]
    value = SK * RP * TECH + (1 - SK) * 18.50 * LOADED
    np.testing.assert_allclose(contribution, N * P * OJL_MONTH * PS * value, rtol=1e-12)
    # month 1: 129.2 productive hours, a quarter of them skilled at 40% of a $39.00 hour, the rest at $24.05
    assert contribution[0] == pytest.approx(10 * 152 * 0.85 * (0.25 * 0.40 * 39.0 + 0.75 * 24.05))


def test_routine_work_at_full_productivity_is_worth_exactly_its_wage():
    """An incumbent doing only routine work, all of it productive, with no raise: contribution = wages."""
    r = run({"substitution.skilled_share_start": 0, "substitution.skilled_share_end": 0,
             "substitution.productive_share_start": 1, "substitution.productive_share_end": 1,
             "wages.step_raises": []})
    np.testing.assert_allclose(line_by_month(r, "productive contribution")[:TERM],
                               line_by_month(r, "wages")[:TERM], rtol=1e-12)


def test_the_term_costs_the_sponsor_more_than_the_work_is_worth_by_default():
    r = run()
    assert r.net_cost_during_term > 0
    assert r.peak_outlay == pytest.approx(r.net_cost_during_term)  # the lowest point is the end of the term
    assert r.peak_outlay_month == TERM


# --- after completion, against an outside hire ----------------------------------------------------------------

def test_recruiting_vacancy_and_adaptation_avoided_fall_in_the_months_after_completion():
    r = run({"retention.completer_separation_rate": 0.0})
    recruiting = line_by_month(r, "recruiting and vacancy avoided")
    adaptation = line_by_month(r, "outside hire's adaptation avoided")
    assert not recruiting[:TERM].any() and not adaptation[:TERM].any()
    vacancy_month = FULL_TIME * TECH * 0.5
    filling = N * COMPLETION * STAY * FILLING  # completers in posts the firm would have hired for
    assert recruiting[TERM] == pytest.approx(filling * (4000 + vacancy_month))       # month 19
    assert recruiting[TERM + 1] == pytest.approx(filling * vacancy_month)             # month 20
    assert not recruiting[TERM + 2:].any()
    adapting = FULL_TIME * TECH * 0.25
    np.testing.assert_allclose(adaptation[TERM + 2:TERM + 5], filling * adapting, rtol=1e-12)  # 21-23
    assert not adaptation[TERM + 5:].any()
    assert outside_hire_cost(r.scenario) == pytest.approx(4000 + 2 * vacancy_month + 3 * adapting)
    assert outside_hire_cost(r.scenario) == pytest.approx(15375.00, abs=CENT)
    # about 10 weeks of a technician's loaded wage, the low end of the 10 to 17 weeks of the hiring-cost studies
    assert outside_hire_cost(r.scenario) / (TECH * 40) == pytest.approx(9.86, abs=0.01)


def test_fractional_vacancy_months_count_their_share():
    r = run({"outside_hire.vacancy_months": 1.5, "outside_hire.recruiting_cost": 0,
             "retention.completer_separation_rate": 0.0})
    recruiting = line_by_month(r, "recruiting and vacancy avoided")
    vacancy_month = N * COMPLETION * STAY * FILLING * FULL_TIME * TECH * 0.5
    np.testing.assert_allclose(recruiting[TERM:TERM + 3], [vacancy_month, vacancy_month / 2, 0], rtol=1e-12)


def test_productivity_advantage_wage_gap_and_turnover_difference_each_month_after():
    r = run()
    q = 1 - (1 - COMPLETER_SEP) ** (1 / 12)
    retained = N * COMPLETION * STAY * (1 - q) ** np.arange(60)
    advantage = line_by_month(r, "completer's productivity advantage")[TERM:]
    np.testing.assert_allclose(advantage, retained * FILLING * 0.05 * FULL_TIME * TECH, rtol=1e-12)
    wage_gap = line_by_month(r, "outside hire's higher wage avoided")[TERM:]
    # one price of skilled work: the gap is the market technician's $30 minus the completer's $24.975
    np.testing.assert_allclose(wage_gap, retained * FILLING * (30.0 - COMPLETER_WAGE) * FULL_TIME * LOADED,
                               rtol=1e-12)
    turnover = line_by_month(r, "turnover avoided")[TERM:]
    # against the outside hire's 20% a year for those in outside posts, an incumbent's 25% for the others
    hire = outside_hire_cost(r.scenario)
    np.testing.assert_allclose(turnover, retained * (FILLING * (0.20 - COMPLETER_SEP) / 12 * hire
                                                     + (1 - FILLING) * (0.25 - COMPLETER_SEP) / 12 * 7700),
                               rtol=1e-12)


def test_a_negative_difference_is_a_cost_never_a_negative_benefit():
    r = run({"wages.technician_wage": 22.0, "outside_hire.productivity_advantage": -0.05,
             "outside_hire.separation_rate": 0.05})
    costs = set(r.cashflows.loc[r.cashflows["kind"] == "cost", "line"])
    assert {"completer paid above an outside hire", "completer's productivity shortfall", "extra turnover"} <= costs
    assert (r.cashflows["amount"][r.cashflows["kind"] == "benefit"] >= 0).all()


def test_wage_growth_raises_every_flow_after_completion_once_a_year():
    flat, grown = run(), run({"horizon.wage_growth": 0.03})
    after = flat.cashflows["phase"] == "after completion"
    for line in ("completer's productivity advantage", "turnover avoided"):
        a, b = line_by_month(flat, line), line_by_month(grown, line)
        np.testing.assert_allclose(b[:TERM + 12], a[:TERM + 12], rtol=1e-12)          # first year after
        np.testing.assert_allclose(b[TERM + 12:TERM + 24], a[TERM + 12:TERM + 24] * 1.03, rtol=1e-12)
        np.testing.assert_allclose(b[TERM + 48:], a[TERM + 48:] * 1.03 ** 4, rtol=1e-12)
    assert after.any()


def test_no_wages_after_completion_only_differences():
    flows = run().cashflows
    after = set(flows.loc[flows["phase"] == "after completion", "line"])
    assert after == {"recruiting and vacancy avoided", "outside hire's adaptation avoided",
                     "outside hire's higher wage avoided", "completer's productivity advantage", "turnover avoided",
                     "vacated production post refilled", "raises", "completer's productivity gain"}


# --- methods per employer, the JFF convention beside ----------------------------------------------------------

def test_an_employer_override_can_choose_its_own_method():
    data = preset("imt-default").model_dump()
    data["cohorts"] = [Cohort(name="C", members=[Member(employer="A"), Member(employer="B")]).model_dump()]
    data["employers"] = [{"employer": "B", "set": {"method": "output_value", "alternative": "keep_incumbent"}}]
    r = evaluate(scenario_from_dict(data))
    lines_of = r.cashflows.groupby("employer", observed=True)["line"].agg(lambda x: set(x.astype(str)))
    assert "productive contribution" in lines_of["A"] and "productive output" not in lines_of["A"]
    assert "productive output" in lines_of["B"] and "raises" in lines_of["B"]


def test_jff_method_ratio_is_the_same_inputs_under_the_study_convention():
    s = preset("imt-default", {"wages.starting_wage": 17.25})
    jff = as_jff_2020(s)
    assert jff.method == "output_value" and jff.horizon.months_after_completion == 0
    assert jff.horizon.discount_rate == 0 and jff.wages.starting_wage == 17.25
    assert jff_method_ratio(s) == pytest.approx(evaluate(jff).benefit_cost_ratio)
    pinned = preset("imt-default", {"retention.completion_rate": COMPLETION})  # the reading it was calibrated on
    assert jff_method_ratio(pinned) == pytest.approx(1.48, abs=PUBLISHED_2DP)


# --- figures a finance person reads ------------------------------------------------------------------------

def test_json_has_the_finance_figures(capsys):
    assert main(["evaluate", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    r = evaluate(preset("imt-default"))
    for key in ("peak_outlay", "peak_outlay_month", "net_cost_during_term", "training_cost_per_completer",
                "irr_annual", "irr_reason"):
        assert key in data
    assert data["peak_outlay"] == pytest.approx(r.peak_outlay) and data["peak_outlay"] >= 0
    assert data["peak_outlay_month"] == 18
    assert data["training_cost_per_completer"] < data["cost_per_completer"]
    assert data["irr_annual"] is not None and data["irr_reason"] is None


def test_jff_convention_irr_is_none_with_its_reason(capsys):
    assert main(["evaluate", "--preset", "imt-jff-2020", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["irr_annual"] is None
    assert data["irr_reason"].startswith("the outlay is recovered within 2 month(s)")
    assert main(["evaluate", "--preset", "imt-jff-2020"]) == 0
    out = capsys.readouterr().out
    assert "none: the outlay is recovered within 2 month(s)" in out and "over 1,000%" not in out


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_cash_by_plan_year_adds_up_to_the_undiscounted_net_cash(capsys, fmt):
    assert main(["evaluate", "--by", "year", "--format", fmt]) == 0
    out = capsys.readouterr().out
    r = evaluate(preset("imt-default"))
    years = r.by_year()
    assert list(years.index) == list(range(1, 8))  # 78 months: years 1 to 7
    assert years["net"].sum() == pytest.approx(r.net_cash_undiscounted)
    if fmt == "csv":
        header, *rows = out.strip().splitlines()
        assert header == "year,costs,benefits,net,cumulative_net" and len(rows) == 7
        assert float(rows[-1].split(",")[-1]) == pytest.approx(r.net_cash_undiscounted)
    elif fmt == "json":
        rows = json.loads(out)
        assert [set(row) for row in rows] == [{"year", "costs", "benefits", "net", "cumulative_net"}] * 7
        assert sum(row["net"] for row in rows) == pytest.approx(r.net_cash_undiscounted)
    else:
        assert "cumulative_net" in out and "substitution method" in out


def test_completion_matters_once_years_after_completion_count():
    ratios = [run({"retention.completion_rate": c}).benefit_cost_ratio for c in (0.3, 0.7667, 1.0)]
    assert ratios[0] < ratios[1] < ratios[2]
    assert ratios[1] - ratios[0] > 0.15  # dropouts cost what they cost (was 1.59 vs 1.647 under the old default)


# --- money and time ------------------------------------------------------------------------------------------

def test_todays_dollars_deflate_flows_and_discount_at_the_real_rate():
    nominal = evaluate(preset("imt-default", {"horizon.discount_rate": 0.0506}))
    real = evaluate(preset("imt-five-year"))
    assert real.discount_rate == pytest.approx(1.0506 / 1.02 - 1)
    assert real.npv == pytest.approx(nominal.npv, rel=ROUNDING)
    assert real.benefit_cost_ratio == pytest.approx(nominal.benefit_cost_ratio, rel=ROUNDING)
    month = real.cashflows["month"]
    ratio = (real.cashflows["amount"] / nominal.cashflows["amount"]).to_numpy()
    np.testing.assert_allclose(ratio, 1.02 ** (-month.to_numpy() / 12), rtol=1e-12)


def test_the_discount_rate_is_labelled_nominal_and_every_preset_description_agrees_with_its_inputs():
    s = preset("imt-default")
    assert "Nominal" in type(s.horizon).model_fields["discount_rate"].description
    for name in ("imt-default", "imt-five-year", "imt-jff-2020", "imt-union", "imt-non-union", "imt-partnership"):
        assert description_conflicts(preset(name)) == [], name


def test_a_changed_rate_or_horizon_makes_the_description_stale_and_says_so():
    s = preset("imt-default", {"horizon.discount_rate": 0.03, "horizon.months_after_completion": 24})
    conflicts = description_conflicts(s)
    assert any("60 months after completion" in c and "24 months" in c for c in conflicts)
    assert any("5%" in c and "3.0%" in c for c in conflicts)
    assert "24 months (2 years) after completion" in terms_text(s) and "3.0% a year" in terms_text(s)
    jff = preset("imt-jff-2020", {"horizon.months_after_completion": 12})
    assert any("term only" in c for c in description_conflicts(jff))


def test_exports_state_the_terms_and_flag_a_stale_description():
    from imt_roi.export import summary_html
    s = preset("imt-default", {"horizon.discount_rate": 0.03})
    page = summary_html(evaluate(s))
    assert "nominal dollars discounted at 3.0% a year" in page
    assert "Out of date" in page and "discounted at 5%" in page
    clean = summary_html(evaluate(preset("imt-default")))
    assert "Out of date" not in clean


def test_mentor_charge_shows_what_is_charged():
    c = mentor_charge(preset("imt-default"))
    assert (c.hours_per_month, c.share_charged, c.loaded_rate) == (8, 0.5, pytest.approx(32.5))
    assert c.per_month == pytest.approx(130.0)
    flows = evaluate(preset("imt-default")).cashflows
    mentor = flows[(flows["line"] == "mentor time") & (flows["month"] == 1)]["amount"].sum()
    assert mentor == pytest.approx(10 * 130.0)
