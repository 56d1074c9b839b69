"""Query analysis and the 0–100 similarity of a query to indexed texts, in three spaces."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from rapidfuzz import fuzz, process

from knowledge.textnorm import fold_romaji, nfkc, reading_key, romaji_to_kana, surface_key

# the spaces a text is kept in (see knowledge.textnorm): folded surface, hiragana readings, romaji
SURFACE, READING, ROMAJI = "s", "r", "m"
SPACE_WEIGHT = {SURFACE: 1.0, READING: 0.95, ROMAJI: 0.9}
# roles of an indexed text
NAME, PHRASE, RELATED = "name", "phrase", "related"
_ROLE_ORDER = {NAME: 0, PHRASE: 1, RELATED: 2}
NAME_WEIGHT = 1.0
RELATED_WEIGHT = 0.7
PARTIAL_FLOOR = 0.8
SHARPEN = 2.0
PHRASE_FLOOR = 0.7
TOKEN_CUTOFF = 80.0
TOKEN_SET_WEIGHT = 0.9
MAX_TOKENS = 4
MAX_SOUNDS = 6  # 「ちいきけいざい けんいん じぎょうけいかく しょうにん けんすう」
MIN_SOUND = 3
KANA_FULL_LENGTH = 4
ROMAJI_FULL_LENGTH = 6
SUGGEST = 35.0
# rapidfuzz drops texts whose partial_ratio is below this before any Python work; below it no item
# can reach SUGGEST.
PARTIAL_CUTOFF = 55.0
FOUND_KEPT = 512  # query keys whose rapidfuzz results each group of texts keeps

_HIRAGANA = re.compile(r"[\u3041-\u309f]+")
# Script runs of a folded key (katakana is hiragana there): the words of a query for the token set.
_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]+")
_KEY_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]+|[\u3041-\u309f]+|[a-z0-9]+")
# Joins the variants of one text (name, printed form, alias; both readings) into one key, so that
# rapidfuzz scans each text once; what it finds is then scored against each variant.
_JOIN = "\x1f"
_K = TypeVar("_K")
_V = TypeVar("_V")


@dataclass(frozen=True)
class _Query:
    surface: str
    forms: tuple[tuple[str, str, float], ...]  # (index space, query key, space weight)
    raw: str
    tokens: tuple[str, ...] = ()  # the query's words (script runs), when it has several
    # the words typed apart in kana or romaji, as hiragana: 「handoutai kigyou yuuchi」
    sounds: tuple[str, ...] = ()


@dataclass
class _Texts:
    """Indexed texts of some documents in one space, flattened for rapidfuzz."""

    keys: list[str] = field(default_factory=list)
    # per key: (doc, text weight, role, source text, the variants joined in the key)
    meta: list[tuple[int, float, str, str, tuple[str, ...]]] = field(default_factory=list)
    # what each query key found here: a question is read several ways (with and without its filler
    # words, for each kind of item), and the same key comes back to the same texts many times
    _found: dict[tuple[str, float], list[int]] = field(default_factory=dict, repr=False, compare=False)
    _scored: dict[str, list[tuple[int, float, str, str]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def near(self, query: str, cutoff: float) -> list[int]:
        """Positions of the keys whose partial_ratio with ``query`` reaches ``cutoff``, best first."""
        found = self._found.get((query, cutoff))
        if found is None:
            hits = process.extract(
                query, self.keys, scorer=fuzz.partial_ratio, limit=None, score_cutoff=cutoff
            )
            found = [idx for _, _, idx in hits]
            _keep(self._found, (query, cutoff), found)
        return found

    def scored(self, query: str) -> list[tuple[int, float, str, str]]:
        """(doc, similarity × text weight, role, source) of each text near ``query``."""
        found = self._scored.get(query)
        if found is None:
            found = []
            for idx in self.near(query, PARTIAL_CUTOFF):
                doc, weight, role, source, variants = self.meta[idx]
                found.append((doc, max(_similarity(query, v, role) for v in variants) * weight, role, source))
            _keep(self._scored, query, found)
        return found

    @classmethod
    def of(cls, entries: list[tuple[int, float, str, str, tuple[str, ...]]]) -> _Texts:
        """The entries (doc, weight, role, source, variants) as texts, names first, shorter first."""
        # rapidfuzz lists equal scores in this order, and of a document's texts scoring alike the
        # first one found is the one shown: a name rather than a related text
        entries = sorted(entries, key=lambda e: (_ROLE_ORDER[e[2]], min(map(len, e[4]))))
        return cls([_JOIN.join(e[4]) for e in entries], entries)

    @functools.cached_property
    def positions(self) -> dict[int, list[int]]:
        """The positions of each document's texts."""
        out: dict[int, list[int]] = {}
        for n, meta in enumerate(self.meta):
            out.setdefault(meta[0], []).append(n)
        return out

    def only(self, docs: Iterable[int]) -> _Texts:
        """The texts of these documents, in the same order."""
        picked = sorted(n for doc in docs for n in self.positions.get(doc, ()))
        return _Texts([self.keys[n] for n in picked], [self.meta[n] for n in picked])


