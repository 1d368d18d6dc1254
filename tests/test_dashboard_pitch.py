"""The intermediary's pitch, driven in Debian's Chromium against Voila.

Expected figures come from imt_roi: ``evaluate`` of the imt-partnership preset
(or of ``with_value`` for a changed input), ``pooling.firm_table`` for each
firm, ``pooling.cost_per_seat`` for the class-size chart and
``benchmarks.beside_benchmarks`` for the benchmark panel.
"""

from __future__ import annotations


import pandas as pd
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from imt_roi import evaluate, preset, with_value
from imt_roi.pooling import cost_per_seat, firm_table
from imt_roi.report import format_value
from imt_roi.benchmarks import beside_benchmarks, benchmarks, load_benchmarks
from imt_roi.ui.common import STYLES

from core_helpers import CENT
from dashboard_helpers import (UPDATE_TIMEOUT, assert_no_error_text, chart_trace_y, download, expect_headlines,
                               headline, metrics_sheet, open_dashboard, status_kind, type_into)

pytestmark = pytest.mark.browser

NOTEBOOK = "intermediary_pitch.ipynb"
FIRM_A_COHORT_1 = ".imt-input-cohorts-0-members-0-apprentices"


@pytest.fixture
def pitch(page, voila_url):
    return open_dashboard(page, voila_url, NOTEBOOK)


def firm_cell(page, firm: str, metric: str):
    return page.locator(f'.imt-firms td[data-firm="{firm}"][data-metric="{metric}"]')


def expect_firms(page, result) -> None:
    table = firm_table(result)
    for firm, row in table.iterrows():
        for metric in ("benefit_cost_ratio", "net_benefit", "cost_per_completer", "apprentices", "payback_month"):
            value = row[metric]
            value = None if pd.isna(value) else getattr(value, "item", lambda: value)()
            expect(firm_cell(page, firm, metric)).to_have_text(format_value(value, STYLES[metric]),
                                                               timeout=UPDATE_TIMEOUT)


def test_renders_the_partnership(pitch):
    page = pitch
    result = evaluate(preset("imt-partnership"))
    expect_headlines(page, result)
    assert_no_error_text(page)
    assert status_kind(page) == "ok"
    expect_firms(page, result)
    firms = list(firm_table(result).index)
    assert firms[-1] == "Partnership" and len(firms) == 5
    # cost per seat at each class size, as imt_roi.pooling computes it
    drawn = page.evaluate("""() => { const d = document.querySelector('.imt-chart-seats .js-plotly-plot').data[0];
        return [Array.from(d.x), Array.from(d.y)]; }""")
    table = cost_per_seat(result.scenario, drawn[0])
    assert drawn[1] == pytest.approx(table["rti_cost_per_seat"].round(2).to_list(), abs=CENT)
    assert drawn[1][0] > drawn[1][drawn[0].index(20)]  # a small class costs more a seat than a full one
    # benchmarks beside the plan's figure of the same measure only
    bench = beside_benchmarks(result)
    for row in bench.itertuples():
        metric = {"benefit_cost_ratio": "benefit_cost_ratio", "net_roi": "net_roi",
                  "rate_of_return": "irr_annual"}[row.measure]
        cell = page.locator(f'.imt-bench[data-measure="{row.measure}"][data-study="{row.study}"]')
        expect(cell).to_contain_text(format_value(row.benchmark, STYLES[metric]))
        plan = cell.locator("xpath=following-sibling::td[1]")
        expect(plan).to_have_text(format_value(None if pd.isna(row.plan) else row.plan, STYLES[metric]))
        assert plan.get_attribute("data-convention") == row.convention
        versus = page.locator(f'.imt-bench-diff[data-comparable="{str(bool(row.comparable)).lower()}"]')
        assert versus.count() >= 1
        assert plan.get_attribute("data-measure") == row.measure


def test_changing_a_firms_apprentices_moves_the_figures(pitch):
    page = pitch
    base = preset("imt-partnership")
    expect_headlines(page, evaluate(base))
    type_into(page, FIRM_A_COHORT_1, "8")
    changed = evaluate(with_value(base, "cohorts.0.members.0.apprentices", 8))
    expect_headlines(page, changed)
    expect_firms(page, changed)
    assert status_kind(page) == "ok"


