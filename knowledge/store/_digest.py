"""The digest's own rows beside its runs: each channel's cadence and the messages of each day's digest.

A claimed digest keeps the messages it is about to send (``digest_messages``), and each message's
id as soon as Discord accepted it.  A run that finds the claim still pending sends only the
messages without an id, the same ones as before, so the bot never has to show a marker for
recognising its own posts.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from knowledge.store._common import NoDigestClaim, _utc

if TYPE_CHECKING:
    from knowledge._sqlite import Database

# What a day's messages are kept for: a pending claim's recovery, and telling the bot's own earlier
# digest messages from new ones in the channel's recent history.  A year is far more than either needs.
DIGEST_MESSAGES_KEPT = timedelta(days=400)


@dataclass(frozen=True)
class DigestPart:
    """One message of a channel's digest for a day: its content as the poster wrote it, and its id once sent."""

    part: int
    content: Any  # decoded JSON
    message_id: str | None
    sent_at: str | None


class DigestMixin:
    """The ``digest_cadences`` and ``digest_messages`` half of :class:`knowledge.store.Store`."""

    if TYPE_CHECKING:
        db: Database
        _lock: threading.RLock
        _write: Callable[[], AbstractContextManager[None]]

        def _rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]: ...

    # -- cadences ----------------------------------------------------------------------------

    def digest_cadence(self, channel_id: str | int) -> str | None:
        """The cadence saved for a channel's digest (``daily``, ``weekdays``, ``weekly-mon`` …), or None."""
        rows = self._rows("SELECT cadence FROM digest_cadences WHERE channel_id = ?", [str(channel_id)])
        return str(rows[0]["cadence"]) if rows else None

    def _save_cadence(self, channel_id: int, cadence: str) -> None:
        if channel_id <= 0:
            raise ValueError(f"channel_id must be positive: {channel_id!r}")
        self.db.execute(
            "INSERT INTO digest_cadences (channel_id, cadence) VALUES (?, ?)"
            " ON CONFLICT (channel_id) DO UPDATE SET cadence = excluded.cadence",
            [str(channel_id), cadence],
        )

    # -- the messages of a day's digest --------------------------------------------------------

    def save_digest_parts(
        self, channel_id: str | int, day: date, contents: Sequence[Mapping[str, Any]]
    ) -> bool:
        """Keep the messages a claimed digest is about to send; False (nothing kept) when the day has some already.

        The day must be claimed first.  Days older than a year are pruned.
        """
        encoded = [json.dumps(dict(c), ensure_ascii=False, sort_keys=True) for c in contents]
        with self._write():
            if self.db.execute(
                "SELECT 1 FROM digest_messages WHERE channel_id = ? AND digest_date = ? LIMIT 1",
                [str(channel_id), day.isoformat()],
            ).fetchone():
                return False
            if not self.db.execute(
                "SELECT 1 FROM digest_runs WHERE channel_id = ? AND digest_date = ?",
                [str(channel_id), day.isoformat()],
            ).fetchone():
                raise NoDigestClaim(f"{day.isoformat()} のダイジェストは送信の予約がされていません。")
            for number, content in enumerate(encoded, start=1):
                self.db.execute(
                    "INSERT INTO digest_messages (channel_id, digest_date, part, content) VALUES (?, ?, ?, ?)",
                    [str(channel_id), day.isoformat(), number, content],
                )
            self.db.execute(
                "DELETE FROM digest_messages WHERE channel_id = ? AND digest_date < ?",
                [str(channel_id), (day - DIGEST_MESSAGES_KEPT).isoformat()],
            )
        return True

    def digest_parts(self, channel_id: str | int, day: date) -> list[DigestPart]:
        """The messages kept for a channel's digest of a day, in order (none when it kept none)."""
        rows = self._rows(
            "SELECT part, content, message_id, sent_at FROM digest_messages"
            " WHERE channel_id = ? AND digest_date = ? ORDER BY part",
            [str(channel_id), day.isoformat()],
        )
        return [DigestPart(r["part"], json.loads(r["content"]), r["message_id"], r["sent_at"]) for r in rows]

    def mark_digest_part_sent(
        self, channel_id: str | int, day: date, part: int, message_id: str | int, now: datetime | None = None
    ) -> None:
        """Record the id Discord gave one message of the day's digest."""
        with self._write():
            cursor = self.db.execute(
                "UPDATE digest_messages SET message_id = ?, sent_at = ?"
                " WHERE channel_id = ? AND digest_date = ? AND part = ?",
                [str(message_id), _utc(now), str(channel_id), day.isoformat(), part],
            )
            if cursor.rowcount != 1:
                raise NoDigestClaim(f"{day.isoformat()} のダイジェストに {part} 通目はありません。")

    def digest_message_ids(self, channel_id: str | int) -> set[int]:
        """The ids of every digest message recorded as sent in a channel (the last year's)."""
        rows = self._rows(
            "SELECT message_id FROM digest_messages WHERE channel_id = ? AND message_id IS NOT NULL",
            [str(channel_id)],
        )
        return {int(r["message_id"]) for r in rows}
