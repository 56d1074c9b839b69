"""INTERACTION_CREATE payloads, and the handle a test holds to see how the bot answered."""

from __future__ import annotations

import asyncio
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
# 9 mentionable, 10 number.
SUBCOMMAND_TYPES = (1, 2)


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


class OptionBuilder:
    """Turns `{"name": value}` into typed interaction options, using the synced definition if there is one."""

    def __init__(
        self, guild: Guild | None, world_users: list[User], find_channel, find_role, store_upload=None
    ) -> None:
        self.guild = guild
        self.world_users = world_users
        self.find_channel = find_channel
        self.find_role = find_role
        self.store_upload = store_upload  # Upload -> attachment payload (with a URL on the fake)
        self.resolved: dict[str, dict[str, Any]] = {}

    def build(
        self,
        definitions: list[dict[str, Any]] | None,
        values: dict[str, Any],
        focused: str | None,
        check_required: bool,
    ) -> list[dict[str, Any]]:
        """Options for one level; `definitions` is None when the command was never synced."""
        by_name = {d["name"]: d for d in definitions or []}
        options = []
        for name, value in values.items():
            definition = by_name.get(name)
            if definitions is not None and definition is None:
                raise ValueError(f"option {name!r} is not in the synced command (have {sorted(by_name)})")
            kind = definition["type"] if definition else self._infer_type(value)
            is_focused = name == focused
            option: dict[str, Any] = {
                "name": name,
                "type": kind,
                "value": self._value(kind, value, is_focused),
            }
            if is_focused:
                option["focused"] = True
            elif definition and definition.get("choices"):
                allowed = [c["value"] for c in definition["choices"]]
                if option["value"] not in allowed:
                    raise ValueError(f"option {name!r}: {value!r} is not one of the choices {allowed}")
            options.append(option)
        if check_required:
            missing = [d["name"] for d in definitions or [] if d.get("required") and d["name"] not in values]
            if missing:
                raise ValueError(f"required options missing: {missing}")
        return options

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

    def _value(self, kind: int, value: Any, focused: bool) -> Any:
        if focused:
            # Discord sends what the user has typed so far, as a string, for numeric options too.
            return value if kind in (3, 5) else str(value)
        if kind == 6 or (kind == 9 and not isinstance(value, Role)):
            return self._resolve_user(value)
        if kind == 7:
            channel = value if isinstance(value, Channel) else self.find_channel(int(value))
            resolved = channel.payload() | {"permissions": str(EVERYONE_PERMISSIONS)}
            self.resolved.setdefault("channels", {})[str(channel.id)] = resolved
            return str(channel.id)
        if kind == 11:
            attachment = self.store_upload(value)
            self.resolved.setdefault("attachments", {})[attachment["id"]] = attachment
            return attachment["id"]
        if kind in (8, 9):
            role = value if isinstance(value, Role) else self.find_role(int(value))
            self.resolved.setdefault("roles", {})[str(role.id)] = role.payload()
            return str(role.id)
        return value

    def _resolve_user(self, value: Any) -> str:
        user = resolve_user(self.world_users, value)
        self.resolved.setdefault("users", {})[str(user.id)] = user.payload()
        if self.guild is not None:
            try:
                member = self.guild.member(user)
            except KeyError:
                pass
            else:
                data = self.guild.member_payload(member, with_permissions=True)
                del data["user"]
                self.resolved.setdefault("members", {})[str(user.id)] = data
        return str(user.id)


def nest_subcommands(path: list[str], definition: dict[str, Any] | None) -> tuple[list, list[dict] | None]:
    """For "group sub", return the option chain to fill and the leaf's option definitions."""
    chain: list[dict[str, Any]] = []
    definitions = definition.get("options") if definition else None
    for part in path:
        sub = None
        if definition is not None:
            sub = next((o for o in definitions or [] if o["name"] == part), None)
            if sub is None or sub["type"] not in SUBCOMMAND_TYPES:
                raise ValueError(f"{part!r} is not a subcommand or group of {definition['name']!r}")
        kind = sub["type"] if sub else (2 if part != path[-1] else 1)
        chain.append({"name": part, "type": kind, "options": []})
        definitions = sub.get("options") if sub else None
        if sub is not None and definitions is None:
            definitions = []
    return chain, definitions


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every component in a message or modal, depth first (rows, containers, sections, labels)."""
    for component in components:
        yield component
        yield from walk_components(component.get("components") or [])
        for key in ("component", "accessory"):
            if isinstance(component.get(key), dict):
                yield from walk_components([component[key]])
