"""Posting to a channel exactly once: claim, send, confirm, recover, and retry what is worth it.

How "exactly once" holds:

- **Claim, send, confirm.** A job (a day's digest, an owner's reminder) is claimed in SQLite before
  anything is sent and confirmed with the message id afterwards.  A job may also note each
  message's id the moment Discord accepts it (the digest and the reminders do, in the store).
  Every message carries a deterministic nonce, so Discord itself returns the earlier message if a
  retried request had in fact gone through.
- **A 'pending' claim** means an earlier sender died or failed after claiming.  The parts the job
  noted as sent are not sent again; for the others the channel's recent history (the bot's own
  messages) is searched with the job's ``recognise`` (the digest compares what each message shows
  with the messages its claim kept, a reminder its text with the text its claim kept; neither shows
  a marker).  When all parts are there the job is just confirmed.
  Otherwise the claim is taken over, but only once it is older than ``PENDING_TAKEOVER`` (longer
  than the whole retry window), so a second live process that is still retrying is never overtaken.
- **Retries.** Only what discord.py does not retry itself is retried, with backoff
  (``RETRY_DELAYS``: 5 attempts over 7.5 minutes): network errors, a 5xx other than 500, 502, 504
  and 524 (e.g. 503), and a 429 it gave up on.  A 500 that reaches us has already cost discord.py
  its five tries, so it ends the attempt.  A channel that is gone (404) or forbidden (403) is logged as one ERROR line
  and not retried; its 'pending' claim expires after ``PENDING_TAKEOVER``, so a restart after the
  operator fixes the channel posts it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import aiohttp
import discord

from commands.digest_settings import QUIET_MESSAGE_ID

if TYPE_CHECKING:
    from discord.ext.commands import Bot

log = logging.getLogger(__name__)

T = TypeVar("T")

# Attempts 2..5 wait this long after the previous failure: 7.5 minutes in all, inside ~10 minutes.
RETRY_DELAYS: tuple[float, ...] = (30.0, 60.0, 120.0, 240.0)
# A claim older than this is abandoned (its sender died or gave up): longer than the retry window.
PENDING_TAKEOVER = dt.timedelta(minutes=15)
HISTORY_LIMIT = 50

# discord.py's REST client already retries these statuses five times (sleeping 1, 3, 5, 7 and 9 s)
# before it raises DiscordServerError: trying again would multiply one outage into 25 requests.
RETRIED_BY_DISCORD_PY = frozenset({500, 502, 504, 524})
# ...and a connection reset with these errnos (BSD's and Windows' ECONNRESET), four times.
RESETS_RETRIED_BY_DISCORD_PY = frozenset({54, 10054})
NETWORK_ERRORS = (aiohttp.ClientError, OSError, asyncio.TimeoutError)


def retryable(exc: BaseException) -> bool:
    """Whether another attempt after a pause may succeed: only failures discord.py did not retry.

    That is the network, a 5xx it raises at once (such as 503), and a 429 it gave up on (one
    without a Via header, which it takes for a Cloudflare ban, or a wait longer than it accepts).
    """
    if isinstance(exc, discord.RateLimited):
        return True
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429:
            return True
        return exc.status >= 500 and exc.status not in RETRIED_BY_DISCORD_PY
    if isinstance(exc, OSError) and exc.errno in RESETS_RETRIED_BY_DISCORD_PY:
        return False
    return isinstance(exc, NETWORK_ERRORS)


class Run(Protocol):
    """A stored claim: 'pending' until confirmed 'sent'."""

    @property
    def status(self) -> str: ...

    @property
    def claimed_at(self) -> str: ...


class Claim(Protocol):
    """The store's row that guards one job."""

    def current(self) -> Run | None:
        """The claim as stored, or None when nobody has claimed the job."""
        ...

    def take(self, now: dt.datetime, stale_after: dt.timedelta | None = None) -> bool:
        """Claim the job; with ``stale_after``, take over a pending claim at least that old."""
        ...

    def confirm(self, message_id: int | str, now: dt.datetime) -> None:
        """Record that the job was sent."""
        ...


