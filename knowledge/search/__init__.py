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
    ``SUGGEST``), and every remaining text is scored.  In a scope of more than 1,000 items (a
    synthetic 10,000 indicators) only the texts of the 100 items sharing the most character pairs
    with each query form are (shortest names first on ties); the items that link to them (sections,
    projects, fields) are always scored in full.

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

Modules
    ``_numbers`` number forms; ``_scoring`` query analysis and text similarity; ``_documents`` the
    documents of a Knowledge and the texts each is indexed under; ``_index`` scopes, ranking and
    the answers (``resolve``, ``rank``, ``autocomplete``); ``_passages`` the full-text search over
    every sentence of the document (``knowledge.document``), for /search.
"""

from knowledge.search._documents import EDITORIAL_LINK_WEIGHT, LINK_WEIGHT, Doc, Link
from knowledge.search._index import ACCEPT, MARGIN, RESOLVE_KINDS, Hit, Resolution, SearchIndex
from knowledge.search._numbers import parse_number
from knowledge.search._passages import PassageHit, PassageIndex
from knowledge.search._scoring import SUGGEST
from knowledge.search._scoring import _analyze as _analyze  # the benchmark clears its cache

__all__ = [
    "ACCEPT",
    "EDITORIAL_LINK_WEIGHT",
    "LINK_WEIGHT",
    "MARGIN",
    "RESOLVE_KINDS",
    "SUGGEST",
    "Doc",
    "Hit",
    "Link",
    "PassageHit",
    "PassageIndex",
    "Resolution",
    "SearchIndex",
    "parse_number",
]
