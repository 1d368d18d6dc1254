"""A running cohort against its plan: realized to date from the sponsor's records, re-forecast after that.

:func:`track` turns :class:`~imt_roi.records.Records` and the plan (a scenario) into the plan's own lines,
month by month, each row marked with its ``basis``:

* ``recorded``: from the records. Wages (each apprentice's pay rate from the wage history, or the plan's raises
  on the recorded starting wage, times the hours worked and paid in class, or the plan's hours when none are
  recorded, loaded with the plan's fringe rate, shared among the plan's wage lines in the plan's proportions),
  tuition (the plan's "related instruction" and "class fixed cost"), mentor hours (valued as the plan values
  mentor time: the hours not spent producing, at the mentor's loaded wage), coordination hours (at
  :data:`COORDINATION_RATE`), intermediary fees, books and supplies, other costs, and the grants received (in
  place of the plan's funding offsets).
* ``modelled``: every other line (the value of the apprentice's work, the hiring avoided, scrap and downtime
  avoided) from the plan's assumptions, scaled to the apprentices the records show present: the plan's amount
  for that cohort, employer and month times the apprentices present over the apprentices the plan expects.

The plan is first updated by what the records show: each cohort that has records starts in the month its first
apprentice started, with the starters the records list for each employer. Months after ``as_of`` are the
re-forecast: the plan's lines scaled by the apprentices still active (who then leave at the plan's rate), the
completers so far plus those the active ones are expected to become, and the pay actually recorded against the
plan's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import schedule as sch
from .engine import CASHFLOW_COLUMNS
from .errors import ScenarioError
from .fields import short
from .lines import mentor_charge
from .metrics import Metrics, compute_metrics
from .overrides import employer_assumptions
from .parameters import Scenario
from .records import HOURS_CATEGORIES, Records
from .results import Result, evaluate

#: Loaded cost of an hour of coordination [USD/hour]: the rate the plan's administration defaults assume
#: ("about 4 hours a month ... at $30/hour loaded"; an assumption, as they are).
COORDINATION_RATE = 30.0
#: Plan lines paid as wages (shared out in the plan's proportions when recorded).
WAGE_LINES = ("wages", "wages for training time on the job", "release time")
#: Plan lines a ledger category replaces to date, and the line each category is booked to.
LEDGER_LINES = {"tuition": ("related instruction", ("related instruction", "class fixed cost")),
                "books_and_supplies": ("books and supplies", ()),
                "mentor_hours": ("mentor time", ("mentor time",)),
                "coordination_hours": ("administration", ("administration",)),
                "intermediary_fee": ("intermediary fee", ("intermediary fee",)),
                "other_cost": ("other costs", ()),
                "grant_received": ("grants received", ())}
FLOW_COLUMNS = [*CASHFLOW_COLUMNS, "basis"]
#: The plan's line for replacing apprentices who leave: counted from the records' leavers to date.
LEAVERS_LINE = "dropouts replaced"


@dataclass
class Tracked:
    """A cohort's plan, its realized months to date and the re-forecast of the rest.

    ``flows`` has the plan's cash-flow columns plus ``basis`` (``recorded`` or ``modelled``); months up to
    ``as_of_month`` are realized, later ones the re-forecast. Amounts in USD, costs positive.
    """

    plan: Result
    updated: Scenario
    flows: pd.DataFrame
    as_of: dt.date
    as_of_month: int
    last_month: int
    completers_expected: float
    notes: list[str] = field(default_factory=list)

    @property
    def to_date(self) -> pd.DataFrame:
        return self.flows[self.flows["month"] <= self.as_of_month]

    def _metrics(self, flows: pd.DataFrame, n_months: int) -> Metrics:
        s = self.updated
        return compute_metrics(flows, discount_rate=s.horizon.rate_used, expected_completers=self.completers_expected,
                               apprentices=s.apprentices, n_months=n_months)

    def metrics(self) -> pd.DataFrame:
        """The plan's metrics, the realized months' and the re-forecast's (plan's months realized, the rest
        forecast), side by side (rows: metrics; columns: plan, actual_to_date, reforecast)."""
        plan = self.plan.metrics.as_dict()
        actual = self._metrics(self.to_date, self.as_of_month).as_dict()
        forecast = self._metrics(self.flows, self.last_month).as_dict()
        keys = [k for k in plan if k != "notes"]
        return pd.DataFrame({"plan": [plan[k] for k in keys], "actual_to_date": [actual[k] for k in keys],
                             "reforecast": [forecast[k] for k in keys]}, index=keys)

    def by_line(self) -> pd.DataFrame:
        """Each line's plan total beside its realized-plus-forecast total (USD, undiscounted) and the difference;
        ``basis`` is how the realized months of the line were counted."""
        plan = self.plan.cashflows.groupby(["kind", "line"], observed=True)["amount"].sum()
        now = self.flows.groupby(["kind", "line"], observed=True)["amount"].sum()
        basis = self.to_date.groupby(["kind", "line"], observed=True)["basis"].agg(lambda b: ", ".join(sorted(set(b))))
        table = pd.DataFrame({"plan": plan, "actual_and_forecast": now}).fillna(0.0)
        table["difference"] = table["actual_and_forecast"] - table["plan"]
        table["basis"] = basis.reindex(table.index).fillna("forecast only")
        return table.reset_index()

    def by_month(self) -> pd.DataFrame:
        """Each month's net (benefits - costs, USD) in the plan and as realized or forecast, the difference, and
        whether the month is ``actual`` or ``forecast``."""
        def net(flows: pd.DataFrame) -> pd.Series:
            signed = np.where(flows["kind"] == "benefit", flows["amount"], -flows["amount"])
            return pd.Series(signed, index=flows["month"].to_numpy()).groupby(level=0).sum()

        months = pd.RangeIndex(1, max(self.last_month, self.plan.last_month) + 1, name="month")
        table = pd.DataFrame({"plan": net(self.plan.cashflows).reindex(months, fill_value=0.0),
                              "actual_or_forecast": net(self.flows).reindex(months, fill_value=0.0)})
        table["difference"] = table["actual_or_forecast"] - table["plan"]
        table["part"] = np.where(table.index <= self.as_of_month, "actual", "forecast")
        return table.reset_index()


def plan_month(day, plan_start: dt.date) -> int:
    """The plan month (1 = the month of ``plan_start``) a date falls in."""
    day = pd.Timestamp(day)
    return (day.year - plan_start.year) * 12 + (day.month - plan_start.month) + 1


def track(records: Records, plan: Scenario, as_of: dt.date | str | None = None) -> Tracked:
    """The plan beside what the records show: realized months to ``as_of`` and the re-forecast after.

    Parameters
    ----------
    records : Records
        The sponsor's records (:func:`imt_roi.records.read_records`).
    plan : Scenario
        The plan the cohort follows; its cohorts and employers name those of the records.
    as_of : date or str, optional
        The last day counted as realized (its whole month is); default: the latest date in the records.

    Returns
    -------
    Tracked
        The flows (with ``basis``), the metrics of the plan, the realized months and the re-forecast, and
        variance tables by line and by month.

    Raises
    ------
    ScenarioError
        One line naming the table, row and column of a record the plan cannot place (a cohort or employer the
        plan does not have), or ``as_of`` when it is not a date in the records' time.
    """
    apprentices = records.apprentices.copy()
    _check_against_plan(records, plan)
    months_of = {column: apprentices[column].map(lambda d: plan_month(d, records.plan_start) if pd.notna(d) else 0)
                 for column in ("start_date", "end_date")}
    apprentices["start_month"] = months_of["start_date"].astype(int)
    apprentices["end_month"] = months_of["end_date"].astype(int)
    as_of_month, as_of_day = _as_of(records, as_of)
    notes = list(records.notes)

    updated = _updated_plan(plan, apprentices, notes)
    plan_result = evaluate(plan)
    base = evaluate(updated)
    flows = base.cashflows.copy()
    flows["basis"] = "modelled"
    assumptions = employer_assumptions(updated)
    n = base.last_month
    factors = _headcount_factors(updated, apprentices, as_of_month, assumptions, n)
    group_key = list(zip(flows["cohort"].astype(str), flows["employer"].astype(str)))
    factor = np.array([factors[g][m - 1] if m - 1 < len(factors[g]) else 0.0
                       for g, m in zip(group_key, flows["month"].to_numpy())]) if len(flows) else np.zeros(0)
    flows["amount"] = flows["amount"].to_numpy() * factor

    recorded = _recorded_lines(records, apprentices, updated, assumptions, flows, as_of_month, notes)
    replaced = set(WAGE_LINES) | {line for _, (_, lines) in LEDGER_LINES.items() for line in lines} | {LEAVERS_LINE}
    replaced_offsets = flows["line"].astype(str).str.startswith("offset: ")
    to_date = flows["month"] <= as_of_month
    drop = to_date & (flows["line"].astype(str).isin(replaced) | replaced_offsets)
    wage_ratio = _wage_ratio(flows[to_date], recorded)
    later_wages = ~to_date & flows["line"].astype(str).isin(WAGE_LINES) & (flows["phase"] == "term")
    flows.loc[later_wages, "amount"] = flows.loc[later_wages, "amount"] * wage_ratio
    if abs(wage_ratio - 1) > 0.0005:
        notes.append(f"wages after {as_of_day} forecast at {wage_ratio:.1%} of the plan's, the pay recorded so far "
                     "against the plan's for the same apprentices and months")
    replaced_leavers = _leavers_replaced(apprentices, assumptions, as_of_month)
    text = {c: object for c in ("cohort", "employer", "line", "kind", "category", "phase")}
    combined = pd.concat([frame for frame in (replaced_leavers, flows[~drop].astype(text), recorded) if len(frame)],
                         ignore_index=True)
    combined = combined[combined["amount"] != 0].sort_values(["month", "cohort", "employer", "line"],
                                                             kind="stable").reset_index(drop=True)
    completers = _expected_completers(updated, apprentices, as_of_month, assumptions)
    return Tracked(plan_result, updated, combined[FLOW_COLUMNS], as_of_day, as_of_month,
                   max(n, plan_result.last_month), completers, notes)


# --------------------------------------------------------------------------- placing the records in the plan

def _check_against_plan(records: Records, plan: Scenario) -> None:
    cohorts = {c.name: {m.employer for m in c.members} for c in plan.cohorts}
    label = records.labels
    frame = records.apprentices
    for row, cohort, employer in zip(frame["_row"], frame["cohort"], frame["employer"]):
        if cohort not in cohorts:
            raise ScenarioError(f"{label['apprentices']}, row {row}, column cohort",
                                f"{short(cohort, 40)!r} is not a cohort of the plan: "
                                + short(", ".join(cohorts), 120))
        if employer not in cohorts[cohort]:
            raise ScenarioError(f"{label['apprentices']}, row {row}, column employer",
                                f"{short(employer, 40)!r} has no apprentices in the plan's {short(cohort, 40)!r}")
    ledger = records.ledger
    for row, cohort, employer in zip(ledger["_row"], ledger["cohort"], ledger["employer"]):
        if cohort and cohort not in cohorts:
            raise ScenarioError(f"{label['ledger']}, row {row}, column cohort",
                                f"{short(cohort, 40)!r} is not a cohort of the plan")
        own = [c for c, members in cohorts.items() if employer in members]
        if not own:
            raise ScenarioError(f"{label['ledger']}, row {row}, column employer",
                                f"{short(employer, 40)!r} is not an employer of the plan")
        if not cohort and len(own) > 1:
            where = f"{label['ledger']}, row {row}, column cohort"
            raise ScenarioError(where, f"is blank, and {short(employer, 40)!r} has apprentices in {len(own)} "
                                       "cohorts: say which")


def _as_of(records: Records, as_of) -> tuple[int, dt.date]:
    if as_of is None:
        dates = [records.apprentices["start_date"].max(), records.apprentices["end_date"].max(),
                 records.ledger["date"].max(), records.wages["date"].max(), records.hours["month"].max()]
        day = max(pd.Timestamp(d) for d in dates if pd.notna(d)).date()
    else:
        from .records import _date

        day = _date(as_of)
        if day is None:
            raise ScenarioError("as_of", f"{short(repr(as_of), 30)} is not a date (2026-03-31 or 03/31/2026)")
    month = plan_month(day, records.plan_start)
    if month < 1:
        raise ScenarioError("as_of", f"{day} is before the plan's month 1 ({records.plan_start})")
    return month, day


def _updated_plan(plan: Scenario, apprentices: pd.DataFrame, notes: list[str]) -> Scenario:
    """The plan with each recorded cohort starting in its first apprentice's month, with the recorded starters."""
    data = plan.model_dump()
    for cohort in data["cohorts"]:
        rows = apprentices[apprentices["cohort"] == cohort["name"]]
        if rows.empty:
            notes.append(f"cohort {cohort['name']!r} has no records: it follows the plan")
            continue
        cohort["start_month"] = int(rows["start_month"].min())
        counts = rows["employer"].value_counts()
        for member in cohort["members"]:
            member["apprentices"] = int(counts.get(member["employer"], 0))
    return Scenario.model_validate(data)


