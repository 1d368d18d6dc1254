"""Plain-text and JSON renderings of a result, shared by the command line and the dashboards."""

from __future__ import annotations

import math

import pandas as pd

from .fields import iter_params
from .metrics import METRIC_INFO, METRICS, Metrics
from .terms import terms_text
from .parameters import Scenario

#: Metric key, label and display style, from the one declaration in :data:`imt_roi.metrics.METRICS`.
METRIC_LABELS = [(m.key, m.label, m.style) for m in METRICS]


def format_value(value, style: str) -> str:
    """A metric as a person reads it: $1,234, 48.0%, 1.48, month 7, or "none"."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "none"
    if style == "usd":
        return f"-${-value:,.0f}" if value < 0 else f"${value:,.0f}"
    if style == "text":
        return str(value)
    if style == "notes":
        return " ".join(value) if value else "none"
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
    """Metrics as a JSON-ready dict; figures that do not exist are None; ``notes`` a list of sentences."""
    out = {}
    for key, value in metrics.as_dict().items():
        out[key] = None if isinstance(value, float) and not math.isfinite(value) else value
    out["notes"] = list(metrics.notes)
    return out


def metric_text(metrics: Metrics, key: str) -> str:
    """One metric as a person reads it; an IRR that does not exist says why."""
    value = getattr(metrics, key)
    if key == "irr_annual" and value is None and metrics.irr_reason:
        return f"none: {metrics.irr_reason}"
    return format_value(value, METRIC_INFO[key].style)


def metrics_table(metrics: Metrics) -> list[tuple[str, str]]:
    """(label, formatted value) of every metric; the IRR's reason sits in the IRR row."""
    return [(m.label, metric_text(metrics, m.key)) for m in METRICS if m.key != "irr_reason"
            and (m.key != "notes" or metrics.notes)]


def inputs_table(scenario: Scenario) -> list[dict]:
    """Every declared input with its value, unit, valid range, label and source."""
    return [{"path": p.path, "value": p.value, "unit": p.unit, "range": p.range_text, "label": p.label,
             "source": p.source} for p in iter_params(scenario)]


def render_text(scenario: Scenario, metrics: Metrics, jff_ratio: float | None = None,
                aai: dict | None = None) -> str:
    """The ``table`` output of the command line: metrics (and, when given, the same inputs' B/C under the JFF
    2020 convention), then every input with unit and source."""
    lines = [f"Scenario: {scenario.name} ({scenario.apprentices} apprentices, {len(scenario.cohorts)} cohort(s))",
             f"Valued: {terms_text(scenario)}", ""]
    rows = metrics_table(metrics)
    width = max(len(label) for label, _ in rows)
    lines += [headline_sentence(metrics), ""]
    lines += [f"  {label:<{width}}  {value}" for label, value in rows]
    if jff_ratio is not None or scenario.method != "output_value":
        lines += ["", conventions_line(scenario, metrics, jff_ratio, aai)]
    lines += ["", "Inputs (path = value unit [valid range]: label; source)"]
    for row in inputs_table(scenario):
        rng = f" [{row['range']}]" if row["range"] else ""
        lines.append(f"  {row['path']} = {row['value']} {row['unit']}{rng}: {row['label']}; {row['source']}")
    return "\n".join(lines) + "\n"


