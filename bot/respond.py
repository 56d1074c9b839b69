"""Send a command's Reply to Discord: embeds, ephemeral for mistakes, a menu for ambiguity."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

import discord

from bot.render_discord import render
from commands.replies import Candidate, Reply

log = logging.getLogger(__name__)

MENU_TIMEOUT = 180.0
NOT_YOURS = "この選択肢は質問した人だけが使えます。ご自身でコマンドを実行してください。"


def _option(c: Candidate) -> discord.SelectOption:
    value = f"{c.kind}|{c.plan or ''}|{c.key}"
    return discord.SelectOption(label=c.label[:100] or str(c.key), value=value[:100])


def candidate_line(value: str) -> str:
    """The command line that opens a candidate chosen from the menu."""
    kind, plan, key = value.split("|", 2)
    command = {"indicator": "indicator", "project": "project", "section": "project", "field": "field"}.get(
        kind, "search"
    )
    return f"/{command} {key}" + (f" plan:{plan}" if plan and plan != "2024" else "")


class CandidateMenu(discord.ui.View):
    """A select menu of candidates that only the person who asked may use."""

    def __init__(
        self, owner_id: int, candidates: tuple[Candidate, ...], answer: Callable[[str], Reply]
    ) -> None:
        super().__init__(timeout=MENU_TIMEOUT)
        self.owner_id = owner_id
        self.answer = answer
        self.origin: discord.Interaction | None = None
        self.select = discord.ui.Select(
            placeholder="候補から選んでください",
            options=[_option(c) for c in candidates[:25]],
            custom_id="candidates",
        )
        self.select.callback = self._chosen
        self.add_item(self.select)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Refuse anyone but the person who asked, with an explanation only they see."""
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(NOT_YOURS, ephemeral=True)
        return False

    async def _chosen(self, interaction: discord.Interaction) -> None:
        reply = self.answer(candidate_line(self.select.values[0]))
        self.stop()
        await interaction.response.edit_message(embeds=render(reply), view=None)

    async def on_timeout(self) -> None:
        """Disable the menu once it expires, so nobody clicks a dead control."""
        self.select.disabled = True
        if self.origin is not None:
            try:
                await self.origin.edit_original_response(view=self)
            except discord.HTTPException:
                log.info("Could not disable an expired menu (interaction %s)", self.origin.id)


async def send_reply(
    interaction: discord.Interaction, reply: Reply, answer: Callable[[str], Reply], private: bool = False
) -> None:
    """Send a reply as embeds (only to the asker when private or a mistake); menus for ambiguity."""
    embeds = render(reply)
    menu = None
    if reply.status == "ambiguous" and reply.candidates:
        menu = CandidateMenu(interaction.user.id, reply.candidates, answer)
        menu.origin = interaction
    kwargs: dict = {"embeds": embeds, "ephemeral": reply.ephemeral or private}
    if menu is not None:
        kwargs["view"] = menu
    if reply.files:
        kwargs["files"] = [discord.File(io.BytesIO(content), filename=name) for name, content in reply.files]
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)
