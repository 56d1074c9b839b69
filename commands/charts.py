"""PNG charts that answer 「計画どおりに進んでいるか」 at a glance: one indicator, or one project.

Rendering uses matplotlib's object-oriented API on the Agg canvas (``Figure`` +
``FigureCanvasAgg``, never pyplot), so the bot can render in ``asyncio.to_thread``.  Every text
names its font itself instead of relying on rcParams, and Japanese is drawn with IPAexGothic,
which matplotlib-fontja ships: no system font is needed.

What is drawn (points, the pace line and band, progress rows) is computed in
``knowledge/charts_math.py``; this module only draws it.
"""

from __future__ import annotations

import io
import math
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import matplotlib_fontja  # importing it registers IPAexGothic with matplotlib's font manager
from matplotlib import dates as mdates
from matplotlib import font_manager, ticker
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from commands import format as fmt
from knowledge import CURRENT_PLAN, Knowledge
from knowledge.charts_math import (
    Point,
    ProgressRow,
    progress_rows,
)
from knowledge.charts_math import (
    pace as pace_of,
)
from knowledge.kb import Latest
from knowledge.models import Indicator, TargetKind
from knowledge.periods import Period
from knowledge.rating import (
    STAR_MEANINGS,
    Assessment,
    NoRating,
    assess,
    plan_bounds,
)

# -- fonts -------------------------------------------------------------------------------------

FONT_PATH = matplotlib_fontja.get_font_ttf_path()
# Read the family from the file itself rather than hard-coding it ("IPAexGothic").
FONT_FAMILY = FontProperties(fname=FONT_PATH).get_name()
if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
    # Should a later matplotlib-fontja stop registering on import, register the file ourselves.
    font_manager.fontManager.addfont(FONT_PATH)
# DejaVu Sans ships inside matplotlib: a glyph IPAexGothic lacks (in a typed value text) still draws.
FAMILIES = [FONT_FAMILY, "DejaVu Sans"]

# -- look ----------------------------------------------------------------------------------------

DPI = 100
INDICATOR_SIZE = (10.0, 6.0)  # inches: 1000×600 px at DPI
PROJECT_WIDTH = 10.0

# The same colours as the Discord embeds (bot/render_discord.py COLOURS), copied so that
# commands/ stays free of bot/.
STAR_COLOURS = {4: "#2EA043", 3: "#1F6FEB", 2: "#DB8E00", 1: "#CF222E"}
NO_RATING_COLOUR = "#6E7681"
INK = "#24292F"
MUTED = "#57606A"
GRID = "#D0D7DE"
TRACK = "#EAEEF2"
PACE_COLOUR = "#57606A"
BAND_COLOUR = "#1F6FEB"

BAR_CAP = 1.2  # progress bars stop at 120 %; the real percentage is written beside them
SUBTITLE_CELLS = 128  # what fits the indicator chart's width at 10 pt
LABEL_CELLS = 40  # display cells (full-width = 2) per line of an indicator label in the project chart
MAX_POINT_LABELS = 6  # beyond this many actuals only some are labelled, so texts do not pile up

# matplotlib is not thread-safe (figures share its font and text-layout caches); rendering is
# GIL-bound anyway, so serialising it costs the bot next to nothing.
_RENDER_LOCK = threading.Lock()


def _x(*days: date) -> list[float]:
    """Dates as matplotlib's day numbers (what its date axis converts them to anyway)."""
    return [float(mdates.date2num(day)) for day in days]


def _font(size: float) -> FontProperties:
    return FontProperties(family=FAMILIES, size=size)


def rating_colour(stars: int | None) -> str:
    """The embed colour of a ★ rating (grey for none)."""
    return STAR_COLOURS.get(stars or 0, NO_RATING_COLOUR)


# -- shared drawing helpers -----------------------------------------------------------------------


def _new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()


def _text(fig: Figure, x: float, y: float, text: str, size: float, colour: str = INK, **kw: Any) -> None:
    # parse_math=False: names and typed value texts may contain "$", which is not mathtext here.
    fig.text(x, y, text, fontproperties=_font(size), color=colour, parse_math=False, **kw)


