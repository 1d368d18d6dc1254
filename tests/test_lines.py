"""Every cost and benefit line against hand computations from the documented formulas (docs/model.md).

Defaults used by the hand computations: 10 apprentices, $18.50 starting wage,
30% fringe, 2,736 on-the-job hours and 264 class hours over 18 months, step
raises of 7.5% from months 7 and 13, completion raise 20%, $4,000 tuition,
completion rate 46/60, expected shares present (1 - h) ** (m - 1).
"""

from __future__ import annotations

import numpy as np
import pytest

from imt_roi import Cohort, Member, evaluate, preset
from imt_roi import schedule as sch
from imt_roi.parameters import JFF_VALUE_PER_HOUR
from core_helpers import (COMPLETER_SEP, COMPLETION, FRINGE, N, OJL, RTI, STAY, TERM, WAGE, line_by_month,
                          line_kind, lines, present, run)

LOADED = 1 + FRINGE
OJL_MONTH = OJL / TERM            # 152 hours a month
CLASS_MONTH = RTI / 2 / 9         # college: 132 hours over months 1-9, 132 over 10-18
FULL_TIME = (OJL + RTI) / TERM    # 166.67 hours a month after completion
MONTHS = np.arange(1, TERM + 1)
P = np.array([present(m) for m in MONTHS])
GAIN = round(1 / 0.70 - 1, 4)     # default incremental gain: the output-value ramp's rise, 0.70 to 1.00
VALUE = JFF_VALUE_PER_HOUR        # default value of an hour of output, calibrated to the JFF 2020 $1.48
H = 1 - COMPLETION ** (1 / TERM)  # monthly leaving hazard


def wage_in(month: int) -> float:
    steps = 0.075 * (month >= 7) + 0.075 * (month >= 13)
    return WAGE * (1 + steps + 0.20 * (month > TERM))


WAGES = np.array([wage_in(m) for m in MONTHS])


def pooled(members: dict[str, int], **overrides):
    """imt-default with one cohort pooling several employers."""
    s = preset("imt-default", overrides)
    cohort = Cohort(name="Pool", members=[Member(employer=e, apprentices=n) for e, n in members.items()])
    return s.model_copy(update={"cohorts": [cohort]})


# --- gross convention: wages, release time, productive output -------------------------------------------

def test_month_one_wages_are_ten_apprentices_at_the_starting_wage_for_152_loaded_hours():
    wages = line_by_month(run(), "wages")
    assert wages[0] == pytest.approx(10 * 18.50 * 2736 / 18 * 1.30)  # 36,556
    assert wages[0] == pytest.approx(36556.0)


def test_wages_follow_the_step_raises_and_the_share_still_present():
    wages = line_by_month(run(), "wages")
    expected = N * P * WAGES * OJL_MONTH * LOADED
    np.testing.assert_allclose(wages, expected, rtol=1e-12)
    # step raises: month 7 at 18.50 x 1.075, month 13 at 18.50 x 1.15
    assert wages[6] / (N * P[6] * OJL_MONTH * LOADED) == pytest.approx(19.8875)
    assert wages[12] / (N * P[12] * OJL_MONTH * LOADED) == pytest.approx(21.275)


def test_fringe_rate_scales_wages():
    no_fringe = line_by_month(run({"wages.fringe_rate": 0.0}), "wages")
    assert no_fringe[0] == pytest.approx(10 * 18.50 * 152)


def test_completion_raise_applies_from_the_month_after_the_term():
    # Against an untrained incumbent the completer's cost after the term is the raise over the $18.50 wage.
    r = run({"horizon.months_after_completion": 12, "alternative": "keep_incumbent"})
    raises = line_by_month(r, "raises")
    q = 1 - (1 - COMPLETER_SEP) ** (1 / 12)
    month19 = N * COMPLETION * STAY * WAGE * (0.075 + 0.075 + 0.20) * FULL_TIME * LOADED
    assert raises[18] == pytest.approx(month19)
    assert raises[19] == pytest.approx(month19 * (1 - q))
    # $18.50 with two steps and the completion raise: $24.975, the JFF "$25 at the end"
    assert raises[18] / (N * COMPLETION * STAY * FULL_TIME * LOADED) + WAGE == pytest.approx(24.975)
    assert "wages" not in set(r.cashflows.loc[r.cashflows["phase"] == "after completion", "line"])


