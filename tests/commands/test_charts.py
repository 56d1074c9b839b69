import io
import logging
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal

import matplotlib_fontja
import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from PIL import Image

from commands import charts
from commands.charts import indicator_chart, project_chart, shorten, wrap_label
from knowledge import load_knowledge
from knowledge.charts_math import Point, pace_line, points_from_entries, points_from_latest
from knowledge.kb import Latest
from knowledge.periods import Period, PeriodKind, parse_period
from knowledge.rating import assess, plan_bounds
from knowledge.store import Entry, Store
from knowledge.values import format_value

TODAY = date(2026, 11, 29)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
KB = load_knowledge()  # for parametrize ids; the tests themselves use the session fixture


def assert_png(png: bytes, width=(1000, 1000), height=(600, 600)) -> Image.Image:
    """A real PNG of the expected size with real drawing on it."""
    assert png[:8] == PNG_MAGIC
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    assert width[0] <= image.width <= width[1]
    assert height[0] <= image.height <= height[1]
    histogram = image.convert("L").histogram()
    inked = sum(histogram[:200])
    assert inked > image.width * image.height * 0.01  # text, lines and markers, not a blank page
    assert sum(1 for count in histogram if count) > 50  # antialiased drawing, not a few flat fills
    return image


def synthetic_points(kb, ind) -> list[Point]:
    """Two actuals on the way from the pace line's start to the target, as /update would print them."""
    (_, start), (_, target) = pace_line(kb, ind)
    points = []
    for share, as_of in ((Decimal("0.3"), "FY2024"), (Decimal("0.6"), "2025-12")):
        value = (start + (target - start) * share).quantize(Decimal("0.1"))
        points.append(Point(parse_period(as_of), value, format_value(value, ind.target.unit)))
    return points


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


# -- the expected-pace line follows the rating method ---------------------------------------------


@pytest.mark.parametrize(
    ("plan", "no", "start", "end"),
    [
        # cumulative: from the baseline, 年度
        ("2024", 7, (date(2024, 4, 1), Decimal(15)), (date(2027, 3, 31), Decimal(24))),
        # per_3_years with a baseline of 18件: still counted from zero
        ("2024", 25, (date(2024, 4, 1), Decimal(0)), (date(2027, 3, 31), Decimal(45))),
        # no baseline (—): from zero
        ("2024", 26, (date(2024, 4, 1), Decimal(0)), (date(2027, 3, 31), Decimal(165))),
        # 暦年: from 01-01 of the first year to 12-31 of the last
        ("2024", 23, (date(2024, 1, 1), Decimal("4.9")), (date(2026, 12, 31), Decimal(20))),
        ("2024", 28, (date(2024, 1, 1), Decimal(0)), (date(2026, 12, 31), Decimal(75))),
        # lower bound: from the baseline to the bound
        ("2024", 15, (date(2024, 4, 1), Decimal("94.1")), (date(2027, 3, 31), Decimal(97))),
        # the 1st revision runs FY2021–FY2023
        ("2021", 2, (date(2021, 4, 1), Decimal("3.5")), (date(2024, 3, 31), Decimal("5.4"))),
    ],
)
def test_pace_line_endpoints(kb, plan, no, start, end):
    assert pace_line(kb, kb.indicator(no, plan)) == (start, end)


@pytest.mark.parametrize("plan", ["2024", "2021"])
def test_a_value_on_the_pace_line_rates_at_pace_one(kb, plan):
    revision = kb.revision(plan)
    for ind in kb.indicators(plan):
        (day0, start), (day1, target) = pace_line(kb, ind)
        _, last = plan_bounds(ind, revision)
        as_of = Period(PeriodKind.MONTH, last.end.year - 1, 12)  # about two thirds in
        share = Decimal((as_of.end - day0).days) / Decimal((day1 - day0).days)
        on_line = start + (target - start) * share
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
    assert [(str(p.period), p.value) for p in points_from_entries(entries, unit="件")] == [
        ("FY2024", Decimal(17)),
        ("2025-06", Decimal(18)),
        ("FY2025", Decimal(20)),
    ]
    assert len(points_from_entries(entries)) == 4  # without a unit, only withdrawn ones go


