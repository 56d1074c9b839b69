"""Read the YAML data files into validated models; every error names the file and the record.

Errors are collected across all files, so one run reports everything that is wrong, e.g.::

    plans/2024/indicators.yaml: indicator 15: target.value: not a number
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.document import passages
from knowledge.edition import Edition
from knowledge.models import (
    FieldLink,
    GlossaryTerm,
    GrowthField,
    Indicator,
    LineageLink,
    Plan,
    Project,
    Record,
    Revision,
    Synonym,
    TableProject,
)
from knowledge.publication import PublicationLags
from knowledge.textnorm import surface_key

# libyaml's safe loader reads the same documents about ten times faster; pure Python where absent.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA_DIR = Path(__file__).parent / "data"
PLANS_DIR = "plans"  # one folder per revision, named by its id
SHARED_FILES = ("glossary.yaml", "editorial/synonyms.yaml", "editorial/publication.yaml")
# A plan folder's files; only the first and the indicators are required (the 1st revision is
# known only from its successor's table, so it has no front matter, fields or projects).
PLAN_FILES = (
    "revision.yaml",
    "plan.yaml",
    "fields.yaml",
    "projects.yaml",
    "indicators.yaml",
    "lineage.yaml",
    "field_links.yaml",
    "glossary.yaml",
)
REQUIRED_PLAN_FILES = frozenset({"revision.yaml", "indicators.yaml"})
SYNONYMS = "editorial/synonyms.yaml"
PUBLICATION = "editorial/publication.yaml"

M = TypeVar("M", bound=BaseModel)

# Short readings of pydantic's error types, so data editors see plain words.
_ERROR_WORDS = {
    "decimal_parsing": "not a number",
    "decimal_type": "not a number",
    "int_parsing": "not a whole number",
    "int_type": "not a whole number",
    "int_from_float": "not a whole number",
    "missing": "missing",
    "extra_forbidden": "unknown key",
    "string_type": "not text",
    "list_type": "not a list",
    "bool_parsing": "not true/false",
    "dict_type": "not a mapping",
    "model_type": "not a mapping",
}


# Marks a file that could not be read at all, so it is reported once and not again per record.
_UNREADABLE = object()


class KnowledgeError(Exception):
    """The data files are invalid; ``problems`` lists each one as ``file: record: detail``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class _Collector:
    """Collects problems while validating, so all of them are reported at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, file: str, record: str, detail: str) -> None:
        self.problems.append(f"{file}: {record}: {detail}" if record else f"{file}: {detail}")

    def validate(self, model: type[M], raw: Any, file: str, record: str) -> M | None:
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(part) for part in err["loc"])
                word = _ERROR_WORDS.get(err["type"], err["msg"])
                self.add(file, record, f"{loc}: {word}" if loc else word)
            return None

    def validate_list(self, model: type[M], raws: Any, file: str, name: Callable[[int, Any], str]) -> list[M]:
        if raws is _UNREADABLE:
            return []
        if not isinstance(raws, list):
            self.add(file, "", "expected a list of records")
            return []
        out = []
        for i, raw in enumerate(raws):
            item = self.validate(model, raw, file, name(i, raw))
            if item is not None:
                out.append(item)
        return out


def _key_namer(label: str, key: str) -> Callable[[int, Any], str]:
    """Name a record by its key (``indicator 15``), or by position when the key is unreadable."""

    def name(i: int, raw: Any) -> str:
        if isinstance(raw, dict) and key in raw and isinstance(raw[key], str | int):
            return f"{label} {raw[key]}"
        return f"{label} #{i + 1}"

    return name


def _read(path: Path, rel: str, problems: _Collector) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except FileNotFoundError:
        problems.add(rel, "", "file not found")
    except UnicodeDecodeError:
        problems.add(rel, "", "not UTF-8 text")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        problems.add(rel, where, f"not valid YAML ({getattr(exc, 'problem', None) or exc})")
    return _UNREADABLE


def _mapping(raw: Any, rel: str, problems: _Collector) -> dict[str, Any]:
    if raw is None or raw is _UNREADABLE:
        return {}
    if not isinstance(raw, dict):
        problems.add(rel, "", "expected a mapping at the top level")
        return {}
    return raw


def plan_folders(data_dir: Path = DATA_DIR) -> list[Path]:
    """The plan folders under ``data/plans/``, in name order."""
    root = data_dir / PLANS_DIR
    # a dot-folder is work in progress (a scaffold being written), never a plan
    return (
        sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
        if root.is_dir()
        else []
    )


def data_files(data_dir: Path = DATA_DIR) -> list[str]:
    """Every data file's path relative to the data folder, shared ones first."""
    files = [rel for rel in SHARED_FILES if (data_dir / rel).exists()]
    for folder in plan_folders(data_dir):
        files += [f"{PLANS_DIR}/{folder.name}/{name}" for name in PLAN_FILES if (folder / name).exists()]
    return files


