"""When an indicator's latest actual is overdue: KPI owners forget, so the bot says so.

The next figure an indicator awaits is the year after its latest actual (or the plan's first year),
published some months after that year ends (``knowledge.publication``).  It is overdue once that
publication day and a grace period have passed; before its first figure is due an indicator is
未登録, not overdue.  An indicator whose owner set a cadence awaits a figure that many months on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from knowledge.kb import Latest
from knowledge.models import Indicator, Revision
from knowledge.periods import Period, day_text
from knowledge.publication import add_months, next_expected

DEFAULT_CADENCE_MONTHS = 12
DEFAULT_GRACE_DAYS = 30

__all__ = ["DEFAULT_CADENCE_MONTHS", "DEFAULT_GRACE_DAYS", "Freshness", "add_months", "freshness"]


@dataclass(frozen=True)
class Freshness:
    """Whether an indicator is overdue: the figure it awaits, when that is out, and by how many days."""

    stale: bool
    expected: Period  # the next figure awaited
    published: date  # when that figure should be published
    due: date  # publication plus the grace period: overdue after this
    overdue_days: int
    has_actual: bool

    def label(self) -> str:
        """A short Japanese label, e.g. ``更新期限切れ（45日超過）`` or ``未登録``."""
        if self.stale:
            return f"更新期限切れ（{self.overdue_days}日超過）"
        if not self.has_actual:
            return "未登録"
        return f"更新期限 {day_text(self.due)}"

    def explain(self) -> str:
        """What is awaited and when, in Japanese."""
        what = f"{self.expected.label()}の値は{day_text(self.published)}ごろ公表の見込み"
        if self.stale:
            return f"{what}です（期限 {day_text(self.due)}）。"
        return f"次は{what}です。"


def freshness(
    indicator: Indicator,
    revision: Revision,
    latest: Latest | None,
    today: date,
    lag_months: int,
    grace_days: int = DEFAULT_GRACE_DAYS,
    cadence_months: int = DEFAULT_CADENCE_MONTHS,
) -> Freshness:
    """How current an indicator's latest actual is on ``today``."""
    as_of = latest.as_of if latest is not None else None
    expected = next_expected(indicator, revision, lag_months, as_of, cadence_months)
    due = date.fromordinal(expected.published.toordinal() + grace_days)
    overdue = (today - due).days
    return Freshness(
        overdue > 0, expected.period, expected.published, due, max(overdue, 0), as_of is not None
    )
