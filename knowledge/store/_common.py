"""What every part of the store shares: its errors and how it writes times and details."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any


class StoreError(Exception):
    """A refused store operation; the message is Japanese and can be shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NothingToUndo(StoreError):
    """There is no effective entry the caller could withdraw."""


class NotYours(StoreError):
    """The only effective entries were recorded by someone else and the caller is no administrator."""


class NoDigestClaim(StoreError):
    """A digest was marked sent without having been claimed."""


class NoReminderClaim(StoreError):
    """A reminder was marked sent without having been claimed."""


class StorageUnavailable(StoreError):
    """The database cannot be written (read-only, disk full, locked): nothing was changed."""


def _utc(now: datetime | None) -> str:
    """ISO 8601 in UTC to the second; a naive ``now`` is taken as UTC."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(UTC).isoformat(timespec="seconds")


def _json(detail: Mapping[str, Any] | None) -> str:
    return json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True, default=str)
