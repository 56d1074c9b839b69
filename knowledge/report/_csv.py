"""The progress table as CSV for other tools: UTF-8 with a BOM and CRLF, so Excel opens it as is."""

from __future__ import annotations

import csv
import io

from knowledge.report._table import COLUMNS, ReportTable


def csv_bytes(table: ReportTable) -> bytes:
    """The main sheet's header and rows as CSV (every row carries its project label)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row.cells() for row in table.rows)
    return out.getvalue().encode("utf-8-sig")
