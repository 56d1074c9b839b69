"""/rate: official ratings recorded by editors, side by side with the 試算, audited and undoable."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.render.text import render
from commands.context import Actor, Context
from commands.parse import execute
from knowledge.store import Store
from knowledge.values import to_jst

EDITOR = Actor("1", "alice", editor=True)
OTHER = Actor("3", "dave", editor=True)
VIEWER = Actor("2", "bob")
IN_PLAN = date(2026, 12, 3)  # the 2nd revision (FY2024–FY2026) has not ended
AFTER_PLAN = date(2027, 4, 10)


@pytest.fixture
def store():
    s = Store.open(None)
    yield s
    s.close()


def at(kb, store, actor=EDITOR, today=IN_PLAN):
    return Context(kb, today=today, store=store, actor=actor)


def test_a_rating_before_the_plan_ends_is_an_interim_one(kb, store):
    reply = execute(at(kb, store), "/rate 9 星:3 時点:2025年度 メモ:本部会議で確認")
    assert (reply.status, reply.kind, reply.key) == ("ok", "rate", 9)
    assert {k: reply.record[k] for k in ("plan", "no", "stars", "as_of", "interim", "note")} == {
        "plan": "2024",
        "no": 9,
        "stars": 3,
        "as_of": "FY2025",
        "interim": True,
        "note": "本部会議で確認",
    }
    assert "中間評価として記録しました" in render(reply)
    shown = execute(at(kb, store, VIEWER), "/indicator 9")
    rating = shown.record["rating"]
    assert (rating["official"], rating["official_as_of"], rating["official_source"], rating["interim"]) == (
        3,
        "FY2025",
        "entry",
        True,
    )
    text = render(shown)
    assert "★★★☆ 概ね計画どおり（公式・2025年度（令和7年度）時点・中間評価）" in text
    recorded = to_jst(store.official(reply.record["rating"]).recorded_at).date()  # the real clock's day
    assert (
        f"登録: alice {recorded.year}年{recorded.month}月{recorded.day}日（評価番号 {reply.record['rating']}）"
        in text
    )
    assert "メモ: 本部会議で確認" in text


def test_official_and_computed_are_compared_at_the_rating_s_date(kb, store):
    ctx = at(kb, store)
    store.record("2024", 9, Decimal(110), "件", "110件", "FY2025", "1", "alice")
    reply = execute(ctx, "/rate 9 星:4 時点:2025年度")
    computed = reply.record["computed"]
    assert (reply.record["agrees"], computed == 4) == (False, False)
    assert "⚠ 公式と試算が異なります" in render(reply)
    shown = execute(at(kb, store, VIEWER), "/indicator 9").record["rating"]
    assert (shown["official"], shown["computed_as_official"], shown["agrees"]) == (4, computed, False)


def test_an_editor_rates_a_plan_that_has_ended_and_it_replaces_the_printed_rating(kb, store):
    reply = execute(at(kb, store), "/rate 2 星:2 時点:2023年度 計画:2021")
    assert (reply.status, reply.record["plan"], reply.record["interim"]) == ("ok", "2021", False)
    assert "中間評価" not in render(reply)
    shown = execute(at(kb, store, VIEWER), "/indicator 2 plan:2021").record["rating"]
    # the document printed ★★★ as of FY2022; the final 試算 (elapsed share 1) of that actual is ★★
    assert (shown["official"], shown["official_source"], shown["computed_as_official"], shown["agrees"]) == (
        2,
        "entry",
        2,
        True,
    )


def test_undo_withdraws_a_rating_and_the_printed_one_shows_again(kb, store):
    made = execute(at(kb, store), "/rate 2 星:2 時点:2023年度 計画:2021").record["rating"]
    reply = execute(at(kb, store), f"/undo 評価番号:{made}")
    assert (reply.status, reply.kind, reply.record["withdrawn_rating"], reply.record["official"]) == (
        "ok",
        "undo",
        made,
        3,
    )
    assert (
        execute(at(kb, store, VIEWER), "/indicator 2 plan:2021").record["rating"]["official_source"]
        == "document"
    )
    assert [row.action for row in store.audit_log(limit=2)] == ["unrate", "rate"]


def test_only_one_s_own_rating_is_undone(kb, store):
    made = execute(at(kb, store), "/rate 9 星:3 時点:2025年度").record["rating"]
    reply = execute(at(kb, store, OTHER), f"/undo 評価番号:{made}")
    assert (reply.status, "自分が記録した評価だけ" in reply.message) == ("invalid", True)
    assert store.latest_officials("2024")[9].id == made


def test_undo_without_a_number_proposes_the_latest_recording_whatever_its_kind(kb, store):
    store.record(
        "2024", 9, Decimal(110), "件", "110件", "FY2025", "1", "alice", now=datetime(2026, 12, 1, tzinfo=UTC)
    )
    made = execute(at(kb, store), "/rate 9 星:3 時点:2025年度").record["rating"]
    proposal = execute(at(kb, store), "/undo 9")
    assert (proposal.status, proposal.record["proposed_rating"], proposal.record["proposed_entry"]) == (
        "confirm",
        made,
        None,
    )
    assert proposal.record["confirm"] == f"/undo 9 評価番号:{made}"
    assert len(proposal.record["choices"]) == 2 and store.latest_officials("2024")[9].id == made


@pytest.mark.parametrize(
    ("line", "status", "fragment"),
    [
        ("/rate 9 星:5 時点:2025年度", "invalid", "4"),
        ("/rate 9 星:0 時点:2025年度", "invalid", "1"),
        ("/rate 9 星:3 時点:2019年度", "invalid", "計画期間より前"),
        ("/rate 9 星:3 時点:2023年度 計画:2021", "ok", ""),
        ("/rate 9 星:3 時点:2024年度 計画:2021", "invalid", "計画期間（2021〜2023年度）の後"),
        ("/rate 9 星:3 時点:2027年度", "invalid", "まだ始まっていません"),
        ("/rate 9 星:3 時点:あした", "invalid", "時点として読めません"),
        ("/rate 9 星:3 時点:2025年度 計画:2099", "invalid", "計画「2099」はありません"),
        ("/rate 99 星:3 時点:2025年度", "invalid", "指標99 はありません"),
    ],
)
def test_bad_ratings_are_refused_and_nothing_is_stored(kb, store, line, status, fragment):
    reply = execute(at(kb, store), line)
    assert reply.status == status
    assert fragment in (reply.message or "")
    stored = {plan: store.officials_all(plan) for plan in ("2021", "2024")}
    assert sum(len(rows) for by_no in stored.values() for rows in by_no.values()) == (status == "ok")


def test_a_viewer_may_not_rate(kb, store):
    reply = execute(at(kb, store, VIEWER), "/rate 9 星:3 時点:2025年度")
    assert (reply.status, store.officials_all("2024")) == ("forbidden", {})


def test_the_audit_names_the_rating(kb, store):
    execute(at(kb, store), "/rate 9 星:2 時点:2025年度")
    execute(at(kb, store), "/rate 9 星:3 時点:2025年度")
    lines = execute(at(kb, store), "/audit").lines
    assert "公式評価の記録 指標9（計画2024） ★★ → ★★★（2025年度（令和7年度））" in lines[0]


def test_after_the_plan_ends_the_computed_rating_is_the_final_evaluation(kb, store):
    store.record("2024", 9, Decimal(110), "件", "110件", "FY2025", "1", "alice")
    during = execute(at(kb, store, VIEWER), "/indicator 9").record
    after = execute(at(kb, store, VIEWER, AFTER_PLAN), "/indicator 9").record
    assert (during["rating"]["final"], during["progress"]["elapsed"] < 1) == (False, True)
    assert (after["rating"]["final"], after["progress"]["elapsed"]) == (True, 1.0)
    assert after["progress"]["pace"] == pytest.approx(after["progress"]["ratio"])
    assert "最終評価（試算）" in render(execute(at(kb, store, VIEWER, AFTER_PLAN), "/indicator 9"))
