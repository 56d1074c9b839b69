from datetime import date
from decimal import Decimal

import pytest

from knowledge.kb import Latest
from knowledge.periods import parse_period
from knowledge.staleness import add_months, freshness


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 4, 1), 12, date(2025, 4, 1)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
    ],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def _latest(as_of: str) -> Latest:
    return Latest(Decimal(1), "件", parse_period(as_of), "1件", "entry")


@pytest.mark.parametrize(
    ("no", "latest", "today", "stale", "due", "overdue"),
    [
        (12, None, date(2025, 4, 1), False, date(2025, 4, 1), 0),  # no actual: from the plan's start
        (12, None, date(2025, 4, 2), True, date(2025, 4, 1), 1),
        (28, None, date(2025, 1, 2), True, date(2025, 1, 1), 1),  # 暦年: the plan starts in January
        (12, "FY2024", date(2026, 3, 31), False, date(2026, 3, 31), 0),  # FY2024 ends 2025-03-31
        (12, "2025-09", date(2026, 11, 29), True, date(2026, 9, 30), 60),
    ],
)
def test_freshness(kb, no, latest, today, stale, due, overdue):
    ind = kb.indicator(no, "2024")
    result = freshness(ind, kb.revision("2024"), _latest(latest) if latest else None, today)
    assert (result.stale, result.due, result.overdue_days, result.has_actual) == (
        stale,
        due,
        overdue,
        bool(latest),
    )
    assert result.label() == (f"更新期限切れ（{overdue}日超過）" if stale else f"更新期限 {due.isoformat()}")


def test_cadence_is_configurable(kb):
    result = freshness(
        kb.indicator(12, "2024"), kb.revision("2024"), _latest("2025-09"), date(2026, 11, 29), 18
    )
    assert (result.stale, result.due) == (False, date(2027, 3, 30))
