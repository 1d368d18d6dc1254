"""Small helpers shared by the core-model tests (hand formulas live in the tests themselves)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from imt_roi import Result, evaluate, preset

#: Tolerances, named for what they allow.
#: The same quantity reached by two routes (sums in another order): floating-point rounding, relative.
ROUNDING = 1e-9
#: Money reached by two routes: a millionth of a dollar, absolute (for sums near zero).
USD_ROUNDING = 1e-6
#: A figure drawn in a chart, rounded to cents there.
CENT = 0.01
#: A figure published to two decimals (1.48) is reproduced when it rounds to it.
PUBLISHED_2DP = 0.005
#: A rate published as a fraction of counts (46 / 60) and stored rounded to four places.
RATE_4DP = 1e-4

#: The documented default inputs the hand computations use.
WAGE = 18.50
FRINGE = 0.30
OJL = 2736
RTI = 264
TERM = 18
COMPLETION = 0.7667  # 46 / 60, rounded to 4 places (the JFF preset's reading)
STAY = 0.90  # 1 - retention.completion_separation_share: completers still there after the leaving at completion
COMPLETER_SEP = 0.10  # retention.completer_separation_rate, yearly
N = 10


def hazard(completion: float = COMPLETION, term: int = TERM) -> float:
    """Monthly leaving hazard h with (1 - h) ** term = completion."""
    return 1 - completion ** (1 / term)


def present(month: int, completion: float = COMPLETION, term: int = TERM) -> float:
    """Expected share of starters present in ``month`` of the term."""
    return (1 - hazard(completion, term)) ** (month - 1)


def run(overrides: dict | None = None, name: str = "imt-jff-2020") -> Result:
    """Evaluate a preset (by default the JFF convention: output value, term only, undiscounted)."""
    return evaluate(preset(name, overrides or {}))


def line_by_month(result: Result, line: str, **filters) -> np.ndarray:
    """Amount of ``line`` in plan months 1..last_month (index 0 = month 1), summed over the other columns."""
    flows = result.cashflows
    rows = flows["line"] == line
    for column, value in filters.items():
        rows &= flows[column] == value
    totals = flows[rows].groupby("month")["amount"].sum()
    return totals.reindex(range(1, result.last_month + 1), fill_value=0.0).to_numpy()


def lines(result: Result) -> set[str]:
    return set(result.cashflows["line"].astype(str).unique())


def line_kind(result: Result, line: str) -> set[str]:
    return set(result.cashflows.loc[result.cashflows["line"] == line, "kind"].astype(str))


def monthly(flows: pd.DataFrame, last_month: int) -> tuple[np.ndarray, np.ndarray]:
    """Independent recomputation: costs and benefits per month 1..last_month via pandas groupby."""
    table = flows.groupby(["month", "kind"], observed=True)["amount"].sum().unstack("kind")
    table = table.reindex(index=range(1, last_month + 1), columns=["cost", "benefit"]).fillna(0.0)
    return table["cost"].to_numpy(), table["benefit"].to_numpy()
