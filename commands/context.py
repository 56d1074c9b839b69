"""What every command runs against: the knowledge, today's date, the store and who is asking."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from knowledge import Knowledge
from knowledge.kb import Latest, Official
from knowledge.models import Indicator
from knowledge.rating import Assessment
from knowledge.staleness import DEFAULT_CADENCE_MONTHS, DEFAULT_GRACE_DAYS, Freshness, freshness
from knowledge.store import Owner, Snapshot, Store
from knowledge.values import today_in_japan


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
    grace_days: int = DEFAULT_GRACE_DAYS  # days after a figure's expected publication before it is overdue
    charts: bool = True  # draw PNG charts where a command has one (benchmarks of handlers turn them off)
    # What this reply has read from the store, per plan: taken once, so one answer is one view.
    _snapshots: dict[str, Snapshot] = field(default_factory=dict, compare=False, repr=False)

    @property
    def plan(self) -> str:
        """The plan in force today in Japan (or the one a setting names): every default follows it."""
        return self.kb.current_plan(self.today)

    def snapshot(self, plan: str, *, history: bool = False) -> Snapshot | None:
        """The store's state for a plan, read once per context in one transaction.

        ``history`` asks for every actual as well; asked for after a view without it, it takes a new
        view, so a reply that needs it asks for it first.
        """
        if self.store is None:
            return None
        cached = self._snapshots.get(plan)
        if cached is None or (history and cached.history is None):
            self._snapshots[plan] = self.store.snapshot(plan, history=history)
        return self._snapshots[plan]

    def fresh(self) -> Context:
        """The same context with a new view of the store: for each command, and after a write."""
        return dataclasses.replace(self, _snapshots={})

    def latest(self, indicator: Indicator) -> Latest | None:
        """The latest actual: the latest recorded entry, else the one the document prints."""
        if indicator.actual is not None:  # a table of results the document printed is final
            return self.kb.document_latest(indicator)
        snapshot = self.snapshot(indicator.plan)
        entry = snapshot.latest.get(indicator.no) if snapshot else None
        return entry.to_latest() if entry else None

    def assess(self, indicator: Indicator, latest: Latest | None) -> Assessment:
        """The 試算 rating of an actual as of today: the 最終評価 once the indicator's plan has ended."""
        return self.kb.assess_latest(indicator, latest, self.today)

    def official(self, indicator: Indicator) -> Official | None:
        """The official rating in effect: the latest an editor recorded, else the document's own."""
        snapshot = self.snapshot(indicator.plan)
        recorded = snapshot.officials.get(indicator.no) if snapshot else None
        return recorded.to_official() if recorded else self.kb.document_official(indicator)

    def assess_as_official(self, indicator: Indicator, official: Official) -> Assessment:
        """The 試算 rating taken as the official one was: from the latest actual at its date, final if it was."""
        history = self.store.history(indicator.plan, indicator.no) if self.store else []
        actuals = [e.to_latest() for e in history if not e.withdrawn]
        return self.kb.assess_as_official(indicator, official, actuals)

    def cadence(self, indicator: Indicator) -> int:
        """Months after which the indicator's actual is overdue: its own setting, else the default."""
        snapshot = self.snapshot(indicator.plan)
        own = snapshot.cadences.get(indicator.no) if snapshot else None
        return own if own is not None else self.cadence_months

    def freshness(self, indicator: Indicator) -> Freshness | None:
        """How current the indicator's actual is (None where the document printed the final actual)."""
        if indicator.actual is not None:
            return None
        revision = self.kb.revision(indicator.plan)
        lag = self.kb.publication.months(indicator)
        return freshness(
            indicator,
            revision,
            self.latest(indicator),
            self.today,
            lag,
            self.grace_days,
            self.cadence(indicator),
        )

    def owner(self, indicator: Indicator) -> Owner | None:
        """The person or role responsible for the indicator (担当), if set."""
        snapshot = self.snapshot(indicator.plan)
        return snapshot.owners.get(indicator.no) if snapshot else None
