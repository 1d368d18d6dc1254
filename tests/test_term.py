"""A term from 12 to 24 months: the IMT's hours credited below 18 months, default step raises following the term."""

from __future__ import annotations

import numpy as np
import pytest

from imt_roi import ScenarioError, evaluate, load_scenario, preset, save_scenario
from imt_roi import schedule as sch
from imt_roi.parameters import Scenario, credited_hours, step_months


@pytest.mark.parametrize("term, ojl, rti, steps", [(12, 1824, 176, (5, 9)), (18, 2736, 264, (7, 13)),
                                                   (24, 2736, 264, (9, 17))])
def test_hours_and_steps_follow_the_term(term, ojl, rti, steps):
    plan = preset("imt-default", {"program.term_months": term})
    assert (plan.program.ojl_hours, plan.program.rti_hours) == (pytest.approx(ojl), pytest.approx(rti))
    assert tuple(s.month for s in plan.wages.step_raises) == steps == step_months(term)
    a = plan.assumptions()
    # the same completer's wage whatever the term: the steps move, their sum does not
    assert sch.completer_wage(a) == pytest.approx(sch.completer_wage(preset("imt-default").assumptions()))
    paid = sch.ojl_hours(a, term) + sch.class_hours(a, term)
    assert paid.sum() == pytest.approx(ojl + rti)
    if term <= 18:  # credit for prior learning keeps the 18-month pace
        assert paid.mean() == pytest.approx(3000 / 18)


def test_a_12_month_term_evaluates_with_its_term_and_horizon():
    short, standard = (evaluate(preset("imt-default", {"program.term_months": t})) for t in (12, 18))
    term_months = short.cashflows.loc[short.cashflows["phase"] == "term", "month"]
    assert term_months.max() == 12 and short.last_month == 12 + 60
    assert short.peak_outlay < standard.peak_outlay and short.peak_outlay_month == 12
    table = short.by_training_year()
    assert list(table.columns) == ["year 1", "term"]
    assert np.isfinite(short.benefit_cost_ratio) and short.payback_month < standard.payback_month


def test_hours_of_your_own_stay_and_an_impossible_pace_is_named():
    own = preset("imt-default", {"program.term_months": 12, "program.ojl_hours": 1900})
    assert own.program.ojl_hours == 1900 and own.program.rti_hours == pytest.approx(176)
    with pytest.raises(ScenarioError) as caught:
        preset("imt-default", {"program.term_months": 12, "program.ojl_hours": 2700})
    assert caught.value.field == "program.ojl_hours" and "paid hours a month" in str(caught.value)
    assert "\n" not in str(caught.value)
    with pytest.raises(ScenarioError) as caught:
        preset("imt-default", {"program.term_months": 11})
    assert caught.value.field == "program.term_months"


def test_steps_of_your_own_stay():
    plan = preset("imt-default", {"program.term_months": 24, "wages.step_raises.0.share": 0.05})
    assert [(s.month, s.share) for s in plan.wages.step_raises] == [(7, 0.05), (13, 0.075)]
    with pytest.raises(ScenarioError) as caught:  # one's own step after a 12-month term is named
        preset("imt-default", {"program.term_months": 12, "wages.step_raises.0.share": 0.05})
    assert caught.value.field == "wages.step_raises.1.month"


def test_a_short_term_round_trips_and_goes_back_to_the_standard(tmp_path):
    plan = preset("imt-default", {"program.term_months": 12})
    path = tmp_path / "short.yaml"
    save_scenario(plan, path)
    assert load_scenario(path) == plan
    data = plan.model_dump()
    data["program"]["term_months"] = 18
    back = Scenario.model_validate(data)
    # hours and steps once moved are the plan's own and stay, as they read in the file
    assert back.program.ojl_hours == 1824 and [s.month for s in back.wages.step_raises] == [5, 9]
    # a figure of one's own is never read as the standard credited to another term
    typed = preset("imt-default", {"program.ojl_hours": 2280})
    assert typed.program.ojl_hours == 2280
    assert credited_hours(2736, 12) == pytest.approx(1824)
