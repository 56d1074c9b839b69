"""/tour: a guided walkthrough of the strategy for new staff, built from the data, page by page."""

from __future__ import annotations

from collections.abc import Callable

from commands import format as fmt
from commands.context import Context
from commands.overview import days_left_text
from commands.registry import TOUR, all_commands, command
from commands.replies import Reply, ReplyField, problem
from knowledge.rating import STAR_MEANINGS

Page = tuple[str, list[ReplyField], list[tuple[str, str]], str]  # title, fields, links, source section


def _goal(ctx: Context) -> Page:
    plan = ctx.kb.plan
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
    plan = ctx.kb.plan
    fields = [
        ReplyField("本県の産業特性と「4つの強み」", "\n".join(f"{s.no}. {s.text}" for s in plan.strengths))
    ]
    return "本県の4つの強み", fields, [("重点成長分野", "/field")], "fields"


def _groups(ctx: Context) -> Page:
    fields = []
    for group in ctx.kb.plan.company_groups:
        directions = "\n".join(f"● {d.text}" for d in group.directions)
        what = (
            "事業所の数" if group.measure_kind == "establishments" else "本県製造業の付加価値額に占める割合"
        )
        fields.append(ReplyField(group.name, f"{group.measure.text}（{what}）\n{directions}"))
    links = [
        ("用語: 瀬戸内基幹企業群", "/glossary 瀬戸内基幹企業群"),
        ("用語: 地域中核企業", "/glossary 地域中核企業"),
    ]
    return "3つの企業群と取組の方向性", fields, links, "directions"


def _fields(ctx: Context) -> Page:
    kb = ctx.kb
    by_category: dict[str, list[str]] = {}
    for f in kb.fields:
        link = kb.field_link(f.id)
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
    new = next((f for f in kb.fields if f.new), None)
    links = [("分野一覧", "/field")]
    if new is not None:
        link = kb.field_link(new.id)
        links.append((f"分野{new.id}", f"/field {new.id}"))
        if link is not None:
            links += [(f"節{s}", f"/project {s}") for s in link.sections]
            links += [(f"指標{n}", f"/indicator {n}") for n in link.indicators]
    return f"{len(kb.fields)}の重点成長分野", fields, links, "fields"


def _projects(ctx: Context) -> Page:
    kb = ctx.kb
    rows = []
    for p in kb.projects:
        count = len(kb.project_indicators(p.no))
        sections = f"（節 {'、'.join(s.id for s in p.sections)}）" if p.sections else ""
        rows.append(f"{p.no}. {p.name}{fmt.tags(p.tags)}{sections} — 指標{count}件")
    fields = [
        ReplyField("産業戦略プロジェクト", "\n".join(rows)),
        ReplyField("見方", "［拡充］は取組を広げたもの、［新規］は今回の改定で新しく加わったものです。"),
    ]
    links = [(f"プロジェクト{p.no}", f"/project {p.no}") for p in kb.projects]
    return f"{len(kb.projects)}つの産業戦略プロジェクト", fields, links, "projects"


def _indicators(ctx: Context) -> Page:
    kb = ctx.kb
    total = len(kb.indicators("2024"))
    kinds = {"cumulative": 0, "per_3_years": 0, "level": 0, "lower_bound": 0}
    for ind in kb.indicators("2024"):
        kinds[ind.target.kind.value] += 1
    calendar = [str(i.no) for i in kb.indicators("2024") if i.calendar_basis]
    fields = [
        ReplyField(
            "プロジェクト別指標",
            f"{total}指標。多くは2022年度の現状値と2026年度の目標値を持ちます。\n"
            f"・累計: {kinds['cumulative']}指標（これまでの積み上げを含む合計）\n"
            f"・/3年: {kinds['per_3_years']}指標（3年間の合計、ゼロから数える）\n"
            f"・水準: {kinds['level']}指標、下限（97%超など）: {kinds['lower_bound']}指標\n"
            f"・暦年で数える指標: {'、'.join(calendar)}（ほかは年度）",
        ),
        ReplyField("★の評価", "\n".join(f"{fmt.stars(n)} {STAR_MEANINGS[n]}" for n in (4, 3, 2, 1))),
        ReplyField(
            "公式と試算",
            "公式: 文書に載っている県の評価（第1次改定版）。\n"
            "試算: このボットが「進捗 ÷ 経過 ＝ ペース」で計算した評価。第1次改定版の公式評価をすべて再現します。\n"
            f"{kb.plan.revision1_summary}",
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


def _toc(ctx: Context) -> Reply:
    titles = [page(ctx)[0] for page in PAGES]
    lines = [f"{n}. {title}" for n, title in enumerate(titles, start=1)]
    return Reply(
        status="ok",
        kind="tour",
        title="ツアー: 目次",
        lines=("やまぐち産業イノベーション戦略（第2次改定版）を7つのステップで紹介します。", *lines),
        footer=f"データ版 {ctx.kb.version}",
        key=0,
        record={"page": 0, "total": len(PAGES), "titles": titles},
        links=tuple((f"{n}. {t}", f"/tour {n}") for n, t in enumerate(titles, start=1)),
    )


def tour_page(ctx: Context, page: int) -> Reply:
    """Page ``page`` (1–7) of the tour; 0 is the table of contents."""
    if page == 0:
        return _toc(ctx)
    title, fields, links, section = PAGES[page - 1](ctx)
    nav = []
    if page > 1:
        nav.append(("前へ", f"/tour {page - 1}"))
    if page < len(PAGES):
        nav.append(("次へ", f"/tour {page + 1}"))
    nav.append(("目次", "/tour"))
    return Reply(
        status="ok",
        kind="tour",
        title=f"ツアー {page}/{len(PAGES)}: {title}",
        fields=tuple(fields),
        footer=fmt.footer(ctx.kb, section),
        key=page,
        record={"page": page, "total": len(PAGES), "title": title},
        links=tuple(links + nav),
    )


@command(TOUR)
def tour(ctx: Context, page: int | None = None) -> Reply:
    """Answer /tour: the table of contents (no page, or 0), or one page."""
    if not page:
        return _toc(ctx)
    if 1 <= page <= len(PAGES):
        return tour_page(ctx, page)
    return problem("invalid", "tour", f"ツアーのページは 1〜{len(PAGES)} です。目次は /tour、例: /tour 4")
