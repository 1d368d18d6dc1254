"""The sponsor's cohort planner: two scenarios side by side, figures that follow the inputs.

The app builds scenarios from what is typed (:class:`~imt_roi.ui.inputs.ScenarioForm`),
validates them with the model, calls :func:`imt_roi.evaluate` and shows the
result; exports come from :mod:`imt_roi.export`. A bad input leaves the last
good figures on screen and names the field; the typed text stays in its box.
"""

from __future__ import annotations

import html
import time

import ipywidgets as w

from ..errors import ScenarioError
from ..results import Result, aai_figures, evaluate, jff_method_ratio
from ..terms import terms_text
from ..scenario_io import dumps, preset, preset_names, scenario_from_dict
from . import charts
from ..fields import iter_params
from ..uncertainty import DASHBOARD_DRAWS, DEFAULT_SEED, active_ranges, simulate
from .common import (XLSX_MIME, app_frame, compare_table, download_link, headline_cards, preview_html, safe_filename,
                     show, sure_html)
from .inputs import FIRM_FIELDS, ScenarioForm
from .status import Status, guarded
from .upload import GuardedUpload, guard_script, uploaded_scenario

NAMES = ("A", "B")


class SponsorPlanner:
    """A sponsor's cohort planner. ``SponsorPlanner().display()`` in a notebook or Voila."""

    def __init__(self, scenario=None, preset_name: str = "imt-default"):
        start = scenario if scenario is not None else preset(preset_name)
        self.status = Status()
        self.results: dict[str, Result | None] = {n: None for n in NAMES}
        self.problems: dict[str, list[tuple[str, str]]] = {n: [] for n in NAMES}
        # Scenario B's form is built the first time its tab is opened (a page with one form loads
        # faster); until then B is the starting scenario, a copy of A.
        self.forms: dict[str, ScenarioForm | None] = {"A": self._make_form("A", start), "B": None}
        self.pending = {"B": start}

        self.headline = w.HTML()
        self.headline.add_class("imt-headline-area")
        self.compare = w.HTML()
        self.fig_cash = charts.cashflow_figure(NAMES)
        self.fig_lines = charts.lines_figure(NAMES)
        self.fig_timeline = charts.timeline_figure()
        self.sure = w.HTML()
        self.sure.add_class("imt-sure-area")
        # Inputs of scenario A ticked exact are held at their value, not drawn (uncertainty.exact).
        self.exact = w.SelectMultiple(options=[], rows=5, description="Hold exact",
                                      layout=w.Layout(width="95%"), style={"description_width": "90px"})
        self.exact.add_class("imt-exact")
        self._exact_ready = False
        self.exact.observe(lambda ch: self._on_exact(ch["new"]), "value")
        self.fig_fan = charts.fan_figure()
        self.fig_tornado = charts.tornado_figure()
        self.chart_gates = [charts.ChartGate([self.fig_cash], stage=1),
                            charts.ChartGate([self.fig_fan, self.fig_tornado, self.fig_lines, self.fig_timeline],
                                             stage=2)]
        self.downloads = w.HTML()
        self.downloads.add_class("imt-downloads")
        self.layout = self._build_layout()
        for n in NAMES:
            self._evaluate(n)
        self._refresh()

    # -- layout ---------------------------------------------------------------------------------
    def _build_layout(self) -> w.Widget:
        self.title_html = (
            '<div class="imt-title"><h2>IMT apprenticeship: sponsor\'s cohort planner</h2>'
            "<p>Plan one or more cohorts of Industrial Manufacturing Technician apprentices and see what they "
            "cost and return to your firm, net of outside funding. Every input shows its source; change a value "
            "and press Enter (or leave the box) to update. Scenario B starts as a copy of A for a side-by-side "
            "comparison.</p></div>")
        title = w.HTML(self.title_html)
        self.b_placeholder = w.VBox([w.HTML('<div class="imt-note">Opening scenario B...</div>')])
        self.tabs = w.Tab(children=[self.forms["A"].box, self.b_placeholder])
        self.tabs.observe(lambda ch: self._on_tab(ch["new"]), "selected_index")
        for i, n in enumerate(NAMES):
            self.tabs.set_title(i, f"Scenario {n}")
        self.tabs.add_class("imt-scenario-tabs")

        copy_button = w.Button(description="Copy A to B", icon="copy", layout=w.Layout(width="auto"))
        copy_button.add_class("imt-copy-a-b")
        copy_button.on_click(lambda _b: self.copy_a_to_b())
        self.preset_choice = w.Dropdown(options=preset_names(), value="imt-default",
                                        layout=w.Layout(width="170px"))
        preset_button = w.Button(description="Load preset", icon="folder-open", layout=w.Layout(width="auto"))
        preset_button.on_click(lambda _b: self.load_preset(self.preset_choice.value))
        # A file too large or of another type is refused in the page, or else here, and named in the status line.
        self.file_upload = GuardedUpload("Load file", "imt-upload", self.load_upload, self.status.refused)
        self.upload = self.file_upload.widget
        prepare = w.Button(description="Prepare downloads", icon="download", button_style="primary",
                           layout=w.Layout(width="auto"))
        prepare.add_class("imt-prepare-downloads")
        prepare.on_click(lambda _b: self.prepare_downloads())
        controls = w.VBox([
            w.HTML('<div class="imt-note">Loads and downloads apply to the scenario tab shown below.</div>'),
            w.HBox([self.preset_choice, preset_button, self.file_upload.box]),
            w.HBox([copy_button, prepare]),
            self.downloads,
        ])
        left = w.VBox([controls, self.tabs],
                      layout=w.Layout(max_height="1500px", overflow="auto", padding="0 8px 0 0"))
        left.add_class("imt-left")
        right = [
            self.headline, *[g.button for g in self.chart_gates],
            self.fig_cash.widget,
            w.HTML('<h4 class="imt-section">How sure is this? (Scenario A)</h4>'),
            self.sure,
            w.HTML('<div class="imt-note">Inputs you know for certain: tick them (Ctrl or Shift for several) to hold '
                   'them at their value; every other ranged input keeps its range around your value.</div>'),
            self.exact, self.fig_fan.widget, self.fig_tornado.widget,
            w.HTML('<h4 class="imt-section">Scenario A and Scenario B side by side</h4>'),
            self.compare,
            self.fig_lines.widget, self.fig_timeline.widget,
        ]
        return app_frame(title, self.status.widget, left, right, left_width="500px", css_class="imt-planner")

    def display(self) -> None:
        """Show the app, after a static copy of its title and headline that appears before the widgets."""
        show(self.layout, "IMT sponsor's cohort planner",
             preview_html(self.title_html, self.headline.value, left_width="500px", css_class="imt-planner")
             + guard_script())

    # -- computing ------------------------------------------------------------------------------
    @property
    def current(self) -> str:
        return NAMES[self.tabs.selected_index or 0]

    def _make_form(self, name: str, scenario) -> ScenarioForm:
        return ScenarioForm(scenario, (lambda: self.recompute(name)), form_id=name, first=FIRM_FIELDS)

    @guarded(what="the planner")
    def _on_tab(self, index) -> None:
        if index == 1:
            self._ensure_form("B")

    def _ensure_form(self, name: str) -> ScenarioForm:
        if self.forms[name] is None:
            self.forms[name] = self._make_form(name, self.pending.pop(name))
            self.b_placeholder.children = [self.forms[name].box]
        return self.forms[name]

    def _evaluate(self, name: str) -> bool:
        """Read form ``name``, validate and evaluate it; on a problem keep the last result."""
        form = self.forms[name]
        if form is None:
            self.results[name] = evaluate(self.pending[name])
            return True
        data, problems = form.collect()
        if name == "A" and self._exact_ready and isinstance(data.get("uncertainty"), dict):
            data["uncertainty"]["exact"] = list(self.exact.value)  # the ticks, as the user left them
        try:
            scenario = scenario_from_dict(data)
        except ScenarioError as exc:
            problems = problems + [p for p in exc.problems if p[0] not in {q[0] for q in problems}]
        if problems:
            self.problems[name] = problems
            form.show_problems(problems)
            return False
        result = evaluate(scenario)
        self.results[name] = result
        self.problems[name] = []
        form.show_problems([])
        form.update_sources(scenario)
        return True

    @guarded(what="the planner")
    def recompute(self, name: str) -> None:
        started = time.perf_counter()
        ok = self._evaluate(name)
        if ok:
            self._refresh()
            self.downloads.value = ""
        self._show_status(f"Scenario {name} updated in {1000 * (time.perf_counter() - started):.0f} ms.")

    def _show_status(self, ok_text: str) -> None:
        bad = [(f"Scenario {n}: {path}", msg) for n in NAMES for path, msg in self.problems[n]]
        if bad:
            self.status.error(bad, intro="Not updated")
        else:
            self.status.ok(ok_text)

    def _refresh(self) -> None:
        a = self.results["A"]
        self.headline.value = headline_cards(
            a, "A", jff_ratio=jff_method_ratio(a.scenario), aai=aai_figures(a),
            note=f"Scenario A: {a.scenario.name}. {a.scenario.apprentices} apprentices in "
                 f"{len(a.scenario.cohorts)} cohort(s), {a.last_month} plan months. Valued: "
                 f"{terms_text(a.scenario)}. B/C, net return and NPV use present values; payback and peak "
                 f"outlay are undiscounted.")
        # The "how sure" panel next, before any chart: the browser draws updates in the order they are sent,
        # and each plotly redraw ahead of the panel would hold it back.
        self._refresh_spread()
        charts.update_cashflow(self.fig_cash, self.results)
        self.compare.value = compare_table(self.results)
        charts.update_lines(self.fig_lines, self.results)
        charts.update_timeline(self.fig_timeline, a)

    def _refresh_spread(self) -> None:
        """The "how sure" panel of scenario A: Monte Carlo over its ranges, the fan and the tornado."""
        a = self.results["A"]
        self._show_exact_choices(a.scenario)
        spread = simulate(a.scenario, DASHBOARD_DRAWS, DEFAULT_SEED)
        self.sure.value = sure_html(spread, a)
        charts.update_fan(self.fig_fan, spread.fan)
        charts.update_tornado(self.fig_tornado, spread.tornado, a.metrics.benefit_cost_ratio)

    def _show_exact_choices(self, scenario) -> None:
        """The ranged inputs of scenario A as choices, those it holds exact ticked (without firing a recompute)."""
        labels = {p.path: p.label for p in iter_params(scenario)}
        active, held = active_ranges(scenario)
        paths = sorted({a.path for a in active} | {h.path for h in held})
        options = [(f"{labels.get(p, p)} ({p})", p) for p in paths]
        ticked = tuple(p for p in scenario.uncertainty.exact if p in paths)
        if list(self.exact.options) == options and self.exact.value == ticked:
            self._exact_ready = True
            return  # unchanged: sending the list again would make the browser rebuild it
        self._exact_ready = False
        self.exact.options = options
        self.exact.value = ticked
        self._exact_ready = True

    @guarded(what="the planner")
    def _on_exact(self, _paths) -> None:
        if self._exact_ready and self._evaluate("A"):
            self._refresh()
            self.downloads.value = ""
            held = ", ".join(self.exact.value) or "nothing"
            self._show_status(f"Scenario A: held exact: {held}.")

    # -- actions --------------------------------------------------------------------------------
    def _load_into(self, name: str, scenario) -> None:
        if name == "A":
            self._exact_ready = False  # the loaded scenario's own exact inputs, not the old ticks
        self._ensure_form(name).load(scenario)
        if self._evaluate(name):
            self._refresh()
        self.downloads.value = ""

    @guarded(what="the planner")
    def copy_a_to_b(self) -> None:
        if self.results["A"] is None or self.problems["A"]:
            raise ScenarioError("Scenario A", "fix the marked inputs of A before copying it to B")
        self._load_into("B", self.results["A"].scenario)
        self.tabs.selected_index = 1
        self._show_status("Scenario A copied to B.")

    @guarded(what="the planner")
    def load_preset(self, name: str) -> None:
        target = self.current
        self._load_into(target, preset(name))
        self._show_status(f"Preset {name} loaded into scenario {target}.")

    @guarded(what="the planner")
    def load_upload(self, files) -> None:
        loaded = uploaded_scenario(files, self.status.refused)
        if loaded is None:
            return
        filename, scenario, notes = loaded
        target = self.current
        self._load_into(target, scenario)
        self._show_status(f"{filename} loaded into scenario {target}.{notes}")

    @guarded(what="the downloads")
    def prepare_downloads(self) -> None:
        from ..export import summary_html, workbook_bytes

        name = self.current
        result = self.results[name]
        if self.problems[name]:
            raise ScenarioError(f"Scenario {name}", "fix the marked inputs first: downloads hold valid inputs only")
        stem = safe_filename(result.scenario.name)
        title = f"{result.scenario.name} (scenario {name})"
        links = [
            download_link(dumps(result.scenario).encode("utf-8"), f"{stem}.yaml", "application/x-yaml",
                          "Scenario file (YAML)", "yaml"),
            download_link(workbook_bytes(result, title=title), f"{stem}.xlsx", XLSX_MIME,
                          "Excel workbook", "xlsx"),
            download_link(summary_html(result, title=title).encode("utf-8"), f"{stem}-summary.html",
                          "text/html", "One-page summary (HTML)", "html"),
        ]
        self.downloads.value = (f'<div class="imt-downloads" data-scenario="{name}">'
                                f'<span class="imt-note">Scenario {name}, as shown: </span>{"".join(links)}</div>')
        self._show_status(f"Downloads ready for scenario {html.escape(name)}.")
