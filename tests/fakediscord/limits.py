"""Discord's payload limits, checked the way the API does, with Discord-shaped `errors` objects."""

from __future__ import annotations

import unicodedata
from typing import Any

import discord

VALID_LOCALES = frozenset(locale.value for locale in discord.Locale)

MAX_CHOICES = 25
MAX_OPTIONS = 25
MAX_EMBEDS = 10
MAX_FILES = 10  # uploads per message
EMBED_TOTAL = 6000
CONTENT_MAX = 2000
USER_CONTENT_MAX = 4000  # what a Nitro user may type; the bot's own messages stay at CONTENT_MAX
MENTION_KINDS = ("users", "roles", "everyone")
EMBED_LIMITS = {"title": 256, "description": 4096}


class Errors:
    """An `errors` tree as in a 400 50035 "Invalid Form Body" response."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.tree)

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        """Record one error at a path such as ("data", "embeds", 0, "title")."""
        node = self.tree
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def flat(self) -> list[str]:
        """Readable "path: message" lines, for assertion messages."""
        lines: list[str] = []

        def walk(node: dict[str, Any], prefix: str) -> None:
            for key, value in node.items():
                if key == "_errors":
                    lines.extend(f"{prefix or '<root>'}: {e['message']}" for e in value)
                else:
                    walk(value, f"{prefix}.{key}" if prefix else key)

        walk(self.tree, "")
        return lines


def _length(errors: Errors, path: tuple, value: Any, low: int, high: int) -> None:
    if not isinstance(value, str) or not low <= len(value) <= high:
        if low == 0:
            errors.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {high} or fewer in length.")
        else:
            errors.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def _count(errors: Errors, path: tuple, items: list, high: int) -> None:
    if len(items) > high:
        errors.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {high} or fewer in length.")


def is_valid_chat_input_name(name: Any) -> bool:
    """Discord's ^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$, lower case where a lower case exists."""
    if not isinstance(name, str) or not 1 <= len(name) <= 32 or name != name.lower():
        return False
    # Marks (category M) stand in for the Devanagari and Thai vowel signs that the regex admits.
    return all(ch in "-_'" or unicodedata.category(ch)[0] in "LNM" for ch in name)


def _name(errors: Errors, path: tuple, name: Any, chat_input: bool) -> None:
    if chat_input:
        if not is_valid_chat_input_name(name):
            errors.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    else:
        _length(errors, path, name, 1, 32)


def _localizations(errors: Errors, path: tuple, values: Any, check) -> None:
    for locale, text in (values or {}).items():
        if locale not in VALID_LOCALES:
            errors.add((*path, locale), "LOCALE_INVALID", f"Invalid locale: {locale}")
        else:
            check(errors, (*path, locale), text)


def _check_option(errors: Errors, path: tuple, option: dict[str, Any]) -> None:
    _name(errors, (*path, "name"), option.get("name"), chat_input=True)
    _localizations(
        errors,
        (*path, "name_localizations"),
        option.get("name_localizations"),
        lambda e, p, v: _name(e, p, v, chat_input=True),
    )
    _length(errors, (*path, "description"), option.get("description"), 1, 100)
    _localizations(
        errors,
        (*path, "description_localizations"),
        option.get("description_localizations"),
        lambda e, p, v: _length(e, p, v, 1, 100),
    )
    choices = option.get("choices") or []
    _count(errors, (*path, "choices"), choices, MAX_CHOICES)
    for i, choice in enumerate(choices):
        check_choice(errors, (*path, "choices", i), choice)
    sub_options = option.get("options") or []
    _count(errors, (*path, "options"), sub_options, MAX_OPTIONS)
    for i, sub in enumerate(sub_options):
        _check_option(errors, (*path, "options", i), sub)


def check_choice(errors: Errors, path: tuple, choice: dict[str, Any]) -> None:
    """A choice (static or autocomplete): name 1–100, string value ≤ 100."""
    _length(errors, (*path, "name"), choice.get("name"), 1, 100)
    _localizations(
        errors,
        (*path, "name_localizations"),
        choice.get("name_localizations"),
        lambda e, p, v: _length(e, p, v, 1, 100),
    )
    value = choice.get("value")
    if isinstance(value, str):
        _length(errors, (*path, "value"), value, 0, 100)


