"""Exports of a result: an Excel workbook and a one-page HTML summary.

No economics here: every figure comes from :func:`imt_roi.results.evaluate`
(``Result.metrics``, ``.cashflows``, ``.by_line()``, ``.by_employer()``) and is
laid out as it is. Money is in US dollars; flows fall at the end of their month.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import gc
import html
import io
import math
import os
import sys
from importlib import metadata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .engine import CASHFLOW_COLUMNS
from .errors import ScenarioError
from .overrides import employer_assumptions
from .fields import iter_params
from .files import write_atomic
from .report import (METRIC_LABELS, conventions_line, format_value, headline_sentence, inputs_table, metric_text,
                     missing)
from .results import Result, aai_figures, jff_method_ratio
from .metrics import METRIC_INFO
from .workbook_formulas import FORMULA_SHEETS, add_formula_sheets
from .summary_parts import cash_chart_svg, changed_rows, driver_rows, format_input, year_rows
from .terms import description_conflicts, terms_text
from .uncertainty import (DEFAULT_DRAWS, DEFAULT_SEED, PERCENTILES, active_ranges, firm_ranges, held_text,
                          scenario_sets, simulate)

TIMING = ("Every flow falls at the end of its month; month 1 is the first month of the plan. "
          "The yearly discount rate is applied monthly.")

#: Excel number formats for the metric styles of :data:`imt_roi.report.METRIC_LABELS`.
_EXCEL_FORMATS = {"usd": '"$"#,##0;-"$"#,##0', "percent": "0.0%", "irr": "0.0%", "ratio": "0.00", "month": "0",
                  "int": "#,##0", "number": "#,##0.00", "text": "@",
                  "notes": "@"}
_BOLD = Font(bold=True)

#: Metrics shown on the HTML summary, in order.
HEADLINE = ["benefit_cost_ratio", "net_roi", "total_benefits", "total_costs", "net_benefit", "net_cash_undiscounted",
            "net_training_investment_per_apprentice", "return_on_training_investment", "payback_month",
            "peak_outlay", "net_cost_during_term", "irr_annual", "cost_per_completer", "training_cost_per_completer",
            "expected_completers"]
#: Inputs shown on the HTML summary with their sources.
KEY_INPUTS = ["wages.starting_wage", "wages.completion_raise", "wages.completer_wage", "wages.technician_wage",
              "outside_hire.recruiting_cost", "outside_hire.vacancy_months", "outside_hire.share_filling_outside_posts",
              "mentor.hours_per_month", "instruction.cost_per_apprentice", "instruction.class_fixed_cost",
              "retention.completion_rate", "program.term_months", "horizon.months_after_completion",
              "horizon.discount_rate", "method", "alternative"]


#: Plans whose Monte Carlo, firm ranges and alone-vs-partnership table are kept (a pack's files share them).
_KEPT_PLANS = 4
_kept: dict[tuple, object] = {}


def computed_once(kind: str, scenario, compute):
    """``compute(scenario)``, run once per plan and kind: a pack's one-pagers and workbooks (and the
    dashboard's downloads) all read one Monte Carlo, one table of firm ranges and one alone-vs-partnership
    table instead of each file running them again. Keyed by the plan as written (its JSON); the few most
    recent plans are kept. Callers only read what is returned."""
    key = (kind, scenario.model_dump_json())
    if key not in _kept:
        if len(_kept) >= _KEPT_PLANS * 3:
            _kept.pop(next(iter(_kept)))
        _kept[key] = compute(scenario)
    return _kept[key]


def plan_spread(scenario):
    """The plan's Monte Carlo at the exports' draws and seed (with its tornado), computed once."""
    return computed_once("spread", scenario, lambda s: simulate(s, DEFAULT_DRAWS, DEFAULT_SEED))


def plan_firm_ranges(scenario):
    """Each firm's P5/P50/P95 of B/C over the exports' draws (row "(plan)": the whole plan), computed once."""
    return computed_once("firms", scenario,
                         lambda s: firm_ranges(s, DEFAULT_DRAWS, DEFAULT_SEED, total="(plan)"))


def plan_joining(scenario):
    """:func:`imt_roi.partnership.alone_vs_partnership` of the plan, computed once."""
    from .partnership import alone_vs_partnership

    return computed_once("joining", scenario, alone_vs_partnership)


def _version() -> str:
    try:
        return metadata.version("imt-roi")
    except metadata.PackageNotFoundError:
        return "(development)"


def _plain(value):
    """A cell value: Python numbers and text; None for missing, NaN or infinite figures."""
    if value is None:
        return None
    if isinstance(value, (tuple, list)):  # notes: sentences, one cell
        return " ".join(map(str, value)) or None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


# --------------------------------------------------------------------------- workbook

def _sheet(wb: Workbook, title: str, header: list[str], rows, formats: dict[int, str] | None = None):
    """Add a sheet with a bold, frozen header row, the rows, and column widths fitted to the text (of the first
    :data:`_WIDTH_ROWS` rows: a long cash-flow sheet is not measured cell by cell)."""
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = _BOLD
    widths = [len(h) for h in header]
    formats = formats or {}
    for n, row in enumerate(rows, start=2):
        row = [_plain(v) for v in row]
        ws.append(row)
        for i, fmt in formats.items():
            if isinstance(row[i], (int, float)) and not isinstance(row[i], bool):
                ws.cell(n, i + 1).number_format = fmt
        if n <= _WIDTH_ROWS:
            for i, v in enumerate(row):
                if v is not None:
                    widths[i] = max(widths[i], len(f"{v:,.2f}" if isinstance(v, float) else str(v)))
    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = min(max(w + 2, 8), 80)
    ws.freeze_panes = "A2"
    return ws


#: Rows whose text sets a sheet's column widths.
_WIDTH_ROWS = 400


def _override_rows(result: Result, employer: str | None = None) -> list[list]:
    """Inputs sheet rows for each employer override (only ``employer``'s, when given), with the overridden
    field's label, unit and range."""
    rows = []
    resolved = employer_assumptions(result.scenario)
    for i, override in enumerate(result.scenario.employers):
        if employer is not None and override.employer != employer:
            continue
        info = {p.path: p for p in iter_params(resolved[override.employer])}
        for path, value in override.set.items():
            p = info.get(path)
            rows.append([f"employers.{i}.set.{path}",
                         f"{override.employer}: {p.label if p else path}", value,
                         p.unit if p else "", p.range_text if p else "",
                         f"user input: override for {override.employer}"])
    return rows


def _own_memberships(scenario, employer: str, rows: list[list]) -> list[list]:
    """Inputs rows for ``employer``'s workbook: its own places in each cohort, and the other firms' only as a
    count and a total of apprentices (the class size its share of a section's cost depends on), not by name."""
    kept, summarised = [], set()
    for row in rows:
        parts = row[0].split(".")
        if parts[0] != "cohorts" or len(parts) < 4 or parts[2] != "members":
            kept.append(row)
            continue
        cohort = scenario.cohorts[int(parts[1])]
        if cohort.members[int(parts[3])].employer == employer:
            kept.append(row)
        elif parts[1] not in summarised:
            summarised.add(parts[1])
            others = [m for m in cohort.members if m.employer != employer]
            kept.append([f"cohorts.{parts[1]}.members.others", "Other firms in this cohort",
                         f"{len(others)} firm{'s' if len(others) > 1 else ''}, "
                         f"{sum(m.apprentices for m in others):g} apprentices", "", "",
                         "the plan (names left out: this workbook is sent to one firm)"])
    return kept


def workbook_bytes(result: Result, title: str | None = None, employer: str | None = None) -> bytes:
    """An Excel workbook (.xlsx bytes) of ``result``.

    Sheets: "Metrics" (metric, label, value, formatted; a figure that does not
    exist is an empty cell formatted "none", with the scenario, timing and
    generator noted below the table), "Inputs" (every input with path, label,
    value, unit, valid range and source, then the employer overrides), "Cash
    flows" (the rows of ``result.cashflows``: month, cohort, employer, line,
    kind, amount in USD), "Monthly", "Summary" and "By year" (Excel formulas over
    the cash flows: :mod:`imt_roi.workbook_formulas`), "By line" (undiscounted
    USD per line) and "By employer" (every metric per employer). ``title`` (default: the scenario's
    name) becomes the document title and the print header.

    With ``employer``, the workbook of that firm of a multi-employer plan: its
    metrics, its cash flows and lines, its own overrides and row of "By
    employer" (no other firm's figures, as it is sent to that firm), a sheet
    "Alone vs partnership" and, in place of the plan's spread, the firm's own
    range.
    """
    scenario, m, full = result.scenario, result.metrics, result
    if employer is not None:
        m = result.employer_metrics(employer)
        result = dataclasses.replace(result, cashflows=result.cashflows[result.cashflows["employer"] == employer],
                                     metrics=m)
    title = title or scenario.name
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = title
    wb.properties.creator = f"imt-roi {_version()}"

    metric_rows = [[key, label, " ".join(m.notes) if key == "notes" else getattr(m, key), metric_text(m, key)]
                   for key, label, style in METRIC_LABELS]
    metric_rows.append(["jff_method_benefit_cost_ratio", JFF_LABEL, jff_method_ratio(scenario),
                        format_value(jff_method_ratio(scenario), "ratio")])
    ws = _sheet(wb, "Metrics", ["metric", "label", "value", "formatted"], metric_rows)
    for row, (_, _, style) in enumerate([*METRIC_LABELS, (None, None, "ratio")], start=2):
        ws.cell(row, 3).number_format = _EXCEL_FORMATS[style]
    ws.append([])
    for note in [("title", title), ("scenario", scenario.name), ("valued", terms_text(scenario)),
                 ("description", _description(scenario)), ("timing", TIMING),
                 ("generated by", f"imt-roi {_version()}")]:
        ws.append(list(note))
        ws.cell(ws.max_row, 1).font = _BOLD

    input_rows = [[r["path"], r["label"], r["value"], r["unit"], r["range"], r["source"]]
                  for r in inputs_table(scenario)]
    if employer is not None:
        input_rows = _own_memberships(scenario, employer, input_rows)
    _sheet(wb, "Inputs", ["path", "label", "value", "unit", "valid range", "source"],
           input_rows + _override_rows(result, employer))

    flows = result.cashflows[CASHFLOW_COLUMNS]
    _sheet(wb, "Cash flows", CASHFLOW_COLUMNS, flows.itertuples(index=False, name=None), {7: "#,##0.00"})
    add_formula_sheets(wb, result)

    lines = result.by_line()
    _sheet(wb, "By line", ["kind", "line", "amount (USD, undiscounted)"],
           lines[["kind", "line", "amount"]].itertuples(index=False, name=None), {2: "#,##0.00"})

    firms = full.by_employer()
    if employer is not None:  # a firm's workbook is sent to that firm: the other firms' figures stay out
        firms = firms.loc[[employer]]
    _sheet(wb, "By employer", ["employer", *firms.columns], firms.itertuples(index=True, name=None),
           {i + 1: _EXCEL_FORMATS[style] for i, key in enumerate(firms.columns)
            for k, _, style in METRIC_LABELS if k == key})

    if employer is None:
        _uncertainty_sheet(wb, result)
    else:
        ws = _sheet(wb, "Alone vs partnership", ["figure", "alone", "in the partnership", "difference"],
                    [[label, _plain(a), _plain(p), d] for label, _, a, p, d in joining_rows(scenario, employer)])
        ws.append([])
        ws.append(["how sure", spread_sentence(result, employer)])
        ws.cell(ws.max_row, 1).font = _BOLD

    for sheet in wb.worksheets:
        sheet.oddHeader.center.text = title
    _user_text_as_text(wb)
    return _saved(wb)


def _saved(wb: Workbook) -> bytes:
    """The workbook's bytes, or a one-line ScenarioError when it cannot be written (openpyxl stages each sheet
    in a temporary file: a full disk or a file size limit fails there)."""
    buffer = io.BytesIO()
    try:
        wb.save(buffer)
        return buffer.getvalue()
    except OSError as exc:
        failure = exc.strerror or str(exc)
        # openpyxl's half-written sheet streams report the same error again as they are dropped: once is enough
        hook, sys.unraisablehook = sys.unraisablehook, lambda _: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise ScenarioError("workbook", f"cannot be written: {failure} (is the disk full, or a file size limit set?)")


def _user_text_as_text(wb: Workbook) -> None:
    """Every text cell outside the formula sheets stored as text: openpyxl writes a string that starts with
    ``=`` as a live formula (and ``#N/A`` as an error), so a cohort named ``=HYPERLINK(...)`` would become a
    link in every recipient's Excel. The print header is escaped too (``&`` starts a header code)."""
    for sheet in wb.worksheets:
        if sheet.title not in FORMULA_SHEETS:
            for cell in sheet._cells.values():  # the cells written (iter_rows would create the empty ones)
                if cell.data_type in ("f", "e") and isinstance(cell.value, str):
                    cell.data_type = "s"
        header = sheet.oddHeader.center
        header.text = header.text.replace("&", "&&") if header.text else header.text


def _uncertainty_sheet(wb: Workbook, result: Result) -> None:
    """Sheet "Uncertainty": percentiles of the spread, the chance of breaking even, the tornado, the drivers,
    the scenario sets and the ranges drawn (:func:`imt_roi.uncertainty.simulate`, seeded)."""
    spread = plan_spread(result.scenario)
    ws = _sheet(wb, "Uncertainty", ["metric", "label", "P5", "P25", "P50", "P75", "P95"],
                [[key, METRIC_INFO[key].label, *(row[f"p{p}"] for p in PERCENTILES)]
                 for key, row in spread.percentiles.items()])
    for r, key in enumerate(spread.percentiles, start=2):
        for c in range(3, 8):
            ws.cell(r, c).number_format = _EXCEL_FORMATS[METRIC_INFO[key].style]
    rows: list[list] = [[], ["draws", spread.draws], ["seed", spread.seed],
                        ["probability B/C >= 1", spread.prob_bcr_at_least_1, held_text(spread.held)],
                        ["probability NPV >= 0", spread.prob_npv_nonnegative, held_text(spread.held)], [],
                        ["tornado: input", "label", "low value", "high value", "B/C at low", "B/C at high",
                         "swing"]]
    rows += [[b.path, b.label, b.low_value, b.high_value, b.at_low, b.at_high, b.swing] for b in spread.tornado]
    rows += [[], ["driver: input", "label", "rank correlation with B/C"]]
    rows += [[d["path"], d["label"], d["rank_correlation"]] for d in spread.drivers]
    sets = scenario_sets(result.scenario)
    rows += [[], ["scenario set", "B/C", "net return", "NPV", "payback month", "peak outlay", "what it stands for"]]
    rows += [[name, r.benefit_cost_ratio, r.net_roi, r.npv, r.payback_month, r.peak_outlay, r.reason]
             for name, r in sets.iterrows()]
    rows += [[], ["range: input", "kind", "low", "high", "origin", "reason"]]
    rows += [[a.path, a.range.kind, a.range.bounds[0], a.range.bounds[1], a.origin, a.range.reason]
             for a in spread.ranges]
    rows += [["held (not drawn): input", h.path, h.value, h.why] for h in spread.held]
    for row in rows:
        ws.append([_plain(v) for v in row])
        if row and isinstance(row[0], str) and (row[0].endswith(":") or ": " in row[0][:20]):
            ws.cell(ws.max_row, 1).font = _BOLD


def spread_sentence(result: Result, employer: str | None = None) -> str:
    """One sentence: the P5-P95 range of B/C over draws of the unpublished inputs, and the chance of breaking
    even (for one employer of a plan with ``employer``)."""
    if employer is None:
        spread = plan_spread(result.scenario)
        bcr, prob = spread.percentiles["benefit_cost_ratio"], spread.prob_bcr_at_least_1
        held = spread.held
    else:
        row = plan_firm_ranges(result.scenario).loc[employer]
        bcr, prob = {"p5": row["p5"], "p50": row["p50"], "p95": row["p95"]}, row["prob_bcr_at_least_1"]
        held = active_ranges(result.scenario)[1]
    return (f"Across {DEFAULT_DRAWS:,} draws of the inputs nobody published (seed {DEFAULT_SEED}), return per "
            f"dollar runs from {format_value(bcr['p5'], 'ratio')} (P5) to {format_value(bcr['p95'], 'ratio')} "
            f"(P95), median {format_value(bcr['p50'], 'ratio')}; the chance of at least breaking even "
            f"(B/C >= 1) is {prob:.0%} ({held_text(held)}).")


#: Rows of the alone-vs-partnership comparison in a firm's one-pager and workbook: (column, label, style).
JOINING_ROWS = [("benefit_cost_ratio", "Return per dollar (B/C)", "ratio"),
                ("cost_per_apprentice", "Cost per apprentice (present value, net of funding)", "usd"),
                ("npv", "Net present value (B - C)", "usd"),
                ("net_cash_undiscounted", "Net cash (undiscounted)", "usd"),
                ("peak_outlay", "Peak outlay", "usd"), ("instruction", "Classes: tuition and section share", "usd"),
                ("coordination", "Own coordination time", "usd"), ("intermediary_fee", "Intermediary fee", "usd"),
                ("intermediary_grant", "Paid by the intermediary's grants", "usd")]


def joining_rows(scenario, employer: str) -> list[tuple[str, str, object, object, object]]:
    """(label, style, alone, in the partnership, difference) for one firm (:mod:`imt_roi.partnership`)."""
    table = plan_joining(scenario).set_index(["employer", "arrangement"])
    alone, joined = table.loc[(employer, "alone")], table.loc[(employer, "partnership")]
    out = []
    for column, label, style in JOINING_ROWS:
        a, p = alone[column], joined[column]
        diff = None if missing(a) or missing(p) else float(p) - float(a)
        out.append((label, style, a, p, diff))
    return out


def _joining_section(scenario, employer: str) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(label)}</td><td class='num'>{e(format_value(_plain(a), style))}</td>"
        f"<td class='num'>{e(format_value(_plain(p), style))}</td>"
        f"<td class='num'>{e(('+' if d and d > 0 else '') + format_value(d, style))}</td></tr>"
        for label, style, a, p, d in joining_rows(scenario, employer))
    return (f"<h2>{e(employer)} alone and in the partnership</h2>"
            "<table><tr><th>Figure</th><th>Alone</th><th>In the partnership</th><th>Difference</th></tr>"
            f"{rows}</table><p class='muted'>Alone: the same apprentices in the same months on open-enrolment "
            "tuition, doing all of their own coordination, with no intermediary fee or grant.</p>\n")


