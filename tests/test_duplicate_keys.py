"""Scenario files refuse a key written twice in one mapping (YAML and JSON, at any depth)."""

from __future__ import annotations

import json
import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imt_roi import ScenarioError, load_scenario
from imt_roi.cli import EXIT_BAD_INPUT, main
from imt_roi.scenario_io import parse_text

MENTOR_TWICE = """\
# a plan with two mentor blocks
mentor:
  wage: 20
wages:
  starting_wage: 19
mentor:
  hours_per_month: 6
"""


def test_yaml_top_level_block_twice_is_refused(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(MENTOR_TWICE)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.field == "mentor"
    assert err.value.message == ("duplicate key (line 6; the first one, at line 2, would be lost): "
                                 "give each key once")


def test_yaml_top_level_block_twice_exits_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "plan.yaml"
    path.write_text(MENTOR_TWICE)
    code = main(["evaluate", str(path)])
    out, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("imt-roi: error: mentor: duplicate key ")
    assert "line 6" in lines[0] and "line 2" in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("text, field, lines", [
    ("wages:\n  fringe_rate: 0.3\n  starting_wage: 19\n  fringe_rate: 0.4\n", "wages.fringe_rate", (4, 2)),
    ("cohorts:\n  - name: A\n    start_month: 1\n    name: B\n", "cohorts.0.name", (4, 2)),
    ("cohorts:\n  - name: A\n  - name: B\n    members:\n      - employer: X\n        employer: Y\n",
     "cohorts.1.members.0.employer", (6, 5)),
    ("wages: {fringe_rate: 0.3, fringe_rate: 0.4}\n", "wages.fringe_rate", (1, 1)),
    ("mentor:\n  wage: 20\n'mentor': {}\n", "mentor", (3, 1)),  # quoting does not make it another key
    ("employers:\n  - employer: A\n    set:\n      wages.starting_wage: 20\n      wages.starting_wage: 21\n",
     "employers.0.set.wages.starting_wage", (5, 4)),
])
def test_yaml_nested_and_list_item_duplicates_name_the_path(text, field, lines):
    with pytest.raises(ScenarioError) as err:
        parse_text(text, "yaml", "f.yaml")
    assert err.value.field == field
    second, first = lines
    assert f"(line {second}; the first one, at line {first}, would be lost)" in err.value.message
    assert "\n" not in str(err.value)


def test_yaml_duplicate_inside_an_anchored_mapping_is_refused():
    text = "base: &b\n  x: 1\n  x: 2\nother:\n  <<: *b\n"
    with pytest.raises(ScenarioError) as err:
        parse_text(text)
    assert err.value.field == "base.x"


@pytest.mark.parametrize("text, field", [
    ('{"mentor": {"wage": 20}, "mentor": {"wage": 30}}', "mentor"),
    ('{"wages": {"fringe_rate": 0.3, "starting_wage": 19, "fringe_rate": 0.4}}', "wages.fringe_rate"),
    ('{"cohorts": [{"name": "A"}, {"name": "B", "start_month": 7, "name": "C"}]}', "cohorts.1.name"),
    ('{"a": [[{}, {"b": {"c": 1, "c": 2}}]]}', "a.0.1.b.c"),
])
def test_json_duplicates_name_the_path(tmp_path, text, field):
    path = tmp_path / "plan.json"
    path.write_text(text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.field == field
    assert err.value.message.startswith("duplicate key")
    assert "\n" not in str(err.value)


def test_json_duplicate_exits_2_with_one_line(tmp_path, capsys):
    path = tmp_path / "plan.json"
    path.write_text('{"mentor": {"wage": 20}, "mentor": {"wage": 30}}')
    assert main(["evaluate", str(path)]) == EXIT_BAD_INPUT
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("imt-roi: error: mentor: duplicate key")


def test_a_merge_key_override_is_not_a_duplicate(tmp_path):
    text = ("common: &common\n  wage: 20\n  hours_per_month: 8\n"
            "x:\n  <<: *common\n  wage: 30\n")
    assert parse_text(text) == {"common": {"wage": 20, "hours_per_month": 8},
                                "x": {"wage": 30, "hours_per_month": 8}}
    path = tmp_path / "plan.yaml"
    path.write_text("wages: &w\n  starting_wage: 19\n  fringe_rate: 0.3\n"
                    "mentor:\n  <<: {wage: 22, hours_per_month: 6}\n  wage: 24\n")
    s = load_scenario(path)
    assert s.mentor.wage == 24 and s.mentor.hours_per_month == 6


def test_merges_of_a_list_and_of_a_merged_mapping_keep_working():
    text = ("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\n"
            "c:\n  <<: [*a, *b]\n  z: 3\n"
            "deep:\n  inner:\n    d: &d\n      <<: *a\n      x: 9\n"
            "e:\n  <<: *d\n  y: 7\n")
    data = parse_text(text)
    assert data["c"] == {"x": 1, "y": 1, "z": 3}
    assert data["deep"]["inner"]["d"] == {"x": 9, "y": 1}
    assert data["e"] == {"x": 9, "y": 7}


def test_anchors_and_aliases_keep_working():
    data = parse_text("steps: &s\n  - {month: 7, share: 0.1}\nwages:\n  step_raises: *s\nagain: *s\n")
    assert data["wages"]["step_raises"] == [{"month": 7, "share": 0.1}]
    assert data["again"] is data["steps"]


@pytest.mark.parametrize("fmt, text, expected", [
    ("yaml", "mentor:\n  wage: 20\nwages:\n  wage: 20\ncohorts:\n  - name: A\n  - name: B\n",
     {"mentor": {"wage": 20}, "wages": {"wage": 20}, "cohorts": [{"name": "A"}, {"name": "B"}]}),
    ("json", '{"mentor": {"wage": 20}, "wages": {"wage": 20}, "cohorts": [{"name": "A"}, {"name": "B"}]}',
     {"mentor": {"wage": 20}, "wages": {"wage": 20}, "cohorts": [{"name": "A"}, {"name": "B"}]}),
    ("yaml", "name: x\nnested:\n  name: y\n  deeper:\n    name: z\n",
     {"name": "x", "nested": {"name": "y", "deeper": {"name": "z"}}}),
])
def test_the_same_key_at_other_levels_or_in_other_items_is_accepted(fmt, text, expected):
    assert parse_text(text, fmt) == expected


def test_existing_behaviour_is_kept():
    assert parse_text("") == {}
    assert parse_text("# only a comment\n") == {}
    assert parse_text("{1: a, 2: b}") == {1: "a", 2: "b"}  # non-string keys pass (pydantic refuses them later)
    with pytest.raises(ScenarioError, match="malformed YAML at line"):
        parse_text("a: [1\n", source="f.yaml")
    with pytest.raises(ScenarioError, match="malformed JSON at line 1"):
        parse_text('{"a": ', "json", source="f.json")
    with pytest.raises(ScenarioError, match="must hold a mapping"):
        parse_text("- 1\n- 2\n", source="f.yaml")
    with pytest.raises(ScenarioError, match="must hold a mapping"):
        parse_text("[1, 2]", "json", source="f.json")


def test_a_huge_duplicate_key_is_cut_in_the_message():
    key = "k" * 5000
    with pytest.raises(ScenarioError) as err:
        parse_text(f"{key}: 1\n{key}: 2\n")
    assert len(str(err.value)) < 200
    with pytest.raises(ScenarioError) as err:
        parse_text(json.dumps({"a": 1}).replace('"a"', f'"{key}"').replace("}", f', "{key}": 2}}'), "json")
    assert len(str(err.value)) < 200


def test_the_global_safe_loader_is_untouched():
    assert yaml.safe_load("a: 1\na: 2\n") == {"a": 2}


# --- properties ---------------------------------------------------------------------------------------------

KEY_CHARS = string.ascii_letters + string.digits + "_- ."
keys = st.text(alphabet=KEY_CHARS, min_size=1, max_size=10)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.text(alphabet=string.printable, max_size=12))
nested = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=20,
)
documents = st.dictionaries(keys, nested, max_size=5)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_unique_keys_round_trip_through_yaml_and_json(data):
    assert parse_text(yaml.safe_dump(data), "yaml") == data
    assert parse_text(json.dumps(data), "json") == data


