"""/indicator: one indicator with its values, rating and lineage, or the list of a plan's indicators."""

from __future__ import annotations

from commands import format as fmt
from commands.context import Context
from commands.indicator_record import record
from commands.lookup import ensure_plan, find_indicator, plan_option, plan_prefix
from commands.registry import INDICATOR, OVERDUE_LIST, command
from commands.replies import Reply, ReplyField, problem
from knowledge.kb import Latest, LineageRef, Official
from knowledge.models import Indicator
from knowledge.periods import PeriodKind
from knowledge.question import parse as parse_question
from knowledge.rating import Assessment

STALE_WORDS = {"yes": True, "はい": True, "期限切れ": True, "no": False, "いいえ": False, "期限内": False}

RELATIONS = {
    "same": "同一",
    "renamed": "名称変更",
    "redefined": "再定義",
    "regrouped": "再編",
    "none": "後継なし",
}


def _title(ctx: Context, ind: Indicator) -> str:
    return f"{plan_prefix(ctx, ind.plan)}指標{ind.no} {ind.name}"


def _project_line(ctx: Context, ind: Indicator) -> str:
    kb = ctx.kb
    edition = kb.edition(ind.plan)
    project = edition.project(ind.project_no)
    if project is None:  # a plan known only from its table: the table's own project label
        return f"{ind.project} {kb.table_label(ind, expand=True)}（{edition.name}のプロジェクト）"
    line = f"{project.no} {project.name}{fmt.tags(project.tags)}"
    section = edition.section(ind.section) if ind.section else None
    if section:
        line += f"\n{section.id} {section.title}{fmt.tags(section.tags)}"
    return line


def _latest_text(ctx: Context, ind: Indicator, latest: Latest | None) -> str:
    if latest is None:
        return f"まだ登録されていません（{ctx.kb.edition(ind.plan).name}の実績は文書にはありません）"
    if latest.is_missing:
        return f"{latest.text}（{latest.note or '値なし'}）"
    label = fmt.period_label(latest.as_of)
    if latest.source == "document":
        return f"{latest.text}（{label}時点・文書記載）"
    when = fmt.jst_date(latest.recorded_at) if latest.recorded_at else ""
    text = f"{latest.text}（{label}時点・登録値）\n登録: {latest.recorded_by} {when}"
    return text + (f"\nメモ: {latest.remark}" if latest.remark else "")


def _care_fields(ctx: Context, ind: Indicator) -> list[ReplyField]:
    """Who answers for the indicator (担当) and whether its actual is overdue."""
    fresh = ctx.freshness(ind)
    if fresh is None:
        return []
    owner = ctx.owner(ind)
    who = owner.owner_name if owner else "未設定（/owner で設定できます）"
    state = f"{'⚠ ' if fresh.stale else ''}{fresh.label()}：{fresh.explain()}"
    return [ReplyField("担当", who, inline=True), ReplyField("更新状況", state, inline=True)]


def official_text(official: Official) -> str:
    """``★★★（公式・2022年度（令和4年度）時点・中間評価）``, with who recorded it where an editor did."""
    when = f"・{official.as_of.label()}時点" if official.as_of is not None else ""
    interim = "・中間評価" if official.interim else ""
    head = fmt.star_label(official.stars) if official.stars else official.text
    text = f"{head}（公式{when}{interim}）"
    if official.source == "entry":
        when_recorded = fmt.jst_date(official.recorded_at) if official.recorded_at else ""
        text += f"\n登録: {official.recorded_by} {when_recorded}（評価番号 {official.rating_id}）"
    return text + (f"\nメモ: {official.note}" if official.note else "")


def agreement(official: Official, computed: Assessment) -> str:
    """Whether the official rating and the 試算 taken as it was agree; a disagreement is flagged."""
    return "公式と試算は一致" if official.stars == computed.stars else "⚠ 公式と試算が異なります"


def _rating_text(ctx: Context, ind: Indicator, assessment: Assessment) -> str:
    computed = f"{fmt.star_label(assessment.stars)}（{assessment.mark}）"
    official = ctx.official(ind)
    if official is None:
        return assessment.why() if assessment.stars is None else f"{computed}\n{assessment.why()}"
    # Compared as the official one was taken: at its date, and final only if it was.
    counterpart = ctx.assess_as_official(ind, official)
    lines = [
        official_text(official),
        f"{fmt.star_label(counterpart.stars)}（{counterpart.mark}）",
        agreement(official, counterpart),
        counterpart.why(),
    ]
    if (assessment.final, assessment.as_of) != (counterpart.final, counterpart.as_of):
        lines += [computed, assessment.why()]
    lines += _rating_notes(ctx, ind, official)
    return "\n".join(lines)


