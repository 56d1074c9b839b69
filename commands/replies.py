"""The platform-neutral reply every command returns; the console and Discord both render it.

A reply carries two things: the structured answer (``status``, ``kind``, ``key``, ``record``,
``candidates``), which is also the JSON contract, and its presentation (title, lines, fields,
footer) in Japanese, which the front ends lay out for a terminal or as embeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["ok", "ambiguous", "not_found", "invalid", "forbidden", "confirm"]
Kind = Literal[
    "answer",
    "indicator",
    "indicator_list",
    "project",
    "section",
    "field",
    "overview",
    "help",
    "search",
    "glossary",
    "tour",
    "quiz",
    "update",
    "undo",
    "rate",
    "owner",
    "audit",
    "import",
    "export",
    "report",
    "history",
    "digest",
    "plan",
]


@dataclass(frozen=True)
class Candidate:
    """A possible answer to an unclear query, best first."""

    kind: str
    plan: str | None
    key: int | str
    label: str
    score: float

    def to_json(self) -> dict[str, Any]:
        """The JSON form of the candidate."""
        return {
            "kind": self.kind,
            "plan": self.plan,
            "key": self.key,
            "label": self.label,
            "score": round(self.score, 1),
        }


@dataclass(frozen=True)
class ReplyField:
    """A titled block of an answer (an embed field in Discord)."""

    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Reply:
    """A command's answer: structured data plus its Japanese presentation."""

    status: Status
    kind: Kind
    title: str = ""
    lines: tuple[str, ...] = ()
    fields: tuple[ReplyField, ...] = ()
    footer: str = ""
    message: str | None = None
    key: int | str | None = None
    record: dict[str, Any] | None = None
    candidates: tuple[Candidate, ...] = ()
    stars: int | None = None  # drives the colour of the answer
    # Follow-up commands a user may want next, as (label, command line) pairs.
    links: tuple[tuple[str, str], ...] = field(default=())
    # Files that go with the answer (charts, exports), as (file name, content) pairs.
    files: tuple[tuple[str, bytes], ...] = field(default=())
    # Printed forms and transcription notes: shown last, after the answer, never before it.
    footnotes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the reply is an answer rather than a problem."""
        return self.status == "ok"

    @property
    def ephemeral(self) -> bool:
        """Mistakes and refusals are shown only to the person who asked; answers and choices to everyone."""
        return self.status in ("not_found", "invalid", "forbidden", "confirm")

    def to_json(self) -> dict[str, Any]:
        """The JSON contract: status, kind, message, candidates, and key and record when ok or proposed."""
        data: dict[str, Any] = {
            "status": self.status,
            "kind": self.kind,
            "message": None if self.ok else self.message,
            "candidates": [c.to_json() for c in self.candidates],
        }
        if self.ok or self.status == "confirm":
            # a proposal carries what would be done, and the command line that does it
            data["key"] = self.key
            data["record"] = self.record
        return data


def problem(
    status: Status,
    kind: Kind,
    message: str,
    candidates: tuple[Candidate, ...] = (),
) -> Reply:
    """A reply for a user's mistake or an unclear query."""
    return Reply(status=status, kind=kind, title="", message=message, candidates=candidates)
