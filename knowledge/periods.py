"""Periods and dates as the strategy uses them: 年度 (April–March), 暦年, months and days.

A period is written in one canonical string form everywhere (data files, JSON, storage):
``FY2022`` (2022年度, 2022-04-01..2023-03-31), ``CY2022`` (2022暦年), ``2023-12`` (a month)
and ``2023-12-31`` (a day).  The document prints dates in 和暦 shorthand such as ``R5.12`` or
``R4 年度``; :func:`parse_printed` reads those.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodKind(StrEnum):
    """What a period string denotes."""

    FISCAL_YEAR = "fiscal_year"
    CALENDAR_YEAR = "calendar_year"
    MONTH = "month"
    DAY = "day"


class PeriodError(ValueError):
    """A period string that is not one of the canonical forms."""


_CANONICAL = re.compile(r"^(?:FY(?P<fy>\d{4})|CY(?P<cy>\d{4})|(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)$")

# 和暦 eras that can occur in this strategy's dates, newest first: (name, initial, first day).
_ERAS = (("令和", "R", date(2019, 5, 1)), ("平成", "H", date(1989, 1, 8)))


@dataclass(frozen=True)
class Period:
    """A fiscal year, calendar year, month or day."""

    kind: PeriodKind
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def start(self) -> date:
        """First day of the period."""
        if self.kind is PeriodKind.FISCAL_YEAR:
            return date(self.year, 4, 1)
        if self.kind is PeriodKind.CALENDAR_YEAR:
            return date(self.year, 1, 1)
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date:
        """Last day of the period: 03-31 of the next year for a 年度, the month's last day for a month."""
        if self.kind is PeriodKind.FISCAL_YEAR:
            return date(self.year + 1, 3, 31)
        if self.kind is PeriodKind.CALENDAR_YEAR:
            return date(self.year, 12, 31)
        if self.kind is PeriodKind.MONTH:
            assert self.month is not None
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return self.start

    @property
    def is_calendar_basis(self) -> bool:
        """True for 暦年 periods, which count plan years from January."""
        return self.kind is PeriodKind.CALENDAR_YEAR

    def __str__(self) -> str:
        if self.kind is PeriodKind.FISCAL_YEAR:
            return f"FY{self.year}"
        if self.kind is PeriodKind.CALENDAR_YEAR:
            return f"CY{self.year}"
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def label(self) -> str:
        """Japanese label in 西暦 with 和暦 beside it, e.g. ``2022年度（令和4年度）``."""
        if self.kind is PeriodKind.FISCAL_YEAR:
            # A 年度 takes the era of its first day (FY2019 is 令和元年度 by convention, as the
            # era changed in its second month).
            return f"{self.year}年度（{wareki_year(max(self.start, date(self.year, 5, 1)))}度）"
        if self.kind is PeriodKind.CALENDAR_YEAR:
            return f"{self.year}年（{wareki_year(self.end)}）"
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}年{self.month}月（{wareki_year(self.end)}{self.month}月）"
        return (
            f"{self.year}年{self.month}月{self.day}日（{wareki_year(self.start)}{self.month}月{self.day}日）"
        )


def parse_period(text: str) -> Period:
    """Parse a canonical period string (``FY2022``, ``CY2022``, ``2023-12``, ``2023-12-31``)."""
    m = _CANONICAL.match(text.strip()) if isinstance(text, str) else None
    if not m:
        raise PeriodError(f"not a period (use FY2022, CY2022, 2023-12 or 2023-12-31): {text!r}")
    if m["fy"]:
        return Period(PeriodKind.FISCAL_YEAR, int(m["fy"]))
    if m["cy"]:
        return Period(PeriodKind.CALENDAR_YEAR, int(m["cy"]))
    year, month = int(m["y"]), int(m["m"])
    if not 1 <= month <= 12:
        raise PeriodError(f"month out of range: {text!r}")
    if m["d"] is None:
        return Period(PeriodKind.MONTH, year, month)
    day = int(m["d"])
    try:
        date(year, month, day)
    except ValueError as exc:
        raise PeriodError(f"no such day: {text!r}") from exc
    return Period(PeriodKind.DAY, year, month, day)


def day_text(day: date) -> str:
    """``2026年8月1日``: a day in the western calendar, as messages and notes print it."""
    return f"{day.year}年{day.month}月{day.day}日"


def wareki_year(day: date) -> str:
    """The 和暦 year of a day, e.g. ``令和5年`` (元年 for the first year)."""
    for name, _initial, first in _ERAS:
        if day >= first:
            n = day.year - first.year + 1
            return f"{name}{'元' if n == 1 else n}年"
    raise ValueError(f"no era known for {day}")


_PRINTED = re.compile(r"^(?P<era>[RH])\s*(?P<y>\d{1,2})\s*(?:\.\s*(?P<m>\d{1,2})|(?P<fy>年度))$")


def parse_printed(text: str) -> Period:
    """Read the document's 和暦 shorthand: ``R5.12`` is 2023-12, ``R4 年度`` is FY2022."""
    m = _PRINTED.match(text.strip())
    if not m:
        raise PeriodError(f"not a printed 和暦 date such as R5.12 or R4年度: {text!r}")
    first = next(f for _name, initial, f in _ERAS if initial == m["era"])
    year = first.year + int(m["y"]) - 1
    if m["fy"]:
        return Period(PeriodKind.FISCAL_YEAR, year)
    return parse_period(f"{year:04d}-{int(m['m']):02d}")


def days_inclusive(start: date, end: date) -> int:
    """Number of days from start to end, both counted."""
    return (end - start).days + 1
