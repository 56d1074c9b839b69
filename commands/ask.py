"""/ask: a question in plain Japanese, answered exactly from the data, or asked back.

``knowledge.question.parse`` reads what is asked; the one matcher finds the subject; this module
writes one to three lines that answer exactly that, with the command that shows more.  It never
states a number the data does not hold, and when the subject is unclear it asks back.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from commands import format as fmt
from commands.context import Context
from commands.indicator_record import record as indicator_record
from commands.lookup import MAX_QUERY, candidates_of, clean, plan_option
from commands.plan import part_word
from commands.registry import ASK, INDICATOR, PROJECT, command
from commands.replies import Reply, problem
from knowledge.document import Part
from knowledge.models import Indicator
from knowledge.question import Question, parse
from knowledge.search import ACCEPT, MARGIN, Hit, Resolution, parse_number
from knowledge.textnorm import char_grams, surface_key

MAX_CHOICES = 5
NARROWING = frozenset({"rating", "reached", "stale", "project", "field"})  # filters that pick some indicators
EXACT = 99.9  # the matcher's score for a name typed in full
KIND_SCOPES = {
    "indicator": {"indicator"},
    "project": {"project", "section", "action"},
    "field": {"field"},
    "term": {"term"},
}
SCOPE = "分野・プロジェクト・指標の目標や実績、評価、用語、計画の概要"
OFF_TOPIC = f"この戦略についての質問に答えます（{SCOPE}など）。例: 「水素の目標は？」「遅れている指標は？」「計画期間は？」"
_PART_OF = {"perspectives": "goal"}  # /ask reads 主な視点 on its own; /plan shows it with the goal
PLAN_PART_NAMES = {
    "period": "計画期間",
    "goal": "基本目標",
    "purpose": "改定の趣旨",
    "perspectives": "主な視点",
    "strengths": "本県の強み",
    "promotion": "推進体制",
    "support": "主な支援措置",
    "companies": "企業群と取組の方向性",
}
INDICATOR_INTENTS = frozenset(
    {"target", "baseline", "latest", "rating", "progress", "owner", "history", "lineage"}
)
PART_NAME = 3  # a plan part's name written out (計画期間, 推進体制); 期間 or 体制 alone is too little
MAX_TERMS = 3  # terms defined in one answer (one line each)
SHOW_KINDS = {"indicator", "project", "section", "field", "term", "overall"}
_KIND_OF_HIT = {"term": "glossary"}


@dataclasses.dataclass(frozen=True)
class _Found:
    """The subject of a question, with how it was found."""

    kind: str  # indicator, project, section, field, glossary, overall, plan
    plan: str
    key: int | str
    notes: tuple[str, ...] = ()


def _subject_json(found: _Found) -> dict[str, Any]:
    return {"kind": found.kind, "plan": found.plan, "key": found.key}


def _via_note(via: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return tuple(
        f"「{word}」は文書の言葉「{means}」として探しました（編集上の言い換え）。" for word, means in via
    )


def _other_plan_note(ctx: Context, plan: str, no: int) -> tuple[str, ...]:
    if plan == ctx.plan:
        return ()
    return (f"{fmt.plan_name(ctx.kb, plan)}の指標{no}です（現行の計画ではありません）。",)


# -- finding the subject ----------------------------------------------------------------------------


def _ask_back(ctx: Context, q: Question, hits: tuple[Hit, ...] | list[Hit]) -> Reply:
    cands = candidates_of(hits[:MAX_CHOICES])
    names = "、".join(f"「{c.label}」" for c in cands)
    return problem(
        "ambiguous",
        "answer",
        f"「{clean(q.text)[:40]}」は、どれについての質問ですか？ 候補: {names}。番号や名前を添えて聞き直すか、候補を選んでください。",
        cands,
    )


def _not_found(q: Question, hits: tuple[Hit, ...] = ()) -> Reply:
    shown = clean(q.text)[:40]
    message = f"「{shown}」に当てはまるものは見つかりませんでした。"
    if hits:
        message += "もしかして: " + "、".join(f"「{h.label}」" for h in hits[:MAX_CHOICES]) + "。"
    return problem("not_found", "answer", message + OFF_TOPIC, candidates_of(hits[:MAX_CHOICES]))


def _find_indicator(ctx: Context, q: Question) -> _Found | Reply:
    """The indicator a question is about: the plan in force first, then the others."""
    index = ctx.kb.search_index
    if not q.subject_text:
        return problem(
            "invalid",
            "answer",
            f"どの指標についての質問ですか？ 例: 「水素の目標は？」「指標15の実績は？」。{OFF_TOPIC}",
        )
    order = [ctx.plan, *(p for p in reversed(ctx.kb.plan_ids) if p != ctx.plan)]
    if q.previous_plan:
        before = ctx.kb.edition(ctx.plan).previous
        if before in ctx.kb.editions:
            order = [str(before), *(p for p in order if p != before)]
    bare = _bare_number(ctx, q, order[0])
    if bare:
        return _ask_back(ctx, q, bare)
    first = index.resolve(q.subject_text, "indicator", order[0])
    top = first.hits[0].score if first.hits else 0.0
    twice = _named_twice(ctx, q.subject_text, order[1:], top)
    if twice:
        return _ask_back(ctx, q, twice)
    one_letter = len(surface_key(q.subject_text)) == 1 and not q.subject_text.strip().isdigit()
    if one_letter and first.status == "ok" and top < EXACT:
        # 「港の評価」: one character is too little to pick one indicator by; ask which
        hits = index.rank(q.subject_text, kinds={"indicator"}, plan=order[0], limit=MAX_CHOICES)
        return _ask_back(ctx, q, hits or list(first.hits))
    for other in order[1:]:
        # a name only an earlier plan uses in full (5G基盤展開率, 付加価値増加額) answers from it
        theirs = index.resolve(q.subject_text, "indicator", other)
        # a name both plans use (共同輸送の実施回数) is the current plan's: only a full name of the
        # earlier one, or what the current plan cannot answer at all, goes back to it
        wins = theirs.status == "ok" and theirs.hits[0].score >= max(ACCEPT, top + MARGIN / 2)
        only_theirs = theirs.status == "ok" and _only_in(ctx, q.subject_text, theirs.hits[0], first)
        if wins and (first.status != "ok" or theirs.hits[0].score >= EXACT or only_theirs):
            no = int(theirs.hits[0].key)
            return _Found("indicator", other, no, _via_note(theirs.via) + _other_plan_note(ctx, other, no))
    if first.status == "ok" and not q.subject_text.strip().isdigit():
        group = _group_of_more(ctx, q, order[0], int(first.hits[0].key))
        if group is not None:
            return group
    if (
        first.status == "ok"
        and q.intent in ("target", "latest", "baseline", "history", "progress", "rating")
        and _overall_hit(ctx, q.subject_text)
    ):
        return _ask_back(ctx, q, [first.hits[0], *_overall_hit(ctx, q.subject_text)])
    if first.status == "ok":
        hit = first.hits[0]
        expanded = index.expand(q.subject_text)[0]
        rivals = index.rank(q.subject_text, kinds={"indicator"}, plan=order[0], limit=5)
        wider = _covering(expanded, [hit, *(h for h in rivals if h.key != hit.key)])
        if wider is not None and wider.key != hit.key:  # 「蓄電池関連の企業誘致件数」 is 14, not 28
            hit = wider
        return _Found(
            "indicator",
            order[0],
            int(hit.key),
            _via_note(first.via) + _other_plan_note(ctx, order[0], int(hit.key)),
        )
    if first.status == "ambiguous":
        covering = _covering(index.expand(q.subject_text)[0], first.hits)
        if covering is not None:  # 「半導体・蓄電池の企業誘致件数」: 14 holds every word, 28 only some
            return _Found("indicator", order[0], int(covering.key), _via_note(first.via))
        return _ask_back(ctx, q, first.hits)
    if first.status == "out_of_range":
        return problem(
            "invalid",
            "answer",
            f"指標{first.number}はありません。指標番号は 1〜{len(ctx.kb.indicators(order[0]))} です。",
        )
    for other in order[1:]:
        found = index.resolve(q.subject_text, "indicator", other)
        if found.status == "ok":
            key = int(found.hits[0].key)
            return _Found("indicator", other, key, _via_note(found.via) + _other_plan_note(ctx, other, key))
    return _not_found(q, first.hits)


def _named_twice(ctx: Context, text: str, plans: list[str], top: float) -> list[Hit]:
    """「研究開発等プロジェクト化件数」: a name an earlier plan gave two indicators, when ours fits less."""
    if top >= EXACT:
        return []
    for plan in plans:
        ranked = ctx.kb.search_index.rank(text, kinds={"indicator"}, plan=plan, limit=3)
        exact = [h for h in ranked if h.score >= EXACT]
        if len(exact) > 1:
            return exact
    return []


def _bare_number(ctx: Context, q: Question, plan: str) -> list[Hit]:
    """「3の評価」: a number with no 指標 or プロジェクト before it fits indicator 3 and project 3 alike."""
    text = q.subject_text.strip()
    if q.kind is not None or not text.isdigit() or re.search(r"指標|No\.?|番号|しひょう|shihyou", q.text):
        return []
    edition = ctx.kb.edition(plan)
    ind, project = edition.indicator(int(text)), edition.project(int(text))
    if ind is None or project is None:
        return []
    return [
        Hit("indicator", plan, ind.no, f"{ind.no} {ind.name}", 100.0),
        Hit("project", plan, project.no, f"{project.no} {project.name}", 100.0),
    ]


def _covering(text: str, hits: tuple[Hit, ...] | list[Hit]) -> Hit | None:
    """The one candidate whose name holds clearly more of the typed words than any other, if one.

    Counted in character pairs of the typed text found in the name: a name typed nearly in full
    beats a shorter name it contains (企業誘致件数 inside 半導体・蓄電池関連分野の企業誘致件数).
    """
    key = surface_key(text)
    typed = char_grams(key, 2)
    if len(hits) < 2 or len(key) < 2:
        return None
    whole = [h for h in hits if key in surface_key(h.label)]
    if len(whole) == 1:  # 「衛星の指標」: one name holds the word as typed, the others only by relation
        return whole[0]
    if len(typed) < 4:
        return None
    held = sorted(
        ((len(typed & char_grams(surface_key(h.label), 2)), i) for i, h in enumerate(hits)), reverse=True
    )
    (best, at), (second, _) = held[0], held[1]
    # most of what was typed, and at least two pairs more than the runner-up
    return hits[at] if best >= 0.8 * len(typed) and best >= second + 2 else None


def _name_of(ctx: Context, hit: Hit) -> str:
    ind = ctx.kb.indicator(int(hit.key), str(hit.plan)) if hit.plan else None
    return surface_key(ind.name) if ind else ""


def _only_in(ctx: Context, text: str, theirs: Hit, ours: Resolution) -> bool:
    """The typed words occur in the earlier plan's name and not in ours (付加価値増加額, not 付加価値額)."""
    typed = surface_key(text)
    mine = _name_of(ctx, ours.hits[0]) if ours.hits else ""
    return bool(typed) and typed in _name_of(ctx, theirs) and typed not in mine


