"""The intermediary's pitch: several employers sharing pooled cohorts.

Firms and cohorts are entered as a grid of apprentice counts; the shared
assumptions come from the same metadata-generated form as the planner. The
app validates and evaluates the plan with the model, then shows the results
per firm and for the whole partnership (:func:`imt_roi.pooling.firm_table`),
how class size changes the cost per seat (:func:`imt_roi.pooling.cost_per_seat`),
the plan beside the published benchmarks of the same measure
(:func:`imt_roi.studies.beside_benchmarks`), and one-page summaries per firm
(:func:`imt_roi.export.summary_html`).
"""

from __future__ import annotations

import asyncio
import copy
import html
import time

import ipywidgets as w

from ..errors import ScenarioError
from ..report import format_value
from ..partnership import alone_vs_partnership, differences, seats_to_beat_open_enrolment
from ..pooling import FIRM_COLUMNS, cost_per_seat, firm_table
from ..results import Result, aai_figures, evaluate, jff_method_ratio
from ..uncertainty import DEFAULT_SEED, active_ranges, firm_ranges, held_text
from ..terms import terms_text
from ..scenario_io import preset, scenario_from_dict
from ..benchmarks import MEASURES, Benchmark, beside_benchmarks, benchmarks, parse_benchmarks
from ..reading import decode_text
from ..report import benchmark_text, missing
from . import charts
from .common import (LABELS, XLSX_MIME, app_frame, download_link, fmt, headline_cards, preview_html, safe_filename,
                     show)
from .inputs import ScenarioForm
from .firm_overrides import FirmOverrides
from .joining import joining_html
from .status import Status, guarded
from .upload import GuardedUpload, guard_script, uploaded_file

#: Shared assumptions the pitch shows (the rest keep the preset's values).
PITCH_SECTIONS = [
    ("instruction", "Pooled classes and related instruction"),
    ("administration", "Administration and intermediary fees"),
    ("wages", "Wages and raises"),
    ("program", "Program term"),
    ("horizon", "Horizon and discounting"),
    ("retention", "Completion and retention"),
]
#: Seconds between the headline and the rest of the page after an input change (a newer change wins).
DETAILS_DELAY = 0.03
#: Draws behind each firm's B/C range (fewer than the planner's: one batch per firm on every change).
PITCH_DRAWS = 1000
#: Class sizes on the cost-per-seat chart (the plan's own cohort sizes are added).
SEAT_SIZES = list(range(2, 41, 2))
_MEASURE_STYLE = {"benefit_cost_ratio": "benefit_cost_ratio", "net_roi": "net_roi", "rate_of_return": "irr_annual"}


