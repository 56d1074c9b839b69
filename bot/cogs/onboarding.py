"""Onboarding for new staff: /tour with page buttons, /quiz with answer buttons, and /glossary."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands as ext

from bot.render_discord import render
from bot.respond import NOT_YOURS, send_reply
from commands.quiz import LETTERS, Quiz, make_quiz, question_reply, quiz, result_reply
from commands.registry import find_command
from commands.tour import PAGES, tour, tour_page

if TYPE_CHECKING:
    from bot.client import StrategyBot

log = logging.getLogger(__name__)

VIEW_TIMEOUT = 600.0
GLOSSARY, TOUR, QUIZ = (find_command(n) for n in ("glossary", "tour", "quiz"))


class OwnedView(discord.ui.View):
    """A view only the person who opened it may press; it disables itself when it times out."""

    def __init__(self, owner_id: int, origin: discord.Interaction) -> None:
        super().__init__(timeout=VIEW_TIMEOUT)
        self.owner_id = owner_id
        self.origin = origin

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Refuse anyone else, with a note only they see."""
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(NOT_YOURS, ephemeral=True)
        return False

    async def on_timeout(self) -> None:
        """Grey out every button so an expired view is not pressed in vain."""
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        try:
            await self.origin.edit_original_response(view=self)
        except discord.HTTPException:
            log.info("Could not disable an expired view (interaction %s)", self.origin.id)


class TourView(OwnedView):
    """前へ / 次へ / 目次 buttons over the tour's pages."""

    def __init__(self, bot: StrategyBot, owner_id: int, origin: discord.Interaction, page: int) -> None:
        super().__init__(owner_id, origin)
        self.bot = bot
        self.page = page
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 1
        self.next.disabled = self.page >= len(PAGES)
        self.contents.disabled = self.page == 0

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        self.page = page
        self._sync_buttons()
        reply = tour_page(self.bot.context(), page)
        await interaction.response.edit_message(embeds=render(reply), view=self)

    @discord.ui.button(label="前へ", style=discord.ButtonStyle.secondary, custom_id="tour:previous")
    async def previous(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        """Go back a page."""
        await self._show(interaction, max(1, self.page - 1))

    @discord.ui.button(label="次へ", style=discord.ButtonStyle.primary, custom_id="tour:next")
    async def next(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        """Go forward a page (from the contents, to page 1)."""
        await self._show(interaction, min(len(PAGES), self.page + 1))

    @discord.ui.button(label="目次", style=discord.ButtonStyle.secondary, custom_id="tour:contents")
    async def contents(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        """Show the table of contents."""
        await self._show(interaction, 0)


class QuizView(OwnedView):
    """Answer buttons A–D; each press moves on, and the last shows the score."""

    def __init__(self, bot: StrategyBot, owner_id: int, origin: discord.Interaction, quiz: Quiz) -> None:
        super().__init__(owner_id, origin)
        self.bot = bot
        self.quiz = quiz
        self.answers: list[int] = []
        self._buttons()

    def _buttons(self) -> None:
        self.clear_items()
        question = self.quiz.questions[len(self.answers)]
        for i, _choice in enumerate(question.choices):
            button = discord.ui.Button(
                label=LETTERS[i], style=discord.ButtonStyle.primary, custom_id=f"quiz:{len(self.answers)}:{i}"
            )
            button.callback = self._answer(i)
            self.add_item(button)

    def _answer(self, choice: int):
        async def callback(interaction: discord.Interaction) -> None:
            self.answers.append(choice)
            ctx = self.bot.context()
            if len(self.answers) == len(self.quiz.questions):
                self.stop()
                reply = result_reply(ctx, self.quiz, self.answers)
                await interaction.response.edit_message(embeds=render(reply), view=None)
                return
            self._buttons()
            reply = question_reply(ctx, self.quiz, len(self.answers))
            await interaction.response.edit_message(embeds=render(reply), view=self)

        return callback


class Onboarding(ext.Cog):
    """Commands that teach the strategy to new staff."""

    def __init__(self, bot: StrategyBot) -> None:
        self.bot = bot

    @app_commands.command(name="tour", description=_(TOUR.description_en))
    @app_commands.describe(page=_(TOUR.query_en))
    async def tour(self, interaction: discord.Interaction, page: app_commands.Range[int, 0, 7] = 0) -> None:
        """Open the guided tour at a page (0 is the contents)."""
        # Discord enforces the option's type and range, but the command checks them again itself.
        reply = tour(self.bot.context(interaction.user), str(page))
        if not reply.ok:
            await send_reply(interaction, reply, self.bot.answer_line)
            return
        view = TourView(self.bot, interaction.user.id, interaction, int(reply.key or 0))
        await interaction.response.send_message(embeds=render(reply), view=view)

    @app_commands.command(name="quiz", description=_(QUIZ.description_en))
    @app_commands.describe(number=_(QUIZ.query_en))
    async def quiz(
        self, interaction: discord.Interaction, number: app_commands.Range[int, 1, 999_999_999] | None = None
    ) -> None:
        """Start a five-question quiz (a number repeats a quiz)."""
        reply = quiz(self.bot.context(interaction.user), "" if number is None else str(number))
        if not reply.ok:
            await send_reply(interaction, reply, self.bot.answer_line)
            return
        game = make_quiz(self.bot.kb, int(reply.record["seed"]))
        view = QuizView(self.bot, interaction.user.id, interaction, game)
        await interaction.response.send_message(embeds=render(reply), view=view)

    @app_commands.command(name="glossary", description=_(GLOSSARY.description_en))
    @app_commands.describe(query=_(GLOSSARY.query_en))
    async def glossary(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 0, 200] | None = None
    ) -> None:
        """Explain a term."""
        await self.bot.answer(interaction, GLOSSARY, query)

    @glossary.autocomplete("query")
    async def glossary_query(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest terms."""
        return self.bot.suggest(current, "term")
