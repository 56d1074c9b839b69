"""A reply reads the store a bounded number of times, whatever the number of indicators."""

from datetime import date, timedelta

import pytest

from commands.context import Actor, Context
from commands.digest import DigestState, build_digest, previous_state, save_state
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


def _traced(store, run):
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        result = run()
    finally:
        store.db.conn.set_trace_callback(None)
    return result, seen


def _statements(store, kb, line):
    reply, seen = _traced(
        store, lambda: execute(Context(kb, today=date(2026, 11, 29), store=store, actor=EDITOR), line)
    )
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


@pytest.mark.parametrize("compared", [False, True])
def test_the_daily_digest_reads_the_store_a_bounded_number_of_times(filled, kb, compared):
    day, channel = date(2026, 11, 29), 42
    if compared:  # yesterday's digest was sent, so today's compares with it
        yesterday = day - timedelta(days=1)
        filled.claim_digest(channel, yesterday)
        filled.mark_digest_sent(channel, yesterday, 1)
        save_state(filled, channel, DigestState(yesterday, last_entry_id=1))

    def digest():
        ctx = Context(kb, today=day, store=filled)
        return build_digest(ctx, day, previous_state(filled, channel, day))

    built, statements = _traced(filled, digest)
    assert ("新しい実績: 指標1 " in str(built.reply.fields)) is compared  # the comparison ran
    reads = _reads(statements)
    assert len(reads) <= 10, reads  # reading each indicator's history on its own was 31
    assert statements.count("BEGIN") == 1  # the stars and the changes come from one view