def _overall_hit(ctx: Context, text: str) -> list[Hit]:
    """The overall indicator the text names in full (付加価値額, which has no target), if any."""
    hits = ctx.kb.search_index.rank(text, kinds={"overall"}, plan=ctx.plan, limit=2)
    return [h for h in hits if h.score >= EXACT]


def _group_of_more(ctx: Context, q: Question, plan: str, key: int) -> Reply | None:
    """「港湾の指標の目標」: a section or project named, with several indicators: ask which."""
    group = ctx.kb.search_index.resolve(q.subject_text, "project", plan)
    if group.status != "ok":
        return None
    hit = group.hits[0]
    members = _members(ctx, plan, hit.kind, hit.key)
    named = ctx.kb.search_index.resolve(q.subject_text, "indicator", plan)
    mine = named.hits[0].score if named.hits else 0.0
    # 「港の評価」「宇宙の目標」: a word that names a group better than any one of its indicators
    edition = ctx.kb.edition(plan)
    typed = surface_key(ctx.kb.search_index.expand(q.subject_text)[0])  # 起業 read as スタートアップ
    # 「宇宙の指標の目標」: the section's own title word (a number is not one)
    titled = not typed.isdigit() and typed in surface_key(hit.label)
    if len(members) < 2 or key not in members or (q.kind != "indicator" and mine > hit.score):
        return None
    holding = [no for no in members if (ind := edition.indicator(no)) and typed in surface_key(ind.name)]
    # 「衛星の指標」: only indicator 13's name holds 衛星, and the section's title does not
    if len(typed) >= 2 and holding == [key] and not titled:
        return None
    hits = [
        Hit("indicator", plan, ind.no, f"{ind.no} {ind.name}", 100.0)
        for no in sorted(members)
        if (ind := edition.indicator(no)) is not None
    ]
    return _ask_back(ctx, q, hits)


