"""Write the researcher notebooks (without outputs) from the cells below.

    .venv/bin/python notebooks/make_notebooks.py

Every number a notebook shows comes from ``imt_roi``; the notebooks only call
the package and lay out its tables and plotly figures.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).parent


def md(text: str):
    return new_markdown_cell(text.strip())


def code(text: str):
    return new_code_cell(text.strip())


NB01 = [
    md("""
# Reproducing the JFF 2020 IMT return on investment: $1.48 per dollar

JFF's study of the Next-Gen IMT apprenticeship (Payne, "The Next-Gen IMT
Apprenticeship: A Return on Investment Study", July 2020) reported **$1.48 of
benefit for every $1.00 invested**, a 48 percent return "during the terms of
their apprenticeships". Its per-sponsor table is not public. This notebook
rebuilds the figure from what was published: the $18.50 starting wage, the
18-month term, $4,000 of related instruction, full wages and fringe for every
paid hour against the value of what the apprentice produces (the output-value
method, `method: output_value`, as the study counted), the term only,
undiscounted. The one input nobody published that the ratio needs, the value of
an hour of output, is **calibrated**: solved so that B/C = 1.48. The case then
checks that the implied expense per apprentice sits inside the study's published
year-one and year-two ranges.

The output-value method is not the model's default. The section "The same inputs
under the standard method" evaluates the same inputs by the substitution method
the model uses by default, over the term and over the years after completion.
How every line is computed is in `docs/model.md`; the documents behind each
input are listed in `docs/sources.md`.
"""),
    code("""
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from imt_roi import evaluate, studies, with_value

case = studies.study_case("jff-2020-imt-roi")
print(case.citation)
print()
print(" ".join(case.source["note"].split()))
"""),
    md("## The inputs: published, calibrated, assumed"),
    code("""
inputs = studies.case_inputs(case)
inputs[inputs.status != "assumed"][["path", "value", "unit", "status", "source"]]
"""),
    md("""
The calibration: the solver (`imt_roi.solve_for_ratio`) finds the value of an
hour of an experienced technician's output at which the case reaches the
published ratio. The stored value and the value the solver finds with today's
defaults must agree.
"""),
    code("""
(calibration,) = studies.calibrate(case)
print(f"stored {calibration.path} = {calibration.stored}; the solver finds {calibration.solved:.4f} "
      f"({'current' if calibration.current else 'STALE: re-calibrate the case'})")
calibration
"""),
    md("""
## Published against reproduced

