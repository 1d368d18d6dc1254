"""User benchmarks: a file of published figures in the shipped schema, set beside a plan by measure."""

from __future__ import annotations

import json
import random

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imt_roi import ScenarioError, evaluate, preset
from imt_roi.benchmarks import BESIDE_COLUMNS, beside_benchmarks, benchmarks, load_benchmarks
from imt_roi.cli import main

from fuzzing import file_bytes, value

FLAT = {"study": "Our 2023 cohort", "measure": "benefit_cost_ratio", "value": 1.3, "comparison": "equals",
        "horizon": "term plus 2 years", "source": "internal finance review, March 2024", "convention": "plan"}
NESTED = {"name": "Regional survey", "title": "Apprenticeship returns in the region", "publisher": "Workforce board",
          "year": 2024, "horizon": "term only", "figures": [{"measure": "net_roi", "value": 0.25},
                                                             {"measure": "rate_of_return", "value": 0.5,
                                                              "comparison": "at_least"}]}


def write(tmp_path, data, name="mine.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if name.endswith(".yaml") else json.dumps(data), encoding="utf-8")
    return str(path)


def test_a_users_figures_sit_beside_the_plan_by_measure(tmp_path):
    mine = load_benchmarks(write(tmp_path, {"benchmarks": [FLAT, NESTED]}))
    assert [(b.study, b.measure, b.value, b.comparison) for b in mine] == [
        ("Our 2023 cohort", "benefit_cost_ratio", 1.3, "equals"), ("Regional survey", "net_roi", 0.25, "equals"),
        ("Regional survey", "rate_of_return", 0.5, "at_least")]
    assert mine[0].source == "internal finance review, March 2024"
    assert "Apprenticeship returns in the region" in mine[1].source
    result = evaluate(preset("imt-default"))
    table = beside_benchmarks(result, benchmarks=mine)
    assert list(table.columns) == BESIDE_COLUMNS and len(table) == 3
    row = table.set_index("study").loc["Our 2023 cohort"]
    assert row["plan"] == pytest.approx(result.benefit_cost_ratio)
    assert row["difference"] == pytest.approx(result.benefit_cost_ratio - 1.3)
    net = beside_benchmarks(result, measure="net_roi", benchmarks=mine)
    assert list(net["study"]) == ["Regional survey"] and net["plan"].iloc[0] == pytest.approx(result.net_roi)
    # a figure whose convention is not declared is shown without a difference, and says why
    assert not net["comparable"].iloc[0] and pd.isna(net["difference"].iloc[0])
    assert "not declared" in net["reason"].iloc[0]
    # the shipped figures are the default
    assert len(beside_benchmarks(result)) == len(benchmarks())


def test_compare_on_the_command_line(tmp_path, capsys):
    path = write(tmp_path, {"benchmarks": [FLAT]}, "mine.json")
    assert main(["compare", "--benchmarks", path, "--no-shipped", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    result = evaluate(preset("imt-default"))
    assert len(rows) == 1
    assert {"study", "measure", "benchmark", "plan", "difference", "source"} <= set(rows[0])
    assert rows[0]["plan"] == pytest.approx(result.benefit_cost_ratio)
    assert main(["compare", "--preset", "imt-jff-2020", "--benchmarks", path]) == 0
    text = capsys.readouterr().out
    assert "Our 2023 cohort" in text and "aai-2022" in text and "published" in text
    assert main(["compare", "--no-shipped"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("entry, field", [
    ({**FLAT, "value": "lots"}, "benchmarks.0.value"),
    ({**FLAT, "measure": "payback"}, "benchmarks.0.measure"),
    ({**FLAT, "value": 1e9}, "benchmarks.0.value"),
    ({**NESTED, "figures": [{"measure": "net_roi", "value": "x"}]}, "benchmarks.0.figures.0.value"),
    ({k: v for k, v in FLAT.items() if k != "source"}, "benchmarks.0.source"),
    ({k: v for k, v in FLAT.items() if k != "horizon"}, "benchmarks.0.horizon"),
    ({**NESTED, "figures": []}, "benchmarks.0.figures"),
    ({**NESTED, "figures": [{"measure": "net_roi", "value": 0.2, "oops": 1}]}, "benchmarks.0.figures.0.oops"),
])
def test_a_bad_benchmark_file_names_the_field(tmp_path, entry, field):
    with pytest.raises(ScenarioError) as info:
        load_benchmarks(write(tmp_path, {"benchmarks": [entry]}))
    assert info.value.field == field and "\n" not in str(info.value)


def test_a_bad_file_on_the_command_line_is_one_line(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"benchmarks:\n  - study: \xff\n")
    assert main(["compare", "--benchmarks", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.yaml" in err and "UTF-8" in err


@settings(max_examples=60, deadline=10_000, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_hostile_benchmark_files_load_or_name_a_field(tmp_path, rng: random.Random):
    """Any bytes or any structure: a list of figures, or one ScenarioError line naming a field."""
    if rng.random() < 0.5:
        data, suffix = file_bytes(rng)
    else:
        entry = {**rng.choice([FLAT, NESTED]), rng.choice(list(FLAT) + ["figures", "year", "x"]): value(rng)}
        data, suffix = json.dumps({"benchmarks": [entry]}, default=str).encode(), ".json"
    path = tmp_path / f"b{rng.randrange(10 ** 9)}{suffix}"
    path.write_bytes(data)
    try:
        figures = load_benchmarks(path)
    except ScenarioError as exc:
        assert exc.field and "\n" not in str(exc) and len(exc.field) + len(exc.message) <= 600
    else:
        assert all(b.measure and b.source for b in figures)


def test_malformed_packaged_data_is_a_data_error_not_the_users(monkeypatch):
    from imt_roi import benchmarks as module
    from imt_roi.errors import DataError

    monkeypatch.setattr(module, "_data_text", lambda name: "benchmarks:\n  - name: x\n    horizon: h\n"
                                                           "    title: t\n    figures: [{measure: npv, value: 1}]\n")
    module._shipped.cache_clear()
    try:
        with pytest.raises(DataError, match=r"packaged data benchmarks.yaml: benchmarks.0.figures.0.measure"):
            benchmarks()
    finally:
        module._shipped.cache_clear()
