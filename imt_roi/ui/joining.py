"""The pitch's alone-vs-partnership panel: what joining changes for each firm, and the class sizes that pay.

Reads :mod:`imt_roi.partnership`'s tables; computes nothing.
"""

from __future__ import annotations

import html

import pandas as pd

from ..report import format_value, missing


def _usd(value) -> str:
    return format_value(None if missing(value) else float(value), "usd")


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + _usd(value)


def _seats(value) -> str:
    return "no class size" if missing(value) else f"{int(value)}"


def _from(value) -> str:
    if missing(value):
        return "at no class size up to a full class"
    return f"from {int(value)} seats"


def joining_html(table: pd.DataFrame, diffs: pd.DataFrame, seats: pd.DataFrame) -> str:
    """Per firm: B/C alone and in the partnership, the NPV gained, the change in cost per apprentice and
    the class size from which joining pays it (cohort by cohort); then the class alone."""
    wide = table.set_index(["employer", "arrangement"])
    rows = []
    for firm, d in diffs.iterrows():
        alone, joined = wide.loc[(firm, "alone")], wide.loc[(firm, "partnership")]
        own = seats[seats["employer"] == firm]
        needs = "; ".join(f"{r.cohort}: {r.firm_seats} of {r.class_seats} seats, pays from {_seats(r.seats_needed)}"
                          for r in own.itertuples())
        gain = "gains" if d["npv"] > 0 else "loses"
        rows.append(
            f'<tr data-firm="{html.escape(str(firm))}"><td>{html.escape(str(firm))}</td>'
            f'<td data-metric="bcr_alone">{format_value(alone["benefit_cost_ratio"], "ratio")}</td>'
            f'<td data-metric="bcr_partnership">{format_value(joined["benefit_cost_ratio"], "ratio")}</td>'
            f'<td data-metric="npv_gain">{_signed(d["npv"])}</td>'
            f'<td data-metric="cost_change">{_signed(d["cost_per_apprentice"])}</td>'
            f'<td class="imt-joining-verdict">{gain}</td><td class="imt-note">{html.escape(needs)}</td></tr>')
    whole = seats[seats["employer"] == "Partnership"]
    classes = "; ".join(f"{r.cohort} ({r.class_seats} seats): {_from(r.seats_needed)} "
                        f"({_from(r.seats_needed_list)} at list prices)" for r in whole.itertuples())
    return (f'<table class="imt-table imt-joining"><thead><tr><th>Firm</th><th>B/C alone</th>'
            f"<th>B/C in the partnership</th><th>NPV gained</th><th>Cost per apprentice</th><th></th>"
            f"<th>Class size from which joining pays the firm</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f'<div class="imt-note">Alone: the same apprentices on open-enrolment tuition, doing all their own '
            f"coordination, no intermediary fee or grant. The classes alone, without the coordination taken over, "
            f"beat open enrolment: {html.escape(classes)}. An apprentice who leaves stops paying open-enrolment "
            f"tuition, while a section's cost is owed whoever stays.</div>")
