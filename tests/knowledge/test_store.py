import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from knowledge.kb import Latest
from knowledge.migrations import MIGRATIONS
from knowledge.periods import parse_period
from knowledge.store import (
    BUSY_TIMEOUT_MS,
    Entry,
    NoDigestClaim,
    NoReminderClaim,
    NothingToUndo,
    NotYours,
    SavedDigestConfig,
    Store,
    migrate,
    open_database,
)
from knowledge.values import parse_as_of, parse_value

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


@pytest.fixture
def store():
    s = Store.open(None)
    yield s
    s.close()


def put(store, value, as_of="FY2025", by="u1", name="佐藤", indicator=7, plan="2024", **kw):
    return store.record(plan, indicator, Decimal(value), "件", f"{value}件", as_of, by, name, **kw)


def ids(entries):
    return [e.id for e in entries]


# -- schema -------------------------------------------------------------------------------------


def test_schema_after_migrations():
    db = open_database(None)
    assert {name: [c.name for c in db[name].columns] for name in db.table_names()} == {
        "_sqlite_migrations": ["id", "migration_set", "name", "applied_at"],
        "entries": [
            "id",
            "plan",
            "indicator",
            "value",
            "unit",
            "value_text",
            "as_of",
            "as_of_end",
            "recorded_by_id",
            "recorded_by_name",
            "recorded_at",
            "note",
            "source",
            "supersedes",
            "kind",
            "withdraws",
        ],
        "audit": ["id", "at", "actor_id", "actor_name", "action", "plan", "indicator", "entry_id", "detail"],
        "owners": [
            "plan",
            "indicator",
            "owner_kind",
            "owner_id",
            "owner_name",
            "set_by_id",
            "set_at",
            "remind",
        ],
        "digest_runs": ["channel_id", "digest_date", "status", "message_id", "claimed_at", "sent_at"],
        "reminder_runs": [
            "channel_id",
            "reminder",
            "reminder_date",
            "status",
            "message_id",
            "claimed_at",
            "sent_at",
        ],
        "cadences": ["plan", "indicator", "months"],
        "digest_states": ["channel_id", "digest_date", "state"],
        "reminder_marks": ["plan", "indicator", "spell", "marked_at"],
        "digest_config": ["id", "channel_id", "time", "enabled", "skip_quiet"],
        "digest_cadences": ["channel_id", "cadence"],
        "digest_messages": ["channel_id", "digest_date", "part", "content", "message_id", "sent_at"],
        "reminder_messages": ["channel_id", "reminder", "reminder_date", "content", "message_id"],
        "ratings": [
            "id",
            "plan",
            "indicator",
            "kind",
            "stars",
            "as_of",
            "as_of_end",
            "interim",
            "note",
            "recorded_by_id",
            "recorded_by_name",
            "recorded_at",
            "withdraws",
        ],
    }
    assert [i.columns for i in db["entries"].indexes if i.name == "entries_plan_indicator_id"] == [
        ["plan", "indicator", "id"]
    ]
    assert (db["owners"].pks, db["digest_runs"].pks) == (["plan", "indicator"], ["channel_id", "digest_date"])
    assert db["reminder_runs"].pks == ["channel_id", "reminder", "reminder_date"]


def test_migrations_are_idempotent(tmp_path):
    path = tmp_path / "bot.db"
    open_database(path).close()
    db = open_database(path)
    assert migrate(db) == []
    assert [m.name for m in MIGRATIONS.applied(db)] == [
        "m001_initial",
        "m002_reminder_runs",
        "m003_typed_state",
        "m004_reminder_marks_and_digest_config",
        "m005_official_ratings",
        "m006_digest_cadences_and_messages",
        "m007_reminder_messages",
    ]
    assert db["_sqlite_migrations"].count == 7


def test_file_database_pragmas(tmp_path):
    db = open_database(tmp_path / "nested" / "dir" / "bot.db")
    pragmas = [
        db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("journal_mode", "synchronous", "foreign_keys")
    ]
    assert pragmas == ["wal", 2, 1]  # synchronous 2 is FULL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS


