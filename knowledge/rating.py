"""The ★ rating, computed (試算) on the prefecture's own scale.

The document publishes ratings (公式) but not how it derives them.  This module's method
reproduces all 23 published ratings of the 1st revision from their own values and dates,
and its "17 of 24 at ★★★ or better"; ratings it computes are labelled 試算.

Method
------
*Progress* toward the target is measured from the baseline for ``cumulative``, ``level`` and
``lower_bound`` targets, and from zero for ``per_3_years`` targets and where there is no
baseline::

    progress = (actual - start) / (target - start)

*Elapsed share* is the number of days from the plan's start to the end of the actual's as-of
period, divided by the days in the plan period (both ends counted).  A plan in 年度 starts on
04-01 of its first fiscal year and ends on 03-31 after its last; an indicator counted in 暦年
runs from 01-01 of the first year to 12-31 of the last.  A month ends on its last day, a 年度
on 03-31 of the next year, a 暦年 on 12-31.

*Pace* = progress ÷ elapsed share.

==========  ================================================================
rating      condition
==========  ================================================================
★★★★        target reached: progress ≥ 100 %; for a lower bound, actual > target
            (超) or actual ≥ target (以上)
★★★         otherwise, pace ≥ 0.8
★★          otherwise, pace ≥ 0.5
★           otherwise
==========  ================================================================

Once the plan's period has ended, the rating is the *final evaluation* (最終評価（試算））: the
elapsed share is 1, so the latest actual is judged against the whole target.

There is no rating without an actual, when the as-of period ends before the plan starts, or
when the actual's unit differs from the target's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from knowledge.models import Indicator, Revision, TargetKind
from knowledge.periods import Period, PeriodKind, days_inclusive

PACE_ON_PLAN = 0.8  # ★★★ at or above this pace
PACE_BELOW_PLAN = 0.5  # ★★ at or above this pace; ★ below

STAR_MEANINGS = {
    4: "目標を上回る",
    3: "概ね計画どおり",
    2: "計画を下回る",
    1: "計画を大幅に下回る",
}


class NoRating(StrEnum):
    """Why an indicator has no computed rating."""

    NO_ACTUAL = "実績値がまだありません"
    UNPUBLISHED = "国統計未公表"
    BEFORE_PLAN = "実績の時点が計画期間より前です"
    UNIT_MISMATCH = "実績値の単位が目標値と異なります"
    NO_TARGET = "目標値がまだ設定されていません"


def stars_text(stars: int | None) -> str:
    """``★★★`` for 3; an empty string for no rating."""
    return "★" * stars if stars else ""


@dataclass(frozen=True)
class Assessment:
    """A computed (試算) rating and the figures behind it."""

    stars: int | None
    progress: float | None = None
    elapsed: float | None = None
    pace: float | None = None
    reached: bool = False
    start_value: Decimal | None = None
    plan_start: Period | None = None
    plan_end: Period | None = None
    no_rating: NoRating | None = None
    as_of: Period | None = None  # the date the rating was taken at: the actual's period
    final: bool = False  # the plan's period has ended: the 最終評価, with an elapsed share of 1

    @property
    def label(self) -> str:
        """``最終評価（試算）`` once the plan has ended, else ``評価（試算）``."""
        return "最終評価（試算）" if self.final else "評価（試算）"

    @property
    def mark(self) -> str:
        """What goes in brackets after the stars: ``試算``, or ``最終評価・試算`` once the plan has ended."""
        return "最終評価・試算" if self.final else "試算"

    def at(self) -> str:
        """``2025年度（令和7年度）時点の評価（試算）``: a rating is a rating at a date."""
        if self.final:
            return (
                f"{self.label}（{self.as_of.label()}の実績による）" if self.as_of is not None else self.label
            )
        return f"{self.as_of.label()}時点の{self.label}" if self.as_of is not None else self.label

    def why(self) -> str:
        """The reasoning in Japanese: progress, elapsed share, pace and the threshold applied."""
        if self.stars is None:
            assert self.no_rating is not None
            return f"評価なし（{self.no_rating.value}）"
        parts = [f"進捗 {self.progress:.1%}", f"経過 {self.elapsed:.1%}"]
        if self.pace is not None:
            parts.append(f"ペース {_deciding(self.pace)}")
        figures = "、".join(parts)
        if self.reached:
            rule = "目標に到達"
        elif self.stars == 3:
            rule = f"ペース {PACE_ON_PLAN} 以上"
        elif self.stars == 2:
            rule = f"ペース {PACE_BELOW_PLAN} 以上 {PACE_ON_PLAN} 未満"
        else:
            rule = f"ペース {PACE_BELOW_PLAN} 未満"
        return f"{self.at()}: {figures} → {rule}のため{stars_text(self.stars)}（{STAR_MEANINGS[self.stars]}）"


def _deciding(pace: float) -> str:
    """The pace to the precision that decided its rating: 0.495 is not shown as 0.50 (below 0.5)."""
    for places in (2, 3, 4, 6):
        shown = round(pace, places)
        if all((shown >= t) == (pace >= t) for t in (PACE_ON_PLAN, PACE_BELOW_PLAN)):
            return f"{pace:.{places}f}"
    return f"{pace:.6f}"


def has_ended(revision: Revision, today: date) -> bool:
    """Whether the plan's period (its last 年度) is over on ``today``."""
    return today > revision.end.end


