"""/ask: a question in plain Japanese, answered exactly from the data, or asked back.

``knowledge.question.parse`` reads what is asked; the one matcher finds the subject; this module
writes one to three lines that answer exactly that, with the command that shows more.  It never
states a number the data does not hold, and when the subject is unclear it asks back.

Modules: ``_find`` finds the subject (or the candidates to ask back), ``_answers`` writes the
answer about one item, ``_lists`` the lists and counts, ``_common`` what they share (the found
subject, the reply and its citation); this module reads the question and picks among them.
"""

from __future__ import annotations

import dataclasses
import re

from commands import format as fmt
from commands.ask._answers import (
    by_year,
    define_answer,
    defines,
    document_part,
    in_part,
    item_answer,
    overall_answer,
    terms_named,
    which_part,
)
from commands.ask._common import (
    EXACT,
    INDICATOR_INTENTS,
    KIND_SCOPES,
    OFF_TOPIC,
    PART_NAME,
    PLAN_PART_NAMES,
    SHOW_KINDS,
    Found,
    list_plan,
)
from commands.ask._find import find_indicator, find_item, members_of, overall_hit
from commands.ask._lists import count_answer, list_answer, no_such_group, section_list
from commands.context import Context
from commands.lookup import MAX_QUERY
from commands.registry import ASK, command
from commands.replies import Reply, problem
from knowledge.question import PLAN_PARTS, PREFECTURES, Question, parse
from knowledge.textnorm import reading_key, surface_key

__all__ = ["answer_question", "ask", "terms_named"]


@command(ASK)
def ask(ctx: Context, query: str) -> Reply:
    """Answer /ask: what is asked about which item, in one to three lines, with the command for more."""
    if not query.strip():
        return problem("invalid", "answer", f"質問を入力してください。{OFF_TOPIC}")
    if len(query) > MAX_QUERY:
        return problem(
            "invalid", "answer", f"質問が長すぎます（{MAX_QUERY}文字まで）。短くして聞き直してください。"
        )
    q = parse(ctx.kb.search_index.respell(query), ctx.kb.search_index.names_something)
    if not q.text.strip("？?!！。 "):
        return problem("invalid", "answer", f"質問を入力してください。{OFF_TOPIC}")
    elsewhere = _elsewhere(ctx, q.text)
    if elsewhere is not None:
        return problem(
            "not_found", "answer", f"{elsewhere}のことは、この戦略のデータにはありません。{OFF_TOPIC}"
        )
    return _unit_checked(ctx, q, answer_question(ctx, q))


def _elsewhere(ctx: Context, text: str) -> str | None:
    """A prefecture the question names that no plan's document mentions (福岡県), if any."""
    named = [p for p in PREFECTURES if p in text]
    if not named:
        return None
    texts = [passage.text for plan in ctx.kb.plan_ids for passage in ctx.kb.document_passages(plan)]
    return next((p for p in named if not any(p in t for t in texts)), None)


# A counter in the question (何人, 何%, 何km, 何億円) and the units an indicator may then have; 件, 回
# and 社 are used loosely of one another and are not checked.
_COUNTERS = (
    (re.compile(r"何(?:万)?人"), frozenset({"人", "万人"})),
    (re.compile(r"何\s*(?:%|％|パーセント)"), frozenset({"%"})),
    (re.compile(r"何\s*(?:km|キロ)"), frozenset({"km"})),
    (re.compile(r"何(?:千|百|億|兆)?円"), frozenset({"億円", "千円", "兆円", "円"})),
)