def _group_presence(rows: pd.DataFrame, n: int) -> np.ndarray:
    """Apprentices of ``rows`` on the payroll in each plan month 1..n (present from their start month through
    the month they left or completed)."""
    counts = np.zeros(n + 2)
    ends = np.where(rows["end_month"].to_numpy() > 0, rows["end_month"].to_numpy(), n)
    np.add.at(counts, np.clip(rows["start_month"].to_numpy(), 1, n + 1), 1)
    np.add.at(counts, np.clip(ends + 1, 1, n + 1), -1)
    return np.cumsum(counts)[1:n + 1]


def _headcount_factors(updated: Scenario, apprentices: pd.DataFrame, as_of_month: int, assumptions: dict,
                       n: int) -> dict[tuple[str, str], np.ndarray]:
    """For each (cohort, employer): per plan month, the apprentices the records show (or forecast) over those
    the updated plan expects; 1 where the records say nothing."""
    factors = {}
    for cohort in updated.cohorts:
        for member in cohort.members:
            a = assumptions[member.employer]
            rows = apprentices[(apprentices["cohort"] == cohort.name) & (apprentices["employer"] == member.employer)]
            k = np.ones(n)
            if cohort.start_month > as_of_month:  # not started by as_of: the plan
                factors[(cohort.name, member.employer)] = k
                continue
            if rows.empty or member.apprentices == 0:
                factors[(cohort.name, member.employer)] = k * (0.0 if member.apprentices == 0 else 1.0)
                continue
            span = sch.horizon_months(a)
            expected = member.apprentices * sch.presence(a, span)  # by month of the cohort
            term = a.program.term_months
            start = cohort.start_month
            months = np.arange(1, n + 1)
            index = months - start  # 0 = the cohort's month 1
            present = _group_presence(rows, n)
            completed = rows[rows["status"] == "completed"]
            done = np.array([(completed["end_month"] <= m).sum() for m in range(1, n + 1)], dtype=float)
            at = min(max(as_of_month - start, 0), term - 1)  # the cohort's month of as_of, within the term
            ends = rows["end_month"].to_numpy()
            active = float(((rows["start_month"].to_numpy() <= as_of_month)
                            & ((ends == 0) | (ends > as_of_month))).sum())  # still in training after as_of
            on_track = expected[at] if expected[at] > 0 else 1.0
            completion = a.retention.completion_rate
            become = active * (sch.presence(a, span)[term - 1] / sch.presence(a, span)[at]) if at < term else 0.0
            for i, m in enumerate(months):
                j = index[i]
                if j < 0 or j >= span:
                    k[i] = 0.0
                elif j < term:  # in the term
                    k[i] = (present[i] / expected[j] if expected[j] > 0 else 0.0) if m <= as_of_month \
                        else active / on_track
                else:  # after completion: completers so far (and those the active ones become)
                    whole = member.apprentices * completion
                    count = done[i] if m <= as_of_month else done[min(as_of_month, n) - 1] + become
                    k[i] = count / whole if whole > 0 else 0.0
            factors[(cohort.name, member.employer)] = k
    return factors