def _keep(memo: dict[_K, _V], key: _K, value: _V) -> None:
    if len(memo) >= FOUND_KEPT:  # a day's questions; start afresh rather than grow without bound
        memo.clear()
    memo[key] = value


def _words(run: str) -> list[str]:
    """A script run as words: a long kanji compound as its two-character parts (人材育成 → 人材, 育成)."""
    if len(run) < 4 or not _KANJI.fullmatch(run):
        return [run]
    words = [run[i : i + 2] for i in range(0, len(run) - len(run) % 2, 2)]
    if len(run) % 2:
        words[-1] += run[-1]  # 水素先進県 → 水素, 先進県
    return words


def _length_weight(key: str, full: int) -> float:
    # Two kana occur by chance inside unrelated readings (くさ in こくさい); short kana or romaji input
    # is weak evidence until it reaches ``full`` characters.
    return min(1.0, len(key) / full)


@functools.lru_cache(maxsize=4096)
def _analyze(text: str) -> _Query:
    """The query's keys in each space it is compared in, with their weights, and its words."""
    surface = surface_key(text)
    forms: list[tuple[str, str, float]] = []
    if surface:
        kana_only = _HIRAGANA.fullmatch(surface) is not None
        weight = _length_weight(surface, KANA_FULL_LENGTH) if kana_only else 1.0
        forms.append((SURFACE, surface, SPACE_WEIGHT[SURFACE] * weight))
        reading = reading_key(text)
        # latin reads as itself: nothing new to compare, unless kana go with it (IoTどうにゅうりつ,
        # 5gじんこうかばーりつ), which only the names' readings hold
        with_kana = any("\u3041" <= ch <= "\u309f" for ch in surface)
        if reading != surface or kana_only or with_kana:
            forms.append(
                (READING, reading, SPACE_WEIGHT[READING] * _length_weight(reading, KANA_FULL_LENGTH))
            )
        kana = romaji_to_kana(text)
        if kana:
            romaji = fold_romaji(text)
            forms.append((READING, kana, SPACE_WEIGHT[ROMAJI] * _length_weight(kana, KANA_FULL_LENGTH)))
            forms.append((ROMAJI, romaji, SPACE_WEIGHT[ROMAJI] * _length_weight(romaji, ROMAJI_FULL_LENGTH)))
    # a form that cannot reach SUGGEST even when it matches perfectly is not worth a scan
    forms = [f for f in forms if 100.0 * f[2] >= SUGGEST]
    tokens = tuple(
        word
        for run in _KEY_RUN.findall(surface)
        if len(run) >= 2 or not _HIRAGANA.fullmatch(run)
        for word in _words(run)
    )
    if not 2 <= len(tokens) <= MAX_TOKENS:
        tokens = ()
    return _Query(surface, tuple(forms), nfkc(text).strip(), tokens, _sounds(text))


