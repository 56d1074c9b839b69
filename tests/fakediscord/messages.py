"""Users' messages as MESSAGE_CREATE, and how much of a message the bot may read without privileged intents.

What the fake models, after Discord's gateway and Message Content intent documentation:

- **Which events arrive.** A guild message reaches the bot only with GUILD_MESSAGES (1 << 9), a DM only
  with DIRECT_MESSAGES (1 << 12); without the intent no MESSAGE_CREATE is sent at all. The bot's own
  posts come back the same way.
- **What they carry without MESSAGE_CONTENT** (1 << 15, privileged). The event arrives, but
  ``content``, ``embeds``, ``attachments`` and ``components`` are empty (and ``poll`` is gone), except
  for a message in a DM with the bot, a message that mentions the bot (the bot is in ``mentions``)
  and the bot's own messages. An @everyone or a role mention is not a mention of the bot.
- **Mentions** are parsed from the content as Discord does for a user: ``<@id>`` and ``<@!id>`` of a
  known user, ``<@&id>`` of a role of the guild, and @everyone/@here only when the author may mention
  everyone. In a guild, each mentioned member and the author carry a partial ``member``.
- **What a user can send.** At most 4000 characters (Nitro; 2000 without), and never nothing: content
  or an attachment. ``unchecked=True`` sends what no real client could, to test the bot's own checks.
- **Other authors.** A bot user's messages and a webhook's (``webhook_id`` set, author ``bot: true``)
  arrive like anyone's; a bot cannot open a DM with another bot.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import discord

from . import interactions as ix_mod
from .gateway import INTENT_DIRECT_MESSAGES, INTENT_GUILD_MESSAGES, INTENT_MESSAGE_CONTENT
from .limits import USER_CONTENT_MAX
from .world import Channel, DMChannel, Guild, Member, User, iso, snowflake_time

MENTION_EVERYONE = discord.Permissions(mention_everyone=True).value
WITHHELD = ("content", "embeds", "attachments", "components")  # emptied without MESSAGE_CONTENT


@dataclass
class Posted:
    """A user's message: as Discord stores it, and as the bot received it (None: its intents exclude it)."""

    message: dict[str, Any]
    delivered: dict[str, Any] | None

    @property
    def id(self) -> int:
        """The message id."""
        return int(self.message["id"])


def may_read(intents: int, message: dict[str, Any], bot_id: int) -> bool:
    """Whether the bot sees the content of a message: with MESSAGE_CONTENT, or in a DM, mentioned, or its own."""
    if intents & INTENT_MESSAGE_CONTENT or not message.get("guild_id"):
        return True
    if message["author"]["id"] == str(bot_id):
        return True
    return any(m["id"] == str(bot_id) for m in message.get("mentions", []))


