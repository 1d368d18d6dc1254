"""Helpers for the browser tests: open a dashboard, read and change its figures, download exports."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Page, expect

from imt_roi.report import format_value
from imt_roi.results import jff_method_ratio
from imt_roi.ui.common import HEADLINE_METRICS, STYLES

#: Generous, for a slow machine: the first page of a session starts a kernel and imports pandas.
LOAD_TIMEOUT = 180_000
UPDATE_TIMEOUT = 60_000
#: Text that must never appear on a working dashboard page.
ERROR_MARKERS = ["Traceback", "Exception", "Error:", "There was an error when executing cell"]


def open_dashboard(page: Page, base_url: str, notebook: str) -> Page:
    """The dashboard loaded: its live headline shown and every chart drawn (charts are drawn after the form
    is in place, see imt_roi.ui.charts.ChartGate)."""
    page.goto(f"{base_url}/voila/render/{notebook}", timeout=LOAD_TIMEOUT)
    page.wait_for_selector('.imt-app .imt-headline[data-metric="benefit_cost_ratio"]', timeout=LOAD_TIMEOUT)
    page.wait_for_function("""() => { const charts = document.querySelectorAll('.imt-app .imt-chart');
        return charts.length > 0 && Array.from(charts).every(c => c.querySelector('.js-plotly-plot')); }""",
                           timeout=LOAD_TIMEOUT)
    return page


def open_all_sections(page: Page, form: str, paths: list[str]) -> None:
    """Open each section of a form's "All assumptions" in turn (a section's inputs are built when it opens),
    until every input in ``paths`` has its field on the page."""
    headers = page.locator(f"{form} .imt-all-assumptions .jupyter-widget-Collapse-header")
    for i in range(headers.count()):
        # one at a time: an opening section pushes the headers below it down, and a click aimed at a header
        # that moved would land elsewhere
        headers.nth(i).click()
        section = headers.nth(i).locator("xpath=..")
        expect(section).to_have_class(re.compile("Collapse-open"), timeout=UPDATE_TIMEOUT)
        # and built: ipywidgets sends only the latest state while the kernel is busy, so a section clicked
        # past while the previous one was being built would never be asked for
        page.wait_for_function("""el => el.querySelector('.jupyter-widget-Collapse-contents')
            .getBoundingClientRect().height > 10""", arg=section.element_handle(), timeout=UPDATE_TIMEOUT)
    # A section opened while the kernel was busy building another may never have been built (ipywidgets sends
    # only the latest state): such a section is closed and opened again until every field is there.
    for attempt in range(3):
        try:
            page.wait_for_function("""([form, paths]) => paths.every(p =>
                document.querySelector(`${form} .imt-field[data-path="${p}"]`))""", arg=[form, paths],
                                   timeout=UPDATE_TIMEOUT)
            return
        except Exception:
            for i in range(headers.count()):
                section = headers.nth(i).locator("xpath=..")
                if section.locator(".imt-field").count() == 0:
                    headers.nth(i).click()
                    expect(section).not_to_have_class(re.compile("Collapse-open"), timeout=UPDATE_TIMEOUT)
                    headers.nth(i).click()
                    expect(section).to_have_class(re.compile("Collapse-open"), timeout=UPDATE_TIMEOUT)
    else:
        missing = page.evaluate("""([form, paths]) => paths.filter(p =>
            !document.querySelector(`${form} .imt-field[data-path="${p}"]`))""", [form, paths])
        titles = [headers.nth(i).inner_text() for i in range(headers.count())]
        raise AssertionError(f"sections {titles} opened; fields still missing: {missing}") from None


def headline(page: Page, metric: str) -> str:
    return page.locator(f'.imt-app .imt-headline[data-metric="{metric}"]').first.inner_text().strip()


def expected_headlines(result) -> dict[str, str]:
    """The headline figures as the page must show them: imt_roi's metrics through report.format_value, and the
    same inputs' B/C under the JFF 2020 convention beside them."""
    figures = {key: format_value(getattr(result.metrics, key), STYLES[key]) for key, _ in HEADLINE_METRICS}
    figures["jff_method_benefit_cost_ratio"] = format_value(jff_method_ratio(result.scenario), "ratio")
    return figures


def expect_headlines(page: Page, result, timeout: float = UPDATE_TIMEOUT) -> None:
    for key, text in expected_headlines(result).items():
        expect(page.locator(f'.imt-app .imt-headline[data-metric="{key}"]').first).to_have_text(text, timeout=timeout)


def type_into(page: Page, selector: str, text: str) -> None:
    """Type ``text`` into a text box and commit it with Enter (the boxes fire on Enter or blur)."""
    box = page.locator(f"{selector} input").first
    box.fill(text)
    box.press("Enter")


def status_kind(page: Page) -> str:
    return page.locator(".imt-status .imt-message").first.get_attribute("data-kind")


def assert_no_error_text(page: Page) -> None:
    body = page.locator("body").inner_text()
    for marker in ERROR_MARKERS:
        assert marker not in body, f"{marker!r} on the page"
    assert page.locator(".imt-message-error").count() == 0
    assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0


def chart_trace_y(page: Page, chart_class: str, trace: int = 0) -> list:
    """The y values plotly drew for one trace of a chart (read from the plot's own data)."""
    page.wait_for_selector(f".{chart_class} .js-plotly-plot", timeout=UPDATE_TIMEOUT)
    return page.evaluate(
        "([sel, i]) => Array.from(document.querySelector(sel).data[i].y)",
        [f".{chart_class} .js-plotly-plot", trace])


def download(page: Page, kind: str) -> bytes:
    """Click the download link of ``kind`` (prepared first) and return the file's bytes."""
    page.locator(".imt-prepare-downloads").first.click()
    link = page.locator(f'a.imt-download[data-kind="{kind}"]').first
    link.wait_for(timeout=UPDATE_TIMEOUT)
    with page.expect_download(timeout=UPDATE_TIMEOUT) as info:
        link.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        return handle.read()


def metrics_sheet(data: bytes) -> dict[str, tuple]:
    """Metric -> (value, formatted) from the workbook's Metrics sheet."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    ws = wb["Metrics"]
    rows = {}
    for metric, _label, value, formatted in ws.iter_rows(min_row=2, max_col=4, values_only=True):
        if metric is None:
            break
        rows[metric] = (value, formatted)
    return rows, wb
