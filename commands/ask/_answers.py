"""The answer about one item: one to three lines on exactly what was asked, citing where it comes from."""

from __future__ import annotations

import dataclasses
from typing import Any

from commands import format as fmt
from commands.ask._common import MAX_TERMS, PART_OF, PLAN_PART_NAMES, Cite, Found, answer_reply, subject_json
from commands.context import Context
from commands.indicator_record import record as indicator_record
from commands.lookup import candidates_of, plan_option
from commands.plan import part_word
from commands.replies import Reply, problem
from knowledge.document import Part
from knowledge.models import Indicator
from knowledge.question import Question
from knowledge.search import Hit
from knowledge.textnorm import surface_key


def _more(ctx: Context, found: Found) -> str:
    if found.kind == "indicator":
        return f"/indicator {found.key}{plan_option(ctx, found.plan)}"
    if found.kind in ("project", "section"):
        return f"/project {found.key}"
    if found.kind == "field":
        return f"/field {found.key}"
    if found.kind == "glossary":
        return f"/glossary {found.key}"
    if found.kind == "plan" and (part := document_part(ctx, str(found.key), found.plan)) is not None:
        return f"/plan {part_word(ctx, part.key)}"
    return "/overview"


def indicator_of(ctx: Context, found: Found) -> Indicator:
    """The indicator a found subject names."""
    ind = ctx.kb.indicator(int(found.key), found.plan)
    assert ind is not None
    return ind


def _name(ctx: Context, ind: Indicator) -> str:
    prefix = "" if ind.plan == ctx.plan else f"{fmt.plan_name(ctx.kb, ind.plan)} "
    return f"{prefix}指標{ind.no}「{ind.name}」"


def _target_words(ctx: Context, ind: Indicator) -> str:
    revision = ctx.kb.revision(ind.plan)
    years = f"{revision.start.year}〜{revision.end.year}{'年' if ind.calendar_basis else '年度'}"
    kind = fmt.target_kind(ind.target, years)
    period = fmt.period_label(ind.target.period)
    return f"{ind.target.text}（{period}・{kind}）" if period else f"{ind.target.text}（{kind}）"


def _lines_for(ctx: Context, intent: str, ind: Indicator) -> tuple[str, ...]:
    kb = ctx.kb
    name = _name(ctx, ind)
    if intent == "target":
        return (f"{name}の目標は {_target_words(ctx, ind)} です。",)
    if intent == "baseline":
        if ind.baseline.is_missing:
            return (f"{name}の現状値は文書に記載がありません（{ind.baseline.text}）。",)
        return (f"{name}の現状値は {fmt.quantity(ind.baseline)} です。",)
    latest = ctx.latest(ind)
    if intent == "latest":
        if latest is None:
            return (f"{name}の実績はまだ登録されていません（目標は {_target_words(ctx, ind)}）。",)
        if latest.is_missing:
            return (f"{name}の実績は {latest.text}（{latest.note or '値なし'}）です。",)
        source = (
            "文書記載"
            if latest.source == "document"
            else f"登録値・{latest.recorded_by} {fmt.jst_date(latest.recorded_at) if latest.recorded_at else ''}"
        )
        return (
            f"{name}の最新の実績は {latest.text}（{fmt.period_label(latest.as_of)}時点・{source}）です。",
        )
    assessment = ctx.assess(ind, latest)
    if intent in ("rating", "progress"):
        lines = []
        if ind.official is not None:
            official = fmt.star_label(ind.official.stars) if ind.official.stars else ind.official.text
            lines.append(f"{name}の評価は {official}（公式）です。")
        computed = f"{fmt.star_label(assessment.stars)}（試算）"
        if assessment.stars is None:
            reason = "実績がまだ登録されていない" if latest is None else assessment.why()
            lines.append(f"{name}は{reason}ため、進捗と評価（試算）は出せません。")
        elif intent == "progress" and assessment.progress is not None:
            lines.append(f"{name}の進捗は {assessment.progress:.0%}、評価は {computed}。{assessment.why()}")
        else:
            lines.append(f"{'試算では' if lines else name + 'の評価は'} {computed}。{assessment.why()}")
        return tuple(lines)
    if intent == "owner":
        owner = ctx.owner(ind)
        return (
            f"{name}の担当は {owner.owner_name} です。"
            if owner
            else f"{name}の担当はまだ設定されていません（/owner で設定できます）。",
        )
    if intent == "history":
        count = len(ctx.store.history(ind.plan, ind.no)) if ctx.store is not None else 0
        if latest is None:
            return (f"{name}の実績はまだ登録されていません。推移は /history {ind.no} で確認できます。",)
        return (
            f"{name}の記録は {count}件、最新は {latest.text}（{fmt.period_label(latest.as_of)}時点）です。グラフは /history {ind.no}{plan_option(ctx, ind.plan)}。",
        )
    if intent == "lineage":
        links = []
        for arrow, refs in (("←", kb.predecessors(ind)), ("→", kb.successors(ind))):
            for r in refs:
                other = kb.indicator(r.no, r.plan)
                if other is not None:
                    links.append(f"{arrow} {fmt.plan_name(kb, r.plan)} 指標{r.no}「{other.name}」")
        if not links:
            return (f"{name}は、前後の計画の指標との対応がありません（新規）。",)
        return (f"{name}の系譜（編集上の整理）: " + "、".join(links),)
    # show: what it aims at and where it stands
    head = f"{name}: 目標 {_target_words(ctx, ind)}"
    if latest is not None and not latest.is_missing:
        head += f"、最新の実績 {latest.text}（{fmt.period_label(latest.as_of)}時点）"
    elif not ind.baseline.is_missing:  # nothing recorded yet: where it stood when the plan began
        head += f"、現状値 {fmt.quantity(ind.baseline)}、実績は未登録"
    stars = f"、評価 {fmt.stars(assessment.stars)}（試算）" if assessment.stars else ""
    return (head + stars + "。",)


