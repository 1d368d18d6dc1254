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

JFF's study of the Next-Gen IMT apprenticeship (Payne, July 2020) reported
**$1.48 of benefit for every $1.00 invested**, a 48 percent return "during the
terms of their apprenticeships". Its per-sponsor table is not public. This
notebook rebuilds the figure from what was published: the $18.50 starting wage,
the 18-month term, $4,000 of related instruction, full wages against full output
(the gross convention), the term only, undiscounted. The one input nobody
published that the ratio needs, the value of an hour of output, is
**calibrated**: solved so that B/C = 1.48. The case then checks that the
implied expense per apprentice sits inside the study's published year-one and
year-two ranges.
"""),
    code("""
import plotly.graph_objects as go
import plotly.express as px

from imt_roi import evaluate, studies

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
calibration
"""),
    md("## Published against reproduced"),
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
import pandas as pd
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
        title="Cumulative net benefit of the cohort (undiscounted)",
        labels={"cumulative_net": "USD"}).show()
"""),
    md("""
## Beside the other studies, measure by measure

A benefit-cost ratio is set beside benefit-cost ratios only, a net return beside
net returns. Note the horizons differ: the AAI study counts up to five years
after completion. The Commerce (Siemens) figure is a rate of return against
hiring machinists; the model's nearest figure, the annualised IRR of the monthly
net flows, is huge whenever net flows turn positive within a month or two, as
they do under the gross convention, so that row is a caution rather than a
comparison.
"""),
    code("""
for measure in ["benefit_cost_ratio", "net_roi"]:
    table = studies.beside_benchmarks(result, measure)
    fig = go.Figure([go.Bar(x=table["study"], y=table["benchmark"], name="published"),
                     go.Bar(x=table["study"], y=table["plan"], name="this reproduction")])
    fig.update_layout(barmode="group", title=studies.MEASURES[measure])
    fig.show()
studies.beside_benchmarks(result)[["measure", "study", "benchmark", "plan", "difference", "horizon"]]
"""),
    md("""
## What the reproduction assumes

Every other input is held at the model's documented default. One published
figure can pin one free input, so these are assumptions; notebook 02 shows
how much each one moves the ratio and the calibrated value.
"""),
    code("""
inputs[inputs.status == "assumed"][["path", "value", "unit", "source"]]
"""),
]