class MessageDriver:
    """FakeDiscord methods that post users' messages and deliver messages over the gateway."""

    @property
    def bot_mention(self) -> str:
        """How a user's client writes a mention of the bot in content."""
        return f"<@{self.world.bot.id}>"

    async def post(
        self,
        content: str = "",
        *,
        user: User | Member | int | str = "bob",
        channel: Channel | int | str | None = None,
        guild: Guild | int | None = None,
        attachments: Sequence[str] = (),
        unchecked: bool = False,
    ) -> Posted:
        """A member writes in a guild channel (mention the bot with ``fake.bot_mention`` in the content)."""
        target = self._resolve_guild(guild)
        where = self._resolve_channel(target, channel)
        author = ix_mod.resolve_user(self.world.users, user)
        target.member(author)  # KeyError unless the author is a member, as only members can write
        permissions = target.permissions_for(target.member(author))
        return await self._user_message(where, author.payload(), content, attachments, unchecked, permissions)

    async def post_dm(
        self,
        content: str = "",
        *,
        user: User | Member | int | str = "bob",
        attachments: Sequence[str] = (),
        unchecked: bool = False,
    ) -> Posted:
        """A user writes to the bot in their DM channel with it (type 1, opened on first use)."""
        author = ix_mod.resolve_user(self.world.users, user)
        if author.bot:
            raise ValueError("bots cannot open DMs with other bots (Discord answers 50007)")
        channel = self.world.dm(author)
        return await self._user_message(channel, author.payload(), content, attachments, unchecked, 0)

    async def post_webhook(
        self,
        content: str,
        *,
        name: str = "Webhook",
        channel: Channel | int | str | None = None,
        guild: Guild | int | None = None,
    ) -> Posted:
        """A channel webhook posts (an integration, an RSS feed); it may mention anyone it likes."""
        where = self._resolve_channel(self._resolve_guild(guild), channel)
        hook_id = self.snowflake()
        author = {"id": str(hook_id), "username": name, "avatar": None, "discriminator": "0000", "bot": True}
        posted = await self._user_message(
            where, author, content, (), False, MENTION_EVERYONE, webhook=hook_id
        )
        return posted

    def replies_to(self, message_id: int) -> list[dict[str, Any]]:
        """The messages that reply to ``message_id`` (carry it as ``message_reference``), oldest first."""
        found = [
            m
            for m in self.messages.values()
            if (m.get("message_reference") or {}).get("message_id") == str(message_id)
        ]
        return sorted(found, key=lambda m: int(m["id"]))

    # -- building and delivering ----------------------------------------------------------------

    async def _user_message(
        self,
        channel: Channel | DMChannel,
        author: dict[str, Any],
        content: str,
        attachments: Sequence[str],
        unchecked: bool,
        permissions: int,
        webhook: int | None = None,
    ) -> Posted:
        if not unchecked:
            if len(content) > USER_CONTENT_MAX:
                raise ValueError(f"a user can send at most {USER_CONTENT_MAX} characters, not {len(content)}")
            if not content and not attachments:
                raise ValueError("a user cannot send an empty message")
        message_id = self.snowflake()
        guild = self.world.find_guild(channel.guild_id) if isinstance(channel, Channel) else None
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel.id),
            "type": 0,
            "content": content,
            "author": author,
            "embeds": [],
            "components": [],
            "attachments": [
                {"id": str(self.snowflake()), "filename": n, "size": 0, "url": "", "proxy_url": ""}
                for n in attachments
            ],
            "pinned": False,
            "tts": False,
            "timestamp": iso(snowflake_time(message_id)),
            "edited_timestamp": None,
            "flags": 0,
        }
        if guild is not None:
            message["guild_id"] = str(guild.id)
        if webhook is not None:
            message["webhook_id"] = str(webhook)
        message |= self._parsed_mentions(content, guild, permissions)
        self.messages[message_id] = message
        return Posted(message, await self._deliver(message))

    def _parsed_mentions(self, content: str, guild: Guild | None, permissions: int) -> dict[str, Any]:
        """A user's mentions as Discord parses them: users always, roles of the guild, everyone if allowed."""
        user_ids = set(re.findall(r"<@!?(\d+)>", content))
        role_ids = set(re.findall(r"<@&(\d+)>", content)) if guild else set()
        roles = [r for r in guild.roles if str(r.id) in role_ids] if guild else []
        everyone = bool(guild and permissions & MENTION_EVERYONE and re.search(r"@(everyone|here)", content))
        return {
            "mentions": [u.payload() for u in self.world.users if str(u.id) in user_ids],
            "mention_roles": [str(r.id) for r in roles],
            "mention_everyone": everyone,
        }

    async def _deliver(self, message: dict[str, Any]) -> dict[str, Any] | None:
        """Send MESSAGE_CREATE if the session's intents ask for it, withholding what they do not cover."""
        session = self.gateway.session
        guild_id = message.get("guild_id")
        needed = INTENT_GUILD_MESSAGES if guild_id else INTENT_DIRECT_MESSAGES
        if session is None or not session.intents & needed:
            return None
        event = copy.deepcopy(message)
        guild = self.world.find_guild(int(guild_id)) if guild_id else None
        if guild is not None:
            if (member := self._partial_member(guild, event["author"]["id"])) is not None:
                event["member"] = member
            for mention in event.get("mentions", []):
                if (member := self._partial_member(guild, mention["id"])) is not None:
                    mention["member"] = member
        if not may_read(session.intents, message, self.world.bot.id):
            for key in WITHHELD:
                event[key] = "" if key == "content" else []
            event.pop("poll", None)
        await self.gateway.dispatch("MESSAGE_CREATE", event)
        return event

    @staticmethod
    def _partial_member(guild: Guild, user_id: str) -> dict[str, Any] | None:
        """A member object without its user, as MESSAGE_CREATE carries it; None for non-members (webhooks)."""
        try:
            member = guild.member(int(user_id))
        except KeyError:
            return None
        data = guild.member_payload(member)
        data.pop("user", None)
        return data
