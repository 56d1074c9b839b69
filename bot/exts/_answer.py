"""The one path from an interaction to a command and back: run it, then send what it said.

Visibility follows the answer.  Errors, refusals and anything meant for the asker alone are
ephemeral, always.  Discord gives the first follow-up after a deferral the deferral's visibility,
so a slow command is first run without its chart: a mistake is then answered privately at once,
and only a real answer is deferred publicly and drawn off the event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import discord

from bot.exts._send import send_one
from bot.exts._views import CandidateMenu, ConfirmView
from bot.render.discord import render
from bot.services import Services
from commands.context import Context
from commands.registry import CommandSpec
from commands.replies import Reply

log = logging.getLogger(__name__)

Call = Callable[[Context], Reply]


async def answer(interaction: discord.Interaction, services: Services, spec: CommandSpec, call: Call) -> None:
    """Run ``call`` for the asker as ``spec`` says (deferred, off the loop, private) and send the reply."""
    user = interaction.user
    if spec.writes or (spec.slow and spec.private):
        await interaction.response.defer(thinking=True, ephemeral=True)
        reply = await asyncio.to_thread(call, services.context(user))
        await send(interaction, reply, services, private=True, deferred_private=True)
        return
    if spec.slow:
        first = call(services.context(user, charts=False))
        if not first.ok:
            await send(interaction, first, services)
            return
        await interaction.response.defer(thinking=True, ephemeral=False)
        reply = await asyncio.to_thread(call, services.context(user))
        await send(interaction, reply, services, deferred_private=False)
        return
    await send(interaction, call(services.context(user)), services, private=spec.private)


def is_private(reply: Reply, private: bool = False) -> bool:
    """Whether only the asker should see the reply: every problem, and whatever is private."""
    return private or reply.ephemeral


async def send(
    interaction: discord.Interaction,
    reply: Reply,
    services: Services,
    *,
    private: bool = False,
    deferred_private: bool | None = None,
    view: discord.ui.View | None = None,
) -> None:
    """Send every message of the reply, with ``view`` or, when it offers candidates, a menu."""
    ephemeral = is_private(reply, private)
    if deferred_private is False and ephemeral:
        # The thinking message is public and would pass its visibility on: remove it first.
        try:
            await interaction.delete_original_response()
        except discord.HTTPException:
            log.warning("Could not remove a public thinking message (interaction %s)", interaction.id)
    messages = render(reply)
    if view is None and reply.status == "ambiguous" and reply.candidates:
        view = CandidateMenu(interaction.user.id, reply.candidates, services, interaction)
    line = (reply.record or {}).get("confirm") if reply.status == "confirm" else None
    if view is None and isinstance(line, str):
        raw = (reply.record or {}).get("choices") or []
        choices = [(str(c["line"]), str(c["label"])) for c in raw if isinstance(c, dict)]
        view = ConfirmView(interaction.user.id, line, services, interaction, choices)
    for index, message in enumerate(messages):
        await send_one(interaction, message, ephemeral, view if index == 0 else None)