def conventions_line(scenario: Scenario, metrics: Metrics, jff_ratio: float | None, aai: dict | None = None) -> str:
    """"Published-study conventions": the same inputs' B/C as the JFF 2020 study counted, whether the value of
    output behind it is the firm's own or the study's calibration, and in one sentence why it differs from
    this plan's B/C; with ``aai`` (:func:`imt_roi.results.aai_figures`), the B/C as the AAI 2022 study
    counts, direct benefits apart."""
    from .conventions import comparable

    aai_text = ""
    if aai is not None and aai.get("ratio") is not None:
        aai_text = (f" Counted as the AAI 2022 study counts (the term and 5 years after it, discounted; direct and "
                    f"indirect benefits): B/C {format_value(aai['ratio'], 'ratio')}, of which direct benefits alone "
                    f"{format_value(aai['direct_ratio'], 'ratio')}, beside the 1.44 of its typical employer (68 "
                    f"employers in many occupations).")

    figure = format_value(jff_ratio, "ratio")
    value = scenario.output.value_per_hour
    own, _ = comparable(scenario, "jff-2020")
    if own:
        priced = f"your own value of output, ${value:,.2f} an hour"
        use = "hold it against the study's 1.48"
    else:
        priced = (f"output valued at ${value:,.2f} an hour, a value calibrated so that the study's own inputs give "
                  f"its 1.48, not your firm's")
        use = ("it restates the study, not your firm: enter your own value added per hour "
               "(output.value_per_hour, under All assumptions) to use it")
    if scenario.method == "output_value" and figure == format_value(metrics.benefit_cost_ratio, "ratio"):
        return (f"Published-study conventions: this plan is counted as the JFF 2020 study counted (full wages "
                f"against {priced}; the term only; undiscounted): B/C {figure}; {use}.{aai_text}")
    return (f"Published-study conventions: counted as the JFF 2020 study counted (full wages against {priced}; "
            f"the term only; undiscounted), these inputs give B/C {figure}; {use}. It differs from this plan's "
            f"{format_value(metrics.benefit_cost_ratio, 'ratio')} because it prices the work at that value rather "
            f"than at what the firm would otherwise pay and counts no months after completion.{aai_text}")


def headline_sentence(metrics: Metrics, prob_break_even: float | None = None, held: str | None = None) -> str:
    """What the firm invests per apprentice, when it gets it back, and (when given) how likely, in one sentence."""
    invested = metrics.net_training_investment_per_apprentice
    if invested is None:
        return "No apprentices start in this plan."
    if invested <= 0:
        first = (f"The term pays for itself: the apprentices' work is worth "
                 f"{format_value(-invested, 'usd')} per apprentice more than it costs (present value)")
    else:
        first = (f"The firm invests {format_value(invested, 'usd')} per apprentice over the term (present value of "
                 f"costs less the work's value)")
        back = metrics.return_on_training_investment
        if back is not None:
            first += f" and earns back ${format_value(back, 'ratio')} per dollar of it after completion"
    when = (f"; the cash is paid back in month {metrics.payback_month}" if metrics.payback_month is not None
            else "; the cash is not paid back within the horizon")
    likely = ""
    if prob_break_even is not None:
        likely = f"; it breaks even (B/C >= 1) in {prob_break_even:.0%} of the draws ({held or 'nothing held'})"
    return first + when + likely + "."


def render_training_years(scenario: Scenario, table) -> str:
    """The ``--by training-year`` table: the term per apprentice starting and training year, in the layout of
    the Swiss and German firm cost-benefit surveys (USD, undiscounted)."""
    columns = list(table.columns)
    width = max(len(str(c)) for c in columns) + 2
    lines = [f"Scenario: {scenario.name}", f"Valued: {terms_text(scenario)}",
             f"The term per apprentice starting ({scenario.apprentices}), by training year from each cohort's start; "
             "USD, undiscounted", "",
             f"  {'':<28}" + "".join(f"{c:>{width}}" for c in columns)]
    for name, values in table.iterrows():
        if name in ("gross costs", "net cost", "funding received"):
            lines.append("")
        lines.append(f"  {name:<28}" + "".join(f"{format_value(float(v), 'usd'):>{width}}" for v in values))
    lines += ["", "Net cost = gross costs - productive contribution, as the surveys count it; funding and the "
                  "term's other benefits (turnover, scrap avoided...) are outside the surveys' net cost."]
    return "\n".join(lines) + "\n"


