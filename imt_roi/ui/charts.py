"""Figures of the dashboards: each built once, updated in ``batch_update()``, shown in an Output.

Every figure reads a table the package already computed (``Result.monthly()``,
``Result.by_line()``, ``schedule.rti_sessions()``, ``pooling.cost_per_seat()``);
nothing here computes economics.

Why not ``Chart``: it renders in Voila here (with ``anywidget``), but
each FigureWidget ships the whole plotly.js bundle (about 4.6 MB) as widget
state and importing it pulls in nbformat and jsonschema; a page with three
charts took 12 s to show its first figure. A :class:`Chart` keeps one
``go.Figure`` (traces built once, updated in place) and re-displays it as
plotly's own MIME bundle in an ``ipywidgets.Output``, drawn by the
jupyterlab-plotly renderer, whose plotly.js is a static file the browser caches.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from ..results import Result
from ..safe_text import chart_text
from ..schedule import rti_sessions

COLORS = {"A": "#1f5f99", "B": "#d9822b", "cost": "#c0392b", "benefit": "#2e8b57", "term": "#9db7d5",
          "class": "#1f5f99", "after": "#e3e8ee"}
_LAYOUT = dict(template="plotly_white", height=330, margin=dict(l=60, r=20, t=64, b=44),
               legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), font=dict(size=12))


PLOTLY_MIME = "application/vnd.plotly.v1+json"


class Chart:
    """A plotly figure shown in an ``ipywidgets.Output``; ``with chart.batch_update():`` redraws on exit."""

    def __init__(self, css_class: str, **layout):
        self.figure = go.Figure()
        title = layout.pop("title", None)
        self.figure.update_layout(**{**_LAYOUT, **layout})
        if title:
            self.figure.update_layout(title=dict(text=title, y=0.98, yanchor="top", x=0.01, font=dict(size=15)))
        self.output = w.Output(layout=w.Layout(width="100%", min_height=f"{layout.get('height', 330)}px"))
        self.output.add_class("imt-chart")
        self.output.add_class(css_class)
        self.widget = self.output

    # FigureWidget-like conveniences used by the updaters below
    @property
    def data(self):
        return self.figure.data

    @property
    def layout(self):
        return self.figure.layout

    def add_scatter(self, **kw):
        self.figure.add_scatter(**kw)

    def add_bar(self, **kw):
        self.figure.add_bar(**kw)

    def add_hline(self, **kw):
        self.figure.add_hline(**kw)

    def update_layout(self, **kw):
        self.figure.update_layout(**kw)

    def batch_update(self):
        return _Redraw(self)

    #: While True, :meth:`render` keeps the figure and draws nothing: a page draws its charts after its form
    #: is in place (:class:`ChartGate`), since the browser spends over a second on plotly.js and the figures.
    deferred = False

    def reveal(self) -> None:
        """Stop deferring and draw the figure as it is now."""
        self.deferred = False
        self.render()

    def render(self) -> None:
        """Replace what the Output shows by the figure as it is now."""
        if self.deferred:
            return
        bundle = {PLOTLY_MIME: self.figure.to_plotly_json(), "text/plain": self.figure.layout.title.text or "chart"}
        # Set the Output's outputs directly: one widget-state update, no display or clear_output
        # messages on the kernel's IOPub channel (the page's renderer replaces the plot in place).
        self.output.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)


class ChartGate:
    """Holds ``charts`` undrawn until the page's form is in place, then draws them.

    Drawing plotly figures holds the browser's main thread for over a second
    (plotly.js itself, then each figure), and a keystroke waits for it. The
    page's first view carries a script (:data:`DRAW_WHEN_READY`) that clicks the
    gates' buttons in ``stage`` order once the form takes input: the chart at
    the top soon after, the ones below the fold a moment later. Without
    scripts the buttons stay visible and a click draws the charts.
    """

    def __init__(self, charts: list[Chart], stage: int = 1):
        self.charts = charts
        for chart in charts:
            chart.deferred = True
        label = "Draw the chart" if len(charts) == 1 else "Draw the charts below"
        self.button = w.Button(description=label, icon="chart-line", layout=w.Layout(width="auto"))
        self.button.add_class("imt-draw-charts")
        self.button.add_class(f"imt-draw-stage-{stage}")
        self.button.on_click(lambda _b: self.open())

    def open(self) -> None:
        """Draw every chart (again, on a second call, which changes nothing) and hide the button."""
        self.button.layout.display = "none"
        for chart in self.charts:
            chart.reveal()


#: Clicks the chart gates' buttons once the live form has an input: stage 1 after the form has had a moment
#: to take a first keystroke, stage 2 a little later, each when the browser is idle.
DRAW_WHEN_READY = """<script>(function () {
  var started = Date.now();
  var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 0); };
  function click(stage, delay, next) {
    setTimeout(function () {
      idle(function () {
        document.querySelectorAll('.imt-app button.imt-draw-stage-' + stage).forEach(function (b) { b.click(); });
        if (next) { next(); }
      }, {timeout: 1000});
    }, delay);
  }
  function ready() {
    var box = document.querySelector('.imt-app .imt-form input');
    if (box && document.querySelector('.imt-app button.imt-draw-charts')) {
      click(1, 400, function () { click(2, 1200); });
    } else if (Date.now() - started < 120000) { setTimeout(ready, 50); }
  }
  ready();
})();</script>"""


class _Redraw:
    def __init__(self, chart: Chart):
        self.chart = chart
        self.inner = chart.figure.batch_update()

    def __enter__(self):
        self.inner.__enter__()
        return self.chart

    def __exit__(self, *exc):
        self.inner.__exit__(*exc)
        if exc[0] is None:
            self.chart.render()
        return False


def _widget(css_class: str = "imt-chart-other", **layout) -> Chart:
    return Chart(css_class, **layout)


# -- cumulative net cash flow -------------------------------------------------------------------

def cashflow_figure(names: tuple[str, ...] = ("A", "B")) -> Chart:
    """Cumulative net cash flow by plan month, one line per scenario."""
    fig = _widget("imt-chart-cashflow", title="Cumulative net cash flow (undiscounted, end of month)",
                  xaxis_title="Plan month", yaxis_title="USD", hovermode="x unified")
    for name in names:
        fig.add_scatter(x=[], y=[], mode="lines", name=f"Scenario {name}",
                        line=dict(color=COLORS.get(name), width=2.5))
    fig.add_hline(y=0, line_color="#888", line_width=1)
    return fig


def update_cashflow(fig: Chart, results: dict[str, Result | None]) -> None:
    with fig.batch_update():
        for trace, (name, result) in zip(fig.data, results.items()):
            if result is None:
                trace.visible = False
                continue
            monthly = result.monthly()
            trace.x = monthly.index.to_list()
            trace.y = monthly["cumulative_net"].round(2).to_list()
            trace.name = f"Scenario {name}: {chart_text(result.scenario.name)}"
            trace.visible = True


# -- costs and benefits by line -----------------------------------------------------------------

def lines_figure(names: tuple[str, ...] = ("A", "B")) -> Chart:
    """Undiscounted total of each cost and benefit line, grouped by scenario."""
    fig = _widget("imt-chart-lines", title="Costs and benefits by line (undiscounted totals)", barmode="group",
                  xaxis_title="USD", height=380, margin=dict(l=170, r=20, t=64, b=44))
    for name in names:
        fig.add_bar(x=[], y=[], orientation="h", name=f"Scenario {name}", marker_color=COLORS.get(name))
    return fig


def line_labels(by_line: pd.DataFrame) -> list[str]:
    return [f"{chart_text(line)} ({kind})" for kind, line in zip(by_line["kind"], by_line["line"])]


def update_lines(fig: Chart, results: dict[str, Result | None]) -> None:
    tables = {name: r.by_line() for name, r in results.items() if r is not None}
    order: list[str] = []
    for table in tables.values():
        for label in line_labels(table):
            if label not in order:
                order.append(label)
    with fig.batch_update():
        for trace, (name, result) in zip(fig.data, results.items()):
            if result is None:
                trace.visible = False
                continue
            table = tables[name]
            trace.y = line_labels(table)
            trace.x = table["amount"].round(2).to_list()
            trace.visible = True
        fig.layout.yaxis.categoryorder = "array"
        fig.layout.yaxis.categoryarray = list(reversed(order))
        fig.layout.height = max(300, 60 + 26 * len(order) * max(1, len(tables)))


# -- cohort timeline ----------------------------------------------------------------------------

def timeline_figure() -> Chart:
    """Each cohort's term, its class sessions (semesters or modules) and the months counted after."""
    fig = _widget("imt-chart-timeline", title="Cohort timeline: training term and related-instruction sessions",
                  xaxis_title="Plan month", barmode="overlay", height=260, margin=dict(l=170, r=20, t=64, b=44))
    fig.add_bar(x=[], y=[], base=[], orientation="h", name="Training term", marker_color=COLORS["term"],
                width=0.6, hovertemplate="%{y}: months %{base} to %{customdata}<extra>term</extra>")
    fig.add_bar(x=[], y=[], base=[], orientation="h", name="Class session", marker_color=COLORS["class"],
                width=0.35, text=[], textposition="inside", insidetextanchor="middle",
                textfont=dict(color="white", size=11), customdata=[],
                hovertemplate="%{text}: months %{base} to %{customdata}<extra></extra>")
    fig.add_bar(x=[], y=[], base=[], orientation="h", name="Counted after completion",
                marker_color=COLORS["after"], width=0.6, customdata=[],
                hovertemplate="%{y}: months %{base} to %{customdata}<extra>after completion</extra>")
    return fig


