"""Published studies' conventions as data: what each counts, over what time, discounted or not.

A convention is declared once here and puts any plan into it
(:func:`in_convention`, or ``evaluate(scenario, convention=...)``), so a plan
is set beside a study's figure computed the way the study computed it. Where
a convention needs an input that has no basis in the plan (the JFF study's
value of an hour of output is calibrated to the study's own inputs), the plan
is "not comparable" until the user enters the firm's own value
(:func:`comparable`). What the sources read do not state is said so, never
guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .errors import ScenarioError
from .overrides import employer_assumptions, set_path
from .parameters import Scenario

NOT_STATED = "not stated in the sources read"

#: Benefit lines the AAI 2022 study would count as direct benefits (the value of the apprentice's and then the
#: completer's productivity); every other benefit line is indirect (turnover, recruiting, hiring and adaptation
#: avoided, scrap, downtime and overtime avoided, a custom benefit). The study's own split is in its survey;
#: the sources read name reduced turnover, the talent pipeline, loyalty and company culture as indirect.
AAI_DIRECT_LINES = ("productive contribution", "productive output", "productivity gain",
                    "completer's productivity gain", "completer's productivity advantage",
                    "outside hire's higher wage avoided")


@dataclass(frozen=True)
class Convention:
    """How one study counts: each attribute in words, and the inputs it fixes (``sets``, dotted paths)."""

    key: str
    study: str
    costs: str
    benefits: str
    horizon: str
    discounting: str
    unit: str
    aggregation: str
    measures: tuple[str, ...]
    sets: dict = field(default_factory=dict)
    #: Inputs whose shipped default is a calibration to the study itself: the plan is comparable only with
    #: the firm's own value (path -> why).
    own_value_needed: dict = field(default_factory=dict)
    #: Differences that remain even in the convention (shown beside a comparable figure).
    caveat: str = ""


CONVENTIONS: dict[str, Convention] = {c.key: c for c in (
    Convention(
        key="plan",
        study="this plan, as entered",
        costs="every cost line of the plan's method (docs/model.md)",
        benefits="every benefit line of the plan's method and alternative",
        horizon="the term and the months after completion the plan sets",
        discounting="at the plan's own rate, end-of-month flows",
        unit="all the plan's apprentices",
        aggregation="ratio of sums (present value of all benefits over that of all costs)",
        measures=("benefit_cost_ratio", "net_roi", "rate_of_return", "net_training_investment_per_apprentice"),
    ),
    Convention(
        key="jff-2020",
        study="JFF 2020 IMT return-on-investment study (Payne)",
        costs="the apprentices' full wages and fringe, instruction, mentoring and administration",
        benefits="the value of the apprentices' output during the term (hours x value of an hour of output)",
        horizon="the apprenticeship term only",
        discounting="none (undiscounted)",
        unit="the sponsor's apprentices together",
        aggregation=NOT_STATED,
        measures=("benefit_cost_ratio", "net_roi"),
        sets={"method": "output_value", "horizon.months_after_completion": 0, "horizon.discount_rate": 0.0,
              "horizon.dollars": "nominal"},
        own_value_needed={"output.value_per_hour": (
            "the value of an hour of output is calibrated so that the JFF study's own inputs give its 1.48; "
            "enter your firm's own value added per hour (output.value_per_hour) to put this plan in the "
            "study's convention")},
    ),
    Convention(
        key="aai-2022",
        study="American Apprenticeship Initiative employer ROI study (Mills De La Rosa et al., 2022)",
        costs="the employer's costs of the apprenticeship (wages, training, supervision); its categories in "
              "detail are " + NOT_STATED,
        benefits="direct benefits (the apprentice's production) and indirect ones (such as lower turnover), "
                 "during the term and projected up to five years after it",
        horizon="the term and 60 months after completion",
        discounting="costs and benefits discounted; the rate is " + NOT_STATED + " (the plan's rate is used)",
        unit="per employer, across 68 employers",
        aggregation=NOT_STATED,
        measures=("benefit_cost_ratio", "net_roi"),
        sets={"horizon.months_after_completion": 60},
        caveat="the study's figure is the typical one of 68 employers in many occupations, not an IMT plan; "
               "its discount rate and cost categories in detail are " + NOT_STATED + ", so the plan's method "
               "and rate are used",
    ),
    Convention(
        key="cost-benefit-survey",
        study="Swiss and German firm cost-benefit surveys (Muehlemann and Wolter 2014, 2019)",
        costs="gross costs of training: apprentice wages, training staff, instruction, administration, other",
        benefits="the apprentice's productive contribution, valued at what the firm would otherwise pay for the "
                 "work (substitution)",
        horizon="the training years only",
        discounting="none: each training year in its own prices",
        unit="per apprentice and training year",
        aggregation="average over firms of each firm's net cost per apprentice",
        measures=("net_cost_per_apprentice_year",),
        sets={"method": "substitution", "horizon.months_after_completion": 0, "horizon.discount_rate": 0.0,
              "horizon.dollars": "nominal"},
    ),
)}


def convention(key: str) -> Convention:
    """The convention named ``key``; a ScenarioError on ``convention`` naming the known keys otherwise."""
    if not isinstance(key, str) or key not in CONVENTIONS:
        raise ScenarioError("convention", f"no convention {str(key)[:40]!r}; choose one of: {', '.join(CONVENTIONS)}")
    return CONVENTIONS[key]


def conventions_table() -> pd.DataFrame:
    """Every declared convention, one row each: what it counts, over what time, discounted or not."""
    return pd.DataFrame([{"key": c.key, "study": c.study, "costs": c.costs, "benefits": c.benefits,
                          "horizon": c.horizon, "discounting": c.discounting, "unit": c.unit,
                          "aggregation": c.aggregation, "measures": ", ".join(c.measures),
                          "sets": ", ".join(f"{k} = {v}" for k, v in c.sets.items()),
                          "own_value_needed": ", ".join(c.own_value_needed)} for c in CONVENTIONS.values()])


def in_convention(scenario: Scenario, key: str) -> Scenario:
    """The same plan and inputs counted as convention ``key`` counts (its fixed inputs set, for every
    employer: an employer's own override of one of them is dropped)."""
    conv = convention(key)
    if not conv.sets:
        return scenario
    data = scenario.model_dump()
    for path, value in conv.sets.items():
        set_path(data, path, value)
    for override in data["employers"]:
        override["set"] = {k: v for k, v in override["set"].items() if k not in conv.sets}
    return Scenario.model_validate(data)


def comparable(scenario: Scenario, key: str) -> tuple[bool, str]:
    """Whether ``scenario`` can be put in convention ``key``, and why not (an empty reason when it can).

    Not comparable while any employer's input that the convention needs from the firm (``own_value_needed``)
    is still the shipped default, which is a calibration to the study itself.
    """
    conv = convention(key)
    for path, why in conv.own_value_needed.items():
        if _uses_shipped_calibration(scenario, path):
            return False, why
    return True, ""


def _value(record, dotted: str):
    for part in dotted.split("."):
        record = getattr(record, part)
    return record


def _uses_shipped_calibration(scenario: Scenario, path: str) -> bool:
    """Whether some employer's input at ``path`` is still the shipped default (the study's calibration)."""
    shipped = _value(Scenario(), path)
    return any(_value(a, path) == shipped for a in employer_assumptions(scenario).values())
