"""/owner: the person or role who answers for an indicator (担当), with an opt-in stale reminder."""

from __future__ import annotations

from commands.context import Context
from commands.lookup import clean, find_indicator
from commands.options import Person
from commands.registry import OWNER, command
from commands.replies import Reply, ReplyField, problem
from commands.update import NO_STORE
from knowledge.models import Indicator
from knowledge.store import Owner, StoreError


def _settings_fields(ctx: Context, ind: Indicator, current: Owner | None) -> tuple[ReplyField, ...]:
    who = current.owner_name if current else "未設定"
    reminder = "する（更新期限を過ぎたときに担当へ通知します）" if current and current.remind else "しない"
    return (
        ReplyField("担当", who, inline=True),
        ReplyField("期限切れの通知", reminder, inline=True),
        ReplyField("更新の間隔", f"{ctx.cadence(ind)}か月（これを過ぎると更新期限切れ）", inline=True),
    )


@command(OWNER)
def owner(
    ctx: Context,
    query: str,
    person: Person | None = None,
    role: Person | None = None,
    remind: bool | None = None,
    cadence: int | None = None,
) -> Reply:
    """Show or set an indicator's owner (a member or a role) and its update cadence."""
    if ctx.store is None:
        return problem("invalid", "owner", NO_STORE)
    if person is not None and role is not None:
        return problem("invalid", "owner", "担当者とロールはどちらか一方だけ指定してください。")
    who = person or role
    if remind is not None and who is None:
        return problem(
            "invalid",
            "owner",
            f"通知を設定するには担当者を指定してください。例: {OWNER.line(15, person='山田', remind=True)}",
        )
    ind, bad = find_indicator(ctx, query, ctx.plan, "owner", OWNER.line(15, person="山田"))
    if bad:
        return bad
    assert ind is not None
    current = ctx.store.owner(ctx.plan, ind.no)
    record = {"no": ind.no, "owner": current.owner_name if current else None, "cadence": ctx.cadence(ind)}
    if who is None and cadence is None:
        return Reply(
            status="ok",
            kind="owner",
            title=f"指標{ind.no} {ind.name} の担当",
            fields=_settings_fields(ctx, ind, current),
            footer=f"データ版 {ctx.kb.version}",
            key=ind.no,
            record=record,
        )
    before = current.owner_name if current else "未設定"
    try:
        if who is not None:
            keep = current.remind if current else False
            current = ctx.store.set_owner(
                ctx.plan,
                ind.no,
                who.kind,
                who.id,
                clean(who.name).strip()[:80] or who.id,
                ctx.actor.id,
                ctx.actor.name,
                remind=keep if remind is None else remind,
            )
        if cadence is not None:
            detail = {"before": ctx.cadence(ind), "after": cadence}
            ctx.store.set_cadence(ind.plan, ind.no, cadence)
            ctx.store.log(ctx.actor.id, ctx.actor.name, "cadence", ctx.plan, ind.no, detail)
    except StoreError as exc:
        return problem("invalid", "owner", exc.message)
    ctx = ctx.fresh()
    changed = (ReplyField("変更前の担当", before, inline=True),) if who is not None else ()
    return Reply(
        status="ok",
        kind="owner",
        title=f"指標{ind.no} {ind.name} の担当を設定しました",
        fields=changed + _settings_fields(ctx, ind, current),
        footer=f"設定: {ctx.actor.name} ・ データ版 {ctx.kb.version}",
        key=ind.no,
        record={
            **record,
            "owner": current.owner_name if current else None,
            "kind": current.owner_kind if current else None,
            "remind": bool(current and current.remind),
            "cadence": ctx.cadence(ind),
        },
        links=((f"指標{ind.no}", f"/indicator {ind.no}"),),
    )
