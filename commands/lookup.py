"""Turn a user's query into one item, or into a reply that explains what went wrong."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from commands.context import Context
from commands.format import half_width
from commands.replies import Candidate, Kind, Reply, problem
from knowledge.models import Indicator
from knowledge.question import parse as parse_question
from knowledge.search import Hit

MAX_QUERY = 200  # longer input is a paste accident, not a query

_WHAT = {"indicator": "指標", "project": "プロジェクト", "field": "分野", "term": "用語", "part": "項目"}
_EXAMPLE = {
    "indicator": "/indicator 15",
    "project": "/project 4",
    "field": "/field 6",
    "term": "/glossary 累計",
    "part": "/plan 推進体制",
}


def clean(text: str) -> str:
    """Drop control and format characters before echoing user text back."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


def valid_range(ctx: Context, kind: str, plan: str) -> str:
    """The valid numbers of a kind, in words, e.g. ``1〜28``."""
    if kind == "indicator":
        return f"1〜{len(ctx.kb.indicators(plan))}"
    if kind == "project":
        return f"1〜{len(ctx.kb.edition(plan).projects)}（節は 3-2 の形）"
    if kind == "term":
        return f"1〜{len(ctx.kb.glossary)}"
    return f"1〜{len(ctx.kb.edition(plan).fields)}"


def candidates_of(hits: Iterable[Hit]) -> tuple[Candidate, ...]:
    """Search hits as reply candidates."""
    return tuple(Candidate(h.kind, h.plan, h.key, h.label, h.score) for h in hits)


def _suggest(cands: tuple[Candidate, ...]) -> str:
    return "、".join(f"「{c.label}」" for c in cands[:5])


def resolve(
    ctx: Context, query: str, kind: str, plan: str, reply_kind: Kind, hint: str | None = None
) -> Hit | Reply:
    """The single best hit for the query, or a problem reply (ambiguous, not found, out of range)."""
    what = _WHAT[kind]
    plan_note = f"（{ctx.kb.edition(plan).name}）" if kind != "term" and plan != ctx.plan else ""
    hint = hint or f"番号（{valid_range(ctx, kind, plan)}）か名前で指定してください。例: {_EXAMPLE[kind]}"
    if len(query) > MAX_QUERY:
        return problem("invalid", reply_kind, f"入力が長すぎます（{MAX_QUERY}文字まで）。{hint}")
    result = ctx.kb.search_index.resolve(query, kind, plan)
    if result.status != "ok":
        # 「水素の目標は？」 typed as a query: the words that name the item, without the question
        subject = parse_question(query, ctx.kb.search_index.names_something).subject_text
        if subject and subject != query.strip():
            asked = ctx.kb.search_index.resolve(subject, kind, plan)
            if asked.status == "ok" or result.status in ("not_found", "empty"):
                result = asked
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


PLAN_WORD = "計画"  # the plan option's Japanese name, as command lines in replies write it


def ensure_plan(ctx: Context, plan: str | None, reply_kind: Kind = "indicator") -> tuple[str, Reply | None]:
    """Validate a plan option (id, name or alias); none given means the plan in force today."""
    if plan is None or not plan.strip():
        return ctx.plan, None
    found = ctx.kb.find_plan(half_width(plan))
    if found is None:
        known = "、".join(
            f"{PLAN_WORD}:{pid}（{ctx.kb.edition(pid).name}{'、現行' if pid == ctx.plan else ''}）"
            for pid in reversed(ctx.kb.plan_ids)
        )
        return plan.strip(), problem(
            "invalid",
            reply_kind,
            f"計画「{clean(plan).strip()[:20]}」はありません。{known} のどれかを指定してください（省略すると現行の計画）。",
        )
    if found in ctx.kb.drafts and not ctx.kb.draft_visible(found, ctx.today):
        start = ctx.kb.revision(found).start
        return found, problem(
            "invalid",
            reply_kind,
            f"計画{found}は下書きのまま計画期間（{start.label()}〜）が始まったため、答えられません。"
            "データを確認して公開するよう、管理者に依頼してください。",
        )
    return found, None


def plan_prefix(ctx: Context, plan: str) -> str:
    """``第1次改定版 `` before a title when the plan is not the one in force, else nothing."""
    return "" if plan == ctx.plan else f"{ctx.kb.edition(plan).name} "


def plan_option(ctx: Context, plan: str) -> str:
    """`` 計画:2021`` for a command line when the plan is not the one in force, else nothing."""
    return "" if plan == ctx.plan else f" {PLAN_WORD}:{plan}"