def test_points_from_entries_keep_the_correction_of_the_same_day():
    # A correction is a new row; the store treats the one recorded last as current.
    entries = [entry(8, 21, "2026-03", text="21件（訂正）"), entry(6, 19, "FY2025"), entry(5, 18, "FY2024")]
    points = points_from_entries(entries)
    assert [(str(p.period), p.value, p.text) for p in points] == [
        ("FY2024", Decimal(18), "18件"),
        ("2026-03", Decimal(21), "21件（訂正）"),
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
    assert [(str(p.period), p.value, p.text) for p in points] == [
        ("FY2024", Decimal(17), "17件"),
        ("2025-09", Decimal(19), "19件"),
    ]


def test_points_from_latest(kb):
    assert points_from_latest(None) == []
    assert points_from_latest(kb.document_latest(kb.indicator(7, "2021"))) == []  # 国統計未公表
    (point,) = points_from_latest(kb.document_latest(kb.indicator(2, "2021")))
    assert point == Point(parse_period("FY2022"), Decimal("5.0"), "5.0km")
    assert (
        points_from_latest(Latest(Decimal(1), "社", parse_period("FY2024"), "1社", "entry"), unit="件") == []
    )


def test_labels_are_shortened_by_display_width():
    assert shorten("5G人口カバー率", 40) == "5G人口カバー率"
    assert shorten("あいうえおかきくけこ", 10) == "あいうえ…"
    name = "19 生産性向上・人材創造拠点のコーディネートによるリスキリング支援企業数(累計)"
    assert wrap_label(name, 40).split("\n") == [
        "19 生産性向上・人材創造拠点のコーディネ",
        "ートによるリスキリング支援企業数(累計)",
    ]
    assert wrap_label(name, 30).split("\n") == [
        "19 生産性向上・人材創造拠点の",
        "コーディネートによるリスキリ…",
    ]


# -- fonts ------------------------------------------------------------------------------------------


def test_the_font_family_resolves_to_the_matplotlib_fontja_file():
    assert charts.FONT_FAMILY == "IPAexGothic"
    assert charts.FAMILIES[0] == charts.FONT_FAMILY
    found = font_manager.findfont(FontProperties(family=charts.FONT_FAMILY), fallback_to_default=False)
    assert os.path.samefile(found, matplotlib_fontja.get_font_ttf_path())


def _render_capturing(caplog, render):
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, "matplotlib"):
        warnings.simplefilter("always")
        png = render()
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    return png, messages


def test_japanese_text_has_its_glyphs(kb, caplog):
    ind = kb.indicator(19)  # a long Japanese name, 「」-free, with katakana, kanji and (累計)
    points = [
        Point(parse_period("FY2024"), Decimal(12), "12社"),
        Point(parse_period("2025-12"), Decimal(31), "31社"),
    ]
    png, messages = _render_capturing(caplog, lambda: indicator_chart(kb, ind, points, TODAY))
    assert_png(png)
    assert not [m for m in messages if "missing from font" in m or "findfont" in m], messages
    png, messages = _render_capturing(caplog, lambda: project_chart(kb, 5, {}, TODAY))
    assert_png(png, height=(300, 700))
    assert not [m for m in messages if "missing from font" in m or "findfont" in m], messages


def test_a_missing_glyph_would_be_noticed(kb, caplog):
    # The check above is only worth something if a glyph in neither font is reported.
    points = [Point(parse_period("FY2024"), Decimal(12), "12件 \U0001fae0")]
    _, messages = _render_capturing(caplog, lambda: indicator_chart(kb, kb.indicator(7), points, TODAY))
    assert any("missing from font" in m for m in messages)


# -- indicator charts: every indicator, every edge ----------------------------------------------------


