"""How much work one plan, one file and one request may ask for: the limits every input is checked against.

Each limit was set from measured time and memory on a 2-core machine (``benchmarks/bench_limits.py`` prints
them): at the limits, evaluating a plan takes under a second, its Monte Carlo of 20,000 draws 8 to 12 s, its
workbook and one-pager about 5 s and a pitch pack of 30 firms about 13 s, each under 500 MB. A plan or request
beyond a limit is refused in one line that names the field and the limit, before any work starts:
:func:`check_cohort_count` on the plan as read and :func:`check_plan_size` on the plan validated, both in
:func:`imt_roi.scenario_io.scenario_from_dict`, where every scenario file, preset, upload and dashboard form
passes. (A plan the package derives from a valid one, such as the plan counted as a published study counts it,
is not checked again.)
"""

from __future__ import annotations

from .errors import ScenarioError

#: Cohorts in one plan.
MAX_COHORTS = 100
#: Distinct employers in one plan (each gets its own one-pager and workbook in a pitch pack).
MAX_EMPLOYERS = 30
#: Employers' places in cohorts (an employer in three cohorts counts three): the cash flows and the workbook grow
#: with this number, one set of monthly lines for each.
MAX_MEMBERSHIPS = 100
#: Cash-flow rows a plan may make (each is a row of the workbook's "Cash flows" sheet; the export's time grows
#: with them): estimated before any work by :func:`flow_rows`. The default one-firm plan makes 452; 100 such
#: cohorts make about 45,000, so a plan of 100 such cohorts counts fewer months after completion.
MAX_FLOW_ROWS = 40_000
#: Monte Carlo draws one request may ask for (time and memory grow with draws times memberships).
MAX_DRAWS = 20_000
#: Funding offsets, custom lines and step raises in one plan: each adds a line to every employer's months.
MAX_OFFSETS = 20
MAX_CUSTOM_LINES = 30
MAX_STEP_RAISES = 24


def flow_rows(term_months: int, months_after: int, places: int, offsets: int, custom_lines: int) -> int:
    """About how many cash-flow rows a plan makes: for each employer place in a cohort, 8 lines a month in the
    term (wages, release time, mentor time, ...) and 6 after it (raises, avoided hiring, ...), plus a row a
    month for each custom line (the most it can fall) and each offset in the term (a wage reimbursement pays
    monthly). An upper estimate (the default plan: 504 against 452 made)."""
    per_place = (8 + offsets + custom_lines) * term_months + (6 + custom_lines) * months_after
    return places * per_place


def check_cohort_count(data: dict) -> None:
    """Refuse more than :data:`MAX_COHORTS` cohorts before they are validated one by one."""
    cohorts = data.get("cohorts")
    if isinstance(cohorts, (list, tuple)) and len(cohorts) > MAX_COHORTS:
        raise ScenarioError("cohorts", f"{len(cohorts):,} cohorts; a plan holds at most {MAX_COHORTS} (split it "
                                       "into several plans)")


def check_plan_size(scenario) -> None:
    """Refuse a plan of more than :data:`MAX_EMPLOYERS` employers, :data:`MAX_MEMBERSHIPS` employer places or
    :data:`MAX_FLOW_ROWS` cash-flow rows, in one line saying what to change."""
    check_cohort_count({"cohorts": scenario.cohorts})
    employers = {m.employer for c in scenario.cohorts for m in c.members}
    if len(employers) > MAX_EMPLOYERS:
        raise ScenarioError("cohorts", f"{len(employers):,} employers; a plan holds at most {MAX_EMPLOYERS} (split "
                                       "the partnership into several plans)")
    places = sum(len(c.members) for c in scenario.cohorts)
    if places > MAX_MEMBERSHIPS:
        raise ScenarioError("cohorts", f"{places:,} employer places in cohorts (an employer in three cohorts counts "
                                       f"three); a plan holds at most {MAX_MEMBERSHIPS} (split it into several plans)")
    term, after = scenario.program.term_months, scenario.horizon.months_after_completion
    rows = flow_rows(term, after, places, len(scenario.offsets), len(scenario.custom_lines))
    if rows > MAX_FLOW_ROWS:
        raise ScenarioError("cohorts", f"the plan would make about {rows:,} monthly cash-flow rows ({places} employer "
                                       f"places over {term + after} months); at most {MAX_FLOW_ROWS:,}: count fewer "
                                       "months after completion, fewer custom lines, or split the plan")
