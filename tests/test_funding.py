"""Funding programmes: each published rule becomes an offset computed by hand, and no amount is invented."""

from __future__ import annotations

import json

import pytest

from imt_roi import ScenarioError, evaluate, preset, with_value
from imt_roi.cli import main
from imt_roi.funding import PROGRAMMES, programme

#: Ten apprentices who all stay (no attrition, no raises in the term), so each month's wages are exact.
STEADY = {"retention.completion_rate": 1.0, "wages.step_raises": []}


def _with_offsets(offsets, overrides=STEADY):
    return preset("imt-default", {**overrides, "offsets": [o.model_dump() for o in offsets]})


def _line(result, name):
    flows = result.cashflows
    return flows[flows.line == name].groupby("month").amount.sum()


def _base_wages(result):
    """Wages paid each month without the fringe, from the wage lines themselves (not the offset's formula)."""
    a = result.scenario.assumptions()
    flows = result.cashflows
    wage_lines = flows[flows.line.isin(["wages", "wages for training time on the job", "release time"])]
    return wage_lines.groupby("month").amount.sum() / (1 + a.wages.fringe_rate)


def test_every_programme_has_its_rule_and_source_and_ships_no_invented_amount():
    assert len(PROGRAMMES) >= 5
    for p in PROGRAMMES:
        assert p.source and p.rule and p.how_paid and p.varies and p.to_fill
        o = p.as_offset()
        assert o.name == p.name
        if p.key in ("wioa_ita", "wioa_iwt"):  # amounts set locally: the sponsor fills them in
            assert o.amount_per_apprentice == 0
        if p.key == "wioa_ojt":  # the contract's months are local: nothing is reimbursed until they are set
            assert (o.share_of_wages, o.wage_months) == (0.5, 0)
    with pytest.raises(KeyError, match="known: wioa_ojt"):
        programme("no such programme")


def test_on_the_job_training_reimburses_half_the_wages_of_the_contracts_months():
    ojt = programme("wioa_ojt").as_offset(wage_months=6)
    result = evaluate(_with_offsets([ojt]))
    paid = -_line(result, "offset: WIOA on-the-job training")
    wages = _base_wages(result)
    assert paid.loc[1:6].to_numpy() == pytest.approx(0.5 * wages.loc[1:6].to_numpy(), rel=1e-12)
    assert paid.loc[7:].abs().sum() == 0
    # by hand: ten apprentices at $18.50 an hour for (2,736 on the job + 264 in class, release time paid at the
    # full wage by default) / 18 = 166.7 hours a month, half reimbursed
    start = result.scenario.wages.starting_wage
    assert paid.loc[1] == pytest.approx(0.5 * 10 * start * 3000 / 18, rel=1e-9)


def test_the_work_opportunity_credit_stops_at_2400_per_apprentice():
    result = evaluate(_with_offsets([programme("wotc").as_offset()]))
    paid = -_line(result, "offset: Work Opportunity Tax Credit")
    assert paid.sum() == pytest.approx(10 * 2400, rel=1e-12)
    wages = _base_wages(result)
    first = paid.loc[1]
    assert first == pytest.approx(0.4 * wages.loc[1], rel=1e-12)  # under the cap in month 1
    assert (paid.cumsum() <= 10 * 2400 + 1e-6).all()


def test_a_cap_per_apprentice_binds_on_the_apprentices_still_there():
    cap = programme("wotc").as_offset()
    leaving = {**STEADY, "retention.completion_rate": 0.6}
    result = evaluate(_with_offsets([cap], leaving))
    paid = -_line(result, "offset: Work Opportunity Tax Credit").sum()
    assert 0.6 * 10 * 2400 < paid < 10 * 2400  # leavers stop earning it; none earns more than the cap


def test_the_south_carolina_credit_is_paid_twice_for_each_apprentice_still_employed():
    result = evaluate(_with_offsets([programme("sc_apprenticeship_credit").as_offset()]))
    paid = -_line(result, "offset: South Carolina apprenticeship tax credit")
    assert paid[paid != 0].index.tolist() == [12, 24]
    assert paid.loc[12] == pytest.approx(10 * 1000, rel=1e-12)  # all ten still there at month 12
    assert 0 < paid.loc[24] < 10 * 1000  # some completers have left by month 24


def test_a_wage_reimbursement_is_a_share_and_an_amount_is_not():
    with pytest.raises(ScenarioError, match="amount_per_apprentice"):
        with_value(preset("imt-default"), "offsets",
                   [{"name": "x", "kind": "wage_reimbursement", "share_of_wages": 0.5, "amount_per_apprentice": 9}])
    with pytest.raises(ScenarioError, match="share_of_wages"):
        with_value(preset("imt-default"), "offsets", [{"name": "x", "kind": "grant", "share_of_wages": 0.5}])
    with pytest.raises(ScenarioError, match="share_of_wages"):
        with_value(preset("imt-default"), "offsets",
                   [{"name": "x", "kind": "wage_reimbursement", "share_of_wages": 0.9}])


def test_the_cli_lists_the_programmes_with_their_sources(capsys):
    assert main(["funding"]) == 0
    out = capsys.readouterr().out
    for p in PROGRAMMES:
        assert p.name in out
    assert main(["funding", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["key"] for r in rows} == {p.key for p in PROGRAMMES}
    assert all(r["source"] and r["offset"]["name"] for r in rows)
