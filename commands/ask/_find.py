"""Finding the subject of a question: the indicator or item its words name, or the candidates to ask back."""

from __future__ import annotations

import re
from collections.abc import Sequence

from commands.ask._common import (
    EXACT,
    KIND_OF_HIT,
    MAX_CHOICES,
    OFF_TOPIC,
    Found,
    ask_back,
    not_found_reply,
    other_plan_note,
    via_note,
)
from commands.context import Context
from commands.replies import Reply, problem
from knowledge.question import Question
from knowledge.search import ACCEPT, MARGIN, Hit, Resolution
from knowledge.textnorm import char_grams, reading_key, surface_key


def find_indicator(ctx: Context, q: Question) -> Found | Reply:
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
        return ask_back(ctx, q, bare)
    first = index.resolve(q.subject_text, "indicator", order[0])
    top = first.hits[0].score if first.hits else 0.0
    twice = _named_twice(ctx, q.subject_text, order[1:], first.hits)
    if twice:
        return ask_back(ctx, q, twice)
    one_letter = len(surface_key(q.subject_text)) == 1 and not q.subject_text.strip().isdigit()
    if one_letter and first.status == "ok" and top < EXACT:
        # 「港の評価」: one character is too little to pick one indicator by; ask which
        hits = index.rank(q.subject_text, kinds={"indicator"}, plan=order[0], limit=MAX_CHOICES)
        return ask_back(ctx, q, hits or list(first.hits))
    for other in order[1:]:
        # a name only an earlier plan uses in full (5G基盤展開率, 付加価値増加額) answers from it
        theirs = index.resolve(q.subject_text, "indicator", other)
        # a name both plans use (共同輸送の実施回数) is the current plan's: only a full name of the
        # earlier one, or what the current plan cannot answer at all, goes back to it
        # by its own name, not a related text (「戦略的イノベーション」 is in no indicator's name)
        wins = (
            theirs.status == "ok"
            and not theirs.hits[0].snippet
            and theirs.hits[0].score >= max(ACCEPT, top + MARGIN / 2)
        )
        only_theirs = theirs.status == "ok" and _only_in(ctx, q.subject_text, theirs.hits[0], first)
        if wins and (first.status != "ok" or theirs.hits[0].score >= EXACT or only_theirs):
            no = int(theirs.hits[0].key)
            return Found("indicator", other, no, via_note(theirs.via) + other_plan_note(ctx, other, no))
    if first.status == "ok" and not q.subject_text.strip().isdigit():
        group = _group_of_more(ctx, q, order[0], int(first.hits[0].key))
        if group is not None:
            return group
    if (
        first.status == "ok"
        and q.intent in ("target", "latest", "baseline", "history", "progress", "rating")
        and not q.subject_text.strip().isdigit()  # 「指標1の評価」 is indicator 1, not overall 1
        and overall_hit(ctx, q.subject_text)
    ):
        overall = overall_hit(ctx, q.subject_text)
        by_unit = _by_unit(ctx, q.text, first.hits[0], overall)
        if by_unit is not None:  # 「付加価値額は今何兆円？」: only the overall indicator is in 兆円
            return by_unit
        return ask_back(ctx, q, [first.hits[0], *overall])
    if first.status == "ok":
        hit = first.hits[0]
        expanded = index.expand(q.subject_text)[0]
        rivals = index.rank(q.subject_text, kinds={"indicator"}, plan=order[0], limit=5)
        wider = _covering(expanded, [hit, *(h for h in rivals if h.key != hit.key)])
        if wider is not None and wider.key != hit.key:  # 「蓄電池関連の企業誘致件数」 is 14, not 28
            hit = wider
        return Found(
            "indicator",
            order[0],
            int(hit.key),
            via_note(first.via) + other_plan_note(ctx, order[0], int(hit.key)),
        )
    if first.status == "ambiguous":
        covering = _covering(index.expand(q.subject_text)[0], first.hits)
        if covering is not None:  # 「半導体・蓄電池の企業誘致件数」: 14 holds every word, 28 only some
            return Found("indicator", order[0], int(covering.key), via_note(first.via))
        return ask_back(ctx, q, first.hits)
    if first.status == "out_of_range":
        return problem(
            "invalid",
            "answer",
            f"指標{first.number}はありません。指標番号は 1〜{len(ctx.kb.indicators(order[0]))} です。",
        )
    for other in order[1:]:
        found = index.resolve(q.subject_text, "indicator", other)
        # by its own name only: 「戦略的イノベーション」 fits no name, only a related text of 13
        if found.status == "ok" and not found.hits[0].snippet:
            key = int(found.hits[0].key)
            return Found("indicator", other, key, via_note(found.via) + other_plan_note(ctx, other, key))
    return not_found_reply(q, first.hits)


