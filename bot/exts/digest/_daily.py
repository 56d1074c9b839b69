"""The day's job: today's digest, posted once through the poster's guard.

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
from bot.render.discord import render
from bot.services import Services
from commands import digest as builder
from commands.digest_settings import DigestConfig, load_config
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
    """What one run of the day's job did."""

    digest: PostResult

    @property
    def retry_at(self) -> dt.datetime | None:
        """When a fresh claim of another sender may be taken over, if one stopped this run."""
        return self.digest.retry_at if self.digest.status == "busy" else None


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
        """One idempotent run for the instant ``now``: never raises, never posts a day twice.

        ``early`` lets a run that far before the slot count as the slot: only the loop's own wake-up
        may pass it, never a catch-up at start-up.
        """
        async with self._lock:
            try:
                return DayResult(await self._digest(utc(now), early))
            except Exception:
                log.exception("Digest attempt failed unexpectedly; it will be tried again at the next slot")
                return DayResult(PostResult("failed"))

    async def _digest(self, now: dt.datetime, early: dt.timedelta) -> PostResult:
        config = self.config()
        store = self.services.store
        if not config.enabled or config.channel_id is None or store is None:
            return PostResult("disabled")
        channel_id = config.channel_id
        day = now.astimezone(JST).date()
        if now < config.slot(day) - early:
            return PostResult("not_due", day, channel_id)
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
