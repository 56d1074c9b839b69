"""Lists and counts: the indicators, sections, projects or fields a question filters for."""

from __future__ import annotations

import dataclasses
from typing import Any

from commands import format as fmt
from commands.ask._answers import by_year, group_members, item_answer
from commands.ask._common import NARROWING, OFF_TOPIC, Found, answer_reply, list_plan
from commands.ask._find import find_item, members_of
from commands.context import Context
from commands.lookup import plan_option
from commands.registry import INDICATOR, PROJECT
from commands.replies import Reply, problem
from knowledge.models import Indicator
from knowledge.question import Question
from knowledge.search import MARGIN, parse_number


def _listed(
    ctx: Context, q: Question, plan: str
) -> tuple[list[Indicator], dict[str, object], tuple[str, ...]] | Reply:
    """The indicators a list or count question is about, the filters applied, and notes."""
    kb = ctx.kb
    filters: dict[str, object] = dict(q.filters)
    if plan != ctx.plan:
        filters["plan"] = plan
    items = kb.indicators(plan)
    notes: tuple[str, ...] = ()
    if q.subject_text:
        found = _named_group(ctx, q, plan) or find_item(ctx, q, {"project", "section", "field", "indicator"})
        if isinstance(found, Reply) and found.status == "invalid":
            return found
        if isinstance(found, Reply) and found.status == "ambiguous":
            found = _one_set(ctx, plan, found) or found
        counted = q.intent == "count" or bool(q.filters)
        if isinstance(found, Reply) and found.status == "not_found" and not found.candidates and counted:
            # 「指標は今何件ある」「目標達成した指標は今何件」: the words left (今) name no group at all
            return _listed(ctx, dataclasses.replace(q, subject_text=""), plan)
        if isinstance(found, Reply):
            return found
        if found.kind == "indicator":  # 「5Gの指標」 names one indicator: it is shown whole
            # 「…の件数、2022年度はいくつだった」: of the baseline's year, the baseline
            return item_answer(ctx, by_year(ctx, dataclasses.replace(q, intent="show"), found), found)
        notes = found.notes
        filters["field" if found.kind == "field" else "project"] = found.key
        members = members_of(ctx, plan, found.kind, found.key)
        items = [i for i in items if i.no in members]
    stars = {i.no: ctx.assess(i, ctx.latest(i)).stars or 0 for i in items}
    wanted = filters.get("rating")
    if isinstance(wanted, list):
        items = [i for i in items if _official_or_computed(ctx, i, stars[i.no]) in wanted]
    if filters.get("reached"):
        items = [i for i in items if ctx.assess(i, ctx.latest(i)).reached]
    if filters.get("stale"):
        items = [i for i in items if (f := ctx.freshness(i)) is not None and f.stale]
    return items, filters, notes


def _one_set(ctx: Context, plan: str, asked: Reply) -> Found | None:
    """When every close candidate stands for the same indicators, that set is the answer."""
    sets = {
        members_of(ctx, plan, c.kind, c.key)
        for c in asked.candidates
        if c.score >= asked.candidates[0].score - MARGIN
    }
    if len(sets) != 1:
        return None
    (only,) = sets
    top = asked.candidates[0]
    return Found(top.kind, plan, top.key) if only else None


def _named_group(ctx: Context, q: Question, plan: str) -> Found | Reply | None:
    """A project, section or field named by its number (プロジェクト4, 3-2, 分野6), or why none is."""
    parsed = parse_number(q.subject_text)
    if parsed is None or q.subject_text.strip().isdigit():
        return None
    for kind in ("field", "project") if parsed[0] == "field" else ("project", "field"):
        found = ctx.kb.search_index.resolve(q.subject_text, kind, plan)
        if found.status == "ok":
            hit = found.hits[0]
            return Found(hit.kind, plan, hit.key)
    if parsed[0] in (
        "field",
        "project",
    ):  # 「分野12の指標」: no such field, and indicator 12 is not what was asked
        return no_such_group(ctx, plan, str(parsed[0]), parsed[1])
    return None


def no_such_group(ctx: Context, plan: str, kind: str, number: int | str) -> Reply:
    """「プロジェクト9」「分野12」: that number names no project or field, and the numbers there are."""
    edition = ctx.kb.edition(plan)
    if kind == "field":
        return problem(
            "invalid", "answer", f"分野{number}はありません。重点成長分野は 1〜{len(edition.fields)} です。"
        )
    return problem(
        "invalid",
        "answer",
        f"プロジェクト{number}はありません。産業戦略プロジェクトは 1〜{len(edition.projects)} です。",
    )


def _official_or_computed(ctx: Context, ind: Indicator, computed: int) -> int:
    official = ctx.official(ind)
    return official.stars or 0 if official is not None else computed


