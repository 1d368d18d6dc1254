"""The scenario: every input of the model as a typed, validated, cited record.

Units follow :data:`imt_roi.fields.UNITS`. Months are counted from each
cohort's start: month 1 is the cohort's first month. Money is nominal US
dollars; flows fall at the end of their month.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from . import sources as S
from .fields import Record, param

SCHEMA_VERSION = 1

WISCONSIN_COMPLETED = 46
WISCONSIN_STILL_TRAINING = 64
WISCONSIN_LEFT = 14
#: Completion among apprentices who have finished or left (46 of 60).
COMPLETION_FINISHED_OR_LEFT = round(WISCONSIN_COMPLETED / (WISCONSIN_COMPLETED + WISCONSIN_LEFT), 4)
#: Share not (yet) left among all enrolled (110 of 124).
COMPLETION_NOT_LEFT = round(1 - WISCONSIN_LEFT / (WISCONSIN_COMPLETED + WISCONSIN_STILL_TRAINING + WISCONSIN_LEFT), 4)


class Program(Record):
    """Hours and length of the apprenticeship term."""

    term_months: int = param(18, label="Length of the training term", unit="months", ge=18, le=24,
                             source=S.JFF_IMPACT + " (18 months); " + S.COWS_EQUITY + " (18 to 24 months)")
    ojl_hours: float = param(2736, label="On-the-job learning hours", unit="hours", ge=0, le=6000,
                             source=S.JFF_CASE + "; " + S.AFLCIO)
    rti_hours: float = param(264, label="Related technical instruction hours", unit="hours", ge=0, le=1000,
                             source=S.JFF_CASE + "; " + S.AFLCIO)


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
                                                                  StepRaise(month=13, share=0.075)])
    completion_raise: float = param(0.20, label="Completion raise as a share of the starting wage", unit="/1",
                                    ge=0, le=2, source=S.JFF_CASE_PAY + ' ("usually in the range of 20 percent")')
    counterfactual_annual_raise: float = param(
        0.0, label="Yearly raise the worker would get without the apprenticeship", unit="/1 per year", ge=0, le=0.5,
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
                                     source=S.JFF_CASE + ' (classes "between shifts, at lunch or at the end of a '
                                            'shift"); default off')
    class_fixed_cost: float = param(0, label="Fixed cost of a dedicated class, shared by its seats",
                                    unit="USD/class", ge=0, le=200000,
                                    source="assumption: open-enrolment tuition ($4,000/person) covers classes; "
                                           "set a contract-section cost when an intermediary buys a class")
    max_class_size: int = param(20, label="Seats in one class", unit="seats", ge=1, le=200,
                                source="assumption: a typical community-college section size")


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


class Administration(Record):
    """The sponsor's own staff time and any intermediary fee."""

    staff_cost_per_cohort_month: float = param(
        300, label="Sponsor staff time per cohort per month", unit="USD/month", ge=0, le=50000,
        source="assumption: about 10 hours a month of HR/training-coordinator time at $30/hour loaded")
    one_off_per_apprentice: float = param(0, label="One-off set-up cost per apprentice (registration, Job Book)",
                                          unit="USD/apprentice", ge=0, le=50000,
                                          source="assumption: none beyond staff time; set your own")
    intermediary_fee_per_apprentice: float = param(
        0, label="Intermediary fee per apprentice", unit="USD/apprentice", ge=0, le=50000,
        source="assumption: the IMT intermediaries were grant funded (" + S.JFF_CASE_FACTS + "); set a fee if charged")
    intermediary_fee_per_cohort: float = param(0, label="Intermediary fee per cohort", unit="USD/cohort", ge=0,
                                               le=500000, source="assumption: none by default, as above")


class Output(Record):
    """Value of what the apprentice produces (gross) or of the gain (incremental)."""

    value_per_hour: float = param(
        50.0, label="Value of an hour of an experienced technician's output", unit="USD/hour", ge=0, le=1000,
        source="assumption: at least the loaded cost of a journey-level technician ($25 x 1.30 = $32.50, "
               + S.JFF_IMPACT + ") plus the margin that makes employing one worthwhile")
    productivity_start: float = param(0.70, label="Productivity share at the start of the term (gross)", unit="/1",
                                      ge=0, le=1.5, source="assumption: incumbent entry-level workers already "
                                                           "produce most of an experienced technician's output")
    productivity_end: float = param(1.0, label="Productivity share at completion and after (gross)", unit="/1",
                                    ge=0, le=1.5, source="assumption: a completer works at journey level")
    productivity_gain: float = param(
        round(1.0 / 0.70 - 1, 4), label="Output gain at completion and after (incremental)", unit="/1", ge=0, le=2,
        source=S.JFF_CASE + " (employers report improved productivity); size is an assumption: the same rise as "
               "the gross ramp, 0.70 to 1.00 of an experienced technician's output (+42.86%)")


class OtherBenefits(Record):
    """Benefit lines employers report beyond output; each ramps up over the term."""

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
        0.25, label="Yearly separation rate of comparable non-apprentice workers", unit="/1 per year", ge=0, le=1,
        source="assumption: production jobs commonly lose a quarter of their workers a year; " + S.JFF_CASE
               + " reports improved retention without a rate")
    replacement_cost: float = param(
        7700, label="Cost of replacing a worker (recruiting, onboarding, lost output)", unit="USD", ge=0,
        le=500000, source="assumption: about 20% of a year's pay at $18.50 x 2,080 hours")
    avoided_hiring_cost: float = param(
        0, label="Avoided cost of hiring an already-skilled technician, per completer", unit="USD", ge=0,
        le=500000, source="assumption 0: counts only if the firm would otherwise hire from outside")


