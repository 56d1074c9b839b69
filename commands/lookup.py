"""Turn a user's query into one item, or into a reply that explains what went wrong."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from commands.context import Context
from commands.format import half_width
from commands.replies import Candidate, Kind, Reply, problem
from knowledge.models import Indicator
from knowledge.search import Hit

MAX_QUERY = 200  # longer input is a paste accident, not a query

_WHAT = {"indicator": "指標", "project": "プロジェクト", "field": "分野", "term": "用語"}
_EXAMPLE = {
    "indicator": "/indicator 15",
    "project": "/project 4",
    "field": "/field 6",
    "term": "/glossary 累計",
}


def clean(text: str) -> str:
    """Drop control and format characters before echoing user text back."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


def valid_range(ctx: Context, kind: str, plan: str) -> str:
    """The valid numbers of a kind, in words, e.g. ``1〜28``."""
    if kind == "indicator":
        return f"1〜{len(ctx.kb.indicators(plan))}"
    if kind == "project":
        return f"1〜{len(ctx.kb.projects)}（節は 3-2 の形）"
    if kind == "term":
        return f"1〜{len(ctx.kb.glossary)}"
    return f"1〜{len(ctx.kb.fields)}"


def candidates_of(hits: Iterable[Hit]) -> tuple[Candidate, ...]:
    """Search hits as reply candidates."""
    return tuple(Candidate(h.kind, h.plan, h.key, h.label, h.score) for h in hits)


def _suggest(cands: tuple[Candidate, ...]) -> str:
    return "、".join(f"「{c.label}」" for c in cands[:5])


def resolve(ctx: Context, query: str, kind: str, plan: str, reply_kind: Kind) -> Hit | Reply:
    """The single best hit for the query, or a problem reply (ambiguous, not found, out of range)."""
    what = _WHAT[kind]
    plan_note = "（第1次改定版）" if kind == "indicator" and plan == "2021" else ""
    hint = f"番号（{valid_range(ctx, kind, plan)}）か名前で指定してください。例: {_EXAMPLE[kind]}"
    if len(query) > MAX_QUERY:
        return problem("invalid", reply_kind, f"入力が長すぎます（{MAX_QUERY}文字まで）。{hint}")
    result = ctx.kb.search_index.resolve(query, kind, plan)
    cands = candidates_of(result.hits)
    if result.status == "ok":
        return result.hits[0]
    if result.status == "out_of_range":
        message = f"{what}{result.number} はありません{plan_note}。{what}番号は {valid_range(ctx, kind, plan)} です。"
        return problem("invalid", reply_kind, f"{message}例: {_EXAMPLE[kind]}")
    if result.status == "ambiguous":
        message = f"「{clean(query)[:40]}」に当てはまる{what}が複数あります{plan_note}: {_suggest(cands)}。番号で指定してください。"
        return problem("ambiguous", reply_kind, message, cands)
    shown = clean(query).strip()[:40]
    message = f"「{shown}」に当てはまる{what}が見つかりませんでした{plan_note}。"
    if cands:
        message += f"もしかして: {_suggest(cands)}。"
    return problem("not_found", reply_kind, message + hint, cands)


def find_indicator(
    ctx: Context, query: str, plan: str, reply_kind: Kind, example: str
) -> tuple[Indicator | None, Reply | None]:
    """The indicator a query names, or the reply that says why there is none (``example`` if blank)."""
    if not query.strip():
        return None, problem("invalid", reply_kind, f"指標を指定してください。例: {example}")
    hit = resolve(ctx, query, "indicator", plan, reply_kind)
    if isinstance(hit, Reply):
        return None, hit
    return ctx.kb.indicator(int(hit.key), plan), None


def ensure_plan(plan: str | None, reply_kind: Kind = "indicator") -> tuple[str, Reply | None]:
    """Validate a plan option: ``2024`` (default) or ``2021``."""
    value = (plan or "2024").strip()
    aliases = {"2024": "2024", "2021": "2021", "第2次": "2024", "第1次": "2021", "2": "2024", "1": "2021"}
    value = aliases.get(half_width(value), value)
    if value not in ("2024", "2021"):
        return value, problem(
            "invalid",
            reply_kind,
            f"計画「{value[:20]}」はありません。plan:2024（第2次改定版、既定）か plan:2021（第1次改定版）を指定してください。",
        )
    return value, None