def _how(ctx: Context, plan: str, filters: dict[str, object]) -> str:
    has_official = any(ctx.official(i) for i in ctx.kb.indicators(plan))
    basis = (
        "公式の★（文書記載）"
        if has_official
        else "試算の★（実績の進捗 ÷ 計画期間の経過で計算。実績が未登録の指標は評価なし）"
    )
    if "rating" in filters:
        return f"{fmt.plan_name(ctx.kb, plan)}の指標を{basis}で絞り込みました。"
    if "reached" in filters:
        return f"{fmt.plan_name(ctx.kb, plan)}の指標のうち、登録された実績が目標に達したものです（試算）。"
    if "stale" in filters:
        return f"{fmt.plan_name(ctx.kb, plan)}の指標のうち、実績の更新期限を過ぎたものです。"
    return f"{fmt.plan_name(ctx.kb, plan)}の指標です。"


def _group_named(ctx: Context, plan: str, filters: dict[str, object]) -> str:
    """「プロジェクト3「…」の」: the project, section or field a count is narrowed to, as a phrase."""
    project, field = filters.get("project"), filters.get("field")
    if isinstance(project, (int, str)):
        kind = "section" if isinstance(project, str) else "project"
        return group_members(ctx, Found(kind, plan, project))[0] + "の"
    if isinstance(field, int):
        return group_members(ctx, Found("field", plan, field))[0] + "に関連する"
    return ""


def _group_list(ctx: Context, q: Question) -> Reply:
    """「プロジェクト一覧」「重点成長分野の一覧」: the plan's projects or fields."""
    edition = ctx.kb.edition(list_plan(ctx, q))
    if q.kind == "project":
        rows = [(p.no, f"{p.no}. {p.name}") for p in edition.projects]
        command_line, what = "/project", "産業戦略プロジェクト"
    else:
        rows = [(f.id, f"{f.id}. {f.name}") for f in edition.fields]
        command_line, what = "/field", "重点成長分野"
    lines = (f"{edition.name}の{what}（{len(rows)}件）: " + "、".join(text for _, text in rows),)
    record = {
        "intent": "list",
        "subjects": [],
        "filters": {} if edition.id == ctx.plan else {"plan": edition.id},
        "items": [{"kind": q.kind, "plan": edition.id, "key": key} for key, _ in rows],
        "answer": lines[0],
        "command": command_line,
        "record": None,
    }
    return answer_reply(
        ctx, lines, command_line, record, (edition.id, "directions" if q.kind == "project" else "fields")
    )


def _sections_reply(
    ctx: Context,
    q: Question,
    plan: str,
    text: str,
    sections: list[str],
    command_line: str,
    filters: dict[str, object],
) -> Reply:
    """A list or count of sections (their ids), as /ask records it."""
    counting = q.intent == "count"
    record: dict[str, Any] = {
        "intent": "count" if counting else "list",
        "subjects": [],
        "filters": filters,
        "answer": text,
        "command": command_line,
        "record": None,
    }
    if counting:
        record |= {"of": "section", "count": len(sections)}
    else:
        record["items"] = [{"kind": "section", "plan": plan, "key": key} for key in sections]
    return answer_reply(ctx, (text,), command_line, record, (plan, "projects"))


def section_list(ctx: Context, q: Question) -> Reply | None:
    """「プロジェクト1の節の一覧」「節は全部で何個」: the sections of a project, or of the whole plan.

    None when the words name one section (「コンビナート企業間連携の節を見せて」): it is shown.
    """
    plan = list_plan(ctx, q)
    in_plan: dict[str, object] = {} if plan == ctx.plan else {"plan": plan}
    edition = ctx.kb.edition(plan)
    if not q.subject_text:
        rows = [(s.id, f"{s.id} {s.title}") for p in edition.projects for s in p.sections]
        text = f"{edition.name}の節（{len(rows)}件）: " + "、".join(t for _, t in rows)
        return _sections_reply(ctx, q, plan, text, [k for k, _ in rows], "/project", in_plan)
    found = ctx.kb.search_index.resolve(q.subject_text, "project", plan)
    hit = found.hits[0] if found.status == "ok" else None
    if hit is not None and hit.kind == "section" and q.intent != "count":
        return None
    project = edition.project(int(str(hit.key).split("-")[0])) if hit is not None else None
    if project is None:
        example = "「プロジェクト1の節の一覧」「プロジェクト3は何個の節がある？」"
        return problem("invalid", "answer", f"どのプロジェクトの節ですか？ 例: {example}。{OFF_TOPIC}")
    rows = [(s.id, f"{s.id} {s.title}") for s in project.sections]
    where = f"{fmt.plan_name(ctx.kb, plan)}のプロジェクト{project.no}「{project.name}」"
    listed = "、".join(t for _, t in rows)
    if not rows:
        text = f"{where}は節に分かれていません（取組が直接並んでいます）。"
    elif q.intent == "count":
        text = f"{where}の節は {len(rows)}件です: {listed}"
    else:
        text = f"{where}の節（{len(rows)}件）: {listed}"
    command_line = PROJECT.line(project.no, plan=plan if plan != ctx.plan else None)
    filters = {"project": project.no, **in_plan}
    return _sections_reply(ctx, q, plan, text, [k for k, _ in rows], command_line, filters)


