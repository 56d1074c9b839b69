"""/search: everything that matches a word, grouped by kind, each with how to open it and its section.

Two searches answer it: the one matcher finds the *items* whose names fit (indicators, projects,
fields, terms …), and the full-text search finds every *sentence* of the document that contains the
words (本文), cited to the section it is printed in.
"""

from __future__ import annotations

from typing import Any

from commands import format as fmt
from commands.context import Context
from commands.lookup import MAX_QUERY, clean
from commands.open import command_line
from commands.plan import part_word
from commands.registry import SEARCH, command
from commands.replies import Reply, ReplyField, problem
from knowledge.question import parse as parse_question
from knowledge.search import Hit, PassageHit
from knowledge.textnorm import surface_key

PER_GROUP = 5
LIMIT = 30
PASSAGES = 8  # sentences of the document shown
# When the words occur in the document itself, an item whose name only resembles them is noise
# (産業戦略本部 is not 産業戦略プロジェクト): items then need a close fit.
CLOSE_FIT = 80
# Hits far below the best are chance overlaps (a shared kana or two); /search shows only the close ones.
RELATIVE_CUTOFF = 0.7

# Display order and Japanese headings of the kinds the index returns (indicators come first, one
# group per plan, the plan in force first).
GROUPS = (
    ("project", "プロジェクト"),
    ("section", "プロジェクトの節"),
    ("field", "重点成長分野"),
    ("action", "主な取組"),
    ("support_measure", "主な支援措置"),
    ("part", "計画の項目"),
    ("term", "用語"),
)
# The section of the document each kind of item is printed in (a term cites its quote's section).
SECTION_OF = {
    "indicator": "indicators",
    "overall": "indicators",
    "project": "projects",
    "section": "projects",
    "action": "projects",
    "field": "fields",
    "support_measure": "promotion",
}


def _item_sections(ctx: Context, hit: Hit) -> tuple[str, ...]:
    """The sections of the plan in force that an item hit comes from (none for another plan's)."""
    if hit.kind == "part":
        part = next((p for p in ctx.kb.document_parts(ctx.plan) if p.key == hit.key), None)
        return part.sections if part else ()
    if hit.kind == "term":
        term = ctx.kb.term(int(hit.key))
        return (term.source,) if term and term.source else ()
    if hit.kind == "indicator" and hit.plan != ctx.plan:
        return ("revision1",) if ctx.kb.edition(str(hit.plan)).front is None else ("indicators",)
    return (SECTION_OF[hit.kind],) if hit.kind in SECTION_OF else ()


def _passage_fields(ctx: Context, hits: list[PassageHit]) -> tuple[list[ReplyField], list[dict[str, Any]]]:
    """The sentences found, one field per section of the document, each with what opens it."""
    front = ctx.kb.edition(ctx.plan).front
    assert front is not None  # only a plan with a document has passages
    part_of = {p: part for part in ctx.kb.document_parts(ctx.plan) for p in part.passages}
    by_section: dict[str, list[str]] = {}
    record = []
    for hit in hits:
        p = hit.passage
        if p.ref is not None:
            opens = command_line(ctx, p.ref[0], p.ref[1], p.plan or ctx.plan)
        elif p in part_of:
            opens = f"/plan {part_word(ctx, part_of[p].key)}"
        else:  # a section heading: the part that shows that section
            part = next((q for q in part_of.values() if p.section in q.sections), None)
            opens = f"/plan {part_word(ctx, part.key)}" if part else "/plan"
        by_section.setdefault(p.section, []).append(f"・{hit.snippet.removeprefix('・')}（{opens}）")
        record.append(
            {
                "text": p.text,
                "snippet": hit.snippet,
                "section": front.sections[p.section],
                "open": opens,
                "exact": hit.exact,
            }
        )
    fields = [ReplyField(f"本文「{front.sections[s]}」", "\n".join(lines)) for s, lines in by_section.items()]
    return fields, record


