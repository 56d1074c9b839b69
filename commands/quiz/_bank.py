"""The question bank: every question the data can ask about a plan, by part, built only from the data.

Each item knows its right answer(s), every wrong choice it may show, an explanation and the heading
of the document section it comes from.  Wrong choices are always of the answer's own kind: names
among names, a category among categories, and a value only among values printed the same way (same
unit, same 暦年 or /3年 marks), never a number the data does not hold.  A question is only asked where
the document settles it: not a field's category where the document marks it 共通, not a table cell
its transcription notes call unclear, and never the editorial files (lineage, field links) or the
glossary's own explanations, which are the bot's reading rather than the document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from commands import format as fmt
from commands.registry import INDICATOR
from commands.tour import COMMAND_FOR
from knowledge import Knowledge
from knowledge.models import Actual, Indicator, Plan, Quantity
from knowledge.periods import Period, PeriodKind, parse_period
from knowledge.rating import STAR_MEANINGS

CHOICES = 4  # A–D
# Parts of the document a question can test, in the document's order, with how a result names them.
PARTS = {
    "purpose": "改定の趣旨",
    "goal": "基本目標",
    "period": "計画期間",
    "strengths": "本県の強み",
    "fields": "重点成長分野",
    "directions": "企業群と取組の方向性",
    "projects": "産業戦略プロジェクト",
    "sections": "プロジェクトの節",
    "indicators": "指標",
    "results": "前の計画の進捗・成果",
    "promotion": "推進体制・支援スキーム",
    "glossary": "用語",
}
BASIS = {False: "年度", True: "暦年"}  # both are glossary terms, so a reader can look them up
_MONTHS = {False: "4月〜翌年3月", True: "1月〜12月"}
_COMMON = re.compile(r"[（(]共通[）)]")  # the document's mark for a field that supports every field
_NUMBER = re.compile(r"\d[\d,.]*")
BLANK = "＿＿"


@dataclass(frozen=True)
class Item:
    """One question of the bank: its right answers, every wrong choice it may show, and why."""

    part: str
    kind: str
    subject: int | str  # the indicator, field, section or term the question is about
    text: str
    answers: tuple[str, ...]  # any one of them is right; a quiz shows exactly one
    others: tuple[str, ...]  # wrong choices of the same kind
    explanation: str
    source: str  # the heading of the document's section, as printed
    review: str  # the command that shows the subject

    @property
    def choices(self) -> tuple[str, ...]:
        """Every choice the question may show."""
        return (*self.answers, *self.others)


def shape(text: str) -> str:
    """How a value is printed with its numbers blanked: ``126件`` and ``98件`` share ``#件``."""
    return _NUMBER.sub("#", text)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


