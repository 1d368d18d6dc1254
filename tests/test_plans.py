"""Plans with several cohorts and employers, employer overrides, breakdowns, presets and the worker view."""

from __future__ import annotations

import numpy as np
import pytest

from imt_roi import Cohort, Member, Scenario, ScenarioError, evaluate, iter_params, preset, scenario_from_dict
from imt_roi.fields import UNITS
from imt_roi.worker import worker_view
from core_helpers import COMPLETION, N, PUBLISHED_2DP, RATE_4DP, line_by_month, run


def plan(cohorts, employers=(), **overrides) -> Scenario:
    """A plan on the JFF-convention preset (term only, undiscounted), so flows are easy to count by hand."""
    data = preset("imt-jff-2020", overrides).model_dump()
    data["cohorts"] = [c.model_dump() for c in cohorts]
    data["employers"] = list(employers)
    return scenario_from_dict(data)


# --- several cohorts and employers -----------------------------------------------------------------------

def test_a_later_cohort_is_the_same_flows_shifted_to_its_start_month():
    r = evaluate(plan([Cohort(name="C1", start_month=1), Cohort(name="C2", start_month=7)]))
    one = line_by_month(r, "wages", cohort="C1")
    two = line_by_month(r, "wages", cohort="C2")
    assert r.last_month == 7 + 18 - 1
    np.testing.assert_allclose(two[6:], one[:18], rtol=1e-12)
    assert np.all(two[:6] == 0)
    single = run()
    assert r.total_costs == pytest.approx(2 * single.total_costs)
    assert r.total_benefits == pytest.approx(2 * single.total_benefits)
    assert r.expected_completers == pytest.approx(2 * N * COMPLETION)


def test_plan_totals_add_up_over_employers_and_cohorts():
    s = plan([Cohort(name="Spring", members=[Member(employer="A", apprentices=6), Member(employer="B", apprentices=3)]),
              Cohort(name="Fall", start_month=7, members=[Member(employer="A", apprentices=5),
                                                           Member(employer="C", apprentices=8)])],
             **{"instruction.class_fixed_cost": 9000, "administration.intermediary_fee_per_cohort": 4000})
    r = evaluate(s)
    for table in (r.by_employer(), r.by_cohort()):
        assert table["total_costs"].sum() == pytest.approx(r.total_costs)
        assert table["total_benefits"].sum() == pytest.approx(r.total_benefits)
        assert table["apprentices"].sum() == r.apprentices == 22
        assert table["expected_completers"].sum() == pytest.approx(r.expected_completers)
    assert set(r.cashflows["employer"].astype(str)) == {"A", "B", "C"}
    # the per-cohort fee is paid once per cohort, split by seats
    assert line_by_month(r, "intermediary fee").sum() == pytest.approx(2 * 4000)
    assert line_by_month(r, "intermediary fee", employer="B").sum() == pytest.approx(4000 * 3 / 9)
    assert r.per_apprentice["total_costs"] == pytest.approx(r.total_costs / 22)


def test_employers_without_shared_costs_add_up_to_separate_evaluations():
    s = plan([Cohort(name="C", members=[Member(employer="A", apprentices=7), Member(employer="B", apprentices=4)])])
    r = evaluate(s)
    alone_a = evaluate(plan([Cohort(name="C", members=[Member(employer="A", apprentices=7)])]))
    alone_b = evaluate(plan([Cohort(name="C", members=[Member(employer="B", apprentices=4)])]))
    assert r.total_costs == pytest.approx(alone_a.total_costs + alone_b.total_costs)
    assert r.by_employer().loc["A", "benefit_cost_ratio"] == pytest.approx(alone_a.benefit_cost_ratio)


def test_an_employer_with_zero_apprentices_pays_nothing():
    r = evaluate(plan([Cohort(name="C", members=[Member(employer="A", apprentices=10),
                                                  Member(employer="Z", apprentices=0)])],
                      **{"administration.intermediary_fee_per_cohort": 1000}))
    assert r.cashflows.loc[r.cashflows["employer"] == "Z", "amount"].abs().sum() == 0
    assert r.total_costs == pytest.approx(run().total_costs + 1000)


# --- employer overrides ------------------------------------------------------------------------------------

def test_employer_override_changes_only_that_employers_lines():
    s = plan([Cohort(name="C", members=[Member(employer="Union Co", apprentices=10),
                                         Member(employer="Shop", apprentices=10)])],
             employers=[{"employer": "Union Co", "set": {"wages.starting_wage": 21.24}}])
    r = evaluate(s)
    assert line_by_month(r, "wages", employer="Union Co")[0] == pytest.approx(10 * 21.24 * 152 * 1.30)
    assert line_by_month(r, "wages", employer="Shop")[0] == pytest.approx(10 * 18.50 * 152 * 1.30)
    union = run({"wages.starting_wage": 21.24})
    assert r.by_employer().loc["Union Co", "total_costs"] == pytest.approx(union.total_costs)
    assert r.by_employer().loc["Shop", "total_costs"] == pytest.approx(run().total_costs)