def update_timeline(fig: Chart, result: Result) -> None:
    """Place each cohort's term and sessions (from :func:`imt_roi.schedule.rti_sessions`) on plan months."""
    scenario = result.scenario
    a = scenario.assumptions()
    term = a.program.term_months
    after = a.horizon.months_after_completion
    sessions = rti_sessions(a)
    rows, term_base, term_len, term_end = [], [], [], []
    s_rows, s_base, s_len, s_text, s_end = [], [], [], [], []
    a_rows, a_base, a_len, a_end = [], [], [], []
    for c in scenario.cohorts:
        label = f"{chart_text(c.name)} ({c.size})"
        first = c.start_month
        rows.append(label)
        term_base.append(first - 0.5)
        term_len.append(term)
        term_end.append(first + term - 1)
        for s in sessions:
            s_rows.append(label)
            s_base.append(first + s.start_month - 1.5)
            s_len.append(s.end_month - s.start_month + 1)
            s_text.append(s.label)
            s_end.append(first + s.end_month - 1)
        if after:
            a_rows.append(label)
            a_base.append(first + term - 0.5)
            a_len.append(after)
            a_end.append(first + term + after - 1)
    with fig.batch_update():
        t, s, f = fig.data
        t.y, t.x, t.base, t.customdata = rows, term_len, term_base, term_end
        s.y, s.x, s.base, s.text, s.customdata = s_rows, s_len, s_base, s_text, s_end
        f.y, f.x, f.base, f.customdata = a_rows, a_len, a_base, a_end
        f.visible = bool(after)
        fig.layout.yaxis.autorange = "reversed"
        fig.layout.height = max(220, 120 + 42 * len(rows))