def in_part(ctx: Context, part: str, plan: str, subject: str) -> bool:
    """Whether every word of ``subject`` occurs in the text of a plan part."""
    try:
        text = surface_key("".join(_plan_part(ctx, part, plan)))
    except LookupError:
        return False
    words = [surface_key(w) for w in subject.split()]
    return bool(words) and all(w and w in text for w in words)


def _plan_part(ctx: Context, part: str, plan: str) -> tuple[str, ...]:
    edition = ctx.kb.edition(plan)
    front = edition.front
    revision = edition.revision
    if part == "period":
        text = front.target_period_text if front else f"{revision.start.label()}〜{revision.end.label()}"
        return (f"{edition.name}の計画期間は {text} です。",)
    if front is None:
        raise LookupError(part)
    if part == "goal":
        return (f"基本目標: {front.basic_goal}",)
    if part == "purpose":
        # the paragraphs before the closing one say why: the changed environment, the recovery
        # after COVID, and what the revision adds; the opening ones recount the history
        return tuple(front.purpose[-4:-1] if len(front.purpose) > 3 else front.purpose)
    if part == "perspectives":
        return ("主な視点: " + "／".join(p.text for p in front.perspectives),)
    if part == "strengths":
        return (
            f"本県の{len(front.strengths)}つの強み: "
            + "／".join(f"{s.no}. {s.text}" for s in front.strengths),
        )
    if part == "promotion":
        return tuple(front.promotion[:3])
    if part == "support":
        return ("主な支援措置: " + "／".join(front.support_measures),)
    return ("企業群: " + "／".join(f"{g.name}（{g.measure.text}）" for g in front.company_groups),)


def _overall(ctx: Context, no: int) -> tuple[str, ...]:
    front = ctx.kb.edition(ctx.plan).front
    assert front is not None
    o = next(o for o in front.overall_indicators if o.no == no)
    definition = f"（{o.definition}）" if o.definition else ""
    return (
        f"全体指標「{o.name}」{definition}は {o.value.text}（{o.survey}）です。目標値は設定されていません。",
    )


def overall_answer(ctx: Context, keys: list[int]) -> Reply:
    """The overall indicators asked for, one line each."""
    lines = tuple(line for no in keys for line in _overall(ctx, no))
    data = {
        "intent": "show",
        "subjects": [subject_json(Found("overall", ctx.plan, no)) for no in keys],
        "answer": " ".join(lines),
        "command": "/overview",
        "record": _overview_record(ctx),
    }
    return answer_reply(ctx, lines, "/overview", data)


def _define(ctx: Context, term_name: str) -> tuple[str, ...]:
    term = next(t for _, t in ctx.kb.glossary_for(ctx.plan) if t.term == term_name)
    if term.document:
        return (f"{term.term}（{term.reading}）: {_cut(term.document)}（文書の記載）",)
    return (f"{term.term}（{term.reading}）: {_cut(term.general or '')}（一般的な説明・文書外）",)


def _star_key(text: str) -> str:
    # ★ is a symbol the folded surface drops; the glossary names it 星 as well
    return surface_key(text.replace("★", "星").replace("☆", "星"))


