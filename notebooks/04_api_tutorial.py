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
# # The imt_roi API for researchers
#
# A tour: scenarios and their cited inputs, the valuation methods, evaluation and
# its metrics, cash flows by month and by year, the JFF 2020 figure beside the
# standard one, solving for an input, the implied-assumptions tools, the study
# cases and the COWS completion data. How every line and metric is computed is in
# `docs/model.md`; the documents the defaults cite are in `docs/sources.md`.

# %% [markdown]
# ## 1. A scenario, its terms, and where its numbers come from

# %%
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
params[params["path"].str.match(r"method|alternative|substitution\.|outside_hire\.|horizon\.")]

# %% [markdown]
# `method` says how the apprentice's work in the term is valued: `substitution`
# (the default: at what the firm would otherwise pay for it), `output_value`
# (full wages against the value of an hour of output, as the JFF 2020 study) or
# `incremental` (only what changes for an incumbent worker). `alternative` says
# what a completer is compared with after the term: `hire_outside` (the default:
# hiring an already-skilled technician) or `keep_incumbent`.
# `imt_roi.terms.terms_text` states method, alternative, horizon and rate from the
# inputs themselves, so the text printed beside a figure is what produced it.

# %% [markdown]
# ## 2. Evaluate: metrics, each under its own name

# %%
result = evaluate(preset("imt-default"))
pd.Series(result.as_dict(), dtype=object)

# %% [markdown]
# Beyond B/C, NPV and the payback month: the **peak outlay** (the most the
# sponsor is ever out of pocket, undiscounted) and its month, the **net cost
# during the term**, the **training cost per completer** (every cost but wages for
# productive hours and the differences after completion, in present value), and
# `irr_reason`, which says in words why `irr_annual` is None when there is no
# meaningful rate. Labels come from `imt_roi.metrics.METRICS`.

# %%
from imt_roi.metrics import METRIC_INFO

keys = ["benefit_cost_ratio", "payback_month", "peak_outlay", "peak_outlay_month", "net_cost_during_term",
        "training_cost_per_completer", "cost_per_completer", "irr_annual", "irr_reason"]
jff_preset = evaluate(preset("imt-jff-2020"))
pd.DataFrame({name: pd.Series({METRIC_INFO[k].label: getattr(r, k) for k in keys}, dtype=object)
              for name, r in [("imt-default", result), ("imt-jff-2020", jff_preset)]})

# %% [markdown]
# ## 3. The cash flows behind them: by month, by year

# %%
flows = result.cashflows
print(flows.columns.tolist())
px.area(flows.groupby(["month", "category"], as_index=False, observed=True)["amount"].sum(), x="month",
        y="amount", color="category", title="Monthly cash flows by category (USD)").show()

# %%
years = result.by_year()
fig = go.Figure([go.Bar(x=years.index, y=years["net"], name="net"),
                 go.Scatter(x=years.index, y=years["cumulative_net"], mode="lines+markers", name="cumulative net")])
fig.update_layout(title="Cash per plan year (undiscounted)", xaxis_title="plan year", yaxis_title="USD")
fig.show()
years

# %%
# Every metric can be recomputed from the tidy cash flows. Flows fall at the end of their month;
# month m is discounted by (1 + r) ** (-m / 12).
rate = result.scenario.horizon.rate_used
pv = flows["amount"] * (1 + rate) ** (-flows["month"] / 12)
print(pv[flows.kind == "benefit"].sum() / pv[flows.kind == "cost"].sum(), result.benefit_cost_ratio)
print(years["net"].sum(), result.net_cash_undiscounted)
term = flows[flows.phase == "term"]
print(term.loc[term.kind == "cost", "amount"].sum() - term.loc[term.kind == "benefit", "amount"].sum(),
      result.net_cost_during_term)

# %% [markdown]
# ## 4. The JFF 2020 figure beside the standard one, and the other methods
#
# `jff_method_ratio` evaluates the same inputs as the JFF 2020 study counted
# them (`as_jff_2020`: output value, the term only, undiscounted). Its value of
# an hour of output is calibrated on the study's own inputs, so for any plan it
# restates the study until the firm enters its own value added per hour
# (`output.value_per_hour`); only then is it a figure to hold beside the $1.48
# (`imt_roi.conventions.comparable`). The table after it keeps the default horizon and
# rate and changes only the method and the alternative.

# %%
from imt_roi.results import as_jff_2020, jff_method_ratio

print(f"B/C {result.benefit_cost_ratio:.3f}: {imt_roi.terms.terms_text(scenario)}")
print(f"B/C {jff_method_ratio(scenario):.2f}: {imt_roi.terms.terms_text(as_jff_2020(scenario))}")

# %%
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

# %% [markdown]
# ## 5. Change an input, find a break-even or any target ratio

# %%
from imt_roi import break_even, solve_for_ratio

union = with_value(scenario, "wages.starting_wage", 21.24)  # the union average wage (imt-union)
print(f"B/C at the union starting wage: {evaluate(union).benefit_cost_ratio:.3f}")
print(break_even(scenario, "outside_hire.recruiting_cost").message)
print(break_even(scenario, "substitution.relative_productivity_end").message)
# The value of an hour of output enters only the output_value and incremental methods:
jff = preset("imt-jff-2020")
print(solve_for_ratio(jff, "output.value_per_hour", 1.48, 20, 200).message)

# %% [markdown]
# ## 6. Implied assumptions: one free input, two free inputs

# %%
import numpy as np
from imt_roi import implied

print(implied.implied_value(jff, "output.value_per_hour", 0.48, measure="net_roi", low=20, high=200).message)
iso = implied.iso_line(jff, "output.productivity_start", np.linspace(0.5, 1.0, 6),
                       "output.value_per_hour", 1.48, low=20, high=200)
px.line(iso, x="output.productivity_start", y="output.value_per_hour", markers=True,
        title="imt-jff-2020: combinations that give B/C = 1.48").show()
iso

# %%
grid = implied.implied_grid(scenario, "wages.starting_wage", [16.32, 18.50, 21.24],
                            "outside_hire.recruiting_cost", [0, 4000, 8000, 12000])
grid.pivot(index="outside_hire.recruiting_cost", columns="wages.starting_wage", values="benefit_cost_ratio")

# %% [markdown]
# ## 7. Study cases and benchmarks

# %%
from imt_roi import studies

print(studies.case_names())
table = studies.checks_table(studies.reproduce())
table.groupby(["case", "status"]).size().unstack(fill_value=0)

# %%
# The same report `imt-roi reproduce jff-2020-imt-roi` prints:
text, passed = studies.report("jff-2020-imt-roi")
print(text)

# %%
# Like measures only; compare the horizons too (plan_months_after_completion against the study's).
studies.beside_benchmarks(result)[["measure", "study", "benchmark", "plan", "difference", "horizon",
                                   "plan_months_after_completion"]]

# %% [markdown]
# ## 8. Completion from the COWS Table 1 counts, into a scenario

# %%
from imt_roi import equity

print(equity.READINGS)
overrides = equity.completion_overrides("female")
women = preset("imt-default", overrides)
pd.DataFrame({name: pd.Series(evaluate(s).as_dict(), dtype=object)
              for name, s in [("default", scenario), ("female completion", women)]}).loc[
    ["benefit_cost_ratio", "payback_month", "expected_completers", "cost_per_completer",
     "training_cost_per_completer"]]