# -- pooled classes (intermediary) --------------------------------------------------------------

def seat_cost_figure() -> Chart:
    """Cost per seat of related instruction, and cost per apprentice, against class size."""
    fig = _widget("imt-chart-seats", title="How class size changes the cost per seat",
                  xaxis_title="Apprentices in the pooled class", yaxis_title="USD per apprentice",
                  hovermode="x unified")
    fig.add_scatter(x=[], y=[], mode="lines+markers", name="Related instruction per seat",
                    line=dict(color=COLORS["A"], width=2.5))
    fig.add_scatter(x=[], y=[], mode="lines", name="All costs per apprentice",
                    line=dict(color=COLORS["B"], width=2, dash="dot"), yaxis="y2")
    fig.add_scatter(x=[], y=[], mode="markers", name="This plan", marker=dict(size=13, color="#111", symbol="diamond"))
    fig.add_scatter(x=[], y=[], mode="lines", name="Open enrolment (a firm alone)",
                    line=dict(color=COLORS["cost"], width=1.5, dash="dash"))
    fig.update_layout(yaxis2=dict(title="All costs per apprentice (USD)", overlaying="y", side="right",
                                  showgrid=False), margin=dict(l=60, r=70, t=64, b=44))
    return fig


def update_seat_cost(fig: Chart, table: pd.DataFrame, current_sizes: list[int],
                     open_enrolment: float | None = None) -> None:
    """``open_enrolment``: a firm's expected tuition per apprentice alone, drawn across as a line."""
    with fig.batch_update():
        seat, total, here, alone = fig.data
        sizes = table["class_size"].to_list()
        alone.x = [min(sizes), max(sizes)] if open_enrolment is not None and sizes else []
        alone.y = [round(open_enrolment, 2)] * 2 if open_enrolment is not None and sizes else []
        seat.x = table["class_size"].to_list()
        seat.y = table["rti_cost_per_seat"].round(2).to_list()
        total.x = table["class_size"].to_list()
        total.y = table["cost_per_apprentice"].round(2).to_list()
        row = table[table["class_size"].isin(current_sizes)]
        here.x = row["class_size"].to_list()
        here.y = row["rti_cost_per_seat"].round(2).to_list()


