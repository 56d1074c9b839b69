"""/tour: a guided walkthrough of the strategy for new staff, built from the data, page by page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from commands import format as fmt
from commands.context import Context
from commands.overview import days_left_text
from commands.registry import TOUR, all_commands, command
from commands.replies import Reply, ReplyField, problem
from knowledge.models import Plan
from knowledge.periods import parse_period
from knowledge.rating import STAR_MEANINGS

Page = tuple[str, list[ReplyField], list[tuple[str, str]], str]  # title, fields, links, source section


def _front(ctx: Context) -> Plan:
    front = ctx.kb.edition(ctx.plan).front
    assert front is not None  # _pages() offers the front matter's pages only where it exists
    return front


def _goal(ctx: Context) -> Page:
    plan = _front(ctx)
    left, _ = days_left_text(ctx)
    fields = [
        ReplyField("基本目標", plan.basic_goal),
        ReplyField(
            "主な視点", "\n".join(f"・{p.text}{'《新たな視点》' if p.new else ''}" for p in plan.perspectives)
        ),
        ReplyField("計画期間", f"{plan.target_period_text}\n{left}"),
    ]
    return "基本目標と計画期間", fields, [("概要", "/overview")], "goal"


def _strengths(ctx: Context) -> Page:
    plan = _front(ctx)
    count = len(plan.strengths)
    fields = [
        ReplyField(
            f"本県の産業特性と「{count}つの強み」", "\n".join(f"{s.no}. {s.text}" for s in plan.strengths)
        )
    ]
    return f"本県の{count}つの強み", fields, [("重点成長分野", "/field")], "fields"


def _groups(ctx: Context) -> Page:
    fields = []
    groups = _front(ctx).company_groups
    for group in groups:
        directions = "\n".join(f"● {d.text}" for d in group.directions)
        what = (
            "事業所の数" if group.measure_kind == "establishments" else "本県製造業の付加価値額に占める割合"
        )
        fields.append(ReplyField(group.name, f"{group.measure.text}（{what}）\n{directions}"))
    links = [
        ("用語: 瀬戸内基幹企業群", "/glossary 瀬戸内基幹企業群"),
        ("用語: 地域中核企業", "/glossary 地域中核企業"),
    ]
    return f"{len(groups)}つの企業群と取組の方向性", fields, links, "directions"


def _fields(ctx: Context) -> Page:
    edition = ctx.kb.edition(ctx.plan)
    by_category: dict[str, list[str]] = {}
    for f in edition.fields:
        link = edition.field_link(f.id)
        path = ""
        if link is not None:
            parts = [f"節{s}" for s in link.sections] + [f"プロジェクト{p}" for p in link.projects]
            path = f" → {'・'.join(parts)} → 指標{'・'.join(str(n) for n in link.indicators)}"
        by_category.setdefault(f.category, []).append(f"{f.id}. {f.name}{'［新規］' if f.new else ''}{path}")
    fields = [ReplyField(category, "\n".join(rows)) for category, rows in by_category.items()]
    fields.append(
        ReplyField(
            "読み方",
            "→ の先は、その分野に関係する節と指標です（編集上の対応で、文書には記載されていません）。",
        )
    )
    new = next((f for f in edition.fields if f.new), None)
    links = [("分野一覧", "/field")]
    if new is not None:
        link = edition.field_link(new.id)
        links.append((f"分野{new.id}", f"/field {new.id}"))
        if link is not None:
            links += [(f"節{s}", f"/project {s}") for s in link.sections]
            links += [(f"指標{n}", f"/indicator {n}") for n in link.indicators]
    return f"{len(edition.fields)}の重点成長分野", fields, links, "fields"


def _projects(ctx: Context) -> Page:
    edition = ctx.kb.edition(ctx.plan)
    rows = []
    for p in edition.projects:
        count = len(edition.project_indicators(p.no))
        sections = f"（節 {'、'.join(s.id for s in p.sections)}）" if p.sections else ""
        rows.append(f"{p.no}. {p.name}{fmt.tags(p.tags)}{sections} — 指標{count}件")
    fields = [
        ReplyField("産業戦略プロジェクト", "\n".join(rows)),
        ReplyField("見方", "［拡充］は取組を広げたもの、［新規］は今回の改定で新しく加わったものです。"),
    ]
    links = [(f"プロジェクト{p.no}", f"/project {p.no}") for p in edition.projects]
    return f"{len(edition.projects)}つの産業戦略プロジェクト", fields, links, "projects"


def _indicators(ctx: Context) -> Page:
    kb = ctx.kb
    edition = kb.edition(ctx.plan)
    indicators = edition.indicators
    kinds = {"cumulative": 0, "per_3_years": 0, "level": 0, "lower_bound": 0}
    for ind in indicators:
        kinds[ind.target.kind.value] += 1
    calendar = [str(i.no) for i in indicators if i.calendar_basis]
    baseline = Counter(
        i.baseline.period for i in indicators if i.baseline.period and i.baseline.period.startswith("FY")
    )
    target = Counter(
        i.target.period for i in indicators if i.target.period and i.target.period.startswith("FY")
    )
    usual = (
        f"多くは{parse_period(baseline.most_common(1)[0][0]).year}年度の現状値と"
        f"{parse_period(target.most_common(1)[0][0]).year}年度の目標値を持ちます。"
        if baseline and target
        else ""
    )
    before = kb.edition(edition.previous) if edition.previous in kb.editions else None
    rated = before is not None and any(i.official for i in before.indicators)
    official = (
        f"公式: 文書に載っている県の評価（{before.name}）。\n"
        if before and rated
        else "公式: 文書に載っている県の評価。\n"
    )
    reproduces = f"{before.name}の公式評価をすべて再現します。" if before and rated else ""
    summary = (
        f"\n{edition.front.previous_summary}" if edition.front and edition.front.previous_summary else ""
    )
    fields = [
        ReplyField(
            "プロジェクト別指標",
            f"{len(indicators)}指標。{usual}\n"
            f"・累計: {kinds['cumulative']}指標（これまでの積み上げを含む合計）\n"
            f"・/3年: {kinds['per_3_years']}指標（3年間の合計、ゼロから数える）\n"
            f"・水準: {kinds['level']}指標、下限（97%超など）: {kinds['lower_bound']}指標\n"
            f"・暦年で数える指標: {'、'.join(calendar)}（ほかは年度）",
        ),
        ReplyField("★の評価", "\n".join(f"{fmt.stars(n)} {STAR_MEANINGS[n]}" for n in (4, 3, 2, 1))),
        ReplyField(
            "公式と試算",
            f"{official}試算: このボットが「進捗 ÷ 経過 ＝ ペース」で計算した評価。{reproduces}{summary}",
        ),
    ]
    links = [("指標一覧", "/indicator"), ("用語: 試算", "/glossary 試算"), ("用語: 累計", "/glossary 累計")]
    return "指標と★の評価", fields, links, "indicators"


def _usage(ctx: Context) -> Page:
    rows = [f"/{s.name}（/{s.ja}）: {s.description}　例: {s.example}" for s in all_commands()]
    fields = [
        ReplyField("コマンド", "\n".join(rows)),
        ReplyField("こつ", "番号でも名前でも、ひらがなでも調べられます（例: /indicator ちくでんち）。"),
    ]
    return "ボットの使い方", fields, [("使い方", "/help"), ("確認クイズ", "/quiz")], "indicators"


PAGES: tuple[Callable[[Context], Page], ...] = (
    _goal,
    _strengths,
    _groups,
    _fields,
    _projects,
    _indicators,
    _usage,
)
_NEEDS_FRONT = frozenset({_goal, _strengths, _groups})


def _pages(ctx: Context) -> list[Callable[[Context], Page]]:
    """The pages the plan in force has data for (a plan without front matter skips its pages)."""
    edition = ctx.kb.edition(ctx.plan)
    return [
        page
        for page in PAGES
        if (page not in _NEEDS_FRONT or edition.front is not None)
        and (page is not _fields or edition.fields)
        and (page is not _projects or edition.projects)
    ]


def _toc(ctx: Context) -> Reply:
    pages = _pages(ctx)
    titles = [page(ctx)[0] for page in pages]
    lines = [f"{n}. {title}" for n, title in enumerate(titles, start=1)]
    name = ctx.kb.revision(ctx.plan).title
    return Reply(
        status="ok",
        kind="tour",
        title="ツアー: 目次",
        lines=(f"{name}を{len(pages)}つのステップで紹介します。", *lines),
        footer=f"データ版 {ctx.kb.version}",
        key=0,
        record={"page": 0, "total": len(pages), "titles": titles},
        links=tuple((f"{n}. {t}", f"/tour {n}") for n, t in enumerate(titles, start=1)),
    )


def tour_page(ctx: Context, page: int) -> Reply:
    """Page ``page`` of the tour; 0 is the table of contents."""
    if page == 0:
        return _toc(ctx)
    pages = _pages(ctx)
    title, fields, links, section = pages[page - 1](ctx)
    nav = []
    if page > 1:
        nav.append(("前へ", f"/tour {page - 1}"))
    if page < len(pages):
        nav.append(("次へ", f"/tour {page + 1}"))
    nav.append(("目次", "/tour"))
    return Reply(
        status="ok",
        kind="tour",
        title=f"ツアー {page}/{len(pages)}: {title}",
        fields=tuple(fields),
        footer=fmt.footer(ctx.kb, ctx.plan, section),
        key=page,
        record={"page": page, "total": len(pages), "title": title},
        links=tuple(links + nav),
    )


@command(TOUR)
def tour(ctx: Context, page: int | None = None) -> Reply:
    """Answer /tour: the table of contents (no page, or 0), or one page."""
    if not page:
        return _toc(ctx)
    total = len(_pages(ctx))
    if 1 <= page <= total:
        return tour_page(ctx, page)
    return problem("invalid", "tour", f"ツアーのページは 1〜{total} です。目次は /tour、例: /tour 4")