class _Builder:
    """What the generators share: the knowledge, the plan, and where its text is printed."""

    def __init__(self, kb: Knowledge, plan: str) -> None:
        self.kb = kb
        self.edition = kb.edition(plan)
        self.front: Plan | None = self.edition.front
        previous = self.edition.previous
        self.before = kb.edition(previous) if previous in kb.editions else None

    def heading(self, key: str) -> str | None:
        """The heading of one of the plan's own sections, if the plan has it."""
        return self.front.sections.get(key) if self.front is not None else None

    def item(
        self,
        part: str,
        kind: str,
        subject: int | str,
        text: str,
        answers: Iterable[str],
        others: Iterable[str],
        explanation: str,
        source: str,
        review: str,
        least: int = 1,
    ) -> Item | None:
        """An item with its wrong choices cleaned, or None where there are fewer than ``least``."""
        right = tuple(dict.fromkeys(answers))
        wrong = tuple(o for o in dict.fromkeys(others) if o not in right)
        if not right or len(wrong) < least:
            return None
        return Item(part, kind, subject, text, right, wrong, explanation, source, review)

    # -- values ----------------------------------------------------------------------

    @cached_property
    def values(self) -> dict[str, set[str]]:
        """Every value the data prints (baselines, targets, actuals…), grouped by how it is printed."""
        pool: dict[str, set[str]] = {}
        for quantity in self._quantities():
            if quantity.value is not None:
                pool.setdefault(shape(quantity.text), set()).add(quantity.text)
        return pool

    def _quantities(self) -> Iterator[Quantity | Actual]:
        for edition in self.kb.editions.values():
            for ind in edition.indicators:
                yield ind.baseline
                yield ind.target
                if ind.actual is not None:
                    yield ind.actual
            if edition.front is not None:
                yield from (o.value for o in edition.front.overall_indicators)
                yield from (g.measure for g in edition.front.company_groups)

    def fiscal_years(self) -> set[str]:
        """Every 年度 the data names (plan periods, baselines and targets), as labels."""
        years: set[Period] = set()
        for edition in self.kb.editions.values():
            years |= {edition.revision.start, edition.revision.end}
            for ind in edition.indicators:
                years |= {p for q in (ind.baseline, ind.target) if (p := q.period_obj)}
        return {p.label() for p in years if p.kind is PeriodKind.FISCAL_YEAR}

    # -- where the front matter's words are printed ----------------------------------

    @cached_property
    def texts(self) -> list[tuple[str, str]]:
        """(section key, text) for every passage of the front matter and the project pages."""
        plan = self.front
        if plan is None:
            return []
        out = [("purpose", p) for p in plan.purpose]
        out += [("goal", plan.basic_goal)] + [("goal", p.text) for p in plan.perspectives]
        out += [("period", plan.target_period_text)]
        out += [("fields", plan.fields_intro), ("fields", plan.fields_change), ("fields", plan.fields_note)]
        out += [("fields", s.text) for s in plan.strengths]
        out += [("fields", f.cell_text) for f in self.edition.fields]
        out += [("directions", d) for d in plan.directions_intro]
        for g in plan.company_groups:
            out.append(("directions", f"{g.name} {g.measure.text}"))
            out += [("directions", d.text) for d in g.directions]
            out += [("directions", i) for d in g.directions for i in d.items]
            out += [("directions", t) for t in (g.definition, *g.remarks) if t]
        out += [("promotion", p) for p in (*plan.promotion, *plan.support_measures)]
        for p in self.edition.projects:
            out.append(("projects", p.name))
            out += [("projects", a) for a in p.actions]
            for s in p.sections:
                out += [("projects", s.title)] + [("projects", a) for a in s.actions]
        out += [("indicators", plan.indicators_intro)]
        out += [
            ("indicators", f"{o.name}（{o.definition}）") for o in plan.overall_indicators if o.definition
        ]
        return out

    @cached_property
    def _flat_texts(self) -> list[tuple[str, str]]:
        return [(key, _flat(text)) for key, text in self.texts]

    def locate(self, words: str) -> str | None:
        """The heading of the one section whose passage holds ``words``, if exactly one does."""
        wanted = _flat(words)
        keys = {key for key, text in self._flat_texts if wanted in text}
        if len(keys) != 1:
            return None
        return self.heading(keys.pop())

    def previous_table(self) -> str | None:
        """The heading under which this plan's document prints the plan before's results."""
        before = self.before
        if self.front is None or before is None or not any(i.official for i in before.indicators):
            return None
        heading = before.revision.table_source
        return heading if heading in self.front.sections.values() else None


# -- the generators ------------------------------------------------------------------


def _where(b: _Builder) -> Iterator[Item | None]:
    """Which section prints a passage of prose: the reasons, the goal, the support and the rest."""
    plan = b.front
    if plan is None:
        return
    headings = list(plan.sections.values())
    passages: list[tuple[str, str, str | None]] = [("purpose", p, b.heading("purpose")) for p in plan.purpose]
    passages += [
        ("goal", t, b.heading("goal")) for t in (plan.basic_goal, *(p.text for p in plan.perspectives))
    ]
    passages += [("period", plan.target_period_text, b.heading("period"))]
    passages += [("fields", t, b.heading("fields")) for t in (plan.fields_intro, plan.fields_note)]
    passages += [("directions", t, b.heading("directions")) for t in plan.directions_intro]
    passages += [("promotion", t, b.heading("promotion")) for t in (*plan.promotion, *plan.support_measures)]
    passages += [("indicators", plan.indicators_intro, b.heading("indicators"))]
    table = b.previous_table()
    passages += [("results", t, table) for t in (plan.previous_summary, *plan.rating_notes) if t]
    for part, text, heading in passages:
        if heading is None or not text:
            continue
        key = next((k for k, h in plan.sections.items() if h == heading), part)
        review = COMMAND_FOR.get(key, "/tour")
        if part == "results" and b.before is not None:
            review = INDICATOR.line(plan=b.before.id)
        yield b.item(
            part,
            "where",
            key,
            f"次の記載は、文書のどの節にありますか？\n「{text}」",
            [heading],
            headings,
            f"この記載は「{heading}」にあります。",
            heading,
            review,
            least=CHOICES - 1,
        )


