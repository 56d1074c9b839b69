"""How often the digest is posted in a channel: every day, on weekdays, or once a week on one day."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # date.weekday() order
WEEKDAY_NAMES = ("月", "火", "水", "木", "金", "土", "日")


@dataclass(frozen=True)
class Cadence:
    """A digest's cadence, stored as ``daily``, ``weekdays`` or ``weekly-mon`` … ``weekly-sun``."""

    value: str

    @property
    def weekday(self) -> int | None:
        """The one day of the week a weekly digest goes out (0 = Monday), None otherwise."""
        code = self.value.removeprefix("weekly-")
        return WEEKDAY_CODES.index(code) if code != self.value else None

    @property
    def label(self) -> str:
        """``毎日``, ``平日のみ`` or ``毎週月曜日``."""
        if self.weekday is not None:
            return f"毎週{WEEKDAY_NAMES[self.weekday]}曜日"
        return "平日のみ" if self.value == "weekdays" else "毎日"

    @property
    def weekly(self) -> bool:
        """True for once a week."""
        return self.weekday is not None

    def posts_on(self, day: date) -> bool:
        """Whether a digest is due on ``day``."""
        if self.weekday is not None:
            return day.weekday() == self.weekday
        return self.value != "weekdays" or day.weekday() < 5

    def missed(self, last: date, day: date) -> int:
        """How many digest days lie strictly between the last digest sent and ``day``."""
        return sum(self.posts_on(last + timedelta(n)) for n in range(1, (day - last).days))


DAILY = Cadence("daily")
CADENCES = (DAILY, Cadence("weekdays"), *(Cadence(f"weekly-{code}") for code in WEEKDAY_CODES))

# What staff type for each cadence besides its label and stored value (NFKC-folded, lower case).
_WORDS = {
    "daily": ("毎日", "まいにち", "everyday"),
    "weekdays": ("平日", "平日のみ", "へいじつ", "weekday"),
}


def parse_cadence(text: str) -> Cadence | None:
    """``平日のみ``, ``毎週金曜日``, ``金曜``, ``weekly-fri`` … → the cadence; None for anything else."""
    wanted = "".join(unicodedata.normalize("NFKC", text).lower().split())  # "every day", "毎週 金曜"
    for cadence in CADENCES:
        if wanted in (cadence.value, cadence.label, *_WORDS.get(cadence.value, ())):
            return cadence
        if cadence.weekday is not None:
            name = WEEKDAY_NAMES[cadence.weekday]
            spoken = {f"毎週{name}{end}" for end in ("曜日", "曜", "")} | {
                f"{name}{end}" for end in ("曜日", "曜")
            }
            if wanted in spoken or wanted == WEEKDAY_CODES[cadence.weekday]:
                return cadence
    return None


def stored_cadence(value: str | None) -> Cadence:
    """The cadence a stored value names; daily (every channel's default) for none."""
    return next((c for c in CADENCES if c.value == value), DAILY)


def accepted_text() -> str:
    """The cadences in words, for a message that refuses another: ``毎日・平日のみ・毎週○曜日（…）``."""
    return "毎日・平日のみ・毎週○曜日（例: 毎週月曜日）"
