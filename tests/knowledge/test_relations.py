import pytest

from knowledge.models import LineageRelation as R


@pytest.mark.parametrize(
    ("old", "new", "relation"),
    [
        (2, [3], R.SAME),
        (3, [4], R.SAME),
        (5, [6], R.SAME),
        (6, [7], R.SAME),
        (8, [16], R.SAME),
        (9, [17], R.SAME),
        (17, [12], R.SAME),
        (18, [13], R.SAME),
        (24, [28], R.SAME),
        (1, [1], R.RENAMED),
        (4, [5], R.REDEFINED),
        (7, [15], R.REDEFINED),
        (13, [8], R.REDEFINED),
        (20, [11], R.REDEFINED),
        (21, [25], R.REDEFINED),
        (22, [26], R.REDEFINED),
        (14, [9, 10], R.REGROUPED),
        (15, [9], R.REGROUPED),
        (10, [], R.NONE),
        (11, [], R.NONE),
        (12, [], R.NONE),
        (16, [], R.NONE),
        (19, [], R.NONE),
        (23, [], R.NONE),
    ],
)
def test_lineage_of_every_old_indicator(kb, old, new, relation):
    successors = kb.successors(kb.indicator(old, "2021"))
    assert [(s.plan, s.no, s.relation) for s in successors] == [("2024", n, relation) for n in new]


def test_lineage_runs_both_ways(kb):
    for old in kb.indicators("2021"):
        for succ in kb.successors(old):
            back = kb.predecessors(kb.indicator(succ.no, "2024"))
            assert ("2021", old.no) in [(p.plan, p.no) for p in back]


def test_regrouped_new_nine_has_two_predecessors(kb):
    assert [(p.no, p.relation) for p in kb.predecessors(kb.indicator(9, "2024"))] == [
        (14, R.REGROUPED),
        (15, R.REGROUPED),
    ]


def test_carried_value_keeps_its_own_date(kb):
    old, new = kb.indicator(8, "2021"), kb.indicator(16, "2024")
    assert (old.actual.text, old.actual.as_of) == ("19件", "2023-12")
    assert (new.baseline.text, new.baseline.period) == ("19件", "FY2022")


def test_field_semiconductor_leads_to_section_and_indicator(kb):
    link = kb.edition("2024").field_link(6)
    assert (kb.edition("2024").growth_field(6).name, link.sections, link.indicators) == (
        "半導体・蓄電池関連産業",
        ["3-4"],
        [14],
    )


def test_every_field_has_an_editorial_link(kb):
    assert sorted(link.field for link in kb.edition("2024").field_links) == list(range(1, 11))
    assert kb.edition("2024").statements["field_links"] and kb.edition("2024").statements["lineage"]


def test_project_indicators_and_sections(kb):
    assert [i.no for i in kb.edition("2024").project_indicators(4)] == [15, 16, 17, 18]
    assert [i.no for i in kb.edition("2024").project_indicators(3, "3-2")] == [10, 11]
    assert kb.edition("2024").section("3-4").tags == ["新規"]
    assert [s.id for s in kb.edition("2024").project(6).sections] == ["6-1", "6-2"]


def test_old_references_resolve_against_old_projects(kb):
    old = kb.indicator(24, "2021")
    assert (old.project, kb.table_label(old)) == ("9", "大規模産業用地活用・企業立地促進")
    assert kb.edition("2024").project(9) is None


@pytest.mark.parametrize(
    ("kind", "plan", "name", "expected"),
    [
        ("indicator", "2021", "研究開発等プロジェクト化件数", [10, 13]),
        ("indicator", "2024", "5G人口カバー率", [15]),
        ("indicator", "2024", "５Ｇ人口カバー率", [15]),
        ("indicator", "2021", "先導的プロトコルによる未来技術導入件数（累計）", [8]),
        ("indicator", "2024", "企業誘致件数", [28]),
        ("indicator", "2024", "存在しない指標", []),
        ("project", "2024", "地域産業DX加速化プロジェクト", [4]),
        ("project", "2024", "地域産業DX加速化", [4]),
        ("project", "2024", "半導体・蓄電池関連産業の集積強化", ["3-4"]),
        ("field", "2024", "新半導体・蓄電池関連産業", [6]),
    ],
)
def test_exact_name_lookup_keeps_duplicates_ambiguous(kb, kind, plan, name, expected):
    result = kb.search_index.resolve(name, kind, plan)
    exact = [h.key for h in result.hits if h.score == 100]
    assert exact == expected
    assert result.status == {0: "not_found", 1: "ok"}.get(len(expected), "ambiguous")


@pytest.mark.parametrize(
    ("plan", "no", "printed", "expanded"),
    [
        ("2021", 15, "同上（水素エネルギー）", "成長産業育成・集積（水素エネルギー）"),
        ("2021", 1, "瀬戸内産業競争力・強化 (港湾)", "瀬戸内産業競争力・強化 (港湾)"),
        ("2024", 10, "同上(医療、ヘルスケア)", "成長産業育成・集積(医療、ヘルスケア)"),
        (
            "2024",
            24,
            "同上 (水産分野の産業インフラ輸出促進)",
            "海外ビジネス加速化(水産分野の産業インフラ輸出促進)",
        ),
    ],
)
def test_ditto_labels_expand_to_the_project_name(kb, plan, no, printed, expanded):
    ind = kb.indicator(no, plan)
    assert (kb.table_label(ind), kb.table_label(ind, expand=True)) == (printed, expanded)
