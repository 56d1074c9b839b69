"""A 3rd revision is a data change: a synthetic plan folder, dropped in, answers every command."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.render.text import render
from commands.context import Actor, Context
from commands.digest import DigestState, build_digest
from commands.parse import execute
from commands.quiz import make_quiz
from knowledge import DATA_DIR, load_knowledge
from knowledge.store import Store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "plan-2027"
IN_FORCE = date(2027, 6, 1)  # inside FY2027–FY2029
EDITOR = Actor("1", "alice", editor=True)


@pytest.fixture(scope="module")
def kb3(tmp_path_factory):
    data = tmp_path_factory.mktemp("three") / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(FIXTURE, data / "plans" / "2027")
    return load_knowledge(data)


@pytest.fixture
def ctx3(kb3, tmp_path):
    store = Store.open(tmp_path / "db.sqlite3")
    yield Context(kb3, today=IN_FORCE, store=store, actor=EDITOR)
    store.close()


@pytest.mark.parametrize(
    ("day", "plan"),
    [
        (date(2024, 3, 31), "2021"),
        (date(2024, 4, 1), "2024"),
        (date(2027, 3, 31), "2024"),
        (date(2027, 4, 1), "2027"),
        (date(2035, 1, 1), "2027"),  # past every period: the latest plan begun
        (date(2019, 1, 1), "2021"),  # before every period: the first
    ],
)
def test_the_plan_in_force_follows_the_date_in_japan(kb3, day, plan):
    assert (kb3.plan_ids, kb3.current_plan(day)) == (("2021", "2024", "2027"), plan)


def test_a_setting_pins_the_plan_whatever_the_date(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(FIXTURE, data / "plans" / "2027")
    assert load_knowledge(data, pinned_plan="2024").current_plan(IN_FORCE) == "2024"


def _title(ctx, line):
    reply = execute(ctx, line)
    assert reply.ok, reply.message
    return reply


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("/indicator 1", "指標1 水素供給拠点の整備数(累計)"),
        ("/indicator 燃料電池車", "指標2 燃料電池車の導入台数(累計)"),
        ("/indicator", "第3次改定版の指標一覧（3件）"),
        (
            "/indicator 9 plan:2024",
            "第2次改定版 指標9 水素等環境・エネルギー、バイオ関連分野の事業化件数(累計)",
        ),
        (
            "/indicator 9 plan:第2次",
            "第2次改定版 指標9 水素等環境・エネルギー、バイオ関連分野の事業化件数(累計)",
        ),
        ("/project", "産業戦略プロジェクト一覧（2件）"),
        ("/project 1-2", "1-2 水素利活用の拡大"),
        ("/project 半導体", "プロジェクト2 半導体産業集積プロジェクト"),
        ("/field", "重点成長分野一覧（2分野）"),
        ("/overview", "やまぐち産業イノベーション戦略（第3次改定版）の概要"),
    ],
)
def test_commands_answer_from_the_plan_in_force(ctx3, line, title):
    assert _title(ctx3, line).title == title


def test_lineage_runs_both_ways_across_the_new_plan(ctx3):
    new = execute(ctx3, "/indicator 1").record
    old = execute(ctx3, "/indicator 9 plan:2024").record
    assert (new["predecessors"], old["successors"]) == (
        [{"plan": "2024", "no": 9, "relation": "renamed"}],
        [{"plan": "2027", "no": 1, "relation": "renamed"}],
    )
    assert [p["no"] for p in old["predecessors"]] == [14, 15]


def test_the_overview_counts_from_the_data(ctx3):
    reply = execute(ctx3, "/overview")
    names = [f.name for f in reply.fields]
    assert "プロジェクト別指標（3指標・試算）" in names and "本県の3つの強み" in names
    assert not any("第2次改定版の評価" in n for n in names)  # the 2nd revision printed no official ★
    assert reply.record["period"] == {"start": "FY2027", "end": "FY2029"}


def test_an_update_records_into_the_plan_in_force(ctx3):
    assert execute(ctx3, "/update 2 value:250台 as_of:2027年度").ok
    store = ctx3.store
    assert (list(store.latest_all("2027")), store.latest_all("2024")) == ([2], {})
    assert "250台" in execute(ctx3.fresh(), "/indicator 2").fields[3].value


def test_the_digest_follows_the_plan_and_says_when_it_changes(ctx3):
    before = DigestState(day=date(2027, 3, 31), ratings={9: 3}, plan="2024", overdue=frozenset({9}))
    digest = build_digest(ctx3, IN_FORCE, before)
    fields = {f.name: f.value for f in digest.reply.fields}
    assert any("この配信から第3次改定版" in line for line in digest.reply.lines)
    assert not digest.quiet and digest.reply.record["changes"] is None  # another plan's ★ do not compare
    assert (digest.state.plan, sorted(digest.state.ratings)) == ("2027", [1, 2, 3])
    assert not any("★が動いた" in name or "新たに" in name for name in fields)


def test_the_tour_and_the_quiz_teach_the_plan_in_force(ctx3, kb3):
    toc = execute(ctx3, "/tour")
    assert toc.lines[0].startswith("やまぐち産業イノベーション戦略（第3次改定版）を")
    quiz = make_quiz(kb3, "2027", 42)
    subjects = {q.subject for q in quiz.questions if q.kind.startswith("indicator")}
    assert quiz.plan == "2027" and subjects <= {1, 2, 3}


def test_search_and_autocomplete_put_the_plan_in_force_first(ctx3, kb3):
    reply = execute(ctx3, "/search 水素")
    items = [f.name for f in reply.fields if not f.name.startswith("本文")]  # the document's sentences first
    assert items[0] == "指標（第3次改定版）"
    values = [v for _, v in kb3.search_index.autocomplete("", "indicator", "2027")]
    assert values == ["1", "2", "3"]


def test_an_unknown_plan_lists_every_plan(ctx3):
    reply = execute(ctx3, "/indicator 1 plan:2030")
    assert reply.status == "invalid"
    assert (
        "計画:2027（第3次改定版、現行）、計画:2024（第2次改定版）、計画:2021（第1次改定版）" in reply.message
    )


def test_lineage_follows_the_chain_across_three_plans(ctx3):
    old = execute(ctx3, "/indicator 15 plan:2021").record
    new = execute(ctx3, "/indicator 1").record
    assert [(d["plan"], d["no"], d["steps"]) for d in old["descendants"]] == [("2024", 9, 1), ("2027", 1, 2)]
    assert [(a["plan"], a["no"], a["steps"]) for a in new["ancestors"]] == [
        ("2024", 9, 1),
        ("2021", 14, 2),
        ("2021", 15, 2),
    ]
    text = render(execute(ctx3, "/indicator 15 plan:2021"))
    assert "→ 第2次改定版 指標9" in text and "　→ 第3次改定版 指標1" in text
