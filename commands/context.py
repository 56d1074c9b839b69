"""What every command runs against: the knowledge, today's date, the store and who is asking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from knowledge import Knowledge
from knowledge.kb import Latest
from knowledge.models import Indicator
from knowledge.staleness import DEFAULT_CADENCE_MONTHS, Freshness, freshness
from knowledge.store import Owner, Store
from knowledge.values import today_in_japan


def cadence_key(indicator: Indicator) -> str:
    """The settings key of an indicator's own update cadence."""
    return f"cadence:{indicator.plan}:{indicator.no}"


@dataclass(frozen=True)
class Actor:
    """Who runs a command, and what they may change (decided by the front end)."""

    id: str
    name: str
    editor: bool = False
    admin: bool = False


NOBODY = Actor("", "", editor=False, admin=False)


@dataclass(frozen=True)
class Context:
    """The inputs of a command besides the user's query."""

    kb: Knowledge
    today: date = field(default_factory=today_in_japan)
    store: Store | None = None
    actor: Actor = NOBODY
    cadence_months: int = DEFAULT_CADENCE_MONTHS
    charts: bool = True  # draw PNG charts where a command has one (benchmarks of handlers turn them off)

    def latest(self, indicator: Indicator) -> Latest | None:
        """The latest actual: recorded entries for the current plan, the document's for the 1st."""
        if indicator.plan == "2021":
            return self.kb.document_latest(indicator)
        if self.store is None:
            return None
        entry = self.store.latest(indicator.plan, indicator.no)
        return entry.to_latest() if entry else None

    def cadence(self, indicator: Indicator) -> int:
        """Months after which the indicator's actual is overdue: its own setting, else the default."""
        if self.store is not None:
            own = self.store.get_setting(cadence_key(indicator))
            if isinstance(own, int):
                return own
        return self.cadence_months

    def freshness(self, indicator: Indicator) -> Freshness | None:
        """How current the indicator's actual is (the 1st revision has ended: None)."""
        if indicator.plan == "2021":
            return None
        revision = self.kb.revision(indicator.plan)
        return freshness(indicator, revision, self.latest(indicator), self.today, self.cadence(indicator))

    def owner(self, indicator: Indicator) -> Owner | None:
        """The person or role responsible for the indicator (担当), if set."""
        if self.store is None:
            return None
        return self.store.owner(indicator.plan, indicator.no)
