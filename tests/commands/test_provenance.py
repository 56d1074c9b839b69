# Every answer cites the sections its content comes from; printed forms and transcription notes come
# last; what is the bot's own reading is labelled as such.
from __future__ import annotations

import pytest

from bot.render.text import render
from commands.parse import execute

HEADINGS = {
    "purpose": "1 改定の趣旨",
    "goal": "2 基本目標",
    "period": "3 目標年度",
    "fields": "4 重点成長分野",
    "directions": "5 取組の方向性と産業戦略プロジェクト",
    "promotion": "6 推進体制・支援スキーム",
    "projects": "7 産業戦略プロジェクトの概要",
    "indicators": "8 取組目標（指標）",
    "revision1": "【参考】「やまぐち産業イノベーション戦略（第1次改定版）」の取組の進捗・成果",
}


def _cited(footer: str) -> list[str]:
    return [key for key, title in HEADINGS.items() if f"「{title}」" in footer]


@pytest.mark.parametrize(
    ("term", "section"),
    [
        ("Y-BASE", "projects"),
        ("★の評価", "revision1"),
        ("地域中核企業", "directions"),
        ("地域未来投資促進法", "promotion"),
        ("重点成長分野", "fields"),
        ("労働生産性", "indicators"),
    ],
)
def test_a_glossary_quote_cites_the_section_it_is_printed_in(ctx, term, section):
    reply = execute(ctx, f"/glossary {term}")
    assert (_cited(reply.footer), reply.record["source"]) == ([section], HEADINGS[section])


def test_a_general_explanation_cites_no_section(ctx):
    reply = execute(ctx, "/glossary 累計")
    assert (_cited(reply.footer), reply.record["source"]) == ([], None)


def test_overview_cites_every_section_it_shows(ctx):
    reply = execute(ctx, "/overview")
    assert _cited(reply.footer) == ["goal", "period", "fields", "promotion", "indicators", "revision1"]


@pytest.mark.parametrize(
    ("query", "section"),
    [
        ("改定の趣旨", "purpose"),
        ("産業戦略本部", "promotion"),
        ("ウクライナ", "purpose"),
        ("コロナ", "purpose"),
        ("地域未来牽引企業", "directions"),
        ("74社", "directions"),
        ("機動的に対応", "period"),
        ("令和4年度実績で評価", "revision1"),
    ],
)
def test_search_finds_every_sentence_with_its_section(ctx, query, section):
    reply = execute(ctx, f"/search {query}")
    assert reply.status == "ok"
    assert HEADINGS[section] in [p["section"] for p in reply.record["passages"]]
    assert f"本文「{HEADINGS[section]}」" in [f.name for f in reply.fields]
    assert section in _cited(reply.footer)


def test_search_for_the_headquarters_finds_its_sections_and_no_unrelated_indicator(ctx):
    reply = execute(ctx, "/search 産業戦略本部")
    assert [p["section"] for p in reply.record["passages"]] == [HEADINGS["purpose"], HEADINGS["promotion"]]
    assert [g["kind"] for g in reply.record["groups"]] == []


def test_search_by_reading_finds_the_written_sentence(ctx):
    reply = execute(ctx, "/search さんぎょうせんりゃくほんぶ")
    assert [p["section"] for p in reply.record["passages"]] == [HEADINGS["purpose"], HEADINGS["promotion"]]
    assert not any(p["exact"] for p in reply.record["passages"])


def test_search_groups_cite_where_their_items_are_printed(ctx):
    reply = execute(ctx, "/search 水素")
    by_kind = {g["kind"]: g["sources"] for g in reply.record["groups"]}
    assert by_kind["indicator:2024"] == [HEADINGS["indicators"]]
    assert by_kind["indicator:2021"] == [HEADINGS["revision1"]]
    assert by_kind["field"] == [HEADINGS["fields"]]
    assert by_kind["section"] == [HEADINGS["projects"]]