The last row is not a reproduction: it is the same case inputs valued by the
substitution method, a figure with no published target (see "The same inputs
under the standard method" below).
"""),
    code("""
checks = studies.checks_table(studies.check_case(case))
checks[["figure", "published", "reproduced", "difference", "tolerance", "status"]]
"""),
    code("""
result = evaluate(studies.case_scenario(case))
lines = result.by_line()
fig = px.bar(lines, x="amount", y="line", color="kind", orientation="h",
             title=f"Costs and benefits over the term (B/C = {result.benefit_cost_ratio:.2f})",
             labels={"amount": "USD, undiscounted, whole cohort", "line": ""})
fig.show()
"""),
    md("""
## The implied expense per apprentice

Year one is months 1-12; year two is the remaining six months of the
18-month term. Both are read per apprentice on the payroll (costs of those
months over the expected number of apprentices present), so attrition neither
inflates nor deflates them; the per-starter figures are shown beside them.
"""),
    code("""
rows = []
for name in ["year_one_expense_per_apprentice", "year_two_expense_per_apprentice"]:
    f = case.figure(name)
    first, last = f["months"]
    rows.append({"figure": f["label"], "published low": f["low"], "published high": f["high"],
                 "per apprentice present": studies.expense_per_apprentice(result, first, last),
                 "per starter": studies.expense_per_apprentice(result, first, last, basis="starter")})
expense = pd.DataFrame(rows)
expense
"""),
    code("""
fig = go.Figure()
for i, row in expense.iterrows():
    fig.add_trace(go.Scatter(x=[row["published low"], row["published high"]], y=[row["figure"]] * 2,
                             mode="lines", line=dict(width=14, color="lightgray"), name="published range",
                             showlegend=i == 0))
fig.add_trace(go.Scatter(x=expense["per apprentice present"], y=expense["figure"], mode="markers",
                         marker=dict(size=12), name="reproduced (per apprentice present)"))
fig.add_trace(go.Scatter(x=expense["per starter"], y=expense["figure"], mode="markers",
                         marker=dict(size=10, symbol="diamond"), name="reproduced (per starter)"))
fig.update_layout(title="Expense of sponsoring one apprentice: published range and reproduction",
                  xaxis_title="USD")
fig.show()
"""),
    md("## Cumulative net benefit month by month"),
    code("""
monthly = result.monthly().reset_index()
px.line(monthly, x="month", y="cumulative_net", markers=True,
        title="Cumulative net benefit of the cohort, output-value method (undiscounted)",
        labels={"cumulative_net": "USD"}).show()
"""),
    md("""
## The same inputs under the standard method

The model's default method is not the study's. `method: substitution` values
the apprentice's productive hours at what the firm would otherwise pay to get
that work done, the method of the Swiss and German cost-benefit surveys
(Muehlemann and Wolter, "Return on investment of apprenticeship systems for
enterprises: Evidence from cost-benefit analyses", 2014). The model's default horizon then counts the
months after completion, each valued as a difference against hiring an
already-skilled technician from outside (`alternative: hire_outside`), in
nominal dollars discounted at the default rate. Below, the case's inputs are
evaluated three ways: as the study counted them, by substitution over the term
only, and by substitution with the model's default horizon and discount rate.
Each view's terms are stated from its own inputs (`imt_roi.terms.terms_text`).
"""),
    code("""
from imt_roi.parameters import Horizon
from imt_roi.results import jff_method_ratio
from imt_roi.terms import terms_text

default_horizon = Horizon()  # the model's defaults: months after completion and the nominal discount rate
JFF = "output value, term only (as the JFF 2020 study)"
TERM = "substitution, term only"
AFTER = f"substitution, {default_horizon.months_after_completion} months after completion"
views = {
    JFF: studies.case_scenario(case),
    TERM: studies.case_scenario(case, {"method": "substitution"}),
    AFTER: studies.case_scenario(case, {"method": "substitution", "alternative": "hire_outside",
                                        "horizon.months_after_completion": default_horizon.months_after_completion,
                                        "horizon.discount_rate": default_horizon.discount_rate}),
}
views_result = {label: evaluate(s) for label, s in views.items()}
for label, s in views.items():
    print(f"{label}: {terms_text(s)}")
def show(value, spec):
    return "none" if value is None else format(value, spec)


pd.DataFrame({label: {"B/C": show(r.benefit_cost_ratio, ".3f"), "net return": show(r.net_roi, ".1%"),
                      "payback month": show(r.payback_month, "d"), "peak outlay (USD)": show(r.peak_outlay, ",.0f"),
                      "peak outlay month": show(r.peak_outlay_month, "d"),
                      "net cost during the term (USD)": show(r.net_cost_during_term, ",.0f"),
                      "NPV at the view's discount rate (USD)": show(r.npv, ",.0f"),
                      "IRR, yearly": show(r.irr_annual, ".2%")}
              for label, r in views_result.items()})
"""),
    code("""
reference = next(c for c in studies.check_case(case) if c.status == "reference")
print(f"check_case, {reference.figure}: {reference.reproduced:.3f} "
      f"(the '{TERM}' view: {views_result[TERM].benefit_cost_ratio:.3f})")
print(f"jff_method_ratio of the '{AFTER}' view: {jff_method_ratio(views[AFTER]):.2f} "
      "(the same inputs counted as the study counted them)")
"""),
    code("""
fig = go.Figure()
for label, r in views_result.items():
    m = r.monthly().reset_index()
    fig.add_trace(go.Scatter(x=m["month"], y=m["cumulative_net"], mode="lines", name=label))
fig.add_hline(y=0, line_dash="dot")
fig.add_vline(x=views[JFF].program.term_months, line_dash="dash", annotation_text="end of the term")
fig.update_layout(title="Cumulative net cash of the cohort by month, same inputs, three views (undiscounted)",
                  xaxis_title="month", yaxis_title="USD")
fig.show()
"""),
    md("""
The output-value figure rests on the calibrated value of an hour of output; the
substitution figures do not use it. Each view with that value 10% lower and
higher:
"""),
    code("""
rows = []
for factor in [0.9, 1.0, 1.1]:
    value = calibration.stored * factor
    rows.append({calibration.path: value,
                 **{label: evaluate(with_value(s, calibration.path, value)).benefit_cost_ratio
                    for label, s in views.items()}})
pd.DataFrame(rows)
"""),
    md("""
Why the views differ. Under substitution a productive hour is worth what the
firm would otherwise pay for that work (a production worker's wage for routine
tasks, a technician's wage scaled by the apprentice's relative productivity for
skilled ones), so routine work pays for itself and during the term the sponsor
carries release time, training time on the job, the step raises, skilled work
done below full productivity, tuition and mentoring: a net cost. The return
comes only after completion, as what a retained completer saves against hiring
a skilled technician from outside (recruiting, the vacancy and the outside
hire's adaptation, then a productivity advantage and lower turnover), so the
cumulative net is lowest at the end of the term and climbs back slowly over the
following years. The output-value figure instead sets full wages against each
hour's output valued at one price per hour, and its benefits move almost in
proportion to that price (the table above); nobody published it, so the case
calibrates it to give 1.48, and the reproduction shows that the published inputs
are consistent with the $1.48, not that a sponsor earns it.
"""),
    md("""
## Beside the other studies, measure by measure

A benefit-cost ratio is set beside benefit-cost ratios only, a net return beside
net returns. The horizons differ: the JFF study counts the term only, the AAI
study up to five years after completion, so the AAI figures are better held
against the substitution view over the months after completion than against
the reproduction. The Commerce (Siemens) figure is a rate of return against
hiring machinists; the model's nearest figure is the yearly IRR of the monthly
net flows. Under the output-value method the outlay is recovered within months,
so the model reports no IRR and says why (printed below); the view against
hiring from outside is the closer comparison.
"""),
    code("""
standard = views_result[AFTER]
for label, r in [(JFF, result), (AFTER, standard)]:
    irr = f"{r.irr_annual:.2%} a year" if r.irr_annual is not None else f"none: {r.irr_reason}"
    print(f"{label}: IRR {irr}")
for measure in ["benefit_cost_ratio", "net_roi"]:
    table = studies.beside_benchmarks(result, measure)
    other = studies.beside_benchmarks(standard, measure)
    fig = go.Figure([go.Bar(x=table["study"], y=table["benchmark"], name="published"),
                     go.Bar(x=table["study"], y=table["plan"], name="this reproduction (output value, term only)"),
                     go.Bar(x=other["study"], y=other["plan"], name=AFTER)])
    fig.update_layout(barmode="group", title=studies.MEASURES[measure])
    fig.show()
beside = studies.beside_benchmarks(result)
beside[AFTER] = studies.beside_benchmarks(standard)["plan"]
beside[["measure", "study", "benchmark", "plan", AFTER, "horizon"]].rename(columns={"plan": JFF})
"""),
    md("""
## What the reproduction assumes

Every other input is held at the model's documented default. One published
figure can pin one free input, so these are assumptions; notebook 02 shows
how much each one moves the ratio and the calibrated value. Inputs of the
substitution method and of the months after completion do not enter the
output-value method counted over the term only.
"""),
    code("""
inputs[inputs.status == "assumed"][["path", "value", "unit", "source"]]
"""),
]

NB02 = [
    md("""
# How sensitive is the $1.48 to what the study did not publish?

The JFF 2020 case reproduces B/C = 1.48 counted as the study counted (the
output-value method, the term only, undiscounted) by calibrating one input (the
value of an hour of output) and holding every other unpublished input at the
model's default. Here we ask: how much does each assumed input move the ratio,
and what value of output would the study have needed under other assumptions?
The last sections turn to the model's default, the substitution method counted
over the years after completion, whose answer rests on other inputs nobody
published. Each input's default and its reasoning are listed by
`imt-roi evaluate --format table`; the model is described in `docs/model.md`
and its sources in `docs/sources.md`.
"""),
    code("""
import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from imt_roi import break_even, evaluate, implied, iter_params, preset, studies, with_value
from imt_roi.terms import terms_text
from imt_roi.uncertainty import tornado

case = studies.study_case("jff-2020-imt-roi")
scenario = studies.case_scenario(case)
target = case.figure("benefit_cost_ratio")["published"]
(calibration,) = studies.calibrate(case)
inputs = studies.case_inputs(case)
numeric = inputs[inputs["value"].map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))]
assumed = [p for p in numeric[numeric.status == "assumed"]["path"] if not p.startswith("cohorts.")]
print(terms_text(scenario))
print(f"target B/C {target}; calibrated {calibration.path} = {calibration.stored}")
"""),
    md("""
## One at a time: each input 10% lower and higher

Inputs that do not enter the output-value method over the term only (those of
the substitution method and of the months after completion) do not move the ratio and are left
out.
"""),
    code("""
table = implied.sensitivity(scenario, assumed + [calibration.path], change=0.10)
table = table[table["swing"].abs() > 1e-9]
top = table.head(12).iloc[::-1]
fig = go.Figure()
fig.add_trace(go.Bar(y=top["path"], x=top["at_low"] - top["base"], orientation="h", name="10% lower"))
fig.add_trace(go.Bar(y=top["path"], x=top["at_high"] - top["base"], orientation="h", name="10% higher"))
fig.update_layout(barmode="overlay", title=f"Change in B/C around the reproduced {top['base'].iloc[0]:.2f}",
                  xaxis_title="change in benefit-cost ratio")
fig.show()
table[["path", "value", "at_low", "at_high", "swing"]]
"""),
    md("""
## The value of output the study implies, under other assumptions

Each line is an iso-line of the published B/C: for each value of an assumed
input, the value of an hour of output that keeps the published ratio.
"""),
    code("""
curves = {
    "output.productivity_start": np.linspace(0.5, 1.0, 6),
    "wages.fringe_rate": np.linspace(0.15, 0.45, 7),
    "mentor.hours_per_month": np.linspace(0, 24, 7),
}
lines = {}
for path, values in curves.items():
    lines[path] = implied.iso_line(scenario, path, values, calibration.path, target, low=20, high=200)
fig = make_subplots(rows=1, cols=len(lines), shared_yaxes=True, subplot_titles=list(lines))
for i, (path, line) in enumerate(lines.items(), start=1):
    fig.add_trace(go.Scatter(x=line[path], y=line[calibration.path], mode="lines+markers", name=path), 1, i)
    fig.add_hline(y=calibration.stored, line_dash="dot", row=1, col=i)
fig.update_yaxes(title_text="USD per hour of output", row=1, col=1)
fig.update_layout(title=f"Value of an hour of output that gives B/C = {target} (dotted: the case's calibration)",
                  showlegend=False)
fig.show()
lines["output.productivity_start"]
"""),
    md("## Two inputs at once: B/C over a grid, with the contour of the published ratio"),
    code("""
grid = implied.implied_grid(scenario, "wages.fringe_rate", np.linspace(0.1, 0.5, 9),
                            calibration.path, np.linspace(40, 70, 13))
surface = grid.pivot(index=calibration.path, columns="wages.fringe_rate", values="benefit_cost_ratio")
fig = go.Figure(go.Contour(z=surface.values, x=surface.columns, y=surface.index,
                           contours=dict(showlabels=True), colorbar=dict(title="B/C")))
iso = implied.iso_line(scenario, "wages.fringe_rate", surface.columns, calibration.path, target, low=20, high=200)
fig.add_trace(go.Scatter(x=iso["wages.fringe_rate"], y=iso[calibration.path], mode="lines",
                         line=dict(color="white", width=3), name=f"B/C = {target}"))
fig.update_layout(title="Benefit-cost ratio by fringe rate and value of output",
                  xaxis_title="fringe rate", yaxis_title="value of an hour of output (USD)")
fig.show()
"""),
    md("""
## Which combinations also respect the published cost ranges?

A combination on the iso-line reproduces the published ratio by construction;
the published year-one and year-two expense ranges can still rule it out. Each
row re-runs the whole case with that combination; a row fails when its implied
expense leaves a published range. (The case's substitution figure has no target
and never fails.)
"""),
    code("""
rows = []
for row in iso.itertuples(index=False):
    overrides = {"wages.fringe_rate": float(row[0]), calibration.path: float(row[1])}
    checks = studies.check_case(case, overrides)
    rows.append({"wages.fringe_rate": row[0], calibration.path: row[1],
                 **{c.figure: c.reproduced for c in checks},
                 "all checks pass": all(c.passed for c in checks)})
pd.DataFrame(rows)
"""),
    md("""
## The standard method: what a sponsor's answer rests on

The model's default scenario (`imt-default`) values the apprentices' work by
the substitution method (at what the firm would otherwise pay for it) and
counts the months after completion against hiring a skilled technician from
outside. Its answer does not use the value of an hour of output at all; it
rests on other inputs nobody published for the IMT, among them how productive
an apprentice is in skilled tasks by the end of the term relative to an
experienced technician (`substitution.relative_productivity_end`, an assumption
set above the figures of Swiss cost-benefit surveys for other trades) and what
hiring a skilled technician from outside would cost
(`outside_hire.recruiting_cost`, an assumption). First the tornado: each input
that carries a range (`imt_roi.ranges`, each with its reason) at its own low and
high, the others at their likely values, sorted by the swing of B/C (not a
uniform 10%, which would move a 0% rate to 10% and a month count by a
rounded 10%). The two inputs named above are in bold; notebook 05 gives the
Monte Carlo spread over the same ranges.
"""),
    code("""
default = preset("imt-default")
base = evaluate(default)
print(terms_text(default))
print(f"B/C {base.benefit_cost_ratio:.3f}; payback month {base.payback_month}; "
      f"peak outlay {base.peak_outlay:,.0f} USD in month {base.peak_outlay_month}")
FOCUS = ["substitution.relative_productivity_end", "outside_hire.recruiting_cost"]
defaults = {p.path: p.value for p in iter_params(default)}
bars = pd.DataFrame([vars(b) for b in tornado(default)])
bars["swing"] = (bars["at_high"] - bars["at_low"]).abs()
shown = bars.iloc[::-1]
names = [f"<b>{p}</b>" if p in FOCUS else p for p in shown["path"]]
fig = go.Figure()
fig.add_trace(go.Bar(y=names, x=shown["at_low"] - base.benefit_cost_ratio, orientation="h",
                     name="input at its low"))
fig.add_trace(go.Bar(y=names, x=shown["at_high"] - base.benefit_cost_ratio, orientation="h",
                     name="input at its high"))
fig.update_layout(barmode="overlay", height=520,
                  title=f"imt-default: change in B/C around {base.benefit_cost_ratio:.3f}",
                  xaxis_title="change in benefit-cost ratio")
fig.show()
bars[["path", "low_value", "high_value", "at_low", "at_high", "swing"]]
"""),
    md("""
### Relative productivity at the end of the term, and the cost of recruiting from outside

Each input swept over a range with everything else at the default. The dotted
line is break-even (B/C = 1), the diamond the default; `break_even` finds the
value at which benefits equal costs, and the table gives the payback month
(none when the outlay is not recovered within the horizon).
"""),
    code("""
sweeps = {"substitution.relative_productivity_end": np.linspace(0.5, 1.0, 11),
          "outside_hire.recruiting_cost": np.linspace(0, 16000, 9)}
rows = []
fig = make_subplots(rows=1, cols=len(sweeps), shared_yaxes=True, subplot_titles=list(sweeps))
for i, (path, values) in enumerate(sweeps.items(), start=1):
    part = []
    for value in values:
        r = evaluate(with_value(default, path, float(value)))
        part.append({"input": path, "value": value, "benefit_cost_ratio": r.benefit_cost_ratio,
                     "payback_month": r.payback_month, "npv": r.npv, "peak_outlay": r.peak_outlay})
    rows += part
    fig.add_trace(go.Scatter(x=[p["value"] for p in part], y=[p["benefit_cost_ratio"] for p in part],
                             mode="lines+markers", name=path), 1, i)
    fig.add_trace(go.Scatter(x=[defaults[path]], y=[base.benefit_cost_ratio], mode="markers",
                             marker=dict(size=13, symbol="diamond", color="black"), name="default"), 1, i)
    fig.add_hline(y=1, line_dash="dot", row=1, col=i)
fig.update_yaxes(title_text="benefit-cost ratio", row=1, col=1)
fig.update_layout(title="imt-default: B/C as each input varies", showlegend=False)
fig.show()
for path in FOCUS:
    print(break_even(default, path).message)
pd.DataFrame(rows)
"""),
    md("""
Both at once: B/C over a grid of the two inputs, with the break-even line
(B/C = 1). Combinations above and to the right of it recover the sponsor's
outlay, in present value, within the horizon.
"""),
    code("""
x_path, y_path = FOCUS
grid = implied.implied_grid(default, x_path, sweeps[x_path], y_path, sweeps[y_path])
surface = grid.pivot(index=y_path, columns=x_path, values="benefit_cost_ratio")
fig = go.Figure(go.Contour(z=surface.values, x=surface.columns, y=surface.index,
                           contours=dict(showlabels=True), colorbar=dict(title="B/C")))
even = implied.iso_line(default, x_path, surface.columns, y_path, 1.0, low=0, high=40000)
fig.add_trace(go.Scatter(x=even[x_path], y=even[y_path], mode="lines", line=dict(color="white", width=3),
                         name="B/C = 1"))
fig.add_trace(go.Scatter(x=[defaults[x_path]], y=[defaults[y_path]], mode="markers",
                         marker=dict(size=13, symbol="diamond", color="black"), name="default"))
fig.update_layout(title="imt-default: B/C by relative productivity at the end of the term and recruiting cost",
                  xaxis_title=x_path, yaxis_title=f"{y_path} (USD)")
fig.show()
even
"""),
    md("""
## Attrition: the two readings of the Wisconsin counts

Under the output-value method, counted over the term only, a leaver stops both
wages and output, so the JFF case's ratio hardly moves with the completion rate.
Under the default, a leaver's costs to the month of leaving are sunk, the post
is refilled, and the leaver brings none of the returns after completion, so the
completion rate moves the answer more.
"""),
    code("""
from imt_roi import equity
rows = []
for reading in equity.READINGS:
    rate = equity.completion_rate("all", reading)
    for view, s in [("JFF case (output value, term only)", scenario), ("imt-default (substitution)", default)]:
        r = evaluate(with_value(s, "retention.completion_rate", rate))
        rows.append({"reading": reading, "view": view, "completion_rate": rate,
                     "benefit_cost_ratio": r.benefit_cost_ratio, "payback_month": r.payback_month,
                     "cost_per_completer": r.cost_per_completer})
readings = pd.DataFrame(rows)
px.bar(readings, x="reading", y="benefit_cost_ratio", color="view", barmode="group", text="completion_rate",
       title="B/C under each reading of Table 1").show()
readings
"""),
]

NB03 = [
    md("""
# Equity and completion: the COWS brief's Tables 1 and 2

Table 1 counts Wisconsin IMT registrants by outcome (journey card, still
training, left) and group; Table 2 compares 2016 IMT apprentices with all
industrial apprentices in the state. We recompute every percentage in both
tables and every figure in the brief's text from the counts, and turn Table 1
into completion rates a scenario can use. The brief and the other documents the
toolkit cites are listed in `docs/sources.md`.
"""),
    code("""
import plotly.express as px

from imt_roi import equity, evaluate, preset

meta = equity.brief()
print(meta["source"]["publisher"], "-", meta["source"]["title"])
print(meta["tables"]["table1"]["title"], "|", meta["tables"]["table1"]["source"])
equity.table1_counts()
"""),
    code("""
t1 = equity.table1()
outcomes = t1[t1.outcome != "enrolled"]
px.bar(outcomes, x="group", y="count", color="outcome", barmode="stack",
       title="Table 1: outcomes by group (counts)").show()
"""),
    md("""
## Every printed percentage, recomputed

A printed figure matches when the exact percentage, rounded half up to the
printed decimals, equals it. Exact halves (12.5%, 37.5%) are flagged: they
match only under half-up rounding.
"""),
    code("""
import pandas as pd
checks = pd.DataFrame([{"where": c.where, "id": c.id, "published": c.published, "reproduced": c.reproduced,
                        "difference": c.difference, "matches": c.matches, "exact half": c.tie}
                       for c in equity.check_all() if c.kind == "percent"])
fig = px.scatter(checks, x="published", y="difference", color="where", symbol="matches", hover_name="id",
                 title="Reproduced minus printed percentage (points); |difference| <= 0.5 is rounding")
fig.add_hrect(y0=-0.5, y1=0.5, fillcolor="lightgray", opacity=0.3, line_width=0)
fig.show()
checks
"""),
    md("## The figures that do not follow from the counts"),
    code("""
equity.mismatch_table()
"""),
    code("""
# Under round-half-to-even, the African American "left" share (3 / 24 = 12.5%) would print as 12, not 13.
equity.mismatch_table("half_even")
"""),
    code("""
equity.rows_not_summing_to_100()
"""),
    md("## Table 2: who the IMT enrols compared with other industrial apprenticeships"),
    code("""
t2 = equity.table2()
shares = t2[t2.variable.isin(["women", "people_of_color"])].copy()
size = t2[t2.variable == "apprentices"].set_index("program")["value"]
shares["percent"] = 100 * shares["value"] / shares["program"].map(size)
px.bar(shares, x="program", y="percent", color="variable", barmode="group",
       title="Women and people of color, percent of each program's 2016 apprentices").show()
"""),
    md("""
## Completion rates by group: two readings

`finished_or_left` = completed / (completed + left), the model's default;
`not_left` = 1 - left / enrolled, counting everyone still training as a
completer (an upper bound). Groups are small: the Hispanic row has five
known outcomes.
"""),
    code("""
rates = pd.concat({reading: equity.completion_rates(reading)["completion_rate"] for reading in equity.READINGS},
                  axis=1)
rates["known outcomes"] = equity.completion_rates()["finished_or_left"]
long = rates.drop(columns="known outcomes").reset_index().melt(id_vars="group", var_name="reading",
                                                                value_name="completion_rate")
px.bar(long, x="group", y="completion_rate", color="reading", barmode="group",
       title="Completion rate by group under each reading of Table 1").show()
rates
"""),
    md("""
## A cohort's completion rate from its make-up

Weighted by the cohort's counts, within one partition (race, race detail,
sex or felony conviction: groups of different partitions overlap). The result
goes into `retention.completion_rate`. The default scenario (its terms are
printed below) counts the months after completion: a leaver's costs are sunk
and the leaver brings none of the returns after completion, so the make-up
moves the return and the payback month as well as the cost per completer
(`docs/model.md`, "Dropouts and completion").
"""),
    code("""
