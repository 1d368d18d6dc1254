"""Study cases: published figures as data, and the checks that reproduce them.

A case (``imt_roi/data/case-*.yaml``) holds its inputs, the published
figures with their source and a tolerance, and, for a model case, the
scenario that reproduces them. The benchmarks (``imt_roi/data/benchmarks.yaml``)
are other studies' headline figures, each under the measure it is:
a benefit-cost ratio, a net return or a rate of return. The COWS equity brief's
tables and text claims come from :mod:`imt_roi.equity`.

:func:`reproduce` turns all of them into :class:`Check` rows (published,
reproduced, difference, tolerance, status); ``imt-roi reproduce`` prints them.

Per-apprentice expense
----------------------
The JFF case checks the implied expense of sponsoring one apprentice in year
one (months 1-12) and year two (months 13-18) against the published ranges.
It is read per apprentice on the payroll: the costs of those months (from
``Result.cashflows``) divided by the expected number of apprentices present on
average over them, so attrition neither inflates nor deflates it. Year two is
the six remaining months of the 18-month term, not annualised.
(:func:`expense_per_apprentice` with ``basis="starter"`` divides by starters.)

References
----------
.. [1] Payne, "The Next-Gen IMT Apprenticeship: A Return on Investment Study",
   Jobs for the Future, July 31, 2020; headline figures in the JFF IMT impact
   story; cost ranges in the US DOL CLEAR review of the study.
.. [2] Mills De La Rosa, Kuehn, Lerman, Hollenbeck, American Apprenticeship
   Initiative employer ROI study, US DOL, October 2022.
.. [3] Canadian Apprenticeship Forum, "It Pays to Hire an Apprentice", Phase II, 2009.
.. [4] Helper, Noonan, Nicholson, Langdon, "The Benefits and Costs of
   Apprenticeships: A Business Perspective", US Dept. of Commerce, 2016.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import yaml

from . import equity
from .breakeven import solve_for_ratio
from .overrides import employer_assumptions, set_path
from .errors import ScenarioError
from .fields import iter_params
from .parameters import Scenario
from .results import Result, evaluate
from .scenario_io import scenario_from_dict
from .schedule import presence

MEASURES = {
    "benefit_cost_ratio": "benefit-cost ratio B / C",
    "net_roi": "net return (B - C) / C",
    "rate_of_return": "rate of return (the model's nearest figure: annualised IRR of the monthly net flows)",
}
#: The Result metric set beside each benchmark measure.
RESULT_METRIC = {"benefit_cost_ratio": "benefit_cost_ratio", "net_roi": "net_roi", "rate_of_return": "irr_annual"}
#: Status of a case input: published by the study, calibrated to one of its figures, assumed (a model
#: default), or inferred (read from a review of the study, not printed in it).
STATUSES = ("published", "calibrated", "assumed", "inferred")
#: What a check is: the model rebuilding a study's figure, or an audit of a source's own arithmetic.
MODEL_REPRODUCTION = "model reproduction"
SOURCE_AUDIT = "source audit"


def _data_text(name: str) -> str:
    return resources.files("imt_roi").joinpath("data", name).read_text(encoding="utf-8")


def cite(source: dict) -> str:
    """One-line citation: author, title, publisher, year (and locator)."""
    parts = [source.get("author"), f'"{source["title"]}"' if source.get("title") else None,
             source.get("publisher"), str(source["year"]) if source.get("year") else None]
    text = ", ".join(p for p in parts if p)
    if source.get("locator"):
        text += "; " + " ".join(str(source["locator"]).split())
    return text


# ---------------------------------------------------------------------------- cases

@dataclass(frozen=True)
class CaseInput:
    """One input of a model case: its path, value, status and where the value comes from."""

    path: str
    status: str
    value: Any = None
    source: str = ""
    note: str = ""
    calibration: dict | None = None


@dataclass(frozen=True)
class StudyCase:
    """A published study reproduced by a scenario (``kind == "scenario"``)."""

    name: str
    title: str
    source: dict
    scenario_data: dict
    inputs: tuple[CaseInput, ...]
    figures: tuple[dict, ...]

    @property
    def citation(self) -> str:
        return cite({"title": self.title, **self.source})

    def inputs_by_status(self, status: str) -> list[CaseInput]:
        return [i for i in self.inputs if i.status == status]

    def figure(self, name: str) -> dict:
        """One published figure of the case by name (e.g. ``benefit_cost_ratio``)."""
        for f in self.figures:
            if f["name"] == name:
                return dict(f)
        raise ScenarioError("figure", f"case {self.name} has no figure {name!r}; it has: "
                            + ", ".join(f["name"] for f in self.figures))


@lru_cache(maxsize=None)
def _load_case(filename: str) -> StudyCase:
    data = yaml.safe_load(_data_text(filename))
    inputs = []
    for item in data["inputs"]:
        if item["status"] not in STATUSES:
            raise ScenarioError(item["path"], f"status must be one of {', '.join(STATUSES)}")
        inputs.append(CaseInput(item["path"], item["status"], item.get("value"),
                                " ".join(str(item.get("source", "")).split()),
                                " ".join(str(item.get("note", "")).split()), item.get("calibration")))
    return StudyCase(data["name"], data["title"], data["source"], data["scenario"], tuple(inputs),
                     tuple(data["figures"]))


def _case_files() -> list[str]:
    files = resources.files("imt_roi").joinpath("data").iterdir()
    return sorted(f.name for f in files if f.name.startswith("case-") and f.name.endswith(".yaml"))


def study_cases() -> list[StudyCase]:
    """The model cases shipped in ``imt_roi/data/case-*.yaml``."""
    return [_load_case(f) for f in _case_files()]


def study_case(name: str = "jff-2020-imt-roi") -> StudyCase:
    """One model case by name."""
    for case in study_cases():
        if case.name == name:
            return case
    raise ScenarioError("case", f"unknown study case {name!r}; choose one of: "
                        + ", ".join(c.name for c in study_cases()))


def case_scenario(case: StudyCase | str = "jff-2020-imt-roi", overrides: dict[str, Any] | None = None) -> Scenario:
    """The case's scenario: its published and calibrated inputs on the model defaults, then ``overrides``."""
    case = study_case(case) if isinstance(case, str) else case
    data = copy.deepcopy(case.scenario_data)
    for item in case.inputs:
        if item.value is not None:  # published, calibrated, or an assumption the case states (model defaults
            set_path(data, item.path, item.value)  # differ from what the study read)
    for path, value in (overrides or {}).items():
        set_path(data, path, value)
    return scenario_from_dict(data)


