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
# # A running cohort against its plan
#
# The plan says what a cohort should cost and return; a sponsor's records say
# what happened. This notebook reads records in the toolkit's records format
# (docs/records.md), puts them beside the plan and re-forecasts the rest of
# the term.
#
# **The records used here are SYNTHETIC**: the shipped example, made by
# `imt_roi.synthetic` from the `imt-partnership` preset with an extra leaver
# per firm and cohort, tuition 12% and mentor hours 25% over plan. No real
# apprentice or firm is in them. To use your own, write blank templates with
# `imt-roi track --template my-records`, fill them, and read them with
# `read_records("my-records")`.
#
# 1. the round trip: records written from the plan's own assumptions give
#    the plan back (to the cent when every apprentice completes);
# 2. the synthetic example: plan, to date and re-forecast side by side;
# 3. where the difference comes from, line by line, and what is recorded and
#    what is modelled;
# 4. how sure the re-forecast is.

# %%
import datetime as dt

import plotly.graph_objects as go

from imt_roi import preset
from imt_roi.synthetic import example, records_of_plan
from imt_roi.tracking import track

# %% [markdown]
# ## 1. The round trip
#
# A sponsor who followed the plan exactly, with every apprentice completing,
# keeps records that give the plan back.

# %%
plan = preset("imt-partnership", {"retention": {"completion_rate": 1.0}})
as_of = dt.date(2027, 3, 31)
round_trip = track(records_of_plan(plan, dt.date(2026, 1, 1), as_of), plan, as_of)
table = round_trip.metrics()
worst = (table.loc[["npv", "total_costs", "total_benefits"], "reforecast"]
         - table.loc[["npv", "total_costs", "total_benefits"], "plan"]).abs().max()
print(f"largest difference between the plan and the tracked plan: ${worst:.6f}")
assert worst < 0.01

# %% [markdown]
# ## 2. The synthetic example: plan, to date and re-forecast

# %%
records, plan, as_of = example()
print(records.notes[0])
tracked = track(records, plan, as_of)
tracked.metrics().loc[["benefit_cost_ratio", "npv", "total_costs", "total_benefits", "payback_month",
                       "expected_completers"]]

# %% [markdown]
# ## 3. Line by line
#
# `recorded` lines come from the records (wages from the pay rates and hours,
# tuition, mentor and coordination hours, fees, grants); `modelled` lines come
# from the plan's assumptions for the apprentices the records show present;
# lines that fall only after `as_of` are forecast.

# %%
lines = tracked.by_line()
lines.round(0)

# %%
shown = lines[lines["difference"].abs() >= 1000].sort_values("difference")
colour = {"recorded": "#1f5f99", "modelled": "#d9822b", "forecast only": "#9db7d5"}
bars = go.Figure(go.Bar(x=shown["difference"], y=shown["line"] + " (" + shown["kind"] + ")", orientation="h",
                        marker_color=[colour.get(b, "#888") for b in shown["basis"]],
                        text=shown["basis"], textposition="outside"))
bars.update_layout(title="Realized and forecast minus plan, by line (USD, undiscounted): SYNTHETIC records",
                   xaxis_title="USD (a cost above zero costs more than planned)", height=520,
                   margin=dict(l=320), template="plotly_white")
bars

# %%
months = tracked.by_month()
fig = go.Figure()
fig.add_scatter(x=months["month"], y=months["plan"].cumsum(), name="plan", line=dict(dash="dot"))
fig.add_scatter(x=months["month"], y=months["actual_or_forecast"].cumsum(), name="realized, then re-forecast")
fig.add_vline(x=tracked.as_of_month, line_dash="dash", annotation_text=f"as of {tracked.as_of}")
fig.update_layout(title="Cumulative net cash (USD, undiscounted): SYNTHETIC records", xaxis_title="Plan month",
                  yaxis_title="USD", template="plotly_white")
fig

# %% [markdown]
# ## 4. How sure is the re-forecast?
#
# The realized months are fixed; the months ahead are drawn from the plan's
# ranges for the inputs nobody published.

# %%
print(tracked.spread().sentence())
