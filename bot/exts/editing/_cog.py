"""Editors keep the values current; the command layer refuses everyone else, privately."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands as ext

from bot.exts import _meta as meta
from bot.exts._answer import answer
from bot.exts._meta import Choices
from bot.services import Services
from commands.audit import audit
from commands.options import Person
from commands.owner import owner
from commands.rate import rate
from commands.registry import AUDIT, OWNER, RATE, UNDO, UPDATE
from commands.update import undo, update


def person_of(value: object) -> object:
    """A picked member or role as the command's Person; anything else passes on to be refused."""
    if isinstance(value, discord.Role):
        return Person("role", str(value.id), f"@{value.name}")
    if isinstance(value, discord.Member | discord.User):
        return Person("user", str(value.id), value.display_name)
    return value


class Editing(ext.Cog):
    """/update, /undo, /rate, /owner and /audit."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name=meta.name(UPDATE), description=meta.description(UPDATE))
    @app_commands.rename(**meta.renames(UPDATE))
    @app_commands.describe(**meta.describes(UPDATE))
    @app_commands.guild_only()
    async def update(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200],
        value: app_commands.Range[str, 1, 30],
        as_of: app_commands.Range[str, 0, 30] | None = None,
        note: app_commands.Range[str, 0, 200] | None = None,
        source: app_commands.Range[str, 0, 200] | None = None,
        confirm: bool | None = None,
    ) -> None:
        """Record an actual."""
        await answer(
            interaction,
            self.services,
            UPDATE,
            lambda ctx: update(ctx, query, value, as_of=as_of, note=note, source=source, confirm=confirm),
        )

    @app_commands.command(name=meta.name(UNDO), description=meta.description(UNDO))
    @app_commands.rename(**meta.renames(UNDO))
    @app_commands.describe(**meta.describes(UNDO))
    @app_commands.guild_only()
    async def undo(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 0, 200] | None = None,
        entry: app_commands.Range[int, 1, 999_999_999] | None = None,
        rating: app_commands.Range[int, 1, 999_999_999] | None = None,
    ) -> None:
        """Withdraw an entry or an official rating."""
        await answer(
            interaction, self.services, UNDO, lambda ctx: undo(ctx, query, entry=entry, rating=rating)
        )

    @app_commands.command(name=meta.name(RATE), description=meta.description(RATE))
    @app_commands.rename(**meta.renames(RATE))
    @app_commands.describe(**meta.describes(RATE))
    @app_commands.guild_only()
    async def rate(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200],
        stars: app_commands.Range[int, 1, 4],
        as_of: app_commands.Range[str, 1, 30],
        note: app_commands.Range[str, 0, 200] | None = None,
        plan: app_commands.Range[str, 0, 20] | None = None,
    ) -> None:
        """Record an official rating."""
        await answer(
            interaction,
            self.services,
            RATE,
            lambda ctx: rate(ctx, query, stars, as_of, note=note, plan=plan),
        )

    @app_commands.command(name=meta.name(OWNER), description=meta.description(OWNER))
    @app_commands.rename(**meta.renames(OWNER))
    @app_commands.describe(**meta.describes(OWNER))
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
        who, group = person_of(person), person_of(role)
        await answer(
            interaction,
            self.services,
            OWNER,
            lambda ctx: owner(ctx, query, person=who, role=group, remind=remind, cadence=cadence),  # type: ignore[arg-type]
        )

    @app_commands.command(name=meta.name(AUDIT), description=meta.description(AUDIT))
    @app_commands.guild_only()
    async def audit(self, interaction: discord.Interaction) -> None:
        """Show recent write actions."""
        await answer(interaction, self.services, AUDIT, audit)

    @rate.autocomplete("query")
    async def rate_query(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest indicators of the plan being rated."""
        return self.services.suggest(current, "indicator", getattr(interaction.namespace, "plan", None))

    @rate.autocomplete("plan")
    async def rate_plan(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest the plans the data holds."""
        return self.services.plans(current)

    @update.autocomplete("query")
    @undo.autocomplete("query")
    @owner.autocomplete("query")
    async def indicator_query(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest indicators of the plan that editors record into."""
        return self.services.suggest(current, "indicator")
