"""Small pieces shared by the dashboards: the style sheet, metric cards and tables, download links."""

from __future__ import annotations

import base64
import html
from importlib import resources

import ipywidgets as w

from ..files import safe_filename  # noqa: F401 - the dashboards' download names
from ..metrics import METRIC_INFO
from ..report import METRIC_LABELS, conventions_line, format_value, headline_sentence, metric_text
from ..results import Result
from ..uncertainty import held_text
from .charts import DRAW_WHEN_READY

STYLES = {key: style for key, _, style in METRIC_LABELS}
LABELS = {key: label for key, label, _ in METRIC_LABELS}

#: The figures a sponsor's finance manager asks for first, in the order the cards show them.
HEADLINE_KEYS = ["benefit_cost_ratio", "net_roi", "npv", "net_training_investment_per_apprentice",
                 "return_on_training_investment", "payback_month", "peak_outlay", "irr_annual", "cost_per_completer",
                 "training_cost_per_completer"]
HEADLINE_METRICS = [(key, METRIC_INFO[key].short) for key in HEADLINE_KEYS]


#: Hides the static first view once the live app (whose style sheet carries this rule) is on the page.
HIDE_PREVIEW = ".imt-preview { display: none !important; }"


def show(widget: w.Widget, label: str, preview: str | None = None) -> None:
    """Display ``widget`` with a short plain-text form (not the repr of every child widget).

    With ``preview`` (see :func:`preview_html`), a static HTML copy of the page's
    top is displayed first: the browser shows it as soon as the page arrives,
    before the widgets are built, and the live app hides it when it appears.
    """
    from IPython.display import HTML, display

    if preview is not None:
        display(HTML(preview))
    display({"application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0,
                                                          "model_id": widget.model_id},
             "text/plain": label}, raw=True)


def app_frame(title: w.Widget, status: w.Widget, left: w.Widget, right: list[w.Widget], *,
              left_width: str, css_class: str) -> w.VBox:
    """A dashboard page: styles, title and status on top, inputs on the left, results on the right."""
    results = w.VBox(right, layout=w.Layout(width="100%"))
    results.add_class("imt-right")
    body = w.GridBox([left, results], layout=w.Layout(grid_template_columns=f"{left_width} minmax(0, 1fr)",
                                                      grid_gap="18px", width="100%"))
    app = w.VBox([style_widget(), title, status, body], layout=w.Layout(width="100%"))
    app.add_class("imt-app")
    app.add_class(css_class)
    return app


def style_widget() -> w.HTML:
    """The dashboards' style sheet as an HTML widget (a <style> element)."""
    css = resources.files("imt_roi").joinpath("ui", "style.css").read_text(encoding="utf-8")
    return w.HTML(f"<style>{css}\n{HIDE_PREVIEW}</style>", layout=w.Layout(height="0px", overflow="hidden"))


def preview_html(title: str, headline: str, *, left_width: str, css_class: str,
                 waiting: str = "Loading the inputs...") -> str:
    """The static first view of a dashboard: its title and headline figures as computed on the server,
    laid out where the live app puts them, with a note where the inputs will be."""
    css = resources.files("imt_roi").joinpath("ui", "style.css").read_text(encoding="utf-8")
    return (f'<div class="imt-preview {css_class}"><style>{css}</style>{title}'
            f'<div style="display: grid; grid-template-columns: {left_width} minmax(0, 1fr); grid-gap: 18px;">'
            f'<div class="imt-note imt-preview-waiting">{html.escape(waiting)}</div>'
            f'<div class="imt-headline-preview">{headline}</div></div></div>{DRAW_WHEN_READY}')


def fmt(metric: str, value) -> str:
    """A metric formatted as the report formats it (``imt_roi.report.format_value``)."""
    return format_value(value, STYLES[metric])


