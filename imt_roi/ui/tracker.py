"""Track a cohort against its plan: the sponsor's records and the plan in, the variance and the re-forecast out.

The page reads the records with :func:`imt_roi.records.records_from_uploads`, the plan from a scenario file
or a shipped preset, calls :func:`imt_roi.tracking.track` and shows what it returns: the metrics of the plan,
of the months realized and of the re-forecast (:meth:`~imt_roi.tracking.Tracked.metrics`), the variance by
line (:meth:`~imt_roi.tracking.Tracked.by_line`), cumulative net cash by month
(:meth:`~imt_roi.tracking.Tracked.by_month`) and the notes; downloads come from
:func:`imt_roi.export.tracked_workbook_bytes` and :func:`imt_roi.export.tracked_summary_html`. The
synthetic example (:func:`imt_roi.synthetic.example`) is labelled SYNTHETIC wherever it shows.

A bad file or date is named in the status line in one line; the records, the plan and the date already
entered stay, and so do the last figures.
"""

from __future__ import annotations

import html
import time

import ipywidgets as w
import pandas as pd

from .. import records as records_module
from ..errors import ScenarioError
from ..report import TRACKED_METRICS, _signed_usd, format_value
from ..safe_text import chart_text
from ..scenario_io import preset, preset_names
from . import charts
from .common import XLSX_MIME, app_frame, download_link, preview_html, safe_filename, show
from .status import Status, guarded
from .upload import GuardedUpload, guard_script, size_text, uploaded_scenario

#: The file names a records upload takes.
RECORDS_TYPES = (".csv", ".xlsx", ".xlsm")
#: Classes of the records upload button, of the hidden box that reports a refused choice, and of the two.
RECORDS_GUARD_CLASS = "imt-records-guarded"
RECORDS_REPORT_CLASS = "imt-records-report"
RECORDS_BOX_CLASS = "imt-records-box"
#: The columns of Tracked.metrics(), in the page's order.
COLUMNS = ("plan", "actual_to_date", "reforecast")
#: What the basis of a line means, in the words the page uses.
BASIS_TEXT = {"recorded": "from your records", "modelled": "the plan's assumptions for the apprentices present",
              "forecast only": "no months to date: re-forecast only"}
SYNTHETIC_MARK = "SYNTHETIC"
EXAMPLE_BUTTON = "Try the synthetic example"

_CSS = """<style>
.imt-tracker .imt-synthetic { margin: 0 0 8px 0; padding: 6px 10px; border: 2px dashed #b35c00; border-radius: 4px;
  background: #fff4e5; color: #7a3e00; font-size: 13px; line-height: 1.4; }
.imt-tracker .imt-synthetic b, .imt-tracker .imt-synthetic-tag { letter-spacing: 0.04em; }
.imt-tracker .imt-synthetic-tag { font-weight: 700; font-size: 11px; color: #7a3e00; background: #fff4e5;
  border: 1px dashed #b35c00; border-radius: 3px; padding: 0 4px; }
.imt-tracker .imt-loaded { font-size: 12.5px; margin: 4px 0 2px 0; line-height: 1.4; }
.imt-tracker .imt-loaded .imt-none { color: #5b6875; font-style: italic; }
.imt-tracker table.imt-tracked-lines td.imt-basis { text-align: left; font-size: 12px; color: #4a5866; }
.imt-tracker table.imt-table td.imt-worse { color: #a1281b; }
.imt-tracker table.imt-table td.imt-better { color: #1d6b3a; }
.imt-tracker ul.imt-notes { margin: 4px 0; padding-left: 20px; }
.imt-tracker .imt-notes li { font-size: 12.5px; margin: 2px 0; line-height: 1.35; }
.imt-tracker .imt-tracked { font-weight: 700; color: #1f5f99; white-space: nowrap; }
.imt-tracker .imt-step { font-weight: 700; color: #1f5f99; }
.imt-tracker .imt-how-sure { font-size: 13px; line-height: 1.45; margin: 6px 0 4px 0; padding: 6px 10px;
  background: #f3f6f9; border-left: 3px solid #1f5f99; }
</style>"""