def test_release_time_is_class_hours_at_the_wage_when_paid():
    release = line_by_month(run(), "release time")
    expected = N * P * WAGES * CLASS_MONTH * 1.0 * LOADED
    np.testing.assert_allclose(release, expected, rtol=1e-12)
    assert release[0] == pytest.approx(10 * 18.50 * 132 / 9 * 1.30)
    half = line_by_month(run({"instruction.release_wage_share": 0.5}), "release time")
    np.testing.assert_allclose(half, expected / 2, rtol=1e-12)
    assert "release time" not in lines(run({"instruction.release_time_paid": False}))


def test_paid_hours_total_3000_over_the_term_for_someone_who_stays():
    r = run({"retention.completion_rate": 1.0})
    paid = (line_by_month(r, "wages") + line_by_month(r, "release time")) / (N * WAGES * LOADED)
    assert paid.sum() == pytest.approx(3000)


def test_productive_output_ramps_from_70_to_100_percent_of_an_experienced_hour():
    output = line_by_month(run(), "productive output")
    share = 0.70 + 0.30 * (MONTHS - 1) / (TERM - 1)
    np.testing.assert_allclose(output, N * P * OJL_MONTH * VALUE * share, rtol=1e-12)
    assert output[0] == pytest.approx(10 * 152 * VALUE * 0.70)   # 53,200
    assert output[-1] == pytest.approx(10 * P[-1] * 152 * VALUE * 1.0)
    assert line_kind(run(), "productive output") == {"benefit"}


# --- incremental convention: raises, release time, output lost to class, productivity gain ---------------

def test_raises_count_only_the_wage_above_the_counterfactual_path():
    r = run({"method": "incremental"})
    raises = line_by_month(r, "raises")
    expected = N * P * (WAGES - WAGE) * OJL_MONTH * LOADED
    np.testing.assert_allclose(raises, expected, rtol=1e-12, atol=1e-9)
    assert np.all(raises[:6] == 0)
    assert raises[6] == pytest.approx(10 * P[6] * 18.50 * 0.075 * 152 * 1.30)


def test_raises_net_of_a_counterfactual_yearly_raise():
    raises = line_by_month(run({"method": "incremental", "wages.counterfactual_annual_raise": 0.03}), "raises")
    # months 13-18: the worker would have had 18.50 x 1.03; the apprentice earns 18.50 x 1.15
    assert raises[12] == pytest.approx(N * P[12] * 18.50 * (0.15 - 0.03) * 152 * 1.30)
    assert raises[6] == pytest.approx(N * P[6] * 18.50 * 0.075 * 152 * 1.30)


def test_incremental_release_time_outside_the_shift_is_the_full_class_wage():
    r = run({"method": "incremental"})
    np.testing.assert_allclose(line_by_month(r, "release time"), N * P * WAGES * CLASS_MONTH * LOADED, rtol=1e-12)
    assert "output lost to class" not in lines(r)


def test_classes_during_the_shift_lose_output_and_pay_only_the_raise_on_class_hours():
    r = run({"method": "incremental", "instruction.class_during_shift": True})
    lost = line_by_month(r, "output lost to class")
    np.testing.assert_allclose(lost, N * P * CLASS_MONTH * VALUE * 0.70, rtol=1e-12)
    assert lost[0] == pytest.approx(10 * 132 / 9 * VALUE * 0.70)
    release = line_by_month(r, "release time")
    np.testing.assert_allclose(release, N * P * (WAGES - WAGE) * CLASS_MONTH * LOADED, rtol=1e-12, atol=1e-9)
    assert release[0] == 0
    assert line_kind(r, "output lost to class") == {"cost"}


def test_productivity_gain_ramps_to_its_default_and_persists_after_completion():
    r = run({"method": "incremental", "horizon.months_after_completion": 24, "alternative": "keep_incumbent"})
    gain = line_by_month(r, "productivity gain")
    share = GAIN * (MONTHS - 1) / (TERM - 1)
    np.testing.assert_allclose(gain[:TERM], N * P * OJL_MONTH * VALUE * 0.70 * share, rtol=1e-12, atol=1e-9)
    assert gain[0] == 0
    after = line_by_month(r, "completer's productivity gain")
    q = 1 - (1 - COMPLETER_SEP) ** (1 / 12)
    month19 = N * COMPLETION * STAY * FULL_TIME * VALUE * 0.70 * GAIN
    assert after[18] == pytest.approx(month19)
    # a year after completion: 90% still there, wage-valued flows 3% higher (horizon.wage_growth)
    assert after[18 + 12] == pytest.approx(month19 * (1 - COMPLETER_SEP) * 1.03)
    assert after[18 + 11] == pytest.approx(month19 * (1 - q) ** 11)
    assert after[-1] == pytest.approx(month19 * (1 - q) ** 23 * 1.03)


