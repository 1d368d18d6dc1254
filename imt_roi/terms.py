"""The terms every figure depends on, stated from the inputs themselves, and stale descriptions found.

A scenario's free-text description may say "60 months after completion" or
"discounted at 5%" and then be edited in a dashboard. :func:`terms_text`
states the method, alternative, horizon and rate from the inputs, so what is
printed beside a figure is always what produced it; :func:`description_conflicts`
finds the claims of a description that the inputs no longer bear out.
"""

from __future__ import annotations

import re

from .parameters import Assumptions, Scenario

METHOD_TEXT = {
    "substitution": "substitution method (the apprentice's work valued at what the firm would otherwise pay for it)",
    "output_value": "output-value method, as the JFF 2020 study (full wages against the value of output)",
    "incremental": "incremental method (only what changes for an incumbent worker)",
}
ALTERNATIVE_TEXT = {
    "hire_outside": "hiring a skilled technician from outside",
    "keep_incumbent": "keeping the worker untrained",
}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10}


def horizon_text(a: Assumptions) -> str:
    """The horizon in words: "during the term only" or "60 months (5 years) after completion"."""
    months = a.horizon.months_after_completion
    if months == 0:
        return f"during the {a.program.term_months}-month term only"
    years = f"{months / 12:g} year{'s' if months != 12 else ''}"
    return f"the {a.program.term_months}-month term and {months} months ({years}) after completion"


def rate_text(a: Assumptions) -> str:
    """Dollars and discounting in words."""
    h = a.horizon
    if h.dollars == "real":
        dollars = f"today's dollars ({h.inflation_rate:.1%} inflation a year taken out)"
        if h.discount_rate == 0:
            return f"{dollars}, undiscounted"
        return f"{dollars}, discounted at {h.rate_used:.2%} a year real ({h.discount_rate:.2%} nominal)"
    if h.discount_rate == 0:
        return "nominal dollars, undiscounted"
    return f"nominal dollars discounted at {h.discount_rate:.1%} a year"


def terms_text(a: Assumptions) -> str:
    """One sentence: method, alternative (when years after completion count), horizon, dollars and rate."""
    parts = [METHOD_TEXT[a.method]]
    if a.horizon.months_after_completion > 0:
        parts.append(f"after completion against {ALTERNATIVE_TEXT[a.alternative]}")
    parts += [horizon_text(a), rate_text(a), "flows at the end of each month"]
    return "; ".join(parts)


def description_conflicts(scenario: Scenario) -> list[str]:
    """Claims in ``scenario.description`` about horizon, rate, dollars, method or alternative that its inputs
    contradict, each as "the description says X; the figures use Y". Empty when none."""
    text = " ".join(scenario.description.lower().split())
    h = scenario.horizon
    found = []

    def check(claim: str, holds: bool, actual: str) -> None:
        if not holds:
            found.append(f"the description says {claim!r}; the figures use {actual}")

    months = h.months_after_completion
    for match in re.finditer(r"(\d+) months? after completion", text):
        check(match.group(0), int(match.group(1)) == months, f"{months} months after completion")
    for match in re.finditer(r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r") years? after completion", text):
        n = match.group(1)
        years = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        check(match.group(0), years * 12 == months, f"{months} months after completion")
    for phrase in ("term only", "during the term only"):
        if phrase in text:
            check(phrase, months == 0, f"{months} months after completion")
    if re.search(r"\bundiscounted\b", text):
        check("undiscounted", h.discount_rate == 0, f"a discount rate of {h.discount_rate:.2%}")
    for match in re.finditer(r"discounted at (\d+(?:\.\d+)?)%", text):
        check(match.group(0), _same_rate(match.group(1), h.rate_used if h.dollars == "real" else h.discount_rate),
              rate_text(scenario))
    for match in re.finditer(r"(\d+(?:\.\d+)?)% nominal", text):
        check(match.group(0), _same_rate(match.group(1), h.discount_rate), rate_text(scenario))
    for match in re.finditer(r"real rate of (\d+(?:\.\d+)?)%|(\d+(?:\.\d+)?)% real", text):
        value = match.group(1) or match.group(2)
        check(match.group(0), h.dollars == "real" and _same_rate(value, h.rate_used, 0.0006), rate_text(scenario))
    if "today's dollars" in text:
        check("today's dollars", h.dollars == "real", f"{h.dollars} dollars")
    if "nominal dollars" in text:
        check("nominal dollars", h.dollars == "nominal", f"{h.dollars} dollars")
    for words, method in (("substitution method", "substitution"), ("output-value method", "output_value"),
                          ("incremental method", "incremental")):
        if words in text:
            check(words, scenario.method == method, f"the {scenario.method} method")
    for words, alternative in (("from outside", "hire_outside"), ("untrained", "keep_incumbent")):
        if words in text and months > 0:
            check(words, scenario.alternative == alternative, f"the alternative {scenario.alternative}")
    return found


def _same_rate(percent_text: str, rate: float, tolerance: float = 0.00005) -> bool:
    return abs(float(percent_text) / 100 - rate) <= tolerance
