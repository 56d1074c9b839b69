"""The daily digest: a pure builder of the day's summary, one reply whose fields are its sections.

``build_digest(ctx, day, previous)`` says, for one day in Japan: the date (西暦 and 和暦), the days
left in the plan, the ★ distribution (試算), what changed since the previous digest (new actuals,
withdrawn ones, ratings that moved), the at-risk and the overdue indicators, one line per project
and a tip for new staff.  It reads the store but never writes it; the poster (bot/exts/digest)
decides when to post, lays the reply out in messages and remembers ``Digest.state`` for the next
day's comparison.  The footer begins with ``marker`` (``digest:2026-11-29``), by which a poster
that crashed after posting recognises its own messages in the channel's history.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from commands import format as fmt
from commands.context import Context
from commands.options import OptionSpec
from commands.overview import days_left_text, rating_counts
from commands.registry import OVERDUE_LIST, CommandSpec, command
from commands.replies import Kind, Reply, ReplyField, problem
from knowledge.store import Store
from knowledge.values import parse_day

KIND: Kind = "digest"  # already in commands/replies.py's Kind Literal

STALE_NAMED = 3  # the most overdue indicators named in the stale line
TIP_TEXT = 90  # characters of a description shown in the tip


def marker_for(day: date) -> str:
    """The marker that identifies a day's digest in a channel, e.g. ``digest:2026-11-29``."""
    return f"digest:{day.isoformat()}"


