"""Scenario files: YAML/JSON round trips, validation with field paths, schema version, atomic save."""

from __future__ import annotations

import json
import os

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from imt_roi import (Cohort, CustomLine, Member, Offset, Scenario, ScenarioError, evaluate, load_scenario, preset,
                     preset_names, save_scenario, scenario_from_dict)
from imt_roi import scenario_io


def rich_scenario() -> Scenario:
    data = preset("imt-five-year").model_dump()
    data.update(
        method="incremental",
        alternative="keep_incumbent",
        cohorts=[Cohort(name="Spring", members=[Member(employer="A", apprentices=6),
                                                Member(employer="B", apprentices=3)]).model_dump(),
                 Cohort(name="Fall", start_month=7, members=[Member(employer="A", apprentices=4)]).model_dump()],
        employers=[{"employer": "B", "set": {"wages.starting_wage": 21.24, "instruction.delivery": "mssc",
                                             "instruction.release_time_paid": False, "program.term_months": 20}}],
        offsets=[Offset(name="WIOA", amount_per_apprentice=1500, cap_per_employer=6000).model_dump()],
        custom_lines=[CustomLine(name="tools", amount=250.5, frequency="yearly", end_month=40).model_dump()],
    )
    data["wages"]["step_raises"] = [{"month": 9, "share": 0.1}]
    return scenario_from_dict(data)


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_round_trip_gives_an_equal_scenario(tmp_path, suffix):
    s = rich_scenario()
    path = save_scenario(s, tmp_path / f"plan{suffix}")
    loaded = load_scenario(path)
    assert loaded == s
    assert evaluate(loaded).npv == evaluate(s).npv


@pytest.mark.parametrize("name", ["imt-default", "imt-union", "imt-non-union", "imt-five-year"])
def test_presets_round_trip(tmp_path, name):
    s = preset(name)
    assert load_scenario(save_scenario(s, tmp_path / "p.json")) == s
    assert load_scenario(save_scenario(s, tmp_path / "p.yaml")) == s


def test_saved_files_parse_as_plain_yaml_and_json(tmp_path):
    s = rich_scenario()
    data_yaml = yaml.safe_load(save_scenario(s, tmp_path / "a.yaml").read_text())
    data_json = json.loads(save_scenario(s, tmp_path / "a.json").read_text())
    assert data_yaml == data_json
    assert data_json["schema_version"] == 5
    assert data_json["employers"][0]["set"]["wages.starting_wage"] == 21.24


def test_a_partial_file_fills_in_the_cited_defaults(tmp_path):
    path = tmp_path / "short.yaml"
    path.write_text("wages:\n  starting_wage: 20\n")
    s = load_scenario(path)
    assert s.wages.starting_wage == 20
    assert s.wages.completion_raise == 0.20
    assert s.apprentices == 10


def test_load_with_overrides(tmp_path):
    path = save_scenario(preset("imt-default"), tmp_path / "s.yaml")
    s = load_scenario(path, {"wages.starting_wage": 21.24, "cohorts.0.members.0.apprentices": 4})
    assert s.wages.starting_wage == 21.24 and s.apprentices == 4


@pytest.mark.parametrize("text, field", [
    ("wages:\n  starting_wag: 20\n", "wages.starting_wag"),
    ("bogus: 1\n", "bogus"),
    ("cohorts:\n  - name: A\n    members:\n      - employer: X\n        apprentices: 3\n        extra: 1\n",
     "cohorts.0.members.0.extra"),
    ("offsets:\n  - name: g\n    amount: 5\n", "offsets.0.amount"),
])
def test_unknown_keys_are_rejected_with_the_field_path(tmp_path, text, field):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.field == field
    assert "unknown key" in err.value.message


@pytest.mark.parametrize("text, field, words", [
    ("wages:\n  starting_wage: 500\n", "wages.starting_wage", "0 to 200"),
    ("program:\n  term_months: 11\n", "program.term_months", "12 to 24"),
    ("retention:\n  completion_rate: 0\n", "retention.completion_rate", "out of range"),
    ("instruction:\n  delivery: online\n", "instruction.delivery", "online"),
    ("wages:\n  step_raises:\n    - month: 3\n      share: 2\n", "wages.step_raises.0.share", "0 to 1"),
])
def test_bad_values_are_rejected_with_the_field_path(tmp_path, text, field, words):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.field == field
    assert words in err.value.message


