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


GUIDE = "docs/guide.ja.md"  # the staff guide in Japanese, in this repository


def guide_line(url: str | None = None) -> str:
    """Where the staff guide is: its address when one is set, else its place in the repository."""
    return f"職員向けの利用ガイド（聞き方・実績の登録と訂正・★と公式／試算の意味）: {url or GUIDE}"


@command(HELP)
def help_reply(ctx: Context, surface: Surface | None = None, guide_url: str | None = None) -> Reply:
    """Answer /help: every command of this front end with its usage and an example, and the guide."""
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
            guide_line(guide_url),
        ),
        fields=rows,
        footer=f"データ版 {ctx.kb.version}",
        record={
            "commands": [{"name": s.name, "ja": s.ja, "example": s.example} for s in specs],
            "guide": guide_url or GUIDE,
        },
        links=tuple((s.example, s.example) for s in specs if s.name != "help"),
    )
