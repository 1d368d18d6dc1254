"""A plan in the layout of the Swiss and German firm cost-benefit surveys: per apprentice and training year.

The surveys (Muehlemann and Wolter 2014, Table 3 and the tables behind it)
report, for each training year, the gross costs of training by category, the
apprentice's productive contribution valued at what the firm would otherwise
pay for the work, and the net cost (gross costs less productive contribution),
per apprentice, undiscounted. :func:`by_training_year` gives a plan's term in
that layout; :func:`training_profile` gives the inputs the surveys publish by
training year (time in the firm, share of productive work, relative
productivity in skilled tasks) so a plan can be set beside a Swiss trade.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schedule as sch
from .lines import FUNDING
from .parameters import Assumptions, Scenario

#: Survey category of each cost line of the term. Every cost line the model makes in the term is named here
#: (funding lines are "funding received"); a line that is not is an error, never filed under "other" unseen.
COST_CATEGORY = {
    "wages": "apprentice wages", "raises": "apprentice wages", "wages for training time on the job":
        "apprentice wages", "release time": "apprentice wages",
    "mentor time": "training staff (mentor)",
    "related instruction": "instruction", "class fixed cost": "instruction",
    "administration": "administration", "intermediary fee": "administration",
    # the surveys count neither: the output a worker paid anyway loses in class (incremental method), and
    # recruiting a replacement for an apprentice who leaves
    "output lost to class": "other", "dropouts replaced": "other",
}
#: The sponsor's own cost lines ("custom: ..."), filed under "other".
CUSTOM_PREFIX = "custom: "


def cost_category(line: str) -> str:
    """The survey category of a cost line of the term; ValueError for a line the table does not know."""
    if line in COST_CATEGORY:
        return COST_CATEGORY[line]
    if line.startswith(CUSTOM_PREFIX):
        return "other"
    raise ValueError(f"cost line {line!r} has no survey category: add it to imt_roi.survey.COST_CATEGORY")
#: Benefit lines that are the apprentice's productive contribution (by valuation method).
PRODUCTIVE_LINES = ("productive contribution", "productive output", "productivity gain")

GROSS_ROWS = ("apprentice wages", "training staff (mentor)", "instruction", "administration", "other")
#: Rows of :func:`by_training_year`, in the surveys' order, then what the surveys leave out.
ROWS = (*GROSS_ROWS, "gross costs", "productive contribution", "net cost",
        "funding received", "net cost after funding", "other benefits in the term")


def year_labels(term_months: int) -> list[str]:
    """Column labels of the training years: "year 1", ..., the last one partial where the term is
    ("year 2 (months 13-18)")."""
    labels = []
    for year in range(1, (term_months - 1) // 12 + 2):
        first, last = 12 * (year - 1) + 1, min(12 * year, term_months)
        labels.append(f"year {year}" if last - first == 11 else f"year {year} (months {first}-{last})")
    return labels


def by_training_year(result) -> pd.DataFrame:
    """Costs and productive contribution of the term per apprentice starting and per training year [USD].

    Rows :data:`ROWS` (gross costs by category, productive contribution, net cost = gross costs - productive
    contribution; then funding received, the net cost after it, and the other benefits of the term, which the
    surveys leave out), columns one per training year counted from each cohort's start (:func:`year_labels`)
    and ``term``. Amounts are undiscounted, in the plan's dollars, divided by the apprentices who start.
    """
    scenario = result.scenario
    flows = result.cashflows
    flows = flows[flows["phase"] == "term"]
    starts = {c.name: c.start_month for c in scenario.cohorts}
    relative = flows["month"].to_numpy() - flows["cohort"].map(starts).astype(int).to_numpy()
    labels = year_labels(scenario.program.term_months)
    year = np.minimum(relative // 12, len(labels) - 1)
    costs = flows["kind"].to_numpy() == "cost"
    funding = flows["category"].to_numpy() == FUNDING
    names = flows["line"].astype(str).to_numpy()
    category_of = {name: cost_category(name) for name in set(names[costs & ~funding])}
    cost_rows = pd.Series(names).map(category_of).fillna("").to_numpy()
    row = np.where(costs & funding, "funding received",
                   np.where(costs, cost_rows,
                            np.where(flows["line"].isin(PRODUCTIVE_LINES), "productive contribution",
                                     "other benefits in the term")))
    amount = np.where(costs & funding, -flows["amount"].to_numpy(), flows["amount"].to_numpy())
    table = (pd.DataFrame({"row": row, "year": np.asarray(labels)[year], "amount": amount})
             .pivot_table(index="row", columns="year", values="amount", aggfunc="sum")
             .reindex(index=list(ROWS), columns=labels).fillna(0.0))
    table.loc["gross costs"] = table.loc[list(GROSS_ROWS)].sum()
    table.loc["net cost"] = table.loc["gross costs"] - table.loc["productive contribution"]
    table.loc["net cost after funding"] = table.loc["net cost"] - table.loc["funding received"]
    table["term"] = table.sum(axis=1)
    table = table / max(scenario.apprentices, 1)
    table.index.name = "per apprentice starting (USD)"
    table.columns.name = "training year"
    return table


def training_profile(scenario: Scenario) -> pd.DataFrame:
    """The inputs the surveys publish by training year, as this plan assumes them (averages over each year's
    months): time in the firm (on-the-job hours over paid hours), share of productive work while in the firm,
    relative productivity in skilled tasks, and the apprentice's wage over the skilled technician's.

    Read from the plan's substitution inputs whatever its valuation method.
    """
    a: Assumptions = scenario.assumptions()
    n = a.program.term_months
    ojl, cls = sch.ojl_hours(a, n), sch.class_hours(a, n)
    sub = a.substitution
    columns = {
        "time in the firm": ojl / (ojl + cls),
        "share of productive work": sch.ramp(a, n, sub.productive_share_start, sub.productive_share_end),
        "relative productivity in skilled tasks": sch.ramp(a, n, sub.relative_productivity_start,
                                                           sub.relative_productivity_end),
        "wage relative to a skilled technician": sch.wage_path(a, n) / a.wages.technician_wage,
    }
    labels = year_labels(n)
    year = np.minimum((sch.months(n) - 1) // 12, len(labels) - 1)
    table = pd.DataFrame(columns).groupby(np.asarray(labels)[year], sort=False).mean().T
    return table[labels]