def test_employers_are_grouped_by_equal_assumptions():
    """Firms whose overrides come to the same assumptions share one set of lines; an override that restates
    the default is the scenario's own assumptions."""
    from imt_roi.overrides import assumption_groups, employer_assumptions

    s = plan([Cohort(name="C", members=[Member(employer=e, apprentices=2) for e in ("A", "B", "C", "D")])],
             employers=[{"employer": "B", "set": {"wages.starting_wage": 21.0}},
                        {"employer": "C", "set": {"wages.starting_wage": 21.0}},
                        {"employer": "D", "set": {"wages.starting_wage": 18.50}}])
    distinct, group_of = assumption_groups(employer_assumptions(s))
    assert len(distinct) == 2
    assert group_of == {"A": 0, "B": 1, "C": 1, "D": 0}
    r = evaluate(s)
    assert r.by_employer().loc["B", "total_costs"] == pytest.approx(r.by_employer().loc["C", "total_costs"])
    assert r.by_employer().loc["D", "total_costs"] == pytest.approx(r.by_employer().loc["A", "total_costs"])


def test_employer_override_of_a_list_item_and_a_choice():
    s = plan([Cohort(name="C", members=[Member(employer="A"), Member(employer="B")])],
             employers=[{"employer": "B", "set": {"instruction.delivery": "mssc", "wages.step_raises.0.share": 0.1}}])
    r = evaluate(s)
    assert list(np.flatnonzero(line_by_month(r, "related instruction", employer="B")) + 1) == [1, 5, 10, 14]
    assert list(np.flatnonzero(line_by_month(r, "related instruction", employer="A")) + 1) == [1, 10]
    wages_b = line_by_month(r, "wages", employer="B")
    wages_a = line_by_month(r, "wages", employer="A")
    assert wages_b[6] / wages_a[6] == pytest.approx(1.10 / 1.075)


def test_employer_override_with_a_longer_horizon_extends_the_plan():
    s = plan([Cohort(name="C", members=[Member(employer="A"), Member(employer="B")])],
             employers=[{"employer": "B", "set": {"horizon.months_after_completion": 12}}])
    r = evaluate(s)
    assert r.last_month == 30
    later = r.cashflows[r.cashflows["month"] > 18]
    assert set(later["employer"]) == {"B"}
    assert set(later["phase"]) == {"after completion"}


def test_employer_override_turning_a_custom_cost_into_a_benefit():
    s = plan([Cohort(name="C", members=[Member(employer="A"), Member(employer="B")])],
             employers=[{"employer": "B", "set": {"custom_lines.0.kind": "benefit"}}],
             custom_lines=[{"name": "x", "amount": 100}])
    r = evaluate(s)
    flows = r.cashflows[r.cashflows["line"] == "custom: x"]
    kinds = flows.groupby("employer", observed=True)["kind"].first().astype(str).to_dict()
    assert kinds == {"A": "cost", "B": "benefit"}


def test_employer_override_of_a_cap():
    s = plan([Cohort(name="C", members=[Member(employer="A"), Member(employer="B")])],
             employers=[{"employer": "B", "set": {"offsets.0.cap_per_employer": 2000}}],
             offsets=[{"name": "g", "amount_per_apprentice": 1000}])
    r = evaluate(s)
    assert line_by_month(r, "offset: g", employer="A").sum() == pytest.approx(-10000)
    assert line_by_month(r, "offset: g", employer="B").sum() == pytest.approx(-2000)


def test_bad_override_names_its_path():
    with pytest.raises(ScenarioError) as err:
        plan([Cohort(name="C", members=[Member(employer="A")])],
             employers=[{"employer": "A", "set": {"wages.starting_wage": 900}}])
    assert err.value.field == "employers.0.set.wages.starting_wage"
    with pytest.raises(ScenarioError) as err:
        plan([Cohort(name="C", members=[Member(employer="A")])], employers=[{"employer": "Nobody", "set": {}}])
    assert err.value.field == "employers.0.employer"


def test_cohort_names_must_be_unique():
    with pytest.raises(ScenarioError) as err:
        plan([Cohort(name="C"), Cohort(name="C", start_month=7)])
    assert err.value.field == "cohorts.1.name"


# --- presets -------------------------------------------------------------------------------------------------

