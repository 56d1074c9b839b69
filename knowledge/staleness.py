"""When an indicator's latest actual is overdue: KPI owners forget, so the bot says so.

An indicator is *stale* when its latest actual's as-of period ended more than ``cadence`` months
ago (default 12).  Without any actual, the clock starts at the plan's start (for 暦年 indicators,
January of the first plan year).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from knowledge.kb import Latest
from knowledge.models import Indicator, Revision
from knowledge.rating import plan_bounds

DEFAULT_CADENCE_MONTHS = 12


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (01-31 + 1 month = 02-28/29)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Freshness:
    """Whether an indicator is stale, since when it counts, and by how many days it is overdue."""

    stale: bool
    reference: date  # the as-of end of the latest actual, or the plan's start
    due: date  # when the next actual was expected
    overdue_days: int
    has_actual: bool

    def label(self) -> str:
        """A short Japanese label, e.g. ``更新期限切れ（45日超過）``."""
        if not self.stale:
            return f"更新期限 {self.due.isoformat()}"
        return f"更新期限切れ（{self.overdue_days}日超過）"


def freshness(
    indicator: Indicator,
    revision: Revision,
    latest: Latest | None,
    today: date,
    cadence_months: int = DEFAULT_CADENCE_MONTHS,
) -> Freshness:
    """How current an indicator's latest actual is on ``today``."""
    has_actual = latest is not None and latest.as_of is not None
    if has_actual:
        assert latest is not None and latest.as_of is not None
        reference = latest.as_of.end
    else:
        reference = plan_bounds(indicator, revision)[0].start
    due = add_months(reference, cadence_months)
    overdue = (today - due).days
    return Freshness(overdue > 0, reference, due, max(overdue, 0), has_actual)