def firm_figure() -> Chart:
    """Return per dollar of each firm and of the whole partnership."""
    fig = _widget("imt-chart-firms", title="Return per dollar (B/C) by firm", yaxis_title="B/C", height=300)
    fig.add_bar(x=[], y=[], marker_color=[], text=[], textposition="outside")
    fig.add_hline(y=1, line_color="#888", line_dash="dot", annotation_text="break-even")
    return fig


def update_firms(fig: Chart, names: list[str], ratios: list[float | None], texts: list[str],
                 p5: list[float | None] | None = None, p95: list[float | None] | None = None) -> None:
    """Bars of each firm's B/C; with ``p5`` and ``p95``, whiskers from its P5 to its P95."""
    with fig.batch_update():
        bar = fig.data[0]
        bar.x = [chart_text(n) for n in names]
        bar.y = [r if r is not None else 0 for r in ratios]
        bar.text = texts
        bar.marker.color = [COLORS["B"] if n == "Partnership" else COLORS["A"] for n in names]
        if p5 is not None and p95 is not None:
            y = [r if r is not None else 0 for r in ratios]
            bar.error_y = dict(type="data", symmetric=False, color="#444", thickness=1.5, width=6,
                               array=[max((h if h is not None else v) - v, 0) for h, v in zip(p95, y)],
                               arrayminus=[max(v - (lo if lo is not None else v), 0) for lo, v in zip(p5, y)])
            bar.textposition = "inside"
            bar.insidetextanchor = "middle"


# -- each firm alone and in the partnership ------------------------------------------------------------

#: The bars of the alone-vs-partnership chart: (column of partnership.differences, label, colour).
JOINING_PARTS = [("instruction", "Classes (tuition and section share)", "#5b8fc7"),
                 ("coordination", "Own coordination time", "#2e8b57"),
                 ("intermediary_fee", "Intermediary fee", "#d9822b"),
                 ("intermediary_grant", "Paid by the intermediary's grants", "#9b59b6")]


def joining_figure() -> Chart:
    """What joining the partnership changes for each firm, per apprentice: each line's change as a bar
    (up = costs more, down = saves), and the net change as a diamond."""
    fig = _widget("imt-chart-joining", title="Joining the partnership: change in cost per apprentice "
                                             "(undiscounted; below zero saves)",
                  yaxis_title="USD per apprentice", barmode="relative", height=380,
                  margin=dict(l=60, r=20, t=110, b=44))
    for _, label, color in JOINING_PARTS:
        fig.add_bar(x=[], y=[], name=label, marker_color=color)
    fig.add_scatter(x=[], y=[], mode="markers+text", name="Net change", textposition="middle right",
                    marker=dict(size=14, color="#111", symbol="diamond"))
    fig.add_hline(y=0, line_color="#444")
    return fig


