"""One revision of the strategy as loaded from its folder: lookups by number within that plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.models import (
    FieldLink,
    GlossaryTerm,
    GrowthField,
    Indicator,
    LineageLink,
    Plan,
    Project,
    Revision,
    Section,
)


@dataclass(frozen=True)
class Edition:
    """A plan's revision record, front matter, fields, projects and its links to the plan before."""

    revision: Revision
    front: Plan | None = None  # the 1st revision is known only from its successor's table
    fields: tuple[GrowthField, ...] = ()
    projects: tuple[Project, ...] = ()
    lineage: tuple[LineageLink, ...] = ()  # editorial: how the previous plan's indicators continue here
    field_links: tuple[FieldLink, ...] = ()  # editorial: which projects and indicators serve a field
    statements: dict[str, str] = field(default_factory=dict)  # each editorial file's disclaimer
    glossary: tuple[GlossaryTerm, ...] = ()  # terms of this plan only, where they differ from the shared ones

    @property
    def id(self) -> str:
        """The plan id: the first 年度 of its period."""
        return self.revision.id

    @property
    def name(self) -> str:
        """The revision's name, e.g. 第2次改定版."""
        return self.revision.revision

    @property
    def previous(self) -> str | None:
        """The plan this one's lineage links from."""
        return self.revision.previous

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The plan's indicators in number order."""
        return tuple(self.revision.indicators)

    def indicator(self, no: int) -> Indicator | None:
        """Indicator ``no``, or None."""
        items = self.revision.indicators
        return items[no - 1] if 1 <= no <= len(items) else None

    def project(self, no: int) -> Project | None:
        """Project ``no``, or None."""
        return self.projects[no - 1] if 1 <= no <= len(self.projects) else None

    def section(self, section_id: str) -> Section | None:
        """A section such as ``3-2``, or None."""
        return next((s for p in self.projects for s in p.sections if s.id == section_id), None)

    def growth_field(self, field_id: int) -> GrowthField | None:
        """Field ``field_id``, or None."""
        return self.fields[field_id - 1] if 1 <= field_id <= len(self.fields) else None

    def project_indicators(self, project_no: int, section_id: str | None = None) -> list[Indicator]:
        """The indicators of a project, or of one of its sections."""
        return [
            i
            for i in self.revision.indicators
            if i.project_no == project_no and (section_id is None or i.project == section_id)
        ]

    def field_link(self, field_id: int) -> FieldLink | None:
        """The editorial links of a field, if any."""
        return next((link for link in self.field_links if link.field == field_id), None)

    def fields_for_indicator(self, no: int) -> list[GrowthField]:
        """Fields that (editorially) an indicator serves."""
        return [
            f for link in self.field_links if no in link.indicators if (f := self.growth_field(link.field))
        ]

    def lineage_link(self, old_no: int) -> LineageLink | None:
        """The editorial link of one of the previous plan's indicators into this one."""
        return next((link for link in self.lineage if link.old == old_no), None)
