from datetime import date, timedelta
from decimal import Decimal

import pytest

from knowledge import load_knowledge
from knowledge.charts_math import (
    BAR_CAP,
    DateAxis,
    Marker,
    PaceLine,
    Point,
    TodayMark,
    TodayPlace,
    ValueAxis,
    YearTick,
    date_axis,
    indicator_plot,
    labelled_points,
    pace_line,
    points_from_entries,
    points_from_latest,
    project_plot,
    today_mark,
    value_axis,
)
from knowledge.kb import Latest
from knowledge.periods import Period, PeriodKind, parse_period
from knowledge.rating import NoRating, assess, plan_bounds
from knowledge.store import Entry, Store

TODAY = date(2026, 11, 29)
KB = load_knowledge()  # for parametrize ids; the tests themselves use the session fixture
EVERY_INDICATOR = [(plan, i.no) for plan in ("2024", "2021") for i in KB.indicators(plan)]


def entry(id_, value, as_of, unit="件", withdrawn=False, text=None) -> Entry:
    return Entry(
        id=id_,
        plan="2024",
        indicator=7,
        value=Decimal(value),
        unit=unit,
        value_text=text or f"{value}{unit}",
        as_of=as_of,
        recorded_by_id="u1",
        recorded_by_name="佐藤",
        recorded_at="2026-11-29T03:00:00+00:00",
        withdrawal_id=99 if withdrawn else None,
    )


def latest(value, as_of="2025-12", unit="件") -> Latest:
    return Latest(Decimal(value), unit, parse_period(as_of), f"{value}{unit}", "entry")


def share(start: date, today: date, end: date) -> float:
    """Days elapsed over days in the plan, both ends counted: the rating method's elapsed share."""
    return ((today - start).days + 1) / ((end - start).days + 1)


# -- the expected-pace line follows the rating method ---------------------------------------------


@pytest.mark.parametrize(
    ("plan", "no", "line"),
    [
        # cumulative: from the baseline, 年度
        ("2024", 7, PaceLine(date(2024, 4, 1), Decimal(15), date(2027, 3, 31), Decimal(24), False)),
        # per_3_years with a baseline of 18件: still counted from zero
        ("2024", 25, PaceLine(date(2024, 4, 1), Decimal(0), date(2027, 3, 31), Decimal(45), True)),
        # no baseline (—): from zero
        ("2024", 26, PaceLine(date(2024, 4, 1), Decimal(0), date(2027, 3, 31), Decimal(165), True)),
        # 暦年: from 01-01 of the first year to 12-31 of the last
        ("2024", 23, PaceLine(date(2024, 1, 1), Decimal("4.9"), date(2026, 12, 31), Decimal(20), False)),
        ("2024", 28, PaceLine(date(2024, 1, 1), Decimal(0), date(2026, 12, 31), Decimal(75), True)),
        # lower bound: from the baseline to the bound
        ("2024", 15, PaceLine(date(2024, 4, 1), Decimal("94.1"), date(2027, 3, 31), Decimal(97), False)),
        # the 1st revision runs FY2021–FY2023
        ("2021", 2, PaceLine(date(2021, 4, 1), Decimal("3.5"), date(2024, 3, 31), Decimal("5.4"), False)),
    ],
)
def test_pace_line(kb, plan, no, line):
    assert pace_line(kb, kb.indicator(no, plan)) == line


@pytest.mark.parametrize(("plan", "no"), EVERY_INDICATOR)
def test_pace_line_ends_are_the_documents_baseline_and_target_in_their_periods(kb, plan, no):
    ind = kb.indicator(no, plan)
    first, last = plan_bounds(ind, kb.revision(plan))
    line = pace_line(kb, ind)
    start_value = ind.baseline.value if not line.from_zero else Decimal(0)
    assert (line.start, line.start_value, line.end, line.target) == (
        first.start,
        start_value,
        ind.target.period_obj.end,  # the target is for the plan's last (fiscal) year
        ind.target.value,
    )
    assert line.end == last.end


