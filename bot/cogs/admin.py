"""Administrator commands: /reload re-reads the knowledge files without a restart."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands as ext

from knowledge import KnowledgeError

if TYPE_CHECKING:
    from bot.client import StrategyBot

log = logging.getLogger(__name__)

MAX_PROBLEMS_SHOWN = 10


class Admin(ext.Cog):
    """Commands for the server's administrators."""

    def __init__(self, bot: StrategyBot) -> None:
        self.bot = bot

    @app_commands.command(name="reload", description=_("Re-read the knowledge files (administrators only)"))
    @app_commands.default_permissions(administrator=True)
    @app_commands.checks.has_permissions(administrator=True)  # checked on our side too, not only by Discord
    @app_commands.guild_only()
    async def reload(self, interaction: discord.Interaction) -> None:
        """Validate and load the data files; on any error keep serving the old data."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        old = self.bot.kb.version
        try:
            kb = await asyncio.to_thread(self.bot.load_knowledge)
        except KnowledgeError as exc:
            shown = "\n".join(f"・{p}" for p in exc.problems[:MAX_PROBLEMS_SHOWN])
            more = len(exc.problems) - MAX_PROBLEMS_SHOWN
            if more > 0:
                shown += f"\n…ほか {more} 件"
            log.warning("Reload refused: %d problem(s) in the data files", len(exc.problems))
            await interaction.followup.send(
                f"データファイルに誤りがあるため再読み込みしませんでした。現在のデータ（版 {old}）を引き続き使います。\n{shown}"[
                    :2000
                ],
                ephemeral=True,
            )
            return
        self.bot.kb = kb
        log.info("Knowledge reloaded by %s: %s -> %s", interaction.user.id, old, kb.version)
        await interaction.followup.send(
            f"データを再読み込みしました（版 {old} → {kb.version}）。", ephemeral=True
        )
