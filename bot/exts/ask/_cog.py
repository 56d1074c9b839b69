"""/ask, and the same question asked by mentioning the bot or writing to it in a DM."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import discord
from discord import app_commands
from discord.ext import commands as ext

from bot.errors import APOLOGY
from bot.exts import _meta as meta
from bot.exts._answer import answer
from bot.exts.ask._messages import how_to_ask, question_in, reply_to
from bot.exts.ask._views import Links
from bot.services import Services
from commands.ask import ask
from commands.context import Context
from commands.registry import ASK
from commands.replies import Reply, problem

log = logging.getLogger(__name__)


class Ask(ext.Cog):
    """Questions in plain Japanese, by slash command, mention or DM; each calls ask() and nothing else."""

    def __init__(self, services: Services, me: Callable[[], discord.ClientUser | None]) -> None:
        self.services = services
        self.me = me  # the bot's own user, once logged in
        self.links = Links(services)

    @app_commands.command(name=meta.name(ASK), description=meta.description(ASK))
    @app_commands.rename(**meta.renames(ASK))
    @app_commands.describe(**meta.describes(ASK))
    async def ask(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        """Answer a question, with a button for each command the answer links to."""
        answered: list[Reply] = []

        def call(ctx: Context) -> Reply:
            answered.append(ask(ctx, query))
            return answered[-1]

        await answer(interaction, self.services, ASK, call)
        if not answered or answered[-1].status == "ambiguous":
            return  # a menu of candidates, not links
        view = self.links.view(answered[-1])
        if view is None:
            return
        try:
            await interaction.edit_original_response(view=view)
        except discord.HTTPException:
            log.warning("Could not add link buttons to /ask (interaction %s)", interaction.id)

    @ext.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a message that mentions the bot, or any message in a DM, with a reply to it."""
        me = self.me()
        question = None if me is None else question_in(message, me)
        if me is None or question is None:
            return
        try:
            if not question:
                reply = how_to_ask(message, me)
            else:
                reply = await self._answer(message, question)
            await reply_to(message, reply, self.services, self.links)
        except discord.HTTPException as error:
            log.warning(
                "Could not answer message %s in channel %s: %s", message.id, message.channel.id, error
            )
        except Exception:
            log.exception("Unhandled error answering message %s", message.id)
            await self._apologise(message)

    async def _answer(self, message: discord.Message, question: str) -> Reply:
        """ask() for the author, through the registry's checks; off the event loop when it is slow."""
        context = self.services.context(message.author)
        if ASK.slow:
            async with message.channel.typing():
                return await asyncio.to_thread(ask, context, question)
        return ask(context, question)

    async def _apologise(self, message: discord.Message) -> None:
        try:
            await reply_to(
                message,
                problem("invalid", "answer", APOLOGY.format(id=message.id)),
                self.services,
                self.links,
            )
        except discord.HTTPException:
            log.warning("Could not apologise for message %s", message.id)
