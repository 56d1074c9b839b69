"""What is due and what is at risk: overdue actuals, the coming week's deadlines by owner, weak ★.

Deadlines are the staleness rule's (``knowledge.staleness``): the next figure an indicator awaits is
due once its expected publication day and the grace period have passed.  Owners come from the
store's owners table; indicators nobody owns are listed under 担当未設定.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from commands import format as fmt
from commands.context import Context
from commands.digest._cadence import WEEKDAY_NAMES
from knowledge.kb import Latest
from knowledge.models import Indicator, TargetKind
from knowledge.rating import Assessment
from knowledge.staleness import Freshness

WEEK = 7  # days in "the coming week", the digest's day included
UNOWNED = "担当未設定"
AT_RISK = (1, 2)  # ★ and ★★ (試算)


def short_day(day: date) -> str:
    """``12月3日（木）``."""
    return f"{day.month}月{day.day}日（{WEEKDAY_NAMES[day.weekday()]}）"


def week_of(day: date) -> tuple[date, date]:
    """The first and last day of the coming week that starts on ``day``."""
    return day, day + timedelta(WEEK - 1)


def freshness_all(ctx: Context, indicators: Sequence[Indicator]) -> dict[int, Freshness]:
    """How current each indicator's actual is on the context's day (those the document closed are left out)."""
    return {i.no: f for i in indicators if (f := ctx.freshness(i)) is not None}


def overdue(fresh: Mapping[int, Freshness]) -> frozenset[int]:
    """The indicators whose actual is overdue."""
    return frozenset(no for no, f in fresh.items() if f.stale)


def due_within_week(fresh: Mapping[int, Freshness], day: date) -> frozenset[int]:
    """The indicators whose next actual falls due in the coming week (not overdue yet)."""
    first, last = week_of(day)
    return frozenset(no for no, f in fresh.items() if not f.stale and first <= f.due <= last)


def _owner_name(ctx: Context, ind: Indicator) -> str | None:
    owner = ctx.owner(ind)
    return owner.owner_name if owner is not None else None


def _awaited(f: Freshness) -> str:
    return f"{f.expected.label()}の値"


def overdue_lines(ctx: Context, indicators: Sequence[Indicator], fresh: Mapping[int, Freshness]) -> list[str]:
    """``指標14 名前: 2025年度（令和7年度）の値（期限 11月28日（土））・担当: 山田``, longest overdue first."""
    chosen = sorted(indicators, key=lambda i: (-fresh[i.no].overdue_days, i.no))
    return [
        f"指標{i.no} {i.name}: {_awaited(fresh[i.no])}（期限 {short_day(fresh[i.no].due)}）"
        f"・{owner_text(ctx, i)}"
        for i in chosen
    ]


def due_by_owner(ctx: Context, indicators: Sequence[Indicator], fresh: Mapping[int, Freshness]) -> list[str]:
    """The coming week's deadlines under each owner's name (by name, 担当未設定 last), soonest first."""
    groups: dict[str | None, list[Indicator]] = {}
    for ind in indicators:
        groups.setdefault(_owner_name(ctx, ind), []).append(ind)
    lines: list[str] = []
    for name in sorted(groups, key=lambda n: (n is None, n or "")):
        lines.append(f"担当: {name}" if name else UNOWNED)
        for ind in sorted(groups[name], key=lambda i: (fresh[i.no].due, i.no)):
            f = fresh[ind.no]
            lines.append(f"・指標{ind.no} {ind.name}: {_awaited(f)}を {short_day(f.due)}までに")
    return lines


def owner_text(ctx: Context, ind: Indicator) -> str:
    """``担当: 山田``, or 担当未設定."""
    name = _owner_name(ctx, ind)
    return f"担当: {name}" if name else UNOWNED


def at_risk_line(ctx: Context, ind: Indicator, latest: Latest | None, assessment: Assessment) -> str:
    """``指標16 名前 ★☆☆☆: 最新 10件（2024年度（令和6年度））・目標まであと 25件（目標 35件、2026年度（令和8年度））・担当: 山田``."""
    detail = []
    if latest is not None:
        when = f"（{latest.as_of.label()}）" if latest.as_of is not None else ""
        detail.append(f"最新 {latest.text}{when}")
        target = ind.target
        if latest.value is not None and target.value is not None and target.unit is not None:
            gap = fmt.gap_to_target(ind, latest.value, latest.text, assessment)
            year = fmt.period_label(target.period)
            # a lower bound's gap names the target already
            aim = (
                year
                if target.kind is TargetKind.LOWER_BOUND
                else "、".join(filter(None, (f"目標 {target.text}", year)))
            )
            detail.append(f"{gap}（{aim}）" if aim else gap)
    detail.append(owner_text(ctx, ind))
    return f"指標{ind.no} {ind.name} {fmt.stars(assessment.stars)}: {'・'.join(detail)}"
