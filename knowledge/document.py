"""A plan's document as parts and passages: every paragraph and cell, each with the section it is in.

The loaded data is organised for lookups (indicators, projects, fields).  This module lays the same
data out again the way the document prints it, so that ``/plan`` can show a part whole and
``/search`` can find any sentence and cite its section.  A :class:`Passage` is one paragraph, list
item or table row; a :class:`Block` groups the passages under a heading (a company group, a table);
a :class:`Part` is what ``/plan`` shows, drawing on one or more sections of the document.
"""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.edition import Edition
from knowledge.models import Indicator, Plan, Project

# What an item of a passage is, so that a search hit can offer the command that opens it.
Ref = tuple[str, int | str]


@dataclass(frozen=True)
class Passage:
    """One paragraph, list item or table row of the document, as the data holds it."""

    text: str
    section: str  # a key of Plan.sections
    printed: str | None = None  # the printed form, where the data corrects an OCR slip
    ref: Ref | None = None  # the item it belongs to: ("project", 3), ("indicator", 9) …
    plan: str | None = None  # the plan the item belongs to, where it is not the document's own


@dataclass(frozen=True)
class Block:
    """Passages under one heading (a table, a company group, a list), or under none."""

    heading: str
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Part:
    """A part of the plan as ``/plan`` shows it: its name, the words that name it, and its blocks."""

    key: str
    name: str
    words: tuple[str, ...]  # other names staff use for it
    blocks: tuple[Block, ...]

    @property
    def sections(self) -> tuple[str, ...]:
        """The sections its content comes from, in document order."""
        return tuple(dict.fromkeys(p.section for b in self.blocks for p in b.passages))

    @property
    def passages(self) -> tuple[Passage, ...]:
        """Every passage of the part, in order."""
        return tuple(p for b in self.blocks for p in b.passages)


def _block(heading: str, section: str, texts: list[str], ref: Ref | None = None) -> Block:
    return Block(heading, tuple(Passage(t, section, ref=ref) for t in texts))


def _company_blocks(front: Plan) -> list[Block]:
    blocks = [_block("", "directions", list(front.directions_intro))]
    for group in front.company_groups:
        printed = group.printed
        passages = []
        for d, direction in enumerate(group.directions):
            passages.append(Passage(f"● {direction.text}", "directions"))
            for i, item in enumerate(direction.items):
                shown = printed.get(f"directions.{d}.items.{i}")
                passages.append(Passage(f"・{item}", "directions", printed=shown and f"・{shown}"))
        if group.definition:
            passages.append(Passage(f"［{group.name.removesuffix('群')}］ {group.definition}", "directions"))
        passages += [Passage(f"※ {r}", "directions") for r in group.remarks]
        relation = f"・{group.relation}" if group.relation else ""
        blocks.append(Block(f"{group.name}（{group.measure.text}{relation}）", tuple(passages)))
    return blocks


def _project_passages(edition: Edition, project: Project) -> list[Passage]:
    ref: Ref = ("project", project.no)
    tags = "".join(f" {t}" for t in project.tags)
    printed = project.printed.get("name")
    head = Passage(
        f"{project.no} {project.name}{tags}",
        "projects",
        printed=printed and f"{project.no} {printed}{tags}",
        ref=ref,
    )
    out = [head]
    if not project.sections:
        out += _actions(project.actions, project.printed, ref)
    for n, s in enumerate(project.sections, start=1):
        sref: Ref = ("section", s.id)
        printed_title = s.printed.get("title")
        tags = "".join(f" {t}" for t in s.tags)
        out.append(
            Passage(
                f"({n}) {s.title}{tags}",
                "projects",
                printed=printed_title and f"({n}) {printed_title}{tags}",
                ref=sref,
            )
        )
        out += _actions(s.actions, s.printed, sref)
    return out


def _actions(actions: list[str], printed: dict[str, str], ref: Ref) -> list[Passage]:
    return [
        Passage(f"・{a}", "projects", printed=(p := printed.get(f"actions.{i}")) and f"・{p}", ref=ref)
        for i, a in enumerate(actions)
    ]


def _row(ind: Indicator, label: str, section: str, plan: str | None = None) -> Passage:
    cells = [f"{ind.project} {label}", f"{ind.no} {ind.name}", f"現状値 {ind.baseline.text}"]
    cells.append(f"目標値 {ind.target.text}")
    if ind.actual is not None:
        cells.append(f"実績値 {ind.actual.text}（時点 {ind.actual.as_of_text}）")
    if ind.official is not None:
        cells.append(f"評価 {ind.official.text}")
    printed = " ／ ".join(ind.printed.values()) or None
    return Passage(" ／ ".join(cells), section, printed=printed, ref=("indicator", ind.no), plan=plan)


def _labels(edition: Edition) -> dict[str, str]:
    return {row.ref: row.label for row in edition.revision.projects}


