from datetime import date
from decimal import Decimal

import pytest

from knowledge.charts_math import Pace, Point, pace, points_from_entries, points_from_latest, progress_rows
from knowledge.kb import Latest
from knowledge.periods import parse_period
from knowledge.store import Entry


@pytest.mark.parametrize(
    ("no", "expected"),
    [
        # per_3_years: progress counts from zero over FY2024–FY2026, whatever the baseline
        (1, Pace(date(2024, 4, 1), date(2027, 3, 31), Decimal(0), Decimal(45), Decimal("36.0"), True)),
        # a 暦年 indicator runs from January to December, from its baseline
        (
            23,
            Pace(date(2024, 1, 1), date(2026, 12, 31), Decimal("4.9"), Decimal(20), Decimal("16.98"), False),
        ),
        # a level target in 年度, from the baseline to the target
        (
            15,
            Pace(date(2024, 4, 1), date(2027, 3, 31), Decimal("94.1"), Decimal(97), Decimal("96.42"), False),
        ),
    ],
)
def test_pace_runs_from_where_the_rating_counts_to_the_target(kb, no, expected):
    assert pace(kb, kb.indicator(no)) == expected


def _entry(id_, as_of, value, text, withdrawn=False, unit="%"):
    return Entry(
        id=id_,
        plan="2024",
        indicator=15,
        value=Decimal(value),
        unit=unit,
        value_text=text,
        as_of=as_of,
        recorded_by_id="1",
        recorded_by_name="alice",
        recorded_at="2026-01-01T00:00:00+00:00",
        note=None,
        source=None,
        supersedes=None,
        withdrawal_id=1 if withdrawn else None,
    )


def test_points_keep_the_last_correction_drop_withdrawn_and_other_units():
    entries = [
        _entry(3, "FY2025", "96.0", "96.0%"),
        _entry(1, "FY2024", "94.0", "94.0%"),
        _entry(2, "FY2024", "94.5", "94.5%"),  # a correction of FY2024, recorded later
        _entry(4, "FY2026", "99.0", "99.0%", withdrawn=True),
        _entry(5, "FY2026", "3", "3件", unit="件"),
    ]
    assert points_from_entries(entries, "%") == [
        Point(parse_period("FY2024"), Decimal("94.5"), "94.5%"),
        Point(parse_period("FY2025"), Decimal("96.0"), "96.0%"),
    ]


def test_a_document_value_is_one_point_and_a_missing_one_none():
    latest = Latest(Decimal(20), "回", parse_period("2023-12"), "20回", "document")
    assert points_from_latest(latest, "回") == [Point(parse_period("2023-12"), Decimal(20), "20回")]
    assert points_from_latest(latest, "件") == []
    assert points_from_latest(Latest(None, None, None, "国統計未公表", "document")) == []


def test_progress_rows_follow_the_document_and_the_elapsed_share(kb):
    latest = {15: Latest(Decimal("95.4"), "%", parse_period("FY2025"), "95.4%", "entry")}
    rows = progress_rows(kb, 4, latest, date(2026, 11, 29), "2024")
    assert [(r.indicator.no, r.has_value) for r in rows] == [
        (15, True),
        (16, False),
        (17, False),
        (18, False),
    ]
    assert rows[0].assessment == kb.assess_latest(kb.indicator(15), latest[15])
    # through the end of today, over the plan's FY2024–FY2026
    expected = (date(2026, 11, 30) - date(2024, 4, 1)).days / (date(2027, 4, 1) - date(2024, 4, 1)).days
    assert rows[0].expected == pytest.approx(expected)
