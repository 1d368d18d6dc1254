"""Fuzz: hostile scenario dicts, files and --set pairs give finite figures or one line naming a field, never a
traceback, a hang or a silently wrong figure. CI runs a bounded number of examples; benchmarks/fuzz.py runs
10,000 and prints the count of each outcome."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import (file_bytes, misuse_call, outcome_of_cli, outcome_of_dict, outcome_of_file, outcome_of_misuse,
                     scenario_dict, set_pair, structure_dict)

FUZZ = settings(max_examples=60, deadline=10_000, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.randoms(use_true_random=False))
def test_hostile_scenario_dicts(rng: random.Random):
    assert outcome_of_dict(scenario_dict(rng)) in ("ok", "rejected")


@FUZZ
@given(st.randoms(use_true_random=False))
def test_wrong_shapes_odd_keys_and_repeated_bad_items(rng: random.Random):
    assert outcome_of_dict(structure_dict(rng)) in ("ok", "rejected")


@FUZZ
@given(st.randoms(use_true_random=False))
def test_public_functions_given_the_wrong_type_name_the_argument(rng: random.Random):
    assert outcome_of_misuse(*misuse_call(rng)) in ("ok", "rejected")


@FUZZ
@given(st.randoms(use_true_random=False))
def test_hostile_files(tmp_path, rng: random.Random):
    data, suffix = file_bytes(rng)
    path = tmp_path / f"s{rng.randrange(10 ** 9)}{suffix}"
    path.write_bytes(data)
    assert outcome_of_file(path) in ("ok", "rejected")


@FUZZ
@given(st.randoms(use_true_random=False), st.integers(1, 3))
def test_hostile_set_pairs_on_the_command_line(rng: random.Random, n: int):
    args = ["evaluate", "--format", "json"]
    for _ in range(n):
        args += ["--set", set_pair(rng)]
    assert outcome_of_cli(args) in ("ok", "rejected")


def test_known_hostile_inputs_each_give_one_line(tmp_path):
    """The classes a fuzz run once found, each as a fixed example."""
    cases = {
        "nonutf8.yaml": b"name: \xff", "date.yaml": b"name: 2020-13-45\nprogram: {term_months: 2020-13-45}",
        "int.yaml": b"wages: {fringe_rate: !!int abc}", "bool.yaml": b"wages: {fringe_rate: !!bool abc}",
        "ts.yaml": b"wages: {fringe_rate: !!timestamp abc}", "deep.json": b"[" * 5000 + b"]" * 5000,
        "deep.yaml": b"a: " + b"[" * 500 + b"]" * 500, "huge.json": b'{"program": {"term_months": 1' + b"0" * 4400
        + b"}}", "bomb.yaml": (__import__("fuzzing").ALIAS_BOMB).encode(),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert outcome_of_file(path) == "rejected", name
    fifo = tmp_path / "x.yaml"
    __import__("os").mkfifo(fifo)
    assert outcome_of_file(fifo) == "rejected"  # not opened: a FIFO would block for ever
    for args in (["--set", "-1=5"], ["--set", "name=a\nb"], ["--set", "a\nb=1"],
                 ["--set", "employers=[{employer: Sponsor, set: {wages.starting_wage: [1]}}]"],
                 ["--set", "wages.step_raises=[{month: .inf, share: 0.1}, {month: 1, share: 0.1}]"]):
        assert outcome_of_cli(["evaluate", *args]) in ("rejected", "ok"), args
    assert outcome_of_cli(["break-even", "output.value_per_hour", "--low", "nan"]) == "rejected"
    assert outcome_of_cli(["break-even", "output.value_per_hour", "--high", "inf"]) == "rejected"
