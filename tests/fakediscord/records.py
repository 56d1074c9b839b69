"""Request log entries, rule violations, injected faults, and Discord-shaped JSON responses."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from aiohttp import web

from .limits import Errors


@dataclass
class RequestRecord:
    """One REST request as the fake saw it."""

    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    json: Any
    time: float  # time.monotonic() on arrival
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict, repr=False)


@dataclass
class Violation:
    """A Discord rule the bot broke; the fake answered with the error Discord would give."""

    rule: str
    method: str
    path: str
    status: int
    code: int
    detail: list[str] = field(default_factory=list)
    interaction_id: int | None = None

    def describe(self) -> str:
        """One line for assertion messages."""
        detail = "; ".join(self.detail)
        return f"{self.rule}: {self.method} {self.path} -> {self.status} {self.code} {detail}".strip()


@dataclass
class Fault:
    """An injected failure for the next `remaining` requests matching method and path pattern."""

    method: str
    pattern: str
    remaining: int
    status: int
    body: dict[str, Any]
    headers: dict[str, str]

    def matches(self, method: str, path: str) -> bool:
        """fnmatch-style: "*" matches any run of characters, "/" included."""
        return self.remaining > 0 and self.method in ("*", method) and fnmatchcase(path, self.pattern)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with Content-Type exactly application/json; with "; charset=utf-8" discord.py reads a str."""
    return web.Response(
        body=json.dumps(data).encode(), status=status, content_type="application/json", headers=headers
    )


def error_response(status: int, code: int, message: str, errors: Errors | None = None) -> web.Response:
    """A Discord JSON error body."""
    body: dict[str, Any] = {"message": message, "code": code}
    if errors:
        body["errors"] = errors.tree
    return json_response(body, status)


Handler = Callable[..., Awaitable[web.Response]]