def _unit_checked(ctx: Context, q: Question, reply: Reply) -> Reply:
    """An answer about an indicator whose unit is not the one the question counts in is not given.

    「山口県の人口は何人？」 finds 5G人口カバー率 by its word 人口, but that is a percentage: the
    question is about something else, and a number in % would answer it wrongly.
    """
    record = reply.record or {}
    subjects = record.get("subjects") or []
    if not reply.ok or not subjects or subjects[0]["kind"] != "indicator":
        return reply
    if record.get("intent") in ("progress", "rating"):  # 「進捗何％？」: a share of the target, in any unit
        return reply
    wanted = [units for counter, units in _COUNTERS if counter.search(q.text)]
    ind = ctx.kb.indicator(int(subjects[0]["key"]), str(subjects[0]["plan"]))
    if not wanted or ind is None:
        return reply
    held = {ind.target.unit, ind.baseline.unit} - {None}
    if any(held & units for units in wanted):
        return reply
    return problem(
        "not_found",
        "answer",
        f"指標{ind.no}「{ind.name}」の単位は{'・'.join(sorted(u for u in held if u))}で、質問の数え方と合いません。"
        f"この指標のことなら「指標{ind.no}の{_ASKED_WORD.get(str(record.get('intent')), '実績')}は？」と聞いてください。{OFF_TOPIC}",
    )


_ASKED_WORD = {"target": "目標", "baseline": "現状値", "latest": "実績", "progress": "進捗", "rating": "評価"}


