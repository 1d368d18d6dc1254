"""The landing page of the dashboards: what each one is for, with a link to it."""

from __future__ import annotations

import ipywidgets as w

from .common import show as show_widget
from .common import style_widget

#: (notebook, title, who it is for and what it shows)
DASHBOARDS = [
    ("sponsor_planner.ipynb", "Sponsor's cohort planner",
     "For an employer sponsoring IMT apprentices: plan cohorts (size, start), set wages and raises, the "
     "related-instruction path and its cost, release time, mentor time, benefits, funding offsets and the "
     "horizon; see the return per dollar, net return, net benefit, payback month and cost per completer, "
     "the cumulative cash flow, every cost and benefit line, the cohort timeline with its class sessions, and "
     "two scenarios side by side. Save and load scenario files; export to Excel and a one-page summary."),
    ("intermediary_pitch.ipynb", "Intermediary's pitch",
     "For a workforce intermediary pooling apprentices from several firms into shared cohorts: results per "
     "firm and for the whole partnership, how class size changes the cost per seat, the plan beside "
     "published benchmarks of the same measure, and a one-page summary to hand to each firm."),
    ("track_cohort.ipynb", "Track a cohort",
     "For a sponsor or intermediary with a cohort in training: load your records (who started, who left, what "
     "you paid, as CSV files or one workbook) and the plan you made; see the return per dollar and net present "
     "value of the plan, of the months so far and of the re-forecast, who has left and the completers now "
     "expected, each line's variance from the plan, and cumulative net cash against the plan. A synthetic "
     "example shows the page without records of your own."),
]


def landing() -> w.Widget:
    """The index page: a link and a description per dashboard (relative links, as Voila serves them)."""
    items = "".join(f'<a class="imt-app-link" href="{nb}" data-dashboard="{nb}">{title}</a>'
                    f'<p class="imt-note" style="max-width: 900px">{text}</p>' for nb, title, text in DASHBOARDS)
    page = w.HTML(
        '<div class="imt-title imt-landing"><h2>imt-roi dashboards</h2>'
        "<p>Cost and return of sponsoring Industrial Manufacturing Technician (IMT) Registered Apprentices: "
        "the 18-month, 3,000-hour apprenticeship (2,736 hours on the job, 264 hours of related technical "
        "instruction). Every default carries its source; every figure comes from the imt_roi package.</p>"
        f"{items}</div>")
    box = w.VBox([style_widget(), page])
    box.add_class("imt-app")
    return box


def show() -> None:
    show_widget(landing(), "imt-roi dashboards")
