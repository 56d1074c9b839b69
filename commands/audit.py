"""/audit: recent write actions, with who and when (editors only)."""

from __future__ import annotations

from commands import format as fmt
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
    "rate": "公式評価の記録",
    "unrate": "公式評価の取り消し",
}


def _period(text: object) -> str:
    """A stored period code as users read it (FY2025 → 2025年度（令和7年度））."""
    try:
        return fmt.period_label(str(text)) if text else ""
    except ValueError:
        return str(text)


def _describe(row: AuditRow) -> str:
    detail = row.detail or {}
    target = f"指標{row.indicator}" if row.indicator else ""
    extra = ""
    if row.action in ("update", "import"):
        replaced = detail.get("replaces") or {}
        old = f"{replaced['value_text']} → " if replaced.get("value_text") else ""
        extra = f" {old}{detail.get('value_text', '')}（{_period(detail.get('as_of'))}）"
    elif row.action == "undo":
        extra = f" {detail.get('value_text', '')}（{_period(detail.get('as_of'))}）を取り消し"
    elif row.action in ("rate", "unrate"):
        replaced = detail.get("replaces") or {}
        old = f"{'★' * int(replaced['stars'])} → " if replaced.get("stars") else ""
        stars = "★" * int(detail.get("stars") or 0)
        extra = f" {old}{stars}（{_period(detail.get('as_of'))}）"
        if row.plan:
            extra = f"（計画{row.plan}）{extra}"
    elif row.action == "denied":
        extra = f"（{detail.get('attempted', '')}）"
    elif row.action == "cadence":
        extra = f" {detail.get('before')}か月 → {detail.get('after')}か月"
    elif row.action == "owner":
        before = (detail.get("before") or {}).get("name")
        after = (detail.get("after") or {}).get("name")
        extra = f" {before or '未設定'} → {after or '未設定'}"
    return f"{fmt.jst(row.at)} {row.actor_name} {ACTIONS.get(row.action, row.action)} {target}{extra}".strip()


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
        footer="時刻は日本時間",
        record={"items": [{"id": r.id, "at": r.at, "actor": r.actor_name, "action": r.action} for r in rows]},
    )