def render_years(scenario: Scenario, years) -> str:
    """The ``--by year`` table: costs, benefits, net and cumulative net per plan year (USD, undiscounted)."""
    lines = [f"Scenario: {scenario.name}", f"Valued: {terms_text(scenario)}",
             "Per plan year (months 1-12 = year 1), USD, undiscounted", "",
             f"  {'year':>4}  {'costs':>14}  {'benefits':>14}  {'net':>14}  {'cumulative_net':>14}"]
    for row in years.itertuples(index=False):
        lines.append(f"  {row.year:>4}  " + "  ".join(f"{format_value(float(v), 'usd'):>14}" for v in
                                                      (row.costs, row.benefits, row.net, row.cumulative_net)))
    return "\n".join(lines) + "\n"


def render_spread(scenario: Scenario, spread, sets=None) -> str:
    """The ``imt-roi uncertainty`` table: percentiles, probabilities, drivers and the tornado."""
    lines = [f"Scenario: {scenario.name}", f"Valued: {terms_text(scenario)}",
             f"{spread.draws:,d} draws, seed {spread.seed}; a payback month of 'none' means not within the horizon",
             centre_text(scenario, spread),
             "", f"  {'metric':<44}" + "".join(f"{f'P{p}':>12}" for p in (5, 25, 50, 75, 95))]
    for key, row in spread.percentiles.items():
        style = METRIC_INFO[key].style
        label = METRIC_INFO[key].label
        lines.append(f"  {label[:44]:<44}" + "".join(f"{format_value(row[f'p{p}'], style):>12}"
                                                     for p in (5, 25, 50, 75, 95)))
    from .uncertainty import held_text

    held = held_text(spread.held)
    lines += ["", f"  Probability of B/C >= 1 (at least breaking even):  {spread.prob_bcr_at_least_1:.1%} ({held})",
              f"  Probability of NPV >= 0:                          {spread.prob_npv_nonnegative:.1%} ({held})",
              "", "Inputs that drive the spread (Spearman rank correlation with B/C):"]
    lines += [f"  {d['rank_correlation']:+.2f}  {d['path']}: {d['label']}" for d in spread.drivers]
    lines += ["", "Tornado: B/C with each input at its own low and high, the others at their likely values:"]
    lines += [f"  {b.path:<44} {b.low_value:>10.4g} -> {format_value(b.at_low, 'ratio'):>5}   "
              f"{b.high_value:>10.4g} -> {format_value(b.at_high, 'ratio'):>5}   swing {b.swing:.2f}"
              for b in spread.tornado]
    if sets is not None and len(sets):
        lines += ["", "Scenario sets (each evaluated as a point, as the AAI 2022 study's productivity scenarios):"]
        lines += [f"  {name:<28} B/C {format_value(r.benefit_cost_ratio, 'ratio'):>5}   NPV "
                  f"{format_value(r.npv, 'usd'):>10}   payback {format_value(r.payback_month, 'month'):>9}   "
                  f"{r.reason}" for name, r in sets.iterrows()]
    if spread.held:
        lines += ["", "Held (not drawn):"]
        lines += [f"  {h.path} = {h.value:g}: {h.why}" for h in spread.held]
    lines += ["", "Ranges drawn:"]
    for a in spread.ranges:
        lo, hi = a.range.bounds
        lines.append(f"  {a.path}: {a.range.kind} {lo:g} to {hi:g} ({a.origin}); {a.range.reason}")
    return "\n".join(lines) + "\n"


#: How far [B/C] the figure at the inputs as set may sit from the median of its own uncertainty unremarked.
CENTRE_TOLERANCE = 0.03


