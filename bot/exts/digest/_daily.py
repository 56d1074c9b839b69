"""The day's job: today's digest, then the owners' reminders, each posted once through the poster.

Both go to the digest channel at the digest's time, as set with /digest settings (over
DIGEST_CHANNEL_ID and DIGEST_TIME).  Switching the digest off (``enabled``) leaves the reminders
on: owners asked for them one by one.

- **Cadence.** The job runs every day at the slot; the digest goes out only on the days its
  channel's cadence names (every day, weekdays, or one day a week).  Its changes are counted from
  the last digest sent, so a weekly digest reports the whole week.  The reminders go out every day.
- **Catch-up.** At start-up, if today's slot has passed and today's digest is not sent, it is
  posted now.  Earlier days are never replayed; today's digest says in one line how many digests
  were missed since the last one sent.
- **No marker shown.** The messages of a claimed digest are kept in the store, and each one's id
  as soon as Discord accepts it; a run that finds the claim pending sends only those without an
  id, after looking in the channel for one the bot posted just before a crash (same author, a
  plain message, the same embeds).
- **Never raises**: ``run`` catches every exception and logs it (discord.py's ``tasks.loop`` would
  stop for good on an ``HTTPException``, and after a retried network error it would run the next
  slot twice).

A quiet day (nothing changed) is posted in short form, or, with ``skip_quiet``, not at all: the day
is then confirmed with the message id ``quiet`` so that it does not count as missed.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import logging
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


def _content(part: Part) -> dict[str, Any]:
    """A part as the store keeps it: its embeds as Discord's JSON, its files in base64."""
    return {
        "embeds": [embed.to_dict() for embed in part.embeds],
        "files": [[name, base64.b64encode(data).decode("ascii")] for name, data in part.files],
    }


def _from_content(day: dt.date, number: int, content: Any) -> Part:
    """The part kept in the store, to send exactly as claimed."""
    return Part(
        number,
        _nonce(day, number),
        embeds=tuple(discord.Embed.from_dict(e) for e in content.get("embeds", [])),
        files=tuple((str(name), base64.b64decode(data)) for name, data in content.get("files", [])),
    )


def _shown(embeds: Sequence[discord.Embed]) -> tuple[Any, ...]:
    """What a reader sees of a message's embeds: the digest's own posts are told by this, not by a marker."""

    def text(value: str | None) -> str:
        return (value or "").strip()  # whatever spaces Discord trims at the ends do not tell posts apart

    return tuple(
        (
            text(e.title),
            text(e.description),
            text(e.footer.text),
            tuple((text(f.name), text(f.value), bool(f.inline)) for f in e.fields),
        )
        for e in embeds
    )


def _recogniser(parts: Sequence[Part], known: set[int]) -> Callable[[discord.Message], int | None]:
    """Which part of the day's digest one of the bot's messages is: the one that shows exactly the same."""
    wanted = {_shown(part.embeds): part.number for part in parts}

    def recognise(message: discord.Message) -> int | None:
        # An answer to a command or a reply to a mention is never a digest, and a message already
        # noted for some digest is not this day's (two days' later pages may read the same).
        if message.type is not discord.MessageType.default or message.webhook_id is not None:
            return None
        return None if message.id in known else wanted.get(_shown(message.embeds))

    return recognise


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
            elif not config.cadence.posts_on(day):
                digest = PostResult("off_day", day, channel_id)
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
        kept = store.digest_parts(channel_id, day) if run is not None else []
        on_claim: Callable[[], None]
        if kept:
            # A claim left pending: send what it set out to send, not a digest rebuilt since.
            parts = tuple(_from_content(day, k.part, k.content) for k in kept)
            on_claim = _keep_as_it_is
        else:
            digest = builder.build_digest(
                self.services.context(),
                day,
                builder.previous_state(store, channel_id, day),
                quiet_skip=config.skip_quiet,
                cadence=config.cadence,
            )
            pages = render(digest.reply) if digest.reply is not None else []
            parts = tuple(
                Part(number, _nonce(day, number), embeds=tuple(page.embeds), files=tuple(page.files))
                for number, page in enumerate(pages, start=1)
            )
            state = digest.state

            def on_claim() -> None:
                # Kept before anything is sent, so a recovering run sends the same messages and
                # tomorrow compares with what today showed.
                builder.save_state(store, channel_id, state)
                if parts:
                    store.save_digest_parts(channel_id, day, [_content(p) for p in parts])

        def noted() -> dict[int, int]:
            return {k.part: int(k.message_id) for k in store.digest_parts(channel_id, day) if k.message_id}

        def note(number: int, message_id: int) -> None:
            store.mark_digest_part_sent(channel_id, day, number, message_id, now)

        job = Job(
            f"Digest for {day}",
            day,
            channel_id,
            claim,
            parts,
            _recogniser(parts, store.digest_message_ids(channel_id)),
            on_claim=on_claim,
            noted=noted,
            note=note,
        )
        result = await self.poster.post(job, now)
        if result.status == "quiet":
            log.info("Digest for %s skipped: a quiet day (skip_quiet is on)", day)
        return result


def _keep_as_it_is() -> None:
    return None