def data_version(data_dir: Path = DATA_DIR) -> str:
    """A short content hash of the data files, shown in answers' footers."""
    digest = hashlib.sha256()
    for rel in data_files(data_dir):
        path = data_dir / rel
        digest.update(rel.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:8]


def _editorial(problems: _Collector, raw: Any, rel: str) -> dict[str, Any]:
    doc = _mapping(raw, rel, problems)
    if doc and doc.get("editorial") is not True:
        problems.add(rel, "", "editorial files must say `editorial: true`")
    return doc


def _read_plan(folder: Path, problems: _Collector) -> Edition | None:
    """One plan folder as an Edition, or None when its revision record is unreadable."""
    base = f"{PLANS_DIR}/{folder.name}"
    raw: dict[str, Any] = {}
    for name in PLAN_FILES:
        if (folder / name).exists() or name in REQUIRED_PLAN_FILES:
            raw[name] = _read(folder / name, f"{base}/{name}", problems)
    rel = {name: f"{base}/{name}" for name in PLAN_FILES}

    front = None
    if "plan.yaml" in raw:
        front = problems.validate(
            Plan, _mapping(raw["plan.yaml"], rel["plan.yaml"], problems), rel["plan.yaml"], ""
        )
    fields = problems.validate_list(
        GrowthField, raw.get("fields.yaml", []), rel["fields.yaml"], _key_namer("field", "id")
    )
    projects = problems.validate_list(
        Project, raw.get("projects.yaml", []), rel["projects.yaml"], _key_namer("project", "number")
    )
    head = _mapping(raw["revision.yaml"], rel["revision.yaml"], problems)
    doc = _mapping(raw["indicators.yaml"], rel["indicators.yaml"], problems)
    plan_id = folder.name  # checked against the revision's own id below
    indicators = problems.validate_list(
        Indicator,
        [{"plan": plan_id, **r} if isinstance(r, dict) else r for r in doc.get("indicators") or []],
        rel["indicators.yaml"],
        _key_namer("indicator", "number"),
    )
    if projects:
        table = [
            TableProject(ref=ref, label=label)
            for p in projects
            for ref, label in zip(
                p.refs, [s.table_label for s in p.sections] or [p.table_label or ""], strict=True
            )
        ]
    else:
        table = problems.validate_list(
            TableProject, head.get("projects") or [], rel["revision.yaml"], _key_namer("project", "ref")
        )
    meta = head.get("revision")
    revision = problems.validate(
        Revision,
        {**meta, "projects": [], "indicators": []} if isinstance(meta, dict) else meta,
        rel["revision.yaml"],
        "revision",
    )
    if revision is None:
        return None
    if revision.id != folder.name:
        problems.add(rel["revision.yaml"], "revision", f"id: {revision.id!r} differs from its folder's name")

    lineage_doc = _editorial(problems, raw.get("lineage.yaml"), rel["lineage.yaml"])
    lineage = problems.validate_list(
        LineageLink, lineage_doc.get("links") or [], rel["lineage.yaml"], _key_namer("old indicator", "old")
    )
    links_doc = _editorial(problems, raw.get("field_links.yaml"), rel["field_links.yaml"])
    field_links = problems.validate_list(
        FieldLink, links_doc.get("links") or [], rel["field_links.yaml"], _key_namer("field", "field")
    )
    terms = problems.validate_list(
        GlossaryTerm,
        [{"plan": plan_id, **r} if isinstance(r, dict) else r for r in raw.get("glossary.yaml") or []]
        if isinstance(raw.get("glossary.yaml"), list)
        else raw.get("glossary.yaml", []),
        f"{base}/glossary.yaml",
        _key_namer("term", "term"),
    )
    return Edition(
        revision=revision.model_copy(update={"projects": table, "indicators": indicators}),
        front=front,
        fields=tuple(fields),
        projects=tuple(projects),
        lineage=tuple(lineage),
        field_links=tuple(field_links),
        statements={
            "lineage": lineage_doc.get("statement", ""),
            "field_links": links_doc.get("statement", ""),
        },
        glossary=tuple(terms),
    )


