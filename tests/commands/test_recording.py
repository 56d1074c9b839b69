"""Recording as the statistics arrive: no guessed periods, no duplicates, corrections and chosen undos."""

from datetime import date

import pytest

from commands.context import Actor, Context
from commands.parse import execute
from knowledge.store import Store

EDITOR = Actor("1", "alice", editor=True)
OTHER = Actor("2", "bob", editor=True)
TODAY = date(2026, 12, 2)


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "db.sqlite3")
    yield s
    s.close()


def run(kb, store, line, actor=EDITOR):
    return execute(Context(kb, today=TODAY, store=store, actor=actor), line)


def test_the_three_steps_end_with_the_years_figure_and_nothing_dated_today(kb, store):
    proposal = run(kb, store, "/update 15 value:95.2%")
    assert (proposal.status, proposal.record["proposed_as_of"], store.history("2024", 15)) == (
        "confirm",
        "FY2025",
        [],
    )
    assert proposal.record["confirm"] == "/update 15 値:95.2% 時点:2025年度"
    assert run(kb, store, "/update 15 value:96.0% as_of:2025年度").ok
    latest = store.latest("2024", 15)
    assert (latest.value_text, latest.as_of) == ("96.0%", "FY2025")
    assert all(e.as_of != TODAY.isoformat() for e in store.history("2024", 15))


def test_a_proposal_for_a_calendar_year_indicator_is_a_calendar_year(kb, store):
    assert run(kb, store, "/update 23 value:5万人").record["proposed_as_of"] == "CY2025"


def test_the_same_value_for_the_same_period_is_refused(kb, store):
    assert run(kb, store, "/update 15 value:96% as_of:令和7年度").ok
    again = run(kb, store, "/update 15 value:96% as_of:R7年度")
    assert again.status == "invalid" and "すでに記録されています" in again.message
    assert len(store.history("2024", 15)) == 1


def test_a_new_value_for_a_recorded_period_is_a_correction_and_both_stay(kb, store):
    first = run(kb, store, "/update 15 value:96% as_of:2025年度").record["entry"]
    fixed = run(kb, store, "/update 15 value:96.4% as_of:2025年度")
    assert fixed.title == "指標15 5G人口カバー率 の実績を訂正しました"
    assert fixed.record["corrects"] == {"entry": first, "text": "96%"}
    assert [e.value_text for e in store.history("2024", 15)] == ["96.4%", "96%"]
    assert store.latest("2024", 15).value_text == "96.4%"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("/update 17 value:0.25 as_of:2025年度", "小数で入力した可能性"),
        ("/update 9 value:50件 as_of:2025年度", "現状値（98件）より小さい"),
        ("/update 1 value:900回 as_of:2025年度", "10倍を超えて"),
    ],
)
def test_an_implausible_value_is_held_until_confirmed(kb, store, line, reason):
    held = run(kb, store, line)
    assert held.status == "confirm" and reason in held.record["reason"]
    assert store.history("2024", int(line.split()[1])) == []
    assert run(kb, store, held.record["confirm"]).ok  # confirm:はい records it as typed


def test_a_share_over_100_percent_is_refused_outright(kb, store):
    assert run(kb, store, "/update 15 value:120% as_of:2025年度").status == "invalid"
    assert store.history("2024", 15) == []


def test_a_cumulative_value_below_an_earlier_one_is_held(kb, store):
    assert run(kb, store, "/update 9 value:110件 as_of:2024年度").ok
    held = run(kb, store, "/update 9 value:105件 as_of:2025年度")
    assert held.status == "confirm" and "前の時点の値（110件" in held.record["reason"]


def test_undo_withdraws_the_chosen_entry(kb, store):
    older = run(kb, store, "/update 16 value:20件 as_of:2024年度").record["entry"]
    run(kb, store, "/update 16 value:25件 as_of:2025年度")
    reply = run(kb, store, f"/undo entry:{older}")
    assert (reply.status, reply.record["withdrawn"]) == ("ok", older)
    assert store.latest("2024", 16).value_text == "25件"


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("/undo entry:999", "記録番号 999 の記録はありません"),
        ("/undo 15 entry:{entry}", "指標16の記録です"),
        ("/undo", "取り消す指標か記録番号を指定してください"),
    ],
)
def test_bad_undo_is_explained_and_changes_nothing(kb, store, line, fragment):
    entry = run(kb, store, "/update 16 value:20件 as_of:2024年度").record["entry"]
    reply = run(kb, store, line.format(entry=entry))
    assert reply.status == "invalid" and fragment in reply.message
    assert store.latest("2024", 16).value_text == "20件"


def test_someone_elses_entry_needs_an_admin(kb, store):
    entry = run(kb, store, "/update 16 value:20件 as_of:2024年度").record["entry"]
    reply = run(kb, store, f"/undo 16 entry:{entry}", actor=OTHER)
    assert reply.status == "invalid" and "自分が記録した値だけ" in reply.message
    assert store.latest("2024", 16).value_text == "20件"


def test_the_recorded_time_is_shown_in_japan_time(kb, store):
    reply = run(kb, store, "/update 15 value:96% as_of:2025年度")
    shown = next(f.value for f in reply.fields if f.name == "記録")
    assert "（日本時間）" in shown and "UTC" not in shown


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("/update 15 value:96% as_of:2025年度 note:" + "あ" * 10_000, "入力が長すぎます"),
        ("/update 15 value:96% as_of:2025年度 note:" + "あ" * 1_000, "長すぎます（200文字まで）"),
        ("/update 15 value:96% as_of:2025年度 source:" + "x" * 1_000, "長すぎます（200文字まで）"),
        ("/update 15 value:たくさん as_of:2025年度", "数値"),
        ("/update 15 value:96件 as_of:2025年度", "単位"),
        ("/update 15 value:96% as_of:そのうち", "時点"),
    ],
)
def test_bad_update_is_explained_and_changes_nothing(kb, store, line, fragment):
    before = run(kb, store, "/update 15 value:95% as_of:2024年度").record["entry"]
    reply = run(kb, store, line)
    assert reply.status == "invalid" and fragment in reply.message, reply.message
    assert [e.id for e in store.history("2024", 15)] == [before]
