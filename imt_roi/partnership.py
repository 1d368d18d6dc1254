"""The intermediary's case, firm by firm: each firm alone against the same firm in the partnership.

*In the partnership* is the plan as written: pooled classes (a contract
section's fixed cost split over its seats plus a per-seat part), the share of
the coordination work the intermediary does, its fees and the grants that pay
them. *Alone* is the same firm's same apprentices, in the same months, with
every other input unchanged, but on open enrolment
(``instruction.open_enrolment_cost_per_apprentice`` per apprentice, no class
fixed cost), doing all of its coordination itself, with no intermediary fee
and no intermediary grant. Other funding offsets apply in both arrangements:
the model cannot tell a grant the partnership won from one the firm would get
on its own (state it with an employer override if it differs).

The class economics (:func:`seats_to_beat_open_enrolment`) are read both at
list prices (every seat paid for the whole term, as a college quotes them) and
at expected costs (as the model counts them: a leaver's open-enrolment tuition
stops, a section's cost does not), undiscounted.
"""

from __future__ import annotations

import math

import pandas as pd

from . import schedule as sch
from .errors import ScenarioError
from .fields import short
from .overrides import employer_assumptions
from .parameters import Scenario
from .results import evaluate
from .scenario_io import scenario_from_dict, scenario_to_dict

#: The lines the two arrangements differ by, in the groups the comparison shows (undiscounted USD).
LINE_GROUPS = {"instruction": ("related instruction", "class fixed cost"),
               "coordination": ("administration",),
               "intermediary_fee": ("intermediary fee",),
               "intermediary_grant": ("intermediary's grant",)}
#: Inputs that describe the arrangement; alone, they take these values (open enrolment set per firm).
ALONE = {"instruction.class_fixed_cost": 0.0, "administration.intermediary_coordination_share": 0.0,
         "administration.intermediary_fee_per_apprentice": 0.0,
         "administration.intermediary_fee_per_firm_cohort": 0.0,
         "administration.intermediary_fee_per_cohort": 0.0, "administration.intermediary_fee_grant_share": 0.0}
COLUMNS = ["employer", "arrangement", "apprentices", "cost_per_apprentice", "benefit_cost_ratio", "npv",
           "net_cash_undiscounted", "peak_outlay", "payback_month", *LINE_GROUPS]


def alone(scenario: Scenario, employer: str) -> Scenario:
    """The plan of ``employer`` on its own: its apprentices in the same cohorts and months, open enrolment
    at its own ``instruction.open_enrolment_cost_per_apprentice``, all coordination its own, no
    intermediary fee or grant; its other overrides kept."""
    resolved = employer_assumptions(scenario)
    if employer not in resolved:
        raise ScenarioError("employer", f"no employer {short(employer)!r} in this plan")
    data = scenario_to_dict(scenario)
    data["cohorts"] = [{**c, "members": [m for m in c["members"] if m["employer"] == employer]}
                       for c in data["cohorts"] if any(m["employer"] == employer for m in c["members"])]
    arrangement = {**ALONE, "instruction.cost_per_apprentice":
                   resolved[employer].instruction.open_enrolment_cost_per_apprentice}
    data["employers"] = [{**o, "set": {k: v for k, v in o["set"].items() if k not in arrangement}}
                         for o in data["employers"] if o["employer"] == employer]
    for path, value in arrangement.items():
        record, key = path.split(".")
        data[record][key] = value
    data["name"] = f"{scenario.name}: {employer} alone"
    return scenario_from_dict(data)


def _row(employer: str, arrangement: str, flows: pd.DataFrame, metrics) -> dict:
    row = {"employer": employer, "arrangement": arrangement, "apprentices": metrics.apprentices,
           "cost_per_apprentice": metrics.total_costs / metrics.apprentices if metrics.apprentices else math.nan,
           "benefit_cost_ratio": metrics.benefit_cost_ratio, "npv": metrics.npv,
           "net_cash_undiscounted": metrics.net_cash_undiscounted,
           "peak_outlay": metrics.peak_outlay, "payback_month": metrics.payback_month}
    for group, lines in LINE_GROUPS.items():
        row[group] = float(flows.loc[flows["line"].isin(lines), "amount"].sum())
    return row


def alone_vs_partnership(scenario: Scenario) -> pd.DataFrame:
    """Every firm's figures alone and in the partnership, one row per firm and arrangement.

    Parameters
    ----------
    scenario : Scenario
        A partnership plan (several employers sharing cohorts).

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`: ``cost_per_apprentice`` (present value of all
        costs net of funding, USD per starting apprentice), ``benefit_cost_ratio``,
        ``npv`` (USD: B - C in present values), ``net_cash_undiscounted`` (USD), ``peak_outlay``
        (undiscounted USD), ``payback_month`` (plan month, None if never), and
        the lines the arrangements differ by, undiscounted USD for the firm:
        ``instruction`` (tuition and its share of class sections),
        ``coordination`` (its own staff time), ``intermediary_fee`` and
        ``intermediary_grant`` (negative: the fee its grants pay).
    """
    plan = evaluate(scenario)
    rows = []
    for employer, metrics in plan.employer_metrics().items():
        solo = evaluate(alone(scenario, employer))
        rows.append(_row(employer, "alone", solo.cashflows, solo.metrics))
        own = plan.cashflows[plan.cashflows["employer"] == employer]
        rows.append(_row(employer, "partnership", own, metrics))
    return pd.DataFrame(rows, columns=COLUMNS)


