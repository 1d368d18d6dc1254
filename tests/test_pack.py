"""The pitch pack: every firm's one-pager and workbook, and the partnership's, with file names by firm."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from imt_roi import ScenarioError, evaluate, load_scenario, preset
from imt_roi.cli import main
from imt_roi.partnership import alone_vs_partnership
from imt_roi.pack import pack_names, write_pack
from imt_roi.report import format_value


@pytest.fixture(scope="module")
def result():
    return evaluate(preset("imt-partnership"))


def test_every_firm_gets_its_one_pager_and_workbook(result, tmp_path):
    files = write_pack(result, tmp_path / "pack")
    assert sorted(f.name for f in files) == sorted(
        [f"firm-{x}.{ext}" for x in "abcd" for ext in ("html", "xlsx")]
        + ["partnership.html", "partnership.xlsx", "scenario.yaml"])
    assert load_scenario(tmp_path / "pack" / "scenario.yaml") == result.scenario
    table = alone_vs_partnership(result.scenario).set_index(["employer", "arrangement"])
    for firm in ("Firm A", "Firm D"):
        stem = firm.lower().replace(" ", "-")
        page = (tmp_path / "pack" / f"{stem}.html").read_text(encoding="utf-8")
        assert f"{firm} alone and in the partnership" in page
        for arrangement in ("alone", "partnership"):
            assert format_value(table.loc[(firm, arrangement), "npv"], "usd") in page
        assert "return per dollar runs from" in page  # the firm's own range
        book = load_workbook(io.BytesIO((tmp_path / "pack" / f"{stem}.xlsx").read_bytes()))
        sheet = book["Alone vs partnership"]
        values = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
        alone_bcr, joined_bcr, _ = values["Return per dollar (B/C)"]
        assert alone_bcr == pytest.approx(table.loc[(firm, "alone"), "benefit_cost_ratio"])
        assert joined_bcr == pytest.approx(table.loc[(firm, "partnership"), "benefit_cost_ratio"])
        metrics = {row[0]: row[2] for row in book["Metrics"].iter_rows(min_row=2, values_only=True) if row[0]}
        assert metrics["benefit_cost_ratio"] == pytest.approx(result.employer_metrics(firm).benefit_cost_ratio)
    whole = (tmp_path / "pack" / "partnership.html").read_text(encoding="utf-8")
    assert "38 apprentices" in whole


def test_file_names_stay_distinct_and_never_take_the_partnerships(result):
    plan = result.scenario.model_dump(mode="json")
    names = ["Partnership", "Firm A!", "firm a", "Scenario"]
    for cohort in plan["cohorts"]:
        for member, name in zip(cohort["members"], names):
            member["employer"] = name
    from imt_roi import scenario_from_dict

    stems = pack_names(evaluate(scenario_from_dict(plan)))
    assert sorted(stems.values()) == ["firm-a", "firm-a-2", "partnership-2", "scenario-2"]


def test_a_pack_folder_that_is_a_file_is_one_line(result, tmp_path, capsys):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    with pytest.raises(ScenarioError, match="is a file"):
        write_pack(result, blocker)
    assert main(["export", "--preset", "imt-partnership", "--pack", str(blocker)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["export", "--preset", "imt-partnership", "--pack", str(tmp_path / "new" / "deeper")]) == 0
    assert "wrote 11 files" in capsys.readouterr().out