#: Scalars that safe_dump writes on one line (no line breaks in text).
line_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                         st.floats(allow_nan=False, allow_infinity=False),
                         st.text(alphabet=string.ascii_letters + string.digits + " .,:#'\"-", max_size=12))
flat = st.dictionaries(keys, line_scalars, min_size=1, max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flat, st.data())
def test_a_repeated_key_line_is_always_refused(data, draw):
    key = draw.draw(st.sampled_from(sorted(data)), label="key")
    value = draw.draw(line_scalars, label="value")
    lines = yaml.safe_dump(data, width=10**6).splitlines(keepends=True)
    at = draw.draw(st.integers(0, len(lines)), label="insert at")
    repeated = yaml.safe_dump({key: value}, width=10**6)
    assert len(lines) == len(data) and repeated.count("\n") == 1  # one line per key
    text = "".join(lines[:at]) + repeated + "".join(lines[at:])
    with pytest.raises(ScenarioError) as err:
        parse_text(text, "yaml")
    assert err.value.field == key
    assert err.value.message.startswith("duplicate key (line ")

    pairs = [json.dumps(k) + ": " + json.dumps(v) for k, v in data.items()]
    pairs.insert(at, json.dumps(key) + ": " + json.dumps(value))
    with pytest.raises(ScenarioError) as err:
        parse_text("{" + ", ".join(pairs) + "}", "json")
    assert err.value.field == key