@pytest.mark.parametrize(
    ("command", "footnote"),
    [
        ("/project 2", "原文の表記: 产学公金連携組織の運営（山口県自動車産業イノベーション推進会議）"),
        ("/project 5", "原文の表記: 高度産業人材確保・育成（リスクリング）促進プロジェクト"),
        ("/field 6", "原文の表記: 新半導体・蓄電池関連産業"),
        ("/indicator 23", "原文の表記: 20万人 (2026歴年)"),
    ],
)
def test_printed_forms_come_last_never_first(ctx, command, footnote):
    reply = execute(ctx, command)
    assert footnote in reply.footnotes
    assert not any("原文" in line or "印字" in line for line in reply.lines)
    text = render(reply)
    body, _, _ = text.rpartition("─" * 40)
    assert body.rstrip().splitlines()[-1].startswith("※ ")  # the notes are the last lines
    assert text.index(footnote) > text.index("【")  # after every part of the answer


def test_editorial_notes_are_labelled_as_the_bot_s_own(ctx):
    reply = execute(ctx, "/field 5")
    [note] = [n for n in reply.footnotes if "可能性がある" in n]
    assert note.startswith("編集注（ボットによる注記で、文書の記載ではありません）: ")
    marker = execute(ctx, "/field 6")
    assert any(n.startswith("編集注") and "「新」" in n for n in marker.footnotes)


def test_a_continued_field_is_the_bot_s_reading_and_a_new_one_the_document_s(ctx):
    continued = {f.name: f.value for f in execute(ctx, "/field 1").fields}["今回の改定"]
    new = {f.name: f.value for f in execute(ctx, "/field 6").fields}["今回の改定"]
    assert (
        continued
        == "第1次改定版から継続（ボットによる整理（文書: 9分野⇒10分野(半導体・蓄電池関連産業の追加)））"
    )
    assert new == "新たに追加された分野（文書: 9分野⇒10分野(半導体・蓄電池関連産業の追加)）"


def test_the_common_field_shows_the_document_s_note_as_the_document_s(ctx):
    fields = {f.name: f.value for f in execute(ctx, "/field 10").fields}
    assert fields["文書の注記"].startswith(
        "※「未来技術関連分野」については、各産業分野を支える技術関連分野として設定し"
    )
    assert "文書の注記" not in {f.name for f in execute(ctx, "/field 9").fields}


def test_the_previous_summary_keeps_star_and_a_half_as_printed(ctx, kb):
    assert "（「概ね計画どおり（★★★☆）」以上）" in kb.edition("2024").front.previous_summary
    assert "★★★☆）」以上" in render(execute(ctx, "/overview"))


@pytest.mark.parametrize(
    ("question", "sections", "command"),
    [
        ("なぜ改定したの？", ["purpose"], "/plan 改定の趣旨"),
        ("推進体制は？", ["promotion"], "/plan 推進体制"),
        ("計画期間は？", ["period"], "/plan 目標年度"),
        ("水素の目標は？", ["indicators"], "/indicator 9"),
        ("Y-BASEとは", ["projects"], "/glossary Y-BASE"),
    ],
)
def test_ask_cites_the_section_of_its_answer(ctx, question, sections, command):
    reply = execute(ctx, f"/ask {question}")
    assert (_cited(reply.footer), reply.record["command"]) == (sections, command)


def test_ask_why_revised_gives_the_reasons(ctx):
    answer = execute(ctx, "/ask なぜ改定したの？").record["answer"]
    assert all(word in answer for word in ("デジタル化", "脱炭素化", "ウクライナ情勢", "発展的再生"))


@pytest.mark.parametrize("query", ["4", "3-2"])
def test_a_project_cites_its_actions_and_its_indicators(ctx, query):
    assert _cited(execute(ctx, f"/project {query}").footer) == ["projects", "indicators"]


@pytest.mark.parametrize(("no", "noted"), [(2, True), (3, True), (22, True), (1, False), (24, False)])
def test_a_rating_on_a_fiscal_year_s_actual_carries_the_document_s_note(ctx, no, noted):
    rating = {f.name: f.value for f in execute(ctx, f"/indicator {no} plan:2021").fields}["評価"]
    note = "文書の注記: ※ 進捗・実績の把握が困難な指標については、令和4年度実績で評価"
    assert (note in rating) is noted
