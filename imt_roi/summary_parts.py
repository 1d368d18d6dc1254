"""Parts of the one-page summary an owner audits: the cumulative cash chart (inline SVG, no script), cash by
plan year, the inputs that move B/C most, and the inputs the user changed. HTML only; figures from the package."""

from __future__ import annotations

import html

from .fields import iter_params
from .parameters import Offset, Scenario
from .report import format_value
from .results import Result
from .uncertainty import tornado

#: Inputs listed as the ones that move B/C most.
TOP_DRIVERS = 5


def cash_chart_svg(result: Result, width: int = 520, height: int = 150) -> str:
    """The cumulative undiscounted net cash per plan month as an inline SVG line, with the zero line and the
    lowest point (peak outlay) and the end labelled."""
    cumulative = result.monthly()["cumulative_net"].to_numpy()
    if len(cumulative) == 0:
        return ""
    lo, hi = min(float(cumulative.min()), 0.0), max(float(cumulative.max()), 0.0)
    span = (hi - lo) or 1.0
    pad = 14

    def x(i: int) -> float:
        return pad + (width - 2 * pad) * i / max(len(cumulative) - 1, 1)

    def y(v: float) -> float:
        return pad + (height - 2 * pad) * (hi - v) / span

    points = " ".join(f"{x(i):.1f},{y(float(v)):.1f}" for i, v in enumerate(cumulative))
    worst = int(cumulative.argmin())
    end = len(cumulative) - 1
    label = "font-size:7pt;fill:#333"
    return (f'<svg width="{width}" height="{height}" role="img" '
            f'aria-label="Cumulative net cash by plan month">'
            f'<line x1="{pad}" x2="{width - pad}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#999" stroke-width="0.6"/>'
            f'<polyline points="{points}" fill="none" stroke="#1f5a8a" stroke-width="1.4"/>'
            f'<text x="{x(worst):.1f}" y="{min(y(float(cumulative[worst])) + 10, height - 2):.1f}" style="{label}">'
            f'month {worst + 1}: {html.escape(format_value(float(cumulative[worst]), "usd"))}</text>'
            f'<text x="{x(end) - 2:.1f}" y="{max(y(float(cumulative[end])) - 4, 8):.1f}" text-anchor="end" '
            f'style="{label}">month {end + 1}: {html.escape(format_value(float(cumulative[end]), "usd"))}</text>'
            f'<text x="{pad}" y="{height - 2}" style="{label}">month 1</text></svg>')


def year_rows(result: Result) -> str:
    """Table rows of costs, benefits, net and cumulative net per plan year; a partial last year says its months."""
    table = result.by_year()
    last = result.last_month
    rows = []
    for year, r in table.iterrows():
        first_month, last_month = 12 * (year - 1) + 1, min(12 * year, last)
        when = f"year {year}" + (f" (months {first_month}-{last_month})" if last_month - first_month < 11 else "")
        cells = "".join(f"<td class='num'>{html.escape(format_value(float(v), 'usd'))}</td>"
                        for v in (r.costs, r.benefits, r.net, r.cumulative_net))
        rows.append(f"<tr><td>{html.escape(when)}</td>{cells}</tr>")
    return "".join(rows)


def driver_rows(result: Result, n: int = TOP_DRIVERS) -> str:
    """Table rows of the ``n`` inputs whose own low and high move B/C most (the tornado), with both ends."""
    rows = []
    for bar in tornado(result.scenario)[:n]:
        rows.append(f"<tr><td>{html.escape(bar.label)}</td>"
                    f"<td class='num'>{bar.low_value:,.4g} &rarr; {html.escape(format_value(bar.at_low, 'ratio'))}</td>"
                    f"<td class='num'>{bar.high_value:,.4g} &rarr; {html.escape(format_value(bar.at_high, 'ratio'))}"
                    f"</td></tr>")
    return "".join(rows)


def format_input(value, unit: str) -> str:
    """An input's value in its unit, as a reader writes it ("$20.75 an hour", "30.0%", "10.83 hours/month")."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, (int, float)):
        return str(value)
    if unit == "USD/hour":
        return f"${value:,.2f} an hour"
    if unit.startswith("USD"):
        per = unit.partition("/")[2]
        return format_value(value, "usd") + (f" per {per}" if per else "")
    if unit == "/1":
        return format_value(value, "percent")
    if unit == "/1 per year":
        return format_value(value, "percent") + " a year"
    return f"{value:,.4g} {unit}"


def changed_rows(result: Result) -> str:
    """Table rows of every input this scenario sets away from the shipped default, with the default it replaces."""
    defaults = {p.path: p.value for p in iter_params(Scenario())}
    rows = []
    for p in iter_params(result.scenario):
        if p.source.startswith("set in this scenario") and not p.path.startswith(("name", "description")):
            if p.path.startswith(("offsets.", "custom_lines.", "cohorts.", "employers.")):
                continue  # rows of lists: each offset is one row below
            if p.path in defaults:
                default = format_input(defaults[p.path], p.unit) if defaults[p.path] is not None else "derived"
            else:
                default = "none by default"
            rows.append(f"<tr><td>{html.escape(p.label)}</td>"
                        f"<td class='num'>{html.escape(format_input(p.value, p.unit))}</td>"
                        f"<td class='num'>{html.escape(default)}</td></tr>")
    for o in result.scenario.offsets:
        rows.append(f"<tr><td>Funding offset: {html.escape(o.name)}</td><td>{html.escape(offset_text(o))}</td>"
                    "<td>none by default</td></tr>")
    return "".join(rows)


def offset_text(o: Offset) -> str:
    """What a funding offset pays, in a sentence ("50% of wages in months 1 to 4, at most $6,000 per apprentice")."""
    if o.kind == "wage_reimbursement":
        text = f"{o.share_of_wages:.0%} of wages in months 1 to {o.wage_months}"
        if o.cap_per_apprentice is not None:
            text += f", at most {format_value(o.cap_per_apprentice, 'usd')} per apprentice"
    else:
        who = {"starter": "per starter", "completer": "per completer",
               "present": "per apprentice still employed"}[o.basis]
        when = "at completion" if o.basis == "completer" else f"in month {o.month}"
        text = f"{format_value(o.amount_per_apprentice, 'usd')} {who} {when}"
        if o.times > 1 and o.basis != "completer":
            text += f", {o.times} times a year apart"
    if o.cap_per_employer is not None:
        text += f"; at most {format_value(o.cap_per_employer, 'usd')} per employer"
    return f"{o.kind.replace('_', ' ')}: {text}"
