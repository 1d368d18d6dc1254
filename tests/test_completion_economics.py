"""Schema 5: one price of skilled work, the vacated post, who the completer replaces, leaving at completion,
the corrected untrained alternative, sponsor's-terms inputs and the net training investment (docs/model.md)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imt_roi import evaluate, preset, scenario_from_dict
from imt_roi import schedule as sch
from imt_roi.errors import UpgradedWarning
from imt_roi.lines import completer_gain_per_hour
from imt_roi.metrics import discount_factors
from core_helpers import COMPLETION, N, STAY, TERM, line_by_month

FILLING = 0.75
BACKFILL = "vacated production post refilled"


def run(overrides: dict | None = None):
    return evaluate(preset("imt-default", {"horizon.wage_growth": 0.0, "retention.completion_rate": COMPLETION,
                                           **(overrides or {})}))


def test_the_vacated_production_post_is_refilled_once_at_completion_for_each_completer_who_moves_up():
    r = run()
    refill = line_by_month(r, BACKFILL)
    assert refill[TERM] == pytest.approx(N * COMPLETION * STAY * FILLING * 7700)  # month 19, $7,700 each
    assert refill.sum() == pytest.approx(refill[TERM])
    assert set(r.cashflows.loc[r.cashflows["line"] == BACKFILL, "kind"]) == {"cost"}
    assert not line_by_month(run({"benefits.backfill_vacated_post": False}), BACKFILL).any()
    assert not line_by_month(run({"alternative": "keep_incumbent"}), BACKFILL).any()  # nobody moves up


def test_with_no_completer_filling_an_outside_post_hire_outside_is_keep_incumbent():
    none_filling = run({"outside_hire.share_filling_outside_posts": 0.0})
    incumbent = run({"alternative": "keep_incumbent"})
    assert none_filling.npv == pytest.approx(incumbent.npv)
    assert none_filling.benefit_cost_ratio == pytest.approx(incumbent.benefit_cost_ratio)


def test_the_untrained_incumbent_is_valued_at_its_loaded_wage_by_hand():
    a = run().scenario.assumptions()
    # completer: 75% skilled tasks at 90% of a $39.00 loaded hour, 25% routine at $24.05; incumbent: $24.05
    assert completer_gain_per_hour(a) == pytest.approx(0.75 * (0.90 * 39.0 - 24.05))


@settings(max_examples=60, deadline=None)
@given(wage=st.floats(10, 60), fringe=st.floats(0, 0.6), technician=st.floats(10, 80),
       separation=st.floats(0, 0.6), relative=st.floats(0.1, 1.2))
def test_against_an_untrained_incumbent_no_difference_adds_exactly_nothing(wage, fringe, technician, separation,
                                                                          relative):
    # No raise, no productivity gain (no skilled work at completion), the same turnover: months after add zero.
    r = evaluate(preset("imt-default", {
        "alternative": "keep_incumbent", "wages.starting_wage": wage, "wages.fringe_rate": fringe,
        "wages.technician_wage": technician, "wages.step_raises": [], "wages.completion_raise": 0.0,
        "substitution.skilled_share_end": 0.0, "substitution.relative_productivity_end": relative,
        "retention.completer_separation_rate": separation, "benefits.baseline_separation_rate": separation}))
    after = r.cashflows[r.cashflows["phase"] == "after completion"]
    assert np.abs(after["amount"]).max() < 1e-9 if len(after) else True


def test_leaving_at_completion_thins_the_completers_once():
    a = preset("imt-default", {"retention.completion_separation_share": 0.2}).assumptions()
    shares = sch.presence(a, TERM + 2)
    assert shares[TERM] == pytest.approx(a.retention.completion_rate * 0.8)
    r0 = run({"retention.completion_separation_share": 0.0})
    r2 = run({"retention.completion_separation_share": 0.2})
    for line in ("completer's productivity advantage", "outside hire's higher wage avoided"):
        np.testing.assert_allclose(line_by_month(r2, line)[TERM:], 0.8 * line_by_month(r0, line)[TERM:],
                                   rtol=1e-12)


def test_the_completers_wage_in_dollars_an_hour_sets_the_wage_after_completion_and_the_gap():
    r = run({"wages.completer_wage": 28.0, "wages.technician_wage": 30.0})
    a = r.scenario.assumptions()
    assert sch.completer_wage(a) == 28.0
    assert sch.wage_path(a, TERM + 1)[TERM] == 28.0
    assert sch.wage_path(a, TERM)[TERM - 1] == pytest.approx(18.5 * 1.15)  # the term keeps its steps
    gap = line_by_month(r, "outside hire's higher wage avoided")[TERM]
    assert gap == pytest.approx(N * COMPLETION * STAY * FILLING * 2.0 * 3000 / 18 * 1.30)


def test_mentor_hours_per_week_are_read_as_hours_per_month():
    s = preset("imt-default", {"mentor.hours_per_week": 3})
    assert s.mentor.hours_per_month == pytest.approx(13.0)
    assert s.mentor.hours_per_week == pytest.approx(3.0)


def test_net_training_investment_and_what_it_earns_back_rebuild_from_the_flows():
    r = evaluate(preset("imt-default"))
    flows = r.cashflows
    d = discount_factors(r.last_month, r.scenario.horizon.rate_used)
    signed = np.where(flows["kind"] == "cost", flows["amount"], -flows["amount"]) * d[flows["month"] - 1]
    term = (flows["phase"] == "term").to_numpy()
    invested = signed[term].sum()
    assert r.net_training_investment_per_apprentice == pytest.approx(invested / r.scenario.apprentices)
    assert r.return_on_training_investment == pytest.approx(-signed[~term].sum() / invested)
    assert r.npv == pytest.approx(invested * (r.return_on_training_investment - 1))


def test_a_version_4_file_keeps_its_meaning_and_says_what_was_mapped():
    data = {"schema_version": 4, "outside_hire": {"wage_premium": 0.2}, "substitution": {"technician_wage": 26}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        s = scenario_from_dict(data)
    notes = [str(w.message) for w in caught if issubclass(w.category, UpgradedWarning)]
    assert len(notes) == 1 and "\n" not in notes[0]
    assert "wage_premium 0.2 mapped to wages.technician_wage $29.97" in notes[0]
    assert s.wages.technician_wage == pytest.approx(24.975 * 1.2)
    assert s.outside_hire.share_filling_outside_posts == 1.0 and not s.benefits.backfill_vacated_post
    assert s.retention.completion_separation_share == 0.0 and s.retention.completer_separation_rate == 0.11
    plain = scenario_from_dict({"schema_version": 4})
    assert plain.wages.technician_wage == 25.0


def test_a_version_4_employer_premium_is_mapped_on_its_own_wages():
    data = {"schema_version": 4,
            "cohorts": [{"name": "C", "members": [{"employer": "A"}, {"employer": "B"}]}],
            "employers": [{"employer": "B", "set": {"wages.starting_wage": 20.0, "outside_hire.wage_premium": 0.1}}]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = scenario_from_dict(data)
    assert s.employers[0].set["wages.technician_wage"] == pytest.approx(20.0 * 1.35 * 1.1)
    assert "outside_hire.wage_premium" not in s.employers[0].set


def test_a_current_file_says_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scenario_from_dict({"schema_version": 5})
