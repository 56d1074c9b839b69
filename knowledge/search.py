"""One Japanese fuzzy matcher for commands, autocomplete and "did you mean".

A :class:`SearchIndex` is built once from a :class:`knowledge.Knowledge`: every pykakasi conversion
happens then, and at query time only the query is converted (cached).  Nothing here does I/O.

What is indexed
    Every item (indicator of either plan, project, section, field, action, support measure, and any
    extra :class:`Doc`) has *names* and *related text*, each kept in three spaces (see
    ``knowledge.textnorm``): the folded surface, the hiragana readings and the romaji.  Names are the
    name, its printed (OCR) form and a short alias (without a trailing 「(累計)」 or 「プロジェクト」).
    Related text is the table label, the actions, a field's description, bodies and category; each
    related text is also indexed as its *phrases* (split at punctuation) and *words* (runs of one
    script: kanji, katakana or latin).

    *Links* carry an item's score one hop to another, times a weight: 0.85 for the document's own
    structure (section → its project and indicators, indicator → its section or project, project
    without sections → its indicators) and 0.75 for editorial links (field ↔ its sections, projects
    and indicators; 1st ↔ 2nd revision lineage).  So カーボンニュートラルポート, which occurs only in
    an action of section 1-1, finds section 1-1 and, lower, indicators 1 and 2.

How a text is scored (0–100)
    For a query form and an indexed text in the same space::

        partial = 100 − 2 × (100 − rapidfuzz partial_ratio)   # the best of many windows, sharpened
                                                              #   so containment stands apart from
                                                              #   chance overlaps
        sim     = max(rapidfuzz ratio, partial × coverage factor)
        score   = sim × text weight × space weight × length weight

    =====================  ================================================================
    coverage factor        name: 0.8 + 0.2 × len(shorter) / len(longer), so 企業誘致 fits
                           企業誘致件数 (93) a little better than 半導体・蓄電池関連分野の
                           企業誘致件数 (85); phrase: 0.7 + 0.3 × len(query) / len(phrase);
                           whole related text: 0.8; related text shorter than the query:
                           0.8 × len(text) / len(query)
    text weight            name 1.0; related text, phrase or word 0.7
    space weight           surface 1.0; reading 0.95; romaji 0.9 (romaji input is compared as
                           kana with the readings and as folded romaji with the romaji)
    length weight          kana or romaji input below 4 kana / 6 letters counts in proportion
                           (two kana occur by chance inside unrelated readings)
    =====================  ================================================================

    A *token set* score complements this in the surface space: the query's words (script runs, long
    kanji compounds cut into two-character words), each matched on its own, weighted by length, when
    at least two are found, times 0.9 (デジタル人材 fits デジタル技術を活用できるリーダー人材の育成
    人数; 人材育成 fits 高度産業人材確保・育成).  An item's score is the best over its texts and
    over its incoming links.  Romaji is tried only for input of at least four letters that survives a
    romaji → kana → romaji round trip, so IoT, DX and AI stay acronyms.

    rapidfuzz first drops every text whose raw partial_ratio is below 55 (it could not reach
    ``SUGGEST``).  Up to 1,000 items per scope, every remaining text is scored.  Above that (a
    synthetic 10,000 indicators), a few scans of each item's joined texts pick 100 candidates each
    (surface first, or readings first for kana and romaji; readings, romaji and words only when the
    first scan found no partial ≥ 90), and only those are scored; the items that link to them
    (sections, projects, fields) are always scored in full.

How a query resolves (``resolve``)
    1. Blank → ``empty``.  Input is cut to 200 characters first.
    2. A number form (15, １５, No.15, no15, #15, 指標15, 15番, 3-2, ３－２, プロジェクト4, 分野6) →
       that item (``ok``), or ``out_of_range`` with ``number`` set.  A number of another kind is
       followed through the links: 指標15 asked as a project → project 4; 3-2 or プロジェクト4 asked
       as indicators → that section's or project's indicators (``ambiguous`` when several, at most 5).
    3. A label pasted back ("15 5G人口カバー率") → that item when the text fits its name.
    4. Nothing left after folding (only punctuation, emoji or control characters) → ``not_found``.
    5. An exact name (after folding; printed forms and aliases included) → ``ok``; a name shared by
       several items → ``ambiguous`` (old No.10 and No.13 are both 研究開発等プロジェクト化件数).
    6. Otherwise, with ``s1`` the best score:

       - ``s1 < ACCEPT`` (55) → ``not_found`` with up to 5 suggestions scoring ≥ ``SUGGEST`` (35);
       - the *close* items score ≥ ``s1 − MARGIN`` (10), at most 5; an item that is close only
         through a link from another close item (a project through its own section) is the same
         evidence and is dropped;
       - one close item → ``ok``; a project that fits on its own text and whose close rivals are its
         own sections → ``ok`` with the project (きょうそうりょく: project 1, not 1-1 or 1-4);
       - otherwise → ``ambiguous``, best first (企業誘致: 28 企業誘致件数, then 14).

    The thresholds were set on the first part of tests/knowledge/search_queries.yaml, then checked
    on its held-out part and on off-domain words (which should not answer ``ok``).
"""

