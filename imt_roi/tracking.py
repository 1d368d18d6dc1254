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
from pydantic import ValidationError

from . import schedule as sch
from .engine import CASHFLOW_COLUMNS
from .errors import ScenarioError
from .fields import short
from .lines import mentor_charge
from .metrics import Metrics, compute_metrics, discount_factors, monthly_series, payback_month
from .overrides import employer_assumptions
from .parameters import Scenario
from .records import Records
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
    #: Apprentices by ``as_of``: "started", "left", "completed" and "in_training" (counted from the dates).
    people: dict[str, int] = field(default_factory=dict)

    @property
    def to_date(self) -> pd.DataFrame:
        return self.flows[self.flows["month"] <= self.as_of_month]

    def _metrics(self, flows: pd.DataFrame, n_months: int, completers: float) -> Metrics:
        s = self.updated
        return compute_metrics(flows, discount_rate=s.horizon.rate_used, expected_completers=completers,
                               apprentices=s.apprentices, n_months=n_months)

    def metrics(self) -> pd.DataFrame:
        """The plan's metrics, the realized months' and the re-forecast's (plan's months realized, the rest
        forecast), side by side (rows: metrics; columns: plan, actual_to_date, reforecast). To date, the
        completers are the apprentices who had completed by ``as_of``."""
        plan = self.plan.metrics.as_dict()
        # to date, the completers are those who had completed (a cost per completer once there are some)
        actual = self._metrics(self.to_date, self.as_of_month, self.people.get("completed", 0)).as_dict()
        forecast = self._metrics(self.flows, self.last_month, self.completers_expected).as_dict()
        keys = [k for k in plan if k != "notes"]
        return pd.DataFrame({"plan": [plan[k] for k in keys], "actual_to_date": [actual[k] for k in keys],
                             "reforecast": [forecast[k] for k in keys]}, index=keys, dtype=object)

    def spread(self, draws: int | None = None, seed: int | None = None) -> TrackedSpread:
        """The re-forecast's range: each draw of the updated plan's ranged inputs
        (:func:`imt_roi.uncertainty.draw_inputs`) gives the plan's monthly costs and benefits after ``as_of``,
        moved by what the central re-forecast changes in that month; the realized months stay as recorded."""
        from .batch import evaluate_batch
        from .uncertainty import DEFAULT_DRAWS, DEFAULT_SEED, active_ranges, draw_inputs, held_text

        draws, seed = draws or DEFAULT_DRAWS, DEFAULT_SEED if seed is None else seed
        batch = evaluate_batch(self.updated, draw_inputs(self.updated, draws, seed))
        n = max(batch.costs_by_month.shape[1], self.last_month)
        later = np.arange(1, n + 1) > self.as_of_month
        now_costs, now_benefits, _ = monthly_series(self.flows, n)
        plan_costs, plan_benefits, _ = monthly_series(evaluate(self.updated).cashflows, n)

        def ahead(drawn: np.ndarray, now: np.ndarray, plan: np.ndarray) -> np.ndarray:
            """Each draw's months: as realized to ``as_of``, then the draw moved by the re-forecast's change."""
            drawn = np.pad(drawn, ((0, 0), (0, n - drawn.shape[1])))
            return np.where(later, drawn + (now - plan), now)

        costs = ahead(batch.costs_by_month, now_costs, plan_costs)
        benefits = ahead(batch.benefits_by_month, now_benefits, plan_benefits)
        d = discount_factors(n, self.updated.horizon.rate_used)
        pv_costs, pv_benefits = costs @ d, benefits @ d
        nets = benefits - costs
        npv, cash = pv_benefits - pv_costs, nets.sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(pv_costs > 0, pv_benefits / np.where(pv_costs > 0, pv_costs, 1.0), np.nan)
        paybacks = [payback_month(row) for row in nets]
        known = [p for p in paybacks if p is not None]
        return TrackedSpread(draws, seed, _percentiles(npv), _percentiles(cash), float(np.mean(npv >= 0)),
                             float(np.median(known)) if len(known) * 2 > len(paybacks) else None,
                             held_text(active_ranges(self.updated)[1]),
                             _percentiles(ratio) if np.all(np.isfinite(ratio)) else None)

    def by_line(self) -> pd.DataFrame:
        """Each line's plan total beside its realized-plus-forecast total (USD, undiscounted) and the difference;
        ``basis`` is how the realized months of the line were counted."""
        plan = self.plan.cashflows.groupby(["kind", "line"], observed=True)["amount"].sum()
        now = self.flows.groupby(["kind", "line"], observed=True)["amount"].sum()
        basis = self.to_date.groupby(["kind", "line"], observed=True)["basis"].agg(lambda b: ", ".join(sorted(set(b))))
        table = pd.DataFrame({"plan": plan, "actual_and_forecast": now}).fillna(0.0)
        table["difference"] = table["actual_and_forecast"] - table["plan"]
        table["basis"] = basis.reindex(table.index).fillna("forecast only")
        return table.reset_index().astype({"kind": str, "line": str})

    def by_month(self) -> pd.DataFrame:
        """Each month's net (benefits - costs, USD) in the plan and as realized or forecast, the difference, the
        running totals (``plan_cumulative``, ``actual_or_forecast_cumulative``), and whether the month is
        ``actual`` or ``forecast``."""
        def net(flows: pd.DataFrame) -> pd.Series:
            signed = np.where(flows["kind"] == "benefit", flows["amount"], -flows["amount"])
            return pd.Series(signed, index=flows["month"].to_numpy()).groupby(level=0).sum()

        months = pd.RangeIndex(1, max(self.last_month, self.plan.last_month) + 1, name="month")
        table = pd.DataFrame({"plan": net(self.plan.cashflows).reindex(months, fill_value=0.0),
                              "actual_or_forecast": net(self.flows).reindex(months, fill_value=0.0)})
        table["difference"] = table["actual_or_forecast"] - table["plan"]
        table["plan_cumulative"] = table["plan"].cumsum()
        table["actual_or_forecast_cumulative"] = table["actual_or_forecast"].cumsum()
        table["part"] = np.where(table.index <= self.as_of_month, "actual", "forecast")
        return table.reset_index()


