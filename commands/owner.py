"""/owner: the person or role who answers for an indicator (担当), with an opt-in stale reminder."""

from __future__ import annotations

from commands import format as fmt
from commands.context import Context, cadence_key
from commands.lookup import clean, find_indicator
from commands.replies import Reply, ReplyField, problem
from commands.update import NO_STORE, NOT_EDITOR, log_denied
from knowledge.store import Owner, StoreError

MIN_CADENCE, MAX_CADENCE = 1, 60
YES = {"yes", "true", "on", "はい", "する", "1"}
NO = {"no", "false", "off", "いいえ", "しない", "0"}


def _settings_fields(ctx: Context, ind, current: Owner | None) -> tuple[ReplyField, ...]:
    who = current.owner_name if current else "未設定"
    reminder = "する（更新期限を過ぎたときに担当へ通知します）" if current and current.remind else "しない"
    return (
        ReplyField("担当", who, inline=True),
        ReplyField("期限切れの通知", reminder, inline=True),
        ReplyField("更新の間隔", f"{ctx.cadence(ind)}か月（これを過ぎると更新期限切れ）", inline=True),
    )


def assign_owner(
    ctx: Context,
    query: str,
    owner_kind: str | None = None,
    owner_id: str | None = None,
    owner_name: str | None = None,
    remind: bool | None = None,
    cadence: int | None = None,
) -> Reply:
    """Show or set an indicator's owner and update cadence; setting needs an editor."""
    if ctx.store is None:
        return problem("invalid", "owner", NO_STORE)
    ind, bad = find_indicator(ctx, query, "2024", "owner", "/owner 15 who:山田")
    if bad:
        return bad
    assert ind is not None
    current = ctx.store.owner("2024", ind.no)
    record = {"no": ind.no, "owner": current.owner_name if current else None, "cadence": ctx.cadence(ind)}
    if owner_kind is None and cadence is None:
        return Reply(
            status="ok",
            kind="owner",
            title=f"指標{ind.no} {ind.name} の担当",
            fields=_settings_fields(ctx, ind, current),
            footer=f"データ版 {ctx.kb.version}",
            key=ind.no,
            record=record,
        )
    if not ctx.actor.editor:
        log_denied(ctx, "owner", plan="2024", indicator=ind.no)
        return problem("invalid", "owner", NOT_EDITOR.replace("実績を記録する", "担当を設定する"))
    if cadence is not None and not MIN_CADENCE <= cadence <= MAX_CADENCE:
        return problem(
            "invalid", "owner", f"更新の間隔は {MIN_CADENCE}〜{MAX_CADENCE} か月で指定してください。"
        )
    before = current.owner_name if current else "未設定"
    try:
        if owner_kind is not None:
            assert owner_id is not None and owner_name is not None
            keep = current.remind if current else False
            current = ctx.store.set_owner(
                "2024",
                ind.no,
                owner_kind,
                owner_id,
                owner_name,
                ctx.actor.id,
                ctx.actor.name,
                remind=keep if remind is None else remind,
            )
        if cadence is not None:
            detail = {"before": ctx.cadence(ind), "after": cadence}
            ctx.store.set_setting(cadence_key(ind), cadence)
            ctx.store.log(ctx.actor.id, ctx.actor.name, "cadence", "2024", ind.no, detail)
    except StoreError as exc:
        return problem("invalid", "owner", exc.message)
    changed = (ReplyField("変更前の担当", before, inline=True),) if owner_kind is not None else ()
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


def owner(
    ctx: Context,
    query: str = "",
    who: str | None = None,
    remind: str | None = None,
    cadence: str | None = None,
) -> Reply:
    """Console form of /owner: ``who:NAME`` names a person, ``remind:yes`` asks for reminders, ``cadence:6``."""
    months = None
    if cadence is not None:
        text = fmt.half_width(cadence).removesuffix("か月").removesuffix("ヶ月")
        if not text.isdigit():
            return problem(
                "invalid",
                "owner",
                f"cadence: には月数（{MIN_CADENCE}〜{MAX_CADENCE}）を指定してください。例: cadence:6",
            )
        months = int(text)
    flag = None
    if remind is not None:
        word = remind.strip().lower()
        if word not in YES | NO:
            return problem("invalid", "owner", "remind: には yes か no を指定してください。")
        flag = word in YES
    if who is None or not clean(who).strip():
        if flag is not None:
            return problem(
                "invalid", "owner", "担当者を who: で指定してください。例: /owner 15 who:山田 remind:yes"
            )
        return assign_owner(ctx, query, cadence=months)
    name = clean(who).strip()[:80]
    return assign_owner(ctx, query, "user", f"console:{name}", name, flag, months)