@pytest.mark.parametrize(
    ("no", "floor"),
    [(7, Decimal("22.2")), (25, Decimal("36.0")), (15, Decimal("96.42")), (23, Decimal("16.98"))],
)
def test_the_on_plan_band_starts_at_pace_point_eight(kb, no, floor):
    assert pace_line(kb, kb.indicator(no, "2024")).on_plan_floor == floor


@pytest.mark.parametrize("plan", ["2024", "2021"])
def test_a_value_on_the_pace_line_rates_at_pace_one(kb, plan):
    revision = kb.revision(plan)
    for ind in kb.indicators(plan):
        line = pace_line(kb, ind)
        _, last = plan_bounds(ind, revision)
        as_of = Period(PeriodKind.MONTH, last.end.year - 1, 12)  # about two thirds in
        elapsed = Decimal((as_of.end - line.start).days) / Decimal((line.end - line.start).days)
        on_line = line.start_value + (line.target - line.start_value) * elapsed
        assessment = assess(ind, revision, on_line, ind.target.unit, as_of)
        assert assessment.pace == pytest.approx(1.0, abs=0.002), (plan, ind.no)
        assert assessment.stars == 3, (plan, ind.no)


# -- points ---------------------------------------------------------------------------------------


def test_points_from_entries_drop_withdrawn_and_sort_by_as_of_end():
    entries = [
        entry(3, 20, "FY2025"),  # ends 2026-03-31
        entry(1, 17, "FY2024"),
        entry(2, 18, "2025-06"),
        entry(4, 99, "2025-09", withdrawn=True),
        entry(5, 1, "2025-10", unit="社"),
    ]
    assert points_from_entries(entries, unit="件") == [
        Point(parse_period("FY2024"), Decimal(17), "17件"),
        Point(parse_period("2025-06"), Decimal(18), "18件"),
        Point(parse_period("FY2025"), Decimal(20), "20件"),
    ]
    assert len(points_from_entries(entries)) == 4  # without a unit, only withdrawn ones go


def test_points_from_entries_keep_the_correction_of_the_same_day():
    # A correction is a new row; the store treats the one recorded last as current.
    entries = [entry(8, 21, "2026-03", text="21件（訂正）"), entry(6, 19, "FY2025"), entry(5, 18, "FY2024")]
    assert points_from_entries(entries) == [
        Point(parse_period("FY2024"), Decimal(18), "18件"),
        Point(parse_period("2026-03"), Decimal(21), "21件（訂正）"),
    ]


def test_points_from_a_real_store_history():
    store = Store.open(None)
    try:
        store.record("2024", 7, Decimal(17), "件", "17件", "FY2024", "u1", "佐藤")
        store.record("2024", 7, Decimal(19), "件", "19件", "2025-09", "u1", "佐藤")
        store.record("2024", 7, Decimal(99), "件", "99件", "2025-12", "u1", "佐藤")
        store.undo("2024", 7, "u1", "佐藤")
        points = points_from_entries(store.history("2024", 7))
    finally:
        store.close()
    assert points == [
        Point(parse_period("FY2024"), Decimal(17), "17件"),
        Point(parse_period("2025-09"), Decimal(19), "19件"),
    ]


def test_points_from_latest(kb):
    assert points_from_latest(None) == []
    assert points_from_latest(kb.document_latest(kb.indicator(7, "2021"))) == []  # 国統計未公表
    assert points_from_latest(kb.document_latest(kb.indicator(2, "2021"))) == [
        Point(parse_period("FY2022"), Decimal("5.0"), "5.0km")
    ]
    assert points_from_latest(latest(1, "FY2024", unit="社"), unit="件") == []


@pytest.mark.parametrize(
    ("count", "labelled"),
    [
        (0, ()),
        (1, (0,)),
        (6, (0, 1, 2, 3, 4, 5)),
        (7, (0, 2, 4, 6)),
        (13, (0, 3, 6, 9, 12)),
        (30, (0, 5, 10, 15, 20, 29)),  # 25 would crowd the last
    ],
)
def test_labelled_points(count, labelled):
    assert labelled_points(count) == labelled


