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
# # Equity and completion: the COWS brief's Tables 1 and 2
#
# Table 1 counts Wisconsin IMT registrants by outcome (journey card, still
# training, left) and group; Table 2 compares 2016 IMT apprentices with all
# industrial apprentices in the state. We recompute every percentage in both
# tables and every figure in the brief's text from the counts, and turn Table 1
# into completion rates a scenario can use. The brief and the other documents the
# toolkit cites are listed in `docs/sources.md`.

# %%
import plotly.express as px

from imt_roi import equity, evaluate, preset

meta = equity.brief()
print(meta["source"]["publisher"], "-", meta["source"]["title"])
print(meta["tables"]["table1"]["title"], "|", meta["tables"]["table1"]["source"])
equity.table1_counts()

# %%
t1 = equity.table1()
outcomes = t1[t1.outcome != "enrolled"]
px.bar(outcomes, x="group", y="count", color="outcome", barmode="stack",
       title="Table 1: outcomes by group (counts)").show()

# %% [markdown]
# ## Every printed percentage, recomputed
#
# A printed figure matches when the exact percentage, rounded half up to the
# printed decimals, equals it. Exact halves (12.5%, 37.5%) are flagged: they
# match only under half-up rounding.

# %%
import pandas as pd
checks = pd.DataFrame([{"where": c.where, "id": c.id, "published": c.published, "reproduced": c.reproduced,
                        "difference": c.difference, "matches": c.matches, "exact half": c.tie}
                       for c in equity.check_all() if c.kind == "percent"])
fig = px.scatter(checks, x="published", y="difference", color="where", symbol="matches", hover_name="id",
                 title="Reproduced minus printed percentage (points); |difference| <= 0.5 is rounding")
fig.add_hrect(y0=-0.5, y1=0.5, fillcolor="lightgray", opacity=0.3, line_width=0)
fig.show()
checks

# %% [markdown]
# ## The figures that do not follow from the counts

# %%
equity.mismatch_table()

# %%
# Under round-half-to-even, the African American "left" share (3 / 24 = 12.5%) would print as 12, not 13.
equity.mismatch_table("half_even")

# %%
equity.rows_not_summing_to_100()

# %% [markdown]
# ## Table 2: who the IMT enrols compared with other industrial apprenticeships

# %%
t2 = equity.table2()
shares = t2[t2.variable.isin(["women", "people_of_color"])].copy()
size = t2[t2.variable == "apprentices"].set_index("program")["value"]
shares["percent"] = 100 * shares["value"] / shares["program"].map(size)
px.bar(shares, x="program", y="percent", color="variable", barmode="group",
       title="Women and people of color, percent of each program's 2016 apprentices").show()

# %% [markdown]
# ## Completion rates by group: two readings
#
# `finished_or_left` = completed / (completed + left), the model's default;
# `not_left` = 1 - left / enrolled, counting everyone still training as a
# completer (an upper bound). Groups are small: the Hispanic row has five
# known outcomes.

# %%
rates = pd.concat({reading: equity.completion_rates(reading)["completion_rate"] for reading in equity.READINGS},
                  axis=1)
rates["known outcomes"] = equity.completion_rates()["finished_or_left"]
long = rates.drop(columns="known outcomes").reset_index().melt(id_vars="group", var_name="reading",
                                                                value_name="completion_rate")
px.bar(long, x="group", y="completion_rate", color="reading", barmode="group",
       title="Completion rate by group under each reading of Table 1").show()
rates

# %% [markdown]
# ## A cohort's completion rate from its make-up
#
# Weighted by the cohort's counts, within one partition (race, race detail,
# sex or felony conviction: groups of different partitions overlap). The result
# goes into `retention.completion_rate`. The default scenario (its terms are
# printed below) counts the months after completion: a leaver's costs are sunk
# and the leaver brings none of the returns after completion, so the make-up
# moves the return and the payback month as well as the cost per completer
# (`docs/model.md`, "Dropouts and completion").

# %%
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
