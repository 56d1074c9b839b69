"""PNG charts that answer 「計画どおりに進んでいるか」 at a glance: one indicator, or one project.

What a chart shows is computed in ``knowledge.charts_math``; this module only draws it.
Rendering uses matplotlib's object-oriented API on the Agg canvas (``Figure`` +
``FigureCanvasAgg``, never pyplot), so the bot can render in ``asyncio.to_thread``.  Every text
names its font itself instead of relying on rcParams, and Japanese is drawn with IPAexGothic,
which matplotlib-fontja ships: no system font is needed.

matplotlib takes about half a second to import, so it is imported on the first render, not with
this module.
"""

from __future__ import annotations

import functools
import io
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from commands import format as fmt
from knowledge import Knowledge
from knowledge.charts_math import (
    BAR_CAP,
    IndicatorPlot,
    Marker,
    Point,
    ProgressBar,
    ProjectPlot,
    TodayPlace,
    indicator_plot,
    points_from_entries,
    points_from_latest,
    project_plot,
)
from knowledge.kb import Latest
from knowledge.models import Indicator, TargetKind
from knowledge.periods import Period, PeriodKind
from knowledge.rating import STAR_MEANINGS, Assessment, NoRating

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

# The history command imports these from here, beside the chart they feed.
__all__ = ["Point", "indicator_chart", "points_from_entries", "points_from_latest", "project_chart"]

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

SUBTITLE_CELLS = 128  # what fits the indicator chart's width at 10 pt
LABEL_CELLS = 40  # display cells (full-width = 2) per line of an indicator label in the project chart

# matplotlib is not thread-safe (figures share its font and text-layout caches); rendering is
# GIL-bound anyway, so serialising it costs the bot next to nothing.
_RENDER_LOCK = threading.Lock()


# -- fonts -------------------------------------------------------------------------------------


@functools.cache
def font_families() -> tuple[str, ...]:
    """The font families every text is drawn with: IPAexGothic from matplotlib-fontja, then DejaVu Sans."""
    import matplotlib_fontja  # importing it registers IPAexGothic with matplotlib's font manager
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    path = matplotlib_fontja.get_font_ttf_path()
    # Read the family from the file itself rather than hard-coding it ("IPAexGothic").
    family = FontProperties(fname=path).get_name()
    if family not in {f.name for f in font_manager.fontManager.ttflist}:
        # Should a later matplotlib-fontja stop registering on import, register the file ourselves.
        font_manager.fontManager.addfont(path)
    # DejaVu Sans ships inside matplotlib: a glyph IPAexGothic lacks (in a typed value text) still draws.
    return (family, "DejaVu Sans")


def _families() -> list[str]:
    return list(font_families())


def _x(*days: date) -> list[float]:
    """Dates as matplotlib's day numbers (what its date axis converts them to anyway)."""
    from matplotlib import dates as mdates

    return [float(mdates.date2num(day)) for day in days]


def _font(size: float) -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=_families(), size=size)


def rating_colour(stars: int | None) -> str:
    """The embed colour of a ★ rating (grey for none)."""
    return STAR_COLOURS.get(stars or 0, NO_RATING_COLOUR)


# -- shared drawing helpers -----------------------------------------------------------------------


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

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
    ax.tick_params(colors=MUTED, labelcolor=INK, labelsize=9, labelfontfamily=_families())
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


def tick_decimals(locs: Sequence[float]) -> int:
    """The fewest decimals (up to 4) that print every tick exactly."""
    decimals = 0
    for places in range(5):
        decimals = places
        if all(abs(round(x, places) - x) < 1e-9 * max(1.0, abs(x)) for x in locs):
            break
    return decimals


@functools.cache
def _number_formatter_class() -> type:
    from matplotlib import ticker

    class NumberFormatter(ticker.Formatter):
        """Tick labels with thousands separators and only as many decimals as the ticks need."""

        def __init__(self) -> None:
            self.decimals = 0

        def set_locs(self, locs: list[float]) -> None:
            super().set_locs(locs)
            self.decimals = tick_decimals(locs)

        def __call__(self, x: float, pos: int | None = None) -> str:
            return f"{x + 0.0:,.{self.decimals}f}"  # + 0.0 turns -0.0 into 0.0

    return NumberFormatter


