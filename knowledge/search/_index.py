"""The index: scopes of target items, ranking with links, and the answers to commands."""

from __future__ import annotations

import dataclasses
import functools
import heapq
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import jaconv

from knowledge.search._documents import Doc, build_documents, doc_texts, group_texts
from knowledge.search._numbers import parse_label, parse_number
from knowledge.search._scoring import (
    NAME,
    ROMAJI,
    SPACE_WEIGHT,
    SUGGEST,
    SURFACE,
    _analyze,
    _Query,
    _scan,
    _similarity,
    _Texts,
)
from knowledge.textnorm import MAX_QUERY_CHARS, char_grams, nfkc, surface_key

ACCEPT = 55.0
MARGIN = 10.0
MAX_CHOICES = 5
# A scope of up to this many items is scored whole; in a larger one (a synthetic 10,000 indicators)
# only the texts of the CANDIDATES items sharing the most character pairs with each query form are,
# since a scan of every text in every space would take several hundred milliseconds there.
WHOLE_SCOPE_MAX = 1000
CANDIDATES = 100
LABEL_MAX = 100
SNIPPET_MAX = 80
AUTOCOMPLETE_MAX = 25
RESOLVE_KINDS = ("indicator", "project", "field", "term", "part")

if TYPE_CHECKING:
    from knowledge.kb import Knowledge
    from knowledge.models import Synonym


@dataclass(frozen=True)
class Hit:
    """One matched item."""

    kind: str
    plan: str | None
    key: int | str
    label: str
    score: float
    snippet: str = ""


@dataclass(frozen=True)
class Resolution:
    """The answer to a command argument: ok, ambiguous, not_found, out_of_range or empty."""

    status: str
    hits: tuple[Hit, ...]
    number: int | str | None = None
    via: tuple[tuple[str, str], ...] = ()  # (word typed, the document's word) for each synonym used


@dataclass
class _Scope:
    """The texts to score for one set of target items, per space.

    The texts of the documents linking to the targets (sections, projects, fields) are kept apart:
    they are few and always scored, since one of them can lift hundreds of targets.
    """

    targets: tuple[int, ...]  # in number order
    own: dict[str, _Texts] = field(default_factory=dict)
    linking: dict[str, _Texts] = field(default_factory=dict)
    exact: dict[str, list[int]] = field(default_factory=dict)
    # above WHOLE_SCOPE_MAX targets: per space, the targets whose texts hold each character or pair,
    # as places in ``shortest_first`` (which breaks ties between candidates)
    grams: dict[str, dict[str, list[int]]] | None = None
    shortest_first: tuple[int, ...] = ()

    @functools.cached_property
    def target_set(self) -> frozenset[int]:
        """The targets as a set."""
        return frozenset(self.targets)

    @functools.cached_property
    def rank(self) -> dict[int, int]:
        """Each target's position in number order."""
        return {doc: n for n, doc in enumerate(self.targets)}


def _pairs(key: str) -> frozenset[str]:
    """The character pairs of a key, or the key itself when it is one character."""
    return char_grams(key, 2) or frozenset({key})


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _snippet(source: str, raw_query: str) -> str:
    """The related text around where the query occurs in it, at most 80 characters."""
    if len(source) <= SNIPPET_MAX:
        return source
    at = source.find(raw_query) if raw_query else -1
    if at < 0:
        return _clip(source, SNIPPET_MAX)
    start = max(0, min(at - 20, len(source) - (SNIPPET_MAX - 1)))
    text = source[start : start + SNIPPET_MAX - 2]
    return ("…" if start else "") + text + ("…" if start + len(text) < len(source) else "")


_WORD_CHARS = "A-Za-z"
_KANJI_CHARS = "\u3400-\u9fff\uf900-\ufaff々"
_KATAKANA_CHARS = "\u30a0-\u30ffー"


# What may follow a word in kanji and still leave it a whole word: a count or amount of it
# (観光客数, 訪日客数, 創業企業数), not another word (観光需要).
_COUNTING = "数|件数|者数|人数|額|率|企業"