@pytest.mark.parametrize("path", [None, ":memory:"])
def test_memory_database_is_not_wal(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert (open_database(path).journal_mode, list(tmp_path.iterdir())) == ("memory", [])


def test_concurrent_first_opens_migrate_once(tmp_path):
    path = tmp_path / "new.db"
    _, errors = _race(8, lambda i: open_database(path).close())
    count = open_database(path)["_sqlite_migrations"].count
    assert (errors, count) == ([], len(MIGRATIONS._migrations))  # each migration recorded once


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE entries SET value = '99'",
        "DELETE FROM entries",
        "UPDATE audit SET action = 'x'",
        "DELETE FROM audit",
    ],
)
def test_history_cannot_be_rewritten(store, sql):
    put(store, 1)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute(sql)


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        (
            "INSERT INTO entries (plan, indicator, recorded_by_id, recorded_by_name, recorded_at, kind)"
            " VALUES ('2024', 7, 'u', 'n', 't', 'actual')",
            [],
        ),
        (
            "INSERT INTO entries (plan, indicator, recorded_by_id, recorded_by_name, recorded_at, kind, withdraws)"
            " VALUES ('2024', 7, 'u', 'n', 't', 'withdrawal', 999)",
            [],
        ),
        (
            "INSERT INTO audit (at, actor_id, actor_name, action, detail) VALUES ('t', 'u', 'n', 'x', 'not json')",
            [],
        ),
        ("INSERT INTO owners VALUES ('2024', 7, 'team', 'x', 'x', 'u', 't', 1)", []),
    ],
)
def test_constraints_refuse_malformed_rows(store, sql, params):
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(sql, params)


# -- record, latest, history, undo ---------------------------------------------------------------


def test_record_returns_the_stored_entry(store):
    entry = store.record(
        "2024",
        23,
        Decimal("4.9"),
        "万人",
        "4.9万人",
        "CY2025",
        1234,
        "佐藤",
        note="速報値",
        source="観光統計",
        now=T0,
    )
    assert entry == Entry(
        id=1,
        plan="2024",
        indicator=23,
        value=Decimal("4.9"),
        unit="万人",
        value_text="4.9万人",
        as_of="CY2025",
        recorded_by_id="1234",
        recorded_by_name="佐藤",
        recorded_at="2026-11-29T03:00:00+00:00",
        note="速報値",
        source="観光統計",
    )
    assert entry.to_latest() == Latest(
        Decimal("4.9"),
        "万人",
        parse_period("CY2025"),
        "4.9万人",
        "entry",
        recorded_by="佐藤",
        recorded_at="2026-11-29T03:00:00+00:00",
        remark="速報値",
    )


@pytest.mark.parametrize("value", ["5.0", "1E+3", "0.000001", "-3"])
def test_values_are_stored_as_exact_decimal_text(store, value):
    entry = put(store, value)
    stored = store.db.execute("SELECT value FROM entries WHERE id = ?", [entry.id]).fetchone()[0]
    assert (stored, store.latest("2024", 7).value) == (format(Decimal(value), "f"), Decimal(value))


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), 1.5])
def test_record_refuses_non_finite_or_float(store, bad):
    with pytest.raises(ValueError):
        store.record("2024", 7, bad, "件", "x", "FY2025", "u1", "佐藤")


def test_record_refuses_a_non_canonical_as_of(store):
    with pytest.raises(ValueError):
        put(store, 1, as_of="2025年度")


def test_supersedes_names_the_previous_latest(store):
    first, second = put(store, 16), put(store, 17)
    assert (first.supersedes, second.supersedes) == (None, first.id)


@pytest.mark.parametrize(
    ("as_ofs", "latest"),
    [
        (["FY2024", "FY2025"], 2),
        (["FY2025", "FY2024"], 1),  # a backfill of an older period does not become the latest
        (["2025-03", "FY2024"], 2),  # same last day (2025-03-31): the one recorded later wins
        (["FY2025", "2026-01"], 1),  # FY2025 runs to 2026-03-31, after January
        (["2026-01-15", "2026-01"], 2),
        (["FY2025", "FY2025"], 2),  # a correction for the same as-of wins
    ],
)
def test_latest_is_the_latest_as_of_then_the_last_recorded(store, as_ofs, latest):
    for i, as_of in enumerate(as_ofs):
        put(store, i, as_of=as_of)
    assert store.latest("2024", 7).id == latest