def case_inputs(case: StudyCase | str = "jff-2020-imt-roi") -> pd.DataFrame:
    """Every input of the case scenario with its status: published, calibrated or assumed.

    Inputs the case does not set are ``assumed``: held at the model default,
    whose own source (an assumption with its reasoning) is given. Text fields
    (names, descriptions) are left out.
    """
    case = study_case(case) if isinstance(case, str) else case
    scenario = case_scenario(case)
    listed = {i.path: i for i in case.inputs}
    rows = []
    for info in iter_params(scenario):
        if info.unit == "text":
            continue  # names and descriptions do not enter the economics
        item = listed.get(info.path)
        status = item.status if item else "assumed"
        if item and item.status != "assumed":
            source = item.source
        else:
            source = info.source + (f" ({item.note})" if item and item.note else "")
        rows.append({"path": info.path, "label": info.label, "value": info.value, "unit": info.unit,
                     "status": status, "source": source})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Calibration:
    """A calibrated input: the value stored in the case and the value the solver finds now."""

    path: str
    stored: float
    solved: float | None
    target_measure: str
    target: float
    tolerance: float
    message: str

    @property
    def current(self) -> bool:
        return self.solved is not None and abs(self.solved - self.stored) <= self.tolerance


def calibrate(case: StudyCase | str = "jff-2020-imt-roi", overrides: dict[str, Any] | None = None) -> list[Calibration]:
    """Re-run each calibration of the case: solve the free input for its target figure.

    Uses :func:`imt_roi.solve_for_ratio` on the case scenario (with
    ``overrides``), searching the stored range. A net-return target r is solved
    as B/C = 1 + r.
    """
    case = study_case(case) if isinstance(case, str) else case
    scenario = case_scenario(case, overrides)
    out = []
    for item in case.inputs_by_status("calibrated"):
        cal = item.calibration or {}
        measure, target = cal["target_measure"], float(cal["target"])
        ratio = target if measure == "benefit_cost_ratio" else 1 + target
        found = solve_for_ratio(scenario, item.path, ratio, cal.get("low"), cal.get("high"))
        out.append(Calibration(item.path, float(item.value), found.value, measure, target,
                               float(cal.get("tolerance", 0.01)), found.message))
    return out


