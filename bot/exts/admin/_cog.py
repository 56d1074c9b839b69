"""/reload re-reads the knowledge files without a restart, keeping the old data on any error."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands as ext

from bot.exts import _meta as meta
from bot.memory import settle
from bot.services import Services
from knowledge import DATA_DIR, KnowledgeError, load_knowledge

log = logging.getLogger(__name__)

MAX_PROBLEMS_SHOWN = 10
MESSAGE = 2000


class Admin(ext.Cog):
    """Commands for the server's administrators."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(
        name=meta.text("reload", "再読み込み"),
        description=meta.text(
            "Re-read the knowledge files (administrators only)",
            "データファイルを再読み込みします（管理者のみ）",
        ),
    )
    @app_commands.default_permissions(administrator=True)
    @app_commands.checks.has_permissions(administrator=True)  # checked on our side too, not only by Discord
    @app_commands.guild_only()
    async def reload(self, interaction: discord.Interaction) -> None:
        """Validate and load the data files; on any error keep serving the old data."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        old = self.services.kb.version
        path = self.services.settings.knowledge_path or DATA_DIR
        try:
            kb = await asyncio.to_thread(load_knowledge, path, self.services.settings.current_plan)
        except KnowledgeError as exc:
            shown = "\n".join(f"・{p}" for p in exc.problems[:MAX_PROBLEMS_SHOWN])
            more = len(exc.problems) - MAX_PROBLEMS_SHOWN
            if more > 0:
                shown += f"\n…ほか {more} 件"
            log.warning("Reload refused: %d problem(s) in the data files", len(exc.problems))
            text = f"データファイルに誤りがあるため再読み込みしませんでした。現在のデータ（版 {old}）を引き続き使います。\n{shown}"
            await interaction.followup.send(text[:MESSAGE], ephemeral=True)
            return
        self.services.kb = kb
        settle()
        log.info("Knowledge reloaded by %s: %s -> %s", interaction.user.id, old, kb.version)
        await interaction.followup.send(
            f"データを再読み込みしました（版 {old} → {kb.version}）。", ephemeral=True
        )