def test_every_problem_is_listed(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"wages": {"starting_wage": -1, "fringe_rate": "high"}, "nope": 1}))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    fields = {f for f, _ in err.value.problems}
    assert fields == {"wages.starting_wage", "wages.fringe_rate", "nope"}


@pytest.mark.parametrize("version", [6, 0, "1", "two", True])
def test_schema_version_mismatch_is_rejected(tmp_path, version):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"schema_version": version}))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.field == "schema_version"


def test_missing_schema_version_reads_as_the_current_one():
    assert scenario_from_dict({}).schema_version == 5


def test_a_version_1_file_is_read_as_written(tmp_path):
    """Version 1 meant the gross convention, the term only, undiscounted, $50 an hour: those are pinned."""
    path = tmp_path / "old.yaml"
    path.write_text("schema_version: 1\nwages: {starting_wage: 20}\nbenefits: {avoided_hiring_cost: 3000}\n"
                    "employers: [{employer: Sponsor, set: {convention: incremental}}]\n")
    s = load_scenario(path)
    assert s.schema_version == 5 and s.method == "output_value"
    assert s.horizon.months_after_completion == 0 and s.horizon.discount_rate == 0
    assert s.output.value_per_hour == 50.0 and s.wages.starting_wage == 20
    assert s.outside_hire.recruiting_cost == 3000
    assert s.employers[0].set == {"method": "incremental"}
    explicit = tmp_path / "old2.yaml"
    explicit.write_text("schema_version: 1\nconvention: incremental\nhorizon: {months_after_completion: 24}\n")
    s2 = load_scenario(explicit, {"wages.fringe_rate": 0.25})
    assert s2.method == "incremental" and s2.horizon.months_after_completion == 24
    assert s2.horizon.discount_rate == 0 and s2.wages.fringe_rate == 0.25


def test_wrong_suffix_and_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="must end in"):
        load_scenario(tmp_path / "s.txt")
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "missing.yaml")
    with pytest.raises(ScenarioError, match="must end in"):
        save_scenario(preset(), tmp_path / "s.txt")
    assert list(tmp_path.iterdir()) == []


