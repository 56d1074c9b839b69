"""The console's text parser: ``/indicator 7 plan:2021`` or ``/指標 7 計画:2021`` → one typed call.

The first word names the command; ``name:value`` words whose name is one of the command's options
(English, Japanese or an alias, with ``:`` or ``：``) are options; everything else is the query.
Option text is converted to the option's declared type here, so the console calls the very same
typed functions that Discord's cogs call, and the same checks refuse what does not fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from commands.ask import ask
from commands.audit import audit
from commands.context import Context
from commands.field import field as field_command
from commands.format import half_width
from commands.glossary import glossary
from commands.help import help_reply
from commands.history import history
from commands.indicator import indicator
from commands.lookup import clean
from commands.options import OptionSpec, Person
from commands.overview import overview
from commands.owner import owner
from commands.plan import plan
from commands.project import project
from commands.quiz import quiz
from commands.rate import rate
from commands.registry import ASK, CommandSpec, all_commands, find_command
from commands.replies import Reply, problem
from commands.report import report
from commands.search import search
from commands.tour import tour
from commands.transfer import export_all
from commands.update import undo, update

MAX_LINE = 2000  # Discord's own message limit; longer lines are refused before parsing

# The console's typed entry points, by command name (the registry itself holds no handlers).
HANDLERS: dict[str, Callable[..., Reply]] = {
    "ask": ask,
    "indicator": indicator,
    "project": project,
    "field": field_command,
    "search": search,
    "glossary": glossary,
    "tour": tour,
    "quiz": quiz,
    "history": history,
    "update": update,
    "undo": undo,
    "rate": rate,
    "owner": owner,
    "audit": audit,
    "export": export_all,
    "report": report,
    "overview": overview,
    "plan": plan,
    "help": lambda ctx: help_reply(ctx, "console"),
}

YES = frozenset({"yes", "y", "true", "on", "はい", "する", "1"})
NO = frozenset({"no", "n", "false", "off", "いいえ", "しない", "0"})

_OPTION = re.compile(r"^(?P<name>[^\s:：]+)[:：](?P<value>.*)$")
_ASCII_NAME = re.compile(r"^[A-Za-z_]+$")
_MONTHS = ("か月", "ヶ月", "カ月", "ケ月", "ヵ月")


@dataclass(frozen=True)
class Parsed:
    """A command line split into command, query and typed option values."""

    spec: CommandSpec
    query: str
    options: dict[str, object] = field(default_factory=dict)


def _command_list() -> str:
    return "、".join(f"/{s.name}" for s in all_commands("console"))


def typed_value(option: OptionSpec, text: str) -> object:
    """Console text as the option's type; text that does not convert is passed on to be refused."""
    if option.type == "integer":
        word = half_width(text).strip().lower()
        for value_word, value in option.words:
            if word == value_word:
                return value
        for suffix in _MONTHS:
            word = word.removesuffix(suffix)
        return int(word) if re.fullmatch(r"[+-]?\d{1,12}", word) else text
    if option.type == "boolean":
        word = half_width(text).strip().lower()
        return True if word in YES else False if word in NO else text
    if option.type == "member":
        name = clean(text).strip()[:80]
        return Person("user", f"console:{name}", name) if name else text
    if option.type == "role":
        name = clean(text).strip().lstrip("@＠")[:80]
        return Person("role", f"console:@{name}", f"@{name}") if name else text
    return text


def parse(line: str) -> Parsed | Reply:
    """Split a line into a Parsed command, or return the problem reply for a malformed one."""
    if len(line) > MAX_LINE:
        return problem("invalid", "help", f"入力が長すぎます（{MAX_LINE}文字まで）。例: /indicator 15")
    words = line.replace("\u3000", " ").split()
    if not words:
        return problem("invalid", "help", f"コマンドを入力してください。使えるコマンド: {_command_list()}")
    if not words[0].startswith(("/", "／")) and find_command(words[0], "console") is None:
        # plain words are a question, as in a chat with a colleague
        return Parsed(ASK, line.strip())
    spec = find_command(words[0], "console")
    if spec is None:
        shown = clean(words[0])[:30]
        elsewhere = find_command(words[0])
        where = "（Discord でのみ使えます）" if elsewhere is not None else ""
        return problem(
            "invalid",
            "help",
            f"「{shown}」というコマンドはありません{where}。使えるコマンド: {_command_list()}。/help で使い方を表示します。",
        )
    names = {name.lower(): o for o in spec.options for name in o.names()}
    options: dict[str, object] = {}
    query: list[str] = []
    for word in words[1:]:
        m = _OPTION.match(word)
        if m and m["name"].lower() in names:
            option = names[m["name"].lower()]
            options[option.name] = typed_value(option, m["value"])
        elif m and _ASCII_NAME.match(m["name"]):
            valid = "、".join(f"{o.name}:（{o.ja}:）" for o in spec.options) or "なし"
            return problem(
                "invalid",
                "help",
                f"/{spec.name} に「{m['name'][:20]}」というオプションはありません。使えるオプション: {valid}",
            )
        else:
            query.append(word)
    text = " ".join(query)
    if query and spec.query is None:
        # A bare word fills the one option a command reads that way (/tour 3, /quiz 42).
        bare = next((o for o in spec.options if o.type == "integer" and not o.editor_only), None)
        if bare is None or bare.name in options or len(query) > 1:
            return problem("invalid", "help", f"/{spec.name} には検索語を付けません。例: {spec.example}")
        options[bare.name] = typed_value(bare, text)
        text = ""
    return Parsed(spec, text, options)


def run(ctx: Context, parsed: Parsed) -> Reply:
    """Call the command's typed function with the parsed query and options."""
    handler = HANDLERS[parsed.spec.name]
    if parsed.spec.query is None:
        return handler(ctx, **parsed.options)
    query = parsed.query if parsed.query or parsed.spec.query.required else None
    return handler(ctx, query, **parsed.options)


def execute(ctx: Context, line: str) -> Reply:
    """Parse a command line and answer it."""
    parsed = parse(line)
    if isinstance(parsed, Reply):
        return parsed
    return run(ctx, parsed)
