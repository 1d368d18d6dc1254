"""Ranges as data: what is known about each input that decides the answer, and draws from it.

A :class:`Range` gives one numeric input a distribution: triangular (low,
likely, high), uniform (low, high), truncated normal (mean, sd, between low
and high), beta for shares (mean, sd, scaled to low..high, 0..1 by default) or
a discrete choice (values with weights). Each carries its reason.

The toolkit ships ranges for the inputs that decide the answer
(:data:`DEFAULT_RANGES`), each centred on its shipped default (the default is
the range's most likely value and its midpoint), so the headline figure is
the central one. A scenario that sets an input to a value of its own keeps
the shipped range's spread, moved to that value (:meth:`Range.moved_to`),
unless it lists the input in ``uncertainty.exact`` or gives a range of its
own. A scenario's own ranges (``uncertainty.ranges``) replace the shipped one
for their path; ``uncertainty.use_default_ranges: false`` drops the shipped
ranges altogether. Inputs that move together are drawn with a stated rank
correlation (:data:`CORRELATIONS`). Draws come from
``numpy.random.default_rng(seed)``, so a seed gives the same numbers every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from . import figures as P
from . import sources as S
from .fields import Record, param

#: Draws used to read the 5th and 95th percentiles of a normal or beta range for the tornado.
TORNADO_QUANTILE_DRAWS = 20_000


class Range(Record):
    """The distribution of one numeric input (a dotted path, e.g. ``retention.completion_rate``)."""

    path: str = param("retention.completion_rate", label="Input the range belongs to (dotted path)", unit="text",
                      source="user input", min_length=1, max_length=120)
    kind: Literal["triangular", "uniform", "normal", "beta", "choice"] = param(
        "triangular", label="Shape of the range", unit="choice", source="user input")
    low: float | None = param(None, label="Lowest value (triangular, uniform; bound of normal and beta)",
                              unit="input", source="user input", ge=-1e9, le=1e9)
    likely: float | None = param(None, label="Most likely value (triangular; none = the scenario's value)",
                                 unit="input", source="user input", ge=-1e9, le=1e9)
    high: float | None = param(None, label="Highest value (triangular, uniform; bound of normal and beta)",
                               unit="input", source="user input", ge=-1e9, le=1e9)
    mean: float | None = param(None, label="Mean (normal, beta)", unit="input", source="user input",
                               ge=-1e9, le=1e9)
    sd: float | None = param(None, label="Standard deviation (normal, beta)", unit="input", source="user input",
                             ge=0, le=1e9)
    values: list[float] = Field(default_factory=list, max_length=20)
    weights: list[float] = Field(default_factory=list, max_length=20)
    reason: str = param("", label="Why this range", unit="text", source="user input", max_length=1000)

    @model_validator(mode="after")
    def _complete(self):
        k = self.kind
        if k in ("triangular", "uniform") and (self.low is None or self.high is None):
            raise ValueError(f"{'low' if self.low is None else 'high'}: a {k} range needs low and high")
        if k in ("normal", "beta") and (self.mean is None or self.sd is None):
            raise ValueError(f"{'mean' if self.mean is None else 'sd'}: a {k} range needs mean and sd")
        if k == "choice" and not self.values:
            raise ValueError("values: a choice needs at least one value")
        if self.weights and len(self.weights) != len(self.values):
            raise ValueError(f"weights: {len(self.weights)} weights for {len(self.values)} values")
        if self.weights and (min(self.weights) < 0 or sum(self.weights) <= 0):
            raise ValueError("weights: weights must be >= 0 and add up to more than 0")
        lo, hi = self.bounds
        if lo > hi:
            raise ValueError(f"high: {hi:g} is below low ({lo:g})")
        if self.likely is not None and not lo <= self.likely <= hi:
            raise ValueError(f"likely: {self.likely:g} is outside low..high ({lo:g} to {hi:g})")
        if k in ("normal", "beta") and not lo <= self.mean <= hi:
            raise ValueError(f"mean: {self.mean:g} is outside low..high ({lo:g} to {hi:g})")
        if k == "beta":
            span = hi - lo
            if span <= 0 or self.sd <= 0 or self.sd ** 2 >= (self.mean - lo) * (hi - self.mean):
                raise ValueError(f"sd: {self.sd:g} is too wide for a beta with mean {self.mean:g} on "
                                 f"{lo:g} to {hi:g}")
        return self

    @property
    def bounds(self) -> tuple[float, float]:
        """The range's lowest and highest possible values."""
        if self.kind == "choice":
            return min(self.values), max(self.values)
        if self.kind == "beta":
            return (0.0 if self.low is None else self.low), (1.0 if self.high is None else self.high)
        if self.kind == "normal":
            return (-np.inf if self.low is None else self.low), (np.inf if self.high is None else self.high)
        return self.low, self.high

    def sample(self, rng: np.random.Generator, n: int, point: float) -> np.ndarray:
        """``n`` draws; ``point`` (the scenario's value) is the likely value of a triangular range without one."""
        if self.kind == "triangular":
            likely = point if self.likely is None else self.likely
            if self.low == self.high:
                return np.full(n, float(self.low))
            return rng.triangular(self.low, likely, self.high, n)
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high, n)
        if self.kind == "choice":
            p = np.asarray(self.weights, float) / sum(self.weights) if self.weights else None
            return rng.choice(np.asarray(self.values, float), size=n, p=p)
        lo, hi = self.bounds
        if self.kind == "beta":
            m, v = (self.mean - lo) / (hi - lo), (self.sd / (hi - lo)) ** 2
            common = m * (1 - m) / v - 1
            return lo + (hi - lo) * rng.beta(m * common, (1 - m) * common, n)
        return _truncated_normal(rng, n, self.mean, self.sd, lo, hi)

    def likely_value(self, point: float) -> float:
        """The value the tornado holds this input at: the triangular's likely, the mean, or the scenario's."""
        if self.kind == "triangular":
            return point if self.likely is None else self.likely
        if self.kind in ("normal", "beta"):
            return self.mean
        return point

    @property
    def centre(self) -> float:
        """The value a shipped range is written around: a triangular's likely value, a uniform's midpoint."""
        if self.kind == "triangular" and self.likely is not None:
            return self.likely
        lo, hi = self.bounds
        return (lo + hi) / 2

    def moved_to(self, point: float, ge: float | None, le: float | None) -> "Range":
        """This range's spread moved to ``point`` (a value the user set), kept inside the valid range [ge, le]:
        both ends shift by the distance from the range's centre (a triangular's likely value, a uniform's
        midpoint) to ``point``. For the shipped ranges, which are all triangular or uniform."""
        if self.kind not in ("triangular", "uniform"):
            raise ValueError(f"{self.path}: only a triangular or uniform range can be moved")
        shift = point - self.centre
        floor = -np.inf if ge is None else ge
        ceiling = np.inf if le is None else le
        low, high = min(max(self.low + shift, floor), point), max(min(self.high + shift, ceiling), point)
        return self.model_copy(update={"low": low, "high": high,
                                       "likely": point if self.kind == "triangular" else None})

    def low_high(self) -> tuple[float, float]:
        """The input's own low and high for the tornado: the range's ends (P5 and P95 of a normal or beta)."""
        if self.kind in ("normal", "beta"):
            draws = self.sample(np.random.default_rng(0), TORNADO_QUANTILE_DRAWS, self.mean)
            return float(np.percentile(draws, 5)), float(np.percentile(draws, 95))
        return self.bounds