# -- axes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "values", "axis"),
    [
        ("件", [15, 24, 15], ValueAxis(pytest.approx(13.92), pytest.approx(25.8), True, "件")),
        # never far below zero for counts; a % axis stops just above 100
        ("%", [0, 98], ValueAxis(pytest.approx(-3.92), pytest.approx(109.8), True, "%")),
        ("%", ["94.1", 97], ValueAxis(pytest.approx(93.752), pytest.approx(97.58), False, "%")),
        # a negative actual keeps the full margin below it
        ("件", [-3, 10], ValueAxis(pytest.approx(-4.56), pytest.approx(12.6), True, "件")),
        # a flat series takes its span from the value itself, or 1
        ("億円", [5, 5], ValueAxis(pytest.approx(4.4), pytest.approx(6.0), True, "億円")),
        ("件", [0, 0], ValueAxis(pytest.approx(-0.04), pytest.approx(0.2), True, "件")),
    ],
)
def test_value_axis(unit, values, axis):
    assert value_axis(unit, [Decimal(v) for v in values]) == axis


def _years(first: int, last: int, start: int, middle: int) -> tuple[YearTick, ...]:
    return tuple(YearTick(y, date(y, start, 1), date(y, middle, 1)) for y in range(first, last + 1))


@pytest.mark.parametrize(
    ("calendar", "left", "right", "axis"),
    [
        # 1,461 days: padded by a 25th (58 days) each side; 年度 begin in April and are named in October
        (
            False,
            date(2023, 3, 31),
            date(2027, 3, 31),
            DateAxis(date(2023, 2, 1), date(2027, 5, 28), False, _years(2022, 2027, 4, 10)),
        ),
        # 暦年 begin in January and are named in July
        (
            True,
            date(2022, 12, 31),
            date(2026, 12, 31),
            DateAxis(date(2022, 11, 3), date(2027, 2, 27), True, _years(2021, 2027, 1, 7)),
        ),
        # a short span is still padded by 30 days
        (
            True,
            date(2024, 1, 1),
            date(2024, 12, 31),
            DateAxis(date(2023, 12, 2), date(2025, 1, 30), True, _years(2022, 2025, 1, 7)),
        ),
    ],
)
def test_date_axis(calendar, left, right, axis):
    assert date_axis(calendar, left, right) == axis


@pytest.mark.parametrize(
    ("today", "place"),
    [
        (date(2023, 1, 31), TodayPlace.BEFORE),
        (date(2023, 2, 1), TodayPlace.INSIDE),
        (date(2026, 10, 3), TodayPlace.INSIDE),
        (date(2026, 10, 4), TodayPlace.NEAR_RIGHT),  # 236 days from the right end: under 15 % of 1,577
        (date(2027, 5, 28), TodayPlace.NEAR_RIGHT),
        (date(2027, 5, 29), TodayPlace.AFTER),
    ],
)
def test_today_mark(today, place):
    axis = date_axis(False, date(2023, 3, 31), date(2027, 3, 31))
    assert today_mark(today, axis) == TodayMark(today, place)


# -- the indicator chart --------------------------------------------------------------------------


@pytest.mark.parametrize(("plan", "no"), EVERY_INDICATOR)
def test_marked_values_are_the_documents(kb, plan, no):
    ind = kb.indicator(no, plan)
    plot = indicator_plot(kb, ind, [], TODAY)
    assert plot.target == Marker(ind.target.period_obj.end, ind.target.value, ind.target.text)
    if ind.baseline.value is not None:
        assert plot.baseline == Marker(ind.baseline.period_obj.end, ind.baseline.value, ind.baseline.text)
    else:
        assert plot.baseline is None


