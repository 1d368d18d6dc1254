"""Attrition as a monthly leaving hazard over the term, and retention thinning after completion."""

from __future__ import annotations

import numpy as np
import pytest

from imt_roi import Cohort, Member, evaluate, preset
from imt_roi import schedule as sch
from imt_roi.parameters import COMPLETION_FINISHED_OR_LEFT, COMPLETION_MIDPOINT, COMPLETION_NOT_LEFT
from core_helpers import COMPLETER_SEP, COMPLETION, N, RATE_4DP, STAY, TERM, line_by_month, run


def test_the_two_readings_of_the_wisconsin_table():
    assert COMPLETION_FINISHED_OR_LEFT == pytest.approx(46 / 60, abs=RATE_4DP)
    assert COMPLETION_NOT_LEFT == pytest.approx(110 / 124, abs=RATE_4DP)


@pytest.mark.parametrize("rate", [0.3, 0.7667, 0.95, 1.0])
@pytest.mark.parametrize("term", [18, 24])
def test_the_monthly_hazard_leaves_the_completion_rate_at_the_end_of_the_term(rate, term):
    a = preset("imt-default", {"retention.completion_rate": rate, "program.term_months": term}).assumptions()
    h = sch.monthly_leaving_hazard(a)
    assert (1 - h) ** term == pytest.approx(rate)
    shares = sch.presence(a, term + 1)
    np.testing.assert_allclose(shares[:term], (1 - h) ** np.arange(term), rtol=1e-12)
    # the completers, in the first month after the term, less those who leave at completion
    assert shares[term] == pytest.approx(rate * (1 - a.retention.completion_separation_share))


@pytest.mark.parametrize("size, rate", [(10, 0.7667), (1, 0.5), (37, 0.9), (250, 1.0)])
def test_expected_completers_are_size_times_completion_rate(size, rate):
    r = run({"cohorts.0.members.0.apprentices": size, "retention.completion_rate": rate})
    assert r.expected_completers == pytest.approx(size * rate)
    assert r.cost_per_completer == pytest.approx(r.total_costs / (size * rate))


def test_leavers_stop_costing_from_their_month_of_leaving():
    """Month-m wages relative to month 1 (same wage, no steps) are the share still present."""
    r = run({"wages.step_raises": []})
    wages = line_by_month(r, "wages")
    h = 1 - COMPLETION ** (1 / TERM)
    np.testing.assert_allclose(wages / wages[0], (1 - h) ** np.arange(TERM), rtol=1e-12)


def test_no_attrition_keeps_every_month_at_full_strength():
    wages = line_by_month(run({"wages.step_raises": [], "retention.completion_rate": 1.0}), "wages")
    np.testing.assert_allclose(wages, wages[0], rtol=1e-12)


def test_lower_completion_lowers_both_costs_and_benefits():
    high, low = run({"retention.completion_rate": 0.95}), run({"retention.completion_rate": 0.5})
    assert low.total_costs < high.total_costs
    assert low.total_benefits < high.total_benefits


ADVANTAGE = "completer's productivity advantage"


def test_completers_thin_at_the_yearly_separation_rate_after_completion():
    # The productivity advantage over an outside hire (5% of a market technician's loaded $30 for 166.7 hours a month)
    # is paid on each retained completer; no wage growth, so only retention moves it.
    r = run({"horizon.months_after_completion": 36, "horizon.wage_growth": 0.0,
             "retention.completion_rate": COMPLETION}, name="imt-default")
    after = line_by_month(r, ADVANTAGE)[TERM:]
    filling = 0.75  # outside_hire.share_filling_outside_posts
    assert after[0] / (N * filling * 0.05 * 30 * 1.30 * 3000 / 18) == pytest.approx(COMPLETION * STAY)
    assert after[12] / after[0] == pytest.approx(1 - COMPLETER_SEP)
    assert after[24] / after[0] == pytest.approx((1 - COMPLETER_SEP) ** 2)
    q = 1 - (1 - COMPLETER_SEP) ** (1 / 12)
    np.testing.assert_allclose(after / after[0], (1 - q) ** np.arange(36), rtol=1e-12)


def test_zero_separation_keeps_all_completers():
    r = run({"horizon.months_after_completion": 24, "retention.completer_separation_rate": 0.0,
             "horizon.wage_growth": 0.0}, name="imt-default")
    after = line_by_month(r, ADVANTAGE)[TERM:]
    np.testing.assert_allclose(after, after[0], rtol=1e-12)


def test_expected_completers_across_a_plan_with_employer_overrides():
    s = preset("imt-default")
    s = s.model_copy(update={
        "cohorts": [Cohort(name="A", members=[Member(employer="X", apprentices=10),
                                              Member(employer="Y", apprentices=20)]),
                    Cohort(name="B", start_month=7, members=[Member(employer="X", apprentices=4)])]})
    data = s.model_dump()
    data["employers"] = [{"employer": "Y", "set": {"retention.completion_rate": 0.5}}]
    from imt_roi import scenario_from_dict
    r = evaluate(scenario_from_dict(data))
    assert r.expected_completers == pytest.approx(14 * COMPLETION_MIDPOINT + 20 * 0.5)
    by_employer = r.by_employer()
    assert by_employer.loc["Y", "expected_completers"] == pytest.approx(10.0)
    assert by_employer.loc["X", "expected_completers"] == pytest.approx(14 * COMPLETION_MIDPOINT)
