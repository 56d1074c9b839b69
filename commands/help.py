"""/help: every command with its options and an example, from the registry."""

from __future__ import annotations

from commands.context import Context
from commands.registry import HELP, INDICATOR, CommandSpec, Surface, all_commands, command
from commands.replies import Reply, ReplyField


def usage(spec: CommandSpec) -> str:
    """How the command is typed, e.g. ``/indicator <検索語> [plan:… project:…]``."""
    options = " ".join(f"{o.name}:…" for o in spec.options)
    query = (" <検索語>" if spec.query.required else " [検索語]") if spec.query else ""
    return f"/{spec.name}{query}" + (f" [{options}]" if options else "")


@command(HELP)
def help_reply(ctx: Context, surface: Surface | None = None) -> Reply:
    """Answer /help: every command of this front end with its usage and an example."""
    specs = all_commands(surface)
    rows = tuple(
        ReplyField(f"/{s.name}（/{s.ja}）", f"{s.description}\n使い方: {usage(s)}\n例: {s.example}")
        for s in specs
    )
    revision = ctx.kb.revision(ctx.plan)
    older = [p for p in ctx.kb.plan_ids if p != ctx.plan]
    example = INDICATOR.line(7, plan=older[-1] if older else None)
    return Reply(
        status="ok",
        kind="help",
        title="使い方",
        lines=(
            f"{revision.title}について答えるボットです。",
            f"番号でも名前でも調べられます。オプションは 名前:値 の形で付けます（例: {example}）。",
        ),
        fields=rows,
        footer=f"データ版 {ctx.kb.version}",
        record={"commands": [{"name": s.name, "ja": s.ja, "example": s.example} for s in specs]},
        links=tuple((s.example, s.example) for s in specs if s.name != "help"),
    )
