"""Reading the values and as-of dates that editors type (``/update``, the console).

Both parsers are pure and forgiving about form (full-width characters, spaces, thousands commas,
和暦) but strict about meaning: a value is converted into the indicator's target unit or refused,
and an as-of date must lie between the start of the plan and today.  Every refusal is an
:class:`InputError` whose message, in Japanese, says what to type instead.

Decisions worth knowing:

- A bare number is in the indicator's own unit: ``49000`` for 外国人延べ宿泊者数 (万人) means
  49000万人.  Simple and predictable beats guessing; ``49,000人`` says 人 explicitly.
- The multipliers 千, 万, 百万, 億 and 兆 combine with 円 and 人 only; counted units (件, 社, 回,
  港, 箇所), km and % are taken as they are.
- Counts of things and people in their plain unit must be whole numbers, a % lies within 0–100,
  and only amounts of money (円) may be negative (a 付加価値増加額 can fall).
- The default as-of date is today, as a day (``2026-11-29``): the editor records what is known
  today, and the rating counts elapsed time to that day.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, localcontext

from knowledge.models import Indicator, Revision
from knowledge.periods import Period, PeriodKind, day_text

MAX_INPUT_CHARS = 30
# Bounds on a value in its target unit.  Far beyond any real figure of this strategy, they keep
# the display text short enough to be typed back in (and so re-read as the same value).
MAX_MAGNITUDE = Decimal(10) ** 12
MAX_DECIMALS = 6

# Japan has had no daylight saving time since 1951, so a fixed offset is exact and needs no tzdata.
JST = timezone(timedelta(hours=9), "JST")

# Powers of ten of the multipliers; 百万 must be tried before 万.
_MULTIPLIERS = {"兆": 12, "億": 8, "百万": 6, "万": 4, "千": 3}
_SCALABLE = ("円", "人")
_PLAIN_UNITS = frozenset({"件", "社", "回", "港", "箇所", "km", "%"})
_COUNT_UNITS = frozenset({"件", "社", "回", "港", "箇所", "人"})

# Other spellings people type for the same unit (after NFKC, so ％ is already %).
_UNIT_ALIASES = {
    "か所": "箇所",
    "カ所": "箇所",
    "ヶ所": "箇所",
    "ケ所": "箇所",
    "ヵ所": "箇所",
    "キロ": "km",
    "キロメートル": "km",
    "パーセント": "%",
    "回数": "回",
}

# Minus signs and dashes NFKC leaves alone; ▲ and △ are the Japanese accounting minus.
_MINUS = str.maketrans({c: "-" for c in "−‐‑‒–—―▲△"})

# ASCII digits only (NFKC has already folded full-width ones): ٣ or ३ would be a surprise.
_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>.*)$", re.ASCII
)


class InputError(ValueError):
    """Something an editor typed that cannot be used; the message is Japanese and shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValueParseError(InputError):
    """A value that cannot be read, or not in a unit the indicator accepts."""


class AsOfParseError(InputError):
    """An as-of date that cannot be read or lies outside the plan period up to today."""


@dataclass(frozen=True)
class ParsedValue:
    """A value in the indicator's target unit, with its display text in the document's style."""

    value: Decimal
    unit: str
    text: str


# -- values ----------------------------------------------------------------------------------


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_MINUS)
    return "".join(text.split())


def _split_unit(unit: str) -> tuple[int, str] | None:
    """``千円`` → (3, ``円``); ``件`` → (0, ``件``); None for a unit this module does not know."""
    unit = _UNIT_ALIASES.get(unit, unit)
    if unit.endswith("名"):  # 570名, 4.9万名: people counted as 名
        unit = unit[:-1] + "人"
    if unit in _PLAIN_UNITS or unit in _SCALABLE:
        return 0, unit
    for base in _SCALABLE:
        prefix = unit.removesuffix(base)
        if prefix != unit and prefix in _MULTIPLIERS:
            return _MULTIPLIERS[prefix], base
    return None


