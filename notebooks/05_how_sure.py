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
# # How sure is the answer?
#
# Every figure the toolkit gives a sponsor rests on inputs nobody published for
# the IMT: what a completer is worth against a technician hired from outside,
# what that hire would cost, how long completers stay, how many starters
# complete, the fringe rate, the mentor's hours. The toolkit ships a range for
# each of them, with its reason (`imt_roi.ranges.DEFAULT_RANGES`); a scenario can
# replace them or add its own (`uncertainty.ranges`). This notebook asks what
# those ranges do to the answer:
#
# 1. the default scenario's spread: Monte Carlo percentiles, the chance of at
#    least breaking even, the inputs that drive the spread, a fan chart of the
#    cumulative net cash and a tornado;
# 2. which benefit-cost ratios the published facts of the JFF 2020 study (Payne,
#    "The Next-Gen IMT Apprenticeship: A Return on Investment Study", Jobs for
#    the Future, 2020) are consistent with, once the inputs it did not publish
#    take their ranges;
# 3. scenario sets in the manner of the American Apprenticeship Initiative
#    employer return-on-investment study (US Department of Labor, 2022): low,
#    medium and high productivity, and one set of our own;
# 4. what the spread says for a sponsor.
#
# How every line and metric is computed is in `docs/model.md`; the documents
# behind each input and each range's reason are listed in `docs/sources.md`.
# Draws come from a seeded generator, so the figures below are the same on every
# run.

# %%
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

# %% [markdown]
# ## 1. The default scenario's spread
#
# `simulate` draws every input with a range in force 10,000 times and evaluates
# all draws in one batched pass (`imt_roi.batch.evaluate_batch`). The ranges in
# force for the default, each with its shape, its ends and its reason (inputs
# that do not enter the default's figures, such as the value of an hour of
# output, carry none):

# %%
spread = simulate(default, 10_000, seed=1)
pd.DataFrame(spread.as_dict()["ranges"])[["path", "kind", "low", "likely", "high", "reason"]]

# %% [markdown]
# Percentiles of each metric over the draws. A payback month of `None` means
# that at that percentile the outlay is not recovered within the horizon. With
# positive costs, B/C >= 1 and NPV >= 0 are the same event, so the two
# probabilities agree.

# %%
print(f"{spread.draws:,} draws, seed {spread.seed}")
print(f"P(B/C >= 1) = {spread.prob_bcr_at_least_1:.1%}; P(NPV >= 0) = {spread.prob_npv_nonnegative:.1%}")
pd.DataFrame(spread.percentiles)

# %% [markdown]
# The drivers: each drawn input's Spearman rank correlation with B/C over the
# draws. The sign gives the direction; the size, how much of the ordering of the
# draws the input carries.

# %%
pd.DataFrame(spread.drivers)

# %% [markdown]
# The fan: percentiles of the cohort's cumulative net cash in each month,
# undiscounted. Each month's percentiles are taken over the draws separately, so
# the median line is not one draw's path.

# %%
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

# %% [markdown]
# The tornado: each ranged input at its own low and high end (P5 and P95 of a
# normal or beta range), every other input at its likely value, which for the
# default is its own value. Bars run from the point B/C (solid line) to the B/C
# at each end; the longest swing is on top. The dotted line is break-even.

# %%
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

# %% [markdown]
# ## 2. Which B/C are the JFF 2020 study's published facts consistent with?
#
# The study published $1.48 of benefit per dollar, counted as full wages against
# the value of output over the term only, undiscounted; the US Department of
# Labor's CLEAR review of it gives year-one and year-two ranges of the expense of
# sponsoring one apprentice. It did not publish the value of an hour of output,
# the fringe rate, the mentor's hours or attrition. The case scenario
# (`studies.case_scenario`) sets what was published and calibrates the value of
# an hour of output to 1.48; notebook 01 reproduces it. Here the unpublished
# inputs take their shipped ranges instead.

# %%
case = studies.study_case("jff-2020-imt-roi")
jff = studies.case_scenario(case)
target = case.figure("benefit_cost_ratio")["published"]
print(case.citation)
print(terms_text(jff))
studies.checks_table(studies.check_case(case))[["figure", "published", "reproduced", "status"]]

# %%
jff_spread = simulate(jff, 10_000, seed=1)
print("held at the case's own value:", [h.path for h in jff_spread.held] or "none")
pd.DataFrame(jff_spread.as_dict()["ranges"])[["path", "kind", "low", "likely", "high", "reason"]]

# %%
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

# %% [markdown]
# The draws that land near the published figure, against all draws: the value of
# an hour of output is narrowed, the other inputs hardly at all.

# %%
draws = draw_inputs(jff, 10_000, seed=1)  # the same draws simulate used: same scenario, same seed
samples = pd.DataFrame(draws)
pd.concat({"all draws": samples.quantile([0.05, 0.5, 0.95]).T,
           f"within ±0.05 of {target}": samples[near].quantile([0.05, 0.5, 0.95]).T}, axis=1)

# %% [markdown]
# ### The published figure pins a line, not a point
#
# B/C over a grid of the value of an hour of output and the fringe rate, with the
# mentor's hours and attrition at the case's values, in one batched evaluation.
# The white points are the pairs that reproduce the published figure within
# ±0.005; the black diamond is the case's calibration.

