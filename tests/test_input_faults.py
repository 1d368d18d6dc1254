"""Input faults a hostile-input run found (issue 27, point 7), each generated rather than written as one example:
a Decimal that is no number anywhere in a scenario, a bad or empty path in an employer's ``set`` block, a file
name longer than file systems allow, a document over the size limit. Each is one line naming the field."""

from __future__ import annotations

import warnings
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imt_roi import ScenarioError, preset, save_scenario, scenario_from_dict
from imt_roi.overrides import set_path
from imt_roi.reading import MAX_NODES

from fuzzing import PATHS

QUICK = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])
NOT_NUMBERS = st.sampled_from([Decimal("sNaN"), Decimal("-sNaN"), Decimal("NaN"), Decimal("Infinity"),
                               Decimal("-Infinity")])


def _validate(data: dict) -> ScenarioError | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            scenario_from_dict(data)
        except ScenarioError as exc:
            return exc
    return None


@QUICK
@given(path=st.sampled_from([p for p in PATHS if p]), value=NOT_NUMBERS)
def test_a_decimal_that_is_no_number_is_named_at_its_place(path, value):
    data = preset("imt-default").model_dump(mode="json")
    try:
        set_path(data, path, value)
    except ScenarioError:
        return  # a path into a list the default leaves empty
    error = _validate(data)
    assert error is not None and "\n" not in str(error)
    assert error.field == path and "is not a number" in error.message


@QUICK
@given(value=NOT_NUMBERS, version=st.booleans())
def test_a_decimal_schema_version_or_credited_hours_is_one_line(value, version):
    data = {"schema_version": value} if version else {"schema_version": 4, "program": {"rti_hours": value}}
    error = _validate(data)
    assert error is not None and error.field in ("schema_version", "program.rti_hours")


KEY_PARTS = st.sampled_from(["", "wages", "starting_wage", "step_raises", "0", "7", "nope", "x", " ", "é"])


@QUICK
@given(parts=st.lists(KEY_PARTS, min_size=1, max_size=4), value=st.one_of(st.integers(-5, 50), st.text(max_size=5)))
def test_a_bad_path_in_an_employer_set_block_points_into_that_block(parts, value):
    key = ".".join(parts)
    data = {"cohorts": [{"name": "C", "members": [{"employer": "A", "apprentices": 2},
                                                  {"employer": "B", "apprentices": 1}]}],
            "employers": [{"employer": "A", "set": {}}, {"employer": "B", "set": {key: value}}]}
    error = _validate(data)
    if error is None:
        return  # a valid override (wages.starting_wage: 18)
    assert "\n" not in str(error)
    assert error.field.startswith("employers.1.set."), str(error)
    assert "(scenario)" not in error.field
    if "" in parts:
        assert "empty" in error.message


@QUICK
@given(length=st.integers(1, 700), letter=st.sampled_from(["a", "é", "字"]))
def test_saving_under_any_length_of_name_is_saved_or_one_line(tmp_path, length, letter):
    path = tmp_path / (letter * length + ".yaml")
    try:
        saved = save_scenario(preset("imt-default"), path)
    except ScenarioError as exc:
        assert len(path.name.encode()) > 255 and "\n" not in str(exc) and "255" in exc.message
    else:
        assert saved.exists() and len(path.name.encode()) <= 255


@pytest.mark.parametrize("where", ["cohorts", "employers", "custom_lines", "x"])
def test_the_size_refusal_names_the_document_as_every_other_message_does(where):
    error = _validate({where: list(range(MAX_NODES + 1))})
    assert error is not None and error.field == "(scenario)" and "too large" in error.message