def test_a_file_holding_a_list_is_rejected(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("- 1\n- 2\n")
    with pytest.raises(ScenarioError, match="mapping"):
        load_scenario(path)


def test_an_empty_file_is_the_default_scenario(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("")
    assert load_scenario(path) == Scenario()


# --- atomic save ------------------------------------------------------------------------------------------------

def _existing(tmp_path, suffix=".yaml"):
    path = save_scenario(preset("imt-default"), tmp_path / f"plan{suffix}")
    return path, path.read_bytes()


def test_failed_rename_leaves_the_existing_file_and_no_temp_file(tmp_path, monkeypatch):
    path, before = _existing(tmp_path)

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(scenario_io.os, "replace", boom)
    with pytest.raises(ScenarioError, match="plan.yaml: cannot save: disk full"):
        save_scenario(preset("imt-union"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_failure_while_writing_leaves_the_existing_file_and_no_temp_file(tmp_path, monkeypatch):
    path, before = _existing(tmp_path, ".json")

    def boom(fd):
        raise OSError("I/O error")

    monkeypatch.setattr(scenario_io.os, "fsync", boom)
    with pytest.raises(ScenarioError, match="plan.json: cannot save: I/O error"):
        save_scenario(preset("imt-union"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_failure_while_serialising_leaves_the_existing_file(tmp_path, monkeypatch):
    path, before = _existing(tmp_path)

    def boom(*args, **kwargs):
        raise yaml.YAMLError("cannot represent")

    monkeypatch.setattr(scenario_io.yaml, "dump", boom)
    with pytest.raises(yaml.YAMLError):
        save_scenario(preset("imt-union"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_interrupt_mid_save_cleans_up(tmp_path, monkeypatch):
    path, before = _existing(tmp_path)
    monkeypatch.setattr(scenario_io.os, "replace", lambda s, d: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        save_scenario(preset("imt-union"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_save_replaces_the_file_when_it_succeeds(tmp_path):
    path, before = _existing(tmp_path)
    save_scenario(preset("imt-union"), path)
    assert path.read_bytes() != before
    assert load_scenario(path).wages.starting_wage == 21.24
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_save_in_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    save_scenario(preset("imt-default"), "here.yaml")
    assert load_scenario("here.yaml") == preset("imt-default")
    assert os.listdir(tmp_path) == ["here.yaml"]


def test_preset_names():
    names = preset_names()
    assert {"imt-default", "imt-five-year", "imt-non-union", "imt-union"} <= set(names)
    assert names == sorted(names)
    for name in names:
        preset(name)  # every shipped preset validates


_SAVER = """
import sys
from imt_roi import evaluate, preset, save_scenario
from imt_roi.export import write_workbook
a, b = preset("imt-default"), preset("imt-default", {"name": "B" * 100, "wages.starting_wage": 21.24})
ra, rb = evaluate(a), evaluate(b)
print("ready", flush=True)
i = 0
while True:
    s, r = (a, ra) if i % 2 else (b, rb)
    save_scenario(s, sys.argv[1])
    write_workbook(r, sys.argv[2])
    i += 1
"""


def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_file(tmp_path):
    """SIGKILL a process in the middle of repeated scenario and workbook saves, many times: the files are
    always one complete version (the rename is atomic), never a torn one."""
    import random
    import signal
    import subprocess
    import sys
    import time

    import openpyxl

    yaml_path, xlsx_path = tmp_path / "plan.yaml", tmp_path / "plan.xlsx"
    versions = [preset("imt-default"), preset("imt-default", {"name": "B" * 100, "wages.starting_wage": 21.24})]
    rng = random.Random(7)
    kills = 0
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(yaml_path), str(xlsx_path)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        kills += 1
        if yaml_path.exists():
            assert load_scenario(yaml_path) in versions
        if xlsx_path.exists():
            assert openpyxl.load_workbook(xlsx_path).sheetnames[0] == "Metrics"
    assert kills == 12 and yaml_path.exists() and xlsx_path.exists()


def test_saving_keeps_the_mode_writes_through_a_symlink_and_names_a_missing_folder(tmp_path):
    target = tmp_path / "real.yaml"
    save_scenario(preset("imt-union"), target)
    os.chmod(target, 0o644)
    save_scenario(preset("imt-default"), target)
    assert oct(os.stat(target).st_mode & 0o777) == oct(0o644)
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    save_scenario(preset("imt-union"), link)
    assert link.is_symlink() and load_scenario(target) == preset("imt-union")
    with pytest.raises(ScenarioError) as err:
        save_scenario(preset("imt-union"), tmp_path / "missing" / "plan.yaml")
    assert err.value.field == str(tmp_path / "missing" / "plan.yaml") and "does not exist" in err.value.message
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(ScenarioError, match="is a folder"):
        save_scenario(preset("imt-union"), tmp_path / "folder.yaml")


#: Text a user can type into a name: anything but control characters (refused at validation, tested in
#: tests/test_security.py).
TYPED = st.characters(blacklist_categories=("Cc", "Cs"),
                      blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


@settings(max_examples=60, deadline=None)
@given(st.text(TYPED, max_size=60))
def test_any_text_a_user_can_type_round_trips_exactly(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("rt")
    s = preset("imt-default", {"description": text, "cohorts.0.name": text or "x"})
    for suffix in (".yaml", ".json"):
        assert load_scenario(save_scenario(s, folder / f"s{suffix}")) == s


def test_two_names_that_differ_only_in_a_space_stay_two(tmp_path):
    s = preset("imt-default", {"cohorts": [{"name": "a\u00a0b"}, {"name": "a b"}, {"name": "a\u3000b"}]})
    assert load_scenario(save_scenario(s, tmp_path / "s.yaml")) == s