def _by_unit(ctx: Context, text: str, indicator: Hit, overall: list[Hit]) -> Found | None:
    """The one of an indicator and the overall indicators whose unit the question names, if one."""
    ind = ctx.kb.indicator(int(indicator.key), ctx.plan)
    front = ctx.kb.edition(ctx.plan).front
    units: list[tuple[Found, set[str | None]]] = []
    if ind is not None:
        units.append((Found("indicator", ctx.plan, ind.no), {ind.target.unit, ind.baseline.unit}))
    for hit in overall:
        o = next((o for o in front.overall_indicators if o.no == int(hit.key)), None) if front else None
        if o is not None:
            units.append((Found("overall", ctx.plan, o.no), {o.value.unit}))
    named = [found for found, held in units if any(u and u in text for u in held)]
    return named[0] if len(named) == 1 else None


def _named_twice(ctx: Context, text: str, plans: list[str], hits: Sequence[Hit]) -> list[Hit]:
    """「研究開発等プロジェクト化件数」: a name an earlier plan gave two indicators, when ours fits less."""
    top = hits[0].score if hits else 0.0
    if top >= EXACT:
        return []
    typed = char_grams(surface_key(ctx.kb.search_index.expand(text)[0]), 2)  # EV read as 電動化
    mine = next((h for h in hits if h.kind == "indicator"), None)
    ours = char_grams(_name_of(ctx, mine), 2) if mine else frozenset()
    for plan in plans:
        ranked = ctx.kb.search_index.rank(text, kinds={"indicator"}, plan=plan, limit=3)
        exact = [h for h in ranked if h.score >= EXACT]
        # 「研究開発のプロジェクト化件数」: typed nearly as the two names, which fit it far better than
        # ours, and with no word of ours they lack (電動化の研究開発プロジェクト化件数 is ours)
        tied = [h for h in ranked if h.score == ranked[0].score >= max(ACCEPT, top + MARGIN)]
        theirs = char_grams(_name_of(ctx, tied[0]), 2) if tied else frozenset()
        if len(exact) > 1:
            return exact
        if len(tied) > 1 and not (typed & ours) - theirs:
            return tied
    return []


def _bare_number(ctx: Context, q: Question, plan: str) -> list[Hit]:
    """「3の評価」: a number with no 指標 or プロジェクト before it fits indicator 3 and project 3 alike."""
    text = re.sub(r"番目?$", "", q.subject_text.strip())  # 「5番の目標」 is as bare as 「5の目標」
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


_HIRAGANA = re.compile(r"[\u3041-\u309f]+")
COVERED = 0.75  # the share of the typed character pairs a name must hold to stand out


def _covering(text: str, hits: tuple[Hit, ...] | list[Hit]) -> Hit | None:
    """The one candidate whose name holds clearly more of the typed words than any other, if one.

    Counted in character pairs of the typed text found in the name: a name typed nearly in full
    beats a shorter name it contains (企業誘致件数 inside 半導体・蓄電池関連分野の企業誘致件数).
    """
    key = surface_key(text)
    typed = char_grams(key, 2)
    if len(hits) < 2 or len(key) < 2:
        return None
    # 「きぎょうゆうちのじっせき」: a name typed in kana is compared with the names' readings
    form = reading_key if _HIRAGANA.fullmatch(key) else surface_key
    whole = [h for h in hits if key in form(h.label)]
    if len(whole) == 1:  # 「衛星の指標」: one name holds the word as typed, the others only by relation
        return whole[0]
    # 「企業誘致の目標」: 企業誘致件数 begins with what was typed and is inside 半導体・蓄電池関連分野の
    # 企業誘致件数, which adds words that were not; the plain name is the one asked about.  A fragment
    # of both (誘致件数) still asks which.
    names = {id(h): form(h.label.partition(" ")[2]) for h in whole}
    plain = [
        h for h in whole if names[id(h)].startswith(key) and all(names[id(h)] in names[id(o)] for o in whole)
    ]
    if len(whole) > 1 and len(plain) == 1:
        return plain[0]
    if len(typed) < 4:
        return None
    held = sorted(((len(typed & char_grams(form(h.label), 2)), i) for i, h in enumerate(hits)), reverse=True)
    (best, at), (second, _) = held[0], held[1]
    # most of what was typed, and at least two pairs more than the runner-up
    return hits[at] if best >= COVERED * len(typed) and best >= second + 2 else None