def test_a_calendar_year_indicators_time_axis(kb):
    plot = indicator_plot(kb, kb.indicator(23, "2024"), [], TODAY)  # 外国人延べ宿泊者数, 2022暦年 → 2026暦年
    assert (plot.plan_start, plot.plan_end) == (
        Period(PeriodKind.CALENDAR_YEAR, 2024),
        Period(PeriodKind.CALENDAR_YEAR, 2026),
    )
    assert plot.x == DateAxis(date(2022, 11, 3), date(2027, 2, 27), True, _years(2021, 2027, 1, 7))
    assert plot.today == TodayMark(TODAY, TodayPlace.NEAR_RIGHT)


def test_a_fiscal_year_indicators_time_axis_reaches_an_earlier_actual(kb):
    points = [Point(parse_period("FY2020"), Decimal(16), "16件")]
    plot = indicator_plot(kb, kb.indicator(7, "2024"), points, TODAY)
    # 2021-03-31 to 2027-03-31 is 2,191 days: padded by 87 each side
    assert plot.x == DateAxis(date(2021, 1, 3), date(2027, 6, 26), False, _years(2020, 2027, 4, 10))


@pytest.mark.parametrize(
    ("plan", "no", "note", "axis"),
    [
        # the axis still holds the baseline (15件) and the target (24件)
        (
            "2024",
            7,
            NoRating.NO_ACTUAL.value,
            ValueAxis(pytest.approx(13.92), pytest.approx(25.8), True, "件"),
        ),
        # the document's own reason; 0% → 98%
        ("2021", 7, "国統計未公表", ValueAxis(pytest.approx(-3.92), pytest.approx(109.8), True, "%")),
    ],
)
def test_an_indicator_with_no_actual(kb, plan, no, note, axis):
    plot = indicator_plot(kb, kb.indicator(no, plan), [], TODAY)
    assert (plot.actuals, plot.labelled, plot.lead_in, plot.rating, plot.no_actual, plot.y) == (
        (),
        (),
        False,
        None,
        note,
        axis,
    )


def test_actuals_are_sorted_and_rated_by_the_latest(kb):
    ind = kb.indicator(7, "2024")
    later, earlier = (
        Point(parse_period("2025-12"), Decimal(20), "20件"),
        Point(parse_period("FY2024"), Decimal(17), "17件"),
    )
    plot = indicator_plot(kb, ind, [later, earlier], TODAY)
    assert plot.actuals == (earlier, later)
    assert plot.rating == assess(ind, kb.revision("2024"), Decimal(20), "件", parse_period("2025-12"))
    assert (plot.no_actual, plot.labelled) == (None, (0, 1))
    assert (plot.y.bottom, plot.y.top, plot.y.whole) == (pytest.approx(13.92), pytest.approx(25.8), True)


@pytest.mark.parametrize(
    ("no", "lead_in"),
    [
        (7, True),  # counted from the baseline of FY2022
        (25, False),  # per_3_years: counted from zero, the baseline is only for reference
        (26, False),  # no baseline
        (23, True),
    ],
)
def test_lead_in_from_the_baseline(kb, no, lead_in):
    ind = kb.indicator(no, "2024")
    points = [Point(parse_period("2025-12"), ind.target.value, ind.target.text)]
    assert indicator_plot(kb, ind, points, TODAY).lead_in is lead_in


def test_no_lead_in_when_an_actual_precedes_the_baseline(kb):
    points = [
        Point(parse_period("FY2021"), Decimal(14), "14件"),
        Point(parse_period("FY2024"), Decimal(17), "17件"),
    ]
    assert indicator_plot(kb, kb.indicator(7, "2024"), points, TODAY).lead_in is False


# -- the project chart ----------------------------------------------------------------------------


def test_progress_against_the_elapsed_share(kb):
    # 19: 0社 → 60社, 20: 223人 → 570人, both 累計 in 年度
    values = {19: latest(30, "2026-03", "社"), 20: latest("743.5", "2026-03", "人")}
    plot = project_plot(kb, 5, values, date(2026, 3, 31))
    assert [(b.indicator.no, b.progress, b.length, b.beyond_cap) for b in plot.bars] == [
        (19, 0.5, 0.5, False),
        (20, 1.5, BAR_CAP, True),
    ]
    # two of the three 年度 have passed
    assert [b.expected for b in plot.bars] == [pytest.approx(2 / 3), pytest.approx(2 / 3)]
    assert [b.assessment.stars for b in plot.bars] == [2, 4]  # pace 0.75; reached


