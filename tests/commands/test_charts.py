import io
import logging
import os
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import matplotlib_fontja
import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from PIL import Image

from commands import charts
from commands.charts import (
    Point,
    indicator_chart,
    points_from_latest,
    project_chart,
    shorten,
    tick_decimals,
    wrap_label,
)
from knowledge import load_knowledge
from knowledge.charts_math import pace_line
from knowledge.kb import Latest
from knowledge.periods import Period, PeriodKind, parse_period
from knowledge.values import format_value

TODAY = date(2026, 11, 29)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ROOT = Path(__file__).resolve().parents[2]
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
    line = pace_line(kb, ind)
    start, target = line.start_value, line.target
    points = []
    for share, as_of in ((Decimal("0.3"), "FY2024"), (Decimal("0.6"), "2025-12")):
        value = (start + (target - start) * share).quantize(Decimal("0.1"))
        points.append(Point(parse_period(as_of), value, format_value(value, ind.target.unit)))
    return points


# -- labels ---------------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("ticks", "decimals"),
    [([0, 5, 10], 0), ([94.0, 94.5, 95.0], 1), ([0.25, 0.5], 2), ([300000.0, 400000.0], 0), ([1 / 3], 4)],
)
def test_tick_labels_print_only_the_decimals_the_ticks_need(ticks, decimals):
    assert tick_decimals(ticks) == decimals


# -- fonts ------------------------------------------------------------------------------------------


def test_the_font_family_resolves_to_the_matplotlib_fontja_file():
    assert charts.font_families() == ("IPAexGothic", "DejaVu Sans")
    found = font_manager.findfont(FontProperties(family="IPAexGothic"), fallback_to_default=False)
    assert os.path.samefile(found, matplotlib_fontja.get_font_ttf_path())


def test_importing_the_charts_leaves_matplotlib_for_the_first_render():
    # Importing the module must stay cheap: matplotlib alone costs about half a second.
    code = "import sys, commands.charts; print(sorted(m for m in sys.modules if m.startswith('matplotlib')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"


def _render_capturing(caplog, render):
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, "matplotlib"):
        warnings.simplefilter("always")
        png = render()
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    return png, messages


def test_japanese_text_has_its_glyphs(kb, caplog):
    ind = kb.indicator(19, "2024")  # a long Japanese name, 「」-free, with katakana, kanji and (累計)
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
    _, messages = _render_capturing(
        caplog, lambda: indicator_chart(kb, kb.indicator(7, "2024"), points, TODAY)
    )
    assert any("missing from font" in m for m in messages)


# -- indicator charts: every indicator, every edge ----------------------------------------------------


@pytest.mark.parametrize("no", [i.no for i in KB.indicators("2024")])
def test_every_current_indicator_without_actuals(kb, no):
    assert_png(indicator_chart(kb, kb.indicator(no, "2024"), [], TODAY))


@pytest.mark.parametrize("no", [i.no for i in KB.indicators("2024")])
def test_every_current_indicator_with_two_actuals(kb, no):
    ind = kb.indicator(no, "2024")
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
    png = indicator_chart(kb, kb.indicator(7, "2024"), points, TODAY)
    assert_png(png)
    assert indicator_chart(kb, kb.indicator(7, "2024"), [Point(*p) for p in reversed(points)], TODAY) == png


def test_many_actuals_and_today_before_the_plan(kb):
    ind = kb.indicator(22, "2024")  # 千円, with thousands separators
    months = [Period(PeriodKind.MONTH, 2024 + (m + 3) // 12, (m + 3) % 12 + 1) for m in range(30)]
    points = [
        Point(p, Decimal(330000 + 8000 * i), f"{330000 + 8000 * i:,}千円") for i, p in enumerate(months)
    ]
    assert_png(indicator_chart(kb, ind, points, date(2023, 6, 1)))


def test_an_actual_before_the_plan_and_far_beyond_the_target(kb):
    ind = kb.indicator(2, "2024")  # 0港 → 4港
    points = [
        Point(parse_period("FY2023"), Decimal(1), "1港"),
        Point(parse_period("FY2025"), Decimal(40), "40港"),
    ]
    assert_png(indicator_chart(kb, ind, points, TODAY))


def test_renders_from_worker_threads_match_a_serial_render(kb):
    ind = kb.indicator(15, "2024")
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
        line = pace_line(kb, ind)
        start, target = line.start_value, line.target
        share = [Decimal("0.9"), Decimal("0.4"), Decimal(3), Decimal("-0.2"), None, None][ind.no % 6]
        if share is None:
            latest[ind.no] = (
                None if ind.no % 2 else Latest(Decimal(5), "回", parse_period("2025-12"), "5回", "entry")
            )
            continue
        value = start + (target - start) * share
        latest[ind.no] = Latest(value, ind.target.unit, parse_period("2025-12"), f"{value}", "entry")
    return latest


@pytest.mark.parametrize("no", [p.no for p in KB.edition("2024").projects])
def test_every_project_chart(kb, no):
    assert_png(project_chart(kb, no, _latest_by_no(kb), TODAY), height=(300, 700))


def test_a_project_without_any_actual_and_an_unknown_project(kb):
    assert_png(project_chart(kb, 1, {}, TODAY), height=(300, 700))
    assert_png(project_chart(kb, 8, {28: None}, TODAY - timedelta(days=1000), "2024"), height=(300, 700))
    with pytest.raises(ValueError):
        project_chart(kb, 9, {}, TODAY)
