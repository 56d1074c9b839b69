"""pydantic models of the strategy document, as transcribed in ``knowledge/data/``.

Every printed value keeps the document's own text (``text``) beside the parsed number, so the
bot can always show what the document says.  OCR slips are stored corrected, with the printed
form kept in the record's ``printed`` mapping (field path → printed text).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from knowledge.periods import Period, PeriodError, parse_period

# A plan is named by the first 年度 of its period (the 2nd revision, FY2024–FY2026, is "2024").
PlanId = Annotated[str, Field(pattern=r"^\d{4}$")]
Tag = Literal["拡充", "新規"]
Category = Literal["成長基幹分野", "成長加速分野", "次世代育成分野"]

# The document prints a missing value as an em dash in the 2nd revision and a hyphen in the 1st.
MISSING_TEXTS = frozenset({"—", "-"})


class TargetKind(StrEnum):
    """How a target is counted."""

    CUMULATIVE = "cumulative"  # 累計: a running total including the baseline
    PER_3_YEARS = "per_3_years"  # …/3年: a total over the plan's three years, counted from zero
    LEVEL = "level"  # a level to reach in the target year
    LOWER_BOUND = "lower_bound"  # 97%超 / 98%以上: exceed (or reach) a bound


class Record(BaseModel):
    """Base for data records: strict keys, immutable, with OCR and editorial notes."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True, validate_by_alias=True)

    printed: dict[str, str] = {}
    notes: list[str] = []


