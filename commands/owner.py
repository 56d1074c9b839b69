"""/owner: the person or role who answers for an indicator (担当), with an opt-in stale reminder."""

from __future__ import annotations

from commands.context import Context
from commands.lookup import clean, find_indicator
from commands.replies import Reply, ReplyField, problem
from commands.update import NO_STORE, NOT_EDITOR, log_denied
from knowledge.store import StoreError

YES = {"yes", "true", "on", "はい", "する", "1"}
NO = {"no", "false", "off", "いいえ", "しない", "0"}


def assign_owner(
    ctx: Context,
    query: str,
    owner_kind: str | None = None,
    owner_id: str | None = None,
    owner_name: str | None = None,
    remind: bool | None = None,
) -> Reply:
    """Show or set an indicator's owner; setting needs an editor."""
    if ctx.store is None:
        return problem("invalid", "owner", NO_STORE)
    ind, bad = find_indicator(ctx, query, "2024", "owner", "/owner 15 who:山田")
    if bad:
        return bad
    assert ind is not None
    current = ctx.store.owner("2024", ind.no)
    if owner_kind is None:
        who = current.owner_name if current else "未設定"
        reminder = "する" if current and current.remind else "しない"
        return Reply(
            status="ok",
            kind="owner",
            title=f"指標{ind.no} {ind.name} の担当",
            fields=(
                ReplyField("担当", who, inline=True),
                ReplyField("期限切れの通知", reminder, inline=True),
            ),
            footer=f"データ版 {ctx.kb.version}",
            key=ind.no,
            record={"no": ind.no, "owner": None if current is None else current.owner_name},
        )
    if not ctx.actor.editor:
        log_denied(ctx, "owner", plan="2024", indicator=ind.no)
        return problem("invalid", "owner", NOT_EDITOR.replace("実績を記録する", "担当を設定する"))
    assert owner_id is not None and owner_name is not None
    keep = current.remind if current else False
    try:
        owner = ctx.store.set_owner(
            "2024",
            ind.no,
            owner_kind,
            owner_id,
            owner_name,
            ctx.actor.id,
            ctx.actor.name,
            remind=keep if remind is None else remind,
        )
    except StoreError as exc:
        return problem("invalid", "owner", exc.message)
    before = current.owner_name if current else "未設定"
    return Reply(
        status="ok",
        kind="owner",
        title=f"指標{ind.no} {ind.name} の担当を設定しました",
        fields=(
            ReplyField("変更前", before, inline=True),
            ReplyField("変更後", owner.owner_name, inline=True),
            ReplyField(
                "期限切れの通知",
                "する（更新期限を過ぎたときに担当へ通知します）" if owner.remind else "しない",
            ),
        ),
        footer=f"設定: {ctx.actor.name} ・ データ版 {ctx.kb.version}",
        key=ind.no,
        record={"no": ind.no, "owner": owner.owner_name, "kind": owner.owner_kind, "remind": owner.remind},
        links=((f"指標{ind.no}", f"/indicator {ind.no}"),),
    )


def owner(ctx: Context, query: str = "", who: str | None = None, remind: str | None = None) -> Reply:
    """Console form of /owner: ``who:NAME`` names a person; ``remind:yes`` turns on the reminder."""
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
        return assign_owner(ctx, query)
    name = clean(who).strip()[:80]
    return assign_owner(ctx, query, "user", f"console:{name}", name, flag)
