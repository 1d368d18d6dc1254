"""Every input named, every misuse explained: keys shown printably, short messages that summarise repeats,
wrong types named by argument, paths checked, unknown keys with the nearest known one."""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imt_roi import ScenarioError, load_scenario, preset, save_scenario, scenario_from_dict
from imt_roi.cli import main
from imt_roi.overrides import set_path
from imt_roi.scenario_io import parse_text, with_value

MESSAGE_MAX = 320  # "about 300 characters": the message, plus a field path and the summary of what is left out


def rejected(data) -> ScenarioError:
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(data)
    assert "\n" not in str(err.value) and len(str(err.value)) <= MESSAGE_MAX + 120
    return err.value


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"]), min_size=1, max_size=6))
def test_a_key_of_characters_that_do_not_print_is_named_escaped(key):
    err = rejected({key: 1})
    assert "?" not in err.field and err.field  # escaped, never replaced
    assert err.field.encode("ascii", "backslashreplace")  # printable text
    assert all(ch.isprintable() for ch in str(err))


@pytest.mark.parametrize("n", [2, 42, 100])
def test_repeated_bad_items_are_one_short_line_and_a_count(n):
    err = rejected({"cohorts": [{"name": f"c{i}", "start_month": "x"} for i in range(n)]})
    assert err.field == "cohorts.0.start_month"
    assert str(err).endswith(f"(and {n - 1} more like it)")
    assert len(str(err)) <= MESSAGE_MAX


def test_other_problems_are_counted_apart_from_those_like_the_first():
    err = rejected({"cohorts": [{"name": "a", "start_month": "x"}, {"name": "b", "start_month": "y"}],
                    "uncertainty": {"ranges": 5}})
    assert err.field == "cohorts.0.start_month"
    assert "(and 1 more like it and 1 other problem)" in str(err)


@pytest.mark.parametrize("data, field, words", [
    ({"schema_version": 1, "employers": float("nan")}, "employers", "must be a list"),
    ({"employers": float("nan")}, "employers", "must be a list"),
    ({"wages": 5}, "wages", "must be a mapping"),
    ({"cohorts": "x"}, "cohorts", "must be a list"),
    ({"cohorts": [5]}, "cohorts.0", "must be a mapping"),
    ({"uncertainty": {"ranges": {"a": 1}}}, "uncertainty.ranges", "must be a list"),
    ({"schema_version": 4, "employers": "x", "outside_hire": 3}, "outside_hire", "must be a mapping"),
])
def test_a_non_mapping_or_non_list_where_one_belongs_is_one_line(data, field, words):
    err = rejected(data)
    assert err.field == field and words in err.message


def test_an_unknown_key_suggests_the_nearest_known_one():
    err = rejected({"mentor": {"hours_per_mnth": 3}})
    assert err.message.startswith("unknown key (did you mean mentor.hours_per_month?)")
    err = rejected({"outside_hire": {"recruting_cost": 3}})
    assert "did you mean outside_hire.recruiting_cost?" in err.message
    err = rejected({"zzzz": 1})
    assert "check its spelling" in err.message


def test_mentor_hours_per_week_is_an_input_not_an_unknown_key():
    assert scenario_from_dict({"mentor": {"hours_per_week": 2}}).mentor.hours_per_month == pytest.approx(26 / 3)


@pytest.mark.parametrize("call, argument", [
    (lambda: preset("imt-default", {None: 1}), "overrides"),
    (lambda: preset("imt-default", "wages.starting_wage=20"), "overrides"),
    (lambda: preset("imt-default", {b"wages.starting_wage": 20}), "overrides"),
    (lambda: preset(None), "name"),
    (lambda: set_path({}, 5, 1), "path"),
    (lambda: with_value(preset(), None, 1), "path"),
    (lambda: save_scenario({"a": 1}, "x.yaml"), "scenario"),
])
def test_the_wrong_type_is_a_type_error_naming_the_argument(call, argument):
    with pytest.raises(TypeError) as err:
        call()
    assert str(err.value).startswith(f"{argument}: expected ")


@pytest.mark.parametrize("path", [None, 3, b"plan.yaml", "", "plan\x00.yaml", pathlib.Path("a\x00b.yaml")])
def test_a_bad_path_is_a_scenario_error_naming_it(tmp_path, path):
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert "\n" not in str(err.value) and "\x00" not in str(err.value)
    with pytest.raises(ScenarioError):
        save_scenario(preset(), path)


def test_an_empty_plan_still_writes_its_csv_header(capsys):
    assert main(["evaluate", "--set", "cohorts.0.members.0.apprentices=0", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "month,cohort,employer,line,kind,category,phase,amount"


def test_yaml_keys_made_of_control_characters_are_named_escaped():
    with pytest.raises(ScenarioError) as err:
        scenario_from_dict(parse_text('"\\x07\\x1b": 1\n'))
    assert err.value.field == "\\x07\\x1b"