def differences(table: pd.DataFrame) -> pd.DataFrame:
    """Partnership minus alone for each firm (index ``employer``), from :func:`alone_vs_partnership`: a
    negative ``cost_per_apprentice`` or ``instruction`` is a saving, a positive ``benefit_cost_ratio`` a gain."""
    numeric = [c for c in COLUMNS if c not in ("employer", "arrangement", "apprentices", "payback_month")]
    wide = table.set_index(["employer", "arrangement"])[numeric].astype(float)
    return wide.xs("partnership", level="arrangement") - wide.xs("alone", level="arrangement")


def seats_to_beat_open_enrolment(scenario: Scenario) -> pd.DataFrame:
    """The class size from which a contract section costs less than open enrolment, per apprentice.

    For the partnership, a seat in a section of n costs ``p + F / n`` (per-seat
    part p, section cost F) against open-enrolment tuition o. Read at **list
    prices** (every seat paid for the whole term), the section pays from the
    smallest whole n with ``p + F / n < o``. Read at **expected** costs, as
    the model counts them, an apprentice who leaves stops paying per-seat
    tuition and open-enrolment tuition for the sessions not started (a share e
    of the list price is paid on average), but the section's cost is owed
    whoever stays: ``e p + F / n < e o``. For a firm with k of its apprentices
    in the class, its cost per apprentice in the partnership also counts the
    intermediary's fees less its grants, and the share s of its coordination
    the intermediary takes off its hands over the term (fixed amounts per
    firm spread over its k). Undiscounted.

    Parameters
    ----------
    scenario : Scenario
        A plan with pooled cohorts.

    Returns
    -------
    DataFrame
        One row per cohort for the partnership (``employer`` "Partnership", the
        class alone: tuition only) and per firm in each cohort: ``cohort``,
        ``employer``, ``firm_seats`` (k), ``class_seats`` (the plan's n),
        ``seats_needed`` and ``seats_needed_list`` (n* at expected costs and at
        list prices; None when no size up to ``instruction.max_class_size``
        beats open enrolment), ``pays`` (n >= n* at expected costs), and
        ``alone_per_apprentice`` and ``partnership_per_apprentice`` at n,
        expected, USD per starting apprentice.
    """
    base = scenario.assumptions()
    resolved = employer_assumptions(scenario)
    rows = []
    for cohort in scenario.cohorts:
        n = cohort.size
        if n == 0:
            continue
        rows.append(_seat_row(cohort.name, "Partnership", n, n, base, base, partnership=True))
        for member in cohort.members:
            if member.apprentices > 0:
                rows.append(_seat_row(cohort.name, member.employer, member.apprentices, n, resolved[member.employer],
                                      base, partnership=False))
    return pd.DataFrame(rows, columns=["cohort", "employer", "firm_seats", "class_seats", "seats_needed",
                                       "seats_needed_list", "pays", "alone_per_apprentice",
                                       "partnership_per_apprentice"])


def _seats_needed(fixed: float, margin: float, largest: int) -> int | None:
    """Smallest whole n with fixed / n < margin, if it is a class size one section holds."""
    if margin <= 0:
        return None
    needed = math.floor(fixed / margin) + 1 if fixed > 0 else 1
    return needed if needed <= largest else None  # past a full class another section opens


def _seat_row(cohort: str, who: str, k: int, n: int, own, base, partnership: bool) -> dict:
    term = own.program.term_months
    months = sch.horizon_months(own)
    present = sch.presence(own, months) * sch.in_term(own, months)
    paid_share = float((present * sch.session_starts(own, months)).sum())  # e: tuition paid per list dollar
    fixed = base.instruction.class_fixed_cost  # one section
    per_seat, open_tuition = own.instruction.cost_per_apprentice, own.instruction.open_enrolment_cost_per_apprentice
    adm, shared = own.administration, base.administration
    other = cohort_fee = saved = saved_list = 0.0
    if not partnership:
        paid = 1 - shared.intermediary_fee_grant_share
        other = paid * (adm.intermediary_fee_per_apprentice + adm.intermediary_fee_per_firm_cohort / k)
        cohort_fee = paid * shared.intermediary_fee_per_cohort
        def coordination_saved(months_on_payroll: float) -> float:  # per apprentice, over the term
            return adm.intermediary_coordination_share * (adm.staff_cost_per_cohort_month * term / k
                                                          + adm.one_off_per_apprentice
                                                          + adm.staff_cost_per_apprentice_month * months_on_payroll)

        saved, saved_list = coordination_saved(float(present.sum())), coordination_saved(term)
    largest = base.instruction.max_class_size
    needed = _seats_needed(fixed + cohort_fee, paid_share * (open_tuition - per_seat) - other + saved, largest)
    needed_list = _seats_needed(fixed + cohort_fee, open_tuition - per_seat - other + saved_list, largest)
    sections = math.ceil(n / largest)
    at_n = paid_share * per_seat + (fixed * sections + cohort_fee) / n + other - saved
    return {"cohort": cohort, "employer": who, "firm_seats": k, "class_seats": n, "seats_needed": needed,
            "seats_needed_list": needed_list, "pays": needed is not None and n >= needed,
            "alone_per_apprentice": paid_share * open_tuition, "partnership_per_apprentice": at_n}
