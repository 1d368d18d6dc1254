"""Implied assumptions: which inputs reach a published figure.

Given a target figure (say B/C = 1.48, or a 48% net return) and one free
input, :func:`implied_value` finds the input's value. Given two free inputs,
:func:`implied_grid` tabulates the figure over a grid of both and
:func:`iso_line` traces, for each value of the first, the value of the second
that reaches the target: the combinations consistent with the published
figure. :func:`sensitivity` shows how far each unpublished input moves the
figure. All search with :func:`imt_roi.solve_for_ratio`; every figure comes
from :func:`imt_roi.evaluate`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .breakeven import BreakEven, numeric_input, solve_for_ratio
from .scenario_io import with_value
from .errors import ScenarioError
from .parameters import Scenario
from .results import evaluate


def target_ratio(target: float, measure: str = "benefit_cost_ratio") -> float:
    """The benefit-cost ratio a target figure means: B/C itself, or 1 + r for a net return r."""
    if measure == "benefit_cost_ratio":
        return float(target)
    if measure == "net_roi":
        return 1.0 + float(target)
    raise ScenarioError("measure", f"a target is a benefit_cost_ratio or a net_roi, not {measure!r}")


def implied_value(scenario: Scenario, path: str, target: float, measure: str = "benefit_cost_ratio",
                  low: float | None = None, high: float | None = None) -> BreakEven:
    """Value of the input at ``path`` at which the scenario reaches ``target``.

    Parameters
    ----------
    scenario : Scenario
        The plan whose one input is varied.
    path : str
        Dotted path of a numeric input, e.g. ``output.value_per_hour``.
    target : float
        The figure to reach, in the unit of ``measure``: a ratio (1.48) or a
        net return as a fraction (0.48 for 48%).
    measure : str
        ``benefit_cost_ratio`` or ``net_roi``.
    low, high : float, optional
        Search range in the input's unit; by default its valid range.

    Returns
    -------
    BreakEven
        ``value`` in the input's unit, or None when the target is never reached.
    """
    return solve_for_ratio(scenario, path, target_ratio(target, measure), low, high)


def _figures(scenario: Scenario) -> dict:
    r = evaluate(scenario)
    return {"benefit_cost_ratio": r.benefit_cost_ratio, "net_roi": r.net_roi,
            "total_costs": r.total_costs, "total_benefits": r.total_benefits}


def implied_grid(scenario: Scenario, a_path: str, a_values: Iterable[float], b_path: str,
                 b_values: Iterable[float]) -> pd.DataFrame:
    """The scenario's figures over every combination of two inputs.

    Parameters
    ----------
    scenario : Scenario
        The plan whose two inputs are varied.
    a_path, b_path : str
        Dotted paths of two different numeric inputs.
    a_values, b_values : iterable of float
        The values to try, each in its input's unit.

    Returns
    -------
    DataFrame
        One row per pair, columns named by the two paths, then
        ``benefit_cost_ratio``, ``net_roi`` (fraction), ``total_costs`` and
        ``total_benefits`` (USD, present values). Pivot it with
        ``grid.pivot(index=b_path, columns=a_path, values="benefit_cost_ratio")``.
    """
    if a_path == b_path:
        raise ScenarioError(b_path, "give two different inputs")
    numeric_input(scenario, a_path)
    numeric_input(scenario, b_path)
    rows = []
    for a in a_values:
        at_a = with_value(scenario, a_path, a)
        for b in b_values:
            rows.append({a_path: a, b_path: b, **_figures(with_value(at_a, b_path, b))})
    return pd.DataFrame(rows)


def iso_line(scenario: Scenario, a_path: str, a_values: Iterable[float], b_path: str, target: float,
             measure: str = "benefit_cost_ratio", low: float | None = None, high: float | None = None,
             grid: int = 21) -> pd.DataFrame:
    """For each value of input A, the value of input B at which the scenario reaches ``target``.

    Returns a DataFrame with columns ``a_path``, ``b_path`` (NaN where B cannot
    reach the target in [low, high]) and ``reached``. Every row is a
    combination of the two inputs consistent with the target figure.
    """
    if a_path == b_path:
        raise ScenarioError(b_path, "give two different inputs")
    numeric_input(scenario, a_path)
    ratio = target_ratio(target, measure)
    rows = []
    for a in a_values:
        found = solve_for_ratio(with_value(scenario, a_path, a), b_path, ratio, low, high, grid=grid)
        rows.append({a_path: a, b_path: np.nan if found.value is None else found.value,
                     "reached": found.value is not None})
    return pd.DataFrame(rows)


def sensitivity(scenario: Scenario, paths: Sequence[str], change: float = 0.10,
                measure: str = "benefit_cost_ratio") -> pd.DataFrame:
    """One input at a time: the figure with each input ``change`` lower and higher.

    Columns: ``path, value, low_value, high_value, at_low, at_high, base,
    swing`` (``swing`` = at_high - at_low), sorted by the size of the swing.
    Inputs at 0 move by ``change`` in absolute terms; values are clipped to the
    input's valid range.
    """
    base = getattr(evaluate(scenario), measure)
    rows = []
    for path in paths:
        info = numeric_input(scenario, path)
        value = float(info.value)
        step = abs(value) * change if value else change
        lo, hi = value - step, value + step
        if info.ge is not None:
            lo = max(lo, info.ge)
        if info.le is not None:
            hi = min(hi, info.le)
        cast = int if isinstance(info.value, int) else float
        lo, hi = cast(round(lo)) if cast is int else lo, cast(round(hi)) if cast is int else hi
        at_lo = getattr(evaluate(with_value(scenario, path, lo)), measure)
        at_hi = getattr(evaluate(with_value(scenario, path, hi)), measure)
        rows.append({"path": path, "label": info.label, "value": info.value, "low_value": lo, "high_value": hi,
                     "at_low": at_lo, "at_high": at_hi, "base": base, "swing": at_hi - at_lo})
    table = pd.DataFrame(rows)
    return table.reindex(table["swing"].abs().sort_values(ascending=False).index).reset_index(drop=True)
