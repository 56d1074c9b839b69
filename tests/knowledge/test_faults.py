import sqlite3
from datetime import date
from decimal import Decimal

import pytest

import knowledge.store as store_module
from commands.context import Actor, Context
from commands.parse import execute
from knowledge.store import StorageUnavailable, Store

EDITOR = Actor("1", "alice", editor=True)


@pytest.fixture
def filled(tmp_path):
    s = Store.open(tmp_path / "bot.sqlite3")
    s.record("2024", 12, Decimal(100), "件", "100件", "FY2024", "1", "alice")
    yield s
    s.close()


def _ctx(kb, store):
    return Context(kb, today=date(2026, 11, 29), store=store, actor=EDITOR)


def test_read_only_database_refuses_writes_clearly_and_keeps_answering(kb, filled):
    filled.db.execute("PRAGMA query_only = ON")
    reply = execute(_ctx(kb, filled), "/update 12 value:130件 as_of:2025-09")
    assert reply.status == "invalid"
    assert reply.message.startswith("データベースが読み取り専用のため、記録できませんでした。")
    assert "これまでの記録は失われていません" in reply.message
    shown = execute(_ctx(kb, filled), "/indicator 12")
    assert shown.record["latest"]["text"] == "100件"


def test_full_disk_refuses_writes_and_loses_nothing(kb, filled):
    pages = filled.db.execute("PRAGMA page_count").fetchone()[0]
    filled.db.execute(f"PRAGMA max_page_count = {pages}")
    replies = [
        execute(_ctx(kb, filled), f"/update 12 value:{130 + n}件 as_of:2025-09 note:{'x' * 200}")
        for n in range(50)
    ]
    refused = [r for r in replies if r.status == "invalid"]
    assert refused and refused[-1].message.startswith("ディスクがいっぱいのため、記録できませんでした。")
    assert filled.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = filled.history("2024", 12)
    assert kept[-1].value_text == "100件"
    assert len(filled.audit_log(limit=1000)) == len(kept)  # no entry without its audit row


def test_unwritable_file_opens_read_only(tmp_path, filled, monkeypatch):
    path = tmp_path / "bot.sqlite3"

    def refuse(_path):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store_module, "open_database", refuse)
    ro = Store.open(path)
    assert ro.read_only and ro.latest("2024", 12).value_text == "100件"
    with pytest.raises(StorageUnavailable):
        ro.record("2024", 12, Decimal(1), "件", "1件", "FY2025", "1", "a")
    ro.close()


def test_refusing_a_non_editor_survives_an_unwritable_audit(kb, filled):
    filled.db.execute("PRAGMA query_only = ON")
    reply = execute(Context(kb, store=filled, actor=Actor("2", "bob")), "/update 12 value:1件")
    assert reply.status == "forbidden" and "権限がありません" in reply.message
