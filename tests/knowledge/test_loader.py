import re

import pytest

from knowledge import KnowledgeError, load_knowledge
from knowledge.loader import data_files


def test_every_shipped_file_loads(kb):
    assert kb.version and re.fullmatch(r"[0-9a-f]{8}", kb.version)
    assert (len(kb.edition("2024").fields), len(kb.edition("2024").projects)) == (10, 8)
    assert (len(kb.indicators("2024")), len(kb.indicators("2021"))) == (28, 24)


def test_files_listed_are_all_the_data(kb, data_copy):
    on_disk = sorted(str(p.relative_to(data_copy)) for p in data_copy.rglob("*.yaml"))
    assert on_disk == sorted(data_files(data_copy))


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "plans/2024/indicators.yaml",
            "target: {value: 97, unit:",
            "target: {value: abc, unit:",
            "plans/2024/indicators.yaml: indicator 15: target.value: not a number",
        ),
        (
            "plans/2024/indicators.yaml",
            "name: 5G人口カバー率",
            "nmae: 5G人口カバー率",
            "plans/2024/indicators.yaml: indicator 15: nmae: unknown key",
        ),
        (
            "plans/2024/indicators.yaml",
            "period: FY2022, text: 94.1%}",
            "period: 2022年度, text: 94.1%}",
            "plans/2024/indicators.yaml: indicator 15: baseline.period: Value error, not a period "
            "(use FY2022, CY2022, 2023-12 or 2023-12-31): '2022年度'",
        ),
        (
            "plans/2021/indicators.yaml",
            "official: {stars: 2, text: ★★}",
            "official: {stars: 3, text: ★★}",
            "plans/2021/indicators.yaml: indicator 1: official: Value error, stars 3 does not match text '★★'",
        ),
        (
            "plans/2024/fields.yaml",
            "category: 成長加速分野\n  name: 医療関連産業",
            "category: 成長分野\n  name: 医療関連産業",
            "plans/2024/fields.yaml: field 3: category: Input should be '成長基幹分野', '成長加速分野' or '次世代育成分野'",
        ),
        (
            "plans/2024/indicators.yaml",
            'project: "3-4"',
            'project: "3-9"',
            "plans/2024/indicators.yaml: indicator 14: project: '3-9' is not in this revision's table",
        ),
        (
            "plans/2024/lineage.yaml",
            "{old: 2, new: [3], relation: same}",
            "{old: 2, new: [30], relation: same}",
            "plans/2024/lineage.yaml: old indicator 2: new: no indicator 30",
        ),
        (
            "plans/2024/projects.yaml",
            "    actions.0: 产学公金",
            "    actions.7: 产学公金",
            "plans/2024/projects.yaml: project 2: printed.actions.7: no such field",
        ),
        (
            "plans/2024/indicators.yaml",
            'baseline: {text: "—"}\n    target: {value: 3, unit: 件',
            'baseline: {text: "0"}\n    target: {value: 3, unit: 件',
            "plans/2024/indicators.yaml: indicator 8: baseline: Value error, value is missing but text '0' is not a dash",
        ),
    ],
)
def test_bad_record_is_named(data_copy, file, old, new, expected):
    _edit(data_copy / file, old, new)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert expected in info.value.problems


def test_all_problems_are_reported_together(data_copy):
    _edit(data_copy / "plans/2024/indicators.yaml", "target: {value: 97, unit:", "target: {value: abc, unit:")
    _edit(data_copy / "plans/2024/fields.yaml", "name: 医療関連産業", "nmae: 医療関連産業")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert info.value.problems == [
        "plans/2024/fields.yaml: field 3: name: missing",
        "plans/2024/fields.yaml: field 3: nmae: unknown key",
        "plans/2024/indicators.yaml: indicator 15: target.value: not a number",
    ]