# ---------------------------------------------------------------------------- per-apprentice expense

def headcount(result: Result) -> pd.Series:
    """Expected apprentices on the payroll in each plan month (index: month)."""
    scenario = result.scenario
    by_employer = employer_assumptions(scenario)
    n = result.last_month
    total = np.zeros(n)
    for c in scenario.cohorts:
        for m in c.members:
            a = by_employer[m.employer]
            own = presence(a, n)
            shift = c.start_month - 1
            total[shift:] += m.apprentices * own[:n - shift]
    return pd.Series(total, index=pd.RangeIndex(1, n + 1, name="month"), name="apprentices")


def expense_per_apprentice(result: Result, first_month: int, last_month: int, basis: str = "present") -> float:
    """Costs of plan months ``first_month``..``last_month`` per apprentice [USD].

    ``basis="present"`` divides by the average expected number of apprentices
    on the payroll in those months (the expense of sponsoring one apprentice
    through them); ``basis="starter"`` divides by the number of starters.
    Costs are read from ``result.cashflows`` (funding offsets included).
    """
    flows = result.cashflows
    window = flows[(flows["kind"] == "cost") & flows["month"].between(first_month, last_month)]
    cost = float(window["amount"].sum())
    if basis == "starter":
        people = float(result.scenario.apprentices)
    elif basis == "present":
        people = float(headcount(result).loc[first_month:last_month].mean())
    else:
        raise ScenarioError("basis", "basis must be 'present' or 'starter'")
    return cost / people if people > 0 else float("nan")


# ---------------------------------------------------------------------------- checks

@dataclass(frozen=True)
class Check:
    """One published figure beside its reproduction.

    ``status``: ``ok`` (within tolerance), ``calibrated`` (within tolerance by
    construction: an input was solved for this figure), ``known gap`` (the
    published figure differs from its own counts by the recorded amount),
    ``reference`` (a figure with nothing to recompute) or ``FAIL``. ``kind``:
    a model reproduction or a source audit (a source checked against itself).
    """

    case: str
    figure: str
    published: float | str
    reproduced: float | None
    tolerance: str
    status: str
    source: str
    note: str = ""
    unit: str = ""
    kind: str = SOURCE_AUDIT

    @property
    def passed(self) -> bool:
        return self.status != "FAIL"

    @property
    def difference(self) -> float | None:
        if self.reproduced is None or not isinstance(self.published, (int, float)):
            return None
        return self.reproduced - self.published

    def describe(self) -> str:
        """A sentence naming the case, the figure and its source, for messages and test failures."""
        return (f"{self.case}: {self.figure} published {_fmt(self.published)}, reproduced "
                f"{_fmt(self.reproduced)} ({self.status}; tolerance {self.tolerance}) -- source: {self.source}")


def _fmt(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.4g}"


def _fitted_measures(case: StudyCase) -> dict[str, str]:
    """Measures a calibration makes true by construction (B/C = 1 + net return), and the input solved."""
    out = {}
    for item in case.inputs_by_status("calibrated"):
        measure = (item.calibration or {}).get("target_measure")
        if measure in ("benefit_cost_ratio", "net_roi"):
            out["benefit_cost_ratio"] = out["net_roi"] = item.path
    return out