def _style_axes(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GRID)
    ax.tick_params(colors=MUTED, labelcolor=INK, labelsize=9, labelfontfamily=FAMILIES)
    ax.set_axisbelow(True)


def _legend(fig: Figure, handles: list[Artist], ncols: int, y: float) -> None:
    # Legend labels are parsed as mathtext; they are our own words, but escape "$" all the same.
    for handle in handles:
        handle.set_label(str(handle.get_label()).replace("$", r"\$"))
    fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, y),
        ncols=ncols,
        frameon=False,
        prop=_font(9),
        handlelength=2.2,
        columnspacing=1.6,
        labelcolor=INK,
    )


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def wrap_label(text: str, cells: int, lines: int = 2) -> str:
    """Break text into at most ``lines`` lines of ``cells`` display cells, the last cut with 「…」."""
    out: list[str] = []
    rest = text
    while rest and len(out) < lines - 1 and _cells(rest) > cells:
        line, used = [], 0
        for char in rest:
            if used + _cells(char) > cells:
                break
            line.append(char)
            used += _cells(char)
        out.append("".join(line))
        rest = rest[len(line) :]
    if rest:
        out.append(shorten(rest, cells))
    return "\n".join(out)


def shorten(text: str, cells: int) -> str:
    """Cut text to a display width (full-width characters count 2), ending in 「…」 when cut."""
    if _cells(text) <= cells:
        return text
    out, used = [], 0
    for char in text:
        width = _cells(char)
        if used + width > cells - 2:
            break
        out.append(char)
        used += width
    return "".join(out) + "…"


class _NumberFormatter(ticker.Formatter):
    """Tick labels with thousands separators and only as many decimals as the ticks need."""

    def __init__(self) -> None:
        self.decimals = 0

    def set_locs(self, locs: list[float]) -> None:
        super().set_locs(locs)
        self.decimals = 0
        for places in range(5):
            self.decimals = places
            if all(abs(round(x, places) - x) < 1e-9 * max(1.0, abs(x)) for x in locs):
                break

    def __call__(self, x: float, pos: int | None = None) -> str:
        return f"{x + 0.0:,.{self.decimals}f}"  # + 0.0 turns -0.0 into 0.0


# -- the indicator chart --------------------------------------------------------------------------


def _basis(calendar: bool, first: Period, last: Period) -> str:
    if calendar:
        return f"暦年ベース（{first.year}年〜{last.year}年）"
    return f"年度ベース（{first.year}年度〜{last.year}年度）"


def _kind_words(indicator: Indicator) -> str:
    target = indicator.target
    if target.kind is TargetKind.CUMULATIVE:
        return "累計"
    if target.kind is TargetKind.PER_3_YEARS:
        return "3年間の合計"
    if target.kind is TargetKind.LOWER_BOUND:
        return "下限"
    return "目標年の水準" if indicator.calendar_basis else "目標年度の水準"


def _year_axis(ax: Axes, calendar: bool, left: date, right: date) -> None:
    """Gridlines at each (fiscal) year's start and the year's name centred between them."""
    first_month, mid_month = (1, 7) if calendar else (4, 10)
    suffix = "年" if calendar else "年度"
    years = range(left.year - 1, right.year + 1)
    # Fixed positions rather than MonthLocator: its rrule costs more than a tenth of a render.
    ax.xaxis.set_major_locator(ticker.FixedLocator([mdates.date2num(date(y, first_month, 1)) for y in years]))
    ax.xaxis.set_major_formatter(ticker.NullFormatter())
    # The mid-year tick falls in the (fiscal) year it names, so its calendar year is the name.
    names = {mdates.date2num(date(y, mid_month, 1)): f"{y}{suffix}" for y in years}
    ax.xaxis.set_minor_locator(ticker.FixedLocator(list(names)))
    ax.xaxis.set_minor_formatter(ticker.FuncFormatter(lambda x, _pos: names.get(x, "")))
    ax.tick_params(axis="x", which="minor", length=0, labelsize=10, labelcolor=INK, labelfontfamily=FAMILIES)
    ax.tick_params(axis="x", which="major", length=5)
    ax.grid(True, axis="x", which="major", color=GRID, linewidth=0.8)
    ax.grid(True, axis="y", which="major", color=GRID, linewidth=0.6, alpha=0.7)


