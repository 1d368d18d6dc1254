"""The "Track a cohort" dashboard: records and a plan in, the variance and the re-forecast out.

Expected figures are what imt_roi computes (``tracking.track`` of the synthetic example), formatted by
``report.format_value`` as the CLI and the summary format them. The kernel-side tests drive the app without a
browser; the browser test opens the page from the landing page in Chromium, as a visitor does.
"""

from __future__ import annotations

import html
import math

import pytest
import yaml
from IPython.utils.capture import capture_output
from playwright.sync_api import expect

from imt_roi.report import METRIC_LABELS, TRACKED_METRICS, _signed_usd, format_value
from imt_roi.scenario_io import dumps
from imt_roi.synthetic import example
from imt_roi.tracking import track
from imt_roi.ui import CohortTracker

from core_helpers import CENT
from dashboard_helpers import ERROR_MARKERS, LOAD_TIMEOUT, UPDATE_TIMEOUT

STYLES = {key: style for key, _, style in METRIC_LABELS}
COLUMNS = ("plan", "actual_to_date", "reforecast")
NOTEBOOK = "track_cohort.ipynb"


def shown(value, key: str) -> str:
    """A figure of Tracked.metrics() as a person reads it: format_value, a missing figure "none"."""
    if value is not None and isinstance(value, float) and math.isnan(value):
        value = None
    return format_value(value, STYLES[key])


@pytest.fixture(scope="module")
def expected():
    records, plan, as_of = example()
    return track(records, plan, as_of), records


@pytest.fixture
def app():
    with capture_output():
        yield CohortTracker()


def upload_value(name: str, data: bytes) -> tuple:
    """A FileUpload value as the browser sends it."""
    return ({"name": name, "type": "", "size": len(data), "last_modified": 0, "content": memoryview(data)},)


# --------------------------------------------------------------------------- in the kernel

def test_the_example_shows_the_tracked_figures_and_says_it_is_synthetic(app, expected):
    tracked, _ = expected
    assert 'data-kind="ok"' in app.status.text and app.tracked is None
    app.try_example()
    assert 'data-kind="ok"' in app.status.text
    table = tracked.metrics()
    for key in TRACKED_METRICS:
        for column in COLUMNS:
            cell = f'data-metric="{key}" data-column="{column}">{shown(table.loc[key, column], key)}</td>'
            assert cell in app.metrics.value, (key, column)
    assert 'class="imt-synthetic"' in app.headline.value and "SYNTHETIC" in app.headline.value
    assert "SYNTHETIC" in app.records_info.value and "SYNTHETIC" in app.fig.layout.title.text
    assert app.as_of.value == "2027-03-31" and app.preset_choice.value == "imt-partnership"
    assert html.escape(tracked.spread().sentence()) in app.how_sure.value  # the re-forecast's range, as exported
    app.prepare_downloads()
    assert 'data-kind="xlsx"' in app.downloads.value and 'data-kind="html"' in app.downloads.value
    assert 'download="synthetic-' in app.downloads.value


def test_bad_records_or_date_leave_what_was_entered_and_the_last_figures(app):
    app.try_example()
    figures, records = app.metrics.value, app.records
    app.load_records(upload_value("apprentices.csv", b"id,employer\nx,y\n"))
    assert 'data-kind="error"' in app.status.text
    assert app.status.text.count("<li>") == 1 and "apprentices.csv" in app.status.text
    assert "/tmp" not in app.status.text  # the reader's temporary folder is not shown
    app.load_records(upload_value("notes.txt", b"hello"))
    assert "notes.txt</span>: is not a CSV file or an .xlsx workbook" in app.status.text
    app.as_of.value = "31/31/2027"
    assert "Up to (date)" in app.status.text and "is not a date" in app.status.text
    assert app.as_of.value == "31/31/2027"  # what was typed stays
    assert app.records is records and app.metrics.value == figures
    assert "Traceback" not in app.status.text


def test_user_text_is_escaped(app, expected):
    _, records = expected
    plan = example()[1]
    hostile = '<img src=x onerror="alert(1)"> & Co'
    data = yaml.safe_load(dumps(plan))
    data["name"] = hostile
    app.records, app.records_name = records, "<b>records</b>.csv"
    app._show_records()
    app.load_plan_upload(upload_value("plan <i>.yaml", yaml.safe_dump(data).encode("utf-8")))
    assert 'data-kind="ok"' in app.status.text, app.status.text
    for html_text in (app.plan_info.value, app.records_info.value, app.status.text, app.headline.value):
        assert "<img" not in html_text and "<b>records" not in html_text and "<i>" not in html_text
    assert "&lt;img src=x" in app.plan_info.value
    assert app.fig.data[0].name == "Plan: &lt;img src=x onerror=\"alert(1)\"&gt; &amp; Co"