@dataclass(frozen=True)
class TrackedSpread:
    """How sure the re-forecast is: percentiles over draws of the plan's ranged inputs for the months after
    ``as_of`` (the realized months fixed), of the NPV and the undiscounted net cash [USD] and of the B/C, the
    chance the NPV ends at or above 0, and the payback month's median."""

    draws: int
    seed: int
    npv: dict[str, float]
    net_cash: dict[str, float]
    prob_npv_nonnegative: float
    payback_month_p50: float | None
    #: The inputs the draws held fixed, in words (:func:`imt_roi.uncertainty.held_text`).
    held: str = "nothing held"
    #: P5, P50, P95 of the re-forecast's B/C; None when a draw has no costs to divide by.
    benefit_cost_ratio: dict[str, float] | None = None

    def sentence(self) -> str:
        ratio = "" if self.benefit_cost_ratio is None else (
            f" (B/C {self.benefit_cost_ratio['p5']:.2f} to {self.benefit_cost_ratio['p95']:.2f}, "
            f"median {self.benefit_cost_ratio['p50']:.2f})")
        return (f"Across {self.draws:,} draws of the plan's unpublished inputs for the months ahead "
                f"(seed {self.seed}), the re-forecast NPV runs from ${self.npv['p5']:,.0f} (P5) to "
                f"${self.npv['p95']:,.0f} (P95), "
                f"median ${self.npv['p50']:,.0f}{ratio}; the chance it ends at or above 0 is "
                f"{self.prob_npv_nonnegative:.0%} ({self.held}).").replace("$-", "-$")


def _percentiles(values: np.ndarray) -> dict[str, float]:
    """P5, P50 and P95 of ``values``, keyed "p5", "p50", "p95"."""
    return {f"p{p}": float(v) for p, v in zip((5, 50, 95), np.percentile(values, (5, 50, 95)))}


def plan_month(day, plan_start: dt.date) -> int:
    """The plan month (1 = the month of ``plan_start``) a date falls in."""
    day = pd.Timestamp(day)
    return (day.year - plan_start.year) * 12 + (day.month - plan_start.month) + 1


