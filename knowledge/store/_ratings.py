"""Official ★ ratings recorded by editors: an append-only log beside the actuals (``ratings``).

A rating is the team's own judgement (公式) of an indicator as of a period.  A second rating for
the same period corrects the first; an undo is a 'withdrawal' row naming the rating it withdraws.
Both are audited (``rate`` and ``unrate``) in the same transaction as the row.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from knowledge.kb import Official
from knowledge.periods import Period, parse_period
from knowledge.store._common import NothingToUndo, NotYours, _utc

if TYPE_CHECKING:
    from knowledge._sqlite import Database


@dataclass(frozen=True)
class OfficialEntry:
    """A recorded official rating (a ``ratings`` row of kind 'rating'), with its withdrawal if undone."""

    id: int
    plan: str
    indicator: int
    stars: int
    as_of: str
    interim: bool  # the plan's period had not ended when it was recorded: a 中間評価
    note: str | None
    recorded_by_id: str
    recorded_by_name: str
    recorded_at: str
    withdrawal_id: int | None = None
    withdrawn_at: str | None = None
    withdrawn_by_name: str | None = None

    @property
    def withdrawn(self) -> bool:
        """True once the rating has been undone."""
        return self.withdrawal_id is not None

    @property
    def period(self) -> Period:
        """The as-of period, parsed."""
        return parse_period(self.as_of)

    def to_official(self) -> Official:
        """This rating as the knowledge layer's Official (source "entry")."""
        return Official(
            self.stars,
            "★" * self.stars,
            self.period,
            "entry",
            self.interim,
            recorded_by=self.recorded_by_name,
            recorded_at=self.recorded_at,
            note=self.note,
            rating_id=self.id,
        )


class _Stamped(Protocol):
    @property
    def recorded_at(self) -> str: ...
    @property
    def withdrawn_at(self) -> str | None: ...


S = TypeVar("S", bound=_Stamped)


def as_it_stood(items: Iterable[S], moment: datetime | None) -> list[S]:
    """The rows that were in effect at ``moment`` (recorded by then, not yet withdrawn); all effective for None."""
    if moment is None:
        return [i for i in items if i.withdrawn_at is None]
    at = _utc(moment)
    return [i for i in items if i.recorded_at <= at and (i.withdrawn_at is None or i.withdrawn_at > at)]


_COLUMNS = """
    r.id, r.plan, r.indicator, r.stars, r.as_of, r.interim, r.note, r.recorded_by_id,
    r.recorded_by_name, r.recorded_at, w.id AS withdrawal_id, w.recorded_at AS withdrawn_at,
    w.recorded_by_name AS withdrawn_by_name
"""
_SELECT = (
    f"SELECT {_COLUMNS} FROM ratings r LEFT JOIN ratings w ON w.withdraws = r.id WHERE r.kind = 'rating'"
)
_NEWEST = "ORDER BY r.as_of_end DESC, r.id DESC"


def _official(row: Mapping[str, Any]) -> OfficialEntry:
    return OfficialEntry(**{**row, "interim": bool(row["interim"])})