def _plain(number: Decimal) -> str:
    """Fixed-point text without exponent or trailing zeros (exact: no context rounding)."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _uses_commas(indicator: Indicator) -> bool:
    # The document groups thousands (1,788人, 700,000千円); follow a target or baseline that
    # prints four or more digits ungrouped instead, should one ever do so.  Only the leading
    # number counts: "4.9万人 (2022暦年)" ends in a year, not a value.
    for text in (indicator.target.text, indicator.baseline.text):
        m = re.match(r"\d[\d,]*", unicodedata.normalize("NFKC", text))
        if m and "," not in m.group() and len(m.group()) >= 4:
            return False
    return True


def format_value(value: Decimal, unit: str, commas: bool = True) -> str:
    """Display text of a value as the document writes it: ``1,234件``, ``95.2%``, ``4.9万人``."""
    text = format(value, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    if commas:
        whole = f"{int(whole):,}"
    return f"{sign}{whole}{'.' + fraction if fraction else ''}{unit}"


def _examples(indicator: Indicator) -> str:
    unit = indicator.target.unit or ""
    sample = indicator.baseline.value if indicator.baseline.value is not None else indicator.target.value
    sample = sample if sample is not None else Decimal(12)
    commas = _uses_commas(indicator)
    shown = [format_value(sample, "", commas), format_value(sample, unit, commas)]
    split = _split_unit(unit)
    if split and split[0] > 0:
        exp, base = split
        alt_exp = 6 if base == "円" and exp > 6 else 0
        alt_unit = ("百万" if alt_exp else "") + base
        shown.append(format_value(Decimal(_plain(sample.scaleb(exp - alt_exp))), alt_unit, commas))
    return "例: " + "、".join(shown)


def _in_target_unit(number: Decimal, unit_text: str, raw_unit: str, indicator: Indicator) -> Decimal:
    target_unit = indicator.target.unit or ""
    if not unit_text or unit_text == target_unit.casefold():
        return number  # as typed, so "5.0" stays "5.0km" as the document would print it
    target = _split_unit(target_unit)
    given = _split_unit(unit_text)
    if given is None and unit_text in _MULTIPLIERS and target and target[1] in _SCALABLE:
        given = (_MULTIPLIERS[unit_text], target[1])  # 4.9万 for an indicator in 万人
    if given is None or target is None or given[1] != target[1]:
        raise ValueParseError(
            f"単位「{raw_unit}」はこの指標（単位: {target_unit}）には使えません。{_examples(indicator)}"
        )
    if given[0] == target[0]:
        return number
    # The context is wide enough for any 30-character input, so scaling never rounds.
    with localcontext(prec=64):
        return Decimal(_plain(number.scaleb(given[0] - target[0])))


def parse_value(text: str, indicator: Indicator) -> ParsedValue:
    """Read a typed value into the indicator's target unit (raises ValueParseError)."""
    target_unit = indicator.target.unit or ""
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        raise ValueParseError(f"値が入力されていません。{_examples(indicator)}")
    if len(raw) > MAX_INPUT_CHARS:
        raise ValueParseError(f"入力が長すぎます（{MAX_INPUT_CHARS}文字まで）。{_examples(indicator)}")
    m = _NUMBER.match(_normalize(raw))
    # "1,23" would otherwise read as 1 with the unit ",23".
    if not m or re.match(r"[\d,.]", m["unit"]):
        raise ValueParseError(f"「{raw}」は数値として読めません。{_examples(indicator)}")
    number = Decimal(m["num"].replace(",", ""))
    if m["sign"] == "-" and number:
        number = -number
    value = _in_target_unit(number, m["unit"].casefold(), m["unit"], indicator)  # KM and Km are km

    target = _split_unit(target_unit)
    base, scaled = (target[1], target[0] > 0) if target else (target_unit, False)
    if value < 0 and base != "円":
        raise ValueParseError(f"マイナスの値は入力できません（単位: {target_unit}）。")
    if base in _COUNT_UNITS and not scaled and value != value.to_integral_value():
        raise ValueParseError(f"この指標（単位: {target_unit}）の値は整数で入力してください（入力: {raw}）。")
    if abs(value) >= MAX_MAGNITUDE:
        raise ValueParseError(f"値が大きすぎます（入力: {raw}、単位: {target_unit}）。{_examples(indicator)}")
    exponent = value.as_tuple().exponent  # an int: the value is finite
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise ValueParseError(
            f"小数点以下は{MAX_DECIMALS}桁までにしてください（入力: {raw}、単位: {target_unit}）。"
        )
    if base == "%" and value > 100:
        raise ValueParseError(f"割合は 0〜100% の範囲で入力してください（入力: {raw}）。")
    return ParsedValue(value, target_unit, format_value(value, target_unit, _uses_commas(indicator)))


