"""/ask: a question in plain Japanese, answered exactly from the data, or asked back."""

from __future__ import annotations

from commands.context import Context
from commands.registry import ASK, command
from commands.replies import Reply, problem


@command(ASK)
def ask(ctx: Context, query: str) -> Reply:
    """Answer /ask: what is asked about which item, in one to three lines, with the command for more."""
    return problem("not_found", "answer", "まだ質問には答えられません。")