def _new_perspective(b: _Builder) -> Iterator[Item | None]:
    """The perspective the revision adds (《新たな視点》)."""
    plan, heading = b.front, b.heading("goal")
    if plan is None or heading is None:
        return
    new = [p.text for p in plan.perspectives if p.new]
    yield b.item(
        "goal",
        "new_perspective",
        "perspectives",
        f"基本目標の主な視点のうち、今回の改定（{b.edition.name}）で新たに加わった視点はどれですか？",
        new,
        [p.text for p in plan.perspectives if not p.new],
        f"《新たな視点》として示されているのは「{'」「'.join(new)}」です。",
        heading,
        "/overview",
    )


def _period(b: _Builder) -> Iterator[Item | None]:
    """The first and last 年度 of the plan, and the 年度 most baselines are taken in."""
    revision = b.edition.revision
    heading = b.heading("period") or revision.table_source
    years = b.fiscal_years()
    span = f"{revision.start.label()}〜{revision.end.label()}"
    text = b.front.target_period_text if b.front else span
    for kind, which, period in (
        ("period_start", "最初", revision.start),
        ("period_end", "最後", revision.end),
    ):
        yield b.item(
            "period",
            kind,
            b.edition.id,
            f"{b.edition.name}の計画期間の{which}の年度はどれですか？",
            [period.label()],
            years,
            f"計画期間は{text}です。",
            heading,
            "/overview",
            least=CHOICES - 1,
        )
    baselines = Counter(i.baseline.period for i in b.edition.indicators if i.baseline.period)
    fiscal = [(p, n) for p, n in baselines.most_common() if p.startswith("FY")]
    if fiscal and (len(fiscal) == 1 or fiscal[0][1] > fiscal[1][1]):
        usual = parse_period(fiscal[0][0]).label()
        yield b.item(
            "period",
            "baseline_year",
            b.edition.id,
            f"{b.edition.name}の指標の多くは、現状値を何年度の値としていますか？",
            [usual],
            years,
            f"{len(b.edition.indicators)}指標のうち{fiscal[0][1]}指標の現状値が{usual}の値です。",
            revision.table_source,
            "/indicator",
            least=CHOICES - 1,
        )


def _basis(b: _Builder) -> Iterator[Item | None]:
    """Whether an indicator counts in 年度 or 暦年."""
    for ind in b.edition.indicators:
        period = ind.target.period_obj
        if period is None:
            continue
        calendar = period.is_calendar_basis
        yield b.item(
            "period",
            "indicator_basis",
            ind.no,
            f"{b.edition.name}の指標{ind.no}「{ind.name}」は、年度と暦年のどちらで数えますか？",
            [BASIS[calendar]],
            [BASIS[not calendar]],
            f"目標値「{ind.target.text}」は{period.label()}の値で、{BASIS[calendar]}（{_MONTHS[calendar]}）で数えます。",
            b.edition.revision.table_source,
            f"/indicator {ind.no}",
        )


def _strengths(b: _Builder) -> Iterator[Item | None]:
    """Each of the prefecture's strengths by its number."""
    plan, heading = b.front, b.heading("fields")
    if plan is None or heading is None:
        return
    for s in plan.strengths:
        yield b.item(
            "strengths",
            "strength",
            s.no,
            f"本県の産業特性と「{len(plan.strengths)}つの強み」のうち、{s.no}つ目はどれですか？",
            [s.text],
            [o.text for o in plan.strengths],
            f"{s.no}つ目の強みは「{s.text}」です。",
            heading,
            "/overview",
        )