@command(SEARCH)
def search(ctx: Context, query: str) -> Reply:
    """Answer /search: hits across fields, projects, sections, actions, indicators and more."""
    text = clean(query).strip()
    if not text:
        return problem(
            "invalid",
            "search",
            "検索語を入力してください。例: /search 水素、/search こうわん、/search キエンザン",
        )
    if len(query) > MAX_QUERY:
        return problem(
            "invalid", "search", f"検索語が長すぎます（{MAX_QUERY}文字まで）。短い言葉で検索してください。"
        )
    asked = parse_question(text, ctx.kb.search_index.names_something)
    found = ctx.kb.passage_indexes[ctx.plan].find(text, limit=PASSAGES)
    in_document = any(f.exact for f in found)
    # a list asked for is answered as a list; a plan part only when the words are not the document's
    # own (/search 改定の趣旨 finds its section, /search 計画期間は？ the part)
    if asked.is_list or (asked.plan_part is not None and not in_document):
        from commands.ask import answer_question  # ask builds on the lookups

        answered = answer_question(ctx, asked)
        if answered.ok:
            return answered  # 「遅れている指標は？」 searched: the list itself
    if asked.subject_text and asked.intent != "show" and not in_document:
        text = asked.subject_text  # 「水素の目標は？」: search for what names the item
        found = ctx.kb.passage_indexes[ctx.plan].find(text, limit=PASSAGES)
    index = ctx.kb.search_index
    # everything of the plan in force, and the indicators of the others (whose names staff still use)
    hits = index.rank(text, plan=ctx.plan, limit=LIMIT)
    for other in ctx.kb.plan_ids:
        if other != ctx.plan:
            hits += index.rank(text, kinds={"indicator"}, plan=other, limit=LIMIT)
    hits = sorted(hits, key=lambda h: -h.score)[:LIMIT]
    hits = [h for h in hits if h.score >= hits[0].score * RELATIVE_CUTOFF] if hits else []
    if any(f.exact for f in found):
        folded = surface_key(text)
        hits = [h for h in hits if h.score >= CLOSE_FIT or folded in surface_key(h.label + h.snippet)]
    if not hits and not found:
        return problem(
            "not_found",
            "search",
            f"「{text[:40]}」に当てはまるものは見つかりませんでした。別の言葉やひらがなで試すか、/help で使い方を確認してください。",
        )
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        group = f"indicator:{hit.plan}" if hit.kind == "indicator" else hit.kind
        grouped.setdefault(group, []).append(hit)
    fields, passages = _passage_fields(ctx, found) if found else ([], [])
    cited = [p.passage.section for p in found]
    record_groups = []
    plans = [pid for pid, _ in ctx.kb.plan_choices(ctx.today)]
    groups = [(f"indicator:{pid}", f"指標（{ctx.kb.edition(pid).name}）") for pid in plans] + list(GROUPS)
    for group, heading in groups:
        items = grouped.get(group, [])[:PER_GROUP]
        if not items:
            continue
        lines = []
        for hit in items:
            command = command_line(ctx, hit.kind, hit.key, hit.plan)
            snippet = f"\n　…{hit.snippet}" if hit.snippet else ""
            lines.append(f"{hit.label}（{command}）{snippet}")
        sections = tuple(dict.fromkeys(s for h in items for s in _item_sections(ctx, h)))
        cited += sections
        fields.append(ReplyField(heading, "\n".join([*lines, _cite(ctx, sections)]).strip()))
        record_groups.append(
            {
                "kind": group,
                "sources": [_title(ctx, s) for s in sections],
                "items": [
                    {
                        "key": h.key,
                        "label": h.label,
                        "snippet": h.snippet,
                        "score": round(h.score, 1),
                        "open": command_line(ctx, h.kind, h.key, h.plan),
                    }
                    for h in items
                ],
            }
        )
    count = sum(len(g["items"]) for g in record_groups) + len(passages)
    lines = ["文書の本文で見つかった文を節ごとに、名前の合う項目を種類ごとに、関連の強い順に表示しています。"]
    if not found:
        lines = ["関連の強い順に、種類ごとに表示しています（文書の本文にはこの言葉はありません）。"]
    links = ((hits[0].label, command_line(ctx, hits[0].kind, hits[0].key, hits[0].plan)),) if hits else ()
    return Reply(
        status="ok",
        kind="search",
        title=f"「{text[:40]}」の検索結果（{count}件）",
        lines=tuple(lines),
        fields=tuple(fields),
        footer=fmt.footer(ctx.kb, ctx.plan, tuple(dict.fromkeys(cited)) or "indicators"),
        key=None,
        record={"query": text, "passages": passages, "groups": record_groups},
        links=links,
    )


def _title(ctx: Context, section: str) -> str:
    front = ctx.kb.edition(ctx.plan).front
    return front.sections.get(section, section) if front else section


def _cite(ctx: Context, sections: tuple[str, ...]) -> str:
    """``出典「8 取組目標（指標）」`` under a group: where its items are printed (terms may be ours)."""
    return "出典" + "".join(f"「{_title(ctx, s)}」" for s in sections) if sections else ""
