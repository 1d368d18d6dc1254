"""The sponsor's cohort planner, driven in Debian's Chromium against Voila.

Every expected figure is what imt_roi computes (``evaluate`` of the preset, or
of ``with_value`` for a changed input), formatted by ``report.format_value``.
"""

from __future__ import annotations

import html

import pytest
import yaml
from playwright.sync_api import expect

from imt_roi.fields import source_tag
from imt_roi import evaluate, iter_params, preset, with_value
from imt_roi.ui.common import HEADLINE_METRICS, STYLES
from imt_roi.report import format_value, metric_text

from core_helpers import CENT
from dashboard_helpers import (UPDATE_TIMEOUT, assert_no_error_text, chart_trace_y, download, expect_headlines,
                               expected_headlines, headline, metrics_sheet, open_all_sections, open_dashboard,
                               status_kind, type_into)

pytestmark = pytest.mark.browser

NOTEBOOK = "sponsor_planner.ipynb"
WAGE = ".imt-form-A .imt-input-wages-starting_wage"


def upload(page, path) -> None:
    """Choose ``path`` in the "Load file" button's file dialog."""
    with page.expect_file_chooser(timeout=UPDATE_TIMEOUT) as chooser:
        page.locator("button.imt-upload").first.click()
    chooser.value.set_files(str(path))


@pytest.fixture
def planner(page, voila_url):
    return open_dashboard(page, voila_url, NOTEBOOK)


def test_first_view_shows_the_headline_then_gives_way_to_the_live_app(page, voila_url):
    """The static first view (served with the page) carries the same figures as the live app, and is hidden
    once the app is built, so a figure never shows twice."""
    page.goto(f"{voila_url}/voila/render/{NOTEBOOK}", wait_until="commit")
    first = page.locator('.imt-preview .imt-headline[data-metric="benefit_cost_ratio"]').first
    first.wait_for(state="attached", timeout=120_000)
    expected = expected_headlines(evaluate(preset("imt-default")))
    assert first.inner_text().strip() == expected["benefit_cost_ratio"]
    open_dashboard(page, voila_url, NOTEBOOK)
    expect(page.locator(".imt-preview").first).to_be_hidden(timeout=UPDATE_TIMEOUT)
    assert headline(page, "benefit_cost_ratio") == expected["benefit_cost_ratio"]


def test_renders_the_default_with_its_sources(planner):
    page = planner
    default = evaluate(preset("imt-default"))
    expect_headlines(page, default)
    assert_no_error_text(page)
    assert status_kind(page) == "ok"
    # the cumulative cash-flow chart is drawn, with imt_roi's monthly figures
    drawn = chart_trace_y(page, "imt-chart-cashflow", 0)
    assert drawn == pytest.approx(default.monthly()["cumulative_net"].round(2).to_list(), abs=CENT)
    # every input of form A shows its label and its source in the page, once its section is opened
    expected = {p.path: p.source for p in iter_params(default.scenario)
                if not p.path.startswith(("description", "employers"))}
    open_all_sections(page, ".imt-form-A", list(expected))
    shown = page.evaluate("""() => Object.fromEntries(Array.from(
        document.querySelectorAll('.imt-form-A .imt-field')).map(el => [el.dataset.path,
        [el.querySelector('.imt-source-tag').textContent, el.querySelector('.imt-source-full').textContent]]))""")
    missing = [path for path in expected if path not in shown]
    assert not missing, f"inputs without a field on the page: {missing}"
    for path, source in expected.items():
        assert shown[path] == [source_tag(source), source], path
    # the cohort timeline shows the class sessions
    sessions = page.evaluate("""() => Array.from(document.querySelector(
        '.imt-chart-timeline .js-plotly-plot').data[1].text)""")
    assert sessions == ["Semester 1", "Semester 2"]


