"""Benchmarks: other studies' headline figures, each under the measure it is, and a plan beside them.

The shipped figures are in ``imt_roi/data/benchmarks.yaml`` (cited in
``docs/sources.md``); a user adds their own in a file of the same schema
(:func:`load_benchmarks`). A plan is set beside figures of the same measure
only (:data:`MEASURES`): a benefit-cost ratio, a net return or a rate of
return; never across measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from .cases import _data_text, cite
from .conventions import CONVENTIONS, comparable, convention
from .errors import DataError, ScenarioError
from .fields import Name
from .files import as_path
from .reading import parse_text, read_text
from .results import Result, counted_as

MEASURES = {
    "benefit_cost_ratio": "benefit-cost ratio B / C",
    "net_roi": "net return (B - C) / C",
    "rate_of_return": "rate of return (the model's nearest figure: annualised IRR of the monthly net flows)",
}
#: The Result metric set beside each benchmark measure.
RESULT_METRIC = {"benefit_cost_ratio": "benefit_cost_ratio", "net_roi": "net_roi", "rate_of_return": "irr_annual"}


#: Plausible bounds of a published figure in each measure (a ratio of 1,000 is a typing error).
FIGURE_BOUNDS = {"benefit_cost_ratio": (0.0, 100.0), "net_roi": (-1.0, 99.0), "rate_of_return": (-1.0, 100.0)}

_Text = Annotated[Name, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class _Figure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    measure: Literal["benefit_cost_ratio", "net_roi", "rate_of_return"]
    value: float = Field(allow_inf_nan=False)
    #: How the study states it: "equals", or "at_least" / "at_most" ("at least a 50% rate of return").
    comparison: Literal["equals", "at_least", "at_most"] = "equals"
    decimals: int = Field(2, ge=0, le=6)
    label: _Text | None = None

    @model_validator(mode="after")
    def _plausible(self):
        low, high = FIGURE_BOUNDS[self.measure]
        if not low <= self.value <= high:
            raise ValueError(f"value: {self.value:g} is not a plausible {self.measure} (allowed {low:g} to {high:g})")
        return self


class _Study(BaseModel):
    """One study: the shipped schema (``name``, citation fields, ``figures``), or a single figure written
    flat (``study``, ``measure``, ``value``, ``comparison``, ``horizon``, ``source``)."""

    model_config = ConfigDict(extra="forbid")
    name: _Text
    title: _Text | None = None
    author: _Text | None = None
    publisher: _Text | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    locator: _Text | None = None
    source: _Text | None = None
    scope: _Text = "not stated"
    horizon: _Text
    months_after_completion: int | None = Field(None, ge=0, le=600)
    #: How the study counts (a key of :data:`imt_roi.conventions.CONVENTIONS`); None when not declared.
    convention: Literal[tuple(CONVENTIONS)] | None = None
    figures: list[_Figure] = Field(min_length=1, max_length=50)

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data):
        if isinstance(data, dict) and "figures" not in data and "measure" in data:
            data = dict(data)
            figure = {k: data.pop(k) for k in ("measure", "value", "comparison", "decimals", "label") if k in data}
            data["figures"] = [figure]
            if "study" in data:
                data["name"] = data.pop("study")
        elif isinstance(data, dict) and "study" in data and "name" not in data:
            data = {**data, "name": data["study"]}
            del data["study"]
        return data

    @model_validator(mode="after")
    def _cited(self):
        if not (self.title or self.source):
            raise ValueError("source: is required (a title, or a source in words)")
        return self


class _BenchmarkFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    benchmarks: list[_Study] = Field(min_length=1, max_length=500)


def _citation(study: _Study) -> str:
    return cite(study.model_dump(exclude_none=True)) if study.title else study.source


def _figures(studies: list[_Study]) -> list[Benchmark]:
    return [Benchmark(s.name, f.measure, f.value, f.comparison,
                      f.label or f"{f.value:g} ({MEASURES[f.measure].split(' (')[0]})", s.horizon,
                      s.months_after_completion, s.scope, _citation(s), s.convention)
            for s in studies for f in s.figures]


@lru_cache(maxsize=1)
def _shipped() -> _BenchmarkFile:
    name = "benchmarks.yaml"
    try:
        return _BenchmarkFile.model_validate(parse_text(_data_text(name), "yaml", source=name))
    except ValidationError as exc:
        error = ScenarioError.from_validation(exc, _BenchmarkFile)
        raise DataError(name, f"{error.field}: {error.message}") from None
    except ScenarioError as exc:
        raise DataError(name, f"{exc.field}: {exc.message}") from None


@lru_cache(maxsize=1)
def _benchmarks_data() -> tuple[dict, ...]:
    """The shipped studies as plain dicts (validated), for the checks of their own arithmetic."""
    return tuple(s.model_dump() for s in _shipped().benchmarks)


@dataclass(frozen=True)
class Benchmark:
    """A published headline figure of one study, under the measure it is.

    ``value`` is in the measure's own unit (a ratio; a net return or rate of
    return as a fraction, 0.443 for 44.3%); ``comparison`` is how the study
    states it (``equals``, ``at_least``, ``at_most``); ``source`` the citation;
    ``convention`` how the study counts (a key of
    :data:`imt_roi.conventions.CONVENTIONS`, None when not declared).
    """

    study: str
    measure: str
    value: float
    comparison: str
    label: str
    horizon: str
    months_after_completion: int | None
    scope: str
    source: str
    convention: str | None = None


def load_benchmarks(path: str | Path) -> list[Benchmark]:
    """Read a file of published figures (YAML or JSON) in the shipped schema.

    Parameters
    ----------
    path : str or Path
        A file whose top-level key ``benchmarks`` lists studies. Each study is
        either the shipped form (``name``, ``title`` or ``source``,
        ``horizon``, ``figures``: a list of ``measure``, ``value``,
        ``comparison``) or one figure written flat (``study``, ``measure``,
        ``value``, ``comparison``, ``horizon``, ``source``). Either form may
        declare ``convention`` (``plan``, ``jff-2020``, ``aai-2022``,
        ``cost-benefit-survey``): without one, the plan is shown beside the
        figure without a difference.

    Returns
    -------
    list of Benchmark
        One per figure, in file order.

    Raises
    ------
    ScenarioError
        One line naming the field (``benchmarks.0.figures.0.value``) for any
        malformed, non-UTF-8, oversized or implausible file.
    """
    path = as_path(path)
    return parse_benchmarks(read_text(path), str(path))


def parse_benchmarks(text: str, name: str = "benchmarks.yaml") -> list[Benchmark]:
    """The figures of a benchmarks file's text (JSON when ``name`` ends in .json, else YAML); see
    :func:`load_benchmarks`."""
    fmt = "json" if name.lower().endswith(".json") else "yaml"
    data = parse_text(text, fmt, source=name)
    try:
        parsed = _BenchmarkFile.model_validate(data)
    except ValidationError as exc:
        error = ScenarioError.from_validation(exc, _BenchmarkFile)
        raise ScenarioError(error.field, error.message, [(_as_written(data, f), m) for f, m in error.problems]) \
            from None
    return _figures(parsed.benchmarks)


def _as_written(data, path: str) -> str:
    """A problem's path as the user wrote it: a figure written flat has no ``figures.0`` and names its study
    ``study``."""
    parts = path.split(".")
    if len(parts) < 2 or parts[0] != "benchmarks" or not parts[1].isdigit():
        return path
    entries = data.get("benchmarks") if isinstance(data, dict) else None
    i = int(parts[1])
    entry = entries[i] if isinstance(entries, list) and i < len(entries) else None
    if not isinstance(entry, dict) or "figures" in entry:
        return path
    rest = parts[2:]
    if rest[:2] == ["figures", "0"]:
        rest = rest[2:]
    elif rest[:1] == ["name"] and "study" in entry:
        rest = ["study", *rest[1:]]
    return ".".join(["benchmarks", parts[1], *rest])


def benchmarks(measure: str | None = None) -> list[Benchmark]:
    """The shipped benchmark figures, optionally of one measure only (see :data:`MEASURES`)."""
    if measure is not None and measure not in MEASURES:
        raise ScenarioError("measure", f"unknown measure {measure!r}; choose one of: {', '.join(MEASURES)}")
    return [b for b in _figures(_shipped().benchmarks) if measure in (None, b.measure)]


#: Columns of :func:`beside_benchmarks`.
BESIDE_COLUMNS = ["measure", "study", "benchmark", "comparison", "convention", "plan", "comparable", "difference",
                  "reason", "horizon", "plan_months_after_completion", "label", "source"]

NO_CONVENTION = ("the study's convention (what it counts, over what time, discounted or not) is not declared: "
                 "not stated in the sources read, or not given in the benchmarks file (convention: one of "
                 + ", ".join(CONVENTIONS) + "); the plan's own figure is shown without a difference")
OTHER_RATE = ("a rate of return of another kind (here against hiring machinists); the plan's IRR is not built the "
              "same way, so it is shown without a difference")


def beside_benchmarks(result: Result, measure: str | None = None,
                      benchmarks: list[Benchmark] | None = None) -> pd.DataFrame:
    """Each benchmark beside the plan counted as that benchmark's study counts (like with like).

    Parameters
    ----------
    result : Result
        An evaluated plan (its ``scenario`` is put in each study's convention).
    measure : str, optional
        Only this measure's rows (a key of :data:`MEASURES`).
    benchmarks : list of Benchmark, optional
        The figures to compare with (e.g. from :func:`load_benchmarks`);
        the shipped ones by default.

    Returns
    -------
    DataFrame
        One row per benchmark figure, columns :data:`BESIDE_COLUMNS`.
        ``convention`` is the convention the ``plan`` figure is counted in
        (the study's, or ``plan`` where the study declares none);
        ``comparable`` says whether the two are built the same way, and
        ``difference`` (plan minus benchmark, in the measure's unit) is given
        only then. ``reason`` says why a row is not comparable, or what still
        differs when it is. ``plan`` is None where the plan cannot be put in
        the study's convention (an input it needs has no basis in the plan).
    """
    if measure is not None and measure not in MEASURES:
        raise ScenarioError("measure", f"unknown measure {measure!r}; choose one of: {', '.join(MEASURES)}")
    chosen = _figures(_shipped().benchmarks) if benchmarks is None else list(benchmarks)
    counted = {"plan": result}

    def in_convention(key: str) -> Result:
        if key not in counted:
            counted[key] = counted_as(result, key)
        return counted[key]

    rows = []
    for b in chosen:
        if measure not in (None, b.measure):
            continue
        key, plan, ok, reason = _plan_figure(result, b, in_convention)
        shown = counted.get(key, result)
        rows.append({"measure": b.measure, "study": b.study, "benchmark": b.value, "comparison": b.comparison,
                     "convention": key, "plan": plan, "comparable": ok,
                     "difference": plan - b.value if ok and plan is not None else None, "reason": reason,
                     "horizon": b.horizon,
                     "plan_months_after_completion": shown.scenario.horizon.months_after_completion,
                     "label": b.label, "source": b.source})
    return pd.DataFrame(rows, columns=BESIDE_COLUMNS)


def _plan_figure(result: Result, b: Benchmark, in_convention) -> tuple[str, float | None, bool, str]:
    """(convention, plan figure, comparable, reason) of one benchmark row."""
    metric = RESULT_METRIC[b.measure]
    own = getattr(result, metric)
    if b.measure == "rate_of_return":
        return "plan", own, False, OTHER_RATE
    if b.convention is None:
        return "plan", own, False, NO_CONVENTION
    conv = convention(b.convention)
    if b.measure not in conv.measures:
        return "plan", own, False, f"the {b.convention} convention does not report a {MEASURES[b.measure]}"
    ok, why = comparable(result.scenario, b.convention)
    if not ok:
        return b.convention, None, False, why
    return b.convention, getattr(in_convention(b.convention), metric), True, conv.caveat