#: Label of the JFF-convention B/C shown beside the standard figures.
JFF_LABEL = ("Published-study conventions: the same inputs as the JFF 2020 study counted them (output value, term "
             "only, undiscounted; the value of output calibrated to that study's inputs: enter your own value added "
             "per hour to use it): B/C")


def _description(scenario) -> str:
    """The scenario's description, with a warning when its claims no longer match the inputs."""
    conflicts = description_conflicts(scenario)
    if not conflicts:
        return scenario.description
    return (f"{scenario.description} [Out of date: " + "; ".join(conflicts)
            + ". The figures follow the inputs.]")


def write_workbook(result: Result, path: str | os.PathLike, title: str | None = None) -> Path:
    """Write :func:`workbook_bytes` to ``path`` atomically (a temporary file beside it, then a rename).

    A failure at any point leaves an existing file at ``path`` untouched.
    """
    return write_atomic(path, workbook_bytes(result, title))


# --------------------------------------------------------------------------- HTML summary

_CSS = """
@page { size: letter; margin: 0.5in; }
body { font: 9pt/1.3 Helvetica, Arial, sans-serif; color: #111; max-width: 7.5in; margin: 0 auto; }
h1 { font-size: 14pt; margin: 0 0 2pt; } h2 { font-size: 10pt; margin: 8pt 0 2pt; }
p { margin: 2pt 0; } .muted { color: #555; font-size: 7.5pt; }
table { border-collapse: collapse; width: 100%; page-break-inside: avoid; }
th, td { border-bottom: 1px solid #ccc; padding: 1pt 4pt; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; } th { background: #eee; }
.cols { display: flex; gap: 12pt; } .cols > div { flex: 1; }
"""


