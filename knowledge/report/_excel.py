"""The progress table as an Excel workbook, laid out as the team prints it: A4 landscape, one page wide."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from knowledge.rating import STAR_MEANINGS
from knowledge.report._table import COLUMNS, NO_RATING, RATING_LABELS, ReportTable

MAIN_SHEET = "進捗表"
SUMMARY_SHEET = "集計"
HEADER_ROW = 2  # row 1 is the title

# Widths in Excel's character units; a wide (East Asian) character counts 2.  Long columns wrap
# at their cap instead of stretching the page until the text is too small to read.
MIN_WIDTH = 4
MAX_WIDTH = {"プロジェクト": 24, "指標": 36, "現状値": 26, "目標値": 26, "評価（試算）": 18, "備考": 44}
DEFAULT_MAX_WIDTH = 28
PADDING = 2

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_TEXT = "@"  # Excel's text format: a value typed over a cell stays text too


def display_width(text: str) -> int:
    """How wide a text prints: East Asian wide, full-width and ambiguous (★) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Each column's width from its longest line (header included), within its cap."""
    widths = []
    for index, name in enumerate(header):
        texts = [name, *(row[index] for row in rows)]
        longest = max(display_width(line) for text in texts for line in (text.splitlines() or [""]))
        cap = MAX_WIDTH.get(name, DEFAULT_MAX_WIDTH)
        widths.append(max(MIN_WIDTH, min(longest + PADDING, cap)))
    return widths


def _put(ws: Worksheet, row: int, column: int, text: str) -> None:
    """Write a text cell: never a number or a formula, whatever the text looks like."""
    cell = ws.cell(row=row, column=column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)  # control characters would corrupt the file
    cell.data_type = "s"  # a text starting with "=" stays text, not a formula
    cell.number_format = _TEXT


def _print_setup(ws: Worksheet, header_row: int) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    setup = ws.sheet_properties.pageSetUpPr
    if setup is None:
        setup = ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    setup.fitToPage = True  # without it Excel ignores fitToWidth
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header_row}:{header_row}"  # the header on every printed page
    if ws.oddFooter is not None:
        ws.oddFooter.center.text = "&P / &N"  # page numbers: a long table prints on several pages


def _line(ws: Worksheet, row: int, text: str, columns: int, bold: bool = False) -> None:
    """A line of text across the table's width, wrapped: text outside the used columns would not print."""
    _put(ws, row, 1, text)
    cell = ws.cell(row=row, column=1)
    cell.font = Font(bold=bold, size=13 if bold else 11)
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    # Excel sizes the rows of merged cells to one line: give them the lines the text needs.
    width = sum(ws.column_dimensions[get_column_letter(c)].width or MIN_WIDTH for c in range(1, columns + 1))
    lines = -(-display_width(text) // max(int(width), 1))
    if lines > 1:
        ws.row_dimensions[row].height = 18 * lines


def _table_sheet(
    ws: Worksheet, heading: str, header: Sequence[str], rows: Sequence[Sequence[str]], wrap: bool
) -> None:
    for column, name in enumerate(header, start=1):
        _put(ws, HEADER_ROW, column, name)
        cell = ws.cell(row=HEADER_ROW, column=column)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, cells in enumerate(rows, start=HEADER_ROW + 1):
        for column, text in enumerate(cells, start=1):
            _put(ws, r, column, text)
            cell = ws.cell(row=r, column=column)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=wrap)
    for column, width in enumerate(column_widths(header, rows), start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    _line(ws, 1, heading, len(header), bold=True)  # after the widths, which it wraps within
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1).coordinate
    _print_setup(ws, HEADER_ROW)


def summary_rows(table: ReportTable) -> list[tuple[str, str, str, str]]:
    """The 集計 sheet's count table: each rating's meaning and how many got it, officially and computed."""
    s = table.summary
    rows = [
        (
            label,
            STAR_MEANINGS.get(len(label), "") if label != NO_RATING else "",
            str(s.official[label]),
            str(s.computed[label]),
        )
        for label in RATING_LABELS
    ]
    rows.append(("計", "", str(s.indicators), str(s.indicators)))
    return rows


def summary_lines(table: ReportTable) -> list[str]:
    """The sentences under the counts: the document's own form, computed from the data."""
    s = table.summary
    lines = [f"公式: {s.official_sentence}", f"試算: {s.computed_sentence}"]
    if s.differing:
        lines.append(f"{s.differing}指標で公式と試算が異なります（進捗表の備考に ⚠）。")
    if s.document_claim:
        lines.append(f"文書の記載: {s.document_claim}")
    return lines


def workbook_bytes(table: ReportTable) -> bytes:
    """The progress table as an .xlsx file: the 進捗表 sheet and its 集計."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = MAIN_SHEET
    _table_sheet(ws, table.heading, COLUMNS, [row.cells() for row in table.rows], wrap=True)

    summary = wb.create_sheet(SUMMARY_SHEET)
    computed = "最終評価（試算）" if table.final else "評価（試算）"
    counts = summary_rows(table)
    _table_sheet(summary, table.heading, ("評価", "意味", "評価（公式）", computed), counts, wrap=False)
    for offset, line in enumerate(summary_lines(table), start=HEADER_ROW + len(counts) + 2):
        _line(summary, offset, line, 4)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