def answer_question(ctx: Context, q: Question) -> Reply:
    """The answer to a parsed question (the lookups share it for questions typed as queries)."""
    if q.kind in ("project", "field") and _kind_word_in_a_name(ctx, q.text):
        # 「先導的プロジェクトの未来技術導入件数」: プロジェクト is a word of indicator 16's name
        q = parse(q.text, ctx.kb.search_index.names_something, kinds=False)
    if q.intent == "list" and q.kind == "overall":
        front = ctx.kb.edition(ctx.plan).front
        keys = [o.no for o in front.overall_indicators] if front else []
        reply = overall_answer(ctx, keys)
        record = dict(reply.record or {}, intent="list", subjects=[], filters={})
        record["items"] = [{"kind": "overall", "plan": ctx.plan, "key": no} for no in keys]
        return dataclasses.replace(reply, record=record)
    if q.plan_part == "overall":
        front = ctx.kb.edition(ctx.plan).front
        if front is None or not front.overall_indicators:
            return problem(
                "not_found", "answer", f"{fmt.plan_name(ctx.kb, ctx.plan)}には全体指標の記載がありません。"
            )
        named = overall_hit(ctx, q.subject_text) if q.subject_text else []
        keys = [int(named[0].key)] if named else [o.no for o in front.overall_indicators]
        return overall_answer(ctx, keys)
    if q.plan_part is not None:
        written = [t for t in terms_named(ctx, q.text) if _defined_whole(q.text, t)]
        if written and written[0] not in dict(PLAN_PARTS).get(q.plan_part, ()):
            # 「「瀬戸内基幹企業群」とはどういう企業群のこと？」: the term written out, not the part
            return define_answer(ctx, dataclasses.replace(q, intent="define", plan_part=None), written[:1])
        return item_answer(ctx, q, Found("plan", list_plan(ctx, q), q.plan_part))
    plan = list_plan(ctx, q)
    if q.part_hint is not None and q.intent != "define" and in_part(ctx, q.part_hint, plan, q.subject_text):
        # 「基本目標の戦略的イノベーションの中身」: words of the part's own text, so the part is asked
        asked = dataclasses.replace(q, intent="show", plan_part=q.part_hint)
        return item_answer(ctx, asked, Found("plan", plan, q.part_hint))
    if q.kind == "section" and q.intent in ("show", "list", "count"):
        listed = section_list(ctx, q)
        if listed is not None:
            return listed
        if q.intent == "show" and q.subject_text:  # 「工業用水の節を見せて」: that section, shown
            section = find_item(ctx, q, {"section"})
            if isinstance(section, Found):
                return item_answer(ctx, q, section)
        q = dataclasses.replace(q, kind=None)
    if q.intent == "list":
        return list_answer(ctx, q)
    if q.intent == "count":
        return count_answer(ctx, q)
    if q.intent == "owner" and q.kind in ("project", "field") and q.subject_text:
        # 「プロジェクト6の担当は誰？」: owners are set per indicator; its indicators' owners answer it
        group = find_item(ctx, q, KIND_SCOPES[q.kind])
        if isinstance(group, Reply) and q.subject_text.isdigit():  # 「プロジェクト9の担当」
            return no_such_group(ctx, list_plan(ctx, q), q.kind, q.subject_text)
        # 「半導体分野の担当」: a group of one indicator is asked about that indicator
        if (
            isinstance(group, Found)
            and group.kind in ("project", "section", "field")
            and (q.subject_text.isdigit() or len(members_of(ctx, group.plan, group.kind, group.key)) > 1)
        ):
            return item_answer(ctx, q, group)
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
        if defines(q)
        else []
    )
    if terms and (q.intent == "define" or len(terms) > 1):
        # 「重点成長分野とは」「公式評価と試算評価の違い」: the glossary's own terms, written out
        return define_answer(ctx, q, terms)
    if q.intent in INDICATOR_INTENTS:
        found = find_indicator(ctx, q)
        if isinstance(found, Found):
            q = by_year(ctx, q, found)
        loose = isinstance(found, Reply) and (
            found.status == "not_found"
            or (found.status == "ambiguous" and not _in_a_name(q.subject_text, found))
        )
        if loose:
            # 「瀬戸内基幹企業群って？」「地域未来牽引企業は何社？」 read latest/target words loosely: a
            # term or overall indicator named in full is shown whole
            item = find_item(ctx, dataclasses.replace(q, intent="show"), SHOW_KINDS - {"indicator"})
            whole = ctx.kb.search_index.rank(
                q.subject_text, kinds={"term", "overall"}, plan=ctx.plan, limit=1
            )
            in_full = bool(whole) and whole[0].score >= EXACT  # only a term or overall named in full
            if isinstance(item, Found) and item.kind in ("glossary", "overall") and in_full:
                return item_answer(ctx, dataclasses.replace(q, intent="show"), item)
    elif q.intent == "define" and q.kind in ("project", "field", "indicator") and q.subject_text:
        # 「学び直しのプロジェクトって何をするの」: the item of that kind, shown
        found = find_item(ctx, q, KIND_SCOPES[q.kind])
    elif q.intent == "define":
        if not q.subject_text:
            return problem("invalid", "answer", f"何の意味を知りたいですか？ 例: 「累計とは？」。{OFF_TOPIC}")
        found = find_item(ctx, q, {"term"})
        if isinstance(found, Reply):
            found = find_item(ctx, q, SHOW_KINDS)
    else:
        if not q.subject_text:
            if q.kind in ("project", "field", "term"):
                return answer_question(ctx, dataclasses.replace(q, intent="count"))
            return problem("not_found", "answer", f"質問の内容が読み取れませんでした。{OFF_TOPIC}")
        if q.kind == "indicator" and q.subject_text.isdigit():  # 「第1次改定版の指標16」: that plan's 16
            found = find_indicator(ctx, q)
        else:
            found = find_item(ctx, q, KIND_SCOPES.get(q.kind or "", SHOW_KINDS))
        if isinstance(found, Found):
            q = by_year(ctx, q, found)
        if isinstance(found, Found) and found.kind == "indicator" and q.intent != "show":
            return item_answer(ctx, q, found)
        if isinstance(found, Found) and found.kind == "indicator" and _asks_something(q):
            return which_part(ctx, q, found)
    if isinstance(found, Reply):
        return _read_again(ctx, q, found)
    if q.intent == "define" and found.kind != "glossary":  # 「…って何の指標？」: the item, shown whole
        q = dataclasses.replace(q, intent="show")
    return item_answer(ctx, q, found)


# a kind word glued to the word before it: 先導的プロジェクト, 関連分野; in kana the words are
# often typed apart (せんどうてき ぷろじぇくと)
# (先導的なプロジェクト: な joins an adjective to it, and the name is 先導的プロジェクト)
_GLUED_KIND = re.compile(r"([\u3400-\u9fff\u30a1-\u30ffー]{2,})な?(プロジェクト|分野)")
_KANA_KIND = re.compile(r"([\u3041-\u309fー]{2,}?)な?\s*(ぷろじぇくと|ぶんや)")


