"""Records written from a plan's own assumptions: the documented generator behind the round trip and the shipped
synthetic example (``imt_roi/data/synthetic-records``). Nothing here is anyone's real data.

:func:`records_from_plan` writes, for each cohort and employer of the plan, the plan's starters on the first day
of the cohort's start month; the apprentices the plan expects to leave, each in the month the plan's expected
leavers add up to a whole person (plus ``extra_leavers`` in their third month); completions on the last day of
the term; the plan's wage steps as dated wage changes; and, month by month up to ``as_of``, the plan's own
amounts of its recorded lines as ledger rows: tuition, mentor and coordination hours (the plan's costs over the
rates :func:`imt_roi.tracking.track` values them at), intermediary fees and grants received, each times
``1 + overrun`` where one is given. With every apprentice completing (a completion rate of 100%), tracking such
records gives back the plan's figures to the cent.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from . import schedule as sch
from .lines import mentor_charge
from .overrides import employer_assumptions
from .parameters import Scenario
from .records import COLUMNS, RECORDS_VERSION, parse_tables
from .results import evaluate
from .tracking import COORDINATION_RATE


def month_start(plan_start: dt.date, month: int) -> dt.date:
    """The first day of plan month ``month`` (1 = ``plan_start``'s month)."""
    index = plan_start.year * 12 + plan_start.month - 1 + month - 1
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(plan_start: dt.date, month: int) -> dt.date:
    return month_start(plan_start, month + 1) - dt.timedelta(days=1)


def records_from_plan(plan: Scenario, plan_start: dt.date, as_of: dt.date, extra_leavers: int = 0,
                      overrun: dict[str, float] | None = None) -> dict[str, list[list]]:
    """The records tables (header row first) a sponsor following ``plan`` would keep up to ``as_of``.

    ``overrun`` maps a ledger category to a share by which the recorded amount exceeds the plan's
    (``{"tuition": 0.15}``: tuition 15% over plan).
    """
    overrun = overrun or {}
    as_of_month = (as_of.year - plan_start.year) * 12 + as_of.month - plan_start.month + 1
    assumptions = employer_assumptions(plan)
    flows = evaluate(plan).cashflows
    tables: dict[str, list[list]] = {name: [list(spec)] for name, spec in COLUMNS.items()}
    tables["about"] += [["records_version", RECORDS_VERSION], ["plan_start", plan_start.isoformat()]]
    for ci, cohort in enumerate(plan.cohorts):
        for ei, member in enumerate(cohort.members):
            a = assumptions[member.employer]
            _apprentices(tables, plan_start, as_of_month, ci, ei, cohort, member, a, extra_leavers)
            group = flows[(flows["cohort"] == cohort.name) & (flows["employer"] == member.employer)
                          & (flows["month"] <= as_of_month)]
            _ledger(tables, plan_start, cohort, member, a, group, overrun)
    return tables


def _apprentices(tables, plan_start, as_of_month, ci, ei, cohort, member, a, extra_leavers) -> None:
    term = a.program.term_months
    n = member.apprentices
    expected = np.cumsum(sch.leavers(a, term)) * n  # leavers by the end of each term month
    leave_month = {}
    for k in range(1, int(round(expected[-1])) + 1):
        leave_month[n - k] = int(np.argmax(expected >= k - 0.5)) + 1  # the last apprentices leave first
    for k in range(min(extra_leavers, n)):
        leave_month.setdefault(k, 3)
    path = sch.wage_path(a, term)
    if cohort.start_month > as_of_month:
        return  # nobody has started yet
    for k in range(n):
        ident = f"c{ci + 1}-e{ei + 1}-{k + 1:03d}"
        first = cohort.start_month
        status, end = "active", ""
        if k in leave_month and first + leave_month[k] - 1 <= as_of_month:
            status, end = "left", month_end(plan_start, first + leave_month[k] - 1).isoformat()
        elif k not in leave_month and first + term - 1 <= as_of_month:
            status, end = "completed", month_end(plan_start, first + term - 1).isoformat()
        tables["apprentices"].append([ident, member.employer, cohort.name, month_start(plan_start, first).isoformat(),
                                      end, status, repr(float(a.wages.starting_wage))])
        stop = first + (leave_month.get(k, term)) - 1
        for step in a.wages.step_raises:
            month = first + step.month - 1
            if step.month <= term and month <= min(stop, as_of_month):
                tables["wages"].append([ident, month_start(plan_start, month).isoformat(),
                                        repr(float(path[step.month - 1]))])


def _ledger(tables, plan_start, cohort, member, a, group: pd.DataFrame, overrun: dict) -> None:
    charge = mentor_charge(a)
    mentor_rate = charge.share_charged * charge.loaded_rate
    by = group.groupby(["month", "line"], observed=True)["amount"].sum()
    for (month, line), amount in by.items():
        day = month_end(plan_start, int(month)).isoformat()
        line = str(line)
        if line in ("related instruction", "class fixed cost"):
            category, hours, money = "tuition", "", amount
        elif line == "mentor time" and mentor_rate > 0:
            category, hours, money = "mentor_hours", amount / mentor_rate, ""
        elif line == "administration":
            category, hours, money = "coordination_hours", amount / COORDINATION_RATE, ""
        elif line == "intermediary fee":
            category, hours, money = "intermediary_fee", "", amount
        elif line.startswith("offset: "):
            category, hours, money = "grant_received", "", -amount
        else:
            continue
        scale = 1 + overrun.get(category, 0.0)
        tables["ledger"].append([day, member.employer, cohort.name, "", category,
                                 repr(float(hours * scale)) if hours != "" else "",
                                 repr(float(money * scale)) if money != "" else ""])


def write_records(tables: dict[str, list[list]], folder: str | Path, note: str | None = None) -> Path:
    """Write the tables as CSV files into the new folder ``folder`` (a ``#`` note row first when given)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=False)
    for name, rows in tables.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            if note:
                writer.writerow([f"# {note}"])
            writer.writerows(rows)
    return folder


#: The shipped synthetic example: the imt-partnership preset tracked 15 months in, with one extra early leaver
#: per firm and cohort, tuition 12% and mentor hours 25% over the plan.
EXAMPLE_PRESET = "imt-partnership"
EXAMPLE_START = dt.date(2026, 1, 1)
EXAMPLE_AS_OF = dt.date(2027, 3, 31)
EXAMPLE_CHANGES = {"extra_leavers": 1, "overrun": {"tuition": 0.12, "mentor_hours": 0.25}}
EXAMPLE_NOTE = ("SYNTHETIC: made by imt_roi.synthetic from the imt-partnership preset with an extra "
                "leaver per firm and cohort and overruns; no real apprentice or firm")
EXAMPLE_FOLDER = Path(__file__).resolve().parent / "data" / "synthetic-records"


def example_tables() -> dict[str, list[list]]:
    """The synthetic example's tables as the generator makes them (the shipped files are these)."""
    from .scenario_io import preset

    return records_from_plan(preset(EXAMPLE_PRESET), EXAMPLE_START, EXAMPLE_AS_OF, **EXAMPLE_CHANGES)


def example():
    """The shipped synthetic example: (records, plan, as_of). Labelled synthetic wherever it is shown."""
    from .records import read_records
    from .scenario_io import preset

    return read_records(EXAMPLE_FOLDER), preset(EXAMPLE_PRESET), EXAMPLE_AS_OF


def records_of_plan(plan: Scenario, plan_start: dt.date, as_of: dt.date, **kwargs):
    """:func:`records_from_plan` read back as :class:`~imt_roi.records.Records`."""
    return parse_tables(records_from_plan(plan, plan_start, as_of, **kwargs), "generated from the plan")
