"""Buttons that open an answer's follow-up commands, and the candidate menu on a reply to a message.

A link button carries its command line in its ``custom_id`` (a ``DynamicItem``), so it keeps working
after a restart and never expires.  Anyone may press it: it runs the read-only command for the
person who pressed it and answers only them.  The line came from our own reply, but a modified
client can send any ``custom_id``, so it is parsed and checked like typed text, and a command that
writes or needs an editor is refused.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import TYPE_CHECKING, Any, Self

import discord

from bot.exts._answer import answer, send
from bot.exts._views import CandidateMenu, claim
from bot.render.discord import cut
from commands.parse import execute, parse
from commands.replies import Candidate, Reply, problem

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

PREFIX = "ask:open:"
# Discord's limits for buttons: a custom_id of 100 characters, a label of 80, five to a row.
CUSTOM_ID, LABEL, PER_ROW = 100, 80, 5
READ_ONLY = "このボタンからは閲覧用のコマンドだけを実行できます。"

LinkItem = discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]]


TEMPLATE = re.escape(PREFIX) + r"(?P<line>.+)"


class LinkButton(LinkItem, template=TEMPLATE):
    """A button that opens one command line; ``Links`` binds it to the bot's services."""

    def __init__(self, line: str, label: str = "") -> None:
        button: discord.ui.Button[discord.ui.View] = discord.ui.Button(
            label=cut(label or line, LABEL),
            style=discord.ButtonStyle.secondary,
            custom_id=PREFIX + line,
        )
        super().__init__(button)
        self.line = line

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        """Rebuild the button from a press (after a restart too)."""
        claim(interaction)
        return cls(match["line"], getattr(item, "label", None) or "")


class Links:
    """The link buttons of one bot: they open a command line for whoever presses them."""

    def __init__(self, services: Services) -> None:
        self.services = services
        links = self

        class Bound(LinkButton, template=TEMPLATE):
            async def callback(self, interaction: discord.Interaction) -> None:
                await links.open(interaction, self.line)

        self.button: type[LinkButton] = Bound  # registered with add_dynamic_items

    def view(self, reply: Reply) -> discord.ui.View | None:
        """A row of buttons for the reply's links (those that fit a custom_id), or None if there are none."""
        buttons = [
            self.button(line, label) for label, line in reply.links if len(PREFIX + line) <= CUSTOM_ID
        ][:PER_ROW]
        if not buttons:
            return None
        view = discord.ui.View(timeout=None)
        for button in buttons:
            view.add_item(button)
        return view

    async def open(self, interaction: discord.Interaction, line: str) -> None:
        """Run the read-only command ``line`` for the presser, and show the answer to them alone."""
        parsed = parse(line)
        if isinstance(parsed, Reply):
            await send(interaction, parsed, self.services, private=True)
            return
        spec = parsed.spec
        if spec.writes or spec.editor_only:
            log.info("Refused a link button for /%s (user %s)", spec.name, interaction.user.id)
            await send(interaction, problem("forbidden", spec.kind, READ_ONLY), self.services, private=True)
            return
        private = dataclasses.replace(spec, private=True)
        await answer(interaction, self.services, private, lambda ctx: execute(ctx, line))


class MessageMenu(CandidateMenu):
    """The candidate menu on a reply to a message: it has no interaction, so it greys out its own message."""

    def __init__(self, owner_id: int, candidates: tuple[Candidate, ...], services: Services) -> None:
        # CandidateMenu only uses its origin to disable itself on timeout, which this class does itself.
        super().__init__(owner_id, candidates, services, origin=None)  # type: ignore[arg-type]
        self.sent: discord.Message | None = None

    async def on_timeout(self) -> None:
        """Grey out the menu on the message it was sent with."""
        for item in self.children:
            if isinstance(item, discord.ui.Select):
                item.disabled = True
        if self.sent is None:
            return
        try:
            await self.sent.edit(view=self)
        except discord.HTTPException:
            log.info("Could not disable an expired menu (message %s)", self.sent.id)
