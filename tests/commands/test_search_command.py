import pytest

from commands.parse import execute


def _groups(reply):
    return {g["kind"]: [i["key"] for i in g["items"]] for g in reply.record["groups"]}


@pytest.mark.parametrize(
    ("query", "kind", "key"),
    [
        ("キエンザン", "section", "6-2"),
        ("カーボンニュートラルポート", "section", "1-1"),
        ("すいそ", "field", 7),
        ("こうわん", "indicator:2024", 2),
        ("地域未来投資促進法", "support_measure", 2),
        ("えいせい", "indicator:2024", 13),
    ],
)
def test_search_finds_across_kinds(ctx, query, kind, key):
    reply = execute(ctx, f"/search {query}")
    assert (reply.status, reply.kind) == ("ok", "search")
    assert key in _groups(reply)[kind]


def test_search_groups_are_ordered_and_say_how_to_open(ctx):
    reply = execute(ctx, "/search 水素")
    kinds = [g["kind"] for g in reply.record["groups"]]
    order = [
        "indicator:2024",
        "indicator:2021",
        "project",
        "section",
        "field",
        "action",
        "support_measure",
        "term",
    ]
    assert kinds == sorted(kinds, key=order.index)
    opens = {i["open"] for g in reply.record["groups"] for i in g["items"]}
    assert {"/field 7", "/indicator 15 計画:2021", "/project 3-1"} <= opens


def test_snippet_shows_where_a_related_word_was_found(ctx):
    reply = execute(ctx, "/search キエンザン")
    [section] = [i for g in reply.record["groups"] if g["kind"] == "section" for i in g["items"]]
    assert "キエンザン" in section["snippet"]


def test_chance_overlaps_are_left_out(ctx):
    reply = execute(ctx, "/search キエンザン")
    assert 7 not in _groups(reply).get("indicator:2021", [])


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("/search", "invalid"),
        ("/search 😀", "not_found"),
        ("/search xqzvw", "not_found"),
        ("/search " + "あ" * 300, "invalid"),
    ],
)
def test_search_bad_input(ctx, line, status):
    reply = execute(ctx, line)
    assert reply.status == status and reply.message


def test_japanese_name_works(ctx):
    assert execute(ctx, "/検索 水素") == execute(ctx, "/search 水素")


@pytest.mark.parametrize(
    ("line", "kind", "key"),
    [
        ("/indicator ちくでんち", "indicator", 14),
        ("/indicator 海外展開の成役", "indicator", 21),
        ("/project きょうそうりょく", "project", 1),
        ("/field 衛星", "field", 8),
        ("/indicator ﾘｰﾀﾞｰ", "indicator", 20),
        ("/indicator No.15", "indicator", 15),
        ("/indicator ＃１５", "indicator", 15),
        ("/project ３－２", "section", "3-2"),
    ],
)
def test_commands_answer_what_people_type(ctx, line, kind, key):
    reply = execute(ctx, line)
    assert (reply.status, reply.kind, reply.key) == ("ok", kind, key)


def test_not_found_offers_did_you_mean(ctx):
    reply = execute(ctx, "/indicator 地場サプライヤー")
    assert reply.status == "not_found"
    assert reply.candidates and "もしかして" in reply.message