def test_latest_is_per_plan_and_indicator(store):
    put(store, 1, indicator=7)
    put(store, 2, indicator=8)
    put(store, 3, indicator=7, plan="2021")
    assert [(e.plan, e.indicator, e.value) for e in (store.latest("2024", 7), store.latest("2021", 7))] == [
        ("2024", 7, 1),
        ("2021", 7, 3),
    ]
    assert store.latest("2024", 9) is None


def test_latest_all(store):
    put(store, 1, indicator=7)
    put(store, 2, indicator=7)
    put(store, 3, indicator=1, as_of="FY2024")
    put(store, 4, indicator=1, as_of="FY2025")
    put(store, 5, indicator=1, as_of="2024-06")
    put(store, 6, indicator=28, plan="2021")
    withdrawn = put(store, 7, indicator=12)
    store.undo("2024", 12, "u1", "佐藤")
    assert {no: e.value for no, e in store.latest_all("2024").items()} == {1: 4, 7: 2}
    assert withdrawn.id not in ids(store.latest_all("2024").values())


def test_undo_own_last_entry_restores_the_previous_latest(store):
    first, second = put(store, 16), put(store, 17)
    withdrawn = store.undo("2024", 7, "u1", "佐藤", now=T0)
    assert (withdrawn.id, withdrawn.withdrawn, withdrawn.withdrawn_at, withdrawn.withdrawn_by_id) == (
        second.id,
        True,
        "2026-11-29T03:00:00+00:00",
        "u1",
    )
    assert store.latest("2024", 7) == first


def test_undo_twice_walks_back(store):
    first, _second, _third = put(store, 1), put(store, 2), put(store, 3)
    store.undo("2024", 7, "u1", "佐藤")
    store.undo("2024", 7, "u1", "佐藤")
    assert store.latest("2024", 7) == first
    store.undo("2024", 7, "u1", "佐藤")
    assert store.latest("2024", 7) is None
    with pytest.raises(NothingToUndo, match="取り消せる記録がありません"):
        store.undo("2024", 7, "u1", "佐藤")


def test_undo_withdraws_the_last_recorded_not_the_latest_as_of(store):
    latest = put(store, 1, as_of="FY2025")
    backfill = put(store, 2, as_of="FY2024")
    assert store.undo("2024", 7, "u1", "佐藤").id == backfill.id
    assert store.latest("2024", 7) == latest


def test_non_admin_cannot_undo_someone_elses(store):
    put(store, 1, by="u1")
    with pytest.raises(NotYours, match="自分が記録した値だけ"):
        store.undo("2024", 7, "u2", "鈴木")
    assert store.latest("2024", 7).withdrawn is False


def test_undo_takes_the_callers_own_entry_past_someone_elses(store):
    mine, theirs = put(store, 1, by="u1"), put(store, 2, by="u2")
    assert store.undo("2024", 7, "u1", "佐藤").id == mine.id
    assert store.latest("2024", 7) == theirs


def test_admin_can_undo_anyones(store):
    put(store, 1, by="u1")
    theirs = put(store, 2, by="u2")
    withdrawn = store.undo("2024", 7, "admin", "管理者", is_admin=True)
    assert (withdrawn.id, withdrawn.withdrawn_by_name) == (theirs.id, "管理者")
    assert store.audit_log(1)[0].detail["as_admin"] is True


def test_history_all_is_every_indicator_s_history_in_one_view(store):
    for value, indicator, as_of in [(1, 7, "FY2024"), (2, 7, "FY2025"), (3, 1, "2025-06"), (4, 12, "FY2025")]:
        put(store, value, as_of=as_of, indicator=indicator)
    put(store, 5, indicator=7, plan="2021")
    store.undo("2024", 7, "u1", "佐藤")
    every = {no: store.history("2024", no) for no in (1, 7, 12)}
    assert store.history_all("2024") == every
    assert (store.snapshot("2024", history=True).history, store.snapshot("2024").history) == (every, None)


