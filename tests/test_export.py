"""The workbook and the HTML summary show the result's own figures, escaped, and save atomically."""

from __future__ import annotations

import html
import io
import math
import os

import openpyxl
import pandas as pd
import pytest

from imt_roi import Scenario, ScenarioError, evaluate, preset
from imt_roi import export
from imt_roi.engine import CASHFLOW_COLUMNS
from imt_roi.export import summary_html, workbook_bytes, write_workbook
from imt_roi.report import METRIC_LABELS, format_value, inputs_table, metric_text
from imt_roi.results import jff_method_ratio

# openpyxl writes floats with 16 significant digits ("%.16g"), so a value read back may differ in the last bit.
REL = 1e-15


def _with_override(scenario: Scenario, employer: str, changes: dict) -> Scenario:
    data = scenario.model_dump()
    data["employers"] = [{"employer": employer, "set": changes}]
    return Scenario.model_validate(data)


@pytest.fixture(scope="module")
def plan():
    """The partnership preset with one employer override (Firm B at the union wage)."""
    return evaluate(_with_override(preset("imt-partnership"), "Firm B", {"wages.starting_wage": 21.24}))


@pytest.fixture(scope="module")
def book(plan):
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(plan, title="Partnership report")))


def _rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_sheets_and_bold_headers(book):
    assert book.sheetnames == ["Metrics", "Inputs", "Cash flows", "Monthly", "Summary", "By year", "By line",
                               "By employer", "Uncertainty"]
    assert book.properties.title == "Partnership report"
    for ws in book.worksheets:
        assert all(cell.font.bold for cell in ws[1] if cell.value is not None)
        assert ws.column_dimensions["A"].width >= 8
        assert ws.freeze_panes == "A2"


def test_metrics_sheet_equals_result(plan, book):
    header, rows = _rows(book["Metrics"])
    assert header == ("metric", "label", "value", "formatted")
    table = {r[0]: r for r in rows[:len(METRIC_LABELS)]}
    for key, label, style in METRIC_LABELS:
        expected = getattr(plan.metrics, key)
        _, got_label, value, formatted = table[key]
        assert got_label == label
        assert formatted == metric_text(plan.metrics, key)
        if expected is None or expected == ():
            assert value is None
        elif style in ("text", "notes"):
            assert value == (" ".join(expected) if style == "notes" else expected)
        else:
            assert isinstance(value, (int, float)) and not isinstance(value, bool)
            assert value == pytest.approx(expected, rel=REL)
    jff = rows[len(METRIC_LABELS)]
    assert jff[0] == "jff_method_benefit_cost_ratio" and "JFF 2020" in jff[1]
    assert jff[2] == pytest.approx(jff_method_ratio(plan.scenario), rel=REL)