# --- related technical instruction by delivery -----------------------------------------------------------

def test_college_tuition_falls_at_each_semester_start():
    ri = line_by_month(run(), "related instruction")
    assert ri[0] == pytest.approx(10 * 4000 / 2)            # semester 1, month 1
    assert ri[9] == pytest.approx(10 * P[9] * 4000 / 2)     # semester 2, month 10
    assert np.count_nonzero(ri) == 2


def test_mssc_tuition_falls_at_each_of_four_module_starts():
    ri = line_by_month(run({"instruction.delivery": "mssc"}), "related instruction")
    # four modules over 18 months: months 1-4, 5-9, 10-13, 14-18
    starts = [1, 5, 10, 14]
    assert list(np.flatnonzero(ri) + 1) == starts
    for m in starts:
        assert ri[m - 1] == pytest.approx(10 * present(m) * 1000)


def test_mix_is_one_semester_then_two_modules():
    ri = line_by_month(run({"instruction.delivery": "mix"}), "related instruction")
    assert list(np.flatnonzero(ri) + 1) == [1, 10, 14]
    assert ri[0] == pytest.approx(10 * 2000)
    assert ri[9] == pytest.approx(10 * present(10) * 1000)
    assert ri[13] == pytest.approx(10 * present(14) * 1000)


def test_mssc_class_hours_follow_the_modules():
    r = run({"instruction.delivery": "mssc", "retention.completion_rate": 1.0})
    hours = line_by_month(r, "release time") / (N * WAGES * LOADED)
    assert hours.sum() == pytest.approx(264)
    assert hours[0] == pytest.approx(66 / 4)     # module 1: 66 hours over months 1-4
    assert hours[4] == pytest.approx(66 / 5)     # module 2: months 5-9


def test_tuition_without_attrition_totals_the_cost_per_apprentice():
    for delivery in ("college", "mssc", "mix"):
        r = run({"instruction.delivery": delivery, "retention.completion_rate": 1.0})
        assert line_by_month(r, "related instruction").sum() == pytest.approx(10 * 4000)


# --- class fixed cost shared by a pooled cohort ------------------------------------------------------------

def test_class_fixed_cost_is_split_by_seats_and_sections():
    s = pooled({"A": 10, "B": 10, "C": 5}, **{"instruction.class_fixed_cost": 12000})
    r = evaluate(s)
    # 25 seats, 20 per class: 2 sections at $12,000, half at each semester start
    total = line_by_month(r, "class fixed cost")
    assert total.sum() == pytest.approx(2 * 12000)
    assert total[0] == pytest.approx(12000) and total[9] == pytest.approx(12000)
    assert line_by_month(r, "class fixed cost", employer="A").sum() == pytest.approx(24000 * 10 / 25)
    assert line_by_month(r, "class fixed cost", employer="C").sum() == pytest.approx(24000 * 5 / 25)


def test_pooling_firms_into_one_class_costs_each_seat_less():
    alone = evaluate(pooled({"A": 10}, **{"instruction.class_fixed_cost": 12000}))
    shared = evaluate(pooled({"A": 10, "B": 10}, **{"instruction.class_fixed_cost": 12000}))
    assert line_by_month(alone, "class fixed cost").sum() == pytest.approx(12000)
    assert line_by_month(shared, "class fixed cost", employer="A").sum() == pytest.approx(6000)


def test_class_fixed_cost_follows_module_starts():
    r = evaluate(pooled({"A": 10}, **{"instruction.class_fixed_cost": 8000, "instruction.delivery": "mssc"}))
    fixed = line_by_month(r, "class fixed cost")
    for m in (1, 5, 10, 14):
        assert fixed[m - 1] == pytest.approx(2000)


# --- mentor time, administration, intermediary fees --------------------------------------------------------

def test_mentor_time_is_hours_at_the_loaded_wage_less_the_productive_share_during_the_term():
    r = run({"horizon.months_after_completion": 6})
    mentor = line_by_month(r, "mentor time")
    np.testing.assert_allclose(mentor[:TERM], N * P * 8 * 25.0 * 1.30 * 0.5, rtol=1e-12)
    assert mentor[0] == pytest.approx(1300)
    assert np.all(mentor[TERM:] == 0)