def _expected_completers(updated: Scenario, apprentices: pd.DataFrame, as_of_month: int, assumptions: dict) -> float:
    total = 0.0
    for cohort in updated.cohorts:
        for member in cohort.members:
            a = assumptions[member.employer]
            rows = apprentices[(apprentices["cohort"] == cohort.name) & (apprentices["employer"] == member.employer)]
            if rows.empty:
                total += member.apprentices * a.retention.completion_rate
                continue
            term, span = a.program.term_months, sch.horizon_months(a)
            at = min(max(as_of_month - cohort.start_month, 0), term - 1)
            p = sch.presence(a, span)
            ends = rows["end_month"].to_numpy()
            started = rows["start_month"].to_numpy() <= as_of_month
            active = int((started & ((ends == 0) | (ends > as_of_month))).sum())
            done = int(((rows["status"] == "completed").to_numpy() & (ends <= as_of_month) & (ends > 0)).sum())
            total += done + active * p[term - 1] / p[at]
    return total


# --------------------------------------------------------------------------- recorded lines

def _recorded_lines(records: Records, apprentices: pd.DataFrame, updated: Scenario, assumptions: dict,
                    flows: pd.DataFrame, as_of_month: int, notes: list[str]) -> pd.DataFrame:
    rows = [_recorded_wages(records, apprentices, updated, assumptions, flows, as_of_month, notes),
            _recorded_ledger(records, updated, assumptions, flows, as_of_month)]
    out = pd.concat([r for r in rows if not r.empty], ignore_index=True) if any(not r.empty for r in rows) \
        else pd.DataFrame(columns=FLOW_COLUMNS)
    out["basis"] = "recorded"
    return out


