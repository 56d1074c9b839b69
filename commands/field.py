"""/field: a priority growth field with its editorial links to sections and indicators."""

from __future__ import annotations

from commands import format as fmt
from commands.context import Context
from commands.lookup import resolve
from commands.registry import FIELD, command
from commands.replies import Reply, ReplyField, problem
from knowledge.models import GrowthField


def _bare(name: str) -> str:
    """A field's name without its printed qualifier: 未来技術関連分野 for 未来技術関連分野(共通)."""
    return name.split("(")[0].split("（")[0]


def _change(ctx: Context, item: GrowthField) -> str:
    """What the revision did to the field: the document's words for a new one, our reading otherwise."""
    edition = ctx.kb.edition(ctx.plan)
    said = f"（文書: {edition.front.fields_change}）" if edition.front else ""
    if item.new:
        return f"新たに追加された分野{said}"
    before = fmt.plan_name(ctx.kb, edition.previous) if edition.previous in ctx.kb.editions else "前の計画"
    return f"{before}から継続（ボットによる整理{said}）"


def show_field(ctx: Context, item: GrowthField) -> Reply:
    """One field: category, description, promoting bodies, whether new, and editorial links."""
    kb = ctx.kb
    edition = kb.edition(ctx.plan)
    link = edition.field_link(item.id)
    fields = [
        ReplyField("区分", item.category, inline=True),
        ReplyField("今回の改定", _change(ctx, item), inline=True),
        ReplyField("本県特性など", item.description),
        ReplyField("推進母体など", "\n".join(item.bodies) or "（記載なし）"),
    ]
    front = edition.front
    if front is not None and _bare(item.name) in front.fields_note:
        fields.append(ReplyField("文書の注記", f"※{front.fields_note}"))
    section_lines: list[str] = []
    indicator_lines: list[str] = []
    links: list[tuple[str, str]] = []
    if link is not None:
        for no in link.projects:
            p = edition.project(no)
            assert p is not None
            section_lines.append(f"プロジェクト{p.no} {p.name}")
            links.append((f"プロジェクト{p.no}", f"/project {p.no}"))
        for sid in link.sections:
            s = edition.section(sid)
            assert s is not None
            section_lines.append(f"{s.id} {s.title}")
            links.append((f"節 {s.id}", f"/project {s.id}"))
        for no in link.indicators:
            ind = edition.indicator(no)
            assert ind is not None
            indicator_lines.append(f"{ind.no}. {ind.name}")
            links.append((f"指標{ind.no}", f"/indicator {ind.no}"))
        fields.append(fmt.editorial("関連するプロジェクト・節", "\n".join(section_lines)))
        fields.append(fmt.editorial("関連する指標", "\n".join(indicator_lines)))
    return Reply(
        status="ok",
        kind="field",
        title=f"重点成長分野{item.id} {item.name}{'［新規］' if item.new else ''}",
        fields=tuple(fields),
        footnotes=(f"原文のセル: {item.cell_text}", *fmt.footnotes(item)),
        footer=fmt.footer(kb, ctx.plan, "fields"),
        key=item.id,
        record={
            "id": item.id,
            "category": item.category,
            "name": item.name,
            "description": item.description,
            "bodies": list(item.bodies),
            "new": item.new,
            "cell_text": item.cell_text,
            "editorial_links": None
            if link is None
            else {"projects": link.projects, "sections": link.sections, "indicators": link.indicators},
        },
        links=tuple(links),
    )


@command(FIELD)
def field(ctx: Context, query: str | None = None) -> Reply:
    """Answer /field: a field by number or name; no query lists the fields by category."""
    kb = ctx.kb
    edition = kb.edition(ctx.plan)
    if not edition.fields:
        return problem(
            "not_found",
            "field",
            f"{edition.name}には重点成長分野の記載がありません。/overview で計画の概要を確認できます。",
        )
    if query is None or not query.strip():
        lines = [f"{f.id}. {f.name}（{f.category}）{'［新規］' if f.new else ''}" for f in edition.fields]
        note = [f"※ {edition.front.fields_note}"] if edition.front else []
        return Reply(
            status="ok",
            kind="field",
            title=f"重点成長分野一覧（{len(edition.fields)}分野）",
            lines=(*lines, *note),
            footer=fmt.footer(kb, ctx.plan, "fields"),
            record={"items": [{"id": f.id, "name": f.name, "category": f.category} for f in edition.fields]},
            links=tuple((f"分野{f.id}", f"/field {f.id}") for f in edition.fields),
        )
    hit = resolve(ctx, query, "field", ctx.plan, "field")
    if isinstance(hit, Reply):
        return hit
    item = edition.growth_field(int(hit.key))
    assert item is not None
    return show_field(ctx, item)
