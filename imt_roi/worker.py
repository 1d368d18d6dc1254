"""The worker's view: one completer's earnings with and without the apprenticeship."""

from __future__ import annotations

import pandas as pd

from . import schedule as sch
from .parameters import Assumptions


def worker_view(a: Assumptions, n_months: int | None = None) -> pd.DataFrame:
    """Monthly earnings of one apprentice who completes and stays (before taxes, no fringe).

    With the apprenticeship: the wage path times paid hours (on-the-job hours,
    plus class hours at the release-time share when release time is paid).
    Without: the counterfactual wage times full-time hours.

    Parameters
    ----------
    a : Assumptions
        One sponsor's assumptions (``scenario.assumptions()``).
    n_months : int, optional
        Months to show [months from the start of the term]; by default the
        term and the months after completion.

    Returns
    -------
    DataFrame
        One row per month: earnings with and without the apprenticeship and
        the difference, in USD per month, and their running totals.
    """
    n = n_months or sch.horizon_months(a)
    release = a.instruction.release_wage_share if a.instruction.release_time_paid else 0.0
    paid_hours = sch.ojl_hours(a, n) + sch.class_hours(a, n) * release
    wage = sch.wage_path(a, n)
    with_ = wage * paid_hours
    without = sch.counterfactual_wage(a, n) * sch.full_time_hours(a)
    frame = pd.DataFrame({"month": sch.months(n), "wage": wage, "paid_hours": paid_hours,
                          "earnings_with": with_, "earnings_without": without})
    frame["gain"] = frame["earnings_with"] - frame["earnings_without"]
    frame["cumulative_gain"] = frame["gain"].cumsum()
    return frame