def test_bars_without_a_rating_and_below_the_baseline(kb):
    values = {1: latest(-5, unit="回"), 2: latest(3, unit="件"), 3: None}  # 2 counts 港; 4 not given
    plot = project_plot(kb, 1, values, TODAY)
    first, second, third, fourth = plot.bars[:4]
    assert (first.length, first.beyond_cap, first.has_value) == (0.0, False, True)
    assert first.progress < 0
    assert (second.length, second.has_value, second.assessment.no_rating) == (
        None,
        True,
        NoRating.UNIT_MISMATCH,
    )
    assert (third.length, third.has_value, third.assessment.no_rating) == (None, False, NoRating.NO_ACTUAL)
    assert (fourth.length, fourth.has_value) == (None, False)


def test_calendar_year_indicators_have_their_own_elapsed_share(kb):
    plot = project_plot(kb, 6, {}, TODAY)  # 23 is counted in 暦年
    assert {b.indicator.no: b.expected for b in plot.bars} == {
        21: pytest.approx(share(date(2024, 4, 1), TODAY, date(2027, 3, 31))),
        22: pytest.approx(share(date(2024, 4, 1), TODAY, date(2027, 3, 31))),
        23: pytest.approx(share(date(2024, 1, 1), TODAY, date(2026, 12, 31))),
        24: pytest.approx(share(date(2024, 4, 1), TODAY, date(2027, 3, 31))),
    }


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 3, 31), 0.0),
        (date(2024, 4, 1), 1 / 1095),
        (date(2027, 3, 31), 1.0),
        (date(2030, 1, 1), 1.0),
    ],
)
def test_the_elapsed_share_is_zero_before_and_one_after_the_plan(kb, today, expected):
    (bar,) = project_plot(kb, 2, {}, today, "2024").bars  # before its period, the 1st revision is in force
    assert bar.expected == pytest.approx(expected)


def test_the_project_and_its_indicators(kb):
    plot = project_plot(kb, 3, {}, TODAY)
    assert (plot.project.no, plot.today, [b.indicator.no for b in plot.bars]) == (
        3,
        TODAY,
        [9, 10, 11, 12, 13, 14],
    )
    with pytest.raises(ValueError, match="no project 9"):
        project_plot(kb, 9, {}, TODAY)


def test_today_before_and_after_a_plan(kb):
    ind = kb.indicator(2, "2021")
    assert indicator_plot(kb, ind, [], TODAY).today == TodayMark(TODAY, TodayPlace.AFTER)
    early = date(2010, 1, 1)
    assert indicator_plot(kb, ind, [], early).today == TodayMark(early, TodayPlace.BEFORE)
    assert timedelta(0) < indicator_plot(kb, ind, [], TODAY).x.right - pace_line(kb, ind).end


@pytest.mark.parametrize(("no", "as_of"), [(1, "2025-03"), (7, "FY2024"), (23, "CY2025")])
def test_the_pace_is_marked_at_the_ratings_date_not_today(kb, no, as_of):
    ind = kb.indicator(no, "2024")
    period = parse_period(as_of)
    plot = indicator_plot(kb, ind, [Point(period, ind.target.value, ind.target.text)], TODAY)
    mark = plot.rated_pace
    assert (mark.day, mark.text) == (period.end, period.label())
    # an actual exactly on that mark is exactly on pace, as the rating method counts
    on_mark = assess(ind, kb.revision("2024"), mark.value, ind.target.unit, period)
    assert on_mark.pace == pytest.approx(1.0)


def test_no_pace_mark_without_a_rating(kb):
    assert indicator_plot(kb, kb.indicator(7, "2024"), [], TODAY).rated_pace is None