# -- the indicator chart --------------------------------------------------------------------------


def _basis(calendar: bool, first: Period, last: Period) -> str:
    if calendar:
        return f"暦年ベース（{first.year}年〜{last.year}年）"
    return f"年度ベース（{first.year}年度〜{last.year}年度）"


def _kind_words(plot: IndicatorPlot) -> str:
    target = plot.indicator.target
    if target.kind is TargetKind.CUMULATIVE:
        return "累計"
    if target.kind is TargetKind.PER_3_YEARS:
        return "3年間の合計"
    if target.kind is TargetKind.LOWER_BOUND:
        return "下限"
    return "目標年の水準" if plot.x.calendar else "目標年度の水準"


def _year_axis(ax: Axes, plot: IndicatorPlot) -> None:
    """Gridlines at each (fiscal) year's start and the year's name centred between them."""
    from matplotlib import dates as mdates
    from matplotlib import ticker

    suffix = "年" if plot.x.calendar else "年度"
    years = plot.x.years
    # Fixed positions rather than MonthLocator: its rrule costs more than a tenth of a render.
    ax.xaxis.set_major_locator(ticker.FixedLocator([mdates.date2num(y.start) for y in years]))
    ax.xaxis.set_major_formatter(ticker.NullFormatter())
    names = {mdates.date2num(y.middle): f"{y.year}{suffix}" for y in years}
    ax.xaxis.set_minor_locator(ticker.FixedLocator(list(names)))
    ax.xaxis.set_minor_formatter(ticker.FuncFormatter(lambda x, _pos: names.get(x, "")))
    ax.tick_params(
        axis="x", which="minor", length=0, labelsize=10, labelcolor=INK, labelfontfamily=_families()
    )
    ax.tick_params(axis="x", which="major", length=5)
    ax.grid(True, axis="x", which="major", color=GRID, linewidth=0.8)
    ax.grid(True, axis="y", which="major", color=GRID, linewidth=0.6, alpha=0.7)


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
    earlier: Sequence[Point] = (),
) -> bytes:
    """A PNG of baseline → actuals → target with the expected-pace line, today, and earlier plans' actuals."""
    points = [p if isinstance(p, Point) else Point(*p) for p in entries]
    plot = indicator_plot(kb, indicator, points, today, earlier)
    # another plan than the one in force says whose indicator this is
    other = "" if indicator.plan == kb.current_plan(today) else f"（{kb.edition(indicator.plan).name}）"
    with _RENDER_LOCK:
        fig = _new_figure(*INDICATOR_SIZE)
        _draw_indicator(fig, plot, other)
        return _png(fig)