class CohortMatrix:
    """Firms (rows) by cohorts (columns): apprentice counts, cohort names and start months."""

    def __init__(self, cohorts: list[dict], on_change):
        self.on_change = on_change
        self._muted = False
        self.box = w.VBox()
        self.box.add_class("imt-matrix")
        self.message = w.HTML()
        self.set_cohorts(cohorts)

    def set_cohorts(self, cohorts: list[dict]) -> None:
        self.cohorts = [copy.deepcopy(c) for c in cohorts]
        firms: list[str] = []
        for c in self.cohorts:
            for m in c["members"]:
                if m["employer"] not in firms:
                    firms.append(m["employer"])
        self.firms = firms
        self.counts = [[next((m["apprentices"] for m in c["members"] if m["employer"] == f), 0)
                        for c in self.cohorts] for f in firms]
        self._build()

    def _text(self, value, css: str, width: str = "90px") -> w.Text:
        box = w.Text(value=str(value), continuous_update=False, layout=w.Layout(width=width))
        box.add_class(css)
        box.add_class("imt-input")
        box.observe(lambda _ch: self._changed(), "value")
        return box

    def _changed(self) -> None:
        if not self._muted:
            self.on_change()

    def _build(self) -> None:
        n = len(self.cohorts)
        self.name_boxes = [self._text(c["name"], f"imt-input-cohorts-{i}-name", "110px")
                           for i, c in enumerate(self.cohorts)]
        self.start_boxes = [self._text(c["start_month"], f"imt-input-cohorts-{i}-start_month", "110px")
                            for i, c in enumerate(self.cohorts)]
        self.firm_boxes = [self._text(f, f"imt-input-firm-{j}", "150px") for j, f in enumerate(self.firms)]
        self.count_boxes = [[self._text(self.counts[j][i], f"imt-input-cohorts-{i}-members-{j}-apprentices",
                                        "110px") for i in range(n)] for j in range(len(self.firms))]
        cells = [w.HTML("<b>Cohort</b>")] + self.name_boxes
        cells += [w.HTML("<b>Starts in plan month</b>")] + self.start_boxes
        cells += [w.HTML("<b>Firm</b> / apprentices")] + [w.HTML("") for _ in range(n)]
        for j in range(len(self.firms)):
            cells += [self.firm_boxes[j]] + self.count_boxes[j]
        grid = w.GridBox(cells, layout=w.Layout(grid_template_columns=f"160px repeat({n}, 120px)",
                                                grid_gap="4px 6px"))
        add_firm = w.Button(description="Add firm", icon="plus", layout=w.Layout(width="auto"))
        add_firm.on_click(lambda _b: self._add_firm())
        add_cohort = w.Button(description="Add cohort", icon="plus", layout=w.Layout(width="auto"))
        add_cohort.on_click(lambda _b: self._add_cohort())
        self.box.children = [grid, w.HBox([add_firm, add_cohort]), self.message]

    def _typed(self) -> dict:
        return {"names": [b.value for b in self.name_boxes], "starts": [b.value for b in self.start_boxes],
                "firms": [b.value for b in self.firm_boxes],
                "counts": [[b.value for b in row] for row in self.count_boxes]}

    def _restore(self, typed: dict) -> None:
        self._muted = True
        try:
            for boxes, key in ((self.name_boxes, "names"), (self.start_boxes, "starts"), (self.firm_boxes, "firms")):
                for b, v in zip(boxes, typed[key]):
                    b.value = v
            for row, values in zip(self.count_boxes, typed["counts"]):
                for b, v in zip(row, values):
                    b.value = v
        finally:
            self._muted = False

    def _add_firm(self) -> None:
        typed = self._typed()
        self.firms.append(f"Firm {len(self.firms) + 1}")
        self.counts.append([0] * len(self.cohorts))
        self._build()
        self._restore(typed)
        self.on_change()

    def _add_cohort(self) -> None:
        typed = self._typed()
        last = self.cohorts[-1]
        self.cohorts.append({"name": f"Cohort {len(self.cohorts) + 1}",
                             "start_month": min(int(last.get("start_month", 1)) + 6, 120), "members": []})
        for row in self.counts:
            row.append(0)
        self._build()
        typed["counts"] = [values + [b.value] for values, b in zip(typed["counts"],
                                                                    [r[-1] for r in self.count_boxes])]
        typed["names"].append(self.name_boxes[-1].value)
        typed["starts"].append(self.start_boxes[-1].value)
        self._restore(typed)
        self.on_change()

    def collect(self, data: dict, problems: list) -> None:
        """Put the grid's cohorts into ``data``; text that is not a whole number is a problem."""
        cohorts = []
        for i, c in enumerate(self.cohorts):
            start = _whole(self.start_boxes[i].value, f"cohorts.{i}.start_month", "Plan month the cohort starts",
                           problems)
            members = []
            for j, firm_box in enumerate(self.firm_boxes):
                n = _whole(self.count_boxes[j][i].value, f"cohorts.{i}.members.{j}.apprentices", "Apprentices",
                           problems)
                members.append({"employer": firm_box.value.strip(), "apprentices": 0 if n is None else n})
            cohorts.append({**{k: v for k, v in c.items() if k not in {"members"}},
                            "name": self.name_boxes[i].value.strip(),
                            "start_month": c.get("start_month", 1) if start is None else start,
                            "members": members})
        data["cohorts"] = cohorts

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        paths = {p for p, _ in problems}
        boxes = {f"cohorts.{i}.name": b for i, b in enumerate(self.name_boxes)}
        boxes.update({f"cohorts.{i}.start_month": b for i, b in enumerate(self.start_boxes)})
        for j, row in enumerate(self.count_boxes):
            for i, b in enumerate(row):
                boxes[f"cohorts.{i}.members.{j}.apprentices"] = b
                if any(p == f"cohorts.{i}.members.{j}.employer" for p in paths):
                    paths.add(f"firm.{j}")
        for path, b in boxes.items():
            (b.add_class if path in paths else b.remove_class)("imt-invalid")
        mine = [(p, m) for p, m in problems if p.startswith("cohorts.")]
        self.message.value = ("".join(f'<div class="imt-field-error" data-path="{html.escape(p)}">'
                                      f'{html.escape(p)}: {html.escape(m)}</div>' for p, m in mine))


