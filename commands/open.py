"""What opens an item in full: the one map from a kind of item to the command that shows it.

Search results, select menus of candidates and the console's numbered picks all open an item
through ``open_item`` and show how to open it with ``command_line``, so the map exists once.
"""

from __future__ import annotations

from commands.context import Context
from commands.field import field
from commands.glossary import glossary
from commands.indicator import indicator
from commands.lookup import plan_option
from commands.overview import overview
from commands.plan import part_word
from commands.plan import plan as plan_command
from commands.project import project
from commands.registry import FIELD, GLOSSARY, INDICATOR, OVERVIEW, PLAN, PROJECT, CommandSpec
from commands.replies import Candidate, Reply

OPENS: dict[str, CommandSpec] = {
    "indicator": INDICATOR,
    "project": PROJECT,
    "section": PROJECT,
    "action": PROJECT,
    "field": FIELD,
    "term": GLOSSARY,
    "part": PLAN,
}


def command_line(ctx: Context, kind: str, key: int | str, plan: str | None) -> str:
    """The command a user types to open an item, e.g. ``/indicator 5 plan:2021``."""
    spec = OPENS.get(kind, OVERVIEW)
    if spec is OVERVIEW:
        return "/overview"
    if spec is PLAN:
        return f"/plan {part_word(ctx, str(key))}"
    suffix = plan_option(ctx, plan) if spec is INDICATOR and plan else ""
    return f"/{spec.name} {key}{suffix}"


def open_item(ctx: Context, kind: str, key: int | str, plan: str | None = None) -> Reply:
    """The full answer for one item, as its own command would give it."""
    spec = OPENS.get(kind, OVERVIEW)
    if spec is INDICATOR:
        return indicator(ctx, str(key), plan=plan)
    if spec is PROJECT:
        return project(ctx, str(key))
    if spec is FIELD:
        return field(ctx, str(key))
    if spec is GLOSSARY:
        return glossary(ctx, str(key))
    if spec is PLAN:
        return plan_command(ctx, part_word(ctx, str(key)))
    return overview(ctx)


def open_candidate(ctx: Context, candidate: Candidate) -> Reply:
    """Open a candidate that the user picked from a menu or by number."""
    return open_item(ctx, candidate.kind, candidate.key, candidate.plan)
