"""What the progress charts show, as numbers and dates: actuals, the pace line, axes and progress bars.

Nothing here draws; ``commands/charts.py`` renders these descriptions with matplotlib, so the
figures can be checked without it.  Every value is the document's or an editor's; the only
arithmetic is the rating method's own (``knowledge.rating``) and the axes' padding.

The expected-pace line follows the rating method: it runs from the value progress is measured
from (the baseline, or zero for ``per_3_years`` targets and missing baselines) at the plan's
start to the target at the plan's end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from knowledge.kb import Knowledge, Latest
from knowledge.models import Indicator, Project, TargetKind
from knowledge.periods import Period, PeriodKind
from knowledge.rating import PACE_ON_PLAN, Assessment, NoRating, assess, elapsed_share, plan_bounds

if TYPE_CHECKING:
    # Only for annotations: the maths needs no database driver.
    from knowledge.store import Entry

BAR_CAP = 1.2  # progress bars stop at 120 %; the real percentage is written beside them
MAX_POINT_LABELS = 6  # beyond this many actuals only some are labelled, so texts do not pile up
PACE_ON_PLAN_SHARE = Decimal(str(PACE_ON_PLAN))  # the lower edge of the ★★★ band


# -- points ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """An actual to plot: its as-of period, its value in the target unit and its printed text."""

    period: Period
    value: Decimal
    text: str

    @property
    def day(self) -> date:
        """Where the actual sits on the time axis: the last day of its as-of period."""
        return self.period.end


def points_from_entries(entries: Iterable[Entry], unit: str | None = None) -> list[Point]:
    """Recorded actuals as points: withdrawn ones (and, given a unit, other units) dropped, by as-of end."""
    kept = [e for e in entries if not e.withdrawn and (unit is None or e.unit == unit)]
    kept.sort(key=lambda e: (e.period.end, e.id))
    # Of entries ending on the same day the one recorded last wins, as in Store.latest: a correction
    # is a new row beside the value it corrects, and both must not be drawn.
    by_end: dict[date, Entry] = {}
    for entry in kept:
        by_end[entry.period.end] = entry
    return [Point(e.period, e.value, e.value_text) for e in by_end.values()]


def points_from_latest(latest: Latest | None, unit: str | None = None) -> list[Point]:
    """A single actual (e.g. the document's, ``kb.document_latest``) as points; none when it has no value."""
    if latest is None or latest.value is None or latest.as_of is None:
        return []
    if unit is not None and latest.unit != unit:
        return []
    return [Point(latest.as_of, latest.value, latest.text)]


def labelled_points(count: int) -> tuple[int, ...]:
    """Which of ``count`` actuals get a text label: all when few; otherwise spread out, always the last."""
    if count <= MAX_POINT_LABELS:
        return tuple(range(count))
    step = math.ceil(count / MAX_POINT_LABELS)
    last = count - 1
    return (*(i for i in range(0, last, step) if last - i >= step), last)


# -- the rating method, in dates ------------------------------------------------------------------


@dataclass(frozen=True)
class PaceLine:
    """The expected pace: from the start value on the plan's first day to the target on its last."""

    start: date
    start_value: Decimal
    end: date
    target: Decimal
    from_zero: bool  # progress counts from 0 (per_3_years, or no baseline) rather than the baseline

    @property
    def on_plan_floor(self) -> Decimal:
        """The ★★★ band's lower edge at the plan's end: pace 0.8 of the way from start to target."""
        return self.start_value + (self.target - self.start_value) * PACE_ON_PLAN_SHARE


def pace_line(kb: Knowledge, indicator: Indicator) -> PaceLine:
    """The expected-pace line of an indicator, as the ★ method counts."""
    target = indicator.target
    revision = kb.revision(indicator.plan)
    _, plan_end = plan_bounds(indicator, revision)
    # Ask assess() itself where progress is counted from, so the line cannot drift from the method.
    frame = assess(indicator, revision, target.value, target.unit, plan_end)
    assert frame.plan_start is not None and frame.plan_end is not None and frame.start_value is not None
    assert target.value is not None
    return PaceLine(
        start=frame.plan_start.start,
        start_value=frame.start_value,
        end=frame.plan_end.end,
        target=target.value,
        from_zero=target.kind is TargetKind.PER_3_YEARS or indicator.baseline.value is None,
    )


def day_period(today: date) -> Period:
    """A date as a one-day period, to ask the rating method how much of a plan has passed by then."""
    return Period(PeriodKind.DAY, today.year, today.month, today.day)


# -- axes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearTick:
    """A (fiscal) year on the time axis: a gridline on its first day, its name at its middle."""

    year: int
    start: date
    middle: date


@dataclass(frozen=True)
class DateAxis:
    """The time axis: its padded ends and the years it is divided into."""

    left: date
    right: date
    calendar: bool  # 暦年 (January–December) rather than 年度 (April–March)
    years: tuple[YearTick, ...]


def date_axis(calendar: bool, left: date, right: date) -> DateAxis:
    """A time axis from ``left`` to ``right``, padded by a 25th of the span (at least 30 days) each side."""
    pad = timedelta(days=max(30, (right - left).days // 25))
    left, right = left - pad, right + pad
    first_month, mid_month = (1, 7) if calendar else (4, 10)
    # The mid-year day falls in the (fiscal) year it names, so its calendar year is the name.
    years = tuple(
        YearTick(y, date(y, first_month, 1), date(y, mid_month, 1))
        for y in range(left.year - 1, right.year + 1)
    )
    return DateAxis(left, right, calendar, years)


@dataclass(frozen=True)
class ValueAxis:
    """The value axis: its range, whether ticks may only fall on whole numbers, and its unit."""

    bottom: float
    top: float
    whole: bool
    unit: str


def value_axis(unit: str, values: Sequence[Decimal]) -> ValueAxis:
    """A value axis holding every value, with room above for labels and a little below for markers."""
    whole = all(v == v.to_integral_value() for v in values)
    low, high = min(values), max(values)
    span = float(high - low) or max(abs(float(high)), 1.0)
    bottom, top = float(low) - span * 0.12, float(high) + span * 0.2
    if low >= 0:
        # Counts and amounts are never negative: keep only a sliver below zero for the markers.
        bottom = max(bottom, -span * 0.04)
    if unit == "%" and high <= 100:
        top = min(top, 100 + span * 0.1)  # no room above 100 % beyond what the labels need
    return ValueAxis(bottom, top, whole, unit)


class TodayPlace(StrEnum):
    """Where today falls against the time axis shown."""

    BEFORE = "before"  # left of the axis: the plan has not begun
    INSIDE = "inside"
    NEAR_RIGHT = "near_right"  # inside, within the right 15 %: its label goes on the line's left
    AFTER = "after"  # right of the axis: the plan is over


@dataclass(frozen=True)
class TodayMark:
    """Today's date and where it falls on the time axis."""

    day: date
    place: TodayPlace


def today_mark(today: date, axis: DateAxis) -> TodayMark:
    """Where today is marked on a time axis."""
    if today < axis.left:
        return TodayMark(today, TodayPlace.BEFORE)
    if today > axis.right:
        return TodayMark(today, TodayPlace.AFTER)
    near_right = (axis.right - today).days < (axis.right - axis.left).days * 0.15
    return TodayMark(today, TodayPlace.NEAR_RIGHT if near_right else TodayPlace.INSIDE)


# -- the indicator chart --------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """A single value to mark on its day, with the text the document prints for it."""

    day: date
    value: Decimal
    text: str


@dataclass(frozen=True)
class IndicatorPlot:
    """Everything an indicator chart shows: baseline → actuals → target against the expected pace."""

    indicator: Indicator
    plan_start: Period
    plan_end: Period
    pace: PaceLine
    target: Marker
    baseline: Marker | None  # None without a baseline value, its period, or in another unit
    actuals: tuple[Point, ...]  # by as-of end
    labelled: tuple[int, ...]  # indices of the actuals whose text is written beside them
    lead_in: bool  # a faint path from the baseline to the first actual, where progress counts from it
    rating: Assessment | None  # of the latest actual; None without one
    rated_pace: Marker | None  # where the pace line stood on the rating's date: what it was judged against
    no_actual: str | None  # without actuals, why: the document's note or NoRating.NO_ACTUAL
    x: DateAxis
    y: ValueAxis
    today: TodayMark
    # actuals of the same indicator in the plans before (continued as `same`): one series, drawn apart
    earlier: tuple[Point, ...] = ()


def _rated_pace(pace: PaceLine, rating: Assessment | None) -> Marker | None:
    if rating is None or rating.stars is None or rating.elapsed is None or rating.as_of is None:
        return None
    expected = pace.start_value + (pace.target - pace.start_value) * Decimal(str(rating.elapsed))
    day = min(rating.as_of.end, pace.end)
    return Marker(day, expected, rating.as_of.label())


def indicator_plot(
    kb: Knowledge, indicator: Indicator, points: Iterable[Point], today: date, earlier: Iterable[Point] = ()
) -> IndicatorPlot:
    """What an indicator's chart shows, for the given actuals (and earlier plans' ones) and today's date."""
    target, baseline = indicator.target, indicator.baseline
    assert target.value is not None and target.unit is not None
    unit = target.unit
    revision = kb.revision(indicator.plan)
    plan_start, plan_end = plan_bounds(indicator, revision)
    pace = pace_line(kb, indicator)
    actuals = tuple(sorted(points, key=lambda p: p.day))
    latest = actuals[-1] if actuals else None
    rating = assess(indicator, revision, latest.value, unit, latest.period) if latest else None

    marked = None
    period = baseline.period_obj
    if baseline.value is not None and period is not None and baseline.unit == unit:
        marked = Marker(period.end, baseline.value, baseline.text)
    before = tuple(sorted((p for p in earlier if p.day < plan_start.start), key=lambda p: p.day))
    values = [
        pace.start_value,
        pace.target,
        *(p.value for p in actuals + before),
        *([marked.value] if marked else []),
    ]
    # From the plan's start (or the baseline or an earlier actual) to the target's day (or a later actual).
    left = min([plan_start.start, *([marked.day] if marked else []), *(p.day for p in actuals + before)])
    right = max([pace.end, *(p.day for p in actuals)])
    x = date_axis(indicator.calendar_basis, left, right)
    return IndicatorPlot(
        indicator=indicator,
        plan_start=plan_start,
        plan_end=plan_end,
        pace=pace,
        target=Marker(pace.end, pace.target, target.text),
        baseline=marked,
        actuals=actuals,
        labelled=labelled_points(len(actuals)),
        lead_in=bool(actuals) and marked is not None and not pace.from_zero and marked.day < actuals[0].day,
        rating=rating,
        rated_pace=_rated_pace(pace, rating),
        no_actual=None if actuals else no_actual_note(kb, indicator),
        x=x,
        y=value_axis(unit, values),
        today=today_mark(today, x),
        earlier=before,
    )


def no_actual_note(kb: Knowledge, indicator: Indicator) -> str:
    """Why there is nothing to draw: the document's own note (国統計未公表) where it gives one."""
    latest = kb.document_latest(indicator)
    if latest is not None and latest.note:
        return latest.note
    return NoRating.NO_ACTUAL.value


# -- the project chart ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressBar:
    """An indicator's progress toward its target beside the share of the plan elapsed today."""

    indicator: Indicator
    assessment: Assessment
    has_value: bool  # a latest actual with a value, even one that cannot be rated
    expected: float  # elapsed share of the plan today: where the progress would be on plan
    length: float | None  # the progress as drawn: from 0 up to BAR_CAP; None without a rating
    beyond_cap: bool  # the progress runs past BAR_CAP, so the bar is cut there

    @property
    def progress(self) -> float | None:
        """The rating method's progress toward the target (1.0 = reached)."""
        return self.assessment.progress


@dataclass(frozen=True)
class ProjectPlot:
    """Everything a project chart shows: one progress bar per indicator, in number order."""

    project: Project
    today: date
    bars: tuple[ProgressBar, ...]


def progress_bar(kb: Knowledge, indicator: Indicator, latest: Latest | None, today: date) -> ProgressBar:
    """An indicator's progress bar for its latest actual, with today's expected pace."""
    first, last = plan_bounds(indicator, kb.revision(indicator.plan))
    assessment = kb.assess_latest(indicator, latest)
    progress = assessment.progress
    return ProgressBar(
        indicator=indicator,
        assessment=assessment,
        has_value=latest is not None and latest.value is not None,
        expected=elapsed_share(first, last, day_period(today)),
        length=None if progress is None else min(max(progress, 0.0), BAR_CAP),
        beyond_cap=progress is not None and progress > BAR_CAP,
    )


def project_plot(
    kb: Knowledge,
    project_no: int,
    latest_by_no: Mapping[int, Latest | None],
    today: date,
    plan: str | None = None,
) -> ProjectPlot:
    """What a project's chart shows, given each indicator's latest actual; ValueError for no such project.

    The project is the given plan's, else that of the plan in force on ``today``.
    """
    edition = kb.edition(plan or kb.current_plan(today))
    project = edition.project(project_no)
    if project is None:
        raise ValueError(f"no project {project_no}")
    bars = tuple(
        progress_bar(kb, ind, latest_by_no.get(ind.no), today)
        for ind in edition.project_indicators(project_no)
    )
    return ProjectPlot(project, today, bars)
