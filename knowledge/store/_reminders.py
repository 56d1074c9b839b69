"""The messages of owner reminders beside their claims: what each claim sends, and its id once sent.

A claimed reminder keeps the exact text it is about to send (``reminder_messages``, written in the
claim's own transaction) and the message's id as soon as Discord accepts it.  A run that finds the
claim still pending recognises the message in the channel by that text, not by a text computed
again (the overdue days change from one day to the next), so the bot never has to show a marker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from knowledge.store._common import NoReminderClaim

if TYPE_CHECKING:
    from knowledge._sqlite import Database


@dataclass(frozen=True)
class ReminderMessage:
    """The message of one pending claim of a reminder: its text as claimed, and its id once sent.

    ``content`` is None for a claim made before the texts were kept (m007): the reminder it sent
    ends with its marker line instead.
    """

    reminder_date: str
    content: str | None
    message_id: str | None


class ReminderMessagesMixin:
    """The ``reminder_messages`` half of the reminders in :class:`knowledge.store.Store`."""

    if TYPE_CHECKING:
        db: Database
        _lock: threading.RLock
        _write: Callable[[], AbstractContextManager[None]]

        def _rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]: ...

    def _keep_reminder_text(self, channel_id: str, reminder: str, day: str, content: str) -> None:
        """Inside a claim's transaction: the text the claim sends (a taken-over claim sends today's text).

        A text whose message Discord already accepted stays as it is.
        """
        if not content.strip():
            raise ValueError("a reminder's text cannot be empty")
        self.db.execute(
            "INSERT INTO reminder_messages (channel_id, reminder, reminder_date, content) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel_id, reminder, reminder_date) DO UPDATE SET content = excluded.content"
            " WHERE message_id IS NULL",
            [channel_id, reminder, day, content],
        )

    def pending_reminder_messages(self, channel_id: str | int, reminder: str) -> list[ReminderMessage]:
        """The messages of the reminder's pending claims in a channel, oldest day first."""
        rows = self._rows(
            "SELECT r.reminder_date, m.content, m.message_id FROM reminder_runs r"
            " LEFT JOIN reminder_messages m USING (channel_id, reminder, reminder_date)"
            " WHERE r.channel_id = ? AND r.reminder = ? AND r.status = 'pending' ORDER BY r.reminder_date",
            [str(channel_id), reminder],
        )
        return [ReminderMessage(r["reminder_date"], r["content"], r["message_id"]) for r in rows]

    def mark_reminder_message_sent(
        self, channel_id: str | int, reminder: str, day: date | str, message_id: str | int
    ) -> None:
        """Record the id Discord gave the message of the reminder's claim of ``day``."""
        day = day.isoformat() if isinstance(day, date) else date.fromisoformat(day).isoformat()
        with self._write():
            cursor = self.db.execute(
                "UPDATE reminder_messages SET message_id = ?"
                " WHERE channel_id = ? AND reminder = ? AND reminder_date = ?",
                [str(message_id), str(channel_id), reminder, day],
            )
            if cursor.rowcount != 1:
                raise NoReminderClaim(f"通知 {reminder}（{day}）は送信の予約がされていません。")
