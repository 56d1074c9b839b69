"""/update and /undo: editors record actuals as they are published, and withdraw mistakes."""

from __future__ import annotations

import logging

from commands import format as fmt
from commands.context import Context
from commands.lookup import clean, find_indicator
from commands.registry import UNDO, UPDATE, command
from commands.replies import Kind, Reply, ReplyField, problem
from knowledge.kb import Latest
from knowledge.models import Indicator, TargetKind
from knowledge.rating import Assessment
from knowledge.store import StoreError
from knowledge.values import InputError, default_as_of, parse_as_of, parse_value

log = logging.getLogger(__name__)

MAX_NOTE = 200
NO_STORE = "この環境では実績を記録できません（データベースが設定されていません）。"


def _latest_line(latest: Latest | None) -> str:
    if latest is None:
        return "なし"
    return f"{latest.text}（{fmt.period_label(latest.as_of)}時点）"


def _rating_line(assessment: Assessment) -> str:
    if assessment.stars is None:
        return assessment.why()
    return f"{fmt.star_label(assessment.stars)}（試算）\n{assessment.why()}"


def total_note(ind: Indicator) -> str | None:
    """The reminder that a 3-year target's actual is a running total since the plan's start."""
    if ind.target.kind is not TargetKind.PER_3_YEARS:
        return None
    return f"この指標の目標（{ind.target.text}）は3年間の合計です。実績には、計画の開始から記録時点までの合計を入力してください。"


def _guard(ctx: Context, kind: Kind) -> Reply | None:
    if ctx.store is None:
        return problem("invalid", kind, NO_STORE)
    return None


@command(UPDATE)
def update(
    ctx: Context,
    query: str,
    value: str,
    as_of: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> Reply:
    """Record an actual for a 2nd-revision indicator, and show before, after and the new rating."""
    bad = _guard(ctx, "update")
    if bad:
        return bad
    assert ctx.store is not None
    ind, bad = find_indicator(ctx, query, ctx.plan, "update", "/update 15 value:95.2% as_of:2025年度")
    if bad:
        return bad
    assert ind is not None
    if not value or not value.strip():
        return problem(
            "invalid", "update", f"値を指定してください。例: /update {ind.no} value:{ind.target.text}"
        )
    for label, text in (("メモ", note), ("出典", source)):
        if text and len(text) > MAX_NOTE:
            return problem("invalid", "update", f"{label}が長すぎます（{MAX_NOTE}文字まで）。")
    try:
        parsed = parse_value(value, ind)
        period = parse_as_of(as_of, ind, ctx.today) if as_of and as_of.strip() else default_as_of(ctx.today)
    except InputError as exc:
        return problem("invalid", "update", exc.message)
    before = ctx.latest(ind)
    before_rating = ctx.kb.assess_latest(ind, before)
    try:
        entry = ctx.store.record(
            ctx.plan,
            ind.no,
            parsed.value,
            parsed.unit,
            parsed.text,
            str(period),
            ctx.actor.id,
            ctx.actor.name,
            note=clean(note).strip() or None if note else None,
            source=clean(source).strip() or None if source else None,
        )
    except StoreError as exc:
        log.error("Could not record an actual for indicator %s: %s", ind.no, exc.__cause__ or exc)
        return problem("invalid", "update", exc.message)
    ctx = ctx.fresh()
    after = ctx.latest(ind)
    after_rating = ctx.kb.assess_latest(ind, after)
    fields = [
        ReplyField("変更前", f"{_latest_line(before)}\n{fmt.star_label(before_rating.stars)}", inline=True),
        ReplyField(
            "変更後（最新）", f"{_latest_line(after)}\n{fmt.star_label(after_rating.stars)}", inline=True
        ),
        ReplyField("新しい評価", _rating_line(after_rating)),
        ReplyField(
            "記録",
            f"{entry.recorded_by_name}・{entry.recorded_at[:16].replace('T', ' ')} UTC（記録番号 {entry.id}）",
        ),
    ]
    if after is not None and after.as_of is not None and str(after.as_of) != entry.as_of:
        fields.insert(
            2,
            ReplyField(
                "注意", "より新しい時点の実績があるため、最新の値は変わりません（履歴に追加しました）。"
            ),
        )
    lines = [note for note in (total_note(ind),) if note]
    return Reply(
        status="ok",
        kind="update",
        title=f"指標{ind.no} {ind.name} の実績を記録しました",
        lines=tuple(lines),
        fields=tuple(fields),
        footer=f"取り消すには /undo {ind.no} ・ データ版 {ctx.kb.version}",
        key=ind.no,
        record={
            "entry": entry.id,
            "plan": ctx.plan,
            "no": ind.no,
            "value": str(entry.value),
            "unit": entry.unit,
            "text": entry.value_text,
            "as_of": entry.as_of,
            "recorded_by": entry.recorded_by_name,
            "recorded_at": entry.recorded_at,
            "before": None if before is None else {"text": before.text, "as_of": str(before.as_of)},
            "rating": {"before": before_rating.stars, "after": after_rating.stars, "pace": after_rating.pace},
        },
        stars=after_rating.stars,
        links=((f"指標{ind.no}", f"/indicator {ind.no}"),),
    )


@command(UNDO)
def undo(ctx: Context, query: str) -> Reply:
    """Withdraw one's own last entry for an indicator (any entry, for an admin); history keeps both."""
    bad = _guard(ctx, "undo")
    if bad:
        return bad
    assert ctx.store is not None
    ind, bad = find_indicator(ctx, query, ctx.plan, "undo", "/undo 15")
    if bad:
        return bad
    assert ind is not None
    try:
        withdrawn = ctx.store.undo(ctx.plan, ind.no, ctx.actor.id, ctx.actor.name, is_admin=ctx.actor.admin)
    except StoreError as exc:
        return problem("invalid", "undo", exc.message)
    ctx = ctx.fresh()
    now = ctx.latest(ind)
    rating = ctx.kb.assess_latest(ind, now)
    return Reply(
        status="ok",
        kind="undo",
        title=f"指標{ind.no} {ind.name} の記録を取り消しました",
        fields=(
            ReplyField(
                "取り消した記録",
                f"{withdrawn.value_text}（{fmt.period_label(withdrawn.as_of)}時点）記録番号 {withdrawn.id}"
                f"・{withdrawn.recorded_by_name}",
            ),
            ReplyField("現在の最新", f"{_latest_line(now)}\n{fmt.star_label(rating.stars)}"),
        ),
        lines=("記録は削除されず、取り消しとして履歴に残ります。",),
        footer=f"データ版 {ctx.kb.version}",
        key=ind.no,
        record={"withdrawn": withdrawn.id, "no": ind.no, "latest": None if now is None else now.text},
        stars=rating.stars,
        links=((f"指標{ind.no}", f"/indicator {ind.no}"),),
    )