def test_history_never_loses_rows(store):
    entries = [put(store, v, as_of=as_of) for v, as_of in [(1, "FY2024"), (2, "FY2025"), (3, "2025-06")]]
    store.undo("2024", 7, "u1", "佐藤")
    store.undo("2024", 7, "u1", "佐藤")
    put(store, 4, as_of="2025-06")
    history = store.history("2024", 7)
    # newest as-of first, ties by id: the same order as "latest"
    assert [(e.value, e.as_of, e.withdrawn) for e in history] == [
        (2, "FY2025", True),
        (4, "2025-06", False),
        (3, "2025-06", True),
        (1, "FY2024", False),
    ]
    assert set(ids(entries)) <= set(ids(history))
    assert store.db["entries"].count == 6  # 4 actuals + 2 withdrawals
    assert store.latest("2024", 7) == history[1]


def test_every_write_is_audited(store):
    entry = put(store, 16, now=T0, note="速報値")
    store.undo("2024", 7, "u1", "佐藤", now=T0)
    put(store, 1, action="import", by="console:admin", name="admin")
    assert [(a.action, a.actor_id, a.entry_id) for a in store.audit_log()] == [
        ("import", "console:admin", 3),
        ("undo", "u1", entry.id),
        ("update", "u1", entry.id),
    ]
    assert store.audit_log()[2].detail == {
        "as_of": "FY2025",
        "note": "速報値",
        "source": None,
        "supersedes": None,
        "replaces": None,
        "unit": "件",
        "value": "16",
        "value_text": "16件",
    }


def test_audit_log_limit_and_filters(store):
    for i in range(5):
        put(store, i, indicator=1 + i % 2)
    assert [a.id for a in store.audit_log(limit=2)] == [5, 4]
    assert [a.indicator for a in store.audit_log(indicator=2)] == [2, 2]


def test_log_denied(store):
    row_id = store.log_denied("u9", "田中", "update", {"reason": "not an editor"}, plan="2024", indicator=7)
    row = store.audit_log(1)[0]
    assert (row.id, row.action, row.plan, row.indicator, row.entry_id, row.detail) == (
        row_id,
        "denied",
        "2024",
        7,
        None,
        {"attempted": "update", "reason": "not an editor"},
    )


# -- owners, digest, settings --------------------------------------------------------------------


def test_owners_are_set_replaced_cleared_and_audited(store):
    store.set_owner("2024", 7, "user", 42, "佐藤", "admin", "管理者", now=T0)
    owner = store.set_owner("2024", 7, "role", 77, "産業戦略課", "admin", "管理者", remind=False, now=T0)
    assert owner == store.owner("2024", 7)
    assert store.owners("2024") == {7: owner}
    assert (owner.owner_kind, owner.owner_id, owner.remind) == ("role", "77", False)
    assert store.clear_owner("2024", 7, "admin", "管理者") == owner
    assert (store.owner("2024", 7), store.clear_owner("2024", 7, "admin", "管理者")) == (None, None)
    assert [(a.action, a.detail["after"] and a.detail["after"]["name"]) for a in store.audit_log()] == [
        ("owner", None),
        ("owner", "産業戦略課"),
        ("owner", "佐藤"),
    ]


def test_owner_kind_is_checked(store):
    with pytest.raises(ValueError):
        store.set_owner("2024", 7, "team", 1, "x", "admin", "管理者")


def test_digest_claim_is_exactly_once(store):
    day = date(2026, 11, 29)
    assert [
        store.claim_digest(10, day),
        store.claim_digest(10, day),
        store.claim_digest(10, "2026-11-30"),
    ] == [
        True,
        False,
        True,
    ]
    assert store.digest_run(10, day).status == "pending"
    store.mark_digest_sent(10, day, 555, now=T0)
    assert store.digest_run("10", "2026-11-29").message_id == "555"
    assert store.last_sent_digest(10).digest_date == "2026-11-29"
    assert (store.claim_digest(10, day), store.last_sent_digest(11)) == (False, None)


def test_mark_sent_needs_a_claim(store):
    with pytest.raises(NoDigestClaim):
        store.mark_digest_sent(10, "2026-11-29", 1)


