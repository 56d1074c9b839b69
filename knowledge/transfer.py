"""Bulk import and export of actuals as CSV (Excel-friendly) and JSON, never half-applied.

Import columns (a header row is required; column names in English or Japanese):

==========  ==========  ===============================================================
column      日本語       content
==========  ==========  ===============================================================
indicator   指標         the 2nd revision's indicator number (1–28)
value       値           the actual as people type it: 95.2%, 1,234, 4.9万人, 49,000人
as_of       時点         2025-03, 2025-03-31, 2025年度 / FY2025, 2025年 / CY2025, R7.3
note        メモ         optional
source      出典         optional
==========  ==========  ===============================================================

An export (``export_csv``) can be imported again as it is: extra columns are ignored, and the rows
it marks withdrawn are skipped.  Files may be UTF-8 (with or without a BOM) or Shift_JIS, which Excel in Japan writes.  Every row
is validated before anything is applied; problems are reported with their line numbers.  Unless
``partial`` is asked for, nothing is applied while any row is invalid; the rows that are applied
go into the store in one transaction, so a process killed mid-import leaves no partial import.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from knowledge.kb import Knowledge
from knowledge.store import Entry, NewEntry, Store
from knowledge.values import InputError, parse_as_of, parse_value, to_jst

MAX_ROWS = 10_000
MAX_BYTES = 2_000_000
MAX_CELL = 200

COLUMNS = {
    "indicator": "indicator",
    "指標": "indicator",
    "value": "value",
    "値": "value",
    "as_of": "as_of",
    "時点": "as_of",
    "note": "note",
    "メモ": "note",
    "source": "source",
    "出典": "source",
    "withdrawn": "withdrawn",  # present in our own export: withdrawn rows are history, not actuals
}
REQUIRED = ("indicator", "value", "as_of")
# Machine-readable columns, with Japanese ones beside them for people reading the file in Excel.
EXPORT_COLUMNS = (
    "id", "plan", "indicator", "name", "value", "unit", "value_text", "as_of", "時点（表示用）",
    "recorded_by", "recorded_at", "記録日時（日本時間）", "note", "source", "withdrawn",
)  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One invalid row, by its line number in the file (the header is line 1)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}行目: {self.message}"


@dataclass
class ImportResult:
    """What an import found and did."""

    rows: list[NewEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    applied: int = 0
    skipped: int = 0
    file_error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file was read and every row was valid."""
        return self.file_error is None and not self.problems


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else Shift_JIS (cp932, as Excel writes it)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp932")


