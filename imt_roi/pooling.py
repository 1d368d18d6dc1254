"""Pooled cohorts: what an intermediary's shared classes cost per seat, and who gets what.

An intermediary can pool apprentices from several firms into one class (JFF
case study). Each class section carries ``instruction.class_fixed_cost``,
split over the seats filled; a cohort larger than ``instruction.max_class_size``
opens another section. The figures here are read off the engine's cash flows
(:func:`imt_roi.results.evaluate`); nothing is recomputed.
"""

from __future__ import annotations

import math

import pandas as pd

from .parameters import Scenario
from .results import Result, evaluate

RTI_LINES = ("related instruction", "class fixed cost")
FIRM_COLUMNS = ["apprentices", "expected_completers", "total_costs", "total_benefits", "net_benefit",
                "benefit_cost_ratio", "net_roi", "payback_month", "cost_per_completer"]
PARTNERSHIP = "Partnership"


def one_class(scenario: Scenario, size: int) -> Scenario:
    """A copy of ``scenario`` with one cohort of ``size`` seats starting in month 1, one sponsor.

    Employer overrides are dropped: pooled class costs follow the scenario's
    shared assumptions whoever fills the seats, as in the engine.
    """
    if size < 1:
        raise ValueError(f"a class needs at least one seat (got {size})")
    data = scenario.model_dump()
    data["cohorts"] = [{"name": "Pooled class", "start_month": 1,
                        "members": [{"employer": "Pooled", "apprentices": int(size)}]}]
    data["employers"] = []
    return Scenario.model_validate(data)


def cost_per_seat(scenario: Scenario, sizes: list[int]) -> pd.DataFrame:
    """Related-instruction cost per seat at each class size (total seats in one cohort).

    Parameters
    ----------
    scenario : Scenario
        Its shared assumptions price the class (per-seat tuition,
        ``instruction.class_fixed_cost`` per section, ``max_class_size``).
    sizes : list of int
        Class sizes to price [seats], each at least 1.

    Returns
    -------
    DataFrame
        One row per size, with the columns:

        * ``class_size`` [seats] and ``sections`` [classes] = ceil(size / max_class_size);
        * ``rti_cost_per_seat`` [USD per starting apprentice]: the "related
          instruction" line (per-seat tuition, each session's share weighted by
          the expected share still enrolled at its start) plus the "class fixed
          cost" line (fixed cost x sections, split over the seats), undiscounted;
        * ``cost_per_apprentice`` [USD]: total costs C (present value, net of
          funding) per starting apprentice;
        * ``benefit_cost_ratio``: B / C of that one-cohort plan.
    """
    rows = []
    for size in sizes:
        result = evaluate(one_class(scenario, size))
        flows = result.cashflows
        rti = float(flows.loc[flows["line"].isin(RTI_LINES) & (flows["kind"] == "cost"), "amount"].sum())
        rows.append({"class_size": int(size),
                     "sections": math.ceil(size / scenario.instruction.max_class_size),
                     "rti_cost_per_seat": rti / size,
                     "cost_per_apprentice": result.per_apprentice["total_costs"],
                     "benefit_cost_ratio": result.metrics.benefit_cost_ratio})
    return pd.DataFrame(rows, columns=["class_size", "sections", "rti_cost_per_seat", "cost_per_apprentice",
                                       "benefit_cost_ratio"])


def firm_table(result: Result) -> pd.DataFrame:
    """Each employer's figures and the whole plan's, one row each (index ``employer``).

    The last row, "Partnership", is the plan's own metrics. Money in USD
    (``total_costs`` and ``total_benefits`` are present values, ``net_benefit`` their difference B - C);
    ``payback_month`` in plan months; None/NaN where a figure
    does not exist.
    """
    rows = result.employer_metrics()
    total = PARTNERSHIP if PARTNERSHIP not in rows else f"{PARTNERSHIP} (all employers)"
    rows[total] = result.metrics
    table = pd.DataFrame.from_dict({k: {c: getattr(m, c) for c in FIRM_COLUMNS} for k, m in rows.items()},
                                   orient="index")
    table.index.name = "employer"
    for column in FIRM_COLUMNS:
        table[column] = pd.to_numeric(table[column])  # None becomes NaN
    table["apprentices"] = table["apprentices"].astype(int)
    table["payback_month"] = table["payback_month"].astype("Int64")
    return table
