"""The year-end progress table (進捗表): its rows as they stood on a day, the workbook and the CSV."""

import csv
import io
import re
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from knowledge.periods import parse_period
from knowledge.rating import stars_text
from knowledge.report import (
    COLUMNS,
    DIFFERS,
    MAIN_SHEET,
    NOT_RATED,
    SUMMARY_SHEET,
    build_table,
    column_widths,
    csv_bytes,
    display_width,
    end_of_day,
    quantity_text,
    workbook_bytes,
)
from knowledge.store import Store
from knowledge.values import JST

DAY = date(2026, 12, 4)


@pytest.fixture
def store():
    s = Store.open(None)
    yield s
    s.close()


def jst(day: date, hour: int) -> datetime:
    """``hour`` o'clock in Japan on ``day``: when an editor recorded something."""
    return datetime.combine(day, time(hour), tzinfo=JST)


def read_workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def sheet_rows(ws, first: int = 3) -> list[tuple[str, ...]]:
    return [tuple(c or "" for c in row) for row in ws.iter_rows(min_row=first, values_only=True)]


def test_the_1st_revision_reproduces_the_document_s_table(kb):
    table = build_table(kb, None, "2021", DAY)
    indicators = kb.indicators("2021")
    assert [r.no for r in table.rows] == [i.no for i in indicators]
    for row, ind in zip(table.rows, indicators, strict=True):
        assert (row.name, row.actual) == (ind.name, ind.actual.text)
        assert row.baseline.startswith(ind.baseline.text) and row.target.startswith(ind.target.text)
        printed = ind.official
        assert row.official == (stars_text(printed.stars) if printed.stars else printed.text)
        assert row.official_stars == printed.stars


def test_rows_are_grouped_by_project_in_the_document_s_order(kb):
    table = build_table(kb, None, "2024", DAY)
    projects = [kb.indicator(r.no, "2024").project_no for r in table.rows]
    assert projects == sorted(projects)
    assert [r.no for r in table.rows] == sorted(r.no for r in table.rows)


def test_the_summary_states_what_the_next_document_says_of_the_1st_revision(kb):
    summary = build_table(kb, None, "2021", DAY).summary
    claim = summary.document_claim
    total, rated = (int(n) for n in re.search(r"全(\d+)指標のうち(\d+)の指標", claim).groups())
    assert (summary.indicators, summary.official_at_least_3) == (total, rated)
    assert summary.official_sentence == f"{total}指標中{rated}指標が概ね計画どおり（★★★）以上"
    assert sum(summary.official.values()) == sum(summary.computed.values()) == total
    assert summary.computed_sentence.startswith("（最終評価・試算）")


def test_an_official_rating_is_compared_with_the_試算_at_its_own_date(kb):
    # The document rated the 1st revision before it ended; /indicator finds every rating agrees.
    table = build_table(kb, None, "2021", DAY)
    assert table.final and table.summary.differing == 0
    assert not any(DIFFERS in r.remarks for r in table.rows)


@pytest.mark.parametrize(
    ("text", "period", "expected"),
    [
        ("11回", "FY2019", "11回（2019年度・令和元年度）"),
        ("35回/3年", "FY2023", "35回/3年（2023年度・令和5年度）"),
        ("4,470人", "CY2023", "4,470人（2023年・令和5年）"),
        ("—", None, "—"),
    ],
)
def test_a_quantity_prints_as_printed_with_its_和暦(text, period, expected):
    from knowledge.models import Quantity

    value = None if period is None else Decimal(1)
    assert (
        quantity_text(Quantity(value=value, unit="x" if value else None, period=period, text=text))
        == expected
    )


@pytest.mark.parametrize(("text", "width"), [("No.", 3), ("指標", 4), ("★★", 4), ("5G基盤", 6), ("", 0)])
def test_display_width_counts_wide_characters_twice(text, width):
    assert display_width(text) == width


def test_column_widths_fit_the_longest_line_within_a_cap():
    widths = column_widths(("No.", "指標", "備考"), [("1", "短い", "x" * 200), ("24", "長" * 40, "")])
    assert widths == [5, 36, 44]


def test_end_of_day_is_the_last_second_of_the_day_in_japan():
    assert end_of_day(date(2027, 3, 31)).astimezone(UTC) == datetime(2027, 3, 31, 14, 59, 59, tzinfo=UTC)


def test_the_workbook_reads_back_as_the_table(kb):
    table = build_table(kb, None, "2021", DAY)
    wb = read_workbook(workbook_bytes(table))
    assert wb.sheetnames == [MAIN_SHEET, SUMMARY_SHEET]
    ws = wb[MAIN_SHEET]
    assert ws["A1"].value == table.heading and "令和8年12月4日" in table.heading
    assert tuple(c.value for c in ws[2]) == COLUMNS
    assert sheet_rows(ws) == [r.cells() for r in table.rows]
    assert {c.data_type for row in ws.iter_rows(min_row=2) for c in row if c.value is not None} == {"s"}


def test_the_workbook_prints_on_a4_landscape_one_page_wide(kb):
    ws = read_workbook(workbook_bytes(build_table(kb, None, "2024", DAY)))[MAIN_SHEET]
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.freeze_panes, ws.print_title_rows) == ("A3", "$2:$2")
    for index, name in enumerate(COLUMNS, start=1):
        letter = ws.cell(row=2, column=index).column_letter
        assert ws.column_dimensions[letter].width >= min(display_width(name), 24)


