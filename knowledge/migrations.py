"""The database schema, as an ordered set of sqlite-utils migrations.

Migrations are append-only: never edit one that has shipped; add ``m002_…`` instead.  Tables are
STRICT so a wrong type is an error rather than a silently coerced value, and the CHECK
constraints repeat the rules of :mod:`knowledge.store` so that a hand-edited row cannot break them.
"""

from __future__ import annotations

import json

from knowledge._sqlite import Database, Migrations

MIGRATIONS = Migrations("yamaguchi_strategy_bot")

_INITIAL = (
    # Append-only log of actuals.  A correction is a new row; an undo is a 'withdrawal' row naming
    # the withdrawn entry in `withdraws`.  `value` is the Decimal as text, so no float rounding;
    # `as_of_end` (the last day of the as-of period, YYYY-MM-DD) orders periods of different kinds
    # (FY2025 vs 2026-01), which their canonical strings do not.
    """
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        plan TEXT NOT NULL,
        indicator INTEGER NOT NULL,
        value TEXT,
        unit TEXT,
        value_text TEXT,
        as_of TEXT,
        as_of_end TEXT,
        recorded_by_id TEXT NOT NULL,
        recorded_by_name TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        note TEXT,
        source TEXT,
        supersedes INTEGER REFERENCES entries(id),
        kind TEXT NOT NULL CHECK (kind IN ('actual', 'withdrawal')),
        withdraws INTEGER REFERENCES entries(id),
        CHECK (
            (kind = 'actual' AND withdraws IS NULL AND value IS NOT NULL AND unit IS NOT NULL
             AND value_text IS NOT NULL AND as_of IS NOT NULL AND as_of_end IS NOT NULL)
            OR (kind = 'withdrawal' AND withdraws IS NOT NULL AND value IS NULL)
        )
    ) STRICT
    """,
    "CREATE INDEX entries_plan_indicator_id ON entries (plan, indicator, id)",
    # An entry can be withdrawn once; the index also serves the "is it withdrawn?" joins.
    "CREATE UNIQUE INDEX entries_withdraws ON entries (withdraws) WHERE withdraws IS NOT NULL",
    """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        plan TEXT,
        indicator INTEGER,
        entry_id INTEGER REFERENCES entries(id),
        detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
    ) STRICT
    """,
    "CREATE INDEX audit_entry_id ON audit (entry_id) WHERE entry_id IS NOT NULL",
    """
    CREATE TABLE owners (
        plan TEXT NOT NULL,
        indicator INTEGER NOT NULL,
        owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'role')),
        owner_id TEXT NOT NULL,
        owner_name TEXT NOT NULL,
        set_by_id TEXT NOT NULL,
        set_at TEXT NOT NULL,
        remind INTEGER NOT NULL DEFAULT 1 CHECK (remind IN (0, 1)),
        PRIMARY KEY (plan, indicator)
    ) STRICT
    """,
    """
    CREATE TABLE digest_runs (
        channel_id TEXT NOT NULL,
        digest_date TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
        message_id TEXT,
        claimed_at TEXT NOT NULL,
        sent_at TEXT,
        PRIMARY KEY (channel_id, digest_date)
    ) STRICT
    """,
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
    ) STRICT
    """,
    # History is evidence: the database itself refuses to rewrite or drop entries and audit rows,
    # whatever code (or console session) tries.
    *(
        f"""
        CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END
        """
        for table in ("entries", "audit")
        for verb in ("UPDATE", "DELETE")
    ),
)


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    """Entries, audit, owners, digest runs and settings."""
    for statement in _INITIAL:
        db.execute(statement)


@MIGRATIONS()
def m002_reminder_runs(db: Database) -> None:
    """Claims of owner reminders, so a reminder is sent once even across a crash."""
    # One row per reminder (plan:indicator:the due date that began its stale spell) and day in
    # Japan: 'pending' when claimed, 'sent' once the message is confirmed.
    db.execute(
        """
        CREATE TABLE reminder_runs (
            channel_id TEXT NOT NULL,
            reminder TEXT NOT NULL,
            reminder_date TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'sent')),
            message_id TEXT,
            claimed_at TEXT NOT NULL,
            sent_at TEXT,
            PRIMARY KEY (channel_id, reminder, reminder_date)
        ) STRICT
        """
    )


@MIGRATIONS()
def m003_typed_state(db: Database) -> None:
    """Cadences and digest states move out of the untyped settings into typed tables, losing nothing."""
    db.execute(
        """
        CREATE TABLE cadences (
            plan TEXT NOT NULL,
            indicator INTEGER NOT NULL CHECK (indicator >= 1),
            months INTEGER NOT NULL CHECK (months BETWEEN 1 AND 60),
            PRIMARY KEY (plan, indicator)
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE digest_states (
            channel_id TEXT NOT NULL,
            digest_date TEXT NOT NULL CHECK (date(digest_date) = digest_date),
            state TEXT NOT NULL CHECK (json_valid(state)),
            PRIMARY KEY (channel_id, digest_date)
        ) STRICT
        """
    )
    moved = []
    for key, value in db.execute("SELECT key, value FROM settings").fetchall():
        parts = key.split(":")
        if parts[0] == "cadence" and len(parts) == 3 and parts[2].isdigit():
            months = json.loads(value)
            if isinstance(months, int) and 1 <= months <= 60:
                db.execute("INSERT INTO cadences VALUES (?, ?, ?)", [parts[1], int(parts[2]), months])
                moved.append(key)
        elif parts[:2] == ["digest", "state"] and len(parts) == 4:
            db.execute("INSERT INTO digest_states VALUES (?, ?, ?)", [parts[2], parts[3], value])
            moved.append(key)
    for key in moved:
        db.execute("DELETE FROM settings WHERE key = ?", [key])