@dataclass(frozen=True)
class Part:
    """One message of a job, with the nonce that makes its create idempotent for Discord."""

    number: int
    nonce: str  # at most 25 characters
    content: str | None = None
    embeds: tuple[discord.Embed, ...] = ()
    files: tuple[tuple[str, bytes], ...] = ()
    allowed_mentions: discord.AllowedMentions | None = None

    async def send(self, channel: discord.abc.Messageable) -> discord.Message:
        """Post this part (files are rebuilt each time: discord.py reads a File once)."""
        options: dict[str, Any] = {"nonce": self.nonce}
        if self.content is not None:
            options["content"] = self.content
        if self.embeds:
            options["embeds"] = list(self.embeds)
        if self.files:
            options["files"] = [discord.File(io.BytesIO(data), filename=name) for name, data in self.files]
        if self.allowed_mentions is not None:
            options["allowed_mentions"] = self.allowed_mentions
        return await channel.send(**options)


def _nothing() -> None:
    return None


def _none_noted() -> Mapping[int, int]:
    return {}


def _forget(number: int, message_id: int) -> None:
    return None


@dataclass(frozen=True)
class Job:
    """Something to post once: where, under which claim, its parts, and how to recognise them."""

    what: str  # for the log, e.g. "Digest for 2026-11-29"
    day: dt.date
    channel_id: int
    claim: Claim
    parts: tuple[Part, ...]  # none: nothing to send (a quiet day), confirmed as QUIET_MESSAGE_ID
    recognise: Callable[[discord.Message], int | None]  # which part one of our messages is, if any
    on_claim: Callable[[], None] = field(default=_nothing)  # runs once the claim is ours
    noted: Callable[[], Mapping[int, int]] = field(default=_none_noted)  # parts known sent: number -> id
    note: Callable[[int, int], None] = field(default=_forget)  # remember a part's id once it is sent


@dataclass(frozen=True)
class PostResult:
    """What one attempt did.

    ``status`` is one of: ``disabled`` (off, or no channel or database), ``not_due`` (before the
    slot), ``already_sent``, ``sent``, ``recovered`` (an earlier run's post was found in the channel
    and recorded), ``quiet`` (nothing to send), ``busy`` (another sender's claim is still fresh;
    see ``retry_at``), ``unavailable`` (channel gone or forbidden) or ``failed``.
    """

    status: str
    day: dt.date | None = None
    channel_id: int | None = None
    message_ids: tuple[int, ...] = ()  # messages this attempt posted
    retry_at: dt.datetime | None = None

    @property
    def posted(self) -> int:
        """How many messages this attempt posted."""
        return len(self.message_ids)


class Unavailable(Exception):
    """The channel is gone or the bot may not use it: retrying today will not help."""

    def __init__(self, error: discord.HTTPException | None, reason: str) -> None:
        super().__init__(reason)
        self.error = error
        self.reason = reason


class GaveUp(Exception):
    """Every attempt in the retry window failed."""

    def __init__(self, attempts: int, error: BaseException) -> None:
        super().__init__(f"{attempts} attempts, last: {error!r}")
        self.attempts = attempts
        self.error = error


def _unavailable(error: discord.HTTPException) -> Unavailable:
    if isinstance(error, discord.NotFound):
        return Unavailable(error, "the channel does not exist (deleted, or the bot cannot see it)")
    return Unavailable(
        error,
        "the bot lacks permission in the channel "
        "(needs View Channel, Send Messages, Embed Links and Read Message History)",
    )


def utc(now: dt.datetime) -> dt.datetime:
    """``now`` as an aware instant (a naive one is taken as UTC)."""
    return now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now


