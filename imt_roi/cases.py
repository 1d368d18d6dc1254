"""Study cases: published studies as data, the scenario that rebuilds each, and its calibration.

A case (``imt_roi/data/case-*.yaml``) holds its inputs (each published,
calibrated, assumed or inferred, with its source), the published figures
with their source and a tolerance, and the scenario that reproduces them.
:mod:`imt_roi.checks` turns the figures into checks.

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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import yaml

from .breakeven import solve_for_ratio
from .errors import DataError, ScenarioError
from .fields import iter_params
from .overrides import employer_assumptions, set_path
from .parameters import Scenario
from .results import Result
from .scenario_io import scenario_from_dict
from .schedule import presence

#: A stored calibrated value is current while the solver finds it within this distance (the input's unit),
#: unless the case file states its own tolerance.
CALIBRATION_TOLERANCE = 0.01
#: Status of a case input: published by the study, calibrated to one of its figures, assumed (a model
#: default), or inferred (read from a review of the study, not printed in it).
STATUSES = ("published", "calibrated", "assumed", "inferred")


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
            raise DataError(filename, f"inputs: {item['path']}: status must be one of {', '.join(STATUSES)}")
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
                               float(cal.get("tolerance", CALIBRATION_TOLERANCE)), found.message))
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
