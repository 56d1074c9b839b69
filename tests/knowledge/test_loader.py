import re

import pytest

from knowledge import KnowledgeError, load_knowledge
from knowledge.loader import FILES


def test_every_shipped_file_loads(kb):
    assert kb.version and re.fullmatch(r"[0-9a-f]{8}", kb.version)
    assert (len(kb.fields), len(kb.projects)) == (10, 8)
    assert (len(kb.indicators("2024")), len(kb.indicators("2021"))) == (28, 24)


def test_files_listed_are_all_the_data(kb, data_copy):
    on_disk = sorted(str(p.relative_to(data_copy)) for p in data_copy.rglob("*.yaml"))
    assert on_disk == sorted(FILES)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "indicators.yaml",
            "target: {value: 97, unit:",
            "target: {value: abc, unit:",
            "indicators.yaml: indicator 15: target.value: not a number",
        ),
        (
            "indicators.yaml",
            "name: 5G人口カバー率",
            "nmae: 5G人口カバー率",
            "indicators.yaml: indicator 15: nmae: unknown key",
        ),
        (
            "indicators.yaml",
            "period: FY2022, text: 94.1%}",
            "period: 2022年度, text: 94.1%}",
            "indicators.yaml: indicator 15: baseline.period: Value error, not a period "
            "(use FY2022, CY2022, 2023-12 or 2023-12-31): '2022年度'",
        ),
        (
            "revision1.yaml",
            "official: {stars: 2, text: ★★}",
            "official: {stars: 3, text: ★★}",
            "revision1.yaml: indicator 1: official: Value error, stars 3 does not match text '★★'",
        ),
        (
            "fields.yaml",
            "category: 成長加速分野\n  name: 医療関連産業",
            "category: 成長分野\n  name: 医療関連産業",
            "fields.yaml: field 3: category: Input should be '成長基幹分野', '成長加速分野' or '次世代育成分野'",
        ),
        (
            "indicators.yaml",
            'project: "3-4"',
            'project: "3-9"',
            "indicators.yaml: indicator 14: project: '3-9' is not in this revision's table",
        ),
        (
            "editorial/lineage.yaml",
            "{old: 2, new: [3], relation: same}",
            "{old: 2, new: [30], relation: same}",
            "editorial/lineage.yaml: old indicator 2: new: no indicator 30",
        ),
        (
            "projects.yaml",
            "    actions.0: 产学公金",
            "    actions.7: 产学公金",
            "projects.yaml: project 2: printed.actions.7: no such field",
        ),
        (
            "indicators.yaml",
            'baseline: {text: "—"}\n    target: {value: 3, unit: 件',
            'baseline: {text: "0"}\n    target: {value: 3, unit: 件',
            "indicators.yaml: indicator 8: baseline: Value error, value is missing but text '0' is not a dash",
        ),
    ],
)
def test_bad_record_is_named(data_copy, file, old, new, expected):
    _edit(data_copy / file, old, new)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert expected in info.value.problems


def test_all_problems_are_reported_together(data_copy):
    _edit(data_copy / "indicators.yaml", "target: {value: 97, unit:", "target: {value: abc, unit:")
    _edit(data_copy / "fields.yaml", "name: 医療関連産業", "nmae: 医療関連産業")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert info.value.problems == [
        "fields.yaml: field 3: name: missing",
        "fields.yaml: field 3: nmae: unknown key",
        "indicators.yaml: indicator 15: target.value: not a number",
    ]


def test_broken_yaml_names_file_and_line(data_copy):
    _edit(data_copy / "projects.yaml", "- number: 2\n", "- number: [2\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    [problem] = info.value.problems
    assert problem.startswith("projects.yaml: line ")
    assert "not valid YAML" in problem


def test_missing_file_is_named(data_copy):
    (data_copy / "fields.yaml").unlink()
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert "fields.yaml: file not found" in info.value.problems


def test_numbering_gap_is_reported(data_copy):
    _edit(data_copy / "indicators.yaml", "  - number: 28\n", "  - number: 29\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert any(p.startswith("indicators.yaml: indicator numbers must run 1..28") for p in info.value.problems)


def test_editorial_files_must_say_so(data_copy):
    _edit(data_copy / "editorial/lineage.yaml", "editorial: true", "editorial: false")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data_copy)
    assert info.value.problems == ["editorial/lineage.yaml: editorial files must say `editorial: true`"]
