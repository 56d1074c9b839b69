"""What a digest remembers for the next one, and where the previous one is found.

Each channel's digest of a day keeps its state (``digest_states``): the stars it showed, the last
entry id it saw, and the indicators that were overdue or due within the week.  The next digest
reports what differs from that, so changes accumulate over days without a digest (a weekly
digest reports the whole week).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from knowledge.store import Store


def _numbers(value: Any) -> frozenset[int] | None:
    return None if value is None else frozenset(int(n) for n in value)


@dataclass(frozen=True)
class DigestState:
    """What a digest saw: its day, each indicator's stars, the last entry id, and what was overdue or due.

    ``overdue`` and ``due`` are None when unknown (a state saved before they were kept, or a day
    before the plan began): then nothing is reported as newly overdue or newly due.
    """

    day: date
    ratings: Mapping[int, int] = field(default_factory=dict)  # indicator number -> stars (0 = none)
    last_entry_id: int = 0  # highest entries.id seen (actuals and withdrawals share the sequence)
    previous_day: date | None = None  # the digest this one was compared with
    plan: str | None = None  # the plan in force that day, whose indicators ``ratings`` numbers
    overdue: frozenset[int] | None = None  # indicators whose actual was overdue
    due: frozenset[int] | None = None  # indicators whose next actual fell due within the coming week

    def to_json(self) -> dict[str, Any]:
        """The JSON form stored with the channel's digest of the day."""
        return {
            "day": self.day.isoformat(),
            "plan": self.plan,
            "ratings": {str(no): stars for no, stars in sorted(self.ratings.items())},
            "last_entry_id": self.last_entry_id,
            "previous_day": self.previous_day.isoformat() if self.previous_day else None,
            "overdue": None if self.overdue is None else sorted(self.overdue),
            "due": None if self.due is None else sorted(self.due),
        }

    @classmethod
    def from_json(cls, data: Any) -> DigestState | None:
        """The state from its JSON form; None for anything malformed (then nothing is compared)."""
        try:
            previous = data.get("previous_day")
            return cls(
                day=date.fromisoformat(data["day"]),
                ratings={int(no): int(stars) for no, stars in data.get("ratings", {}).items()},
                last_entry_id=int(data.get("last_entry_id", 0)),
                previous_day=date.fromisoformat(previous) if previous else None,
                plan=str(data["plan"]) if data.get("plan") is not None else None,
                overdue=_numbers(data.get("overdue")),
                due=_numbers(data.get("due")),
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            return None


def save_state(store: Store, channel_id: int | str, state: DigestState) -> None:
    """Remember a day's state for a channel (kept per day, so a retried day never loses its base)."""
    store.save_digest_state(channel_id, state.day, state.to_json())


def load_state(store: Store, channel_id: int | str, day: date) -> DigestState | None:
    """The state saved for a channel's digest of a day, or None."""
    return DigestState.from_json(store.digest_state(channel_id, day))


def previous_state(store: Store | None, channel_id: int | str | None, day: date) -> DigestState | None:
    """The state of the channel's last sent digest before ``day`` (what ``day`` compares with)."""
    if store is None or channel_id is None:
        return None
    run = store.last_sent_digest(channel_id)
    state = load_state(store, channel_id, date.fromisoformat(run.digest_date)) if run else None
    # A preview of an earlier day walks back along the chain of compared digests (all were sent).
    for _ in range(400):
        if state is None or state.day < day:
            return state
        state = load_state(store, channel_id, state.previous_day) if state.previous_day else None
    return None
