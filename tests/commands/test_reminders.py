import dataclasses
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from commands.context import Context
from commands.reminders import Reminder, due_reminders, mark_sent
from knowledge._sqlite import Database
from knowledge.migrations import MIGRATIONS
from knowledge.store import NoReminderClaim, ReminderMessage, Store


@pytest.fixture
def store():
    s = Store.open(None)
    s.set_owner("2024", 15, "user", "123", "山田", "1", "alice", remind=True)
    yield s
    s.close()


def test_a_stale_spell_is_reminded_once(kb, store):
    ctx = Context(kb, today=date(2026, 11, 29), store=store)
    [reminder] = due_reminders(ctx)
    text = (
        "<@123> 指標15「5G人口カバー率」の実績の更新期限を過ぎています（395日超過）。"
        "2024年度（令和6年度）の値は2025年9月30日ごろ公表の見込みです（期限 2025年10月30日）。"
        "/update 15 で最新の値を記録してください。"
    )
    assert reminder == Reminder("2024", 15, "user", "123", "<@123>", text, "2025-10-30")
    mark_sent(ctx, reminder)
    assert (due_reminders(ctx.fresh()), store.reminded_spells("2024")) == ([], {15: "2025-10-30"})


def test_reminders_are_for_the_plan_in_force(kb, store):
    pinned = dataclasses.replace(kb, pinned_plan="2021")  # the 2nd revision's owners are not its
    assert due_reminders(Context(pinned, today=date(2026, 11, 29), store=store)) == []


# -- the text each claim keeps (reminder_messages), by which a run after a crash finds its message --

T0 = datetime(2026, 11, 29, 0, 0, tzinfo=UTC)
KEY = "2024:15:2025-10-30"


def test_a_claim_keeps_its_text_and_then_its_id(store):
    assert store.claim_reminder(10, KEY, "2026-11-29", T0, content="<@123> 指標15（395日超過）")
    [kept] = store.pending_reminder_messages(10, KEY)
    assert kept == ReminderMessage("2026-11-29", "<@123> 指標15（395日超過）", None)
    # a claim of the same day is taken over once stale, with the text it then sends
    later = T0 + timedelta(minutes=20)
    assert not store.claim_reminder(10, KEY, "2026-11-29", later, content="other")
    assert store.claim_reminder(10, KEY, "2026-11-29", later, timedelta(minutes=15), content="<@456> 指標15")
    assert [m.content for m in store.pending_reminder_messages(10, KEY)] == ["<@456> 指標15"]
    store.mark_reminder_message_sent(10, KEY, date(2026, 11, 29), 777)
    # the next day's claim keeps its own text; both are pending, each with what it sends
    assert store.claim_reminder(10, KEY, "2026-11-30", later, content="<@456> 指標15（396日超過）")
    assert store.pending_reminder_messages(10, KEY) == [
        ReminderMessage("2026-11-29", "<@456> 指標15", "777"),
        ReminderMessage("2026-11-30", "<@456> 指標15（396日超過）", None),
    ]
    # a text whose message Discord accepted is not replaced by a takeover
    much_later = T0 + timedelta(hours=2)
    assert store.claim_reminder(10, KEY, "2026-11-29", much_later, timedelta(minutes=15), content="x")
    assert store.pending_reminder_messages(10, KEY)[0].content == "<@456> 指標15"
    store.mark_reminder_sent(10, KEY, 777, much_later)
    assert store.pending_reminder_messages(10, KEY) == []  # sent: nothing is pending any more
    with pytest.raises(NoReminderClaim):
        store.mark_reminder_message_sent(10, KEY, "2026-12-01", 778)


@pytest.mark.parametrize("content", ["", " \n "])
def test_a_claim_without_text_is_refused_and_not_made(store, content):
    with pytest.raises(ValueError, match="empty"):
        store.claim_reminder(10, KEY, "2026-11-29", T0, content=content)
    assert store.reminder_run(10, KEY) is None
    with pytest.raises(sqlite3.IntegrityError):  # nor can a hand-written row hold none
        store.db.execute(
            "INSERT INTO reminder_runs VALUES ('10', 'k', '2026-11-29', 'pending', NULL, 'x', NULL)"
        )
        store.db.execute("INSERT INTO reminder_messages VALUES ('10', 'k', '2026-11-29', ' ', NULL)")


def test_the_migration_keeps_the_claims_of_an_older_database(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="m007_reminder_messages")  # the previous release
    previous = Store(db)
    previous.claim_reminder(42, KEY, "2026-11-28", T0)
    previous.mark_reminder_sent(42, KEY, 555, T0)
    previous.claim_reminder(42, "2024:3:2025-10-01", "2026-11-28", T0)  # left pending by a crash
    before = list(db.query("SELECT * FROM reminder_runs ORDER BY rowid"))
    db.conn.commit()
    db.close()
    migrated = Store.open(path)
    try:
        assert list(migrated.db.query("SELECT * FROM reminder_runs ORDER BY rowid")) == before
        assert migrated.reminder_run(42, KEY).message_id == "555"
        # the pending claim kept no text: its reminder is found by the marker line it was sent with
        assert migrated.pending_reminder_messages(42, "2024:3:2025-10-01") == [
            ReminderMessage("2026-11-28", None, None)
        ]
    finally:
        migrated.close()
