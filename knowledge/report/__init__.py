"""The year-end progress report (進捗表): the table as it stood on a day, as Excel and CSV."""

from knowledge.report._csv import csv_bytes
from knowledge.report._excel import MAIN_SHEET, SUMMARY_SHEET, column_widths, display_width, workbook_bytes
from knowledge.report._table import (
    COLUMNS,
    DIFFERS,
    NO_RATING,
    NOT_RATED,
    RATING_LABELS,
    ReportRow,
    ReportSummary,
    ReportTable,
    build_table,
    day_label,
    end_of_day,
    quantity_text,
)

__all__ = [
    "COLUMNS",
    "DIFFERS",
    "MAIN_SHEET",
    "NOT_RATED",
    "NO_RATING",
    "RATING_LABELS",
    "SUMMARY_SHEET",
    "ReportRow",
    "ReportSummary",
    "ReportTable",
    "build_table",
    "column_widths",
    "csv_bytes",
    "day_label",
    "display_width",
    "end_of_day",
    "quantity_text",
    "workbook_bytes",
]
