"""Read a command line as people type it: ``/indicator 7 plan:2021`` or ``/指標 7 計画:2021``.

The first word names the command; ``name:value`` words whose name is one of the command's options
(English or Japanese, with ``:`` or ``：``) are options; everything else is the query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commands.context import Context
from commands.lookup import clean
from commands.registry import CommandSpec, all_commands, find_command
from commands.replies import Reply, problem

MAX_LINE = 2000  # Discord's own message limit; longer lines are refused before parsing

_OPTION = re.compile(r"^(?P<name>[^\s:：]+)[:：](?P<value>.*)$")
_ASCII_NAME = re.compile(r"^[A-Za-z_]+$")


@dataclass(frozen=True)
class Parsed:
    """A command line split into command, query and options."""

    spec: CommandSpec
    query: str
    options: dict[str, str] = field(default_factory=dict)


def _command_list() -> str:
    return "、".join(f"/{s.name}" for s in all_commands())


def parse(line: str) -> Parsed | Reply:
    """Split a line into a Parsed command, or return the problem reply for a malformed one."""
    if len(line) > MAX_LINE:
        return problem("invalid", "help", f"入力が長すぎます（{MAX_LINE}文字まで）。例: /indicator 15")
    words = line.replace("\u3000", " ").split()
    if not words:
        return problem("invalid", "help", f"コマンドを入力してください。使えるコマンド: {_command_list()}")
    spec = find_command(words[0])
    if spec is None:
        shown = clean(words[0])[:30]
        return problem(
            "invalid",
            "help",
            f"「{shown}」というコマンドはありません。使えるコマンド: {_command_list()}。/help で使い方を表示します。",
        )
    names = {o.name: o.name for o in spec.options} | {o.ja: o.name for o in spec.options}
    options: dict[str, str] = {}
    query: list[str] = []
    for word in words[1:]:
        m = _OPTION.match(word)
        if m and m["name"].lower() in names:
            options[names[m["name"].lower()]] = m["value"]
        elif m and _ASCII_NAME.match(m["name"]):
            valid = "、".join(f"{o.name}:（{o.ja}:）" for o in spec.options) or "なし"
            return problem(
                "invalid",
                "help",
                f"/{spec.name} に「{m['name'][:20]}」というオプションはありません。使えるオプション: {valid}",
            )
        else:
            query.append(word)
    if query and spec.query is None:
        return problem("invalid", "help", f"/{spec.name} には検索語を付けません。例: {spec.example}")
    return Parsed(spec, " ".join(query), options)


def run(ctx: Context, spec: CommandSpec, query: str = "", options: dict[str, str] | None = None) -> Reply:
    """Call a command's handler with its query and options."""
    kwargs = dict(options or {})
    if spec.query is not None:
        return spec.handler(ctx, query, **kwargs)
    return spec.handler(ctx, **kwargs)


def execute(ctx: Context, line: str) -> Reply:
    """Parse a command line and answer it."""
    parsed = parse(line)
    if isinstance(parsed, Reply):
        return parsed
    return run(ctx, parsed.spec, parsed.query, parsed.options)