# -- as-of dates -----------------------------------------------------------------------------

_ERAS = {"令和": 2019, "R": 2019, "平成": 1989, "H": 1989}  # the first (gregorian) year of each era

_YEAR = r"(?P<y>\d{4})"
_ERA_YEAR = r"(?P<era>令和|平成|R|H)(?P<ey>\d{1,2}|元)"
_MONTH = r"(?P<m>\d{1,2})"
_DAY = r"(?P<d>\d{1,2})"
# (tail after the year, kind, written as a plain 年 that is ambiguous for a 年度 indicator)
_TAILS: tuple[tuple[str, PeriodKind, bool], ...] = (
    ("年度", PeriodKind.FISCAL_YEAR, False),
    ("暦年", PeriodKind.CALENDAR_YEAR, False),
    ("年", PeriodKind.CALENDAR_YEAR, True),
    # 2025年3月末 and R7.3末 name a month's end, which is the month as a period.
    (rf"[-/.]{_MONTH}月?末?", PeriodKind.MONTH, False),
    (rf"年{_MONTH}月末?", PeriodKind.MONTH, False),
    (rf"[-/.]{_MONTH}[-/.]{_DAY}日?", PeriodKind.DAY, False),
    (rf"年{_MONTH}月{_DAY}日", PeriodKind.DAY, False),
)
_FORMS: tuple[tuple[re.Pattern[str], PeriodKind, bool], ...] = (
    (re.compile(rf"FY{_YEAR}", re.ASCII), PeriodKind.FISCAL_YEAR, False),
    (re.compile(rf"CY{_YEAR}", re.ASCII), PeriodKind.CALENDAR_YEAR, False),
    *(
        (re.compile(head + tail, re.ASCII), kind, plain)
        for head in (_YEAR, _ERA_YEAR)
        for tail, kind, plain in _TAILS
    ),
)
_TODAY_WORDS = frozenset({"今日", "本日", "TODAY"})
_AS_OF_EXAMPLES = "例: 2025-03、2025/3/31、2025年度、R7.3、令和7年度"


def today_in_japan(now: datetime | None = None) -> date:
    """Today's date in Japan (the bot's users count days in JST whatever the server's zone)."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(JST).date()


def to_jst(stamp: str) -> datetime:
    """A stored time (ISO 8601, UTC when it names no zone) as Japan's time."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(JST)


def default_as_of(today: date) -> Period:
    """The as-of date when an editor gives none: today, as a day period."""
    return Period(PeriodKind.DAY, today.year, today.month, today.day)


def plan_start(indicator: Indicator, revision: Revision | None = None) -> date:
    """First day of the plan as it applies to the indicator (01-01 for 暦年 indicators)."""
    # A plan id names its first 年度 ("2024" is FY2024–FY2026); a Revision, when given, is used
    # instead, so a future plan whose id does not follow that rule still works.
    year = revision.start.year if revision is not None else int(indicator.plan)
    return date(year, 1, 1) if indicator.calendar_basis else date(year, 4, 1)