def _labelled(points: Sequence[Point]) -> set[int]:
    """Which actuals get a text label: all when few; otherwise spread out, always the last."""
    if len(points) <= MAX_POINT_LABELS:
        return set(range(len(points)))
    step = math.ceil(len(points) / MAX_POINT_LABELS)
    last = len(points) - 1
    return {i for i in range(0, last, step) if last - i >= step} | {last}


def _annotate(ax: Axes, text: str, x: date, y: Decimal, dx: float, dy: float, ha: str, **kw: Any) -> None:
    ax.annotate(
        text,
        (x, float(y)),
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va="bottom" if dy >= 0 else "top",
        fontproperties=_font(kw.pop("size", 9)),
        color=kw.pop("color", INK),
        parse_math=False,
        # A light backing keeps a label legible where the pace line or the band runs through it;
        # it stays under the actuals' line so it never hides a point.
        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        zorder=4.5,
        **kw,
    )


def indicator_chart(
    kb: Knowledge,
    indicator: Indicator,
    entries: Sequence[Point | tuple[Period, Decimal, str]],
    today: date,
) -> bytes:
    """A PNG of baseline → actuals → target with the expected-pace line and today's date."""
    points = sorted((Point(*p) for p in entries), key=lambda p: p.period.end)
    with _RENDER_LOCK:
        fig = _new_figure(*INDICATOR_SIZE)
        _draw_indicator(fig, kb, indicator, points, today)
        return _png(fig)


