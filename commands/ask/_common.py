"""What every part of /ask shares: the found subject, the reply, asking back and the words of its answers."""

from __future__ import annotations

import dataclasses
from typing import Any

from commands import format as fmt
from commands.context import Context
from commands.lookup import candidates_of, clean
from commands.replies import Reply, problem
from knowledge.question import Question
from knowledge.search import Hit

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


PART_OF = {"perspectives": "goal"}  # /ask reads 主な視点 on its own; /plan shows it with the goal


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


KIND_OF_HIT = {"term": "glossary"}


@dataclasses.dataclass(frozen=True)
class Found:
    """The subject of a question, with how it was found."""

    kind: str  # indicator, project, section, field, glossary, overall, plan
    plan: str
    key: int | str
    notes: tuple[str, ...] = ()


def subject_json(found: Found) -> dict[str, Any]:
    """A found subject as the JSON contract gives it: kind, plan and key."""
    return {"kind": found.kind, "plan": found.plan, "key": found.key}


def via_note(via: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The line saying which synonyms were read as the document's words."""
    return tuple(
        f"「{word}」は文書の言葉「{means}」として探しました（編集上の言い換え）。" for word, means in via
    )


def other_plan_note(ctx: Context, plan: str, no: int) -> tuple[str, ...]:
    """The line saying an answer comes from a plan other than the one in force."""
    if plan == ctx.plan:
        return ()
    return (f"{fmt.plan_name(ctx.kb, plan)}の指標{no}です（現行の計画ではありません）。",)


def ask_back(ctx: Context, q: Question, hits: tuple[Hit, ...] | list[Hit]) -> Reply:
    """Ask which one was meant: at most five candidates."""
    cands = candidates_of(hits[:MAX_CHOICES])
    names = "、".join(f"「{c.label}」" for c in cands)
    return problem(
        "ambiguous",
        "answer",
        f"「{clean(q.text)[:40]}」は、どれについての質問ですか？ 候補: {names}。番号や名前を添えて聞き直すか、候補を選んでください。",
        cands,
    )


def not_found_reply(q: Question, hits: tuple[Hit, ...] = ()) -> Reply:
    """Nothing fits: say so, with suggestions and what the bot can answer."""
    shown = clean(q.text)[:40]
    message = f"「{shown}」に当てはまるものは見つかりませんでした。"
    if hits:
        message += "もしかして: " + "、".join(f"「{h.label}」" for h in hits[:MAX_CHOICES]) + "。"
    return problem("not_found", "answer", message + OFF_TOPIC, candidates_of(hits[:MAX_CHOICES]))


def list_plan(ctx: Context, q: Question) -> str:
    """The plan a list or count is of: the one before when the question names it."""
    before = ctx.kb.edition(ctx.plan).previous
    return str(before) if q.previous_plan and before in ctx.kb.editions else ctx.plan


Cite = tuple[str, str | tuple[str, ...]]  # (plan, sections of its document) an answer comes from


def answer_reply(
    ctx: Context,
    lines: tuple[str, ...],
    command_line: str | None,
    record: dict[str, Any],
    cite: Cite | None = None,
) -> Reply:
    """An answer of one to three lines, the command that shows more, and the sections cited."""
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
