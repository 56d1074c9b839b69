"""Slash commands that look things up; each calls its typed command function and nothing else."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands as ext

from bot.exts import _meta as meta
from bot.exts._answer import answer
from bot.exts._meta import Choices
from bot.services import Services
from commands.field import field
from commands.help import help_reply
from commands.history import history
from commands.indicator import indicator
from commands.overview import overview
from commands.plan import plan
from commands.project import project
from commands.registry import FIELD, HELP, HISTORY, INDICATOR, OVERVIEW, PLAN, PROJECT, SEARCH
from commands.search import search


class Lookup(ext.Cog):
    """The read-only commands everyone uses."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name=meta.name(INDICATOR), description=meta.description(INDICATOR))
    @app_commands.rename(**meta.renames(INDICATOR))
    @app_commands.describe(**meta.describes(INDICATOR))
    @app_commands.choices(stale=meta.choices(INDICATOR.option("stale")))
    async def indicator(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 0, 200] | None = None,
        plan: app_commands.Range[str, 0, 20] | None = None,
        project: app_commands.Range[str, 0, 20] | None = None,
        rating: app_commands.Range[str, 0, 20] | None = None,
        stale: str | None = None,
    ) -> None:
        """Show an indicator, or the list of indicators."""
        await answer(
            interaction,
            self.services,
            INDICATOR,
            lambda ctx: indicator(ctx, query, plan=plan, project=project, rating=rating, stale=stale),
        )

    @indicator.autocomplete("query")
    async def indicator_query(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest indicators of the chosen plan."""
        return self.services.suggest(current, "indicator", getattr(interaction.namespace, "plan", None))

    @indicator.autocomplete("plan")
    async def indicator_plan(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest the plans the data holds."""
        return self.services.plans(current)

    @app_commands.command(name=meta.name(HISTORY), description=meta.description(HISTORY))
    @app_commands.rename(**meta.renames(HISTORY))
    @app_commands.describe(**meta.describes(HISTORY))
    async def history(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200],
        plan: app_commands.Range[str, 0, 20] | None = None,
    ) -> None:
        """Show an indicator's actuals over time, with a chart."""
        await answer(interaction, self.services, HISTORY, lambda ctx: history(ctx, query, plan=plan))

    @history.autocomplete("query")
    async def history_query(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest indicators of the chosen plan."""
        return self.services.suggest(current, "indicator", getattr(interaction.namespace, "plan", None))

    @history.autocomplete("plan")
    async def history_plan(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest the plans the data holds."""
        return self.services.plans(current)

    @app_commands.command(name=meta.name(PROJECT), description=meta.description(PROJECT))
    @app_commands.rename(**meta.renames(PROJECT))
    @app_commands.describe(**meta.describes(PROJECT))
    async def project(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 0, 200] | None = None
    ) -> None:
        """Show a project or a section."""
        await answer(interaction, self.services, PROJECT, lambda ctx: project(ctx, query))

    @project.autocomplete("query")
    async def project_query(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest projects and sections."""
        return self.services.suggest(current, "project")

    @app_commands.command(name=meta.name(FIELD), description=meta.description(FIELD))
    @app_commands.rename(**meta.renames(FIELD))
    @app_commands.describe(**meta.describes(FIELD))
    async def field(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 0, 200] | None = None
    ) -> None:
        """Show a priority growth field."""
        await answer(interaction, self.services, FIELD, lambda ctx: field(ctx, query))

    @field.autocomplete("query")
    async def field_query(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest fields."""
        return self.services.suggest(current, "field")

    @app_commands.command(name=meta.name(SEARCH), description=meta.description(SEARCH))
    @app_commands.rename(**meta.renames(SEARCH))
    @app_commands.describe(**meta.describes(SEARCH))
    async def search(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        """Search across everything."""
        await answer(interaction, self.services, SEARCH, lambda ctx: search(ctx, query))

    @app_commands.command(name=meta.name(OVERVIEW), description=meta.description(OVERVIEW))
    async def overview(self, interaction: discord.Interaction) -> None:
        """Show the strategy at a glance."""
        await answer(interaction, self.services, OVERVIEW, overview)

    @app_commands.command(name=meta.name(PLAN), description=meta.description(PLAN))
    @app_commands.rename(**meta.renames(PLAN))
    @app_commands.describe(**meta.describes(PLAN))
    async def plan(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 0, 200] | None = None
    ) -> None:
        """Show a part of the plan's document."""
        await answer(interaction, self.services, PLAN, lambda ctx: plan(ctx, query))

    @plan.autocomplete("query")
    async def plan_query(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest the parts of the plan's document."""
        return self.services.suggest(current, "part")

    @app_commands.command(name=meta.name(HELP), description=meta.description(HELP))
    async def help(self, interaction: discord.Interaction) -> None:
        """List every command."""
        await answer(
            interaction,
            self.services,
            HELP,
            lambda ctx: help_reply(ctx, "discord", self.services.settings.guide_url),
        )