def _check_period(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return str(parse_period(value))
    except PeriodError as exc:
        raise ValueError(str(exc)) from None


class Quantity(Record):
    """A printed value: number, unit, period and the text exactly as printed."""

    value: Decimal | None = None
    unit: str | None = None
    period: str | None = None
    text: str

    @field_validator("period")
    @classmethod
    def _valid_period(cls, value: str | None) -> str | None:
        return _check_period(value)

    @model_validator(mode="after")
    def _missing_is_explicit(self) -> Quantity:
        if self.value is None and self.text not in MISSING_TEXTS:
            raise ValueError(f"value is missing but text {self.text!r} is not a dash")
        if self.value is not None and self.unit is None:
            raise ValueError("a value needs its unit")
        return self

    @property
    def is_missing(self) -> bool:
        """True where the document prints a dash."""
        return self.value is None

    @property
    def period_obj(self) -> Period | None:
        """The parsed period, if any."""
        return parse_period(self.period) if self.period else None


class Target(Quantity):
    """A target value with how it is counted."""

    kind: TargetKind
    inclusive: bool | None = None

    @model_validator(mode="after")
    def _bound_has_inclusive(self) -> Target:
        # A draft's targets start empty (a dash) until the new document gives them; the loader
        # refuses an empty target in any plan that is not a draft.
        if (self.kind is TargetKind.LOWER_BOUND) != (self.inclusive is not None):
            raise ValueError("inclusive is set exactly when kind is lower_bound")
        return self


class Actual(Record):
    """An actual value with its as-of period, or an explicit reason why there is none."""

    value: Decimal | None = None
    unit: str | None = None
    as_of: str | None = None
    as_of_text: str
    text: str

    @field_validator("as_of")
    @classmethod
    def _valid_as_of(cls, value: str | None) -> str | None:
        return _check_period(value)

    @model_validator(mode="after")
    def _complete_or_missing(self) -> Actual:
        if self.value is None:
            if self.text not in MISSING_TEXTS or self.as_of is not None:
                raise ValueError("a missing actual has dash text and no as_of")
        elif self.unit is None or self.as_of is None:
            raise ValueError("an actual needs unit and as_of")
        return self

    @property
    def as_of_obj(self) -> Period | None:
        """The parsed as-of period, if any."""
        return parse_period(self.as_of) if self.as_of else None


class OfficialRating(Record):
    """The document's own ★ rating, or its note where none was given (国統計未公表)."""

    stars: int | None = None
    text: str

    @model_validator(mode="after")
    def _stars_match_text(self) -> OfficialRating:
        if self.stars is None:
            if "★" in self.text:
                raise ValueError("text shows stars but stars is empty")
        elif not 1 <= self.stars <= 4 or self.text != "★" * self.stars:
            raise ValueError(f"stars {self.stars} does not match text {self.text!r}")
        return self


class Indicator(Record):
    """A project indicator of either revision."""

    plan: PlanId
    no: int = Field(alias="number")  # YAML 1.1 reads a bare `no:` key as false
    project: str
    name: str
    baseline: Quantity
    target: Target
    actual: Actual | None = None
    official: OfficialRating | None = None
    publication_lag_months: int | None = Field(None, ge=0, le=36)  # else the editorial default

    @property
    def project_no(self) -> int:
        """The project number of the printed reference (3 for ``3-2``)."""
        return int(self.project.split("-")[0])

    @property
    def section(self) -> str | None:
        """The section reference (``3-2``), or None for a project without sections."""
        return self.project if "-" in self.project else None

    @property
    def calendar_basis(self) -> bool:
        """True when the indicator is counted in 暦年 rather than 年度."""
        period = self.target.period_obj
        return bool(period and period.is_calendar_basis)

    @property
    def key(self) -> tuple[str, int]:
        """Unique key across revisions."""
        return (self.plan, self.no)


class Section(Record):
    """A numbered section of a project, e.g. 3-4."""

    id: str
    title: str
    tags: list[Tag] = []
    actions: list[str]
    table_label: str


class Project(Record):
    """A strategic project of a revision, with its sections or actions."""

    no: int = Field(alias="number")  # YAML 1.1 reads a bare `no:` key as false
    name: str
    tags: list[Tag] = []
    table_label: str | None = None
    sections: list[Section] = []
    actions: list[str] = []

    @model_validator(mode="after")
    def _sections_or_actions(self) -> Project:
        if bool(self.sections) == bool(self.actions):
            raise ValueError("a project has either sections or actions of its own, not both")
        if bool(self.sections) == (self.table_label is not None):
            raise ValueError("table_label belongs to the sections when there are sections")
        for i, section in enumerate(self.sections, start=1):
            if section.id != f"{self.no}-{i}":
                raise ValueError(f"section {section.id!r} should be {self.no}-{i}")
        return self

    @property
    def refs(self) -> list[str]:
        """The references the indicator table uses for this project."""
        return [s.id for s in self.sections] or [str(self.no)]


class GrowthField(Record):
    """A priority growth field (重点成長分野)."""

    id: int
    category: Category
    name: str
    description: str
    bodies: list[str] = []
    cell_text: str
    new: bool = False


class TableProject(Record):
    """A project row of a revision's indicator table, as labelled there."""

    ref: str
    label: str


class RatingLegendEntry(Record):
    """One step of the prefecture's ★ scale."""

    stars: int
    text: str
    meaning: str


class Revision(Record):
    """One revision of the strategy with its period and indicator table."""

    id: PlanId
    title: str
    revision: str
    period_start: str
    period_end: str
    period_text: str
    table_source: str
    aliases: list[str] = []  # how staff name it besides its id and name (第2次, 2次)
    previous: PlanId | None = None  # the revision its lineage links from
    # A revision being prepared: it answers only when asked for by id, and only until its period starts.
    draft: bool = False
    projects: list[TableProject] = []
    indicators: list[Indicator]

    @field_validator("period_start", "period_end")
    @classmethod
    def _valid_periods(cls, value: str) -> str | None:
        return _check_period(value)

    @property
    def start(self) -> Period:
        """First 年度 of the plan."""
        return parse_period(self.period_start)

    @property
    def end(self) -> Period:
        """Last 年度 of the plan."""
        return parse_period(self.period_end)


class Strength(Record):
    """One of the prefecture's strengths."""

    no: int = Field(alias="number")  # YAML 1.1 reads a bare `no:` key as false
    text: str


class Perspective(Record):
    """A main perspective of the basic goal."""

    text: str
    new: bool = False


class Direction(Record):
    """A direction for a company group, with its sub-items."""

    text: str
    items: list[str] = []


class CompanyGroup(Record):
    """A company group (瀬戸内基幹企業群 etc.) with its weight and directions."""

    name: str
    measure: Quantity
    measure_kind: Literal["share_of_value_added", "establishments"]
    relation: str | None = None
    directions: list[Direction]
    definition: str | None = None
    remarks: list[str] = []


class OverallIndicator(Record):
    """A whole-economy indicator: a 2022 value with its source and no target."""

    no: int = Field(alias="number")  # YAML 1.1 reads a bare `no:` key as false
    name: str
    definition: str | None = None
    value: Quantity
    survey: str
    source: str


class Plan(Record):
    """A revision's front matter and the parts without indicators."""

    title: str
    revision: str
    document: str
    status: str
    issuer: str
    date: str
    date_text: str
    history: str
    sections: dict[str, str]
    purpose: list[str]
    basic_goal: str
    perspectives: list[Perspective]
    target_period_text: str
    period_reason: str | None = None  # why the period is what it is (「…に機動的に対応するため、…」)
    fields_intro: str
    fields_change: str
    fields_note: str
    strengths: list[Strength]
    directions_intro: list[str]
    company_groups: list[CompanyGroup]
    promotion: list[str]
    support_measures: list[str]
    overall_intro: str | None = None  # the line above the overall indicators' table
    overall_indicators: list[OverallIndicator]
    indicators_intro: str
    rating_legend: list[RatingLegendEntry]
    rating_notes: list[str]
    # what the document says of the revision before it, e.g. 「全24指標のうち17の指標…」
    previous_summary: str | None = None
    previous_claim: dict[str, int] = {}


class LineageRelation(StrEnum):
    """How a 1st-revision indicator continues into the 2nd."""

    SAME = "same"
    RENAMED = "renamed"
    REDEFINED = "redefined"
    REGROUPED = "regrouped"
    NONE = "none"


class LineageLink(Record):
    """Editorial: what continues an old indicator in the new revision."""

    old: int
    new: list[int]
    relation: LineageRelation
    reason: str | None = None

    @model_validator(mode="after")
    def _none_has_no_successor(self) -> LineageLink:
        if (self.relation is LineageRelation.NONE) != (not self.new):
            raise ValueError("relation none exactly when there is no successor")
        return self


class FieldLink(Record):
    """Editorial: which sections, projects and indicators serve a field."""

    field: int
    projects: list[int] = []
    sections: list[str] = []
    indicators: list[int]


class GlossaryTerm(Record):
    """A term the document uses, with the document's own words and/or a general explanation."""

    term: str
    reading: str
    aliases: list[str] = []
    document: str | None = None  # verbatim from the document
    source: str | None = None  # the key of the section the quote is from (Plan.sections)
    general: str | None = None  # written for new staff; not from the document
    see: list[str] = []  # commands that show related items
    plan: PlanId | None = None  # a term of one plan's own folder (where it differs); None: shared

    @model_validator(mode="after")
    def _explained(self) -> GlossaryTerm:
        if not (self.document or self.general):
            raise ValueError("a term needs the document's words, a general explanation, or both")
        return self


class Synonym(Record):
    """Editorial: words staff use that the document does not, and the document's word they mean."""

    words: list[str] = Field(min_length=1)
    means: str = Field(min_length=1)
