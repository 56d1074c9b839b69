import threading
from decimal import Decimal

import pytest

from knowledge.backup import BackupError, backup, check, restore
from knowledge.store import Store


def _record(store, n):
    store.record("2024", 12, Decimal(100 + n), "件", f"{100 + n}件", "2025-06", "1", "alice")


def test_backup_while_writing_is_consistent(tmp_path):
    db = tmp_path / "bot.sqlite3"
    store = Store.open(db)
    for n in range(20):
        _record(store, n)
    stop = threading.Event()

    def writer():
        writer_store = Store.open(db)
        n = 20
        while not stop.is_set():
            _record(writer_store, n)
            n += 1
        writer_store.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copy = backup(db, tmp_path / "backups")
    finally:
        stop.set()
        thread.join()
    check(copy)
    snapshot = Store.open(copy)
    entries = snapshot.history("2024", 12)
    assert len(entries) >= 20
    assert len(snapshot.audit_log(limit=10_000)) == len(entries)  # never half a transaction
    snapshot.close()
    store.close()


def test_restore_replaces_and_keeps_the_previous(tmp_path):
    db = tmp_path / "bot.sqlite3"
    store = Store.open(db)
    _record(store, 0)
    saved = backup(db, tmp_path / "saved.sqlite3")
    _record(store, 1)
    store.close()
    kept = restore(saved, db, tmp_path / "backups")
    assert [e.value_text for e in Store.open(db).history("2024", 12)] == ["100件"]
    assert [e.value_text for e in Store.open(kept).history("2024", 12)] == ["101件", "100件"]


def test_a_backup_made_by_an_earlier_release_restores_and_is_migrated_on_open(tmp_path):
    import json
    import sqlite3

    from knowledge._sqlite import Database
    from knowledge.migrations import MIGRATIONS

    saved = tmp_path / "old-release.sqlite3"
    old = Database(sqlite3.connect(saved))
    MIGRATIONS.apply(old, stop_before="m004_reminder_marks_and_digest_config")  # it still has settings
    _record(Store(old), 0)
    old.execute("INSERT INTO settings VALUES ('reminded:2024:12', ?)", [json.dumps("2025-04-01")])
    old.conn.commit()
    old.close()
    db = tmp_path / "bot.sqlite3"
    Store.open(db).close()  # today's database, without settings
    restore(saved, db, tmp_path / "backups")
    store = Store.open(db)
    assert ([e.value_text for e in store.history("2024", 12)], store.reminded_spells("2024")) == (
        ["100件"],
        {12: "2025-04-01"},
    )
    assert "settings" not in store.db.table_names()
    check(backup(db, tmp_path / "again.sqlite3"))  # and a backup of today's database passes the check
    store.close()


@pytest.mark.parametrize("content", [b"not a database", b""])
def test_restore_refuses_what_is_not_our_database(tmp_path, content):
    db = tmp_path / "bot.sqlite3"
    Store.open(db).close()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(BackupError, match="このボットのデータベースではありません"):
        restore(bad, db, tmp_path / "backups")


def test_backup_of_a_missing_database(tmp_path):
    with pytest.raises(BackupError, match="がありません"):
        backup(tmp_path / "none.sqlite3", tmp_path / "out")
