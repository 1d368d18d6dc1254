"""Pooled classes: cost per seat by class size, the per-firm table, and the partnership preset."""

from __future__ import annotations

import pandas as pd
import pytest

from imt_roi import evaluate, preset, preset_names
from imt_roi.cli import main
from imt_roi.pooling import FIRM_COLUMNS, cost_per_seat, firm_table
from core_helpers import ROUNDING

FIXED = 26400   # imt-partnership: instruction.class_fixed_cost, USD per section
TUITION = 2600  # imt-partnership: instruction.cost_per_apprentice, USD per seat
COMPLETION = 0.8269  # default completion rate (midpoint of the COWS equity brief's Table 1 readings)


def expected_tuition(completion: float) -> float:
    """Per-seat tuition by hand: two college semesters starting in months 1 and 10, half the tuition each;
    the month-10 half is paid by the share still enrolled, completion ** (9/18) (constant monthly hazard)."""
    return TUITION * (0.5 + 0.5 * completion ** (9 / 18))


@pytest.fixture(scope="module")
def partnership():
    return preset("imt-partnership")


def test_cost_per_seat_falls_until_the_class_is_full_then_jumps(partnership):
    table = cost_per_seat(partnership, list(range(1, 42)))
    assert list(table.columns) == ["class_size", "sections", "rti_cost_per_seat", "cost_per_apprentice",
                                   "benefit_cost_ratio"]
    by_size = table.set_index("class_size")
    seat = by_size["rti_cost_per_seat"]
    assert all(seat[n + 1] < seat[n] for n in range(1, 20))
    assert seat[21] > seat[20] and seat[41] > seat[40]
    assert by_size.loc[[1, 20, 21, 40, 41], "sections"].tolist() == [1, 1, 2, 2, 3]
    assert by_size.loc[20, "benefit_cost_ratio"] > by_size.loc[4, "benefit_cost_ratio"]


def test_cost_per_seat_by_hand():
    undiscounted = preset("imt-partnership", {"horizon.discount_rate": 0.0})
    table = cost_per_seat(undiscounted, [4, 10, 20, 21]).set_index("class_size")
    tuition = expected_tuition(COMPLETION)  # 2,482.14
    assert table.loc[4, "rti_cost_per_seat"] == pytest.approx(tuition + FIXED / 4, rel=1e-12)     # 9,082.14
    assert table.loc[10, "rti_cost_per_seat"] == pytest.approx(tuition + FIXED / 10, rel=1e-12)   # 5,122.14
    assert table.loc[20, "rti_cost_per_seat"] == pytest.approx(tuition + FIXED / 20, rel=1e-12)   # 3,802.14
    assert table.loc[21, "rti_cost_per_seat"] == pytest.approx(tuition + 2 * FIXED / 21, rel=1e-12)  # 4,996.43
    # Total cost per apprentice moves by the RTI change and by the fixed part of the sponsor's
    # coordination time ($120 a month for the 18-month term, per cohort; the quarter the intermediary
    # leaves to the firm) spread over the seats.
    staff = 0.25 * 120 * 18
    diff = table.loc[4, "cost_per_apprentice"] - table.loc[20, "cost_per_apprentice"]
    assert diff == pytest.approx(FIXED / 4 - FIXED / 20 + staff / 4 - staff / 20, rel=ROUNDING)


def test_list_prices_stated_in_the_preset(partnership):
    """With everyone completing, the per-seat cost is the list price the preset's description states."""
    everyone = partnership.model_copy(update={"retention": partnership.retention.model_copy(
        update={"completion_rate": 1.0})})
    seat = cost_per_seat(everyone, [4, 10, 12, 20]).set_index("class_size")["rti_cost_per_seat"]
    assert seat.round(2).to_dict() == {4: 9200.0, 10: 5240.0, 12: 4800.0, 20: 3920.0}
    assert seat[20] <= 4000  # within the JFF case study's "up to $4,000 per person"


def test_cost_per_seat_needs_a_seat(partnership):
    with pytest.raises(ValueError):
        cost_per_seat(partnership, [0])


def test_firm_table_adds_up_to_the_partnership(partnership):
    result = evaluate(partnership)
    table = firm_table(result)
    assert list(table.columns) == FIRM_COLUMNS
    assert list(table.index) == ["Firm A", "Firm B", "Firm C", "Firm D", "Partnership"]
    whole = table.loc["Partnership"]
    for column in FIRM_COLUMNS:
        value = getattr(result.metrics, column)
        if value is None:  # e.g. no payback within the horizon
            assert pd.isna(whole[column]), column
        else:
            assert whole[column] == pytest.approx(value, rel=1e-12)
    firms = table.drop(index="Partnership")
    for column in ["apprentices", "expected_completers", "total_costs", "total_benefits", "net_benefit"]:
        assert firms[column].sum() == pytest.approx(whole[column], rel=1e-12)
    assert firms["apprentices"].tolist() == [11, 9, 9, 9]
    assert (firms["benefit_cost_ratio"] == firms["total_benefits"] / firms["total_costs"]).all()


def test_pooled_class_cost_is_shared_by_seats(partnership):
    """Firm A fills 6 of cohort 1's 20 seats and 5 of cohort 2's 18: it pays those shares of each section."""
    flows = evaluate(partnership).cashflows
    firm_a = flows.loc[(flows["employer"] == "Firm A") & (flows["line"] == "class fixed cost"), "amount"].sum()
    assert firm_a == pytest.approx(FIXED * (6 / 20 + 5 / 18), rel=1e-12)


def test_partnership_preset_is_listed_and_evaluates(capsys):
    assert {"imt-default", "imt-union", "imt-non-union", "imt-five-year", "imt-partnership"} <= set(preset_names())
    assert main(["presets"]) == 0
    assert "imt-partnership" in capsys.readouterr().out
    assert main(["evaluate", "--preset", "imt-partnership"]) == 0
    out = capsys.readouterr().out
    assert "IMT partnership" in out and "38 apprentices, 2 cohort(s)" in out