def plan_months(days: pd.Series, plan_start: dt.date) -> pd.Series:
    """:func:`plan_month` of a column of dates (NaT stays missing)."""
    days = pd.to_datetime(days)
    months = (days.dt.year - plan_start.year) * 12 + (days.dt.month - plan_start.month) + 1
    return months.astype("Int64") if months.isna().any() else months.astype(np.int64)


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
    months_of = {column: plan_months(apprentices[column], records.plan_start).fillna(0)
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
                   max(n, plan_result.last_month), completers, notes, _people(apprentices, as_of_month))


def _people(apprentices: pd.DataFrame, as_of_month: int) -> dict[str, int]:
    """Apprentices who had started, left, completed and were still in training by the month of ``as_of``."""
    started = apprentices["start_month"] <= as_of_month
    ended = (apprentices["end_month"] > 0) & (apprentices["end_month"] <= as_of_month)
    return {"started": int(started.sum()),
            "left": int((started & ended & (apprentices["status"] == "left")).sum()),
            "completed": int((started & ended & (apprentices["status"] == "completed")).sum()),
            "in_training": int((started & ~ended).sum())}


# --------------------------------------------------------------------------- placing the records in the plan

def _check_against_plan(records: Records, plan: Scenario) -> None:
    """Every apprentice's cohort and employer, and every ledger row's, is one of the plan's (one line naming the
    first row that is not)."""
    places = pd.DataFrame([(c.name, m.employer) for c in plan.cohorts for m in c.members],
                          columns=["cohort", "employer"])
    label = records.labels
    frame = records.apprentices
    _first_bad(frame, ~frame["cohort"].isin(places["cohort"]), label["apprentices"], "cohort",
               lambda r: f"{short(r.cohort, 40)!r} is not a cohort of the plan: "
                         + short(", ".join(dict.fromkeys(places["cohort"])), 120))
    pairs = pd.MultiIndex.from_frame(frame[["cohort", "employer"]]).isin(pd.MultiIndex.from_frame(places))
    _first_bad(frame, ~pairs, label["apprentices"], "employer",
               lambda r: f"{short(r.employer, 40)!r} has no apprentices in the plan's {short(r.cohort, 40)!r}")
    ledger = records.ledger
    named = ledger["cohort"] != ""
    _first_bad(ledger, named & ~ledger["cohort"].isin(places["cohort"]), label["ledger"], "cohort",
               lambda r: f"{short(r.cohort, 40)!r} is not a cohort of the plan")
    _first_bad(ledger, ~ledger["employer"].isin(places["employer"]), label["ledger"], "employer",
               lambda r: f"{short(r.employer, 40)!r} is not an employer of the plan")
    cohorts_of = places.groupby("employer")["cohort"].nunique()
    _first_bad(ledger, ~named & (ledger["employer"].map(cohorts_of) > 1), label["ledger"], "cohort",
               lambda r: f"is blank, and {short(r.employer, 40)!r} has apprentices in {cohorts_of[r.employer]} "
                         "cohorts: say which")


