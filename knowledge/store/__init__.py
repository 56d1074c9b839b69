"""SQLite storage of recorded actuals, their audit trail, owners, digest and reminder runs and their state.

Actuals are an append-only log (``entries``): a correction is a new row, an undo is a
``withdrawal`` row that names the entry it withdraws, and nothing is ever updated or deleted
(triggers refuse it).  What the bot shows is derived from the rows:

- the **latest** actual of an indicator is its effective (not withdrawn) entry with the latest
  as-of period — compared by the period's last day, so ``FY2025`` (to 2026-03-31) is newer than
  ``2026-01`` — and, for the same last day, the highest id: a correction recorded later for the
  same as-of wins;
- **undo** withdraws the caller's own most recently *recorded* effective entry (anyone's for an
  administrator), so repeated undos walk back through the caller's own recordings.

Every write runs in one ``BEGIN IMMEDIATE`` transaction together with its audit row, so a crash
leaves either both or neither.  ``IMMEDIATE`` (rather than the driver's deferred transaction that
starts at the first INSERT) takes the write lock before the previous latest is read, so two
editors recording at once cannot both supersede the same entry, and a waiting writer is handled by
the busy timeout instead of failing with SQLITE_BUSY on a lock upgrade.

A :class:`Store` may be shared between threads (e.g. ``asyncio.to_thread``): it serialises the use
of its connection with a lock.  Separate processes or connections coordinate through SQLite.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from time import monotonic, sleep
from typing import Any

from knowledge._sqlite import Database
from knowledge.kb import Latest
from knowledge.migrations import MIGRATIONS
from knowledge.periods import Period, parse_period
from knowledge.store._common import (
    NoDigestClaim,
    NoReminderClaim,
    NothingToUndo,
    NotYours,
    StorageUnavailable,
    StoreError,
    _json,
    _utc,
)
from knowledge.store._digest import DigestMixin, DigestPart
from knowledge.store._ratings import OfficialEntry, RatingsMixin, as_it_stood
from knowledge.store._reminders import ReminderMessage, ReminderMessagesMixin

__all__ = [
    "AuditRow",
    "DigestPart",
    "DigestRun",
    "Entry",
    "NewEntry",
    "NoDigestClaim",
    "NoReminderClaim",
    "NotYours",
    "NothingToUndo",
    "OfficialEntry",
    "Owner",
    "ReminderMessage",
    "ReminderRun",
    "SavedDigestConfig",
    "Snapshot",
    "StorageUnavailable",
    "Store",
    "StoreError",
    "as_it_stood",
    "explain",
    "migrate",
    "open_database",
]

# Long enough to ride out any real contention (writes take milliseconds), short enough that a
# stuck lock surfaces as an error rather than a hung command.
BUSY_TIMEOUT_MS = 10_000

# Audit actions the store writes itself; Store.log takes any other the bot needs.
RECORD_ACTIONS = ("update", "import")


def explain(exc: sqlite3.Error) -> str:
    """A Japanese explanation of a failed write that says nothing stored was lost."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        why = "データベースが読み取り専用のため、記録できませんでした。"
    elif "full" in text:
        why = "ディスクがいっぱいのため、記録できませんでした。"
    elif "locked" in text or "busy" in text:
        why = "データベースが混み合っているため、記録できませんでした。少し待ってからもう一度お試しください。"
    else:
        why = "データベースに書き込めませんでした。"
    return why + "これまでの記録は失われていません。続く場合は管理者に連絡してください。"


# -- opening -----------------------------------------------------------------------------------


def open_database(path: Path | str | None = None) -> Database:
    """A migrated database: a file at ``path`` (parent folders created) or in memory for None."""
    if path is None or str(path) == ":memory:":
        path = None
        # check_same_thread=False: a Store guards its connection with a lock (see module doc).
        conn = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    db = Database(conn, execute_plugins=False)  # no installed plugin may change the schema's behaviour
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if path is not None:
        # WAL: readers (answers) never wait for a writer (an /update), and a commit is one append.
        _enable_wal(db)
    # FULL rather than NORMAL: with WAL, NORMAL may lose the last commits on power loss (not on a
    # process crash).  An editor who saw 「記録しました」 expects the value to be there, and at a
    # few writes a day the extra fsync per commit costs nothing.
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def _enable_wal(db: Database) -> None:
    # Switching the journal mode is refused at once, without the busy handler, while another
    # connection opening the same new file holds a lock: retry until the busy timeout is spent.
    deadline = monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or monotonic() > deadline:
                raise
            sleep(0.01)