def _draw_indicator(fig: Figure, plot: IndicatorPlot, plan_note: str = "") -> None:
    ind, pace = plot.indicator, plot.pace
    target = ind.target
    points = plot.actuals
    stars = plot.rating.stars if plot.rating else None
    colour = rating_colour(stars)

    ax = fig.add_axes((0.085, 0.2, 0.885, 0.61))
    _style_axes(ax)
    handles: list[Artist] = []

    # The ★★★ zone: at or above pace 0.8, below the full pace (above it is on or ahead of plan).
    band = ax.fill_between(
        _x(pace.start, pace.end),
        [float(pace.start_value), float(pace.on_plan_floor)],
        [float(pace.start_value), float(pace.target)],
        color=BAND_COLOUR,
        alpha=0.08,
        linewidth=0,
        label="概ね計画どおりの範囲（ペース0.8〜1.0）",
    )
    pace_from = "0" if pace.from_zero else "現状値"
    (pace_handle,) = ax.plot(
        _x(pace.start, pace.end),
        [float(pace.start_value), float(pace.target)],
        color=PACE_COLOUR,
        linestyle="--",
        linewidth=1.6,
        label=f"想定ペース（{pace_from}→目標）",
    )
    handles += [pace_handle, band]

    baseline = plot.baseline
    if baseline is not None:
        label = "現状値（単年の値・参考）" if target.kind is TargetKind.PER_3_YEARS else "現状値"
        base = _hollow_marker(ax, baseline, "o", MUTED, 2, label, zorder=4)
        _annotate(ax, baseline.text, baseline.day, baseline.value, 0, 9, "center", color=MUTED)
        handles.insert(0, base)
    else:
        (base,) = ax.plot([], [], linestyle="none", label=f"現状値 {ind.baseline.text}（なし）")
        handles.insert(0, base)

    if points:
        if target.kind is TargetKind.PER_3_YEARS:
            since = f"{plot.plan_start.year}年" if plot.x.calendar else f"{plot.plan_start.year}年度"
            actual_label = f"実績（{since}からの累計）"
        else:
            actual_label = "実績"
        (line,) = ax.plot(
            _x(*(p.day for p in points)),
            [float(p.value) for p in points],
            color=colour,
            linewidth=2.2,
            marker="o",
            markersize=7 if len(points) <= 12 else 4,
            label=actual_label,
            zorder=5,
        )
        handles.insert(1, line)
        if plot.lead_in:
            assert baseline is not None
            # Progress is measured from the baseline: show the path from it, faintly.
            ax.plot(
                _x(baseline.day, points[0].day),
                [float(baseline.value), float(points[0].value)],
                color=colour,
                linewidth=1,
                linestyle=":",
            )
        for i in plot.labelled:
            point = points[i]
            _annotate(ax, point.text, point.day, point.value, 0, 9, "center", color=colour, size=10)
    if plot.earlier:
        (before,) = ax.plot(
            _x(*(p.day for p in plot.earlier)),
            [float(p.value) for p in plot.earlier],
            color=MUTED,
            linewidth=1.4,
            marker="s",
            markersize=5,
            label="前の計画の実績（同一の指標）",
            zorder=4,
        )
        handles.append(before)
        last = plot.earlier[-1]
        _annotate(ax, last.text, last.day, last.value, 0, -16, "center", color=MUTED, size=9)
    note = plot.no_actual
    if note is not None and not plot.earlier:
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

    goal = plot.target
    (goal_handle,) = ax.plot(
        _x(goal.day),
        [float(goal.value)],
        linestyle="none",
        marker="D",
        markersize=9,
        color=INK,
        label=f"目標 {goal.text}",
        zorder=6,
    )
    handles.append(goal_handle)
    _annotate(ax, f"目標 {goal.text}", goal.day, goal.value, -8, 9, "right", size=10)
    if target.kind is TargetKind.LOWER_BOUND:
        bound = ax.axhline(
            float(goal.value),
            color=INK,
            linewidth=0.9,
            linestyle=(0, (1, 2)),
            label=f"目標ライン（{goal.text}）",
        )
        handles.append(bound)

    rated = plot.rated_pace
    if rated is not None and plot.rating is not None and plot.rating.as_of is not None:
        # The rating was taken at the actual's date, not today: mark the pace it was judged against.
        label = f"評価時点の想定ペース（{_short_period(plot.rating.as_of)}）"
        handles.append(_hollow_marker(ax, rated, "v", PACE_COLOUR, 1.6, label, zorder=5))

    ax.set_xlim(*_x(plot.x.left, plot.x.right))
    _year_axis(ax, plot)
    _today_marker(ax, plot)

    _y_axis(ax, plot)

    title = f"指標{ind.no} {ind.name}{plan_note}"
    _text(fig, 0.03, 0.935, shorten(title, 100), 16 if _cells(title) <= 60 else 13, va="baseline")
    subtitle = _indicator_subtitle(plot)
    _text(fig, 0.03, 0.885, shorten(subtitle, SUBTITLE_CELLS), 10, MUTED, va="baseline")
    _legend(fig, handles, ncols=3, y=0.005)


def _hollow_marker(
    ax: Axes, mark: Marker, shape: str, colour: str, edge: float, label: str, zorder: int
) -> Artist:
    """One open marker on its day (the baseline, the pace at the rating's date), for the legend too."""
    (handle,) = ax.plot(
        _x(mark.day),
        [float(mark.value)],
        linestyle="none",
        marker=shape,
        markersize=8,
        markerfacecolor="white",
        markeredgecolor=colour,
        markeredgewidth=edge,
        label=label,
        zorder=zorder,
    )
    return handle