def plan_bounds(indicator: Indicator, revision: Revision) -> tuple[Period, Period]:
    """The plan period as it applies to this indicator: 年度 or, for 暦年 indicators, calendar years."""
    first, last = revision.start, revision.end
    if indicator.calendar_basis:
        return Period(PeriodKind.CALENDAR_YEAR, first.year), Period(PeriodKind.CALENDAR_YEAR, last.year)
    return first, last


def elapsed_share(plan_start: Period, plan_end: Period, as_of: Period) -> float:
    """Days from the plan's start to the end of the as-of period, over the plan's days (capped at 1)."""
    total = days_inclusive(plan_start.start, plan_end.end)
    done = days_inclusive(plan_start.start, min(as_of.end, plan_end.end))
    return max(done, 0) / total


def assess(
    indicator: Indicator,
    revision: Revision,
    value: Decimal | None,
    unit: str | None,
    as_of: Period | None,
    final: bool = False,
) -> Assessment:
    """Compute the 試算 rating of an actual against the indicator's target (``final``: the plan has ended)."""
    if value is None or as_of is None:
        return Assessment(None, no_rating=NoRating.NO_ACTUAL, final=final)
    target = indicator.target
    if target.value is None:  # a draft's target, not yet given
        return Assessment(None, no_rating=NoRating.NO_TARGET, final=final)
    if unit != target.unit:
        return Assessment(None, no_rating=NoRating.UNIT_MISMATCH, final=final)
    plan_start, plan_end = plan_bounds(indicator, revision)
    if as_of.end < plan_start.start:
        return Assessment(None, no_rating=NoRating.BEFORE_PLAN, final=final)

    from_zero = target.kind is TargetKind.PER_3_YEARS or indicator.baseline.value is None
    start = Decimal(0) if from_zero else indicator.baseline.value
    assert start is not None
    span = target.value - start
    progress = float((value - start) / span) if span else (1.0 if value >= target.value else 0.0)

    if target.kind is TargetKind.LOWER_BOUND:
        reached = value >= target.value if target.inclusive else value > target.value
    else:
        reached = progress >= 1.0

    elapsed = 1.0 if final else elapsed_share(plan_start, plan_end, as_of)
    pace = progress / elapsed if elapsed > 0 else None
    if reached:
        stars = 4
    elif pace is not None and pace >= PACE_ON_PLAN:
        stars = 3
    elif pace is not None and pace >= PACE_BELOW_PLAN:
        stars = 2
    else:
        stars = 1
    return Assessment(
        stars=stars,
        progress=progress,
        elapsed=elapsed,
        pace=pace,
        reached=reached,
        start_value=start,
        plan_start=plan_start,
        plan_end=plan_end,
        as_of=as_of,
        final=final,
    )
