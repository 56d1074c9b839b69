"""The digest: what changed since the last one and what is due, as one reply whose fields are its sections.

``build_digest(ctx, day, previous)`` says, for one day in Japan, compared with the ``previous``
digest's state: the actuals added, corrected or withdrawn (old → new), the ★ (試算) that moved,
the indicators that became overdue, the coming week's deadlines by owner, the at-risk indicators
with their latest value, gap and owner, and a tip.  When nothing changed it says so in one line
under the date.  It reads the store as it stood at the end of the day (nothing recorded later
shows), and before the plan begins it says only when it begins.

It reads the store but never writes it; the poster (bot/exts/digest) decides when to post, lays the
reply out in messages, and remembers ``Digest.state`` for the next comparison.  Nothing in the reply
is there for the bot's own bookkeeping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from commands import format as fmt
from commands.context import Context
from commands.digest._cadence import (
    CADENCES,
    DAILY,
    WEEKDAY_CODES,
    WEEKDAY_NAMES,
    Cadence,
    accepted_text,
    parse_cadence,
    stored_cadence,
)
from commands.digest._changes import ActualChanges, actual_changes, last_entry_id, moved_ratings
from commands.digest._due import (
    AT_RISK,
    WEEK,
    at_risk_line,
    due_by_owner,
    due_within_week,
    freshness_all,
    overdue,
    overdue_lines,
    short_day,
    week_of,
)
from commands.digest._state import DigestState, load_state, previous_state, save_state
from commands.digest._tips import tip_of_the_day, tip_pool
from commands.options import OptionSpec
from commands.overview import days_left_text
from commands.registry import OVERDUE_LIST, CommandSpec, command
from commands.replies import Kind, Reply, ReplyField, problem
from knowledge.kb import Latest
from knowledge.models import Indicator
from knowledge.report import end_of_day
from knowledge.store import Entry
from knowledge.values import parse_day

__all__ = [
    "CADENCES",
    "DAILY",
    "KIND",
    "PREVIEW",
    "WEEKDAY_CODES",
    "Cadence",
    "Digest",
    "DigestState",
    "accepted_text",
    "build_digest",
    "load_state",
    "parse_cadence",
    "preview",
    "previous_state",
    "save_state",
    "stored_cadence",
    "tip_of_the_day",
    "tip_pool",
]

KIND: Kind = "digest"  # already in commands/replies.py's Kind Literal
FOOTER = "★は試算です（公式の評価ではありません）"
TIP_FIELD = "今日の豆知識（新任の方へ）"


@dataclass(frozen=True)
class Digest:
    """A built digest: the reply to post (None when a quiet day is skipped), and what to remember."""

    reply: Reply | None
    quiet: bool
    state: DigestState


def title(day: date, cadence: Cadence = DAILY) -> str:
    """``日次ダイジェスト 2026年11月29日（日）`` (週次 for a weekly one): the one place the date is shown."""
    kind = "週次" if cadence.weekly else "日次"
    return f"{kind}ダイジェスト {day.year}年{day.month}月{day.day}日（{WEEKDAY_NAMES[day.weekday()]}）"


def _view(ctx: Context, day: date) -> tuple[Context, Mapping[int, Sequence[Entry]] | None]:
    """The context of the day, reading the store as it stood at the day's end; and every actual then.

    A day before the context's today is an earlier day (a preview): what was recorded after it is
    left out.  Today, or a day to come, reads the store as it is.
    """
    moment = end_of_day(day) if day < ctx.today else None
    ctx = dataclasses.replace(ctx.fresh(), today=day)
    if ctx.store is None:
        return ctx, None
    snapshot = ctx.store.snapshot(ctx.plan, history=True, moment=moment)
    # Every section reads this one view (one transaction, a bounded number of queries), so a
    # preview of an earlier day shows nothing recorded after it.
    return dataclasses.replace(ctx, _snapshots={ctx.plan: snapshot}), snapshot.history


def _known(ctx: Context, ind: Indicator, day: date) -> Latest | None:
    """The latest actual known on ``day``: the document's printed one only once its period is over."""
    latest = ctx.latest(ind)
    if (
        latest is not None
        and latest.source == "document"
        and latest.as_of is not None
        and latest.as_of.end > day
    ):
        return None
    return latest


def _not_started(
    ctx: Context, day: date, previous: DigestState | None, quiet_skip: bool, cadence: Cadence
) -> Digest:
    """Before the plan begins there is nothing to report but when it begins."""
    revision = ctx.kb.revision(ctx.plan)
    start = revision.start.start
    state = DigestState(
        day=day,
        last_entry_id=previous.last_entry_id if previous else 0,
        previous_day=previous.day if previous else None,
        plan=ctx.plan,
    )
    quiet = previous is not None
    if quiet and quiet_skip:
        return Digest(None, True, state)
    line = (
        f"「{revision.title}」の計画期間（{revision.start.label()}〜{revision.end.label()}）はまだ始まっていません。"
        f"{fmt.date_label(start)}に始まります（あと {(start - day).days}日）。それまで実績・評価・変化のお知らせはありません。"
    )
    record = {
        "date": day.isoformat(),
        "plan": ctx.plan,
        "cadence": cadence.value,
        "started": False,
        "quiet": quiet,
    }
    return Digest(
        Reply("ok", KIND, title(day, cadence), (line,), key=day.isoformat(), record=record), quiet, state
    )


