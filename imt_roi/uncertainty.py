"""How sure is the answer: Monte Carlo over the ranges, a tornado, and scenario sets.

:func:`simulate` draws every input that has a range in force (:func:`active_ranges`)
``draws`` times from a seeded generator and evaluates all draws in one
batched pass (:func:`imt_roi.batch.evaluate_batch`). It reports percentiles
(P5, P25, P50, P75, P95) of B/C, net return, NPV, peak outlay and payback
month, the probability of at least breaking even, the inputs that drive the
spread (Spearman rank correlation with B/C) and the percentiles of the
cumulative net cash per month (the fan chart). :func:`tornado` moves each
ranged input to its own low and high with the others at their likely values;
:func:`scenario_sets` evaluates named sets of inputs side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .batch import BatchMetrics, evaluate_batch, evaluate_batch_by_employer
from .overrides import set_path
from .errors import ScenarioError
from .fields import iter_params
from .limits import MAX_DRAWS
from .parameters import Assumptions, Scenario
from .range_checks import apply_set, numeric_inputs
from .scenario_io import scenario_from_dict
from .ranges import CORRELATIONS, DEFAULT_RANGES, DEFAULT_SETS, ActiveRange, HeldInput, Range

PERCENTILES = (5, 25, 50, 75, 95)
#: Metrics whose percentiles are reported, in order.
SPREAD_METRICS = ("benefit_cost_ratio", "net_roi", "npv", "peak_outlay", "payback_month")
DEFAULT_DRAWS = 2000
#: Draws behind the dashboards' panels (a redraw within a second of an input change).
DASHBOARD_DRAWS = 2000
DEFAULT_SEED = 20260
def matters(scenario: Scenario, path: str) -> bool:
    """Whether the input at ``path`` enters this scenario's figures (a method's or alternative's own inputs)."""
    after = scenario.horizon.months_after_completion > 0
    if path.startswith("substitution."):
        return scenario.method == "substitution"
    if path.startswith("output."):
        return scenario.method != "substitution" or (after and scenario.alternative == "keep_incumbent"
                                                      and path == "output.productivity_gain")
    if path.startswith("outside_hire."):
        return after and scenario.alternative == "hire_outside"
    if path in ("retention.completer_separation_rate", "retention.completion_separation_share"):
        return after
    return True


def active_ranges(scenario: Scenario) -> tuple[list[ActiveRange], list[HeldInput]]:
    """The ranges in force for ``scenario``, and the inputs with a range that are held (not drawn), with why.

    A scenario's own range always applies. A shipped range applies around the
    scenario's value: as shipped while the input is at its shipped default,
    its spread moved to the value the scenario set otherwise (origin
    "shipped, moved"). An input listed in ``uncertainty.exact`` is held.
    """
    numeric = numeric_inputs(scenario)
    exact = set(scenario.uncertainty.exact)
    own = {r.path: r for r in scenario.uncertainty.ranges}
    active = [ActiveRange(p, float(numeric[p].value), r, "scenario") for p, r in own.items() if p not in exact]
    held = [HeldInput(p, float(numeric[p].value), "marked exact") for p in scenario.uncertainty.exact
            if p in numeric]
    if scenario.uncertainty.use_default_ranges:
        for r in DEFAULT_RANGES:
            if r.path in own or r.path in exact or r.path not in numeric or not matters(scenario, r.path):
                continue
            info = numeric[r.path]
            point = float(info.value)
            if abs(point - r.centre) <= 1e-9 * max(1.0, abs(r.centre)):
                active.append(ActiveRange(r.path, point, r, "shipped"))
            else:
                active.append(ActiveRange(r.path, point, r.moved_to(point, info.ge, info.le), "shipped, moved"))
    return active, held


def with_ranges(scenario: Scenario, ranges: dict[str, tuple[float, float, float]] | None = None,
                exact: list[str] | None = None) -> Scenario:
    """``scenario`` with the user's own triangular ranges (path -> (low, mode, high)) and inputs marked exact.

    The mode is the value the input is set to as well, so the headline and the range agree. Raises
    ScenarioError naming a bad path or value (``uncertainty.ranges.N.low``).
    """
    data = scenario.model_dump()
    own = [r for r in data["uncertainty"]["ranges"] if r["path"] not in (ranges or {})]
    for path, (low, mode, high) in (ranges or {}).items():
        own.append({"path": path, "kind": "triangular", "low": low, "likely": mode, "high": high,
                    "reason": "the user's own range"})
        set_path(data, path, mode)
    data["uncertainty"]["ranges"] = own
    data["uncertainty"]["exact"] = list(dict.fromkeys([*data["uncertainty"]["exact"], *(exact or [])]))
    return scenario_from_dict(data)


def held_text(held: list[HeldInput]) -> str:
    """The inputs a probability holds fixed, in a few words ("nothing held" when every ranged input is drawn)."""
    if not held:
        return "nothing held"
    return "holding " + ", ".join(f"{h.path} = {h.value:g} ({h.why})" for h in held)