def test_missing_metrics_are_empty_and_marked_none():
    never = {"substitution.relative_productivity_start": 0, "substitution.relative_productivity_end": 0}
    result = evaluate(preset("imt-default", never))  # never pays back
    assert result.metrics.payback_month is None and result.metrics.irr_annual is None
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)))["Metrics"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    for key in ("payback_month", "irr_annual"):
        assert rows[key][2] is None
    assert rows["payback_month"][3] == "none"
    # the IRR says why in words, and its reason has a row of its own
    assert rows["irr_annual"][3] == "none: the outlay is not recovered within the horizon: no positive rate"
    assert rows["irr_reason"][2] == result.metrics.irr_reason


def test_no_rate_cell_shows_an_absurd_percentage():
    """The JFF convention recovers its outlay in month 2: the IRR is none, with the reason, never millions of %."""
    result = evaluate(preset("imt-jff-2020"))
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)))["Metrics"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["irr_annual"][2] is None
    assert rows["irr_annual"][3].startswith("none: the outlay is recovered within 2 month(s)")


def test_cash_flow_sheet_is_the_cashflow_table(plan, book):
    header, rows = _rows(book["Cash flows"])
    assert list(header) == CASHFLOW_COLUMNS
    expected = plan.cashflows[CASHFLOW_COLUMNS]
    assert len(rows) == len(expected)
    got = pd.DataFrame(rows, columns=CASHFLOW_COLUMNS)
    for column in ["month", "cohort", "employer", "line", "kind"]:
        assert got[column].tolist() == expected[column].astype(object).tolist()
    assert got["amount"].to_numpy() == pytest.approx(expected["amount"].to_numpy(), rel=REL)
    # numbers are stored as numbers
    assert all(book["Cash flows"].cell(r, c).data_type == "n" for r in (2, len(rows) + 1) for c in (1, 8))


def test_inputs_sheet_lists_every_input_with_its_source(plan, book):
    header, rows = _rows(book["Inputs"])
    assert header == ("path", "label", "value", "unit", "valid range", "source")
    by_path = {r[0]: r for r in rows}
    for row in inputs_table(plan.scenario):
        got = by_path[row["path"]]
        assert got[1] == row["label"]
        assert got[5] == row["source"] and got[5]
        assert got[3] == row["unit"]
        assert (got[4] or "") == row["range"]
        value = row["value"]
        assert got[2] == (pytest.approx(value) if isinstance(value, float) else value)
    # cohorts and members are inputs too
    assert by_path["cohorts.1.start_month"][2] == 7
    assert by_path["cohorts.0.members.2.employer"][2] == "Firm C"
    # the employer override, labelled by its field
    override = by_path["employers.0.set.wages.starting_wage"]
    assert override[2] == 21.24 and "Firm B" in override[1] and "Starting hourly wage" in override[1]
    assert override[3] == "USD/hour" and "Firm B" in override[5]


def test_by_line_and_by_employer_sheets(plan, book):
    header, rows = _rows(book["By line"])
    lines = plan.by_line()
    assert [(r[0], r[1]) for r in rows] == list(zip(lines["kind"].astype(str), lines["line"].astype(str)))
    assert [r[2] for r in rows] == pytest.approx(lines["amount"].tolist(), rel=REL)

    header, rows = _rows(book["By employer"])
    firms = plan.by_employer()
    assert list(header) == ["employer", *firms.columns]
    assert [r[0] for r in rows] == list(firms.index)
    for r in rows:
        for column, value in zip(header[1:], r[1:]):
            expected = firms.loc[r[0], column]
            if column == "notes":
                assert value == (" ".join(expected) or None)
            elif expected is None or (isinstance(expected, float) and math.isnan(expected)):
                assert value is None
            elif isinstance(expected, str):
                assert value == expected
            else:
                assert value == pytest.approx(expected, rel=REL)
    # the override shows: Firm B pays more wages than Firm D with the same seats
    assert firms.loc["Firm B", "total_costs"] > firms.loc["Firm D", "total_costs"]


def test_write_workbook_replaces_the_file(plan, tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    assert write_workbook(plan, target) == target
    assert openpyxl.load_workbook(target).sheetnames[0] == "Metrics"
    assert os.listdir(tmp_path) == ["plan.xlsx"]


def test_failed_write_leaves_the_old_file(plan, tmp_path, monkeypatch):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old contents")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export.os, "fsync", broken_fsync)
    with pytest.raises(ScenarioError, match="cannot save: No space left on device"):
        write_workbook(plan, target)
    assert target.read_bytes() == b"old contents"
    assert os.listdir(tmp_path) == ["plan.xlsx"]  # no temporary file left behind


HEADLINE = [("benefit_cost_ratio", "ratio"), ("net_roi", "percent"), ("total_benefits", "usd"), ("total_costs", "usd"),
            ("net_benefit", "usd"), ("net_cash_undiscounted", "usd"), ("payback_month", "month"),
            ("cost_per_completer", "usd"), ("expected_completers", "number")]


def test_summary_shows_headline_figures_under_their_names(plan):
    page = summary_html(plan)
    labels = {key: label for key, label, _ in METRIC_LABELS}
    for key, style in HEADLINE:
        figure = format_value(getattr(plan.metrics, key), style)
        assert f"<td>{html.escape(labels[key])}</td><td class='num'>{figure}</td>" in page
    # B - C is the difference of the B and C shown above it
    m = plan.metrics
    assert format_value(m.net_benefit, "usd") == format_value(m.total_benefits - m.total_costs, "usd")
    assert "IMT partnership" in page
    assert "end of month" in page
    assert "Generated by imt-roi" in page
    # key inputs with their sources
    assert "$18.50 an hour" in page and "JFF" in page and "COWS" in page
    assert "$26,400 per class" in page
    # every line of the plan, undiscounted
    for row in plan.by_line().itertuples():
        assert f"<td>{html.escape(row.line)}</td>" in page and format_value(float(row.amount), "usd") in page


def test_summary_is_self_contained():
    page = summary_html(evaluate(preset("imt-default")))
    lower = page.lower()
    assert "<style>" in lower
    for marker in ("<script", "<link", "src=", "href=", "http://", "https://", "@import", "url("):
        assert marker not in lower


def test_summary_escapes_user_strings():
    scenario = preset("imt-default", {"name": "<script>alert(1)</script>", "description": "R&D \"bold\" <b>x</b>",
                                      "cohorts.0.members.0.employer": "<img src=x onerror=alert(2)>"})
    result = evaluate(scenario)
    plan_page = summary_html(result, title="<i>title</i>")
    firm_page = summary_html(result, employer="<img src=x onerror=alert(2)>")
    for page in (plan_page, firm_page):
        assert "<script" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "R&amp;D &quot;bold&quot; &lt;b&gt;x&lt;/b&gt;" in page
    assert "&lt;i&gt;title&lt;/i&gt;" in plan_page
    assert "&lt;img src=x onerror=alert(2)&gt;" in firm_page  # the employer's name is there, inert


def test_summary_for_one_firm_shows_its_own_numbers(plan):
    firm = plan.by_employer().loc["Firm B"]
    page = summary_html(plan, employer="Firm B")
    for key in ("total_costs", "total_benefits", "net_benefit", "cost_per_completer"):
        assert format_value(float(firm[key]), "usd") in page
        assert format_value(getattr(plan.metrics, key), "usd") not in page
    payback = firm["payback_month"]
    assert (f"month {int(payback)}" if pd.notna(payback) else "none") in page
    assert "Firm B: 9 of the plan&#x27;s 38 apprentices" in page
    # its lines only: Firm B's wages, not the plan's
    flows = plan.cashflows
    own_wages = flows.loc[(flows["employer"] == "Firm B") & (flows["line"] == "wages"), "amount"].sum()
    assert format_value(own_wages, "usd") in page
    assert format_value(plan.by_line().set_index("line").loc["wages", "amount"], "usd") not in page
    # its own starting wage, shown as an override
    assert "$21.24 an hour" in page and "override for Firm B" in page
    with pytest.raises(ScenarioError, match="Firm Z"):
        summary_html(plan, employer="Firm Z")


def test_uncertainty_sheet_has_the_percentiles_and_the_tornado_of_the_seeded_spread(plan, book):
    from imt_roi.uncertainty import DEFAULT_DRAWS, DEFAULT_SEED, simulate
    spread = simulate(plan.scenario, DEFAULT_DRAWS, DEFAULT_SEED)
    rows = list(book["Uncertainty"].iter_rows(values_only=True))
    assert rows[0] == ("metric", "label", "P5", "P25", "P50", "P75", "P95")
    bcr = next(r for r in rows if r[0] == "benefit_cost_ratio")
    assert list(bcr[2:]) == pytest.approx([spread.percentiles["benefit_cost_ratio"][f"p{p}"]
                                           for p in (5, 25, 50, 75, 95)], rel=REL)
    assert next(r for r in rows if r[0] == "probability B/C >= 1")[1] == pytest.approx(spread.prob_bcr_at_least_1)
    start = next(i for i, r in enumerate(rows) if r[0] == "tornado: input")
    first = rows[start + 1]
    assert first[0] == spread.tornado[0].path and first[4] == pytest.approx(spread.tornado[0].at_low, rel=REL)
    names = [r[0] for r in rows]
    assert {"low productivity", "medium productivity", "high productivity"} <= set(names)


def test_summary_states_the_range_and_the_chance_of_breaking_even(plan):
    from imt_roi.uncertainty import firm_ranges
    page = summary_html(plan)
    assert "How sure:" in page and "(P5) to" in page and "chance of at least breaking even" in page
    firm = firm_ranges(plan.scenario).loc["Firm A"]
    firm_page = summary_html(plan, employer="Firm A")
    assert f"runs from {firm['p5']:.2f} (P5) to {firm['p95']:.2f} (P95)" in firm_page


def test_the_one_pager_shows_cash_by_year_the_drivers_and_what_was_changed():
    from imt_roi.uncertainty import tornado

    s = preset("imt-default", {"wages.starting_wage": 19.5, "wages.completer_wage": 28.0,
                               "outside_hire.recruiting_cost": 5000.0})
    r = evaluate(s)
    page = summary_html(r)
    assert "<svg" in page and "<script" not in page  # the chart needs no script
    years = r.by_year()
    for value in years["cumulative_net"]:
        assert format_value(float(value), "usd") in page
    assert f"year {len(years)} (months {12 * (len(years) - 1) + 1}-{r.last_month})" in page  # partial last year
    for bar in tornado(s)[:5]:
        assert html.escape(bar.label) in page
    assert "Inputs you changed" in page
    for label in ("Starting hourly wage", "Recruiting an outside technician"):
        assert label in page.split("Inputs you changed")[1].split("Key inputs")[0]
    assert "nothing held" in page  # the probability names what it held


@pytest.mark.parametrize("name", ["imt-default", "imt-partnership"])
def test_the_workbook_formulas_recalculate_to_the_tools_figures(tmp_path, name):
    """The Summary, Monthly and By year sheets are Excel formulas over the Cash flows sheet; recalculated by a
    formula engine they give the tool's own figures."""
    formulas = pytest.importorskip("formulas")
    result = evaluate(preset(name))
    path = tmp_path / "plan.xlsx"
    path.write_bytes(export.workbook_bytes(result))
    wb = openpyxl.load_workbook(path)
    assert str(wb["Summary"]["B5"].value).startswith("=") and str(wb["Monthly"]["B2"].value).startswith("=SUMIFS")
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()

    def cell(sheet: str, ref: str):
        key = next(k for k in solution if k.upper().endswith(f"]{sheet.upper()}'!{ref}"))
        return solution[key].value[0][0]

    m = result.metrics
    assert cell("Summary", "B3") == pytest.approx(m.total_benefits, rel=1e-12)
    assert cell("Summary", "B4") == pytest.approx(m.total_costs, rel=1e-12)
    assert cell("Summary", "B5") == pytest.approx(m.benefit_cost_ratio, rel=1e-12)
    assert cell("Summary", "B6") == pytest.approx(m.npv, abs=0.01)
    assert cell("Summary", "B7") == pytest.approx(m.net_cash_undiscounted, abs=0.01)
    assert cell("Summary", "B8") == m.payback_month
    assert cell("Summary", "B9") == pytest.approx(m.peak_outlay, abs=0.01)
    years = result.by_year()
    last = len(years) + 1
    assert cell("By year", f"G{last}") == pytest.approx(years["cumulative_net"].iloc[-1], abs=0.01)