def _name_of(ctx: Context, hit: Hit) -> str:
    ind = ctx.kb.indicator(int(hit.key), str(hit.plan)) if hit.plan else None
    return surface_key(ind.name) if ind else ""


def _only_in(ctx: Context, text: str, theirs: Hit, ours: Resolution) -> bool:
    """The typed words occur in the earlier plan's name and not in ours (付加価値増加額, not 付加価値額)."""
    typed = surface_key(text)
    mine = _name_of(ctx, ours.hits[0]) if ours.hits else ""
    return bool(typed) and typed in _name_of(ctx, theirs) and typed not in mine


def overall_hit(ctx: Context, text: str) -> list[Hit]:
    """The overall indicator the text names in full (付加価値額, which has no target), if any."""
    hits = ctx.kb.search_index.rank(text, kinds={"overall"}, plan=ctx.plan, limit=2)
    return [h for h in hits if h.score >= EXACT]


def _group_of_more(ctx: Context, q: Question, plan: str, key: int) -> Reply | None:
    """「港湾の指標の目標」: a section or project named, with several indicators: ask which."""
    group = ctx.kb.search_index.resolve(q.subject_text, "project", plan)
    if group.status not in ("ok", "ambiguous") or not group.hits:
        return None
    hit = group.hits[0]
    members = members_of(ctx, plan, hit.kind, hit.key)
    if group.status == "ambiguous" and key not in members:
        return None  # 「人材育成」 names project 5 or 3-4 about as well; only a group holding the indicator counts
    named = ctx.kb.search_index.resolve(q.subject_text, "indicator", plan)
    mine = named.hits[0].score if named.hits else 0.0
    # 「港の評価」「宇宙の目標」: a word that names a group better than any one of its indicators
    edition = ctx.kb.edition(plan)
    typed = surface_key(ctx.kb.search_index.expand(q.subject_text)[0])  # 起業 read as スタートアップ
    # 「宇宙の指標の目標」: the section's own title word (a number is not one)
    # (航空宇宙 shortens 航空機・宇宙 by dropping characters, as staff abbreviate)
    title = surface_key(hit.label)
    titled = not typed.isdigit() and (typed in title or (len(typed) >= 3 and _abbreviates(typed, title)))
    # 「港湾の目標」: the section's own word asks which of its indicators, even where one name holds it
    if len(members) < 2 or key not in members or (q.kind != "indicator" and mine > hit.score and not titled):
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
    # 「リーダー人材育成の指標」「渋滞箇所の緩和の指標」: most of the words are one member's name
    # (リーダー人材の育成人数), in other order or joined by の, and not the group's title
    joined = _JOINING_NO.sub("", q.subject_text)
    if not titled and (covering := _covering(joined, hits)) is not None and int(covering.key) == key:
        return None
    return ask_back(ctx, q, hits)


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with characters left out, keeping its first (航空宇宙, 航空機宇宙)."""
    rest = iter(long[long.find(short[0]) :]) if short and short[0] in long else iter(())
    return bool(short) and all(ch in rest for ch in short)


_JOINING_NO = re.compile(r"(?<=[\u3400-\u9fff\u30a1-\u30ff])の(?=[\u3400-\u9fff\u30a1-\u30ff])")


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


def find_item(ctx: Context, q: Question, kinds: set[str]) -> Found | Reply:
    """The item a question is shown whole for (any kind), or the reply that asks back."""
    index = ctx.kb.search_index
    if q.previous_plan and "indicator" in kinds:
        # 「第1次改定版の研究開発等プロジェクト化件数」: the plan named is where to look first
        named = find_indicator(ctx, q)
        if isinstance(named, Found) and named.plan != ctx.plan:
            return named
        if isinstance(named, Reply) and named.status == "ambiguous":
            return named
    numbered = _numbered(ctx, q.subject_text, kinds)
    if numbered is not None:
        return numbered
    text, via = index.expand(q.subject_text)
    hits = index.rank(text, kinds=kinds, plan=ctx.plan, limit=10)
    hits = [h for h in hits if h.kind in kinds]
    if "indicator" in kinds:
        # a name only an earlier plan uses (水素ステーション, ヘルスラボ) answers from that plan
        top = hits[0].score if hits else 0.0
        older = [p for p in reversed(ctx.kb.plan_ids) if p != ctx.plan]
        twice = _named_twice(ctx, text, older, hits)
        if twice:
            return ask_back(ctx, q, twice)
        for other in older:
            theirs = index.rank(text, kinds={"indicator"}, plan=other, limit=3)
            if theirs and theirs[0].score >= max(ACCEPT, top + MARGIN / 2) and _best(theirs) is not None:
                no = int(theirs[0].key)
                return Found("indicator", other, no, via_note(via) + other_plan_note(ctx, other, no))
    best = _best(hits)
    if best is None and hits and hits[0].score >= ACCEPT:
        # 「航空機・宇宙産業のイノベーション創出の取組内容」: the top name holds nearly all the words
        # typed, the field 航空機・宇宙産業 only some of them
        close = [h for h in hits if h.score >= hits[0].score - MARGIN]
        covering = _covering(_JOINING_NO.sub("", text), close)
        best = covering if covering is hits[0] else None
    if best is None:
        earlier = find_indicator(ctx, q) if "indicator" in kinds else None
        if isinstance(earlier, Found) and earlier.plan != ctx.plan:
            return earlier
        if hits and hits[0].score >= ACCEPT:
            return ask_back(ctx, q, hits)
        return not_found_reply(q, tuple(hits))
    if best.kind == "term" and via and best.score < EXACT and q.intent != "define":
        # 「CO2削減の取組は？」: read as カーボンニュートラル, which is only part of the term
        # カーボンニュートラルポート; a definition is not what was asked
        return ask_back(ctx, q, hits)
    beside = [w for w in q.unnamed if w not in q.subject_text]  # a typo alone (類系) is still looked up
    if best.kind == "term" and beside and best.score < EXACT:
        # 「来年度の予算要求の様式はどこにある？」: 年度 inside 来年度 is all that fits, and 様式 names
        # nothing the strategy holds: the question is about something else
        return not_found_reply(q, ())
    kind = KIND_OF_HIT.get(best.kind, best.kind)
    key: int | str = best.key
    if kind == "glossary":
        term = ctx.kb.term(int(best.key))
        assert term is not None
        key = term.term
    if best.kind == "action":  # an action is shown as the section (or project) it belongs to
        where = str(best.key)
        kind = "section" if "-" in where else "project"
        key = where if "-" in where else int(where)
    return Found(kind, ctx.plan, key, via_note(via))


# 「1-2の工業用水」「プロジェクト4のDX」: a reference, then words of the same item's name
_REFERENCE_FIRST = re.compile(r"^((?:プロジェクト|分野)?\d+(?:-\d+)?)(?:の|\s)+(\S.*)$")


def _numbered(ctx: Context, text: str, kinds: set[str]) -> Found | None:
    """An item named by its number and by words of its name, when both name the same item."""
    m = _REFERENCE_FIRST.match(text.strip())
    if m is None or m.group(1).isdigit():  # a bare 3 may be an indicator or a project
        return None
    index = ctx.kb.search_index
    for kind in ("field",) if m.group(1).startswith("分野") else ("project",):
        by_number = index.resolve(m.group(1), kind, ctx.plan)
        if by_number.status != "ok" or by_number.hits[0].kind not in kinds:
            continue
        hit = by_number.hits[0]
        by_name = index.rank(m.group(2), kinds={hit.kind}, plan=ctx.plan, limit=1)
        if (
            by_name
            and (by_name[0].kind, by_name[0].key) == (hit.kind, hit.key)
            and by_name[0].score >= ACCEPT
        ):
            return Found(hit.kind, ctx.plan, hit.key)
    return None


def members_of(ctx: Context, plan: str, kind: str, key: int | str) -> frozenset[int]:
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
