"""INTERACTION_CREATE payloads, and the handle a test holds to see how the bot answered."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .world import EVERYONE_PERMISSIONS, Channel, Guild, Member, Role, User

if TYPE_CHECKING:
    from .records import Violation

# Interaction types (what Discord sends) and callback types (what the bot answers).
APPLICATION_COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5
MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, AUTOCOMPLETE_RESULT, MODAL = 4, 5, 6, 7, 8, 9
ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {MESSAGE, DEFERRED_MESSAGE, MODAL},
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    COMPONENT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, MODAL},
    MODAL_SUBMIT: {MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE},
}
EPHEMERAL = 64
LOADING = 128  # message flag of a deferred ("thinking") response until it is edited

# Option types: 1 subcommand, 2 group, 3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role,
# 9 mentionable, 10 number, 11 attachment.
SUBCOMMAND_TYPES = (1, 2)
OPTION_TYPE_NAMES = {
    3: "string",
    4: "integer",
    5: "boolean",
    6: "user",
    7: "channel",
    8: "role",
    9: "mentionable",
    10: "number",
    11: "attachment",
}
STRING_OPTION_MAX = 6000  # the most a string option holds: Discord's ceiling for max_length
NUMBER_OPTION_LIMIT = 2**53  # integer and number options lie within -2^53..2^53


@dataclass
class Reply:
    """One accepted answer to an interaction: the callback, a followup, or an edit/delete of a message."""

    kind: str  # "callback", "followup", "edit" or "delete"
    type: int | None  # the callback type for kind == "callback"
    data: dict[str, Any]  # the body as the bot sent it
    elapsed: float  # seconds since INTERACTION_CREATE was sent
    message_id: int | None = None
    # The flags of the message users see after this reply; None when the reply shows no message of its
    # own (autocomplete, modal, deferred update). It differs from requested_flags when Discord overrides
    # the bot, as for the first follow-up after a defer, which takes the defer's visibility.
    shown_flags: int | None = None
    replaced_thinking: bool = False  # True when this reply resolved a deferred "thinking" message

    @property
    def content(self) -> str | None:
        """The message content, if any."""
        return self.data.get("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        """The embeds as sent."""
        return self.data.get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        """The components as sent."""
        return self.data.get("components") or []

    @property
    def requested_flags(self) -> int:
        """Message flags as the bot sent them."""
        return int(self.data.get("flags") or 0)

    @property
    def requested_ephemeral(self) -> bool:
        """True when the bot asked for EPHEMERAL (64), whether or not Discord honoured it."""
        return bool(self.requested_flags & EPHEMERAL)

    @property
    def flags(self) -> int:
        """Message flags as users see them (the requested ones when the reply shows no message)."""
        return self.requested_flags if self.shown_flags is None else self.shown_flags

    @property
    def ephemeral(self) -> bool:
        """True when only the invoking user sees the message (flags has EPHEMERAL, 64)."""
        return bool(self.flags & EPHEMERAL)

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices (callback type 8)."""
        return self.data.get("choices") or []


