"""The dashboard apps without a browser: a failing callback shows a message and keeps the last good figures."""

from __future__ import annotations

import pytest
from IPython.utils.capture import capture_output

from imt_roi import evaluate, preset
from imt_roi.ui import IntermediaryPitch, SponsorPlanner
from imt_roi.ui import planner as planner_module


@pytest.fixture
def app():
    with capture_output():
        yield SponsorPlanner()


def test_an_internal_error_in_a_callback_is_shown_not_swallowed(app, monkeypatch):
    before = app.headline.value
    assert 'data-kind="ok"' in app.status.text

    def broken(_scenario):
        raise RuntimeError("engine unavailable")

    monkeypatch.setattr(planner_module, "evaluate", broken)
    app.forms["A"].fields["wages.starting_wage"].widget.value = "20"
    assert 'data-kind="error"' in app.status.text
    assert "RuntimeError: engine unavailable" in app.status.text
    assert "Traceback" not in app.status.text
    assert app.headline.value == before  # the last good result stays
    assert app.forms["A"].fields["wages.starting_wage"].widget.value == "20"  # and what was typed


def test_adding_a_cohort_keeps_text_typed_elsewhere_in_the_list(app):
    cohorts = app.forms["A"].lists["cohorts"]
    cohorts.inputs[0][3].widget.value = "abc"  # apprentices of cohort 1, not a number
    assert "cohorts.0.members.0.apprentices" in app.status.text
    cohorts.add_button.click()
    assert cohorts.inputs[0][3].widget.value == "abc"
    assert len(cohorts.inputs) == 2
    cohorts.inputs[0][3].widget.value = "10"
    assert 'data-kind="ok"' in app.status.text
    assert app.results["A"].scenario.apprentices == 20


def test_the_pitch_starts_from_the_partnership_preset():
    with capture_output():
        pitch = IntermediaryPitch()
    expected = evaluate(preset("imt-partnership"))
    assert pitch.result.metrics == expected.metrics
    assert [b.value for b in pitch.matrix.firm_boxes] == ["Firm A", "Firm B", "Firm C", "Firm D"]


def test_mentor_hours_per_week_are_stored_per_month_and_the_charge_is_shown():
    from imt_roi import preset
    from imt_roi.schedule import WEEKS_PER_MONTH
    from imt_roi.ui.inputs import ScenarioForm

    form = ScenarioForm(preset("imt-default"), lambda: None)
    mentor = form.fields["mentor.hours_per_month"]
    mentor.unit.value = "per week"
    assert mentor.parsed() == (8, None)          # switching the unit never changes the value
    mentor.widget.value = "2"
    data, problems = form.collect()
    assert problems == [] and data["mentor"]["hours_per_month"] == pytest.approx(2 * WEEKS_PER_MONTH)
    form.update_sources(preset("imt-default", {"mentor.hours_per_month": 2 * WEEKS_PER_MONTH}))
    assert "50% charged (1 - productive share)" in mentor.charge.value
    assert "$32.50/h loaded" in mentor.charge.value
    assert "$140.83 a month" in mentor.charge.value   # 8.67 h x 0.5 x $32.50
    mentor.widget.value = "two"
    assert form.collect()[1][0][0] == "mentor.hours_per_month"


def test_the_horizon_reads_in_years_and_is_stored_in_months():
    from imt_roi import preset
    from imt_roi.ui.inputs import ScenarioForm

    form = ScenarioForm(preset("imt-default", {"horizon.months_after_completion": 7}), lambda: None)
    years = form.fields["horizon.months_after_completion"]
    assert years.widget.value == pytest.approx(7 / 12)
    assert years.note() == "7 months after completion; 25 months in all with the term"
    years.widget.value = 3.0
    assert form.collect()[0]["horizon"]["months_after_completion"] == 36


def test_an_older_file_loads_and_the_status_line_says_what_was_upgraded(app):
    content = b"schema_version: 4\noutside_hire:\n  wage_premium: 0.1\n"
    app.load_upload([{"name": "old.yaml", "content": memoryview(content)}])
    assert 'data-kind="ok"' in app.status.text
    assert "old.yaml loaded into scenario A. Note: schema_version 4 read as 5" in app.status.text
    assert "wages.technician_wage" in app.status.text
    assert app.results["A"].scenario.wages.technician_wage == pytest.approx(24.975 * 1.1)


def test_a_funding_programme_is_ticked_in_filled_in_and_counted(app):
    form = app.forms["A"]
    offsets = form.lists["offsets"]
    before = app.results["A"].metrics.npv
    form.funding_picker.add("wioa_ojt")
    assert "To fill in: the months of your OJT contract" in form.funding_picker.note.value
    assert [r["kind"] for r in offsets.rows] == ["wage_reimbursement"]
    assert app.results["A"].metrics.npv == pytest.approx(before)  # no months yet: nothing invented
    months = offsets.inputs[0][offsets.fields.index("wage_months")]
    months.widget.value = "6"
    assert 'data-kind="ok"' in app.status.text
    ojt = preset("imt-default", {"offsets": [{"name": "WIOA on-the-job training", "kind": "wage_reimbursement",
                                              "share_of_wages": 0.5, "wage_months": 6}]})
    assert app.results["A"].metrics.npv == pytest.approx(evaluate(ojt).metrics.npv)
    assert app.results["A"].metrics.npv > before
    form.funding_picker.add("")
    assert "Choose a programme first" in form.funding_picker.note.value


def test_all_assumptions_are_built_when_their_section_opens_and_count_before_that(app):
    form = app.forms["A"]
    assert "wages.fringe_rate" not in form.fields  # the first screen does not wait for the collapsed sections
    loaded = preset("imt-default", {"wages.fringe_rate": 0.4, "wages.starting_wage": 21.0})
    form.load(loaded)
    data, problems = form.collect()
    assert problems == [] and data["wages"]["fringe_rate"] == 0.4  # an unopened section keeps what was loaded
    titles = [form.box.children[-1].get_title(i) for i in range(len(form.box.children[-1].children))]
    form.box.children[-1].selected_index = titles.index("Wages and raises")
    fringe = form.fields["wages.fringe_rate"]
    assert fringe.parsed() == (0.4, None)
    fringe.widget.value = "0.35"
    assert 'data-kind="ok"' in app.status.text
    assert app.results["A"].scenario.wages.fringe_rate == 0.35
