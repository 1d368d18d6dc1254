"""Published studies' conventions as data: a plan counted as each study counts, compared only like with like."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imt_roi import ScenarioError, evaluate, preset
from imt_roi.benchmarks import beside_benchmarks
from imt_roi.checks import reproduce
from imt_roi.cli import main
from imt_roi.conventions import CONVENTIONS, AAI_DIRECT_LINES, comparable, in_convention
from imt_roi.results import benefit_split
from imt_roi.export import summary_html
from imt_roi.lines import FUNDING
from imt_roi.report import conventions_line
from imt_roi.results import jff_method_ratio
from imt_roi.survey import GROSS_ROWS, training_profile, year_labels

CENT = 0.01


@pytest.mark.parametrize("key", list(CONVENTIONS))
def test_evaluate_in_a_convention_is_the_plan_with_the_conventions_inputs_set(key):
    plan = preset("imt-default")
    result = evaluate(plan, key)
    assert result.convention == key
    for path, value in CONVENTIONS[key].sets.items():
        record = result.scenario
        for part in path.split("."):
            record = getattr(record, part)
        assert record == value
    assert result.npv == pytest.approx(evaluate(in_convention(plan, key)).npv)


def test_an_unknown_convention_is_named_in_one_line():
    with pytest.raises(ScenarioError) as caught:
        evaluate(preset("imt-default"), "jff")
    assert caught.value.field == "convention" and "jff-2020" in str(caught.value)


def test_jff_convention_needs_the_firms_own_value_of_output():
    plan = preset("imt-default")
    ok, why = comparable(plan, "jff-2020")
    assert not ok and "calibrated" in why and "output.value_per_hour" in why
    row = beside_benchmarks(evaluate(plan), "benefit_cost_ratio").set_index("study").loc["jff-2020-imt-roi"]
    assert not row["comparable"] and pd.isna(row["plan"]) and pd.isna(row["difference"])
    own = preset("imt-default", {"output.value_per_hour": 41.0})
    assert comparable(own, "jff-2020") == (True, "")
    row = beside_benchmarks(evaluate(own), "benefit_cost_ratio").set_index("study").loc["jff-2020-imt-roi"]
    assert row["comparable"] and row["convention"] == "jff-2020"
    assert row["plan"] == pytest.approx(jff_method_ratio(own))
    assert row["difference"] == pytest.approx(jff_method_ratio(own) - 1.48)


def test_one_employer_still_on_the_calibrated_value_keeps_the_plan_not_comparable():
    plan = preset("imt-partnership", {"output.value_per_hour": 41.0})
    data = plan.model_dump()
    firm = plan.cohorts[0].members[0].employer
    data["employers"] = [{"employer": firm, "set": {"output.value_per_hour": 54.2028}}]
    mixed = type(plan).model_validate(data)
    assert comparable(plan, "jff-2020")[0] and not comparable(mixed, "jff-2020")[0]


def test_a_rate_of_return_and_an_undeclared_convention_get_no_difference():
    table = beside_benchmarks(evaluate(preset("imt-default")))
    for row in table.itertuples():
        if row.measure == "rate_of_return" or row.study == "caf-2009":
            assert not row.comparable and pd.isna(row.difference) and row.reason
    aai = table[(table.study == "aai-2022") & (table.measure == "benefit_cost_ratio")].iloc[0]
    assert aai.comparable and aai.convention == "aai-2022" and aai.plan_months_after_completion == 60


def test_the_aai_convention_counts_five_years_after_completion_whatever_the_plan_says():
    short = preset("imt-default", {"horizon.months_after_completion": 12})
    aai = beside_benchmarks(evaluate(short), "benefit_cost_ratio").set_index("study").loc["aai-2022"]
    assert aai["plan"] == pytest.approx(evaluate(short, "aai-2022").benefit_cost_ratio)
    assert aai["plan"] != pytest.approx(evaluate(short).benefit_cost_ratio)
    assert aai["plan_months_after_completion"] == 60


def test_compare_json_rows_carry_convention_and_comparable(capsys):
    assert main(["compare", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all({"convention", "comparable", "reason"} <= set(r) for r in rows)
    jff = [r for r in rows if r["study"] == "jff-2020-imt-roi"]
    assert jff and all(r["comparable"] is False and r["difference"] is None for r in jff)
    assert main(["compare"]) == 0
    text = capsys.readouterr().out
    assert "difference not comparable" in text and "why: the value of an hour of output is calibrated" in text


def test_every_place_showing_the_jff_figure_says_the_value_is_calibrated():
    plan = preset("imt-default")
    result = evaluate(plan)
    line = conventions_line(plan, result.metrics, jff_method_ratio(plan))
    assert "calibrated" in line and "enter your own value added per hour" in line
    assert "enter your own value added per hour" in summary_html(result)
    own = preset("imt-default", {"output.value_per_hour": 41.0})
    line = conventions_line(own, evaluate(own).metrics, jff_method_ratio(own))
    assert "your own value of output, $41.00 an hour" in line and "calibrated" not in line


@pytest.mark.parametrize("name, overrides", [("imt-default", {}), ("imt-partnership", {}),
                                             ("imt-union", {"alternative": "keep_incumbent"})])
def test_direct_and_indirect_benefits_add_up_to_the_plans_benefits(name, overrides):
    result = evaluate(preset(name, overrides), "aai-2022")
    split = benefit_split(result)
    assert split["direct"] + split["indirect"] == pytest.approx(result.total_benefits, rel=1e-9)
    assert split["ratio"] == pytest.approx(result.benefit_cost_ratio, rel=1e-9)
    assert 0 < split["direct"] and split["direct_ratio"] < split["ratio"]
    lines = set(result.cashflows.loc[result.cashflows["kind"] == "benefit", "line"])
    assert lines & set(AAI_DIRECT_LINES) and lines - set(AAI_DIRECT_LINES)


def test_the_aai_case_reports_what_it_reproduces_and_what_is_reference_only():
    checks = [c for c in reproduce("aai-2022")]
    statuses = {c.figure: c.status for c in checks}
    assert sum(s == "reference" for s in statuses.values()) == 6
    assert statuses["the typical employer does not recoup its costs during the term"] == "ok"
    for c in checks:
        if c.status == "reference":
            assert c.difference is None
    medium = next(c for c in checks if c.figure.startswith("IMT default, medium") and "indirect" in c.figure)
    assert medium.reproduced == pytest.approx(evaluate(preset("imt-default"), "aai-2022").benefit_cost_ratio)


# --- the survey table ------------------------------------------------------------------------------------------


def _term_flows(result):
    flows = result.cashflows
    return flows[flows["phase"] == "term"]


@pytest.mark.parametrize("name", ["imt-default", "imt-partnership", "imt-five-year"])
def test_the_survey_table_reconciles_with_the_term_cash_flows(name):
    result = evaluate(preset(name))
    table = result.by_training_year()
    n = result.scenario.apprentices
    term = _term_flows(result)
    costs = term[(term["kind"] == "cost") & (term["category"] != FUNDING)]["amount"].sum()
    funding = -term[(term["kind"] == "cost") & (term["category"] == FUNDING)]["amount"].sum()
    benefits = term[term["kind"] == "benefit"]["amount"].sum()
    assert table.loc["gross costs", "term"] * n == pytest.approx(costs, abs=CENT)
    assert table.loc["funding received", "term"] * n == pytest.approx(funding, abs=CENT)
    assert (table.loc["productive contribution", "term"] + table.loc["other benefits in the term", "term"]) * n \
        == pytest.approx(benefits, abs=CENT)
    assert table.loc["gross costs"].to_numpy() == pytest.approx(table.loc[list(GROSS_ROWS)].sum().to_numpy())
    assert table.loc["net cost"].to_numpy() == pytest.approx(
        (table.loc["gross costs"] - table.loc["productive contribution"]).to_numpy())
    years = [c for c in table.columns if c != "term"]
    assert table[years].sum(axis=1).to_numpy() == pytest.approx(table["term"].to_numpy())


def test_training_years_count_from_each_cohorts_start():
    result = evaluate(preset("imt-partnership"))
    starts = {c.name: c.start_month for c in result.scenario.cohorts}
    assert len(set(starts.values())) > 1
    late = max(starts, key=starts.get)
    flows = _term_flows(result)
    first_year = flows[(flows["cohort"] == late) & (flows["month"] < starts[late] + 12)
                       & (flows["kind"] == "cost") & (flows["line"] == "mentor time")]["amount"].sum()
    alone = evaluate(preset("imt-partnership")).by_training_year()
    assert first_year > 0 and alone.loc["training staff (mentor)", "year 1"] > 0
    # the late cohort's first twelve months are its year 1, not the plan's year 2
    labels = year_labels(result.scenario.program.term_months)
    assert labels == ["year 1", "year 2 (months 13-18)"]
    mentor_rate = alone.loc["training staff (mentor)"]
    assert mentor_rate["year 1"] / 12 == pytest.approx(mentor_rate[labels[1]] / 6, rel=0.25)


def test_the_survey_profile_is_the_plans_substitution_inputs_by_training_year():
    plan = preset("imt-default")
    profile = training_profile(plan)
    assert list(profile.columns) == ["year 1", "year 2 (months 13-18)"]
    sub = plan.substitution
    assert profile.loc["relative productivity in skilled tasks", "year 1"] > sub.relative_productivity_start
    assert profile.loc["relative productivity in skilled tasks", "year 2 (months 13-18)"] < \
        sub.relative_productivity_end
    assert np.all((profile.to_numpy() > 0) & (profile.to_numpy() <= 1))


def test_evaluate_by_training_year_on_the_command_line(capsys):
    assert main(["evaluate", "--by", "training-year", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    table = evaluate(preset("imt-default")).by_training_year()
    rows = {r["row"]: r for r in data["rows"]}
    assert rows["net cost"]["term"] == pytest.approx(table.loc["net cost", "term"])
    assert main(["evaluate", "--by", "training-year", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "row,year 1,year 2 (months 13-18),term"
    assert main(["evaluate", "--by", "training-year"]) == 0
    assert "productive contribution" in capsys.readouterr().out
    assert main(["evaluate", "--convention", "aai-2022", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["convention"] == "aai-2022"
    assert main(["conventions", "--format", "json"]) == 0
    assert {r["key"] for r in json.loads(capsys.readouterr().out)} == set(CONVENTIONS)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(term=st.integers(18, 24), start=st.integers(1, 30), apprentices=st.integers(1, 40),
       key=st.sampled_from(list(CONVENTIONS)))
def test_survey_table_property(term, start, apprentices, key):
    plan = preset("imt-default", {"program.term_months": term, "cohorts.0.start_month": start,
                                  "cohorts.0.members.0.apprentices": apprentices})
    result = evaluate(plan, key)
    table = result.by_training_year()
    assert list(table.columns) == [*year_labels(term), "term"]
    term_costs = _term_flows(result).query("kind == 'cost' and category != @FUNDING")["amount"].sum()
    assert table.loc["gross costs", "term"] * apprentices == pytest.approx(term_costs, rel=1e-9, abs=CENT)
