"""A daily check that reminds owners of stale indicators, mentioning only that owner."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands as ext
from discord.ext import tasks

from bot.services import Services
from commands.reminders import due_reminders, mark_sent
from knowledge.values import JST

if TYPE_CHECKING:
    from discord.ext.commands import Bot

log = logging.getLogger(__name__)


class Reminders(ext.Cog):
    """Posts owner reminders to the digest channel once per stale spell."""

    def __init__(self, services: Services, bot: Bot, autostart: bool = True) -> None:
        self.services = services
        self.bot = bot
        self.autostart = autostart
        self.loop = tasks.loop(time=services.settings.digest_time.replace(tzinfo=JST))(self.send_reminders)
        self.loop.before_loop(self.bot.wait_until_ready)

    async def cog_load(self) -> None:
        """Start the daily loop (not in on_ready, which fires again on every reconnect)."""
        if self.services.settings.digest_channel_id and self.autostart:
            self.loop.start()

    async def cog_unload(self) -> None:
        """Stop the loop."""
        self.loop.cancel()

    async def send_reminders(self) -> int:
        """Post every due reminder; never raises, so the loop survives any error. Returns posts made."""
        channel_id = self.services.settings.digest_channel_id
        if not channel_id:
            return 0
        sent = 0
        try:
            ctx = self.services.context()
            channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
            for reminder in due_reminders(ctx):
                allowed = discord.AllowedMentions.none()
                if reminder.mention:
                    # This send alone may ping, and only the owner.
                    target = [discord.Object(int(reminder.owner_id))]
                    if reminder.owner_kind == "user":
                        allowed = discord.AllowedMentions(everyone=False, users=target, roles=False)
                    else:
                        allowed = discord.AllowedMentions(everyone=False, users=False, roles=target)
                await channel.send(reminder.text, allowed_mentions=allowed)
                mark_sent(ctx, reminder)
                sent += 1
        except Exception:
            log.exception("Owner reminders failed; they will be tried again at the next run")
        return sent