def _fields(b: _Builder) -> Iterator[Item | None]:
    """A field's category, the field the revision adds, and which field's row prints a cell."""
    heading, fields = b.heading("fields"), b.edition.fields
    if heading is None:
        return
    names = [f.name for f in fields]
    categories = list(dict.fromkeys(f.category for f in fields))
    for f in fields:
        if _COMMON.search(f.name):
            continue  # printed in one category's rows, but set up to support every field
        rows = [g.name for g in fields if g.category == f.category]
        yield b.item(
            "fields",
            "field_category",
            f.id,
            f"重点成長分野「{f.name}」は、どの区分に入りますか？",
            [f.category],
            categories,
            f"重点成長分野の表で{f.category}の行に記載されているのは、{'、'.join(rows)}です。",
            heading,
            f"/field {f.id}",
        )
    new = [f for f in fields if f.new]
    if new and b.front is not None:
        yield b.item(
            "fields",
            "new_field",
            new[0].id,
            f"今回の改定（{b.edition.name}）で新たに加わった重点成長分野はどれですか？",
            [f.name for f in new],
            [f.name for f in fields if not f.new],
            f"文書は「{b.front.fields_change}」としています。",
            heading,
            f"/field {new[0].id}",
        )
    for f in fields:
        if f.notes:
            continue  # its transcription notes say how the row reads is open
        for piece in dict.fromkeys((f.description, *f.bodies)):
            if sum(piece in g.cell_text for g in fields) != 1:
                continue
            yield b.item(
                "fields",
                "field_cell",
                f.id,
                f"重点成長分野の表で、「本県特性、推進母体等」の欄に「{piece}」と書かれている分野はどれですか？",
                [f.name],
                names,
                f"「{f.name}」の欄は「{f.cell_text}」です。",
                heading,
                f"/field {f.id}",
            )


def _directions(b: _Builder) -> Iterator[Item | None]:
    """Which company group a direction belongs to, and which group a share is printed for."""
    plan, heading = b.front, b.heading("directions")
    if plan is None or heading is None:
        return
    groups = plan.company_groups
    for g in groups:
        for d in g.directions:
            for text in (d.text, *d.items):
                yield b.item(
                    "directions",
                    "group_direction",
                    g.name,
                    f"取組の方向性「{text}」は、どの企業群に向けたものですか？",
                    [g.name],
                    [o.name for o in groups],
                    f"{g.name}（{g.measure.text}）の取組の方向性です。",
                    heading,
                    "/tour",
                )
        alike = [o.name for o in groups if o.measure_kind == g.measure_kind]
        yield b.item(
            "directions",
            "group_measure",
            g.name,
            f"取組の方向性の表で「{g.measure.text}」と書かれている企業群はどれですか？",
            [g.name],
            alike,
            f"{'、'.join(f'{o.name}は「{o.measure.text}」' for o in groups if o.name in alike)}です。",
            heading,
            "/tour",
        )


def _projects(b: _Builder) -> Iterator[Item | None]:
    """Projects by number, the ones the revision tags, and which project an action belongs to."""
    heading, projects = b.heading("projects"), b.edition.projects
    if heading is None:
        return
    names = [p.name for p in projects]
    for p in projects:
        yield b.item(
            "projects",
            "project_name",
            p.no,
            f"産業戦略プロジェクト{p.no}はどれですか？",
            [p.name],
            names,
            f"プロジェクト{p.no}は「{p.name}」{fmt.tags(p.tags)}です。",
            heading,
            f"/project {p.no}",
        )
    untagged = [p.name for p in projects if not p.tags and not any(s.tags for s in p.sections)]
    for tag in dict.fromkeys(t for p in projects for t in p.tags):
        tagged = [p for p in projects if tag in p.tags]
        yield b.item(
            "projects",
            "project_tag",
            tag,
            f"今回の改定で［{tag}］と示されたプロジェクトはどれですか？",
            [p.name for p in tagged],
            untagged,
            f"［{tag}］のプロジェクトは{'、'.join(f'{p.no}「{p.name}」' for p in tagged)}です。",
            heading,
            f"/project {tagged[0].no}",
        )
    for p in projects:
        # a project's actions are its own, or its sections': (reference, where in the project, actions)
        groups = [(s.id, f"の節{s.id}「{s.title}」", s.actions) for s in p.sections] or [
            (str(p.no), "", p.actions)
        ]
        for ref, where, actions in groups:
            for action in actions:
                yield b.item(
                    "projects",
                    "action_project",
                    ref,
                    f"取組「{action}」は、どのプロジェクトに含まれますか？",
                    [p.name],
                    names,
                    f"プロジェクト{p.no}「{p.name}」{where}の取組です。",
                    heading,
                    f"/project {ref}",
                )


