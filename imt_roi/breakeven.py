"""Break-even: the value of one numeric input at which benefits equal costs (B/C = 1)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import ScenarioError
from .fields import ParamInfo, iter_params
from .parameters import Scenario
from .results import evaluate
from .scenario_io import with_value


#: Bisection stops when the bracket is narrower than this share of the value (1e-7: a wage to a
#: thousandth of a cent).
SOLVER_TOLERANCE = 1e-7


@dataclass(frozen=True)
class BreakEven:
    """Result of :func:`break_even`; ``value`` is None when B/C = 1 is not reached in [low, high]."""

    path: str
    value: float | None
    low: float
    high: float
    message: str


def numeric_input(scenario: Scenario, path: str) -> ParamInfo:
    """The declared numeric input at ``path`` (e.g. ``wages.starting_wage``), or ScenarioError."""
    for info in iter_params(scenario):
        if info.path == path:
            if isinstance(info.value, bool) or not isinstance(info.value, (int, float)):
                raise ScenarioError(path, "break-even needs a numeric input")
            return info
    raise ScenarioError(path, "no such numeric input")


def ratio_at(scenario: Scenario, path: str, value) -> float:
    """Benefit-cost ratio with the input at ``path`` set to ``value`` (nan where undefined)."""
    bcr = evaluate(with_value(scenario, path, value)).benefit_cost_ratio
    return float("nan") if bcr is None else bcr


def solve_for_ratio(scenario: Scenario, path: str, target: float, low: float | None = None,
                    high: float | None = None, grid: int = 41, tol: float = SOLVER_TOLERANCE) -> BreakEven:
    """Value of the input at ``path`` where B/C equals ``target``, searched in [low, high].

    A grid locates the first crossing, bisection refines it; whole-number
    inputs return the first whole number at which B/C reaches the target.

    Parameters
    ----------
    scenario : Scenario
        The plan whose one input is varied.
    path : str
        Dotted path of a numeric input, e.g. ``wages.starting_wage``.
    target : float
        The B/C to reach (a ratio; 1.0 is break-even).
    low, high : float, optional
        Search range, in the input's own unit; by default its valid range.
        Must be finite.
    grid : int
        Grid points for locating the first crossing.
    tol : float
        Bisection stops when the bracket is narrower than this share of the value.

    Returns
    -------
    BreakEven
        ``value`` in the input's unit (None when the target is not reached in
        the range), the range searched, and a one-line ``message``.

    Raises
    ------
    ScenarioError
        For an unknown or non-numeric path, or a range that is not finite.
    """
    info = numeric_input(scenario, path)
    lo = info.ge if low is None else low
    hi = info.le if high is None else high
    if lo is None or hi is None:
        raise ScenarioError(path, "give a search range: the input has no bounded valid range")
    for name, bound in (("--low", lo), ("--high", hi)):
        if not np.isfinite(bound):
            raise ScenarioError(name, f"{bound} is not a finite number")
        if (info.ge is not None and bound < info.ge) or (info.le is not None and bound > info.le):
            raise ScenarioError(name, f"{bound:g} is outside the valid range of {path} ({info.range_text})")
    if lo >= hi:
        raise ScenarioError("--high", f"{hi:g} is not above --low ({lo:g})")
    is_int = isinstance(info.value, int)
    xs = np.unique(np.round(np.linspace(lo, hi, grid))) if is_int else np.linspace(lo, hi, grid)
    caster = int if is_int else float
    gaps = np.array([ratio_at(scenario, path, caster(x)) - target for x in xs])
    ok = np.isfinite(gaps)
    crossing = None
    for i in range(len(xs) - 1):
        if ok[i] and ok[i + 1] and (gaps[i] == 0 or np.sign(gaps[i]) != np.sign(gaps[i + 1])):
            crossing = i
            break
    if crossing is None:
        lo_b, hi_b = np.nanmin(gaps) + target, np.nanmax(gaps) + target
        return BreakEven(path, None, lo, hi, f"B/C does not reach {target:g} for {info.label} between {lo:g} and "
                                             f"{hi:g} (B/C ranges {lo_b:.3f} to {hi_b:.3f})")
    a, b = float(xs[crossing]), float(xs[crossing + 1])
    ga = gaps[crossing]
    if ga == 0:
        return BreakEven(path, a, lo, hi, f"B/C = {target:g} at {path} = {a:.10g}")
    while (b - a) > (1 if is_int else tol * max(1.0, abs(b))):
        mid = (a + b) / 2 if not is_int else (a + b) // 2
        gm = ratio_at(scenario, path, caster(mid)) - target
        if np.sign(gm) == np.sign(ga):
            a, ga = mid, gm
        else:
            b = mid
    value = b if is_int else (a + b) / 2
    return BreakEven(path, caster(value), lo, hi, f"B/C = {target:g} at {path} = {value:.10g} {info.unit}")


def break_even(scenario: Scenario, path: str, low: float | None = None, high: float | None = None) -> BreakEven:
    """Value of the input at ``path`` at which benefits equal costs (B/C = 1).

    Parameters
    ----------
    scenario : Scenario
        The plan whose one input is varied.
    path : str
        Dotted path of a numeric input, e.g. ``output.value_per_hour``.
    low, high : float, optional
        Search range in the input's unit; by default its valid range.

    Returns
    -------
    BreakEven
        See :func:`solve_for_ratio` with ``target=1``.
    """
    return solve_for_ratio(scenario, path, 1.0, low, high)
