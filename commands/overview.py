"""/overview: the strategy at a glance: goal, period, strengths, overall indicators and ratings."""

from __future__ import annotations

from collections import Counter

from commands import format as fmt
from commands.context import Context
from commands.registry import OVERDUE_LIST, OVERVIEW, command
from commands.replies import Reply, ReplyField


def days_left_text(ctx: Context) -> tuple[str, int | None]:
    """Days left in the plan period, in words, and as a number (None outside the period)."""
    revision = ctx.kb.revision(ctx.plan)
    start, end = revision.start.start, revision.end.end
    if ctx.today < start:
        return f"計画期間の開始まであと {(start - ctx.today).days}日", None
    if ctx.today > end:
        return "計画期間は終了しました", 0
    left = (end - ctx.today).days
    return f"計画期間の終了（{fmt.date_label(end)}）まであと {left}日", left


def rating_counts(ctx: Context, plan: str | None = None) -> Counter[int]:
    """How many of a plan's indicators (the one in force by default) sit at each computed rating (0 = none)."""
    kb = ctx.kb
    return Counter(ctx.assess(i, ctx.latest(i)).stars or 0 for i in kb.indicators(plan or ctx.plan))


def _previous_fields(ctx: Context) -> list[ReplyField]:
    """The official ratings of the plan before, as this plan's document reports them."""
    kb = ctx.kb
    edition = kb.edition(ctx.plan)
    if edition.previous not in kb.editions:
        return []
    before = kb.edition(str(edition.previous))
    official = Counter(i.official.stars or 0 for i in before.indicators if i.official)
    if not official:
        return []
    lines = [f"{fmt.stars(n)}: {official.get(n, 0)}件" for n in (4, 3, 2, 1)]
    lines.append(f"国統計未公表: {official.get(0, 0)}件")
    if edition.front and edition.front.previous_summary:
        lines.append(edition.front.previous_summary)
    return [ReplyField(f"{before.name}の評価（{len(before.indicators)}指標・公式）", "\n".join(lines))]


@command(OVERVIEW)
def overview(ctx: Context) -> Reply:
    """Answer /overview."""
    kb = ctx.kb
    edition = kb.edition(ctx.plan)
    revision = edition.revision
    plan = edition.front
    left_text, left = days_left_text(ctx)
    counts = rating_counts(ctx)
    rating_lines = [f"{fmt.stars(n)}: {counts.get(n, 0)}件" for n in (4, 3, 2, 1)]
    rating_lines.append(f"評価なし（実績未登録など）: {counts.get(0, 0)}件")
    overdue = sum(1 for i in edition.indicators if (f := ctx.freshness(i)) and f.stale)
    rating_lines.append(f"更新期限切れ: {overdue}件（{OVERDUE_LIST} で一覧）")
    period = plan.target_period_text if plan else f"{revision.start.label()}〜{revision.end.label()}"
    fields = [
        ReplyField("計画期間", f"{period}\n{left_text}（{fmt.date_label(ctx.today)}現在）"),
        ReplyField(f"プロジェクト別指標（{len(edition.indicators)}指標・試算）", "\n".join(rating_lines)),
    ]
    if plan is not None:
        overall = [
            f"{o.name}{'（' + o.definition + '）' if o.definition else ''}: {o.value.text}（{o.survey}）"
            for o in plan.overall_indicators
        ]
        source = f"\n出典: {plan.overall_indicators[0].source}" if plan.overall_indicators else ""
        fields = [
            ReplyField("基本目標", plan.basic_goal),
            fields[0],
            ReplyField(
                "主な視点",
                "\n".join(f"・{p.text}{'《新たな視点》' if p.new else ''}" for p in plan.perspectives),
            ),
            ReplyField(
                f"本県の{len(plan.strengths)}つの強み", "\n".join(f"{s.no}. {s.text}" for s in plan.strengths)
            ),
            ReplyField("全体指標", "\n".join(overall) + source),
            fields[1],
            ReplyField("主な支援措置", "\n".join(f"・{m}" for m in plan.support_measures)),
        ]
    previous = _previous_fields(ctx)
    fields += previous
    # each part shown cites its own section: goal and perspectives, period, strengths, the overall
    # and project indicators, the support measures, and the previous plan's results
    cited: tuple[str, ...] = (
        ("goal", "period", "fields", "indicators", "promotion") if plan is not None else ("indicators",)
    )
    cited += ("revision1",) if previous else ()
    return Reply(
        status="ok",
        kind="overview",
        title=f"{plan.title if plan else revision.title}（{edition.name}）の概要",
        lines=(f"{plan.issuer}・{plan.date_text}（{plan.status}）",) if plan else (),
        fields=tuple(fields),
        footer=fmt.footer(kb, ctx.plan, cited),
        record={
            "plan": ctx.plan,
            "title": plan.title if plan else revision.title,
            "revision": edition.name,
            "basic_goal": plan.basic_goal if plan else None,
            "period": {"start": revision.period_start, "end": revision.period_end},
            "today": ctx.today.isoformat(),
            "days_left": left,
            "strengths": [s.text for s in plan.strengths] if plan else [],
            "overall_indicators": [
                {
                    "name": o.name,
                    "value": float(o.value.value or 0),
                    "unit": o.value.unit,
                    "text": o.value.text,
                }
                for o in (plan.overall_indicators if plan else [])
            ],
            "ratings": {str(n): counts.get(n, 0) for n in (4, 3, 2, 1, 0)},
            "stale": overdue,
        },
        links=(("指標一覧", "/indicator"), ("プロジェクト一覧", "/project"), ("分野一覧", "/field")),
    )