def test_administration_is_a_fixed_part_per_cohort_month_plus_a_part_per_apprentice_on_the_payroll():
    r = run({"administration.one_off_per_apprentice": 150, "horizon.months_after_completion": 6})
    a = r.scenario.assumptions()
    present = sch.presence(a, TERM)
    admin = line_by_month(r, "administration")
    adm = a.administration
    assert adm.staff_cost_per_cohort_month == 120 and adm.staff_cost_per_apprentice_month == 18
    assert admin[0] == pytest.approx(120 + 10 * 18 * present[0] + 10 * 150)
    assert admin[1:TERM] == pytest.approx(120 + 10 * 18 * present[1:TERM])
    assert np.all(admin[TERM:] == 0)
    # a cohort of 10 costs 10 hours a month at $30 while all are there: the old single figure
    assert 120 + 10 * 18 == 300


def test_a_small_firm_pays_less_coordination_than_a_large_one_in_the_same_cohort():
    r = evaluate(pooled({"A": 10, "B": 1}))
    present = sch.presence(r.scenario.assumptions(), TERM)
    assert line_by_month(r, "administration", employer="A")[0] == pytest.approx(120 + 10 * 18 * present[0])
    assert line_by_month(r, "administration", employer="B")[0] == pytest.approx(120 + 1 * 18 * present[0])


def test_the_intermediary_takes_over_its_share_of_the_coordination_for_its_fee_less_its_grants():
    s = pooled({"A": 6, "B": 2}, **{"administration.intermediary_coordination_share": 0.75,
                                    "administration.intermediary_fee_per_firm_cohort": 400,
                                    "administration.intermediary_fee_grant_share": 0.5})
    r = evaluate(s)
    present = sch.presence(r.scenario.assumptions(), TERM)
    assert line_by_month(r, "administration", employer="B")[:TERM] == pytest.approx(
        0.25 * (120 + 2 * 18 * present))
    assert line_by_month(r, "intermediary fee", employer="B")[0] == pytest.approx(400)
    assert line_by_month(r, "intermediary's grant", employer="B")[0] == pytest.approx(-200)
    assert set(r.cashflows.loc[r.cashflows["line"] == "intermediary's grant", "category"]) == {"funding"}


def test_intermediary_fee_per_apprentice_and_per_cohort():
    s = pooled({"A": 6, "B": 4}, **{"administration.intermediary_fee_per_apprentice": 500,
                                    "administration.intermediary_fee_per_cohort": 2000})
    r = evaluate(s)
    fee = line_by_month(r, "intermediary fee")
    assert fee[0] == pytest.approx(10 * 500 + 2000)
    assert np.count_nonzero(fee) == 1
    assert line_by_month(r, "intermediary fee", employer="A")[0] == pytest.approx(6 * 500 + 2000 * 6 / 10)
    assert line_by_month(r, "intermediary fee", employer="B")[0] == pytest.approx(4 * 500 + 2000 * 4 / 10)


# --- scrap, downtime, overtime, turnover, recruitment ------------------------------------------------------

def test_scrap_downtime_and_overtime_avoided_ramp_with_progress_through_the_term():
    r = run({"benefits.scrap_avoided_per_month": 900, "benefits.downtime_hours_avoided_per_month": 2,
             "benefits.downtime_cost_per_hour": 1500, "benefits.overtime_avoided_per_month": 360})
    progress = MONTHS / TERM
    np.testing.assert_allclose(line_by_month(r, "scrap avoided"), N * P * progress * 900, rtol=1e-12)
    np.testing.assert_allclose(line_by_month(r, "downtime avoided"), N * P * progress * 2 * 1500, rtol=1e-12)
    np.testing.assert_allclose(line_by_month(r, "overtime avoided"), N * P * progress * 360, rtol=1e-12)
    assert line_by_month(r, "scrap avoided")[0] == pytest.approx(10 * 900 / 18)
    for name in ("scrap avoided", "downtime avoided", "overtime avoided"):
        assert line_kind(r, name) == {"benefit"}


def test_scrap_avoided_is_at_full_effect_after_completion_against_an_untrained_incumbent():
    r = run({"benefits.scrap_avoided_per_month": 900, "horizon.months_after_completion": 3,
             "alternative": "keep_incumbent"})
    assert line_by_month(r, "scrap avoided")[18] == pytest.approx(10 * COMPLETION * STAY * 900)


def test_scrap_avoided_stops_at_completion_against_an_outside_hire():
    # an outside technician would avoid the scrap too: only the difference counts
    r = run({"benefits.scrap_avoided_per_month": 900, "horizon.months_after_completion": 3,
             "outside_hire.share_filling_outside_posts": 1.0})
    scrap = line_by_month(r, "scrap avoided")
    assert scrap[TERM - 1] > 0 and not scrap[TERM:].any()