def centre_text(scenario: Scenario, spread) -> str:
    """One line: the B/C at the inputs as set beside the median of the draws, and why they differ if they do."""
    from .results import evaluate

    point = evaluate(scenario).benefit_cost_ratio
    median = spread.percentiles["benefit_cost_ratio"]["p50"]
    if point is None or median is None:
        return "B/C at the inputs as set or its median does not exist."
    text = f"B/C at the inputs as set {point:.2f}, median of the draws {median:.2f}"
    if abs(point - median) <= CENTRE_TOLERANCE:
        return text + ": the headline is the centre of its range."
    side = "below" if point < median else "above"
    return (text + f": the headline sits {side} the centre because the scenario's own ranges are not centred on "
            "its values, or B/C bends with the inputs (read the percentiles).")


#: How each benchmark measure is formatted (a ratio, or a return as a percentage).
MEASURE_STYLE = {"benefit_cost_ratio": "ratio", "net_roi": "percent", "rate_of_return": "percent"}


def benchmark_text(value, measure: str, comparison: str = "equals") -> str:
    """A published figure as it reads: "1.44", "44.3%", "at least 50.0%"."""
    text = format_value(value, MEASURE_STYLE[measure])
    return {"at_least": "at least ", "at_most": "at most "}.get(comparison, "") + text


def render_beside(scenario: Scenario, table) -> str:
    """Plain-text table of :func:`imt_roi.benchmarks.beside_benchmarks`: each study's figure beside the plan
    counted in that study's convention, the difference where the two are comparable, else why not."""
    lines = [f"{scenario.name}: the plan beside published figures, each counted as its study counts",
             f"Plan valued: {terms_text(scenario)}", ""]
    for measure, group in table.groupby("measure", sort=False):
        lines.append(f"== {measure}")
        for b in group.itertuples():
            plan = format_value(None if missing(b.plan) else b.plan, MEASURE_STYLE[measure])
            diff = _difference(b.difference, measure) if b.comparable else "not comparable"
            lines.append(f"   {b.study:<28} published {benchmark_text(b.benchmark, measure, b.comparison):>14}"
                         f"   plan ({b.convention}) {plan:>8}   difference {diff}")
            if b.reason:
                lines.append(f"   {'':<28} {'why: ' if not b.comparable else 'note: '}{b.reason}")
            lines.append(f"   {'':<28} horizon: {b.horizon}; source: {b.source}")
        lines.append("")
    lines.append("A difference is given only where the plan is counted as the study counts "
                 "(imt-roi conventions lists each convention).")
    return "\n".join(lines) + "\n"


def _difference(value: float, measure: str) -> str:
    """Plan minus published: in the ratio's own unit, or in percentage points for a return."""
    if MEASURE_STYLE[measure] == "percent":
        return f"{100 * value:+.1f} pts"
    return f"{value:+.2f}"


