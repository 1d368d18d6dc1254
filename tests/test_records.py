"""A sponsor's records as people keep them (issue 20, point 5): read from CSV or a workbook, any column order,
US or ISO dates, money with $ and commas; a bad row is one line naming the file, row and column."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from imt_roi import ScenarioError
from imt_roi.cli import main
from imt_roi.records import COLUMNS, LEDGER_CATEGORIES, parse_tables, read_records

APPRENTICES = [["ID", "Employer", "Cohort", "Start Date", "End Date", "Status", "Starting Wage"],
               ["a1", "Acme", "Cohort 1", "2026-01-05", "", "active", "$18.50"],
               ["a2", "Acme", "Cohort 1", "01/05/2026", "06/30/2026", "left", "18.50"],
               ["a3", "Acme", "Cohort 1", "46027", "2027-06-30", "completed", ""],
               ["", "", "", "", "", "", ""]]
LEDGER = [["category", "amount", "date", "employer", "apprentice_id", "hours", "notes"],
          ["tuition", "$12,000.00", "2026-01-31", "Acme", "", "", "spring"],
          ["mentor_hours", "", "2026-01-31", "Acme", "a1", "10", ""],
          ["grant_received", "(1,000)", "2026-02-28", "Acme", "", "", ""]]


def test_records_as_people_keep_them():
    records = parse_tables({"apprentices": APPRENTICES, "ledger": LEDGER[:3]})
    assert list(records.apprentices["id"]) == ["a1", "a2", "a3"]
    assert set(records.apprentices["start_date"].dt.date) == {dt.date(2026, 1, 5)}  # ISO, US and Excel serial
    assert records.apprentices["starting_wage"].iloc[0] == 18.5
    assert list(records.ledger["amount"].fillna(0)) == [12000.0, 0.0]
    assert list(records.ledger["hours"].fillna(0)) == [0.0, 10.0]
    assert records.plan_start == dt.date(2026, 1, 1)
    assert any("notes not in the records format" in n for n in records.notes)
    assert any("starting wage left blank" in n for n in records.notes)


def test_a_refund_in_brackets_is_negative_and_refused():
    """Accounting brackets read as a negative amount, and a negative amount is refused naming the cell."""
    with pytest.raises(ScenarioError) as err:
        parse_tables({"apprentices": APPRENTICES, "ledger": LEDGER}, labels={"ledger": "ledger.csv"})
    assert str(err.value).startswith("ledger.csv, row 4, column amount: -1000 is negative")


@pytest.mark.parametrize("row, where, words", [
    (["a9", "Acme", "Cohort 1", "2026-13-45", "", "active", ""], "row 6, column start_date", "is not a date"),
    (["a9", "Acme", "Cohort 1", "2026-03-01", "2026-02-01", "left", ""], "row 6, column end_date", "before the start"),
    (["a1", "Acme", "Cohort 1", "2026-03-01", "", "active", ""], "row 6, column id", "the id of another"),
    (["a9", "Acme", "Cohort 1", "2026-03-01", "", "gone", ""], "row 6, column status", "is not active"),
    (["a9", "Acme", "Cohort 1", "2026-03-01", "", "left", ""], "row 6, column end_date", "needs the date"),
    (["a9", "Acme", "Cohort 1", "2026-03-01", "", "active", "1850"], "row 6, column starting_wage", "typing error"),
    (["a9", "Acme\x1b[31m", "Cohort 1", "2026-03-01", "", "active", ""], "row 6, column employer",
     "control character"),
])
def test_a_bad_apprentice_row_is_one_line_naming_file_row_and_column(row, where, words):
    ledger = [LEDGER[0], LEDGER[1]]
    with pytest.raises(ScenarioError) as err:
        parse_tables({"apprentices": APPRENTICES[:4] + [APPRENTICES[4], row], "ledger": ledger},
                     labels={"apprentices": "apprentices.csv"})
    assert err.value.field == f"apprentices.csv, {where}" and words in err.value.message
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("row, where, words", [
    (["tuition", "5", "2026-02-01", "Acme", "zz", "", ""], "column apprentice_id", "not in the apprentices"),
    (["mentor_hours", "", "2026-02-01", "Acme", "", "-3", ""], "column hours", "is negative"),
    (["mentor_hours", "", "2026-02-01", "Acme", "", "", ""], "column hours", "gives hours"),
    (["tuition", "12 dollars", "2026-02-01", "Acme", "", "", ""], "column amount", "not an amount"),
    (["pizza", "5", "2026-02-01", "Acme", "", "", ""], "column category", "not a category"),
    (["tuition", "5", "2025-12-01", "Acme", "", "", ""], "column date", "before the plan's start"),
])
def test_a_bad_ledger_row_is_one_line_naming_file_row_and_column(row, where, words):
    with pytest.raises(ScenarioError) as err:
        parse_tables({"apprentices": APPRENTICES, "ledger": [LEDGER[0], row]}, labels={"ledger": "ledger.csv"})
    assert err.value.field == f"ledger.csv, row 2, {where}" and words in err.value.message


def test_a_missing_column_or_table_is_named():
    with pytest.raises(ScenarioError, match="column status: is missing from the header row"):
        parse_tables({"apprentices": [r[:5] for r in APPRENTICES], "ledger": LEDGER[:2]})
    with pytest.raises(ScenarioError, match="no ledger table"):
        parse_tables({"apprentices": APPRENTICES})


def test_the_template_reads_back_as_empty_records_and_explains_each_column(tmp_path, capsys):
    assert main(["track", "--template", str(tmp_path / "records")]) == 0
    folder = tmp_path / "records"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.csv" for name in COLUMNS)
    text = (folder / "ledger.csv").read_text()
    assert text.startswith("date,employer,cohort,apprentice_id,category,hours,amount\n# required: the day")
    assert all(name in text for name in LEDGER_CATEGORIES)
    with pytest.raises(ScenarioError, match="apprentices.csv: has no apprentices"):
        read_records(folder)
    assert main(["track", "--template", str(folder)]) == 2  # never over a folder that holds files
    assert "already exists" in capsys.readouterr().err


def test_records_read_from_a_workbook_and_a_folder_alike(tmp_path):
    book = Workbook()
    book.remove(book.active)
    for name, rows in (("Apprentices", APPRENTICES), ("ledger", LEDGER[:3])):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    sheet = book["Apprentices"]
    sheet["D2"] = dt.datetime(2026, 1, 5)  # a real Excel date cell
    sheet["G2"] = 18.5
    book.create_sheet("Pivot")
    book.save(tmp_path / "records.xlsx")
    from_book = read_records(tmp_path / "records.xlsx")
    folder = tmp_path / "csv"
    folder.mkdir()
    import csv

    for name, rows in (("apprentices", APPRENTICES), ("ledger", LEDGER[:3])):
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    from_folder = read_records(folder)
    cols = ["id", "start_date", "status", "starting_wage"]
    assert from_book.apprentices[cols].equals(from_folder.apprentices[cols])
    assert any("sheet 'Pivot' is not a records table" in n for n in from_book.notes)


def test_records_that_are_not_text_or_not_a_workbook_are_one_line(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "apprentices.csv").write_bytes(b"\xff\xfe\x00a\x00b")
    (folder / "ledger.csv").write_text("date\n")
    with pytest.raises(ScenarioError, match="apprentices.csv"):
        read_records(folder)
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ScenarioError, match="fake.xlsx: is not an .xlsx workbook"):
        read_records(tmp_path / "fake.xlsx")


CELL = st.one_of(st.text(max_size=12), st.sampled_from(
    ["", "2026-01-05", "01/05/2026", "46027", "$1,250.00", "-3", "1e400", "nan", "active", "left", "completed",
     "tuition", "mentor_hours", "a1", "a2", "=cmd|' /C calc'!A0", "\x1b[31m", "(5)", "99999999999", "2026-02-30"]),
    st.integers(-10 ** 20, 10 ** 20), st.floats(allow_nan=True, allow_infinity=True), st.none(), st.booleans(),
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2200, 1, 1)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, max_size=9), max_size=6), st.lists(st.lists(CELL, max_size=9), max_size=6),
       st.permutations(list(COLUMNS["apprentices"])), st.permutations(list(COLUMNS["ledger"])), st.booleans())
def test_hostile_records_are_read_or_refused_in_one_line(apprentice_rows, ledger_rows, a_cols, l_cols, header):
    """Any cells in any column order: records come back, or one printable line names the table and,
    for a cell, its row and column; never a traceback."""
    tables = {"apprentices": ([a_cols] if header else []) + apprentice_rows,
              "ledger": ([l_cols] if header else []) + ledger_rows}
    try:
        records = parse_tables(tables)
    except ScenarioError as err:
        line = str(err)
        assert "\n" not in line and all(ch.isprintable() for ch in line)
        assert err.field.split(",")[0] in ("apprentices", "ledger", "records")
        return
    assert records.apprentices["id"].is_unique
    assert (records.ledger["amount"].fillna(0) >= 0).all() and (records.ledger["hours"].fillna(0) >= 0).all()
