"""The searchable documents of a Knowledge, and the texts each is indexed under."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from knowledge.search._scoring import (
    NAME,
    NAME_WEIGHT,
    PHRASE,
    READING,
    RELATED,
    RELATED_WEIGHT,
    ROMAJI,
    SURFACE,
)
from knowledge.textnorm import reading_keys, romaji_key, romaji_of_reading, surface_key

if TYPE_CHECKING:
    from knowledge.kb import Knowledge
    from knowledge.models import Record

LINK_WEIGHT = 0.85
EDITORIAL_LINK_WEIGHT = 0.75

# Runs of one script: a cheap word split for Japanese (particles and okurigana, in hiragana, drop out).
_SCRIPT_RUN = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]+|[\u30a0-\u30ffｦ-ﾟ]+|[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-]+"
)
_PHRASE_BREAK = re.compile(r"[、。，,・･/／:：;；\s()（）「」『』【】〔〕［］\[\]《》〈〉]+")
_SUFFIX_PAREN = re.compile(r"[(（][^()（）]*[)）]\s*$")
_SAME_AS_ABOVE = re.compile(r"^同上\s*")

# (space, key, text weight, role, source text): one indexed text of a document in one space
_Text = tuple[str, str, float, str, str]
# (space, text weight, role, source text, variant keys): the variants of one text in one space
_Unit = tuple[str, float, str, str, tuple[str, ...]]


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


def _aliases(name: str) -> list[str]:
    out = [name]
    bare = _SUFFIX_PAREN.sub("", name).strip()
    if bare and bare != name:
        out.append(bare)
    if name.endswith("プロジェクト") and len(name) > len("プロジェクト"):
        out.append(name.removesuffix("プロジェクト"))
    return out


def _printed(record: Record, *prefixes: str) -> list[str]:
    return [text for path, text in record.printed.items() if path.split(".")[0] in prefixes]


def build_documents(
    kb: Knowledge, extra: Iterable[Doc] = ()
) -> tuple[list[Doc], dict[tuple[str, str | None, int | str], str]]:
    """The documents of a Knowledge (then ``extra``), and each indicator's printed project reference."""
    specs: list[dict[str, Any]] = []
    links: dict[tuple[str, str | None, int | str], list[Link]] = {}

    def add(
        kind: str,
        key: int | str,
        label: str,
        names: Iterable[str],
        related: Iterable[str] = (),
        plan: str | None = None,
    ) -> None:
        specs.append(
            dict(kind=kind, key=key, label=label, names=tuple(names), related=tuple(related), plan=plan)
        )

    def link(src: tuple[str, str | None, int | str], dst: Link) -> None:
        links.setdefault(src, []).append(dst)

    for plan, edition in reversed(kb.editions.items()):  # newest first: its items win ties
        revision = edition.revision
        labels = {row.ref: _SAME_AS_ABOVE.sub("", row.label) for row in revision.projects}
        for ind in revision.indicators:
            names = [n for name in [ind.name, *_printed(ind, "name")] for n in _aliases(name)]
            # a plan with projects carries its table labels on its sections and projects themselves
            related = [labels[ind.project]] if not edition.projects and ind.project in labels else []
            add("indicator", ind.no, f"{ind.no} {ind.name}", names, related, plan)
            me = ("indicator", plan, ind.no)
            if edition.projects:
                if ind.section:
                    link(me, Link("section", ind.section, plan))
                else:
                    link(me, Link("project", ind.project_no, plan))
            lineage = kb.successors(ind) + kb.predecessors(ind)
            for ref in lineage:
                link(me, Link("indicator", ref.no, ref.plan, EDITORIAL_LINK_WEIGHT))
        for p in edition.projects:
            names = [n for name in [p.name, *_printed(p, "name")] for n in _aliases(name)]
            related = [p.table_label or "", *_printed(p, "table_label"), *p.actions, *_printed(p, "actions")]
            add("project", p.no, f"{p.no} {p.name}", names, [t for t in related if t], plan)
            if not p.sections:
                for ind in edition.project_indicators(p.no):
                    link(("project", plan, p.no), Link("indicator", ind.no, plan))
            for s in p.sections:
                related = [_SAME_AS_ABOVE.sub("", s.table_label), *s.actions, *_printed(s, "actions")]
                add("section", s.id, f"{s.id} {s.title}", [s.title, *_printed(s, "title")], related, plan)
                link(("section", plan, s.id), Link("project", p.no, plan))
                for ind in edition.project_indicators(p.no, s.id):
                    link(("section", plan, s.id), Link("indicator", ind.no, plan))
            for where, actions in [(s.id, s.actions) for s in p.sections] or [(str(p.no), p.actions)]:
                for text in actions:
                    add("action", where, f"{where} {text}", [text], plan=plan)
        for f in edition.fields:
            names = [n for name in [f.name, *_printed(f, "name")] for n in _aliases(name)]
            related = [f.description, *f.bodies, f.category, *_printed(f, "description", "bodies")]
            add("field", f.id, f"{f.id} {f.name}", names, related, plan)
            field_link = edition.field_link(f.id)
            if field_link is None:
                continue
            here: tuple[str, str | None, int | str] = ("field", plan, f.id)
            others: list[tuple[str, str | None, int | str]] = [
                ("section", plan, s) for s in field_link.sections
            ]
            others += [("project", plan, n) for n in field_link.projects]
            others += [("indicator", plan, n) for n in field_link.indicators]
            for kind, other_plan, key in others:
                link(here, Link(kind, key, other_plan, EDITORIAL_LINK_WEIGHT))
                link((kind, other_plan, key), Link("field", f.id, plan, EDITORIAL_LINK_WEIGHT))
        for i, text in enumerate(edition.front.support_measures if edition.front else [], start=1):
            add("support_measure", i, f"{i} {text}", [text], plan=plan)
        for o in edition.front.overall_indicators if edition.front else []:
            add("overall", o.no, f"{o.no} {o.name}", [o.name], [o.definition] if o.definition else [], plan)
    docs = [
        Doc(**spec, links=tuple(links.get((spec["kind"], spec["plan"], spec["key"]), ()))) for spec in specs
    ]
    docs.extend(extra)
    refs: dict[tuple[str, str | None, int | str], str] = {
        ("indicator", ind.plan, ind.no): ind.project
        for rev in kb.revisions.values()
        for ind in rev.indicators
    }
    return docs, refs


def doc_texts(doc: Doc) -> list[_Text]:
    """(space, key, weight, role, source) for every text of a document, deduplicated."""
    out: list[_Text] = []
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


def group_texts(texts: list[_Text]) -> list[_Unit]:
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