def _draw_indicator(fig: Figure, kb: Knowledge, ind: Indicator, points: list[Point], today: date) -> None:
    target, baseline = ind.target, ind.baseline
    assert target.value is not None and target.unit is not None
    unit = target.unit
    revision = kb.revision(ind.plan)
    plan_start, plan_end = plan_bounds(ind, revision)
    calendar = ind.calendar_basis
    expected = pace_of(kb, ind)
    start_day, start_value = expected.start, expected.start_value
    end_day, target_value = expected.end, expected.target_value
    from_zero = expected.from_zero
    latest = points[-1] if points else None
    rating = assess(ind, revision, latest.value, unit, latest.period) if latest else None
    stars = rating.stars if rating else None
    colour = rating_colour(stars)

    ax = fig.add_axes((0.085, 0.2, 0.885, 0.61))
    _style_axes(ax)
    handles: list[Artist] = []
    values: list[Decimal] = [start_value, target_value, *(p.value for p in points)]

    # The ★★★ zone: at or above pace 0.8, below the full pace (above it is on or ahead of plan).
    low_end = expected.band_low_end
    band = ax.fill_between(
        _x(start_day, end_day),
        [float(start_value), float(low_end)],
        [float(start_value), float(target_value)],
        color=BAND_COLOUR,
        alpha=0.08,
        linewidth=0,
        label="概ね計画どおりの範囲（ペース0.8〜1.0）",
    )
    pace_from = "0" if from_zero else "現状値"
    (pace,) = ax.plot(
        _x(start_day, end_day),
        [float(start_value), float(target_value)],
        color=PACE_COLOUR,
        linestyle="--",
        linewidth=1.6,
        label=f"想定ペース（{pace_from}→目標）",
    )
    handles += [pace, band]

    baseline_day = None
    if baseline.value is not None and baseline.period_obj is not None and baseline.unit == unit:
        baseline_day = baseline.period_obj.end
        values.append(baseline.value)
        label = "現状値（単年の値・参考）" if target.kind is TargetKind.PER_3_YEARS else "現状値"
        (base,) = ax.plot(
            _x(baseline_day),
            [float(baseline.value)],
            linestyle="none",
            marker="o",
            markersize=8,
            markerfacecolor="white",
            markeredgecolor=MUTED,
            markeredgewidth=2,
            label=label,
            zorder=4,
        )
        _annotate(ax, baseline.text, baseline_day, baseline.value, 0, 9, "center", color=MUTED)
        handles.insert(0, base)
    else:
        (base,) = ax.plot([], [], linestyle="none", label=f"現状値 {baseline.text}（なし）")
        handles.insert(0, base)

    if points:
        if target.kind is TargetKind.PER_3_YEARS:
            since = f"{plan_start.year}年" if calendar else f"{plan_start.year}年度"
            actual_label = f"実績（{since}からの累計）"
        else:
            actual_label = "実績"
        days = [p.period.end for p in points]
        (line,) = ax.plot(
            _x(*days),
            [float(p.value) for p in points],
            color=colour,
            linewidth=2.2,
            marker="o",
            markersize=7 if len(points) <= 12 else 4,
            label=actual_label,
            zorder=5,
        )
        handles.insert(1, line)
        if baseline_day is not None and not from_zero and baseline_day < days[0]:
            # Progress is measured from the baseline: show the path from it, faintly.
            ax.plot(
                _x(baseline_day, days[0]),
                [float(baseline.value or 0), float(points[0].value)],
                color=colour,
                linewidth=1,
                linestyle=":",
            )
        for i in sorted(_labelled(points)):
            point = points[i]
            _annotate(ax, point.text, point.period.end, point.value, 0, 9, "center", color=colour, size=10)
    note = None if points else _no_actual_note(kb, ind)
    if note is not None:
        ax.text(
            0.5,
            0.5,
            f"実績なし（{note}）" if note != NoRating.NO_ACTUAL.value else "実績なし",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontproperties=_font(13),
            color=MUTED,
            parse_math=False,
        )

    (goal,) = ax.plot(
        _x(end_day),
        [float(target_value)],
        linestyle="none",
        marker="D",
        markersize=9,
        color=INK,
        label=f"目標 {target.text}",
        zorder=6,
    )
    handles.append(goal)
    _annotate(ax, f"目標 {target.text}", end_day, target_value, -8, 9, "right", size=10)
    if target.kind is TargetKind.LOWER_BOUND:
        bound = ax.axhline(
            float(target_value),
            color=INK,
            linewidth=0.9,
            linestyle=(0, (1, 2)),
            label=f"目標ライン（{target.text}）",
        )
        handles.append(bound)

    # x: from the plan's start (or the baseline or an earlier actual) to the target's day.
    left = min([plan_start.start, *([baseline_day] if baseline_day else []), *(p.period.end for p in points)])
    right = max([end_day, *(p.period.end for p in points)])
    pad = timedelta(days=max(30, (right - left).days // 25))
    left, right = left - pad, right + pad
    ax.set_xlim(*_x(left, right))
    _year_axis(ax, calendar, left, right)
    _today_marker(ax, today, left, right)

    _y_axis(ax, unit, values)

    title = f"指標{ind.no} {ind.name}"
    if ind.plan != CURRENT_PLAN:
        title += f"（{fmt.PLAN_NAMES.get(ind.plan, ind.plan)}）"
    _text(fig, 0.03, 0.935, shorten(title, 100), 16 if _cells(title) <= 60 else 13, va="baseline")
    subtitle = _indicator_subtitle(ind, plan_start, plan_end, rating, None if points else note)
    _text(fig, 0.03, 0.885, shorten(subtitle, SUBTITLE_CELLS), 10, MUTED, va="baseline")
    _legend(fig, handles, ncols=3, y=0.005)


def _no_actual_note(kb: Knowledge, ind: Indicator) -> str:
    """Why there is nothing to draw: the document's own note (国統計未公表) where it gives one."""
    latest = kb.document_latest(ind)
    if latest is not None and latest.note:
        return latest.note
    return NoRating.NO_ACTUAL.value


def _indicator_subtitle(
    ind: Indicator, first: Period, last: Period, rating: Assessment | None, no_actual: str | None
) -> str:
    parts = [_basis(ind.calendar_basis, first, last), f"目標 {ind.target.text}（{_kind_words(ind)}）"]
    if rating is not None and rating.stars:
        parts.append(f"最新の評価（試算） {fmt.stars(rating.stars)} {STAR_MEANINGS[rating.stars]}")
    else:
        reason = rating.no_rating.value if rating is not None and rating.no_rating else no_actual
        parts.append(f"評価（試算）なし：{reason}")
    if ind.official is not None and ind.official.stars:
        parts.append(f"公式 {fmt.stars(ind.official.stars)}")
    return "・".join(parts)


def _today_marker(ax: Axes, today: date, left: date, right: date) -> None:
    label = f"今日 {today.isoformat()}"
    font = _font(9)
    if left <= today <= right:
        ax.axvline(_x(today)[0], color=NO_RATING_COLOUR, linewidth=1.2, linestyle=":", zorder=3)
        # Beside the line, at the top; on its left when it is near the right edge.
        near_right = (right - today).days < (right - left).days * 0.15
        ax.text(
            _x(today)[0],
            0.985,
            f"{label} " if near_right else f" {label}",
            transform=ax.get_xaxis_transform(),
            ha="right" if near_right else "left",
            va="top",
            fontproperties=font,
            color=MUTED,
        )
        return
    # Today lies outside the plan shown (a finished or future plan): say so at the nearer edge.
    after = today > right
    ax.text(
        0.995 if after else 0.005,
        0.985,
        f"{label} →" if after else f"← {label}",
        transform=ax.transAxes,
        ha="right" if after else "left",
        va="top",
        fontproperties=font,
        color=MUTED,
    )


def _y_axis(ax: Axes, unit: str, values: list[Decimal]) -> None:
    whole = all(v == v.to_integral_value() for v in values)
    ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=whole))
    ax.yaxis.set_major_formatter(_NumberFormatter())
    low, high = min(values), max(values)
    span = float(high - low) or max(abs(float(high)), 1.0)
    bottom, top = float(low) - span * 0.12, float(high) + span * 0.2
    if low >= 0:
        # Counts and amounts are never negative: keep only a sliver below zero for the markers.
        bottom = max(bottom, -span * 0.04)
    if unit == "%" and high <= 100:
        top = min(top, 100 + span * 0.1)  # no room above 100 % beyond what the labels need
    ax.set_ylim(bottom, top)
    # The unit sits horizontally above the axis: a rotated 「千円」 would be read sideways.
    ax.set_ylabel(f"（{unit}）", rotation=0, ha="right", va="bottom", fontproperties=_font(10), color=MUTED)
    ax.yaxis.set_label_coords(0.0, 1.02)