def _truncated_normal(rng: np.random.Generator, n: int, mean: float, sd: float, lo: float, hi: float) -> np.ndarray:
    """Normal draws kept inside [lo, hi], by rejection in vectorized rounds."""
    if sd == 0:
        return np.full(n, float(mean))
    out = np.empty(0)
    for _ in range(1000):  # rounds of rejection, not a loop over draws
        batch = rng.normal(mean, sd, 2 * (n - len(out)) + 16)
        out = np.concatenate([out, batch[(batch >= lo) & (batch <= hi)]])
        if len(out) >= n:
            return out[:n]
    raise ValueError("the normal range keeps almost no draws between its bounds: widen low..high or the sd")


class ScenarioSet(Record):
    """Named inputs evaluated side by side with the scenario (e.g. low, medium, high productivity)."""

    name: str = param("set", label="Name of the set", unit="text", source="user input", min_length=1,
                      max_length=80)
    set: dict[str, float | int | bool | str] = Field(default_factory=dict)
    reason: str = param("", label="What the set stands for", unit="text", source="user input", max_length=1000)


class Uncertainty(Record):
    """The scenario's ranges and scenario sets (``uncertainty`` in a scenario file)."""

    use_default_ranges: bool = param(True, label="Draw the shipped ranges of inputs left at their defaults",
                                     unit="flag", source="user input")
    ranges: list[Range] = Field(default_factory=list, max_length=200)
    exact: list[str] = Field(default_factory=list, max_length=200)
    use_default_sets: bool = param(True, label="Show the shipped low / medium / high productivity sets",
                                   unit="flag", source="user input")
    sets: list[ScenarioSet] = Field(default_factory=list, max_length=50)