def test_a_stale_pending_claim_can_be_taken_over(store):
    store.claim_digest(10, "2026-11-29", now=T0)
    later = T0 + timedelta(minutes=30)
    assert store.claim_digest(10, "2026-11-29", now=later, stale_after=timedelta(hours=1)) is False
    assert store.claim_digest(10, "2026-11-29", now=later, stale_after=timedelta(minutes=10)) is True
    store.mark_digest_sent(10, "2026-11-29", 1)
    assert store.claim_digest(10, "2026-11-29", now=later, stale_after=timedelta(0)) is False


def test_a_reminder_is_claimed_once_a_day_and_marked_sent_once(store):
    key = "2024:15:2025-04-01"
    assert store.reminder_run(10, key) is None
    assert [
        store.claim_reminder(10, key, "2026-11-29", T0),
        store.claim_reminder(10, key, "2026-11-29", T0),
    ] == [
        True,
        False,
    ]
    later = T0 + timedelta(minutes=30)
    assert store.claim_reminder(10, key, "2026-11-29", later, stale_after=timedelta(hours=1)) is False
    assert store.claim_reminder(10, key, "2026-11-29", later, stale_after=timedelta(minutes=10)) is True
    assert store.claim_reminder(10, key, "2026-11-30", later) is True  # the next day has its own row
    assert store.reminder_run(10, key).reminder_date == "2026-11-30"
    store.mark_reminder_sent(10, key, 777, later)
    run = store.reminder_run("10", key)
    assert (run.status, run.message_id) == ("sent", "777")
    assert store.claim_reminder(10, key, "2026-12-01", later) is True
    assert store.reminder_run(10, key).status == "sent"  # a sent claim of the spell is what counts
    with pytest.raises(NoReminderClaim):
        store.mark_reminder_sent(11, key, 1)


def test_reminder_marks_keep_the_last_spell_of_each_indicator(store):
    store.mark_reminded("2024", 15, "2025-04-01", T0)
    store.mark_reminded("2024", 15, date(2026, 4, 1), T0)
    store.mark_reminded("2024", 3, "2025-10-01", T0)
    store.mark_reminded("2021", 15, "2024-04-01", T0)
    assert store.reminded_spells("2024") == {3: "2025-10-01", 15: "2026-04-01"}
    assert store.db["reminder_marks"].count == 3  # one row per indicator, however many spells
    with pytest.raises(ValueError):
        store.mark_reminded("2024", 15, "2026-4-1")


@pytest.mark.parametrize(
    "config",
    [
        SavedDigestConfig(),
        SavedDigestConfig(1234567890123456789, time(7, 30), enabled=False, skip_quiet=True),
    ],
)
def test_the_digest_config_round_trips(store, config):
    assert store.digest_config() is None
    store.save_digest_config(SavedDigestConfig(5, time(9), enabled=True, skip_quiet=False))
    store.save_digest_config(config)
    assert (store.digest_config(), store.db["digest_config"].count) == (config, 1)


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO digest_config (id) VALUES (2)",
        "INSERT INTO digest_config (id, time) VALUES (1, '24:00')",
        "INSERT INTO digest_config (id, time) VALUES (1, '9:00')",
        "INSERT INTO digest_config (id, channel_id) VALUES (1, '0')",
        "INSERT INTO digest_config (id, enabled) VALUES (1, 2)",
        "INSERT INTO reminder_marks VALUES ('2024', 15, '2025-4-1', '2026-11-29T03:00:00+00:00')",
        "INSERT INTO reminder_marks VALUES ('2024', 15, '2025-02-30', '2026-11-29T03:00:00+00:00')",
        "INSERT INTO reminder_marks VALUES ('2024', 0, '2025-04-01', '2026-11-29T03:00:00+00:00')",
        "INSERT INTO reminder_marks VALUES ('2024', 15, '2025-04-01', 'yesterday')",
    ],
)
def test_the_typed_state_refuses_what_its_readers_could_not_read(store, sql):
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(sql)


# -- concurrency and crashes ---------------------------------------------------------------------