def check_case(case: StudyCase | str = "jff-2020-imt-roi", overrides: dict[str, Any] | None = None) -> list[Check]:
    """Reproduce every figure of a model case; ``overrides`` perturbs its scenario (dotted paths)."""
    case = study_case(case) if isinstance(case, str) else case
    result = evaluate(case_scenario(case, overrides))
    fitted = _fitted_measures(case)
    checks = []
    for f in case.figures:
        source = f"{case.citation}; figure: {' '.join(str(f.get('locator', '')).split())}"
        if f["kind"] == "value":
            value = getattr(result, f["measure"])
            ok = value is not None and math.isfinite(value) and abs(value - f["published"]) <= f["tolerance"]
            by_construction = f["measure"] in fitted
            status = ("calibrated" if by_construction else "ok") if ok else "FAIL"
            note = f"holds by construction: {fitted[f['measure']]} is solved for it" if by_construction and ok \
                else ""
            checks.append(Check(case.name, f["label"], float(f["published"]), value, f"±{f['tolerance']:g}",
                                status, source, note=note, kind=MODEL_REPRODUCTION))
        elif f["kind"] == "range":
            first, last = f["months"]
            value = expense_per_apprentice(result, first, last)
            ok = f["low"] <= value <= f["high"]
            checks.append(Check(case.name, f["label"], f"{f['low']:,} to {f['high']:,}", value,
                                "inside range", "ok" if ok else "FAIL", source,
                                note="per apprentice on the payroll", unit="USD", kind=MODEL_REPRODUCTION))
        elif f["kind"] == "report":
            other = evaluate(case_scenario(case, {**(overrides or {}), **f.get("overrides", {})}))
            checks.append(Check(case.name, f["label"], "-", getattr(other, f["measure"]), "no target", "reference",
                                source, note="a figure to read beside the study's, not a reproduction",
                                kind=MODEL_REPRODUCTION))
        else:
            raise ScenarioError(f["name"], f"unknown figure kind {f['kind']!r}")
    return checks


@lru_cache(maxsize=1)
def _benchmarks_data() -> tuple[dict, ...]:
    return tuple(yaml.safe_load(_data_text("benchmarks.yaml"))["benchmarks"])


@dataclass(frozen=True)
class Benchmark:
    """A published headline figure of one study, under the measure it is."""

    study: str
    measure: str
    value: float
    comparison: str
    label: str
    horizon: str
    months_after_completion: int | None
    scope: str
    source: str


def benchmarks(measure: str | None = None) -> list[Benchmark]:
    """The benchmark figures, optionally of one measure only (see :data:`MEASURES`)."""
    if measure is not None and measure not in MEASURES:
        raise ScenarioError("measure", f"unknown measure {measure!r}; choose one of: {', '.join(MEASURES)}")
    out = []
    for b in _benchmarks_data():
        for f in b["figures"]:
            if measure in (None, f["measure"]):
                out.append(Benchmark(b["name"], f["measure"], float(f["value"]), f["comparison"], f["label"],
                                     b["horizon"], b.get("months_after_completion"), b["scope"], cite(b)))
    return out


def beside_benchmarks(result: Result, measure: str | None = None) -> pd.DataFrame:
    """The plan's figure beside each benchmark of the same measure (never across measures).

    One row per benchmark figure: ``measure, study, benchmark, comparison,
    plan, difference, horizon, plan_months_after_completion, label, source``.
    ``plan`` is the result's figure in that row's measure (for
    ``rate_of_return``, its annualised IRR); ``difference`` is plan minus
    benchmark. With ``measure`` given, only that measure's rows.
    """
    rows = []
    for b in benchmarks(measure):
        plan = getattr(result, RESULT_METRIC[b.measure])
        rows.append({"measure": b.measure, "study": b.study, "benchmark": b.value, "comparison": b.comparison,
                     "plan": plan, "difference": None if plan is None else plan - b.value,
                     "horizon": b.horizon, "plan_months_after_completion":
                         result.scenario.horizon.months_after_completion,
                     "label": b.label, "source": b.source})
    return pd.DataFrame(rows, columns=["measure", "study", "benchmark", "comparison", "plan", "difference",
                                       "horizon", "plan_months_after_completion", "label", "source"])