def _r(path: str, reason: str, **kw) -> Range:
    return Range(path=path, reason=reason, **kw)


#: Shipped ranges of the inputs that decide the answer, each centred on its shipped default.
DEFAULT_RANGES: tuple[Range, ...] = (
    _r("wages.technician_wage", kind="triangular", low=P.TECHNICIAN_WAGE - 5, likely=P.TECHNICIAN_WAGE,
       high=P.TECHNICIAN_WAGE + 5, reason=S.TECHNICIAN_WAGE_RANGE),
    _r("wages.fringe_rate", kind="triangular", low=0.20, likely=0.30, high=0.40,
       reason="assumption: benefits and payroll taxes of production workers vary by firm and union status"),
    _r("substitution.productive_share_start", kind="triangular", low=0.75, likely=0.85, high=0.95,
       reason="assumption: incumbents keep most of their production work from the first month"),
    _r("substitution.relative_productivity_start", kind="triangular", low=0.25, likely=0.40, high=0.55,
       reason="Swiss first-year figures run from 0.20 (mechanic) to 0.40 (cook) (" + S.MW_2014_T3 + "); "
              "incumbent production workers may start higher"),
    _r("substitution.relative_productivity_end", kind="triangular", low=0.80, likely=0.90, high=1.0,
       reason="from about the Swiss last-year averages of 0.80 and 0.81 (" + S.MW_2014_T3 + ") to full "
              "productivity at completion"),
    _r("output.value_per_hour", kind="triangular", low=35.0, likely=P.JFF_VALUE_PER_HOUR,
       high=round(2 * P.JFF_VALUE_PER_HOUR - 35.0, 4),
       reason="not published: from a little above a production worker's loaded wage to as far above the value "
              "calibrated to the JFF 2020 $1.48"),
    _r("retention.completion_rate", kind="uniform", low=P.COMPLETION_FINISHED_OR_LEFT, high=P.COMPLETION_NOT_LEFT,
       reason="anywhere between the two readings of " + S.COWS_TABLE1 + ": 46 of the 60 who finished or left, "
              "and 110 of 124 not left so far"),
    _r("retention.completion_separation_share", kind="triangular", low=0.0, likely=P.COMPLETION_SEPARATION_SHARE,
       high=2 * P.COMPLETION_SEPARATION_SHARE, reason=S.COMPLETION_SEPARATION_RANGE),
    _r("retention.completer_separation_rate", kind="triangular", low=0.05, likely=P.COMPLETER_SEPARATION_RATE,
       high=2 * P.COMPLETER_SEPARATION_RATE - 0.05, reason=S.COMPLETER_SEPARATION_RANGE),
    _r("outside_hire.share_filling_outside_posts", kind="triangular", low=0.5, likely=0.75, high=1.0,
       reason="assumption: from half the completers to all of them taking a post the firm would have hired for"),
    _r("outside_hire.recruiting_cost", kind="triangular", low=1500.0, likely=4000.0, high=6500.0,
       reason="assumption: from a referral and a day of interviews to advertising and agency fees"),
    _r("outside_hire.vacancy_months", kind="triangular", low=0.5, likely=2.0, high=3.5,
       reason="assumption: skilled posts in manufacturing can stay open for months"),
    _r("outside_hire.vacancy_cost_share", kind="triangular", low=0.25, likely=0.5, high=0.75,
       reason="assumption: from overtime at a lower premium to output partly lost"),
    _r("outside_hire.adaptation_months", kind="triangular", low=1.0, likely=3.0, high=5.0,
       reason="assumption: a skilled hire learns a plant's equipment in one to five months"),
    _r("outside_hire.adaptation_productivity", kind="triangular", low=0.6, likely=0.75, high=0.9,
       reason="assumption: a new hire loses a tenth to two fifths of an hour's output while adapting"),
    _r("outside_hire.productivity_advantage", kind="triangular", low=0.0, likely=0.05, high=0.10,
       reason="assumption: from no advantage to a clear edge from knowing the plant (" + S.MW_2019 + ")"),
    _r("outside_hire.separation_rate", kind="triangular", low=0.12, likely=0.20, high=0.28,
       reason="assumption: new outside hires leave more often than completers, less than production workers"),
    _r("mentor.hours_per_month", kind="triangular", low=4.0, likely=8.0, high=12.0,
       reason="assumption: one to three hours a week of a mentor's time per apprentice"),
)