def _kind_word_in_a_name(ctx: Context, text: str) -> bool:
    """Whether a kind word is typed as part of a word that an indicator's name holds."""
    glued = [surface_key(m.group(1) + m.group(2)) for m in _GLUED_KIND.finditer(text)]
    sounds = [surface_key(m.group(1) + m.group(2)) for m in _KANA_KIND.finditer(text)]
    if not glued and not sounds:
        return False
    names = [i.name for plan in ctx.kb.plan_ids for i in ctx.kb.indicators(plan)]
    return any(word in surface_key(name) for word in glued for name in names) or any(
        word in reading_key(name) for word in sounds for name in names
    )


# what follows a term asked to be defined: 「瀬戸内基幹企業群」とは, 企業群って何, 累計の意味
_DEFINING = re.compile(r"^[」』]?(?:とは|って|の意味|の定義)")


def _defined_whole(text: str, term: str) -> bool:
    """Whether a term is written as a word of its own and asked to be defined (not 年度 of 目標年度)."""
    before, _, after = text.partition(term)
    return _DEFINING.search(after[:3]) is not None and not re.search(r"[\u3400-\u9fff\u30a1-\u30ff]$", before)


def _in_a_name(text: str, asked: Reply) -> bool:
    """Whether a candidate's name holds the words as typed (累計 in …(累計), not 地域未来牽引企業)."""
    key = surface_key(text)
    return any(c.score >= EXACT or key in surface_key(c.label) for c in asked.candidates)


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
            found = find_indicator(ctx, whole) if indicator else find_item(ctx, whole, SHOW_KINDS - {"term"})
            if isinstance(found, Found):  # an item whose name holds the kind word, not the word's term
                return item_answer(ctx, whole, found)
    if q.part_hint is not None and _names_part(ctx, q):
        asked = dataclasses.replace(q, intent="show", plan_part=q.part_hint)
        return item_answer(ctx, asked, Found("plan", list_plan(ctx, q), q.part_hint))
    holding = _parts_holding(ctx, q)
    if len(holding) == 1:
        # 「戦略的イノベーションって何を目指してるの？」: words only the basic goal's text holds
        asked = dataclasses.replace(q, intent="show", plan_part=holding[0])
        return item_answer(ctx, asked, Found("plan", list_plan(ctx, q), holding[0]))
    return failed


# a phrase this long, written as in the document, is no chance overlap
_QUOTED = 6


def _parts_holding(ctx: Context, q: Question) -> list[str]:
    """The plan parts whose own text holds the question's subject as written (a phrase of the document)."""
    if len(surface_key(q.subject_text)) < _QUOTED:
        return []
    plan = list_plan(ctx, q)
    return [part for part in PLAN_PART_NAMES if in_part(ctx, part, plan, q.subject_text)]


def _names_part(ctx: Context, q: Question) -> bool:
    """Whether a question writes out the name of the plan part it hints at (not only いつまで or 体制)."""
    part = document_part(ctx, str(q.part_hint), list_plan(ctx, q))
    folded = surface_key(q.text)
    names = [surface_key(w) for w in (part.name, *part.words)] if part else []
    return any(len(n) >= PART_NAME and n in folded for n in names)


# 「…について教えて」 is no mark: it asks for the item shown whole
_QUESTION_MARKS = ("?", "？", "どう", "何", "なに", "いくつ", "どれ", "どの")


def _asks_something(q: Question) -> bool:
    """A question about an indicator whose asking words were not understood (not a bare name).

    The marks are looked for outside the words that named the subject: こくどうけんどう holds どう.
    """
    rest = q.text
    for word in q.subject_text.split():
        rest = rest.replace(word, " ")
    if any(counter.search(rest) for counter, _ in _COUNTERS):
        return False  # 「5G人口カバー率は何%？」 asks its numbers: the item is shown whole
    return any(mark in rest for mark in _QUESTION_MARKS)