def _rating_notes(ctx: Context, ind: Indicator, official: Official) -> list[str]:
    """The document's note on how its ratings were taken, for a rating it printed on a 年度's actual.

    The 【参考】 table judges most indicators at R5.12 and those hard to follow by FY2022's actual
    (「進捗・実績の把握が困難な指標については、令和4年度実績で評価」): the note explains the latter.
    """
    if (
        official.source != "document"
        or official.as_of is None
        or official.as_of.kind is not PeriodKind.FISCAL_YEAR
    ):
        return []
    host = next(
        (e.front for e in [ctx.kb.edition(ind.plan), *ctx.kb.later_editions(ind.plan)] if e.front), None
    )
    return [f"文書の注記: ※ {note}" for note in host.rating_notes] if host else []


def _link_line(ctx: Context, arrow: str, depth: int, ref: LineageRef) -> str:
    """``← 第1次改定版 指標15 …（同一：理由）``: one link of an indicator's lineage, indented by its steps."""
    other = ctx.kb.indicator(ref.no, ref.plan)
    assert other is not None
    reason = f"：{ref.reason}" if ref.reason else ""
    indent = "　" * (depth - 1)
    return f"{indent}{arrow} {fmt.plan_name(ctx.kb, ref.plan)} 指標{other.no} {other.name}（{RELATIONS[ref.relation]}{reason}）"


def _lineage_text(ctx: Context, ind: Indicator) -> str:
    """Every ancestor and descendant across the plans, each under the one it links to."""
    kb = ctx.kb
    lines = []
    previous = kb.edition(ind.plan).previous
    if previous is not None and previous in kb.editions:
        lines += [_link_line(ctx, "←", depth, ref) for depth, ref in kb.ancestors(ind)]
        if not lines:
            lines.append(f"{fmt.plan_name(kb, previous)}からの継続指標ではありません（新規）")
    link = kb.lineage_link(ind)
    if link is not None and not link.new:
        lines.append(f"{'・'.join(e.name for e in kb.later_editions(ind.plan))}に後継の指標はありません")
    lines += [_link_line(ctx, "→", depth, ref) for depth, ref in kb.descendants(ind)]
    if not lines:
        return "前後の計画との対応はありません"
    return "\n".join(lines) + "\n（系譜は編集上の整理で、文書には記載されていません）"


def show(ctx: Context, ind: Indicator) -> Reply:
    """The full answer for one indicator."""
    kb = ctx.kb
    revision = kb.revision(ind.plan)
    years = f"{revision.start.year}〜{revision.end.year}{'年' if ind.calendar_basis else '年度'}"
    latest = ctx.latest(ind)
    assessment = ctx.assess(ind, latest)
    progress = fmt.progress_bar(assessment.progress)
    if latest is not None and latest.value is not None and assessment.stars is not None:
        progress += f"\n{fmt.gap_to_target(ind, latest.value, latest.text, assessment)}"
    elif assessment.stars is None:
        progress += "\n実績値がないため進捗は計算できません"
    fields = [
        ReplyField("プロジェクト", _project_line(ctx, ind)),
        ReplyField("現状値", fmt.quantity(ind.baseline), inline=True),
        ReplyField(
            "目標値",
            f"{fmt.quantity(ind.target)}\n{fmt.target_kind(ind.target, years)}",
            inline=True,
        ),
        ReplyField("最新の実績", _latest_text(ctx, ind, latest)),
        *_care_fields(ctx, ind),
        ReplyField("進捗", progress),
        ReplyField("評価", _rating_text(ctx, ind, assessment)),
        ReplyField("系譜", _lineage_text(ctx, ind)),
    ]
    official = ctx.official(ind)  # the colour follows the official rating where there is one
    edition = kb.edition(ind.plan)
    served = edition.fields_for_indicator(ind.no)
    if served:
        names = "、".join(f.name for f in served)
        fields.append(fmt.editorial("関連する重点成長分野", names))
    # /project shows the plan in force; another plan's project opens only from its own answer
    links = (
        [(f"プロジェクト {ind.project}", f"/project {ind.project}")]
        if edition.projects and ind.plan == ctx.plan
        else []
    )
    links += [
        (f"{fmt.plan_name(kb, r.plan)} 指標{r.no}", f"/indicator {r.no}{plan_option(ctx, r.plan)}")
        for _, r in kb.descendants(ind) + kb.ancestors(ind)
    ]
    return Reply(
        status="ok",
        kind="indicator",
        title=_title(ctx, ind),
        fields=tuple(fields),
        footnotes=fmt.footnotes(ind, ind.baseline, ind.target),
        footer=fmt.footer(kb, ind.plan, "indicators"),
        key=ind.no,
        record=record(ctx, ind),
        stars=official.stars if official is not None and official.stars else assessment.stars,
        links=tuple(links),
    )


def _list_line(ind: Indicator, assessment: Assessment, official: Official | None) -> str:
    """``15. 名前 — ★★★（公式）／試算 ★★`` in a list: the official rating first where there is one."""
    if official is None:
        return f"{ind.no:>2}. {ind.name} — {fmt.stars(assessment.stars)}"
    if official.stars is None:  # the document's note where it gives no rating (国統計未公表)
        return f"{ind.no:>2}. {ind.name} — 評価なし（{official.text}）"
    tail = "" if assessment.stars == official.stars else f"／{assessment.label} {fmt.stars(assessment.stars)}"
    return f"{ind.no:>2}. {ind.name} — {fmt.stars(official.stars)}（公式）{tail}"