def headline_cards(result: Result, scenario_label: str = "A", note: str = "",
                   jff_ratio: float | None = None, aai: dict | None = None) -> str:
    """Metric cards; each figure sits in ``<span class="imt-headline" data-metric=...>``.

    An IRR that does not exist shows "none" with its reason under it. With
    ``jff_ratio`` a last card shows the same inputs' B/C under the JFF 2020
    convention, labelled as such (``data-metric="jff_method_benefit_cost_ratio"``).
    """
    cards = []
    m = result.metrics
    for key, label in HEADLINE_METRICS:
        value = fmt(key, getattr(m, key))
        sub = ""
        if key == "irr_annual" and m.irr_annual is None and m.irr_reason:
            sub = f'<div class="imt-card-sub">{html.escape(m.irr_reason)}</div>'
        elif key == "peak_outlay" and m.peak_outlay_month:
            sub = f'<div class="imt-card-sub">in month {m.peak_outlay_month}</div>'
        cards.append(f'<div class="imt-card"><div class="imt-card-label">{html.escape(label)}</div>'
                     f'<span class="imt-headline" data-metric="{key}" data-scenario="{scenario_label}" '
                     f'elementtiming="{key}">'
                     f'{html.escape(value)}</span>{sub}</div>')
    conventions = ""
    if jff_ratio is not None or result.scenario.method != "output_value":
        # The same inputs' B/C as the JFF 2020 study counted, on a line of its own: not a rival headline.
        line = html.escape(conventions_line(result.scenario, m, jff_ratio, aai))
        figure = html.escape(format_value(jff_ratio, "ratio"))
        line = line.replace(f"give B/C {figure}", f'give B/C <span class="imt-headline" '
                            f'data-metric="jff_method_benefit_cost_ratio" data-scenario="{scenario_label}">'
                            f"{figure}</span>", 1)
        conventions = f'<div class="imt-conventions">{line}</div>'
    note_html = conventions + (f'<div class="imt-card-note">{html.escape(note)}</div>' if note else "")
    sentence = f'<div class="imt-headline-sentence">{html.escape(headline_sentence(m))}</div>'
    if m.notes:
        note_html += "".join(f'<div class="imt-card-warning">{html.escape(n)}</div>' for n in m.notes)
    return f'{sentence}<div class="imt-cards" data-scenario="{scenario_label}">{"".join(cards)}</div>{note_html}'


def compare_table(results: dict[str, Result | None], metrics: list[str] | None = None) -> str:
    """Every metric of each scenario in its own column (cells carry data-scenario and data-metric)."""
    keys = metrics or [key for key, _, _ in METRIC_LABELS if key not in ("irr_reason", "notes")]
    names = list(results)
    head = "".join(f"<th>Scenario {html.escape(n)}<br><small>{html.escape(r.scenario.name if r else '')}</small></th>"
                   for n, r in results.items())
    rows = []
    for key in keys:
        cells = "".join(
            f'<td class="imt-value" data-scenario="{n}" data-metric="{key}">'
            f'{html.escape(metric_text(results[n].metrics, key) if results[n] else "-")}</td>'
            for n in names)
        rows.append(f"<tr><td>{html.escape(LABELS[key])}</td>{cells}</tr>")
    return (f'<table class="imt-table imt-compare"><thead><tr><th>Metric</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def download_link(data: bytes, filename: str, mime: str, label: str, kind: str) -> str:
    """An anchor that downloads ``data`` as ``filename`` (a data URI: Voila has no server-side save)."""
    b64 = base64.b64encode(data).decode("ascii")
    return (f'<a class="imt-download" data-kind="{kind}" download="{html.escape(filename)}" '
            f'href="data:{mime};base64,{b64}">{html.escape(label)}</a>')


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sure_html(spread, result: Result) -> str:
    """The "how sure" summary: the P5-P95 range of B/C, the chance of at least breaking even, the drivers."""
    bcr = spread.percentiles["benefit_cost_ratio"]
    npv = spread.percentiles["npv"]
    payback = spread.percentiles["payback_month"]
    drivers = ", ".join(html.escape(d["label"]) for d in spread.drivers[:3]) or "none (no ranges in force)"
    held = held_text(spread.held)

    def fig(value, style, metric, p):
        return (f'<span class="imt-sure" data-metric="{metric}" data-p="{p}">'
                f"{html.escape(format_value(value, style))}</span>")

    return (
        '<div class="imt-sure-summary">'
        f'<p class="imt-sure-sentence">'
        f'{html.escape(headline_sentence(result.metrics, spread.prob_bcr_at_least_1, held))}</p>'
        f'<p>Across {spread.draws:,} draws of the inputs nobody published (seed {spread.seed}), return per dollar '
        f'runs from {fig(bcr["p5"], "ratio", "benefit_cost_ratio", "p5")} (P5) to '
        f'{fig(bcr["p95"], "ratio", "benefit_cost_ratio", "p95")} (P95), median '
        f'{fig(bcr["p50"], "ratio", "benefit_cost_ratio", "p50")}; the point figure is '
        f'{html.escape(fmt("benefit_cost_ratio", result.metrics.benefit_cost_ratio))}. '
        f'Chance of at least breaking even (B/C &ge; 1): '
        f'<span class="imt-sure" data-metric="prob_bcr_at_least_1">{spread.prob_bcr_at_least_1:.0%}</span> '
        f'<span class="imt-held">({html.escape(held)})</span>. '
        f'NPV P5 to P95: {fig(npv["p5"], "usd", "npv", "p5")} to {fig(npv["p95"], "usd", "npv", "p95")}; '
        f'payback month P50 {fig(payback["p50"], "month", "payback_month", "p50")}.</p>'
        f'<p class="imt-note">What drives the spread most: {drivers}. Ranges and their reasons: '
        f'imt-roi uncertainty --format table; set your own under uncertainty.ranges in a scenario file, '
        f'or hold an input exact under uncertainty.exact.</p></div>')
