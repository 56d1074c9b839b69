"""/import, /export and /report for editors; the command layer checks the right to use them."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands as ext

from bot.exts import _meta as meta
from bot.exts._answer import answer, send
from bot.exts._meta import Choices
from bot.services import Services
from commands.options import Upload
from commands.registry import EXPORT, IMPORT, REPORT
from commands.report import report
from commands.transfer import export_all, import_actuals
from knowledge.transfer import MAX_BYTES


class Data(ext.Cog):
    """Import and export of actuals, and the year-end progress table."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name=meta.name(IMPORT), description=meta.description(IMPORT))
    @app_commands.rename(**meta.renames(IMPORT))
    @app_commands.describe(**meta.describes(IMPORT))
    @app_commands.guild_only()
    async def import_(
        self, interaction: discord.Interaction, file: discord.Attachment, partial: bool = False
    ) -> None:
        """Validate every row, then apply all of them (or only the valid ones with partial)."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        ctx = self.services.context(interaction.user)
        upload: object = file
        if isinstance(file, discord.Attachment):
            # Read only what an editor may import: a refusal costs no download.
            data = await file.read() if ctx.actor.editor and file.size <= MAX_BYTES else b""
            upload = Upload(file.filename, file.size, data)
        reply = await asyncio.to_thread(import_actuals, ctx, upload, partial)  # the command checks the type
        await send(interaction, reply, self.services, private=True, deferred_private=True)

    @app_commands.command(name=meta.name(EXPORT), description=meta.description(EXPORT))
    @app_commands.guild_only()
    async def export(self, interaction: discord.Interaction) -> None:
        """Send the knowledge and the history as files."""
        await answer(interaction, self.services, EXPORT, export_all)

    @app_commands.command(name=meta.name(REPORT), description=meta.description(REPORT))
    @app_commands.rename(**meta.renames(REPORT))
    @app_commands.describe(**meta.describes(REPORT))
    @app_commands.guild_only()
    async def report(
        self,
        interaction: discord.Interaction,
        plan: app_commands.Range[str, 0, 20] | None = None,
        as_of: app_commands.Range[str, 0, 20] | None = None,
    ) -> None:
        """Send a plan's progress table as it stood on a day, as Excel and CSV."""
        await answer(interaction, self.services, REPORT, lambda ctx: report(ctx, plan, as_of))

    @report.autocomplete("plan")
    async def report_plan(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest the plans the data holds."""
        return self.services.plans(current)