def _parse_rating(text: str) -> int | str:
    """``3``, ``★★★`` or ``なし`` → 3 / 3 / 0; anything else returns the text back as an error."""
    value = fmt.half_width(text)
    if value in ("なし", "none", "0", "評価なし"):
        return 0
    if value and set(value) <= {"★", "☆"} and value.count("★") >= 1:
        return value.count("★")
    if value in ("1", "2", "3", "4"):
        return int(value)
    return value


def list_indicators(
    ctx: Context, plan: str, project: str | None, rating: str | None, stale: str | None = None
) -> Reply:
    """The plan's indicators in number order with their ratings, optionally filtered."""
    kb = ctx.kb
    items = kb.indicators(plan)
    if project:
        wanted = fmt.half_width(project)
        refs = {p.ref for p in kb.revision(plan).projects}
        numbers = {r.split("-")[0] for r in refs}
        if wanted not in refs and wanted not in numbers:
            choices = "、".join(sorted(numbers, key=int))
            return problem(
                "invalid",
                "indicator_list",
                f"プロジェクト「{wanted[:20]}」はありません。プロジェクトには {choices} か 3-2 の形の節を指定してください。",
            )
        items = [i for i in items if i.project == wanted or str(i.project_no) == wanted]
    stars_wanted: int | None = None
    if rating:
        parsed = _parse_rating(rating)
        if isinstance(parsed, str):
            return problem(
                "invalid",
                "indicator_list",
                f"評価「{parsed[:20]}」は使えません。評価には 1〜4、★★★ の形、または なし を指定してください。",
            )
        stars_wanted = parsed
    stale_wanted: bool | None = None
    if stale:
        flag = stale.strip().lower()
        if flag not in STALE_WORDS:
            return problem(
                "invalid",
                "indicator_list",
                "期限切れには はい（期限切れのみ）か いいえ（期限内のみ）を指定してください。",
            )
        stale_wanted = STALE_WORDS[flag]
    rows = []
    overdue = 0
    for ind in items:
        assessment = ctx.assess(ind, ctx.latest(ind))
        official = ctx.official(ind)
        # an official rating, where there is one, is the rating; the 試算 is shown beside it
        shown = (official.stars or 0) if official is not None else (assessment.stars or 0)
        fresh = ctx.freshness(ind)
        is_stale = bool(fresh and fresh.stale)
        if stars_wanted is not None and shown != stars_wanted:
            continue
        if stale_wanted is not None and is_stale != stale_wanted:
            continue
        overdue += is_stale
        rows.append((ind, assessment, official))
    lines = [_list_line(ind, a, o) for ind, a, o in rows]
    if not lines:
        lines = ["条件に合う指標はありません。"]
    if overdue and stale_wanted is None:
        lines.insert(0, f"更新期限切れ: {overdue}件（{OVERDUE_LIST} で一覧できます）")
    filters = [
        f"プロジェクト{project}" if project else "",
        f"評価{rating}" if rating else "",
        ("期限切れのみ" if STALE_WORDS.get(stale.strip().lower()) else "期限内のみ") if stale else "",
    ]
    applied = " ".join(f for f in filters if f)
    title = f"{fmt.plan_name(kb, plan)}の指標一覧（{len(rows)}件{'・' + applied if applied else ''}）"
    return Reply(
        status="ok",
        kind="indicator_list",
        title=title,
        lines=tuple(lines),
        footer=fmt.footer(kb, plan, "indicators"),
        record={
            "plan": plan,
            "items": [
                {
                    "no": i.no,
                    "name": i.name,
                    "project": i.project,
                    "rating": o.stars if o is not None else a.stars,
                    "official": o.stars if o is not None else None,
                    "computed": a.stars,
                }
                for i, a, o in rows
            ],
            "stale": overdue,
        },
        links=(("詳しく見る", f"/indicator {rows[0][0].no}{plan_option(ctx, plan)}"),) if rows else (),
    )


@command(INDICATOR)
def indicator(
    ctx: Context,
    query: str | None = None,
    plan: str | None = None,
    project: str | None = None,
    rating: str | None = None,
    stale: str | None = None,
) -> Reply:
    """Answer /indicator: one indicator by number or name, or the filtered list when no query."""
    plan_id, bad = ensure_plan(ctx, plan)
    if bad:
        return bad
    if query is None or not query.strip():
        return list_indicators(ctx, plan_id, project, rating, stale)
    ind, bad = find_indicator(ctx, query, plan_id, "indicator", "/indicator 15")
    if bad:
        asked = parse_question(query, ctx.kb.search_index.names_something)
        if bad.status == "not_found" and asked.is_list and plan is None:
            from commands.ask import answer_question  # ask builds on this module

            return answer_question(ctx, asked)  # 「遅れている指標」 typed as a query: the list
        return bad
    assert ind is not None
    return show(ctx, ind)