def _sections(b: _Builder) -> Iterator[Item | None]:
    """Which project a section belongs to, a section's title by its number, and the new ones."""
    heading, projects = b.heading("projects"), b.edition.projects
    if heading is None:
        return
    names = [p.name for p in projects]
    sections = [(p, s) for p in projects for s in p.sections]
    titles = [s.title for _p, s in sections]
    for p, s in sections:
        yield b.item(
            "sections",
            "section_project",
            s.id,
            f"取組「{s.title}」は、どのプロジェクトに含まれますか？",
            [p.name],
            names,
            f"節{s.id}「{s.title}」は、プロジェクト{p.no}「{p.name}」の節です。",
            heading,
            f"/project {s.id}",
        )
        yield b.item(
            "sections",
            "section_title",
            s.id,
            f"プロジェクト{p.no}「{p.name}」の節{s.id}の見出しはどれですか？",
            [s.title],
            titles,
            f"節{s.id}は「{s.title}」{fmt.tags(s.tags)}です。",
            heading,
            f"/project {s.id}",
        )
    for tag in dict.fromkeys(t for _p, s in sections for t in s.tags):
        tagged = [s for _p, s in sections if tag in s.tags]
        yield b.item(
            "sections",
            "section_tag",
            tag,
            f"プロジェクトの節のうち、今回の改定で［{tag}］と示されたものはどれですか？",
            [s.title for s in tagged],
            [s.title for _p, s in sections if not s.tags],
            f"［{tag}］の節は{'、'.join(f'{s.id}「{s.title}」' for s in tagged)}です。",
            heading,
            f"/project {tagged[0].id}",
        )


def _value(b: _Builder, ind: Indicator, kind: str, pool: dict[str, set[str]]) -> Item | None:
    """An indicator's target or baseline among values printed the same way."""
    quantity, which = (ind.target, "目標値") if kind == "indicator_target" else (ind.baseline, "現状値")
    others = pool.get(shape(quantity.text), set())
    label = fmt.period_label(quantity.period)
    return b.item(
        "indicators",
        kind,
        ind.no,
        f"指標{ind.no}「{ind.name}」の{which}（{label}）はどれですか？",
        [quantity.text],
        sorted(others),
        f"指標{ind.no}の現状値は{fmt.quantity(ind.baseline)}、目標値は{fmt.quantity(ind.target)}です。",
        b.edition.revision.table_source,
        f"/indicator {ind.no}",
        least=CHOICES - 1,
    )


def _indicators(b: _Builder) -> Iterator[Item | None]:
    """An indicator's project, target and baseline."""
    edition = b.edition
    source = edition.revision.table_source
    names = [p.name for p in edition.projects]
    pool = b.values
    for ind in edition.indicators:
        project = edition.project(ind.project_no)
        if project is not None:
            section = edition.section(ind.project)
            where = f"の節{section.id}「{section.title}」" if section is not None else ""
            yield b.item(
                "indicators",
                "indicator_project",
                ind.no,
                f"指標{ind.no}「{ind.name}」は、どのプロジェクトの指標ですか？",
                [project.name],
                names,
                f"指標{ind.no}は、プロジェクト{project.no}「{project.name}」{where}の指標です。",
                source,
                f"/indicator {ind.no}",
            )
        if not ind.target.is_missing:
            yield _value(b, ind, "indicator_target", pool)
        if not ind.baseline.is_missing:
            yield _value(b, ind, "indicator_baseline", pool)


def _rating_note(b: _Builder, period: Period | None) -> str:
    """The document's note on ratings taken from an earlier year, where it names this actual's year."""
    host = b.front
    if period is None or host is None:
        return ""
    era = period.label().split("（")[-1].rstrip("）")  # 令和4年度
    return "".join(f"※ 文書の注記: {note}" for note in host.rating_notes if era in note)