def check_benchmark(name: str) -> list[Check]:
    """A benchmark's published forms checked against each other: B/C must equal 1 + net return.

    A study that publishes only one figure has nothing to recompute; its figure
    is listed with status ``reference``.
    """
    data = next((b for b in _benchmarks_data() if b["name"] == name), None)
    if data is None:
        raise ScenarioError("case", f"unknown benchmark {name!r}")
    figures = {f["measure"]: f for f in data["figures"]}
    source = cite(data)
    if "benefit_cost_ratio" in figures and "net_roi" in figures:
        bcr, net = figures["benefit_cost_ratio"], figures["net_roi"]
        tol = 0.5 * 10 ** -bcr["decimals"]
        implied = 1 + float(net["value"])
        ok = abs(implied - bcr["value"]) <= tol + 1e-12
        return [Check(name, f"B/C implied by the net return ({net['label']})", float(bcr["value"]), implied,
                      f"±{tol:g}", "ok" if ok else "FAIL", source, note="B/C = 1 + net return")]
    return [Check(name, f"{f['label']} [{f['measure']}]", float(f["value"]), None, "-", "reference", source,
                  note="one published figure: nothing to recompute") for f in data["figures"]]


def check_equity(part: str) -> list[Check]:
    """The COWS brief checks as :class:`Check` rows; a mismatch is a ``known gap`` only at its recorded size."""
    fn = {"cows-table1": equity.check_table1, "cows-table2": equity.check_table2,
          "cows-text": equity.check_text_claims}[part]
    meta = equity.brief()
    base = f'{meta["source"]["publisher"]}, "{meta["source"]["title"]}"'
    tables = meta["tables"]
    out = []
    for c in fn():
        if c.where == "Table 1":
            source = f'{base}, {tables["table1"]["title"]} ({tables["table1"]["source"]})'
        elif c.where == "Table 2":
            source = f'{base}, {tables["table2"]["title"]} ({tables["table2"]["source"]})'
        else:
            source = f'{base}, section "{meta["source"]["section"]}": "{c.label}"'
        if c.matches:
            status = "ok" if c.known_gap is None else "FAIL"  # a recorded gap that vanished is news too
            note = "" if c.known_gap is None else "recorded gap no longer found"
        elif c.known_gap is not None and abs(c.difference - c.known_gap) <= 1e-3:
            status, note = "known gap", c.note
        else:
            status, note = "FAIL", "printed figure does not follow from the counts"
        if c.tie and not note:
            note = "exact half: matches when rounded half up"
        if c.kind == "percent":
            tol = f"rounds to {c.decimals} dp"
        elif c.kind in ("more_than", "ratio_more_than"):
            tol = "more than"
        elif c.kind == "ratio":
            tol = f"rounds to {c.decimals} dp"
        else:
            tol = "exact"
        name = c.id if c.where == "text" else c.id.split(":", 1)[1]
        out.append(Check(part, name, c.published, c.reproduced, tol, status, source, note=note, unit=c.unit))
    return out


def case_names() -> list[str]:
    """Every case ``reproduce`` knows, in the order it runs them."""
    return ([c.name for c in study_cases()]
            + [b["name"] for b in _benchmarks_data() if b["name"] not in {c.name for c in study_cases()}]
            + ["cows-table1", "cows-table2", "cows-text"])