def _cohort_starts(updated: Scenario) -> dict[str, int]:
    return {c.name: c.start_month for c in updated.cohorts}


def _recorded_wages(records: Records, apprentices: pd.DataFrame, updated: Scenario, assumptions: dict,
                    flows: pd.DataFrame, as_of_month: int, notes: list[str]) -> pd.DataFrame:
    """Each apprentice's pay in each month to date, by cohort, employer and month, shared among the plan's wage
    lines in the plan's proportions of that month."""
    starts = _cohort_starts(updated)
    hours = records.hours.copy()
    if not hours.empty:
        hours["month_no"] = hours["month"].map(lambda d: plan_month(d, records.plan_start))
    changes = records.wages.copy()
    if not changes.empty:
        changes["month_no"] = changes["date"].map(lambda d: plan_month(d, records.plan_start))
    pay: dict[tuple[str, str, int], float] = {}
    for person in apprentices.itertuples(index=False):
        a = assumptions[person.employer]
        if a.method == "incremental":
            continue  # wages against the worker's counterfactual stay modelled
        term, span = a.program.term_months, sch.horizon_months(a)
        last = min(person.end_month if person.end_month > 0 else as_of_month, as_of_month)
        first = person.start_month
        if last < first:
            continue
        months = np.arange(first, last + 1)
        cohort_month = months - starts[person.cohort] + 1
        inside = (cohort_month >= 1) & (cohort_month <= term)
        months, cohort_month = months[inside], cohort_month[inside]
        if not len(months):
            continue
        path = sch.wage_path(a, span)
        start_wage = person.starting_wage if pd.notna(person.starting_wage) else a.wages.starting_wage
        wage = start_wage * path[cohort_month - 1] / path[0] if path[0] > 0 else np.full(len(months), start_wage)
        own = changes[changes["apprentice_id"] == person.id] if not changes.empty else changes
        for change in own.sort_values("date").itertuples(index=False):
            wage = np.where(months >= change.month_no, change.hourly_wage, wage)
        release = a.instruction.release_wage_share if a.instruction.release_time_paid else 0.0
        planned_hours = (sch.ojl_hours(a, span) + sch.class_hours(a, span) * release)[cohort_month - 1]
        worked = planned_hours
        if not hours.empty:
            mine = hours[hours["apprentice_id"] == person.id].groupby("month_no")[["hours_worked", "hours_in_class"]]\
                .sum(min_count=1)
            for i, m in enumerate(months):
                if m in mine.index:
                    row = mine.loc[m]
                    worked[i] = (row["hours_worked"] if pd.notna(row["hours_worked"]) else 0.0) \
                        + release * (row["hours_in_class"] if pd.notna(row["hours_in_class"]) else 0.0)
        amount = wage * worked * (1 + a.wages.fringe_rate)
        for m, x in zip(months, amount):
            key = (person.cohort, person.employer, int(m))
            pay[key] = pay.get(key, 0.0) + float(x)
    if not pay:
        return pd.DataFrame(columns=FLOW_COLUMNS)
    planned = flows[flows["line"].astype(str).isin(WAGE_LINES) & (flows["month"] <= as_of_month)]
    shares = planned.groupby(["cohort", "employer", "month", "line", "category"], observed=True)["amount"].sum()
    out = []
    for (cohort, employer, m), total in pay.items():
        try:
            parts = shares.loc[(cohort, employer, m)]
        except KeyError:
            parts = pd.Series(dtype=float)
        whole = float(parts.sum())
        if whole > 0:
            for (line, category), x in parts.items():
                out.append((m, cohort, employer, line, "cost", category, "term", total * x / whole))
        else:
            out.append((m, cohort, employer, "wages", "cost", "productive wages", "term", total))
    return pd.DataFrame(out, columns=CASHFLOW_COLUMNS)


