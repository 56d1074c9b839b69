"""Views that only their asker may use, and the menu that opens one of several candidates."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord

from bot.exts._send import edit
from bot.render.discord import CHOICES, choice_text
from commands.open import open_candidate
from commands.replies import Candidate

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

MENU_TIMEOUT = 180.0
VIEW_TIMEOUT = 600.0
NOT_YOURS = "この操作は最初にコマンドを実行した人だけが使えます。ご自身でコマンドを実行してください。"
EXPIRED = "この操作は期限が切れました。もう一度コマンドを実行してください。"


HANDLED = "handled_by_view"
EXPIRY_CHECK_DELAY = 0.2  # seconds: a live view claims a press in its first step, long before this


def claim(interaction: discord.Interaction) -> None:
    """Mark a component press as answered by a live view or button, so it is not called expired."""
    interaction.extras[HANDLED] = True


async def answer_if_expired(interaction: discord.Interaction) -> None:
    """Answer a press on a view that no longer listens (timed out, or from before a restart).

    discord.py drops such a press silently and the user sees 「インタラクションに失敗しました」; a
    live view claims the press in the task discord.py starts before this event, so one that is
    still unclaimed (and unanswered) after a moment belongs to no one.
    """
    if interaction.type is not discord.InteractionType.component:
        return
    await asyncio.sleep(EXPIRY_CHECK_DELAY)
    if interaction.extras.get(HANDLED) or interaction.response.is_done():
        return
    try:
        await interaction.response.send_message(EXPIRED, ephemeral=True)
    except discord.HTTPException:
        log.info("Could not answer an expired component press (interaction %s)", interaction.id)


class OwnedView(discord.ui.View):
    """A view only the person who opened it may press; it disables itself when it times out."""

    def __init__(self, owner_id: int, origin: discord.Interaction, timeout: float | None = None) -> None:
        super().__init__(timeout=VIEW_TIMEOUT if timeout is None else timeout)
        self.owner_id = owner_id
        self.origin = origin

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Refuse anyone else, with a note only they see."""
        claim(interaction)
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(NOT_YOURS, ephemeral=True)
        return False

    async def on_timeout(self) -> None:
        """Grey out every control so an expired view is not pressed in vain."""
        for item in self.children:
            if isinstance(item, discord.ui.Button | discord.ui.Select):
                item.disabled = True
        try:
            await self.origin.edit_original_response(view=self)
        except discord.HTTPException:
            log.info("Could not disable an expired view (interaction %s)", self.origin.id)


def option_value(candidate: Candidate) -> str:
    """A select option's value: the candidate's own index, never a command line to parse again."""
    return f"{candidate.kind}|{candidate.plan or ''}|{candidate.key}"[:100]


class CandidateMenu(OwnedView):
    """A select menu of candidates; picking one opens it in place of the question."""

    def __init__(
        self,
        owner_id: int,
        candidates: tuple[Candidate, ...],
        services: Services,
        origin: discord.Interaction,
    ) -> None:
        super().__init__(owner_id, origin, timeout=MENU_TIMEOUT)
        self.services = services
        self.candidates = {option_value(c): c for c in candidates[:CHOICES]}
        self.select: discord.ui.Select[CandidateMenu] = discord.ui.Select(
            placeholder="候補から選んでください",
            options=[
                discord.SelectOption(label=choice_text(c.label or str(c.key)), value=value)
                for value, c in self.candidates.items()
            ],
            custom_id="candidates",
        )
        self.select.callback = self._chosen  # type: ignore[method-assign]
        self.add_item(self.select)

    async def _chosen(self, interaction: discord.Interaction) -> None:
        candidate = self.candidates.get(self.select.values[0]) if self.select.values else None
        if candidate is None:
            await interaction.response.send_message(EXPIRED, ephemeral=True)
            return
        self.stop()
        context = self.services.context(interaction.user)
        reply = await asyncio.to_thread(open_candidate, context, candidate)
        await edit(interaction, reply)


CONFIRM_TIMEOUT = 300.0
CANCELLED = "取り消しました。何も記録・変更していません。"


class ConfirmView(OwnedView):
    """確定 / 取消 for a write the command held back; only the asker may press, and it expires."""

    def __init__(
        self,
        owner_id: int,
        line: str,
        services: Services,
        origin: discord.Interaction,
        choices: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(owner_id, origin, timeout=CONFIRM_TIMEOUT)
        self.services = services
        self.line = line  # our own reply's command line: parsed and checked again like typed text
        self.choices = dict((choices or [])[:CHOICES])  # command line -> label: pick another entry
        if len(self.choices) > 1:
            pick: discord.ui.Select[ConfirmView] = discord.ui.Select(
                placeholder="ほかの記録を選んで取り消す",
                options=[
                    discord.SelectOption(label=choice_text(label), value=str(n))
                    for n, label in enumerate(self.choices.values())
                ],
                custom_id="pick",
            )
            pick.callback = self._picked  # type: ignore[method-assign]
            self.pick = pick
            self.add_item(pick)
        yes: discord.ui.Button[ConfirmView] = discord.ui.Button(
            label="確定", style=discord.ButtonStyle.primary, custom_id="confirm"
        )
        no: discord.ui.Button[ConfirmView] = discord.ui.Button(
            label="取消", style=discord.ButtonStyle.secondary, custom_id="cancel"
        )
        yes.callback = self._confirmed  # type: ignore[method-assign]
        no.callback = self._cancelled  # type: ignore[method-assign]
        self.add_item(yes)
        self.add_item(no)

    async def _confirmed(self, interaction: discord.Interaction) -> None:
        from commands.parse import execute  # the console's parser: the same checks as typed text

        self.stop()
        context = self.services.context(interaction.user)
        reply = await asyncio.to_thread(execute, context, self.line)
        await edit(interaction, reply)

    async def _picked(self, interaction: discord.Interaction) -> None:
        lines = list(self.choices)
        index = int(self.pick.values[0]) if self.pick.values and self.pick.values[0].isdigit() else -1
        if not 0 <= index < len(lines):
            await interaction.response.send_message(EXPIRED, ephemeral=True)
            return
        self.line = lines[index]
        await self._confirmed(interaction)

    async def _cancelled(self, interaction: discord.Interaction) -> None:
        self.stop()
        await interaction.response.edit_message(content=CANCELLED, embeds=[], view=None)
