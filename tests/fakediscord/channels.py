"""REST routes for channels, messages and guilds, and the message objects the fake stores.

Replies: a ``message_reference`` must name a message of the same channel. If it does not, Discord
answers 400 50035 ``MESSAGE_REFERENCE_UNKNOWN_MESSAGE`` (a violation here), unless the reference says
``fail_if_not_exists: false``, when the message is sent as a plain one (type 0, no reference). A reply
(type 19) pings the replied-to author only when ``allowed_mentions`` is absent or has
``replied_user: true``; ``mentions`` shows who was pinged.

Content: Discord trims whitespace at the ends of a message's content (on create and edit), so what
history and GET return may differ at the ends from what the bot sent; content of whitespace alone
is no content.

Nonces: with ``enforce_nonce`` a second create with the same nonce returns the first message. The
nonce is not stored: the create's answer and the MESSAGE_CREATE event carry it, history and GET do not.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from . import interactions as ix_mod
from .interactions import LOADING, FakeInteraction
from .limits import Errors, is_empty_message, message_errors
from .records import RequestRecord, error_response, json_response
from .world import Channel, DMChannel, Guild, iso, snowflake_time


class ChannelRoutes:
    """FakeDiscord handlers for /channels/... and /guilds/..., plus message building shared with webhooks."""

    # -- channels and messages ------------------------------------------------------------------

    def _channel(self, channel_id: str) -> Channel | DMChannel | web.Response:
        cid = int(channel_id)
        if cid in self._channel_errors:
            return error_response(*self._channel_errors[cid])
        channel = self.world.find_channel(cid) or self.world.find_dm(cid)
        if channel is None:
            return error_response(404, 10003, "Unknown Channel")
        return channel

    async def _get_channel(self, record: RequestRecord, channel_id: str) -> web.Response:
        channel = self._channel(channel_id)
        if isinstance(channel, web.Response):
            return channel
        return json_response(channel.payload())

    async def _post_message(self, record: RequestRecord, channel_id: str) -> web.Response:
        channel = self._channel(channel_id)
        if isinstance(channel, web.Response):
            return channel
        data = record.json or {}
        if is_empty_message(data):
            return self._violation("empty_message", record, 400, 50006, "Cannot send an empty message")
        errors = message_errors(data)
        if errors:
            return self._violation("invalid_message", record, 400, 50035, "Invalid Form Body", errors)
        nonce = data.get("nonce")
        # With enforce_nonce (sent by discord.py since 2.5) Discord returns the earlier message, not a copy.
        if nonce is not None and data.get("enforce_nonce"):
            existing = self._nonces.get((channel.id, str(nonce)))
            if existing is not None and existing in self.messages:
                return json_response({**self.messages[existing], "nonce": nonce})
        replied = self._replied(channel, data.get("message_reference"))
        if isinstance(replied, Errors):
            return self._violation("unknown_reference", record, 400, 50035, "Invalid Form Body", replied)
        message_type = 19 if replied is not None else 0
        message = self._new_message(channel.id, data, message_type=message_type, replied=replied)
        if nonce is not None:
            self._nonces[(channel.id, str(nonce))] = int(message["id"])
        # Discord does not keep the nonce: only the create's answer and its MESSAGE_CREATE carry it,
        # never the message as history or GET returns it (so it cannot mark a message for later).
        created = {**message, "nonce": nonce} if nonce is not None else message
        await self._deliver(created)  # the bot's own post comes back over the gateway, as on Discord
        return json_response(created)

    def _replied(
        self, channel: Channel | DMChannel, reference: dict[str, Any] | None
    ) -> dict[str, Any] | Errors | None:
        """The message a reply refers to; None for no reply; Errors when it must fail."""
        if not reference:
            return None
        target = self.messages.get(int(reference.get("message_id") or 0))
        same_channel = target is not None and target["channel_id"] == str(channel.id)
        if same_channel and not target["flags"] & ix_mod.EPHEMERAL:
            return target
        if reference.get("fail_if_not_exists", True) is False:
            return None  # sent as a plain message
        errors = Errors()
        errors.add(("message_reference",), "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message")
        return errors

    async def _history(self, record: RequestRecord, channel_id: str) -> web.Response:
        channel = self._channel(channel_id)
        if isinstance(channel, web.Response):
            return channel
        query = record.query
        limit = int(query.get("limit", 50))
        if not 1 <= limit <= 100:
            errors = Errors()
            errors.add(("limit",), "NUMBER_TYPE_MAX", "int value should be between 1 and 100.")
            return error_response(400, 50035, "Invalid Form Body", errors)
        newest_first = self.channel_messages(channel.id)[::-1]
        if "before" in query:
            picked = [m for m in newest_first if int(m["id"]) < int(query["before"])][:limit]
        elif "after" in query:
            # The `limit` messages right after `after`, still returned newest first.
            oldest_first = [m for m in newest_first[::-1] if int(m["id"]) > int(query["after"])]
            picked = oldest_first[:limit][::-1]
        elif "around" in query:
            around = int(query["around"])
            older = [m for m in newest_first if int(m["id"]) <= around][: (limit + 1) // 2]
            newer = [m for m in newest_first[::-1] if int(m["id"]) > around][: limit // 2]
            picked = newer[::-1] + older
        else:
            picked = newest_first[:limit]
        return json_response(picked)

    def _channel_message(self, channel_id: str, message_id: str) -> dict[str, Any] | web.Response:
        channel = self._channel(channel_id)
        if isinstance(channel, web.Response):
            return channel
        message = self.messages.get(int(message_id))
        if message is None or message["channel_id"] != channel_id or message["flags"] & ix_mod.EPHEMERAL:
            return error_response(404, 10008, "Unknown Message")
        return message

    async def _get_message(self, record: RequestRecord, channel_id: str, message_id: str) -> web.Response:
        message = self._channel_message(channel_id, message_id)
        return message if isinstance(message, web.Response) else json_response(message)

    async def _edit_message(self, record: RequestRecord, channel_id: str, message_id: str) -> web.Response:
        message = self._channel_message(channel_id, message_id)
        if isinstance(message, web.Response):
            return message
        if message["author"]["id"] != str(self.world.bot.id):
            return error_response(403, 50005, "Cannot edit a message authored by another user")
        data = record.json or {}
        errors = message_errors(data)
        if errors:
            return self._violation("invalid_edit", record, 400, 50035, "Invalid Form Body", errors)
        self._apply_edit(message, data)
        return json_response(message)

    async def _delete_message(self, record: RequestRecord, channel_id: str, message_id: str) -> web.Response:
        message = self._channel_message(channel_id, message_id)
        if isinstance(message, web.Response):
            return message
        del self.messages[int(message["id"])]
        return web.Response(status=204)

    async def _typing(self, record: RequestRecord, channel_id: str) -> web.Response:
        channel = self._channel(channel_id)
        return channel if isinstance(channel, web.Response) else web.Response(status=204)

    # -- guilds ---------------------------------------------------------------------------------

    def _guild(self, guild_id: str) -> Guild | web.Response:
        guild = self.world.find_guild(int(guild_id))
        return guild if guild is not None else error_response(404, 10004, "Unknown Guild")

    async def _get_guild(self, record: RequestRecord, guild_id: str) -> web.Response:
        guild = self._guild(guild_id)
        if isinstance(guild, web.Response):
            return guild
        payload = guild.create_payload(all_members=False, missing_channels=self.missing_channels)
        for key in ("channels", "members", "threads", "voice_states", "presences", "joined_at", "large"):
            payload.pop(key, None)
        return json_response(payload)

    async def _get_guild_channels(self, record: RequestRecord, guild_id: str) -> web.Response:
        guild = self._guild(guild_id)
        if isinstance(guild, web.Response):
            return guild
        return json_response([c.payload() for c in guild.channels if c.id not in self.missing_channels])

    async def _get_guild_roles(self, record: RequestRecord, guild_id: str) -> web.Response:
        guild = self._guild(guild_id)
        return guild if isinstance(guild, web.Response) else json_response([r.payload() for r in guild.roles])

    async def _get_member(self, record: RequestRecord, guild_id: str, user_id: str) -> web.Response:
        guild = self._guild(guild_id)
        if isinstance(guild, web.Response):
            return guild
        try:
            member = guild.member(int(user_id))
        except KeyError:
            return error_response(404, 10007, "Unknown Member")
        return json_response(guild.member_payload(member))

    # -- message objects ------------------------------------------------------------------------

    def _new_message(
        self,
        channel_id: int,
        data: dict[str, Any],
        *,
        message_type: int,
        flags: int = 0,
        interaction: FakeInteraction | None = None,
        replied: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        message_id = self.snowflake()
        channel = self.world.find_channel(channel_id)
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "type": message_type,
            "content": "",
            "author": self.world.bot.payload(),
            "embeds": [],
            "components": [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": bool(data.get("tts")),
            "timestamp": iso(snowflake_time(message_id)),
            "edited_timestamp": None,
            "flags": flags,
        }
        if channel is not None:
            message["guild_id"] = str(channel.guild_id)
        if replied is not None:
            message["message_reference"] = {
                "type": 0,
                "message_id": replied["id"],
                "channel_id": replied["channel_id"],
            } | ({"guild_id": replied["guild_id"]} if replied.get("guild_id") else {})
            message["referenced_message"] = {k: v for k, v in replied.items() if k != "referenced_message"}
        if interaction is not None:
            message["application_id"] = str(self.world.application_id)
            message["webhook_id"] = str(self.world.application_id)
            invoker = (interaction.payload.get("member") or interaction.payload)["user"]
            message["interaction_metadata"] = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": invoker,
                "authorizing_integration_owners": interaction.payload["authorizing_integration_owners"],
            }
        self._apply_edit(message, data, edited=False)
        self.messages[message_id] = message
        return message

    def _apply_edit(self, message: dict[str, Any], data: dict[str, Any], *, edited: bool = True) -> None:
        for key in ("content", "embeds", "components"):
            if key in data:
                message[key] = data[key] if data[key] is not None else ([] if key != "content" else "")
        if isinstance(message["content"], str):
            message["content"] = message["content"].strip()  # as Discord keeps it: trimmed at the ends
        if "attachments" in data or "_files" in data:
            # Existing attachments survive when listed by id; uploaded files become new ones.
            keep = {str(a.get("id")) for a in data.get("attachments") or []}
            kept = [a for a in message["attachments"] if a["id"] in keep]
            added = [
                {"id": str(self.snowflake()), "filename": n, "size": 0, "url": "", "proxy_url": ""}
                for n in data.get("_files") or []
            ]
            message["attachments"] = kept + added
        if edited:
            # An edit clears the "thinking" state of a deferred response but keeps it ephemeral.
            message["flags"] = message.get("flags", 0) & ~LOADING
            message["edited_timestamp"] = iso()
        self._apply_mentions(message, data.get("allowed_mentions"))

    def _apply_mentions(self, message: dict[str, Any], allowed: dict[str, Any] | None) -> None:
        """Fill mentions as Discord would; allowed_mentions None means parse everything (§2.6 of the notes)."""
        content = message.get("content") or ""
        parse = {"users", "roles", "everyone"} if allowed is None else set(allowed.get("parse", []))
        # Snowflakes are accepted as numbers or strings (discord.py sends numbers).
        allowed_users = {str(u) for u in (allowed or {}).get("users", [])}
        allowed_roles = {str(r) for r in (allowed or {}).get("roles", [])}
        user_ids = re.findall(r"<@!?(\d+)>", content)
        role_ids = re.findall(r"<@&(\d+)>", content)
        users = [u for u in self.world.users if str(u.id) in user_ids]
        message["mentions"] = [u.payload() for u in users if "users" in parse or str(u.id) in allowed_users]
        replied = message.get("referenced_message")
        # A reply pings its author unless allowed_mentions is given without replied_user: true.
        if replied and (allowed is None or allowed.get("replied_user")):
            author = replied["author"]
            if author["id"] != message["author"]["id"] and author["id"] not in user_ids:
                message["mentions"].append(author)
        message["mention_roles"] = [r for r in role_ids if "roles" in parse or r in allowed_roles]
        message["mention_everyone"] = "everyone" in parse and ("@everyone" in content or "@here" in content)
