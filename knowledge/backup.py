"""Consistent copies of the database, safe while the bot runs, and restoring one.

SQLite's online backup API copies a consistent snapshot page by page while other connections keep
reading and writing, so no lock has to be taken by hand and the copy is never half a transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

# Tables every release's database has had since the first: a backup made by an older release passes
# and is migrated when the bot next opens it (``settings`` is gone since m004, so it is not one).
REQUIRED_TABLES = {"entries", "audit", "owners", "digest_runs"}


class BackupError(Exception):
    """A backup or restore that could not be made; the message is Japanese."""


def default_name(prefix: str = "bot") -> str:
    """``bot-20261129-093000.sqlite3`` (UTC), so backups sort by time."""
    return f"{prefix}-{datetime.now(UTC):%Y%m%d-%H%M%S}.sqlite3"


def _copy(source: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(dest)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()


def backup(database: Path, dest: Path) -> Path:
    """Copy ``database`` to ``dest`` (a file, or a folder to put a time-stamped file in)."""
    if not database.exists():
        raise BackupError(f"データベース {database} がありません。")
    if dest.is_dir() or dest.suffix == "":
        dest = dest / default_name()
    try:
        _copy(database, dest)
    except sqlite3.Error as exc:
        raise BackupError(f"バックアップを作れませんでした（{exc}）。") from exc
    check(dest)
    return dest


def check(path: Path) -> None:
    """Refuse a file that is not a sound database of this bot."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} は壊れています（integrity_check に失敗）。")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} はこのボットのデータベースではありません（{exc}）。") from exc
    missing = REQUIRED_TABLES - tables
    if missing:
        raise BackupError(
            f"{path} はこのボットのデータベースではありません（{', '.join(sorted(missing))} がない）。"
        )


def restore(source: Path, database: Path, keep_dir: Path) -> Path | None:
    """Replace ``database`` with ``source`` after checking it; the current one is kept in ``keep_dir``.

    Stop the bot first: a running bot would keep writing to the database being replaced.  A backup
    of an earlier release is copied as it is; the migrations bring it up to date on the next open.
    Returns the path of the kept copy of the previous database (None if there was none).
    """
    if not source.exists():
        raise BackupError(f"バックアップ {source} がありません。")
    check(source)
    kept = backup(database, keep_dir / default_name("before-restore")) if database.exists() else None
    try:
        _copy(source, database)
    except sqlite3.Error as exc:
        raise BackupError(f"復元できませんでした（{exc}）。元のデータは {kept} にあります。") from exc
    return kept
