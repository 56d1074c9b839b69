"""Bulk data in and out: /import (an attached CSV) and /export (CSV and JSON files), for editors."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands as ext

from bot.respond import send_reply
from commands.registry import find_command
from commands.transfer import import_actuals
from knowledge.transfer import MAX_BYTES

if TYPE_CHECKING:
    from bot.client import StrategyBot

log = logging.getLogger(__name__)

EXPORT = find_command("export")


class Data(ext.Cog):
    """Import and export of actuals."""

    def __init__(self, bot: StrategyBot) -> None:
        self.bot = bot

    @app_commands.command(name="import", description=_("Import actuals from an attached CSV (editors only)"))
    @app_commands.describe(
        file=_("CSV with indicator,value,as_of (UTF-8 or Shift_JIS)"),
        partial=_("Apply the valid rows even if some rows are invalid"),
    )
    @app_commands.guild_only()
    async def import_(
        self, interaction: discord.Interaction, file: discord.Attachment, partial: bool = False
    ) -> None:
        """Validate every row, then apply all of them (or only the valid ones with partial)."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        ctx = self.bot.context(interaction.user)
        if ctx.actor.editor and file.size > MAX_BYTES:
            await interaction.followup.send(
                f"ファイルが大きすぎます（{MAX_BYTES // 1_000_000}MBまで）。", ephemeral=True
            )
            return
        data = await file.read() if ctx.actor.editor else b""
        reply = await asyncio.to_thread(import_actuals, ctx, data, partial)
        if not ctx.actor.editor:
            log.info("Refused /import for user %s (not an editor)", interaction.user.id)
        await send_reply(interaction, reply, self.bot.answer_line, private=True)

    @app_commands.command(name="export", description=_(EXPORT.description_en))
    @app_commands.guild_only()
    async def export(self, interaction: discord.Interaction) -> None:
        """Send the knowledge and the history as files."""
        await self.bot.answer(interaction, EXPORT, None)