from __future__ import annotations

import functools
import heapq
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from knowledge.textnorm import (
    MAX_QUERY_CHARS,
    fold_romaji,
    nfkc,
    reading_key,
    reading_keys,
    romaji_key,
    romaji_of_reading,
    romaji_to_kana,
    surface_key,
)

NAME_WEIGHT = 1.0
RELATED_WEIGHT = 0.7
LINK_WEIGHT = 0.85
EDITORIAL_LINK_WEIGHT = 0.75
PARTIAL_FLOOR = 0.8
SHARPEN = 2.0
SURFACE, READING, ROMAJI = "s", "r", "m"
SPACE_WEIGHT = {SURFACE: 1.0, READING: 0.95, ROMAJI: 0.9}
ACCEPT = 55.0
SUGGEST = 35.0
MARGIN = 10.0
PHRASE_FLOOR = 0.7
TOKEN_CUTOFF = 80.0
TOKEN_SET_WEIGHT = 0.9
MAX_TOKENS = 4
KANA_FULL_LENGTH = 4
ROMAJI_FULL_LENGTH = 6
MAX_CHOICES = 5
# Above this many items a scope is scanned document by document for candidates (see _candidates).
EXHAUSTIVE_DOCS = 1000
CANDIDATES = 100
NEEDLE_MAX = 24
STRONG = 90.0
# rapidfuzz drops texts whose partial_ratio is below this before any Python work; below it no item
# can reach SUGGEST.
PARTIAL_CUTOFF = 55.0
LABEL_MAX = 100
SNIPPET_MAX = 80
AUTOCOMPLETE_MAX = 25

RESOLVE_KINDS = ("indicator", "project", "field", "term")
# roles of an indexed text
NAME, PHRASE, RELATED = "name", "phrase", "related"
_ROLE_ORDER = {NAME: 0, PHRASE: 1, RELATED: 2}
# Runs of one script: a cheap word split for Japanese (particles and okurigana, in hiragana, drop out).
_SCRIPT_RUN = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]+|[\u30a0-\u30ffｦ-ﾟ]+|[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-]+"
)
_PHRASE_BREAK = re.compile(r"[、。，,・･/／:：;；\s()（）「」『』【】〔〕［］\[\]《》〈〉]+")
PLANS = ("2024", "2021")


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


@dataclass(frozen=True)
class Link:
    """The item (kind, key, plan) inherits the linking document's score times ``weight``."""

    kind: str
    key: int | str
    plan: str | None = None
    weight: float = LINK_WEIGHT


@dataclass(frozen=True)
class Doc:
    """A searchable item: ``names`` score in full, ``related`` text below them."""

    kind: str
    key: int | str
    label: str
    names: tuple[str, ...]
    related: tuple[str, ...] = ()
    plan: str | None = None
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class _Query:
    surface: str
    forms: tuple[tuple[str, str, float], ...]  # (index space, query key, space weight)
    raw: str
    tokens: tuple[str, ...] = ()  # the query's words (script runs), when it has several


# Joins the variants of one text (name, printed form, alias; both readings) into one key, so that
# rapidfuzz scans each text once; candidates are then scored against each variant.
_JOIN = "\x1f"


# (space, text weight, role, source text, variant keys): one indexed text of a document
_Unit = tuple[str, float, str, str, tuple[str, ...]]


@dataclass
class _Texts:
    """Indexed texts of some documents in one space, flattened for rapidfuzz."""

    keys: list[str] = field(default_factory=list)
    # per key: (doc, text weight, role, source text, the variants joined in the key)
    meta: list[tuple[int, float, str, str, tuple[str, ...]]] = field(default_factory=list)