def test_turnover_in_the_term_is_baseline_separations_avoided_and_dropouts_replaced():
    r = run({"horizon.months_after_completion": 12, "alternative": "keep_incumbent"})
    turnover = line_by_month(r, "turnover avoided")
    np.testing.assert_allclose(turnover[:TERM], N * P[:TERM] * 0.25 / 12 * 7700, rtol=1e-12)
    dropouts = line_by_month(r, "dropouts replaced")
    np.testing.assert_allclose(dropouts[:TERM], N * P[:TERM] * H * 7700, rtol=1e-12)
    assert dropouts.sum() == pytest.approx(N * (1 - COMPLETION) * 7700)  # every leaver refilled once
    assert not dropouts[TERM:].any()
    # completers then leave at the completer rate, 10% a year, against an incumbent's 25%
    assert turnover[TERM] == pytest.approx(10 * COMPLETION * STAY * (0.25 - COMPLETER_SEP) / 12 * 7700)


def test_a_lower_completion_rate_replaces_more_dropouts():
    r = run({"retention.completion_rate": 0.5})
    dropouts = line_by_month(r, "dropouts replaced")
    assert dropouts.sum() == pytest.approx(N * 0.5 * 7700)
    assert line_kind(r, "dropouts replaced") == {"cost"}
    assert (r.cashflows.loc[r.cashflows["kind"] == "benefit", "amount"] >= 0).all()


# --- funding offsets -----------------------------------------------------------------------------------------

def test_starter_offset_is_paid_for_every_starter_in_its_month():
    r = run({"offsets": [{"name": "WIOA", "amount_per_apprentice": 1000, "month": 3}]})
    offset = line_by_month(r, "offset: WIOA")
    assert offset[2] == pytest.approx(-10 * 1000)
    assert np.count_nonzero(offset) == 1
    assert line_kind(r, "offset: WIOA") == {"cost"}
    base = run()
    assert r.total_costs == pytest.approx(base.total_costs - 10000)
    assert r.gross_costs == pytest.approx(base.total_costs)
    assert r.funding_offsets == pytest.approx(10000)


def test_completer_offset_is_paid_at_completion_for_expected_completers():
    r = run({"offsets": [{"name": "credit", "kind": "tax_credit", "basis": "completer",
                          "amount_per_apprentice": 2000}]})
    offset = line_by_month(r, "offset: credit")
    assert offset[TERM - 1] == pytest.approx(-10 * COMPLETION * 2000)
    assert np.count_nonzero(offset) == 1


def test_cap_per_employer_limits_what_each_employer_receives():
    s = pooled({"A": 10, "B": 4}, offsets=[{"name": "grant", "amount_per_apprentice": 1000,
                                            "cap_per_employer": 6000}])
    r = evaluate(s)
    assert line_by_month(r, "offset: grant", employer="A").sum() == pytest.approx(-6000)
    assert line_by_month(r, "offset: grant", employer="B").sum() == pytest.approx(-4000)  # under the cap


def test_cap_per_employer_spans_the_employers_cohorts():
    s = preset("imt-default", {"offsets": [{"name": "grant", "amount_per_apprentice": 1000,
                                             "cap_per_employer": 15000}]})
    s = s.model_copy(update={"cohorts": [Cohort(name="C1", start_month=1, members=[Member(employer="A")]),
                                         Cohort(name="C2", start_month=7, members=[Member(employer="A")])]})
    r = evaluate(s)
    offset = line_by_month(r, "offset: grant")
    assert offset.sum() == pytest.approx(-15000)
    assert offset[0] == pytest.approx(-7500) and offset[6] == pytest.approx(-7500)


def test_a_cap_of_zero_pays_nothing():
    r = run({"offsets": [{"name": "grant", "amount_per_apprentice": 1000, "cap_per_employer": 0}]})
    assert line_by_month(r, "offset: grant").sum() == 0
    assert r.funding_offsets == 0
    assert r.total_costs == pytest.approx(run().total_costs)


def test_two_offsets_with_one_name_keep_their_own_caps():
    r = run({"offsets": [{"amount_per_apprentice": 1000, "cap_per_employer": 5000},
                         {"amount_per_apprentice": 1000, "month": 2}]})
    assert r.funding_offsets == pytest.approx(5000 + 10000)
    assert line_by_month(r, "offset: grant").sum() == pytest.approx(-5000)
    assert line_by_month(r, "offset: grant (2)").sum() == pytest.approx(-10000)


