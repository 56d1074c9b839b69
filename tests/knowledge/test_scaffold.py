"""`plan new`: the next revision scaffolded from one, as a draft that answers only when asked for."""

from datetime import date
from decimal import Decimal

import pytest
import yaml

from bot.__main__ import main
from bot.render.text import render
from commands.context import Context
from commands.parse import execute
from knowledge import Knowledge, KnowledgeError, load_knowledge
from knowledge.scaffold import ScaffoldError, scaffold
from knowledge.store import Store

TODAY = date(2026, 12, 3)  # inside the 2nd revision; the draft's period (FY2027–) has not begun


@pytest.fixture
def drafted(data_copy):
    scaffold(load_knowledge(data_copy), "2027", "2024", "FY2027", "FY2029", data_copy)
    return data_copy


@pytest.fixture
def kb3(drafted):
    return load_knowledge(drafted)


def folders(data_dir):
    return sorted(p.name for p in (data_dir / "plans").iterdir())


def test_the_scaffold_keeps_the_structure_and_empties_the_values(kb3):
    draft, source = kb3.edition("2027"), kb3.edition("2024")
    assert (
        draft.revision.draft,
        draft.revision.previous,
        str(draft.revision.start),
        str(draft.revision.end),
    ) == (
        True,
        "2024",
        "FY2027",
        "FY2029",
    )
    assert [(i.no, i.project, i.name) for i in draft.indicators] == [
        (i.no, i.project, i.name) for i in source.indicators
    ]
    assert {(i.baseline.text, i.target.text, i.target.value) for i in draft.indicators} == {("—", "—", None)}
    # each target still counts as before, now in the new plan's last year
    assert [(i.target.kind, i.target.period_obj.year, i.calendar_basis) for i in draft.indicators] == [
        (i.target.kind, 2029, i.calendar_basis) for i in source.indicators
    ]
    assert [(link.old, link.new, link.relation.value) for link in draft.lineage] == [
        (i.no, [i.no], "same") for i in source.indicators
    ]
    assert [p.no for p in draft.projects] == [p.no for p in source.projects]


def test_the_draft_answers_by_its_id_with_lineage_back_to_the_first_revision(kb3):
    reply = execute(Context(kb3, today=TODAY), "/indicator 1 plan:2027")
    assert (reply.status, reply.key) == ("ok", 1)
    assert [(a["plan"], a["no"], a["steps"]) for a in reply.record["ancestors"]] == [
        ("2024", 1, 1),
        ("2021", 1, 2),
    ]
    text = render(reply)
    assert "← 第2次改定版 指標1" in text and "　← 第1次改定版 指標1" in text
    assert "下書きのデータ" in text and reply.record["rating"]["computed"] is None


@pytest.mark.parametrize("day", [TODAY, date(2027, 6, 1), date(2030, 1, 1)])
def test_the_default_never_moves_to_a_draft(kb3, day):
    assert (kb3.current_plan(day), kb3.plan_ids, kb3.drafts) == ("2024", ("2021", "2024"), ("2027",))


def test_a_draft_stops_answering_when_its_period_starts(kb3):
    reply = execute(Context(kb3, today=date(2027, 4, 1)), "/indicator 1 plan:2027")
    assert (reply.status, "下書きのまま計画期間" in reply.message) == ("invalid", True)


def test_a_draft_is_found_only_by_its_id(kb3):
    ctx = Context(kb3, today=TODAY)
    assert (kb3.find_plan("2027"), kb3.find_plan("次期改定版（下書き）")) == ("2027", None)
    assert [plan for plan, _ in kb3.plan_choices(TODAY)] == ["2024", "2021"]
    assert {c.plan for c in execute(ctx, "/search 石炭").candidates} <= {"2021", "2024", None}
    assert all(h.plan != "2027" for h in kb3.search_index.rank("石炭・バイオマス共同輸送"))
    shown = execute(ctx, "/indicator 1")
    assert (shown.record["descendants"], "次期改定版" in render(shown)) == ([], False)


def test_a_draft_may_not_be_pinned_as_the_plan_in_force(drafted):
    with pytest.raises(KnowledgeError, match="draft"):
        load_knowledge(drafted, pinned_plan="2027")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("2027", "2099", "FY2027", "FY2029"), "--from の計画「2099」はありません"),
        (("2028", "2024", "FY2027", "FY2029"), "番号は 2027"),
        (("2026", "2024", "FY2026", "FY2028"), "重なります"),
        (("2027", "2024", "FY2027", "FY2026"), "より前"),
        (("2027", "2024", "2027年", "FY2029"), "年度として読めません"),
        (("2024", "2021", "FY2024", "FY2026"), "すでにあります"),
    ],
)
def test_a_refused_scaffold_writes_nothing(data_copy, args, fragment):
    before = folders(data_copy)
    plan, source, start, end = args
    with pytest.raises(ScaffoldError, match=fragment):
        scaffold(load_knowledge(data_copy), plan, source, start, end, data_copy)
    assert folders(data_copy) == before


def test_a_draft_whose_lineage_names_a_missing_indicator_is_refused(drafted):
    path = drafted / "plans" / "2027" / "lineage.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["links"][0]["new"] = [99]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(drafted)
    assert caught.value.problems == ["plans/2027/lineage.yaml: old indicator 1: new: no indicator 99"]


def test_only_a_draft_may_leave_a_target_empty(drafted):
    path = drafted / "plans" / "2027" / "revision.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(drafted)
    assert len(caught.value.problems) == 28
    assert caught.value.problems[0].startswith(
        "plans/2027/indicators.yaml: indicator 1: target.value: missing"
    )


def test_an_indicator_continued_as_same_is_drawn_across_revisions(kb, tmp_path):
    store = Store.open(tmp_path / "db.sqlite3")
    store.record("2024", 3, Decimal("5.6"), "km", "5.6km", "FY2024", "1", "alice")
    reply = execute(Context(kb, today=TODAY, store=store), "/history 3")
    # 2024's indicator 3 continues the 1st revision's indicator 2 unchanged: its printed 5.0km (FY2022)
    assert reply.record["earlier"] == [{"plan": "2021", "no": 2, "as_of": "FY2022", "text": "5.0km"}]
    assert "5.0km（2022年度（令和4年度）時点・第1次改定版 指標2）" in render(reply)
    assert [name for name, _ in reply.files] == ["indicator-3-20261203.png"]
    store.close()


def test_the_console_scaffolds_and_refuses_a_second_time(data_copy, monkeypatch, capsys):
    monkeypatch.setenv("KNOWLEDGE_PATH", str(data_copy))
    assert main(["plan", "new", "2027", "--from", "2024", "--start", "FY2027", "--end", "FY2029"]) == 0
    assert "計画2027の下書きを作りました" in capsys.readouterr().out
    assert Knowledge.load(data_copy).drafts == ("2027",)
    assert main(["plan", "new", "2027", "--from", "2024", "--start", "FY2027", "--end", "FY2029"]) == 2
    assert capsys.readouterr().err.startswith("エラー: ")
    assert main(["plan", "list"]) == 0
    assert "2027 次期改定版（下書き）" in capsys.readouterr().out