# %%
values, fringes = np.arange(30, 90.01, 0.25), np.arange(0.20, 0.4501, 0.005)
V, F = np.meshgrid(values, fringes)
grid = pd.DataFrame({"output.value_per_hour": V.ravel(), "wages.fringe_rate": F.ravel()})
grid["benefit_cost_ratio"] = evaluate_batch(jff, {c: grid[c].to_numpy() for c in grid.columns}).benefit_cost_ratio
line = grid[(grid["benefit_cost_ratio"] - target).abs() <= 0.005]
print(f"{len(line)} of {len(grid):,} pairs give B/C within ±0.005 of {target}: value per hour "
      f"{line['output.value_per_hour'].min():g} to {line['output.value_per_hour'].max():g} USD, fringe rate "
      f"{line['wages.fringe_rate'].min():.3f} to {line['wages.fringe_rate'].max():.3f}")

# %%
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


# %% [markdown]
# Do the published expense ranges cut the line? Each pair re-runs the whole case
# (`studies.check_case`): the B/C and net-return checks and the year-one and
# year-two expense per apprentice against the published ranges.

# %%
def passes(value, fringe):
    checks = studies.check_case(case, {"output.value_per_hour": value, "wages.fringe_rate": fringe})
    return all(c.passed for c in checks)


line = line.assign(passes=[passes(float(v), float(f))
                           for v, f in zip(line["output.value_per_hour"], line["wages.fringe_rate"])])
print(f"{int(line['passes'].sum())} of {len(line)} pairs on the line pass every check of the case")
line.iloc[::max(1, len(line) // 10)]

# %% [markdown]
# ### The same facts under the standard method
#
# The same draws, with the apprentice's work valued by the substitution method
# (at what the firm would otherwise pay for it; Muehlemann and Wolter, "Return on
# investment of apprenticeship systems for enterprises: Evidence from
# cost-benefit analyses", 2014), still over the term only and undiscounted. The
# value of an hour of output does not enter this method; its own inputs
# (relative productivity in skilled tasks) stay at their defaults in these
# draws. The last line draws them too, from their shipped ranges.

# %%
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

# %% [markdown]
# ## 3. Scenario sets: low, medium and high productivity, and one of our own
#
# The AAI 2022 study reported its returns under low, medium and high productivity
# scenarios. The shipped sets move each productivity input to the low or high end
# of its shipped range together (`imt_roi.ranges.DEFAULT_SETS`, each with its
# reason). A scenario adds its own sets under `uncertainty.sets`; here a tight
# labour market, in which a skilled post stays open four months and an outside
# hire costs $8,000 to recruit. The grey band behind the bars is the default's
# Monte Carlo P5-P95 of B/C from section 1; a set moves several inputs to the end
# of their ranges at once, which the draws seldom do, so a set can sit at or
# beyond the band's edge.

# %%
tight = preset("imt-default", {"uncertainty.sets": [{
    "name": "tight labour market",
    "set": {"outside_hire.vacancy_months": 4, "outside_hire.recruiting_cost": 8000},
    "reason": "skilled posts stay open four months and an agency finds the outside hire"}]})
sets = scenario_sets(tight)
sets

# %%
band = spread.percentiles["benefit_cost_ratio"]
fig = go.Figure(go.Bar(x=sets.index, y=sets["benefit_cost_ratio"], name="B/C of the set",
                       text=[f"{v:.2f}" for v in sets["benefit_cost_ratio"]]))
fig.add_hrect(y0=band["p5"], y1=band["p95"], fillcolor="lightgray", opacity=0.5, line_width=0, layer="below",
              annotation_text="Monte Carlo P5-P95 of imt-default", annotation_position="top left")
fig.add_hline(y=1, line_dash="dot")
fig.update_layout(title="imt-default under each scenario set", yaxis_title="benefit-cost ratio")
fig.show()

# %% [markdown]
# ## 4. What the spread says for a sponsor
#
# - **The default is close to break-even, and the ranges do not settle which
#   side.** Its band of B/C straddles 1, and the chance of at least breaking
#   even printed in section 1 is far from certain either way. The point estimate
#   and the median draw need not agree: several shipped ranges are skewed (the
#   recruiting cost, the completers' separation rate, the mentor's hours), so
#   read the percentiles rather than the point estimate alone.
# - **A few inputs decide it**, most of them about the years after
#   completion: what a completer is worth against a technician hired from outside
#   (the productivity advantage and the wage an outside hire would command), how
#   long completers stay, then what an outside hire costs to find and how long
#   the post stays open, and how many starters complete. The drivers table and
#   the tornado rank them; relative productivity during the term, the mentor's
#   hours and the fringe rate move the answer less.
# - **What a sponsor should pin down first**: what it pays, and waits, to hire a
#   skilled technician from outside today (recruiting cost, months a post stays
#   open, the wage such a hire commands); how a firm-trained completer performs
#   against such a hire once both have settled in; and how long its own skilled
#   workers stay. These are local facts a sponsor can look up in its own records;
#   entered in a scenario file, each replaces a range with the firm's own value.
# - **Published headline figures pin less than they seem.** The JFF 2020 study's
#   $1.48 is consistent with a wide spread of B/C once the inputs it did not
#   publish take plausible ranges, and with a whole line of value-of-output and
#   fringe-rate pairs, not one value; the published expense ranges do not narrow
#   it. The same facts valued by the standard method give a different answer over
#   the term (section 2). Hold a study's figure beside a plan only under the
#   same method and horizon (`docs/model.md`, "Metrics").
