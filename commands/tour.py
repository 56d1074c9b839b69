"""/tour: a guided walkthrough of the strategy for new staff, built from the data, page by page.

Every page cites the document's section headings it draws on (``plan.sections``); what the bot adds
of its own (counts compared across revisions, editorial links, the 試算 rating, how to use the bot)
says so on the page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from commands import format as fmt
from commands.context import Context
from commands.overview import days_left_text
from commands.plan import part_word
from commands.registry import INDICATOR, PLAN, TOUR, all_commands, command
from commands.replies import Reply, ReplyField, problem
from knowledge import Edition
from knowledge.models import Plan
from knowledge.periods import parse_period
from knowledge.rating import STAR_MEANINGS

OWN = "（ボットによる整理）"  # marks what the bot worked out or wrote, as opposed to the document's words


@dataclass(frozen=True)
class Page:
    """One step of the tour: its content and the document sections it comes from."""

    title: str
    fields: list[ReplyField]
    links: list[tuple[str, str]] = field(default_factory=list)
    sections: tuple[str, ...] = ()  # keys of plan.sections the page draws on
    tables: tuple[str, ...] = ()  # headings of the earlier plans' tables this plan's document prints


def _front(ctx: Context) -> Plan:
    front = ctx.kb.edition(ctx.plan).front
    assert front is not None  # _pages() offers the front matter's pages only where it exists
    return front


def _before(ctx: Context) -> Edition | None:
    """The plan this one revises, if the data holds it."""
    edition = ctx.kb.edition(ctx.plan)
    return ctx.kb.edition(edition.previous) if edition.previous in ctx.kb.editions else None


def _rated(edition: Edition | None) -> bool:
    """Whether the document prints official ratings of this plan's indicators."""
    return edition is not None and any(i.official for i in edition.indicators)


def _bare(text: str) -> str:
    """Text without quotation brackets, so that 「海外展開の推進」 and 海外展開の推進 compare equal."""
    return text.replace("「", "").replace("」", "")


def _project_count(edition: Edition) -> int:
    """How many projects a plan has: its own list, else the distinct numbers its table's rows use."""
    if edition.projects:
        return len(edition.projects)
    refs = [p.ref for p in edition.revision.projects] or [i.project for i in edition.indicators]
    return len({ref.split("-")[0] for ref in refs})


def _purpose(ctx: Context) -> Page:
    plan = _front(ctx)
    fields = [ReplyField("改定の趣旨（文書の記載）", "\n".join(f"・{p}" for p in plan.purpose))]
    return Page("なぜ改定したのか", fields, [("概要", "/overview")], ("purpose",))


def _changes(ctx: Context) -> Page:
    edition = ctx.kb.edition(ctx.plan)
    plan = _front(ctx)
    before = _before(ctx)
    assert before is not None  # _pages() offers this page only where the plan before is known
    fields: list[ReplyField] = []
    sections: list[str] = []
    links: list[tuple[str, str]] = []
    if edition.fields:
        added = [f"{f.id}. {f.name}" for f in edition.fields if f.new]
        text = plan.fields_change + (f"\n新たに加わった分野: {'、'.join(added)}" if added else "")
        fields.append(ReplyField("重点成長分野", text))
        sections.append("fields")
        links += [(f"分野{f.id}", f"/field {f.id}") for f in edition.fields if f.new]
    if edition.projects:
        rows = [f"{_project_count(before)}プロジェクト ⇒ {len(edition.projects)}プロジェクト{OWN}"]
        for p in edition.projects:
            tagged = [f"{p.no}. {p.name}{fmt.tags(p.tags)}"] if p.tags else []
            tagged += [f"節{s.id} {s.title}{fmt.tags(s.tags)}" for s in p.sections if s.tags]
            rows += [f"・{t}" for t in tagged]
        fields.append(ReplyField("産業戦略プロジェクト", "\n".join(rows)))
        sections.append("projects")
    counts = f"{len(before.indicators)}指標 ⇒ {len(edition.indicators)}指標{OWN}"
    fields.append(ReplyField("プロジェクト別指標", counts))
    sections.append("indicators")
    new = [p for p in plan.perspectives if p.new]
    if new:
        text = "\n".join(f"・{p.text}《新たな視点》" for p in new)
        sections.append("goal")
        # the purpose paragraph that adds the new perspectives quotes them (in brackets)
        adding = [p for p in plan.purpose if any(_bare(n.text) in _bare(p) for n in new)]
        if adding and "purpose" in plan.sections:
            text += f"\n\n「{plan.sections['purpose']}」より:\n" + "\n".join(adding)
            sections.append("purpose")
        fields.append(ReplyField("新たな視点", text))
    fields.append(
        ReplyField(
            "数え方",
            f"プロジェクトと指標の数は、{before.name}と{edition.name}の一覧・表をボットが数えて比べたものです{OWN}。",
        )
    )
    links += [("指標一覧", "/indicator"), (f"{before.name}の指標", INDICATOR.line(plan=before.id))]
    # a plan known only from this document's table is counted from that table
    tables = (before.revision.table_source,) if before.front is None else ()
    return Page(f"{before.name}から変わったこと", fields, links, tuple(sections), tables)


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
    return Page("基本目標と計画期間", fields, [("概要", "/overview")], ("goal", "period"))


