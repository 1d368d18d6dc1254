"""The pitch pack: every firm's one-pager and workbook, and the partnership's, with file names by firm; written
as a new folder, never over files or through links unasked (issue 19, findings 5, 6, 7 and 10)."""

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
        [f"0{i}-firm-{x}.{ext}" for i, x in enumerate("abcd", start=1) for ext in ("html", "xlsx")]
        + ["index.html", "partnership.html", "partnership.xlsx", "scenario.yaml"])
    assert load_scenario(tmp_path / "pack" / "scenario.yaml") == result.scenario
    table = alone_vs_partnership(result.scenario).set_index(["employer", "arrangement"])
    for firm in ("Firm A", "Firm D"):
        stem = {"Firm A": "01-firm-a", "Firm D": "04-firm-d"}[firm]
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
    assert stems == {"Partnership": "01-partnership", "Firm A!": "02-firm-a", "firm a": "03-firm-a",
                     "Scenario": "04-scenario"}


def test_a_pack_folder_that_is_a_file_is_one_line(result, tmp_path, capsys):
    blocker = tmp_path / "taken"
    blocker.write_text("x")
    with pytest.raises(ScenarioError, match="is a file"):
        write_pack(result, blocker)
    assert main(["export", "--preset", "imt-partnership", "--pack", str(blocker)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["export", "--preset", "imt-partnership", "--pack", str(tmp_path / "new" / "deeper")]) == 0
    assert "wrote 12 files" in capsys.readouterr().out


def test_firms_whose_names_make_one_stem_get_numbered_files_an_index_maps_back(tmp_path):
    """Finding 10: "Firm A", "firm a" and "Firm A 2" got firm-a, firm-a-2, firm-a-2-2 (firm-a-2 was "firm a")."""
    plan = preset("imt-partnership").model_dump(mode="json")
    names = ["Firm A", "firm a", "Firm A 2", "\u5de5" * 80]  # the last: 240 bytes of UTF-8 as it is
    for cohort in plan["cohorts"]:
        for member, name in zip(cohort["members"], names):
            member["employer"] = name
    from imt_roi import scenario_from_dict

    result = evaluate(scenario_from_dict(plan))
    files = write_pack(result, tmp_path / "pack")
    stems = pack_names(result)
    assert list(stems.values())[:3] == ["01-firm-a", "02-firm-a", "03-firm-a-2"]
    assert all(len(f.name.encode("utf-8")) <= 80 for f in files)
    index = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    for firm, stem in stems.items():
        assert f"<td>{firm}</td><td><a href='{stem}.html'>" in index
        assert f"{firm} alone and in the partnership" in (tmp_path / "pack" / f"{stem}.html").read_text("utf-8")


def test_a_pack_never_writes_over_files_or_through_links_unasked(result, tmp_path, capsys):
    """Findings 6 and 7: the pack replaced a hand-written scenario.yaml and wrote through a planted link."""
    shared = tmp_path / "shared"
    shared.mkdir()
    target = tmp_path / "target.txt"
    target.write_text("keep me")
    (shared / "01-firm-a.html").symlink_to(target)
    with pytest.raises(ScenarioError, match="already holds files"):
        write_pack(result, shared)
    files = write_pack(result, shared, force=True)
    assert target.read_text() == "keep me" and not (shared / "01-firm-a.html").is_symlink()
    assert len(files) == 12 and not [p for p in tmp_path.iterdir() if p.name.startswith(".imt-roi-pack")]
    # the plan being read is never replaced, even with --force
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "scenario.yaml").write_text("# my plan, by hand\nname: Mine\n")
    for extra in ([], ["--force"]):
        assert main(["export", str(plan / "scenario.yaml"), "--pack", str(plan), *extra]) == 2
        assert (plan / "scenario.yaml").read_text() == "# my plan, by hand\nname: Mine\n"
    assert capsys.readouterr().err.count("\n") == 2


def test_export_refuses_to_write_over_its_input_or_an_existing_file(tmp_path, capsys):
    """Finding 6: ``export plan.yaml --html plan.yaml`` overwrote the input with HTML."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("name: Mine\n")
    assert main(["export", str(plan), "--html", str(plan)]) == 2
    assert main(["export", str(plan), "--xlsx", str(tmp_path / "." / "plan.yaml"), "--force"]) == 2
    assert plan.read_text() == "name: Mine\n"
    assert "is the scenario file being read" in capsys.readouterr().err
    book = tmp_path / "plan.xlsx"
    book.write_bytes(b"mine")
    assert main(["export", str(plan), "--xlsx", str(book)]) == 2
    assert book.read_bytes() == b"mine" and "already exists" in capsys.readouterr().err
    assert main(["export", str(plan), "--xlsx", str(book), "--force"]) == 0
    assert book.read_bytes()[:2] == b"PK"


def test_a_pack_computes_each_firms_figures_once(result, monkeypatch):
    """Finding 5: every firm's file reran the Monte Carlo for all firms (20 firms took 78 s)."""
    from imt_roi import export, pack, uncertainty

    calls = {"simulate": 0, "firm_ranges": 0}
    for name in calls:
        real = getattr(uncertainty, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)
        monkeypatch.setattr(export, name, counted)
    monkeypatch.setattr(export, "_kept", {})
    pack.pack_files(result)
    assert calls == {"simulate": 1, "firm_ranges": 1}


def test_a_firms_files_hold_no_other_firms_figures(result, tmp_path):
    """Each firm's one-pager and workbook are sent to that firm: no other firm's figures or overrides."""
    plan = result.scenario.model_dump(mode="json")
    plan["employers"] = [{"employer": "Firm B", "set": {"wages.starting_wage": 21.0}}]
    from imt_roi import scenario_from_dict

    mixed = evaluate(scenario_from_dict(plan))
    write_pack(mixed, tmp_path / "pack")
    book = load_workbook(tmp_path / "pack" / "01-firm-a.xlsx")
    assert [row[0] for row in book["By employer"].iter_rows(min_row=2, values_only=True)] == ["Firm A"]
    # no other firm's name, figures or overrides anywhere (the description, written by the intermediary, aside)
    named = {str(cell.value) for ws in book.worksheets for row in ws.iter_rows()
             for cell in row if isinstance(cell.value, str) and "Firm" in cell.value}
    assert named and all("Firm B" not in text and "Firm C" not in text for text in named if "Firm A to" not in text)
    # the cohorts: Firm A's own places, the other firms only as a count and the class size they make
    places = {row[0]: row[2] for row in book["Inputs"].iter_rows(values_only=True)
              if str(row[0]).startswith("cohorts.0.members")}
    assert places == {"cohorts.0.members.0.employer": "Firm A", "cohorts.0.members.0.apprentices": 6,
                      "cohorts.0.members.others": "3 firms, 14 apprentices"}
    overrides = [row for row in book["Inputs"].iter_rows(values_only=True) if str(row[0]).startswith("employers.")]
    assert overrides == []  # Firm B's own wage is Firm B's
    page = (tmp_path / "pack" / "01-firm-a.html").read_text(encoding="utf-8")
    assert "Firm A" in page and "Firm B" not in page and "Firm C" not in page