# -- the project chart ----------------------------------------------------------------------------


def project_chart(
    kb: Knowledge, project_no: int, latest_by_no: Mapping[int, Latest | None], today: date
) -> bytes:
    """A PNG of a project's indicators: progress bars coloured by ★, with today's expected pace."""
    project = kb.project(project_no)
    if project is None:
        raise ValueError(f"no project {project_no}")
    rows = progress_rows(kb, project_no, latest_by_no, today, CURRENT_PLAN)
    with _RENDER_LOCK:
        fig = _new_figure(PROJECT_WIDTH, max(3.8, 2.0 + 0.56 * len(rows)))
        _draw_project(fig, f"プロジェクト{project.no} {project.name}", rows, today)
        return _png(fig)


def _bar_note(row: ProgressRow) -> tuple[str, str]:
    """The text beside a bar and its colour."""
    a = row.assessment
    if a.progress is None:
        if not row.has_value:
            return "実績なし", MUTED
        assert a.no_rating is not None
        return f"評価なし（{a.no_rating.value}）", MUTED
    return f"{a.progress:.0%}  {fmt.stars(a.stars)}", rating_colour(a.stars)


def _elapsed_words(rows: list[ProgressRow]) -> str:
    """``計画期間の経過 89%``, with the 暦年 indicators' own share beside it when they differ."""
    fiscal = {f"{r.expected:.0%}" for r in rows if not r.indicator.calendar_basis}
    calendar = {f"{r.expected:.0%}" for r in rows if r.indicator.calendar_basis}
    if fiscal and calendar and fiscal != calendar:
        return f"計画期間の経過 {min(fiscal)}、暦年の指標は {min(calendar)}"
    return f"計画期間の経過 {min(fiscal or calendar or {'—'})}"


