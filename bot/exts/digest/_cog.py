"""The daily digest: posted exactly once per day per channel at the configured time (Asia/Tokyo).

How "exactly once" holds (see /work/shared/notes/discord-testing.md §3):

- **Claim, send, confirm.** A day is claimed in SQLite (``digest_runs``, primary key channel + day)
  before anything is sent and marked 'sent' with the message id afterwards.  Every part carries
  the marker ``digest:YYYY-MM-DD #i/n`` in its footer and a deterministic nonce, so Discord itself
  returns the earlier message if a retried request had in fact gone through.
- **Catch-up.** At start-up (after ``wait_until_ready``), if today's slot has passed and today's
  digest is not sent, it is posted now.  Earlier days are never replayed; today's digest says in
  one line how many days were missed since the last one sent.
- **A 'pending' claim** means an earlier sender died or failed after claiming.  The channel's recent
  history (the bot's own messages) is searched for the marker first: parts found are not sent
  again, and when all are there the day is just marked 'sent'.  Otherwise the claim is taken over,
  but only once it is older than ``PENDING_TAKEOVER`` (longer than the whole retry window), so a
  second live process that is still retrying is never overtaken; a start-up that finds a fresher
  claim waits until then and tries once more.
- **Retries.** Network errors, 5xx and 429 are retried with backoff (``RETRY_DELAYS``: 5 attempts
  over 7.5 minutes).  A channel that is gone (404) or forbidden (403) is logged as one ERROR line
  and not retried today; its 'pending' row expires after ``PENDING_TAKEOVER``, so a restart after
  the operator fixes the channel posts it, and tomorrow is a new row anyway.
- **The loop never dies**: ``post_if_due`` catches every exception and logs it (discord.py's
  ``tasks.loop`` would stop for good on an ``HTTPException``, and after a retried network error it
  would run the next slot twice).

A quiet day (nothing changed) is posted in short form, or, with ``skip_quiet``, not at all: the day
is then marked 'sent' with the message id ``quiet`` so that it does not count as missed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands as ext
from discord.ext import tasks

from bot.exts import _meta as meta
from bot.exts._answer import send
from bot.render.discord import render
from bot.services import Services
from commands import digest as builder
from commands.digest import PREVIEW
from commands.digest_settings import (
    QUIET_MESSAGE_ID,
    SETTINGS,
    DigestConfig,
    digest_settings,
    load_config,
)
from knowledge.store import Store
from knowledge.values import JST

if TYPE_CHECKING:
    from discord.ext.commands import Bot

log = logging.getLogger(__name__)

T = TypeVar("T")

# Attempts 2..5 wait this long after the previous failure: 7.5 minutes in all, inside ~10 minutes.
RETRY_DELAYS: tuple[float, ...] = (30.0, 60.0, 120.0, 240.0)
# A claim older than this is abandoned (its sender died or gave up): longer than the retry window.
PENDING_TAKEOVER = dt.timedelta(minutes=15)
# The loop may wake a hair before the slot by the wall clock; that still counts as the slot.
EARLY_TOLERANCE = dt.timedelta(seconds=60)
HISTORY_LIMIT = 50


# What discord.py raises for a failure worth retrying: the network, Discord's 5xx, and a 429 that
# discord.py did not retry itself (no Via header: it looks like a Cloudflare ban to the library).
NETWORK_ERRORS = (aiohttp.ClientError, OSError, asyncio.TimeoutError)


def _lacks_permissions(channel: discord.TextChannel) -> bool:
    """Whether the bot may not post the digest there (it also reads the history to recover)."""
    me = channel.guild.me
    if me is None:
        return False
    perms = channel.permissions_for(me)
    return not (
        perms.view_channel and perms.send_messages and perms.embed_links and perms.read_message_history
    )


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, discord.NotFound | discord.Forbidden):
        return False
    if isinstance(exc, discord.HTTPException):
        return exc.status == 429 or exc.status >= 500
    return isinstance(exc, NETWORK_ERRORS)


# -- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostResult:
    """What one attempt did.

    ``status`` is one of: ``disabled`` (off, or no channel or database), ``not_due`` (before the
    slot), ``already_sent``, ``sent``, ``recovered`` (an earlier run's post was found in the channel
    and recorded), ``quiet`` (a quiet day skipped), ``busy`` (another sender's claim is still fresh;
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


class _Unavailable(Exception):
    """The channel is gone or the bot may not use it: retrying today will not help."""

    def __init__(self, error: discord.HTTPException | None, reason: str) -> None:
        super().__init__(reason)
        self.error = error
        self.reason = reason


class _GaveUp(Exception):
    """Every attempt in the retry window failed."""

    def __init__(self, attempts: int, error: BaseException) -> None:
        super().__init__(f"{attempts} attempts, last: {error!r}")
        self.attempts = attempts
        self.error = error


def _unavailable(error: discord.HTTPException) -> _Unavailable:
    if isinstance(error, discord.NotFound):
        return _Unavailable(error, "the channel does not exist (deleted, or the bot cannot see it)")
    return _Unavailable(
        error,
        "the bot lacks permission in the channel "
        "(needs View Channel, Send Messages, Embed Links and Read Message History)",
    )


def _nonce(day: dt.date, part: int) -> str:
    """Deterministic per day and part (≤ 25 characters), so Discord dedupes a retried create."""
    return f"digest{day:%Y%m%d}p{part}"


def _utc(now: dt.datetime) -> dt.datetime:
    return now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now


# -- the cog ---------------------------------------------------------------------------------------


class Digest(ext.Cog):
    """Posts the daily digest and serves /digest settings and /digest preview."""

    digest = app_commands.Group(
        name=meta.text("digest", "ダイジェスト"),
        description=meta.text("Daily digest: settings and preview", "日次ダイジェストの設定とプレビュー"),
        guild_only=True,
        # Discord applies default permissions to top-level commands only: the group is for managers
        # by default, and /digest settings checks the permission again on our side on every call.
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(
        self,
        services: Services,
        bot: Bot,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        autostart: bool = True,
    ) -> None:
        self.services = services
        self.bot = bot
        self.autostart = autostart  # False: commands only, no loop or catch-up (a test bot's default)
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.sleep = sleep or asyncio.sleep
        self.retry_delays = tuple(retry_delays)
        self.catch_up_task: asyncio.Task[PostResult] | None = None
        self._lock = asyncio.Lock()  # the loop and the catch-up never attempt at the same time
        self._in_loop_body = False
        self.loop = tasks.loop(time=self.config().loop_time)(self._scheduled)
        self.loop.before_loop(self.bot.wait_until_ready)

    # -- lifecycle ---------------------------------------------------------------------------

    async def cog_load(self) -> None:
        """Start the daily loop and the start-up catch-up (not in on_ready, which fires on reconnects)."""
        if not self.autostart:
            return
        self.loop.start()
        self.catch_up_task = asyncio.create_task(self.catch_up(), name="digest-catch-up")

    async def cog_unload(self) -> None:
        """Stop the loop and any catch-up still waiting."""
        self.loop.cancel()
        if self.catch_up_task is not None:
            self.catch_up_task.cancel()

    def config(self) -> DigestConfig:
        """The current settings: those saved, over DIGEST_CHANNEL_ID and DIGEST_TIME."""
        settings = self.services.settings
        return load_config(
            self.services.store, channel_id=settings.digest_channel_id, time=settings.digest_time
        )

    async def _scheduled(self) -> None:
        self._in_loop_body = True
        try:
            await self.tick()
        finally:
            self._in_loop_body = False

    async def tick(self) -> PostResult:
        """The loop's body: one attempt for the clock's current instant."""
        return await self.post_if_due(self.clock())

    async def catch_up(self) -> PostResult:
        """After start-up: post today's digest if its slot has passed and it is not sent yet."""
        await self.bot.wait_until_ready()
        result = await self.post_if_due(self.clock())
        if result.status == "busy" and result.retry_at is not None:
            # A claim left by a process that died moments ago: wait until it may be taken over.
            wait = (result.retry_at - _utc(self.clock())).total_seconds()
            log.info("Digest catch-up: today's claim is still fresh; trying again in %.0f s", wait)
            await self.sleep(max(wait, 0.0))
            result = await self.post_if_due(self.clock())
        log.info("Digest catch-up: %s", result.status)
        return result

    def reschedule(self, time: dt.time) -> None:
        """Move the daily slot to ``time`` (Japan time)."""
        self.loop.change_interval(time=time.replace(tzinfo=JST))
        # change_interval re-plans only a loop that has run once; before its first run it would keep
        # sleeping until the old slot.  Restarting is safe whenever the body is not running.
        if self.loop.is_running() and not self._in_loop_body:
            self.loop.restart()

    # -- one attempt -------------------------------------------------------------------------

    async def post_if_due(self, now: dt.datetime) -> PostResult:
        """One idempotent attempt for the instant ``now``: never raises, never posts a day twice."""
        async with self._lock:
            try:
                return await self._post_if_due(_utc(now))
            except Exception:
                log.exception("Digest attempt failed unexpectedly; it will be tried again at the next slot")
                return PostResult("failed")

    async def _post_if_due(self, now: dt.datetime) -> PostResult:
        config = self.config()
        store = self.services.store
        if not config.enabled or config.channel_id is None or store is None:
            return PostResult("disabled")
        channel_id = config.channel_id
        day = now.astimezone(JST).date()
        if now < config.slot(day) - EARLY_TOLERANCE:
            return PostResult("not_due", day, channel_id)
        run = store.digest_run(channel_id, day)
        if run is not None and run.status == "sent":
            return PostResult("already_sent", day, channel_id)
        try:
            return await self._post(store, config, channel_id, day, now, pending=run is not None)
        except _Unavailable as exc:
            error = exc.error
            log.error(
                "Digest for %s not posted to channel %s: %s (HTTP %s, code %s); "
                "it will be tried again after a restart or at the next slot",
                day,
                channel_id,
                exc.reason,
                error.status if error else "-",
                error.code if error else "-",
            )
            return PostResult("unavailable", day, channel_id)
        except _GaveUp as exc:
            log.error(
                "Digest for %s not posted to channel %s after %d attempts (last error: %r); "
                "it will be tried again after a restart or at the next slot",
                day,
                channel_id,
                exc.attempts,
                exc.error,
            )
            return PostResult("failed", day, channel_id)

    async def _post(
        self,
        store: Store,
        config: DigestConfig,
        channel_id: int,
        day: dt.date,
        now: dt.datetime,
        pending: bool,
    ) -> PostResult:
        channel = await self._channel(channel_id)
        ctx = self.services.context()
        digest = builder.build_digest(
            ctx, day, builder.previous_state(store, channel_id, day), quiet_skip=config.skip_quiet
        )
        messages = render(digest.reply, numbered=True) if digest.reply is not None else []
        found: dict[int, int] = {}
        if pending:
            # An earlier run claimed the day and did not confirm it: it may have posted before dying.
            found = await self._retry("read the history", lambda: self._find_posted(channel, digest.marker))
            wanted = set(range(1, len(messages) + 1))
            if found and wanted <= set(found):
                store.mark_digest_sent(channel_id, day, found[min(found)], now)
                if builder.load_state(store, channel_id, day) is None:
                    builder.save_state(store, channel_id, digest.state)
                log.info("Digest for %s was already in channel %s; recorded it as sent", day, channel_id)
                return PostResult("recovered", day, channel_id)
            if not store.claim_digest(channel_id, day, now, stale_after=PENDING_TAKEOVER):
                claim = store.digest_run(channel_id, day)
                claimed = dt.datetime.fromisoformat(claim.claimed_at) if claim else now
                return PostResult("busy", day, channel_id, retry_at=claimed + PENDING_TAKEOVER)
        elif not store.claim_digest(channel_id, day, now):
            return PostResult("busy", day, channel_id, retry_at=now + PENDING_TAKEOVER)
        builder.save_state(store, channel_id, digest.state)
        if not messages:
            store.mark_digest_sent(channel_id, day, QUIET_MESSAGE_ID, now)
            log.info("Digest for %s skipped: a quiet day (skip_quiet is on)", day)
            return PostResult("quiet", day, channel_id)
        sent: dict[int, int] = {}

        async def send_missing() -> None:
            for part, message in enumerate(messages, start=1):
                if part in found or part in sent:
                    continue
                posted = await channel.send(
                    embeds=message.embeds, files=message.discord_files(), nonce=_nonce(day, part)
                )
                sent[part] = posted.id

        await self._retry("post", send_missing)
        first = {**found, **sent}
        store.mark_digest_sent(channel_id, day, first[min(first)], now)
        log.info("Digest for %s posted to channel %s (%d message(s))", day, channel_id, len(sent))
        return PostResult("sent", day, channel_id, tuple(sent[p] for p in sorted(sent)))

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            channel = await self._retry("fetch the channel", lambda: self.bot.fetch_channel(channel_id))
        if not isinstance(channel, discord.abc.Messageable):
            raise _Unavailable(None, f"channel {channel_id} is not a text channel")
        return channel

    async def _find_posted(self, channel: discord.abc.Messageable, marker: str) -> dict[int, int]:
        """Parts of the day's digest that the bot already posted: part number → message id."""
        me = self.bot.user
        # The footer begins with the day's marker and ends with the renderer's page number.
        pattern = re.compile(rf"^{re.escape(marker)} .* (\d+)/\d+$")
        found: dict[int, int] = {}
        async for message in channel.history(limit=HISTORY_LIMIT):
            if me is None or message.author.id != me.id:
                continue
            for embed in message.embeds:
                if m := pattern.search(embed.footer.text or ""):
                    found.setdefault(int(m[1]), message.id)
        return found

    async def _retry(self, what: str, operation: Callable[[], Awaitable[T]]) -> T:
        """Run ``operation``, retrying transient failures within the window; 403/404 end it at once."""
        attempts = len(self.retry_delays) + 1
        for attempt in range(1, attempts + 1):
            try:
                return await operation()
            except (discord.NotFound, discord.Forbidden) as exc:
                raise _unavailable(exc) from exc
            except Exception as exc:
                if not _retryable(exc):
                    raise
                if attempt == attempts:
                    raise _GaveUp(attempt, exc) from exc
                delay = self.retry_delays[attempt - 1]
                log.warning("Digest: could not %s (%r); retry %d in %.0f s", what, exc, attempt, delay)
                await self.sleep(delay)
        raise AssertionError("unreachable")

    # -- /digest settings and /digest preview ------------------------------------------------

    @digest.command(name=meta.name(SETTINGS), description=meta.description(SETTINGS))
    @app_commands.rename(**meta.renames(SETTINGS))
    @app_commands.describe(**meta.describes(SETTINGS))
    async def settings(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | None = None,
        time: app_commands.Range[str, 1, 10] | None = None,
        enabled: bool | None = None,
        skip_quiet: bool | None = None,
    ) -> None:
        """Show the settings, or change them (Manage Server, checked in the command on every call)."""
        before = self.config()
        reply = digest_settings(
            self.services.context(interaction.user),
            channel.id if channel is not None else None,
            time,
            enabled,
            skip_quiet,
            default_channel_id=self.services.settings.digest_channel_id,
            default_time=self.services.settings.digest_time,
            now=_utc(self.clock()),
            channel_lacks_permissions=channel is not None and _lacks_permissions(channel),
        )
        after = self.config()
        if after.time != before.time:
            self.reschedule(after.time)
        await send(interaction, reply, self.services, private=True)

    @digest.command(name=meta.name(PREVIEW), description=meta.description(PREVIEW))
    @app_commands.rename(**meta.renames(PREVIEW))
    @app_commands.describe(**meta.describes(PREVIEW))
    async def preview(
        self, interaction: discord.Interaction, date: app_commands.Range[str, 1, 20] | None = None
    ) -> None:
        """The digest for any date, shown only to the asker: nothing is posted or claimed."""
        ctx = dataclasses.replace(
            self.services.context(interaction.user), today=_utc(self.clock()).astimezone(JST).date()
        )
        reply = builder.preview(ctx, date, channel_id=self.config().channel_id)
        await send(interaction, reply, self.services, private=True)