def reproduce(names: list[str] | str | None = None) -> list[Check]:
    """Run the named cases (all by default) and return every check."""
    if isinstance(names, str):
        names = [names]
    known = case_names()
    for n in names or []:
        if n not in known:
            raise ScenarioError("case", f"unknown case {n!r}; choose one of: {', '.join(known)}")
    model_cases = {c.name for c in study_cases()}
    checks: list[Check] = []
    for n in names or known:
        if n in model_cases:
            checks += check_case(n)
        elif n.startswith("cows-"):
            checks += check_equity(n)
        else:
            checks += check_benchmark(n)
    return checks


def checks_table(checks: list[Check]) -> pd.DataFrame:
    """Checks as a table: case, figure, published, reproduced, difference, tolerance, status, note, source."""
    return pd.DataFrame([{"case": c.case, "figure": c.figure, "published": c.published, "reproduced": c.reproduced,
                          "difference": c.difference, "tolerance": c.tolerance, "status": c.status,
                          "note": c.note, "source": c.source} for c in checks])


def render_checks(checks: list[Check], calibrations: dict[str, list[Calibration]] | None = None) -> str:
    """Plain-text report of checks, grouped by case with its source, and a summary line."""
    lines = []
    by_case: dict[str, list[Check]] = {}
    for c in checks:
        by_case.setdefault(c.case, []).append(c)
    width = max([len(c.figure) for c in checks] + [6])
    width = min(width, 58)
    for case, rows in by_case.items():
        lines.append(f"== {case}")
        lines.append(f"   source: {_case_source(case, rows)}")
        for cal in (calibrations or {}).get(case, []):
            solved = "not reached" if cal.solved is None else f"{cal.solved:.4f}"
            lines.append(f"   calibrated: {cal.path} = {cal.stored:g} (solve_for_ratio for "
                         f"{cal.target_measure} = {cal.target:g} now gives {solved})")
        lines.append(f"   {'figure':<{width}}  {'published':>19}  {'reproduced':>11}  {'difference':>10}  "
                     f"{'unit':<6}  {'tolerance':<16}  status")
        for c in rows:
            diff = c.difference
            figure = c.figure if len(c.figure) <= width else c.figure[:width - 3] + "..."
            lines.append(f"   {figure:<{width}}  {_fmt(c.published):>19}  {_fmt(c.reproduced):>11}  "
                         f"{('-' if diff is None else f'{diff:+.4g}'):>10}  {c.unit:<6}  {c.tolerance:<16}  {c.status}"
                         + (f"  ({c.note})" if c.note else ""))
        lines.append("")
    lines.append(summary(checks))
    return "\n".join(lines) + "\n"


def summary(checks: list[Check]) -> str:
    """The summary line, counting model reproductions and source audits apart, each status by name."""
    parts = []
    for kind, title in ((MODEL_REPRODUCTION, "model reproductions"), (SOURCE_AUDIT, "source audits")):
        rows = [c for c in checks if c.kind == kind]
        if not rows:
            continue
        counts = [(n, sum(c.status == s for c in rows)) for s, n in
                  (("ok", "ok"), ("calibrated", "calibrated (hold by construction)"), ("known gap", "known gaps"),
                   ("reference", "reference only"), ("FAIL", "failed"))]
        parts.append(f"{title}: {len(rows)} checks, " + ", ".join(f"{v} {n}" for n, v in counts if v or n == "failed"))
    return "; ".join(parts)


def _case_source(case: str, rows: list[Check]) -> str:
    if case in {c.name for c in study_cases()}:
        return study_case(case).citation
    if not case.startswith("cows-"):
        return rows[0].source
    meta = equity.brief()
    return f'{meta["source"]["publisher"]}, "{meta["source"]["title"]}" (Tables 1 and 2; section ' \
           f'"{meta["source"]["section"]}")'


def report(names: list[str] | str | None = None) -> tuple[str, bool]:
    """The text ``imt-roi reproduce`` prints, and whether every check passed."""
    checks = reproduce(names)
    model_cases = {c.name for c in study_cases()}
    wanted = {c.case for c in checks} & model_cases
    calibrations = {n: calibrate(n) for n in wanted}
    return render_checks(checks, calibrations), all(c.passed for c in checks)