def test_broken_yaml_names_file_and_line(data_copy):
    _edit(data_copy / "plans/2024/projects.yaml", "- number: 2\n", "- number: [2\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    [problem] = info.value.problems
    assert problem.startswith("plans/2024/projects.yaml: line ")
    assert "not valid YAML" in problem


@pytest.mark.parametrize("rel", ["plans/2024/indicators.yaml", "plans/2021/revision.yaml", "glossary.yaml"])
def test_missing_required_file_is_named(data_copy, rel):
    (data_copy / rel).unlink()
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert f"{rel}: file not found" in info.value.problems


def test_optional_files_may_be_absent(data_copy):
    (data_copy / "plans/2024/field_links.yaml").unlink()
    kb = load_knowledge(data_copy)
    assert (kb.edition("2024").field_links, len(kb.edition("2024").fields)) == ((), 10)


def test_files_that_refer_to_a_missing_file_say_what_is_missing(data_copy):
    (data_copy / "plans/2024/fields.yaml").unlink()
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert "plans/2024/field_links.yaml: field 1: no such field" in info.value.problems


def test_a_folder_must_be_named_by_its_plan_id(data_copy):
    (data_copy / "plans/2021").rename(data_copy / "plans/2020")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert (
        "plans/2020/revision.yaml: revision: id: '2021' differs from its folder's name" in info.value.problems
    )


def test_previous_must_name_a_plan(data_copy):
    _edit(data_copy / "plans/2024/revision.yaml", 'previous: "2021"', 'previous: "2018"')
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert "plans/2024/revision.yaml: revision: previous: no plan '2018'" in info.value.problems


def test_numbering_gap_is_reported(data_copy):
    _edit(data_copy / "plans/2024/indicators.yaml", "  - number: 28\n", "  - number: 29\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert any(
        p.startswith("plans/2024/indicators.yaml: indicator numbers must run 1..28")
        for p in info.value.problems
    )


def test_editorial_files_must_say_so(data_copy):
    _edit(data_copy / "plans/2024/lineage.yaml", "editorial: true", "editorial: false")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert info.value.problems == ["plans/2024/lineage.yaml: editorial files must say `editorial: true`"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "means: 電動化}",
            "means: 空飛ぶ車}",
            "editorial/synonyms.yaml: synonym 空飛ぶ車: means: '空飛ぶ車' does not occur in the data",
        ),
        ("[KPI]", "[KPI, EV]", "editorial/synonyms.yaml: synonym 指標: words: 'EV' also stands for '電動化'"),
        (
            "[KPI]",
            "[KPI, 成果指標]",
            "editorial/synonyms.yaml: synonym 指標: words: '成果指標' already holds the word it means",
        ),
        (
            "editorial: true",
            "editorial: false",
            "editorial/synonyms.yaml: editorial files must say `editorial: true`",
        ),
    ],
)
def test_synonyms_are_checked(data_copy, old, new, expected):
    _edit(data_copy / "editorial/synonyms.yaml", old, new)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert expected in info.value.problems


PLAN_TERM = """
- term: 産業戦略本部
  reading: さんぎょうせんりゃくほんぶ
  general: 戦略を推進する県の組織（試験用の説明）。
"""


def test_a_plan_folder_may_hold_its_own_terms(data_copy):
    (data_copy / "plans" / "2024" / "glossary.yaml").write_text(PLAN_TERM, encoding="utf-8")
    kb = load_knowledge(data_copy)
    own = [(t.term, t.plan) for _, t in kb.glossary_for("2024") if t.plan is not None]
    assert (own, [t.term for _, t in kb.glossary_for("2021") if t.plan is not None]) == (
        [("産業戦略本部", "2024")],
        [],
    )
    assert kb.search_index.resolve("産業戦略本部", "term", "2024").status == "ok"
    assert kb.search_index.resolve("産業戦略本部", "term", "2021").status != "ok"


def test_a_term_twice_in_a_plan_s_folder_is_named_with_its_file(data_copy):
    (data_copy / "plans" / "2024" / "glossary.yaml").write_text(PLAN_TERM * 2, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(data_copy)
    assert caught.value.problems == ["plans/2024/glossary.yaml: term 産業戦略本部: appears more than once"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  source: projects\n",
            "  source: purpose\n",
            "glossary.yaml: term Y-BASE: the quote is not in the text of 「1 改定の趣旨」",
        ),
        (
            "  source: promotion\n",
            "  source: chapter9\n",
            "glossary.yaml: term 地域未来投資促進法: source 'chapter9' is not a section of the plan's document",
        ),
        (
            "  document: 地域未来牽引企業 74 社\n  source: directions\n",
            "  document: 地域未来牽引企業 74 社\n",
            "glossary.yaml: term 地域未来牽引企業: a document quote needs source: the key of the section it is from",
        ),
    ],
)
def test_a_glossary_quote_must_cite_the_section_it_is_in(data_copy, old, new, expected):
    _edit(data_copy / "glossary.yaml", old, new)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(data_copy)
    assert expected in caught.value.problems
