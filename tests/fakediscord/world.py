"""The fake's world: application, bot user, guilds, roles, channels, members, DMs, and their JSON payloads."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord

DISCORD_EPOCH_MS = 1420070400000

# Ids are fixed and readable so bot settings (digest channel, editor role) can be written into tests.
FIRST_ID = 1300000000000000001

# What @everyone may do in the default world: enough for a slash-command bot to reply and post.
EVERYONE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    read_message_history=True,
    embed_links=True,
    attach_files=True,
    add_reactions=True,
    use_application_commands=True,
    use_external_emojis=True,
).value
ALL_PERMISSIONS = discord.Permissions.all().value


def iso(ts: float | None = None) -> str:
    """Discord's ISO-8601 timestamp for a Unix time (now by default)."""
    return datetime.fromtimestamp(time.time() if ts is None else ts, tz=UTC).isoformat()


def snowflake_time(snowflake: int) -> float:
    """The Unix time encoded in a snowflake."""
    return ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000


class SnowflakeFactory:
    """Time-based, strictly increasing snowflakes, so `history(before=datetime)` filters work."""

    def __init__(self) -> None:
        self._last = 0

    def __call__(self) -> int:
        """Return the next snowflake."""
        now = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(now, self._last + 1)
        return self._last


@dataclass
class User:
    """A Discord user (the bot itself or a human)."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    avatar: str | None = None

    def payload(self) -> dict[str, Any]:
        """The user object as Discord sends it."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": self.avatar,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    """A guild role; @everyone has the guild's id."""

    id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0

    def payload(self) -> dict[str, Any]:
        """The role object as Discord sends it."""
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": self.color,
            "colors": {"primary_color": self.color, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass
class Channel:
    """A guild text channel (type 0)."""

    id: int
    name: str
    guild_id: int
    position: int = 0
    type: int = 0
    topic: str | None = None

    def payload(self) -> dict[str, Any]:
        """The channel object as Discord sends it."""
        return {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "guild_id": str(self.guild_id),
            "topic": self.topic,
            "nsfw": False,
            "parent_id": None,
            "permission_overwrites": [],
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }


@dataclass
class DMChannel:
    """The bot's direct-message channel with one user (type 1): no guild, no name, no permissions."""

    id: int
    recipient: User
    type: int = 1

    def payload(self) -> dict[str, Any]:
        """The channel object as Discord sends it for a DM."""
        return {
            "id": str(self.id),
            "type": self.type,
            "recipients": [self.recipient.payload()],
            "last_message_id": None,
            "flags": 0,
        }


@dataclass
class Member:
    """A user's membership of a guild; `roles` excludes @everyone, as in Discord's payloads."""

    user: User
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso)

    @property
    def id(self) -> int:
        """The member's user id."""
        return self.user.id