def test_changing_an_input_moves_the_figures(planner):
    page = planner
    base = preset("imt-default")
    expect_headlines(page, evaluate(base))
    type_into(page, WAGE, "22")
    changed = evaluate(with_value(base, "wages.starting_wage", 22.0))
    expect_headlines(page, changed)
    assert status_kind(page) == "ok"
    expect(page.locator('.imt-value[data-scenario="A"][data-metric="total_costs"]')).to_have_text(
        format_value(changed.total_costs, "usd"))
    last = changed.monthly()["cumulative_net"].round(2).iloc[-1]
    page.wait_for_function(
        "([v]) => { const p = document.querySelector('.imt-chart-cashflow .js-plotly-plot');"
        " const y = p && p.data[0].y; return y && Math.abs(y[y.length - 1] - v) < 0.01; }",
        arg=[float(last)], timeout=UPDATE_TIMEOUT)

    # the horizon slider reads years after completion, in steps of a month, and fires on release:
    # twelve steps from 5 years make 6 years, 72 months after completion
    slider = page.locator(".imt-form-A .imt-input-horizon-months_after_completion .noUi-handle").first
    slider.focus()
    for _ in range(12):
        slider.press("ArrowRight")
    page.locator(".imt-form-A .imt-input-horizon-months_after_completion .widget-readout").first.wait_for()
    expect(page.locator(".imt-form-A .imt-input-horizon-months_after_completion .widget-readout").first
           ).to_have_text("6.00", timeout=UPDATE_TIMEOUT)
    expect(page.locator('.imt-form-A .imt-field[data-path="horizon.months_after_completion"] .imt-field-note')
           ).to_have_text("72 months after completion; 90 months in all with the term", timeout=UPDATE_TIMEOUT)
    both = evaluate(with_value(with_value(base, "wages.starting_wage", 22.0), "horizon.months_after_completion", 72))
    expect_headlines(page, both)
    assert chart_trace_y(page, "imt-chart-cashflow", 0)[-1] == pytest.approx(
        both.monthly()["cumulative_net"].iloc[-1], abs=CENT)


def test_invalid_input_names_the_field_and_keeps_the_last_good_result(planner):
    page = planner
    base = preset("imt-default")
    good = evaluate(base)
    expect_headlines(page, good)

    type_into(page, WAGE, "-5")
    message = page.locator(".imt-status .imt-message-error")
    expect(message).to_contain_text("wages.starting_wage", timeout=UPDATE_TIMEOUT)
    expect(message).to_contain_text("Starting hourly wage")
    expect(message).to_contain_text("out of range")
    inline = page.locator('.imt-form-A .imt-field-error[data-path="wages.starting_wage"]')
    expect(inline).to_contain_text("-5 is out of range")
    assert page.locator(f"{WAGE} input").first.input_value() == "-5"  # what was typed stays
    expect_headlines(page, good)  # the last good result stays on screen

    type_into(page, WAGE, "abc")
    expect(message).to_contain_text("'abc' is not a number", timeout=UPDATE_TIMEOUT)
    assert page.locator(f"{WAGE} input").first.input_value() == "abc"
    expect_headlines(page, good)

    type_into(page, WAGE, "20")
    expect_headlines(page, evaluate(with_value(base, "wages.starting_wage", 20.0)))
    expect(page.locator(".imt-message-error")).to_have_count(0)
    expect(inline).to_have_count(0)


