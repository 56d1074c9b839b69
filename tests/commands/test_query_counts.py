"""A reply reads the store a bounded number of times, whatever the number of indicators."""

from datetime import date

import pytest

from commands.context import Actor, Context
from commands.parse import execute
from knowledge.store import Store

EDITOR = Actor("1", "alice", editor=True)


@pytest.fixture
def filled(tmp_path):
    store = Store.open(tmp_path / "db.sqlite3")
    ctx = Context(_kb(), today=date(2026, 11, 29), store=store, actor=EDITOR)
    for no in range(1, 29, 3):
        execute(ctx, f"/owner {no} who:山田 cadence:6")
    for line in ("/update 15 value:95% as_of:2025年度", "/update 1 value:3回 as_of:2024年度"):
        assert execute(ctx, line).ok
    yield store
    store.close()


def _kb():
    from knowledge import load_knowledge

    return load_knowledge()


def _statements(store, kb, line):
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        reply = execute(Context(kb, today=date(2026, 11, 29), store=store, actor=EDITOR), line)
    finally:
        store.db.conn.set_trace_callback(None)
    assert reply.ok, reply.message
    return seen


def _reads(statements):
    """The statements that read data (sqlite-utils wraps each query in a SAVEPOINT of its own)."""
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize(
    ("line", "limit"),
    [
        ("/indicator 15", 5),
        ("/indicator", 10),
        ("/indicator stale:yes", 10),
        ("/overview", 10),
        ("/project 4", 10),
    ],
)
def test_a_reply_reads_the_store_a_bounded_number_of_times(filled, kb, line, limit):
    reads = _reads(_statements(filled, kb, line))
    assert len(reads) <= limit, reads  # one query per indicator would be 28 or more


def test_the_reads_of_one_reply_share_one_transaction(filled, kb):
    statements = _statements(filled, kb, "/indicator")
    assert statements[0] == "BEGIN" and statements[-1] == "COMMIT"
    assert statements.count("BEGIN") == 1
