"""Driving the bot like a user: slash commands, autocomplete, components and modals as INTERACTION_CREATE.

A component on a message in a DM arrives as a DM interaction: ``user`` instead of ``member``, no
guild, the DM channel (type 1) and ``context`` 1 (the bot's DM).
"""

from __future__ import annotations

import copy
import itertools
import secrets
import time
from typing import Any

from . import interactions as ix_mod
from .interactions import FakeInteraction, OptionBuilder, nest_subcommands, walk_components
from .world import EVERYONE_PERMISSIONS, Channel, DMChannel, Guild, Member, User


class InteractionDriver:
    """FakeDiscord methods that send interactions to the bot."""

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a raw gateway event to the bot."""
        await self.gateway.dispatch(event, data)

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: User | Member | int | str | None = None,
        guild: Guild | int | None = None,
        channel: Channel | int | str | None = None,
        locale: str = "ja",
        unchecked: bool = False,
    ) -> FakeInteraction:
        """A user runs /name ("group sub" for subcommands); InvalidOptions unless a real client could send it."""
        # unchecked=True sends the options as given, as a stale registration would after an upgrade
        # without a re-sync: a bare value goes with the type its Python type implies (15 an integer,
        # "abc" a string) and {"type": 4, "value": 15} goes exactly as written.
        data = self._command_data(name, options or {}, guild, focused=None, unchecked=unchecked)
        return await self._send_interaction(ix_mod.APPLICATION_COMMAND, data, user, guild, channel, locale)

    async def autocomplete(
        self,
        name: str,
        options: dict[str, Any],
        *,
        focused: str,
        user: User | Member | int | str | None = None,
        guild: Guild | int | None = None,
        channel: Channel | int | str | None = None,
        locale: str = "ja",
        unchecked: bool = False,
    ) -> FakeInteraction:
        """A user types into option `focused` of /name; the first response carries the choices."""
        # The focused value is the text typed so far, any string the box accepts. The other options are
        # checked as in slash(), except that required ones may still be empty; unchecked=True as there.
        if focused not in options:
            raise ValueError(f"focused option {focused!r} must be in options")
        data = self._command_data(name, options, guild, focused=focused, unchecked=unchecked)
        return await self._send_interaction(ix_mod.AUTOCOMPLETE, data, user, guild, channel, locale)

    async def component(
        self,
        message_id: int,
        custom_id: str,
        values: list[str] | None = None,
        *,
        user: User | Member | int | str | None = None,
        locale: str = "ja",
    ) -> FakeInteraction:
        """A user clicks a button or picks select-menu `values` on a message the bot sent."""
        message = self.messages.get(int(message_id))
        if message is None:
            raise KeyError(f"no message {message_id} in the fake")
        component = next(
            (c for c in walk_components(message.get("components") or []) if c.get("custom_id") == custom_id),
            None,
        )
        if component is None:
            raise ValueError(f"message {message_id} has no component with custom_id {custom_id!r}")
        # A user can only click what the client shows: enabled components and listed options.
        if component.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled")
        if component["type"] == 3:
            offered = [o["value"] for o in component.get("options", [])]
            if any(v not in offered for v in values or []):
                raise ValueError(f"select {custom_id!r} offers only {offered}")
            if not component.get("min_values", 1) <= len(values or []) <= component.get("max_values", 1):
                raise ValueError(f"select {custom_id!r}: wrong number of values {values}")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] != 2 or values is not None:
            data["values"] = list(values or [])
        channel = int(message["channel_id"])
        guild = int(message["guild_id"]) if message.get("guild_id") else None
        return await self._send_interaction(
            ix_mod.COMPONENT, data, user, guild, channel, locale, message=copy.deepcopy(message)
        )

    async def modal_submit(
        self,
        source: FakeInteraction,
        values: dict[str, str],
        *,
        user: User | Member | int | str | None = None,
        locale: str = "ja",
    ) -> FakeInteraction:
        """Submit the modal that `source` was answered with; `values` keyed by text input custom_id or label."""
        modal = source.modal
        if modal is None:
            raise ValueError("the source interaction was not answered with a modal")
        remaining = dict(values)

        def fill(component: dict[str, Any], label: str | None) -> dict[str, Any] | None:
            if component["type"] == 4:
                key = component["custom_id"] if component["custom_id"] in remaining else label
                key = key if key in remaining else component.get("label")
                return {"type": 4, "custom_id": component["custom_id"], "value": remaining.pop(key, "")}
            if component["type"] == 1:
                inner = [x for c in component.get("components", []) if (x := fill(c, None))]
                return {"type": 1, "components": inner}
            if component["type"] == 18:
                inner = fill(component["component"], component.get("label"))
                return {"type": 18, "component": inner} if inner else None
            return None

        components = [x for c in modal.get("components", []) if (x := fill(c, None))]
        if remaining:
            raise ValueError(f"the modal has no text inputs for {sorted(remaining)}")
        data = {"custom_id": modal["custom_id"], "components": components}
        payload = source.payload
        return await self._send_interaction(
            ix_mod.MODAL_SUBMIT,
            data,
            user or int(self._invoker_id(payload)),
            int(payload["guild_id"]) if payload.get("guild_id") else None,
            int(payload["channel_id"]),
            locale,
            message=payload.get("message"),
        )

    @staticmethod
    def _invoker_id(payload: dict[str, Any]) -> str:
        return (payload.get("member") or payload)["user"]["id"]

    def _resolve_guild(self, guild: Guild | int | None) -> Guild:
        if isinstance(guild, Guild):
            return guild
        found = self.world.guild if guild is None else self.world.find_guild(int(guild))
        if found is None:
            raise KeyError(f"unknown guild {guild}")
        return found

    def _resolve_channel(self, guild: Guild, channel: Channel | int | str | None) -> Channel:
        if isinstance(channel, Channel):
            return channel
        if channel is None:
            return guild.channels[0]
        if isinstance(channel, str):
            return guild.channel(channel)
        found = self.world.find_channel(int(channel))
        if found is None:
            raise KeyError(f"unknown channel {channel}")
        return found

    def find_command(self, name: str, guild_id: int | None) -> tuple[dict[str, Any] | None, int | None]:
        """The synced chat-input command called `name` (guild commands first) and its guild id."""
        for scope in (guild_id, None):
            for command in self.commands.get(scope, []) if scope in self.commands else []:
                if command["name"] == name and command.get("type", 1) == 1:
                    return command, scope
        return None, None

    def _store_upload(self, upload: ix_mod.Upload) -> dict[str, Any]:
        """Keep an attached file and describe it as Discord's resolved attachment object."""
        attachment_id = self.snowflake()
        self.uploads[attachment_id] = upload.content
        url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{upload.filename}"
        return {
            "id": str(attachment_id),
            "filename": upload.filename,
            "size": len(upload.content),
            "url": url,
            "proxy_url": url,
            "content_type": upload.content_type,
        }

    def _command_data(
        self,
        name: str,
        values: dict[str, Any],
        guild: Guild | int | None,
        focused: str | None,
        unchecked: bool,
    ) -> dict[str, Any]:
        target = self._resolve_guild(guild)
        base, *path = name.split()
        definition, scope = self.find_command(base, target.id)
        if definition is None and not unchecked:
            # The client only offers registered commands; run tree.sync() first.
            raise ix_mod.InvalidOptions(
                f"/{base} is not registered for guild {target.id} or globally, so no client can run it"
            )
        chain, leaf_definitions = nest_subcommands(path, definition, strict=not unchecked)
        builder = OptionBuilder(target, self.world.users, self.world.find_channel, self._store_upload)
        leaf = builder.build(
            leaf_definitions, values, focused, check_required=focused is None, unchecked=unchecked
        )
        if chain:
            chain[-1]["options"] = leaf
            for outer, inner in itertools.pairwise(chain):
                outer["options"] = [inner]
            options = [chain[0]]
        else:
            options = leaf
        data: dict[str, Any] = {
            "id": definition["id"] if definition else str(self.snowflake()),
            "name": base,
            "type": 1,
            "options": options,
        }
        # Routing in CommandTree depends on it: data.guild_id only for guild-scoped commands.
        if scope is not None:
            data["guild_id"] = str(scope)
        if builder.resolved:
            data["resolved"] = builder.resolved
        return data

    async def _send_interaction(
        self,
        kind: int,
        data: dict[str, Any],
        user: User | Member | int | str | None,
        guild: Guild | int | None,
        channel: Channel | int | str | None,
        locale: str,
        message: dict[str, Any] | None = None,
    ) -> FakeInteraction:
        dm = self.world.find_dm(channel) if isinstance(channel, int) else None
        if dm is not None:
            return await self._dispatch_interaction(self._dm_payload(kind, data, user, dm, locale, message))
        target = self._resolve_guild(guild)
        where = self._resolve_channel(target, channel)
        if user is None:
            member = next(m for m in target.members if not m.user.bot)
        else:
            member = target.member(ix_mod.resolve_user(self.world.users, user))
        permissions = target.permissions_for(member)
        bot_permissions = target.permissions_for(target.member(self.world.bot))
        payload: dict[str, Any] = {
            "id": str(self.snowflake()),
            "application_id": str(self.world.application_id),
            "type": kind,
            "token": "ix-" + secrets.token_urlsafe(24),
            "version": 1,
            "attachment_size_limit": 25 * 1024 * 1024,
            "guild_id": str(target.id),
            "guild": {"id": str(target.id), "locale": target.preferred_locale, "features": []},
            "channel_id": str(where.id),
            "channel": ix_mod.channel_payload_for_interaction(where, permissions),
            "member": target.member_payload(member, with_permissions=True),
            "data": data,
            "locale": locale,
            "guild_locale": target.preferred_locale,
            "app_permissions": str(bot_permissions),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(target.id)},
            "context": 0,
        }
        if message is not None:
            payload["message"] = message
        return await self._dispatch_interaction(payload)

    def _dm_payload(
        self,
        kind: int,
        data: dict[str, Any],
        user: User | Member | int | str | None,
        dm: DMChannel,
        locale: str,
        message: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """An interaction in the bot's DM with a user: only that user can be there to click."""
        invoker = dm.recipient if user is None else ix_mod.resolve_user(self.world.users, user)
        if invoker is not dm.recipient:
            raise ValueError(f"only {dm.recipient.username} can use components in their DM with the bot")
        payload: dict[str, Any] = {
            "id": str(self.snowflake()),
            "application_id": str(self.world.application_id),
            "type": kind,
            "token": "ix-" + secrets.token_urlsafe(24),
            "version": 1,
            "attachment_size_limit": 25 * 1024 * 1024,
            "channel_id": str(dm.id),
            "channel": dm.payload(),
            "user": invoker.payload(),
            "data": data,
            "locale": locale,
            "app_permissions": str(EVERYONE_PERMISSIONS),
            "entitlements": [],
            "entitlement_sku_ids": [],
            # A guild install used in the bot's DM: the owner key 0 maps to "0", not to a guild.
            "authorizing_integration_owners": {"0": "0"},
            "context": 1,
        }
        if message is not None:
            payload["message"] = message
        return payload

    async def _dispatch_interaction(self, payload: dict[str, Any]) -> FakeInteraction:
        await self.gateway.wait_live()
        interaction = FakeInteraction(self, payload)
        self.interactions[interaction.id] = interaction
        self._by_token[interaction.token] = interaction
        interaction.sent_at = time.monotonic()
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return interaction