@dataclass
class FakeInteraction:
    """A dispatched interaction: await its first response, then inspect replies and messages."""

    fake: Any = field(repr=False)
    payload: dict[str, Any] = field(repr=False)
    sent_at: float = 0.0
    replies: list[Reply] = field(default_factory=list)
    rejected: list[Violation] = field(default_factory=list)
    acknowledged: bool = False
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    @property
    def id(self) -> int:
        """The interaction id."""
        return int(self.payload["id"])

    @property
    def token(self) -> str:
        """The interaction token (also the webhook token for followups)."""
        return self.payload["token"]

    @property
    def type(self) -> int:
        """2 command, 3 component, 4 autocomplete, 5 modal submit."""
        return self.payload["type"]

    def elapsed(self) -> float:
        """Seconds since the event was sent."""
        return time.monotonic() - self.sent_at

    def _add(self, reply: Reply) -> None:
        self.replies.append(reply)
        self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait(self, done, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                rejected = "; ".join(v.describe() for v in self.rejected) or "none"
                raise AssertionError(
                    f"interaction {self.id}: timed out waiting for {what} (rejected: {rejected})"
                )
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                continue

    async def first_response(self, timeout: float = 3.0) -> Reply:
        """Wait for the accepted interaction callback and return it."""
        await self._wait(
            lambda: any(r.kind == "callback" for r in self.replies), timeout, "the first response"
        )
        return next(r for r in self.replies if r.kind == "callback")

    async def wait_replies(self, count: int, timeout: float = 3.0) -> list[Reply]:
        """Wait until at least `count` replies (callback, followups, edits) were accepted."""
        await self._wait(lambda: len(self.replies) >= count, timeout, f"{count} replies")
        return list(self.replies)

    async def wait_rejected(self, count: int = 1, timeout: float = 3.0) -> list[Violation]:
        """Wait until the fake has rejected at least `count` of the bot's answers."""
        await self._wait(lambda: len(self.rejected) >= count, timeout, f"{count} rejections")
        return list(self.rejected)

    @property
    def message(self) -> dict[str, Any] | None:
        """The current state of the original response message (after edits), if any."""
        if self.original_message_id is None:
            return None
        return self.fake.messages.get(self.original_message_id)

    @property
    def followups(self) -> list[dict[str, Any]]:
        """Followup messages that still exist, in order."""
        return [self.fake.messages[i] for i in self.followup_ids if i in self.fake.messages]


# ---------------------------------------------------------------------------------------------
# Payload builders


def resolve_user(world_users: list[User], user: Any) -> User:
    """Accept a User, Member, id or username and return the User."""
    if isinstance(user, Member):
        return user.user
    if isinstance(user, User):
        return user
    for candidate in world_users:
        if user in (candidate.id, candidate.username):
            return candidate
    raise KeyError(f"unknown user {user!r}")


def channel_payload_for_interaction(channel: Channel, permissions: int) -> dict[str, Any]:
    """The partial channel in an interaction, which carries the invoker's permissions."""
    data = channel.payload()
    data["permissions"] = str(permissions)
    return data


@dataclass(frozen=True)
class Upload:
    """A file a user attaches to an attachment option; the fake serves it for the bot to download."""

    filename: str
    content: bytes
    content_type: str = "text/csv"


class InvalidOptions(ValueError):
    """Option values that Discord's client could not send for the command as registered."""


class OptionBuilder:
    """Turns `{"name": value}` into typed interaction options, checked against the registered definition."""

    # Discord's client builds options from the registered command, not from the bot's code: it sends the
    # registered type, keeps values inside the declared ranges, lengths and choices, and sends nothing
    # until every required option is filled. `unchecked` skips all of that, to send what a stale
    # registration would (an integer where the code now wants a string, or an option the code dropped).

    def __init__(self, guild: Guild, world_users: list[User], find_channel, store_upload=None) -> None:
        self.guild = guild
        self.world_users = world_users
        self.find_channel = find_channel  # channel id -> Channel | None, across the world
        self.store_upload = store_upload  # Upload -> attachment payload (with a URL on the fake)
        self.resolved: dict[str, dict[str, Any]] = {}

    def build(
        self,
        definitions: list[dict[str, Any]] | None,
        values: dict[str, Any],
        focused: str | None,
        *,
        check_required: bool,
        unchecked: bool = False,
    ) -> list[dict[str, Any]]:
        """Options for one level; `definitions` are the registered options there (None if unregistered)."""
        if unchecked:
            return [self._raw(name, value, name == focused) for name, value in values.items()]
        definitions = definitions or []
        subcommands = sorted(d["name"] for d in definitions if d["type"] in SUBCOMMAND_TYPES)
        if subcommands:
            raise InvalidOptions(f"a group cannot be run by itself; pick one of {subcommands}")
        by_name = {d["name"]: d for d in definitions}
        options = []
        for name, value in values.items():
            definition = by_name.get(name)
            if definition is None:
                raise InvalidOptions(
                    f"option {name!r} is not in the registered command (have {sorted(by_name)})"
                )
            option: dict[str, Any] = {"name": name, "type": definition["type"]}
            if name == focused:
                option |= {"value": self._typed_text(definition, value), "focused": True}
            else:
                option["value"] = self._checked_value(definition, value)
            options.append(option)
        if check_required:
            missing = [d["name"] for d in definitions if d.get("required") and d["name"] not in values]
            if missing:
                raise InvalidOptions(f"required options missing: {missing}")
        return options

    # -- what a real client sends -----------------------------------------------------------------

    @staticmethod
    def _fail(definition: dict[str, Any], value: Any, why: str) -> InvalidOptions:
        kind = OPTION_TYPE_NAMES.get(definition["type"], str(definition["type"]))
        return InvalidOptions(f"option {definition['name']!r} ({kind}): {value!r} {why}")

    def _typed_text(self, definition: dict[str, Any], value: Any) -> str:
        """The focused option of an autocomplete: whatever has been typed so far, always as a string."""
        if not definition.get("autocomplete"):
            raise self._fail(definition, value, "cannot be focused: the option has no autocomplete")
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # Discord sends the typed digits as text, for numeric options too
        if not isinstance(value, str):
            raise self._fail(definition, value, "is not text a user could type")
        limit = definition.get("max_length") or STRING_OPTION_MAX
        if len(value) > limit:
            raise self._fail(definition, value, f"is longer than the {limit} characters the box accepts")
        return value

    def _checked_value(self, definition: dict[str, Any], value: Any) -> Any:
        """The JSON value for a filled-in option, or InvalidOptions if the client could not send it."""
        kind = definition["type"]
        if kind == 3:
            if not isinstance(value, str):
                raise self._fail(definition, value, "is not a string")
            # The client leaves an empty option out rather than sending "".
            low = max(1, definition.get("min_length") or 0)
            high = definition.get("max_length") or STRING_OPTION_MAX
            if not low <= len(value) <= high:
                raise self._fail(definition, value, f"must be {low} to {high} characters long")
        elif kind in (4, 10):
            numeric = int if kind == 4 else int | float
            if isinstance(value, bool) or not isinstance(value, numeric) or not math.isfinite(value):
                raise self._fail(definition, value, f"is not {'an integer' if kind == 4 else 'a number'}")
            low, high = definition.get("min_value"), definition.get("max_value")
            low = -NUMBER_OPTION_LIMIT if low is None else low
            high = NUMBER_OPTION_LIMIT if high is None else high
            if not low <= value <= high:
                raise self._fail(definition, value, f"is outside {low} to {high}")
        elif kind == 5:
            if not isinstance(value, bool):
                raise self._fail(definition, value, "is not a boolean")
        elif kind == 6:
            user = self._find_user(value)
            if user is None:
                raise self._fail(definition, value, "is not a known user")
            return self._resolve_user(user)
        elif kind == 7:
            channel = self._find_channel(value)
            if channel is None:
                raise self._fail(definition, value, f"is not a channel of guild {self.guild.id}")
            allowed = definition.get("channel_types")
            if allowed and channel.type not in allowed:
                raise self._fail(definition, value, f"has channel type {channel.type}, not one of {allowed}")
            return self._resolve_channel(channel)
        elif kind == 8:
            role = self._find_role(value)
            if role is None:
                raise self._fail(definition, value, f"is not a role of guild {self.guild.id}")
            return self._resolve_role(role)
        elif kind == 9:
            if (role := self._find_role(value)) is not None:
                return self._resolve_role(role)
            if (user := self._find_user(value)) is not None:
                return self._resolve_user(user)
            raise self._fail(definition, value, "is neither a known user nor a role of the guild")
        elif kind == 11:
            if not isinstance(value, Upload):
                raise self._fail(definition, value, "is not an Upload")
            return self._resolve_upload(value)
        else:
            raise self._fail(definition, value, "has an option type the fake does not know")
        choices = definition.get("choices")
        if choices and value not in [c["value"] for c in choices]:
            raise self._fail(definition, value, f"is not one of the choices {[c['value'] for c in choices]}")
        return value

    def _find_user(self, value: Any) -> User | None:
        if isinstance(value, bool):
            return None
        try:
            return resolve_user(self.world_users, value)
        except KeyError:
            return None

    def _find_channel(self, value: Any) -> Channel | None:
        if isinstance(value, Channel):
            channel = value
        elif isinstance(value, int) and not isinstance(value, bool):
            channel = self.find_channel(value)
        elif isinstance(value, str):
            channel = next((c for c in self.guild.channels if c.name == value), None)
        else:
            return None
        # The client offers the channels of the guild the command runs in, nothing else.
        return channel if channel is not None and channel.guild_id == self.guild.id else None

    def _find_role(self, value: Any) -> Role | None:
        if isinstance(value, bool):
            return None
        key = value.id if isinstance(value, Role) else value
        return next((r for r in self.guild.roles if key in (r.id, r.name)), None)

    # -- what a stale registration sends ----------------------------------------------------------

    def _raw(self, name: str, value: Any, focused: bool) -> dict[str, Any]:
        """`{"type": t, "value": v}` is sent exactly; a bare value gets the type its Python type implies."""
        if isinstance(value, dict) and {"type", "value"} <= value.keys():
            kind, value = value["type"], value["value"]
        else:
            kind = self._infer_type(value)
        # Objects of the fake's world still become ids plus resolved data, so the bot can look them up.
        if isinstance(value, User | Member):
            value = self._resolve_user(resolve_user(self.world_users, value))
        elif isinstance(value, Channel):
            value = self._resolve_channel(value)
        elif isinstance(value, Role):
            value = self._resolve_role(value)
        elif isinstance(value, Upload):
            value = self._resolve_upload(value)
        option: dict[str, Any] = {"name": name, "type": kind, "value": value}
        if focused:
            option["focused"] = True
        return option

    @staticmethod
    def _infer_type(value: Any) -> int:
        if isinstance(value, bool):
            return 5
        if isinstance(value, int):
            return 4
        if isinstance(value, float):
            return 10
        if isinstance(value, User | Member):
            return 6
        if isinstance(value, Channel):
            return 7
        if isinstance(value, Role):
            return 8
        if isinstance(value, Upload):
            return 11
        return 3

    # -- ids plus the resolved objects Discord sends alongside them -------------------------------

    def _resolve_channel(self, channel: Channel) -> str:
        resolved = channel.payload() | {"permissions": str(EVERYONE_PERMISSIONS)}
        self.resolved.setdefault("channels", {})[str(channel.id)] = resolved
        return str(channel.id)

    def _resolve_role(self, role: Role) -> str:
        self.resolved.setdefault("roles", {})[str(role.id)] = role.payload()
        return str(role.id)

    def _resolve_upload(self, upload: Upload) -> str:
        attachment = self.store_upload(upload)
        self.resolved.setdefault("attachments", {})[attachment["id"]] = attachment
        return attachment["id"]

    def _resolve_user(self, user: User) -> str:
        self.resolved.setdefault("users", {})[str(user.id)] = user.payload()
        try:
            member = self.guild.member(user)
        except KeyError:
            pass
        else:
            data = self.guild.member_payload(member, with_permissions=True)
            del data["user"]
            self.resolved.setdefault("members", {})[str(user.id)] = data
        return str(user.id)


def nest_subcommands(
    path: list[str], definition: dict[str, Any] | None, *, strict: bool = True
) -> tuple[list, list[dict] | None]:
    """For "group sub", the option chain to fill and the leaf's registered options; strict=False invents parts."""
    chain: list[dict[str, Any]] = []
    definitions = (definition.get("options") or []) if definition else None
    for index, part in enumerate(path):
        sub = next(
            (o for o in definitions or [] if o["name"] == part and o["type"] in SUBCOMMAND_TYPES), None
        )
        if sub is None and strict:
            name = definition["name"] if definition else "?"
            raise InvalidOptions(f"{part!r} is not a registered subcommand or group of {name!r}")
        kind = sub["type"] if sub else (1 if index == len(path) - 1 else 2)
        chain.append({"name": part, "type": kind, "options": []})
        definitions = (sub.get("options") or []) if sub else None
    return chain, definitions


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component in a message or modal, depth first (rows, containers, sections, labels)."""
    for component in components:
        yield component
        yield from walk_components(component.get("components") or [])
        for key in ("component", "accessory"):
            if isinstance(component.get(key), dict):
                yield from walk_components([component[key]])