def migrate(db: Database) -> list[str]:
    """Apply pending migrations; returns the names applied (empty when up to date)."""
    if not MIGRATIONS.pending(db):
        return []
    # Serialise concurrent first opens of a new file: the second waits, then finds nothing pending.
    db.execute("BEGIN IMMEDIATE")
    try:
        names = [m.name for m in MIGRATIONS.pending(db)]
        MIGRATIONS.apply(db)
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise
    return names


# -- records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewEntry:
    """An actual to append: what /update and a bulk import both hand to the store."""

    plan: str
    indicator: int
    value: Decimal
    unit: str
    value_text: str
    as_of: str
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True, kw_only=True)
class Entry(NewEntry):
    """A recorded actual (an ``entries`` row of kind 'actual'), with its withdrawal if undone."""

    id: int
    recorded_by_id: str
    recorded_by_name: str
    recorded_at: str
    supersedes: int | None = None
    withdrawal_id: int | None = None  # the 'withdrawal' row that undid this entry
    withdrawn_at: str | None = None
    withdrawn_by_id: str | None = None
    withdrawn_by_name: str | None = None

    @property
    def withdrawn(self) -> bool:
        """True once the entry has been undone."""
        return self.withdrawal_id is not None

    @property
    def period(self) -> Period:
        """The as-of period, parsed."""
        return parse_period(self.as_of)

    def to_latest(self) -> Latest:
        """This entry as the knowledge layer's Latest (source "entry")."""
        return Latest(
            self.value,
            self.unit,
            self.period,
            self.value_text,
            "entry",
            recorded_by=self.recorded_by_name,
            recorded_at=self.recorded_at,
            remark=self.note,
        )


@dataclass(frozen=True)
class AuditRow:
    """One audit record; ``detail`` is the decoded JSON."""

    id: int
    at: str
    actor_id: str
    actor_name: str
    action: str
    plan: str | None
    indicator: int | None
    entry_id: int | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class Owner:
    """Who looks after an indicator: a user or a role, and whether to remind them."""

    plan: str
    indicator: int
    owner_kind: str
    owner_id: str
    owner_name: str
    set_by_id: str
    set_at: str
    remind: bool


@dataclass(frozen=True)
class DigestRun:
    """A channel's digest for one day: claimed ('pending') and then 'sent'."""

    channel_id: str
    digest_date: str
    status: str
    message_id: str | None
    claimed_at: str
    sent_at: str | None


@dataclass(frozen=True)
class ReminderRun:
    """An owner reminder claimed on one day ('pending') and then 'sent'."""

    channel_id: str
    reminder: str  # plan:indicator:the due date that began the stale spell
    reminder_date: str
    status: str
    message_id: str | None
    claimed_at: str
    sent_at: str | None


@dataclass(frozen=True)
class SavedDigestConfig:
    """The digest settings saved with /digest settings; a None field is left to its default."""

    channel_id: int | None = None
    time: time | None = None  # wall-clock time in Japan, to the minute
    enabled: bool | None = None
    skip_quiet: bool | None = None


def _day(day: date | str) -> str:
    return day.isoformat() if isinstance(day, date) else date.fromisoformat(day).isoformat()


_ENTRY_COLUMNS = """
    e.id, e.plan, e.indicator, e.value, e.unit, e.value_text, e.as_of, e.recorded_by_id,
    e.recorded_by_name, e.recorded_at, e.note, e.source, e.supersedes,
    w.id AS withdrawal_id, w.recorded_at AS withdrawn_at, w.recorded_by_id AS withdrawn_by_id,
    w.recorded_by_name AS withdrawn_by_name
"""
_ENTRY_FROM = "FROM entries e LEFT JOIN entries w ON w.withdraws = e.id WHERE e.kind = 'actual'"
_ENTRY_SELECT = f"SELECT {_ENTRY_COLUMNS} {_ENTRY_FROM}"
_NEWEST = "ORDER BY e.as_of_end DESC, e.id DESC"


def _entry(row: Mapping[str, Any]) -> Entry:
    return Entry(**{**row, "value": Decimal(row["value"])})