from imt_roi.terms import terms_text

base = preset("imt-default")
print(terms_text(base))
rows = []
for women in range(0, 11, 2):
    makeup = {"female": women, "male": 10 - women}
    s = equity.with_cohort_completion(base, makeup)
    r = evaluate(s)
    rows.append({"women of 10": women, "completion_rate": s.retention.completion_rate,
                 "expected completers": r.expected_completers, "cost_per_completer": r.cost_per_completer,
                 "training_cost_per_completer": r.training_cost_per_completer,
                 "benefit_cost_ratio": r.benefit_cost_ratio, "payback_month": r.payback_month})
cohorts = pd.DataFrame(rows)
px.line(cohorts, x="women of 10", y=["cost_per_completer", "training_cost_per_completer"], markers=True,
        title="Cost per completer of the default cohort by its make-up (finished-or-left reading)",
        labels={"value": "USD, present value"}).show()
px.line(cohorts, x="women of 10", y="benefit_cost_ratio", markers=True,
        title="B/C of the default cohort by its make-up (finished-or-left reading)").show()
cohorts
"""),
]

NB04 = [
    md("""
# The imt_roi API for researchers

A tour: scenarios and their cited inputs, the valuation methods, evaluation and
its metrics, cash flows by month and by year, the JFF 2020 figure beside the
standard one, solving for an input, the implied-assumptions tools, the study
cases and the COWS completion data. How every line and metric is computed is in
`docs/model.md`; the documents the defaults cite are in `docs/sources.md`.
"""),
    md("## 1. A scenario, its terms, and where its numbers come from"),
    code("""
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

