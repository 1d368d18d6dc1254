"""Plan cash flows: every cohort, employer and line, month by month, vectorized.

A group is one employer's apprentices in one cohort. For each distinct set of
assumptions (the scenario's, or an employer's overrides) the per-apprentice
lines are built once; groups then scale them with numpy broadcasting and are
shifted to their cohort's start month. No Python loop runs over months or
apprentices.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from .lines import CATEGORIES, build_lines
from .overrides import assumption_groups, employer_assumptions
from .parameters import Scenario
from .schedule import horizon_months, in_term

CASHFLOW_COLUMNS = ["month", "cohort", "employer", "line", "kind", "category", "phase", "amount"]
#: Phases of a cohort's months: its training term, then the months after completion.
PHASES = ["term", "after completion"]

def compute_cashflows(scenario: Scenario) -> tuple[pd.DataFrame, float, int]:
    """Tidy cash flows of the whole plan, expected completers and the plan's last month.

    Returns a DataFrame with columns ``month, cohort, employer, line, kind,
    category, phase, amount`` (month counted from the plan's month 1; amount in
    USD, costs positive and funding offsets negative under kind "cost";
    ``category`` one of :data:`imt_roi.lines.CATEGORIES`; ``phase`` "term" or
    "after completion" of that row's cohort), rows with a zero amount left out.
    In today's dollars (``horizon.dollars: real``) each plan month's amounts
    are divided by (1 + inflation) ** (month / 12).
    """
    by_employer = employer_assumptions(scenario)
    base = scenario.assumptions()
    n_months = max(horizon_months(a) for a in by_employer.values())

    groups = [(ci, c, m) for ci, c in enumerate(scenario.cohorts) for m in c.members]
    starts = np.array([c.start_month for _, c, _ in groups])
    apprentices = np.array([m.apprentices for _, _, m in groups], dtype=float)
    cohort_size = np.array([c.size for _, c, _ in groups], dtype=float)
    seat_share = np.divide(apprentices, cohort_size, out=np.zeros_like(apprentices), where=cohort_size > 0)
    sections = np.ceil(cohort_size / base.instruction.max_class_size)
    has_members = (apprentices > 0).astype(float)

    distinct_list, group_of = assumption_groups(by_employer)
    distinct = dict(enumerate(distinct_list))
    line_sets = {key: build_lines(a, n_months) for key, a in distinct.items()}
    # Pooled class costs follow the scenario's own assumptions, whoever fills the seats.
    shared = next((line_sets[k] for k, a in distinct.items() if a == base), None) or build_lines(base, n_months)
    # A line is keyed by (name, kind): an employer's override may turn a custom cost into a benefit.
    keys: list[tuple[str, str]] = list(dict.fromkeys((line.name, line.kind) for ls in [*line_sets.values(), shared]
                                                     for line in ls.lines))
    names = list(dict.fromkeys(name for name, _ in keys))

    category_of = {(line.name, line.kind): line.category for ls in (*line_sets.values(), shared) for line in ls.lines}
    amounts = np.zeros((len(groups), len(keys), n_months))
    in_term_of = {key: in_term(a, n_months) for key, a in distinct.items()}
    section_part = shared.stack("per_section", keys)
    cohort_part = shared.stack("per_cohort_shared", keys)
    group_key = np.array([group_of[m.employer] for _, _, m in groups], dtype=np.int64)
    for key, ls in line_sets.items():
        rows = group_key == key
        per_starter = ls.stack("per_starter", keys)
        per_group = ls.stack("per_group", keys)
        amounts[rows] = (apprentices[rows, None, None] * per_starter
                         + has_members[rows, None, None] * per_group)
    amounts += ((seat_share * sections)[:, None, None] * section_part
                + seat_share[:, None, None] * cohort_part)

    employer_names = [m.employer for _, _, m in groups]
    # Each employer's offsets are capped by its own assumptions (an override may change a cap).
    caps = {e: {(line.name, line.kind): line.cap_per_employer for line in line_sets[group_of[e]].lines
                if line.cap_per_employer is not None} for e, a in by_employer.items()}
    _apply_caps(amounts, keys, caps, employer_names)

    month = starts[:, None, None] + np.arange(n_months)[None, None, :]
    if base.horizon.dollars == "real":
        amounts /= (1 + base.horizon.inflation_rate) ** (month / 12)
    month = np.broadcast_to(month, amounts.shape)
    term_rows = np.array([in_term_of[k] for k in group_key])  # (groups, months): 1 in the term
    phase_idx = np.broadcast_to((1 - term_rows).astype(np.int64)[:, None, :], amounts.shape)
    cohort_idx = np.broadcast_to(np.array([ci for ci, _, _ in groups])[:, None, None], amounts.shape)
    employer_list = list(dict.fromkeys(employer_names))
    employer_row = {e: i for i, e in enumerate(employer_list)}
    employer_idx = np.broadcast_to(np.array([employer_row[e] for e in employer_names])[:, None, None],
                                   amounts.shape)
    line_idx = np.broadcast_to(np.arange(len(keys))[None, :, None], amounts.shape)
    kind_list = ["cost", "benefit"]
    name_row = {name: i for i, name in enumerate(names)}
    kind_of_key = np.array([kind_list.index(kind) for _, kind in keys], dtype=np.int64)
    name_of_key = np.array([name_row[name] for name, _ in keys], dtype=np.int64)
    category_of_key = np.array([CATEGORIES.index(category_of[k]) for k in keys], dtype=np.int64)

    keep = amounts != 0
    key_codes = line_idx[keep]
    frame = pd.DataFrame({
        "month": month[keep].astype(np.int64),
        "cohort": pd.Categorical.from_codes(cohort_idx[keep], categories=[c.name for c in scenario.cohorts]),
        "employer": pd.Categorical.from_codes(employer_idx[keep], categories=employer_list),
        "line": pd.Categorical.from_codes(name_of_key[key_codes], categories=names),
        "kind": pd.Categorical.from_codes(kind_of_key[key_codes], categories=kind_list),
        "category": pd.Categorical.from_codes(category_of_key[key_codes], categories=list(CATEGORIES)),
        "phase": pd.Categorical.from_codes(phase_idx[keep], categories=PHASES),
        "amount": amounts[keep],
    })
    completers = float(sum(apprentices[i] * by_employer[m.employer].retention.completion_rate
                           for i, (_, _, m) in enumerate(groups)))
    last_month = int(max(s + horizon_months(by_employer[m.employer]) - 1 for s, (_, _, m) in zip(starts, groups)))
    return frame, completers, last_month


def _apply_caps(amounts: np.ndarray, keys: list[tuple[str, str]], caps: dict[str, dict], employers: list[str]) -> None:
    """Scale each capped offset line so no employer receives more than its cap in total."""
    employers_arr = np.array(employers)
    row = {key: i for i, key in enumerate(keys)}
    for employer, employer_caps in caps.items():
        rows = employers_arr == employer
        for key, cap in employer_caps.items():
            li = row[key]
            paid = -amounts[rows, li, :].sum()
            if paid > cap and paid > 0:
                amounts[rows, li, :] *= cap / paid
