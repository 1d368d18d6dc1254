"""The scenario: every input of the model as a typed, validated, cited record.

Units follow :data:`imt_roi.fields.UNITS`. Months are counted from each
cohort's start: month 1 is the cohort's first month. Money is nominal US
dollars; flows fall at the end of their month.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from . import sources as S
from .fields import LongText, Name, Record, param
from .limits import MAX_CUSTOM_LINES, MAX_EMPLOYERS, MAX_OFFSETS, MAX_STEP_RAISES
from .figures import (  # noqa: F401  (re-exported: the figures the defaults come from)
    COMPLETER_SEPARATION_RATE, COMPLETION_FINISHED_OR_LEFT, COMPLETION_MIDPOINT, COMPLETION_NOT_LEFT,
    COMPLETION_SEPARATION_SHARE, JFF_VALUE_PER_HOUR, TECHNICIAN_WAGE, WEEKS_PER_MONTH, WISCONSIN_COMPLETED,
    WISCONSIN_LEFT, WISCONSIN_STILL_TRAINING)
from .ranges import Uncertainty

SCHEMA_VERSION = 5


#: The IMT's own term [months] and paid hours; a shorter term (credit for prior learning) keeps the pace.
STANDARD_TERM_MONTHS = 18
STANDARD_OJL_HOURS = 2736
STANDARD_RTI_HOURS = 264
#: Most paid hours a month the term can ask of an apprentice (about 46 a week): more is a typing error.
MAX_HOURS_PER_MONTH = 200


def credited_hours(hours: float, term_months: int) -> float:
    """The IMT's ``hours`` for a term of ``term_months``: in proportion below 18 months (credit for prior
    learning keeps the 18-month pace of about 167 paid hours a month), the same hours over a longer term."""
    return hours * min(term_months, STANDARD_TERM_MONTHS) / STANDARD_TERM_MONTHS


def step_months(term_months: int) -> tuple[int, int]:
    """Months of the two default step raises: a third and two thirds through the term (7 and 13 of 18)."""
    return 1 + round(term_months / 3), 1 + round(2 * term_months / 3)


class Program(Record):
    """Hours and length of the apprenticeship term.

    A term shorter than 18 months (credit for prior learning) scales the hours not given with it
    (:func:`credited_hours`): 12 months give 1,824 hours on the job and 176 in class.
    """

    term_months: int = param(18, label="Length of the training term", unit="months", ge=12, le=24,
                             source=S.JFF_IMPACT + " (18 months); " + S.COWS_EQUITY + " (18 to 24 months); "
                                    "below 18 months for credit for prior learning, " + S.JFF_CASE_FLEX
                                    + "; the 12-month floor is an assumption")
    ojl_hours: float = param(STANDARD_OJL_HOURS, label="On-the-job learning hours", unit="hours", ge=0, le=6000,
                             source=S.JFF_CASE + "; " + S.AFLCIO + "; a term under 18 months scales them "
                                    "(2,736 x months / 18) unless given")
    rti_hours: float = param(STANDARD_RTI_HOURS, label="Related technical instruction hours", unit="hours", ge=0,
                             le=1000, source=S.JFF_CASE + "; " + S.AFLCIO + "; a term under 18 months scales "
                                             "them (264 x months / 18) unless given")

    @model_validator(mode="before")
    @classmethod
    def _credited(cls, data):
        """Hours not given or left at the IMT's standard 2,736 and 264 (as a form or a file filled with defaults
        holds them) follow the term (:func:`credited_hours`); hours of your own stay as given."""
        term = data.get("term_months", STANDARD_TERM_MONTHS) if isinstance(data, dict) else None
        if not isinstance(term, int) or isinstance(term, bool) or not 12 <= term <= 24:
            return data
        data = dict(data)
        for key, standard in (("ojl_hours", STANDARD_OJL_HOURS), ("rti_hours", STANDARD_RTI_HOURS)):
            if key not in data or data[key] == standard:
                data[key] = credited_hours(standard, term)
        return data

    @model_validator(mode="after")
    def _a_workable_pace(self):
        per_month = (self.ojl_hours + self.rti_hours) / self.term_months
        if per_month > MAX_HOURS_PER_MONTH:
            raise ValueError(
                f"ojl_hours: {self.ojl_hours:,.0f} on-the-job and {self.rti_hours:,.0f} class hours over "
                f"{self.term_months} months is {per_month:,.0f} paid hours a month, more than "
                f"{MAX_HOURS_PER_MONTH}; a shorter term credits prior learning with fewer hours "
                f"({credited_hours(STANDARD_OJL_HOURS, self.term_months):,.0f} on the job for "
                f"{self.term_months} months)")
        return self


class StepRaise(Record):
    """A raise during the term, as a share of the starting wage, from ``month`` on."""

    month: int = param(7, label="Month the step raise starts", unit="month", ge=1, le=24,
                       source="assumption: steps every six months, a common progression schedule")
    share: float = param(0.075, label="Step raise as a share of the starting wage", unit="/1", ge=0, le=1,
                         source="assumption: two steps of 7.5% bring the end-of-term wage, with the 20% "
                                "completion raise, to $24.98, matching " + S.JFF_IMPACT + " ($18.50 to $25)")


class Wages(Record):
    """The apprentice's hourly wage path and the employer's fringe cost."""

    starting_wage: float = param(18.50, label="Starting hourly wage", unit="USD/hour", ge=0, le=200,
                                 source=S.JFF_IMPACT + " (average of 900 apprentices since 2015)")
    fringe_rate: float = param(0.30, label="Fringe and payroll taxes as a share of wages", unit="/1", ge=0, le=1.5,
                               source="assumption: benefits and payroll taxes for full-time production "
                                      "workers; no IMT source publishes a rate, set your own")
    step_raises: list[StepRaise] = Field(default_factory=lambda: [StepRaise(month=7, share=0.075),
                                                                  StepRaise(month=13, share=0.075)],
                                         max_length=MAX_STEP_RAISES)
    completion_raise: float = param(0.20, label="Completion raise as a share of the starting wage", unit="/1",
                                    ge=0, le=2, source=S.JFF_CASE_PAY + ' ("usually in the range of 20 percent")')
    completer_wage: float | None = param(
        None, label="Completer's hourly wage after completion (none = the starting wage with its step and "
        "completion raises)", unit="USD/hour", ge=0, le=200,
        source="derived when left empty: the wage path's end, the starting wage x (1 + step raises + completion "
               "raise), $24.98 at the defaults, the $25 end-of-term average of " + S.JFF_IMPACT + "; enter your own")
    technician_wage: float = param(
        TECHNICIAN_WAGE, label="Hourly wage of an already-skilled technician hired from outside (the market "
        "price of skilled work)", unit="USD/hour", ge=0, le=200, source=S.TECHNICIAN_WAGE_SOURCE)
    counterfactual_annual_raise: float = param(
        0.0, label="Yearly raise the worker would get without the apprenticeship", unit="/1 per year", ge=0, le=0.2,
        source="assumption: an incumbent production wage held flat in nominal terms; set a general increase")


class Instruction(Record):
    """Related technical instruction (RTI): delivery, tuition and class hours."""

    delivery: Literal["college", "mssc", "mix"] = param(
        "college", label="RTI delivery: two college semesters, four MSSC CPT modules, or one semester + two modules",
        unit="choice", source=S.JFF_CASE_RTI)
    cost_per_apprentice: float = param(4000, label="Tuition, books and supplies per apprentice", unit="USD/apprentice",
                                       ge=0, le=30000, source=S.JFF_CASE_COST + ' ("up to $4,000 per person")')
    release_time_paid: bool = param(True, label="Class hours are paid (release time)", unit="flag",
                                    source=S.JFF_CASE_PAY + ' ("some employers also provide paid release time"); '
                                           "on by default so paid hours total 3,000")
    release_wage_share: float = param(1.0, label="Share of the wage paid for class hours", unit="/1", ge=0, le=1.5,
                                      source="assumption: release time paid at the regular wage")
    class_during_shift: bool = param(False, label="Classes take hours from the shift (output lost)", unit="flag",
                                     source=S.COWS_EQUITY + ' (classes "between shifts"); ' + S.JFF_CASE
                                            + ' (classes "during lunch breaks" or at the end of shifts); default off')
    class_fixed_cost: float = param(0, label="Fixed cost of a dedicated class, shared by its seats",
                                    unit="USD/class", ge=0, le=200000,
                                    source="assumption: open-enrolment tuition ($4,000/person) covers classes; "
                                           "set a contract-section cost when an intermediary buys a class")
    max_class_size: int = param(20, label="Seats in one class", unit="seats", ge=1, le=200,
                                source="assumption: a typical community-college section size")
    open_enrolment_cost_per_apprentice: float = param(
        4000, label="Open-enrolment tuition per apprentice (a firm on its own)", unit="USD/apprentice", ge=0,
        le=30000, source=S.JFF_CASE_COST + ' ("up to $4,000 per person"): what a firm alone pays per apprentice '
                                           "in a college's open classes; used by the alone-vs-partnership comparison")


class Mentor(Record):
    """The experienced mentor who demonstrates, observes and signs off skills."""

    hours_per_month: float = param(8, label="Mentor hours per apprentice per month", unit="hours/month", ge=0,
                                   le=160, source=S.JFF_CASE_MENTOR + " (a mentor per apprentice); hours are an "
                                                  "assumption: about two hours a week")
    wage: float = param(25.0, label="Mentor hourly wage", unit="USD/hour", ge=0, le=200,
                        source="the $25 journey-level wage of " + S.JFF_IMPACT + ", a lower bound for a mentor")
    productive_share: float = param(0.5, label="Share of mentor time that stays productive", unit="/1", ge=0, le=1,
                                    source="assumption: mentoring happens on the line, about half of it "
                                           "alongside normal output")

    @model_validator(mode="before")
    @classmethod
    def _hours_per_week(cls, data):
        """``hours_per_week`` (a sponsor's own terms) sets ``hours_per_month`` (x 52/12 weeks a month)."""
        if isinstance(data, dict) and "hours_per_week" in data:
            data = dict(data)
            weekly = data.pop("hours_per_week")
            if isinstance(weekly, (int, float)) and not isinstance(weekly, bool):
                data["hours_per_month"] = weekly * WEEKS_PER_MONTH
            else:
                data["hours_per_month"] = weekly  # left for validation to name
        return data

    @property
    def hours_per_week(self) -> float:
        """Mentor hours per apprentice per week [hours/week]."""
        return self.hours_per_month / WEEKS_PER_MONTH


class Administration(Record):
    """Coordination work (the sponsor's own staff time, or the intermediary's) and the intermediary's fee.

    The work: recruiting and screening, registration and Job Book paperwork,
    scheduling related instruction with the college, progress reviews. Part of
    it is fixed for each cohort a firm has apprentices in, part grows with its
    apprentices, so a firm with one apprentice is not charged like one with
    twenty. An intermediary can take over a share of it, for a fee that its
    grants may pay.
    """

    staff_cost_per_cohort_month: float = param(
        120, label="Coordination staff time per cohort per month (fixed part)", unit="USD/month", ge=0, le=50000,
        source="assumption: about 4 hours a month of HR/training-coordinator time at $30/hour loaded for each "
               "cohort a firm has apprentices in (college scheduling, sponsor reporting)")
    staff_cost_per_apprentice_month: float = param(
        18, label="Coordination staff time per apprentice per month", unit="USD/apprentice-month", ge=0, le=5000,
        source="assumption: about 0.6 hours a month per apprentice at $30/hour loaded (Job Book sign-offs, "
               "progress reviews); with the fixed part, 10 hours a month for a cohort of 10")
    one_off_per_apprentice: float = param(0, label="One-off set-up cost per apprentice (registration, Job Book)",
                                          unit="USD/apprentice", ge=0, le=50000,
                                          source="assumption: none beyond staff time; set your own")
    intermediary_coordination_share: float = param(
        0, label="Share of the coordination work the intermediary does", unit="/1", ge=0, le=1,
        source="assumption: 0 for a firm on its own; an intermediary's partnership sets its own share "
               "(the JFF case study's intermediaries recruited, registered and scheduled classes for their firms: "
               + S.JFF_CASE_FACTS + ")")
    intermediary_fee_per_apprentice: float = param(
        0, label="Intermediary fee per apprentice", unit="USD/apprentice", ge=0, le=50000,
        source="assumption: the IMT intermediaries were grant funded (" + S.JFF_CASE_FACTS + "); set a fee if charged")
    intermediary_fee_per_firm_cohort: float = param(
        0, label="Intermediary fee per firm per cohort it joins", unit="USD/firm-cohort", ge=0, le=100000,
        source="assumption: none by default, as above")
    intermediary_fee_per_cohort: float = param(0, label="Intermediary fee per cohort (shared by its seats)",
                                               unit="USD/cohort", ge=0, le=500000,
                                               source="assumption: none by default, as above")
    intermediary_fee_grant_share: float = param(
        0, label="Share of the intermediary's fees its grants pay", unit="/1", ge=0, le=1,
        source="assumption: 0 (fees as charged); the IMT intermediaries were grant funded (" + S.JFF_CASE_FACTS
               + "), so a fee may be paid partly or wholly by their grants")


class Output(Record):
    """Value of an hour of output: the ``output_value`` method (as the JFF 2020 study) and ``incremental``."""

    value_per_hour: float = param(
        JFF_VALUE_PER_HOUR, label="Value of an hour of an experienced technician's output (output_value, "
        "incremental)", unit="USD/hour", ge=0, le=1000,
        source="calibrated, not published: the value at which the published inputs of " + S.JFF_ROI_2020
               + " give its $1.48 per dollar (imt-roi reproduce jff-2020-imt-roi re-solves it)")
    productivity_start: float = param(0.70, label="Productivity share at the start of the term (output_value)",
                                      unit="/1", ge=0, le=1.5,
                                      source="assumption: incumbent entry-level workers already produce most of "
                                             "an experienced technician's output")
    productivity_end: float = param(1.0, label="Productivity share at completion (output_value)", unit="/1",
                                    ge=0, le=1.5, source="assumption: a completer works at journey level")
    productivity_gain: float = param(
        round(1.0 / 0.70 - 1, 4), label="Output gain at completion (incremental)", unit="/1", ge=0, le=2,
        source=S.JFF_CASE + " (employers report improved productivity); size is an assumption: the same rise as "
               "the output_value ramp, 0.70 to 1.00 of an experienced technician's output (+42.86%)")


class Substitution(Record):
    """The standard method: an apprentice's work valued at what the firm would otherwise pay for it.

    Per productive hour: share of skilled tasks x productivity relative to an
    experienced technician x the market technician's loaded wage
    (``wages.technician_wage``, the one price of skilled work) + share of
    routine tasks x a production worker's loaded wage (the starting wage: IMT
    apprentices are incumbent production workers). Each share ramps linearly
    from its start value in month 1 to its end value in the last month of the term.
    """

    productive_share_start: float = param(
        0.85, label="Share of on-the-job hours that is productive work, first month", unit="/1", ge=0, le=1,
        source="assumption: incumbents keep working their production jobs; above the 0.57 of a Swiss mechanic's "
               "first year (" + S.MW_2014_T3 + "), whose apprentices are school leavers")
    productive_share_end: float = param(
        0.95, label="Share of on-the-job hours that is productive work, last month of the term", unit="/1", ge=0,
        le=1, source="assumption: above the 0.90 of a Swiss mechanic's fourth year (" + S.MW_2014_T3 + ")")
    skilled_share_start: float = param(
        0.25, label="Share of productive time on skilled (technician) tasks, first month", unit="/1", ge=0, le=1,
        source="assumption: an entry-level production worker mostly does routine tasks")
    skilled_share_end: float = param(
        0.75, label="Share of productive time on skilled (technician) tasks, last month of the term", unit="/1",
        ge=0, le=1, source="assumption: a completer does technician work (setup, routine maintenance, inspection, "
                           "the OJL competencies of " + S.JFF_CASE + ") with some routine work left")
    relative_productivity_start: float = param(
        0.40, label="Productivity in skilled tasks relative to an experienced technician, first month", unit="/1",
        ge=0, le=1.5, source="Swiss cook's first year 0.40 (" + S.MW_2014_T3 + "), above the Swiss mechanic's 0.20: "
                             "IMT apprentices are incumbent production workers, not school leavers (assumption)")
    relative_productivity_end: float = param(
        0.90, label="Productivity in skilled tasks relative to an experienced technician, last month of the term",
        unit="/1", ge=0, le=1.5,
        source="assumption: a little above the last training year of the Swiss surveys, the mechanic's fourth "
               "year 0.81 and the cook's third year 0.80 (" + S.MW_2014_T3 + "), which are year averages; the "
               "last month of the term is higher than its year's average (an extrapolation)")


class OutsideHire(Record):
    """The default alternative: without the apprenticeship the firm hires an already-skilled technician.

    After completion each retained completer is worth the differences against
    that hire: recruiting, the months the post stays open and the outside
    hire's adaptation period avoided (once, after completion), the wage gap, the
    completer's productivity advantage and the difference in turnover (monthly).
    Hours of a skilled post are valued as the method values an hour of
    skilled work (substitution: the market technician's loaded wage). The wage
    gap is the market technician's wage minus the completer's.
    Only the share of completers who fill a post the firm would otherwise
    have filled from outside earns these differences; the others are valued
    against staying in their old job (as ``keep_incumbent``).
    """

    share_filling_outside_posts: float = param(
        0.75, label="Share of completers who fill a skilled post the firm would otherwise have filled from outside",
        unit="/1", ge=0, le=1,
        source="assumption: the IMT trains production workers for technician work the firm needs, but not every "
               "completer moves into a post that would otherwise be hired for; the rest stay in their job, "
               "valued against the untrained incumbent")

    recruiting_cost: float = param(
        4000, label="Recruiting an outside technician: advertising, agency fees, interviews", unit="USD", ge=0,
        le=100000, source="assumption: advertising or agency fees plus about 20 hours of screening and interviews "
                          "for a skilled post, near the average cost per hire of " + S.SHRM_COST_PER_HIRE + "; with "
                          "the vacancy and adaptation defaults an outside hire costs about 10 weeks of a technician's "
                          "loaded wage, at the low end of " + S.HIRING_COSTS)
    vacancy_months: float = param(
        2.0, label="Months a skilled post stays open before an outside hire starts", unit="months", ge=0, le=24,
        source="assumption: search, notice period and start; vacancy costs are part of hiring costs in "
               + S.MW_2014)
    vacancy_cost_share: float = param(
        0.5, label="Share of an hour's value lost while the post is open", unit="/1", ge=0, le=1.5,
        source="assumption: the work is covered by overtime at time and a half, whose premium is half the loaded "
               "wage (1.0 = the output is lost)")
    adaptation_months: float = param(
        3.0, label="Months an outside hire takes to reach full productivity in this plant", unit="months", ge=0,
        le=24, source="assumption; the adaptation period of a new hire is among the costs a firm avoids by keeping "
                      "its graduates (" + S.MW_2014 + ")")
    adaptation_productivity: float = param(
        0.75, label="An outside hire's average productivity during adaptation", unit="/1", ge=0, le=1,
        source="assumption: a quarter of the output is lost while the hire learns the plant")
    productivity_advantage: float = param(
        0.05, label="Completer's productivity advantage over an outside hire after adaptation (either sign)",
        unit="/1", ge=-0.5, le=1,
        source="assumption, no published size: knowledge of the plant's own equipment and processes that an "
               "outside hire lacks even after adaptation; the lessons of " + S.MW_2019 + " name firm-specific "
               "skills without a figure")
    separation_rate: float = param(
        0.20, label="Yearly separation rate of outside skilled hires", unit="/1 per year", ge=0, le=1,
        source="assumption: new outside hires leave more often than completers, who have tenure and "
               "firm-specific skills, and less often than entry-level production workers (25%, assumption)")


class OtherBenefits(Record):
    """Benefits employers report beyond output (ramping over the term) and the cost of replacing a production worker."""

    scrap_avoided_per_month: float = param(
        0, label="Scrap and waste avoided per apprentice at full effect", unit="USD/month", ge=0, le=100000,
        source=S.JFF_CASE + " (reported, never quantified); assumption 0: enter your plant's figure")
    downtime_hours_avoided_per_month: float = param(
        0, label="Equipment downtime hours avoided per apprentice at full effect", unit="hours/month", ge=0, le=720,
        source=S.JFF_CASE + " (reported, never quantified); assumption 0")
    downtime_cost_per_hour: float = param(0, label="Cost of an hour of downtime", unit="USD/hour", ge=0, le=1e6,
                                          source="assumption 0: enter your line's cost")
    overtime_avoided_per_month: float = param(0, label="Overtime avoided per apprentice at full effect",
                                              unit="USD/month", ge=0, le=100000, source="assumption 0")
    baseline_separation_rate: float = param(
        0.25, label="Yearly separation rate of comparable production workers (untrained incumbents)",
        unit="/1 per year", ge=0, le=1,
        source="assumption: production jobs commonly lose a quarter of their workers a year; " + S.JFF_CASE
               + " reports improved retention without a rate")
    backfill_vacated_post: bool = param(
        True, label="A completer who moves up leaves a production post that is refilled", unit="flag",
        source="assumption: the production post an incumbent leaves for a technician post is refilled at the "
               "replacement cost of a production worker; turn off where the post would not be refilled")
    replacement_cost: float = param(
        7700, label="Cost of replacing a production worker or a dropout (recruiting, onboarding, lost output)",
        unit="USD", ge=0,
        le=500000, source="assumption: about 20% of a year's pay at $18.50 x 2,080 hours")


class Retention(Record):
    """Completion during the term and separations after it."""

    completion_rate: float = param(
        COMPLETION_MIDPOINT, label="Share of starters who complete", unit="/1", ge=0.01, le=1,
        source=S.COWS_TABLE1 + ": the midpoint of its two readings, 46 completed of the 60 who completed or left "
               "(0.7667) and 110 of 124 not left so far (0.8871); the first undercounts completion while most are "
               "still training, the second overcounts it (leavers to come)")
    completion_separation_share: float = param(
        COMPLETION_SEPARATION_SHARE, label="Share of completers who leave within the first months after completing",
        unit="/1", ge=0, le=1, source=S.COMPLETION_SEPARATION_SOURCE)
    completer_separation_rate: float = param(
        COMPLETER_SEPARATION_RATE, label="Yearly separation rate of completers who stay past completion",
        unit="/1 per year", ge=0, le=1, source=S.COMPLETER_SEPARATION_SOURCE)


class Horizon(Record):
    """How long flows are counted, how money grows and how it is discounted."""

    months_after_completion: int = param(
        60, label="Months counted after completion", unit="months", ge=0, le=120,
        source="60 = the five-year view of " + S.AAI_2022 + "; 0 = during the term, as " + S.JFF_ROI_2020)
    discount_rate: float = param(
        0.05, label="Nominal yearly discount rate (applied monthly, end of month)", unit="/1 per year", ge=0,
        le=0.5, source="assumption: a small manufacturer's nominal cost of capital for a low-risk internal "
                       "investment; set your firm's hurdle rate (0 for the undiscounted view of "
                       + S.JFF_ROI_2020 + ")")
    wage_growth: float = param(
        0.03, label="Nominal yearly growth of wages and wage-valued flows after completion", unit="/1 per year",
        ge=0, le=0.2, source="assumption: about 2% inflation plus 1% real wage growth; set your own")
    inflation_rate: float = param(
        0.02, label="Yearly inflation (to state figures in today's dollars)", unit="/1 per year", ge=0, le=0.2,
        source="assumption: the Federal Reserve's 2% longer-run inflation goal")
    dollars: Literal["nominal", "real"] = param(
        "nominal", label="Figures in nominal dollars, or in today's dollars (real)", unit="choice",
        source="nominal by default, as a budget is written; real divides each month's flows by inflation since "
               "plan month 0 and discounts at the matching real rate, so B/C and NPV do not change")

    @property
    def rate_used(self) -> float:
        """The yearly rate the metrics discount at: nominal, or the matching real rate in today's dollars."""
        if self.dollars == "real":
            return (1 + self.discount_rate) / (1 + self.inflation_rate) - 1
        return self.discount_rate


class Offset(Record):
    """Outside funding that lowers the sponsor's net cost: a grant, a tax credit, tuition or wage reimbursement.

    A ``wage_reimbursement`` (WIOA on-the-job training, the Work Opportunity Tax
    Credit) is a share of the apprentice's wages in the first months of the
    term, up to a cap per apprentice; every other kind is an amount per
    apprentice (see :mod:`imt_roi.funding` for the programmes and their rules).
    """

    name: Name = param("grant", label="Name of the funding offset", unit="text", source="user input",
                      min_length=1, max_length=80)
    kind: Literal["grant", "tax_credit", "tuition_reimbursement", "wage_reimbursement"] = param(
        "grant", label="Kind of offset", unit="choice", source="user input")
    amount_per_apprentice: float = param(0, label="Amount per apprentice (not for a wage reimbursement)",
                                         unit="USD/apprentice", ge=0, le=100000, source="user input")
    basis: Literal["starter", "completer", "present"] = param(
        "starter", label="Paid for each starter, each completer, or each apprentice still employed",
        unit="choice", source="user input")
    month: int = param(1, label="Month paid (completer offsets are paid at completion)", unit="month", ge=1,
                       le=144, source="user input")
    times: int = param(1, label="Times paid, a year apart", unit="count", ge=1, le=10, source="user input")
    share_of_wages: float = param(
        0, label="Share of the apprentice's wages reimbursed (wage reimbursement only)", unit="/1", ge=0, le=0.75,
        source="user input")  # at most 0.75: the highest share WIOA on-the-job training allows (20 CFR 680.720)
    wage_months: int = param(0, label="Months of the term whose wages are reimbursed (wage reimbursement only)",
                             unit="months", ge=0, le=48, source="user input")
    cap_per_apprentice: float | None = param(
        None, label="Cap on the total paid for one apprentice (none = no cap)", unit="USD/apprentice", ge=0,
        le=1e6, source="user input")
    cap_per_employer: float | None = param(None, label="Cap on the total paid to one employer (none = no cap)",
                                           unit="USD", ge=0, le=1e9, source="user input")

    @model_validator(mode="after")
    def _amount_or_share(self):
        if self.kind == "wage_reimbursement" and self.amount_per_apprentice:
            raise ValueError("amount_per_apprentice: a wage reimbursement is a share of wages; set share_of_wages "
                             "and wage_months instead")
        if self.kind != "wage_reimbursement" and (self.share_of_wages or self.wage_months):
            raise ValueError(f"share_of_wages: only a wage_reimbursement offset reimburses wages, not a {self.kind}")
        return self


class CustomLine(Record):
    """A cost or benefit the model does not name, entered by the user."""

    name: Name = param("custom", label="Name of the line", unit="text", source="user input",
                      min_length=1, max_length=80)
    kind: Literal["cost", "benefit"] = param("cost", label="Cost or benefit", unit="choice", source="user input")
    amount: float = param(0, label="Amount each time it falls", unit="USD", ge=0, le=1e8, source="user input")
    basis: Literal["per_apprentice", "per_cohort"] = param(
        "per_apprentice", label="Per apprentice present, or per cohort", unit="choice", source="user input")
    frequency: Literal["one_off", "monthly", "yearly"] = param(
        "one_off", label="How often it falls", unit="choice", source="user input")
    start_month: int = param(1, label="First month", unit="month", ge=1, le=144, source="user input")
    end_month: int | None = param(None, label="Last month (none = end of horizon)", unit="month", ge=1, le=144,
                                  source="user input")

    @model_validator(mode="after")
    def _months_in_order(self):
        if self.end_month is not None and self.end_month < self.start_month:
            raise ValueError(f"end_month: {self.end_month} is before start_month ({self.start_month})")
        return self


def _default_steps(steps) -> bool:
    """Whether ``steps`` (as given) are absent or the shipped two steps of 7.5% in months 7 and 13."""
    if steps is None:
        return True
    if not isinstance(steps, list) or len(steps) != 2:
        return False
    try:
        placed = [(int(s["month"] if isinstance(s, dict) else s.month), float(s["share"] if isinstance(s, dict)
                   else s.share)) for s in steps]
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        return False
    return placed == [(m, 0.075) for m in step_months(STANDARD_TERM_MONTHS)]


class Assumptions(Record):
    """Everything that describes one sponsor's apprenticeship economics."""

    method: Literal["substitution", "output_value", "incremental"] = param(
        "substitution", label="Valuation method of the apprentice's work", unit="choice",
        source="substitution = what the firm would otherwise pay for the work, the method of the Swiss and German "
               "cost-benefit surveys (" + S.MW_2014 + "); output_value = full wages against the value of output, as "
               + S.JFF_ROI_2020 + "; incremental = only what changes for an incumbent worker")
    alternative: Literal["hire_outside", "keep_incumbent"] = param(
        "hire_outside", label="What the firm would do without the apprenticeship (values the years after completion)",
        unit="choice", source="hire_outside = recruit an already-skilled technician, whose costs firms that keep "
                              "their graduates save (" + S.MW_2014 + "); keep_incumbent = keep the worker untrained")
    program: Program = Field(default_factory=Program)
    wages: Wages = Field(default_factory=Wages)
    instruction: Instruction = Field(default_factory=Instruction)
    mentor: Mentor = Field(default_factory=Mentor)
    administration: Administration = Field(default_factory=Administration)
    substitution: Substitution = Field(default_factory=Substitution)
    output: Output = Field(default_factory=Output)
    outside_hire: OutsideHire = Field(default_factory=OutsideHire)
    benefits: OtherBenefits = Field(default_factory=OtherBenefits)
    retention: Retention = Field(default_factory=Retention)
    horizon: Horizon = Field(default_factory=Horizon)
    offsets: list[Offset] = Field(default_factory=list, max_length=MAX_OFFSETS)
    custom_lines: list[CustomLine] = Field(default_factory=list, max_length=MAX_CUSTOM_LINES)


    @model_validator(mode="before")
    @classmethod
    def _steps_follow_the_term(cls, data):
        """Default step raises (not given, or the shipped steps in months 7 and 13) fall a third and two thirds
        through this term (:func:`step_months`)."""
        if not isinstance(data, dict):
            return data
        program, wages = data.get("program"), data.get("wages")
        term = program.term_months if isinstance(program, Program) else (
            program.get("term_months", STANDARD_TERM_MONTHS) if isinstance(program, dict) else STANDARD_TERM_MONTHS)
        if not isinstance(term, int) or isinstance(term, bool) or not 12 <= term <= 24:
            return data
        if isinstance(wages, Wages):
            wages = wages.model_dump(exclude_unset=True)
        if wages is None:
            wages = {}
        if not isinstance(wages, dict) or not _default_steps(wages.get("step_raises")):
            return data
        first, second = step_months(term)
        data = dict(data)
        data["wages"] = {**wages, "step_raises": [{"month": first, "share": 0.075}, {"month": second, "share": 0.075}]}
        return data

    @model_validator(mode="after")
    def _step_raises_in_term(self):
        for i, step in enumerate(self.wages.step_raises):
            if step.month > self.program.term_months:
                raise ValueError(f"wages.step_raises.{i}.month: month {step.month} is after the "
                                 f"{self.program.term_months}-month term; the completion raise covers that")
        return self


class Member(Record):
    """One employer's apprentices in a cohort."""

    employer: Name = param("Sponsor", label="Employer", unit="text", source="user input", min_length=1,
                          max_length=80)
    apprentices: int = param(10, label="Apprentices", unit="apprentices", ge=0, le=10000, source="user input")


class Cohort(Record):
    """A group of apprentices who start together and share classes."""

    name: Name = param("Cohort 1", label="Cohort name", unit="text", source="user input", min_length=1,
                      max_length=80)
    start_month: int = param(1, label="Plan month the cohort starts", unit="month", ge=1, le=120,
                             source="user input")
    members: list[Member] = Field(default_factory=lambda: [Member()], min_length=1, max_length=MAX_EMPLOYERS)

    @property
    def size(self) -> int:
        return sum(m.apprentices for m in self.members)


class EmployerOverride(Record):
    """Assumptions that differ for one employer, as dotted paths (``wages.starting_wage: 21.24``)."""

    employer: Name = Field(min_length=1, max_length=80)
    set: dict[str, float | int | bool | str] = Field(default_factory=dict)


class Scenario(Assumptions):
    """A plan of cohorts and the assumptions they share. The model's one input."""

    schema_version: Literal[5] = SCHEMA_VERSION
    name: Name = param("IMT default", label="Scenario name", unit="text", source="user input", max_length=120)
    description: LongText = param("", label="Description", unit="text", source="user input", max_length=2000)
    cohorts: list[Cohort] = Field(default_factory=lambda: [Cohort()], min_length=1)
    employers: list[EmployerOverride] = Field(default_factory=list)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)

    @model_validator(mode="after")
    def _cohort_names_unique(self):
        # Results and cash flows are keyed by cohort name.
        seen = set()
        for i, c in enumerate(self.cohorts):
            if c.name in seen:
                raise ValueError(f"cohorts.{i}.name: {c.name!r} is the name of another cohort; "
                                 "give each cohort its own name")
            seen.add(c.name)
        return self

    @model_validator(mode="after")
    def _overrides_name_members(self):
        known = {m.employer for c in self.cohorts for m in c.members}
        first: dict[str, int] = {}
        for i, o in enumerate(self.employers):
            if o.employer not in known:
                raise ValueError(f"employers.{i}.employer: {o.employer[:60]!r} has no apprentices in any cohort")
            if o.employer in first:
                # Two blocks for one employer: the second would silently replace the first.
                raise ValueError(f"employers.{i}.employer: {o.employer[:60]!r} has overrides at "
                                 f"employers.{first[o.employer]} already; put them in one block")
            first[o.employer] = i
        return self

    @property
    def apprentices(self) -> int:
        return sum(c.size for c in self.cohorts)

    def assumptions(self) -> Assumptions:
        """The shared assumptions, without the plan."""
        fields = set(Assumptions.model_fields)
        return Assumptions.model_validate(self.model_dump(include=fields))