def command_errors(commands: list[dict[str, Any]]) -> Errors:
    """Validate a bulk-overwrite payload (PUT .../commands)."""
    errors = Errors()
    if sum(1 for c in commands if c.get("type", 1) == 1) > 100:
        errors.add((), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
    seen: set[tuple[int, str]] = set()
    for i, command in enumerate(commands):
        kind = command.get("type", 1)
        chat_input = kind == 1
        key = (kind, command.get("name"))
        if key in seen:
            errors.add(
                (i, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"
            )
        seen.add(key)
        _name(errors, (i, "name"), command.get("name"), chat_input)
        _localizations(
            errors,
            (i, "name_localizations"),
            command.get("name_localizations"),
            lambda e, p, v, c=chat_input: _name(e, p, v, c),
        )
        if chat_input:
            _length(errors, (i, "description"), command.get("description"), 1, 100)
            _localizations(
                errors,
                (i, "description_localizations"),
                command.get("description_localizations"),
                lambda e, p, v: _length(e, p, v, 1, 100),
            )
        options = command.get("options") or []
        _count(errors, (i, "options"), options, MAX_OPTIONS)
        for j, option in enumerate(options):
            _check_option(errors, (i, "options", j), option)
    return errors


def autocomplete_errors(data: dict[str, Any] | None) -> Errors:
    """Validate a type 8 callback's data: at most 25 choices, each name 1–100, string value ≤ 100."""
    errors = Errors()
    choices = (data or {}).get("choices") or []
    _count(errors, ("data", "choices"), choices, MAX_CHOICES)
    for i, choice in enumerate(choices):
        check_choice(errors, ("data", "choices", i), choice)
    return errors


def embed_size(embed: dict[str, Any]) -> int:
    """Characters counted towards the 6000 total, in code points (Python len)."""
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    size += len((embed.get("footer") or {}).get("text") or "")
    size += len((embed.get("author") or {}).get("name") or "")
    for f in embed.get("fields") or []:
        size += len(f.get("name") or "") + len(f.get("value") or "")
    return size


def _check_embed(errors: Errors, path: tuple, embed: dict[str, Any]) -> None:
    for key, high in EMBED_LIMITS.items():
        if embed.get(key) is not None:
            _length(errors, (*path, key), embed[key], 0, high)
    footer = embed.get("footer")
    if footer:
        _length(errors, (*path, "footer", "text"), footer.get("text"), 1, 2048)
    author = embed.get("author")
    if author:
        _length(errors, (*path, "author", "name"), author.get("name"), 1, 256)
    fields = embed.get("fields") or []
    _count(errors, (*path, "fields"), fields, 25)
    for i, f in enumerate(fields):
        # Empty names or values are rejected too; a common bug with computed field text.
        _length(errors, (*path, "fields", i, "name"), f.get("name"), 1, 256)
        _length(errors, (*path, "fields", i, "value"), f.get("value"), 1, 1024)


def _check_allowed_mentions(errors: Errors, path: tuple, allowed: Any) -> None:
    """``parse`` holds only users/roles/everyone; a kind is parsed or listed, never both; 100 ids at most."""
    if allowed is None:
        return
    parse = allowed.get("parse") or []
    for i, kind in enumerate(parse):
        if kind not in MENTION_KINDS:
            errors.add((*path, "parse", i), "BASE_TYPE_CHOICES", f"Value must be one of {MENTION_KINDS}.")
    for kind in ("users", "roles"):
        ids = allowed.get(kind) or []
        _count(errors, (*path, kind), ids, 100)
        if kind in parse and ids:
            errors.add(
                path,
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{kind}"] and {kind}: [ids] are mutually exclusive.',
            )


def message_errors(data: dict[str, Any], prefix: tuple = ()) -> Errors:
    """Validate content, embeds and allowed_mentions of a message create or edit."""
    errors = Errors()
    _check_allowed_mentions(errors, (*prefix, "allowed_mentions"), data.get("allowed_mentions"))
    content = data.get("content")
    if content is not None:
        _length(errors, (*prefix, "content"), str(content), 0, CONTENT_MAX)
    embeds = data.get("embeds") or []
    _count(errors, (*prefix, "embeds"), embeds, MAX_EMBEDS)
    _count(errors, (*prefix, "attachments"), data.get("_files") or [], MAX_FILES)
    for i, embed in enumerate(embeds):
        _check_embed(errors, (*prefix, "embeds", i), embed)
    if sum(embed_size(e) for e in embeds) > EMBED_TOTAL:
        errors.add(
            (*prefix, "embeds"),
            "MAX_EMBED_SIZE_EXCEEDED",
            f"Embed size exceeds maximum size of {EMBED_TOTAL}",
        )
    return errors


def is_empty_message(data: dict[str, Any]) -> bool:
    """True when a new message would have nothing to show (Discord answers 50006)."""
    keys = ("embeds", "components", "attachments", "sticker_ids", "poll", "files")
    content = data.get("content")
    blank = not content or (isinstance(content, str) and not content.strip())  # Discord trims it first
    return blank and not any(data.get(k) for k in keys)