class RatingsMixin:
    """The ``ratings`` half of :class:`knowledge.store.Store`."""

    if TYPE_CHECKING:
        db: Database
        _lock: threading.RLock
        _write: Callable[[], AbstractContextManager[None]]
        _log: Callable[..., int]

        def _rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]: ...

    def rate(
        self,
        plan: str,
        indicator: int,
        stars: int,
        as_of: str,
        by_id: str | int,
        by_name: str,
        *,
        interim: bool,
        note: str | None = None,
        now: datetime | None = None,
    ) -> OfficialEntry:
        """Append an official rating as of a period; audited as ``rate``, with the one it corrects."""
        if not 1 <= stars <= 4:
            raise ValueError(f"stars must be 1..4: {stars!r}")
        period = parse_period(as_of)
        at = _utc(now)
        with self._write():
            replaced = self._official_rows(
                f"{_SELECT} AND w.id IS NULL AND r.plan = ? AND r.indicator = ? AND r.as_of = ? ORDER BY r.id DESC",
                [plan, indicator, str(period)],
            )
            cursor = self.db.execute(
                "INSERT INTO ratings (plan, indicator, kind, stars, as_of, as_of_end, interim, note,"
                " recorded_by_id, recorded_by_name, recorded_at) VALUES (?, ?, 'rating', ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    plan,
                    indicator,
                    stars,
                    str(period),
                    period.end.isoformat(),
                    int(interim),
                    note,
                    str(by_id),
                    by_name,
                    at,
                ],
            )
            rating_id = cursor.lastrowid
            assert rating_id is not None
            detail = {
                "rating_id": rating_id,
                "stars": stars,
                "as_of": str(period),
                "interim": interim,
                "note": note,
                "replaces": None if not replaced else {"id": replaced[0].id, "stars": replaced[0].stars},
            }
            self._log(at, str(by_id), by_name, "rate", plan, indicator, None, detail)
            made = self._official_rows(f"{_SELECT} AND r.id = ?", [rating_id])
        return made[0]

    def _official_rows(self, sql: str, params: list[Any]) -> list[OfficialEntry]:
        return [_official(row) for row in self.db.query(sql, params)]

    def official(self, rating_id: int) -> OfficialEntry | None:
        """The official rating with this id (withdrawn or not), or None."""
        with self._lock:
            rows = self._official_rows(f"{_SELECT} AND r.id = ?", [rating_id])
        return rows[0] if rows else None

    def officials(self, plan: str, indicator: int) -> list[OfficialEntry]:
        """Every official rating of an indicator, newest as-of first (ties: last recorded first)."""
        with self._lock:
            return self._official_rows(
                f"{_SELECT} AND r.plan = ? AND r.indicator = ? {_NEWEST}", [plan, indicator]
            )

    def officials_all(self, plan: str) -> dict[int, list[OfficialEntry]]:
        """Every official rating of a plan by indicator, each as :meth:`officials` orders them."""
        out: dict[int, list[OfficialEntry]] = {}
        with self._lock:
            rows = self._official_rows(
                f"{_SELECT} AND r.plan = ? ORDER BY r.indicator, r.as_of_end DESC, r.id DESC", [plan]
            )
        for row in rows:
            out.setdefault(row.indicator, []).append(row)
        return out

    def latest_officials(self, plan: str, moment: datetime | None = None) -> dict[int, OfficialEntry]:
        """Each indicator's official rating in effect at ``moment`` (now for None): the latest as-of."""
        return {
            no: effective[0]
            for no, rows in self.officials_all(plan).items()
            if (effective := as_it_stood(rows, moment))
        }

    def undo_official(
        self,
        rating_id: int,
        by_id: str | int,
        by_name: str,
        is_admin: bool = False,
        now: datetime | None = None,
    ) -> OfficialEntry:
        """Withdraw an official rating; only one's own unless an admin. Audited as ``unrate``."""
        at = _utc(now)
        with self._write():
            rows = self._official_rows(f"{_SELECT} AND w.id IS NULL AND r.id = ?", [rating_id])
            if not rows:
                raise NothingToUndo(f"評価番号 {rating_id} は、取り消せる評価の記録ではありません。")
            target = rows[0]
            if not is_admin and target.recorded_by_id != str(by_id):
                raise NotYours("取り消せるのは自分が記録した評価だけです（管理者は取り消せます）。")
            cursor = self.db.execute(
                "INSERT INTO ratings (plan, indicator, kind, recorded_by_id, recorded_by_name, recorded_at,"
                " withdraws) VALUES (?, ?, 'withdrawal', ?, ?, ?, ?)",
                [target.plan, target.indicator, str(by_id), by_name, at, target.id],
            )
            detail = {
                "rating_id": target.id,
                "withdrawal_id": cursor.lastrowid,
                "stars": target.stars,
                "as_of": target.as_of,
                "recorded_by_id": target.recorded_by_id,
                "as_admin": is_admin and target.recorded_by_id != str(by_id),
            }
            self._log(at, str(by_id), by_name, "unrate", target.plan, target.indicator, None, detail)
            withdrawn = self._official_rows(f"{_SELECT} AND r.id = ?", [target.id])
        return withdrawn[0]
