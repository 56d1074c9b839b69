"""The loaded strategy: lookups by number, relations and lineage (names are the matcher's job)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.loader import DATA_DIR, read_all
from knowledge.models import (
    FieldLink,
    GlossaryTerm,
    GrowthField,
    Indicator,
    LineageLink,
    LineageRelation,
    Plan,
    PlanId,
    Project,
    Revision,
    Section,
)
from knowledge.periods import Period
from knowledge.rating import Assessment, NoRating, assess
from knowledge.textnorm import save_readings

if TYPE_CHECKING:
    from knowledge.search import SearchIndex

CURRENT_PLAN: PlanId = "2024"
PLANS: tuple[PlanId, ...] = ("2024", "2021")


@dataclass(frozen=True)
class LineageRef:
    """A link from one indicator to another across revisions."""

    plan: PlanId
    no: int
    relation: LineageRelation
    reason: str | None = None


@dataclass(frozen=True)
class Latest:
    """The latest actual of an indicator: from the document (1st revision) or recorded later."""

    value: Decimal | None
    unit: str | None
    as_of: Period | None
    text: str
    source: str  # "document" or "entry"
    note: str | None = None  # why the document gives no value (国統計未公表)
    recorded_by: str | None = None  # who recorded an entry, and when (ISO 8601, UTC)
    recorded_at: str | None = None
    remark: str | None = None  # the editor's note on an entry

    @property
    def is_missing(self) -> bool:
        """True where the document gives no value (e.g. 国統計未公表)."""
        return self.value is None


@dataclass(frozen=True)
class Knowledge:
    """Everything the document says, validated, with the editorial layers beside it."""

    plan: Plan
    fields: tuple[GrowthField, ...]
    projects: tuple[Project, ...]
    revisions: dict[str, Revision]
    lineage: tuple[LineageLink, ...]
    field_links: tuple[FieldLink, ...]
    glossary: tuple[GlossaryTerm, ...]
    editorial_statements: dict[str, str]
    version: str
    pinned_plan: str | None = None  # a setting that names the current plan, whatever the date

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Knowledge:
        """Read and validate the data files (raises KnowledgeError naming file and record)."""
        parts = read_all(data_dir)
        kb = cls(
            plan=parts["plan"],
            fields=tuple(parts["fields"]),
            projects=tuple(parts["projects"]),
            revisions=parts["revisions"],
            lineage=tuple(parts["lineage"]),
            field_links=tuple(parts["field_links"]),
            glossary=tuple(parts["glossary"]),
            editorial_statements=parts["editorial_statements"],
            version=parts["version"],
        )
        _ = kb.search_index  # built once, at load, so no query ever pays for it
        save_readings()  # the next start reads them back instead of asking pykakasi again
        return kb

    @cached_property
    def plan_ids(self) -> tuple[str, ...]:
        """Every plan the data holds, oldest first (by the first 年度 of its period)."""
        return tuple(sorted(self.revisions, key=lambda plan: self.revisions[plan].start.start))

    def current_plan(self, today: date) -> str:
        """The plan in force on ``today``: whose period contains it, else the latest one begun."""
        if self.pinned_plan is not None:
            return self.pinned_plan
        begun = [plan for plan in self.plan_ids if self.revisions[plan].start.start <= today]
        for plan in reversed(begun):
            if today <= self.revisions[plan].end.end:
                return plan
        return begun[-1] if begun else self.plan_ids[0]

    def plan_choices(self) -> list[tuple[str, str]]:
        """Every plan the data holds as (id, label), current first, e.g. ``第2次改定版（2024〜2026年度）``."""
        return [
            (rev.id, f"{rev.revision}（{rev.start.year}〜{rev.end.year}年度）")
            for plan in PLANS
            if (rev := self.revisions.get(plan)) is not None
        ]

    @cached_property
    def search_index(self) -> SearchIndex:  # imported late: the search module imports this one
        """The fuzzy search index over this knowledge."""
        from knowledge.search import Doc, SearchIndex

        terms = [
            Doc(
                "term",
                no,
                f"{no} {t.term}",
                (t.term, t.reading, *t.aliases),
                tuple(text for text in (t.document, t.general) if text),
            )
            for no, t in enumerate(self.glossary, start=1)
        ]
        return SearchIndex.build(self, extra=terms)

    # -- lookups by number -------------------------------------------------------------

    def revision(self, plan: str = CURRENT_PLAN) -> Revision:
        """The revision for a plan id (``2024`` or ``2021``)."""
        return self.revisions[plan]

    def indicators(self, plan: str = CURRENT_PLAN) -> list[Indicator]:
        """A plan's indicators in number order."""
        return list(self.revisions[plan].indicators)

    def indicator(self, no: int, plan: str = CURRENT_PLAN) -> Indicator | None:
        """Indicator ``no`` of a plan, or None."""
        items = self.revisions[plan].indicators
        return items[no - 1] if 1 <= no <= len(items) else None

    def project(self, no: int) -> Project | None:
        """Project ``no`` (1–8) of the 2nd revision, or None."""
        return self.projects[no - 1] if 1 <= no <= len(self.projects) else None

    def section(self, section_id: str) -> Section | None:
        """A section such as ``3-2``, or None."""
        for p in self.projects:
            for s in p.sections:
                if s.id == section_id:
                    return s
        return None

    def term(self, no: int) -> GlossaryTerm | None:
        """Glossary term ``no`` (1-based, in file order), or None."""
        return self.glossary[no - 1] if 1 <= no <= len(self.glossary) else None

    def growth_field(self, field_id: int) -> GrowthField | None:
        """Field ``field_id`` (1–10), or None."""
        return self.fields[field_id - 1] if 1 <= field_id <= len(self.fields) else None

    # -- relations -----------------------------------------------------------------------

    def table_label(self, indicator: Indicator, expand: bool = False) -> str:
        """How the indicator table labels the indicator's project or section.

        With ``expand``, a printed 「同上」 (ditto) is replaced by the project name it repeats.
        """
        rows = self.revisions[indicator.plan].projects
        label = next((row.label for row in rows if row.ref == indicator.project), None)
        if label is None:
            raise KeyError(indicator.project)
        if expand and label.startswith("同上"):
            first = next(row.label for row in rows if row.ref.split("-")[0] == str(indicator.project_no))
            base = first.split("(")[0].split("（")[0].strip()
            label = base + label.removeprefix("同上").strip()
        return label

    def project_indicators(self, project_no: int, section_id: str | None = None) -> list[Indicator]:
        """The 2nd revision's indicators of a project, or of one of its sections."""
        return [
            i
            for i in self.indicators(CURRENT_PLAN)
            if i.project_no == project_no and (section_id is None or i.project == section_id)
        ]

    def field_link(self, field_id: int) -> FieldLink | None:
        """The editorial links of a field, if any."""
        return next((link for link in self.field_links if link.field == field_id), None)

    def fields_for_indicator(self, no: int) -> list[GrowthField]:
        """Fields that (editorially) an indicator of the 2nd revision serves."""
        return [self.fields[link.field - 1] for link in self.field_links if no in link.indicators]

    def successors(self, indicator: Indicator) -> list[LineageRef]:
        """What continues a 1st-revision indicator in the 2nd (empty for the 2nd revision)."""
        if indicator.plan != "2021":
            return []
        return [
            LineageRef(CURRENT_PLAN, n, link.relation, link.reason)
            for link in self.lineage
            if link.old == indicator.no
            for n in link.new
        ]

    def predecessors(self, indicator: Indicator) -> list[LineageRef]:
        """Which 1st-revision indicators a 2nd-revision indicator continues."""
        if indicator.plan != CURRENT_PLAN:
            return []
        return [
            LineageRef("2021", link.old, link.relation, link.reason)
            for link in self.lineage
            if indicator.no in link.new
        ]

    def lineage_link(self, old_no: int) -> LineageLink | None:
        """The editorial link of a 1st-revision indicator."""
        return next((link for link in self.lineage if link.old == old_no), None)

    # -- ratings --------------------------------------------------------------------------

    def document_latest(self, indicator: Indicator) -> Latest | None:
        """The actual the document prints for an indicator (1st revision), as a Latest."""
        actual = indicator.actual
        if actual is None:
            return None
        note = indicator.official.text if indicator.official and indicator.official.stars is None else None
        return Latest(actual.value, actual.unit, actual.as_of_obj, actual.text, "document", note)

    def assess_latest(self, indicator: Indicator, latest: Latest | None) -> Assessment:
        """The 試算 rating of a latest actual (None when there is none)."""
        revision = self.revisions[indicator.plan]
        if latest is not None and latest.value is None and latest.note == NoRating.UNPUBLISHED:
            return Assessment(None, no_rating=NoRating.UNPUBLISHED)
        if latest is None:
            return assess(indicator, revision, None, None, None)
        return assess(indicator, revision, latest.value, latest.unit, latest.as_of)

    def assess_document_actual(self, indicator: Indicator) -> Assessment:
        """The 試算 rating of the actual printed in the document (1st revision only)."""
        return self.assess_latest(indicator, self.document_latest(indicator))