def _draw_project(fig: Figure, title: str, rows: list[ProgressRow], today: date) -> None:
    height_px = fig.get_figheight() * DPI
    top_px, bottom_px = 78, 104  # title + subtitle above, axis + legend below
    ax = fig.add_axes((0.33, bottom_px / height_px, 0.64, 1 - (top_px + bottom_px) / height_px))
    _style_axes(ax)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0, labelsize=10)
    n = len(rows)
    ys = list(range(n))
    xmax = BAR_CAP + 0.42  # room for 「120%  ★★★★」 beside a capped bar

    ax.barh(ys, [1.0] * n, height=0.56, color=TRACK, zorder=1)
    for y, row in zip(ys, rows, strict=True):
        a = row.assessment
        colour = rating_colour(a.stars)
        progress = a.progress
        if progress is not None:
            shown = min(max(progress, 0.0), BAR_CAP)
            ax.barh([y], [shown], height=0.56, color=colour, zorder=2)
            if progress > BAR_CAP:
                # A notch at the cap says the bar goes on beyond the chart.
                ax.plot([shown], [y], marker=">", color=colour, markersize=9, zorder=3, clip_on=False)
        note, note_colour = _bar_note(row)
        # In a column right of the track, or past a longer bar (and the notch of a capped one), so
        # it never crosses the pace marker or the 100 % line; inside the empty track when there is
        # no progress.
        if progress is None:
            x = 0.03
        else:
            x = max(min(progress, BAR_CAP), row.expected, 1.0) + (0.05 if progress > BAR_CAP else 0.025)
        ax.text(
            x,
            y,
            note,
            va="center",
            ha="left",
            fontproperties=_font(10),
            color=note_colour,
            parse_math=False,
            zorder=4,
        )
        ax.plot(
            [row.expected, row.expected],
            [y - 0.38, y + 0.38],
            color=INK,
            linewidth=2.2,
            solid_capstyle="butt",
            zorder=5,
        )

    ax.axvline(1.0, color=INK, linewidth=0.8, zorder=0.5)
    ax.set_xlim(0, xmax)
    # At least three rows' worth of height, so a lone bar keeps the thickness of the others.
    slots = max(n, 3)
    middle = (n - 1) / 2
    ax.set_ylim(middle + slots / 2, middle - slots / 2)  # first indicator at the top
    ax.set_yticks(ys, [wrap_label(f"{r.indicator.no} {r.indicator.name}", LABEL_CELLS) for r in rows])
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%（目標）"])
    ax.grid(True, axis="x", color=GRID, linewidth=0.6)

    _text(fig, 0.03, 1 - 34 / fig.get_figheight() / DPI, shorten(title, 76), 15, va="baseline")
    _text(
        fig,
        0.03,
        1 - 60 / fig.get_figheight() / DPI,
        f"目標までの進捗（試算）と、今日 {today.isoformat()} 時点の想定ペース（{_elapsed_words(rows)}）",
        10,
        MUTED,
        va="baseline",
    )
    handles: list[Artist] = [Patch(color=STAR_COLOURS[n], label=fmt.star_label(n)) for n in (4, 3, 2, 1)]
    handles.append(Patch(color=NO_RATING_COLOUR, label="評価なし"))
    handles.append(Line2D([], [], color=INK, linewidth=2.2, label="今日の想定ペース"))
    _legend(fig, handles, ncols=3, y=0.0)
