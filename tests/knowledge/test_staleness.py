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
    ("no", "latest", "today", "stale", "due", "overdue", "label"),
    [
        # no actual yet: FY2024's figure is out about 2025-09-30, overdue 30 days after
        (12, None, date(2025, 5, 1), False, date(2025, 10, 30), 0, "未登録"),
        (12, None, date(2025, 10, 30), False, date(2025, 10, 30), 0, "未登録"),
        (12, None, date(2025, 10, 31), True, date(2025, 10, 30), 1, "更新期限切れ（1日超過）"),
        # 暦年: CY2024's figure is out three months after December, not in April of the plan
        (28, None, date(2025, 5, 1), True, date(2025, 4, 30), 1, "更新期限切れ（1日超過）"),
        # FY2024 recorded: FY2025's figure is awaited, out about 2026-09-30
        (12, "FY2024", date(2026, 10, 30), False, date(2026, 10, 30), 0, "更新期限 2026年10月30日"),
        (12, "FY2024", date(2026, 11, 29), True, date(2026, 10, 30), 30, "更新期限切れ（30日超過）"),
        # a month as of: a year on, then the lag
        (12, "2025-09", date(2026, 11, 29), False, date(2027, 4, 29), 0, "更新期限 2027年4月29日"),
    ],
)
def test_freshness(kb, no, latest, today, stale, due, overdue, label):
    ind = kb.indicator(no, "2024")
    lag = kb.publication.months(ind)
    result = freshness(ind, kb.revision("2024"), _latest(latest) if latest else None, today, lag)
    assert (result.stale, result.due, result.overdue_days, result.has_actual) == (
        stale,
        due,
        overdue,
        bool(latest),
    )
    assert result.label() == label


def test_the_explanation_names_the_period_in_its_own_calendar(kb):
    ind = kb.indicator(23, "2024")
    result = freshness(ind, kb.revision("2024"), None, date(2025, 1, 10), kb.publication.months(ind))
    assert result.explain() == "次は2024年（令和6年）の値は2025年3月31日ごろ公表の見込みです。"


def test_cadence_is_configurable(kb):
    ind = kb.indicator(12, "2024")
    result = freshness(ind, kb.revision("2024"), _latest("2025-09"), date(2026, 11, 29), 6, 30, 18)
    assert (result.stale, result.due) == (False, date(2027, 10, 30))
