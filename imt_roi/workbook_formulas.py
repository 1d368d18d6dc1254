"""Sheets of the workbook an analyst can audit: Excel formulas over the "Cash flows" sheet, not values.

"Monthly" sums each plan month's costs and benefits from the cash-flow rows (SUMIFS) and carries the net,
the cumulative net and the end-of-month discount factor; "Summary" computes B, C, B/C, the NPV (B - C), the
payback month and the peak outlay from it; "By year" sums the months of each plan year. Recalculated by
Excel, LibreOffice or a formula engine they give the tool's own figures (a test holds them within rounding).
"""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .engine import CASHFLOW_COLUMNS
from .metrics import RECOVERED_USD, ZERO_USD
from .results import Result

_BOLD = Font(bold=True)
#: The sheets whose formulas are the tool's own; in every other sheet a cell is a value or text.
FORMULA_SHEETS = ("Monthly", "Summary", "By year")
#: Columns of the "Cash flows" sheet the formulas read (its column order is CASHFLOW_COLUMNS).
_MONTH, _KIND, _AMOUNT = (get_column_letter(CASHFLOW_COLUMNS.index(c) + 1) for c in ("month", "kind", "amount"))


def add_formula_sheets(wb, result: Result) -> None:
    """Add "Monthly", "Summary" and "By year" to ``wb``, whose "Cash flows" sheet holds ``result.cashflows``."""
    rows = len(result.cashflows) + 1
    flows = "'Cash flows'!${col}$2:${col}$" + str(max(rows, 2))
    month, kind, amount = (flows.format(col=c) for c in (_MONTH, _KIND, _AMOUNT))
    n = result.last_month
    last = n + 1

    monthly = wb.create_sheet("Monthly")
    monthly.append(["month", "costs", "benefits", "net", "cumulative net", "discount factor", "flows started",
                    "paid back in"])
    for r in range(2, last + 1):
        started = f"=ABS(D{r})>{ZERO_USD}" if r == 2 else f"=OR(G{r - 1},ABS(D{r})>{ZERO_USD})"
        monthly.append([
            r - 1,
            f'=SUMIFS({amount},{month},A{r},{kind},"cost")',
            f'=SUMIFS({amount},{month},A{r},{kind},"benefit")',
            f"=C{r}-B{r}",
            f"=SUM($D$2:D{r})",
            f"=(1+Summary!$B$2)^(-A{r}/12)",
            started,
            f'=IF(AND(G{r},E{r}>=-{RECOVERED_USD}),A{r},"")',
        ])
    _header(monthly)

    summary = wb.create_sheet("Summary")
    col = {c: f"Monthly!${c}$2:${c}${last}" for c in "BCDEFH"}
    rows_out = [
        ("discount rate, yearly (end of month)", result.scenario.horizon.rate_used),
        ("benefits B (present value)", f"=SUMPRODUCT({col['C']},{col['F']})"),
        ("costs C (present value)", f"=SUMPRODUCT({col['B']},{col['F']})"),
        ("return per dollar B/C", '=IF(B4>0,B3/B4,"none")'),
        ("net benefit B - C (NPV)", "=B3-B4"),
        ("net cash, undiscounted", f"=SUM({col['D']})"),
        ("payback month", f'=IF(COUNT({col["H"]})=0,"none",MIN({col["H"]}))'),
        ("peak outlay (undiscounted)", f"=MAX(0,-MIN({col['E']}))"),
    ]
    summary.append(["figure", "value (a formula over Monthly)"])
    for label, value in rows_out:
        summary.append([label, value])
    _header(summary)
    summary.column_dimensions["A"].width = 38

    years = wb.create_sheet("By year")
    years.append(["year", "first month", "last month", "costs", "benefits", "net", "cumulative net"])
    for y in range(1, (n - 1) // 12 + 2):
        r = y + 1
        lo, hi = 12 * (y - 1) + 1, min(12 * y, n)
        between = f'Monthly!$A$2:$A${last},">="&B{r},Monthly!$A$2:$A${last},"<="&C{r}'
        years.append([y, lo, hi, f"=SUMIFS({col['B']},{between})", f"=SUMIFS({col['C']},{between})",
                      f"=E{r}-D{r}", f"=SUM($F$2:F{r})"])
    _header(years)


def _header(ws) -> None:
    """Bold, frozen first row and columns wide enough for their headings."""
    for cell in ws[1]:
        cell.font = _BOLD
        ws.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 2)
    ws.freeze_panes = "A2"