@pytest.mark.parametrize("no", [i.no for i in KB.indicators("2024")])
def test_every_current_indicator_without_actuals(kb, no):
    assert_png(indicator_chart(kb, kb.indicator(no), [], TODAY))


@pytest.mark.parametrize("no", [i.no for i in KB.indicators("2024")])
def test_every_current_indicator_with_two_actuals(kb, no):
    ind = kb.indicator(no)
    assert_png(indicator_chart(kb, ind, synthetic_points(kb, ind), TODAY))


@pytest.mark.parametrize("no", [i.no for i in KB.indicators("2021")])
def test_every_first_revision_indicator_with_its_document_actual(kb, no):
    ind = kb.indicator(no, "2021")
    assert_png(indicator_chart(kb, ind, points_from_latest(kb.document_latest(ind)), TODAY))


def test_plain_tuples_unsorted_and_dollar_signs(kb):
    # Typed value texts are not mathtext; points may come in any order.
    points = [
        (parse_period("2025-12"), Decimal(20), "$20$件"),
        (parse_period("FY2024"), Decimal(17), "17件"),
    ]
    assert_png(indicator_chart(kb, kb.indicator(7), points, TODAY))


def test_many_actuals_and_today_before_the_plan(kb):
    ind = kb.indicator(22)  # 千円, with thousands separators
    months = [Period(PeriodKind.MONTH, 2024 + (m + 3) // 12, (m + 3) % 12 + 1) for m in range(30)]
    points = [
        Point(p, Decimal(330000 + 8000 * i), f"{330000 + 8000 * i:,}千円") for i, p in enumerate(months)
    ]
    assert_png(indicator_chart(kb, ind, points, date(2023, 6, 1)))
    assert len(charts._labelled(points)) <= charts.MAX_POINT_LABELS + 1


def test_an_actual_before_the_plan_and_far_beyond_the_target(kb):
    ind = kb.indicator(2)  # 0港 → 4港
    points = [
        Point(parse_period("FY2023"), Decimal(1), "1港"),
        Point(parse_period("FY2025"), Decimal(40), "40港"),
    ]
    assert_png(indicator_chart(kb, ind, points, TODAY))


def test_renders_from_worker_threads_match_a_serial_render(kb):
    ind = kb.indicator(15)
    points = [
        Point(parse_period("FY2024"), Decimal("95.0"), "95.0%"),
        Point(parse_period("2025-12"), Decimal("95.8"), "95.8%"),
    ]
    serial = indicator_chart(kb, ind, points, TODAY)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: indicator_chart(kb, ind, points, TODAY), range(3)))
    assert all(png == serial for png in results)


# -- project charts -----------------------------------------------------------------------------------


def _latest_by_no(kb) -> dict[int, Latest | None]:
    """A mix: on pace, behind, far ahead (capped bar), below the baseline, none, and in another unit."""
    latest: dict[int, Latest | None] = {}
    for ind in kb.indicators("2024"):
        (_, start), (_, target) = pace_line(kb, ind)
        share = [Decimal("0.9"), Decimal("0.4"), Decimal(3), Decimal("-0.2"), None, None][ind.no % 6]
        if share is None:
            latest[ind.no] = (
                None if ind.no % 2 else Latest(Decimal(5), "回", parse_period("2025-12"), "5回", "entry")
            )
            continue
        value = start + (target - start) * share
        latest[ind.no] = Latest(value, ind.target.unit, parse_period("2025-12"), f"{value}", "entry")
    return latest


@pytest.mark.parametrize("no", [p.no for p in KB.projects])
def test_every_project_chart(kb, no):
    assert_png(project_chart(kb, no, _latest_by_no(kb), TODAY), height=(300, 700))


def test_a_project_without_any_actual_and_an_unknown_project(kb):
    assert_png(project_chart(kb, 1, {}, TODAY), height=(300, 700))
    assert_png(project_chart(kb, 8, {28: None}, TODAY - timedelta(days=1000)), height=(300, 700))
    with pytest.raises(ValueError):
        project_chart(kb, 9, {}, TODAY)