def update_joining(fig: Chart, diffs: pd.DataFrame, apprentices: dict[str, int], texts: list[str]) -> None:
    """Bars from :func:`imt_roi.partnership.differences` (USD per firm), divided by each firm's apprentices."""
    firms = [str(f) for f in diffs.index]
    per = [max(apprentices.get(f, 0), 1) for f in firms]
    shown = [chart_text(f) for f in firms]
    with fig.batch_update():
        for trace, (column, _, _) in zip(fig.data, JOINING_PARTS):
            trace.x = shown
            trace.y = [round(float(v) / n, 2) for v, n in zip(diffs[column], per)]
        net = fig.data[len(JOINING_PARTS)]
        net.x = shown
        net.y = [round(-float(v) / n, 2) for v, n in zip(diffs["net_cash_undiscounted"], per)]
        net.text = texts


# -- how sure: fan chart and tornado -----------------------------------------------------------------

def fan_figure() -> Chart:
    """Cumulative net cash of Monte Carlo draws: P5-P95 and P25-P75 bands and the median."""
    fig = _widget("imt-chart-fan", title="How sure: cumulative net cash across the draws (undiscounted)",
                  xaxis_title="Plan month", yaxis_title="USD", hovermode="x unified")
    fig.add_scatter(x=[], y=[], mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=[], y=[], mode="lines", line=dict(width=0), fill="tonexty",
                    fillcolor="rgba(31, 95, 153, 0.15)", name="P5 to P95")
    fig.add_scatter(x=[], y=[], mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=[], y=[], mode="lines", line=dict(width=0), fill="tonexty",
                    fillcolor="rgba(31, 95, 153, 0.35)", name="P25 to P75")
    fig.add_scatter(x=[], y=[], mode="lines", line=dict(color=COLORS["A"], width=2.5), name="median")
    fig.add_hline(y=0, line_color="#888", line_width=1)
    return fig


def update_fan(fig: Chart, fan: pd.DataFrame) -> None:
    """``fan``: the percentiles of cumulative net per month (columns p5, p25, p50, p75, p95)."""
    months = fan.index.to_list()
    with fig.batch_update():
        for trace, column in zip(fig.data, ["p5", "p95", "p25", "p75", "p50"]):
            trace.x = months
            trace.y = fan[column].round(2).to_list()


def _short(value: float) -> str:
    """An input's value for a chart label: 1,500 or 0.75."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def _wrap(text: str, width: int = 44) -> str:
    """A long label on lines of at most ``width`` characters, joined by <br> (plotly's line break)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def tornado_figure() -> Chart:
    """B/C with each ranged input at its own low and high, the others at their likely values."""
    fig = _widget("imt-chart-tornado", title="What moves B/C most: each input at its own low and high",
                  xaxis_title="B/C (the line: this scenario's figure)", barmode="overlay", height=520,
                  margin=dict(l=320, r=30, t=64, b=44), yaxis=dict(tickfont=dict(size=11)))
    fig.add_bar(x=[], y=[], base=[], orientation="h", name="input at its low", marker_color=COLORS["cost"],
                text=[], textposition="outside")
    fig.add_bar(x=[], y=[], base=[], orientation="h", name="input at its high", marker_color=COLORS["benefit"],
                text=[], textposition="outside")
    return fig


def update_tornado(fig: Chart, bars: list, point: float | None, top: int = 8) -> None:
    """Bars from the point B/C to the B/C at each input's low and high; the largest swing on top."""
    shown = list(reversed(bars[:top]))  # plotly draws the first category at the bottom
    labels = [f"{_wrap(b.label)}<br>({_short(b.low_value)} to {_short(b.high_value)})" for b in shown]
    centre = point if point is not None else 1.0
    with fig.batch_update():
        for trace, side in zip(fig.data, ("at_low", "at_high")):
            ends = [getattr(b, side) if getattr(b, side) is not None else centre for b in shown]
            trace.y = labels
            trace.base = [min(centre, e) for e in ends]
            trace.x = [abs(e - centre) for e in ends]
            trace.text = [f"{e:.2f}" for e in ends]
            trace.textposition = "inside"
            trace.insidetextanchor = "end"
        fig.layout.shapes = [dict(type="line", xref="x", yref="paper", x0=centre, x1=centre, y0=0, y1=1,
                                  line=dict(color="#444", width=1))]
