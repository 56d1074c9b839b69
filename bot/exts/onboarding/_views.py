"""The tour's page buttons and the quiz's answer buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import discord

from bot.exts._send import edit
from bot.exts._views import OwnedView
from bot.services import Services
from commands.quiz import LETTERS, Quiz, answer_reply
from commands.tour import tour_page


class TourView(OwnedView):
    """前へ / 次へ / 目次 buttons over the tour's pages."""

    def __init__(
        self, services: Services, owner_id: int, origin: discord.Interaction, page: int, total: int
    ) -> None:
        super().__init__(owner_id, origin)
        self.services = services
        self.page = page
        self.total = total  # the pages the plan in force has (a plan without front matter has fewer)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.page <= 1
        self.next.disabled = self.page >= self.total
        self.contents.disabled = self.page == 0

    async def _show(self, interaction: discord.Interaction, page: int) -> None:
        reply = tour_page(self.services.context(interaction.user), page)
        record = reply.record or {}
        self.page, self.total = int(record.get("page", page)), int(record.get("total", self.total))
        self._sync_buttons()
        await edit(interaction, reply, view=self)

    @discord.ui.button(label="前へ", style=discord.ButtonStyle.secondary, custom_id="tour:previous")
    async def previous(self, interaction: discord.Interaction, _button: discord.ui.Button[TourView]) -> None:
        """Go back a page."""
        await self._show(interaction, max(1, self.page - 1))

    @discord.ui.button(label="次へ", style=discord.ButtonStyle.primary, custom_id="tour:next")
    async def next(self, interaction: discord.Interaction, _button: discord.ui.Button[TourView]) -> None:
        """Go forward a page (from the contents, to page 1)."""
        await self._show(interaction, min(self.total, self.page + 1))

    @discord.ui.button(label="目次", style=discord.ButtonStyle.secondary, custom_id="tour:contents")
    async def contents(self, interaction: discord.Interaction, _button: discord.ui.Button[TourView]) -> None:
        """Show the table of contents."""
        await self._show(interaction, 0)


class QuizView(OwnedView):
    """Answer buttons A–D; each press shows the verdict with the next question, and the last the score."""

    def __init__(self, services: Services, owner_id: int, origin: discord.Interaction, quiz: Quiz) -> None:
        super().__init__(owner_id, origin)
        self.services = services
        self.quiz = quiz
        self.answers: list[int] = []
        self._buttons()

    def _buttons(self) -> None:
        self.clear_items()
        question = self.quiz.questions[len(self.answers)]
        for i, _choice in enumerate(question.choices):
            button: discord.ui.Button[QuizView] = discord.ui.Button(
                label=LETTERS[i], style=discord.ButtonStyle.primary, custom_id=f"quiz:{len(self.answers)}:{i}"
            )
            button.callback = self._answer(i)  # type: ignore[method-assign,assignment]
            self.add_item(button)

    def _answer(self, choice: int) -> Callable[[discord.Interaction], Awaitable[None]]:
        async def callback(interaction: discord.Interaction) -> None:
            self.answers.append(choice)
            reply = answer_reply(self.services.context(interaction.user), self.quiz, self.answers)
            if len(self.answers) == len(self.quiz.questions):
                self.stop()
                await edit(interaction, reply)
                return
            self._buttons()
            await edit(interaction, reply, view=self)

        return callback