import imt_roi
import imt_roi.terms
from imt_roi import evaluate, iter_params, preset, preset_names, with_value

print(preset_names())
scenario = preset("imt-default")
print(imt_roi.terms.terms_text(scenario))
params = pd.DataFrame([vars(p) for p in iter_params(scenario)])[["path", "value", "unit", "label", "source"]]
params[params["path"].str.match(r"method|alternative|substitution\\.|outside_hire\\.|horizon\\.")]
"""),
    md("""
`method` says how the apprentice's work in the term is valued: `substitution`
(the default: at what the firm would otherwise pay for it), `output_value`
(full wages against the value of an hour of output, as the JFF 2020 study) or
`incremental` (only what changes for an incumbent worker). `alternative` says
what a completer is compared with after the term: `hire_outside` (the default:
hiring an already-skilled technician) or `keep_incumbent`.
`imt_roi.terms.terms_text` states method, alternative, horizon and rate from the
inputs themselves, so the text printed beside a figure is what produced it.
"""),
    md("## 2. Evaluate: metrics, each under its own name"),
    code("""
result = evaluate(preset("imt-default"))
pd.Series(result.as_dict(), dtype=object)
"""),
    md("""
Beyond B/C, NPV and the payback month: the **peak outlay** (the most the
sponsor is ever out of pocket, undiscounted) and its month, the **net cost
during the term**, the **training cost per completer** (every cost but wages for
productive hours and the differences after completion, in present value), and
`irr_reason`, which says in words why `irr_annual` is None when there is no
meaningful rate. Labels come from `imt_roi.metrics.METRICS`.
"""),
    code("""
