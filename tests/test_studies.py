"""Study cases: every published figure reproduced within its tolerance, named by case and source.

Expected values come from the case files (imt_roi/data/case-*.yaml,
benchmarks.yaml) and, for the inputs, from docs/sources.md.
"""

from __future__ import annotations

import copy
import math

import pandas as pd
import pytest

from imt_roi import ScenarioError, evaluate, iter_params, preset
from imt_roi import studies
from imt_roi.parameters import COMPLETION_MIDPOINT

JFF = "jff-2020-imt-roi"


def _checks_by_case():
    by_case: dict[str, list] = {}
    for check in studies.reproduce():
        by_case.setdefault(check.case, []).append(check)
    return by_case


BY_CASE = _checks_by_case()


@pytest.mark.parametrize("case", list(BY_CASE), ids=list(BY_CASE))
def test_every_case_reproduces_within_tolerance(case):
    failed = [c.describe() for c in BY_CASE[case] if not c.passed]
    assert not failed, f"case {case} no longer reproduces:\n" + "\n".join(failed)


def test_reproduce_covers_every_case_in_order():
    assert studies.case_names() == [JFF, "aai-2022", "caf-2009", "commerce-2016",
                                    "cows-table1", "cows-table2", "cows-text"]
    assert list(BY_CASE) == studies.case_names()


def test_jff_figures_published_values_and_tolerances():
    case = studies.study_case(JFF)
    assert case.figure("benefit_cost_ratio")["published"] == 1.48
    assert case.figure("net_roi")["published"] == 0.48
    y1, y2 = case.figure("year_one_expense_per_apprentice"), case.figure("year_two_expense_per_apprentice")
    assert (y1["low"], y1["high"], y1["months"]) == (39567, 128069, [1, 12])
    assert (y2["low"], y2["high"], y2["months"]) == (17874, 64672, [13, 18])
    assert case.source["year"] == 2020 and "Payne" in case.citation and "Next-Gen IMT" in case.citation
    with pytest.raises(ScenarioError, match="no figure"):
        case.figure("irr")


def test_jff_case_is_output_value_term_only_undiscounted():
    s = studies.case_scenario(JFF)
    assert s.method == "output_value"
    assert s.horizon.months_after_completion == 0
    assert s.horizon.discount_rate == 0
    assert s.program.term_months == 18
    assert s.wages.starting_wage == 18.50


def test_jff_inputs_have_a_status_and_only_value_per_hour_is_calibrated():
    table = studies.case_inputs(JFF)
    assert set(table["status"]) == {"published", "calibrated", "assumed", "inferred"}
    published = set(table.loc[table.status == "published", "path"])
    assert published == {"program.term_months", "program.ojl_hours", "program.rti_hours",
                         "wages.starting_wage", "instruction.cost_per_apprentice",
                         "horizon.months_after_completion"}
    # the convention is read from the DOL CLEAR review of the study, not printed in it
    assert list(table.loc[table.status == "inferred", "path"]) == ["method"]
    assert list(table.loc[table.status == "calibrated", "path"]) == ["output.value_per_hour"]
    fringe = table.set_index("path").loc["wages.fringe_rate"]
    assert fringe.status == "assumed" and fringe.source.startswith("assumption")
    # every input of the scenario is listed once
    assert table["path"].is_unique
    economic = [p for p in iter_params(studies.case_scenario(JFF)) if p.unit != "text"]
    assert table["path"].tolist() == [p.path for p in economic]
    assert "name" not in set(table["path"])


def test_jff_calibration_is_the_solver_result():
    (cal,) = studies.calibrate(JFF)
    assert cal.path == "output.value_per_hour"
    assert cal.target_measure == "benefit_cost_ratio" and cal.target == 1.48
    assert cal.current, cal.message
    assert cal.solved == pytest.approx(cal.stored, abs=cal.tolerance)
    # the calibrated value reproduces 1.48 to far better than the published rounding
    r = evaluate(studies.case_scenario(JFF))
    assert r.benefit_cost_ratio == pytest.approx(1.48, abs=1e-5)
    assert r.net_roi == pytest.approx(r.benefit_cost_ratio - 1)