def test_invalid_input_names_the_field_and_keeps_the_last_good_result(pitch):
    page = pitch
    good = evaluate(preset("imt-partnership"))
    type_into(page, FIRM_A_COHORT_1, "-3")
    message = page.locator(".imt-status .imt-message-error")
    expect(message).to_contain_text("cohorts.0.members.0.apprentices", timeout=UPDATE_TIMEOUT)
    expect(message).to_contain_text("out of range")
    expect(page.locator('.imt-matrix .imt-field-error[data-path="cohorts.0.members.0.apprentices"]')).to_have_count(1)
    assert page.locator(f"{FIRM_A_COHORT_1} input").first.input_value() == "-3"
    expect_headlines(page, good)
    expect_firms(page, good)

    type_into(page, ".imt-form-P .imt-input-instruction-class_fixed_cost", "lots")
    expect(message).to_contain_text("instruction.class_fixed_cost", timeout=UPDATE_TIMEOUT)
    expect(message).to_contain_text("'lots' is not a number")
    expect(message).to_contain_text("cohorts.0.members.0.apprentices")  # both problems stay listed
    expect_headlines(page, good)


def test_exports_agree_with_the_page_and_each_firm_gets_a_summary(pitch):
    page = pitch
    result = evaluate(preset("imt-partnership"))
    expect_headlines(page, result)
    shown = headline(page, "benefit_cost_ratio")
    metrics, wb = metrics_sheet(download(page, "xlsx"))
    assert metrics["benefit_cost_ratio"][1] == shown
    firms = {row[0]: row for row in wb["By employer"].iter_rows(min_row=2, values_only=True)}
    assert set(firms) == {"Firm A", "Firm B", "Firm C", "Firm D"}

    table = firm_table(result)
    summary = download(page, "summary-firm-b").decode("utf-8")
    assert "Firm B" in summary
    assert format_value(float(table.loc["Firm B", "benefit_cost_ratio"]), "ratio") in summary
    assert format_value(float(table.loc["Firm B", "net_benefit"]), "usd") in summary
    assert "Firm B alone and in the partnership" in summary
    # the whole pitch pack in one .zip, the same files imt-roi export --pack writes
    import io
    import zipfile

    from imt_roi.pack import pack_files

    names = zipfile.ZipFile(io.BytesIO(download(page, "zip"))).namelist()
    assert names == list(pack_files(result))
    firm_book = load_workbook(io.BytesIO(download(page, "xlsx-firm-b")))
    assert "Alone vs partnership" in firm_book.sheetnames


def test_each_firm_shows_its_range_of_return_per_dollar(pitch):
    from imt_roi.ui.pitch import PITCH_DRAWS
    from imt_roi.uncertainty import DEFAULT_SEED, firm_ranges

    page = pitch
    ranges = firm_ranges(preset("imt-partnership"), PITCH_DRAWS, DEFAULT_SEED)
    for firm, row in ranges.iterrows():
        expect(firm_cell(page, firm, "bcr_p5_p95")).to_have_text(
            f"{format_value(row['p5'], 'ratio')} to {format_value(row['p95'], 'ratio')}", timeout=UPDATE_TIMEOUT)
    error_y = page.evaluate("""() => document.querySelector('.imt-chart-firms .js-plotly-plot').data[0].error_y""")
    assert error_y["array"] and all(v >= 0 for v in error_y["array"])


def test_a_users_benchmarks_file_is_shown_beside_the_plan(pitch, tmp_path):
    page = pitch
    mine = tmp_path / "mine.yaml"
    mine.write_text("benchmarks:\n  - study: Our 2023 cohort\n    measure: benefit_cost_ratio\n    value: 1.3\n"
                    "    comparison: equals\n    horizon: term plus 2 years\n    source: internal review\n",
                    encoding="utf-8")
    with page.expect_file_chooser(timeout=UPDATE_TIMEOUT) as chooser:
        page.locator("button.imt-bench-upload").first.click()
    chooser.value.set_files(str(mine))
    result = evaluate(preset("imt-partnership"))
    row = beside_benchmarks(result, benchmarks=load_benchmarks(mine)).iloc[0]
    cell = page.locator('.imt-bench[data-measure="benefit_cost_ratio"][data-study="Our 2023 cohort"]')
    expect(cell).to_have_text(format_value(row.benchmark, "ratio"), timeout=UPDATE_TIMEOUT)
    assert page.locator(".imt-bench").count() == len(benchmarks()) + 1
    # a bad file is named in one line and leaves the figures shown
    bad = tmp_path / "bad.yaml"
    bad.write_text("benchmarks:\n  - study: X\n    measure: benefit_cost_ratio\n    value: lots\n"
                   "    horizon: h\n    source: s\n", encoding="utf-8")
    with page.expect_file_chooser(timeout=UPDATE_TIMEOUT) as chooser:
        page.locator("button.imt-bench-upload").first.click()
    chooser.value.set_files(str(bad))
    expect(page.locator('.imt-status .imt-message[data-kind="error"]')).to_contain_text("benchmarks.0.value",
                                                                                        timeout=UPDATE_TIMEOUT)
    expect(cell).to_have_count(1)