@dataclass
class _Large:
    """A large set of documents, scanned document by document to find candidates."""

    units: dict[int, list[_Unit]] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)  # per space: all texts of a document joined
    docs: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class _Scope:
    """The texts to score for one set of target items, per space.

    The targets' own texts may be many (10,000 indicators); the texts of the documents linking to
    them (sections, projects, fields) are few and are always scored in full, since one of them can
    lift hundreds of targets.
    """

    targets: tuple[int, ...]  # in number order
    own: dict[str, _Texts] = field(default_factory=dict)
    linking: dict[str, _Texts] = field(default_factory=dict)
    exact: dict[str, list[int]] = field(default_factory=dict)
    large: _Large | None = None  # the targets' texts again, when there are too many to scan each

    @functools.cached_property
    def target_set(self) -> frozenset[int]:
        """The targets as a set."""
        return frozenset(self.targets)

    @functools.cached_property
    def rank(self) -> dict[int, int]:
        """Each target's position in number order."""
        return {doc: n for n, doc in enumerate(self.targets)}


def _outermost(variants: list[str]) -> list[str]:
    """The variants not contained in another: an alias inside its name finds nothing new in a scan."""
    unique = list(dict.fromkeys(variants))
    return [v for v in unique if not any(v != w and v in w for w in unique)]


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


def _order(key: int | str) -> tuple:
    if isinstance(key, int):
        return (0, key, 0, "")
    parts = key.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return (0, int(parts[0]), int(parts[1]), "")
    return (1, 0, 0, key)


_SUFFIX_PAREN = re.compile(r"[(（][^()（）]*[)）]\s*$")
_SAME_AS_ABOVE = re.compile(r"^同上\s*")


def _aliases(name: str) -> list[str]:
    out = [name]
    bare = _SUFFIX_PAREN.sub("", name).strip()
    if bare and bare != name:
        out.append(bare)
    if name.endswith("プロジェクト") and len(name) > len("プロジェクト"):
        out.append(name.removesuffix("プロジェクト"))
    return out


def _printed(record, *prefixes: str) -> list[str]:
    return [text for path, text in record.printed.items() if path.split(".")[0] in prefixes]


# -- number forms ---------------------------------------------------------------------------------

_PREFIX_KIND = {
    "指標": "indicator",
    "プロジェクト": "project",
    "pj": "project",
    "分野": "field",
    "重点成長分野": "field",
}
_NUMBER = re.compile(
    r"(?:(?P<prefix>no\.?|#|第|指標|プロジェクト|pj|重点成長分野|分野)\s*)?"
    r"(?P<num>[-−]?\d{1,6})"
    r"(?:\s*[-‐‑‒–—―−ーの]\s*(?P<sub>\d{1,6}))?"
    r"\s*(?:番目|番|号)?"
)
_LABEL_ECHO = re.compile(r"(?P<num>\S+)\s+(?P<rest>.+)")


def parse_number(text: str) -> tuple[str | None, int | str] | None:
    """(kind named by a prefix or None, number or "3-2") for a number form, else None."""
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    m = _NUMBER.fullmatch(folded)
    if not m:
        return None
    num = int(m["num"].replace("−", "-"))
    value: int | str = f"{num}-{int(m['sub'])}" if m["sub"] else num
    return _PREFIX_KIND.get(m["prefix"] or ""), value


# -- query analysis --------------------------------------------------------------------------------


_HIRAGANA = re.compile(r"[\u3041-\u309f]+")
# Script runs of a folded key (katakana is hiragana there): the words of a query for the token set.
_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]+")
_KEY_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]+|[\u3041-\u309f]+|[a-z0-9]+")


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
    surface = surface_key(text)
    forms: list[tuple[str, str, float]] = []
    if surface:
        kana_only = _HIRAGANA.fullmatch(surface) is not None
        weight = _length_weight(surface, KANA_FULL_LENGTH) if kana_only else 1.0
        forms.append((SURFACE, surface, SPACE_WEIGHT[SURFACE] * weight))
        reading = reading_key(text)
        if reading != surface or kana_only:  # latin reads as itself: nothing new to compare
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
    return _Query(surface, tuple(forms), nfkc(text).strip(), tokens)


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