def terms_named(ctx: Context, text: str, synonyms: bool = True) -> list[str]:
    """Glossary terms written out in a question (synonyms read as the document's words), longest first.

    A term inside a longer name the question also writes out (地域経済牽引事業 in
    地域経済牽引事業計画承認件数) is that item's name, not the term.
    """
    folded = _star_key(ctx.kb.search_index.expand(text)[0] if synonyms else text)
    edition = ctx.kb.edition(ctx.plan)
    names = [
        surface_key(n) for n in (*(i.name for i in edition.indicators), *(p.name for p in edition.projects))
    ]
    names += [surface_key(s.title) for p in edition.projects for s in p.sections]
    names += [surface_key(f.name) for f in edition.fields]
    spans: list[tuple[int, int, str]] = []
    for _, term in ctx.kb.glossary_for(ctx.plan):
        for name in (term.term, *term.aliases):
            key = _star_key(name)
            at = folded.find(key) if key else -1
            if at >= 0:
                spans.append((at, at + len(key), term.term))
    taken: list[tuple[int, int, str]] = []
    for start, end, term_name in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        piece = folded[start:end]
        inside = any(piece in n and len(n) > len(piece) and n in folded for n in names)
        if not inside and all(end <= a or start >= b for a, b, _ in taken):
            taken.append((start, end, term_name))
    # the longest first: in 評価欄の「国統計未公表」 the term asked is 国統計未公表, not 評価
    return list(dict.fromkeys(t for _, _, t in taken))


_DIFFERENCE = ("の違い", "どう違う", "違うの")  # 「暦年と年度の違い」 asks what two terms mean


def defines(q: Question) -> bool:
    """A question for the meaning of words: a definition, or the difference between two terms."""
    return q.intent == "define" or (
        q.intent not in ("lineage", "list", "count") and any(w in q.text for w in _DIFFERENCE)
    )


def define_answer(ctx: Context, q: Question, terms: list[str]) -> Reply:
    """「暦年と年度の違いは？」: each term the question writes out, defined, one line each."""
    from commands.glossary import glossary as glossary_command

    terms = terms[:MAX_TERMS]
    found = [Found("glossary", ctx.plan, t) for t in terms]
    lines = tuple(line for t in terms for line in _define(ctx, t))
    command_line = _more(ctx, found[0])
    data = {
        "intent": "define",
        "subjects": [subject_json(f) for f in found],
        "answer": " ".join(lines),
        "command": command_line,
        "record": glossary_command(ctx, terms[0]).record,
    }
    return answer_reply(ctx, lines, command_line, data, _cite(ctx, found[0]))