@dataclass(eq=False)
class Guild:
    """A guild with roles, text channels and members."""

    world: World = field(repr=False)
    id: int
    name: str
    owner_id: int = 0
    preferred_locale: str = "ja"
    roles: list[Role] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    @property
    def everyone(self) -> Role:
        """The @everyone role."""
        return self.roles[0]

    def add_role(self, name: str, permissions: int = 0) -> Role:
        """Create a role above the existing ones."""
        role = Role(self.world.new_id(), name, permissions, position=len(self.roles))
        self.roles.append(role)
        return role

    def add_text_channel(self, name: str, topic: str | None = None) -> Channel:
        """Create a text channel."""
        channel = Channel(self.world.new_id(), name, self.id, position=len(self.channels), topic=topic)
        self.channels.append(channel)
        return channel

    def add_member(self, user: User, roles: list[Role] | None = None, nick: str | None = None) -> Member:
        """Make `user` a member with the given roles."""
        member = Member(user, [r.id for r in roles or []], nick)
        self.members.append(member)
        return member

    def role(self, name: str) -> Role:
        """The role called `name`."""
        return next(r for r in self.roles if r.name == name)

    def channel(self, name: str) -> Channel:
        """The channel called `name`."""
        return next(c for c in self.channels if c.name == name)

    def member(self, user: User | int | str) -> Member:
        """The member for a user, user id or username."""
        for m in self.members:
            if user in (m.user, m.user.id, m.user.username):
                return m
        raise KeyError(f"no member {user!r} in guild {self.name}")

    def permissions_for(self, member: Member) -> int:
        """Effective permission bits of a member (no channel overwrites are modelled)."""
        if member.user.id == self.owner_id:
            return ALL_PERMISSIONS
        bits = self.everyone.permissions
        for role in self.roles:
            if role.id in member.roles:
                bits |= role.permissions
        if bits & discord.Permissions(administrator=True).value:
            return ALL_PERMISSIONS
        return bits

    def member_payload(self, member: Member, *, with_permissions: bool = False) -> dict[str, Any]:
        """The guild member object; interactions also carry `permissions`."""
        data: dict[str, Any] = {
            "user": member.user.payload(),
            "roles": [str(r) for r in member.roles],
            "nick": member.nick,
            "avatar": None,
            "banner": None,
            "joined_at": member.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_permissions:
            data["permissions"] = str(self.permissions_for(member))
        return data

    def create_payload(self, *, all_members: bool, missing_channels: set[int]) -> dict[str, Any]:
        """The GUILD_CREATE payload; without GUILD_MEMBERS only the bot's own member is included."""
        bot_id = self.world.bot.id
        members = [m for m in self.members if all_members or m.user.id == bot_id]
        return {
            "id": str(self.id),
            "name": self.name,
            "unavailable": False,
            "owner_id": str(self.owner_id),
            "preferred_locale": self.preferred_locale,
            "member_count": len(self.members),
            "large": False,
            "icon": None,
            "splash": None,
            "banner": None,
            "description": None,
            "features": [],
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_id": None,
            "rules_channel_id": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "joined_at": iso(),
            "roles": [r.payload() for r in self.roles],
            "channels": [c.payload() for c in self.channels if c.id not in missing_channels],
            "members": [self.member_payload(m) for m in members],
            "threads": [],
            "emojis": [],
            "stickers": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


@dataclass(eq=False)
class World:
    """Everything the fake knows about: one application, its bot user and some guilds."""

    application_name: str = "Test App"
    _next_id: int = FIRST_ID
    bot: User = field(init=False)
    owner: User = field(init=False)
    guilds: list[Guild] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    dms: list[DMChannel] = field(default_factory=list)

    def __post_init__(self) -> None:
        # As on Discord, the bot user's id equals the application id.
        self.bot = self.add_user("test-bot", bot=True)
        self.owner = self.add_user("app-owner")

    @property
    def application_id(self) -> int:
        """The application id (equal to the bot user's id)."""
        return self.bot.id

    @property
    def guild(self) -> Guild:
        """The first guild."""
        return self.guilds[0]

    def new_id(self) -> int:
        """A fresh, deterministic id for a world object."""
        value = self._next_id
        self._next_id += 1
        return value

    def add_user(self, username: str, *, bot: bool = False) -> User:
        """Create a user."""
        user = User(self.new_id(), username, global_name=None if bot else username.title(), bot=bot)
        self.users.append(user)
        return user

    def add_guild(self, name: str, *, owner: User | None = None, locale: str = "ja") -> Guild:
        """Create a guild with @everyone, the bot as a member and `owner` as its owner."""
        guild_id = self.new_id()
        guild = Guild(self, guild_id, name, owner_id=(owner or self.owner).id, preferred_locale=locale)
        guild.roles.append(Role(guild_id, "@everyone", EVERYONE_PERMISSIONS))
        guild.add_member(self.bot)
        self.guilds.append(guild)
        return guild

    def find_guild(self, guild_id: int) -> Guild | None:
        """The guild with this id, if any."""
        return next((g for g in self.guilds if g.id == guild_id), None)

    def find_channel(self, channel_id: int) -> Channel | None:
        """The channel with this id in any guild, if any."""
        for guild in self.guilds:
            for channel in guild.channels:
                if channel.id == channel_id:
                    return channel
        return None

    def dm(self, user: User) -> DMChannel:
        """The bot's DM channel with `user`, opened on first use (Discord keeps one per pair)."""
        found = next((d for d in self.dms if d.recipient is user), None)
        if found is None:
            found = DMChannel(self.new_id(), user)
            self.dms.append(found)
        return found

    def find_dm(self, channel_id: int) -> DMChannel | None:
        """The DM channel with this id, if any."""
        return next((d for d in self.dms if d.id == channel_id), None)

    @classmethod
    def default(cls) -> World:
        """One guild "Test Guild" with roles editor/admin, channels general/digest, members alice (editor) and bob."""
        world = cls()
        guild = world.add_guild("Test Guild")
        editor = guild.add_role("editor")
        guild.add_role("admin", discord.Permissions(administrator=True).value)
        guild.add_text_channel("general")
        guild.add_text_channel("digest")
        guild.add_member(world.add_user("alice"), roles=[editor])
        guild.add_member(world.add_user("bob"))
        return world

    def application_payload(self) -> dict[str, Any]:
        """GET /oauth2/applications/@me; no interactions_endpoint_url so interactions arrive over the gateway."""
        return {
            "id": str(self.application_id),
            "name": self.application_name,
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": self.owner.payload(),
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
            "summary": "",
            "bot": self.bot.payload(),
        }