def _fields(ctx: Context) -> Page:
    edition = ctx.kb.edition(ctx.plan)
    plan = edition.front
    fields: list[ReplyField] = []
    if plan is not None and plan.strengths:
        fields.append(
            ReplyField(
                f"本県の産業特性と「{len(plan.strengths)}つの強み」",
                "\n".join(f"{s.no}. {s.text}" for s in plan.strengths),
            )
        )
    by_category: dict[str, list[str]] = {}
    linked = False
    for f in edition.fields:
        link = edition.field_link(f.id)
        path = ""
        if link is not None:
            linked = True
            parts = [f"節{s}" for s in link.sections] + [f"プロジェクト{p}" for p in link.projects]
            path = f" → {'・'.join(parts)} → 指標{'・'.join(str(n) for n in link.indicators)}"
        by_category.setdefault(f.category, []).append(f"{f.id}. {f.name}{'［新規］' if f.new else ''}{path}")
    fields += [ReplyField(category, "\n".join(rows)) for category, rows in by_category.items()]
    if plan is not None and plan.fields_note:
        fields.append(ReplyField("注記（文書の※）", plan.fields_note))
    if linked:
        fields.append(
            ReplyField(
                f"読み方{OWN}",
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
    title = f"{len(edition.fields)}の重点成長分野"
    if plan is not None and plan.strengths:
        title = f"本県の{len(plan.strengths)}つの強みと{title}"
    return Page(title, fields, links, ("fields",))


def _groups(ctx: Context) -> Page:
    plan = _front(ctx)
    fields = [ReplyField("取組の方向性", "\n".join(f"・{d}" for d in plan.directions_intro))]
    for group in plan.company_groups:
        directions = "\n".join(f"● {d.text}" for d in group.directions)
        what = (
            "事業所の数" if group.measure_kind == "establishments" else "本県製造業の付加価値額に占める割合"
        )
        fields.append(ReplyField(group.name, f"{group.measure.text}（{what}）\n{directions}"))
    links = [
        ("用語: 瀬戸内基幹企業群", "/glossary 瀬戸内基幹企業群"),
        ("用語: 地域中核企業", "/glossary 地域中核企業"),
    ]
    return Page(f"{len(plan.company_groups)}つの企業群と取組の方向性", fields, links, ("directions",))


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
    return Page(f"{len(edition.projects)}つの産業戦略プロジェクト", fields, links, ("projects", "indicators"))


def _legend(plan: Plan | None) -> str:
    """The ★ scale as the document prints it (the bot's own wording where there is no document)."""
    if plan is not None and plan.rating_legend:
        return "\n".join(f"{fmt.stars(e.stars)} {e.meaning}" for e in plan.rating_legend)
    return "\n".join(f"{fmt.stars(n)} {STAR_MEANINGS[n]}" for n in sorted(STAR_MEANINGS, reverse=True))


def _indicators(ctx: Context) -> Page:
    edition = ctx.kb.edition(ctx.plan)
    indicators = edition.indicators
    kinds = Counter(ind.target.kind.value for ind in indicators)
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
    before = _before(ctx)
    # whose official ratings the document prints: the plan before, or (a plan known only from its
    # successor's table) this plan itself
    rated = next((e for e in (before, edition) if e is not None and _rated(e)), None)
    plan = edition.front
    official = (
        f"公式: 文書に載っている県の評価（{rated.name}）。" if rated else "公式: 文書に載っている県の評価。"
    )
    reproduces = f"{rated.name}の公式評価をすべて再現します。" if rated else ""
    fields = [
        ReplyField(
            "プロジェクト別指標",
            f"{len(indicators)}指標。{usual}\n"
            f"・累計: {kinds['cumulative']}指標（これまでの積み上げを含む合計）\n"
            f"・/3年: {kinds['per_3_years']}指標（3年間の合計、ゼロから数える）\n"
            f"・水準: {kinds['level']}指標、下限（97%超など）: {kinds['lower_bound']}指標\n"
            f"・暦年で数える指標: {'、'.join(calendar) or 'なし'}（ほかは年度）",
        ),
        ReplyField("★の評価", _legend(plan)),
        ReplyField(
            "公式と試算",
            f"{official}\n試算{OWN}: このボットが「進捗 ÷ 経過 ＝ ペース」で計算した評価で、文書の評価ではありません。{reproduces}",
        ),
    ]
    tables: tuple[str, ...] = ()
    if rated is not None:
        stars = Counter(i.official.stars or 0 for i in rated.indicators if i.official)
        lines = [f"{fmt.stars(n)}: {stars.get(n, 0)}件" for n in sorted(STAR_MEANINGS, reverse=True)]
        unrated = [i.official.text for i in rated.indicators if i.official and i.official.stars is None]
        lines += [f"{text}: {n}件" for text, n in Counter(unrated).items()]
        host = plan if rated is before else None
        if host is not None and host.previous_summary:
            lines.append(host.previous_summary)
        notes = plan.rating_notes if plan is not None else []
        lines += [f"※ {note}" for note in notes]
        fields.append(ReplyField(f"{rated.name}の公式評価（{len(rated.indicators)}指標）", "\n".join(lines)))
        tables = (rated.revision.table_source,)
    links = [("指標一覧", "/indicator"), ("用語: 試算", "/glossary 試算"), ("用語: 累計", "/glossary 累計")]
    if rated is not None and rated is before:
        links.append((f"{rated.name}の指標", INDICATOR.line(plan=rated.id)))
    sections = ("indicators",) if plan is not None else ()
    return Page("指標と★の評価", fields, links, sections, tables)


def _promotion(ctx: Context) -> Page:
    plan = _front(ctx)
    fields = [
        ReplyField("推進体制", "\n".join(f"・{p}" for p in plan.promotion)),
        ReplyField("主な支援措置", "\n".join(f"・{m}" for m in plan.support_measures)),
    ]
    links = [
        ("推進体制（原文）", f"/plan {part_word(ctx, 'promotion')}"),
        ("支援措置（原文）", f"/plan {part_word(ctx, 'support')}"),
    ]
    return Page("推進体制・支援スキーム", fields, links, ("promotion",))


# Which command lists the items of a section one by one (the tour pages and /plan aside).
COMMAND_FOR = {
    "fields": "/field",
    "projects": "/project",
    "indicators": "/indicator",
}


def _opens(ctx: Context, key: str) -> list[str]:
    """The commands that show a section further: the /plan parts that print it, then its items."""
    parts = [p for p in ctx.kb.document_parts(ctx.plan) if key in p.sections]
    shown = [f"/plan {part_word(ctx, p.key)}" for p in parts]
    return shown + ([COMMAND_FOR[key]] if key in COMMAND_FOR else [])


def _usage(ctx: Context) -> Page:
    rows = [f"/{s.name}（/{s.ja}）: {s.description}　例: {s.example}" for s in all_commands()]
    fields = [
        ReplyField("コマンド", "\n".join(rows)),
        ReplyField("こつ", "番号でも名前でも、ひらがなでも調べられます（例: /indicator ちくでんち）。"),
    ]
    plan = ctx.kb.edition(ctx.plan).front
    before = _before(ctx)
    cited: list[str] = []
    if plan is not None:
        where: dict[str, list[int]] = {}
        for n, page in enumerate(_pages(ctx), start=1):
            if page is not _usage:
                for heading in headings(ctx, page(ctx)):
                    where.setdefault(heading, []).append(n)
        opens = {plan.sections[key]: _opens(ctx, key) for key in plan.sections}
        if before is not None:
            opens.setdefault(before.revision.table_source, []).append(INDICATOR.line(plan=before.id))
        rows = []
        for heading in plan.sections.values():
            if heading in where:
                shown = [f"/tour {n}" for n in where[heading]] + opens.get(heading, [])
                rows.append(f"「{heading}」→ {'・'.join(shown)}")
                cited.append(heading)
        rows.append(f"節ごとの文書の内容: /{PLAN.name}（/{PLAN.ja}）")
        if rows:
            fields.insert(0, ReplyField(f"文書の節と調べ方{OWN}", "\n".join(rows)))
    fields.append(
        ReplyField("このページについて", f"ボットの使い方の説明です{OWN}。文書の内容ではありません。")
    )
    links = [("使い方", "/help"), ("確認クイズ", "/quiz")]
    return Page("ボットの使い方", fields, links, tables=tuple(cited))


PAGES: tuple[Callable[[Context], Page], ...] = (
    _purpose,
    _changes,
    _goal,
    _fields,
    _groups,
    _projects,
    _indicators,
    _promotion,
    _usage,
)
_NEEDS_FRONT = frozenset({_purpose, _changes, _goal, _groups, _promotion})


def _pages(ctx: Context) -> list[Callable[[Context], Page]]:
    """The pages the plan in force has data for (a plan without front matter skips its pages)."""
    edition = ctx.kb.edition(ctx.plan)
    return [
        page
        for page in PAGES
        if (page not in _NEEDS_FRONT or edition.front is not None)
        and (page is not _changes or _before(ctx) is not None)
        and (page is not _fields or edition.fields)
        and (page is not _projects or edition.projects)
    ]


def headings(ctx: Context, page: Page) -> list[str]:
    """The section headings a page cites, as the document prints them."""
    plan = ctx.kb.edition(ctx.plan).front
    # in the document's order, whatever order the page uses them in
    own = [heading for key, heading in (plan.sections.items() if plan else ()) if key in page.sections]
    return list(dict.fromkeys([*own, *page.tables]))


def _footer(ctx: Context, page: Page) -> str:
    edition = ctx.kb.edition(ctx.plan)
    plan = edition.front
    cited = headings(ctx, page)
    if not cited:  # the bot's own page, with nothing of the document to cite
        return f"データ版 {ctx.kb.version}"
    if plan is None:  # a plan known only from its successor's table cites that table
        return fmt.footer(ctx.kb, ctx.plan, "indicators")
    quoted = "".join(f"「{h}」" for h in cited)
    return f"出典：{plan.title}（{plan.revision}）{plan.document}{quoted} ・ データ版 {ctx.kb.version}"


def _toc(ctx: Context) -> Reply:
    pages = _pages(ctx)
    titles = [page(ctx).title for page in pages]
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
    """Page ``page`` of the tour; 0 (or a page past the end) is the table of contents."""
    pages = _pages(ctx)
    if not 1 <= page <= len(pages):
        return _toc(ctx)
    step = pages[page - 1](ctx)
    nav = []
    if page > 1:
        nav.append(("前へ", f"/tour {page - 1}"))
    if page < len(pages):
        nav.append(("次へ", f"/tour {page + 1}"))
    nav.append(("目次", "/tour"))
    return Reply(
        status="ok",
        kind="tour",
        title=f"ツアー {page}/{len(pages)}: {step.title}",
        fields=tuple(step.fields),
        footer=_footer(ctx, step),
        key=page,
        record={"page": page, "total": len(pages), "title": step.title, "sources": headings(ctx, step)},
        links=tuple(step.links + nav),
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
