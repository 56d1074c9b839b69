# The document laid out as parts and passages, checked against docs/source-summary.txt: every
# sentence of the source is in some passage, and every passage and glossary quote cites the section
# of the source it is printed in.
from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.document import parts, passages
from knowledge.textnorm import surface_key

SOURCE = (Path(__file__).resolve().parents[2] / "docs" / "source-summary.txt").read_text(encoding="utf-8")
# Cells of the source that are cover lines and table column headings, not content of their own.
NOT_CONTENT = {
    "【第2次改定版・概要】",
    "山口県産業戦略本部",
    "令和6年（2024年）2月",
    "「やまぐち産業イノベーション戦略（第2次改定版）」について",
    "本県特性、推進母体等",
    "プロジェクト名",
    "現状値 (2022年度)",
    "目標値 (2026年度)",
    "現状値 (2019年度)",
    "目標値 (2023年度)",
    "2022年経済構造実態調査 ^(注)",
    # the legend's four steps on one printed line; each step is a passage of its own
    "★★★★★：目標を上回る ★★★：概ね計画どおり ★★：計画を下回る ★：計画を大幅に下回る",
    # two cells of the company-group table run together on one line
    "急成長の見込まれる企業の県内立地と主力企業への育成 [地域中核企業]",
}


def _source_sections(headings: dict[str, str]) -> dict[str, str]:
    """The folded source text of each section, cut at the section headings as printed."""
    text = re.sub(r"<[^>]+>", "\t", SOURCE)
    starts = sorted((text.index(f"\n{title}\n"), key) for key, title in headings.items())
    ends = [s for s, _ in starts[1:]] + [len(text)]
    return {key: surface_key(text[start:end]) for (start, key), end in zip(starts, ends, strict=True)}


@pytest.fixture(scope="module")
def document(kb):
    edition = kb.edition("2024")
    return edition, kb.edition(str(edition.previous))


@pytest.fixture(scope="module")
def sections(document):
    edition, _ = document
    assert edition.front is not None
    return _source_sections(edition.front.sections)


def _chunks() -> list[str]:
    text = re.sub(r"<[^>]+>", "\t", SOURCE)
    chunks = [c.strip(" -・●○※") for c in re.split(r"[\t\n。]| ● | ・|^- ", text, flags=re.M)]
    return [c for c in chunks if len(surface_key(c)) >= 6 and c not in NOT_CONTENT]


def test_every_sentence_of_the_source_is_in_a_passage(document):
    keys = [surface_key(f"{p.text} {p.printed or ''}") for p in passages(*document)]
    missing = [c for c in _chunks() if not any(surface_key(c) in k for k in keys)]
    assert missing == []


def _cells(passage) -> list[str]:
    # a table row is its cells joined; each cell's words are printed in the row's section
    cells = passage.text.split(" ／ ")
    return [re.sub(r"^(現状値|目標値|実績値|評価) ", "", c).split("（時点")[0] for c in cells]


def test_every_passage_cites_the_section_it_is_printed_in(document, sections):
    wrong = [
        (p.section, cell)
        for p in passages(*document)
        for cell in _cells(p)
        if surface_key(cell) not in sections[p.section]
        and not (p.printed and surface_key(p.printed) in sections[p.section])
    ]
    assert wrong == []


def test_every_glossary_quote_cites_the_section_it_is_printed_in(kb, sections):
    quoted = [t for t in kb.glossary if t.document]
    found = {t.term: [k for k, text in sections.items() if surface_key(t.document) in text] for t in quoted}
    assert {t.term: [t.source] for t in quoted} == found


@pytest.mark.parametrize(
    ("key", "section_keys"),
    [
        ("purpose", ("purpose",)),
        ("period", ("period",)),
        ("companies", ("directions",)),
        ("projects", ("directions", "projects")),
        ("promotion", ("promotion",)),
        ("support", ("promotion",)),
        ("previous", ("revision1",)),
        ("rating", ("revision1",)),
    ],
)
def test_parts_cite_their_sections(document, key, section_keys):
    part = next(p for p in parts(*document) if p.key == key)
    assert part.sections == section_keys


def test_the_period_part_gives_the_reason_for_the_period(document):
    part = next(p for p in parts(*document) if p.key == "period")
    assert [p.text for p in part.passages] == [
        "急速な技術革新や市場変化、企業動向等に機動的に対応するため、令和8年度(2026年度)までの3年間を計画期間とし、重点的・集中的な取組を展開します。",
        "令和6年度(2024年度)～令和8年度(2026年度)の3年間",
    ]


def test_company_groups_keep_every_point_sub_item_and_definition(document):
    part = next(p for p in parts(*document) if p.key == "companies")
    core = next(b for b in part.blocks if b.heading.startswith("地域中核企業群"))
    texts = [p.text for p in core.passages]
    assert texts[0] == "● 地域経済・雇用を牽引する地域中核企業の創出、成長支援"
    assert "・人材確保、省力化投資の拡大" in texts
    assert texts[-1] == "※ 地域未来牽引企業 74 社"
    assert any(t.startswith("［地域中核企業］ 地域の特性を活かして") for t in texts)


def test_a_plan_without_front_matter_has_no_document(kb):
    assert parts(kb.edition("2021")) == ()
    assert passages(kb.edition("2021")) == ()
