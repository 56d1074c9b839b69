"""Typed options and their checks: whatever a front end sends, a command sees only valid values.

Discord's client enforces option types and ranges, but only for the commands it has registered: after
an upgrade without ``sync``, or from the console, anything may arrive.  Each option declares its type
and limits once here, the registry uses them for Discord's payload and the console's parser, and
``check`` refuses a wrong value with a Japanese message before any command code runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from commands.lookup import clean

OptionType = Literal["text", "integer", "boolean", "member", "role", "channel", "attachment"]

TYPE_WORDS: dict[OptionType, str] = {
    "text": "文字",
    "integer": "整数",
    "boolean": "はい・いいえ",
    "member": "メンバー",
    "role": "ロール",
    "channel": "チャンネル",
    "attachment": "添付ファイル",
}


@dataclass(frozen=True)
class Person:
    """Who answers for something: a member, a role, or a name typed in the console."""

    kind: Literal["user", "role"]
    id: str
    name: str


@dataclass(frozen=True)
class Upload:
    """An attached file as the command sees it: its name, size and content."""

    filename: str
    size: int
    data: bytes


@dataclass(frozen=True)
class OptionSpec:
    """A named option such as ``plan:2021`` (``計画:2021``), with its type and limits."""

    name: str
    ja: str
    description: str
    description_en: str
    type: OptionType = "text"
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    choices: tuple[tuple[str, str, str], ...] = ()  # (value, Japanese label, English label)
    editor_only: bool = False  # giving this option changes stored data: editors only
    aliases: tuple[str, ...] = ()  # other names the console accepts (e.g. who: for person:)
    words: tuple[tuple[str, int], ...] = ()  # words the console reads as a value (目次 → page 0)

    def names(self) -> tuple[str, ...]:
        """Every name this option answers to in the console."""
        return (self.name, self.ja, *self.aliases)


def _range_text(option: OptionSpec) -> str:
    if option.min_value is not None and option.max_value is not None:
        return f"{option.min_value}〜{option.max_value}"
    if option.min_value is not None:
        return f"{option.min_value}以上"
    if option.max_value is not None:
        return f"{option.max_value}以下"
    return ""


def _label(option: OptionSpec) -> str:
    return f"{option.ja}（{option.name}:）"


def option_problem(option: OptionSpec, value: object) -> str | None:
    """Why ``value`` is not acceptable for ``option``, in Japanese; None when it is."""
    label = _label(option)
    if value is None:
        return f"{option.ja}を指定してください（{option.name}:）。" if option.required else None
    if option.type == "text":
        if not isinstance(value, str):
            return f"{label}には文字で指定してください。"
        if option.max_length is not None and len(value) > option.max_length:
            return f"{label}が長すぎます（{option.max_length}文字まで）。"
        if option.required and not clean(value).strip():
            return f"{option.ja}を指定してください（{option.name}:）。"
        return None
    if option.type == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            span = _range_text(option)
            return f"{label}には{span + 'の' if span else ''}整数で指定してください。"
        low, high = option.min_value, option.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            return f"{label}は {_range_text(option)} で指定してください。"
        return None
    if option.type == "boolean":
        return None if isinstance(value, bool) else f"{label}には「はい」か「いいえ」で指定してください。"
    if option.type in ("member", "role"):
        return (
            None if isinstance(value, Person) else f"{label}には{TYPE_WORDS[option.type]}を選んでください。"
        )
    if option.type == "channel":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{label}にはチャンネルを選んでください。"
        return None
    return None if isinstance(value, Upload) else f"{label}にはファイルを添付してください。"


def first_problem(options: tuple[OptionSpec, ...], values: Mapping[str, object]) -> str | None:
    """The first problem among the values given for the declared options, in declaration order."""
    for option in options:
        message = option_problem(option, values.get(option.name))
        if message is not None:
            return message
    return None
