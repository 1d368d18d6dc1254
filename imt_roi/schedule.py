"""Month-by-month building blocks for one apprentice: hours, wages, presence, classes.

Every function returns numpy arrays indexed by month from the cohort's start
(index 0 = month 1). ``n_months`` is the term plus the months counted after
completion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .parameters import WEEKS_PER_MONTH, Assumptions  # noqa: F401  (WEEKS_PER_MONTH: re-exported)

#: Module-equivalent units of each RTI session: a semester counts as two MSSC
#: modules (JFF case study: "two modules may be substituted for a semester").
SESSIONS = {
    "college": [("Semester 1", 2), ("Semester 2", 2)],
    "mssc": [("MSSC module 1", 1), ("MSSC module 2", 1), ("MSSC module 3", 1), ("MSSC module 4", 1)],
    "mix": [("Semester 1", 2), ("MSSC module 1", 1), ("MSSC module 2", 1)],
}


@dataclass(frozen=True)
class Session:
    """One block of related instruction: its months (inclusive, 1-based), class hours and share of tuition."""

    label: str
    start_month: int
    end_month: int
    hours: float
    share: float




def horizon_months(a: Assumptions) -> int:
    """Months counted per cohort: the term plus the months after completion."""
    return a.program.term_months + a.horizon.months_after_completion


def rti_sessions(a: Assumptions) -> list[Session]:
    """The RTI sessions laid end to end over the term, sized by module-equivalent units.

    Every delivery is four module-equivalents, so class hours and tuition split
    in proportion to units. (The JFF case study gives 40 hours per MSSC module;
    the rest of the 264 hours are the required courses, spread the same way.)
    """
    units = SESSIONS[a.instruction.delivery]
    total = sum(u for _, u in units)
    term = a.program.term_months
    bounds = np.floor(np.cumsum([0] + [u for _, u in units]) / total * term).astype(int)
    return [Session(label, int(bounds[i]) + 1, int(bounds[i + 1]), a.program.rti_hours * u / total, u / total)
            for i, (label, u) in enumerate(units)]


def class_hours(a: Assumptions, n_months: int) -> np.ndarray:
    """Class (RTI) hours per month, spread evenly over each session's months."""
    hours = np.zeros(n_months)
    for s in rti_sessions(a):
        hours[s.start_month - 1:s.end_month] += s.hours / (s.end_month - s.start_month + 1)
    return hours


def session_starts(a: Assumptions, n_months: int) -> np.ndarray:
    """Share of tuition (and of class fixed costs) falling in each month: at each session's start."""
    share = np.zeros(n_months)
    for s in rti_sessions(a):
        share[s.start_month - 1] += s.share
    return share


def months(n_months: int) -> np.ndarray:
    return np.arange(1, n_months + 1)


def in_term(a: Assumptions, n_months: int) -> np.ndarray:
    """1.0 in the training term, 0.0 after completion."""
    return (months(n_months) <= a.program.term_months).astype(float)


def ojl_hours(a: Assumptions, n_months: int) -> np.ndarray:
    """On-the-job hours per month: spread evenly over the term, full time after it."""
    term = in_term(a, n_months)
    return term * a.program.ojl_hours / a.program.term_months + (1 - term) * full_time_hours(a)


def full_time_hours(a: Assumptions) -> float:
    """Paid hours per month of a full-time worker: the program's 3,000 hours over its 18 months."""
    return (a.program.ojl_hours + a.program.rti_hours) / a.program.term_months


def wage_path(a: Assumptions, n_months: int) -> np.ndarray:
    """Apprentice's hourly wage [USD/hour] each month: steps in the term, the completer's wage after.

    The completer's wage is ``wages.completer_wage`` when set, else the starting
    wage x (1 + step raises + completion raise).
    """
    w = a.wages
    m = months(n_months)
    term = a.program.term_months
    share = np.zeros(n_months)
    for step in w.step_raises:
        if step.month <= term:
            share += step.share * (m >= step.month)
    in_term_path = w.starting_wage * (1 + share)
    return np.where(m <= term, in_term_path, completer_wage(a))


def completer_wage(a: Assumptions) -> float:
    """The completer's hourly wage after completion [USD/hour]: as set, or derived from the wage path."""
    w = a.wages
    if w.completer_wage is not None:
        return w.completer_wage
    steps = sum(step.share for step in w.step_raises if step.month <= a.program.term_months)
    return w.starting_wage * (1 + steps + w.completion_raise)


def counterfactual_wage(a: Assumptions, n_months: int) -> np.ndarray:
    """Hourly wage [USD/hour] the worker would have had without the apprenticeship."""
    years = (months(n_months) - 1) // 12
    return a.wages.starting_wage * (1 + a.wages.counterfactual_annual_raise) ** years


def ramp(a: Assumptions, n_months: int, start: float, end: float) -> np.ndarray:
    """Linear ramp from ``start`` in month 1 to ``end`` in the last term month, ``end`` after."""
    term = a.program.term_months
    progress = np.clip((months(n_months) - 1) / max(term - 1, 1), 0, 1)
    return start + (end - start) * progress


def progress(a: Assumptions, n_months: int) -> np.ndarray:
    """Share of the training done by the end of each month: m / D in the term, 1 after."""
    return np.clip(months(n_months) / a.program.term_months, 0, 1)


def monthly_leaving_hazard(a: Assumptions) -> float:
    """Monthly hazard h with (1 - h) ** D equal to the completion rate."""
    return 1 - a.retention.completion_rate ** (1 / a.program.term_months)


def presence(a: Assumptions, n_months: int) -> np.ndarray:
    """Expected share of starters on the payroll in each month.

    In the term, month m holds (1 - h) ** (m - 1): leavers go at month
    boundaries and cost nothing from their month of leaving. The completers,
    (1 - h) ** D = completion rate; a share of them leaves just after completing
    (``retention.completion_separation_share``), the rest separate at the yearly completer rate.
    """
    term = a.program.term_months
    m = months(n_months)
    h = monthly_leaving_hazard(a)
    q = 1 - (1 - a.retention.completer_separation_rate) ** (1 / 12)
    during = (1 - h) ** (np.minimum(m, term) - 1)
    stay = 1 - a.retention.completion_separation_share
    after = a.retention.completion_rate * stay * (1 - q) ** np.maximum(m - term - 1, 0)
    return np.where(m <= term, during, after)


def after_completion(a: Assumptions, n_months: int) -> np.ndarray:
    """1.0 in the months after completion, 0.0 in the term."""
    return 1 - in_term(a, n_months)


def growth_after_completion(a: Assumptions, n_months: int) -> np.ndarray:
    """Index of wage-valued flows: 1 in the term and the first year after completion, then x (1 + g) a year."""
    years_after = np.maximum(months(n_months) - a.program.term_months - 1, 0) // 12
    return (1 + a.horizon.wage_growth) ** years_after


def leavers(a: Assumptions, n_months: int) -> np.ndarray:
    """Expected share of starters who leave the apprenticeship at the end of each month of the term.

    Month m loses presence(m) x h at its end (they cost nothing from month
    m + 1); over the term the leavers add up to 1 - completion rate.
    """
    term = a.program.term_months
    m = months(n_months)
    h = monthly_leaving_hazard(a)
    return np.where(m <= term, (1 - h) ** (np.minimum(m, term) - 1) * h, 0.0)


def window(start: float, length: float, n_months: int) -> np.ndarray:
    """Share of each month 1..n inside the interval (start, start + length] of months (fractions at the ends)."""
    m = months(n_months)
    return np.clip(np.minimum(m, start + length) - np.maximum(m - 1, start), 0, 1)
