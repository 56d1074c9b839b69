"""What changed since the previous digest: actuals added, corrected or withdrawn, and ★ that moved.

Actuals are compared as the net change per indicator and period: the value in effect when the
previous digest was built (every entry up to its ``last_entry_id``) against the one in effect
now.  An entry recorded and withdrawn between two digests is no change at all; a correction
reads old → new.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from commands import format as fmt
from knowledge.models import Indicator
from knowledge.periods import parse_period
from knowledge.store import Entry


@dataclass(frozen=True)
class ActualChanges:
    """The lines of each kind of change in the actuals, in indicator order."""

    new: tuple[str, ...] = ()
    corrected: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()

    @property
    def lines(self) -> tuple[str, ...]:
        """Every change, one line each, new ones first."""
        return (*self.new, *self.corrected, *self.withdrawn)


def _in_effect_then(entries: Sequence[Entry], since: int) -> dict[str, Entry]:
    """Each period's actual as it stood once ``since`` was the last entry id (entries come newest first)."""
    out: dict[str, Entry] = {}
    for e in entries:
        if e.id <= since and (e.withdrawal_id is None or e.withdrawal_id > since):
            out.setdefault(e.as_of, e)
    return out


def _in_effect_now(entries: Sequence[Entry]) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for e in entries:
        if not e.withdrawn:
            out.setdefault(e.as_of, e)
    return out


def actual_changes(
    indicators: Sequence[Indicator], history: Mapping[int, Sequence[Entry]], since: int
) -> ActualChanges:
    """The net changes in each indicator's actuals since the entry id ``since``."""
    new: list[str] = []
    corrected: list[str] = []
    withdrawn: list[str] = []
    for ind in indicators:
        entries = history.get(ind.no, ())
        then, now = _in_effect_then(entries, since), _in_effect_now(entries)
        for as_of in sorted(then.keys() | now.keys(), key=lambda p: (parse_period(p).end, p)):
            before, after = then.get(as_of), now.get(as_of)
            label = f"指標{ind.no} {ind.name}"
            when = fmt.period_label(as_of)
            if after is not None and before is None:
                new.append(
                    f"新しい実績: {label}: {after.value_text}（{when}） 登録: {after.recorded_by_name}"
                )
            elif after is not None and before is not None and after.id != before.id:
                corrected.append(
                    f"訂正: {label}: {before.value_text} → {after.value_text}（{when}） 訂正: {after.recorded_by_name}"
                )
            elif after is None and before is not None:
                who = f" 取り消し: {before.withdrawn_by_name}" if before.withdrawn_by_name else ""
                withdrawn.append(f"取り消し: {label}: {before.value_text}（{when}）{who}")
    return ActualChanges(tuple(new), tuple(corrected), tuple(withdrawn))


def last_entry_id(history: Mapping[int, Sequence[Entry]]) -> int:
    """The highest entry id in the history, withdrawals included (they share the sequence)."""
    ids = [max(e.id, e.withdrawal_id or 0) for entries in history.values() for e in entries]
    return max(ids, default=0)


def moved_ratings(
    indicators: Sequence[Indicator], before: Mapping[int, int], after: Mapping[int, int]
) -> tuple[str, ...]:
    """``指標15 5G人口カバー率: 評価なし → ★★☆☆`` for each indicator whose stars (試算) moved."""
    return tuple(
        f"指標{i.no} {i.name}: {fmt.stars(before.get(i.no, 0))} → {fmt.stars(after.get(i.no, 0))}"
        for i in indicators
        if before.get(i.no, 0) != after.get(i.no, 0)
    )
