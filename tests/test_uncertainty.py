"""Ranges as data, the batched engine, Monte Carlo spread, tornado and scenario sets."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imt_roi import ScenarioError, evaluate, load_scenario, preset, save_scenario, scenario_from_dict
from imt_roi.batch import evaluate_batch
from imt_roi.scenario_io import with_value
from imt_roi.cli import main
from imt_roi.fields import iter_params
from imt_roi.ranges import CORRELATIONS, DEFAULT_RANGES, Range
from imt_roi.uncertainty import PERCENTILES, active_ranges, draw_inputs, scenario_sets, simulate, tornado
from core_helpers import ROUNDING, USD_ROUNDING

BATCH_FIELDS = ("total_costs", "total_benefits", "benefit_cost_ratio", "net_roi", "net_benefit",
                "net_cash_undiscounted", "npv", "payback_month", "peak_outlay", "peak_outlay_month",
                "net_cost_during_term", "cost_per_completer", "training_cost_per_completer", "expected_completers")


def with_values(scenario, values: dict):
    for path, value in values.items():
        scenario = with_value(scenario, path, value)
    return scenario


def assert_batch_matches_evaluate(scenario, samples, rows, employer=None):
    batch = evaluate_batch(scenario, samples, employer=employer)
    for i in rows:
        one = with_values(scenario, {p: float(v[i]) for p, v in samples.items()})
        result = evaluate(one)
        m = result.metrics if employer is None else result.by_employer().loc[employer]
        for name in BATCH_FIELDS:
            expected = m[name] if employer is not None else getattr(m, name)
            got = getattr(batch, name)[i]
            if expected is None or (isinstance(expected, float) and np.isnan(expected)):
                assert np.isnan(got), (name, i)
            else:
                assert got == pytest.approx(float(expected), rel=ROUNDING, abs=USD_ROUNDING), (name, i)


# --- the batched engine equals evaluate ---------------------------------------------------------------------

def test_200_random_draws_equal_evaluate_of_the_same_inputs():
    s = preset("imt-default")
    samples = draw_inputs(s, 200, seed=7)
    assert len(samples) >= 17  # the shipped ranges that matter under substitution and an outside hire
    assert {"wages.technician_wage", "outside_hire.share_filling_outside_posts", "outside_hire.vacancy_cost_share",
            "retention.completion_separation_share", "outside_hire.separation_rate"} <= set(samples)
    assert_batch_matches_evaluate(s, samples, range(200))


def test_a_drawn_completers_wage_and_the_mixed_alternative_equal_evaluate():
    s = preset("imt-default", {"wages.completer_wage": 27.0, "benefits.backfill_vacated_post": True})
    rng = np.random.default_rng(5)
    samples = {"wages.completer_wage": rng.uniform(20, 35, 12), "wages.technician_wage": rng.uniform(20, 40, 12),
               "outside_hire.share_filling_outside_posts": rng.uniform(0, 1, 12),
               "retention.completion_separation_share": rng.uniform(0, 0.5, 12)}
    assert_batch_matches_evaluate(s, samples, range(12))


@pytest.mark.parametrize("name, overrides", [
    ("imt-jff-2020", {}),
    ("imt-five-year", {}),  # today's dollars
    ("imt-default", {"alternative": "keep_incumbent", "method": "incremental"}),
    ("imt-partnership", {"offsets": [{"name": "grant", "amount_per_apprentice": 3000, "cap_per_employer": 9000},
                                     {"name": "credit", "basis": "completer", "amount_per_apprentice": 1000}]}),
    ("imt-partnership", {"offsets": [{"name": "OJT", "kind": "wage_reimbursement", "share_of_wages": 0.5,
                                      "wage_months": 6, "cap_per_apprentice": 5000, "cap_per_employer": 30000},
                                     {"name": "state credit", "kind": "tax_credit", "basis": "present",
                                      "month": 12, "times": 2, "amount_per_apprentice": 1000}]}),
])
def test_batch_equals_evaluate_across_methods_plans_and_caps(name, overrides):
    s = preset(name, overrides)
    rng = np.random.default_rng(3)
    samples = {"retention.completion_rate": rng.uniform(0.3, 1.0, 12), "wages.fringe_rate": rng.uniform(0, 0.5, 12),
               "mentor.hours_per_month": rng.uniform(0, 30, 12), "output.value_per_hour": rng.uniform(20, 90, 12)}
    assert_batch_matches_evaluate(s, samples, range(12))


def test_an_employers_own_override_wins_over_the_draws_and_firms_add_up():
    data = preset("imt-partnership").model_dump()
    data["employers"] = [{"employer": "Firm B", "set": {"retention.completion_rate": 0.5}}]
    s = scenario_from_dict(data)
    samples = {"retention.completion_rate": np.array([0.6, 0.9]), "wages.fringe_rate": np.array([0.2, 0.4])}
    for firm in ("Firm A", "Firm B"):
        assert_batch_matches_evaluate(s, samples, range(2), employer=firm)
    whole = evaluate_batch(s, samples)
    parts = [evaluate_batch(s, samples, employer=f) for f in ("Firm A", "Firm B", "Firm C", "Firm D")]
    np.testing.assert_allclose(sum(p.total_costs for p in parts), whole.total_costs, rtol=1e-12)


# --- Monte Carlo --------------------------------------------------------------------------------------------

def test_the_same_seed_gives_identical_numbers_and_another_seed_does_not():
    s = preset("imt-default")
    a, b, c = simulate(s, 500, seed=11), simulate(s, 500, seed=11), simulate(s, 500, seed=12)
    assert a.as_dict() == b.as_dict()
    assert a.percentiles != c.percentiles


def test_percentiles_are_ordered_and_probabilities_are_the_share_of_draws():
    spread = simulate(preset("imt-default"), 2000, seed=1)
    for key, row in spread.percentiles.items():
        values = [row[f"p{p}"] for p in PERCENTILES]
        finite = [v for v in values if v is not None]
        assert finite == sorted(finite), key
        assert values[:len(finite)] == finite, key  # "none" (never pays back) only at the top
    bcr = spread.metrics.benefit_cost_ratio
    assert spread.prob_bcr_at_least_1 == pytest.approx(np.mean(bcr >= 1))
    assert spread.prob_npv_nonnegative == pytest.approx(np.mean(spread.metrics.npv >= 0))
    assert spread.percentiles["benefit_cost_ratio"]["p50"] == pytest.approx(np.median(bcr))
    assert 0 < spread.prob_bcr_at_least_1 < 1  # the default is close to break-even: the answer is uncertain
    # the fan: cumulative net per month, P5 <= P50 <= P95 every month
    fan = spread.fan
    assert list(fan.columns) == ["p5", "p25", "p50", "p75", "p95"] and len(fan) == 78
    assert (fan["p5"] <= fan["p50"]).all() and (fan["p50"] <= fan["p95"]).all()


def test_drivers_are_sorted_and_name_the_inputs_the_tornado_ranks_first():
    spread = simulate(preset("imt-default"), 3000, seed=2)
    rho = [abs(d["rank_correlation"]) for d in spread.drivers]
    assert rho == sorted(rho, reverse=True)
    top3 = {d["path"] for d in spread.drivers[:3]}
    assert spread.tornado[0].path in top3


def test_tornado_uses_each_inputs_own_range_and_is_sorted_by_swing():
    s = preset("imt-default")
    bars = tornado(s)
    swings = [b.swing for b in bars]
    assert swings == sorted(swings, reverse=True)
    ranges = {r.path: r for r in DEFAULT_RANGES}
    likely = {a.path: a.range.likely_value(a.point) for a in active_ranges(s)[0]}
    for bar in bars[:3]:
        assert (bar.low_value, bar.high_value) == ranges[bar.path].bounds  # never +-10%
        at_low = evaluate(with_values(s, {**likely, bar.path: bar.low_value})).benefit_cost_ratio
        assert bar.at_low == pytest.approx(at_low, rel=ROUNDING)
    # a completion rate range is the two readings of the Wisconsin counts, not 0.69 to 0.84
    completion = next(b for b in bars if b.path == "retention.completion_rate")
    assert (completion.low_value, completion.high_value) == (0.7667, 0.8871)


def test_an_input_the_user_set_keeps_the_shipped_spread_around_their_value_unless_marked_exact():
    moved = preset("imt-default", {"substitution.relative_productivity_end": 0.85})
    active, held = active_ranges(moved)
    (r,) = [a for a in active if a.path == "substitution.relative_productivity_end"]
    assert r.origin == "shipped, moved" and r.range.bounds == pytest.approx((0.75, 0.95))
    assert r.range.likely_value(0.85) == 0.85 and held == []
    # moved against a bound of the input's valid range, it is cut there and keeps the user's value inside
    wage = preset("imt-default", {"wages.technician_wage": 2.0})
    (w,) = [a for a in active_ranges(wage)[0] if a.path == "wages.technician_wage"]
    assert w.range.bounds == pytest.approx((0.0, 7.0))
    # a uniform range moves by its midpoint: a completion rate of 0.6 is drawn around 0.6, not above it
    low_completion = preset("imt-default", {"retention.completion_rate": 0.6})
    (c,) = [a for a in active_ranges(low_completion)[0] if a.path == "retention.completion_rate"]
    lo, hi = c.range.bounds
    assert c.range.kind == "uniform" and (lo + hi) / 2 == pytest.approx(0.6) and hi - lo == pytest.approx(0.1204)
    exact = preset("imt-default", {"substitution.relative_productivity_end": 0.85,
                                   "uncertainty.exact": ["substitution.relative_productivity_end"]})
    active, held = active_ranges(exact)
    assert "substitution.relative_productivity_end" not in {a.path for a in active}
    assert [(h.path, h.why) for h in held] == [("substitution.relative_productivity_end", "marked exact")]
    own = preset("imt-default", {"substitution.relative_productivity_end": 0.8, "uncertainty.ranges": [
        {"path": "substitution.relative_productivity_end", "kind": "uniform", "low": 0.7, "high": 0.9}]})
    active, held = active_ranges(own)
    assert any(a.path == "substitution.relative_productivity_end" and a.origin == "scenario" for a in active)
    draws = draw_inputs(own, 1000, 1)["substitution.relative_productivity_end"]
    assert draws.min() >= 0.7 and draws.max() <= 0.9


def test_an_exact_path_that_is_no_input_is_named():
    with pytest.raises(ScenarioError) as err:
        preset("imt-default", {"uncertainty.exact": ["wages.nope"]})
    assert err.value.field == "uncertainty.exact.0"


def test_inputs_that_move_together_are_drawn_with_their_rank_correlation():
    draws = draw_inputs(preset("imt-default"), 20000, 3)
    for c in CORRELATIONS:
        rho = pd.Series(draws[c.first]).rank().corr(pd.Series(draws[c.second]).rank())  # Spearman
        assert rho == pytest.approx(c.rho, abs=0.03), c
    # each input keeps its own draws: the reordering only pairs them differently
    assert draws["outside_hire.recruiting_cost"].min() >= 1500 and draws["outside_hire.recruiting_cost"].max() <= 6500


def test_the_headline_is_the_centre_of_its_own_uncertainty():
    s = preset("imt-default")
    spread = simulate(s, draws=4000, with_tornado=False)
    assert abs(evaluate(s).benefit_cost_ratio - spread.percentiles["benefit_cost_ratio"]["p50"]) <= 0.03
    for r in DEFAULT_RANGES:  # every shipped default is its range's most likely value and midpoint
        lo, hi = r.bounds
        default = {p.path: p.value for p in iter_params(s)}[r.path]
        assert r.likely_value(default) == pytest.approx(default) and (lo + hi) / 2 == pytest.approx(default)


def test_ranges_follow_the_method_only_inputs_that_matter_are_drawn():
    subst = {a.path for a in active_ranges(preset("imt-default"))[0]}
    jff = {a.path for a in active_ranges(preset("imt-jff-2020"))[0]}
    assert "output.value_per_hour" not in subst and "substitution.relative_productivity_end" in subst
    assert "output.value_per_hour" in jff and not any(p.startswith(("outside_hire", "substitution")) for p in jff)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["triangular", "uniform", "normal", "beta", "choice"]), st.floats(0.05, 0.45),
       st.floats(0.5, 0.95), st.integers(0, 2 ** 32))
def test_every_kind_of_range_draws_inside_its_bounds(kind, low, high, seed):
    mid = (low + high) / 2
    spec = {"triangular": {"low": low, "high": high, "likely": mid}, "uniform": {"low": low, "high": high},
            "normal": {"mean": mid, "sd": (high - low) / 2, "low": low, "high": high},
            "beta": {"mean": mid, "sd": (high - low) / 10, "low": low, "high": high},
            "choice": {"values": [low, mid, high], "weights": [1, 2, 1]}}[kind]
    r = Range(path="wages.fringe_rate", kind=kind, **spec)
    draws = r.sample(np.random.default_rng(seed), 500, mid)
    assert len(draws) == 500 and draws.min() >= low - 1e-12 and draws.max() <= high + 1e-12


# --- bad ranges, files, sets -------------------------------------------------------------------------------

@pytest.mark.parametrize("bad, field, words", [
    ({"path": "wages.fringe_rate", "kind": "triangular", "low": 0.4, "high": 0.2}, "uncertainty.ranges.0.high",
     "below low"),
    ({"path": "wages.fringe_rate", "kind": "uniform", "low": 0.1, "high": 2.0}, "uncertainty.ranges.0.high",
     "outside the valid range of wages.fringe_rate"),
    ({"path": "wages.fringe_rat", "kind": "uniform", "low": 0.1, "high": 0.2}, "uncertainty.ranges.0.path",
     "not an input"),
    ({"path": "horizon.discount_rate", "kind": "uniform", "low": 0.01, "high": 0.2}, "uncertainty.ranges.0.path",
     "whole plan"),
    ({"path": "wages.fringe_rate", "kind": "triangular", "low": 0.1}, "uncertainty.ranges.0.high", "needs low"),
    ({"path": "wages.fringe_rate", "kind": "choice", "values": [0.2, 0.3], "weights": [1]},
     "uncertainty.ranges.0.weights", "2 values"),
    ({"path": "wages.fringe_rate", "kind": "beta", "mean": 0.3, "sd": 0.5}, "uncertainty.ranges.0.sd",
     "too wide"),
    ({"path": "wages.fringe_rate", "kind": "triangular", "low": 0.1, "likely": 0.9, "high": 0.5},
     "uncertainty.ranges.0.likely", "outside low..high"),
])
def test_a_bad_range_is_rejected_naming_its_field(bad, field, words):
    with pytest.raises(ScenarioError) as err:
        preset("imt-default", {"uncertainty.ranges": [bad]})
    assert err.value.field == field
    assert words in err.value.message


def test_a_bad_range_in_a_file_exits_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text("schema_version: 3\nuncertainty:\n  ranges:\n"
                    "    - {path: mentor.hours_per_month, kind: triangular, low: 10, high: 5}\n")
    assert main(["uncertainty", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["imt-roi: error: uncertainty.ranges.0.high: 5 is below low (10) [Highest value (triangular, "
                   "uniform; bound of normal and beta)]"]


def test_a_version_2_file_still_loads_and_ranges_round_trip(tmp_path):
    old = tmp_path / "v2.yaml"
    old.write_text("schema_version: 2\nwages: {starting_wage: 20}\n")
    s = load_scenario(old)
    assert s.schema_version == 5 and s.uncertainty.use_default_ranges
    # coordination as version 2 and 3 charged it: $300 per cohort-month, nothing per apprentice
    assert s.administration.staff_cost_per_cohort_month == 300
    assert s.administration.staff_cost_per_apprentice_month == 0
    mine = preset("imt-default", {"uncertainty.ranges": [{"path": "wages.fringe_rate", "kind": "choice",
                                                           "values": [0.25, 0.35], "reason": "our two plants"}],
                                  "uncertainty.sets": [{"name": "tight labour market",
                                                        "set": {"outside_hire.vacancy_months": 4}}]})
    path = save_scenario(mine, tmp_path / "mine.yaml")
    assert load_scenario(path) == mine
    assert yaml.safe_load(path.read_text())["uncertainty"]["ranges"][0]["reason"] == "our two plants"


def test_scenario_sets_low_medium_high_and_the_users_own():
    s = preset("imt-default", {"uncertainty.sets": [{"name": "tight labour market",
                                                      "set": {"outside_hire.vacancy_months": 4}}]})
    table = scenario_sets(s)
    assert list(table.index) == ["low productivity", "medium productivity", "high productivity",
                                 "tight labour market"]
    assert table.loc["medium productivity", "benefit_cost_ratio"] == pytest.approx(evaluate(s).benefit_cost_ratio)
    low, high = table.loc["low productivity", "benefit_cost_ratio"], table.loc["high productivity",
                                                                               "benefit_cost_ratio"]
    assert low < table.loc["medium productivity", "benefit_cost_ratio"] < high
    tight = evaluate(with_value(s, "outside_hire.vacancy_months", 4.0)).benefit_cost_ratio
    assert table.loc["tight labour market", "benefit_cost_ratio"] == pytest.approx(tight)
    with pytest.raises(ScenarioError) as err:
        preset("imt-default", {"uncertainty.sets": [{"name": "x", "set": {"wages.fringe_rate": 9}}]})
    assert err.value.field == "uncertainty.sets.0.set.wages.fringe_rate"


# --- the command line ------------------------------------------------------------------------------------------

def test_uncertainty_json_has_the_documented_keys(capsys):
    assert main(["uncertainty", "--draws", "800", "--seed", "5", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"draws", "seed", "percentiles", "prob_bcr_at_least_1", "prob_npv_nonnegative", "tornado",
            "drivers"} <= set(data)
    assert data["draws"] == 800 and data["seed"] == 5
    assert set(data["percentiles"]) == {"benefit_cost_ratio", "net_roi", "npv", "peak_outlay", "payback_month"}
    assert set(data["percentiles"]["npv"]) == {"p5", "p25", "p50", "p75", "p95"}
    assert set(data["tornado"][0]) == {"path", "label", "low_value", "high_value", "at_low", "at_high"}
    again = simulate(preset("imt-default"), 800, 5).as_dict()
    assert data["percentiles"] == json.loads(json.dumps(again["percentiles"]))


@pytest.mark.parametrize("args, field", [(["--draws", "abc"], "--draws"), (["--draws", "0"], "draws"),
                                         (["--seed", "-1"], "seed"), (["--set", "wages.fringe_rate=9"],
                                                                      "wages.fringe_rate")])
def test_uncertainty_bad_input_exits_2_naming_the_field(capsys, args, field):
    assert main(["uncertainty", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"imt-roi: error: {field}: ")
