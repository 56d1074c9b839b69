"""/glossary: the words of the document, with its own words and a general explanation kept apart."""

from __future__ import annotations

from commands import format as fmt
from commands.context import Context
from commands.lookup import resolve
from commands.registry import GLOSSARY, command
from commands.replies import Reply, ReplyField
from knowledge.models import GlossaryTerm


def _own(ctx: Context, term: GlossaryTerm) -> str:
    """``（第2次改定版の用語）`` for a term of one plan's own folder."""
    return f"（{fmt.plan_name(ctx.kb, term.plan)}の用語）" if term.plan is not None else ""


def _source(ctx: Context, term: GlossaryTerm) -> str | None:
    """The heading of the section a term's quote is from, e.g. 5 取組の方向性と産業戦略プロジェクト."""
    front = ctx.kb.edition(term.plan or ctx.plan).front
    return front.sections.get(term.source) if front and term.source else None


def show_term(ctx: Context, no: int, term: GlossaryTerm) -> Reply:
    """One term: the document's words (原文) and the general explanation (文書外), each labelled."""
    fields = []
    if term.document:
        fields.append(ReplyField("文書の記載（原文どおり）", term.document))
    if term.general:
        fields.append(ReplyField("一般的な説明（文書外の説明）", term.general))
    if term.aliases:
        fields.append(ReplyField("別の言い方", "、".join(term.aliases), inline=True))
    return Reply(
        status="ok",
        kind="glossary",
        title=f"用語: {term.term}（{term.reading}）{_own(ctx, term)}",
        fields=tuple(fields),
        # a quote cites the section it is printed in (the loader checks that it is there)
        footer=fmt.footer(ctx.kb, term.plan or ctx.plan, term.source)
        if term.document and term.source
        else f"一般的な説明 ・ データ版 {ctx.kb.version}",
        key=no,
        record={
            "no": no,
            "term": term.term,
            "reading": term.reading,
            "document": term.document,
            "source": _source(ctx, term),
            "general": term.general,
            "see": list(term.see),
            "plan": term.plan,
        },
        links=tuple((cmd, cmd) for cmd in term.see),
    )


@command(GLOSSARY)
def glossary(ctx: Context, query: str | None = None) -> Reply:
    """Answer /glossary: a term by name, reading or number; no query lists every term."""
    kb = ctx.kb
    if query is None or not query.strip():
        terms = kb.glossary_for(ctx.plan)
        lines = [f"{no}. {t.term}（{t.reading}）{_own(ctx, t)}" for no, t in terms]
        return Reply(
            status="ok",
            kind="glossary",
            title=f"用語集（{len(terms)}語）",
            lines=(
                *lines,
                "「文書の記載」は原文どおり、「一般的な説明」は新しく来た人向けに書いた文書外の説明です。",
            ),
            footer=f"データ版 {kb.version}",
            record={"items": [{"no": no, "term": t.term, "plan": t.plan} for no, t in terms]},
            links=(("例", "/glossary 累計"),),
        )
    hit = resolve(ctx, query, "term", ctx.plan, "glossary")
    if isinstance(hit, Reply):
        return hit
    term = kb.term(int(hit.key))
    assert term is not None
    return show_term(ctx, int(hit.key), term)