def _indicator_subtitle(plot: IndicatorPlot) -> str:
    ind, rating = plot.indicator, plot.rating
    parts = [
        _basis(plot.x.calendar, plot.plan_start, plot.plan_end),
        f"目標 {ind.target.text}（{_kind_words(plot)}）",
    ]
    if rating is not None and rating.stars:
        when = f"{_short_period(rating.as_of)}時点の" if rating.as_of is not None else "最新の"
        parts.append(f"{when}評価（試算） {fmt.stars(rating.stars)} {STAR_MEANINGS[rating.stars]}")
    else:
        reason = rating.no_rating.value if rating is not None and rating.no_rating else plot.no_actual
        parts.append(f"評価（試算）なし：{reason}")
    if ind.official is not None and ind.official.stars:
        parts.append(f"公式 {fmt.stars(ind.official.stars)}")
    return "・".join(parts)


def _today_marker(ax: Axes, plot: IndicatorPlot) -> None:
    today, place = plot.today.day, plot.today.place
    label = f"今日 {today.year}年{today.month}月{today.day}日"
    font = _font(9)
    if place in (TodayPlace.INSIDE, TodayPlace.NEAR_RIGHT):
        ax.axvline(_x(today)[0], color=NO_RATING_COLOUR, linewidth=1.2, linestyle=":", zorder=3)
        # Beside the line, at the top; on its left when it is near the right edge.
        near_right = place is TodayPlace.NEAR_RIGHT
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
    after = place is TodayPlace.AFTER
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


def _y_axis(ax: Axes, plot: IndicatorPlot) -> None:
    from matplotlib import ticker

    y = plot.y
    ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=y.whole))
    ax.yaxis.set_major_formatter(_number_formatter_class()())
    ax.set_ylim(y.bottom, y.top)
    # The unit sits horizontally above the axis: a rotated 「千円」 would be read sideways.
    ax.set_ylabel(f"（{y.unit}）", rotation=0, ha="right", va="bottom", fontproperties=_font(10), color=MUTED)
    ax.yaxis.set_label_coords(0.0, 1.02)


# -- the project chart ----------------------------------------------------------------------------


def project_chart(
    kb: Knowledge,
    project_no: int,
    latest_by_no: Mapping[int, Latest | None],
    today: date,
    plan: str | None = None,
) -> bytes:
    """A PNG of a project's indicators: progress bars coloured by ★, with today's expected pace."""
    plot = project_plot(kb, project_no, latest_by_no, today, plan)
    with _RENDER_LOCK:
        fig = _new_figure(PROJECT_WIDTH, max(3.8, 2.0 + 0.56 * len(plot.bars)))
        _draw_project(fig, plot)
        return _png(fig)


def _bar_note(bar: ProgressBar) -> tuple[str, str]:
    """The text beside a bar and its colour."""
    a: Assessment = bar.assessment
    if a.progress is None:
        if not bar.has_value:
            return "実績なし", MUTED
        assert a.no_rating is not None
        return f"評価なし（{a.no_rating.value}）", MUTED
    # a rating is a rating at a date: the actual's, which may be long before today's pace mark
    when = f"（{_short_period(a.as_of)}時点）" if a.as_of is not None else ""
    return f"{a.progress:.0%}  {fmt.stars(a.stars)}{when}", rating_colour(a.stars)


def _short_period(period: Period) -> str:
    """``2025年度`` or ``2025年3月``: the date a rating was taken at, short enough for a bar's note."""
    if period.kind is PeriodKind.FISCAL_YEAR:
        return f"{period.year}年度"
    if period.kind is PeriodKind.CALENDAR_YEAR:
        return f"{period.year}年"
    return f"{period.year}年{period.month}月"


def _elapsed_words(bars: Sequence[ProgressBar]) -> str:
    """``計画期間の経過 89%``, with the 暦年 indicators' own share beside it when they differ."""
    fiscal = {f"{b.expected:.0%}" for b in bars if not b.indicator.calendar_basis}
    calendar = {f"{b.expected:.0%}" for b in bars if b.indicator.calendar_basis}
    if fiscal and calendar and fiscal != calendar:
        return f"計画期間の経過 {min(fiscal)}、暦年の指標は {min(calendar)}"
    return f"計画期間の経過 {min(fiscal or calendar or {'—'})}"