def _same_script(ch: str) -> str:
    """The characters that would continue a word ending (or beginning) with ``ch``; none after kana."""
    if re.fullmatch(f"[{_KANJI_CHARS}]", ch):
        return _KANJI_CHARS + _KATAKANA_CHARS  # 観光スポット is one word, as 観光需要 is
    if re.fullmatch(f"[{_KATAKANA_CHARS}]", ch):
        return _KATAKANA_CHARS
    return ""  # hiragana ends a word (学び直し支援企業数 is 学び直し + 支援企業数)


KANA_SYNONYM = 3  # a katakana synonym this long is also found typed in hiragana
_KATAKANA_WORD = re.compile(r"[ァ-ヶー]+")


def _word_pattern(word: str) -> re.Pattern[str]:
    """A synonym as a whole word: EV not inside LEVEL, 観光 not inside a longer name (観光需要).

    A word is whole where the script changes, as Japanese compounds are written: 学び直し支援 is two
    words, 観光需要 one.
    """
    folded = nfkc(word)
    if folded.isascii():
        return re.compile(rf"(?<![{_WORD_CHARS}]){re.escape(folded)}(?![{_WORD_CHARS}])", re.IGNORECASE)
    before, after = _same_script(folded[0]), _same_script(folded[-1])
    behind = rf"(?<![{before}])" if before else ""
    ahead = ""
    if after:
        counting = f"(?:{_COUNTING})|" if after.startswith(_KANJI_CHARS) else ""
        ahead = rf"(?={counting}(?![{after}]))"
    whole = rf"{behind}{re.escape(folded)}{ahead}"
    if len(folded) >= KANA_SYNONYM and _KATAKANA_WORD.fullmatch(folded):
        # typed in hiragana before converting (じゃいか for ジャイカ), where particles follow at once
        whole = rf"(?:{whole}|{re.escape(jaconv.kata2hira(folded))})"
    return re.compile(whole)


def _order(key: int | str) -> tuple[int | str, ...]:
    if isinstance(key, int):
        return (0, key, 0, "")
    parts = key.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return (0, int(parts[0]), int(parts[1]), "")
    return (1, 0, 0, key)