def validate(kb: Knowledge, store: Store | None, data: bytes, today: date) -> ImportResult:
    """Read and check every row; nothing is written."""
    result = ImportResult()
    if len(data) > MAX_BYTES:
        result.file_error = f"ファイルが大きすぎます（{MAX_BYTES // 1_000_000}MBまで）。"
        return result
    try:
        text = decode(data)
    except UnicodeDecodeError:
        result.file_error = "文字コードを読み取れません。UTF-8 か Shift_JIS の CSV で保存してください。"
        return result
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        result.file_error = "CSV が空です。1行目に indicator,value,as_of の見出しを書いてください。"
        return result
    names = [COLUMNS.get(h.strip().lower()) or COLUMNS.get(h.strip()) for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        result.file_error = f"見出しに {', '.join(missing)} がありません。1行目は indicator,value,as_of（,note,source）にしてください。"
        return result
    seen: dict[tuple[int, str], int] = {}
    stored: set[tuple[int, str, Decimal]] = set()
    if store is not None:
        stored = {(e.indicator, e.as_of, e.value) for e in _effective(store, kb.current_plan(today))}
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if line - 1 > MAX_ROWS:
                result.problems.append(Problem(line, f"行数が多すぎます（{MAX_ROWS}行まで）。"))
                break
            row = {name: cells[i].strip() for i, name in enumerate(names) if name and i < len(cells)}
            if row.get("withdrawn"):
                continue
            checked = _check_row(kb, row, line, today, seen, stored)
            if isinstance(checked, Problem):
                result.problems.append(checked)
            else:
                result.rows.append(checked)
    except csv.Error:
        result.file_error = (
            f"{reader.line_num}行目付近が CSV として読めません。"
            'セルの中に改行や引用符があるときは、セル全体を "" で囲んでください。'
        )
    return result


def _effective(store: Store, plan: str) -> Iterator[Entry]:
    for entries in (store.history(plan, no) for no in store.latest_all(plan)):
        yield from (e for e in entries if not e.withdrawn)


def _check_row(
    kb: Knowledge,
    row: dict[str, str],
    line: int,
    today: date,
    seen: dict[tuple[int, str], int],
    stored: set[tuple[int, str, Decimal]],
) -> NewEntry | Problem:
    plan = kb.current_plan(today)  # actuals are recorded for the plan in force
    number = unicodedata.normalize("NFKC", row.get("indicator", ""))
    ind = kb.indicator(int(number), plan) if number.isdigit() else None
    if ind is None:
        return Problem(line, f"指標「{number[:20]}」はありません（1〜{len(kb.indicators(plan))}）。")
    for column in ("note", "source"):
        if len(row.get(column, "")) > MAX_CELL:
            return Problem(line, f"{column} が長すぎます（{MAX_CELL}文字まで）。")
    try:
        parsed = parse_value(row.get("value", ""), ind)
        period = parse_as_of(row.get("as_of", ""), ind, today)
    except InputError as exc:
        return Problem(line, exc.message)
    key = (ind.no, str(period))
    if key in seen:
        return Problem(line, f"{seen[key]}行目と同じ指標・時点の行です（重複）。")
    seen[key] = line
    if (ind.no, str(period), parsed.value) in stored:
        return Problem(line, "同じ値がすでに記録されています（重複）。")
    return NewEntry(
        plan,
        ind.no,
        parsed.value,
        parsed.unit,
        parsed.text,
        str(period),
        row.get("note") or None,
        row.get("source") or None,
    )


def apply(
    store: Store, result: ImportResult, by_id: str, by_name: str, partial: bool = False
) -> ImportResult:
    """Store the valid rows in one transaction: all rows when every row is valid, or with ``partial``."""
    if result.file_error or (result.problems and not partial) or not result.rows:
        result.skipped = len(result.problems) if partial else result.skipped
        return result
    store.record_many(result.rows, by_id, by_name, action="import")
    result.applied = len(result.rows)
    result.skipped = len(result.problems)
    return result


def export_rows(kb: Knowledge, store: Store | None) -> list[dict[str, Any]]:
    """Every recorded entry (withdrawn ones flagged), oldest first, with the indicator's name."""
    rows = []
    if store is not None:
        for ind in (i for plan in kb.plan_ids for i in kb.indicators(plan)):
            for e in reversed(store.history(ind.plan, ind.no)):
                rows.append(
                    {
                        "id": e.id,
                        "plan": e.plan,
                        "indicator": e.indicator,
                        "name": ind.name,
                        "value": format(e.value, "f"),
                        "unit": e.unit,
                        "value_text": e.value_text,
                        "as_of": e.as_of,
                        "時点（表示用）": e.period.label(),
                        "recorded_by": e.recorded_by_name,
                        "recorded_at": e.recorded_at,
                        "記録日時（日本時間）": to_jst(e.recorded_at).strftime("%Y-%m-%d %H:%M"),
                        "note": e.note or "",
                        "source": e.source or "",
                        "withdrawn": "yes" if e.withdrawn else "",
                    }
                )
    return sorted(rows, key=lambda r: r["id"])


def export_ratings(kb: Knowledge, store: Store | None) -> list[dict[str, Any]]:
    """Every official rating editors recorded (withdrawn ones flagged), oldest first."""
    if store is None:
        return []
    rows = [
        {
            "id": r.id,
            "plan": r.plan,
            "indicator": r.indicator,
            "stars": r.stars,
            "as_of": r.as_of,
            "時点（表示用）": r.period.label(),
            "interim": r.interim,
            "note": r.note or "",
            "recorded_by": r.recorded_by_name,
            "recorded_at": r.recorded_at,
            "withdrawn": r.withdrawn,
        }
        for plan in kb.plan_ids
        for by_no in (store.officials_all(plan),)
        for ratings in by_no.values()
        for r in ratings
    ]
    return sorted(rows, key=lambda r: int(r["id"]))


def export_csv(kb: Knowledge, store: Store | None) -> bytes:
    """The history as CSV for Excel: UTF-8 with a BOM (Excel reads it without garbling)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(export_rows(kb, store))
    return out.getvalue().encode("utf-8-sig")


def export_json(kb: Knowledge, store: Store | None) -> bytes:
    """The knowledge (indicators with baseline and target) plus the history, as JSON."""
    indicators = [
        {
            "plan": ind.plan,
            "no": ind.no,
            "name": ind.name,
            "project": ind.project,
            "baseline": {
                "value": _num(ind.baseline.value),
                "unit": ind.baseline.unit,
                "text": ind.baseline.text,
            },
            "target": {
                "value": _num(ind.target.value),
                "unit": ind.target.unit,
                "text": ind.target.text,
                "kind": ind.target.kind.value,
            },
        }
        for plan in reversed(kb.plan_ids)  # the newest plan first, as before
        for ind in kb.indicators(plan)
    ]
    payload = {
        "data_version": kb.version,
        "indicators": indicators,
        "entries": export_rows(kb, store),
        "official_ratings": export_ratings(kb, store),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


def _num(value: object) -> str | None:
    return None if value is None else str(value)
