"""/project: a project with its sections, actions and indicators, or one section of it."""

from __future__ import annotations

from typing import Any

from commands import format as fmt
from commands.context import Context
from commands.lookup import resolve
from commands.registry import PROJECT, command
from commands.replies import Reply, ReplyField, problem
from knowledge.models import Indicator, Project, Section


def _indicator_lines(ctx: Context, items: list[Indicator]) -> str:
    rows = []
    for ind in items:
        assessment = ctx.assess(ind, ctx.latest(ind))
        rows.append(f"{ind.no}. {ind.name}（目標 {ind.target.text}）— {fmt.stars(assessment.stars)}")
    return "\n".join(rows) or "指標はありません"


def _actions(actions: list[str]) -> str:
    return "\n".join(f"・{a}" for a in actions)


def _links(ctx: Context, items: list[Indicator]) -> tuple[tuple[str, str], ...]:
    return tuple((f"指標{i.no}", f"/indicator {i.no}") for i in items)


def _fields_serving(ctx: Context, project_no: int, section_id: str | None) -> str:
    names = []
    edition = ctx.kb.edition(ctx.plan)
    for link in edition.field_links:
        hit = project_no in link.projects or any(
            s == section_id or (section_id is None and s.split("-")[0] == str(project_no))
            for s in link.sections
        )
        if hit:
            found = edition.growth_field(link.field)
            names += [found.name] if found else []
    return "、".join(names)


def _record(project: Project, section: Section | None, items: list[Indicator]) -> dict[str, Any]:
    base = {
        "no": project.no,
        "name": project.name,
        "tags": list(project.tags),
        "indicators": [i.no for i in items],
    }
    if section is not None:
        return {
            **base,
            "section": section.id,
            "title": section.title,
            "section_tags": list(section.tags),
            "actions": list(section.actions),
        }
    return {
        **base,
        "sections": [
            {"id": s.id, "title": s.title, "tags": list(s.tags), "actions": list(s.actions)}
            for s in project.sections
        ],
        "actions": list(project.actions),
    }


def _chart(ctx: Context, project: Project) -> tuple[tuple[str, bytes], ...]:
    """The project's progress-against-pace chart, when charts are wanted."""
    if not ctx.charts:
        return ()
    from commands.charts import project_chart  # matplotlib is slow to import: only when drawing

    latest = {i.no: ctx.latest(i) for i in ctx.kb.edition(ctx.plan).project_indicators(project.no)}
    png = project_chart(ctx.kb, project.no, latest, ctx.today, ctx.plan)
    return ((f"project-{project.no}-{ctx.today:%Y%m%d}.png", png),)


def show_project(ctx: Context, project: Project) -> Reply:
    """The whole project: tags, sections with actions, and indicators with ratings."""
    kb = ctx.kb
    items = kb.edition(ctx.plan).project_indicators(project.no)
    fields = []
    if project.sections:
        for s in project.sections:
            fields.append(ReplyField(f"{s.id} {s.title}{fmt.tags(s.tags)}", _actions(s.actions)))
    else:
        fields.append(ReplyField("主な取組", _actions(project.actions)))
    fields.append(ReplyField("指標", _indicator_lines(ctx, items)))
    served = _fields_serving(ctx, project.no, None)
    if served:
        fields.append(fmt.editorial("関連する重点成長分野", served))
    section_links = tuple((f"節 {s.id}", f"/project {s.id}") for s in project.sections)
    return Reply(
        status="ok",
        kind="project",
        title=f"プロジェクト{project.no} {project.name}{fmt.tags(project.tags)}",
        fields=tuple(fields),
        footnotes=fmt.footnotes(project, *project.sections),
        footer=fmt.footer(kb, ctx.plan, ("projects", "indicators")),  # its actions, then its indicators
        key=project.no,
        record=_record(project, None, items),
        links=section_links + _links(ctx, items),
        files=_chart(ctx, project),
    )


def show_section(ctx: Context, project: Project, section: Section) -> Reply:
    """One section: its actions and its indicators."""
    kb = ctx.kb
    items = kb.edition(ctx.plan).project_indicators(project.no, section.id)
    fields = [
        ReplyField("主な取組", _actions(section.actions)),
        ReplyField("指標", _indicator_lines(ctx, items)),
    ]
    served = _fields_serving(ctx, project.no, section.id)
    if served:
        fields.append(fmt.editorial("関連する重点成長分野", served))
    lines = [f"プロジェクト{project.no} {project.name}{fmt.tags(project.tags)} の節"]
    return Reply(
        status="ok",
        kind="section",
        title=f"{section.id} {section.title}{fmt.tags(section.tags)}",
        lines=tuple(lines),
        fields=tuple(fields),
        footnotes=fmt.footnotes(section),
        footer=fmt.footer(kb, ctx.plan, ("projects", "indicators")),  # its actions, then its indicators
        key=section.id,
        record=_record(project, section, items),
        links=((f"プロジェクト{project.no}", f"/project {project.no}"), *_links(ctx, items)),
        files=_chart(ctx, project),
    )


@command(PROJECT)
def project(ctx: Context, query: str | None = None) -> Reply:
    """Answer /project: a project or section (4, 3-2) or a name; no query lists the projects."""
    kb = ctx.kb
    edition = kb.edition(ctx.plan)
    if not edition.projects:
        return problem(
            "not_found",
            "project",
            f"{edition.name}のプロジェクトの詳細はデータにありません。/indicator で指標を確認できます。",
        )
    if query is None or not query.strip():
        lines = [f"{p.no}. {p.name}{fmt.tags(p.tags)}" for p in edition.projects]
        return Reply(
            status="ok",
            kind="project",
            title=f"産業戦略プロジェクト一覧（{len(edition.projects)}件）",
            lines=tuple(lines),
            footer=fmt.footer(kb, ctx.plan, "directions"),
            record={"items": [{"no": p.no, "name": p.name, "tags": list(p.tags)} for p in edition.projects]},
            links=tuple((f"プロジェクト{p.no}", f"/project {p.no}") for p in edition.projects),
        )
    hit = resolve(ctx, query, "project", ctx.plan, "project")
    if isinstance(hit, Reply):
        return hit
    if hit.kind == "section":
        section = edition.section(str(hit.key))
        assert section is not None
        owner = edition.project(int(str(hit.key).split("-")[0]))
        assert owner is not None
        return show_section(ctx, owner, section)
    found = edition.project(int(hit.key))
    assert found is not None
    return show_project(ctx, found)
