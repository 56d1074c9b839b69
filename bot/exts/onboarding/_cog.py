"""Commands that teach the strategy to new staff."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands as ext

from bot.exts import _meta as meta
from bot.exts._answer import answer, send
from bot.exts._meta import Choices
from bot.exts.onboarding._views import QuizView, TourView
from bot.services import Services
from commands.glossary import glossary
from commands.quiz import make_quiz, quiz
from commands.registry import GLOSSARY, QUIZ, QUIZ_NUMBERS, TOUR
from commands.tour import tour


class Onboarding(ext.Cog):
    """/tour, /quiz and /glossary."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name=meta.name(TOUR), description=meta.description(TOUR))
    @app_commands.rename(**meta.renames(TOUR))
    @app_commands.describe(**meta.describes(TOUR))
    async def tour(self, interaction: discord.Interaction, page: int | None = None) -> None:
        """Open the guided tour at a page (0 or none is the contents)."""
        reply = tour(self.services.context(interaction.user), page)
        if not reply.ok:
            await send(interaction, reply, self.services)
            return
        total = int(reply.record["total"]) if reply.record else 0
        view = TourView(self.services, interaction.user.id, interaction, int(reply.key or 0), total)
        await send(interaction, reply, self.services, view=view)

    @app_commands.command(name=meta.name(QUIZ), description=meta.description(QUIZ))
    @app_commands.rename(**meta.renames(QUIZ))
    @app_commands.describe(**meta.describes(QUIZ))
    async def quiz(
        self,
        interaction: discord.Interaction,
        number: app_commands.Range[int, QUIZ_NUMBERS.start, QUIZ_NUMBERS[-1]] | None = None,
    ) -> None:
        """Start a quiz (a number repeats a quiz)."""
        reply = quiz(self.services.context(interaction.user), number)
        if not reply.ok or reply.record is None:
            await send(interaction, reply, self.services)
            return
        game = make_quiz(self.services.kb, str(reply.record["plan"]), int(reply.record["seed"]))
        view = QuizView(self.services, interaction.user.id, interaction, game)
        await send(interaction, reply, self.services, view=view)

    @app_commands.command(name=meta.name(GLOSSARY), description=meta.description(GLOSSARY))
    @app_commands.rename(**meta.renames(GLOSSARY))
    @app_commands.describe(**meta.describes(GLOSSARY))
    async def glossary(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 0, 200] | None = None
    ) -> None:
        """Explain a term."""
        await answer(interaction, self.services, GLOSSARY, lambda ctx: glossary(ctx, query))

    @glossary.autocomplete("query")
    async def glossary_query(self, interaction: discord.Interaction, current: str) -> Choices:
        """Suggest terms."""
        return self.services.suggest(current, "term")