def test_two_scenarios_side_by_side(planner):
    page = planner
    base = preset("imt-default")
    page.get_by_text("Scenario B", exact=True).first.click()
    page.locator(".imt-form-B").first.wait_for(timeout=UPDATE_TIMEOUT)
    type_into(page, ".imt-form-B .imt-input-wages-starting_wage", "25")
    a, b = evaluate(base), evaluate(with_value(base, "wages.starting_wage", 25.0))
    for key, _ in HEADLINE_METRICS:  # the table says why a figure is missing ("none: no net outlay ...")
        expect(page.locator(f'.imt-value[data-scenario="B"][data-metric="{key}"]')).to_have_text(
            metric_text(b.metrics, key), timeout=UPDATE_TIMEOUT)
        expect(page.locator(f'.imt-value[data-scenario="A"][data-metric="{key}"]')).to_have_text(
            metric_text(a.metrics, key))
    expect_headlines(page, a)  # the cards show scenario A
    assert chart_trace_y(page, "imt-chart-cashflow", 1)[-1] == pytest.approx(
        b.monthly()["cumulative_net"].iloc[-1], abs=CENT)


def test_excel_and_html_exports_agree_with_the_page(planner):
    page = planner
    base = preset("imt-default")
    type_into(page, WAGE, "21")
    changed = evaluate(with_value(base, "wages.starting_wage", 21.0))
    expect_headlines(page, changed)
    shown = {key: headline(page, key) for key, _ in HEADLINE_METRICS}

    metrics, wb = metrics_sheet(download(page, "xlsx"))
    for key, text in shown.items():
        value, formatted = metrics[key]
        assert formatted == metric_text(changed.metrics, key), key  # a missing IRR gives its reason
        assert format_value(value, STYLES[key]) == text, key
    inputs = {row[0]: row for row in wb["Inputs"].iter_rows(min_row=2, values_only=True)}
    assert inputs["wages.starting_wage"][2] == 21
    assert inputs["wages.starting_wage"][5]  # the source travels with the input
    flows = list(wb["Cash flows"].iter_rows(min_row=2, values_only=True))
    net = sum(a if k == "benefit" else -a for _m, _c, _e, _l, k, _cat, _ph, a in flows)
    assert format_value(net, "usd") == format_value(changed.net_cash_undiscounted, "usd")

    summary = download(page, "html").decode("utf-8")
    assert html.escape(shown["npv"]) in summary or shown["npv"] in summary
    assert shown["benefit_cost_ratio"] in summary
    # what an owner audits: the cash chart, cash by year, the drivers, what was changed, the conventions line
    for part in ("<svg", "Cash by plan year", "What moves B/C most", "Inputs you changed", "Starting hourly wage",
                 "Published-study conventions", "nothing held"):
        assert part in summary, part
    assert {"Monthly", "Summary", "By year"} <= set(wb.sheetnames)  # formulas an analyst can audit
    assert str(wb["Summary"]["B5"].value).startswith("=")


def test_save_and_load_a_scenario_file(planner, tmp_path):
    page = planner
    base = preset("imt-default")
    type_into(page, WAGE, "21")
    saved = evaluate(with_value(base, "wages.starting_wage", 21.0))
    expect_headlines(page, saved)
    text = download(page, "yaml").decode("utf-8")
    assert yaml.safe_load(text)["wages"]["starting_wage"] == 21

    type_into(page, WAGE, "30")
    expect_headlines(page, evaluate(with_value(base, "wages.starting_wage", 30.0)))

    good = tmp_path / "saved.yaml"
    good.write_text(text)
    upload(page, good)
    expect_headlines(page, saved)
    expect(page.locator(f"{WAGE} input").first).to_have_value("21", timeout=UPDATE_TIMEOUT)

    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("starting_wage: 21", "starting_wage: -1"))
    upload(page, bad)
    message = page.locator(".imt-status .imt-message-error")
    expect(message).to_contain_text("wages.starting_wage", timeout=UPDATE_TIMEOUT)
    expect_headlines(page, saved)
    expect(page.locator(f"{WAGE} input").first).to_have_value("21")
    assert expected_headlines(saved)["benefit_cost_ratio"] == headline(page, "benefit_cost_ratio")