class Retention(Record):
    """Completion during the term and separations after it."""

    completion_rate: float = param(
        COMPLETION_FINISHED_OR_LEFT, label="Share of starters who complete", unit="/1", ge=0.01, le=1,
        source=S.COWS_TABLE1 + ": 46 completed of the 60 who completed or left (reading: finished-or-left; "
               "the other reading, 110 of 124 not left so far, gives 0.8871)")
    completer_separation_rate: float = param(
        0.11, label="Yearly separation rate of apprentices and completers", unit="/1 per year", ge=0, le=1,
        source=S.COWS_EQUITY + ": 14 of 124 (11%) left; read as a yearly rate (assumption about exposure)")


class Horizon(Record):
    """How long flows are counted and how they are discounted."""

    months_after_completion: int = param(
        0, label="Months counted after completion", unit="months", ge=0, le=120,
        source="0 = during the term, as " + S.JFF_ROI_2020 + "; 60 = the five-year view of " + S.AAI_2022)
    discount_rate: float = param(0.0, label="Yearly discount rate (applied monthly, end of month)",
                                 unit="/1 per year", ge=0, le=0.5,
                                 source="0 for the undiscounted term-only view of " + S.JFF_ROI_2020)


class Offset(Record):
    """Outside funding that lowers the sponsor's net cost: a grant, a tax credit, tuition reimbursement."""

    name: str = param("grant", label="Name of the funding offset", unit="text", source="user input",
                      min_length=1, max_length=80)
    kind: Literal["grant", "tax_credit", "tuition_reimbursement"] = param(
        "grant", label="Kind of offset", unit="choice", source="user input")
    amount_per_apprentice: float = param(0, label="Amount per apprentice", unit="USD/apprentice", ge=0, le=100000,
                                         source="user input")
    basis: Literal["starter", "completer"] = param(
        "starter", label="Paid for each starter or each completer", unit="choice", source="user input")
    month: int = param(1, label="Month paid (completer offsets are paid at completion)", unit="month", ge=1,
                       le=144, source="user input")
    cap_per_employer: float | None = param(None, label="Cap on the total paid to one employer (none = no cap)",
                                           unit="USD", ge=0, le=1e9, source="user input")


class CustomLine(Record):
    """A cost or benefit the model does not name, entered by the user."""

    name: str = param("custom", label="Name of the line", unit="text", source="user input",
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


class Assumptions(Record):
    """Everything that describes one sponsor's apprenticeship economics."""

    convention: Literal["gross", "incremental"] = param(
        "gross", label="Accounting convention", unit="choice",
        source="gross = full wages against full output, as " + S.JFF_ROI_2020 + "; incremental = only what "
               "changes for an incumbent worker")
    program: Program = Field(default_factory=Program)
    wages: Wages = Field(default_factory=Wages)
    instruction: Instruction = Field(default_factory=Instruction)
    mentor: Mentor = Field(default_factory=Mentor)
    administration: Administration = Field(default_factory=Administration)
    output: Output = Field(default_factory=Output)
    benefits: OtherBenefits = Field(default_factory=OtherBenefits)
    retention: Retention = Field(default_factory=Retention)
    horizon: Horizon = Field(default_factory=Horizon)
    offsets: list[Offset] = Field(default_factory=list)
    custom_lines: list[CustomLine] = Field(default_factory=list)


    @model_validator(mode="after")
    def _step_raises_in_term(self):
        for i, step in enumerate(self.wages.step_raises):
            if step.month > self.program.term_months:
                raise ValueError(f"wages.step_raises.{i}.month: month {step.month} is after the "
                                 f"{self.program.term_months}-month term; the completion raise covers that")
        return self


class Member(Record):
    """One employer's apprentices in a cohort."""

    employer: str = param("Sponsor", label="Employer", unit="text", source="user input", min_length=1,
                          max_length=80)
    apprentices: int = param(10, label="Apprentices", unit="apprentices", ge=0, le=10000, source="user input")


class Cohort(Record):
    """A group of apprentices who start together and share classes."""

    name: str = param("Cohort 1", label="Cohort name", unit="text", source="user input", min_length=1,
                      max_length=80)
    start_month: int = param(1, label="Plan month the cohort starts", unit="month", ge=1, le=120,
                             source="user input")
    members: list[Member] = Field(default_factory=lambda: [Member()], min_length=1)

    @property
    def size(self) -> int:
        return sum(m.apprentices for m in self.members)


class EmployerOverride(Record):
    """Assumptions that differ for one employer, as dotted paths (``wages.starting_wage: 21.24``)."""

    employer: str = Field(min_length=1, max_length=80)
    set: dict[str, float | int | bool | str] = Field(default_factory=dict)


class Scenario(Assumptions):
    """A plan of cohorts and the assumptions they share. The model's one input."""

    schema_version: Literal[1] = SCHEMA_VERSION
    name: str = param("IMT default", label="Scenario name", unit="text", source="user input", max_length=120)
    description: str = param("", label="Description", unit="text", source="user input", max_length=2000)
    cohorts: list[Cohort] = Field(default_factory=lambda: [Cohort()], min_length=1)
    employers: list[EmployerOverride] = Field(default_factory=list)

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
        for i, o in enumerate(self.employers):
            if o.employer not in known:
                raise ValueError(f"employers.{i}.employer: {o.employer!r} has no apprentices in any cohort")
        return self

    @property
    def apprentices(self) -> int:
        return sum(c.size for c in self.cohorts)

    def assumptions(self) -> Assumptions:
        """The shared assumptions, without the plan."""
        fields = set(Assumptions.model_fields)
        return Assumptions.model_validate(self.model_dump(include=fields))
