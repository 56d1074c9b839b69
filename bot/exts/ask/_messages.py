"""The one path from a message (a mention of the bot, or a DM) to /ask and back, as replies to it.

Discord delivers the content of exactly these messages without the privileged Message Content
intent, so this is all the bot reads: nothing else in a channel, and nothing is stored.  A reply
never pings anyone, the asker included, and a question deleted before the answer arrives gets the
answer as a plain message rather than an error.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.exts.ask._views import Links, MessageMenu
from bot.render.discord import render
from commands.replies import Reply

if TYPE_CHECKING:
    from bot.services import Services

EXAMPLE = "水素の目標は？"
HELP_TITLE = "質問のしかた"


def question_in(message: discord.Message, me: discord.abc.User) -> str | None:
    """The question a message asks the bot ("" for a bare mention), or None when it is not for the bot.

    Bots (this one included) and webhooks are never answered, so two bots cannot talk forever.
    """
    if message.author.bot or message.webhook_id is not None or message.author.id == me.id:
        return None
    if message.guild is None:
        if not isinstance(message.channel, discord.DMChannel):
            return None
    elif not any(user.id == me.id for user in message.mentions):
        return None  # @everyone and role mentions are not questions for the bot
    return re.sub(rf"<@!?{me.id}>", "", message.content).strip()


def how_to_ask(message: discord.Message, me: discord.abc.User) -> Reply:
    """What a mention without a question gets: how to ask, in a guild with the bot's name as shown there."""
    if message.guild is None:
        how = f"{EXAMPLE} のように質問してください。"
    else:
        name = message.guild.me.display_name if message.guild.me else me.display_name
        how = f"@{name} {EXAMPLE} のように質問してください。"
    return Reply(
        status="ok", kind="help", title=HELP_TITLE, lines=(f"{how}/help でコマンドの一覧を表示します。",)
    )


async def reply_to(
    message: discord.Message, reply: Reply, services: Services, links: Links
) -> list[discord.Message]:
    """Send every message of the reply as a reply to ``message``: candidates get a menu, links buttons."""
    view: discord.ui.View | None
    if reply.status == "ambiguous" and reply.candidates:
        menu = MessageMenu(message.author.id, reply.candidates, services)
        view = menu
    else:
        menu, view = None, links.view(reply)
    reference = message.to_reference(fail_if_not_exists=False)
    quiet = discord.AllowedMentions.none()
    sent: list[discord.Message] = []
    for index, page in enumerate(render(reply)):
        # the view goes on the first page only; discord.py's types take no view=None
        components: dict[str, Any] = {"view": view} if index == 0 and view is not None else {}
        sent.append(
            await message.channel.send(
                embeds=page.embeds,
                files=page.discord_files(),
                **components,
                reference=reference,
                allowed_mentions=quiet,
                mention_author=False,
            )
        )
    if menu is not None and sent:
        menu.sent = sent[0]
    return sent
