"""/search: everything that matches a word, grouped by kind, each with how to open it."""

from __future__ import annotations

from commands import format as fmt
from commands.context import Context
from commands.lookup import MAX_QUERY, clean
from commands.open import command_line
from commands.registry import SEARCH, command
from commands.replies import Reply, ReplyField, problem
from knowledge.question import parse as parse_question
from knowledge.search import Hit

PER_GROUP = 5
LIMIT = 30
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
    ("term", "用語"),
)


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
    if asked.is_list or asked.plan_part is not None:
        from commands.ask import answer_question  # ask builds on the lookups

        answered = answer_question(ctx, asked)
        if answered.ok:
            return answered  # 「遅れている指標は？」 searched: the list itself
    if asked.subject_text and asked.intent != "show":
        text = asked.subject_text  # 「水素の目標は？」: search for what names the item
    index = ctx.kb.search_index
    # everything of the plan in force, and the indicators of the others (whose names staff still use)
    hits = index.rank(text, plan=ctx.plan, limit=LIMIT)
    for other in ctx.kb.plan_ids:
        if other != ctx.plan:
            hits += index.rank(text, kinds={"indicator"}, plan=other, limit=LIMIT)
    hits = sorted(hits, key=lambda h: -h.score)[:LIMIT]
    hits = [h for h in hits if h.score >= hits[0].score * RELATIVE_CUTOFF] if hits else []
    if not hits:
        return problem(
            "not_found",
            "search",
            f"「{text[:40]}」に当てはまるものは見つかりませんでした。別の言葉やひらがなで試すか、/help で使い方を確認してください。",
        )
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        group = f"indicator:{hit.plan}" if hit.kind == "indicator" else hit.kind
        grouped.setdefault(group, []).append(hit)
    fields = []
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
        fields.append(ReplyField(heading, "\n".join(lines)))
        record_groups.append(
            {
                "kind": group,
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
    best = hits[0]
    return Reply(
        status="ok",
        kind="search",
        title=f"「{text[:40]}」の検索結果（{sum(len(g['items']) for g in record_groups)}件）",
        lines=("関連の強い順に、種類ごとに表示しています。",),
        fields=tuple(fields),
        footer=fmt.footer(ctx.kb, ctx.plan, "indicators"),
        key=None,
        record={"query": text, "groups": record_groups},
        links=((best.label, command_line(ctx, best.kind, best.key, best.plan)),),
    )