def _best(hits: list[Hit]) -> Hit | None:
    """The one clear best hit: above ACCEPT, and ahead of every rival by the margin."""
    if not hits or hits[0].score < ACCEPT:
        return None
    top = hits[0]
    rivals = [h for h in hits[1:] if h.score >= top.score - MARGIN and (h.kind, h.key) != (top.kind, top.key)]
    if top.score >= EXACT:  # a name typed in full beats every partial fit
        rivals = [h for h in rivals if h.score >= EXACT]
    # an exact name shared by an overall indicator and its glossary term is the indicator's value
    rivals = [h for h in rivals if not (top.kind == "overall" and h.kind == "term" and h.score == top.score)]
    # a project and its own sections, or an action echoing its section, are one answer
    rivals = [h for h in rivals if not _same_item(top, h)]
    return None if rivals else top


def _same_item(top: Hit, other: Hit) -> bool:
    head = str(other.key).split("-")[0]
    if top.kind == "project" and other.kind in ("section", "action") and head == str(top.key):
        return True
    return top.kind == "section" and other.kind == "action" and str(other.key) == str(top.key)


def _find_item(ctx: Context, q: Question, kinds: set[str]) -> _Found | Reply:
    """The item a question is shown whole for (any kind), or the reply that asks back."""
    index = ctx.kb.search_index
    text, via = index.expand(q.subject_text)
    hits = index.rank(text, kinds=kinds, plan=ctx.plan, limit=10)
    hits = [h for h in hits if h.kind in kinds]
    if "indicator" in kinds:
        # a name only an earlier plan uses (水素ステーション, ヘルスラボ) answers from that plan
        top = hits[0].score if hits else 0.0
        older = [p for p in reversed(ctx.kb.plan_ids) if p != ctx.plan]
        twice = _named_twice(ctx, text, older, top)
        if twice:
            return _ask_back(ctx, q, twice)
        for other in older:
            theirs = index.rank(text, kinds={"indicator"}, plan=other, limit=3)
            if theirs and theirs[0].score >= max(ACCEPT, top + MARGIN / 2) and _best(theirs) is not None:
                no = int(theirs[0].key)
                return _Found("indicator", other, no, _via_note(via) + _other_plan_note(ctx, other, no))
    best = _best(hits)
    if best is None:
        earlier = _find_indicator(ctx, q) if "indicator" in kinds else None
        if isinstance(earlier, _Found) and earlier.plan != ctx.plan:
            return earlier
        if hits and hits[0].score >= ACCEPT:
            return _ask_back(ctx, q, hits)
        return _not_found(q, tuple(hits))
    kind = _KIND_OF_HIT.get(best.kind, best.kind)
    key: int | str = best.key
    if kind == "glossary":
        term = ctx.kb.term(int(best.key))
        assert term is not None
        key = term.term
    if best.kind == "action":  # an action is shown as the section (or project) it belongs to
        where = str(best.key)
        kind = "section" if "-" in where else "project"
        key = where if "-" in where else int(where)
    return _Found(kind, ctx.plan, key, _via_note(via))


