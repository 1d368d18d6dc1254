"""Checks: each published figure beside its reproduction, and the report ``imt-roi reproduce`` prints.

Three sources of checks: the model cases (:mod:`imt_roi.cases`; the model
rebuilding a study's figures), the benchmarks (:mod:`imt_roi.benchmarks`;
a study's published forms checked against each other) and the COWS equity
brief (:mod:`imt_roi.equity`; a brief's printed figures against its own
counts). The first kind is a *model reproduction*, the other two are
*source audits*, counted apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import equity
from .benchmarks import _benchmarks_data
from .cases import Calibration, StudyCase, calibrate, case_scenario, cite, expense_per_apprentice, study_case, \
    study_cases
from .errors import ScenarioError
from .results import evaluate

#: Slack for comparing two decimal figures that must be equal (binary floating point).
FLOAT_SLACK = 1e-12
#: A recorded gap between a printed figure and its own counts still holds within this (percentage points).
KNOWN_GAP_TOLERANCE = 1e-3
#: What a check is: the model rebuilding a study's figure, or an audit of a source's own arithmetic.
MODEL_REPRODUCTION = "model reproduction"
SOURCE_AUDIT = "source audit"


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
        if self.reproduced is None or not isinstance(self.published, (int, float)) or self.status == "reference":
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
        ok = abs(implied - bcr["value"]) <= tol + FLOAT_SLACK
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
        elif c.known_gap is not None and abs(c.difference - c.known_gap) <= KNOWN_GAP_TOLERANCE:
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


AAI = "aai-2022"
AAI_NOT_IMT = ("the study's figure is its typical employer's across 68 employers in many occupations; it publishes "
               "no IMT inputs to rebuild it, so the plan's figure is read beside it, not reproduced")


def check_aai_case() -> list[Check]:
    """The AAI 2022 convention as a case: the default IMT plan counted as the study counts (the term and five
    years after it, discounted, direct and indirect benefits apart) under the study's low, medium and high
    productivity scenarios, and the study's finding that the typical employer does not recoup its costs
    during the term."""
    from .results import benefit_split
    from .scenario_io import preset
    from .uncertainty import set_variants

    data = next(b for b in _benchmarks_data() if b["name"] == AAI)
    source = cite(data)
    published = next(f["value"] for f in data["figures"] if f["measure"] == "benefit_cost_ratio")
    checks = []
    medium = None
    for name, (variant, _) in set_variants(preset("imt-default")).items():
        result = evaluate(variant, AAI)
        split = benefit_split(result)
        medium = result if name == "medium productivity" else medium
        checks.append(Check(AAI, f"IMT default, {name}: B/C, direct and indirect benefits", float(published),
                            split["ratio"], "no target", "reference", source, note=AAI_NOT_IMT,
                            kind=MODEL_REPRODUCTION))
        checks.append(Check(AAI, f"IMT default, {name}: B/C, direct benefits only", "-", split["direct_ratio"],
                            "no target", "reference", source,
                            note="the study's direct-only figure is not stated in the sources read",
                            kind=MODEL_REPRODUCTION))
    net_cost = medium.metrics.net_cost_during_term
    checks.append(Check(AAI, "the typical employer does not recoup its costs during the term", "not recouped",
                        net_cost, "> 0 (net cost)", "ok" if net_cost > 0 else "FAIL", source,
                        note="net cost during the term of the default plan, undiscounted", unit="USD",
                        kind=MODEL_REPRODUCTION))
    return checks


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
            checks += check_benchmark(n) + (check_aai_case() if n == AAI else [])
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
        ok = "reproduced" if kind == MODEL_REPRODUCTION else "ok"
        counts = [(n, sum(c.status == s for c in rows)) for s, n in
                  (("ok", ok), ("calibrated", "calibrated (hold by construction)"), ("known gap", "known gaps"),
                   ("reference", "reference only"), ("FAIL", "failed"))]
        parts.append(f"{title}: {len(rows)} checks, " + ", ".join(f"{v} {n}" for n, v in counts if v or n == "failed"))
    return "; ".join(parts)


def _case_source(case: str, rows: list[Check]) -> str:
    if case in {c.name for c in study_cases()}:
        return study_case(case).citation
    if not case.startswith("cows-"):
        return rows[0].source
    meta = equity.brief()
    return f'{cite(meta["source"])} (Tables 1 and 2; section "{meta["source"]["section"]}")'


def report(names: list[str] | str | None = None) -> tuple[str, bool]:
    """The text ``imt-roi reproduce`` prints, and whether every check passed."""
    checks = reproduce(names)
    model_cases = {c.name for c in study_cases()}
    wanted = {c.case for c in checks} & model_cases
    calibrations = {n: calibrate(n) for n in wanted}
    return render_checks(checks, calibrations), all(c.passed for c in checks)