def summary_html(result: Result, title: str | None = None, employer: str | None = None) -> str:
    """A self-contained one-page HTML summary of ``result`` (inline CSS, no scripts, no external files).

    Shows the scenario's name and description, the headline metrics each under
    its own name, costs and benefits by line (undiscounted USD), the key inputs
    with their sources, the timing convention and a generated-by line. With
    ``employer`` it summarises that employer of a multi-employer plan: its
    metrics (:meth:`Result.by_employer`), its lines, its own assumptions.
    Every user-entered string is HTML-escaped.
    """
    e = html.escape
    scenario = result.scenario
    if employer is None:
        metrics, sub = result.metrics, result
        assumptions, overrides = scenario.assumptions(), {}
        who = f"{scenario.apprentices:,d} apprentices in {len(scenario.cohorts)} cohort(s)"
    else:
        metrics = result.employer_metrics(employer)
        sub = dataclasses.replace(result, cashflows=result.cashflows[result.cashflows["employer"] == employer])
        assumptions = employer_assumptions(scenario)[employer]
        overrides = {k for o in scenario.employers if o.employer == employer for k in o.set}
        who = f"{employer}: {metrics.apprentices:,d} of the plan's {scenario.apprentices:,d} apprentices"
    heading = title or scenario.name

    styles = {key: (label, style) for key, label, style in METRIC_LABELS}
    metric_rows = "".join(
        f"<tr><td>{e(styles[k][0])}</td><td class='num'>{e(metric_text(metrics, k))}</td></tr>" for k in HEADLINE)
    conventions = ""
    if employer is None:
        line = conventions_line(scenario, metrics, jff_method_ratio(scenario), aai_figures(result))
        conventions = f"<p class='muted'>{e(line)}</p>"

    lines = sub.by_line()
    line_rows = "".join(
        f"<tr><td>{e(str(r.kind))}</td><td>{e(str(r.line))}</td>"
        f"<td class='num'>{e(format_value(float(r.amount), 'usd'))}</td></tr>"
        for r in lines.itertuples(index=False))

    info = {p.path: p for p in iter_params(assumptions)}
    input_rows = ""
    for path in KEY_INPUTS:
        p = info[path]
        if (path == "instruction.class_fixed_cost" and not p.value) or p.value is None:
            continue  # a class cost of 0, or a completer's wage left to the raises (the completion raise shows it)
        source = f"user input: override for {employer}" if path in overrides else p.source
        input_rows += (f"<tr><td>{e(p.label)}</td><td class='num'>{e(format_input(p.value, p.unit))}</td>"
                       f"<td class='muted'>{e(source)}</td></tr>")

    joining = "" if employer is None or len(result.employer_metrics()) < 2 else _joining_section(scenario, employer)
    drivers = ""
    if employer is None and (rows := driver_rows(result)):
        drivers = ("<h2>What moves B/C most (each input at its own low and high, the others as set)</h2>"
                   f"<table><tr><th>Input</th><th>Low &rarr; B/C</th><th>High &rarr; B/C</th></tr>{rows}</table>")
    changed = ""
    if employer is None and (rows := changed_rows(result)):
        changed = ("<h2>Inputs you changed</h2>"
                   f"<table><tr><th>Input</th><th>Your value</th><th>Default</th></tr>{rows}</table>")
    generated = f"Generated by imt-roi {_version()} on {_dt.date.today().isoformat()}."
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(heading)}</title>
<style>{_CSS}</style></head>
<body>
<h1>{e(heading)}</h1>
<p><strong>{e(scenario.name)}</strong> &middot; {e(who)}</p>
<p><strong>Valued:</strong> {e(terms_text(assumptions))}.</p>
<p>{e(_description(scenario))}</p>
<div class="cols">
<div><h2>Headline figures</h2>
<p>{e(headline_sentence(metrics))}</p>
<table><tr><th>Metric</th><th>Value</th></tr>{metric_rows}</table>
{conventions}
<p><strong>How sure:</strong> {e(spread_sentence(result, employer))}</p></div>
<div><h2>Cumulative net cash (USD, undiscounted)</h2>
{cash_chart_svg(sub)}
<h2>Cash by plan year (USD, undiscounted)</h2>
<table><tr><th>Year</th><th>Costs</th><th>Benefits</th><th>Net</th><th>Cumulative</th></tr>{year_rows(sub)}</table>
<h2>Costs and benefits by line (USD, undiscounted)</h2>
<table><tr><th>Kind</th><th>Line</th><th>Amount</th></tr>{line_rows}</table>
<p class="muted">Funding offsets are costs with negative amounts.</p></div>
</div>
{drivers}{changed}{joining}<h2>Key inputs</h2>
<table><tr><th style="width:28%">Input</th><th style="width:17%">Value</th><th>Source</th></tr>{input_rows}</table>
<h2>Timing</h2>
<p>Timing convention: end of month. {e(TIMING)} Total costs and benefits are present values at the rate
stated above; net benefit, peak outlay and net cost during the term are undiscounted.</p>
<p class="muted">{e(generated)}</p>
</body></html>
"""


# --------------------------------------------------------------------------- a tracked cohort

def tracked_workbook_bytes(tracked) -> bytes:
    """An Excel workbook of a cohort tracked against its plan (:class:`imt_roi.tracking.Tracked`).

    Sheets: "Metrics" (each metric in the plan, for the months realized and in the re-forecast), "By line"
    (each line's plan total, realized-plus-forecast total, difference and basis; USD, undiscounted), "By month"
    (each month's net in the plan and as realized or forecast), "Cash flows" (every row with its basis:
    recorded or modelled) and "Notes" (what the records lacked and what was assumed).
    """
    from .report import TRACKED_METRICS

    wb = Workbook()
    wb.remove(wb.active)
    title = f"{tracked.plan.scenario.name}: tracked to {tracked.as_of}"
    wb.properties.title = title
    wb.properties.creator = f"imt-roi {_version()}"
    styles = {key: style for key, _, style in METRIC_LABELS}
    table = tracked.metrics()
    ws = _sheet(wb, "Metrics", ["metric", "label", "plan", "to date", "re-forecast"],
                [[key, label, *(table.loc[key, c] for c in ("plan", "actual_to_date", "reforecast"))]
                 for key, label in TRACKED_METRICS.items()])
    for row, key in enumerate(TRACKED_METRICS, start=2):
        for col in (3, 4, 5):
            ws.cell(row, col).number_format = _EXCEL_FORMATS[styles[key]]
    ws.append([])
    for note in [("tracked to", f"{tracked.as_of} (plan month {tracked.as_of_month}): months 1 to "
                                f"{tracked.as_of_month} realized from the records, the rest re-forecast"),
                 ("plan", tracked.plan.scenario.name), ("how sure", tracked.spread().sentence()),
                 ("timing", TIMING), ("generated by", f"imt-roi {_version()}")]:
        ws.append(list(note))
        ws.cell(ws.max_row, 1).font = _BOLD
    lines = tracked.by_line()
    _sheet(wb, "By line", ["kind", "line", "plan (USD)", "realized and forecast (USD)", "difference (USD)", "basis"],
           lines[["kind", "line", "plan", "actual_and_forecast", "difference", "basis"]].itertuples(index=False,
                                                                                                  name=None),
           {2: "#,##0.00", 3: "#,##0.00", 4: "#,##0.00"})
    months = tracked.by_month()
    _sheet(wb, "By month", ["month", "plan net (USD)", "realized or forecast net (USD)", "difference (USD)", "part"],
           months[["month", "plan", "actual_or_forecast", "difference", "part"]].itertuples(index=False, name=None),
           {1: "#,##0.00", 2: "#,##0.00", 3: "#,##0.00"})
    _sheet(wb, "Cash flows", list(tracked.flows.columns), tracked.flows.itertuples(index=False, name=None),
           {7: "#,##0.00"})
    _sheet(wb, "Notes", ["note"], [[note] for note in tracked.notes])
    for sheet in wb.worksheets:
        sheet.oddHeader.center.text = title
    _user_text_as_text(wb)
    return _saved(wb)


def tracked_summary_html(tracked) -> str:
    """A self-contained one-page HTML summary of a tracked cohort: the plan, the months realized and the
    re-forecast side by side, each line's variance with its basis, the notes. Every user string escaped."""
    from .report import TRACKED_METRICS, _signed_usd

    e = html.escape
    styles = {key: style for key, _, style in METRIC_LABELS}
    table = tracked.metrics()
    name = tracked.plan.scenario.name
    metric_rows = "".join(
        f"<tr><td>{e(label)}</td>"
        + "".join(f"<td class='num'>{e(format_value(_plain(table.loc[key, c]), styles[key]))}</td>"
                  for c in ("plan", "actual_to_date", "reforecast")) + "</tr>"
        for key, label in TRACKED_METRICS.items())
    line_rows = "".join(
        f"<tr><td>{e(str(r.line))} ({e(str(r.kind))})</td><td class='num'>{e(format_value(r.plan, 'usd'))}</td>"
        f"<td class='num'>{e(format_value(r.actual_and_forecast, 'usd'))}</td>"
        f"<td class='num'>{e(_signed_usd(r.difference))}</td><td>{e(str(r.basis))}</td></tr>"
        for r in tracked.by_line().itertuples(index=False))
    notes = "".join(f"<li>{e(note)}</li>" for note in tracked.notes)
    generated = f"Generated by imt-roi {_version()} on {_dt.date.today().isoformat()}."
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(name)}: tracked to {e(str(tracked.as_of))}</title>
<style>{_CSS}</style></head>
<body>
<h1>{e(name)}: tracked to {e(str(tracked.as_of))}</h1>
<p>Months 1 to {tracked.as_of_month} of the plan are realized from the sponsor's records (recorded where the
records have the amount, modelled from the plan's assumptions for the apprentices present where they do not);
the months after are re-forecast from the apprentices still in training, the completers so far and the pay
recorded.</p>
<h2>Plan, to date and re-forecast</h2>
<table><tr><th>Figure</th><th>Plan</th><th>To date</th><th>Re-forecast</th></tr>{metric_rows}</table>
<p><strong>How sure:</strong> {e(tracked.spread().sentence())}</p>
<h2>By line (USD, undiscounted)</h2>
<table><tr><th>Line</th><th>Plan</th><th>Realized and forecast</th><th>Difference</th><th>Basis</th></tr>
{line_rows}</table>
<h2>Notes</h2>
<ul>{notes}</ul>
<p class="muted">{e(TIMING)} {e(generated)}</p>
</body></html>
"""
