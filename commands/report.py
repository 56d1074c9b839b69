"""/report: the year-end progress table (進捗表) of a plan as it stood on a day, as Excel and CSV (editors only)."""

from __future__ import annotations

from datetime import date

from commands.context import Context
from commands.format import date_label
from commands.lookup import clean, ensure_plan
from commands.registry import REPORT, command
from commands.replies import Reply, problem
from knowledge.report import ReportTable, build_table, csv_bytes, workbook_bytes
from knowledge.values import parse_day

DATE_EXAMPLE = "2027-03-31"


def report_day(ctx: Context, plan: str, as_of: str | None) -> date | Reply:
    """The day the table stands at (today when none is given), or the reply that refuses it."""
    if as_of is None or not as_of.strip():
        day = ctx.today
    else:
        parsed = parse_day(as_of)
        if parsed is None:
            return problem(
                "invalid",
                "report",
                f"基準日「{clean(as_of).strip()[:20]}」は読めません。{DATE_EXAMPLE} の形で指定してください。",
            )
        day = parsed
    revision = ctx.kb.revision(plan)
    start = revision.start.start
    if day < start:
        return problem(
            "invalid",
            "report",
            f"基準日 {date_label(day)} は{revision.revision}の計画期間の初日（{date_label(start)}）より前です。"
            "それ以降の日を指定してください。",
        )
    if day > ctx.today:
        return problem(
            "invalid",
            "report",
            f"基準日 {date_label(day)} はまだ来ていません（今日は {date_label(ctx.today)}）。今日までの日を指定してください。",
        )
    return day


def file_names(table: ReportTable) -> tuple[str, str]:
    """``進捗表-2021-20270331.xlsx`` and its ``.csv``: the plan and the day the table stands at."""
    stem = f"進捗表-{table.plan}-{table.as_of.strftime('%Y%m%d')}"
    return f"{stem}.xlsx", f"{stem}.csv"


@command(REPORT)
def report(ctx: Context, plan: str | None = None, as_of: str | None = None) -> Reply:
    """Answer /report: the plan's progress table as it stood at the end of a day, as Excel and CSV."""
    plan_id, bad = ensure_plan(ctx, plan, "report")
    if bad:
        return bad
    day = report_day(ctx, plan_id, as_of)
    if isinstance(day, Reply):
        return day
    table = build_table(ctx.kb, ctx.store, plan_id, day)
    xlsx, csv = file_names(table)
    files = ((xlsx, workbook_bytes(table)), (csv, csv_bytes(table)))
    s = table.summary
    lines = [f"公式: {s.official_sentence}", f"試算: {s.computed_sentence}"]
    if s.differing:
        lines.append(f"⚠ 公式と試算が異なる指標: {s.differing}件（備考に印があります）")
    if ctx.store is None:
        lines.append("データベースがないため、文書に載った値と評価だけで作りました。")
    lines.append("Excel（A4 横・1ページ幅）と CSV（UTF-8・BOM 付き）を添付しました。")
    return Reply(
        status="ok",
        kind="report",
        title=f"{table.plan_name} 進捗表（基準日 {date_label(day)}時点）",
        lines=tuple(lines),
        footer=f"{len(table.rows)}指標 ・ データ版 {ctx.kb.version}",
        key=plan_id,
        record={
            "plan": plan_id,
            "as_of": day.isoformat(),
            "moment": table.moment.isoformat(),
            "final": table.final,
            "rows": len(table.rows),
            "summary": s.to_json(),
            "files": [xlsx, csv],
        },
        files=files,
    )