# -- the answers -------------------------------------------------------------------------------------


def _more(ctx: Context, found: _Found) -> str:
    if found.kind == "indicator":
        return f"/indicator {found.key}{plan_option(ctx, found.plan)}"
    if found.kind in ("project", "section"):
        return f"/project {found.key}"
    if found.kind == "field":
        return f"/field {found.key}"
    if found.kind == "glossary":
        return f"/glossary {found.key}"
    if found.kind == "plan" and (part := _document_part(ctx, str(found.key), found.plan)) is not None:
        return f"/plan {part_word(ctx, part.key)}"
    return "/overview"


def _indicator(ctx: Context, found: _Found) -> Indicator:
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
    stars = f"、評価 {fmt.stars(assessment.stars)}（試算）" if assessment.stars else ""
    return (head + stars + "。",)


def _in_part(ctx: Context, part: str, plan: str, subject: str) -> bool:
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


def _overall_answer(ctx: Context, keys: list[int]) -> Reply:
    lines = tuple(line for no in keys for line in _overall(ctx, no))
    data = {
        "intent": "show",
        "subjects": [_subject_json(_Found("overall", ctx.plan, no)) for no in keys],
        "answer": " ".join(lines),
        "command": "/overview",
        "record": _overview_record(ctx),
    }
    return _reply(ctx, lines, "/overview", data)


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