class SearchIndex:
    """Names, readings, romaji and related text of every item, built once."""

    def __init__(
        self,
        docs: list[Doc],
        indicator_refs: dict[tuple[str, str | None, int | str], str] | None = None,
        synonyms: Iterable[Synonym] = (),
        hidden: Iterable[str] = (),
    ) -> None:
        self._docs = docs
        # plans (drafts) searched only when named: a search across plans never finds them
        self._hidden = frozenset(hidden)
        self._synonyms = [
            (_word_pattern(word), word, s.means)
            for s in synonyms
            for word in sorted(s.words, key=len, reverse=True)
        ]
        self._by_ref: dict[tuple[str, str | None, int | str], int] = {}
        for i, doc in enumerate(docs):
            self._by_ref.setdefault((doc.kind, doc.plan, doc.key), i)
        self._texts = [doc_texts(d) for d in docs]
        self._units = [group_texts(t) for t in self._texts]
        self._out: list[list[tuple[int, float]]] = [[] for _ in docs]
        self._in: list[list[tuple[int, float]]] = [[] for _ in docs]
        for i, doc in enumerate(docs):
            for link in doc.links:
                j = self._ref(link.kind, link.key, link.plan)
                if j is not None and j != i:
                    self._out[i].append((j, link.weight))
                    self._in[j].append((i, link.weight))
        self._parent: dict[int, int] = {}
        for i, doc in enumerate(docs):
            head = str(doc.key).split("-")[0]
            if doc.kind == "section" and head.isdigit():
                parent = self._ref("project", int(head), doc.plan)
                if parent is not None:
                    self._parent[i] = parent
        # the printed project reference of each indicator ("3-2", "2"), per plan
        self._indicator_ref: dict[int, str] = {}
        for (kind, ref_plan, key), ref in (indicator_refs or {}).items():
            at = self._ref(kind, key, ref_plan)
            if at is not None:
                self._indicator_ref[at] = ref
        self._scopes: dict[tuple[frozenset[str], str | None], _Scope] = {}
        self.plans = tuple(dict.fromkeys(d.plan for d in docs if d.plan is not None))
        for plan in self.plans:  # built now, so that no command or autocomplete pays for it
            for kinds in ({"indicator"}, {"project", "section"}, {"field"}):
                self._scope(frozenset(kinds), plan)

    @classmethod
    def build(cls, kb: Knowledge, extra: Iterable[Doc] = (), synonyms: Iterable[Synonym] = ()) -> SearchIndex:
        """Index a Knowledge (and any extra documents, e.g. glossary terms) once."""
        docs, refs = build_documents(kb, extra)
        return cls(docs, refs, synonyms, hidden=kb.drafts)

    @functools.cached_property
    def _name_grams(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """The characters, pairs and triples of every name (surface and reading) and synonym."""
        # a plan part's name (推進体制, 強み) is a word the question reader takes as what is asked,
        # not a name a question's subject could be part of
        keys = [
            key
            for doc, texts in zip(self._docs, self._texts, strict=True)
            if doc.kind != "part"
            for space, key, _weight, role, _source in texts
            if role == NAME and space != ROMAJI
        ]
        keys += [surface_key(word) for _pattern, word, _means in self._synonyms]
        pairs = frozenset(g for key in keys for g in char_grams(key, 2))
        return frozenset("".join(keys)), pairs, frozenset(g for key in keys for g in char_grams(key, 3))

    def names_something(self, word: str) -> bool:
        """Whether a word of a question could be (part of) a name: it shares a piece with one.

        Numbers, references and romaji are left to the matcher; a word like 中身 or ざっくり, found in
        no name, is not what a question is about.  Kana words need three characters in common, as
        readings share many pairs.
        """
        key = surface_key(word)
        if not key or key.isascii() or any(ch.isdigit() for ch in key):
            return True
        chars, pairs, triples = self._name_grams
        if len(key) == 1:
            return key in chars
        if len(key) >= 3 and all("\u3041" <= ch <= "\u309f" or ch == "ー" for ch in key):
            return any(g in triples for g in char_grams(key, 3))
        return any(g in pairs for g in char_grams(key, 2))

    def expand(self, text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """The text with each synonym replaced by the document's word, and the replacements made."""
        if not self._synonyms:
            return text, ()
        folded = nfkc(text)
        used: list[tuple[str, str]] = []
        for pattern, word, means in self._synonyms:
            folded, n = pattern.subn(means, folded)
            if n:
                used.append((word, means))
        return (folded, tuple(used)) if used else (text, ())

    def respell(self, text: str) -> str:
        """The text with each katakana synonym typed in hiragana written in katakana (じゃいか → ジャイカ).

        A question reader takes particles and fillers out of kana (って of ばってりー); the word
        written as the synonym list has it keeps whole.
        """
        for hiragana, katakana in self._kana_spellings:
            if hiragana in text:
                text = text.replace(hiragana, katakana)
        return text

    @functools.cached_property
    def _kana_spellings(self) -> tuple[tuple[str, str], ...]:
        words = {w for _, word, _ in self._synonyms if _KATAKANA_WORD.fullmatch(w := nfkc(word))}
        return tuple(
            (jaconv.kata2hira(w), w) for w in sorted(words, key=len, reverse=True) if len(w) >= KANA_SYNONYM
        )

    def _ref(self, kind: str, key: int | str, plan: str | None) -> int | None:
        return self._by_ref.get((kind, plan, key))

    def _scope(self, kinds: frozenset[str], plan: str | None) -> _Scope:
        cached = self._scopes.get((kinds, plan))
        if cached is not None:
            return cached
        targets = tuple(
            sorted(
                (
                    i
                    for i, d in enumerate(self._docs)
                    if d.kind in kinds
                    and (d.plan is None or d.plan == plan or (plan is None and d.plan not in self._hidden))
                ),
                key=lambda i: (_order(self._docs[i].key), self._docs[i].plan or ""),
            )
        )
        target_set = set(targets)
        linking = sorted({src for t in targets for src, _ in self._in[t]} - target_set)
        scope = _Scope(targets)
        for group, docs in ((scope.own, targets), (scope.linking, linking)):
            rows: dict[str, list[tuple[int, float, str, str, tuple[str, ...]]]] = {
                sp: [] for sp in SPACE_WEIGHT
            }
            for i in docs:
                for space, weight, role, source, variants in self._units[i]:
                    rows[space].append((i, weight, role, source, variants))
            for space, entries in rows.items():
                group[space] = _Texts.of(entries)
        if len(targets) > WHOLE_SCOPE_MAX:
            self._index_pairs(scope)
        for i in targets:
            for space, key, _, role, _ in self._texts[i]:
                if role == NAME and space == SURFACE:
                    bucket = scope.exact.setdefault(key, [])
                    if i not in bucket:
                        bucket.append(i)
        _ = scope.target_set, scope.rank  # computed now, not by the first query
        self._scopes[(kinds, plan)] = scope
        return scope

    def _index_pairs(self, scope: _Scope) -> None:
        """Index a large scope's targets by the characters and character pairs of their texts."""
        shortest = {
            i: min(
                (len(k) for sp, k, _, role, _ in self._texts[i] if sp == SURFACE and role == NAME),
                default=0,
            )
            for i in scope.targets
        }
        scope.shortest_first = tuple(sorted(scope.targets, key=shortest.__getitem__))
        scope.grams = {sp: {} for sp in SPACE_WEIGHT}
        for place, i in enumerate(scope.shortest_first):
            held: dict[str, set[str]] = {sp: set() for sp in SPACE_WEIGHT}
            for space, key, _, _, _ in self._texts[i]:
                held[space].update(key, _pairs(key))
            for space, grams in held.items():
                for gram in grams:
                    scope.grams[space].setdefault(gram, []).append(place)
        _ = [texts.positions for texts in scope.own.values()]  # computed now, not by the first query

    # -- scoring -------------------------------------------------------------------------------

    def _own_texts(self, query: _Query, scope: _Scope) -> dict[str, _Texts]:
        """The targets' texts to score: all of them, or in a large scope the likeliest items' texts."""
        if scope.grams is None:
            return scope.own
        found: set[int] = set()
        for space, qkey, _ in query.forms:
            counts: Counter[int] = Counter()
            held = scope.grams[space]
            for gram in _pairs(qkey):
                counts.update(held.get(gram, ()))
            # most pairs first; a stable sort keeps shorter names first among equals
            best = sorted(sorted(counts), key=counts.__getitem__, reverse=True)[:CANDIDATES]
            found.update(scope.shortest_first[place] for place in best)
        return {space: texts.only(found) for space, texts in scope.own.items()}

    def _score(self, query: _Query, scope: _Scope, limit: int = 50) -> list[tuple[float, int, str, int]]:
        """(score, doc, snippet, via) for the scope's targets, best first, ties in number order.

        ``via`` is the document whose score came through a link, or ``doc`` itself for its own text.
        At most ``limit`` items.
        """
        raw: dict[int, tuple[float, str]] = {}

        def keep(doc: int, score: float, role: str, source: str) -> None:
            best = raw.get(doc)
            if best is None or score > best[0]:
                raw[doc] = (score, "" if role == NAME else _snippet(source, query.raw))

        _scan(query, self._own_texts(query, scope), keep)
        _scan(query, scope.linking, keep)
        final: dict[int, tuple[float, str, int]] = {}
        target_set = scope.target_set
        for doc, (score, snippet) in raw.items():
            if doc in target_set:
                best = final.get(doc)
                if best is None or score > best[0]:
                    final[doc] = (score, snippet, doc)
            for dst, weight in self._out[doc]:
                if dst in target_set:
                    linked = score * weight
                    best = final.get(dst)
                    if best is None or linked > best[0]:
                        final[dst] = (linked, snippet or _clip(self._docs[doc].label, SNIPPET_MAX), doc)
        rank = scope.rank
        ordered = heapq.nsmallest(limit, final.items(), key=lambda item: (-item[1][0], rank[item[0]]))
        return [(score, doc, snippet, via) for doc, (score, snippet, via) in ordered]

    def _hit(self, doc: int, score: float, snippet: str = "") -> Hit:
        d = self._docs[doc]
        return Hit(d.kind, d.plan, d.key, _clip(d.label, LABEL_MAX), round(min(100.0, score), 1), snippet)

    # -- number forms --------------------------------------------------------------------------

    def _number_docs(
        self, kinds: frozenset[str], plan: str | None, prefix: str | None, value: int | str
    ) -> list[int]:
        """Targets of a scope that a number form names (empty when it names nothing)."""
        scope = self._scope(kinds, plan)
        targets = scope.targets
        indicators_only = kinds == frozenset({"indicator"})
        if indicators_only and (isinstance(value, str) or prefix == "project"):
            # 3-2 or プロジェクト4 asked for indicators: that section's or project's indicators, by the
            # references of the plan's own table (the 1st revision numbered its projects differently)
            ref = str(value)
            return [
                t
                for t in targets
                if (r := self._indicator_ref.get(t)) is not None
                and (r == ref or (isinstance(value, int) and r.startswith(f"{ref}-")))
            ]
        if prefix is None or prefix in kinds:
            return [t for t in targets if self._docs[t].key == value]
        source_kind = "section" if prefix == "project" and isinstance(value, str) else prefix
        source = self._ref(source_kind, value, plan)
        if source is None:
            return []
        related = {j for j, _ in self._out[source]} | {j for j, _ in self._in[source]}
        return [t for t in targets if t in related]

    def _number_resolution(
        self, kinds: frozenset[str], plan: str | None, parsed: tuple[str | None, int | str]
    ) -> Resolution:
        prefix, value = parsed
        docs = self._number_docs(kinds, plan, prefix, value)
        if not docs:
            return Resolution("out_of_range", (), value)
        hits = tuple(self._hit(d, 100.0) for d in docs[:MAX_CHOICES])
        return Resolution("ok" if len(hits) == 1 else "ambiguous", hits, value)

    # -- public API ----------------------------------------------------------------------------

    def resolve(self, query: str, kind: str, plan: str) -> Resolution:
        """Resolve a command argument of ``plan``: kind is "indicator", "project" (with sections) or "field"."""
        kinds, scope_plan = self._resolve_scope(kind, plan)
        text = query[:MAX_QUERY_CHARS]
        if not text.strip():
            return Resolution("empty", ())
        text, via = self.expand(text)
        found = self._resolve(text, kinds, scope_plan)
        return dataclasses.replace(found, via=via) if via else found

    def _resolve(self, text: str, kinds: frozenset[str], scope_plan: str) -> Resolution:
        parsed = parse_number(text)
        if parsed is not None:
            return self._number_resolution(kinds, scope_plan, parsed)
        echo = self._label_echo(text, kinds, scope_plan)
        if echo is not None:
            return echo
        q = _analyze(text)
        if not q.surface:
            return Resolution("not_found", ())
        scope = self._scope(kinds, scope_plan)
        exact = scope.exact.get(q.surface)
        if exact:
            hits = tuple(self._hit(d, 100.0) for d in exact[:MAX_CHOICES])
            return Resolution("ok" if len(hits) == 1 else "ambiguous", hits)
        ranked = self._score(q, scope)
        if not ranked or ranked[0][0] < ACCEPT:
            return Resolution("not_found", self._suggestions(ranked))
        top = ranked[0][0]
        close = [r for r in ranked if r[0] >= top - MARGIN]
        close_docs = {doc for _, doc, _, _ in close}
        # an item that only echoes a close rival through a link (a project scoring through its own
        # section) is the same evidence, not a second answer
        close = [r for r in close if r[3] == r[1] or r[3] not in close_docs][:MAX_CHOICES]
        close_docs = {doc for _, doc, _, _ in close}
        for score, doc, snippet, via in close:
            # one answer, or a project that fits on its own text whose close rivals are its sections
            if via == doc and all(other == doc or self._parent.get(other) == doc for other in close_docs):
                return Resolution("ok", (self._hit(doc, score, snippet),))
        if len(close) == 1:
            score, doc, snippet, _ = close[0]
            return Resolution("ok", (self._hit(doc, score, snippet),))
        return Resolution("ambiguous", tuple(self._hit(d, s, sn) for s, d, sn, _ in close))

    def rank(
        self, query: str, kinds: set[str] | None = None, plan: str | None = None, limit: int = 10
    ) -> list[Hit]:
        """Ranked hits across kinds (for /search and suggestions)."""
        wanted = frozenset(kinds) if kinds else frozenset(d.kind for d in self._docs)
        if plan is not None and plan not in self.plans:
            raise ValueError(f"unknown plan {plan!r}")
        limit = max(0, limit)
        text = self.expand(query[:MAX_QUERY_CHARS])[0]
        if not text.strip() or limit == 0:
            return []
        parsed = parse_number(text)
        scope = self._scope(wanted, plan)
        if parsed is not None:
            _, value = parsed
            return [self._hit(t, 100.0) for t in scope.targets if self._docs[t].key == value][:limit]
        q = _analyze(text)
        if not q.surface:
            return []
        return [self._hit(d, s, sn) for s, d, sn, _ in self._score(q, scope, limit) if s >= SUGGEST]

    def autocomplete(self, query: str, kind: str, plan: str, limit: int = 25) -> list[tuple[str, str]]:
        """(label, value) choices, at most ``limit`` (≤ 25); empty input lists items in number order."""
        kinds, scope_plan = self._resolve_scope(kind, plan)
        limit = max(0, min(limit, AUTOCOMPLETE_MAX))
        scope = self._scope(kinds, scope_plan)
        text = self.expand(query[:MAX_QUERY_CHARS])[0]
        if limit == 0:
            return []
        if not text.strip():
            return [self._choice(t) for t in scope.targets[:limit]]
        parsed = parse_number(text)
        if parsed is not None:
            docs = self._number_docs(kinds, scope_plan, *parsed)
            typed = str(parsed[1])
            if parsed[0] is None or parsed[0] in kinds:
                # while typing "1", offer 1, 10–19 (and 1-1 … for projects) too
                docs += [
                    t for t in scope.targets if str(self._docs[t].key).startswith(typed) and t not in docs
                ]
            return [self._choice(t) for t in docs[:limit]]
        q = _analyze(text)
        if not q.surface:
            return []
        return [self._choice(d, sn) for s, d, sn, _ in self._score(q, scope, limit) if s >= SUGGEST]

    # -- helpers -------------------------------------------------------------------------------

    def _resolve_scope(self, kind: str, plan: str) -> tuple[frozenset[str], str]:
        if kind not in RESOLVE_KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {RESOLVE_KINDS}")
        if plan not in self.plans:
            raise ValueError(f"unknown plan {plan!r}; expected one of {self.plans}")
        return frozenset({"project", "section"} if kind == "project" else {kind}), plan

    def _choice(self, doc: int, snippet: str = "") -> tuple[str, str]:
        d = self._docs[doc]
        label = d.label if not snippet else f"{d.label}｜{snippet}"
        return _clip(label, LABEL_MAX), _clip(str(d.key), LABEL_MAX)

    def _suggestions(self, ranked: list[tuple[float, int, str, int]]) -> tuple[Hit, ...]:
        return tuple(self._hit(d, s, sn) for s, d, sn, _ in ranked if s >= SUGGEST)[:MAX_CHOICES]

    def _label_echo(self, text: str, kinds: frozenset[str], plan: str | None) -> Resolution | None:
        """A label pasted back ("15 5G人口カバー率") resolves by its number when its text fits."""
        label = parse_label(text)
        if label is None:
            return None
        parsed, rest = label
        docs = self._number_docs(kinds, plan, *parsed)
        if len(docs) != 1:
            return None
        rest = surface_key(rest)
        names = [key for space, key, _, role, _ in self._texts[docs[0]] if space == SURFACE and role == NAME]
        if rest and names and max(_similarity(rest, n, NAME) for n in names) >= ACCEPT:
            return Resolution("ok", (self._hit(docs[0], 100.0),), parsed[1])
        return None

    def __len__(self) -> int:
        return len(self._docs)