def test_default_preset_values():
    s = preset("imt-default")
    assert s.wages.starting_wage == 18.50
    assert s.wages.completion_raise == 0.20
    assert s.instruction.cost_per_apprentice == 4000
    assert s.program.term_months == 18
    assert s.program.ojl_hours + s.program.rti_hours == 3000
    assert s.retention.completion_rate == pytest.approx((46 / 60 + 110 / 124) / 2, abs=RATE_4DP)
    assert "Table 1" in next(p.source for p in iter_params(s) if p.path == "retention.completion_rate")
    assert s.method == "substitution" and s.alternative == "hire_outside"
    assert s.horizon.months_after_completion == 60
    assert s.horizon.discount_rate == 0.05 and s.horizon.dollars == "nominal"
    assert s.apprentices == 10


def test_jff_preset_is_the_study_convention():
    s = preset("imt-jff-2020")
    assert s.method == "output_value"
    assert s.horizon.months_after_completion == 0 and s.horizon.discount_rate == 0
    assert evaluate(s).benefit_cost_ratio == pytest.approx(1.48, abs=PUBLISHED_2DP)


def test_union_non_union_and_five_year_presets():
    assert preset("imt-union").wages.starting_wage == 21.24
    assert preset("imt-non-union").wages.starting_wage == 16.32
    five = preset("imt-five-year")
    assert five.horizon.months_after_completion == 60
    assert evaluate(five).last_month == 78


def test_every_default_input_has_label_unit_range_and_source():
    infos = list(iter_params(Scenario()))
    assert len(infos) > 40
    for info in infos:
        assert info.label.strip(), info.path
        assert info.unit in UNITS, info.path
        assert info.source.strip(), info.path
        if isinstance(info.value, (int, float)) and not isinstance(info.value, bool):
            assert info.ge is not None and info.le is not None, info.path
            assert info.ge <= info.value <= info.le, info.path
    paths = {i.path for i in infos}
    assert {"wages.starting_wage", "wages.step_raises.0.share", "retention.completion_rate",
            "cohorts.0.members.0.apprentices"} <= paths


def test_optional_numbers_have_a_range_too():
    s = preset("imt-default", {"offsets": [{"name": "g"}], "custom_lines": [{"name": "c"}]})
    infos = {i.path: i for i in iter_params(s)}
    for path in ("offsets.0.cap_per_employer", "custom_lines.0.end_month"):
        assert infos[path].value is None
        assert infos[path].ge is not None and infos[path].le is not None


# --- the worker view -------------------------------------------------------------------------------------------

def test_worker_earnings_with_and_without_the_apprenticeship():
    a = preset("imt-five-year").assumptions()
    w = worker_view(a)
    assert len(w) == 78
    full_time = 3000 / 18
    # month 1: 152 OJL hours + 14.67 paid class hours at 18.50, the same as full time without
    assert w.loc[0, "paid_hours"] == pytest.approx(full_time)
    assert w.loc[0, "earnings_with"] == pytest.approx(18.50 * full_time)
    assert w.loc[0, "earnings_without"] == pytest.approx(18.50 * full_time)
    assert w.loc[0, "gain"] == pytest.approx(0)
    assert w.loc[6, "gain"] == pytest.approx(18.50 * 0.075 * full_time)
    assert w.loc[18, "wage"] == pytest.approx(24.975)
    assert w.loc[18, "gain"] == pytest.approx(18.50 * 0.35 * full_time)
    assert w["cumulative_gain"].iloc[-1] == pytest.approx(w["gain"].sum())


def test_worker_without_paid_release_time_loses_class_hours_pay():
    a = preset("imt-default", {"instruction.release_time_paid": False}).assumptions()
    w = worker_view(a)
    assert w.loc[0, "paid_hours"] == pytest.approx(152)
    assert w.loc[0, "gain"] == pytest.approx(-18.50 * 132 / 9)


def test_worker_counterfactual_raise():
    a = preset("imt-five-year", {"wages.counterfactual_annual_raise": 0.03}).assumptions()
    w = worker_view(a)
    assert w.loc[12, "earnings_without"] == pytest.approx(18.50 * 1.03 * 3000 / 18)
    assert w.loc[11, "earnings_without"] == pytest.approx(18.50 * 3000 / 18)


def test_result_gives_each_employers_metrics():
    s = plan([Cohort(name="C", members=[Member(employer="A", apprentices=3), Member(employer="B", apprentices=7)])],
             employers=[{"employer": "B", "set": {"wages.starting_wage": 21.0}}])
    r = evaluate(s)
    per = r.employer_metrics()
    assert set(per) == {"A", "B"}
    assert r.employer_metrics("B") == per["B"]
    assert per["B"].benefit_cost_ratio == pytest.approx(r.by_employer().loc["B", "benefit_cost_ratio"])
    assert per["A"].apprentices == 3 and per["B"].apprentices == 7
    assert per["A"].total_costs + per["B"].total_costs == pytest.approx(r.total_costs)
    with pytest.raises(ScenarioError, match="no employer 'Z'"):
        r.employer_metrics("Z")