def draw_inputs(scenario: Scenario, draws: int, seed: int) -> dict[str, np.ndarray]:
    """``draws`` values of every ranged input, from ``numpy.random.default_rng(seed)`` in path order."""
    if not 1 <= draws <= MAX_DRAWS:
        raise ScenarioError("draws", f"{draws:,} draws: choose 1 to {MAX_DRAWS:,} (the limit keeps a "
                                     "request to seconds and under 2 GB)")
    if not 0 <= seed < 2 ** 63:
        raise ScenarioError("seed", f"{str(seed)[:40]}: choose a whole number from 0 to 2**63 - 1")
    rng = np.random.default_rng(seed)
    active, _ = active_ranges(scenario)
    samples = {a.path: a.range.sample(rng, draws, a.point) for a in sorted(active, key=lambda a: a.path)}
    return correlate(samples, rng)


def correlate(samples: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """The draws of inputs in :data:`CORRELATIONS` reordered to carry the stated rank correlations.

    Iman and Conover's method: each input keeps its own draws (so its range is
    untouched) and is reordered to follow the ranks of normal scores drawn with
    the matching correlation (Pearson 2 sin(pi rho / 6) for a Spearman rho).
    """
    pairs = [c for c in CORRELATIONS if c.first in samples and c.second in samples]
    paths = sorted({p for c in pairs for p in (c.first, c.second)})
    n = len(next(iter(samples.values()), []))
    if not pairs or n < 2:
        return samples
    index = {p: i for i, p in enumerate(paths)}
    target = np.eye(len(paths))
    for c in pairs:
        i, j = index[c.first], index[c.second]
        target[i, j] = target[j, i] = 2 * np.sin(np.pi * c.rho / 6)
    values, vectors = np.linalg.eigh(target)
    root = vectors * np.sqrt(np.clip(values, 1e-12, None))  # a nearby valid correlation if the stated one is not
    scores = rng.standard_normal((n, len(paths))) @ root.T
    out = dict(samples)
    for p in paths:
        ranks = np.argsort(np.argsort(scores[:, index[p]]))
        out[p] = np.sort(samples[p])[ranks]
    return out


@dataclass(frozen=True)
class TornadoBar:
    path: str
    label: str
    low_value: float
    high_value: float
    at_low: float | None
    at_high: float | None

    @property
    def swing(self) -> float:
        lo, hi = self.at_low, self.at_high
        return 0.0 if lo is None or hi is None or np.isnan(lo) or np.isnan(hi) else abs(hi - lo)


@dataclass(frozen=True)
class Spread:
    """What :func:`simulate` found: percentiles, probabilities, drivers, the fan and the tornado."""

    draws: int
    seed: int
    percentiles: dict[str, dict[str, float | None]]
    prob_bcr_at_least_1: float
    prob_npv_nonnegative: float
    drivers: list[dict]
    fan: pd.DataFrame
    tornado: list[TornadoBar]
    ranges: list[ActiveRange]
    held: list[HeldInput]
    metrics: BatchMetrics = field(repr=False)

    def as_dict(self) -> dict:
        """The JSON of ``imt-roi uncertainty``."""
        return {
            "draws": self.draws, "seed": self.seed, "percentiles": self.percentiles,
            "prob_bcr_at_least_1": self.prob_bcr_at_least_1, "prob_npv_nonnegative": self.prob_npv_nonnegative,
            "tornado": [{"path": b.path, "label": b.label, "low_value": b.low_value, "high_value": b.high_value,
                         "at_low": b.at_low, "at_high": b.at_high} for b in self.tornado],
            "drivers": self.drivers,
            "ranges": [{"path": a.path, "kind": a.range.kind, "low": a.range.bounds[0], "high": a.range.bounds[1],
                        "likely": a.range.likely_value(a.point), "origin": a.origin, "reason": a.range.reason}
                       for a in self.ranges],
            "held": [{"path": h.path, "value": h.value, "why": h.why} for h in self.held],
        }


def _percentiles(values: np.ndarray, whole: bool = False) -> dict[str, float | None]:
    """P5..P95; a figure that does not exist in a draw (NaN: never pays back) counts as the highest."""
    v = np.where(np.isnan(values), np.inf, values)
    method = "inverted_cdf" if whole else "linear"
    out = {}
    for p in PERCENTILES:
        q = float(np.percentile(v, p, method=method))
        out[f"p{p}"] = None if not np.isfinite(q) else q
    return out


def simulate(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
             with_tornado: bool = True) -> Spread:
    """Monte Carlo over the ranges in force: ``draws`` draws from ``seed``, one batched evaluation."""
    samples = draw_inputs(scenario, draws, seed)
    m = evaluate_batch(scenario, samples)
    percentiles = {key: _percentiles(getattr(m, key), whole=key == "payback_month") for key in SPREAD_METRICS}
    percentiles["payback_month"] = {k: None if v is None else int(v) for k, v in percentiles["payback_month"].items()}
    bcr = m.benefit_cost_ratio
    fan = pd.DataFrame(np.percentile(m.cumulative_net, PERCENTILES, axis=0).T,
                       columns=[f"p{p}" for p in PERCENTILES])
    fan.index = pd.RangeIndex(1, len(fan) + 1, name="month")
    active, held = active_ranges(scenario)
    return Spread(
        draws=draws, seed=seed, percentiles=percentiles,
        prob_bcr_at_least_1=float(np.mean(np.nan_to_num(bcr, nan=-np.inf) >= 1.0)),
        prob_npv_nonnegative=float(np.mean(m.npv >= 0)),
        drivers=drivers(samples, bcr, scenario), fan=fan,
        tornado=tornado(scenario) if with_tornado else [], ranges=active, held=held, metrics=m)


def firm_ranges(scenario: Scenario, draws: int = DASHBOARD_DRAWS, seed: int = DEFAULT_SEED,
                total: str = "Partnership") -> pd.DataFrame:
    """P5, P50 and P95 of each employer's B/C (and the whole plan's, in row ``total``) over the same draws."""
    samples = draw_inputs(scenario, draws, seed)
    rows = {}
    for name, metrics in evaluate_batch_by_employer(scenario, samples).items():
        bcr = metrics.benefit_cost_ratio
        p = _percentiles(bcr)
        rows[total if name is None else name] = {"p5": p["p5"], "p50": p["p50"], "p95": p["p95"],
                                                 "prob_bcr_at_least_1": float(np.mean(np.nan_to_num(bcr, nan=-1) >= 1))}
    return pd.DataFrame.from_dict(rows, orient="index")


def drivers(samples: dict[str, np.ndarray], bcr: np.ndarray, scenario: Scenario) -> list[dict]:
    """Each drawn input's Spearman rank correlation with B/C, strongest first."""
    labels = {p.path: p.label for p in iter_params(scenario)}
    target = pd.Series(bcr).rank()
    out = []
    for path, values in samples.items():
        x = pd.Series(values).rank()
        rho = float(x.corr(target)) if x.nunique() > 1 and target.nunique() > 1 else 0.0
        out.append({"path": path, "label": labels.get(path, path), "rank_correlation": 0.0 if np.isnan(rho) else rho})
    return sorted(out, key=lambda d: -abs(d["rank_correlation"]))


def tornado(scenario: Scenario) -> list[TornadoBar]:
    """Each ranged input at its own low and high, the others at their likely values; sorted by swing of B/C."""
    active, _ = active_ranges(scenario)
    if not active:
        return []
    likely = {a.path: a.range.likely_value(a.point) for a in active}
    ends = {a.path: a.range.low_high() for a in active}
    rows = 2 * len(active)
    values = {p: np.full(rows, v) for p, v in likely.items()}
    for i, a in enumerate(active):
        values[a.path][2 * i], values[a.path][2 * i + 1] = ends[a.path]
    bcr = evaluate_batch(scenario, values).benefit_cost_ratio
    labels = {p.path: p.label for p in iter_params(scenario)}

    def value(x: float) -> float | None:
        return None if np.isnan(x) else float(x)

    bars = [TornadoBar(a.path, labels.get(a.path, a.path), ends[a.path][0], ends[a.path][1],
                       value(bcr[2 * i]), value(bcr[2 * i + 1])) for i, a in enumerate(active)]
    return sorted(bars, key=lambda b: -b.swing)


def set_variants(scenario: Scenario) -> dict[str, tuple[Scenario, str]]:
    """Each named set's variant of the scenario (shipped low / medium / high productivity, then the scenario's
    own): name -> (scenario with the set's inputs applied, the set's reason)."""
    sets = list(DEFAULT_SETS) if scenario.uncertainty.use_default_sets else []
    sets += list(scenario.uncertainty.sets)
    data = scenario.model_dump()
    out = {}
    for i, s in enumerate(sets):
        a = apply_set({k: data[k] for k in Assumptions.model_fields}, s, f"uncertainty.sets.{i}.set.")
        out[s.name] = (Scenario.model_validate({**data, **a.model_dump()}), s.reason)
    return out


def scenario_sets(scenario: Scenario) -> pd.DataFrame:
    """The scenario under each named set (shipped low / medium / high productivity, then the scenario's own).

    Rows: set name; columns: benefit_cost_ratio, net_roi, npv, payback_month, peak_outlay, reason.
    """
    from .results import evaluate

    rows = {}
    for name, (variant, reason) in set_variants(scenario).items():
        m = evaluate(variant).metrics
        rows[name] = {"benefit_cost_ratio": m.benefit_cost_ratio, "net_roi": m.net_roi, "npv": m.npv,
                      "payback_month": m.payback_month, "peak_outlay": m.peak_outlay, "reason": reason}
    return pd.DataFrame.from_dict(rows, orient="index")


__all__ = ["Range", "Spread", "TornadoBar", "active_ranges", "draw_inputs", "scenario_sets",
           "set_variants", "simulate", "tornado"]