def test_the_summary_sheet_counts_each_rating(kb):
    table = build_table(kb, None, "2021", DAY)
    ws = read_workbook(workbook_bytes(table))[SUMMARY_SHEET]
    assert tuple(c.value for c in ws[2]) == ("評価", "意味", "評価（公式）", "最終評価（試算）")
    counts = {
        row[0]: (int(row[2]), int(row[3])) for row in ws.iter_rows(min_row=3, max_row=8, values_only=True)
    }
    s = table.summary
    assert counts == {k: (s.official[k], s.computed[k]) for k in s.official} | {"計": (24, 24)}
    lines = [row[0] for row in ws.iter_rows(min_row=10, values_only=True) if row[0]]
    assert lines[:2] == [f"公式: {s.official_sentence}", f"試算: {s.computed_sentence}"]
    assert lines[-1] == f"文書の記載: {s.document_claim}"


def test_the_csv_is_the_same_table_for_excel(kb):
    table = build_table(kb, None, "2021", DAY)
    data = csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == len(table.rows) + 1
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [list(COLUMNS), *(list(r.cells()) for r in table.rows)]


def test_text_that_looks_like_a_formula_or_has_control_characters_stays_text(kb, store):
    store.record(
        "2024",
        15,
        Decimal(95),
        "%",
        "95%",
        "FY2025",
        "1",
        '=HYPERLINK("x")\x07',
        note="=1+1",
        now=jst(DAY, 10),
    )
    ws = read_workbook(workbook_bytes(build_table(kb, store, "2024", DAY)))[MAIN_SHEET]
    [row] = [r for r in ws.iter_rows(min_row=3) if r[1].value == "15"]
    remarks = row[-1]
    assert remarks.data_type == "s" and '実績: =HYPERLINK("x") ' in remarks.value
    assert "実績メモ: =1+1" in remarks.value and "\x07" not in remarks.value


def test_as_of_gives_the_table_as_it_stood_before_and_after_an_update(kb, store):
    before, after = date(2026, 6, 1), date(2026, 6, 2)
    store.record("2024", 15, Decimal(95), "%", "95%", "FY2025", "1", "alice", now=jst(after, 10))
    old, new = build_table(kb, store, "2024", before), build_table(kb, store, "2024", after)
    changed = [(a.no, b.actual) for a, b in zip(old.rows, new.rows, strict=True) if a.cells() != b.cells()]
    assert changed == [(15, "95%")]
    assert [r.no for r in old.rows if r.actual] == []


def test_an_update_late_at_night_in_japan_counts_for_that_day(kb, store):
    day = date(2026, 6, 1)
    store.record("2024", 15, Decimal(95), "%", "95%", "FY2025", "1", "alice", now=jst(day, 23))
    row = next(r for r in build_table(kb, store, "2024", day).rows if r.no == 15)
    assert (row.actual, row.as_of) == ("95%", parse_period("FY2025").label())


def test_a_withdrawn_actual_still_shows_on_the_days_before_it_was_withdrawn(kb, store):
    entry = store.record(
        "2024", 15, Decimal(95), "%", "95%", "FY2025", "1", "alice", now=jst(date(2026, 6, 1), 10)
    )
    store.undo("2024", 15, "1", "alice", now=jst(date(2026, 7, 1), 10), entry_id=entry.id)
    on = {
        d: next(r for r in build_table(kb, store, "2024", d).rows if r.no == 15)
        for d in (date(2026, 6, 30), DAY)
    }
    assert (on[date(2026, 6, 30)].actual, on[DAY].actual) == ("95%", "")


def test_an_official_rating_shows_from_the_day_it_was_recorded(kb, store):
    store.rate(
        "2024", 9, 2, "FY2025", "1", "alice", interim=True, note="本部会議", now=jst(date(2026, 8, 1), 10)
    )
    rows = {
        d: next(r for r in build_table(kb, store, "2024", d).rows if r.no == 9)
        for d in (date(2026, 7, 31), DAY)
    }
    assert (rows[date(2026, 7, 31)].official, rows[DAY].official) == (NOT_RATED, "★★")
    assert (
        "中間評価・alice 2026年8月1日登録" in rows[DAY].remarks and "公式メモ: 本部会議" in rows[DAY].remarks
    )
    others = [r.no for r in build_table(kb, store, "2024", DAY).rows if r.official != NOT_RATED]
    assert others == [9]


def test_a_recorded_rating_that_differs_from_the_試算_is_flagged(kb, store):
    store.record(
        "2024", 9, Decimal(110), "件", "110件", "FY2025", "1", "alice", now=jst(date(2026, 6, 1), 10)
    )
    store.rate("2024", 9, 1, "FY2025", "1", "alice", interim=True, now=jst(date(2026, 8, 1), 10))
    table = build_table(kb, store, "2024", DAY)
    row = next(r for r in table.rows if r.no == 9)
    assert row.differs and row.remarks.startswith(f"{DIFFERS}（2025年度（令和7年度）時点の試算 ★")
    assert table.summary.differing == 1
