"""Implied assumptions: the input values (and combinations) that reach a target figure."""

from __future__ import annotations

import numpy as np
import pytest

from imt_roi import ScenarioError, evaluate, with_value
from imt_roi import implied, studies
from core_helpers import CENT, USD_ROUNDING

VALUE = "output.value_per_hour"
FRINGE = "wages.fringe_rate"


@pytest.fixture(scope="module")
def case():
    return studies.case_scenario("jff-2020-imt-roi")


def test_implied_value_reaches_the_target(case):
    found = implied.implied_value(case, VALUE, 1.48, low=20, high=200)
    assert evaluate(with_value(case, VALUE, found.value)).benefit_cost_ratio == pytest.approx(1.48, abs=USD_ROUNDING)


def test_net_return_target_is_b_over_c_minus_one(case):
    a = implied.implied_value(case, VALUE, 0.48, measure="net_roi", low=20, high=200)
    b = implied.implied_value(case, VALUE, 1.48, low=20, high=200)
    assert a.value == pytest.approx(b.value)
    with pytest.raises(ScenarioError, match="target"):
        implied.target_ratio(0.5, "irr_annual")


def test_unreachable_target_gives_none(case):
    found = implied.implied_value(case, VALUE, 1.48, low=20, high=30)
    assert found.value is None and "does not reach" in found.message


def test_iso_line_points_all_reach_the_target(case):
    line = implied.iso_line(case, FRINGE, [0.1, 0.3, 0.5], VALUE, 1.48, low=20, high=200)
    assert list(line.columns) == [FRINGE, VALUE, "reached"]
    assert line["reached"].all()
    for row in line.itertuples(index=False):
        s = with_value(with_value(case, FRINGE, row[0]), VALUE, row[1])
        assert evaluate(s).benefit_cost_ratio == pytest.approx(1.48, abs=1e-5)
    # dearer labour needs more valuable output to keep the same ratio
    assert np.all(np.diff(line[VALUE]) > 0)
    assert line.loc[1, VALUE] == pytest.approx(studies.calibrate()[0].stored, abs=CENT)


def test_iso_line_marks_unreached_points(case):
    line = implied.iso_line(case, FRINGE, [0.1, 1.5], VALUE, 1.48, low=20, high=60)
    assert line["reached"].tolist() == [True, False]
    assert np.isnan(line.loc[1, VALUE])


def test_grid_matches_evaluate_and_is_monotone(case):
    grid = implied.implied_grid(case, FRINGE, [0.2, 0.4], VALUE, [40.0, 50.0, 60.0])
    assert len(grid) == 6
    row = grid[(grid[FRINGE] == 0.4) & (grid[VALUE] == 50.0)].iloc[0]
    direct = evaluate(with_value(with_value(case, FRINGE, 0.4), VALUE, 50.0))
    assert row.benefit_cost_ratio == pytest.approx(direct.benefit_cost_ratio)
    assert row.net_roi == pytest.approx(direct.net_roi)
    table = grid.pivot(index=VALUE, columns=FRINGE, values="benefit_cost_ratio")
    assert (table.diff().dropna() > 0).all().all()            # more valuable output, higher B/C
    assert (table.diff(axis=1).dropna(axis=1) < 0).all().all()  # dearer fringe, lower B/C
    with pytest.raises(ScenarioError):
        implied.implied_grid(case, VALUE, [1], VALUE, [2])


def test_sensitivity_orders_by_swing(case):
    table = implied.sensitivity(case, [VALUE, FRINGE, "wages.starting_wage", "mentor.hours_per_month"])
    assert list(table["path"][:2]) == [VALUE, "wages.starting_wage"]
    swings = table.set_index("path")["swing"]
    assert swings[VALUE] > 0 and swings[FRINGE] < 0 and swings["wages.starting_wage"] < 0
    assert list(table["swing"].abs()) == sorted(table["swing"].abs(), reverse=True)
    base = table["base"].iloc[0]
    assert base == pytest.approx(evaluate(case).benefit_cost_ratio)
    vp = table.set_index("path").loc[VALUE]
    assert (vp.low_value, vp.high_value) == pytest.approx((0.9 * vp.value, 1.1 * vp.value))
