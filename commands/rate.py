"""/rate: editors record the team's official ★ for an indicator of any plan, beside the 試算."""

from __future__ import annotations

import logging

from commands import format as fmt
from commands.context import Context
from commands.indicator import agreement, official_text
from commands.lookup import clean, ensure_plan, find_indicator, plan_option, plan_prefix
from commands.registry import RATE, UNDO, command
from commands.replies import Reply, ReplyField, problem
from commands.update import MAX_NOTE, NO_STORE
from knowledge.rating import has_ended
from knowledge.store import StoreError
from knowledge.values import InputError, parse_as_of

log = logging.getLogger(__name__)


@command(RATE)
def rate(
    ctx: Context,
    query: str,
    stars: int,
    as_of: str,
    note: str | None = None,
    plan: str | None = None,
) -> Reply:
    """Record an official rating as of a period; before the plan has ended it is a 中間評価."""
    if ctx.store is None:
        return problem("invalid", "rate", NO_STORE)
    plan_id, bad = ensure_plan(ctx, plan, "rate")
    if bad:
        return bad
    ind, bad = find_indicator(ctx, query, plan_id, "rate", RATE.example)
    if bad:
        return bad
    assert ind is not None
    if not 1 <= stars <= 4:  # the spec refuses it first; kept for callers that bypass it
        return problem("invalid", "rate", f"星は 1〜4 で指定してください。例: {RATE.example}")
    if note and len(note) > MAX_NOTE:
        return problem("invalid", "rate", f"メモが長すぎます（{MAX_NOTE}文字まで）。")
    revision = ctx.kb.revision(plan_id)
    try:
        period = parse_as_of(as_of, ind, ctx.today, revision)
    except InputError as exc:
        return problem("invalid", "rate", exc.message)
    if period.end > revision.end.end:
        return problem(
            "invalid",
            "rate",
            f"{fmt.period_label(period)}は{revision.revision}の計画期間（{revision.start.year}〜{revision.end.year}年度）の後です。"
            "計画期間内の時点を指定してください。",
        )
    interim = not has_ended(revision, ctx.today)
    try:
        made = ctx.store.rate(
            plan_id,
            ind.no,
            stars,
            str(period),
            ctx.actor.id,
            ctx.actor.name,
            interim=interim,
            note=clean(note).strip() or None if note else None,
        )
    except StoreError as exc:
        log.error("Could not record a rating for indicator %s: %s", ind.no, exc.__cause__ or exc)
        return problem("invalid", "rate", exc.message)
    ctx = ctx.fresh()
    official = made.to_official()
    computed = ctx.assess_as_official(ind, official)
    lines = []
    if interim:
        lines.append(
            f"中間評価として記録しました: {revision.revision}の計画期間（〜{revision.end.year}年度）はまだ終わっていません。"
        )
    return Reply(
        status="ok",
        kind="rate",
        title=f"{plan_prefix(ctx, plan_id)}指標{ind.no} {ind.name} の公式評価を記録しました",
        lines=tuple(lines),
        fields=(
            ReplyField("公式評価", official_text(official)),
            ReplyField(
                "試算（同じ時点）",
                f"{fmt.star_label(computed.stars)}（{computed.mark}）\n{agreement(official, computed)}\n{computed.why()}",
            ),
        ),
        footer=f"取り消すには {UNDO.line(rating=made.id)} ・ データ版 {ctx.kb.version}",
        key=ind.no,
        record={
            "rating": made.id,
            "plan": plan_id,
            "no": ind.no,
            "stars": made.stars,
            "as_of": made.as_of,
            "interim": made.interim,
            "note": made.note,
            "recorded_by": made.recorded_by_name,
            "recorded_at": made.recorded_at,
            "computed": computed.stars,
            "agrees": computed.stars == made.stars,
        },
        stars=made.stars,
        links=((f"指標{ind.no}", f"/indicator {ind.no}{plan_option(ctx, plan_id)}"),),
    )