def _recorded_ledger(records: Records, updated: Scenario, assumptions: dict, flows: pd.DataFrame,
                     as_of_month: int) -> pd.DataFrame:
    ledger = records.ledger.copy()
    if ledger.empty:
        return pd.DataFrame(columns=CASHFLOW_COLUMNS)
    ledger["month"] = ledger["date"].map(lambda d: plan_month(d, records.plan_start))
    ledger = ledger[ledger["month"] <= as_of_month]
    cohort_of = {}
    for c in updated.cohorts:
        for m in c.members:
            cohort_of.setdefault(m.employer, c.name)
    starts = _cohort_starts(updated)
    out = []
    for row in ledger.itertuples(index=False):
        cohort = row.cohort or cohort_of[row.employer]
        a = assumptions[row.employer]
        line, _ = LEDGER_LINES[row.category]
        if row.category == "mentor_hours":
            charge = mentor_charge(a)
            amount = row.hours * charge.share_charged * charge.loaded_rate
        elif row.category in HOURS_CATEGORIES:
            amount = row.hours * COORDINATION_RATE
        else:
            amount = row.amount
        kind, category = "cost", ("funding" if row.category == "grant_received" else "training")
        if row.category == "grant_received":
            amount = -amount
        term = a.program.term_months
        phase = "term" if row.month - starts[cohort] + 1 <= term else "after completion"
        out.append((int(row.month), cohort, row.employer, line, kind, category, phase, float(amount)))
    frame = _booked_as_planned(pd.DataFrame(out, columns=CASHFLOW_COLUMNS), flows, as_of_month)
    return frame.groupby(["month", "cohort", "employer", "line", "kind", "category", "phase"], as_index=False,
                         sort=False)["amount"].sum()