from imt_roi.metrics import METRIC_INFO

keys = ["benefit_cost_ratio", "payback_month", "peak_outlay", "peak_outlay_month", "net_cost_during_term",
        "training_cost_per_completer", "cost_per_completer", "irr_annual", "irr_reason"]
jff_preset = evaluate(preset("imt-jff-2020"))
pd.DataFrame({name: pd.Series({METRIC_INFO[k].label: getattr(r, k) for k in keys}, dtype=object)
              for name, r in [("imt-default", result), ("imt-jff-2020", jff_preset)]})
"""),
    md("## 3. The cash flows behind them: by month, by year"),
    code("""
flows = result.cashflows
print(flows.columns.tolist())
px.area(flows.groupby(["month", "category"], as_index=False, observed=True)["amount"].sum(), x="month",
        y="amount", color="category", title="Monthly cash flows by category (USD)").show()
"""),
    code("""
years = result.by_year()
fig = go.Figure([go.Bar(x=years.index, y=years["net"], name="net"),
                 go.Scatter(x=years.index, y=years["cumulative_net"], mode="lines+markers", name="cumulative net")])
fig.update_layout(title="Cash per plan year (undiscounted)", xaxis_title="plan year", yaxis_title="USD")
fig.show()
years
"""),
    code("""
# Every metric can be recomputed from the tidy cash flows. Flows fall at the end of their month;
# month m is discounted by (1 + r) ** (-m / 12).
rate = result.scenario.horizon.rate_used
pv = flows["amount"] * (1 + rate) ** (-flows["month"] / 12)
print(pv[flows.kind == "benefit"].sum() / pv[flows.kind == "cost"].sum(), result.benefit_cost_ratio)
print(years["net"].sum(), result.net_benefit)
term = flows[flows.phase == "term"]
print(term.loc[term.kind == "cost", "amount"].sum() - term.loc[term.kind == "benefit", "amount"].sum(),
      result.net_cost_during_term)
"""),
    md("""
## 4. The JFF 2020 figure beside the standard one, and the other methods

`jff_method_ratio` evaluates the same inputs as the JFF 2020 study counted
them (`as_jff_2020`: output value, the term only, undiscounted): the figure to
hold beside the study's $1.48. The table after it keeps the default horizon and
rate and changes only the method and the alternative.
"""),
    code("""
from imt_roi.results import as_jff_2020, jff_method_ratio

print(f"B/C {result.benefit_cost_ratio:.3f}: {imt_roi.terms.terms_text(scenario)}")
print(f"B/C {jff_method_ratio(scenario):.2f}: {imt_roi.terms.terms_text(as_jff_2020(scenario))}")
"""),
    code("""