def _cut(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_answer(ctx: Context, q: Question, found: Found) -> Reply:
    """The answer about one found item: what was asked of it, and the command that shows more."""
    intent = q.intent
    record: dict[str, Any] | None = None
    if found.kind == "indicator":
        ind = indicator_of(ctx, found)
        lines = _lines_for(ctx, intent, ind)
        record = indicator_record(ctx, ind)
    elif found.kind == "plan":
        try:
            lines = _plan_part(ctx, str(found.key), found.plan)
        except LookupError:
            return problem(
                "not_found",
                "answer",
                f"{fmt.plan_name(ctx.kb, found.plan)}の「{PLAN_PART_NAMES[str(found.key)]}」はデータにありません。",
            )
        record = _overview_record(ctx)
    elif found.kind == "overall":
        lines = _overall(ctx, int(found.key))
        record = _overview_record(ctx)
    elif found.kind == "glossary":
        from commands.glossary import glossary as glossary_command

        lines = _define(ctx, str(found.key))
        record = glossary_command(ctx, str(found.key)).record
        intent = "define" if intent in ("define", "show") else intent
    elif intent == "owner":
        lines, record = _group_owners(ctx, found), _whole(ctx, found)[1]
    else:
        lines, record = _whole(ctx, found)
        intent = "show"
    if found.kind in ("plan", "overall") or (found.kind != "indicator" and intent not in ("define", "owner")):
        intent = "show" if found.kind != "glossary" else intent
    command_line = _more(ctx, found)
    data = {
        "intent": intent,
        "subjects": [subject_json(found)],
        "answer": " ".join(lines),
        "command": command_line,
        "record": record,
    }
    return answer_reply(ctx, (*found.notes, *lines), command_line, data, _cite(ctx, found))


def document_part(ctx: Context, key: str, plan: str) -> Part | None:
    """The part of the plan's document that /plan shows for one of /ask's plan parts."""
    wanted = PART_OF.get(key, key)
    return next((p for p in ctx.kb.document_parts(plan) if p.key == wanted), None)


def _cite(ctx: Context, found: Found) -> Cite:
    """The plan and the sections of its document that an answer about ``found`` comes from."""
    if found.kind == "plan":
        part = document_part(ctx, str(found.key), found.plan)
        return found.plan, part.sections if part else "goal"
    if found.kind == "glossary":
        term = next((t for _, t in ctx.kb.glossary_for(ctx.plan) if t.term == found.key), None)
        if term is None or term.source is None:
            return ctx.plan, ""
        return term.plan or ctx.plan, term.source
    sections = {"project": "projects", "section": "projects", "field": "fields"}
    return found.plan, sections.get(found.kind, "indicators")


def _overview_record(ctx: Context) -> dict[str, Any] | None:
    from commands.overview import overview  # the overview's record stands for the plan's front matter

    return overview(ctx).record


def _whole(ctx: Context, found: Found) -> tuple[tuple[str, ...], dict[str, Any] | None]:
    """A project, section or field in a line or two, with its command's record."""
    from commands.field import field as field_command
    from commands.project import project as project_command

    quiet = dataclasses.replace(ctx, charts=False)
    edition = ctx.kb.edition(found.plan)
    if found.kind == "field":
        item = edition.growth_field(int(found.key))
        assert item is not None
        reply = field_command(quiet, str(found.key))
        link = edition.field_link(item.id)
        related = (
            f" 関連する指標（編集上の対応）: {'、'.join(str(n) for n in link.indicators)}"
            if link and link.indicators
            else ""
        )
        return (
            f"重点成長分野{item.id}「{item.name}」（{item.category}）: {item.description}。{related}".rstrip(),
        ), reply.record
    reply = project_command(quiet, str(found.key))
    head, items = group_members(ctx, found)
    indicators = "、".join(f"{i.no}「{i.name}」" for i in items) or "なし"
    return (f"{head}の指標: {indicators}",), reply.record


def group_members(ctx: Context, found: Found) -> tuple[str, tuple[Indicator, ...]]:
    """A project's, section's or field's name as shown, and the indicators it holds."""
    edition = ctx.kb.edition(found.plan)
    if found.kind == "field":
        item = edition.growth_field(int(found.key))
        assert item is not None
        link = edition.field_link(item.id)
        members = set(link.indicators) if link else set()
        return f"重点成長分野{item.id}「{item.name}」", tuple(
            i for i in edition.indicators if i.no in members
        )
    if found.kind == "section":
        section = edition.section(str(found.key))
        assert section is not None
        items = edition.project_indicators(int(str(found.key).split("-")[0]), section.id)
        return f"{section.id}「{section.title}」", tuple(items)
    p = edition.project(int(found.key))
    assert p is not None
    return f"プロジェクト{p.no}「{p.name}」", tuple(edition.project_indicators(p.no))


def _group_owners(ctx: Context, found: Found) -> tuple[str, ...]:
    """「プロジェクト6の担当は誰？」: owners are set per indicator, so the owners of its indicators."""
    head, items = group_members(ctx, found)
    if not items:
        return (f"{head}には指標がないため、担当の登録もありません。",)
    owners = [(i, ctx.owner(i)) for i in items]
    if all(owner is None for _, owner in owners):
        numbers = "、".join(str(i.no) for i in items)
        return (f"{head}の指標（{numbers}）の担当はまだ設定されていません（/owner で設定できます）。",)
    listed = "、".join(f"指標{i.no} {owner.owner_name if owner else '未設定'}" for i, owner in owners)
    return (f"{head}の担当は指標ごとに設定されています: {listed}。",)


def which_part(ctx: Context, q: Question, found: Found) -> Reply:
    """「水素ステーション、どうなってる？」: the indicator is clear, what is asked is not; ask which."""
    no, plan = int(found.key), found.plan
    option = plan_option(ctx, plan)
    ind = ctx.kb.indicator(no, plan)
    name = f"指標{no}「{ind.name}」" if ind else f"指標{no}"
    hits = [
        Hit("indicator", plan, no, f"{no} {ind.name if ind else ''}".strip(), 100.0),
    ]
    message = (
        f"{name}の何を知りたいですか？ 例: 「{ind.name if ind else no}の目標は？」「…の最新の実績は？」「…の評価は？」"
        f"。まとめて見るには /indicator {no}{option}"
    )
    return problem("ambiguous", "answer", message, candidates_of(hits))


_ACTUAL_WORDS = ("実績", "最新", "直近", "現在", "今")


def by_year(ctx: Context, q: Question, found: Found) -> Question:
    """「2022年度の値」 of an indicator whose baseline is of 2022年度 asks for the baseline; its target's year, the target."""
    if q.year is None or found.kind != "indicator" or q.intent not in ("show", "latest"):
        return q
    ind = indicator_of(ctx, found)
    baseline, target = ind.baseline.period_obj, ind.target.period_obj
    if baseline is not None and baseline.year == q.year:
        return dataclasses.replace(q, intent="baseline")
    asked_actual = any(word in q.text for word in _ACTUAL_WORDS)  # 「2026年度までの実績」 stays the actual
    if target is not None and target.year == q.year and target.end >= ctx.today and not asked_actual:
        return dataclasses.replace(q, intent="target")
    return q
