"""/plan: a part of the plan's document shown whole, every paragraph and cell, citing its sections.

The parts come from ``knowledge.document``: 改定の趣旨, 基本目標, 目標年度 (with the reason for the
period), 強み, 重点成長分野, 企業群 (every point, sub-item and definition), プロジェクト, 推進体制,
支援措置, 全体指標, プロジェクト別指標, the previous plan's results and the rating legend.
"""

from __future__ import annotations

from typing import Any

from commands import format as fmt
from commands.context import Context
from commands.lookup import resolve
from commands.registry import PLAN, command
from commands.replies import Reply, ReplyField, problem
from knowledge.document import Block, Part

SHORT = 6  # a part's name up to this long is typed as it is

# Commands that show a part's items one by one, offered under the part.
_MORE: dict[str, tuple[tuple[str, str], ...]] = {
    "goal": (("概要", "/overview"),),
    "fields": (("分野一覧", "/field"),),
    "projects": (("プロジェクト一覧", "/project"),),
    "indicators": (("指標一覧", "/indicator"),),
    "overall": (("概要", "/overview"),),
    "rating": (("用語: ★の評価", "/glossary ★の評価"),),
}


def _names(parts: tuple[Part, ...]) -> str:
    return "、".join(p.name for p in parts)


def part_word(ctx: Context, key: str) -> str:
    """What to type after /plan to open the part ``key`` of the plan in force."""
    part = next((p for p in ctx.kb.document_parts(ctx.plan) if p.key == key), None)
    return _word(ctx, part) if part is not None else ""


def _word(ctx: Context, part: Part) -> str:
    """A short name that opens the part by itself, for ``/plan <word>``: its name, else its first word."""
    index = ctx.kb.search_index
    for word in (part.name, *part.words) if len(part.name) <= SHORT else part.words:
        found = index.resolve(word, "part", ctx.plan)
        if found.status == "ok" and found.hits[0].key == part.key:
            return word
    return part.name


def _fields(part: Part) -> tuple[list[str], list[ReplyField]]:
    """A part's blocks as description lines (the first untitled block) and titled fields."""
    lines: list[str] = []
    fields: list[ReplyField] = []
    for n, block in enumerate(part.blocks):
        texts = [p.text for p in block.passages]
        if not texts:
            continue
        if block.heading:
            fields.append(ReplyField(block.heading, "\n".join(texts)))
        elif n == 0:
            lines += texts
        elif len(texts) > 1:  # an untitled block (a project) is titled by its first line
            fields.append(ReplyField(texts[0], "\n".join(texts[1:])))
        else:
            fields.append(ReplyField(part.name, texts[0]))
    return lines, fields


def _block_json(block: Block) -> dict[str, Any]:
    return {
        "heading": block.heading,
        "passages": [{"text": p.text, "section": p.section, "printed": p.printed} for p in block.passages],
    }


def show_part(ctx: Context, part: Part) -> Reply:
    """One part of the plan's document, whole, citing every section it draws on."""
    kb = ctx.kb
    front = kb.edition(ctx.plan).front
    assert front is not None  # only a plan with its own document has parts
    lines, fields = _fields(part)
    printed = tuple(f"原文の表記: {p.printed}" for p in part.passages if p.printed)
    return Reply(
        status="ok",
        kind="plan",
        title=f"{part.name}（{kb.edition(ctx.plan).name}）",
        lines=tuple(lines),
        fields=tuple(fields),
        footer=fmt.footer(kb, ctx.plan, part.sections),
        key=part.key,
        record={
            "plan": ctx.plan,
            "part": part.key,
            "name": part.name,
            "sections": [front.sections[s] for s in part.sections],
            "blocks": [_block_json(b) for b in part.blocks],
        },
        links=(*_MORE.get(part.key, ()), ("項目の一覧", "/plan")),
        footnotes=printed,
    )


def _contents(ctx: Context, parts: tuple[Part, ...]) -> Reply:
    kb = ctx.kb
    edition = kb.edition(ctx.plan)
    front = edition.front
    assert front is not None
    lines = [
        f"・{p.name} — /plan {_word(ctx, p)}（{'・'.join(front.sections[s] for s in p.sections)}）"
        for p in parts
    ]
    return Reply(
        status="ok",
        kind="plan",
        title=f"{front.title}（{edition.name}）{front.document}の項目（{len(parts)}項目）",
        lines=(*lines, "項目名を付けると、その部分を文書どおりに表示します。例: /plan 推進体制"),
        footer=fmt.footer(kb, ctx.plan, tuple(front.sections)),
        record={"plan": ctx.plan, "items": [{"part": p.key, "name": p.name} for p in parts]},
        links=tuple((p.name, f"/plan {_word(ctx, p)}") for p in parts),
    )


@command(PLAN)
def plan(ctx: Context, query: str | None = None) -> Reply:
    """Answer /plan: a part of the plan's document by name; no part lists the parts."""
    edition = ctx.kb.edition(ctx.plan)
    parts = ctx.kb.document_parts(ctx.plan)
    if not parts:
        return problem(
            "not_found",
            "plan",
            f"{edition.name}の文書の本文はデータにありません（後の計画の表でのみ知られています）。"
            f"指標は /indicator で確認できます。",
        )
    if query is None or not query.strip():
        return _contents(ctx, parts)
    by_key = next((p for p in parts if p.key == query.strip()), None)
    if by_key is not None:  # what autocomplete sends back
        return show_part(ctx, by_key)
    hint = f"指定できる項目: {_names(parts)}。例: /plan 推進体制（/plan だけで項目の一覧）"
    hit = resolve(ctx, query, "part", ctx.plan, "plan", hint=hint)
    if isinstance(hit, Reply):
        return hit
    return show_part(ctx, next(p for p in parts if p.key == hit.key))