@dataclass(frozen=True)
class DigestState:
    """What a digest remembers for the next one: its day, each indicator's stars, the last entry id."""

    day: date
    ratings: Mapping[int, int] = field(default_factory=dict)  # indicator number -> stars (0 = none)
    last_entry_id: int = 0  # highest entries.id seen (actuals and withdrawals share the sequence)
    previous_day: date | None = None  # the digest this one was compared with
    plan: str | None = None  # the plan in force that day, whose indicators ``ratings`` numbers

    def to_json(self) -> dict[str, Any]:
        """The JSON form stored with the channel's digest of the day."""
        return {
            "day": self.day.isoformat(),
            "plan": self.plan,
            "ratings": {str(no): stars for no, stars in sorted(self.ratings.items())},
            "last_entry_id": self.last_entry_id,
            "previous_day": self.previous_day.isoformat() if self.previous_day else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> DigestState | None:
        """The state from its JSON form; None for anything malformed (then nothing is compared)."""
        try:
            previous = data.get("previous_day")
            return cls(
                day=date.fromisoformat(data["day"]),
                ratings={int(no): int(stars) for no, stars in data.get("ratings", {}).items()},
                last_entry_id=int(data.get("last_entry_id", 0)),
                previous_day=date.fromisoformat(previous) if previous else None,
                plan=str(data["plan"]) if data.get("plan") is not None else None,
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True)
class Digest:
    """A built digest: the reply to post (None when a quiet day is skipped), and what to remember."""

    reply: Reply | None
    quiet: bool
    state: DigestState
    marker: str


# -- persistence of the state (the scheduler and the previews share it) -----------------------------


def save_state(store: Store, channel_id: int | str, state: DigestState) -> None:
    """Remember a day's state for a channel (kept per day, so a retried day never loses its base)."""
    store.save_digest_state(channel_id, state.day, state.to_json())


def load_state(store: Store, channel_id: int | str, day: date) -> DigestState | None:
    """The state saved for a channel's digest of a day, or None."""
    return DigestState.from_json(store.digest_state(channel_id, day))


def previous_state(store: Store | None, channel_id: int | str | None, day: date) -> DigestState | None:
    """The state of the channel's last sent digest before ``day`` (what ``day`` compares with)."""
    if store is None or channel_id is None:
        return None
    run = store.last_sent_digest(channel_id)
    state = load_state(store, channel_id, date.fromisoformat(run.digest_date)) if run else None
    # A preview of an earlier day walks back along the chain of compared digests (all were sent).
    for _ in range(400):
        if state is None or state.day < day:
            return state
        state = load_state(store, channel_id, state.previous_day) if state.previous_day else None
    return None


# -- the sections ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Changes:
    new: tuple[str, ...]
    withdrawn: tuple[str, ...]
    moved: tuple[str, ...]
    last_entry_id: int

    @property
    def empty(self) -> bool:
        return not (self.new or self.withdrawn or self.moved)


def _changes(ctx: Context, stars: Mapping[int, int], previous: DigestState | None) -> _Changes | None:
    """New actuals, withdrawals and moved ratings since ``previous``; None without a store."""
    snapshot = ctx.snapshot(ctx.plan, history=True)
    if snapshot is None or snapshot.history is None:
        return None
    kb = ctx.kb
    since = previous.last_entry_id if previous else None
    new: list[tuple[int, str]] = []
    withdrawn: list[tuple[int, str]] = []
    last = previous.last_entry_id if previous else 0
    for ind in kb.indicators(ctx.plan):
        for entry in snapshot.history.get(ind.no, ()):
            last = max(last, entry.id, entry.withdrawal_id or 0)
            if since is None:
                continue
            label = f"指標{ind.no} {ind.name}: {entry.value_text}（{fmt.period_label(entry.as_of)}時点）"
            if entry.id > since and not entry.withdrawn:
                new.append((entry.id, f"{label} 登録: {entry.recorded_by_name}"))
            elif entry.id <= since and entry.withdrawn and (entry.withdrawal_id or 0) > since:
                withdrawn.append((entry.withdrawal_id or 0, f"{label}（{entry.withdrawn_by_name}）"))
    moved = []
    if previous is not None and previous.plan in (None, ctx.plan):  # stars of another plan don't compare
        for ind in kb.indicators(ctx.plan):
            before, after = previous.ratings.get(ind.no, 0), stars.get(ind.no, 0)
            if before != after:
                moved.append(f"指標{ind.no} {ind.name}: {fmt.stars(before)} → {fmt.stars(after)}")
    return _Changes(
        new=tuple(text for _id, text in sorted(new)),
        withdrawn=tuple(text for _id, text in sorted(withdrawn)),
        moved=tuple(moved),
        last_entry_id=last,
    )


def _distribution(counts: Counter[int]) -> str:
    parts = [f"{fmt.stars(n)} {counts.get(n, 0)}件" for n in (4, 3, 2, 1)]
    return " ・ ".join([*parts, f"評価なし {counts.get(0, 0)}件"])


def _tally(stars: list[int]) -> str:
    """``★★★☆×2 評価なし×5``: the stars of a group of indicators, best first."""
    counts = Counter(stars)
    parts = [f"{fmt.stars(n)}×{counts[n]}" for n in (4, 3, 2, 1) if counts[n]]
    if counts[0]:
        parts.append(f"評価なし×{counts[0]}")
    return " ".join(parts)


def _stale(ctx: Context) -> tuple[int, list[str]]:
    """How many indicators are overdue, and the most overdue few by name."""
    overdue = []
    for ind in ctx.kb.indicators(ctx.plan):
        fresh = ctx.freshness(ind)
        if fresh is not None and fresh.stale:
            overdue.append(
                (-fresh.overdue_days, ind.no, f"指標{ind.no} {ind.name}（{fresh.overdue_days}日超過）")
            )
    overdue.sort()
    return len(overdue), [text for _days, _no, text in overdue[:STALE_NAMED]]


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tip_pool(ctx: Context) -> list[tuple[str, str]]:
    """Every tip as (text, command), interleaving fields, projects, indicators and terms."""
    kb = ctx.kb
    edition = kb.edition(ctx.plan)
    fields = [
        (f"重点成長分野 {f.id}「{f.name}」: {_cut(f.description, TIP_TEXT)}", f"/field {f.id}")
        for f in edition.fields
    ]
    projects = []
    for p in edition.projects:
        first = p.actions[0] if p.actions else p.sections[0].title if p.sections else ""
        text = (
            f"プロジェクト {p.no}「{p.name}」: {_cut(first, TIP_TEXT)}"
            if first
            else f"プロジェクト {p.no}「{p.name}」"
        )
        projects.append((text, f"/project {p.no}"))
    indicators = [
        (
            f"指標{i.no}「{i.name}」: 目標は {i.target.text}（{fmt.period_label(i.target.period)}）",
            f"/indicator {i.no}",
        )
        for i in edition.indicators
    ]
    terms = [
        (f"用語「{t.term}」: {_cut(t.general or t.document or '', TIP_TEXT)}", f"/glossary {t.term}")
        for _, t in kb.glossary_for(edition.id)
    ]
    kinds = [fields, projects, indicators, terms]
    pool = []
    for i in range(max(len(k) for k in kinds)):
        pool += [k[i] for k in kinds if i < len(k)]
    return pool


def tip_of_the_day(ctx: Context, day: date) -> tuple[str, str]:
    """The day's tip and the command that opens it: the same all day, a different one the next."""
    pool = tip_pool(ctx)
    return pool[day.toordinal() % len(pool)]


def _project_lines(ctx: Context, stars: Mapping[int, int]) -> list[str]:
    lines = []
    edition = ctx.kb.edition(ctx.plan)
    for p in edition.projects:
        indicators = edition.project_indicators(p.no)
        tally = _tally([stars[i.no] for i in indicators]) or "指標なし"
        lines.append(f"{p.no} {p.name.removesuffix('プロジェクト')} {tally}")
    return lines


# -- the builder -----------------------------------------------------------------------------------


def build_digest(ctx: Context, day: date, previous: DigestState | None, quiet_skip: bool = False) -> Digest:
    """The digest for ``day`` (Asia/Tokyo), compared with the ``previous`` digest's state."""
    # Days left and staleness as of the digest's day.  The digest takes a view of its own, with every
    # actual in it, before anything else reads the store: the stars, the staleness and the changes
    # all come from one moment, in a bounded number of queries.
    ctx = dataclasses.replace(ctx.fresh(), today=day)
    ctx.snapshot(ctx.plan, history=True)
    kb = ctx.kb
    marker = marker_for(day)
    indicators = kb.indicators(ctx.plan)
    stars = {i.no: ctx.assess(i, ctx.latest(i)).stars or 0 for i in indicators}
    counts = rating_counts(ctx, ctx.plan)
    changes = _changes(ctx, stars, previous)
    state = DigestState(
        day=day,
        ratings=stars,
        last_entry_id=changes.last_entry_id if changes else previous.last_entry_id if previous else 0,
        previous_day=previous.day if previous else None,
        plan=ctx.plan,
    )
    new_plan = previous is not None and previous.plan not in (None, ctx.plan)
    quiet = previous is not None and changes is not None and changes.empty and not new_plan
    if quiet and quiet_skip:
        return Digest(None, True, state, marker)

    left_text, _left = days_left_text(ctx)
    lines = [fmt.date_label(day), left_text]
    if new_plan:
        revision = kb.revision(ctx.plan)
        lines.append(
            f"この配信から{revision.revision}（{revision.start.label()}〜{revision.end.label()}）の指標をお知らせします。"
        )
    if previous is not None and (missed := (day - previous.day).days - 1) > 0:
        lines.append(f"前回の配信（{previous.day.isoformat()}）以降、{missed}日分の配信がありませんでした。")
    stale_count, most_overdue = _stale(ctx)
    stale_text = f"{stale_count}件"
    if most_overdue:
        stale_text += f"（超過の長い順: {'、'.join(most_overdue)}）\n一覧: {OVERDUE_LIST}"
    tip, tip_command = tip_of_the_day(ctx, day)
    tip_field = ReplyField("今日の豆知識（新任の方へ）", f"{tip}\n→ {tip_command}")
    distribution = ReplyField(f"★の分布（{len(indicators)}指標・試算）", _distribution(counts))

    fields: list[ReplyField]
    if quiet:
        assert previous is not None
        lines.append(f"前回（{previous.day.isoformat()}）の配信以降、新しい実績や評価の変化はありません。")
        fields = [distribution, ReplyField("更新期限切れ", stale_text), tip_field]
    else:
        fields = [distribution]
        if changes is not None:
            fields.append(_changes_field(changes, previous))
        at_risk = [
            f"指標{i.no} {i.name} {fmt.stars(stars[i.no])}"
            for i in sorted(indicators, key=lambda i: (stars[i.no], i.no))
            if stars[i.no] in (1, 2)
        ]
        fields += [
            ReplyField("要注意の指標（★・★★）", "\n".join(at_risk) or "該当なし"),
            ReplyField("更新期限切れ", stale_text),
            ReplyField("プロジェクト別の評価", "\n".join(_project_lines(ctx, stars))),
            tip_field,
        ]

    record = {
        "date": day.isoformat(),
        "marker": marker,
        "quiet": quiet,
        "ratings": {str(n): counts.get(n, 0) for n in (4, 3, 2, 1, 0)},
        "stale": stale_count,
        "changes": None
        if changes is None or previous is None
        else {"new": len(changes.new), "withdrawn": len(changes.withdrawn), "moved": len(changes.moved)},
        "tip": tip_command,
    }
    reply = Reply(
        status="ok",
        kind=KIND,
        title=f"日次ダイジェスト {day.year}年{day.month}月{day.day}日",
        lines=tuple(lines),
        fields=tuple(fields),
        footer=f"{marker} ・ ★は試算 ・ データ版 {kb.version}",
        key=day.isoformat(),
        record=record,
    )
    return Digest(reply, quiet, state, marker)


def _changes_field(changes: _Changes, previous: DigestState | None) -> ReplyField:
    if previous is None:
        return ReplyField(
            "前回からの変化", "前回の配信の記録がないため比較していません（次回から変化をお知らせします）。"
        )
    lines = [f"新しい実績: {t}" for t in changes.new]
    lines += [f"取り消し: {t}" for t in changes.withdrawn]
    lines += [f"評価の変化: {t}" for t in changes.moved]
    return ReplyField(f"前回（{previous.day.isoformat()}）からの変化", "\n".join(lines) or "変化はありません")


PREVIEW = CommandSpec(
    "preview",
    "プレビュー",
    "指定した日のダイジェストを投稿せずに表示します",
    "Show the digest for a date without posting it",
    "/digest preview date:2027-04-01",
    KIND,
    options=(
        OptionSpec(
            "date",
            "日付",
            "日付（YYYY-MM-DD、省略すると今日）",
            "Date, YYYY-MM-DD (default: today)",
            min_length=1,
            max_length=20,
        ),
    ),
    private=True,
)
PREVIEW_NOTE = "プレビューです（チャンネルには投稿されません）。"


@command(PREVIEW)
def preview(ctx: Context, date: str | None = None, *, channel_id: int | None = None) -> Reply:
    """The digest of any day as the channel would get it, compared as it would be; nothing is stored."""
    day = ctx.today
    if date is not None:
        parsed = parse_day(date)
        if parsed is None:
            return problem(
                "invalid",
                KIND,
                f"日付「{date}」は読めません。date: には 2026-11-29 のように指定してください。",
            )
        day = parsed
    digest = build_digest(ctx, day, previous_state(ctx.store, channel_id, day))
    assert digest.reply is not None  # a preview never skips a quiet day
    return dataclasses.replace(digest.reply, lines=(PREVIEW_NOTE, *digest.reply.lines))
