"""/history: an indicator's recorded actuals, newest first, with a chart of its pace."""

from __future__ import annotations

from commands import format as fmt
from commands.context import Context
from commands.lookup import ensure_plan, find_indicator, plan_option, plan_prefix
from commands.registry import HISTORY, command
from commands.replies import Reply, ReplyField
from knowledge.charts_math import Point
from knowledge.models import Indicator

SHOWN = 20


def _earlier_points(ctx: Context, ind: Indicator) -> list[tuple[str, int, Point]]:
    """The actuals of the indicators this one continues unchanged (``same``), plan by plan, newest plan first."""
    from knowledge.charts_math import points_from_entries, points_from_latest

    out: list[tuple[str, int, Point]] = []
    for before in ctx.kb.same_chain(ind)[1:]:
        printed = ctx.kb.document_latest(before)
        entries = ctx.store.history(before.plan, before.no) if ctx.store is not None else []
        found = (
            points_from_entries(entries, ind.target.unit)
            if entries
            else points_from_latest(printed, ind.target.unit)
        )
        out += [(before.plan, before.no, p) for p in reversed(found)]
    return out


def _earlier(ctx: Context, ind: Indicator) -> tuple[list[Point], list[str]]:
    """Earlier plans' points for the chart, and their lines for the list."""
    found = _earlier_points(ctx, ind)
    rows = [
        f"{p.text}（{p.period.label()}時点・{fmt.plan_name(ctx.kb, plan)} 指標{no}）"
        for plan, no, p in found[:SHOWN]
    ]
    return [p for _, _, p in found], rows


@command(HISTORY)
def history(ctx: Context, query: str, plan: str | None = None) -> Reply:
    """Answer /history: the entries of an indicator and a PNG of baseline → actuals → target."""
    plan_id, bad = ensure_plan(ctx, plan, "history")
    if bad:
        return bad
    ind, bad = find_indicator(ctx, query, plan_id, "history", "/history 15")
    if bad:
        return bad
    assert ind is not None
    # matplotlib takes most of a second to import: only pay for it when a chart is drawn.
    from commands.charts import indicator_chart
    from knowledge.charts_math import points_from_entries, points_from_latest

    kb = ctx.kb
    entries = ctx.store.history(plan_id, ind.no) if ctx.store is not None else []
    printed = kb.document_latest(ind)
    if printed is not None and not entries:  # the document's own actual (an ended plan's table)
        points = points_from_latest(printed, ind.target.unit)
        rows = [f"{p.text}（{p.period.label()}時点・文書記載）" for p in points]
    else:
        points = points_from_entries(entries, ind.target.unit)
        rows = []
        for e in entries[:SHOWN]:
            mark = "（取り消し済み）" if e.withdrawn else ""
            note = f"　メモ: {e.note}" if e.note else ""
            rows.append(
                f"{e.value_text}（{fmt.period_label(e.as_of)}時点）{mark}\n"
                f"　{e.recorded_by_name}・{fmt.jst_date(e.recorded_at)} 記録番号 {e.id}{note}"
            )
        if len(entries) > SHOWN:
            rows.append(f"…ほか {len(entries) - SHOWN}件（/export で全件を書き出せます）")
    earlier, earlier_rows = _earlier(ctx, ind)
    stamp = ctx.today.strftime("%Y%m%d")
    prefix = "" if plan_id == ctx.plan else f"{plan_id}-"
    drawable = ind.target.value is not None  # a draft's target is not given yet: nothing to draw against
    files = (
        ((f"{prefix}indicator-{ind.no}-{stamp}.png", indicator_chart(kb, ind, points, ctx.today, earlier)),)
        if ctx.charts and drawable
        else ()
    )
    fields = (
        ReplyField("現状値", fmt.quantity(ind.baseline), inline=True),
        ReplyField("目標値", fmt.quantity(ind.target), inline=True),
        ReplyField("実績（新しい順）", "\n".join(rows) or "まだ記録がありません。/update で記録できます。"),
        *(
            (ReplyField("前の計画の実績（同一の指標として継続）", "\n".join(earlier_rows)),)
            if earlier_rows
            else ()
        ),
    )
    title_prefix = plan_prefix(ctx, plan_id)
    return Reply(
        status="ok",
        kind="history",
        title=f"{title_prefix}指標{ind.no} {ind.name} の推移",
        lines=("グラフの点線は、目標に向けて計画どおりに進んだ場合の線です。",),
        fields=fields,
        footer=fmt.footer(kb, plan_id, "indicators"),
        key=ind.no,
        record={
            "plan": plan_id,
            "no": ind.no,
            "entries": [
                {
                    "id": e.id,
                    "value": str(e.value),
                    "text": e.value_text,
                    "as_of": e.as_of,
                    "recorded_by": e.recorded_by_name,
                    "recorded_at": e.recorded_at,
                    "withdrawn": e.withdrawn,
                }
                for e in entries
            ],
            "earlier": [
                {"plan": plan, "no": no, "as_of": str(p.period), "text": p.text}
                for plan, no, p in _earlier_points(ctx, ind)
            ],
        },
        links=((f"指標{ind.no}", f"/indicator {ind.no}{plan_option(ctx, plan_id)}"),),
        files=files,
    )