@pytest.mark.parametrize("overrides", [{"wages.starting_wage": 25.0},
                                       {"instruction.cost_per_apprentice": 20000},
                                       {"wages.fringe_rate": 0.45}],
                         ids=["starting_wage", "tuition", "fringe_default"])
def test_changing_an_input_breaks_the_reproduction_and_names_case_and_source(overrides):
    checks = studies.check_case(JFF, overrides=overrides)
    failed = [c for c in checks if not c.passed]
    assert failed, f"perturbing {overrides} should break the JFF reproduction"
    message = failed[0].describe()
    assert message.startswith(JFF + ":")
    assert "Payne" in message and "Return on Investment Study" in message and "2020" in message
    assert failed[0].figure == "benefit per dollar invested (B/C)"
    # and the calibration is no longer current: the solver asks for another value
    assert not studies.calibrate(JFF, overrides)[0].current


def test_expense_range_check_fails_when_costs_leave_the_published_range():
    checks = {c.figure: c for c in studies.check_case(JFF, overrides={"wages.starting_wage": 60.0})}
    y1 = checks["yearly expense per apprentice, year one (months 1-12)"]
    assert y1.status == "FAIL" and y1.reproduced > 128069


def test_expense_per_apprentice_bases():
    r = evaluate(studies.case_scenario(JFF))
    present = studies.expense_per_apprentice(r, 1, 12)
    starter = studies.expense_per_apprentice(r, 1, 12, basis="starter")
    assert 39567 <= present <= 128069 and 39567 <= starter <= 128069
    assert starter < present  # some starters leave during the year
    year2 = studies.expense_per_apprentice(r, 13, 18)
    assert 17874 <= year2 <= 64672
    # with no attrition both bases agree, and the two windows add up to the term's cost
    full = evaluate(studies.case_scenario(JFF, {"retention.completion_rate": 1.0}))
    n = full.scenario.apprentices
    assert studies.expense_per_apprentice(full, 1, 12) == pytest.approx(
        studies.expense_per_apprentice(full, 1, 12, basis="starter"))
    assert (studies.expense_per_apprentice(full, 1, 12) + studies.expense_per_apprentice(full, 13, 18)
            == pytest.approx(full.total_costs / n))
    with pytest.raises(ScenarioError):
        studies.expense_per_apprentice(r, 1, 12, basis="completer")


def test_headcount_follows_cohort_starts_and_attrition():
    s = preset("imt-default", {"cohorts": [
        {"name": "A", "start_month": 1, "members": [{"employer": "Sponsor", "apprentices": 10}]},
        {"name": "B", "start_month": 4, "members": [{"employer": "Sponsor", "apprentices": 5}]}]})
    h = studies.headcount(evaluate(s))
    assert h.loc[1] == 10 and h.loc[4] == pytest.approx(10 * (1 - _hazard()) ** 3 + 5)
    assert h.is_monotonic_decreasing is False  # the second cohort joins in month 4


def _hazard():
    return 1 - COMPLETION_MIDPOINT ** (1 / 18)


def test_benchmarks_carry_their_measure():
    marks = {(b.study, b.measure): b for b in studies.benchmarks()}
    assert marks[("aai-2022", "benefit_cost_ratio")].value == 1.44
    assert marks[("aai-2022", "net_roi")].value == 0.443
    assert marks[("aai-2022", "net_roi")].months_after_completion == 60
    assert marks[("caf-2009", "benefit_cost_ratio")].value == 1.47
    assert marks[("caf-2009", "net_roi")].value == 0.47
    commerce = marks[("commerce-2016", "rate_of_return")]
    assert commerce.value == 0.50 and commerce.comparison == "at_least"
    assert all(b.measure in studies.MEASURES for b in studies.benchmarks())
    assert {b.study for b in studies.benchmarks("rate_of_return")} == {"commerce-2016"}


@pytest.mark.parametrize("measure", list(studies.MEASURES))
def test_beside_benchmarks_never_mixes_measures(measure):
    result = evaluate(preset("imt-five-year"))
    table = studies.beside_benchmarks(result, measure)
    assert len(table) and set(table["measure"]) == {measure}
    for row in table.itertuples():
        expected = getattr(evaluate(result.scenario, row.convention), studies.RESULT_METRIC[measure])
        if row.comparable:
            assert row.plan == pytest.approx(expected)
            assert row.difference == pytest.approx(row.plan - row.benchmark)
        else:
            assert pd.isna(row.difference) and row.reason