def _defines(q: Question) -> bool:
    """A question for the meaning of words: a definition, or the difference between two terms."""
    return q.intent == "define" or (
        q.intent not in ("lineage", "list", "count") and any(w in q.text for w in _DIFFERENCE)
    )


def _define_answer(ctx: Context, q: Question, terms: list[str]) -> Reply:
    """「暦年と年度の違いは？」: each term the question writes out, defined, one line each."""
    from commands.glossary import glossary as glossary_command

    terms = terms[:MAX_TERMS]
    found = [_Found("glossary", ctx.plan, t) for t in terms]
    lines = tuple(line for t in terms for line in _define(ctx, t))
    command_line = _more(ctx, found[0])
    data = {
        "intent": "define",
        "subjects": [_subject_json(f) for f in found],
        "answer": " ".join(lines),
        "command": command_line,
        "record": glossary_command(ctx, terms[0]).record,
    }
    return _reply(ctx, lines, command_line, data, _cite(ctx, found[0]))


def _cut(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- lists and counts ----------------------------------------------------------------------------------


def _list_plan(ctx: Context, q: Question) -> str:
    before = ctx.kb.edition(ctx.plan).previous
    return str(before) if q.previous_plan and before in ctx.kb.editions else ctx.plan


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
        found = _named_group(ctx, q, plan) or _find_item(ctx, q, {"project", "section", "field", "indicator"})
        if isinstance(found, Reply) and found.status == "ambiguous":
            found = _one_set(ctx, plan, found) or found
        if isinstance(found, Reply):
            return found
        if found.kind == "indicator":  # 「5Gの指標」 names one indicator: it is shown whole
            return _item_answer(ctx, dataclasses.replace(q, intent="show"), found)
        notes = found.notes
        filters["field" if found.kind == "field" else "project"] = found.key
        members = _members(ctx, plan, found.kind, found.key)
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


def _members(ctx: Context, plan: str, kind: str, key: int | str) -> frozenset[int]:
    """The indicators an item stands for: itself, a project's or section's, or a field's (linked)."""
    edition = ctx.kb.edition(plan)
    if kind == "indicator":
        return frozenset({int(key)})
    if kind == "section":
        return frozenset(i.no for i in edition.indicators if i.project == str(key))
    if kind == "project":
        return frozenset(i.no for i in edition.project_indicators(int(key)))
    if kind == "field":
        link = edition.field_link(int(key))
        return frozenset(link.indicators) if link else frozenset()
    return frozenset()


def _one_set(ctx: Context, plan: str, asked: Reply) -> _Found | None:
    """When every close candidate stands for the same indicators, that set is the answer."""
    sets = {
        _members(ctx, plan, c.kind, c.key)
        for c in asked.candidates
        if c.score >= asked.candidates[0].score - MARGIN
    }
    if len(sets) != 1:
        return None
    (only,) = sets
    top = asked.candidates[0]
    return _Found(top.kind, plan, top.key) if only else None


def _named_group(ctx: Context, q: Question, plan: str) -> _Found | None:
    """A project, section or field named by its number (プロジェクト4, 3-2, 分野6)."""
    parsed = parse_number(q.subject_text)
    if parsed is None or q.subject_text.strip().isdigit():
        return None
    for kind in ("field", "project") if parsed[0] == "field" else ("project", "field"):
        found = ctx.kb.search_index.resolve(q.subject_text, kind, plan)
        if found.status == "ok":
            hit = found.hits[0]
            return _Found(hit.kind, plan, hit.key)
    return None


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


def _group_list(ctx: Context, q: Question) -> Reply:
    """「プロジェクト一覧」「重点成長分野の一覧」: the plan's projects or fields."""
    edition = ctx.kb.edition(_list_plan(ctx, q))
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
    return _reply(
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
    return _reply(ctx, (text,), command_line, record, (plan, "projects"))


def _section_list(ctx: Context, q: Question) -> Reply | None:
    """「プロジェクト1の節の一覧」「節は全部で何個」: the sections of a project, or of the whole plan.

    None when the words name one section (「コンビナート企業間連携の節を見せて」): it is shown.
    """
    plan = _list_plan(ctx, q)
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


def _list_answer(ctx: Context, q: Question) -> Reply:
    if q.kind in ("project", "field") and not q.subject_text:
        return _group_list(ctx, q)
    plan = _list_plan(ctx, q)
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
    return _reply(ctx, lines, command_line, record, (plan, "indicators"))


def _list_command(ctx: Context, plan: str, filters: dict[str, object]) -> str | None:
    rating = filters.get("rating")
    return INDICATOR.line(
        plan=plan if plan != ctx.plan else None,
        project=filters.get("project"),
        rating=rating[0] if isinstance(rating, list) and len(rating) == 1 else None,
        stale="はい" if filters.get("stale") else None,
    )


def _count_answer(ctx: Context, q: Question) -> Reply:
    kb = ctx.kb
    plan = _list_plan(ctx, q)
    edition = kb.edition(plan)
    of = q.kind or "indicator"
    if of == "indicator" or q.subject_text or q.filters:
        got = _listed(ctx, q, plan)
        if isinstance(got, Reply):
            return got
        items, filters, notes = got
        count, of = len(items), "indicator"
        name = fmt.plan_name(kb, plan)
        if NARROWING & set(filters):
            text = f"{name}の指標のうち、条件に合うものは {count}件です。{_how(ctx, plan, filters)}"
        else:
            text = f"{name}の指標は {count}件です。"
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
    return _reply(ctx, lines, command_line, record, (plan, section))


# -- one item -----------------------------------------------------------------------------------------


def _item_answer(ctx: Context, q: Question, found: _Found) -> Reply:
    intent = q.intent
    record: dict[str, Any] | None = None
    if found.kind == "indicator":
        ind = _indicator(ctx, found)
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
    else:
        lines, record = _whole(ctx, found)
        intent = "show"
    if found.kind in ("plan", "overall") or (found.kind != "indicator" and intent not in ("define",)):
        intent = "show" if found.kind != "glossary" else intent
    command_line = _more(ctx, found)
    data = {
        "intent": intent,
        "subjects": [_subject_json(found)],
        "answer": " ".join(lines),
        "command": command_line,
        "record": record,
    }
    return _reply(ctx, (*found.notes, *lines), command_line, data, _cite(ctx, found))


def _document_part(ctx: Context, key: str, plan: str) -> Part | None:
    """The part of the plan's document that /plan shows for one of /ask's plan parts."""
    wanted = _PART_OF.get(key, key)
    return next((p for p in ctx.kb.document_parts(plan) if p.key == wanted), None)


def _cite(ctx: Context, found: _Found) -> Cite:
    """The plan and the sections of its document that an answer about ``found`` comes from."""
    if found.kind == "plan":
        part = _document_part(ctx, str(found.key), found.plan)
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


def _whole(ctx: Context, found: _Found) -> tuple[tuple[str, ...], dict[str, Any] | None]:
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
    if found.kind == "section":
        section = edition.section(str(found.key))
        assert section is not None
        items = edition.project_indicators(int(str(found.key).split("-")[0]), section.id)
        head = f"{section.id}「{section.title}」"
    else:
        p = edition.project(int(found.key))
        assert p is not None
        items = edition.project_indicators(p.no)
        head = f"プロジェクト{p.no}「{p.name}」"
    indicators = "、".join(f"{i.no}「{i.name}」" for i in items) or "なし"
    return (f"{head}の指標: {indicators}",), reply.record


Cite = tuple[str, str | tuple[str, ...]]  # (plan, sections of its document) an answer comes from


def _reply(
    ctx: Context,
    lines: tuple[str, ...],
    command_line: str | None,
    record: dict[str, Any],
    cite: Cite | None = None,
) -> Reply:
    more = (f"詳しくは {command_line}",) if command_line else ()
    plan, sections = cite or (ctx.plan, "indicators")
    return Reply(
        status="ok",
        kind="answer",
        title="",
        lines=(*lines, *more),
        # a general explanation of a term is ours, not the document's: it cites no section
        footer=fmt.footer(ctx.kb, plan, sections)
        if sections
        else f"一般的な説明（文書外） ・ データ版 {ctx.kb.version}",
        record=record,
        links=(("詳しく見る", command_line),) if command_line else (),
    )


@command(ASK)
def ask(ctx: Context, query: str) -> Reply:
    """Answer /ask: what is asked about which item, in one to three lines, with the command for more."""
    if not query.strip():
        return problem("invalid", "answer", f"質問を入力してください。{OFF_TOPIC}")
    if len(query) > MAX_QUERY:
        return problem(
            "invalid", "answer", f"質問が長すぎます（{MAX_QUERY}文字まで）。短くして聞き直してください。"
        )
    q = parse(query, ctx.kb.search_index.names_something)
    if not q.text.strip("？?!！。 "):
        return problem("invalid", "answer", f"質問を入力してください。{OFF_TOPIC}")
    return answer_question(ctx, q)


def answer_question(ctx: Context, q: Question) -> Reply:
    """The answer to a parsed question (the lookups share it for questions typed as queries)."""
    if q.intent == "list" and q.kind == "overall":
        front = ctx.kb.edition(ctx.plan).front
        keys = [o.no for o in front.overall_indicators] if front else []
        reply = _overall_answer(ctx, keys)
        record = dict(reply.record or {}, intent="list", subjects=[], filters={})
        record["items"] = [{"kind": "overall", "plan": ctx.plan, "key": no} for no in keys]
        return dataclasses.replace(reply, record=record)
    if q.plan_part == "overall":
        front = ctx.kb.edition(ctx.plan).front
        if front is None or not front.overall_indicators:
            return problem(
                "not_found", "answer", f"{fmt.plan_name(ctx.kb, ctx.plan)}には全体指標の記載がありません。"
            )
        named = _overall_hit(ctx, q.subject_text) if q.subject_text else []
        keys = [int(named[0].key)] if named else [o.no for o in front.overall_indicators]
        return _overall_answer(ctx, keys)
    if q.plan_part is not None:
        return _item_answer(ctx, q, _Found("plan", _list_plan(ctx, q), q.plan_part))
    plan = _list_plan(ctx, q)
    if q.part_hint is not None and q.intent != "define" and _in_part(ctx, q.part_hint, plan, q.subject_text):
        # 「基本目標の戦略的イノベーションの中身」: words of the part's own text, so the part is asked
        asked = dataclasses.replace(q, intent="show", plan_part=q.part_hint)
        return _item_answer(ctx, asked, _Found("plan", plan, q.part_hint))
    if q.kind == "section" and q.intent in ("show", "list", "count"):
        listed = _section_list(ctx, q)
        if listed is not None:
            return listed
        q = dataclasses.replace(q, kind=None)
    if q.intent == "list":
        return _list_answer(ctx, q)
    if q.intent == "count":
        return _count_answer(ctx, q)
    if q.intent in INDICATOR_INTENTS and q.kind in ("project", "field") and q.subject_text.isdigit():
        # 「プロジェクト6の担当は誰？」: targets, actuals and owners belong to its indicators
        what = "プロジェクト" if q.kind == "project" else "重点成長分野"
        return problem(
            "ambiguous",
            "answer",
            f"{what}そのものには目標・実績・担当の登録がありません。指標ごとに聞いてください。"
            f"例: 「{what}{q.subject_text}の指標」で指標の一覧を出せます。",
        )
    # 「学び直しのプロジェクトって何をするの」 names a project in other words: a term found only through
    # a synonym does not outweigh the kind of item asked for
    terms = (
        terms_named(ctx, q.text, synonyms=q.kind not in ("project", "field", "indicator"))
        if _defines(q)
        else []
    )
    if terms and (q.intent == "define" or len(terms) > 1):
        # 「重点成長分野とは」「公式評価と試算評価の違い」: the glossary's own terms, written out
        return _define_answer(ctx, q, terms)
    if q.intent in INDICATOR_INTENTS:
        found = _find_indicator(ctx, q)
        if isinstance(found, _Found):
            q = _by_year(ctx, q, found)
        if isinstance(found, Reply) and found.status == "not_found":
            # 「瀬戸内基幹企業群って？」 reads latest/target words loosely: try the item shown whole
            item = _find_item(ctx, dataclasses.replace(q, intent="show"), SHOW_KINDS - {"indicator"})
            whole = ctx.kb.search_index.rank(
                q.subject_text, kinds={"term", "overall"}, plan=ctx.plan, limit=1
            )
            in_full = bool(whole) and whole[0].score >= EXACT  # only a term or overall named in full
            if isinstance(item, _Found) and item.kind in ("glossary", "overall") and in_full:
                return _item_answer(ctx, dataclasses.replace(q, intent="show"), item)
    elif q.intent == "define" and q.kind in ("project", "field", "indicator") and q.subject_text:
        # 「学び直しのプロジェクトって何をするの」: the item of that kind, shown
        found = _find_item(ctx, q, KIND_SCOPES[q.kind])
    elif q.intent == "define":
        if not q.subject_text:
            return problem("invalid", "answer", f"何の意味を知りたいですか？ 例: 「累計とは？」。{OFF_TOPIC}")
        found = _find_item(ctx, q, {"term"})
        if isinstance(found, Reply):
            found = _find_item(ctx, q, SHOW_KINDS)
    else:
        if not q.subject_text:
            if q.kind in ("project", "field", "term"):
                return answer_question(ctx, dataclasses.replace(q, intent="count"))
            return problem("not_found", "answer", f"質問の内容が読み取れませんでした。{OFF_TOPIC}")
        if q.kind == "indicator" and q.subject_text.isdigit():  # 「第1次改定版の指標16」: that plan's 16
            found = _find_indicator(ctx, q)
        else:
            found = _find_item(ctx, q, KIND_SCOPES.get(q.kind or "", SHOW_KINDS))
        if isinstance(found, _Found):
            q = _by_year(ctx, q, found)
        if isinstance(found, _Found) and found.kind == "indicator" and q.intent != "show":
            return _item_answer(ctx, q, found)
        if isinstance(found, _Found) and found.kind == "indicator" and _asks_something(q):
            return _which_part(ctx, q, found)
    if isinstance(found, Reply):
        return _read_again(ctx, q, found)
    return _item_answer(ctx, q, found)


def _read_again(ctx: Context, q: Question, failed: Reply) -> Reply:
    """Two other readings of a question nothing answered, before saying so.

    A kind word may be part of a name (水産分野の産業インフラ輸出促進: 分野 is no field), and a plan
    part beside words that name nothing (「計画期間は何年間？」「戦略の基本目標を読みたい」) is that part.
    """
    if failed.status != "not_found":
        return failed
    if q.kind in ("project", "field"):
        whole = parse(q.text, ctx.kb.search_index.names_something, kinds=False)
        if whole.subject_text:
            indicator = whole.intent in INDICATOR_INTENTS
            found = (
                _find_indicator(ctx, whole) if indicator else _find_item(ctx, whole, SHOW_KINDS - {"term"})
            )
            if isinstance(found, _Found):  # an item whose name holds the kind word, not the word's term
                return _item_answer(ctx, whole, found)
    if q.part_hint is not None and _names_part(ctx, q):
        asked = dataclasses.replace(q, intent="show", plan_part=q.part_hint)
        return _item_answer(ctx, asked, _Found("plan", _list_plan(ctx, q), q.part_hint))
    return failed


def _names_part(ctx: Context, q: Question) -> bool:
    """Whether a question writes out the name of the plan part it hints at (not only いつまで or 体制)."""
    part = _document_part(ctx, str(q.part_hint), _list_plan(ctx, q))
    folded = surface_key(q.text)
    names = [surface_key(w) for w in (part.name, *part.words)] if part else []
    return any(len(n) >= PART_NAME and n in folded for n in names)


# 「…について教えて」 is no mark: it asks for the item shown whole
_QUESTION_MARKS = ("?", "？", "どう", "何", "なに", "いくつ", "どれ", "どの")


def _asks_something(q: Question) -> bool:
    """A question about an indicator whose asking words were not understood (not a bare name)."""
    return any(mark in q.text for mark in _QUESTION_MARKS)


_ACTUAL_WORDS = ("実績", "最新", "直近", "現在", "今")


def _by_year(ctx: Context, q: Question, found: _Found) -> Question:
    """「2022年度の値」 of an indicator whose baseline is of 2022年度 asks for the baseline; its target's year, the target."""
    if q.year is None or found.kind != "indicator" or q.intent not in ("show", "latest"):
        return q
    ind = _indicator(ctx, found)
    baseline, target = ind.baseline.period_obj, ind.target.period_obj
    if baseline is not None and baseline.year == q.year:
        return dataclasses.replace(q, intent="baseline")
    asked_actual = any(word in q.text for word in _ACTUAL_WORDS)  # 「2026年度までの実績」 stays the actual
    if target is not None and target.year == q.year and target.end >= ctx.today and not asked_actual:
        return dataclasses.replace(q, intent="target")
    return q


def _which_part(ctx: Context, q: Question, found: _Found) -> Reply:
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