def test_each_firm_alone_and_in_the_partnership(pitch):
    """The joining chart's bars are imt_roi.partnership's line differences per apprentice; the table gives
    each firm's B/C in both arrangements and the NPV it gains."""
    from imt_roi.partnership import alone_vs_partnership, differences
    from imt_roi.ui.charts import JOINING_PARTS

    page = pitch
    scenario = preset("imt-partnership")
    table = alone_vs_partnership(scenario)
    diffs = differences(table)
    counts = table.drop_duplicates("employer").set_index("employer")["apprentices"]
    for i, (column, _, _) in enumerate(JOINING_PARTS):
        expected = [round(float(diffs.loc[f, column]) / counts[f], 2) for f in diffs.index]
        expect(page.locator(".imt-chart-joining .js-plotly-plot").first).to_be_visible(timeout=UPDATE_TIMEOUT)
        assert chart_trace_y(page, "imt-chart-joining", i) == pytest.approx(expected, abs=CENT)
    wide = table.set_index(["employer", "arrangement"])
    for firm in diffs.index:
        row = page.locator(f'.imt-joining tr[data-firm="{firm}"]')
        expect(row.locator('[data-metric="bcr_alone"]')).to_have_text(
            format_value(wide.loc[(firm, "alone"), "benefit_cost_ratio"], "ratio"), timeout=UPDATE_TIMEOUT)
        expect(row.locator('[data-metric="npv_gain"]')).to_have_text(
            "+" + format_value(float(diffs.loc[firm, "npv"]), "usd"), timeout=UPDATE_TIMEOUT)


def test_a_difference_for_one_firm(pitch):
    """Firm B's own wage, set from the dashboard, moves Firm B's figures only; a plan-wide input is not offered."""
    page = pitch
    page.locator("button.imt-add-firm-difference").first.click()
    row = page.locator(".imt-firm-override").first
    expect(row).to_be_visible(timeout=UPDATE_TIMEOUT)
    row.locator("select").nth(0).select_option("Firm B")
    options = row.locator("select").nth(1).locator("option").all_inner_texts()
    assert any("wages.starting_wage" in o for o in options)
    assert not any("instruction.class_fixed_cost" in o or "horizon.discount_rate" in o for o in options)
    box = row.locator("input").first
    box.fill("21.24")
    box.press("Enter")
    data = preset("imt-partnership").model_dump(mode="json")
    data["employers"] = [{"employer": "Firm B", "set": {"wages.starting_wage": 21.24}}]
    from imt_roi import scenario_from_dict

    expected = firm_table(evaluate(scenario_from_dict(data)))
    for firm in ("Firm A", "Firm B"):
        expect(firm_cell(page, firm, "benefit_cost_ratio")).to_have_text(
            format_value(float(expected.loc[firm, "benefit_cost_ratio"]), "ratio"), timeout=UPDATE_TIMEOUT)
    # a value that is not a number names the override's field
    box.fill("lots")
    box.press("Enter")
    expect(page.locator(".imt-firm-overrides .imt-field-error")).to_contain_text(
        "employers.0.set.wages.starting_wage", timeout=UPDATE_TIMEOUT)


def test_the_firm_table_fits_the_page_or_scrolls_with_the_firm_column_fixed(pitch):
    page = pitch
    table = page.locator(".imt-app .imt-scroll-x").first
    table.wait_for(timeout=UPDATE_TIMEOUT)
    right, scroll, client = table.evaluate(
        "e => [e.getBoundingClientRect().right, e.scrollWidth, e.clientWidth]")
    assert right <= 1400  # inside the 1,400 px window: what does not fit scrolls, nothing is cut off
    first = page.locator(".imt-app table.imt-firms tbody tr td:first-child").first
    before = first.bounding_box()["x"]
    table.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    page.wait_for_timeout(100)
    assert abs(first.bounding_box()["x"] - before) < 1  # the firm column stays put while the rest scrolls
    assert scroll >= client
    # B - C is the difference of the B and C beside it
    m = firm_table(evaluate(preset("imt-partnership"))).loc["Firm A"]
    b, c = firm_cell(page, "Firm A", "total_benefits"), firm_cell(page, "Firm A", "total_costs")
    assert b.inner_text() == format_value(m["total_benefits"], "usd")
    assert c.inner_text() == format_value(m["total_costs"], "usd")
    assert firm_cell(page, "Firm A", "net_benefit").inner_text() == format_value(
        m["total_benefits"] - m["total_costs"], "usd")