def _first_bad(frame: pd.DataFrame, bad: pd.Series, label: str, column: str, message) -> None:
    if bad.any():
        row = frame[bad.to_numpy()].iloc[0]
        raise ScenarioError(f"{label}, row {row['_row']}, column {column}", message(row))


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
            recorded = int(counts.get(member["employer"], 0))
            if recorded == 0 and member["apprentices"] > 0:
                notes.append(f"{member['employer']!r} has no apprentices recorded in {cohort['name']!r}: counted "
                             f"as none started (the plan had {member['apprentices']})")
            member["apprentices"] = recorded
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:  # e.g. more apprentices recorded for one employer than a plan may hold
        problem = ScenarioError.from_validation(exc, Scenario)
        raise ScenarioError("apprentices", f"the plan updated by the records is not valid: {problem.field}: "
                                           f"{problem.message}") from None


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
            ended = np.clip(completed["end_month"].to_numpy(), 1, n + 1)
            done = np.cumsum(np.bincount(ended, minlength=n + 2)[1:n + 1]).astype(float)  # completed by month m
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
    """Each apprentice's pay in each month of the term to date, summed by cohort, employer and month and shared
    among the plan's wage lines in the plan's proportions of that month (one table operation for all)."""
    starts = _cohort_starts(updated)
    people = apprentices[[assumptions[e].method != "incremental" for e in apprentices["employer"]]]
    if people.empty:
        return pd.DataFrame(columns=CASHFLOW_COLUMNS)
    term = people["employer"].map({e: a.program.term_months for e, a in assumptions.items()}).to_numpy()
    cohort_start = people["cohort"].map(starts).to_numpy()
    first = people["start_month"].to_numpy()
    ends = people["end_month"].to_numpy()
    last = np.minimum(np.where(ends > 0, ends, as_of_month), np.minimum(as_of_month, cohort_start + term - 1))
    count = np.maximum(last - first + 1, 0)
    index = np.repeat(np.arange(len(people)), count)
    month = np.repeat(first, count) + (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count))
    pay = pd.DataFrame({"id": people["id"].to_numpy()[index], "cohort": people["cohort"].to_numpy()[index],
                        "employer": people["employer"].to_numpy()[index], "month": month})
    pay["cohort_month"] = pay["month"] - cohort_start[index] + 1
    pay = pay[pay["cohort_month"] >= 1]
    if pay.empty:  # nobody's term has a month to date
        return pd.DataFrame(columns=CASHFLOW_COLUMNS)
    # The plan's wage path (as a multiple of the starting wage), paid hours and load, by employer and month
    schedule = []
    for employer, a in assumptions.items():
        span = sch.horizon_months(a)
        path = sch.wage_path(a, span)
        release = a.instruction.release_wage_share if a.instruction.release_time_paid else 0.0
        schedule.append(pd.DataFrame({
            "employer": employer, "cohort_month": np.arange(1, span + 1),
            "path": path / path[0] if path[0] > 0 else np.ones(span),
            "planned_hours": sch.ojl_hours(a, span) + sch.class_hours(a, span) * release,
            "release": release, "loaded": 1 + a.wages.fringe_rate, "plan_wage": a.wages.starting_wage}))
    pay = pay.merge(pd.concat(schedule, ignore_index=True), on=["employer", "cohort_month"], how="left")
    start_wage = pay["id"].map(people.set_index("id")["starting_wage"])
    pay["wage"] = start_wage.fillna(pay["plan_wage"]).to_numpy() * pay["path"].to_numpy()
    if not records.wages.empty:
        changes = records.wages.assign(month=plan_months(records.wages["date"], records.plan_start))
        changes = changes.sort_values(["month", "date"]).drop_duplicates(["apprentice_id", "month"], keep="last")
        pay = pd.merge_asof(pay.sort_values("month"), changes[["apprentice_id", "month", "hourly_wage"]]
                            .rename(columns={"apprentice_id": "id"}), on="month", by="id", direction="backward")
        pay["wage"] = pay["hourly_wage"].fillna(pay["wage"])
    pay["hours"] = pay["planned_hours"]
    if not records.hours.empty:
        worked = records.hours.assign(month=plan_months(records.hours["month"], records.plan_start))
        worked = worked.groupby(["apprentice_id", "month"], as_index=False)[["hours_worked", "hours_in_class"]]\
            .sum(min_count=1).rename(columns={"apprentice_id": "id"})
        pay = pay.merge(worked, on=["id", "month"], how="left")
        given = pay["hours_worked"].notna() | pay["hours_in_class"].notna()
        pay.loc[given, "hours"] = pay.loc[given, "hours_worked"].fillna(0.0) \
            + pay.loc[given, "release"] * pay.loc[given, "hours_in_class"].fillna(0.0)
    pay["amount"] = pay["wage"] * pay["hours"] * pay["loaded"]
    total = pay.groupby(["cohort", "employer", "month"], as_index=False)["amount"].sum()
    planned = flows[flows["line"].astype(str).isin(WAGE_LINES) & (flows["month"] <= as_of_month)]
    shares = planned.groupby(["cohort", "employer", "month", "line", "category"], observed=True, as_index=False)[
        "amount"].sum().astype({"cohort": str, "employer": str, "line": str, "category": str})
    shares["share"] = shares["amount"] / shares.groupby(["cohort", "employer", "month"])["amount"].transform("sum")
    booked = total.merge(shares.drop(columns="amount"), on=["cohort", "employer", "month"], how="left")
    unplanned = booked["share"].isna() | ~np.isfinite(booked["share"])
    booked.loc[unplanned, ["line", "category", "share"]] = ["wages", "productive wages", 1.0]
    booked["amount"] = booked["amount"] * booked["share"]
    booked["kind"], booked["phase"] = "cost", "term"
    return booked[CASHFLOW_COLUMNS]