def list_answer(ctx: Context, q: Question) -> Reply:
    """The indicators a question filters for, with the plan and how they were rated."""
    if q.kind in ("project", "field") and not q.subject_text:
        return _group_list(ctx, q)
    plan = list_plan(ctx, q)
    got = _listed(ctx, q, plan)
    if isinstance(got, Reply):
        return got
    items, filters, notes = got
    head = _how(ctx, plan, filters)
    if not items:
        lines = (*notes, head, "条件に合う指標はありません。")
    elif not NARROWING & set(filters):
        ratings = [_official_or_computed(ctx, i, ctx.assess(i, ctx.latest(i)).stars or 0) for i in items]
        spread = "、".join(f"{fmt.stars(n)} {ratings.count(n)}件" for n in (4, 3, 2, 1) if ratings.count(n))
        none = f"、評価なし {ratings.count(0)}件" if ratings.count(0) else ""
        lines = (*notes, head, f"{len(items)}指標の評価: {spread or '評価された指標はありません'}{none}")
    else:
        shown = "、".join(f"{i.no}「{i.name}」" for i in items[:10])
        more = f" ほか{len(items) - 10}件" if len(items) > 10 else ""
        lines = (*notes, head, f"{len(items)}件: {shown}{more}")
    command_line = _list_command(ctx, plan, filters)
    answer = " ".join(lines[len(notes) :])
    record = {
        "intent": "list",
        "subjects": [],
        "filters": filters,
        "items": [{"kind": "indicator", "plan": plan, "key": i.no} for i in items],
        "answer": answer,
        "command": command_line,
        "record": None,
    }
    return answer_reply(ctx, lines, command_line, record, (plan, "indicators"))


def _list_command(ctx: Context, plan: str, filters: dict[str, object]) -> str | None:
    rating = filters.get("rating")
    return INDICATOR.line(
        plan=plan if plan != ctx.plan else None,
        project=filters.get("project"),
        rating=rating[0] if isinstance(rating, list) and len(rating) == 1 else None,
        stale="はい" if filters.get("stale") else None,
    )


def count_answer(ctx: Context, q: Question) -> Reply:
    """How many items of a kind there are, from the data."""
    kb = ctx.kb
    plan = list_plan(ctx, q)
    edition = kb.edition(plan)
    of = q.kind or "indicator"
    if q.subject_text and of != "indicator":
        got = _listed(ctx, q, plan)  # 「重点成長分野の数」 names no group: the fields themselves are counted
        if not isinstance(got, Reply) and "project" not in got[1] and "field" not in got[1] and not q.filters:
            q = dataclasses.replace(q, subject_text="")
    if of == "indicator" or q.subject_text or q.filters:
        got = _listed(ctx, q, plan)
        if isinstance(got, Reply):
            return got
        items, filters, notes = got
        count, of = len(items), "indicator"
        name = fmt.plan_name(kb, plan)
        group = _group_named(ctx, plan, filters)
        if NARROWING & set(filters) - {"project", "field"}:
            text = f"{name}の{group}指標のうち、条件に合うものは {count}件です。{_how(ctx, plan, filters)}"
        else:
            text = f"{name}の{group}指標は {count}件です。"
        lines: tuple[str, ...] = (*notes, text)
    else:
        filters = {"plan": plan} if plan != ctx.plan else {}
        overall = len(edition.front.overall_indicators) if edition.front else 0
        sizes = {"project": len(edition.projects), "field": len(edition.fields), "term": len(kb.glossary)}
        count = overall if of == "overall" else sizes[of]
        names = {"project": "産業戦略プロジェクト", "field": "重点成長分野", "term": "用語集の用語"}
        what = names.get(of, "全体指標")
        lines = (
            f"{edition.name}の{what}は {count}件です。" if of != "term" else f"{what}は {count}語です。",
        )
    commands = {"indicator": "/indicator", "project": "/project", "field": "/field", "term": "/glossary"}
    command_line = commands.get(of, "/overview")
    if of == "indicator" and plan != ctx.plan:
        command_line += plan_option(ctx, plan)
    record = {
        "intent": "count",
        "subjects": [],
        "filters": filters,
        "of": of,
        "count": count,
        "answer": " ".join(lines),
        "command": command_line,
        "record": None,
    }
    section = {"project": "directions", "field": "fields", "term": ""}.get(of, "indicators")
    return answer_reply(ctx, lines, command_line, record, (plan, section))
