"""When an indicator's figures are published: the lag after a period ends, and what is due when.

Statistics arrive months after the period they count: a 年度 figure about six months after the
year ends, a 暦年 one about three.  The editorial defaults live in
``data/editorial/publication.yaml``; an indicator may set its own ``publication_lag_months``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from knowledge.models import Indicator, Record, Revision
from knowledge.periods import Period, PeriodKind


class PublicationLags(Record):
    """Editorial: months after a period ends before its figure is published, per kind of period."""

    fiscal_year_months: int = 6
    calendar_year_months: int = 3

    def months(self, indicator: Indicator) -> int:
        """The indicator's own lag when the data sets one, else its kind's default."""
        if indicator.publication_lag_months is not None:
            return indicator.publication_lag_months
        return self.calendar_year_months if indicator.calendar_basis else self.fiscal_year_months


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (01-31 + 1 month = 02-28/29)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def year_period(indicator: Indicator, year: int) -> Period:
    """The indicator's own year: 年度 or, for 暦年 indicators, the calendar year."""
    kind = PeriodKind.CALENDAR_YEAR if indicator.calendar_basis else PeriodKind.FISCAL_YEAR
    return Period(kind, year)


def published_on(period: Period, lag_months: int) -> date:
    """The day a period's figure is expected to be published."""
    return add_months(period.end, lag_months)


@dataclass(frozen=True)
class Expected:
    """The next figure an indicator awaits: its period and when it should be published."""

    period: Period
    published: date


def first_year(indicator: Indicator, revision: Revision) -> Period:
    """The indicator's first year within the plan (FY2024, or CY2024 for a 暦年 indicator)."""
    return year_period(indicator, revision.start.year)


def latest_publishable(
    indicator: Indicator, revision: Revision, lag_months: int, today: date
) -> Period | None:
    """The indicator's latest year whose figure should be out by ``today`` (None before the first)."""
    period = None
    year = revision.start.year
    while year <= revision.end.year:
        candidate = year_period(indicator, year)
        if published_on(candidate, lag_months) > today:
            break
        period = candidate
        year += 1
    return period


def next_expected(
    indicator: Indicator, revision: Revision, lag_months: int, latest: Period | None, cadence_months: int = 12
) -> Expected:
    """The figure after ``latest`` (or the plan's first), and when it should be published."""
    if latest is None:
        period = first_year(indicator, revision)
        return Expected(period, published_on(period, lag_months))
    if cadence_months == 12 and latest.kind in (PeriodKind.FISCAL_YEAR, PeriodKind.CALENDAR_YEAR):
        period = year_period(indicator, latest.year + 1)
        return Expected(period, published_on(period, lag_months))
    # a month or day as-of, or an indicator reported more often: ``cadence`` months later
    end = add_months(latest.end, cadence_months)
    day = Period(PeriodKind.DAY, end.year, end.month, end.day)
    return Expected(day, add_months(end, lag_months))