def _recorded_ledger(records: Records, updated: Scenario, assumptions: dict, flows: pd.DataFrame,
                     as_of_month: int) -> pd.DataFrame:
    ledger = records.ledger
    if ledger.empty:
        return pd.DataFrame(columns=CASHFLOW_COLUMNS)
    ledger = ledger.assign(month=plan_months(ledger["date"], records.plan_start))
    ledger = ledger[ledger["month"] <= as_of_month]
    cohort_of = {}
    for c in updated.cohorts:
        for m in c.members:
            cohort_of.setdefault(m.employer, c.name)
    cohort = ledger["cohort"].where(ledger["cohort"] != "", ledger["employer"].map(cohort_of))
    mentor = {e: mentor_charge(a).share_charged * mentor_charge(a).loaded_rate for e, a in assumptions.items()}
    category = ledger["category"]
    amount = np.select([category == "mentor_hours", category == "coordination_hours",
                        category == "grant_received"],
                       [ledger["hours"] * ledger["employer"].map(mentor), ledger["hours"] * COORDINATION_RATE,
                        -ledger["amount"]], ledger["amount"])
    term = ledger["employer"].map({e: a.program.term_months for e, a in assumptions.items()})
    in_term = ledger["month"] - cohort.map(_cohort_starts(updated)) + 1 <= term
    frame = pd.DataFrame({"month": ledger["month"], "cohort": cohort, "employer": ledger["employer"],
                          "line": category.map({k: line for k, (line, _) in LEDGER_LINES.items()}), "kind": "cost",
                          "category": np.where(category == "grant_received", "funding", "training"),
                          "phase": np.where(in_term, "term", "after completion"), "amount": amount})
    frame = frame.groupby(["month", "cohort", "employer", "line", "kind", "category", "phase"], as_index=False,
                          sort=False)["amount"].sum()
    return _booked_as_planned(frame, flows, as_of_month)


def _booked_as_planned(frame: pd.DataFrame, flows: pd.DataFrame, as_of_month: int) -> pd.DataFrame:
    """Tuition booked to the plan's "related instruction" and "class fixed cost", and grants received to the
    plan's funding offsets, of the same cohort and employer, in proportion to what the plan expected of each
    to date, so each line compares with its plan; kept under its own name where the plan expected none."""
    to_date = flows[flows["month"] <= as_of_month]
    line = to_date["line"].astype(str)
    targets = {LEDGER_LINES["tuition"][0]: line.isin(LEDGER_LINES["tuition"][1]),
               LEDGER_LINES["grant_received"][0]: line.str.startswith("offset: ")}
    out = [frame[~frame["line"].isin(list(targets))]]
    for name, planned_line in targets.items():
        rows = frame[frame["line"] == name]
        if rows.empty:
            continue
        expected = to_date[planned_line].groupby(["cohort", "employer", "line"], observed=True, as_index=False)[
            "amount"].sum().astype({"cohort": str, "employer": str, "line": str})
        expected["share"] = expected["amount"] / expected.groupby(["cohort", "employer"])["amount"].transform("sum")
        booked = rows.merge(expected[["cohort", "employer", "line", "share"]].rename(columns={"line": "planned"}),
                            on=["cohort", "employer"], how="left")
        unplanned = booked["share"].isna() | ~np.isfinite(booked["share"])
        booked.loc[unplanned, "share"] = 1.0
        booked["line"] = booked["planned"].where(~unplanned, booked["line"])
        booked["amount"] = booked["amount"] * booked["share"]
        out.append(booked[CASHFLOW_COLUMNS])
    return pd.concat(out, ignore_index=True)


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