# --------------------------------------------------------------------------- in the browser

@pytest.mark.browser
def test_a_visitor_tracks_the_synthetic_example_and_a_bad_file_is_one_line(page, voila_url, expected, tmp_path):
    tracked, records = expected
    page.goto(f"{voila_url}/voila/render/index.ipynb", timeout=LOAD_TIMEOUT)
    page.locator(f'a.imt-app-link[data-dashboard="{NOTEBOOK}"]').click()
    page.locator(".imt-app.imt-tracker button.imt-try-example").click(timeout=LOAD_TIMEOUT)

    headline = page.locator(".imt-app .imt-tracked-headline")
    table = tracked.metrics()
    for key in ("benefit_cost_ratio", "npv"):
        for column in COLUMNS:
            expect(headline.locator(f'.imt-tracked[data-metric="{key}"][data-column="{column}"]')).to_have_text(
                shown(table.loc[key, column], key), timeout=UPDATE_TIMEOUT)
    expect(headline.locator('.imt-tracked[data-metric="left"]')).to_have_text(str(tracked.people["left"]))
    expect(headline.locator('.imt-tracked[data-metric="expected_completers"][data-column="reforecast"]')
           ).to_have_text(shown(table.loc["expected_completers", "reforecast"], "expected_completers"))
    expect(page.locator(".imt-app .imt-synthetic").first).to_be_visible()
    expect(page.locator(".imt-app .imt-synthetic").first).to_contain_text("SYNTHETIC")
    expect(page.locator(".imt-app .imt-how-sure")).to_contain_text(tracked.spread().sentence())

    cells = page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll(
        '.imt-app .imt-tracked-metrics td.imt-value')).map(td => [td.dataset.metric + ' ' + td.dataset.column,
        td.textContent]))""")
    assert cells == {f"{key} {column}": shown(table.loc[key, column], key)
                     for key in TRACKED_METRICS for column in COLUMNS}
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('.imt-app .imt-tracked-lines tbody tr'))
        .map(tr => Array.from(tr.querySelectorAll('td[data-column]')).map(td => td.textContent))""")
    assert rows == [[format_value(r.plan, "usd"), format_value(r.actual_and_forecast, "usd"), _signed_usd(r.difference),
                     r.basis] for r in tracked.by_line().itertuples(index=False)]

    # the chart: cumulative net cash of the plan, then realized and re-forecast, with the as-of month marked
    page.wait_for_selector(".imt-chart-tracked .js-plotly-plot", timeout=UPDATE_TIMEOUT)
    drawn = page.evaluate("""() => { const p = document.querySelector('.imt-chart-tracked .js-plotly-plot');
        return {traces: p.data.map(t => [Array.from(t.x), Array.from(t.y)]), shapes: p.layout.shapes.length,
                paths: p.querySelectorAll('.scatterlayer .trace path.js-line').length}; }""")
    months = tracked.by_month()
    plan_x, plan_y = drawn["traces"][0]
    assert plan_x == months["month"].to_list()
    assert plan_y == pytest.approx(months["plan"].cumsum().to_list(), abs=CENT)
    realized_x, realized_y = drawn["traces"][1]
    forecast_x, forecast_y = drawn["traces"][2]
    assert realized_x[-1] == forecast_x[0] == tracked.as_of_month
    assert realized_y + forecast_y[1:] == pytest.approx(months["actual_or_forecast"].cumsum().to_list(), abs=CENT)
    assert drawn["paths"] == 3 and drawn["shapes"] >= 1  # three lines painted; the as-of marker

    # one bad CSV: a one-line message, and the figures and the typed date stay
    bad = tmp_path / "apprentices.csv"
    bad.write_text("id,employer,cohort,start_date\nc1,Firm A,Cohort 1,2026-13-45\n")
    with page.expect_file_chooser(timeout=UPDATE_TIMEOUT) as chooser:
        page.locator("button.imt-records-upload").first.click()
    chooser.value.set_files(str(bad))
    message = page.locator(".imt-status .imt-message-error")
    expect(message).to_contain_text("apprentices.csv", timeout=UPDATE_TIMEOUT)
    assert message.locator("li").count() == 1
    body = page.locator("body").inner_text()
    assert not [m for m in ERROR_MARKERS if m in body]
    expect(page.locator(".imt-app .imt-as-of input")).to_have_value("2027-03-31")
    expect(headline.locator('.imt-tracked[data-metric="npv"][data-column="reforecast"]')).to_have_text(
        shown(table.loc["npv", "reforecast"], "npv"))