rows = []
for method in ["substitution", "output_value", "incremental"]:
    for alternative in ["hire_outside", "keep_incumbent"]:
        r = evaluate(preset("imt-default", {"method": method, "alternative": alternative}))
        rows.append({"method": method, "alternative": alternative, "benefit_cost_ratio": r.benefit_cost_ratio,
                     "payback_month": r.payback_month, "peak_outlay": r.peak_outlay})
methods = pd.DataFrame(rows)
px.bar(methods, x="method", y="benefit_cost_ratio", color="alternative", barmode="group",
       title="imt-default's inputs under each method and alternative").show()
methods
"""),
    md("## 5. Change an input, find a break-even or any target ratio"),
    code("""
from imt_roi import break_even, solve_for_ratio

union = with_value(scenario, "wages.starting_wage", 21.24)  # the union average wage (imt-union)
print(f"B/C at the union starting wage: {evaluate(union).benefit_cost_ratio:.3f}")
print(break_even(scenario, "outside_hire.recruiting_cost").message)
print(break_even(scenario, "substitution.relative_productivity_end").message)
# The value of an hour of output enters only the output_value and incremental methods:
jff = preset("imt-jff-2020")
print(solve_for_ratio(jff, "output.value_per_hour", 1.48, 20, 200).message)
"""),
    md("## 6. Implied assumptions: one free input, two free inputs"),
    code("""
import numpy as np
from imt_roi import implied

print(implied.implied_value(jff, "output.value_per_hour", 0.48, measure="net_roi", low=20, high=200).message)
iso = implied.iso_line(jff, "output.productivity_start", np.linspace(0.5, 1.0, 6),
                       "output.value_per_hour", 1.48, low=20, high=200)
px.line(iso, x="output.productivity_start", y="output.value_per_hour", markers=True,
        title="imt-jff-2020: combinations that give B/C = 1.48").show()
iso
"""),
    code("""
grid = implied.implied_grid(scenario, "wages.starting_wage", [16.32, 18.50, 21.24],
                            "outside_hire.recruiting_cost", [0, 4000, 8000, 12000])
grid.pivot(index="outside_hire.recruiting_cost", columns="wages.starting_wage", values="benefit_cost_ratio")
"""),
    md("## 7. Study cases and benchmarks"),
    code("""
from imt_roi import studies

print(studies.case_names())
table = studies.checks_table(studies.reproduce())
table.groupby(["case", "status"]).size().unstack(fill_value=0)
"""),
    code("""
# The same report `imt-roi reproduce jff-2020-imt-roi` prints:
text, passed = studies.report("jff-2020-imt-roi")
print(text)
"""),
    code("""
# Like measures only; compare the horizons too (plan_months_after_completion against the study's).
studies.beside_benchmarks(result)[["measure", "study", "benchmark", "plan", "difference", "horizon",
                                   "plan_months_after_completion"]]
"""),
    md("## 8. Completion from the COWS Table 1 counts, into a scenario"),
    code("""
from imt_roi import equity

print(equity.READINGS)
overrides = equity.completion_overrides("female")
women = preset("imt-default", overrides)
pd.DataFrame({name: pd.Series(evaluate(s).as_dict(), dtype=object)
              for name, s in [("default", scenario), ("female completion", women)]}).loc[
    ["benefit_cost_ratio", "payback_month", "expected_completers", "cost_per_completer",
     "training_cost_per_completer"]]
"""),
]

NB05 = [
    md("""
# How sure is the answer?

Every figure the toolkit gives a sponsor rests on inputs nobody published for
the IMT: what a completer is worth against a technician hired from outside,
what that hire would cost, how long completers stay, how many starters
complete, the fringe rate, the mentor's hours. The toolkit ships a range for
each of them, with its reason (`imt_roi.ranges.DEFAULT_RANGES`); a scenario can
replace them or add its own (`uncertainty.ranges`). This notebook asks what
those ranges do to the answer:

1. the default scenario's spread: Monte Carlo percentiles, the chance of at
   least breaking even, the inputs that drive the spread, a fan chart of the
   cumulative net cash and a tornado;
2. which benefit-cost ratios the published facts of the JFF 2020 study (Payne,
   "The Next-Gen IMT Apprenticeship: A Return on Investment Study", Jobs for
   the Future, 2020) are consistent with, once the inputs it did not publish
   take their ranges;
3. scenario sets in the manner of the American Apprenticeship Initiative
   employer return-on-investment study (US Department of Labor, 2022): low,
   medium and high productivity, and one set of our own;
4. what the spread says for a sponsor.

How every line and metric is computed is in `docs/model.md`; the documents
behind each input and each range's reason are listed in `docs/sources.md`.
Draws come from a seeded generator, so the figures below are the same on every
run.
"""),
    code("""
import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from imt_roi import evaluate, preset, studies, with_value
from imt_roi.batch import evaluate_batch
from imt_roi.terms import terms_text
from imt_roi.uncertainty import draw_inputs, scenario_sets, simulate

default = preset("imt-default")
point = evaluate(default)
print(terms_text(default))
print(f"point estimate: B/C {point.benefit_cost_ratio:.3f}, NPV {point.npv:,.0f} USD, "
      f"payback month {point.payback_month}")
"""),
    md("""
## 1. The default scenario's spread

`simulate` draws every input with a range in force 10,000 times and evaluates
all draws in one batched pass (`imt_roi.batch.evaluate_batch`). The ranges in
force for the default, each with its shape, its ends and its reason (inputs
that do not enter the default's figures, such as the value of an hour of
output, carry none):
"""),
    code("""
spread = simulate(default, 10_000, seed=1)
pd.DataFrame(spread.as_dict()["ranges"])[["path", "kind", "low", "likely", "high", "reason"]]
"""),
    md("""
Percentiles of each metric over the draws. A payback month of `None` means
that at that percentile the outlay is not recovered within the horizon. With
positive costs, B/C >= 1 and NPV >= 0 are the same event, so the two
probabilities agree.
"""),
    code("""
print(f"{spread.draws:,} draws, seed {spread.seed}")
print(f"P(B/C >= 1) = {spread.prob_bcr_at_least_1:.1%}; P(NPV >= 0) = {spread.prob_npv_nonnegative:.1%}")
pd.DataFrame(spread.percentiles)
"""),
    md("""
The drivers: each drawn input's Spearman rank correlation with B/C over the
draws. The sign gives the direction; the size, how much of the ordering of the
draws the input carries.
"""),
    code("""
pd.DataFrame(spread.drivers)
"""),
    md("""
The fan: percentiles of the cohort's cumulative net cash in each month,
undiscounted. Each month's percentiles are taken over the draws separately, so
the median line is not one draw's path.
"""),
    code("""
