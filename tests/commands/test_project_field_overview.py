import dataclasses
from datetime import date
from itertools import pairwise

import pytest

from bot.render.text import render
from commands.context import Context
from commands.parse import execute


def test_project_4_lists_its_indicators(ctx):
    reply = execute(ctx, "/project 4")
    assert (reply.status, reply.kind, reply.key) == ("ok", "project", 4)
    assert reply.record["indicators"] == [15, 16, 17, 18]
    text = render(reply)
    assert "15. 5G人口カバー率（目標 97%超）— 評価なし" in text
    assert "「Y-BASE」を核とした全県的なDXの推進" in text


def test_project_with_sections_and_tags(ctx):
    reply = execute(ctx, "/project 3")
    assert reply.title == "プロジェクト3 成長産業育成・集積プロジェクト［拡充］"
    assert [s["id"] for s in reply.record["sections"]] == ["3-1", "3-2", "3-3", "3-4"]
    assert reply.record["sections"][3]["tags"] == ["新規"]
    assert reply.record["indicators"] == [9, 10, 11, 12, 13, 14]


def test_section_shows_just_that_section(ctx):
    reply = execute(ctx, "/project 3-4")
    assert (reply.kind, reply.key, reply.record["indicators"]) == ("section", "3-4", [14])
    assert reply.title == "3-4 半導体・蓄電池関連産業の集積強化［新規］"
    assert "半導体・蓄電池関連産業" in render(reply)


@pytest.mark.parametrize("line", ["/project 0", "/project 9", "/project 3-9"])
def test_project_out_of_range(ctx, line):
    reply = execute(ctx, line)
    assert reply.status in ("invalid", "not_found")
    assert "1〜8" in reply.message


def test_project_list_without_query(ctx):
    reply = execute(ctx, "/project")
    assert [item["no"] for item in reply.record["items"]] == list(range(1, 9))


def test_field_6_is_new_with_editorial_links(ctx):
    reply = execute(ctx, "/field 6")
    assert (reply.status, reply.kind, reply.key) == ("ok", "field", 6)
    assert reply.record["new"] is True
    assert reply.record["editorial_links"] == {"projects": [], "sections": ["3-4"], "indicators": [14]}
    text = render(reply)
    assert "成長加速分野" in text and "やまぐち半導体・蓄電池産業ネットワーク協議会" in text
    assert "編集上の対応で、文書には記載されていません" in text


def test_field_out_of_range(ctx):
    reply = execute(ctx, "/field 11")
    assert (reply.status, "1〜10" in reply.message) == ("invalid", True)


@pytest.mark.parametrize(
    ("today", "days_left", "fragment"),
    [
        (date(2026, 11, 29), 122, "あと 122日"),
        (date(2027, 3, 31), 0, "あと 0日"),
        (date(2027, 4, 1), 0, "計画期間は終了しました"),
        (date(2024, 3, 1), None, "計画期間の開始まであと 31日"),
    ],
)
def test_overview_days_left(kb, today, days_left, fragment):
    pinned = dataclasses.replace(kb, pinned_plan="2024")  # before 2024-04 the 1st revision is in force
    reply = execute(Context(pinned, today=today), "/overview")
    assert reply.record["days_left"] == days_left
    assert fragment in render(reply)


def test_overview_content(ctx):
    reply = execute(ctx, "/overview")
    text = render(reply)
    assert reply.record["ratings"] == {"4": 0, "3": 0, "2": 0, "1": 0, "0": 28}
    assert "付加価値額: 1.98兆円（2022年経済構造実態調査）" in text
    assert "労働生産性（付加価値額／従業者数）: 2,022万円／人" in text
    assert len(reply.record["strengths"]) == 4
    assert "2026年11月29日（令和8年11月29日）現在" in text


def test_help_lists_every_command_with_an_example(ctx):
    from commands.registry import all_commands

    reply = execute(ctx, "/help")
    text = render(reply)
    for spec in all_commands("console"):
        assert f"/{spec.name}（/{spec.ja}）" in text
        assert f"例: {spec.example}" in text


@pytest.mark.parametrize(
    ("english", "japanese"),
    [
        ("/indicator 7 plan:2021", "/指標 7 計画:2021"),
        ("/indicator 7 plan:2021", "/指標　７　計画：２０２１"),
        ("/indicator project:4", "/指標 プロジェクト:4"),
        ("/project 3-2", "/プロジェクト 3-2"),
        ("/field 6", "/分野 6"),
        ("/overview", "/概要"),
        ("/help", "/ヘルプ"),
        ("/indicator 15", "indicator 15"),
    ],
)
def test_both_languages_give_the_same_answer(ctx, english, japanese):
    assert execute(ctx, english) == execute(ctx, japanese)


REQUIRED = {"status", "kind", "message", "candidates"}


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("/indicator 15", "indicator"),
        ("/indicator 3 plan:2021", "indicator"),
        ("/indicator", "indicator_list"),
        ("/project 4", "project"),
        ("/project 3-2", "section"),
        ("/field 6", "field"),
        ("/overview", "overview"),
        ("/help", "help"),
    ],
)
def test_json_contract_when_ok(ctx, line, kind):
    data = execute(ctx, line).to_json()
    assert set(data) == REQUIRED | {"key", "record"}
    assert (data["status"], data["kind"], data["message"], data["candidates"]) == ("ok", kind, None, [])


def test_json_indicator_record_shape(ctx):
    rec = execute(ctx, "/indicator 3 plan:2021").to_json()["record"]
    assert set(rec) >= {
        "plan", "no", "name", "project", "section", "baseline", "target", "latest",
        "progress", "rating", "successors", "predecessors", "actual", "as_of",
    }  # fmt: skip
    assert rec["baseline"] == {"value": None, "unit": None, "period": None, "text": "—"}
    assert rec["progress"]["ratio"] == pytest.approx(19 / 30)
    assert rec["successors"] == [{"plan": "2024", "no": 4, "relation": "same"}]


def test_json_problem_has_candidates_best_first(ctx):
    data = execute(ctx, "/indicator 研究開発等プロジェクト化件数 plan:2021").to_json()
    assert set(data) == REQUIRED
    assert data["status"] == "ambiguous" and data["message"]
    assert all(set(c) == {"kind", "plan", "key", "label", "score"} for c in data["candidates"])
    assert all(a["score"] >= b["score"] for a, b in pairwise(data["candidates"]))


@pytest.mark.parametrize(
    ("line", "kind"), [("/indicator 15 plan:1999", "indicator"), ("/history 15 plan:1999", "history")]
)
def test_a_bad_plan_is_reported_under_the_command_s_own_kind(ctx, line, kind):
    data = execute(ctx, line).to_json()
    assert (data["status"], data["kind"]) == ("invalid", kind)