def _extract(
    query: str, keys: list[str], cutoff: float, limit: int | None = None
) -> list[tuple[str, float, int]]:
    """(key, partial_ratio, position) of the keys reaching ``cutoff``, best first."""
    return process.extract(query, keys, scorer=fuzz.partial_ratio, limit=limit, score_cutoff=cutoff)


def _token_score(query: _Query, variants: tuple[str, ...], role: str) -> float:
    """How much of the query's words one text contains, in any order and apart (two words at least).

    デジタル人材 fits デジタル技術を活用できるリーダー人材の育成人数 although no window of the name
    resembles the query as a whole.
    """
    total = sum(len(t) for t in query.tokens)
    best = 0.0
    for variant in variants:
        found = [
            len(token) * _sharpen(partial)
            for token in query.tokens
            if (partial := fuzz.partial_ratio(token, variant)) >= TOKEN_CUTOFF
        ]
        if len(found) >= 2:
            best = max(best, sum(found) / total * _coverage_factor(len(query.surface), len(variant), role))
    # words found apart are weaker evidence than the query found whole (整備延長 vs 整備完了延長)
    return best * TOKEN_SET_WEIGHT


def _similarity(query: str, text: str, role: str, partial: float | None = None) -> float:
    if query == text:
        return 100.0
    lq, lt = len(query), len(text)
    if partial is None:
        partial = fuzz.partial_ratio(query, text)
    score = _sharpen(partial) * _coverage_factor(lq, lt, role)
    # ratio compares the whole strings once, so unlike the best of many windows it needs no
    # sharpening; it cannot beat this bound, so skip it when the bound is below the partial score
    if 200.0 * min(lq, lt) / (lq + lt) > score:
        score = max(score, fuzz.ratio(query, text))
    return score