def _results(b: _Builder) -> Iterator[Item | None]:
    """The official ratings and actuals the document prints for a plan: the plan before, or itself."""
    table = b.previous_table()
    rated = [(b.before, table)] if b.before is not None and table else []
    if any(i.official for i in b.edition.indicators):  # a plan known only from its successor's table
        rated.append((b.edition, b.edition.revision.table_source))
    stars = sorted(
        {
            i.official.text
            for e in b.kb.editions.values()
            for i in e.indicators
            if i.official and i.official.stars
        }
    )
    values = b.values
    for edition, source in rated:
        assert edition is not None and source is not None
        name = edition.name
        for ind in edition.indicators:
            official, actual = ind.official, ind.actual
            if official is None or actual is None:
                continue
            review = INDICATOR.line(ind.no, plan=edition.id)
            when = actual.as_of_obj
            at = f"（{when.label()}時点）" if when is not None else ""
            if official.stars is not None:
                yield b.item(
                    "results",
                    "official_rating",
                    ind.no,
                    f"{name}の指標{ind.no}「{ind.name}」の公式評価はどれでしたか？",
                    [official.text],
                    stars,
                    f"実績値{actual.text}{at}、目標値{ind.target.text}で、公式評価は{official.text}"
                    f"（{STAR_MEANINGS[official.stars]}）でした。{_rating_note(b, when)}",
                    source,
                    review,
                    least=CHOICES - 1,
                )
            if actual.value is not None:
                yield b.item(
                    "results",
                    "official_actual",
                    ind.no,
                    f"{name}の指標{ind.no}「{ind.name}」の実績値{at}はどれでしたか？",
                    [actual.text],
                    sorted(values.get(shape(actual.text), set())),
                    f"実績値は{actual.text}{at}で、目標値{ind.target.text}に対して公式評価は{official.text}でした。",
                    source,
                    review,
                    least=CHOICES - 1,
                )
        unrated = Counter(
            i.official.text for i in edition.indicators if i.official and i.official.stars is None
        )
        for note in unrated:
            missing = [i for i in edition.indicators if i.official and i.official.text == note]
            yield b.item(
                "results",
                "official_missing",
                missing[0].no,
                f"{name}の指標のうち、「{note}」のため評価がなかったのはどれですか？",
                [i.name for i in missing],
                [i.name for i in edition.indicators if i.official and i.official.stars is not None],
                f"{'、'.join(f'指標{i.no}「{i.name}」' for i in missing)}は{note}のため、実績値も評価もありません。",
                source,
                INDICATOR.line(missing[0].no, plan=edition.id),
                least=CHOICES - 1,
            )


def _glossary(b: _Builder) -> Iterator[Item | None]:
    """A term from the document's own words about it (never from the bot's general explanations)."""
    terms = [t for _no, t in b.kb.glossary_for(b.edition.id)]
    for term in terms:
        if not term.document:
            continue
        source = b.locate(term.document)
        if source is None:
            continue  # the words are not one passage of this plan's document
        shown = term.document
        for name in sorted({term.term, *term.aliases}, key=len, reverse=True):
            shown = shown.replace(name, BLANK)
        ask = (
            f"文書の次の記載の「{BLANK}」に入る用語はどれですか？"
            if BLANK in shown
            else "文書の次の記載が説明している用語はどれですか？"
        )
        related = {term.term, *term.aliases}
        others = [
            t.term
            for t in terms
            if t.term not in related
            and not related & set(t.aliases)
            and not any(n in shown for n in (t.term, *t.aliases))
        ]
        yield b.item(
            "glossary",
            "term",
            term.term,
            f"{ask}\n「{shown}」",
            [term.term],
            others,
            f"文書の記載は「{term.document}」です。",
            source,
            f"/glossary {term.term}",
            least=CHOICES - 1,
        )


GENERATORS: tuple[Callable[[_Builder], Iterator[Item | None]], ...] = (
    _where,
    _new_perspective,
    _period,
    _basis,
    _strengths,
    _fields,
    _directions,
    _projects,
    _sections,
    _indicators,
    _results,
    _glossary,
)


def question_bank(kb: Knowledge, plan: str) -> tuple[Item, ...]:
    """Every question the data can ask about a plan; a question two items would answer differently is dropped."""
    builder = _Builder(kb, plan)
    items = [item for generate in GENERATORS for item in generate(builder) if item is not None]
    answers: dict[str, set[tuple[str, ...]]] = {}
    for item in items:
        answers.setdefault(item.text, set()).add(item.answers)
    seen: set[str] = set()
    bank = []
    for item in items:
        if len(answers[item.text]) == 1 and item.text not in seen:
            seen.add(item.text)
            bank.append(item)
    return tuple(bank)
