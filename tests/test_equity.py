"""COWS equity brief: Tables 1 and 2 as data, every printed percentage recomputed.

Source: Dresser and Kahn, "Manufacturing Pathways in Milwaukee", COWS, 2018 (the IMT equity brief), section
"Equity in Results", Table 1 (WRTP/BIG STEP administrative data) and Table 2
(Wisconsin DWD, Characteristics of Active Apprentices, by Trade, Jan 1, 2018).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from imt_roi import ScenarioError, evaluate, preset
from imt_roi import equity
from imt_roi.parameters import COMPLETION_FINISHED_OR_LEFT, COMPLETION_NOT_LEFT, Retention
from core_helpers import RATE_4DP


def test_table1_is_tidy_and_holds_the_printed_counts():
    t = equity.table1()
    assert list(t.columns) == ["group", "dimension", "outcome", "count", "published_percent"]
    assert not t.duplicated(["group", "outcome"]).any()
    wide = equity.table1_counts()
    assert wide.loc["all", ["enrolled", "completed", "still_training", "left"]].tolist() == [124, 46, 64, 14]
    assert wide.loc["female", ["enrolled", "completed", "still_training", "left"]].tolist() == [17, 8, 8, 1]
    assert wide.loc["felony_conviction", ["enrolled", "completed", "still_training", "left"]].tolist() == [15, 3, 10, 2]
    # 21 printed percentages (7 groups x 3 outcomes); the total row prints none
    assert t.published_percent.notna().sum() == 21


def test_derived_groups():
    wide = equity.table1_counts()
    counts = ["enrolled", "completed", "still_training", "left"]
    assert wide.loc["other_people_of_color", counts].tolist() == [10, 5, 4, 1]
    assert wide.loc["no_felony_conviction", counts].tolist() == [109, 43, 54, 12]
    assert wide.loc[["other_people_of_color", "no_felony_conviction"], "derived"].all()


def test_table2_is_tidy_and_holds_the_printed_counts():
    t = equity.table2()
    assert list(t.columns) == ["program", "variable", "value", "published_percent"]
    v = t.set_index(["program", "variable"])["value"]
    assert v[("all_industrial", "apprentices")] == 2265 and v[("imt", "apprentices")] == 76
    assert v[("all_industrial", "women")] == 60 and v[("imt", "women")] == 12
    assert v[("all_industrial", "people_of_color")] == 82 and v[("imt", "people_of_color")] == 21
    assert t.published_percent.notna().sum() == 16


def test_rounding_is_exact():
    assert equity.round_half_up(Fraction(25, 2)) == 13
    assert equity.round_half_even(Fraction(25, 2)) == 12
    assert equity.round_half_up(Fraction(7600, 2265), 1) == Fraction(34, 10)


def test_exact_list_of_mismatches_half_up():
    found = [(c.id, c.published, round(c.reproduced, 4), round(c.difference, 4)) for c in equity.mismatches()]
    assert found == [("imt_share_2016", 3.3, 3.3554, 0.0554),
                     ("imt_share_2016_again", 3.3, 3.3554, 0.0554)]
    table = equity.mismatch_table()
    assert table["rounded"].tolist() == [3.4, 3.4]


def test_exact_list_of_mismatches_half_even():
    found = [(c.id, c.published, c.reproduced, round(c.difference, 4)) for c in equity.mismatches("half_even")]
    assert found == [("table1:african_american:left", 13.0, 12.5, -0.5),
                     ("imt_share_2016", 3.3, 7600 / 2265, 0.0554),
                     ("imt_share_2016_again", 3.3, 7600 / 2265, 0.0554)]
    assert equity.mismatch_table("half_even")["rounded"].tolist() == [12.0, 3.4, 3.4]


def test_exact_halves_are_flagged():
    assert [c.id for c in equity.check_all() if c.tie] == [
        "table1:african_american:left", "table1:hispanic:completed", "table1:hispanic:still_training"]


def test_table2_women_share_of_all_industrial_rounds_to_the_printed_3_percent():
    check = next(c for c in equity.check_table2() if c.id == "table2:all_industrial:women")
    assert check.reproduced == pytest.approx(100 * 60 / 2265)  # 2.649%
    assert check.matches and check.rounded == 3.0


def test_rows_that_add_to_101_after_rounding():
    off = equity.rows_not_summing_to_100()
    assert off.set_index("group")["printed_sum"].to_dict() == {"african_american": 101.0, "hispanic": 101.0}


CLAIMS = {
    # id: (published, numerator, denominator) as the brief's text states them
    "people_of_color_share": (34, 42, 124),
    "women_share": (14, 17, 124),
    "felony_share": (12, 15, 124),
    "left_share": (11, 14, 124),
    "people_of_color_journey_or_training": (86, 36, 42),
    "caucasian_journey_or_training": (90, 74, 82),
    "felony_journey_or_training": (87, 13, 15),
    "imt_share_2016": (3.3, 76, 2265),
    "imt_women_one_in_five": (20, 12, 60),
    "imt_people_of_color_more_than_one_in_four": (25, 21, 82),
}


@pytest.mark.parametrize("claim_id", list(CLAIMS))
def test_text_claim_recomputed_from_the_tables(claim_id):
    published, num, den = CLAIMS[claim_id]
    check = {c.id: c for c in equity.check_text_claims()}[claim_id]
    assert (check.published, check.numerator, check.denominator) == (published, num, den)
    assert check.reproduced == pytest.approx(100 * num / den)
    assert check.matches == (claim_id != "imt_share_2016")


def test_every_printed_percentage_is_checked():
    checks = equity.check_all()
    percent = [c for c in checks if c.kind == "percent"]
    assert sum(c.where == "Table 1" for c in percent) == 21
    assert sum(c.where == "Table 2" for c in percent) == 16
    assert len(equity.brief()["claims"]) == len(equity.check_text_claims()) == 18
    assert all(c.matches for c in checks if c.kind != "percent")


def test_default_completion_rate_is_the_midpoint_of_the_two_table1_readings():
    assert equity.completion_rate() == COMPLETION_FINISHED_OR_LEFT == round(46 / 60, 4)
    assert equity.completion_rate(reading="not_left") == COMPLETION_NOT_LEFT == round(110 / 124, 4)
    assert Retention().completion_rate == round((equity.completion_rate()
                                                 + equity.completion_rate(reading="not_left")) / 2, 4)


@pytest.mark.parametrize("group,finished_or_left,not_left", [
    ("people_of_color", 12 / 18, 36 / 42), ("caucasian", 34 / 42, 74 / 82),
    ("african_american", 4 / 7, 21 / 24), ("hispanic", 3 / 5, 6 / 8),
    ("male", 38 / 51, 94 / 107), ("female", 8 / 9, 16 / 17), ("felony_conviction", 3 / 5, 13 / 15)])
def test_group_completion_presets(group, finished_or_left, not_left):
    assert equity.completion_rate(group) == round(finished_or_left, 4)
    assert equity.completion_rate(group, "not_left") == round(not_left, 4)
    assert equity.completion_overrides(group) == {"retention.completion_rate": round(finished_or_left, 4)}


def test_table1_make_up_weighted_by_its_own_counts_gives_the_overall_rate():
    rates = equity.completion_rates()
    for groups in (("people_of_color", "caucasian"), ("male", "female")):
        known = {g: int(rates.loc[g, "finished_or_left"]) for g in groups}
        assert equity.cohort_completion_rate(known) == pytest.approx(46 / 60, abs=RATE_4DP)
        enrolled = {g: int(rates.loc[g, "enrolled"]) for g in groups}
        assert equity.cohort_completion_rate(enrolled, "not_left") == pytest.approx(110 / 124, abs=RATE_4DP)


def test_cohort_completion_rate_from_make_up():
    assert equity.cohort_completion_rate({"female": 3}) == equity.completion_rate("female")
    mix = equity.cohort_completion_rate({"people_of_color": 4, "caucasian": 6})
    assert mix == round((4 * 12 / 18 + 6 * 34 / 42) / 10, 4)
    with pytest.raises(ScenarioError, match="overlap"):
        equity.cohort_completion_rate({"female": 2, "people_of_color": 3})
    with pytest.raises(ScenarioError, match="unknown group"):
        equity.cohort_completion_rate({"veterans": 2})
    with pytest.raises(ScenarioError, match="reading"):
        equity.completion_rate("all", "ever")


def test_cohort_completion_goes_into_a_scenario():
    base = preset("imt-default")
    s = equity.with_cohort_completion(base, {"female": 2, "male": 8})
    assert s.retention.completion_rate == round((2 * 8 / 9 + 8 * 38 / 51) / 10, 4)
    r, r0 = evaluate(s), evaluate(base)
    assert r.expected_completers == pytest.approx(10 * s.retention.completion_rate)
    assert r.cost_per_completer > r0.cost_per_completer  # a lower completion rate than the default midpoint
    via_preset = preset("imt-default", equity.completion_overrides("felony_conviction"))
    assert via_preset.retention.completion_rate == 0.6
