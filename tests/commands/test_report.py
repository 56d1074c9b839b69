"""/report: the progress table as Excel and CSV, for editors, as it stood on a day."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.render.text import render
from commands.context import Actor, Context
from commands.parse import execute
from knowledge.store import Store
from knowledge.values import today_in_japan

EDITOR = Actor("1", "alice", editor=True)
VIEWER = Actor("2", "bob")
TODAY = date(2026, 12, 4)
# the report as of TODAY leaves out what was recorded after it, so a recording is dated on TODAY
# rather than at the clock's time, which is past TODAY from 15:00 UTC on that day
ON_TODAY = datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.fixture
def store():
    s = Store.open(None)
    yield s
    s.close()


def at(kb, store, actor=EDITOR):
    return Context(kb, today=TODAY, store=store, actor=actor)


def test_an_editor_gets_the_workbook_and_the_csv(kb, store):
    reply = execute(at(kb, store), "/report 計画:2021 基準日:2026-12-01")
    assert (reply.status, reply.kind, reply.key) == ("ok", "report", "2021")
    assert [name for name, _ in reply.files] == ["進捗表-2021-20261201.xlsx", "進捗表-2021-20261201.csv"]
    ws = load_workbook(io.BytesIO(reply.files[0][1]))["進捗表"]
    assert ws.max_row - 2 == reply.record["rows"] == len(kb.indicators("2021"))
    assert reply.record["summary"]["official_sentence"] == "24指標中17指標が概ね計画どおり（★★★）以上"
    text = render(reply)
    assert "第1次改定版 進捗表（基準日 2026年12月1日（令和8年12月1日）時点）" in text
    assert "公式: 24指標中17指標が概ね計画どおり（★★★）以上" in text


def test_the_default_is_the_plan_in_force_today(kb, store):
    reply = execute(at(kb, store), "/report")
    assert (reply.record["plan"], reply.record["as_of"], reply.record["final"]) == (
        kb.current_plan(TODAY),
        TODAY.isoformat(),
        False,
    )
    assert reply.record["summary"]["official_sentence"].startswith("公式の評価はまだありません")


def test_the_report_follows_what_was_recorded(kb, store):
    store.record("2024", 15, Decimal(95), "%", "95%", "FY2025", "1", "alice", now=ON_TODAY)
    reply = execute(at(kb, store), "/report")
    ws = load_workbook(io.BytesIO(reply.files[0][1]))["進捗表"]
    row = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[1] == "15")
    assert row[5] == "95%"


def test_a_viewer_is_refused_and_gets_no_file(kb, store):
    reply = execute(at(kb, store, VIEWER), "/report")
    assert (reply.status, reply.files) == ("forbidden", ())


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("/report 計画:1999", "計画「1999」はありません"),
        ("/report 基準日:昨日", "基準日「昨日」は読めません。2027-03-31 の形で指定してください。"),
        ("/report 基準日:2027-13-01", "基準日「2027-13-01」は読めません"),
        (
            "/report 基準日:2024-03-31",
            "は第2次改定版の計画期間の初日（2024年4月1日（令和6年4月1日））より前です",
        ),
        ("/report 計画:2021 基準日:2021-03-31", "第1次改定版の計画期間の初日"),
        ("/report 基準日:2026-12-05", "はまだ来ていません（今日は 2026年12月4日（令和8年12月4日））"),
    ],
)
def test_bad_input_is_refused_with_what_to_try(kb, store, line, says):
    reply = execute(at(kb, store), line)
    assert (reply.status, reply.files) == ("invalid", ())
    assert says in render(reply)


def test_without_a_database_the_report_uses_the_document(kb):
    reply = execute(Context(kb, today=TODAY, actor=EDITOR), "/report 計画:2021")
    assert reply.ok and "データベースがないため" in render(reply)


def test_reports_before_and_after_an_update_differ_in_exactly_that_row(kb, store):
    today = today_in_japan()  # /update stamps the real clock; the reports stand at its days
    ctx = Context(kb, today=today, store=store, actor=EDITOR)
    assert execute(ctx, "/update 15 値:95.5% 時点:2025年度").ok

    def rows(day: date) -> list[list[str]]:
        reply = execute(ctx, f"/report 基準日:{day.isoformat()}")
        return list(csv.reader(io.StringIO(reply.files[1][1].decode("utf-8-sig"), newline="")))

    before, after = rows(today - timedelta(days=1)), rows(today)
    changed = [(b[1], b[5], a[5]) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [("15", "", "95.5%")]