def test_a_changed_input_says_it_replaces_the_cited_default(planner):
    page = planner
    type_into(page, WAGE, "22")
    changed = with_value(preset("imt-default"), "wages.starting_wage", 22.0)
    expect_headlines(page, evaluate(changed))
    source = next(p.source for p in iter_params(changed) if p.path == "wages.starting_wage")
    assert source.startswith("set in this scenario")
    field = page.locator('.imt-form-A .imt-field[data-path="wages.starting_wage"]')
    expect(field.locator(".imt-source-tag")).to_have_text("your value", timeout=UPDATE_TIMEOUT)
    expect(field.locator(".imt-source-full")).to_have_text(source)


def test_how_sure_panel_shows_the_seeded_spread_and_follows_the_inputs(planner):
    from imt_roi.uncertainty import DASHBOARD_DRAWS, DEFAULT_SEED, simulate, tornado

    page = planner
    base = preset("imt-default")

    def expect_panel(scenario):
        spread = simulate(scenario, DASHBOARD_DRAWS, DEFAULT_SEED, with_tornado=False)
        for p in ("p5", "p50", "p95"):
            expect(page.locator(f'.imt-sure[data-metric="benefit_cost_ratio"][data-p="{p}"]')).to_have_text(
                format_value(spread.percentiles["benefit_cost_ratio"][p], "ratio"), timeout=UPDATE_TIMEOUT)
        expect(page.locator('.imt-sure[data-metric="prob_bcr_at_least_1"]')).to_have_text(
            f"{spread.prob_bcr_at_least_1:.0%}", timeout=UPDATE_TIMEOUT)
        return spread

    spread = expect_panel(base)
    # the fan chart is drawn: five percentile lines over the 78 plan months, median as imt_roi computes it
    median = chart_trace_y(page, "imt-chart-fan", 4)
    assert median == pytest.approx(spread.fan["p50"].round(2).to_list(), abs=CENT)
    # the tornado has one bar per ranged input (up to eight), the largest swing on top
    bars = page.evaluate("""() => document.querySelector('.imt-chart-tornado .js-plotly-plot').data[0].y""")
    first = tornado(base)[0]
    assert 1 <= len(bars) <= 8 and bars[-1].startswith(first.label.split()[0])
    type_into(page, WAGE, "16")
    changed = evaluate(with_value(base, "wages.starting_wage", 16.0))
    expect_headlines(page, changed)
    expect_panel(changed.scenario)


def test_a_new_visitor_gets_the_answer_for_their_firm_from_the_short_form(planner):
    """The first screen is the short form: a plant types its own numbers and sees the API's figures; the other
    assumptions wait, collapsed, under "All assumptions"; a source tag opens its full citation."""
    page = planner
    form = page.locator(".imt-form-A")
    expect(form.locator(".imt-all-assumptions")).to_be_visible()
    expect(form.locator('.imt-input-wages-fringe_rate input').first).to_be_hidden()  # collapsed
    typed = {"wages.starting_wage": "19.50", "wages.completer_wage": "28", "wages.technician_wage": "30",
             "outside_hire.recruiting_cost": "5000", "mentor.hours_per_month": "3"}
    for path, text in typed.items():
        box = form.locator(f'.imt-input-{path.replace(".", "-")} input').first
        expect(box).to_be_visible()
        type_into(page, f'.imt-form-A .imt-input-{path.replace(".", "-")}', text)
    type_into(page, ".imt-form-A .imt-input-cohorts-0-members-0-apprentices", "6")
    plant = preset("imt-default", {"wages.starting_wage": 19.5, "wages.completer_wage": 28.0,
                                   "wages.technician_wage": 30.0, "outside_hire.recruiting_cost": 5000.0,
                                   "mentor.hours_per_week": 3, "cohorts.0.members.0.apprentices": 6})
    expect_headlines(page, evaluate(plant))
    field = form.locator('.imt-field[data-path="wages.technician_wage"]')
    full = field.locator(".imt-source-full")
    expect(full).to_be_hidden()
    field.locator(".imt-source-tag").click()
    expect(full).to_be_visible()
