"""Commands that change stored data: /update, /undo, /owner and /audit (permission checked per call)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands as ext

from bot.respond import send_reply
from commands.owner import assign_owner
from commands.registry import find_command

if TYPE_CHECKING:
    from bot.client import StrategyBot

UPDATE, UNDO, OWNER, AUDIT = (find_command(n) for n in ("update", "undo", "owner", "audit"))
VALUE, AS_OF, NOTE, SOURCE = UPDATE.options
WHO, REMIND, CADENCE = OWNER.options


class Editing(ext.Cog):
    """Editors keep the values current; everyone else is refused, politely and privately."""

    def __init__(self, bot: StrategyBot) -> None:
        self.bot = bot

    @app_commands.command(name="update", description=_(UPDATE.description_en))
    @app_commands.describe(
        query=_(UPDATE.query_en),
        value=_(VALUE.description_en),
        as_of=_(AS_OF.description_en),
        note=_(NOTE.description_en),
        source=_(SOURCE.description_en),
    )
    @app_commands.guild_only()
    async def update(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200],
        value: app_commands.Range[str, 1, 30],
        as_of: app_commands.Range[str, 1, 30] | None = None,
        note: app_commands.Range[str, 1, 200] | None = None,
        source: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        """Record an actual."""
        await self.bot.answer(interaction, UPDATE, query, value=value, as_of=as_of, note=note, source=source)

    @app_commands.command(name="undo", description=_(UNDO.description_en))
    @app_commands.describe(query=_(UNDO.query_en))
    @app_commands.guild_only()
    async def undo(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        """Withdraw the last entry."""
        await self.bot.answer(interaction, UNDO, query)

    @app_commands.command(name="owner", description=_(OWNER.description_en))
    @app_commands.describe(
        query=_(OWNER.query_en),
        person=_("The person responsible"),
        role=_("The role responsible"),
        remind=_(REMIND.description_en),
        cadence=_(CADENCE.description_en),
    )
    @app_commands.guild_only()
    async def owner(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200],
        person: discord.Member | None = None,
        role: discord.Role | None = None,
        remind: bool | None = None,
        cadence: app_commands.Range[int, 1, 60] | None = None,
    ) -> None:
        """Show or set the owner and update cadence of an indicator."""
        ctx = self.bot.context(interaction.user)
        if person is not None:
            reply = assign_owner(ctx, query, "user", str(person.id), person.display_name, remind, cadence)
        elif role is not None:
            reply = assign_owner(ctx, query, "role", str(role.id), f"@{role.name}", remind, cadence)
        else:
            reply = assign_owner(ctx, query, cadence=cadence)
        await send_reply(interaction, reply, self.bot.answer_line, private=True)

    @app_commands.command(name="audit", description=_(AUDIT.description_en))
    @app_commands.guild_only()
    async def audit(self, interaction: discord.Interaction) -> None:
        """Show recent write actions."""
        await self.bot.answer(interaction, AUDIT, None)

    @update.autocomplete("query")
    @undo.autocomplete("query")
    @owner.autocomplete("query")
    async def indicator_query(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest 2nd-revision indicators."""
        return self.bot.suggest(current, "indicator")