def read_all(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Validate every data file; return the editions oldest first, or raise KnowledgeError listing every problem."""
    problems = _Collector()
    folders = plan_folders(data_dir)
    if not folders:
        problems.add(PLANS_DIR, "", "no plan folders (expected plans/<id>/revision.yaml and indicators.yaml)")
    read = [edition for folder in folders if (edition := _read_plan(folder, problems)) is not None]
    editions = {e.id: e for e in sorted(read, key=lambda e: e.revision.start.start)}

    raw_glossary = _read(data_dir / "glossary.yaml", "glossary.yaml", problems)
    glossary = problems.validate_list(GlossaryTerm, raw_glossary, "glossary.yaml", _key_namer("term", "term"))
    glossary = [t.model_copy(update={"plan": None}) for t in glossary]  # the shared file names no plan
    for edition in editions.values():  # a plan's own terms follow the shared ones
        glossary += list(edition.glossary)
    terms = [(t.term, t.plan) for t in glossary]
    for dup, plan in sorted({t for t in terms if terms.count(t) > 1}, key=str):
        where = "glossary.yaml" if plan is None else f"{PLANS_DIR}/{plan}/glossary.yaml"
        problems.add(where, f"term {dup}", "appears more than once")

    synonyms: list[Synonym] = []
    if (data_dir / SYNONYMS).exists():
        synonyms_doc = _editorial(problems, _read(data_dir / SYNONYMS, SYNONYMS, problems), SYNONYMS)
        synonyms = problems.validate_list(
            Synonym, synonyms_doc.get("synonyms") or [], SYNONYMS, _key_namer("synonym", "means")
        )

    publication = PublicationLags()
    if (data_dir / PUBLICATION).exists():
        lag_doc = _editorial(problems, _read(data_dir / PUBLICATION, PUBLICATION, problems), PUBLICATION)
        lags = {k: v for k, v in lag_doc.items() if k not in ("editorial", "statement")}
        publication = problems.validate(PublicationLags, lags, PUBLICATION, "") or publication

    if not problems.problems:
        for edition in editions.values():
            _cross_check(problems, edition, editions)
            _check_printed(problems, edition)
        _check_synonyms(problems, synonyms, data_dir)
        _check_glossary_sources(problems, glossary, editions)
    if problems.problems:
        raise KnowledgeError(problems.problems)
    return {
        "editions": editions,
        "glossary": glossary,
        "synonyms": synonyms,
        "publication": publication,
        "version": data_version(data_dir),
    }


def _document_text(data_dir: Path) -> str:
    """Every word the data holds (the plans and the glossary), to check synonyms against."""
    return "\n".join(
        (data_dir / rel).read_text(encoding="utf-8") for rel in data_files(data_dir) if rel != SYNONYMS
    )


def _occurs(word: str, text: str) -> bool:
    """Whether ``word`` occurs in ``text``; a Latin word only as a whole word (CN is not in CNP)."""
    if word.isascii():
        return re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text, re.IGNORECASE) is not None
    return word in text


def _check_synonyms(problems: _Collector, synonyms: list[Synonym], data_dir: Path) -> None:
    """A synonym maps a word the document does not use to one it does."""
    text = _document_text(data_dir)
    seen: dict[str, str] = {}
    for synonym in synonyms:
        record = f"synonym {synonym.means}"
        if not _occurs(synonym.means, text):
            problems.add(SYNONYMS, record, f"means: {synonym.means!r} does not occur in the data")
        for word in synonym.words:
            if word == synonym.means or _occurs(synonym.means, word):
                problems.add(SYNONYMS, record, f"words: {word!r} already holds the word it means")
            folded = unicodedata.normalize("NFKC", word).casefold()
            if folded in seen:
                problems.add(SYNONYMS, record, f"words: {word!r} also stands for {seen[folded]!r}")
            seen[folded] = synonym.means


def _numbered(problems: _Collector, file: str, label: str, numbers: list[int]) -> None:
    """Numbers must run 1..N in order, without gaps or repeats."""
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        problems.add(file, "", f"{label} numbers must run 1..{len(numbers)} in order, got {numbers}")


def _cross_check(problems: _Collector, edition: Edition, editions: dict[str, Edition]) -> None:
    base = f"{PLANS_DIR}/{edition.id}"
    rel_fields, rel_projects = f"{base}/fields.yaml", f"{base}/projects.yaml"
    rel_indicators, rel_lineage, rel_links = (
        f"{base}/indicators.yaml",
        f"{base}/lineage.yaml",
        f"{base}/field_links.yaml",
    )
    _numbered(problems, rel_fields, "field", [f.id for f in edition.fields])
    _numbered(problems, rel_projects, "project", [p.no for p in edition.projects])
    revision = edition.revision
    _numbered(problems, rel_indicators, "indicator", [i.no for i in revision.indicators])
    refs = {p.ref for p in revision.projects}
    with_actual = {ind.actual is not None for ind in revision.indicators}
    for ind in revision.indicators:
        if ind.project not in refs:
            problems.add(
                rel_indicators,
                f"indicator {ind.no}",
                f"project: {ind.project!r} is not in this revision's table",
            )
        if ind.target.value is None and not revision.draft:
            problems.add(
                rel_indicators,
                f"indicator {ind.no}",
                "target.value: missing (only a draft, `draft: true` in revision.yaml, may leave it empty)",
            )
        for part, q in (("baseline", ind.baseline), ("target", ind.target)):
            if q.value is not None and q.unit != ind.target.unit:
                problems.add(
                    rel_indicators,
                    f"indicator {ind.no}",
                    f"{part}.unit: {q.unit!r} differs from the target's",
                )
        if len(with_actual) > 1 and ind.actual is None:
            problems.add(
                rel_indicators,
                f"indicator {ind.no}",
                "actual: a revision's table prints an actual for every indicator or for none",
            )

    if edition.lineage and edition.previous is None:
        problems.add(rel_lineage, "", "links need `previous:` in revision.yaml")
    before = editions.get(edition.previous) if edition.previous else None
    if edition.previous is not None and before is None:
        problems.add(f"{base}/revision.yaml", "revision", f"previous: no plan {edition.previous!r}")
    new_nos = {i.no for i in revision.indicators}
    if before is not None and edition.lineage:
        seen = [link.old for link in edition.lineage]
        if sorted(seen) != sorted(i.no for i in before.indicators):
            problems.add(rel_lineage, "", f"every indicator of plan {before.id} needs exactly one link")
        for link in edition.lineage:
            for n in link.new:
                if n not in new_nos:
                    problems.add(rel_lineage, f"old indicator {link.old}", f"new: no indicator {n}")

    field_ids = {f.id for f in edition.fields}
    project_nos = {p.no for p in edition.projects}
    section_ids = {s.id for p in edition.projects for s in p.sections}
    for field_link in edition.field_links:
        record = f"field {field_link.field}"
        if field_link.field not in field_ids:
            problems.add(rel_links, record, "no such field")
        for no in field_link.projects:
            if no not in project_nos:
                problems.add(rel_links, record, f"projects: no project {no}")
        for sid in field_link.sections:
            if sid not in section_ids:
                problems.add(rel_links, record, f"sections: no section {sid}")
        for no in field_link.indicators:
            if no not in new_nos:
                problems.add(rel_links, record, f"indicators: no indicator {no}")


def resolve_path(record: BaseModel, path: str) -> Any:
    """Follow a dotted path such as ``target.text`` or ``actions.0`` into a record."""
    node: Any = record
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else getattr(node, part)
    return node


def _walk(record: Record, where: str) -> Iterable[tuple[Record, str]]:
    """Every Record inside a record (itself included), with a readable location."""
    yield record, where
    for name in type(record).model_fields:
        value = getattr(record, name)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if isinstance(item, Record):
                yield from _walk(
                    item, f"{where} {name}.{i}" if isinstance(value, list) else f"{where} {name}"
                )


def _check_printed(problems: _Collector, edition: Edition) -> None:
    """Each printed form must name an existing text field and differ from its corrected form."""
    base = f"{PLANS_DIR}/{edition.id}"
    tops: list[tuple[str, str, Record]] = (
        [(f"{base}/plan.yaml", "plan", edition.front)] if edition.front else []
    )
    tops += [(f"{base}/fields.yaml", f"field {f.id}", f) for f in edition.fields]
    tops += [(f"{base}/projects.yaml", f"project {p.no}", p) for p in edition.projects]
    tops += [(f"{base}/indicators.yaml", f"indicator {i.no}", i) for i in edition.revision.indicators]
    for rel, label, top in tops:
        for record, where in _walk(top, label):
            for path, printed in record.printed.items():
                try:
                    corrected = resolve_path(record, path)
                except (AttributeError, IndexError, ValueError):
                    problems.add(rel, where.strip(), f"printed.{path}: no such field")
                    continue
                if corrected == printed:
                    problems.add(rel, where.strip(), f"printed.{path}: same as the corrected text")


def _check_glossary_sources(
    problems: _Collector, glossary: list[GlossaryTerm], editions: dict[str, Edition]
) -> None:
    """A term quoting the document names the section of the quote, and the quote is in that section."""
    for term in glossary:
        where = "glossary.yaml" if term.plan is None else f"{PLANS_DIR}/{term.plan}/glossary.yaml"
        if term.document is None:
            if term.source is not None:
                problems.add(
                    where,
                    f"term {term.term}",
                    "source names the section of a quote, but there is no document quote",
                )
            continue
        hosts = [e for e in editions.values() if e.front and (term.plan is None or e.id == term.plan)]
        if term.source is None:
            problems.add(
                where, f"term {term.term}", "a document quote needs source: the key of the section it is from"
            )
            continue
        known = [e for e in hosts if e.front and term.source in e.front.sections]
        if not known:
            problems.add(
                where, f"term {term.term}", f"source {term.source!r} is not a section of the plan's document"
            )
            continue
        quote = surface_key(term.document)
        if not any(quote in _section_text(e, term.source, editions) for e in known):
            section = known[0].front.sections[term.source] if known[0].front else term.source
            problems.add(where, f"term {term.term}", f"the quote is not in the text of 「{section}」")


def _section_text(edition: Edition, section: str, editions: dict[str, Edition]) -> str:
    """The folded text of one section of a plan's document, printed forms beside corrected ones."""
    previous = editions.get(str(edition.previous)) if edition.previous else None
    found = [p for p in passages(edition, previous) if p.section == section]
    return surface_key(" ".join(f"{p.text} {p.printed or ''}" for p in found))