def _read_period(text: str) -> tuple[Period, bool] | None:
    """The period a normalized text names and whether it was written as a plain ``2025年``."""
    for pattern, kind, plain_year in _FORMS:
        m = pattern.fullmatch(text)
        if not m:
            continue
        groups = m.groupdict()
        if groups.get("y"):
            year = int(groups["y"])
        else:
            era_year = 1 if groups["ey"] == "元" else int(groups["ey"])
            year = _ERAS[groups["era"]] + era_year - 1
        if year < 1:
            return None  # year 0000: no such date, so not a time point at all
        month = int(groups["m"]) if groups.get("m") else None
        day = int(groups["d"]) if groups.get("d") else None
        if month is not None and not 1 <= month <= 12:
            raise AsOfParseError(f"「{month}月」という月はありません。{_AS_OF_EXAMPLES}")
        if day is not None:
            try:
                date(year, month or 1, day)
            except ValueError:
                raise AsOfParseError(
                    f"{year}年{month}月{day}日という日はありません。{_AS_OF_EXAMPLES}"
                ) from None
        return Period(kind, year, month, day), plain_year
    return None


def parse_as_of(text: str, indicator: Indicator, today: date, revision: Revision | None = None) -> Period:
    """Read a typed as-of date as a Period between the plan's start and today (raises AsOfParseError)."""
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        raise AsOfParseError(f"時点が入力されていません。{_AS_OF_EXAMPLES}")
    if len(raw) > MAX_INPUT_CHARS:
        raise AsOfParseError(f"入力が長すぎます（{MAX_INPUT_CHARS}文字まで）。{_AS_OF_EXAMPLES}")
    normalized = _normalize(raw).upper()
    for suffix in ("時点", "現在"):
        normalized = normalized.removesuffix(suffix)
    if normalized.endswith("年度末"):  # 2025年度末: the year's figure, as of its last day
        normalized = normalized.removesuffix("末")
    if normalized in _TODAY_WORDS:
        return default_as_of(today)
    read = _read_period(normalized)
    if read is None:
        raise AsOfParseError(f"「{raw}」は時点として読めません。{_AS_OF_EXAMPLES}")
    period, plain_year = read

    if period.kind is PeriodKind.CALENDAR_YEAR and not indicator.calendar_basis:
        y = period.year
        if plain_year:
            reason = f"「{raw}」は年度か暦年かがあいまいです。この指標は年度で集計します。"
        else:
            reason = f"この指標は暦年ではなく年度で集計します（入力: {raw}）。"
        raise AsOfParseError(f"{reason}「{y}年度」か、「{y}-03」のように月で入力してください。")

    if period.kind is PeriodKind.FISCAL_YEAR and indicator.calendar_basis:
        y = period.year
        raise AsOfParseError(
            f"この指標は年度ではなく暦年（1月〜12月）で集計します（入力: {raw}）。「{y}年」か「{y}-12」のように入力してください。"
        )

    first = plan_start(indicator, revision)
    valid = (
        f"{day_text(first)}（計画期間の始まり）から{day_text(today)}（今日）までの時点を入力してください。"
    )
    if period.start < first:
        raise AsOfParseError(f"「{raw}」は計画期間より前です。{valid}")
    if period.start > today:
        raise AsOfParseError(f"「{raw}」はまだ始まっていません。{valid}")
    return period


__all__ = [
    "JST",
    "MAX_DECIMALS",
    "MAX_INPUT_CHARS",
    "MAX_MAGNITUDE",
    "AsOfParseError",
    "InputError",
    "ParsedValue",
    "ValueParseError",
    "default_as_of",
    "format_value",
    "parse_as_of",
    "parse_value",
    "plan_start",
    "today_in_japan",
]


def parse_day(text: str) -> date | None:
    """``2026-11-29``, ``2026/11/29`` or full-width digits → a date; None otherwise."""
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", unicodedata.normalize("NFKC", text).strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
