# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # How sensitive is the $1.48 to what the study did not publish?
#
# The JFF 2020 case reproduces B/C = 1.48 counted as the study counted (the
# output-value method, the term only, undiscounted) by calibrating one input (the
# value of an hour of output) and holding every other unpublished input at the
# model's default. Here we ask: how much does each assumed input move the ratio,
# and what value of output would the study have needed under other assumptions?
# The last sections turn to the model's default, the substitution method counted
# over the years after completion, whose answer rests on other inputs nobody
# published. Each input's default and its reasoning are listed by
# `imt-roi evaluate --format table`; the model is described in `docs/model.md`
# and its sources in `docs/sources.md`.

# %%
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

# %% [markdown]
# ## One at a time: each input 10% lower and higher
#
# Inputs that do not enter the output-value method over the term only (those of
# the substitution method and of the months after completion) do not move the ratio and are left
# out.

# %%
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

# %% [markdown]
# ## The value of output the study implies, under other assumptions
#
# Each line is an iso-line of the published B/C: for each value of an assumed
# input, the value of an hour of output that keeps the published ratio.

# %%
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

# %% [markdown]
# ## Two inputs at once: B/C over a grid, with the contour of the published ratio

# %%
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

# %% [markdown]
# ## Which combinations also respect the published cost ranges?
#
# A combination on the iso-line reproduces the published ratio by construction;
# the published year-one and year-two expense ranges can still rule it out. Each
# row re-runs the whole case with that combination; a row fails when its implied
# expense leaves a published range. (The case's substitution figure has no target
# and never fails.)

# %%
rows = []
for row in iso.itertuples(index=False):
    overrides = {"wages.fringe_rate": float(row[0]), calibration.path: float(row[1])}
    checks = studies.check_case(case, overrides)
    rows.append({"wages.fringe_rate": row[0], calibration.path: row[1],
                 **{c.figure: c.reproduced for c in checks},
                 "all checks pass": all(c.passed for c in checks)})
pd.DataFrame(rows)

# %% [markdown]
# ## The standard method: what a sponsor's answer rests on
#
# The model's default scenario (`imt-default`) values the apprentices' work by
# the substitution method (at what the firm would otherwise pay for it) and
# counts the months after completion against hiring a skilled technician from
# outside. Its answer does not use the value of an hour of output at all; it
# rests on other inputs nobody published for the IMT, among them how productive
# an apprentice is in skilled tasks by the end of the term relative to an
# experienced technician (`substitution.relative_productivity_end`, an assumption
# set above the figures of Swiss cost-benefit surveys for other trades) and what
# hiring a skilled technician from outside would cost
# (`outside_hire.recruiting_cost`, an assumption). First the tornado: each input
# that carries a range (`imt_roi.ranges`, each with its reason) at its own low and
# high, the others at their likely values, sorted by the swing of B/C (not a
# uniform 10%, which would move a 0% rate to 10% and a month count by a
# rounded 10%). The two inputs named above are in bold; notebook 05 gives the
# Monte Carlo spread over the same ranges.

# %%
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

# %% [markdown]
# ### Relative productivity at the end of the term, and the cost of recruiting from outside
#
# Each input swept over a range with everything else at the default. The dotted
# line is break-even (B/C = 1), the diamond the default; `break_even` finds the
# value at which benefits equal costs, and the table gives the payback month
# (none when the outlay is not recovered within the horizon).

# %%
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

# %% [markdown]
# Both at once: B/C over a grid of the two inputs, with the break-even line
# (B/C = 1). Combinations above and to the right of it recover the sponsor's
# outlay, in present value, within the horizon.

# %%
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

# %% [markdown]
# ## Attrition: the two readings of the Wisconsin counts
#
# Under the output-value method, counted over the term only, a leaver stops both
# wages and output, so the JFF case's ratio hardly moves with the completion rate.
# Under the default, a leaver's costs to the month of leaving are sunk, the post
# is refilled, and the leaver brings none of the returns after completion, so the
# completion rate moves the answer more.

# %%
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