def _race(n, work):
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # collected so the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_fifty_concurrent_updates(tmp_path):
    path = tmp_path / "bot.db"
    Store.open(path).close()

    def update(i):
        store = Store.open(path)  # each thread its own connection
        try:
            return put(store, i, by=f"u{i}", indicator=1 + i % 5).id
        finally:
            store.close()

    results, errors = _race(50, update)
    db = open_database(path)
    assert errors == []
    assert (db["entries"].count, db["audit"].count, sorted(results)) == (50, 50, list(range(1, 51)))
    # Each indicator's supersedes chain is unbroken: no two writers read the same "previous".
    for no in range(1, 6):
        chain = db.execute("SELECT supersedes FROM entries WHERE indicator = ? ORDER BY id", [no]).fetchall()
        firsts = db.execute("SELECT id FROM entries WHERE indicator = ? ORDER BY id", [no]).fetchall()
        assert [r[0] for r in chain] == [None] + [r[0] for r in firsts[:-1]]


def test_one_store_shared_by_threads(tmp_path):
    store = Store.open(tmp_path / "bot.db")
    _, errors = _race(20, lambda i: put(store, i, by=f"u{i}"))
    assert (errors, store.db["entries"].count, store.db["audit"].count) == ([], 20, 20)


def test_racing_digest_claims_have_one_winner(tmp_path):
    path = tmp_path / "bot.db"
    Store.open(path).close()
    stores = [Store.open(path) for _ in range(2)]
    results, errors = _race(2, lambda i: stores[i].claim_digest(10, "2026-11-29"))
    assert (errors, sorted(results)) == ([], [False, True])


_CHILD = """
import sys
from decimal import Decimal
from knowledge.store import Store
store = Store.open(sys.argv[1])
i = 0
while True:
    i += 1
    entry = store.record("2024", 1 + i % 28, Decimal(i), "件", f"{i}件", "FY2025", "console:child", "child")
    print(entry.id, flush=True)
"""


def test_a_killed_writer_leaves_a_consistent_database(tmp_path):
    path = tmp_path / "bot.db"
    Store.open(path).close()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        confirmed = [int(child.stdout.readline()) for _ in range(30)]
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    db = open_database(path)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = {r[0] for r in db.execute("SELECT id FROM entries")}
    assert set(confirmed) <= stored
    unpaired = db.execute(
        "SELECT (SELECT count(*) FROM entries e WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entry_id = e.id)),"
        " (SELECT count(*) FROM audit a WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = a.entry_id))"
    ).fetchone()
    assert unpaired == (0, 0)
    # and it is still writable
    assert Store(db).record("2024", 1, Decimal(1), "件", "1件", "FY2025", "u", "n").id == max(stored) + 1


def test_a_recorded_entry_is_rated_like_a_document_actual(store, kb):
    indicator = kb.indicator(23, "2024")  # 外国人延べ宿泊者数: 4.9万人 (2022) → 20万人 (2026), in 暦年
    parsed = parse_value("120,000人", indicator)
    as_of = parse_as_of("2025年", indicator, date(2026, 11, 29))
    entry = store.record("2024", 23, parsed.value, parsed.unit, parsed.text, str(as_of), "u1", "佐藤")
    assessment = kb.assess_latest(indicator, store.latest("2024", 23).to_latest())
    assert (entry.value_text, entry.as_of, assessment.stars, round(assessment.pace, 2)) == (
        "12万人",
        "CY2025",
        2,
        0.7,
    )


def test_audit_detail_is_json_text(store):
    put(store, 1)
    raw = store.db.execute("SELECT detail FROM audit").fetchone()[0]
    assert json.loads(raw)["value_text"] == "1件"


def test_record_action_is_update_or_import(store):
    with pytest.raises(ValueError):
        put(store, 1, action="undo")


