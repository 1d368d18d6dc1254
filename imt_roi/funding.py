"""Funding US sponsors commonly stack: each programme's published rule, how it is paid, and an offset to fill in.

Every programme below was read in its own rules or in an agency's page on
them (``source``). Where the amount depends on a state, a local workforce
board or the apprentice's eligibility, the offset it proposes carries no
amount: the sponsor fills it in (``to_fill`` names what). Where a rule fixes
a share or a cap (WIOA on-the-job training: up to half the wage rate; the
Work Opportunity Tax Credit: 40% of first-year wages up to $6,000), the
offset carries that rule, never more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .parameters import Offset


@dataclass(frozen=True)
class FundingProgramme:
    """One funding programme: what it pays, how, its caps, and the offset it becomes once filled in."""

    key: str
    name: str
    how_paid: str
    rule: str
    varies: str
    to_fill: str
    source: str
    offset: dict = field(default_factory=dict)

    def as_offset(self, **filled) -> Offset:
        """The programme as a funding offset, with the sponsor's own figures (``filled``) over its rule."""
        return Offset.model_validate({**self.offset, "name": self.name, **filled})


PROGRAMMES: tuple[FundingProgramme, ...] = (
    FundingProgramme(
        key="wioa_ojt",
        name="WIOA on-the-job training",
        how_paid="reimbursed to the employer under an OJT contract with the local workforce board, as a share "
                 "of the apprentice's wages for the contract's months",
        rule="typically up to 50% of the participant's wage rate, up to 75% in limited circumstances, for the "
             "extraordinary costs of training and supervision; the contract lasts only as long as the "
             "participant needs to become proficient; the contract must be signed before the training starts",
        varies="the share (up to the cap), the contract's months and any cap per participant are set by the "
               "local workforce board; the apprentice must be eligible for WIOA (new hires, or employed workers "
               "under limited conditions)",
        to_fill="the months of your OJT contract and its cap per apprentice, if any",
        source="20 CFR 680.700 and 680.720 (WIOA sec. 134(c)(3)(H); 680.730 for up to 75%)",
        offset={"kind": "wage_reimbursement", "share_of_wages": 0.5, "wage_months": 0},
    ),
    FundingProgramme(
        key="wioa_ita",
        name="WIOA training account (tuition)",
        how_paid="an Individual Training Account of an eligible apprentice pays the related instruction's "
                 "tuition, books and fees to the training provider",
        rule="registered apprenticeship programs are automatically eligible for the state's Eligible Training "
             "Provider List once the sponsor consents; only programmes on that list can receive WIOA training "
             "funds",
        varies="whether funds are available, who is eligible and the most an account pays are set by the state "
               "and the local workforce board",
        to_fill="the tuition the account pays per apprentice",
        source="Wisconsin DWD, WIOA Title I policy manual 7.8.1 (registered apprenticeships on the ETPL); "
               "20 CFR 680 subpart B (training services)",
        offset={"kind": "tuition_reimbursement", "amount_per_apprentice": 0, "month": 1},
    ),
    FundingProgramme(
        key="wioa_iwt",
        name="WIOA incumbent worker training",
        how_paid="a local workforce board pays part of the cost of training workers the firm already employs; "
                 "the employer pays the rest",
        rule="for workers employed with the firm for at least six months; local areas may use up to 20% of their "
             "adult and dislocated worker funds for it; the employer's share of the cost rises with its size "
             "(WIOA sec. 134(d)(4))",
        varies="whether the local board funds it, the amount, and the employer's share",
        to_fill="the amount the board pays per apprentice",
        source="Ohio Department of Job and Family Services, WIOA policy letter 15-23.1, Incumbent Worker Training "
               "guidelines (2021); Illinois workNet WIOA glossary",
        offset={"kind": "grant", "amount_per_apprentice": 0, "month": 1},
    ),
    FundingProgramme(
        key="sc_apprenticeship_credit",
        name="South Carolina apprenticeship tax credit",
        how_paid="a state income tax credit for each registered apprentice employed at least seven months of the "
                 "tax year",
        rule="$1,000 per apprentice a year for up to four years; since May 2024 the greater of the cost of the "
             "apprenticeship or $1,000, at most $4,000 per apprentice, plus $1,000 a year for up to three years "
             "for an apprentice kept on after completing; unused credit carries forward three years",
        varies="South Carolina only; other states have their own credits or none",
        to_fill="nothing for the $1,000 a year of the first two plan years; more if your cost claim is larger",
        source="South Carolina Code 12-6-3477; SC Department of Revenue, Schedule TC-45 (rev. 8/1/24); SC Works, "
               "Apprenticeship Tax Credit; Act 188 of 2024 as summarised by Ashmore Consulting",
        offset={"kind": "tax_credit", "amount_per_apprentice": 1000, "basis": "present", "month": 12,
                "times": 2},
    ),
    FundingProgramme(
        key="wotc",
        name="Work Opportunity Tax Credit",
        how_paid="a federal income tax credit for a new hire from a targeted group, certified by the state "
                 "workforce agency (IRS Form 8850 within 28 days of the start)",
        rule="40% of the first $6,000 of first-year wages for a hire who works 400 hours or more (at most "
             "$2,400; 25% for 120 to 399 hours); higher wage caps for some veterans",
        varies="only for new hires in a targeted group: most IMT apprentices are incumbent workers and do not "
               "qualify",
        to_fill="tick only if your apprentices are new hires in a targeted group",
        source="IRS, \"How is the amount of Work Opportunity Credit determined?\" (ITG FAQ 10)",
        offset={"kind": "wage_reimbursement", "share_of_wages": 0.4, "wage_months": 12,
                "cap_per_apprentice": 2400},
    ),
)


def programme(key: str) -> FundingProgramme:
    """The programme with ``key`` (``KeyError`` naming the known keys otherwise)."""
    for p in PROGRAMMES:
        if p.key == key:
            return p
    raise KeyError(f"no funding programme {key!r}; known: {', '.join(p.key for p in PROGRAMMES)}")
