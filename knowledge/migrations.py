"""The database schema, as an ordered set of sqlite-utils migrations.

Migrations are append-only: never edit one that has shipped; add ``m002_…`` instead.  Tables are
STRICT so a wrong type is an error rather than a silently coerced value, and the CHECK
constraints repeat the rules of :mod:`knowledge.store` so that a hand-edited row cannot break them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, date, datetime

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


def _iso_day(value: object) -> str | None:
    """``value`` when it is a date in ISO form (what a reminder marker held), else None."""
    if not isinstance(value, str):
        return None
    try:
        return value if date.fromisoformat(value).isoformat() == value else None
    except ValueError:
        return None


def _saved_channel(value: object) -> str | None:
    """A saved channel id as the digest's settings read it: a positive number, as digits."""
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
    try:
        number = int(text) if text.isdigit() else 0
    except ValueError:  # digits int() refuses, such as "²"
        return None
    return str(number) if number > 0 else None


def _saved_time(value: object) -> str | None:
    """A saved time as the digest's settings read it (``9:00``, ``０９：００`` …), as HH:MM."""
    if not isinstance(value, str):
        return None
    m = re.fullmatch(r"(\d{1,2})[:：](\d{2})", unicodedata.normalize("NFKC", value).strip())
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        return None
    return f"{int(m[1]):02d}:{int(m[2]):02d}"


def _saved_flag(value: object) -> int | None:
    return int(value) if isinstance(value, bool) else None


@MIGRATIONS()
def m004_reminder_marks_and_digest_config(db: Database) -> None:
    """Reminder marks and the digest's settings leave the untyped settings too, which then goes.

    A value is moved as the bot read it, so nothing reads differently afterwards: a reminder
    marker whose value was no ISO date never matched a spell and is dropped, and of the digest's
    settings each malformed field (or the whole, when it was no object) becomes NULL, the default.
    Keys the bot never wrote stay where they are, and so does ``settings`` while it holds any.
    """
    # The spell's CHECK uses IS, not =: date() of a non-date is NULL, which a CHECK lets through; and
    # '+0 days' normalises a day the month does not have (2025-02-30), so that is refused too.
    db.execute(
        """
        CREATE TABLE reminder_marks (
            plan TEXT NOT NULL,
            indicator INTEGER NOT NULL CHECK (indicator >= 1),
            spell TEXT NOT NULL CHECK (date(spell, '+0 days') IS spell),
            marked_at TEXT NOT NULL CHECK (datetime(marked_at) IS NOT NULL),
            PRIMARY KEY (plan, indicator)
        ) STRICT
        """
    )
    # One row: NULL leaves a setting to its default (DIGEST_CHANNEL_ID, DIGEST_TIME, on, post quiet days).
    db.execute(
        """
        CREATE TABLE digest_config (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            channel_id TEXT CHECK (channel_id GLOB '[1-9]*' AND channel_id NOT GLOB '*[^0-9]*'),
            time TEXT CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]' AND time <= '23:59'),
            enabled INTEGER CHECK (enabled IN (0, 1)),
            skip_quiet INTEGER CHECK (skip_quiet IN (0, 1))
        ) STRICT
        """
    )
    moved_at = datetime.now(UTC).isoformat(timespec="seconds")
    consumed = []
    for key, value in db.execute("SELECT key, value FROM settings").fetchall():
        if key.startswith("reminded:"):  # reminded:<plan>:<indicator>, the ISO date that began a spell
            plan, _, no = key.removeprefix("reminded:").partition(":")
            spell = _iso_day(json.loads(value))
            if plan and no.isascii() and no.isdigit() and no == str(int(no)) and int(no) >= 1 and spell:
                sent_at = _sent_at(db, f"{plan}:{no}:{spell}")
                db.execute(
                    "INSERT INTO reminder_marks VALUES (?, ?, ?, ?)",
                    [plan, int(no), spell, sent_at or moved_at],
                )
            consumed.append(key)  # moved, or never read back as a spell (then dropping it changes nothing)
        elif key == "digest":
            stored = json.loads(value)
            if isinstance(stored, dict):
                db.execute(
                    "INSERT INTO digest_config VALUES (1, ?, ?, ?, ?)",
                    [
                        _saved_channel(stored.get("channel_id")),
                        _saved_time(stored.get("time")),
                        _saved_flag(stored.get("enabled")),
                        _saved_flag(stored.get("skip_quiet")),
                    ],
                )
            consumed.append(key)
    for key in consumed:
        db.execute("DELETE FROM settings WHERE key = ?", [key])
    if db.execute("SELECT count(*) FROM settings").fetchone()[0] == 0:
        db.execute("DROP TABLE settings")


def _sent_at(db: Database, reminder: str) -> str | None:
    """When the reminder of a spell was last confirmed sent, if its claim says so."""
    row = db.execute(
        "SELECT max(sent_at) FROM reminder_runs"
        " WHERE reminder = ? AND status = 'sent' AND datetime(sent_at) IS NOT NULL",
        [reminder],
    ).fetchone()
    return str(row[0]) if row[0] is not None else None


