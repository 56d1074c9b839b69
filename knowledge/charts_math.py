"""The numbers a chart draws, computed from the knowledge: points, the pace line and band, progress rows.

Drawing lives in ``commands/charts.py``; this module only decides *what* is drawn, so the numbers
can be tested without matplotlib and can never drift from the ★ method in ``knowledge.rating``.
The expected-pace line runs from the value the rating measures progress from (the baseline, or
zero for ``per_3_years`` targets and missing baselines) at the plan's start to the target at the
plan's end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from knowledge.kb import Knowledge, Latest
from knowledge.models import Indicator, TargetKind
from knowledge.periods import Period, PeriodKind
from knowledge.rating import PACE_ON_PLAN, Assessment, assess, elapsed_share, plan_bounds
from knowledge.store import Entry

PACE_ON_PLAN_SHARE = Decimal(str(PACE_ON_PLAN))  # the lower edge of the ★★★ band


class Point(NamedTuple):
    """An actual to plot: its as-of period, its value in the target unit and its printed text."""

    period: Period
    value: Decimal
    text: str


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


def _frame(kb: Knowledge, indicator: Indicator) -> Assessment:
    """The rating method's frame (start value, plan bounds) for this indicator."""
    target = indicator.target
    revision = kb.revision(indicator.plan)
    _, plan_end = plan_bounds(indicator, revision)
    # Ask assess() itself where progress is counted from, so the line cannot drift from the method.
    return assess(indicator, revision, target.value, target.unit, plan_end)


def pace_line(kb: Knowledge, indicator: Indicator) -> tuple[tuple[date, Decimal], tuple[date, Decimal]]:
    """The expected-pace line: (plan start, start value) to (plan end, target), as the ★ method counts."""
    frame = _frame(kb, indicator)
    assert frame.plan_start is not None and frame.plan_end is not None and frame.start_value is not None
    assert indicator.target.value is not None
    return (frame.plan_start.start, frame.start_value), (frame.plan_end.end, indicator.target.value)


@dataclass(frozen=True)
class Pace:
    """The pace line of an indicator and the ★★★ band under it (pace 0.8 to 1.0)."""

    start: date
    end: date
    start_value: Decimal
    target_value: Decimal
    band_low_end: Decimal  # where pace 0.8 ends at the plan's end
    from_zero: bool  # progress counts from zero (per_3_years, or no baseline), not the baseline


def pace(kb: Knowledge, indicator: Indicator) -> Pace:
    """The pace line and the ★★★ band of an indicator."""
    (start, start_value), (end, target_value) = pace_line(kb, indicator)
    low_end = start_value + (target_value - start_value) * PACE_ON_PLAN_SHARE
    from_zero = indicator.target.kind is TargetKind.PER_3_YEARS or indicator.baseline.value is None
    return Pace(start, end, start_value, target_value, low_end, from_zero)


def day_period(day: date) -> Period:
    """A calendar day as a Period (the elapsed share is counted to it)."""
    return Period(PeriodKind.DAY, day.year, day.month, day.day)


class ProgressRow(NamedTuple):
    """One indicator's bar in a project chart: its assessment and where it would be on plan today."""

    indicator: Indicator
    assessment: Assessment
    has_value: bool
    expected: float  # elapsed share of the plan today: where the progress would be on plan


def progress_rows(
    kb: Knowledge, project_no: int, latest_by_no: Mapping[int, Latest | None], today: date, plan: str
) -> list[ProgressRow]:
    """A project's indicators with their progress and today's expected share, in document order."""
    revision = kb.revision(plan)
    rows = []
    for ind in kb.project_indicators(project_no):
        latest = latest_by_no.get(ind.no)
        first, last = plan_bounds(ind, revision)
        rows.append(
            ProgressRow(
                ind,
                kb.assess_latest(ind, latest),
                latest is not None and latest.value is not None,
                elapsed_share(first, last, day_period(today)),
            )
        )
    return rows
