"""/audit: recent write actions, with who and when (editors only)."""

from __future__ import annotations

from commands.context import Context
from commands.registry import AUDIT, command
from commands.replies import Reply, problem
from commands.update import NO_STORE
from knowledge.store import AuditRow

LIMIT = 20
ACTIONS = {
    "update": "記録",
    "undo": "取り消し",
    "owner": "担当設定",
    "cadence": "更新間隔の設定",
    "import": "取り込み",
    "denied": "拒否",
}


def _describe(row: AuditRow) -> str:
    detail = row.detail or {}
    target = f"指標{row.indicator}" if row.indicator else ""
    extra = ""
    if row.action in ("update", "import"):
        replaced = detail.get("replaces") or {}
        old = f"{replaced['value_text']} → " if replaced.get("value_text") else ""
        extra = f" {old}{detail.get('value_text', '')}（{detail.get('as_of', '')}）"
    elif row.action == "denied":
        extra = f"（{detail.get('attempted', '')}）"
    elif row.action == "cadence":
        extra = f" {detail.get('before')}か月 → {detail.get('after')}か月"
    elif row.action == "owner":
        after = (detail.get("after") or {}).get("owner_name")
        extra = f" → {after or '未設定'}"
    return f"{row.at[:16].replace('T', ' ')} {row.actor_name} {ACTIONS.get(row.action, row.action)} {target}{extra}".strip()


@command(AUDIT)
def audit(ctx: Context) -> Reply:
    """Answer /audit: the latest write actions, newest first."""
    if ctx.store is None:
        return problem("invalid", "audit", NO_STORE)
    rows = ctx.store.audit_log(limit=LIMIT)
    lines = [_describe(r) for r in rows] or ["まだ記録はありません。"]
    return Reply(
        status="ok",
        kind="audit",
        title=f"最近の操作（新しい順・最大{LIMIT}件）",
        lines=tuple(lines),
        footer="時刻は UTC",
        record={"items": [{"id": r.id, "at": r.at, "actor": r.actor_name, "action": r.action} for r in rows]},
    )
