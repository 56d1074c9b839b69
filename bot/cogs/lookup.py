"""Slash commands that look things up: /indicator, /project, /field, /overview and /help."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands as ext

from commands.registry import find_command

if TYPE_CHECKING:
    from bot.client import StrategyBot


def _spec(name: str):
    spec = find_command(name)
    assert spec is not None, name
    return spec


INDICATOR, PROJECT, FIELD, SEARCH, OVERVIEW, HELP, HISTORY = (
    _spec(n) for n in ("indicator", "project", "field", "search", "overview", "help", "history")
)
PLAN = INDICATOR.options[0]
PLAN_CHOICES = [app_commands.Choice(name=_(en), value=value) for value, _ja, en in PLAN.choices]
STALE_CHOICES = [
    app_commands.Choice(name=_(en), value=value) for value, _ja, en in INDICATOR.options[3].choices
]


class Lookup(ext.Cog):
    """The read-only commands everyone uses."""

    def __init__(self, bot: StrategyBot) -> None:
        self.bot = bot

    @app_commands.command(name="indicator", description=_(INDICATOR.description_en))
    @app_commands.describe(
        query=_(INDICATOR.query_en),
        plan=_(PLAN.description_en),
        project=_(INDICATOR.options[1].description_en),
        rating=_(INDICATOR.options[2].description_en),
        stale=_(INDICATOR.options[3].description_en),
    )
    @app_commands.choices(plan=PLAN_CHOICES, stale=STALE_CHOICES)
    async def indicator(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 0, 200] | None = None,
        plan: str | None = None,
        project: app_commands.Range[str, 0, 20] | None = None,
        rating: app_commands.Range[str, 0, 20] | None = None,
        stale: str | None = None,
    ) -> None:
        """Show an indicator, or the list of indicators."""
        await self.bot.answer(
            interaction, INDICATOR, query, plan=plan, project=project, rating=rating, stale=stale
        )

    @indicator.autocomplete("query")
    async def indicator_query(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest indicators of the chosen plan."""
        plan = getattr(interaction.namespace, "plan", None) or "2024"
        return self.bot.suggest(current, "indicator", plan)

    @app_commands.command(name="history", description=_(HISTORY.description_en))
    @app_commands.describe(query=_(HISTORY.query_en), plan=_(PLAN.description_en))
    @app_commands.choices(plan=PLAN_CHOICES)
    async def history(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, 200],
        plan: str | None = None,
    ) -> None:
        """Show an indicator's actuals over time, with a chart."""
        await self.bot.answer(interaction, HISTORY, query, plan=plan)

    @history.autocomplete("query")
    async def history_query(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest indicators of the chosen plan."""
        plan = getattr(interaction.namespace, "plan", None) or "2024"
        return self.bot.suggest(current, "indicator", plan)

    @app_commands.command(name="project", description=_(PROJECT.description_en))
    @app_commands.describe(query=_(PROJECT.query_en))
    async def project(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 0, 200] | None = None
    ) -> None:
        """Show a project or a section."""
        await self.bot.answer(interaction, PROJECT, query)

    @project.autocomplete("query")
    async def project_query(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest projects and sections."""
        return self.bot.suggest(current, "project")

    @app_commands.command(name="field", description=_(FIELD.description_en))
    @app_commands.describe(query=_(FIELD.query_en))
    async def field(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 0, 200] | None = None
    ) -> None:
        """Show a priority growth field."""
        await self.bot.answer(interaction, FIELD, query)

    @field.autocomplete("query")
    async def field_query(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest fields."""
        return self.bot.suggest(current, "field")

    @app_commands.command(name="search", description=_(SEARCH.description_en))
    @app_commands.describe(query=_(SEARCH.query_en))
    async def search(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        """Search across everything."""
        await self.bot.answer(interaction, SEARCH, query)

    @app_commands.command(name="overview", description=_(OVERVIEW.description_en))
    async def overview(self, interaction: discord.Interaction) -> None:
        """Show the strategy at a glance."""
        await self.bot.answer(interaction, OVERVIEW, None)

    @app_commands.command(name="help", description=_(HELP.description_en))
    async def help(self, interaction: discord.Interaction) -> None:
        """List every command."""
        await self.bot.answer(interaction, HELP, None)
