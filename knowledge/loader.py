"""Read the YAML data files into validated models; every error names the file and the record.

Errors are collected across all files, so one run reports everything that is wrong, e.g.::

    indicators.yaml: indicator 15: target.value: not a number
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

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
    TableProject,
)

# libyaml's safe loader reads the same documents about ten times faster; pure Python where absent.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA_DIR = Path(__file__).parent / "data"
FILES = (
    "plan.yaml",
    "fields.yaml",
    "projects.yaml",
    "indicators.yaml",
    "revision1.yaml",
    "glossary.yaml",
    "editorial/lineage.yaml",
    "editorial/field_links.yaml",
)

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


def data_version(data_dir: Path = DATA_DIR) -> str:
    """A short content hash of the data files, shown in answers' footers."""
    digest = hashlib.sha256()
    for rel in FILES:
        path = data_dir / rel
        digest.update(rel.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:8]


def read_all(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Validate every data file; return the models or raise KnowledgeError listing every problem."""
    problems = _Collector()
    raw = {rel: _read(data_dir / rel, rel, problems) for rel in FILES}

    plan = problems.validate(Plan, _mapping(raw["plan.yaml"], "plan.yaml", problems), "plan.yaml", "")
    fields = problems.validate_list(GrowthField, raw["fields.yaml"], "fields.yaml", _key_namer("field", "id"))
    projects = problems.validate_list(
        Project, raw["projects.yaml"], "projects.yaml", _key_namer("project", "number")
    )

    revisions: dict[str, Revision] = {}
    for rel, plan_id in (("indicators.yaml", "2024"), ("revision1.yaml", "2021")):
        doc = _mapping(raw[rel], rel, problems)
        indicators = problems.validate_list(
            Indicator,
            [{"plan": plan_id, **r} if isinstance(r, dict) else r for r in doc.get("indicators") or []],
            rel,
            _key_namer("indicator", "number"),
        )
        if plan_id == "2024":
            table = [
                TableProject(ref=ref, label=label)
                for p in projects
                for ref, label in zip(
                    p.refs, [s.table_label for s in p.sections] or [p.table_label or ""], strict=True
                )
            ]
        else:
            table = problems.validate_list(
                TableProject, doc.get("projects") or [], rel, _key_namer("project", "ref")
            )
        meta = doc.get("revision")
        revision = problems.validate(
            Revision,
            {**meta, "projects": [], "indicators": []} if isinstance(meta, dict) else meta,
            rel,
            "revision",
        )
        if revision is not None:
            revisions[plan_id] = revision.model_copy(update={"projects": table, "indicators": indicators})

    glossary = problems.validate_list(
        GlossaryTerm, raw["glossary.yaml"], "glossary.yaml", _key_namer("term", "term")
    )
    terms = [t.term for t in glossary]
    for dup in sorted({t for t in terms if terms.count(t) > 1}):
        problems.add("glossary.yaml", f"term {dup}", "appears more than once")

    lineage_doc = _mapping(raw["editorial/lineage.yaml"], "editorial/lineage.yaml", problems)
    lineage = problems.validate_list(
        LineageLink,
        lineage_doc.get("links") or [],
        "editorial/lineage.yaml",
        _key_namer("old indicator", "old"),
    )
    links_doc = _mapping(raw["editorial/field_links.yaml"], "editorial/field_links.yaml", problems)
    field_links = problems.validate_list(
        FieldLink, links_doc.get("links") or [], "editorial/field_links.yaml", _key_namer("field", "field")
    )
    for rel, doc in (("editorial/lineage.yaml", lineage_doc), ("editorial/field_links.yaml", links_doc)):
        if doc and doc.get("editorial") is not True:
            problems.add(rel, "", "editorial files must say `editorial: true`")

    if not problems.problems:
        _cross_check(problems, fields, projects, revisions, lineage, field_links)
        _check_printed(problems, plan, fields, projects, revisions)
    if problems.problems:
        raise KnowledgeError(problems.problems)
    return {
        "plan": plan,
        "fields": fields,
        "projects": projects,
        "revisions": revisions,
        "lineage": lineage,
        "field_links": field_links,
        "glossary": glossary,
        "editorial_statements": {
            "lineage": lineage_doc.get("statement", ""),
            "field_links": links_doc.get("statement", ""),
        },
        "version": data_version(data_dir),
    }


def _numbered(problems: _Collector, file: str, label: str, numbers: list[int]) -> None:
    """Numbers must run 1..N in order, without gaps or repeats."""
    expected = list(range(1, len(numbers) + 1))
    if numbers != expected:
        problems.add(file, "", f"{label} numbers must run 1..{len(numbers)} in order, got {numbers}")


def _cross_check(
    problems: _Collector,
    fields: list[GrowthField],
    projects: list[Project],
    revisions: dict[str, Revision],
    lineage: list[LineageLink],
    field_links: list[FieldLink],
) -> None:
    _numbered(problems, "fields.yaml", "field", [f.id for f in fields])
    _numbered(problems, "projects.yaml", "project", [p.no for p in projects])
    for plan_id, rel in (("2024", "indicators.yaml"), ("2021", "revision1.yaml")):
        revision = revisions[plan_id]
        _numbered(problems, rel, "indicator", [i.no for i in revision.indicators])
        refs = {p.ref for p in revision.projects}
        for ind in revision.indicators:
            if ind.project not in refs:
                problems.add(
                    rel, f"indicator {ind.no}", f"project: {ind.project!r} is not in this revision's table"
                )
            for part, q in (("baseline", ind.baseline), ("target", ind.target)):
                if q.value is not None and q.unit != ind.target.unit:
                    problems.add(
                        rel, f"indicator {ind.no}", f"{part}.unit: {q.unit!r} differs from the target's"
                    )
            if (ind.actual is None) != (plan_id == "2024"):
                problems.add(
                    rel,
                    f"indicator {ind.no}",
                    "actual: only 1st-revision records carry the document's actual",
                )

    old_nos = {i.no for i in revisions["2021"].indicators}
    new_nos = {i.no for i in revisions["2024"].indicators}
    seen = [link.old for link in lineage]
    if sorted(seen) != sorted(old_nos):
        problems.add("editorial/lineage.yaml", "", "every 1st-revision indicator needs exactly one link")
    for link in lineage:
        for n in link.new:
            if n not in new_nos:
                problems.add("editorial/lineage.yaml", f"old indicator {link.old}", f"new: no indicator {n}")

    field_ids = {f.id for f in fields}
    project_nos = {p.no for p in projects}
    section_ids = {s.id for p in projects for s in p.sections}
    for field_link in field_links:
        record = f"field {field_link.field}"
        if field_link.field not in field_ids:
            problems.add("editorial/field_links.yaml", record, "no such field")
        for no in field_link.projects:
            if no not in project_nos:
                problems.add("editorial/field_links.yaml", record, f"projects: no project {no}")
        for sid in field_link.sections:
            if sid not in section_ids:
                problems.add("editorial/field_links.yaml", record, f"sections: no section {sid}")
        for no in field_link.indicators:
            if no not in new_nos:
                problems.add("editorial/field_links.yaml", record, f"indicators: no indicator {no}")


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


def _check_printed(
    problems: _Collector,
    plan: Plan | None,
    fields: list[GrowthField],
    projects: list[Project],
    revisions: dict[str, Revision],
) -> None:
    """Each printed form must name an existing text field and differ from its corrected form."""
    tops: list[tuple[str, str, Record]] = [("plan.yaml", "plan", plan)] if plan else []
    tops += [("fields.yaml", f"field {f.id}", f) for f in fields]
    tops += [("projects.yaml", f"project {p.no}", p) for p in projects]
    tops += [("indicators.yaml", f"indicator {i.no}", i) for i in revisions["2024"].indicators]
    tops += [("revision1.yaml", f"indicator {i.no}", i) for i in revisions["2021"].indicators]
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
