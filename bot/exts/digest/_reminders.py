"""Owner reminders as jobs of the poster: each claimed, sent and confirmed once, like the digest.

A reminder is one stale spell of one indicator (``commands/reminders.py`` lists the due ones), sent
to the digest channel in the day's job, mentioning only that owner.  Its claim is a row of
``reminder_runs`` per reminder and day, kept together with the exact text the claim sends; the
message's id is kept as soon as Discord accepts it.  Confirming it marks the claim sent and then
the spell as reminded.

**No marker shown.** A run that finds a claim still pending (a crash between the send and the mark)
takes it as sent when an id was kept.  Otherwise it looks in the channel's recent history for the
bot's own plain message (no webhook, no reply or answer to a command) that shows the text one of
the pending claims kept, ends trimmed; never a text computed again, since the overdue days in it
change from one day to the next.  A claim made before the texts were kept (m007) sent its reminder
with a ``-# remind:2024:15:2025-04-01`` line, and that line is what it is found by.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import discord

from bot.exts.digest._poster import Job, Part
from commands import reminders
from commands.context import Context
from commands.reminders import Reminder
from knowledge.store import ReminderMessage, ReminderRun, Store


def reminder_key(reminder: Reminder) -> str:
    """The reminder's identity: plan, indicator and the due date that began its stale spell."""
    return f"{reminder.plan}:{reminder.no}:{reminder.spell}"  # "2024:15:2025-04-01"


@dataclass(frozen=True)
class ReminderClaim:
    """A reminder's claim in a channel: today's row, or the latest one left by an earlier day."""

    store: Store
    ctx: Context
    channel_id: int
    reminder: Reminder
    day: dt.date

    @property
    def key(self) -> str:
        """The reminder's identity in the store."""
        return reminder_key(self.reminder)

    def current(self) -> ReminderRun | None:
        """The stored claim: a sent one if any, else the latest day's (a crash may be days old)."""
        return self.store.reminder_run(self.channel_id, self.key)

    def take(self, now: dt.datetime, stale_after: dt.timedelta | None = None) -> bool:
        """Claim the reminder for today (or take over today's stale pending claim), with its text."""
        return self.store.claim_reminder(
            self.channel_id, self.key, self.day, now, stale_after=stale_after, content=self.reminder.text
        )

    def confirm(self, message_id: int | str, now: dt.datetime) -> None:
        """Mark the claim sent, then the stale spell reminded."""
        self.store.mark_reminder_sent(self.channel_id, self.key, message_id, now)
        reminders.mark_sent(self.ctx, self.reminder)

    def pending(self) -> list[ReminderMessage]:
        """The messages of the reminder's pending claims, any day: their texts, and ids once sent."""
        return self.store.pending_reminder_messages(self.channel_id, self.key)

    def noted(self) -> dict[int, int]:
        """The reminder's message, when Discord accepted one for a pending claim: {1: its id}."""
        sent = [int(m.message_id) for m in self.pending() if m.message_id is not None]
        return {1: sent[0]} if sent else {}


def _allowed_mentions(reminder: Reminder) -> discord.AllowedMentions:
    if not reminder.mention:
        return discord.AllowedMentions.none()
    # This send alone may ping, and only the owner.
    target = [discord.Object(int(reminder.owner_id))]
    if reminder.owner_kind == "user":
        return discord.AllowedMentions(everyone=False, users=target, roles=False)
    return discord.AllowedMentions(everyone=False, users=False, roles=target)


def _plain(message: discord.Message) -> bool:
    """A message the bot posted itself in the channel: no webhook's, no reply, no answer to a command."""
    return (
        message.type is discord.MessageType.default
        and message.webhook_id is None
        and message.interaction_metadata is None
    )


def _recogniser(
    key: str, pending: Sequence[ReminderMessage], found: dict[int, str | None]
) -> Callable[[discord.Message], int | None]:
    """Whether one of the bot's messages is the reminder: it shows the text a pending claim kept.

    ``found`` learns, for each message taken for the reminder, the day of the claim whose text it
    shows (None: a claim made before the texts were kept, found by its marker line).
    """
    texts = {m.content.strip(): m.reminder_date for m in pending if m.content and m.content.strip()}
    legacy = any(m.content is None for m in pending)
    marker = f"-# remind:{key}"  # what the reminders of claims made before m007 ended with

    def recognise(message: discord.Message) -> int | None:
        if not _plain(message):
            return None
        content = (message.content or "").strip()  # Discord may trim the ends of what it is sent
        if content in texts:
            found[message.id] = texts[content]
        elif legacy and marker in content:
            found[message.id] = None
        else:
            return None
        return 1

    return recognise


def reminder_job(store: Store, ctx: Context, channel_id: int, reminder: Reminder, day: dt.date) -> Job:
    """The reminder as a job for the poster."""
    claim = ReminderClaim(store, ctx, channel_id, reminder, day)
    part = Part(
        1,
        f"remind{day:%Y%m%d}n{reminder.no}",  # ≤ 25 characters, fixed for the day
        content=reminder.text,  # as the claim keeps it, and nothing else
        allowed_mentions=_allowed_mentions(reminder),
    )
    found: dict[int, str | None] = {}

    def note(number: int, message_id: int) -> None:
        # The id goes with the claim whose text the message shows: today's, for a message just sent.
        claimed = found.get(message_id, day.isoformat())
        if claimed is not None:
            store.mark_reminder_message_sent(channel_id, claim.key, claimed, message_id)

    return Job(
        f"Reminder for indicator {reminder.no} (stale since {reminder.spell})",
        day,
        channel_id,
        claim,
        (part,),
        _recogniser(claim.key, claim.pending(), found),
        noted=claim.noted,
        note=note,
    )
