"""The day's job: today's digest, then the owners' reminders, each posted once through the poster.

Both go to the digest channel at the digest's time, as set with /digest settings (over
DIGEST_CHANNEL_ID and DIGEST_TIME).  Switching the digest off (``enabled``) leaves the reminders
on: owners asked for them one by one.

- **Catch-up.** At start-up, if today's slot has passed and today's digest is not sent, it is
  posted now.  Earlier days are never replayed; today's digest says in one line how many days were
  missed since the last one sent.
- **Never raises**: ``run`` catches every exception and logs it (discord.py's ``tasks.loop`` would
  stop for good on an ``HTTPException``, and after a retried network error it would run the next
  slot twice).

A quiet day (nothing changed) is posted in short form, or, with ``skip_quiet``, not at all: the day
is then confirmed with the message id ``quiet`` so that it does not count as missed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from bot.exts.digest._poster import RETRY_DELAYS, Job, Part, Poster, PostResult, utc
from bot.exts.digest._reminders import reminder_job
from bot.render.discord import render
from bot.services import Services
from commands import digest as builder
from commands.digest_settings import DigestConfig, load_config
from commands.reminders import due_reminders, mark_sent
from knowledge.store import DigestRun, Store
from knowledge.values import JST

if TYPE_CHECKING:
    from discord.ext.commands import Bot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestClaim:
    """A channel's digest for one day, as a row of ``digest_runs``."""

    store: Store
    channel_id: int
    day: dt.date

    def current(self) -> DigestRun | None:
        """The stored claim, if any."""
        return self.store.digest_run(self.channel_id, self.day)

    def take(self, now: dt.datetime, stale_after: dt.timedelta | None = None) -> bool:
        """Claim the day (or take over a stale pending claim)."""
        return self.store.claim_digest(self.channel_id, self.day, now, stale_after=stale_after)

    def confirm(self, message_id: int | str, now: dt.datetime) -> None:
        """Mark the day sent."""
        self.store.mark_digest_sent(self.channel_id, self.day, message_id, now)


def _nonce(day: dt.date, part: int) -> str:
    """Deterministic per day and part (≤ 25 characters), so Discord dedupes a retried create."""
    return f"digest{day:%Y%m%d}p{part}"


def _page_reader(marker: str) -> Callable[[discord.Message], int | None]:
    # The footer begins with the day's marker and ends with the renderer's page number.
    pattern = re.compile(rf"^{re.escape(marker)} .* (\d+)/\d+$")

    def page(message: discord.Message) -> int | None:
        for embed in message.embeds:
            if m := pattern.search(embed.footer.text or ""):
                return int(m[1])
        return None

    return page


@dataclass(frozen=True)
class DayResult:
    """What one run of the day's job did: the digest, then each reminder."""

    digest: PostResult
    reminders: tuple[PostResult, ...] = ()

    @property
    def retry_at(self) -> dt.datetime | None:
        """When the latest fresh claim of another sender that stopped this run may be taken over."""
        busy = [r.retry_at for r in (self.digest, *self.reminders) if r.status == "busy" and r.retry_at]
        return max(busy) if busy else None


class DailyJob:
    """Runs the day's job for an instant: idempotent, so the loop and the catch-up share it."""

    def __init__(
        self,
        services: Services,
        bot: Bot,
        *,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        self.services = services
        self.poster = Poster(bot, sleep=sleep, retry_delays=retry_delays)
        self._lock = asyncio.Lock()  # the loop and the catch-up never run at the same time

    def config(self) -> DigestConfig:
        """The current settings: those saved, over DIGEST_CHANNEL_ID and DIGEST_TIME."""
        settings = self.services.settings
        return load_config(
            self.services.store, channel_id=settings.digest_channel_id, time=settings.digest_time
        )

    async def run(self, now: dt.datetime, *, early: dt.timedelta = dt.timedelta(0)) -> DayResult:
        """One idempotent run for the instant ``now``: never raises, never posts anything twice.

        ``early`` lets a run that far before the slot count as the slot: only the loop's own wake-up
        may pass it, never a catch-up at start-up.
        """
        now = utc(now)
        config = self.config()
        store = self.services.store
        if config.channel_id is None or store is None:
            return DayResult(PostResult("disabled"))
        channel_id = config.channel_id
        day = now.astimezone(JST).date()
        if now < config.slot(day) - early:
            return DayResult(PostResult("not_due", day, channel_id))
        async with self._lock:
            if not config.enabled:
                digest = PostResult("disabled", day, channel_id)
            else:
                try:
                    digest = await self._digest(config, store, channel_id, day, now)
                except Exception:
                    log.exception(
                        "Digest attempt failed unexpectedly; it will be tried again at the next slot"
                    )
                    digest = PostResult("failed", day, channel_id)
            if digest.status in ("unavailable", "failed"):
                # The same channel, and Discord just failed: the reminders wait for the next run.
                return DayResult(digest)
            return DayResult(digest, await self._reminders(store, channel_id, day, now))

    async def send_reminders(self, now: dt.datetime | None = None) -> tuple[PostResult, ...]:
        """Post every due owner reminder now, whatever the time of day (each still only once)."""
        now = utc(now or self.services.clock())
        channel_id, store = self.config().channel_id, self.services.store
        if channel_id is None or store is None:
            return ()
        async with self._lock:
            return await self._reminders(store, channel_id, now.astimezone(JST).date(), now)

    async def _reminders(
        self, store: Store, channel_id: int, day: dt.date, now: dt.datetime
    ) -> tuple[PostResult, ...]:
        results: list[PostResult] = []
        try:
            ctx = self.services.context()
            due = due_reminders(ctx)
        except Exception:
            log.exception("Owner reminders could not be listed; they will be tried again at the next slot")
            return ()
        for reminder in due:
            try:
                result = await self.poster.post(reminder_job(store, ctx, channel_id, reminder, day), now)
                if result.status == "already_sent":
                    mark_sent(ctx, reminder)  # the claim was confirmed but the spell not yet marked
            except Exception:
                log.exception(
                    "Reminder for indicator %s failed unexpectedly; it will be tried again at the next slot",
                    reminder.no,
                )
                result = PostResult("failed", day, channel_id)
            results.append(result)
            if result.status in ("unavailable", "failed"):
                break  # the channel or Discord is failing: the rest wait for the next run
        return tuple(results)

    async def _digest(
        self, config: DigestConfig, store: Store, channel_id: int, day: dt.date, now: dt.datetime
    ) -> PostResult:
        claim = DigestClaim(store, channel_id, day)
        run = claim.current()
        if run is not None and run.status == "sent":
            return PostResult("already_sent", day, channel_id)
        digest = builder.build_digest(
            self.services.context(),
            day,
            builder.previous_state(store, channel_id, day),
            quiet_skip=config.skip_quiet,
        )
        pages = render(digest.reply, numbered=True) if digest.reply is not None else []
        parts = tuple(
            Part(number, _nonce(day, number), embeds=tuple(page.embeds), files=tuple(page.files))
            for number, page in enumerate(pages, start=1)
        )
        job = Job(
            f"Digest for {day}",
            day,
            channel_id,
            claim,
            parts,
            _page_reader(digest.marker),
            # Remembered before anything is sent, so a recovering run compares tomorrow correctly.
            on_claim=lambda: builder.save_state(store, channel_id, digest.state),
        )
        result = await self.poster.post(job, now)
        if result.status == "quiet":
            log.info("Digest for %s skipped: a quiet day (skip_quiet is on)", day)
        return result