class SearchIndex:
    """Names, readings, romaji and related text of every item, built once."""

    def __init__(self, docs: list[Doc], indicator_refs: dict | None = None) -> None:
        self._docs = docs
        self._by_ref: dict[tuple[str, str | None, int | str], int] = {}
        for i, doc in enumerate(docs):
            self._by_ref.setdefault((doc.kind, doc.plan, doc.key), i)
        self._texts = [self._doc_texts(d) for d in docs]
        self._units = [self._group_texts(t) for t in self._texts]
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
                parent = self._ref("project", int(head), None)
                if parent is not None:
                    self._parent[i] = parent
        # the printed project reference of each indicator ("3-2", "2"), per plan
        self._indicator_ref: dict[int, str] = {
            i: ref
            for (kind, plan, key), ref in (indicator_refs or {}).items()
            if (i := self._ref(kind, key, plan)) is not None
        }
        self._scopes: dict[tuple[frozenset[str], str | None], _Scope] = {}
        for plan in PLANS:
            self._scope(frozenset({"indicator"}), plan)
        self._scope(frozenset({"project", "section"}), None)
        self._scope(frozenset({"field"}), None)

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def build(cls, kb, extra: Iterable[Doc] = ()) -> SearchIndex:
        """Index a Knowledge (and any extra documents, e.g. glossary terms) once."""
        specs: list[dict] = []
        links: dict[tuple[str, str | None, int | str], list[Link]] = {}

        def add(kind, key, label, names, related=(), plan=None):
            specs.append(
                dict(kind=kind, key=key, label=label, names=tuple(names), related=tuple(related), plan=plan)
            )

        def link(src: tuple[str, str | None, int | str], dst: Link) -> None:
            links.setdefault(src, []).append(dst)

        for plan in PLANS:
            revision = kb.revisions.get(plan)
            if revision is None:
                continue
            labels = {row.ref: _SAME_AS_ABOVE.sub("", row.label) for row in revision.projects}
            for ind in revision.indicators:
                names = [n for name in [ind.name, *_printed(ind, "name")] for n in _aliases(name)]
                # the 2nd revision's sections and projects carry their table labels themselves
                related = [labels[ind.project]] if plan != "2024" and ind.project in labels else []
                add("indicator", ind.no, f"{ind.no} {ind.name}", names, related, plan)
                me = ("indicator", plan, ind.no)
                if plan == "2024":
                    if ind.section:
                        link(me, Link("section", ind.section))
                    else:
                        link(me, Link("project", ind.project_no))
                lineage = kb.successors(ind) + kb.predecessors(ind)
                for ref in lineage:
                    link(me, Link("indicator", ref.no, ref.plan, EDITORIAL_LINK_WEIGHT))
        for p in kb.projects:
            names = [n for name in [p.name, *_printed(p, "name")] for n in _aliases(name)]
            related = [p.table_label or "", *_printed(p, "table_label"), *p.actions, *_printed(p, "actions")]
            add("project", p.no, f"{p.no} {p.name}", names, [t for t in related if t])
            if not p.sections:
                for ind in kb.project_indicators(p.no):
                    link(("project", None, p.no), Link("indicator", ind.no, "2024"))
            for s in p.sections:
                related = [_SAME_AS_ABOVE.sub("", s.table_label), *s.actions, *_printed(s, "actions")]
                add("section", s.id, f"{s.id} {s.title}", [s.title, *_printed(s, "title")], related)
                link(("section", None, s.id), Link("project", p.no))
                for ind in kb.project_indicators(p.no, s.id):
                    link(("section", None, s.id), Link("indicator", ind.no, "2024"))
            for where, actions in [(s.id, s.actions) for s in p.sections] or [(str(p.no), p.actions)]:
                for text in actions:
                    add("action", where, f"{where} {text}", [text])
        for f in kb.fields:
            names = [n for name in [f.name, *_printed(f, "name")] for n in _aliases(name)]
            related = [f.description, *f.bodies, f.category, *_printed(f, "description", "bodies")]
            add("field", f.id, f"{f.id} {f.name}", names, related)
            field_link = kb.field_link(f.id)
            if field_link is None:
                continue
            me = ("field", None, f.id)
            others = [("section", None, s) for s in field_link.sections]
            others += [("project", None, n) for n in field_link.projects]
            others += [("indicator", "2024", n) for n in field_link.indicators]
            for kind, plan, key in others:
                link(me, Link(kind, key, plan, EDITORIAL_LINK_WEIGHT))
                link((kind, plan, key), Link("field", f.id, None, EDITORIAL_LINK_WEIGHT))
        for i, text in enumerate(kb.plan.support_measures, start=1):
            add("support_measure", i, f"{i} {text}", [text])
        docs = [
            Doc(**spec, links=tuple(links.get((spec["kind"], spec["plan"], spec["key"]), ())))
            for spec in specs
        ]
        docs.extend(extra)
        refs = {
            ("indicator", ind.plan, ind.no): ind.project
            for rev in kb.revisions.values()
            for ind in rev.indicators
        }
        return cls(docs, refs)

    @staticmethod
    def _doc_texts(doc: Doc) -> list[tuple[str, str, float, str, str]]:
        """(space, key, weight, role, source) for every text of a document, deduplicated."""
        out: list[tuple[str, str, float, str, str]] = []
        seen: set[tuple[str, str]] = set()

        def add(text: str, weight: float, role: str, source: str) -> None:
            readings = reading_keys(text)
            forms = [(SURFACE, surface_key(text))] + [(READING, r) for r in readings]
            forms += [(ROMAJI, romaji_key(text))] + [(ROMAJI, romaji_of_reading(r)) for r in readings[1:]]
            for space, key in forms:
                if key and (space, key) not in seen:
                    seen.add((space, key))
                    out.append((space, key, weight, role, source))

        for text in doc.names:
            add(text, NAME_WEIGHT, NAME, text)
        for text in doc.related:
            add(text, RELATED_WEIGHT, RELATED, text)
            # its phrases and words, so that a whole word (化学 in 化学、鉄鋼; キエンザン in …ベトナム国
            # キエンザン省…) fits better than a piece of a longer one (理化学)
            for phrase in dict.fromkeys(_PHRASE_BREAK.split(text) + _SCRIPT_RUN.findall(text)):
                if len(phrase) >= 2 and phrase != text:
                    add(phrase, RELATED_WEIGHT, PHRASE, text)
        return out

    @staticmethod
    def _group_texts(texts: list[tuple[str, str, float, str, str]]) -> list[_Unit]:
        """The texts of a document as units: the variants of one text in one space together."""
        variants: dict[tuple[str, str, str], list[str]] = {}
        weights: dict[tuple[str, str, str], float] = {}
        for space, key, weight, role, source in texts:
            unit = (space, role, "" if role == NAME else source)
            variants.setdefault(unit, []).append(key)
            weights[unit] = weight
        return [
            (sp, weights[sp, role, src], role, src, tuple(keys)) for (sp, role, src), keys in variants.items()
        ]

    def _ref(self, kind: str, key: int | str, plan: str | None) -> int | None:
        if kind == "indicator" and plan is None:
            plan = "2024"
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
                    if d.kind in kinds and (d.kind != "indicator" or plan is None or d.plan == plan)
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
                entries.sort(key=lambda e: (_ROLE_ORDER[e[2]], min(map(len, e[4]))))
                group[space] = _Texts([_JOIN.join(e[4]) for e in entries], entries)
        if len(targets) > EXHAUSTIVE_DOCS:
            # shortest names first: when rapidfuzz keeps only the best candidates of many equal
            # partial scores, it keeps the earliest, which then fit best
            large = scope.large = _Large()
            order = sorted(targets, key=lambda i: min((len(u[4][0]) for u in self._units[i]), default=0))
            for space in SPACE_WEIGHT:
                large.keys[space], large.docs[space] = [], []
            for i in order:
                large.units[i] = self._units[i]
                for space in SPACE_WEIGHT:
                    variants = [v for u in self._units[i] if u[0] == space for v in u[4]]
                    joined = _JOIN.join(_outermost(variants))
                    if joined:
                        large.keys[space].append(joined)
                        large.docs[space].append(i)
        for i in targets:
            for space, key, _, role, _ in self._texts[i]:
                if role == NAME and space == SURFACE:
                    bucket = scope.exact.setdefault(key, [])
                    if i not in bucket:
                        bucket.append(i)
        _ = scope.target_set, scope.rank  # computed now, not by the first query
        self._scopes[(kinds, plan)] = scope
        return scope

    # -- scoring -------------------------------------------------------------------------------

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

        if scope.large is None:
            self._scan(query, scope.own, keep)
        else:
            for doc in self._candidates(query, scope.large):
                for space, weight, role, source, variants in scope.large.units[doc]:
                    for form_space, qkey, space_weight in query.forms:
                        if form_space == space:
                            sim = max(_similarity(qkey, v, role) for v in variants)
                            keep(doc, sim * weight * space_weight, role, source)
                    if space == SURFACE and query.tokens:
                        keep(doc, _token_score(query, variants, role) * weight, role, source)
        self._scan(query, scope.linking, keep)
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

    @staticmethod
    def _scan(query: _Query, group: dict[str, _Texts], keep: Callable[[int, float, str, str], None]) -> None:
        """Score every text of a (small) group of documents that rapidfuzz finds near the query."""
        for space, qkey, space_weight in query.forms:
            texts = group[space]
            for _, _, idx in _extract(qkey, texts.keys, PARTIAL_CUTOFF):
                doc, weight, role, source, variants = texts.meta[idx]
                sim = max(_similarity(qkey, variant, role) for variant in variants)
                keep(doc, sim * weight * space_weight, role, source)
        if not query.tokens:
            return
        texts = group[SURFACE]
        found: dict[int, int] = {}
        for token in query.tokens:
            for _, _, idx in _extract(token, texts.keys, TOKEN_CUTOFF):
                found[idx] = found.get(idx, 0) + 1
        for idx, count in found.items():
            if count >= 2:  # one word alone is what the plain partial match already measures
                doc, weight, role, source, variants = texts.meta[idx]
                keep(doc, _token_score(query, variants, role) * weight, role, source)

    @staticmethod
    def _candidates(query: _Query, large: _Large) -> set[int]:
        """Documents of a large set worth scoring: scan the surface first, the rest only if needed.

        Kana and romaji input meet the readings first.  Each scan keeps the best ``CANDIDATES``
        documents and looks at no more than ``NEEDLE_MAX`` characters of the query.
        """
        romaji = any(space == ROMAJI for space, _, _ in query.forms)
        kana_first = romaji or _HIRAGANA.fullmatch(query.surface) is not None
        # kana input, and romaji input as kana, first meet the readings
        forms = sorted(query.forms, key=lambda f: f[0] != (READING if kana_first else SURFACE))
        found: set[int] = set()
        strong = False
        for n, (space, qkey, _) in enumerate(forms):
            if n and strong:
                break
            keys, docs = large.keys[space], large.docs[space]
            for _, partial, idx in _extract(qkey[:NEEDLE_MAX], keys, PARTIAL_CUTOFF, CANDIDATES):
                found.add(docs[idx])
                strong = strong or partial >= STRONG
        if query.tokens and not strong:
            for token in sorted(query.tokens, key=len, reverse=True)[:2]:
                keys, docs = large.keys[SURFACE], large.docs[SURFACE]
                found.update(docs[idx] for _, _, idx in _extract(token, keys, TOKEN_CUTOFF, CANDIDATES))
        return found

    def _hit(self, doc: int, score: float, snippet: str = "") -> Hit:
        d = self._docs[doc]
        return Hit(d.kind, d.plan, d.key, _clip(d.label, LABEL_MAX), round(min(100.0, score), 1), snippet)

    # -- number forms --------------------------------------------------------------------------

    def _number_docs(self, kinds: frozenset[str], plan: str | None, prefix: str | None, value) -> list[int]:
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
        source = self._ref(source_kind, value, "2024" if source_kind == "indicator" else None)
        if source is None:
            return []
        related = {j for j, _ in self._out[source]} | {j for j, _ in self._in[source]}
        return [t for t in targets if t in related]

    def _number_resolution(self, kinds: frozenset[str], plan: str | None, parsed) -> Resolution:
        prefix, value = parsed
        docs = self._number_docs(kinds, plan, prefix, value)
        if not docs:
            return Resolution("out_of_range", (), value)
        hits = tuple(self._hit(d, 100.0) for d in docs[:MAX_CHOICES])
        return Resolution("ok" if len(hits) == 1 else "ambiguous", hits, value)

    # -- public API ----------------------------------------------------------------------------

    def resolve(self, query: str, kind: str, plan: str = "2024") -> Resolution:
        """Resolve a command argument; kind is "indicator" (of ``plan``), "project" (with sections) or "field"."""
        kinds, scope_plan = self._resolve_scope(kind, plan)
        text = query[:MAX_QUERY_CHARS]
        if not text.strip():
            return Resolution("empty", ())
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
        if plan is not None and plan not in PLANS:
            raise ValueError(f"unknown plan {plan!r}")
        limit = max(0, limit)
        text = query[:MAX_QUERY_CHARS]
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

    def autocomplete(
        self, query: str, kind: str, plan: str = "2024", limit: int = 25
    ) -> list[tuple[str, str]]:
        """(label, value) choices, at most ``limit`` (≤ 25); empty input lists items in number order."""
        kinds, scope_plan = self._resolve_scope(kind, plan)
        limit = max(0, min(limit, AUTOCOMPLETE_MAX))
        scope = self._scope(kinds, scope_plan)
        text = query[:MAX_QUERY_CHARS]
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

    @staticmethod
    def _resolve_scope(kind: str, plan: str) -> tuple[frozenset[str], str | None]:
        if kind not in RESOLVE_KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {RESOLVE_KINDS}")
        if kind == "indicator":
            if plan not in PLANS:
                raise ValueError(f"unknown plan {plan!r}; expected one of {PLANS}")
            return frozenset({"indicator"}), plan
        if kind == "project":
            return frozenset({"project", "section"}), None
        return frozenset({kind}), None

    def _choice(self, doc: int, snippet: str = "") -> tuple[str, str]:
        d = self._docs[doc]
        label = d.label if not snippet else f"{d.label}｜{snippet}"
        return _clip(label, LABEL_MAX), _clip(str(d.key), LABEL_MAX)

    def _suggestions(self, ranked: list[tuple[float, int, str, int]]) -> tuple[Hit, ...]:
        return tuple(self._hit(d, s, sn) for s, d, sn, _ in ranked if s >= SUGGEST)[:MAX_CHOICES]

    def _label_echo(self, text: str, kinds: frozenset[str], plan: str | None) -> Resolution | None:
        """A label pasted back ("15 5G人口カバー率") resolves by its number when its text fits."""
        m = _LABEL_ECHO.fullmatch(text.strip())
        if not m:
            return None
        parsed = parse_number(m["num"])
        if parsed is None:
            return None
        docs = self._number_docs(kinds, plan, *parsed)
        if len(docs) != 1:
            return None
        rest = surface_key(m["rest"])
        names = [key for space, key, _, role, _ in self._texts[docs[0]] if space == SURFACE and role == NAME]
        if rest and names and max(_similarity(rest, n, NAME) for n in names) >= ACCEPT:
            return Resolution("ok", (self._hit(docs[0], 100.0),), parsed[1])
        return None

    def __len__(self) -> int:
        return len(self._docs)
