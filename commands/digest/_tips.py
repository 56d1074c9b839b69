"""The tip of the day (豆知識): a term of the glossary, or a fact of the plan with the section it is from.

Tips teach what a target line cannot: what a word means, what a growth field covers, what a
project's section sets out to do, and the plan's own aims.  Each names the command that opens it.
The pool interleaves the kinds and is walked one tip a day.
"""

from __future__ import annotations

from datetime import date

from commands.context import Context

TIP_TEXT = 90  # characters of a description shown in a tip


def _cut(text: str, limit: int = TIP_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tip_pool(ctx: Context) -> list[tuple[str, str]]:
    """Every tip of the plan in force as (text, command): terms and facts of the plan, interleaved."""
    kb = ctx.kb
    edition = kb.edition(ctx.plan)
    terms = [
        (f"用語「{t.term}」: {_cut(t.general or t.document or '')}", f"/glossary {t.term}")
        for _, t in kb.glossary_for(edition.id)
    ]
    front = edition.front
    facts: list[list[tuple[str, str]]] = []
    if front is not None and not edition.revision.draft:

        def cited(key: str) -> str:
            return f"（出典「{front.sections[key]}」）" if key in front.sections else ""

        facts.append(
            [
                (f"重点成長分野「{f.name}」: {_cut(f.description)}{cited('fields')}", f"/field {f.id}")
                for f in edition.fields
            ]
        )
        facts.append(
            [
                (
                    f"プロジェクト{p.no}「{p.name}」{s.id}「{s.title}」の取組: {_cut(s.actions[0])}{cited('projects')}",
                    f"/project {s.id}",
                )
                for p in edition.projects
                for s in p.sections
                if s.actions
            ]
            + [
                (
                    f"プロジェクト{p.no}「{p.name}」の取組: {_cut(p.actions[0])}{cited('projects')}",
                    f"/project {p.no}",
                )
                for p in edition.projects
                if not p.sections and p.actions
            ]
        )
        facts.append(
            [
                (f"この戦略の基本目標: {_cut(front.basic_goal)}{cited('goal')}", "/overview"),
                (f"重点成長分野の見直し: {_cut(front.fields_change)}{cited('fields')}", "/overview"),
            ]
        )
    kinds = [terms, *facts]
    pool: list[tuple[str, str]] = []
    for i in range(max((len(k) for k in kinds), default=0)):
        pool += [k[i] for k in kinds if i < len(k)]
    return pool


def tip_of_the_day(ctx: Context, day: date) -> tuple[str, str] | None:
    """The day's tip and the command that opens it: the same all day, the next one the next day."""
    pool = tip_pool(ctx)
    return pool[day.toordinal() % len(pool)] if pool else None