# --- custom lines ----------------------------------------------------------------------------------------------

def test_custom_one_off_per_apprentice_is_weighted_by_presence():
    r = run({"custom_lines": [{"name": "tools", "amount": 500, "start_month": 4}]})
    tools = line_by_month(r, "custom: tools")
    assert tools[3] == pytest.approx(10 * present(4) * 500)
    assert np.count_nonzero(tools) == 1
    assert line_kind(r, "custom: tools") == {"cost"}


def test_custom_monthly_per_cohort_between_its_months():
    r = run({"custom_lines": [{"name": "coach", "amount": 100, "basis": "per_cohort", "frequency": "monthly",
                               "start_month": 2, "end_month": 5}]})
    coach = line_by_month(r, "custom: coach")
    assert list(np.flatnonzero(coach) + 1) == [2, 3, 4, 5]
    assert np.all(coach[1:5] == pytest.approx(100))


def test_custom_yearly_benefit_runs_to_the_end_of_the_horizon():
    r = run({"horizon.months_after_completion": 60,
             "custom_lines": [{"name": "award", "kind": "benefit", "amount": 1000, "basis": "per_cohort",
                               "frequency": "yearly"}]})
    award = line_by_month(r, "custom: award")
    assert list(np.flatnonzero(award) + 1) == [1, 13, 25, 37, 49, 61, 73]
    assert line_kind(r, "custom: award") == {"benefit"}
    assert r.total_benefits == pytest.approx(run({"horizon.months_after_completion": 60}).total_benefits + 7000)


def test_custom_monthly_per_apprentice_follows_presence():
    r = run({"custom_lines": [{"name": "ppe", "amount": 20, "frequency": "monthly"}]})
    np.testing.assert_allclose(line_by_month(r, "custom: ppe"), N * P * 20, rtol=1e-12)


def test_custom_lines_with_one_name_keep_their_kind():
    r = run({"custom_lines": [{"name": "x", "kind": "cost", "amount": 1000},
                              {"name": "x", "kind": "benefit", "amount": 700}]})
    base = run()
    assert r.total_costs == pytest.approx(base.total_costs + 10000)
    assert r.total_benefits == pytest.approx(base.total_benefits + 7000)


def test_custom_line_beyond_the_horizon_counts_nothing():
    r = run({"custom_lines": [{"name": "late", "amount": 1000, "start_month": 30}]})
    assert "custom: late" not in lines(r)


def test_completers_leaving_faster_than_the_alternative_is_a_cost_not_a_negative_benefit():
    r = run({"horizon.months_after_completion": 12, "alternative": "keep_incumbent",
             "retention.completer_separation_rate": 0.40})
    extra = line_by_month(r, "extra turnover")
    assert extra[TERM] == pytest.approx(10 * COMPLETION * STAY * (0.40 - 0.25) / 12 * 7700)
    assert not extra[:TERM].any()
    assert line_kind(r, "extra turnover") == {"cost"}
    assert (r.cashflows.loc[r.cashflows["kind"] == "benefit", "amount"] >= 0).all()


def test_every_cost_line_of_the_term_has_its_survey_category():
    """No line is filed under the survey table's "other" unseen: every method, alternative and option that
    adds a term cost line, with a custom line and an offset, gives lines imt_roi.survey knows."""
    import itertools

    from imt_roi.survey import cost_category

    seen = set()
    for method, alternative, during_shift, backfill in itertools.product(
            ["substitution", "output_value", "incremental"], ["hire_outside", "keep_incumbent"], [True, False],
            [True, False]):
        plan = preset("imt-default", {"method": method, "alternative": alternative,
                                      "instruction.class_during_shift": during_shift,
                                      "benefits.backfill_vacated_post": backfill,
                                      "custom_lines": [{"name": "safety gear", "kind": "cost", "amount": 100}],
                                      "offsets": [{"name": "state grant", "amount_per_apprentice": 500}]})
        flows = evaluate(plan).cashflows
        term = flows[(flows["phase"] == "term") & (flows["kind"] == "cost") & (flows["category"] != "funding")]
        seen |= set(term["line"].astype(str))
    assert {"output lost to class", "dropouts replaced", "custom: safety gear", "mentor time"} <= seen
    for line in seen:
        cost_category(line)  # raises for a line the survey table does not know
    with pytest.raises(ValueError, match="no survey category"):
        cost_category("a new line")