def build_digest(
    ctx: Context,
    day: date,
    previous: DigestState | None,
    quiet_skip: bool = False,
    cadence: Cadence = DAILY,
) -> Digest:
    """The digest for ``day`` (Asia/Tokyo), compared with the ``previous`` digest's state."""
    ctx, history = _view(ctx, day)
    if day < ctx.kb.revision(ctx.plan).start.start:
        return _not_started(ctx, day, previous, quiet_skip, cadence)
    indicators = ctx.kb.indicators(ctx.plan)
    latest = {i.no: _known(ctx, i, day) for i in indicators}
    assessments = {i.no: ctx.assess(i, latest[i.no]) for i in indicators}
    stars = {no: a.stars or 0 for no, a in assessments.items()}
    fresh = freshness_all(ctx, indicators)
    overdue_now, due_now = overdue(fresh), due_within_week(fresh, day)

    # Another plan's stars, periods and deadlines do not compare with this one's.
    new_plan = previous is not None and previous.plan not in (None, ctx.plan)
    base = previous if previous is not None and not new_plan else None
    changes = (
        actual_changes(indicators, history, base.last_entry_id)
        if base and history is not None
        else ActualChanges()
    )
    moved = moved_ratings(indicators, base.ratings, stars) if base else ()
    newly_overdue = overdue_now - base.overdue if base and base.overdue is not None else frozenset()
    newly_due = due_now - base.due if base and base.due is not None else frozenset()
    state = DigestState(
        day=day,
        ratings=stars,
        last_entry_id=max(last_entry_id(history or {}), previous.last_entry_id if previous else 0),
        previous_day=previous.day if previous else None,
        plan=ctx.plan,
        overdue=overdue_now,
        due=due_now,
    )
    quiet = base is not None and not (changes.lines or moved or newly_overdue or newly_due)
    if quiet and quiet_skip:
        return Digest(None, True, state)
    record: dict[str, Any] = {
        "date": day.isoformat(),
        "plan": ctx.plan,
        "cadence": cadence.value,
        "started": True,
        "quiet": quiet,
        "changes": None
        if base is None
        else {
            "new": len(changes.new),
            "corrected": len(changes.corrected),
            "withdrawn": len(changes.withdrawn),
            "moved": len(moved),
            "overdue": sorted(newly_overdue),
            "due": sorted(newly_due),
        },
        "overdue": sorted(overdue_now),
        "due": sorted(due_now),
        "at_risk": sorted(no for no, n in stars.items() if n in AT_RISK),
    }
    missed = cadence.missed(previous.day, day) if previous is not None else 0
    if quiet:
        assert previous is not None
        since = f"前回の配信（{short_day(previous.day)}）" if missed else "前回の配信"
        reply = Reply(
            "ok",
            KIND,
            title(day, cadence),
            (f"{since}から変化はありません。",),
            key=day.isoformat(),
            record=record,
        )
        return Digest(reply, True, state)

    left_text, _left = days_left_text(ctx)
    lines = [left_text]
    if new_plan:
        revision = ctx.kb.revision(ctx.plan)
        lines.append(
            f"この配信から{revision.revision}（{revision.start.label()}〜{revision.end.label()}）の指標をお知らせします。"
        )
    if previous is not None and missed:
        lines.append(f"前回の配信（{short_day(previous.day)}）以降、{missed}回分の配信がありませんでした。")
    if previous is None:
        lines.append(
            "前回の配信の記録がないため、変化は比べていません（次回から前回以降の変化をお知らせします）。"
        )

    fields: list[ReplyField] = []
    if base is not None:
        since = f"前回（{short_day(base.day)}）から"
        if changes.lines:
            fields.append(ReplyField(f"{since}の実績の変化", "\n".join(changes.lines)))
        if moved:
            fields.append(ReplyField(f"{since}★が動いた指標（試算）", "\n".join(moved)))
    if newly_overdue:
        chosen = [i for i in indicators if i.no in newly_overdue]
        total = f"更新期限切れは全部で {len(overdue_now)}件です。一覧: {OVERDUE_LIST}"
        fields.append(
            ReplyField("新たに更新期限切れ", "\n".join([*overdue_lines(ctx, chosen, fresh), total]))
        )
    elif overdue_now and (base is None or base.overdue is None):
        fields.append(ReplyField("更新期限切れ", f"{len(overdue_now)}件。一覧: {OVERDUE_LIST}"))
    if due_now:
        first, last = week_of(day)
        chosen = [i for i in indicators if i.no in due_now]
        name = f"今後{WEEK}日間の更新期限（{short_day(first)}〜{short_day(last)}）"
        fields.append(ReplyField(name, "\n".join(due_by_owner(ctx, chosen, fresh))))
    weak = sorted((i for i in indicators if stars[i.no] in AT_RISK), key=lambda i: (stars[i.no], i.no))
    if weak:
        fields.append(
            ReplyField(
                f"要注意の指標（★★・★、試算）{len(weak)}件",
                "\n".join(at_risk_line(ctx, i, latest[i.no], assessments[i.no]) for i in weak),
            )
        )
    tip = tip_of_the_day(ctx, day)
    if tip is not None:
        fields.append(ReplyField(TIP_FIELD, f"{tip[0]}\n→ {tip[1]}"))
        record["tip"] = tip[1]
    reply = Reply(
        status="ok",
        kind=KIND,
        title=title(day, cadence),
        lines=tuple(lines),
        fields=tuple(fields),
        footer=FOOTER,
        key=day.isoformat(),
        record=record,
    )
    return Digest(reply, False, state)


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
def preview(
    ctx: Context, date: str | None = None, *, channel_id: int | None = None, cadence: Cadence = DAILY
) -> Reply:
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
    digest = build_digest(ctx, day, previous_state(ctx.store, channel_id, day), cadence=cadence)
    assert digest.reply is not None  # a preview never skips a quiet day
    return dataclasses.replace(digest.reply, lines=(PREVIEW_NOTE, *digest.reply.lines))
