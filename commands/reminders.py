"""Reminders for owners whose indicator has gone stale: one per stale spell, opt-in per indicator."""

from __future__ import annotations

from dataclasses import dataclass

from commands.context import Context


@dataclass(frozen=True)
class Reminder:
    """A reminder to post: whom to mention and the text; plan, indicator and spell identify it."""

    plan: str
    no: int
    owner_kind: str  # "user" or "role"
    owner_id: str
    mention: str | None  # the mention to put in the text, or None when the owner has no Discord id
    text: str
    spell: str  # the due date that began this stale spell


def _mention(kind: str, owner_id: str) -> str | None:
    if not owner_id.isdigit():
        return None  # set from the console: a name, not a Discord id
    return f"<@{owner_id}>" if kind == "user" else f"<@&{owner_id}>"


def due_reminders(ctx: Context) -> list[Reminder]:
    """Stale indicators whose owner asked to be reminded, and were not reminded for this spell yet."""
    if ctx.store is None:
        return []
    out = []
    plan = ctx.plan
    reminded = ctx.store.reminded_spells(plan)
    for no, owner in sorted(ctx.store.owners(plan).items()):
        ind = ctx.kb.indicator(no, plan)
        fresh = ctx.freshness(ind) if ind else None
        if not owner.remind or ind is None or fresh is None or not fresh.stale:
            continue
        spell = fresh.due.isoformat()
        if reminded.get(no) == spell:
            continue
        mention = _mention(owner.owner_kind, owner.owner_id)
        who = mention or owner.owner_name
        text = (
            f"{who} 指標{no}「{ind.name}」の実績の更新期限を過ぎています（{fresh.overdue_days}日超過）。"
            f"{fresh.explain()}/update {no} で最新の値を記録してください。"
        )
        out.append(Reminder(plan, no, owner.owner_kind, owner.owner_id, mention, text, spell))
    return out


def mark_sent(ctx: Context, reminder: Reminder) -> None:
    """Remember that this stale spell was reminded."""
    assert ctx.store is not None
    ctx.store.mark_reminded(reminder.plan, reminder.no, reminder.spell)