def test_the_typed_state_migration_moves_a_previous_release_database_and_loses_nothing(tmp_path):
    import json
    import sqlite3

    from knowledge._sqlite import Database
    from knowledge.migrations import MIGRATIONS

    path = tmp_path / "previous.sqlite3"
    old = Database(sqlite3.connect(path))
    MIGRATIONS.apply(old, stop_before="m003_typed_state")  # the schema the previous release made
    state = {"day": "2026-11-28", "ratings": {"15": 2}, "last_entry_id": 7, "previous_day": None}
    rows = {
        "cadence:2024:15": 18,
        "cadence:2024:3": 6,
        "digest:state:42:2026-11-28": state,
        "digest": {"channel_id": "42", "time": "09:00", "enabled": True, "skip_quiet": False},
        "remind:2024:15": "2025-04-01",
    }
    for key, value in rows.items():
        old.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [key, json.dumps(value)])
    old.conn.commit()
    old.close()

    store = Store.open(path)
    assert store.snapshot("2024").cadences == {3: 6, 15: 18}
    assert store.digest_state(42, date(2026, 11, 28)) == state
    left = {r["key"] for r in store.db.query("SELECT key FROM settings ORDER BY key")}
    assert left == {"remind:2024:15"}  # a key the bot never wrote stays (the digest's moved in m004)
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO cadences VALUES ('2024', 1, 61)")
    store.close()


def _dump(
    db, tables=("entries", "audit", "owners", "digest_runs", "reminder_runs", "cadences", "digest_states")
):
    return {table: list(db.query(f"SELECT * FROM {table} ORDER BY rowid")) for table in tables}


@pytest.mark.parametrize(
    ("digest", "extra", "config", "left"),
    [
        (
            {"channel_id": "42", "time": "07:30", "enabled": False, "skip_quiet": True},
            {},
            SavedDigestConfig(42, time(7, 30), enabled=False, skip_quiet=True),
            None,  # everything moved: settings is dropped
        ),
        (  # malformed values read as the defaults before, and are NULL (the defaults) after
            {"channel_id": "x", "time": "７：０５", "enabled": "no", "skip_quiet": 1},
            {"reminded:2024:8": 20250401, "reminded:2024:9": "2025-4-1", "reminded:2024:015": "2025-04-01"},
            SavedDigestConfig(None, time(7, 5)),
            None,
        ),
        ("09:00", {"note:by-hand": "kept"}, None, {"note:by-hand"}),  # a key the bot never wrote stays
    ],
)
def test_m004_moves_a_previous_release_database_and_loses_nothing(tmp_path, digest, extra, config, left):
    from knowledge._sqlite import Database

    path = tmp_path / "previous.sqlite3"
    old = Database(sqlite3.connect(path))
    MIGRATIONS.apply(old, stop_before="m004_reminder_marks_and_digest_config")  # the previous release
    previous = Store(old)  # its API on its schema: nothing is migrated by wrapping
    put(previous, 1, indicator=15)
    previous.set_owner("2024", 15, "user", "123", "山田", "1", "alice", now=T0)
    previous.set_cadence("2024", 15, 6)
    previous.claim_reminder(42, "2024:15:2025-04-01", "2026-11-20", T0)
    previous.mark_reminder_sent(42, "2024:15:2025-04-01", 777, T0)
    rows = {
        "reminded:2024:15": "2025-04-01",
        "reminded:2024:3": "2025-10-01",
        "reminded:2021:7": "2024-04-01",
    }
    for key, value in {**rows, "digest": digest, **extra}.items():
        old.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [key, json.dumps(value)])
    old.conn.commit()
    before = _dump(old)
    old.close()

    store = Store.open(path)
    marks = {plan: store.reminded_spells(plan) for plan in ("2021", "2024")}
    assert marks == {"2021": {7: "2024-04-01"}, "2024": {3: "2025-10-01", 15: "2025-04-01"}}
    sent = store.db.execute("SELECT marked_at FROM reminder_marks WHERE indicator = 15").fetchone()[0]
    assert sent == "2026-11-29T03:00:00+00:00"  # when its reminder was confirmed sent
    assert store.digest_config() == config
    assert _dump(store.db) == before
    kept = {r["key"] for r in store.db.query("SELECT key FROM settings")} if left is not None else None
    assert ("settings" in store.db.table_names(), kept) == (left is not None, left)
    store.close()


def test_old_digest_states_are_pruned_as_new_ones_are_saved(store):
    for day in (date(2025, 1, 1), date(2026, 2, 1), date(2026, 11, 28)):
        store.save_digest_state(42, day, {"day": day.isoformat()})
    kept = [r["digest_date"] for r in store.db.query("SELECT digest_date FROM digest_states ORDER BY 1")]
    assert kept == ["2026-02-01", "2026-11-28"]
