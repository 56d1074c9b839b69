"""What every command runs against: the knowledge, today's date, and where actuals come from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from knowledge import Knowledge
from knowledge.kb import Latest
from knowledge.models import Indicator

JST = ZoneInfo("Asia/Tokyo")


def today_jst() -> date:
    """Today's date in Japan, where the plan's dates are counted."""
    return datetime.now(JST).date()


def _no_entries(_indicator: Indicator) -> Latest | None:
    return None


@dataclass(frozen=True)
class Context:
    """The inputs of a command besides the user's query."""

    kb: Knowledge
    today: date = field(default_factory=today_jst)
    # Latest recorded actual of a 2nd-revision indicator; the document has none of its own.
    recorded: Callable[[Indicator], Latest | None] = _no_entries

    def latest(self, indicator: Indicator) -> Latest | None:
        """The latest actual: recorded entries for the current plan, the document's for the 1st."""
        if indicator.plan == "2021":
            return self.kb.document_latest(indicator)
        return self.recorded(indicator)
