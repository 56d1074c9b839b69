"""Full-text search over the document's passages: every word typed must occur in the passage.

The fuzzy matcher in ``_index`` finds *items* by their names; this finds the *sentences* of the
document that contain what was typed, so that ``/search ウクライナ`` finds the paragraph of
1 改定の趣旨 that mentions it.  Both compare the same keys (``knowledge.textnorm``): the folded
surface, and for kana or romaji input the hiragana reading, so こうわん finds 港湾.  Readings of
the passages are made on the first search, not at start-up.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from knowledge.document import Passage
from knowledge.textnorm import MAX_QUERY_CHARS, nfkc, reading_keys, romaji_to_kana, surface_key

SNIPPET = 60  # characters of a passage shown around the match
MIN_KEY = 2  # a one-character word matches nearly every paragraph


@dataclass(frozen=True)
class PassageHit:
    """A passage that contains every word of the query, and the part of it to show."""

    passage: Passage
    snippet: str
    exact: bool  # matched in writing, not only by reading


def _is_kana(key: str) -> bool:
    return all(unicodedata.name(ch, "").startswith(("HIRAGANA", "KATAKANA")) for ch in key)


def _snippet(text: str, word: str) -> str:
    """The passage around the first occurrence of ``word`` (or its start), at most SNIPPET long."""
    if len(text) <= SNIPPET:
        return text
    at = nfkc(text).lower().find(nfkc(word).lower())
    start = max(0, min(at - SNIPPET // 3, len(text) - SNIPPET)) if at >= 0 else 0
    return (
        ("…" if start else "") + text[start : start + SNIPPET] + ("…" if start + SNIPPET < len(text) else "")
    )


class PassageIndex:
    """The passages of one plan's document, searchable by surface and reading."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = tuple(passages)
        self._surfaces = [surface_key(f"{p.text} {p.printed or ''}") for p in self.passages]

    @cached_property
    def _readings(self) -> list[str]:
        return ["".join(reading_keys(p.text)[:1]) for p in self.passages]

    def find(self, query: str, limit: int = 10) -> list[PassageHit]:
        """Passages holding every word of the query, those matched in writing first, in document order."""
        words = [w for w in query[:MAX_QUERY_CHARS].replace("\u3000", " ").split() if w]
        keys = [surface_key(w) for w in words]
        if not words or any(len(k) < MIN_KEY for k in keys):
            return []
        exact = [i for i, s in enumerate(self._surfaces) if all(k in s for k in keys)]
        by_reading: list[int] = []
        kana = [k if _is_kana(k) else romaji_to_kana(w) for w, k in zip(words, keys, strict=True)]
        if all(kana):
            # こうわん for 港湾: compare the query's kana with the passages' readings
            wanted = [surface_key(k) for k in kana if k]
            by_reading = [
                i for i, r in enumerate(self._readings) if i not in exact and all(k in r for k in wanted)
            ]
        return [
            PassageHit(self.passages[i], _snippet(self.passages[i].text, words[0]), i in exact)
            for i in exact + by_reading
        ][:limit]