def _draw_project(fig: Figure, plot: ProjectPlot) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    bars = plot.bars
    height_px = fig.get_figheight() * DPI
    top_px, bottom_px = 78, 104  # title + subtitle above, axis + legend below
    ax = fig.add_axes((0.33, bottom_px / height_px, 0.64, 1 - (top_px + bottom_px) / height_px))
    _style_axes(ax)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0, labelsize=10)
    n = len(bars)
    ys = list(range(n))
    xmax = BAR_CAP + 0.42  # room for 「120%  ★★★★」 beside a capped bar

    ax.barh(ys, [1.0] * n, height=0.56, color=TRACK, zorder=1)
    for y, bar in zip(ys, bars, strict=True):
        colour = rating_colour(bar.assessment.stars)
        if bar.length is not None:
            ax.barh([y], [bar.length], height=0.56, color=colour, zorder=2)
            if bar.beyond_cap:
                # A notch at the cap says the bar goes on beyond the chart.
                ax.plot([bar.length], [y], marker=">", color=colour, markersize=9, zorder=3, clip_on=False)
        note, note_colour = _bar_note(bar)
        # In a column right of the track, or past a longer bar (and the notch of a capped one), so
        # it never crosses the pace marker or the 100 % line; inside the empty track when there is
        # no progress.
        if bar.length is None:
            x = 0.03
        else:
            x = max(bar.length, bar.expected, 1.0) + (0.05 if bar.beyond_cap else 0.025)
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
            [bar.expected, bar.expected],
            [y - 0.38, y + 0.38],
            color=INK,
            linewidth=2.2,
            solid_capstyle="butt",
            zorder=5,
        )
        rated_at = bar.assessment.elapsed
        if rated_at is not None and abs(rated_at - bar.expected) > 0.005:
            # the pace at the rating's own date, thin, beside today's
            ax.plot(
                [rated_at, rated_at],
                [y - 0.3, y + 0.3],
                color=INK,
                linewidth=1.0,
                linestyle=(0, (2, 1.5)),
                solid_capstyle="butt",
                zorder=5,
            )

    ax.axvline(1.0, color=INK, linewidth=0.8, zorder=0.5)
    ax.set_xlim(0, xmax)
    # At least three rows' worth of height, so a lone bar keeps the thickness of the others.
    slots = max(n, 3)
    middle = (n - 1) / 2
    ax.set_ylim(middle + slots / 2, middle - slots / 2)  # first indicator at the top
    ax.set_yticks(ys, [wrap_label(f"{b.indicator.no} {b.indicator.name}", LABEL_CELLS) for b in bars])
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%（目標）"])
    ax.grid(True, axis="x", color=GRID, linewidth=0.6)

    title = f"プロジェクト{plot.project.no} {plot.project.name}"
    _text(fig, 0.03, 1 - 34 / fig.get_figheight() / DPI, shorten(title, 76), 15, va="baseline")
    _text(
        fig,
        0.03,
        1 - 60 / fig.get_figheight() / DPI,
        f"目標までの進捗（試算）と、今日 {fmt.date_label(plot.today).split('（')[0]} 時点の想定ペース（{_elapsed_words(bars)}）",
        10,
        MUTED,
        va="baseline",
    )
    handles: list[Artist] = [Patch(color=STAR_COLOURS[s], label=fmt.star_label(s)) for s in (4, 3, 2, 1)]
    handles.append(Patch(color=NO_RATING_COLOUR, label="評価なし"))
    handles.append(Line2D([], [], color=INK, linewidth=2.2, label="今日の想定ペース"))
    if any(b.assessment.elapsed is not None and abs(b.assessment.elapsed - b.expected) > 0.005 for b in bars):
        handles.append(
            Line2D([], [], color=INK, linewidth=1.0, linestyle=(0, (2, 1.5)), label="評価時点の想定ペース")
        )
    _legend(fig, handles, ncols=3, y=0.0)