fan = spread.fan
fig = go.Figure([
    go.Scatter(x=fan.index, y=fan["p95"], line=dict(width=0), showlegend=False, hoverinfo="skip"),
    go.Scatter(x=fan.index, y=fan["p5"], fill="tonexty", fillcolor="rgba(31,119,180,0.15)",
               line=dict(width=0), name="P5-P95"),
    go.Scatter(x=fan.index, y=fan["p75"], line=dict(width=0), showlegend=False, hoverinfo="skip"),
    go.Scatter(x=fan.index, y=fan["p25"], fill="tonexty", fillcolor="rgba(31,119,180,0.35)",
               line=dict(width=0), name="P25-P75"),
    go.Scatter(x=fan.index, y=fan["p50"], line=dict(color="rgb(31,119,180)"), name="median"),
])
fig.add_hline(y=0, line_dash="dot")
fig.add_vline(x=default.program.term_months, line_dash="dash", annotation_text="end of the term")
fig.update_layout(title="imt-default: cumulative net cash of the cohort by month, over the draws",
                  xaxis_title="month", yaxis_title="USD, undiscounted")
fig.show()
"""),
    md("""
The tornado: each ranged input at its own low and high end (P5 and P95 of a
normal or beta range), every other input at its likely value, which for the
default is its own value. Bars run from the point B/C (solid line) to the B/C
at each end; the longest swing is on top. The dotted line is break-even.
"""),
    code("""
base = point.benefit_cost_ratio
bars = spread.tornado[::-1]  # largest swing on top
names = [f"{b.label} ({b.low_value:g} to {b.high_value:g})" for b in bars]
fig = go.Figure([
    go.Bar(y=names, x=[b.at_low - base for b in bars], base=base, orientation="h", name="input at its low",
           text=[f"{b.low_value:g}" for b in bars]),
    go.Bar(y=names, x=[b.at_high - base for b in bars], base=base, orientation="h", name="input at its high",
           text=[f"{b.high_value:g}" for b in bars]),
])
fig.add_vline(x=base, line_color="black")
fig.add_vline(x=1, line_dash="dot")
fig.update_layout(barmode="overlay", height=160 + 45 * len(bars), xaxis_title="benefit-cost ratio",
                  title=f"imt-default: B/C at each input's low and high (point B/C {base:.3f})")
fig.show()
pd.DataFrame([{"label": b.label, "path": b.path, "low": b.low_value, "high": b.high_value,
               "B/C at low": b.at_low, "B/C at high": b.at_high, "swing": b.swing} for b in spread.tornado])
"""),
    md("""
## 2. Which B/C are the JFF 2020 study's published facts consistent with?

The study published $1.48 of benefit per dollar, counted as full wages against
the value of output over the term only, undiscounted; the US Department of
Labor's CLEAR review of it gives year-one and year-two ranges of the expense of
sponsoring one apprentice. It did not publish the value of an hour of output,
the fringe rate, the mentor's hours or attrition. The case scenario
(`studies.case_scenario`) sets what was published and calibrates the value of
an hour of output to 1.48; notebook 01 reproduces it. Here the unpublished
inputs take their shipped ranges instead.
"""),
    code("""
case = studies.study_case("jff-2020-imt-roi")
jff = studies.case_scenario(case)
target = case.figure("benefit_cost_ratio")["published"]
print(case.citation)
print(terms_text(jff))
studies.checks_table(studies.check_case(case))[["figure", "published", "reproduced", "status"]]
"""),
    code("""
jff_spread = simulate(jff, 10_000, seed=1)
print("held at the case's own value:", [h.path for h in jff_spread.held] or "none")
pd.DataFrame(jff_spread.as_dict()["ranges"])[["path", "kind", "low", "likely", "high", "reason"]]
"""),
    code("""
bcr = jff_spread.metrics.benefit_cost_ratio
near = np.abs(bcr - target) <= 0.05
p = jff_spread.percentiles["benefit_cost_ratio"]
print(f"B/C over the draws: P5 {p['p5']:.2f}, median {p['p50']:.2f}, P95 {p['p95']:.2f}")
print(f"share of draws within ±0.05 of {target}: {near.mean():.1%}")
fig = px.histogram(x=bcr, nbins=80, labels={"x": "benefit-cost ratio"},
                   title="JFF case: B/C the unpublished inputs allow (output value, term only, undiscounted)")
fig.add_vrect(x0=target - 0.05, x1=target + 0.05, fillcolor="orange", opacity=0.3, line_width=0,
              annotation_text=f"{target} ± 0.05")
fig.show()
pd.DataFrame(jff_spread.drivers)
"""),
    md("""
The draws that land near the published figure, against all draws: the value of
an hour of output is narrowed, the other inputs hardly at all.
"""),
    code("""
draws = draw_inputs(jff, 10_000, seed=1)  # the same draws simulate used: same scenario, same seed
samples = pd.DataFrame(draws)
pd.concat({"all draws": samples.quantile([0.05, 0.5, 0.95]).T,
           f"within ±0.05 of {target}": samples[near].quantile([0.05, 0.5, 0.95]).T}, axis=1)
"""),
    md("""
### The published figure pins a line, not a point

B/C over a grid of the value of an hour of output and the fringe rate, with the
mentor's hours and attrition at the case's values, in one batched evaluation.
The white points are the pairs that reproduce the published figure within
±0.005; the black diamond is the case's calibration.
"""),
    code("""
values, fringes = np.arange(30, 90.01, 0.25), np.arange(0.20, 0.4501, 0.005)
V, F = np.meshgrid(values, fringes)
grid = pd.DataFrame({"output.value_per_hour": V.ravel(), "wages.fringe_rate": F.ravel()})
grid["benefit_cost_ratio"] = evaluate_batch(jff, {c: grid[c].to_numpy() for c in grid.columns}).benefit_cost_ratio
line = grid[(grid["benefit_cost_ratio"] - target).abs() <= 0.005]
print(f"{len(line)} of {len(grid):,} pairs give B/C within ±0.005 of {target}: value per hour "
      f"{line['output.value_per_hour'].min():g} to {line['output.value_per_hour'].max():g} USD, fringe rate "
      f"{line['wages.fringe_rate'].min():.3f} to {line['wages.fringe_rate'].max():.3f}")
"""),
    code("""
surface = grid.pivot(index="wages.fringe_rate", columns="output.value_per_hour", values="benefit_cost_ratio")
fig = go.Figure(go.Contour(z=surface.values, x=surface.columns, y=surface.index,
                           contours=dict(showlabels=True), colorbar=dict(title="B/C")))
fig.add_trace(go.Scatter(x=line["output.value_per_hour"], y=line["wages.fringe_rate"], mode="markers",
                         marker=dict(color="white", size=5), name=f"B/C = {target} ± 0.005"))
