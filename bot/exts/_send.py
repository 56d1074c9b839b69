"""Putting rendered messages on Discord: a first response or a follow-up, and editing a component's message."""

from __future__ import annotations

import discord

from bot.render.discord import Message, render
from commands.replies import Reply


async def send_one(
    interaction: discord.Interaction, message: Message, ephemeral: bool, view: discord.ui.View | None
) -> None:
    """Send one message: the first response if none was given yet, else a follow-up."""
    files = message.discord_files()
    if not interaction.response.is_done():
        if view is not None:
            await interaction.response.send_message(
                embeds=message.embeds, files=files, ephemeral=ephemeral, view=view
            )
        else:
            await interaction.response.send_message(embeds=message.embeds, files=files, ephemeral=ephemeral)
        return
    if view is not None:
        await interaction.followup.send(embeds=message.embeds, files=files, ephemeral=ephemeral, view=view)
    else:
        await interaction.followup.send(embeds=message.embeds, files=files, ephemeral=ephemeral)


async def edit(interaction: discord.Interaction, reply: Reply, view: discord.ui.View | None = None) -> None:
    """Replace the message a component belongs to with the reply (further pages follow it)."""
    messages = render(reply)
    first, rest = messages[0], messages[1:]
    await interaction.response.edit_message(embeds=first.embeds, attachments=first.discord_files(), view=view)
    ephemeral = bool(interaction.message and interaction.message.flags.ephemeral)
    for message in rest:
        await interaction.followup.send(
            embeds=message.embeds, files=message.discord_files(), ephemeral=ephemeral
        )