@dataclass(frozen=True)
class Correlation:
    """Two inputs drawn with a rank (Spearman) correlation, and why they move together."""

    first: str
    second: str
    rho: float
    reason: str


#: Inputs that move together, drawn with these rank correlations where both are drawn.
CORRELATIONS: tuple[Correlation, ...] = (
    Correlation("wages.technician_wage", "outside_hire.recruiting_cost", 0.4,
                "assumption: where skilled technicians are scarce, both their wage and the cost of finding one are "
                "higher"),
    Correlation("outside_hire.recruiting_cost", "outside_hire.vacancy_months", 0.5,
                "assumption: a tight labour market makes a skilled post both costlier and slower to fill"),
    Correlation("outside_hire.adaptation_months", "outside_hire.productivity_advantage", 0.5,
                "assumption: the more a plant's own equipment and processes must be learned, the longer an outside "
                "hire takes to adapt and the larger the firm-trained completer's edge"),
    Correlation("outside_hire.adaptation_productivity", "outside_hire.productivity_advantage", -0.4,
                "assumption: the same plant-specific knowledge lowers an outside hire's output while adapting"),
    Correlation("substitution.relative_productivity_end", "outside_hire.productivity_advantage", 0.3,
                "assumption: a programme that trains completers well leaves them both closer to a technician and "
                "ahead of an outside hire in this plant"),
)


#: Shipped scenario sets, in the manner of the AAI 2022 study's low / medium / high productivity.
DEFAULT_SETS: tuple[ScenarioSet, ...] = (
    ScenarioSet(name="low productivity", set={
        "substitution.relative_productivity_start": 0.25, "substitution.relative_productivity_end": 0.80,
        "output.value_per_hour": 35.0, "outside_hire.productivity_advantage": 0.0},
        reason="each productivity input at the low end of its shipped range, as the AAI 2022 study's low "
               "scenario (" + S.AAI_2022 + ")"),
    ScenarioSet(name="medium productivity", set={},
                reason="the shipped defaults"),
    ScenarioSet(name="high productivity", set={
        "substitution.relative_productivity_start": 0.55, "substitution.relative_productivity_end": 1.0,
        "output.value_per_hour": round(2 * P.JFF_VALUE_PER_HOUR - 35.0, 4),
        "outside_hire.productivity_advantage": 0.10},
        reason="each productivity input at the high end of its shipped range, as the AAI 2022 study's high "
               "scenario"),
)


@dataclass(frozen=True)
class ActiveRange:
    """A range in force for one scenario: the input's path, the scenario's value, the range and its origin."""

    path: str
    point: float
    range: Range
    origin: str  # "scenario" or "shipped"


@dataclass(frozen=True)
class HeldInput:
    """An input with a shipped range that is not drawn for this scenario, and why."""

    path: str
    value: float
    why: str