def test_beside_benchmarks_all_measures_keeps_each_row_in_its_measure():
    result = evaluate(studies.case_scenario(JFF))
    table = studies.beside_benchmarks(result)
    for row in table.itertuples():
        figure = getattr(evaluate(result.scenario, row.convention), studies.RESULT_METRIC[row.measure])
        assert row.plan == pytest.approx(figure) or pd.isna(row.plan)
    # the JFF case carries the study's calibrated value of output: restating the study is no comparison
    jff = table[(table.study == JFF) & (table.measure == "benefit_cost_ratio")].iloc[0]
    assert not jff.comparable and pd.isna(jff.difference) and "calibrated" in jff.reason
    with pytest.raises(ScenarioError, match="unknown measure"):
        studies.beside_benchmarks(result, "payback")


def test_benchmark_consistency_check_fails_when_forms_disagree(monkeypatch):
    from imt_roi import benchmarks, checks

    data = copy.deepcopy(list(benchmarks._benchmarks_data()))
    aai = next(b for b in data if b["name"] == "aai-2022")
    next(f for f in aai["figures"] if f["measure"] == "net_roi")["value"] = 0.453

    monkeypatch.setattr(checks, "_benchmarks_data", lambda: tuple(data))
    (check,) = studies.check_benchmark("aai-2022")
    assert check.status == "FAIL" and check.reproduced == pytest.approx(1.453)
    assert "Mills De La Rosa" in check.describe()


def test_commerce_is_reference_only():
    (check,) = studies.check_benchmark("commerce-2016")
    assert check.status == "reference" and check.reproduced is None and check.passed


def test_known_gap_must_keep_its_size(monkeypatch):
    from imt_roi import equity
    brief = copy.deepcopy(equity.brief())
    claim = next(c for c in brief["claims"] if c["id"] == "imt_share_2016")
    claim["known_gap"]["size"] = 0.2
    monkeypatch.setattr(equity, "brief", lambda: brief)
    status = {c.figure: c.status for c in studies.check_equity("cows-text")}
    assert status["imt_share_2016"] == "FAIL"
    assert status["imt_share_2016_again"] == "known gap"
    del claim["known_gap"]
    assert {c.figure: c.status for c in studies.check_equity("cows-text")}["imt_share_2016"] == "FAIL"


def test_recorded_gap_that_vanishes_fails(monkeypatch):
    from imt_roi import equity
    brief = copy.deepcopy(equity.brief())
    claim = next(c for c in brief["claims"] if c["id"] == "women_share")
    claim["known_gap"] = {"size": 0.3, "note": "invented"}
    monkeypatch.setattr(equity, "brief", lambda: brief)
    status = {c.figure: c.status for c in studies.check_equity("cows-text")}
    assert status["women_share"] == "FAIL"


def test_unknown_case():
    with pytest.raises(ScenarioError, match="unknown case"):
        studies.reproduce("jff-2021")
    with pytest.raises(ScenarioError, match="unknown study case"):
        studies.study_case("nope")


def test_render_has_one_row_per_check_and_a_summary():
    checks = studies.reproduce(JFF)
    text = studies.render_checks(checks, {JFF: studies.calibrate(JFF)})
    assert text.count("  ok") == 2 and text.count("  calibrated  (holds by construction") == 2 and len(checks) == 5
    assert "calibrated: output.value_per_hour = 54.2028" in text
    assert text.rstrip().endswith("model reproductions: 5 checks, 2 reproduced, 2 calibrated (hold by "
                                  "construction), 1 reference only, 0 failed")
    assert {c.kind for c in checks} == {studies.MODEL_REPRODUCTION}
    substitution = checks[-1]
    assert substitution.status == "reference" and substitution.published == "-"
    expected = evaluate(studies.case_scenario(JFF, {"method": "substitution"})).benefit_cost_ratio
    assert substitution.reproduced == pytest.approx(expected) and substitution.reproduced < 1
    assert not math.isnan(checks[0].reproduced)