def _booked_as_planned(frame: pd.DataFrame, flows: pd.DataFrame, as_of_month: int) -> pd.DataFrame:
    """Tuition booked to the plan's "related instruction" and "class fixed cost", and grants received to the
    plan's funding offsets, of the same cohort and employer, in proportion to what the plan expected of each
    to date, so each line compares with its plan; kept under its own name where the plan expected none."""
    booked = {LEDGER_LINES["tuition"][0]: lambda line: line.isin(LEDGER_LINES["tuition"][1]),
              LEDGER_LINES["grant_received"][0]: lambda line: line.str.startswith("offset: ")}
    to_date = flows[flows["month"] <= as_of_month]
    keep, rows = frame["line"].map(lambda line: line not in booked), []
    for name, planned_line in booked.items():
        planned = to_date[planned_line(to_date["line"].astype(str))]
        expected = planned.groupby(["cohort", "employer", "line"], observed=True)["amount"].sum()
        for row in frame[frame["line"] == name].itertuples(index=False):
            try:
                parts = expected.loc[(row.cohort, row.employer)]
            except KeyError:
                parts = pd.Series(dtype=float)
            whole = float(parts.sum())
            if whole != 0:
                rows += [row._replace(line=line, amount=row.amount * x / whole) for line, x in parts.items()]
            else:
                rows.append(row)
    return pd.concat([frame[keep], pd.DataFrame(rows, columns=CASHFLOW_COLUMNS)], ignore_index=True)


def _leavers_replaced(apprentices: pd.DataFrame, assumptions: dict, as_of_month: int) -> pd.DataFrame:
    """The plan's cost of replacing an apprentice who leaves, for each one the records show leaving by
    ``as_of`` (in the month they left; the count recorded, the cost the plan's, so ``modelled``)."""
    left = apprentices[(apprentices["status"] == "left") & (apprentices["end_month"] > 0)
                       & (apprentices["end_month"] <= as_of_month)]
    rows = [(int(p.end_month), p.cohort, p.employer, LEAVERS_LINE, "cost", "training", "term",
             float(assumptions[p.employer].benefits.replacement_cost), "modelled") for p in left.itertuples()]
    frame = pd.DataFrame(rows, columns=FLOW_COLUMNS)
    return frame.groupby([c for c in FLOW_COLUMNS if c != "amount"], as_index=False, sort=False)["amount"].sum()\
        [FLOW_COLUMNS] if rows else frame


def _wage_ratio(planned: pd.DataFrame, recorded: pd.DataFrame) -> float:
    """Recorded pay over the plan's pay (scaled to the apprentices present) for the months to date."""
    plan = planned.loc[planned["line"].astype(str).isin(WAGE_LINES), "amount"].sum()
    actual = recorded.loc[recorded["line"].astype(str).isin(WAGE_LINES), "amount"].sum() if len(recorded) else 0.0
    return float(actual / plan) if plan > 0 and actual > 0 else 1.0