fig.add_trace(go.Scatter(x=[jff.output.value_per_hour], y=[jff.wages.fringe_rate], mode="markers",
                         marker=dict(color="black", size=12, symbol="diamond"), name="the case's calibration"))
fig.update_layout(title="JFF case: B/C by value of an hour of output and fringe rate",
                  xaxis_title="value of an hour of output (USD)", yaxis_title="fringe rate",
                  legend=dict(orientation="h", y=-0.2))
fig.show()
"""),
    md("""
Do the published expense ranges cut the line? Each pair re-runs the whole case
(`studies.check_case`): the B/C and net-return checks and the year-one and
year-two expense per apprentice against the published ranges.
"""),
    code("""
def passes(value, fringe):
    checks = studies.check_case(case, {"output.value_per_hour": value, "wages.fringe_rate": fringe})
    return all(c.passed for c in checks)


line = line.assign(passes=[passes(float(v), float(f))
                           for v, f in zip(line["output.value_per_hour"], line["wages.fringe_rate"])])
print(f"{int(line['passes'].sum())} of {len(line)} pairs on the line pass every check of the case")
line.iloc[::max(1, len(line) // 10)]
"""),
    md("""
### The same facts under the standard method

The same draws, with the apprentice's work valued by the substitution method
(at what the firm would otherwise pay for it; Muehlemann and Wolter, "Return on
investment of apprenticeship systems for enterprises: Evidence from
cost-benefit analyses", 2014), still over the term only and undiscounted. The
value of an hour of output does not enter this method; its own inputs
(relative productivity in skilled tasks) stay at their defaults in these
draws. The last line draws them too, from their shipped ranges.
"""),
    code("""
substitution = with_value(jff, "method", "substitution")
print(terms_text(substitution))
both = pd.DataFrame({"output value (as the study)": bcr,
                     "substitution": evaluate_batch(substitution, draws).benefit_cost_ratio})
for name, column in both.items():
    print(f"{name}: P(B/C >= 1) = {(column >= 1).mean():.1%}")
own = simulate(substitution, 10_000, seed=1, with_tornado=False).percentiles["benefit_cost_ratio"]
print(f"substitution with its own ranges drawn too: B/C P5 {own['p5']:.2f}, median {own['p50']:.2f}, "
      f"P95 {own['p95']:.2f}")
long = both.melt(var_name="method", value_name="benefit_cost_ratio")
fig = px.box(long, x="benefit_cost_ratio", y="method", points=False,
             title="JFF case, same draws: B/C over the term by valuation method")
fig.add_vline(x=1, line_dash="dot")
fig.show()
both.describe(percentiles=[0.05, 0.25, 0.5, 0.75, 0.95]).T
"""),
    md("""
## 3. Scenario sets: low, medium and high productivity, and one of our own

The AAI 2022 study reported its returns under low, medium and high productivity
scenarios. The shipped sets move each productivity input to the low or high end
of its shipped range together (`imt_roi.ranges.DEFAULT_SETS`, each with its
reason). A scenario adds its own sets under `uncertainty.sets`; here a tight
labour market, in which a skilled post stays open four months and an outside
hire costs $8,000 to recruit. The grey band behind the bars is the default's
Monte Carlo P5-P95 of B/C from section 1; a set moves several inputs to the end
of their ranges at once, which the draws seldom do, so a set can sit at or
beyond the band's edge.
"""),
    code("""
tight = preset("imt-default", {"uncertainty.sets": [{
    "name": "tight labour market",
    "set": {"outside_hire.vacancy_months": 4, "outside_hire.recruiting_cost": 8000},
    "reason": "skilled posts stay open four months and an agency finds the outside hire"}]})
sets = scenario_sets(tight)
sets
"""),
    code("""
band = spread.percentiles["benefit_cost_ratio"]
fig = go.Figure(go.Bar(x=sets.index, y=sets["benefit_cost_ratio"], name="B/C of the set",
                       text=[f"{v:.2f}" for v in sets["benefit_cost_ratio"]]))
fig.add_hrect(y0=band["p5"], y1=band["p95"], fillcolor="lightgray", opacity=0.5, line_width=0, layer="below",
              annotation_text="Monte Carlo P5-P95 of imt-default", annotation_position="top left")
fig.add_hline(y=1, line_dash="dot")
fig.update_layout(title="imt-default under each scenario set", yaxis_title="benefit-cost ratio")
fig.show()
"""),
    md("""
## 4. What the spread says for a sponsor

- **The default is close to break-even, and the ranges do not settle which
  side.** Its band of B/C straddles 1, and the chance of at least breaking
  even printed in section 1 is far from certain either way. The point estimate
  and the median draw need not agree: several shipped ranges are skewed (the
  recruiting cost, the completers' separation rate, the mentor's hours), so
  read the percentiles rather than the point estimate alone.
- **A few inputs decide it**, most of them about the years after
  completion: what a completer is worth against a technician hired from outside
  (the productivity advantage and the wage an outside hire would command), how
  long completers stay, then what an outside hire costs to find and how long
  the post stays open, and how many starters complete. The drivers table and
  the tornado rank them; relative productivity during the term, the mentor's
  hours and the fringe rate move the answer less.
- **What a sponsor should pin down first**: what it pays, and waits, to hire a
  skilled technician from outside today (recruiting cost, months a post stays
  open, the wage such a hire commands); how a firm-trained completer performs
  against such a hire once both have settled in; and how long its own skilled
  workers stay. These are local facts a sponsor can look up in its own records;
  entered in a scenario file, each replaces a range with the firm's own value.
- **Published headline figures pin less than they seem.** The JFF 2020 study's
  $1.48 is consistent with a wide spread of B/C once the inputs it did not
  publish take plausible ranges, and with a whole line of value-of-output and
  fringe-rate pairs, not one value; the published expense ranges do not narrow
  it. The same facts valued by the standard method give a different answer over
  the term (section 2). Hold a study's figure beside a plan only under the
  same method and horizon (`docs/model.md`, "Metrics").
"""),
]

NOTEBOOKS = {
    "01_reproduce_jff_148.ipynb": NB01,
    "02_sensitivity_unpublished_inputs.ipynb": NB02,
    "03_equity_and_completion.ipynb": NB03,
    "04_api_tutorial.ipynb": NB04,
    "05_how_sure.ipynb": NB05,
}


def build(name: str) -> nbformat.NotebookNode:
    nb = new_notebook(cells=NOTEBOOKS[name])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def main() -> None:
    for name in NOTEBOOKS:
        nb = build(name)
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{Path(name).stem[:2]}-{i:02d}"  # stable ids: regenerating gives the same file
        nbformat.validate(nb)
        nbformat.write(nb, HERE / name)


if __name__ == "__main__":
    main()