def _whole(text: str, path: str, label: str, problems: list) -> int | None:
    t = str(text).strip().replace(",", "")
    try:
        value = float(t)
    except ValueError:
        problems.append((path, f"{text!r} is not a number [{label}]"))
        return None
    if not value.is_integer():
        problems.append((path, f"{text!r} is not a whole number [{label}]"))
        return None
    return int(value)


class IntermediaryPitch:
    """An intermediary's pitch to several firms. ``IntermediaryPitch().display()`` in Voila."""

    def __init__(self, scenario=None, preset_name: str = "imt-partnership"):
        start = scenario if scenario is not None else preset(preset_name)
        self.status = Status()
        self.result: Result | None = None
        self.problems: list[tuple[str, str]] = []
        self._pending = None  # the scheduled refresh of the page below the headline
        self.user_benchmarks: list[Benchmark] = []  # figures the user loaded, shown beside the shipped ones
        self.form = ScenarioForm(start, self.recompute, form_id="P", sections=PITCH_SECTIONS, lists=())
        self.matrix = CohortMatrix(self.form.base["cohorts"], self.recompute)
        self.overrides = FirmOverrides(self.form.base.get("employers", []), start.assumptions(), self.matrix.firms,
                                       self.recompute)
        self.headline = w.HTML()
        self.firms = w.HTML()
        self.seats_note = w.HTML()
        self.bench = w.HTML()
        self.downloads = w.HTML()
        self.downloads.add_class("imt-downloads")
        self.fig_firms = charts.firm_figure()
        self.fig_seats = charts.seat_cost_figure()
        self.joining = w.HTML()
        self.joining.add_class("imt-joining-area")
        self.fig_joining = charts.joining_figure()
        self.fig_cash = charts.cashflow_figure(("A",))
        self.chart_gates = [charts.ChartGate([self.fig_firms], stage=1),
                            charts.ChartGate([self.fig_joining, self.fig_seats, self.fig_cash], stage=2)]
        self.layout = self._build_layout()
        if self._evaluate():
            self._refresh()

    def _build_layout(self) -> w.Widget:
        self.title_html = (
            '<div class="imt-title"><h2>IMT apprenticeship: an intermediary\'s pitch to a partnership of firms'
            "</h2><p>Several employers share pooled cohorts and their classes. Enter each firm's apprentices per "
            "cohort and the shared assumptions (each with its source); see every firm's figures, the whole "
            "partnership's, how class size changes the cost per seat, and the plan beside published studies "
            "of the same measure.</p></div>")
        title = w.HTML(self.title_html)
        prepare = w.Button(description="Prepare downloads", icon="download", button_style="primary",
                           layout=w.Layout(width="auto"))
        prepare.add_class("imt-prepare-downloads")
        prepare.on_click(lambda _b: self.prepare_downloads())
        # A file too large or of another type is refused in the page, or else here, and named in the status line.
        self.bench_file = GuardedUpload("Add your benchmarks", "imt-bench-upload", self.load_benchmarks_upload,
                                        self.status.refused)
        self.bench_upload = self.bench_file.widget
        left = w.VBox([w.HTML('<h4 class="imt-section">Firms and pooled cohorts</h4>'), self.matrix.box,
                       w.HTML('<h4 class="imt-section">Differences for one firm</h4><div class="imt-note">An input '
                              "that differs for one firm (its wage, completion rate, mentor hours, a grant's "
                              "amount...). Inputs of the whole plan (class costs, discount rate, dollars) are set "
                              "below for everyone.</div>"), self.overrides.box,
                       self.form.box],
                      layout=w.Layout(max_height="1500px", overflow="auto", padding="0 8px 0 0"))
        left.add_class("imt-left")
        right = [
            self.headline, *[g.button for g in self.chart_gates],
            w.HTML('<h4 class="imt-section">Each firm and the whole partnership</h4>'), self.firms,
            self.fig_firms.widget,
            w.HTML('<h4 class="imt-section">Each firm alone and in the partnership</h4>'),
            self.fig_joining.widget, self.joining,
            w.HTML('<h4 class="imt-section">Pooled classes: class size and cost per seat</h4>'),
            self.fig_seats.widget, self.seats_note,
            w.HTML('<h4 class="imt-section">The plan beside published studies (same measure only)</h4>'),
            self.bench,
            w.HTML('<div class="imt-note">Your own published figures: a YAML or JSON file in the shipped schema '
                   "(study, measure, value, comparison, horizon, source), shown beside the shipped ones.</div>"),
            self.bench_file.box,
            w.HTML('<h4 class="imt-section">Hand-outs</h4>'),
            w.HTML('<div class="imt-note">The pitch pack: for each firm a one-page summary (its figures, its '
                   "range, itself alone and in the partnership) and a workbook; the partnership's summary and "
                   "workbook (inputs with sources, cash flows, metrics); the scenario file; all of it as one .zip."
                   "</div>"),
            prepare, self.downloads,
            self.fig_cash.widget,
        ]
        return app_frame(title, self.status.widget, left, right, left_width="520px", css_class="imt-pitch")

    def display(self) -> None:
        """Show the app, after a static copy of its title and headline that appears before the widgets."""
        show(self.layout, "IMT intermediary's pitch",
             preview_html(self.title_html, self.headline.value, left_width="520px", css_class="imt-pitch")
             + guard_script())

    # -- computing ------------------------------------------------------------------------------
    def _evaluate(self) -> bool:
        data, problems = self.form.collect()
        self.matrix.collect(data, problems)
        self.overrides.set_firms([m["employer"] for m in data["cohorts"][0]["members"]] if data["cohorts"] else [])
        self.overrides.collect(data, problems)
        try:
            scenario = scenario_from_dict(data)
        except ScenarioError as exc:
            seen = {p for p, _ in problems}
            problems = problems + [p for p in exc.problems if p[0] not in seen]
        self.problems = problems
        self.form.show_problems(problems)
        self.matrix.show_problems(problems)
        self.overrides.show_problems(problems)
        if problems:
            return False
        self.result = evaluate(scenario)
        self.form.update_sources(scenario)
        return True

    @guarded(what="the pitch")
    def recompute(self) -> None:
        started = time.perf_counter()
        if self._evaluate():
            self._refresh()
            self.downloads.value = ""
            self.status.ok(f"Updated in {1000 * (time.perf_counter() - started):.0f} ms.")
        else:
            self.status.error(self.problems, intro="Not updated")

    def _refresh(self) -> None:
        """The headline now; the firm table, ranges, seat costs and benchmarks just after (see _soon)."""
        r = self.result
        s = r.scenario
        self.headline.value = headline_cards(
            r, "partnership", jff_ratio=jff_method_ratio(s), aai=aai_figures(r),
            note=f"The whole partnership: {len(self._employers())} firms, {s.apprentices} apprentices in "
                 f"{len(s.cohorts)} pooled cohort(s), {r.last_month} plan months. Valued: {terms_text(s)}.")
        self._soon(self._refresh_details)

    def _soon(self, steps) -> None:
        """Run the generator ``steps`` a moment later in the kernel's event loop, one step per turn of the
        loop, so an input change waiting is handled between two steps and the rest of a superseded
        refresh is dropped; all at once where no loop runs (tests)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        running = steps()
        if loop is None:
            while self._run_step(running):
                pass
            return

        def step():
            self._pending = None
            if self._run_step(running):
                self._pending = loop.call_soon(step)

        self._pending = loop.call_later(DETAILS_DELAY, step)

    @guarded(what="the pitch")
    def _run_step(self, running) -> bool:
        """One step of a refresh; False once it is done (or failed, which the status line shows)."""
        return next(running, StopIteration) is not StopIteration

    def _refresh_details(self):
        """The page below the headline, in steps of under about 100 ms (see _soon)."""
        r = self.result
        s = r.scenario
        table = firm_table(r)
        spread = firm_ranges(s, PITCH_DRAWS, DEFAULT_SEED, total=table.index[-1]).reindex(table.index)
        held = held_text(active_ranges(s)[1])
        self.firms.value = (_firm_table_html(table, spread)
                            + f'<div class="imt-note imt-held">B/C ranges over {PITCH_DRAWS:,} draws of the ranged '
                              f'inputs ({html.escape(held)}).</div>')
        charts.update_firms(self.fig_firms, [str(i) for i in table.index],
                            [None if missing(v) else float(v) for v in table["benefit_cost_ratio"]],
                            [fmt("benefit_cost_ratio", None if missing(v) else float(v))
                             for v in table["benefit_cost_ratio"]],
                            p5=[None if missing(v) else float(v) for v in spread["p5"]],
                            p95=[None if missing(v) else float(v) for v in spread["p95"]])
        yield
        versus = alone_vs_partnership(s)
        diffs = differences(versus)
        class_sizes = seats_to_beat_open_enrolment(s)
        counts = {f: int(n) for f, n in versus.drop_duplicates("employer").set_index("employer")["apprentices"].items()}
        charts.update_joining(self.fig_joining, diffs, counts,
                              [("saves " if v > 0 else "costs ") + usd(abs(v) / max(counts[f], 1))
                               for f, v in diffs["net_cash_undiscounted"].items()])
        self.joining.value = joining_html(versus, diffs, class_sizes)
        yield
        sizes = sorted({*SEAT_SIZES, *(c.size for c in s.cohorts if c.size > 0)})
        seats = cost_per_seat(s, sizes)
        whole = class_sizes[class_sizes["employer"] == "Partnership"]
        charts.update_seat_cost(self.fig_seats, seats, [c.size for c in s.cohorts],
                                open_enrolment=float(whole["alone_per_apprentice"].iloc[0]) if len(whole) else None)
        rows = seats[seats["class_size"].isin([c.size for c in s.cohorts])]
        self.seats_note.value = _seats_note(s, rows)
        yield
        self.bench.value = _bench_html(beside_benchmarks(r, benchmarks=benchmarks() + self.user_benchmarks),
                                       s.horizon.months_after_completion)
        charts.update_cashflow(self.fig_cash, {"A": r})

    @guarded(what="the benchmarks")
    def load_benchmarks_upload(self, files) -> None:
        """Add the figures of an uploaded benchmarks file; a bad file is named in the status line."""
        try:
            chosen = uploaded_file(files)  # refuses a file of another type or over the size limit
            if chosen is None:
                return
            name, content = chosen
            figures = parse_benchmarks(decode_text(content, name), name)
        except ScenarioError as exc:
            self.status.refused(exc)
            return
        self.user_benchmarks = figures
        if self.result is not None:
            self.bench.value = _bench_html(beside_benchmarks(self.result, benchmarks=benchmarks() + figures),
                                           self.result.scenario.horizon.months_after_completion)
        self.status.ok(f"{name}: {len(figures)} published figure(s) added beside the plan.")

    def _employers(self) -> list[str]:
        return list(dict.fromkeys(m.employer for c in self.result.scenario.cohorts for m in c.members))

    @guarded(what="the downloads")
    def prepare_downloads(self) -> None:
        from ..pack import pack_files, pack_names, zip_bytes

        if self.problems or self.result is None:
            raise ScenarioError("(plan)", "fix the marked inputs first: downloads hold valid inputs only")
        r = self.result
        stem = safe_filename(r.scenario.name)
        files = pack_files(r)  # the pitch pack of imt-roi export --pack
        links = [download_link(files["scenario.yaml"], f"{stem}.yaml", "application/x-yaml", "Scenario file (YAML)",
                               "yaml"),
                 download_link(zip_bytes(files), f"{stem}-pitch-pack.zip", "application/zip",
                               "Pitch pack (every file below, .zip)", "zip"),
                 download_link(files["partnership.html"], f"{stem}-partnership.html", "text/html",
                               "Summary for the partnership", "html"),
                 download_link(files["partnership.xlsx"], f"{stem}.xlsx", XLSX_MIME, "Excel workbook (partnership)",
                               "xlsx")]
        for firm, firm_stem in pack_names(r).items():
            links += [download_link(files[f"{firm_stem}.html"], f"{stem}-{firm_stem}.html", "text/html",
                                    f"Summary for {firm}", f"summary-{safe_filename(firm)}"),
                      download_link(files[f"{firm_stem}.xlsx"], f"{stem}-{firm_stem}.xlsx", XLSX_MIME,
                                    f"Workbook for {firm}", f"xlsx-{safe_filename(firm)}")]
        self.downloads.value = f'<div class="imt-downloads">{"".join(links)}</div>'
        self.status.ok("Downloads ready: the pitch pack.")


#: Short column headings of the firm table (the full label is the cell's tooltip).
FIRM_HEADINGS = {"apprentices": "Apprentices", "expected_completers": "Expected completers",
                 "total_costs": "Costs C (PV, net of funding)", "total_benefits": "Benefits B (PV)",
                 "net_benefit": "Net benefit B - C", "benefit_cost_ratio": "Return per dollar B/C",
                 "net_roi": "Net return", "payback_month": "Payback", "cost_per_completer": "Cost per completer"}


def _firm_table_html(table, spread=None) -> str:
    """The firm table; with ``spread`` (P5 and P95 of each firm's B/C) a range column beside the B/C."""
    cols = FIRM_COLUMNS
    head = ""
    for c in cols:
        head += f'<th title="{html.escape(LABELS.get(c, c))}">{html.escape(FIRM_HEADINGS.get(c, c))}</th>'
        if c == "benefit_cost_ratio" and spread is not None:
            head += ('<th title="5th to 95th percentile of B/C over draws of the inputs nobody published">'
                     "B/C range, P5 to P95</th>")
    rows = []
    for firm, row in table.iterrows():
        total = ' class="imt-total"' if firm == table.index[-1] else ""
        name = html.escape(str(firm))
        cells = ""
        for c in cols:
            cells += (f'<td data-firm="{name}" data-metric="{c}">'
                      f'{html.escape(fmt(c, None if missing(row[c]) else _py(row[c])))}</td>')
            if c == "benefit_cost_ratio" and spread is not None:
                lo, hi = spread.loc[firm, "p5"], spread.loc[firm, "p95"]
                text = f"{fmt(c, None if missing(lo) else lo)} to {fmt(c, None if missing(hi) else hi)}"
                cells += f'<td class="imt-nowrap" data-firm="{name}" data-metric="bcr_p5_p95">{html.escape(text)}</td>'
        rows.append(f"<tr{total}><td>{name}</td>{cells}</tr>")
    return (f'<div class="imt-scroll-x"><table class="imt-table imt-firms"><thead><tr><th>Firm</th>{head}</tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table></div>')


def _py(value):
    return value.item() if hasattr(value, "item") else value


def usd(value) -> str:
    return format_value(value, "usd")


def _seats_note(scenario, rows) -> str:
    parts = [f"{c.name}: {c.size} seats" for c in scenario.cohorts]
    costs = "; ".join(f"{int(r.class_size)} seats: {usd(r.rti_cost_per_seat)} per seat "
                      f"for related instruction, {usd(r.cost_per_apprentice)} all costs per "
                      f"apprentice" for r in rows.itertuples())
    return (f'<div class="imt-note">This plan: {html.escape(", ".join(parts))}. {html.escape(costs)}. '
            f"Each class section has a fixed cost of "
            f"{html.escape(usd(scenario.instruction.class_fixed_cost))} split over its seats, "
            f"up to {scenario.instruction.max_class_size} seats a section (expected values: an apprentice who "
            f"leaves does not pay later sessions).</div>")


def _bench_html(table, plan_after: int) -> str:
    rows = []
    for measure, group in table.groupby("measure", sort=False):
        metric = _MEASURE_STYLE[measure]
        for b in group.itertuples():
            bench = benchmark_text(b.benchmark, measure, b.comparison)
            plan = fmt(metric, None if missing(b.plan) else b.plan)
            if b.comparable:
                diff = (f"{100 * b.difference:+.1f} pts" if metric in ("net_roi", "irr_annual")
                        else f"{b.difference:+.2f}")
            else:
                diff = "not comparable"
            why = f'<div class="imt-card-sub">{html.escape(b.reason)}</div>' if b.reason else ""
            rows.append(f'<tr><td>{html.escape(MEASURES[measure])}</td><td>{html.escape(b.study)}</td>'
                        f'<td data-measure="{measure}" data-study="{html.escape(b.study)}" class="imt-bench">'
                        f'{html.escape(bench)}</td>'
                        f'<td data-measure="{measure}" data-convention="{html.escape(b.convention)}" '
                        f'class="imt-plan">{html.escape(plan)}</td>'
                        f"<td>{html.escape(b.convention)}</td>"
                        f'<td class="imt-bench-diff" data-comparable="{str(bool(b.comparable)).lower()}">'
                        f"{html.escape(diff)}{why}</td>"
                        f'<td>{html.escape(b.horizon)}</td><td class="imt-source-cell">{html.escape(b.source)}'
                        f"</td></tr>")
    return (f'<div class="imt-note">Each published figure sits beside the plan counted as that study counts '
            f"(its convention: what counts, over what time, discounted or not); a difference is given only where "
            f"the two are built the same way. As entered, the plan counts {plan_after} months after "
            f"completion.</div>"
            f'<div class="imt-scroll-x"><table class="imt-table imt-bench-table"><thead><tr><th>Measure</th>'
            f"<th>Study</th><th>Published</th><th>This plan</th><th>Counted as</th><th>Difference</th>"
            f"<th>Study horizon</th><th>Source</th></tr></thead>"
            f'<tbody>{"".join(rows)}</tbody></table></div>')
