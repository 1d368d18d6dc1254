"""Bad input of every field kind: ScenarioError names the field path; the CLI exits 2 with one line, no traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from imt_roi import ScenarioError, preset, scenario_from_dict
from imt_roi.cli import EXIT_BAD_INPUT, main

#: (case id, --set arguments, expected field path, words the message must hold)
BAD_SETS = [
    ("float out of range", ["wages.starting_wage=500"], "wages.starting_wage", "out of range"),
    ("negative float", ["instruction.cost_per_apprentice=-1"], "instruction.cost_per_apprentice", "out of range"),
    ("nan", ["wages.fringe_rate=.nan"], "wages.fringe_rate", "out of range"),
    ("int out of range", ["program.term_months=30"], "program.term_months", "12 to 24"),
    ("int given 2.5", ["program.term_months=2.5"], "program.term_months", "not a whole number"),
    ("text in a number", ["mentor.wage=twenty"], "mentor.wage", "not a number"),
    ("bool in a number", ["output.value_per_hour=true"], "output.value_per_hour", "not a number"),
    ("bool in an int", ["cohorts.0.members.0.apprentices=yes"], "cohorts.0.members.0.apprentices",
     "not a whole number"),
    ("bad choice", ["instruction.delivery=online"], "instruction.delivery", "'college', 'mssc' or 'mix'"),
    ("bad method", ["method=net"], "method", "'substitution', 'output_value' or 'incremental'"),
    ("bad alternative", ["alternative=poach"], "alternative", "'hire_outside' or 'keep_incumbent'"),
    ("version-1 name in a version-2 scenario", ["convention=gross"], "convention", "unknown key"),
    ("bad bool", ["instruction.release_time_paid=maybe"], "instruction.release_time_paid", "boolean"),
    ("list item out of range", ["wages.step_raises.1.share=3"], "wages.step_raises.1.share", "0 to 1"),
    ("list item missing", ["wages.step_raises.4.share=0.1"], "wages.step_raises.4.share", "no such"),
    ("cohort list item", ["cohorts.0.start_month=0"], "cohorts.0.start_month", "out of range"),
    ("unknown key", ["wages.startin_wage=20"], "wages.startin_wage", "unknown key"),
    ("unknown record", ["salary.base=20"], "salary", "unknown key"),
    ("empty text", ["cohorts.0.members.0.employer="], "cohorts.0.members.0.employer", "at least 1 character"),
    ("probability below its minimum", ["retention.completion_rate=0"], "retention.completion_rate", "0.01 to 1"),
]


@pytest.mark.parametrize("case, sets, field, words", BAD_SETS, ids=[c[0] for c in BAD_SETS])
def test_bad_value_names_the_field_in_python(case, sets, field, words):
    from imt_roi.cli import parse_sets
    with pytest.raises(ScenarioError) as err:
        preset("imt-default", parse_sets(sets))
    assert err.value.field == field
    assert words in err.value.message


@pytest.mark.parametrize("case, sets, field, words", BAD_SETS, ids=[c[0] for c in BAD_SETS])
def test_bad_value_exits_2_with_one_line_on_stderr(capsys, case, sets, field, words):
    argv = ["evaluate"] + [x for s in sets for x in ("--set", s)]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"imt-roi: error: {field}: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("data, field", [
    ({"offsets": [{"name": "g", "basis": "graduate"}]}, "offsets.0.basis"),
    ({"offsets": [{"name": "g", "cap_per_employer": False}]}, "offsets.0.cap_per_employer"),
    ({"offsets": [{"name": "", "amount_per_apprentice": 1}]}, "offsets.0.name"),
    ({"custom_lines": [{"frequency": "weekly"}]}, "custom_lines.0.frequency"),
    ({"custom_lines": [{"start_month": 9, "end_month": 3}]}, "custom_lines.0.end_month"),
    ({"custom_lines": [{"amount": "lots"}]}, "custom_lines.0.amount"),
    ({"cohorts": []}, "cohorts"),
    ({"cohorts": [{"name": "A"}, {"name": "A", "start_month": 7}]}, "cohorts.1.name"),
    ({"cohorts": [{"members": [{"employer": "X", "apprentices": -1}]}]}, "cohorts.0.members.0.apprentices"),
    ({"employers": [{"employer": "Nobody"}]}, "employers.0.employer"),
    ({"employers": [{"employer": "Sponsor", "set": {"wages.starting_wage": "x"}}]},
     "employers.0.set.wages.starting_wage"),
    ({"employers": [{"employer": "Sponsor", "set": {"mentor.hourz": 3}}]}, "employers.0.set.mentor.hourz"),
    ({"wages": {"step_raises": "every six months"}}, "wages.step_raises"),
    ({"wages": 18.5}, "wages"),
])
def test_bad_records_and_lists_name_the_field(data, field):
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(data)
    assert err.value.field == field


def test_malformed_yaml_exits_2(capsys, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("wages:\n  starting_wage: [18.5\n")
    assert main(["evaluate", str(path)]) == EXIT_BAD_INPUT
    _, err = capsys.readouterr()
    assert len(err.splitlines()) == 1
    assert err.startswith(f"imt-roi: error: {path}: malformed YAML at line")
    assert "Traceback" not in err


def test_malformed_json_exits_2(capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"wages": {"starting_wage": 18.5,}}')
    assert main(["evaluate", str(path), "--format", "json"]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "malformed JSON at line 1, column" in err


def test_bad_value_in_a_file_names_the_field(capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"wages": {"fringe_rate": 3}}))
    assert main(["evaluate", str(path)]) == EXIT_BAD_INPUT
    _, err = capsys.readouterr()
    assert err.startswith("imt-roi: error: wages.fringe_rate: 3 is out of range: allowed 0 to 1.5")


def test_schema_version_mismatch_exits_2(capsys, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("schema_version: 7\n")
    assert main(["evaluate", str(path)]) == EXIT_BAD_INPUT
    _, err = capsys.readouterr()
    assert err.startswith("imt-roi: error: schema_version: 7 is not supported")


def test_unknown_preset_exits_2(capsys):
    assert main(["evaluate", "--preset", "imt-nowhere"]) == EXIT_BAD_INPUT
    _, err = capsys.readouterr()
    assert len(err.splitlines()) == 1
    assert "unknown preset 'imt-nowhere'" in err and "imt-default" in err


@pytest.mark.parametrize("item", ["wages.starting_wage", "=21", ""])
def test_bad_set_syntax_exits_2(capsys, item):
    assert main(["evaluate", "--set", item]) == EXIT_BAD_INPUT
    _, err = capsys.readouterr()
    assert len(err.splitlines()) == 1
    assert err.startswith("imt-roi: error: --set: ") and "is not PATH=VALUE" in err


def test_file_and_preset_together_exit_2(capsys, tmp_path):
    assert main(["evaluate", str(tmp_path / "x.yaml"), "--preset", "imt-union"]) == EXIT_BAD_INPUT
    _, err = capsys.readouterr()
    assert "not both" in err


def test_missing_file_exits_2(capsys, tmp_path):
    assert main(["evaluate", str(tmp_path / "missing.yaml")]) == EXIT_BAD_INPUT
    _, err = capsys.readouterr()
    assert "cannot read" in err and "Traceback" not in err


@pytest.mark.parametrize("path", ["instruction.delivery", "wages.nope"])
def test_break_even_of_a_non_numeric_or_unknown_input_exits_2(capsys, path):
    assert main(["break-even", path]) == EXIT_BAD_INPUT
    _, err = capsys.readouterr()
    assert err.startswith(f"imt-roi: error: {path}: ")


def test_installed_entry_point_exits_2_without_a_traceback(tmp_path):
    exe = shutil.which("imt-roi", path=str(Path(sys.executable).parent))
    assert exe is not None, "the imt-roi entry point is not installed in this environment"
    proc = subprocess.run([exe, "evaluate", "--set", "program.term_months=2.5"], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip() == ("imt-roi: error: program.term_months: 2.5 is not a whole number "
                                   "[Length of the training term]")
    assert "Traceback" not in proc.stderr