def _styles() -> dict[str, str]:
    from ..report import METRIC_LABELS

    return {key: style for key, _, style in METRIC_LABELS}


# --------------------------------------------------------------------------- checking uploaded records

def records_limit() -> int:
    """The most bytes of records the page takes in one go: the reader's limit, or less where the server's
    websocket (which carries the chosen files in one message) would refuse more."""
    from ..serve import upload_message_size

    return min(records_module.MAX_RECORDS_BYTES, upload_message_size() * 9 // 10)


def records_refusal(name: str, size: int | None = None) -> ScenarioError | None:
    """Why records named ``name`` (a file, or "3 files") of ``size`` bytes in all are not read, or None."""
    if not name.lower().endswith(RECORDS_TYPES) and not name.endswith(" files"):
        return ScenarioError(name, "is not a CSV file or an .xlsx workbook: nothing was loaded")
    if size is not None and size > records_limit():
        return ScenarioError(name, f"{'are' if name.endswith(' files') else 'is'} {size_text(size)}; records of "
                                   f"at most {size_text(records_limit())} in all are read here (imt-roi track "
                                   f"on the command line reads up to "
                                   f"{size_text(records_module.MAX_RECORDS_BYTES)}): nothing was loaded")
    return None


def uploaded_records(files) -> dict[str, bytes]:
    """Name -> bytes of the chosen records files, or a ScenarioError naming a file of another type or records
    too large in all."""
    chosen = {str(item["name"]): item["content"] for item in files}
    for name in chosen:
        problem = records_refusal(name)
        if problem is not None:
            raise problem
    total = sum(len(content) for content in chosen.values())
    problem = records_refusal(next(iter(chosen)) if len(chosen) == 1 else f"{len(chosen)} files", total)
    if problem is not None:
        raise problem
    return {name: bytes(content) for name, content in chosen.items()}


# --------------------------------------------------------------------------- what the page shows

def _plain(value):
    """A metric cell as Python: None for missing, NaN or infinite."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    return getattr(value, "item", lambda: value)()


def metric_cell(table: pd.DataFrame, key: str, column: str) -> str:
    """One figure of ``Tracked.metrics()`` as the page (and the summary) shows it."""
    return format_value(_plain(table.loc[key, column]), _styles()[key])


def _day(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def is_synthetic(notes: list[str]) -> str | None:
    """The note that marks records as synthetic, or None."""
    return next((n for n in notes if SYNTHETIC_MARK in n), None)


def synthetic_banner(note: str | None) -> str:
    """A box above the figures saying the records are synthetic, in the records' own words."""
    if not note:
        return ""
    text = html.escape(note[:1].upper() + note[1:]).replace(SYNTHETIC_MARK, f"<b>{SYNTHETIC_MARK}</b>", 1)
    return f'<div class="imt-synthetic" data-synthetic="1">{text}</div>'


def headline_html(tracked, records) -> str:
    """What happened and where the cohort is heading, in a few sentences; each figure in a
    ``<span class="imt-tracked" data-metric=... data-column=...>``."""
    table = tracked.metrics()

    def fig(key: str, column: str) -> str:
        return (f'<span class="imt-tracked" data-metric="{key}" data-column="{column}">'
                f"{html.escape(metric_cell(table, key, column))}</span>")

    counts = tracked.people
    started, left = counts.get("started", 0), counts.get("left", 0)
    people = (f'By then <span class="imt-tracked" data-metric="starters">{started:,}</span> '
              f'apprentices had started: <span class="imt-tracked" data-metric="left">{left:,}</span> had left, '
              f"{counts.get('completed', 0):,} had completed and {counts.get('in_training', 0):,} were in "
              f"training; {fig('expected_completers', 'reforecast')} completers are now expected, against "
              f"the plan's {fig('expected_completers', 'plan')}." if started else
              "No apprentice had started by then.")
    return (
        synthetic_banner(is_synthetic(tracked.notes))
        + '<div class="imt-headline-sentence imt-tracked-headline">'
        f"Tracked to {html.escape(_day(tracked.as_of))} (plan month {tracked.as_of_month} of "
        f"{tracked.last_month}). <b>Re-forecast:</b> return per dollar (B/C) "
        f"{fig('benefit_cost_ratio', 'reforecast')} against the plan's {fig('benefit_cost_ratio', 'plan')}; "
        f"net present value {fig('npv', 'reforecast')} against {fig('npv', 'plan')}. "
        f"<b>To date</b> (months 1 to {tracked.as_of_month} on their own): B/C "
        f"{fig('benefit_cost_ratio', 'actual_to_date')}, NPV {fig('npv', 'actual_to_date')}. {people}</div>")


def metrics_table(tracked) -> str:
    """Plan | to date | re-forecast for each of :data:`imt_roi.report.TRACKED_METRICS`."""
    table = tracked.metrics()
    heads = {"plan": "Plan", "actual_to_date": f"To date<br><small>months 1 to {tracked.as_of_month}</small>",
             "reforecast": f"Re-forecast<br><small>realized, then forecast to month {tracked.last_month}"
                           "</small>"}
    rows = "".join(
        f"<tr><td>{html.escape(label)}</td>"
        + "".join(f'<td class="imt-value" data-metric="{key}" data-column="{column}">'
                  f"{html.escape(metric_cell(table, key, column))}</td>" for column in COLUMNS)
        + "</tr>" for key, label in TRACKED_METRICS.items())
    head = "".join(f"<th>{heads[c]}</th>" for c in COLUMNS)
    return (f'<table class="imt-table imt-tracked-metrics"><thead><tr><th>Figure</th>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def lines_table(tracked) -> str:
    """Each line's plan total, its realized-plus-forecast total, the difference and how its months to date were
    counted (USD, undiscounted)."""
    rows = []
    for i, r in enumerate(tracked.by_line().itertuples(index=False)):
        worse = (r.difference > 0.5) if r.kind == "cost" else (r.difference < -0.5)
        better = (r.difference < -0.5) if r.kind == "cost" else (r.difference > 0.5)
        tone = " imt-worse" if worse else " imt-better" if better else ""
        basis = str(r.basis)
        rows.append(
            f'<tr data-row="{i}" data-kind="{html.escape(str(r.kind))}">'
            f'<td>{html.escape(str(r.line))} <small>({html.escape(str(r.kind))})</small></td>'
            f'<td class="imt-value" data-column="plan">{html.escape(format_value(float(r.plan), "usd"))}</td>'
            f'<td class="imt-value" data-column="now">'
            f'{html.escape(format_value(float(r.actual_and_forecast), "usd"))}</td>'
            f'<td class="imt-value{tone}" data-column="difference">{html.escape(_signed_usd(r.difference))}</td>'
            f'<td class="imt-basis" data-column="basis" title="{html.escape(BASIS_TEXT.get(basis, basis))}">'
            f"{html.escape(basis)}</td></tr>")
    return ('<div class="imt-scroll-x"><table class="imt-table imt-tracked-lines"><thead><tr><th>Line</th>'
            "<th>Plan</th><th>Now<br><small>realized + forecast</small></th><th>Difference</th>"
            f'<th style="text-align: left">Basis to date</th></tr></thead><tbody>{"".join(rows)}</tbody>'
            "</table></div>")


def notes_html(notes: list[str]) -> str:
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes) or "<li>none</li>"
    return f'<ul class="imt-notes">{items}</ul>'


# --------------------------------------------------------------------------- the chart

def tracked_figure() -> charts.Chart:
    """Cumulative net cash by plan month: the plan, the months realized and the re-forecast, the as-of month
    marked."""
    fig = charts.Chart("imt-chart-tracked", title="Cumulative net cash: plan, realized, re-forecast "
                                                  "(undiscounted, end of month)",
                       xaxis_title="Plan month", yaxis_title="USD", hovermode="x unified", height=360)
    fig.add_scatter(x=[], y=[], mode="lines", name="Plan", line=dict(color="#7f8c99", width=2, dash="dash"))
    fig.add_scatter(x=[], y=[], mode="lines", name="Realized (your records)",
                    line=dict(color=charts.COLORS["A"], width=3))
    fig.add_scatter(x=[], y=[], mode="lines", name="Re-forecast",
                    line=dict(color=charts.COLORS["B"], width=2.5, dash="dot"))
    fig.add_hline(y=0, line_color="#888", line_width=1)
    return fig


def update_tracked(fig: charts.Chart, tracked) -> None:
    """Draw :meth:`Tracked.by_month` as running totals; the re-forecast starts where the realized line ends."""
    months = tracked.by_month()
    x = months["month"].to_list()
    plan = months["plan_cumulative"].round(2).to_list()
    now = months["actual_or_forecast_cumulative"].round(2).to_list()
    cut = tracked.as_of_month
    realized = [i for i, m in enumerate(x) if m <= cut]
    ahead = [i for i, m in enumerate(x) if m >= cut]
    synthetic = bool(is_synthetic(tracked.notes))
    name = chart_text(tracked.plan.scenario.name)
    with fig.batch_update():
        p, r, f = fig.data
        p.x, p.y, p.name = x, plan, f"Plan: {name}"
        r.x, r.y = [x[i] for i in realized], [now[i] for i in realized]
        r.name = "Realized (SYNTHETIC records)" if synthetic else "Realized (your records)"
        f.x, f.y = [x[i] for i in ahead], [now[i] for i in ahead]
        title = "Cumulative net cash: plan, realized, re-forecast (undiscounted, end of month)"
        fig.layout.title.text = f"{SYNTHETIC_MARK} example. {title}" if synthetic else title
        fig.layout.shapes = [dict(type="line", xref="x", yref="paper", x0=cut, x1=cut, y0=0, y1=1,
                                  line=dict(color="#444", width=1.5, dash="dot"))]
        fig.layout.annotations = [dict(x=cut, y=1, xref="x", yref="paper", yanchor="top", xanchor="left",
                                       showarrow=False, text=f" as of {tracked.as_of} (month {cut})",
                                       font=dict(size=11, color="#444"))]


# --------------------------------------------------------------------------- the app

class CohortTracker:
    """A running cohort against its plan. ``CohortTracker().display()`` in a notebook or Voila."""

    def __init__(self):
        self.status = Status()
        self.records = None
        self.records_name = ""
        self.plan = None
        self.plan_name = ""
        self.tracked = None
        self._quiet = False
        self.headline = w.HTML()
        self.headline.add_class("imt-headline-area")
        self.metrics = w.HTML()
        self.lines = w.HTML()
        self.notes = w.HTML()
        self.how_sure = w.HTML()
        self.downloads = w.HTML()
        self.downloads.add_class("imt-downloads")
        self.fig = tracked_figure()
        self.layout = self._build_layout()

    # -- layout ---------------------------------------------------------------------------------
    def _build_layout(self) -> w.Widget:
        self.title_html = (
            '<div class="imt-title"><h2>IMT apprenticeship: track a cohort against its plan</h2>'
            "<p>For a sponsor or an intermediary with apprentices in training: load what you have recorded so "
            "far (who started, who left, what you paid) and the plan you made, and see where the cohort stands "
            "against the plan and where it is heading: the months so far as realized, the rest re-forecast "
            "from the apprentices still in training.</p></div>")
        self.prompt_html = ('<div class="imt-headline-sentence imt-prompt">Load your records and choose your plan '
                            f"on the left, or press <b>{EXAMPLE_BUTTON}</b> to see the page with made-up "
                            "records.</div>")
        self.headline.value = self.prompt_html
        limit = size_text(records_limit())

        self.records_file = GuardedUpload("Choose records files", "imt-records-upload", self.load_records,
                                          self._records_refused, types=RECORDS_TYPES, multiple=True,
                                          refuse=records_refusal, guard=RECORDS_GUARD_CLASS,
                                          report=RECORDS_REPORT_CLASS, box=RECORDS_BOX_CLASS)
        self.records_info = w.HTML('<div class="imt-loaded imt-records-info"><span class="imt-none">No records '
                                   "loaded yet.</span></div>")

        self.preset_choice = w.Dropdown(options=[("Choose a shipped plan...", "")]
                                        + [(name, name) for name in preset_names()], value="",
                                        layout=w.Layout(width="220px"))
        self.preset_choice.add_class("imt-plan-preset")
        self.preset_choice.observe(lambda ch: self.use_preset(ch["new"]), "value")
        self.plan_file = GuardedUpload("Load plan file", "imt-plan-upload", self.load_plan_upload,
                                       self.status.refused)
        self.plan_info = w.HTML('<div class="imt-loaded imt-plan-info"><span class="imt-none">No plan chosen yet.'
                                "</span></div>")

        self.as_of = w.Text(value="", placeholder="e.g. 2027-03-31", continuous_update=False,
                            description="Up to", layout=w.Layout(width="260px"),
                            style={"description_width": "50px"})
        self.as_of.add_class("imt-as-of")
        self.as_of.observe(lambda ch: self.set_as_of(ch["new"]), "value")

        example = w.Button(description=EXAMPLE_BUTTON, icon="flask", layout=w.Layout(width="auto"))
        example.add_class("imt-try-example")
        example.on_click(lambda _b: self.try_example())
        prepare = w.Button(description="Prepare downloads", icon="download", button_style="primary",
                           layout=w.Layout(width="auto"))
        prepare.add_class("imt-prepare-downloads")
        prepare.on_click(lambda _b: self.prepare_downloads())

        left = w.VBox([
            w.HTML(f'<h4 class="imt-section">1. Your records so far</h4><div class="imt-note">One Excel workbook '
                   "(sheets apprentices, ledger and, if you keep them, wages, hours, about), or the CSV files "
                   "apprentices.csv and ledger.csv with wages.csv, hours.csv and about.csv if you keep them, "
                   f"chosen together (at most {limit} in all). Blank templates with each column explained: "
                   "<code>imt-roi track --template FOLDER</code>.</div>"),
            self.records_file.box, self.records_info,
            w.HTML('<h4 class="imt-section">2. The plan you are following</h4><div class="imt-note">A scenario '
                   "file saved from the sponsor's planner or the intermediary's pitch (.yaml or .json), or a "
                   "shipped plan. Its cohorts and employers are named as in your records.</div>"),
            w.HBox([self.preset_choice, self.plan_file.box]), self.plan_info,
            w.HTML('<h4 class="imt-section">3. Count your records up to</h4><div class="imt-note">The last day '
                   "your records are complete for: its whole month counts as realized, the months after are "
                   "re-forecast. Leave it blank for the latest date in your records. Type 2027-03-31 or "
                   "03/31/2027 and press Enter.</div>"),
            self.as_of,
            w.HTML('<h4 class="imt-section">No records at hand?</h4><div class="imt-note">Made-up records of '
                   "the shipped imt-partnership plan 15 months in, with extra leavers, tuition 12% and mentor "
                   "hours 25% over plan. No real apprentice or firm.</div>"),
            w.HBox([example]),
        ], layout=w.Layout(padding="0 8px 0 0"))
        left.add_class("imt-left")
        results = w.VBox([
            w.HTML('<h4 class="imt-section">Plan, to date and re-forecast</h4>'), self.metrics,
            w.HTML('<div class="imt-note">B/C, NPV, costs and benefits are present values; net cash, payback and '
                   "peak outlay are undiscounted. To date counts the realized months on their own; the "
                   "re-forecast adds the months after, as now expected.</div>"),
            self.how_sure,
            self.fig.widget,
            w.HTML('<h4 class="imt-section">Where it differs from the plan, line by line (USD, undiscounted)</h4>'
                   '<div class="imt-note">Basis to date: <i>recorded</i> from your records; <i>modelled</i> from '
                   "the plan's assumptions for the apprentices present; <i>forecast only</i> when the line has "
                   "no months yet. For a cost a positive difference costs more than planned; for a benefit it "
                   "brings more.</div>"),
            self.lines,
            w.HTML('<h4 class="imt-section">Notes</h4>'), self.notes,
            w.HTML('<h4 class="imt-section">Downloads</h4><div class="imt-note">A workbook (metrics, by line, by '
                   "month, every cash flow with its basis, notes) and a one-page summary of what is shown."
                   "</div>"),
            w.HBox([prepare]), self.downloads,
        ], layout=w.Layout(display="none", width="100%"))  # shown with the first figures
        results.add_class("imt-tracked-results")
        self.results = results
        right = [w.HTML(_CSS), self.headline, results]
        return app_frame(w.HTML(self.title_html), self.status.widget, left, right, left_width="440px",
                         css_class="imt-tracker")

    def display(self) -> None:
        """Show the app, after a static copy of its title that appears before the widgets."""
        show(self.layout, "IMT: track a cohort against its plan",
             preview_html(self.title_html, self.prompt_html, left_width="440px", css_class="imt-tracker")
             + guard_script() + guard_script(RECORDS_GUARD_CLASS, records_limit(), RECORDS_TYPES,
                                             RECORDS_REPORT_CLASS, RECORDS_BOX_CLASS))

    # -- inputs ---------------------------------------------------------------------------------
    def _records_refused(self, problem: ScenarioError) -> None:
        self.status.error(problem.problems, intro="Records not loaded")

    @guarded(what="the records")
    def load_records(self, files) -> None:
        try:
            chosen = uploaded_records(files)
            records = records_module.records_from_uploads(chosen)
        except ScenarioError as exc:
            self._records_refused(exc)
            return
        self.records = records
        self.records_name = ", ".join(chosen)
        self._show_records()
        self._recompute(f"Records loaded from {self.records_name}.")

    def _show_records(self) -> None:
        lines = records_module.summary_lines(self.records)[1:3]  # apprentices by status, ledger rows
        mark = (f' <span class="imt-synthetic-tag">{SYNTHETIC_MARK}</span>' if is_synthetic(self.records.notes)
                else "")
        self.records_info.value = (
            f'<div class="imt-loaded imt-records-info"><b>Records:</b> {html.escape(self.records_name)}{mark}'
            f"<br>Plan month 1 is {self.records.plan_start:%B %Y}. "
            + " ".join(html.escape(line.strip()) + "." for line in lines) + "</div>")

    @guarded(what="the plan")
    def use_preset(self, name) -> None:
        if self._quiet or not name:
            return
        self._set_plan(preset(name), f"the shipped plan {name}")
        self._recompute(f"Plan {name} chosen.")

    @guarded(what="the plan")
    def load_plan_upload(self, files) -> None:
        loaded = uploaded_scenario(files, self.status.refused)
        if loaded is None:
            return
        filename, scenario, notes = loaded
        self._set_plan(scenario, f"the file {filename}")
        self._quietly(self.preset_choice, "")
        self._recompute(f"Plan loaded from {filename}.{notes}")

    def _set_plan(self, scenario, where: str) -> None:
        self.plan = scenario
        self.plan_name = where
        cohorts = len(scenario.cohorts)
        self.plan_info.value = (
            f'<div class="imt-loaded imt-plan-info"><b>Plan:</b> {html.escape(scenario.name)} '
            f"({html.escape(where)}): {scenario.apprentices:,} apprentices in {cohorts} "
            f"cohort{'s' if cohorts != 1 else ''}.</div>")

    def _quietly(self, widget, value) -> None:
        self._quiet = True
        try:
            widget.value = value
        finally:
            self._quiet = False

    @guarded(what="the date")
    def set_as_of(self, _text) -> None:
        if self._quiet:
            return
        self._recompute("Counted up to " + (self.as_of.value.strip() or "the latest date in the records") + ".")

    @guarded(what="the example")
    def try_example(self) -> None:
        from ..synthetic import EXAMPLE_PRESET, example

        records, plan, as_of = example()
        self.records = records
        self.records_name = "the synthetic example"
        self._show_records()
        self._set_plan(plan, f"the shipped plan {EXAMPLE_PRESET}")
        self._quietly(self.preset_choice, EXAMPLE_PRESET)
        self._quietly(self.as_of, as_of.isoformat())
        self._recompute(f"{SYNTHETIC_MARK} example loaded: made-up records, no real apprentice or firm.")

    # -- computing ------------------------------------------------------------------------------
    def _recompute(self, done: str) -> None:
        if self.records is None or self.plan is None:
            wanted = "load your records" if self.records is None else "choose the plan they follow"
            self.status.ok(f"{done} Now {wanted}.")
            return
        from ..tracking import track

        started = time.perf_counter()
        try:
            tracked = track(self.records, self.plan, self.as_of.value.strip() or None)
        except ScenarioError as exc:
            problems = [("Up to (date)" if field == "as_of" else field, message) for field, message in exc.problems]
            self.status.error(problems, intro="Not tracked" if self.tracked is None else "Not updated")
            return
        self._show(tracked)
        self.status.ok(f"{done} Tracked in {1000 * (time.perf_counter() - started):.0f} ms.")

    def _show(self, tracked) -> None:
        self.tracked = tracked
        self.headline.value = headline_html(tracked, self.records)
        self.metrics.value = metrics_table(tracked)
        self.lines.value = lines_table(tracked)
        self.notes.value = notes_html(tracked.notes)
        self.how_sure.value = (f'<div class="imt-how-sure"><b>How sure:</b> '
                               f"{html.escape(tracked.spread().sentence())}</div>")
        self.downloads.value = ""
        self.results.layout.display = ""
        update_tracked(self.fig, tracked)

    @guarded(what="the downloads")
    def prepare_downloads(self) -> None:
        from ..export import tracked_summary_html, tracked_workbook_bytes

        tracked = self.tracked
        if tracked is None:
            raise ScenarioError("Downloads", "load your records and a plan (or the synthetic example) first")
        synthetic = bool(is_synthetic(tracked.notes))
        stem = ("synthetic-" if synthetic else "") + safe_filename(tracked.plan.scenario.name)
        stem = f"{stem}-tracked-{tracked.as_of.isoformat()}"
        links = [
            download_link(tracked_workbook_bytes(tracked), f"{stem}.xlsx", XLSX_MIME, "Excel workbook", "xlsx"),
            download_link(tracked_summary_html(tracked).encode("utf-8"), f"{stem}.html", "text/html",
                          "One-page summary (HTML)", "html"),
        ]
        label = f"{SYNTHETIC_MARK} example, " if synthetic else ""
        self.downloads.value = (f'<div class="imt-downloads"><span class="imt-note">{label}tracked to '
                                f'{tracked.as_of}: </span>{"".join(links)}</div>')
        self.status.ok(f"Downloads ready ({label}tracked to {tracked.as_of}).")


def show_tracker() -> None:
    """Display the "Track a cohort" dashboard (the notebook's one line)."""
    CohortTracker().display()