def parts(edition: Edition, previous: Edition | None = None) -> tuple[Part, ...]:
    """The plan's document as parts, in the order ``/plan`` lists them (nothing without front matter)."""
    front = edition.front
    if front is None:
        return ()
    # the document numbers its strengths ①②③④: circled digits run from U+2460 for 1 to 20
    strengths = [f"{chr(0x245F + s.no) if 1 <= s.no <= 20 else s.no} {s.text}" for s in front.strengths]
    perspectives = [f"・{p.text}{'《新たな視点》' if p.new else ''}" for p in front.perspectives]
    field_rows = [
        Passage(
            f"{f.category} ／ {f.name} ／ {f.cell_text}",
            "fields",
            printed=f.printed.get("name"),
            ref=("field", f.id),
        )
        for f in edition.fields
    ]
    labels = _labels(edition)
    out = [
        Part(
            "purpose",
            "改定の趣旨",
            ("趣旨", "改定の理由", "背景"),
            (_block("", "purpose", list(front.purpose)),),
        ),
        Part(
            "goal",
            "基本目標",
            ("主な視点", "視点", "目標"),
            (_block("", "goal", [front.basic_goal]), _block("主な視点（特色）", "goal", perspectives)),
        ),
        Part(
            "period",
            "目標年度",
            ("計画期間", "期間"),
            (_block("", "period", [x for x in (front.period_reason, front.target_period_text) if x]),),
        ),
        Part(
            "strengths",
            f"{len(front.strengths)}つの強み",
            ("強み", "産業特性"),
            (_block(f"本県の産業特性と「{len(strengths)}つの強み」", "fields", strengths),),
        ),
        Part(
            "fields",
            "重点成長分野",
            ("分野",),
            (
                _block("", "fields", [front.fields_intro]),
                Block(f"「重点成長分野」の設定《{front.fields_change}》", tuple(field_rows)),
                _block("", "fields", [f"※{front.fields_note}"]),
            ),
        ),
        Part(
            "companies",
            "企業群と取組の方向性",
            ("企業群", "取組の方向性", "方向性"),
            tuple(_company_blocks(front)),
        ),
        Part(
            "projects",
            "産業戦略プロジェクト",
            ("プロジェクト",),
            (
                Block(
                    "【産業戦略プロジェクト一覧】",
                    tuple(
                        Passage(f"{p.no} {p.name}", "directions", ref=("project", p.no))
                        for p in edition.projects
                    ),
                ),
                *(Block("", tuple(_project_passages(edition, p))) for p in edition.projects),
            ),
        ),
        Part(
            "promotion",
            "推進体制・支援スキーム",
            ("推進体制", "体制", "支援スキーム"),
            (_block("", "promotion", list(front.promotion)),),
        ),
        Part(
            "support",
            "主な支援措置",
            ("支援措置", "支援施策", "支援策"),
            (_block("【主な支援措置】", "promotion", [f"・{m}" for m in front.support_measures]),),
        ),
        Part(
            "overall",
            "全体指標",
            ("全体の指標",),
            (
                _block(
                    front.overall_intro or "全体指標",
                    "indicators",
                    [
                        f"{o.name}{'（' + o.definition + '）' if o.definition else ''} ／ {o.value.text} ／ {o.survey}"
                        for o in front.overall_indicators
                    ]
                    + [f"注：{src}" for src in dict.fromkeys(o.source for o in front.overall_indicators)],
                ),
            ),
        ),
        Part(
            "indicators",
            "プロジェクト別指標",
            ("指標",),
            (
                _block("", "indicators", [front.indicators_intro]),
                Block(
                    f"{edition.revision.period_text}",
                    tuple(_row(i, labels.get(i.project, ""), "indicators") for i in edition.indicators),
                ),
            ),
        ),
    ]
    legend = Block(
        "",
        tuple(
            Passage(
                f"{e.text}：{e.meaning}",
                "revision1",
                printed=(p := front.printed.get(f"rating_legend.{i}.text")) and f"{p}：{e.meaning}",
            )
            for i, e in enumerate(front.rating_legend)
        ),
    )
    rating = [legend]
    rating.append(_block("", "revision1", [f"※ {n}" for n in front.rating_notes]))
    if previous is not None:
        before = _labels(previous)
        summary = [front.previous_summary] if front.previous_summary else []
        rating.insert(0, _block("", "revision1", summary))
        rating.insert(
            1,
            Block(
                previous.revision.period_text,
                tuple(
                    _row(i, before.get(i.project, ""), "revision1", previous.id) for i in previous.indicators
                ),
            ),
        )
        out.append(
            Part("previous", f"{previous.name}の進捗・成果", ("前の計画", "第1次", "成果"), tuple(rating[:2]))
        )
        rating = rating[2:]
    out.append(Part("rating", "評価の凡例", ("評価", "凡例", "★"), tuple(rating)))
    return tuple(out)


def passages(edition: Edition, previous: Edition | None = None) -> tuple[Passage, ...]:
    """Every heading and passage of the plan's document (each once), so that any sentence can be found."""
    front = edition.front
    if front is None:
        return ()
    seen: set[tuple[str, str]] = set()
    out = [Passage(title, key) for key, title in front.sections.items()]
    for part in parts(edition, previous):
        for block in part.blocks:
            if block.heading and block.passages:
                out.append(Passage(block.heading, block.passages[0].section))
        for p in part.passages:
            if (p.text, p.section) not in seen:
                seen.add((p.text, p.section))
                out.append(p)
    return tuple(out)
