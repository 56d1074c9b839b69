"""/digest settings and /digest preview, and the daily loop that runs the day's job at the slot.

The loop is a ``tasks.loop`` at the configured time in Japan, started in ``cog_load`` (not in
``on_ready``, which fires again on reconnects) together with a one-off catch-up after start-up.
Both call the same idempotent job (``_daily.py``), which posts through the exactly-once guard
(``_poster.py``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands as ext
from discord.ext import tasks

from bot.exts import _meta as meta
from bot.exts._answer import send
from bot.exts.digest._daily import DailyJob, DayResult
from bot.exts.digest._poster import RETRY_DELAYS, utc
from bot.services import Services
from commands import digest as builder
from commands.digest import PREVIEW
from commands.digest_settings import SETTINGS, DigestConfig, digest_settings
from knowledge.values import JST

if TYPE_CHECKING:
    from discord.ext.commands import Bot

log = logging.getLogger(__name__)

# tasks.loop sleeps on the monotonic clock and may wake a hair before the slot by the wall clock;
# that wake-up still counts as the slot.  A catch-up at start-up gets no such allowance.
EARLY_TOLERANCE = dt.timedelta(seconds=60)


def _lacks_permissions(channel: discord.TextChannel) -> bool:
    """Whether the bot may not post the digest there (it also reads the history to recover)."""
    me = channel.guild.me
    if me is None:
        return False
    perms = channel.permissions_for(me)
    return not (
        perms.view_channel and perms.send_messages and perms.embed_links and perms.read_message_history
    )


class Digest(ext.Cog):
    """Runs the day's job at the slot and serves /digest settings and /digest preview."""

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
        sleep: Callable[[float], Awaitable[Any]] | None = None,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        autostart: bool = True,
    ) -> None:
        self.services = services
        self.bot = bot
        self.autostart = autostart  # False: commands only, no loop or catch-up (a test bot's default)
        self.sleep = sleep or asyncio.sleep
        self.daily = DailyJob(services, bot, sleep=self.sleep, retry_delays=retry_delays)
        self.catch_up_task: asyncio.Task[DayResult] | None = None
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
        """The current settings."""
        return self.daily.config()

    def now(self) -> dt.datetime:
        """The injected clock's instant."""
        return utc(self.services.clock())

    async def _scheduled(self) -> DayResult:
        self._in_loop_body = True
        try:
            result = await self.tick()
            # A time saved from the command line, while this process ran, holds from the next slot.
            wanted = self.config().loop_time
            if self.loop.time != [wanted]:
                self.loop.change_interval(time=wanted)
            return result
        finally:
            self._in_loop_body = False

    async def tick(self) -> DayResult:
        """The loop's body: one run for the clock's current instant, at (or just before) the slot."""
        return await self.daily.run(self.now(), early=EARLY_TOLERANCE)

    async def catch_up(self) -> DayResult:
        """After start-up: run the day's job if its slot has passed and it is not done yet."""
        await self.bot.wait_until_ready()
        result = await self.daily.run(self.now())
        if result.retry_at is not None:
            # A claim left by a process that died moments ago: wait until it may be taken over.
            wait = (result.retry_at - self.now()).total_seconds()
            log.info("Digest catch-up: a claim is still fresh; trying again in %.0f s", wait)
            await self.sleep(max(wait, 0.0))
            result = await self.daily.run(self.now())
        log.info("Digest catch-up: %s", result.digest.status)
        return result

    def reschedule(self, time: dt.time) -> None:
        """Move the daily slot to ``time`` (Japan time)."""
        self.loop.change_interval(time=time.replace(tzinfo=JST))
        # change_interval re-plans only a loop that has run once; before its first run it would keep
        # sleeping until the old slot.  Restarting is safe whenever the body is not running.
        if self.loop.is_running() and not self._in_loop_body:
            self.loop.restart()

    # -- /digest settings and /digest preview ------------------------------------------------

    @digest.command(name=meta.name(SETTINGS), description=meta.description(SETTINGS))
    @app_commands.rename(**meta.renames(SETTINGS))
    @app_commands.describe(**meta.describes(SETTINGS))
    @app_commands.choices(cadence=meta.choices(SETTINGS.option("cadence")))
    async def settings(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | None = None,
        time: app_commands.Range[str, 1, 10] | None = None,
        cadence: str | None = None,
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
            cadence,
            default_channel_id=self.services.settings.digest_channel_id,
            default_time=self.services.settings.digest_time,
            now=self.now(),
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
        ctx = self.services.context(interaction.user)
        config = self.config()
        reply = builder.preview(ctx, date, channel_id=config.channel_id, cadence=config.cadence)
        await send(interaction, reply, self.services, private=True)
