"""Plain-text and JSON renderings of a result, shared by the command line and the dashboards."""

from __future__ import annotations

import math

from .fields import iter_params
from .metrics import Metrics
from .parameters import Scenario

#: Above this yearly IRR (1,000%) the figure is shown as "over 1,000%".
IRR_DISPLAY_LIMIT = 10.0

#: Metric name, label and how to format it.
METRIC_LABELS = [
    ("benefit_cost_ratio", "Return per dollar (benefit-cost ratio B/C)", "ratio"),
    ("net_roi", "Net return (B - C) / C", "percent"),
    ("net_benefit", "Net benefit B - C, undiscounted", "usd"),
    ("npv", "Net present value", "usd"),
    ("total_costs", "Total costs C, net of funding (present value)", "usd"),
    ("gross_costs", "Costs before funding offsets (present value)", "usd"),
    ("funding_offsets", "Funding offsets (present value)", "usd"),
    ("total_benefits", "Total benefits B (present value)", "usd"),
    ("irr_annual", "Internal rate of return, yearly", "irr"),
    ("payback_month", "Payback month (cumulative net >= 0)", "month"),
    ("cost_per_completer", "Cost per completer", "usd"),
    ("expected_completers", "Expected completers", "number"),
    ("apprentices", "Apprentices starting", "int"),
    ("discount_rate", "Discount rate, yearly (end-of-month timing)", "percent"),
]


def format_value(value, style: str) -> str:
    """A metric as a person reads it: $1,234, 48.0%, 1.48, month 7, or "none"."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "none"
    if style == "usd":
        return f"-${-value:,.0f}" if value < 0 else f"${value:,.0f}"
    if style == "irr" and value > IRR_DISPLAY_LIMIT:
        # Net flows that turn positive in the first months give an IRR too large to mean anything.
        return f"over {IRR_DISPLAY_LIMIT * 100:,.0f}%"
    if style in ("percent", "irr"):
        return f"{value * 100:,.1f}%"
    if style == "ratio":
        return f"{value:.2f}"
    if style == "month":
        return f"month {value}"
    if style == "int":
        return f"{value:,d}"
    return f"{value:,.2f}"


def metrics_json(metrics: Metrics) -> dict:
    """Metrics as a JSON-ready dict; figures that do not exist are None."""
    out = {}
    for key, value in metrics.as_dict().items():
        out[key] = None if isinstance(value, float) and not math.isfinite(value) else value
    return out


def metrics_table(metrics: Metrics) -> list[tuple[str, str]]:
    return [(label, format_value(getattr(metrics, key), style)) for key, label, style in METRIC_LABELS]


def inputs_table(scenario: Scenario) -> list[dict]:
    """Every declared input with its value, unit, valid range, label and source."""
    return [{"path": p.path, "value": p.value, "unit": p.unit, "range": p.range_text, "label": p.label,
             "source": p.source} for p in iter_params(scenario)]


def render_text(scenario: Scenario, metrics: Metrics) -> str:
    """The ``table`` output of the command line: metrics, then every input with unit and source."""
    lines = [f"Scenario: {scenario.name} ({scenario.convention} convention, {scenario.apprentices} apprentices, "
             f"{len(scenario.cohorts)} cohort(s))", ""]
    rows = metrics_table(metrics)
    width = max(len(label) for label, _ in rows)
    lines += [f"  {label:<{width}}  {value}" for label, value in rows]
    lines += ["", "Inputs (path = value unit [valid range]: label; source)"]
    for row in inputs_table(scenario):
        rng = f" [{row['range']}]" if row["range"] else ""
        lines.append(f"  {row['path']} = {row['value']} {row['unit']}{rng}: {row['label']}; {row['source']}")
    return "\n".join(lines) + "\n"