@dataclass(frozen=True)
class Snapshot:
    """What one reply reads from the store, all at one moment: a plan's latest actuals, owners and cadences.

    ``history`` (every actual by indicator, as :meth:`Store.history` orders them) is read only when
    asked for, by the one reply that needs it (the digest); None otherwise.
    """

    plan: str
    latest: Mapping[int, Entry]
    owners: Mapping[int, Owner]
    cadences: Mapping[int, int]
    history: Mapping[int, Sequence[Entry]] | None = None
    officials: Mapping[int, OfficialEntry] = field(default_factory=dict)  # recorded 公式 ratings in effect


# A digest compares with the last one sent; a preview of an earlier day walks back along the states.
# A year of them covers every comparison anyone makes; older ones are pruned as new ones are saved.
DIGEST_STATES_KEPT = timedelta(days=400)


class Store(RatingsMixin, DigestMixin, ReminderMessagesMixin):
    """Recorded actuals, audit, owners, digest and reminder runs and their state on one sqlite-utils Database."""

    def __init__(self, db: Database, read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path | str | None = None) -> Store:
        """A store on ``open_database(path)``; a database that cannot be written opens read-only."""
        try:
            return cls(open_database(path))
        except sqlite3.OperationalError as exc:
            if path is None or not Path(path).exists() or "readonly" not in str(exc).lower():
                raise
            # Keep answering from what is stored; every write will explain why it cannot be made.
            conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, check_same_thread=False)
            return cls(Database(conn, execute_plugins=False), read_only=True)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self.db.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self.read_only:
            raise StorageUnavailable(explain(sqlite3.OperationalError("readonly database")))
        try:
            with self._lock, self.db.conn:  # commits on success, rolls back on any exception
                self.db.conn.execute("BEGIN IMMEDIATE")
                yield
        except sqlite3.OperationalError as exc:  # read-only, disk full, locked past the busy timeout
            raise StorageUnavailable(explain(exc)) from exc

    def _rows(
        self, sql: str, params: dict[str, Any] | list[Any] | tuple[Any, ...] = ()
    ) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.db.query(sql, params))

    def _log(
        self,
        at: str,
        actor_id: str,
        actor_name: str,
        action: str,
        plan: str | None = None,
        indicator: int | None = None,
        entry_id: int | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> int:
        cursor = self.db.execute(
            "INSERT INTO audit (at, actor_id, actor_name, action, plan, indicator, entry_id, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [at, str(actor_id), actor_name, action, plan, indicator, entry_id, _json(detail)],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # -- entries ---------------------------------------------------------------------------

    def entry(self, entry_id: int) -> Entry | None:
        """The actual with this id (withdrawn or not), or None."""
        with self._lock:
            return self._entry_by_id(entry_id)

    def record(
        self,
        plan: str,
        indicator: int,
        value: Decimal,
        unit: str,
        value_text: str,
        as_of: str,
        by_id: str | int,
        by_name: str,
        note: str | None = None,
        source: str | None = None,
        now: datetime | None = None,
        action: str = "update",
    ) -> Entry:
        """Append an actual; ``supersedes`` is the latest before it. Audited as ``action``."""
        row = NewEntry(plan, indicator, value, unit, value_text, as_of, note, source)
        return self.record_many([row], by_id, by_name, now=now, action=action)[0]

    def record_many(
        self,
        rows: Iterable[NewEntry],
        by_id: str | int,
        by_name: str,
        now: datetime | None = None,
        action: str = "import",
    ) -> list[Entry]:
        """Append several actuals in ONE transaction: all of them are stored, or none (a bulk import)."""
        if action not in RECORD_ACTIONS:
            raise ValueError(f"action must be one of {RECORD_ACTIONS}: {action!r}")
        rows = list(rows)
        for row in rows:
            if not isinstance(row.value, Decimal) or not row.value.is_finite():
                raise ValueError(f"value must be a finite Decimal: {row.value!r}")
        at = _utc(now)
        with self._write():
            ids = [self._insert_entry(row, str(by_id), by_name, at, action) for row in rows]
            entries = [self._entry_by_id(entry_id) for entry_id in ids]
        return [entry for entry in entries if entry is not None]

    def _insert_entry(self, row: NewEntry, by_id: str, by_name: str, at: str, action: str) -> int:
        period = parse_period(row.as_of)  # canonical form only: the parser in knowledge.values made it
        previous = self._latest(row.plan, row.indicator)
        replaced = self._effective_at(row.plan, row.indicator, str(period))
        cursor = self.db.execute(
            "INSERT INTO entries (plan, indicator, value, unit, value_text, as_of, as_of_end,"
            " recorded_by_id, recorded_by_name, recorded_at, note, source, supersedes, kind)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'actual')",
            [
                row.plan,
                row.indicator,
                format(row.value, "f"),  # never an exponent: 1E+3 is stored as 1000
                row.unit,
                row.value_text,
                str(period),
                period.end.isoformat(),
                by_id,
                by_name,
                at,
                row.note,
                row.source,
                previous.id if previous else None,
            ],
        )
        entry_id = cursor.lastrowid
        assert entry_id is not None
        detail = {
            "value": format(row.value, "f"),
            "unit": row.unit,
            "value_text": row.value_text,
            "as_of": str(period),
            "supersedes": previous.id if previous else None,
            "note": row.note,
            "source": row.source,
            # A second value for the same period corrects the first: the audit shows old → new.
            "replaces": None if replaced is None else {"id": replaced.id, "value_text": replaced.value_text},
        }
        self._log(at, by_id, by_name, action, row.plan, row.indicator, entry_id, detail)
        return entry_id

    def _entry_by_id(self, entry_id: int) -> Entry | None:
        rows = list(self.db.query(f"{_ENTRY_SELECT} AND e.id = ?", [entry_id]))
        return _entry(rows[0]) if rows else None

    def _latest(self, plan: str, indicator: int) -> Entry | None:
        rows = list(
            self.db.query(
                f"{_ENTRY_SELECT} AND w.id IS NULL AND e.plan = ? AND e.indicator = ? {_NEWEST} LIMIT 1",
                [plan, indicator],
            )
        )
        return _entry(rows[0]) if rows else None

    def _effective_at(self, plan: str, indicator: int, as_of: str) -> Entry | None:
        rows = list(
            self.db.query(
                f"{_ENTRY_SELECT} AND w.id IS NULL AND e.plan = ? AND e.indicator = ? AND e.as_of = ?"
                " ORDER BY e.id DESC LIMIT 1",
                [plan, indicator, as_of],
            )
        )
        return _entry(rows[0]) if rows else None

    def latest(self, plan: str, indicator: int) -> Entry | None:
        """The effective actual with the latest as-of (ties: the one recorded last), or None."""
        with self._lock:
            return self._latest(plan, indicator)

    def latest_all(self, plan: str) -> dict[int, Entry]:
        """The latest effective actual of every indicator of a plan that has one, in one query."""
        rows = self._rows(
            f"SELECT * FROM (SELECT {_ENTRY_COLUMNS}, row_number() OVER (PARTITION BY e.indicator {_NEWEST})"
            f" AS rank {_ENTRY_FROM} AND w.id IS NULL AND e.plan = ?) WHERE rank = 1 ORDER BY indicator",
            [plan],
        )
        return {row["indicator"]: _entry({k: v for k, v in row.items() if k != "rank"}) for row in rows}

    def history_all(self, plan: str) -> dict[int, list[Entry]]:
        """Every actual of every indicator of a plan that has one, each as :meth:`history` orders them, in one query."""
        out: dict[int, list[Entry]] = {}
        for row in self._rows(
            f"{_ENTRY_SELECT} AND e.plan = ? ORDER BY e.indicator, e.as_of_end DESC, e.id DESC", [plan]
        ):
            out.setdefault(row["indicator"], []).append(_entry(row))
        return out

    def snapshot(self, plan: str, *, history: bool = False, moment: datetime | None = None) -> Snapshot:
        """A plan's latest actuals, owners and cadences (and, asked for, every actual), read in one transaction.

        With ``moment``, the actuals and official ratings as they stood then (every actual is read):
        rows recorded later are left out, and one withdrawn later counts as in effect.  Owners and
        cadences keep no history, so they are today's.
        """
        with self._lock:
            in_transaction = self.db.conn.in_transaction
            if not in_transaction:
                self.db.conn.execute("BEGIN")
            try:
                latest = self.latest_all(plan) if moment is None else {}
                owners = self.owners(plan)
                rows = self._rows("SELECT indicator, months FROM cadences WHERE plan = ?", [plan])
                every = self.history_all(plan) if history or moment is not None else None
                officials = self.latest_officials(plan, moment)
            finally:
                if not in_transaction:
                    self.db.conn.execute("COMMIT")
        cadences = {row["indicator"]: row["months"] for row in rows}
        if moment is not None:
            assert every is not None
            every = {no: stood for no, entries in every.items() if (stood := _as_it_was(entries, moment))}
            # history_all orders each indicator's actuals as the latest is chosen: the first in effect wins
            latest = {
                no: e
                for no, entries in every.items()
                if (e := next((x for x in entries if not x.withdrawn), None))
            }
        return Snapshot(plan, latest, owners, cadences, every, officials)

    # -- cadences and digest states ----------------------------------------------------------

    def set_cadence(self, plan: str, indicator: int, months: int) -> None:
        """Set how many months an indicator's actual stays current."""
        with self._write():
            self.db.execute(
                "INSERT INTO cadences (plan, indicator, months) VALUES (?, ?, ?)"
                " ON CONFLICT (plan, indicator) DO UPDATE SET months = excluded.months",
                [plan, indicator, months],
            )

    def save_digest_state(self, channel_id: str | int, day: date, state: dict[str, Any]) -> None:
        """Keep what a day's digest saw, and prune states no digest or preview will compare with again."""
        encoded = json.dumps(state, ensure_ascii=False, sort_keys=True)
        with self._write():
            self.db.execute(
                "INSERT INTO digest_states (channel_id, digest_date, state) VALUES (?, ?, ?)"
                " ON CONFLICT (channel_id, digest_date) DO UPDATE SET state = excluded.state",
                [str(channel_id), day.isoformat(), encoded],
            )
            self.db.execute(
                "DELETE FROM digest_states WHERE channel_id = ? AND digest_date < ?",
                [str(channel_id), (day - DIGEST_STATES_KEPT).isoformat()],
            )

    def digest_state(self, channel_id: str | int, day: date) -> Any:
        """The state saved for a channel's digest of a day, decoded, or None."""
        rows = self._rows(
            "SELECT state FROM digest_states WHERE channel_id = ? AND digest_date = ?",
            [str(channel_id), day.isoformat()],
        )
        return json.loads(rows[0]["state"]) if rows else None

    def history(self, plan: str, indicator: int) -> list[Entry]:
        """Every actual of an indicator, newest as-of first (ties: last recorded first), withdrawn ones flagged."""
        return [
            _entry(row)
            for row in self._rows(
                f"{_ENTRY_SELECT} AND e.plan = ? AND e.indicator = ? {_NEWEST}", [plan, indicator]
            )
        ]

    def undo(
        self,
        plan: str,
        indicator: int,
        by_id: str | int,
        by_name: str,
        is_admin: bool = False,
        now: datetime | None = None,
        entry_id: int | None = None,
    ) -> Entry:
        """Withdraw an entry (the caller's latest, or ``entry_id``); only one's own unless an admin."""
        at = _utc(now)
        with self._write():
            effective = f"{_ENTRY_SELECT} AND w.id IS NULL AND e.plan = ? AND e.indicator = ?"
            if entry_id is not None:
                chosen = list(self.db.query(f"{effective} AND e.id = ?", [plan, indicator, entry_id]))
                if not chosen:
                    raise NothingToUndo(
                        f"記録番号 {entry_id} は、この指標の取り消せる記録ではありません（/history で番号を確認できます）。"
                    )
                if not is_admin and chosen[0]["recorded_by_id"] != str(by_id):
                    raise NotYours("取り消せるのは自分が記録した値だけです（管理者は取り消せます）。")
            mine = "" if is_admin else " AND e.recorded_by_id = ?"
            params = [plan, indicator] if is_admin else [plan, indicator, str(by_id)]
            rows = (
                chosen
                if entry_id is not None
                else list(self.db.query(f"{effective}{mine} ORDER BY e.id DESC LIMIT 1", params))
            )
            if not rows:
                if not is_admin and list(self.db.query(f"{effective} LIMIT 1", [plan, indicator])):
                    raise NotYours(
                        "取り消せるのは自分が記録した値だけです。この指標の記録はほかの人が登録したものです"
                        "（管理者は取り消せます）。"
                    )
                raise NothingToUndo("この指標には取り消せる記録がありません。")
            target = _entry(rows[0])
            cursor = self.db.execute(
                "INSERT INTO entries (plan, indicator, recorded_by_id, recorded_by_name, recorded_at,"
                " kind, withdraws) VALUES (?, ?, ?, ?, ?, 'withdrawal', ?)",
                [plan, indicator, str(by_id), by_name, at, target.id],
            )
            detail = {
                "withdrawal_id": cursor.lastrowid,
                "value_text": target.value_text,
                "as_of": target.as_of,
                "recorded_by_id": target.recorded_by_id,
                "as_admin": is_admin and target.recorded_by_id != str(by_id),
            }
            self._log(at, str(by_id), by_name, "undo", plan, indicator, target.id, detail)
            withdrawn = self._entry_by_id(target.id)
        assert withdrawn is not None
        return withdrawn

    # -- audit -------------------------------------------------------------------------------

    def log(
        self,
        actor_id: str | int,
        actor_name: str,
        action: str,
        plan: str | None = None,
        indicator: int | None = None,
        detail: Mapping[str, Any] | None = None,
        now: datetime | None = None,
    ) -> int:
        """Write one audit row of its own (e.g. an import summary or a settings change); returns its id."""
        with self._write():
            return self._log(_utc(now), str(actor_id), actor_name, action, plan, indicator, None, detail)

    def log_denied(
        self,
        actor_id: str | int,
        actor_name: str,
        action: str,
        detail: Mapping[str, Any] | None = None,
        plan: str | None = None,
        indicator: int | None = None,
        now: datetime | None = None,
    ) -> int:
        """Audit a refused attempt at ``action`` (stored as action 'denied'); returns the row id."""
        payload = {"attempted": action, **(detail or {})}
        return self.log(actor_id, actor_name, "denied", plan, indicator, payload, now)

    def audit_log(
        self, limit: int = 20, plan: str | None = None, indicator: int | None = None
    ) -> list[AuditRow]:
        """The newest audit rows first, optionally for one plan or indicator."""
        rows = self._rows(
            "SELECT * FROM audit WHERE (:plan IS NULL OR plan = :plan)"
            " AND (:indicator IS NULL OR indicator = :indicator) ORDER BY id DESC LIMIT :limit",
            {"plan": plan, "indicator": indicator, "limit": limit},
        )
        return [AuditRow(**{**row, "detail": json.loads(row["detail"])}) for row in rows]

    # -- owners ------------------------------------------------------------------------------

    def _owner(self, plan: str, indicator: int) -> Owner | None:
        rows = list(self.db.query("SELECT * FROM owners WHERE plan = ? AND indicator = ?", [plan, indicator]))
        return Owner(**{**rows[0], "remind": bool(rows[0]["remind"])}) if rows else None

    def set_owner(
        self,
        plan: str,
        indicator: int,
        owner_kind: str,
        owner_id: str | int,
        owner_name: str,
        by_id: str | int,
        by_name: str,
        remind: bool = True,
        now: datetime | None = None,
    ) -> Owner:
        """Make a user or role the owner of an indicator (replacing any owner); audited as 'owner'."""
        if owner_kind not in ("user", "role"):
            raise ValueError(f"owner_kind must be 'user' or 'role': {owner_kind!r}")
        at = _utc(now)
        with self._write():
            before = self._owner(plan, indicator)
            self.db.execute(
                "INSERT INTO owners (plan, indicator, owner_kind, owner_id, owner_name, set_by_id, set_at, remind)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plan, indicator) DO UPDATE SET"
                " owner_kind = excluded.owner_kind, owner_id = excluded.owner_id,"
                " owner_name = excluded.owner_name, set_by_id = excluded.set_by_id,"
                " set_at = excluded.set_at, remind = excluded.remind",
                [plan, indicator, owner_kind, str(owner_id), owner_name, str(by_id), at, int(remind)],
            )
            after = self._owner(plan, indicator)
            assert after is not None
            detail = {"before": _owner_detail(before), "after": _owner_detail(after)}
            self._log(at, str(by_id), by_name, "owner", plan, indicator, None, detail)
        return after

    def clear_owner(
        self, plan: str, indicator: int, by_id: str | int, by_name: str, now: datetime | None = None
    ) -> Owner | None:
        """Remove an indicator's owner; returns the removed owner (None if there was none). Audited."""
        at = _utc(now)
        with self._write():
            before = self._owner(plan, indicator)
            if before is None:
                return None
            self.db.execute("DELETE FROM owners WHERE plan = ? AND indicator = ?", [plan, indicator])
            detail = {"before": _owner_detail(before), "after": None}
            self._log(at, str(by_id), by_name, "owner", plan, indicator, None, detail)
        return before

    def owner(self, plan: str, indicator: int) -> Owner | None:
        """The owner of an indicator, or None."""
        with self._lock:
            return self._owner(plan, indicator)

    def owners(self, plan: str) -> dict[int, Owner]:
        """Every owner of a plan's indicators, by indicator number."""
        rows = self._rows("SELECT * FROM owners WHERE plan = ? ORDER BY indicator", [plan])
        return {row["indicator"]: Owner(**{**row, "remind": bool(row["remind"])}) for row in rows}

    # -- digest ------------------------------------------------------------------------------

    def claim_digest(
        self,
        channel_id: str | int,
        day: date | str,
        now: datetime | None = None,
        stale_after: timedelta | None = None,
    ) -> bool:
        """Claim a channel's digest for a day; True exactly once, for the one caller that should send it.

        With ``stale_after``, a claim still 'pending' after that long (its sender died) may be taken over.
        """
        at = _utc(now)
        with self._write():
            try:
                self.db.execute(
                    "INSERT INTO digest_runs (channel_id, digest_date, status, claimed_at)"
                    " VALUES (?, ?, 'pending', ?)",
                    [str(channel_id), _day(day), at],
                )
            except sqlite3.IntegrityError:
                if stale_after is None:
                    return False
                cutoff = _utc(datetime.fromisoformat(at) - stale_after)
                cursor = self.db.execute(
                    "UPDATE digest_runs SET claimed_at = ? WHERE channel_id = ? AND digest_date = ?"
                    " AND status = 'pending' AND claimed_at <= ?",
                    [at, str(channel_id), _day(day), cutoff],
                )
                return cursor.rowcount == 1
            return True

    def mark_digest_sent(
        self, channel_id: str | int, day: date | str, message_id: str | int, now: datetime | None = None
    ) -> None:
        """Record that the claimed digest was sent as ``message_id``."""
        with self._write():
            cursor = self.db.execute(
                "UPDATE digest_runs SET status = 'sent', message_id = ?, sent_at = ?"
                " WHERE channel_id = ? AND digest_date = ?",
                [str(message_id), _utc(now), str(channel_id), _day(day)],
            )
            if cursor.rowcount != 1:
                raise NoDigestClaim(f"{_day(day)} のダイジェストは送信の予約がされていません。")

    def digest_run(self, channel_id: str | int, day: date | str) -> DigestRun | None:
        """A channel's digest run for a day, or None."""
        rows = self._rows(
            "SELECT * FROM digest_runs WHERE channel_id = ? AND digest_date = ?", [str(channel_id), _day(day)]
        )
        return DigestRun(**rows[0]) if rows else None

    def last_sent_digest(self, channel_id: str | int) -> DigestRun | None:
        """The channel's most recent sent digest, or None."""
        rows = self._rows(
            "SELECT * FROM digest_runs WHERE channel_id = ? AND status = 'sent'"
            " ORDER BY digest_date DESC LIMIT 1",
            [str(channel_id)],
        )
        return DigestRun(**rows[0]) if rows else None

    # -- reminders ---------------------------------------------------------------------------

    def claim_reminder(
        self,
        channel_id: str | int,
        reminder: str,
        day: date | str,
        now: datetime | None = None,
        stale_after: timedelta | None = None,
        content: str | None = None,
    ) -> bool:
        """Claim a reminder for a day; True exactly once per day, for the one caller that should send it.

        With ``stale_after``, a claim of that day still 'pending' after that long may be taken over.
        ``content``, the exact text the claim is about to send, is kept with the claim in the same
        transaction (see :meth:`pending_reminder_messages`).
        """
        at = _utc(now)
        with self._write():
            try:
                self.db.execute(
                    "INSERT INTO reminder_runs (channel_id, reminder, reminder_date, status, claimed_at)"
                    " VALUES (?, ?, ?, 'pending', ?)",
                    [str(channel_id), reminder, _day(day), at],
                )
            except sqlite3.IntegrityError:
                if stale_after is None:
                    return False
                cutoff = _utc(datetime.fromisoformat(at) - stale_after)
                cursor = self.db.execute(
                    "UPDATE reminder_runs SET claimed_at = ? WHERE channel_id = ? AND reminder = ?"
                    " AND reminder_date = ? AND status = 'pending' AND claimed_at <= ?",
                    [at, str(channel_id), reminder, _day(day), cutoff],
                )
                if cursor.rowcount != 1:
                    return False
            if content is not None:
                self._keep_reminder_text(str(channel_id), reminder, _day(day), content)
            return True

    def mark_reminder_sent(
        self, channel_id: str | int, reminder: str, message_id: str | int, now: datetime | None = None
    ) -> None:
        """Record that the reminder was sent as ``message_id`` (every pending claim of it, any day)."""
        with self._write():
            cursor = self.db.execute(
                "UPDATE reminder_runs SET status = 'sent', message_id = ?, sent_at = ?"
                " WHERE channel_id = ? AND reminder = ? AND status = 'pending'",
                [str(message_id), _utc(now), str(channel_id), reminder],
            )
            if cursor.rowcount == 0:
                raise NoReminderClaim(f"通知 {reminder} は送信の予約がされていません。")

    def reminder_run(self, channel_id: str | int, reminder: str) -> ReminderRun | None:
        """The reminder's claim in a channel: a sent one if any, else the latest day's; or None."""
        rows = self._rows(
            "SELECT * FROM reminder_runs WHERE channel_id = ? AND reminder = ?"
            " ORDER BY status = 'sent' DESC, reminder_date DESC LIMIT 1",
            [str(channel_id), reminder],
        )
        return ReminderRun(**rows[0]) if rows else None

    # -- reminder marks ----------------------------------------------------------------------

    def reminded_spells(self, plan: str) -> dict[int, str]:
        """The stale spell (its first due date, ISO) each indicator's owner was last reminded of."""
        rows = self._rows("SELECT indicator, spell FROM reminder_marks WHERE plan = ?", [plan])
        return {row["indicator"]: row["spell"] for row in rows}

    def mark_reminded(
        self, plan: str, indicator: int, spell: date | str, now: datetime | None = None
    ) -> None:
        """Remember that the owner was reminded of the stale spell that began on ``spell``."""
        with self._write():
            self.db.execute(
                "INSERT INTO reminder_marks (plan, indicator, spell, marked_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (plan, indicator) DO UPDATE SET spell = excluded.spell,"
                " marked_at = excluded.marked_at",
                [plan, indicator, _day(spell), _utc(now)],
            )

    # -- the digest's settings ---------------------------------------------------------------

    def digest_config(self) -> SavedDigestConfig | None:
        """The digest settings saved with /digest settings, or None when none were."""
        rows = self._rows("SELECT channel_id, time, enabled, skip_quiet FROM digest_config WHERE id = 1")
        if not rows:
            return None
        row = rows[0]
        return SavedDigestConfig(
            channel_id=int(row["channel_id"]) if row["channel_id"] is not None else None,
            time=time.fromisoformat(row["time"]) if row["time"] is not None else None,
            enabled=bool(row["enabled"]) if row["enabled"] is not None else None,
            skip_quiet=bool(row["skip_quiet"]) if row["skip_quiet"] is not None else None,
        )

    def save_digest_config(
        self, config: SavedDigestConfig, *, cadence: tuple[int, str] | None = None
    ) -> None:
        """Replace the saved digest settings (a None field leaves that setting to its default).

        ``cadence`` (a channel and its cadence) is saved in the same transaction: it is kept per channel.
        """
        if config.channel_id is not None and config.channel_id <= 0:
            raise ValueError(f"channel_id must be positive: {config.channel_id!r}")
        with self._write():
            if cadence is not None:
                self._save_cadence(*cadence)
            self.db.execute(
                "INSERT INTO digest_config (id, channel_id, time, enabled, skip_quiet) VALUES (1, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, time = excluded.time,"
                " enabled = excluded.enabled, skip_quiet = excluded.skip_quiet",
                [
                    str(config.channel_id) if config.channel_id is not None else None,
                    config.time.strftime("%H:%M") if config.time is not None else None,
                    _flag(config.enabled),
                    _flag(config.skip_quiet),
                ],
            )


def _as_it_was(entries: Sequence[Entry], moment: datetime) -> list[Entry]:
    """The actuals recorded by ``moment``, each withdrawn only if that too happened by then (order kept)."""
    at = _utc(moment)
    out = []
    for e in entries:
        if e.recorded_at > at:
            continue
        if e.withdrawn_at is not None and e.withdrawn_at > at:
            e = replace(
                e, withdrawal_id=None, withdrawn_at=None, withdrawn_by_id=None, withdrawn_by_name=None
            )
        out.append(e)
    return out


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _owner_detail(owner: Owner | None) -> dict[str, Any] | None:
    if owner is None:
        return None
    return {"kind": owner.owner_kind, "id": owner.owner_id, "name": owner.owner_name, "remind": owner.remind}