@MIGRATIONS()
def m005_official_ratings(db: Database) -> None:
    """Official ★ ratings that editors record, append-only like the actuals.

    A rating is judged by the team (公式), as of a period; a later rating for the same period
    corrects it, and an undo is a 'withdrawal' row naming the rating it withdraws.  ``interim``
    is 1 when the plan's period had not ended at recording: a 中間評価.
    """
    db.execute(
        """
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            plan TEXT NOT NULL,
            indicator INTEGER NOT NULL CHECK (indicator >= 1),
            kind TEXT NOT NULL CHECK (kind IN ('rating', 'withdrawal')),
            stars INTEGER CHECK (stars BETWEEN 1 AND 4),
            as_of TEXT,
            as_of_end TEXT CHECK (as_of_end IS NULL OR date(as_of_end, '+0 days') IS as_of_end),
            interim INTEGER CHECK (interim IN (0, 1)),
            note TEXT,
            recorded_by_id TEXT NOT NULL,
            recorded_by_name TEXT NOT NULL,
            recorded_at TEXT NOT NULL CHECK (datetime(recorded_at) IS NOT NULL),
            withdraws INTEGER REFERENCES ratings(id),
            CHECK (
                (kind = 'rating' AND withdraws IS NULL AND stars IS NOT NULL AND as_of IS NOT NULL
                 AND as_of_end IS NOT NULL AND interim IS NOT NULL)
                OR (kind = 'withdrawal' AND withdraws IS NOT NULL AND stars IS NULL)
            )
        ) STRICT
        """
    )
    db.execute("CREATE INDEX ratings_plan_indicator_id ON ratings (plan, indicator, id)")
    db.execute("CREATE UNIQUE INDEX ratings_withdraws ON ratings (withdraws) WHERE withdraws IS NOT NULL")
    db.execute(
        "CREATE TRIGGER ratings_no_update BEFORE UPDATE ON ratings"
        " BEGIN SELECT RAISE(ABORT, 'ratings is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER ratings_no_delete BEFORE DELETE ON ratings"
        " BEGIN SELECT RAISE(ABORT, 'ratings is append-only'); END"
    )


@MIGRATIONS()
def m006_digest_cadences_and_messages(db: Database) -> None:
    """Each digest channel's cadence, and every message of a day's digest, so that no marker is shown.

    A digest used to carry ``digest:YYYY-MM-DD`` in its footer so that a run after a crash could
    find it in the channel; now the messages a claimed digest will send are kept here with their
    ids once sent.  No stored data changes: a channel without a cadence row is posted daily, as
    every channel was, and the digests sent before keep their first message id in ``digest_runs``.
    """
    # The cadences are the ones commands/digest/_cadence.py reads.
    db.execute(
        """
        CREATE TABLE digest_cadences (
            channel_id TEXT PRIMARY KEY CHECK (channel_id GLOB '[1-9]*' AND channel_id NOT GLOB '*[^0-9]*'),
            cadence TEXT NOT NULL CHECK (cadence IN ('daily', 'weekdays', 'weekly-mon', 'weekly-tue',
                'weekly-wed', 'weekly-thu', 'weekly-fri', 'weekly-sat', 'weekly-sun'))
        ) STRICT
        """
    )
    # One row per message of a claimed digest: its content (the poster's JSON) from the claim on,
    # its id once Discord accepted it.
    db.execute(
        """
        CREATE TABLE digest_messages (
            channel_id TEXT NOT NULL,
            digest_date TEXT NOT NULL,
            part INTEGER NOT NULL CHECK (part >= 1),
            content TEXT NOT NULL CHECK (json_valid(content)),
            message_id TEXT CHECK (message_id GLOB '[1-9]*' AND message_id NOT GLOB '*[^0-9]*'),
            sent_at TEXT CHECK (sent_at IS NULL OR datetime(sent_at) IS NOT NULL),
            PRIMARY KEY (channel_id, digest_date, part),
            FOREIGN KEY (channel_id, digest_date) REFERENCES digest_runs (channel_id, digest_date)
        ) STRICT
        """
    )


@MIGRATIONS()
def m007_reminder_messages(db: Database) -> None:
    """The text of each claimed owner reminder, and its id once sent, so that no marker is shown.

    A reminder used to end with a ``-# remind:2024:15:2025-04-01`` line so that a run after a crash
    could find it in the channel; now each claim keeps the exact text it sends, and the message's id
    as soon as Discord accepts it.  No stored data changes: a claim made before has no row here, and
    the reminder it sent still carries its marker line.
    """
    # One row per claim of reminder_runs (a reminder on one day): its text from the claim on, its id
    # once Discord accepted it.
    db.execute(
        """
        CREATE TABLE reminder_messages (
            channel_id TEXT NOT NULL,
            reminder TEXT NOT NULL,
            reminder_date TEXT NOT NULL,
            content TEXT NOT NULL CHECK (trim(content, ' ' || char(9, 10, 13)) <> ''),
            message_id TEXT CHECK (message_id GLOB '[1-9]*' AND message_id NOT GLOB '*[^0-9]*'),
            PRIMARY KEY (channel_id, reminder, reminder_date),
            FOREIGN KEY (channel_id, reminder, reminder_date)
                REFERENCES reminder_runs (channel_id, reminder, reminder_date)
        ) STRICT
        """
    )