def _sounds(text: str) -> tuple[str, ...]:
    """The words of a query typed apart in kana or romaji, each as hiragana (none when not so typed)."""
    words = nfkc(text).split()
    if not 2 <= len(words) <= MAX_SOUNDS:
        return ()
    out = []
    for word in words:
        key = surface_key(word)
        kana = key if _HIRAGANA.fullmatch(key) else romaji_to_kana(word)
        if kana is None or not _HIRAGANA.fullmatch(kana):
            return ()  # a word in kanji is compared by its writing
        if len(kana) >= MIN_SOUND:  # two kana occur by chance inside unrelated readings
            out.append(kana)
    return tuple(out) if len(out) >= 2 else ()


def _sharpen(partial: float) -> float:
    # The best of many windows is lenient (two of three characters score 67, and some window of a
    # long text often does); sharpen it so that containment stands apart from chance overlaps.
    return max(0.0, 100.0 - SHARPEN * (100.0 - partial))


def _coverage_factor(lq: int, lt: int, role: str) -> float:
    if role == NAME:
        return PARTIAL_FLOOR + (1 - PARTIAL_FLOOR) * min(lq, lt) / max(lq, lt)
    if lt < lq:
        # related text inside a longer query (素材 in 部素材) says little about the query
        return PARTIAL_FLOOR * lt / lq
    if role == PHRASE:
        # a whole phrase (健康) clearly beats a phrase that merely contains the query
        return PHRASE_FLOOR + (1 - PHRASE_FLOOR) * lq / lt
    # a whole related text is long by nature: containment earns the floor (its phrases earn more)
    return PARTIAL_FLOOR


def _token_score(words: tuple[str, ...], typed: int, variants: tuple[str, ...], role: str) -> float:
    """How much of the query's words one text contains, in any order and apart (two words at least).

    デジタル人材 fits デジタル技術を活用できるリーダー人材の育成人数 although no window of the name
    resembles the query as a whole.
    """
    total = sum(len(t) for t in words)
    best = 0.0
    for variant in variants:
        found = [
            len(token) * _sharpen(partial)
            for token in words
            if (partial := fuzz.partial_ratio(token, variant)) >= TOKEN_CUTOFF
        ]
        if len(found) >= 2:
            best = max(best, sum(found) / total * _coverage_factor(typed, len(variant), role))
    # words found apart are weaker evidence than the query found whole (整備延長 vs 整備完了延長)
    return best * TOKEN_SET_WEIGHT


def _similarity(query: str, text: str, role: str) -> float:
    """How well one query key fits one indexed key of the same space, 0–100."""
    if query == text:
        return 100.0
    lq, lt = len(query), len(text)
    score = _sharpen(fuzz.partial_ratio(query, text)) * _coverage_factor(lq, lt, role)
    # ratio compares the whole strings once, so unlike the best of many windows it needs no
    # sharpening; it cannot beat this bound, so skip it when the bound is below the partial score
    if 200.0 * min(lq, lt) / (lq + lt) > score:
        score = max(score, fuzz.ratio(query, text))
    return score


def _scan(query: _Query, group: dict[str, _Texts], keep: Callable[[int, float, str, str], None]) -> None:
    """Score every text of a group of documents that rapidfuzz finds near the query."""
    for space, qkey, space_weight in query.forms:
        for doc, score, role, source in group[space].scored(qkey):
            keep(doc, score * space_weight, role, source)
    if query.tokens:
        _scan_words(group[SURFACE], query.tokens, len(query.surface), 1.0, keep)
    if query.sounds:  # the readings hold the words typed in kana or romaji, each apart
        sounds = query.sounds
        _scan_words(group[READING], sounds, sum(map(len, sounds)), SPACE_WEIGHT[READING], keep)


def _scan_words(
    texts: _Texts,
    words: tuple[str, ...],
    typed: int,
    space_weight: float,
    keep: Callable[[int, float, str, str], None],
) -> None:
    """Score the texts holding at least two of the words; ``typed`` is the query's length."""
    found: dict[int, int] = {}
    for token in words:
        for idx in texts.near(token, TOKEN_CUTOFF):
            found[idx] = found.get(idx, 0) + 1
    for idx, count in found.items():
        if count >= 2:  # one word alone is what the plain partial match already measures
            doc, weight, role, source, variants = texts.meta[idx]
            score = _token_score(words, typed, variants, role)
            keep(doc, score * weight * space_weight, role, source)
