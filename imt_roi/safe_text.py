"""User text as text in every output: spreadsheet cells, CSV, chart labels and the terminal.

Names and descriptions are refused at validation when they hold control characters
(:data:`imt_roi.fields.Name`); what is left can still mean something to the program that
shows it. A cell that starts with ``=`` is a formula to Excel and LibreOffice, ``<a href>``
is a link to plotly, and a scenario read some other way (an older file, a table of
results) may still carry an ESC sequence. Each output escapes user text here.
"""

from __future__ import annotations

import html
import sys

import pandas as pd

from .controls import CONTROL_CODES

#: First characters that make a spreadsheet read a CSV cell as a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_SHOWN_AS_IS = "\n\t"
_CONTROLS = {code: repr(chr(code))[1:-1] if not 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"
             for code in CONTROL_CODES if chr(code) not in _SHOWN_AS_IS}


def terminal_text(text: str) -> str:
    """``text`` with control characters (ESC, bell, carriage return, bidirectional overrides) written as
    escapes (``\\x1b``), so printing it never moves the cursor or recolours the terminal; line breaks and
    tabs stay."""
    return text.translate(_CONTROLS)


def csv_cell(value: object) -> object:
    """A CSV cell as spreadsheets read it safely: text that starts like a formula gets a leading ``'``
    (Excel and LibreOffice then show it as text); numbers and other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_table(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell, column name and index label passed through :func:`csv_cell`."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_cell)
    out.columns = [csv_cell(c) for c in out.columns]
    out.index = out.index.map(csv_cell)
    return out


def write_csv(table: pd.DataFrame, stream=None, **kwargs) -> None:
    """Write ``table`` as CSV (pandas' ``to_csv`` arguments) with its text neutralised (:func:`csv_table`)."""
    csv_table(table).to_csv(stream if stream is not None else sys.stdout, **kwargs)


def chart_text(text: object) -> str:
    """User text for a plotly label or hover text: ``<`` ``>`` and ``&`` as entities, so plotly shows a
    cohort named ``<a href=...>`` as those characters, never as a link or markup."""
    return html.escape(str(text), quote=False)


class PrintableStream:
    """A text stream that writes through :func:`terminal_text` (``imt-roi`` wraps ``sys.stdout`` in it)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_text(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name):
        return getattr(self._stream, name)