NB02 = [
    md("""
# How sensitive is the $1.48 to what the study did not publish?

The JFF 2020 case reproduces B/C = 1.48 by calibrating one input (the value of
an hour of output) and holding every other unpublished input at the model's
default. Here we ask: how much does each assumed input move the ratio, and
what value of output would the study have needed under other assumptions?
"""),
    code("""
import numpy as np
import plotly.graph_objects as go
import plotly.express as px

from imt_roi import evaluate, studies, implied

case = studies.study_case("jff-2020-imt-roi")
scenario = studies.case_scenario(case)
target = case.figure("benefit_cost_ratio")["published"]
(calibration,) = studies.calibrate(case)
inputs = studies.case_inputs(case)
numeric = inputs[inputs["value"].map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))]
assumed = [p for p in numeric[numeric.status == "assumed"]["path"] if not p.startswith("cohorts.")]
print(f"target B/C {target}; calibrated {calibration.path} = {calibration.stored}")
"""),
    md("## One at a time: each input 10% lower and higher"),
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

Each line is an iso-line of B/C = 1.48: for each value of an assumed input, the
value of an hour of output that keeps the published ratio.
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
from plotly.subplots import make_subplots
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
    md("## Two inputs at once: B/C over a grid, with the 1.48 contour"),
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

A combination on the iso-line reproduces 1.48 by construction; the published
year-one and year-two expense ranges can still rule it out. Each row re-runs the
whole case with that combination; a row fails when its implied expense leaves
a published range.
"""),
    code("""
rows = []
for row in iso.itertuples(index=False):
    overrides = {"wages.fringe_rate": float(row[0]), calibration.path: float(row[1])}
    checks = studies.check_case(case, overrides)
    rows.append({"wages.fringe_rate": row[0], calibration.path: row[1],
                 **{c.figure: c.reproduced for c in checks},
                 "all checks pass": all(c.passed for c in checks)})
import pandas as pd
pd.DataFrame(rows)
"""),
    md("""
## Attrition: the two readings of the Wisconsin counts

Under the gross convention a leaver stops both wages and output, so the
ratio hardly moves with the completion rate.
"""),
    code("""
from imt_roi import equity, with_value
rows = []
for reading in equity.READINGS:
    rate = equity.completion_rate("all", reading)
    r = evaluate(with_value(scenario, "retention.completion_rate", rate))
    rows.append({"reading": reading, "completion_rate": rate, "benefit_cost_ratio": r.benefit_cost_ratio,
                 "cost_per_completer": r.cost_per_completer})
readings = pd.DataFrame(rows)
px.bar(readings, x="reading", y="benefit_cost_ratio", text="completion_rate",
       title="B/C of the JFF case under each reading of Table 1").show()
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
into completion rates a scenario can use.
"""),
    code("""
import plotly.express as px
import plotly.graph_objects as go

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
goes into `retention.completion_rate`.
"""),
    code("""
base = preset("imt-default")
rows = []
for women in range(0, 11, 2):
    makeup = {"female": women, "male": 10 - women}
    s = equity.with_cohort_completion(base, makeup)
    r = evaluate(s)
    rows.append({"women of 10": women, "completion_rate": s.retention.completion_rate,
                 "expected completers": r.expected_completers, "cost_per_completer": r.cost_per_completer})
cohorts = pd.DataFrame(rows)
px.line(cohorts, x="women of 10", y="cost_per_completer", markers=True,
        title="Cost per completer of the default cohort by its make-up (finished-or-left reading)").show()
cohorts
"""),
]

NB04 = [
    md("""
# The imt_roi API for researchers

A tour: scenarios and their cited inputs, evaluation and cash flows, solving
for an input, the implied-assumptions tools, the study cases and the COWS
completion data.
"""),
    md("## 1. A scenario and where its numbers come from"),
    code("""
import pandas as pd
import plotly.express as px

import imt_roi
from imt_roi import evaluate, iter_params, preset, preset_names, with_value

print(preset_names())
scenario = preset("imt-default")
pd.DataFrame([vars(p) for p in iter_params(scenario)])[["path", "value", "unit", "label", "source"]].head(12)
"""),
    md("## 2. Evaluate: metrics, each under its own name, and the cash flows behind them"),
    code("""
result = evaluate(scenario)
pd.Series(result.as_dict())
"""),
    code("""
flows = result.cashflows
print(flows.columns.tolist())
px.area(flows.groupby(["month", "line"], as_index=False)["amount"].sum(), x="month", y="amount", color="line",
        title="Monthly cash flows by line (USD)").show()
"""),
    code("""
# Every metric can be recomputed from the tidy cash flows:
costs = flows.loc[flows.kind == "cost", "amount"].sum()
benefits = flows.loc[flows.kind == "benefit", "amount"].sum()
benefits / costs, result.benefit_cost_ratio
"""),
    md("## 3. Change an input, find a break-even or any target ratio"),
    code("""
from imt_roi import break_even, solve_for_ratio
union = with_value(scenario, "wages.starting_wage", 21.24)
print(evaluate(union).benefit_cost_ratio)
print(break_even(scenario, "output.value_per_hour").message)
print(solve_for_ratio(scenario, "output.value_per_hour", 1.48, 20, 200).message)
"""),
    md("## 4. Implied assumptions: one free input, two free inputs"),
    code("""
import numpy as np
from imt_roi import implied
print(implied.implied_value(scenario, "output.value_per_hour", 0.48, measure="net_roi", low=20, high=200).message)
iso = implied.iso_line(scenario, "output.productivity_start", np.linspace(0.5, 1.0, 6),
                       "output.value_per_hour", 1.48, low=20, high=200)
px.line(iso, x="output.productivity_start", y="output.value_per_hour", markers=True,
        title="Combinations that give B/C = 1.48").show()
iso
"""),
    code("""
grid = implied.implied_grid(scenario, "wages.starting_wage", [16.32, 18.50, 21.24],
                            "output.value_per_hour", [45, 50, 55, 60])
grid.pivot(index="output.value_per_hour", columns="wages.starting_wage", values="benefit_cost_ratio")
"""),
    md("## 5. Study cases and benchmarks"),
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
five_year = evaluate(preset("imt-five-year"))
studies.beside_benchmarks(five_year, "net_roi")[["study", "benchmark", "plan", "difference", "horizon"]]
"""),
    md("## 6. Completion from the COWS Table 1 counts, into a scenario"),
    code("""
from imt_roi import equity
print(equity.READINGS)
overrides = equity.completion_overrides("female")
women = preset("imt-default", overrides)
pd.DataFrame({"default": evaluate(scenario).as_dict(), "female completion": evaluate(women).as_dict()}).loc[
    ["benefit_cost_ratio", "expected_completers", "cost_per_completer"]]
"""),
]

NOTEBOOKS = {
    "01_reproduce_jff_148.ipynb": NB01,
    "02_sensitivity_unpublished_inputs.ipynb": NB02,
    "03_equity_and_completion.ipynb": NB03,
    "04_api_tutorial.ipynb": NB04,
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
