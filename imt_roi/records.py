"""A sponsor's own records of a running cohort: who started, what was paid, what came in.

Records version 1 (``docs/records.md``) is a folder of CSV files or one .xlsx workbook with these tables
(sheets), each a header row and one row per item:

* ``apprentices`` (required): ``id, employer, cohort, start_date, end_date, status, starting_wage``. Status
  is ``active``, ``completed`` or ``left``; ``end_date`` is the completion or exit date (blank while active).
* ``wages`` (optional): ``apprentice_id, date, hourly_wage``: each wage change from its date.
* ``ledger`` (required): ``date, employer, cohort, apprentice_id, category, hours, amount``. Category is one of
  :data:`LEDGER_CATEGORIES`; mentor and coordination rows give ``hours``, the others ``amount`` (USD).
* ``hours`` (optional): ``apprentice_id, month, hours_worked, hours_in_class`` (month as ``2026-03``).
* ``about`` (optional): ``key, value`` rows: ``records_version`` (1) and ``plan_start`` (the first day of the
  plan's month 1; default: the first of the month the earliest apprentice started).

Records are read as people keep them: dates as ISO (2026-03-02), US (03/02/2026) or Excel serial numbers;
money with ``$`` and thousands separators; columns in any order and any case; blank rows and rows starting
with ``#`` (the template's explanations) skipped. A column the format does not know is reported in
:attr:`Records.notes` and ignored. Anything else wrong is one :class:`~imt_roi.errors.ScenarioError` naming
the file, the row (as a spreadsheet numbers it) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .controls import CONTROL_PATTERN
from .errors import ScenarioError
from .fields import short
from .files import as_path

RECORDS_VERSION = 1
#: Largest records file (one CSV, or the whole workbook) [bytes] and its largest uncompressed workbook.
MAX_RECORDS_BYTES = 50_000_000
MAX_UNZIPPED_BYTES = 400_000_000
#: Most rows in one table (10,000 apprentices over five years keep about 100,000 ledger rows).
MAX_ROWS = 500_000
#: Longest text in a cell.
MAX_CELL = 200

LEDGER_CATEGORIES = {
    "tuition": "related instruction paid (USD)",
    "books_and_supplies": "books, tools and supplies for the apprentice (USD)",
    "mentor_hours": "hours mentors spent with apprentices (hours; valued at the plan's mentor rate)",
    "coordination_hours": "hours staff spent coordinating the programme (hours; valued at the plan's rate)",
    "intermediary_fee": "fees paid to an intermediary (USD)",
    "other_cost": "any other cost of the apprenticeship (USD)",
    "grant_received": "grants, credits or reimbursements received (USD; lowers the cost)",
}
HOURS_CATEGORIES = ("mentor_hours", "coordination_hours")
STATUSES = ("active", "completed", "left")

#: Each table's columns: name -> (required, kind, what it holds). Kinds: text, id, date, money, hours, choice.
COLUMNS: dict[str, dict[str, tuple[bool, str, str]]] = {
    "apprentices": {
        "id": (True, "id", "your identifier for the apprentice, unique (a payroll number, initials and a number)"),
        "employer": (True, "text", "the employer, as named in the plan"),
        "cohort": (True, "text", "the cohort, as named in the plan"),
        "start_date": (True, "date", "first day of the apprenticeship (2026-03-02, 03/02/2026 or an Excel date)"),
        "end_date": (False, "date", "completion or exit date; blank while active"),
        "status": (True, "choice", "active, completed or left"),
        "starting_wage": (False, "money", "hourly wage at the start (USD an hour); blank: the plan's"),
    },
    "wages": {
        "apprentice_id": (True, "id", "the apprentice's id"),
        "date": (True, "date", "the day the new wage started"),
        "hourly_wage": (True, "money", "the new hourly wage (USD an hour)"),
    },
    "ledger": {
        "date": (True, "date", "the day it was paid or received"),
        "employer": (True, "text", "the employer that paid or received it"),
        "cohort": (False, "text", "the cohort it was for; blank: the employer's only cohort"),
        "apprentice_id": (False, "id", "the apprentice it was for; blank: the cohort"),
        "category": (True, "choice", ", ".join(LEDGER_CATEGORIES)),
        "hours": (False, "hours", "hours, for mentor_hours and coordination_hours"),
        "amount": (False, "money", "US dollars, for every other category ($1,250.00 is fine)"),
    },
    "hours": {
        "apprentice_id": (True, "id", "the apprentice's id"),
        "month": (True, "date", "the month (2026-03, or any day in it)"),
        "hours_worked": (False, "hours", "paid hours on the job that month"),
        "hours_in_class": (False, "hours", "hours of related instruction that month"),
    },
    "about": {
        "key": (True, "text", "records_version or plan_start"),
        "value": (True, "text", "records_version: 1; plan_start: the first day of the plan's month 1"),
    },
}
REQUIRED_TABLES = ("apprentices", "ledger")


@dataclass
class Records:
    """The tables of a sponsor's records, validated: one pandas DataFrame per table (dates as
    ``datetime64``, money and hours as floats, blank cells NaN or ""), with what was noticed on the way."""

    apprentices: pd.DataFrame
    ledger: pd.DataFrame
    wages: pd.DataFrame
    hours: pd.DataFrame
    plan_start: dt.date
    source: str = "records"
    notes: list[str] = field(default_factory=list)
    #: How each table is named in messages ("ledger.csv", "records.xlsx, sheet ledger").
    labels: dict[str, str] = field(default_factory=lambda: {name: name for name in COLUMNS})


# --------------------------------------------------------------------------- reading tables

def read_records(path: str | Path, shown_as: str | None = None) -> Records:
    """Read records from a folder of CSV files (``apprentices.csv``, ``ledger.csv``, ...) or an .xlsx workbook
    (sheets of those names). Raises a one-line ScenarioError naming the file, row and column of a problem;
    ``shown_as`` is how the records are named in messages (default: the path)."""
    given = as_path(path, "records")
    if given.is_dir():
        tables, labels = {}, {name: f"{name}.csv" for name in COLUMNS}
        for name in COLUMNS:
            file = given / f"{name}.csv"
            if file.exists():
                tables[name] = _csv_table(file, labels[name])
        others = sorted(p.name for p in given.iterdir() if p.suffix.lower() == ".csv" and p.stem not in COLUMNS)
        notes = [f"{name}: not a records table; ignored" for name in others]
    elif given.suffix.lower() in (".xlsx", ".xlsm"):
        tables, notes = _workbook_tables(given)
        labels = {name: f"{given.name}, sheet {name}" for name in COLUMNS}
    elif given.exists():
        raise ScenarioError(str(given), "records are a folder of CSV files or an .xlsx workbook")
    else:
        raise ScenarioError(str(given), "no such folder or file")
    return parse_tables(tables, shown_as or str(given), notes, labels)


def _csv_table(file: Path, label: str) -> list[list[str]]:
    size = file.stat().st_size
    if size > MAX_RECORDS_BYTES:
        raise ScenarioError(label, f"is larger than {MAX_RECORDS_BYTES // 1_000_000} MB")
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")  # Excel's "CSV" on Windows
        except UnicodeDecodeError:
            raise ScenarioError(label, f"is not UTF-8 text (byte {exc.start + 1} is 0x{raw[exc.start]:02x})") \
                from None
    if "\x00" in text:
        raise ScenarioError(label, "holds NUL bytes: is it really a CSV file?")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ScenarioError(label, f"is not readable CSV: {exc}") from None


def records_from_uploads(files: dict[str, bytes]) -> Records:
    """Records from uploaded files (name -> bytes): one .xlsx workbook, or CSV files named after their tables
    (``apprentices.csv``, ``ledger.csv``, ...), as a dashboard receives them."""
    import tempfile

    if not files:
        raise ScenarioError("records", "choose an .xlsx workbook or the CSV files (apprentices.csv, ledger.csv, ...)")
    if sum(len(data) for data in files.values()) > MAX_RECORDS_BYTES:
        raise ScenarioError("records", f"are larger than {MAX_RECORDS_BYTES // 1_000_000} MB")
    books = [name for name in files if name.lower().endswith((".xlsx", ".xlsm"))]
    others = [name for name in files if not name.lower().endswith((".csv", ".xlsx", ".xlsm"))]
    if others:
        raise ScenarioError(short(others[0], 60), "is not a CSV file or an .xlsx workbook")
    if books and len(files) > 1:
        raise ScenarioError(short(books[0], 60), "give one workbook, or CSV files, not both")
    with tempfile.TemporaryDirectory() as folder:
        if books:
            path = Path(folder) / (Path(books[0]).name or "records.xlsx")
            path.write_bytes(files[books[0]])
            return read_records(path, short(books[0], 60))
        for name, data in files.items():
            stem = _column_name(Path(name).stem)
            (Path(folder) / f"{stem}.csv").write_bytes(data)
        return read_records(Path(folder), short(", ".join(files), 80))


def _workbook_tables(file: Path) -> tuple[dict[str, list[list]], list[str]]:
    label = file.name
    if file.stat().st_size > MAX_RECORDS_BYTES:
        raise ScenarioError(label, f"is larger than {MAX_RECORDS_BYTES // 1_000_000} MB")
    try:
        with zipfile.ZipFile(file) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ScenarioError(label, "is not an .xlsx workbook (not a zip archive)") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ScenarioError(label, f"unpacks to {unzipped / 1e6:,.0f} MB: more than a records workbook holds")
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ScenarioError(label, f"cannot be read as a workbook ({short(type(exc).__name__)})") from None
    tables, notes = {}, []
    try:
        for sheet in book.worksheets:
            name = _column_name(sheet.title)
            if name not in COLUMNS:
                notes.append(f"{label}: sheet {short(sheet.title, 40)!r} is not a records table; ignored")
                continue
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > MAX_ROWS + 1:
                    raise ScenarioError(f"{label}, sheet {name}", f"has more than {MAX_ROWS:,} rows")
            tables[name] = rows
    finally:
        book.close()
    return tables, notes


def _column_name(text: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(text or "").strip().lower())


# --------------------------------------------------------------------------- parsing cells

def parse_tables(tables: dict[str, list[list]], source: str = "records", notes: list[str] | None = None,
                 labels: dict[str, str] | None = None) -> Records:
    """Records from raw tables (lists of rows of cells, the header first) keyed by table name; ``labels`` names
    each table in messages (``ledger.csv``, ``records.xlsx, sheet ledger``)."""
    notes = list(notes or [])
    label = {name: (labels or {}).get(name, name) for name in COLUMNS}
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise ScenarioError(source, f"no {missing[0]} table (a {missing[0]}.csv file or sheet)")
    frames = {}
    for name, rows in tables.items():
        frames[name] = _table(name, rows, notes, label[name])
    about = _about(frames.get("about"), label["about"])
    apprentices = frames["apprentices"]
    if apprentices.empty:
        raise ScenarioError(label["apprentices"], "has no apprentices: give a row for each below the header")
    _check_apprentices(apprentices, label["apprentices"])
    known = set(apprentices["id"])
    wages = frames.get("wages", _empty("wages"))
    hours = frames.get("hours", _empty("hours"))
    for table, frame, column in (("wages", wages, "apprentice_id"), ("hours", hours, "apprentice_id"),
                                 ("ledger", frames["ledger"], "apprentice_id")):
        _check_known(label[table], frame, column, known)
    ledger = frames["ledger"]
    _check_ledger(ledger, label["ledger"])
    start = about.get("plan_start") or _first_of_month(apprentices["start_date"].min())
    for table, frame, column in (("apprentices", apprentices, "start_date"), ("ledger", ledger, "date"),
                                 ("wages", wages, "date"), ("hours", hours, "month")):
        early = frame[column] < pd.Timestamp(start)
        if early.any():
            raise ScenarioError(_where(label[table], frame, early, column),
                                f"{frame.loc[early, column].iloc[0].date()} is before the plan's start ({start})")
    if wages.empty:
        notes.append("no wage changes recorded: wages after the start follow the plan's step and completion raises")
    if hours.empty:
        notes.append("no hours recorded: hours worked and in class follow the plan's schedule")
    if apprentices["starting_wage"].isna().any():
        notes.append("a starting wage left blank is the plan's")
    return Records(apprentices, ledger, wages, hours, start, source, notes, label)


def _empty(name: str) -> pd.DataFrame:
    kinds = {"date": "datetime64[ns]", "money": float, "hours": float}
    return pd.DataFrame({c: pd.Series(dtype=kinds.get(k, object)) for c, (_, k, _) in COLUMNS[name].items()})


def _table(name: str, rows: list[list], notes: list[str], label: str) -> pd.DataFrame:
    spec = COLUMNS[name]
    if len(rows) > MAX_ROWS + 1:
        raise ScenarioError(label, f"has more than {MAX_ROWS:,} rows")
    width = max(map(len, rows), default=0)
    if any(len(row) != width for row in rows):  # a short row (a CSV line with fewer commas) is padded with blanks
        rows = [list(row) + [None] * (width - len(row)) for row in rows]
    grid = pd.DataFrame(rows, dtype=object) if rows and width else pd.DataFrame()
    grid.index = pd.RangeIndex(1, len(grid) + 1)  # rows as a spreadsheet numbers them
    grid = grid.apply(_stripped) if len(grid.columns) else grid
    first = grid.iloc[:, 0].astype(str) if len(grid.columns) else pd.Series(dtype=str)
    comment = first.str.lstrip().str.startswith("#")
    kept = grid[~(grid == "").all(axis=1) & ~comment] if len(grid) else grid
    for text in first[comment & first.str.contains("SYNTHETIC")]:
        line = "these records are " + text.lstrip("# ")
        if line not in notes:
            notes.insert(0, line)  # synthetic records say so wherever they are shown
    if kept.empty:
        raise ScenarioError(label, "is empty: give a header row and a row per item")
    header_row = int(kept.index[0])
    columns = [_column_name(c) for c in kept.iloc[0]]
    body = kept.iloc[1:]
    for required, (needed, _, _) in spec.items():
        if needed and required not in columns:
            raise ScenarioError(f"{label}, column {required}", f"is missing from the header row (row {header_row}): "
                                                               "give it, in any order")
    seen = set()
    for c in columns:
        if c in seen and c:
            raise ScenarioError(f"{label}, column {c}", "appears twice in the header row")
        seen.add(c)
    unknown = [c for c in columns if c and c not in spec]
    if unknown:
        notes.append(f"{label}: column(s) {', '.join(short(c, 30) for c in unknown)} not in the records format; "
                     "ignored")
    line_numbers = body.index.to_numpy(dtype=np.int64)
    frame = pd.DataFrame({"_row": line_numbers})
    position = {c: i for i, c in enumerate(columns) if c in spec}
    for column, (needed, kind, _) in spec.items():
        values = (body.iloc[:, position[column]].reset_index(drop=True) if column in position
                  else pd.Series([""] * len(body), dtype=object))
        frame[column] = _convert(values.astype(object), kind, label, column, line_numbers, needed)
    return frame


def _stripped(column: pd.Series) -> pd.Series:
    """A column of cells with text stripped and empty cells as "" (numbers and dates from a workbook kept)."""
    text = _text_mask(column)
    out = column.where(column.notna(), "")
    if text.any() and _any_cell(column[text], _PADDED):
        out[text] = column[text].astype(str).str.strip()
    return out


#: A separator no cell may hold (a private-use character), to search a whole column as one text at C speed.
_SEPARATOR = "\ue000"
_PADDED = re.compile(f"(?:^|{_SEPARATOR})\\s|\\s(?:{_SEPARATOR}|$)")


def _any_cell(cells: pd.Series, pattern: re.Pattern) -> bool:
    """Whether ``pattern`` matches in any of the text ``cells`` (one search over the joined column; a cell
    holding the separator itself is searched cell by cell)."""
    joined = _SEPARATOR.join(cells.astype(str).tolist())
    if joined.count(_SEPARATOR) != max(len(cells) - 1, 0):
        return bool(cells.astype(str).str.contains(pattern).any())
    return pattern.search(joined) is not None


#: Largest believable value of a number column, and its unit (a wage of $1,850 an hour is a typing error).
_CEILINGS = {"starting_wage": (200, "US dollars an hour"), "hourly_wage": (200, "US dollars an hour"),
             "hours": (10_000, "hours in one ledger row"), "amount": (100_000_000, "US dollars"),
             "hours_worked": (744, "hours in a month"), "hours_in_class": (744, "hours in a month")}
_MONEY_JUNK = re.compile(r"[$,\s]")


def _convert(values: pd.Series, kind: str, table: str, column: str, rows: np.ndarray, needed: bool) -> pd.Series:
    blank = _text_mask(values) & (values.astype(object) == "")
    if needed and blank.any():
        raise ScenarioError(_cell_name(table, rows, blank, column), "is blank: give a value")
    if kind in ("text", "id", "choice"):
        strings = _text_mask(values)
        text = values.astype(object).copy()
        if not strings.all():
            text[~strings] = values[~strings].map(lambda v: v.isoformat() if isinstance(v, (dt.date, dt.datetime))
                                                  else (f"{v:g}" if isinstance(v, float) else str(v)))
        text = text.astype(str)
        too_long = text.str.len() > MAX_CELL
        if too_long.any():
            raise ScenarioError(_cell_name(table, rows, too_long, column), f"is longer than {MAX_CELL} characters")
        odd = text.str.contains(_CONTROLS, regex=True) if _any_cell(text, re.compile(_CONTROLS)) \
            else pd.Series(False, index=text.index)
        if odd.any():
            raise ScenarioError(_cell_name(table, rows, odd, column), "holds a control character: plain text only")
        if kind == "choice":
            text = text.str.lower().str.replace(" ", "_")
        return text
    if kind in ("money", "hours"):
        numbers = _numbers(values)
        bad = numbers.isna() & ~blank
        if bad.any():
            shown = short(repr(values[bad].iloc[0]), 30)
            unit = "an amount in US dollars" if kind == "money" else "a number of hours"
            raise ScenarioError(_cell_name(table, rows, bad, column), f"{shown} is not {unit}")
        ceiling = _CEILINGS.get(column)
        if ceiling is not None and (numbers > ceiling[0]).any():
            high = numbers > ceiling[0]
            raise ScenarioError(_cell_name(table, rows, high, column), f"{numbers[high].iloc[0]:,.2f} is more than "
                                                                        f"{ceiling[0]:,} {ceiling[1]}: a typing error?")
        negative = numbers < 0
        if negative.any():
            what = "hours" if kind == "hours" else "an amount"
            raise ScenarioError(_cell_name(table, rows, negative, column),
                                f"{numbers[negative].iloc[0]:g} is negative: give {what} of 0 or more")
        return numbers.astype(float)
    dates = _dates(values)
    bad = dates.isna() & ~blank
    if bad.any():
        raise ScenarioError(_cell_name(table, rows, bad, column),
                            f"{short(repr(values[bad].iloc[0]), 30)} is not a date (2026-03-02, 03/02/2026 or an "
                            "Excel date)")
    return pd.to_datetime(dates)


#: Characters a text cell may not hold: C0 and C1 controls, lone surrogates, bidirectional and line-layout
#: controls (as :func:`imt_roi.fields.control_character`, as one pattern for whole columns).
_CONTROLS = CONTROL_PATTERN


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _text_mask(values: pd.Series) -> pd.Series:
    """Which cells are text (all of a CSV's; a workbook's numbers and dates are not), checked at C speed when
    every cell is."""
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return pd.Series(True, index=values.index)
    return values.map(_is_text).astype(bool)


def _numbers(values: pd.Series) -> pd.Series:
    """Money or hours cells as floats (NaN where not a number): whole columns of text at once, other cells
    (numbers from a workbook) one by one."""
    strings = _text_mask(values)
    out = pd.Series(np.nan, index=values.index, dtype=float)
    if strings.any():
        raw = values[strings].astype(str)
        # plain numbers ("12.50") at C speed; the rest ("$1,250.00", "(300)", typos) through the cleaning below
        quick = pd.to_numeric(raw.where(raw.str.len() > 0), errors="coerce").astype(float)
        quick[~np.isfinite(quick)] = np.nan
        out[strings] = quick
        rest = quick.isna() & (raw != "")
        if rest.any():
            text = raw[rest].str.replace(r"[$,\s]", "", regex=True)
            bracketed = text.str.match(r"^\(.*\)$")
            text = text.str.strip("()")
            plain = text.str.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)")
            numbers = pd.to_numeric(text.where(plain), errors="coerce")
            out[rest[rest].index] = np.where(bracketed, -numbers, numbers)
    if not strings.all():
        out[~strings] = values[~strings].map(_number).astype(float)
    return out


def _dates(values: pd.Series) -> pd.Series:
    """Date cells as dates (NaT where not a date): ISO and US text parsed a column at a time, the rest (Excel
    serials, date cells, other spellings) one by one."""
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    strings = _text_mask(values)
    text = values[strings].astype(str)
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        todo = out[strings].isna() & (text != "")
        if not todo.any():
            break
        out.loc[todo[todo].index] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
    rest = out.isna() & ~(strings & (values.astype(str) == ""))
    if rest.any():
        out[rest] = pd.to_datetime(values[rest].map(_date))
    return out


def _number(value: object) -> float:
    if isinstance(value, bool):
        return np.nan
    if isinstance(value, (int, float)):
        return float(value) if np.isfinite(value) else np.nan
    text = _MONEY_JUNK.sub("", str(value))
    negative = text.startswith("(") and text.endswith(")")  # accounting style: (1,250.00)
    text = text.strip("()")
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", text):
        return np.nan
    number = float(text)
    return -number if negative else number


_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value))
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4,5}(\.\d+)?", text):
        return _serial(float(text))
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%Y-%m", "%Y/%m/%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _serial(number: float) -> dt.date | None:
    """An Excel serial day number (1900 date system) as a date, for the years 1990 to 2100."""
    if not 32874 <= number <= 73051:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def _cell_name(table: str, rows: np.ndarray, mask: pd.Series, column: str) -> str:
    return f"{table}, row {int(rows[np.flatnonzero(mask.to_numpy())[0]])}, column {column}"


def _where(table: str, frame: pd.DataFrame, mask: pd.Series, column: str) -> str:
    return f"{table}, row {int(frame.loc[mask, '_row'].iloc[0])}, column {column}"


# --------------------------------------------------------------------------- checks across rows and tables

def _about(frame: pd.DataFrame | None, label: str) -> dict:
    out: dict = {}
    if frame is None:
        return out
    for row, key, value in zip(frame["_row"], frame["key"], frame["value"]):
        where = f"{label}, row {row}, column value"
        if key == "records_version":
            if value.strip() not in ("1", "1.0"):
                raise ScenarioError(where, f"records version {short(value, 20)!r}: this imt-roi reads version "
                                           f"{RECORDS_VERSION}")
        elif key == "plan_start":
            day = _date(value)
            if day is None:
                raise ScenarioError(where, f"{short(repr(value), 30)} is not a date")
            out["plan_start"] = _first_of_month(day)
    return out


def _first_of_month(day) -> dt.date:
    day = pd.Timestamp(day).date()
    return day.replace(day=1)


def _check_apprentices(frame: pd.DataFrame, label: str) -> None:
    duplicate = frame["id"].duplicated()
    if duplicate.any():
        raise ScenarioError(_where(label, frame, duplicate, "id"),
                            f"{short(frame.loc[duplicate, 'id'].iloc[0], 30)!r} is the id of another apprentice")
    status = ~frame["status"].isin(STATUSES)
    if status.any():
        raise ScenarioError(_where(label, frame, status, "status"),
                            f"{short(frame.loc[status, 'status'].iloc[0], 30)!r} is not active, completed or left")
    ended = frame["status"] != "active"
    no_end = ended & frame["end_date"].isna()
    if no_end.any():
        raise ScenarioError(_where(label, frame, no_end, "end_date"),
                            "is blank: a completed apprentice or one who left needs the date")
    early = frame["end_date"] < frame["start_date"]
    if early.any():
        raise ScenarioError(_where(label, frame, early, "end_date"),
                            f"{frame.loc[early, 'end_date'].iloc[0].date()} is before the start date "
                            f"({frame.loc[early, 'start_date'].iloc[0].date()})")
    active_end = (frame["status"] == "active") & frame["end_date"].notna()
    if active_end.any():
        raise ScenarioError(_where(label, frame, active_end, "end_date"),
                            "an active apprentice has no end date yet: blank it, or set the status")


def _check_known(table: str, frame: pd.DataFrame, column: str, known: set) -> None:
    given = frame[column] != ""
    unknown = given & ~frame[column].isin(known)
    if unknown.any():
        raise ScenarioError(_where(table, frame, unknown, column),
                            f"{short(frame.loc[unknown, column].iloc[0], 30)!r} is not in the apprentices table")


def _check_ledger(frame: pd.DataFrame, label: str) -> None:
    category = ~frame["category"].isin(list(LEDGER_CATEGORIES))
    if category.any():
        raise ScenarioError(_where(label, frame, category, "category"),
                            f"{short(frame.loc[category, 'category'].iloc[0], 30)!r} is not a category: "
                            + ", ".join(LEDGER_CATEGORIES))
    by_hours = frame["category"].isin(HOURS_CATEGORIES)
    no_hours = by_hours & frame["hours"].isna()
    if no_hours.any():
        raise ScenarioError(_where(label, frame, no_hours, "hours"),
                            f"is blank: a {frame.loc[no_hours, 'category'].iloc[0]} row gives hours")
    no_amount = ~by_hours & frame["amount"].isna()
    if no_amount.any():
        raise ScenarioError(_where(label, frame, no_amount, "amount"),
                            f"is blank: a {frame.loc[no_amount, 'category'].iloc[0]} row gives an amount")


def summary_lines(records: Records) -> list[str]:
    """What was read, in a few lines: apprentices by status, ledger rows and totals by category, the notes."""
    status = records.apprentices["status"].value_counts()
    lines = [f"Records {records.source}: plan month 1 is {records.plan_start:%B %Y}",
             f"Apprentices: {len(records.apprentices):,} ("
             + ", ".join(f"{int(status.get(s, 0)):,} {s}" for s in STATUSES) + ")",
             f"Ledger: {len(records.ledger):,} rows"]
    for category, rows in records.ledger.groupby("category", sort=False):
        total = rows["hours"].sum() if category in HOURS_CATEGORIES else rows["amount"].sum()
        unit = f"{total:,.1f} hours" if category in HOURS_CATEGORIES else f"${total:,.2f}"
        lines.append(f"  {category}: {len(rows):,} rows, {unit}")
    lines.append(f"Wage changes: {len(records.wages):,}; months of hours: {len(records.hours):,}")
    lines += [f"Note: {n}" for n in records.notes]
    return lines


# --------------------------------------------------------------------------- templates

def write_template(directory: str | Path) -> list[Path]:
    """Blank CSV templates of every table in a new folder ``directory``: a header row, then a row starting with
    ``#`` that says what each column holds (skipped when read)."""
    folder = as_path(directory, "--template")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScenarioError(str(directory), "already exists: give a new folder for the templates")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScenarioError(str(directory), f"cannot create the folder: {exc.strerror or exc}") from None
    written = []
    for name, spec in COLUMNS.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(list(spec))
        writer.writerow([("# " if i == 0 else "") + ("required: " if needed else "optional: ") + what
                         for i, (needed, _, what) in enumerate(spec.values())])
        if name == "about":
            writer.writerow(["records_version", RECORDS_VERSION])
        path = folder / f"{name}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        written.append(path)
    return written
