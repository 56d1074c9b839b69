"""The loaded strategy: lookups by number, relations and lineage (names are the matcher's job)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.document import Part, Passage, parts, passages
from knowledge.edition import Edition
from knowledge.loader import DATA_DIR, KnowledgeError, read_all
from knowledge.models import GlossaryTerm, Indicator, LineageLink, LineageRelation, PlanId, Revision, Synonym
from knowledge.periods import Period
from knowledge.publication import PublicationLags
from knowledge.rating import Assessment, NoRating, assess, has_ended
from knowledge.textnorm import save_readings

if TYPE_CHECKING:
    from knowledge.search import PassageIndex, SearchIndex


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
class Official:
    """An official (公式) ★ rating: printed in the document, or recorded later by an editor."""

    stars: int | None
    text: str  # ★★★, or the document's note where it gives none (国統計未公表)
    as_of: Period | None  # the date it judges
    source: str  # "document" or "entry"
    interim: bool  # given before the plan's period ended: a 中間評価
    recorded_by: str | None = None
    recorded_at: str | None = None  # ISO 8601, UTC
    note: str | None = None
    rating_id: int | None = None


@dataclass(frozen=True)
class Knowledge:
    """Every plan the data holds, validated, oldest first, with the shared glossary."""

    editions: dict[str, Edition]
    glossary: tuple[GlossaryTerm, ...]
    version: str
    synonyms: tuple[Synonym, ...] = ()  # editorial: words the document does not use → its own
    publication: PublicationLags = field(default_factory=PublicationLags)  # editorial: months until out
    pinned_plan: str | None = None  # a setting that names the current plan, whatever the date

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR, pinned_plan: str | None = None) -> Knowledge:
        """Read and validate the data files (raises KnowledgeError naming file and record)."""
        parts = read_all(data_dir)
        if pinned_plan is not None and pinned_plan not in parts["editions"]:
            known = ", ".join(parts["editions"])
            raise KnowledgeError([f"CURRENT_PLAN: no plan {pinned_plan!r} in the data (plans: {known})"])
        if pinned_plan is not None and parts["editions"][pinned_plan].revision.draft:
            raise KnowledgeError([f"CURRENT_PLAN: plan {pinned_plan!r} is a draft and is never the default"])
        kb = cls(
            editions=parts["editions"],
            glossary=tuple(parts["glossary"]),
            version=parts["version"],
            synonyms=tuple(parts["synonyms"]),
            publication=parts["publication"],
            pinned_plan=pinned_plan,
        )
        _ = kb.search_index  # built once, at load, so no query ever pays for it
        save_readings()  # the next start reads them back instead of asking pykakasi again
        return kb

    # -- plans -----------------------------------------------------------------------------

    @cached_property
    def plan_ids(self) -> tuple[str, ...]:
        """Every published plan (no drafts), oldest first (by the first 年度 of its period)."""
        return tuple(plan for plan, e in self.editions.items() if not e.revision.draft)

    @cached_property
    def drafts(self) -> tuple[str, ...]:
        """The plans being prepared (``draft: true``): shown only when asked for by id."""
        return tuple(plan for plan, e in self.editions.items() if e.revision.draft)

    def draft_visible(self, plan: str, today: date) -> bool:
        """Whether a draft still answers: only until its own period starts (then it must be published)."""
        return today < self.revisions[plan].start.start

    @cached_property
    def revisions(self) -> dict[str, Revision]:
        """Each plan's revision record by id."""
        return {plan: e.revision for plan, e in self.editions.items()}

    def current_plan(self, today: date) -> str:
        """The plan in force on ``today``: whose period contains it, else the latest one begun."""
        if self.pinned_plan is not None:
            return self.pinned_plan
        # asked many times a reply (every default follows it), and periods are parsed from text
        known = self._plan_on.get(today)
        if known is None:
            known = self._plan_on[today] = self._plan_in_force(today)
        return known

    @cached_property
    def _plan_on(self) -> dict[date, str]:
        return {}

    def _plan_in_force(self, today: date) -> str:
        begun = [plan for plan in self.plan_ids if self.revisions[plan].start.start <= today]
        for plan in reversed(begun):
            if today <= self.revisions[plan].end.end:
                return plan
        return begun[-1] if begun else self.plan_ids[0]

    def find_plan(self, text: str) -> str | None:
        """The plan a user names by id, name or alias (2021, 第1次改定版, 第1次), or None; a draft by id only."""
        wanted = unicodedata.normalize("NFKC", text).strip()
        for plan in self.plan_ids:
            e = self.editions[plan]
            if wanted in (plan, e.name, *e.revision.aliases):
                return plan
        return wanted if wanted in self.drafts else None

    def plan_choices(self, today: date) -> list[tuple[str, str]]:
        """Every plan as (id, label), the current one first, e.g. ``第2次改定版（2024〜2026年度）``."""
        current = self.current_plan(today)
        order = [current, *(p for p in reversed(self.plan_ids) if p != current)]
        return [
            (plan, f"{rev.revision}（{rev.start.year}〜{rev.end.year}年度）")
            for plan in order
            if (rev := self.revisions[plan])
        ]

    def edition(self, plan: str) -> Edition:
        """The plan's edition: its front matter, fields, projects and indicators."""
        return self.editions[plan]

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
                plan=t.plan,  # a plan's own term is found only within that plan
            )
            for no, t in enumerate(self.glossary, start=1)
        ]
        # the parts of each plan's document that /plan shows, by their names only
        parts = [
            Doc("part", part.key, part.name, (part.name, *part.words), plan=plan)
            for plan in self.editions
            for part in self.document_parts(plan)
        ]
        return SearchIndex.build(self, extra=[*terms, *parts], synonyms=self.synonyms)

    @cached_property
    def passage_indexes(self) -> dict[str, PassageIndex]:
        """Each plan's document, searchable sentence by sentence (/search's 本文)."""
        from knowledge.search import PassageIndex

        return {plan: PassageIndex(self.document_passages(plan)) for plan in self.editions}

    def document_parts(self, plan: str) -> tuple[Part, ...]:
        """The parts of a plan's document (none for a plan known only from a later one's table)."""
        return self._documents[plan][0]

    def document_passages(self, plan: str) -> tuple[Passage, ...]:
        """Every heading, paragraph and table row of a plan's document, each with its section."""
        return self._documents[plan][1]

    @cached_property
    def _documents(self) -> dict[str, tuple[tuple[Part, ...], tuple[Passage, ...]]]:
        # laid out once: /tour's last page and every /plan link ask for the parts many times a reply
        out = {}
        for plan, edition in self.editions.items():
            before = self.editions.get(str(edition.previous)) if edition.previous else None
            out[plan] = (parts(edition, before), passages(edition, before))
        return out

    # -- lookups by number -------------------------------------------------------------

    def revision(self, plan: str) -> Revision:
        """The revision record of a plan id."""
        return self.revisions[plan]

    def indicators(self, plan: str) -> list[Indicator]:
        """A plan's indicators in number order."""
        return list(self.revisions[plan].indicators)

    def indicator(self, no: int, plan: str) -> Indicator | None:
        """Indicator ``no`` of a plan, or None."""
        return self.editions[plan].indicator(no)

    def glossary_for(self, plan: str) -> list[tuple[int, GlossaryTerm]]:
        """The terms that apply to a plan, with their numbers: the shared ones and the plan's own."""
        return [(no, t) for no, t in enumerate(self.glossary, start=1) if t.plan in (None, plan)]

    def term(self, no: int) -> GlossaryTerm | None:
        """Glossary term ``no`` (1-based, in file order), or None."""
        return self.glossary[no - 1] if 1 <= no <= len(self.glossary) else None

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

    def later_editions(self, plan: str, drafts: bool = False) -> list[Edition]:
        """The plans whose lineage links from ``plan`` (drafts only when asked for)."""
        return [e for e in self.editions.values() if e.previous == plan and (drafts or not e.revision.draft)]

    def successors(self, indicator: Indicator, drafts: bool = False) -> list[LineageRef]:
        """What continues an indicator in the plans that follow its own (a draft's only when asked for)."""
        return [
            LineageRef(e.id, n, link.relation, link.reason)
            for e in self.later_editions(indicator.plan, drafts)
            for link in e.lineage
            if link.old == indicator.no
            for n in link.new
        ]

    def ancestors(self, indicator: Indicator) -> list[tuple[int, LineageRef]]:
        """Every indicator it continues, across any number of plans: (steps back, link), each after the one it links from."""
        return self._walk(indicator, self.predecessors)

    def descendants(self, indicator: Indicator, drafts: bool = False) -> list[tuple[int, LineageRef]]:
        """Every indicator that continues it, across any number of plans: (steps on, link), each after its own."""
        return self._walk(indicator, lambda ind: self.successors(ind, drafts))

    def _walk(
        self, start: Indicator, step: Callable[[Indicator], list[LineageRef]]
    ) -> list[tuple[int, LineageRef]]:
        out: list[tuple[int, LineageRef]] = []
        seen = {start.key}

        def visit(ind: Indicator, depth: int) -> None:
            for ref in step(ind):
                other = self.indicator(ref.no, ref.plan)
                if other is None or other.key in seen:
                    continue
                seen.add(other.key)
                out.append((depth, ref))
                visit(other, depth + 1)

        visit(start, 1)
        return out

    def same_chain(self, indicator: Indicator) -> list[Indicator]:
        """The indicator and the earlier ones it continues unchanged (``same``), newest first: one series."""
        chain = [indicator]
        while True:
            same = [r for r in self.predecessors(chain[-1]) if r.relation is LineageRelation.SAME]
            earlier = self.indicator(same[0].no, same[0].plan) if len(same) == 1 else None
            if earlier is None:
                return chain
            chain.append(earlier)

    def predecessors(self, indicator: Indicator) -> list[LineageRef]:
        """Which indicators of the plan before it an indicator continues."""
        edition = self.editions[indicator.plan]
        if edition.previous is None:
            return []
        return [
            LineageRef(edition.previous, link.old, link.relation, link.reason)
            for link in edition.lineage
            if indicator.no in link.new
        ]

    def lineage_link(self, indicator: Indicator) -> LineageLink | None:
        """The editorial link that carries an indicator into the plan after its own, if any."""
        return next(
            (
                link
                for e in self.later_editions(indicator.plan)
                for link in e.lineage
                if link.old == indicator.no
            ),
            None,
        )

    # -- ratings --------------------------------------------------------------------------

    def document_latest(self, indicator: Indicator) -> Latest | None:
        """The actual the document prints for an indicator (1st revision), as a Latest."""
        actual = indicator.actual
        if actual is None:
            return None
        note = indicator.official.text if indicator.official and indicator.official.stars is None else None
        return Latest(actual.value, actual.unit, actual.as_of_obj, actual.text, "document", note)

    def document_official(self, indicator: Indicator) -> Official | None:
        """The official rating the document prints for an indicator (the 1st revision's table)."""
        printed = indicator.official
        if printed is None:
            return None
        as_of = indicator.actual.as_of_obj if indicator.actual is not None else None
        # The table was published in a later plan's document; before this plan ended, it was interim.
        published = [
            e.front.date
            for e in self.editions.values()
            if e.previous == indicator.plan and e.front is not None
        ]
        end = self.revisions[indicator.plan].end.end.isoformat()[:7]
        interim = bool(published) and min(published) <= end
        return Official(printed.stars, printed.text, as_of, "document", interim)

    def assess_as_official(
        self, indicator: Indicator, official: Official, actuals: Iterable[Latest] = ()
    ) -> Assessment:
        """The 試算 taken as the official rating was: from the newest of ``actuals`` by its date, final if it was.

        ``actuals`` are the recorded actuals in effect, newest period first; a plan whose table the
        document printed is judged on the printed actual.
        """
        latest: Latest | None = None
        if indicator.actual is not None:
            latest = self.document_latest(indicator)
        elif official.as_of is not None:
            wanted = official.as_of.end
            latest = next((a for a in actuals if a.as_of is not None and a.as_of.end <= wanted), None)
        if latest is None or latest.value is None:
            return self.assess_latest(indicator, latest)
        revision = self.revisions[indicator.plan]
        return assess(
            indicator, revision, latest.value, latest.unit, latest.as_of, final=not official.interim
        )

    def assess_latest(
        self, indicator: Indicator, latest: Latest | None, today: date | None = None
    ) -> Assessment:
        """The 試算 rating of a latest actual (None when there is none).

        Given ``today``, a plan whose period has ended gets its 最終評価（試算）; without it, the
        rating at the actual's own date (as the document rated the 1st revision).
        """
        revision = self.revisions[indicator.plan]
        final = today is not None and has_ended(revision, today)
        if latest is not None and latest.value is None and latest.note == NoRating.UNPUBLISHED:
            return Assessment(None, no_rating=NoRating.UNPUBLISHED, final=final)
        if latest is None:
            return assess(indicator, revision, None, None, None, final)
        return assess(indicator, revision, latest.value, latest.unit, latest.as_of, final)

    def assess_document_actual(self, indicator: Indicator) -> Assessment:
        """The 試算 rating of the actual printed in the document (1st revision only)."""
        return self.assess_latest(indicator, self.document_latest(indicator))
