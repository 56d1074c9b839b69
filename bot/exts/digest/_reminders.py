"""Owner reminders as jobs of the poster: each claimed, sent and confirmed once, like the digest.

A reminder is one stale spell of one indicator (``commands/reminders.py`` lists the due ones), sent
to the digest channel in the day's job, mentioning only that owner.  Its claim is a row of
``reminder_runs`` per reminder and day; its message ends with a small marker line
(``-# remind:2024:15:2025-04-01``), by which a run that finds a pending claim (a crash between the
send and the mark) recognises the message in the channel history instead of pinging again.
Confirming it marks the claim sent and then the spell as reminded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import discord

from bot.exts.digest._poster import Job, Part
from commands import reminders
from commands.context import Context
from commands.reminders import Reminder
from knowledge.store import ReminderRun, Store


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
        """Claim the reminder for today (or take over today's stale pending claim)."""
        return self.store.claim_reminder(self.channel_id, self.key, self.day, now, stale_after=stale_after)

    def confirm(self, message_id: int | str, now: dt.datetime) -> None:
        """Mark the claim sent, then the stale spell reminded."""
        self.store.mark_reminder_sent(self.channel_id, self.key, message_id, now)
        reminders.mark_sent(self.ctx, self.reminder)


def _allowed_mentions(reminder: Reminder) -> discord.AllowedMentions:
    if not reminder.mention:
        return discord.AllowedMentions.none()
    # This send alone may ping, and only the owner.
    target = [discord.Object(int(reminder.owner_id))]
    if reminder.owner_kind == "user":
        return discord.AllowedMentions(everyone=False, users=target, roles=False)
    return discord.AllowedMentions(everyone=False, users=False, roles=target)


def reminder_job(store: Store, ctx: Context, channel_id: int, reminder: Reminder, day: dt.date) -> Job:
    """The reminder as a job for the poster."""
    claim = ReminderClaim(store, ctx, channel_id, reminder, day)
    marker = f"remind:{claim.key}"
    part = Part(
        1,
        f"remind{day:%Y%m%d}n{reminder.no}",  # ≤ 25 characters, fixed for the day
        content=f"{reminder.text}\n-# {marker}",
        allowed_mentions=_allowed_mentions(reminder),
    )
    return Job(
        f"Reminder for indicator {reminder.no} (stale since {reminder.spell})",
        day,
        channel_id,
        claim,
        (part,),
        lambda message: 1 if f"-# {marker}" in (message.content or "") else None,
    )
