# /plan: every part of the plan's document, whole, citing its sections; unknown parts suggest the parts.
from __future__ import annotations

import pytest

from bot.render.text import render
from commands.parse import execute


def test_no_part_lists_every_part_with_its_section(ctx):
    reply = execute(ctx, "/plan")
    assert reply.status == "ok"
    assert [i["part"] for i in reply.record["items"]] == [
        "purpose",
        "goal",
        "period",
        "strengths",
        "fields",
        "companies",
        "projects",
        "promotion",
        "support",
        "overall",
        "indicators",
        "previous",
        "rating",
    ]
    assert reply.lines[7] == "・推進体制・支援スキーム — /plan 推進体制（6 推進体制・支援スキーム）"


@pytest.mark.parametrize(
    ("query", "part", "sections"),
    [
        ("趣旨", "purpose", ["1 改定の趣旨"]),
        ("改定の趣旨", "purpose", ["1 改定の趣旨"]),
        ("目標年度", "period", ["3 目標年度"]),
        ("けいかくきかん", "period", ["3 目標年度"]),
        ("企業群", "companies", ["5 取組の方向性と産業戦略プロジェクト"]),
        ("推進体制", "promotion", ["6 推進体制・支援スキーム"]),
        ("支援措置", "support", ["6 推進体制・支援スキーム"]),
        ("全体指標", "overall", ["8 取組目標（指標）"]),
        ("凡例", "rating", ["【参考】「やまぐち産業イノベーション戦略（第1次改定版）」の取組の進捗・成果"]),
        ("推進体制は？", "promotion", ["6 推進体制・支援スキーム"]),
    ],
)
def test_a_part_by_name_cites_its_sections(ctx, query, part, sections):
    reply = execute(ctx, f"/plan {query}")
    assert (reply.status, reply.key, reply.record["sections"]) == ("ok", part, sections)
    assert all(f"「{s}」" in reply.footer for s in sections)


def test_the_purpose_is_shown_whole(ctx, kb):
    reply = execute(ctx, "/計画 趣旨")
    assert reply.lines == tuple(kb.edition("2024").front.purpose)


def test_the_period_gives_its_reason(ctx):
    text = render(execute(ctx, "/plan 目標年度"))
    assert "急速な技術革新や市場変化、企業動向等に機動的に対応するため" in text
    assert "令和6年度(2024年度)～令和8年度(2026年度)の3年間" in text


def test_company_groups_show_every_point_sub_item_and_definition(ctx):
    reply = execute(ctx, "/plan 企業群")
    core = next(f for f in reply.fields if f.name.startswith("地域中核企業群"))
    assert core.value.splitlines()[-1] == "※ 地域未来牽引企業 74 社"
    assert "・相談対応、マッチング等による事業戦略等の強化" in core.value
    assert "地域の特性を活かして高い付加価値、経済効果を創出し" in core.value
    # the printed 「I T化」 is a footnote, after the answer
    assert reply.footnotes == ("原文の表記: ・I T化や人材不足等に対応した生産性の向上（省力化等）",)


def test_promotion_shows_the_three_paragraphs(ctx, kb):
    reply = execute(ctx, "/plan 推進体制")
    assert reply.lines == tuple(kb.edition("2024").front.promotion)


def test_the_rating_part_keeps_the_note_and_the_previous_part_keeps_star_and_a_half(ctx):
    rating = render(execute(ctx, "/plan 評価の凡例"))
    assert "※ 進捗・実績の把握が困難な指標については、令和4年度実績で評価" in rating
    previous = execute(ctx, "/plan 前の計画")
    assert "（「概ね計画どおり（★★★☆）」以上）の進捗です。" in previous.lines[0]
    assert len(previous.fields[0].value.splitlines()) == 24


@pytest.mark.parametrize("query", ["ほげ", "天気", "🍜"])
def test_an_unknown_part_suggests_the_parts(ctx, query):
    reply = execute(ctx, f"/plan {query}")
    assert reply.status == "not_found"
    assert "指定できる項目: 改定の趣旨、基本目標、目標年度" in reply.message
    assert "例: /plan 推進体制" in reply.message


def test_a_plan_known_only_from_a_table_has_no_parts(kb):
    from datetime import date

    from commands.context import Context
    from commands.plan import plan

    reply = plan(Context(kb, today=date(2022, 6, 1)), "趣旨")  # the 1st revision is then in force
    assert reply.status == "not_found"
    assert "第1次改定版の文書の本文はデータにありません" in reply.message