@settings(max_examples=100, deadline=None)
@given(documents, st.lists(keys, min_size=1, max_size=3))
def test_a_repeated_key_deep_in_json_names_its_path(data, path):
    # Wrap a mapping holding a duplicate under the given path of nested objects.
    inner = '{"dup": 1, "other": ' + json.dumps(data) + ', "dup": 2}'
    text = inner
    for part in reversed(path):
        text = "{" + json.dumps(part) + ": " + text + "}"
    with pytest.raises(ScenarioError) as err:
        parse_text(text, "json")
    assert err.value.field == ".".join(path + ["dup"])


# --- merge keys: one rule, whatever the PyYAML version -------------------------------------------------------

def test_nested_merges_resolve_by_the_documented_rule():
    # d merges a and overrides x; e merges d (which resolves to x=9, y=1) and sets y; f merges [e, b]:
    # e wins over b (earlier in the list), f's own key wins over both.
    text = ("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2, w: 2}\n"
            "d: &d\n  <<: *a\n  x: 9\n"
            "e: &e\n  <<: *d\n  y: 7\n"
            "f:\n  <<: [*e, *b]\n  w: 5\n"
            "g:\n  <<: *e\n")
    data = parse_text(text)
    assert data["d"] == {"x": 9, "y": 1}
    assert data["e"] == {"x": 9, "y": 7}
    assert data["f"] == {"x": 9, "y": 7, "z": 2, "w": 5}
    assert data["g"] == data["e"]
    assert data["a"] == {"x": 1, "y": 1}  # merging never changes the merged mapping


def test_a_mapping_that_merges_itself_is_one_line():
    with pytest.raises(ScenarioError, match="merges itself"):
        parse_text("a: &a\n  b: 1\n  <<: *a\n")
    with pytest.raises(ScenarioError, match="expected a mapping or list of mappings for merging"):
        parse_text("a: &a 3\nb:\n  <<: *a\n")


def _resolve(spec: list[tuple[list[int], dict]], index: int) -> dict:
    """The merge rule on plain dicts: merged mappings (earlier in the list wins), then own keys."""
    merges, own = spec[index]
    out: dict = {}
    for source in reversed(merges):
        out.update(_resolve(spec, source))
    out.update(own)
    return out


small_keys = st.sampled_from(["x", "y", "z", "w"])
mapping_specs = st.integers(1, 6).flatmap(lambda n: st.tuples(*[
    st.tuples(st.lists(st.integers(0, i - 1), max_size=3) if i else st.just([]),
              st.dictionaries(small_keys, st.integers(0, 99), max_size=3))
    for i in range(n)]))


@settings(max_examples=200, deadline=None)
@given(mapping_specs)
def test_any_chain_of_merges_resolves_by_the_rule(spec):
    lines = []
    for i, (merges, own) in enumerate(spec):
        lines.append(f"m{i}: &m{i}")
        if merges:
            lines.append("  <<: [" + ", ".join(f"*m{j}" for j in merges) + "]")
        lines.extend(f"  {k}: {v}" for k, v in own.items())
        if not merges and not own:
            lines[-1] += " {}"
    data = parse_text("\n".join(lines) + "\n")
    for i in range(len(spec)):
        assert data[f"m{i}"] == _resolve(list(spec), i)