class Poster:
    """Sends jobs through the claim → send → confirm guard, with bounded retries."""

    def __init__(
        self,
        bot: Bot,
        *,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        self.bot = bot
        self.sleep = sleep
        self.retry_delays = tuple(retry_delays)

    async def post(self, job: Job, now: dt.datetime) -> PostResult:
        """One attempt at the job: never posts it twice; 403/404 and exhausted retries are logged here."""
        run = job.claim.current()
        if run is not None and run.status == "sent":
            return PostResult("already_sent", job.day, job.channel_id)
        try:
            channel = await self.channel(job.channel_id)
            return await self._post(channel, job, now, pending=run is not None)
        except Unavailable as exc:
            error = exc.error
            log.error(
                "%s not posted to channel %s: %s (HTTP %s, code %s); "
                "it will be tried again after a restart or at the next slot",
                job.what,
                job.channel_id,
                exc.reason,
                error.status if error else "-",
                error.code if error else "-",
            )
            return PostResult("unavailable", job.day, job.channel_id)
        except GaveUp as exc:
            log.error(
                "%s not posted to channel %s after %d attempt%s (last error: %r); "
                "it will be tried again after a restart or at the next slot",
                job.what,
                job.channel_id,
                exc.attempts,
                "" if exc.attempts == 1 else "s",
                exc.error,
            )
            return PostResult("failed", job.day, job.channel_id)

    async def _post(
        self, channel: discord.abc.Messageable, job: Job, now: dt.datetime, pending: bool
    ) -> PostResult:
        found: dict[int, int] = {}
        if pending:
            # An earlier run claimed the job and did not confirm it: it may have posted before dying.
            found = dict(job.noted())
            wanted = {part.number for part in job.parts}
            if not wanted <= set(found):
                # A part sent just before a crash may not have been noted: look for it in the channel.
                seen = await self.retry("read the history", lambda: self._find_posted(channel, job))
                for number, message_id in sorted(seen.items()):
                    if number not in found:
                        found[number] = message_id
                        job.note(number, message_id)
            if found and wanted <= set(found):
                job.claim.confirm(found[min(found)], now)
                log.info("%s was already in channel %s; recorded it as sent", job.what, job.channel_id)
                return PostResult("recovered", job.day, job.channel_id)
            if not job.claim.take(now, stale_after=PENDING_TAKEOVER):
                claim = job.claim.current()
                claimed = dt.datetime.fromisoformat(claim.claimed_at) if claim else now
                return PostResult("busy", job.day, job.channel_id, retry_at=claimed + PENDING_TAKEOVER)
        elif not job.claim.take(now):
            return PostResult("busy", job.day, job.channel_id, retry_at=now + PENDING_TAKEOVER)
        job.on_claim()
        if not job.parts:
            job.claim.confirm(QUIET_MESSAGE_ID, now)
            return PostResult("quiet", job.day, job.channel_id)
        sent: dict[int, int] = {}

        async def send_missing() -> None:
            for part in job.parts:
                if part.number not in found and part.number not in sent:
                    sent[part.number] = (await part.send(channel)).id
                    job.note(part.number, sent[part.number])

        await self.retry("post", send_missing)
        first = {**found, **sent}
        job.claim.confirm(first[min(first)], now)
        log.info("%s posted to channel %s (%d message(s))", job.what, job.channel_id, len(sent))
        return PostResult("sent", job.day, job.channel_id, tuple(sent[p] for p in sorted(sent)))

    async def channel(self, channel_id: int) -> discord.abc.Messageable:
        """The channel to post in, from the cache or fetched (403/404 raise Unavailable)."""
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            channel = await self.retry("fetch the channel", lambda: self.bot.fetch_channel(channel_id))
        if not isinstance(channel, discord.abc.Messageable):
            raise Unavailable(None, f"channel {channel_id} is not a text channel")
        return channel

    async def _find_posted(self, channel: discord.abc.Messageable, job: Job) -> dict[int, int]:
        """Parts of the job that the bot already posted: part number → message id."""
        me = self.bot.user
        found: dict[int, int] = {}
        async for message in channel.history(limit=HISTORY_LIMIT):
            if me is None or message.author.id != me.id:
                continue
            part = job.recognise(message)
            if part is not None:
                found.setdefault(part, message.id)
        return found

    async def retry(self, what: str, operation: Callable[[], Awaitable[T]]) -> T:
        """Run ``operation``, retrying transient failures within the window; 403/404 end it at once."""
        attempts = len(self.retry_delays) + 1
        for attempt in range(1, attempts + 1):
            try:
                return await operation()
            except (discord.NotFound, discord.Forbidden) as exc:
                raise _unavailable(exc) from exc
            except Exception as exc:
                if not retryable(exc):
                    if isinstance(exc, discord.HTTPException | OSError):
                        raise GaveUp(attempt, exc) from exc  # e.g. a 500 discord.py already retried
                    raise
                if attempt == attempts:
                    raise GaveUp(attempt, exc) from exc
                delay = self.retry_delays[attempt - 1]
                log.warning("Could not %s (%r); retry %d in %.0f s", what, exc, attempt, delay)
                await self.sleep(delay)
        raise AssertionError("unreachable")