def missing(value) -> bool:
    """None, NaN or pandas' NA: a figure that does not exist (a table cell read back from pandas)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def render_partnership(scenario: Scenario, table, diffs, seats) -> str:
    """Plain-text alone-vs-partnership comparison (:mod:`imt_roi.partnership`): each firm's figures in both
    arrangements, the difference and the lines that cause it, then the class sizes that pay."""
    lines = [f"{scenario.name}: each firm alone (open enrolment, its own coordination) and in the partnership",
             f"Valued: {terms_text(scenario)}", "",
             f"  {'firm':<18} {'arrangement':<12} {'B/C':>6} {'cost/apprentice':>16} {'NPV (B - C)':>13} "
             f"{'net cash':>12} {'peak outlay':>13} {'instruction':>12} {'coordination':>13} {'fee':>9} {'grant':>9}"]
    for row in table.itertuples(index=False):
        lines.append(f"  {row.employer[:18]:<18} {row.arrangement:<12} "
                     f"{format_value(_num(row.benefit_cost_ratio), 'ratio'):>6} "
                     + " ".join(f"{format_value(_num(v), 'usd'):>{w}}" for v, w in (
                         (row.cost_per_apprentice, 16), (row.npv, 13), (row.net_cash_undiscounted, 12),
                         (row.peak_outlay, 13),
                         (row.instruction, 12), (row.coordination, 13), (row.intermediary_fee, 9),
                         (row.intermediary_grant, 9))))
    lines += ["", "In the partnership, minus alone (a negative cost is a saving):"]
    for firm, d in diffs.iterrows():
        lines.append(f"  {str(firm)[:18]:<18} B/C {d.benefit_cost_ratio:+.3f}, cost per apprentice "
                     f"{_signed_usd(d.cost_per_apprentice)}, NPV {_signed_usd(d.npv)}, net cash (undiscounted) "
                     f"{_signed_usd(d.net_cash_undiscounted)}, "
                     f"peak outlay {_signed_usd(d.peak_outlay)}; from instruction "
                     f"{_signed_usd(d.instruction)}, coordination {_signed_usd(d.coordination)}, fee "
                     f"{_signed_usd(d.intermediary_fee)}, grant {_signed_usd(d.intermediary_grant)}")
    lines += ["", "Class size from which a contract section beats open enrolment, per apprentice (expected costs;"
                  " at list prices in brackets):"]
    for row in seats.itertuples(index=False):
        lines.append(f"  {row.cohort[:14]:<14} {row.employer[:18]:<18} its seats {row.firm_seats:>3}, class "
                     f"{row.class_seats:>3}: from {_seats(row.seats_needed)} ({_seats(row.seats_needed_list)}); "
                     f"{'pays' if row.pays else 'does not pay'}: {format_value(row.partnership_per_apprentice, 'usd')}"
                     f" against {format_value(row.alone_per_apprentice, 'usd')} alone")
    return "\n".join(lines) + "\n"


def _seats(value) -> str:
    return "no class size" if missing(value) else f"{int(value)} seats"


def _num(value):
    return None if missing(value) else float(value)


def _signed_usd(value: float) -> str:
    return ("+" if value > 0 else "") + format_value(float(value), "usd")


#: Metrics shown when a cohort is tracked against its plan.
TRACKED_METRICS = {"benefit_cost_ratio": "Return per dollar (B/C)", "npv": "Net present value (B - C)",
                   "total_costs": "Costs C (present value, net of funding)",
                   "total_benefits": "Benefits B (present value)",
                   "net_cash_undiscounted": "Net cash (undiscounted)", "payback_month": "Payback month",
                   "peak_outlay": "Peak outlay", "expected_completers": "Completers (expected; to date: completed)",
                   "cost_per_completer": "Cost per completer (present value)"}


def render_tracked(tracked) -> str:
    """A tracked cohort (:class:`imt_roi.tracking.Tracked`) as text: the plan, the months realized and the
    re-forecast side by side, then each line's plan and realized-plus-forecast totals and the notes."""
    styles = {key: style for key, _, style in METRIC_LABELS}
    table = tracked.metrics()
    lines = [f"Tracked to {tracked.as_of} (plan month {tracked.as_of_month}): months 1 to {tracked.as_of_month} "
             "realized from the records, the rest re-forecast", "",
             f"{'':<44}{'plan':>14}{'to date':>14}{'re-forecast':>14}"]
    for key, label in TRACKED_METRICS.items():
        cells = [format_value(table.loc[key, c], styles[key]) for c in ("plan", "actual_to_date", "reforecast")]
        lines.append(f"{label:<44}" + "".join(f"{c:>14}" for c in cells))
    lines += ["", f"{'By line (USD, undiscounted)':<44}{'plan':>14}{'now':>14}{'difference':>14}  basis"]
    for row in tracked.by_line().itertuples(index=False):
        name = f"{row.line} ({row.kind})"[:43]
        lines.append(f"{name:<44}{format_value(row.plan, 'usd'):>14}{format_value(row.actual_and_forecast, 'usd'):>14}"
                     f"{_signed_usd(row.difference):>14}  {row.basis}")
    lines += ["", f"How sure: {tracked.spread().sentence()}"]
    lines += [""] + [f"Note: {note}" for note in tracked.notes]
    return "\n".join(lines) + "\n"
