"""Each firm alone against the same firm in the partnership, and the class sizes that pay."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imt_roi import evaluate, preset, scenario_from_dict
from imt_roi.cli import main
from imt_roi.partnership import LINE_GROUPS, alone, alone_vs_partnership, differences, seats_to_beat_open_enrolment

from core_helpers import ROUNDING, USD_ROUNDING


@pytest.fixture(scope="module")
def partnership():
    return preset("imt-partnership")


def test_alone_is_the_firms_apprentices_on_open_enrolment_doing_its_own_coordination(partnership):
    solo = alone(partnership, "Firm C")
    assert [(c.name, c.start_month, [(m.employer, m.apprentices) for m in c.members]) for c in solo.cohorts] == [
        ("Cohort 1", 1, [("Firm C", 4)]), ("Cohort 2", 7, [("Firm C", 5)])]
    assert solo.instruction.cost_per_apprentice == 4000 and solo.instruction.class_fixed_cost == 0
    adm = solo.administration
    assert adm.intermediary_coordination_share == 0 and adm.intermediary_fee_per_apprentice == 0
    assert adm.intermediary_fee_grant_share == 0
    # everything else as planned
    assert solo.wages == partnership.wages and solo.retention == partnership.retention


def test_a_firms_own_override_is_kept_alone_but_not_the_arrangement(partnership):
    data = partnership.model_dump(mode="json")
    data["employers"] = [{"employer": "Firm B", "set": {"wages.starting_wage": 21.24,
                                                        "administration.intermediary_coordination_share": 0.5}}]
    s = scenario_from_dict(data)
    solo = alone(s, "Firm B")
    assert solo.employers[0].set == {"wages.starting_wage": 21.24}


def test_partnership_rows_are_the_plans_and_alone_rows_the_firm_evaluated_alone(partnership):
    table = alone_vs_partnership(partnership).set_index(["employer", "arrangement"])
    plan = evaluate(partnership)
    for firm, metrics in plan.employer_metrics().items():
        row = table.loc[(firm, "partnership")]
        assert row["benefit_cost_ratio"] == pytest.approx(metrics.benefit_cost_ratio, rel=ROUNDING)
        assert row["peak_outlay"] == pytest.approx(metrics.peak_outlay, rel=ROUNDING)
        solo = evaluate(alone(partnership, firm)).metrics
        assert table.loc[(firm, "alone"), "npv"] == pytest.approx(solo.npv, rel=ROUNDING)
        assert table.loc[(firm, "alone"), "cost_per_apprentice"] == pytest.approx(solo.total_costs / solo.apprentices)


def _net_benefit_moves_only_by_the_arrangement_lines(scenario):
    table = alone_vs_partnership(scenario)
    diff = differences(table)
    for firm, d in diff.iterrows():
        lines = sum(d[group] for group in LINE_GROUPS)
        assert d["net_cash_undiscounted"] == pytest.approx(-lines, abs=USD_ROUNDING * 1000), firm


def test_the_difference_is_the_lines_that_cause_it(partnership):
    _net_benefit_moves_only_by_the_arrangement_lines(partnership)
    diff = differences(alone_vs_partnership(partnership))
    # the shipped partnership helps every firm: coordination taken over outweighs the class's cost
    assert (diff["npv"] > 0).all() and (diff["benefit_cost_ratio"] > 0).all()
    assert (diff["coordination"] < 0).all() and (diff["intermediary_fee"] + diff["intermediary_grant"] == 0).all()


@settings(max_examples=25, deadline=None)
@given(share=st.floats(0, 1), fee=st.floats(0, 3000), per_firm=st.floats(0, 5000), grant=st.floats(0, 1),
       fixed=st.floats(0, 60000), seat=st.floats(0, 6000), open_=st.floats(0, 8000))
def test_the_difference_is_always_the_arrangement_lines(share, fee, per_firm, grant, fixed, seat, open_):
    s = preset("imt-partnership", {"administration.intermediary_coordination_share": share,
                                   "administration.intermediary_fee_per_apprentice": fee,
                                   "administration.intermediary_fee_per_firm_cohort": per_firm,
                                   "administration.intermediary_fee_grant_share": grant,
                                   "instruction.class_fixed_cost": fixed, "instruction.cost_per_apprentice": seat,
                                   "instruction.open_enrolment_cost_per_apprentice": open_})
    _net_benefit_moves_only_by_the_arrangement_lines(s)


def test_seats_needed_by_hand(partnership):
    seats = seats_to_beat_open_enrolment(partnership).set_index(["cohort", "employer"])
    whole = seats.loc[("Cohort 1", "Partnership")]
    # list prices: $2,600 + $26,400 / n < $4,000 from n = 19
    assert whole["seats_needed_list"] == 19 == math.floor(26400 / 1400) + 1
    # expected: leavers stop paying tuition, the section does not: only a full class of 20 beats open enrolment
    assert whole["seats_needed"] == 20
    assert whole["pays"]
    # Firm C, 4 of 20 seats in cohort 1, list prices: the intermediary takes 3/4 of its coordination
    # ($120 x 18 / 4 + $18 x 18 per apprentice); its $500 fee is paid by grants
    saved = 0.75 * (120 * 18 / 4 + 18 * 18)
    c = seats.loc[("Cohort 1", "Firm C")]
    assert c["seats_needed_list"] == math.floor(26400 / (1400 + saved)) + 1
    assert c["pays"] and c["partnership_per_apprentice"] < c["alone_per_apprentice"]


def test_partnership_on_the_command_line(capsys):
    assert main(["partnership", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 8 and {r["arrangement"] for r in rows} == {"alone", "partnership"}
    assert {"employer", "benefit_cost_ratio", "cost_per_apprentice", "npv", "net_cash_undiscounted", "peak_outlay",
            "instruction",
            "coordination", "intermediary_fee", "intermediary_grant"} <= set(rows[0])
    assert main(["partnership"]) == 0
    text = capsys.readouterr().out
    assert "Firm A" in text and "minus alone" in text and "from 20 seats (19 seats)" in text
    assert main(["partnership", "--preset", "imt-partnership", "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("\n") == 9
