import re

import pytest

from bot.render.text import render
from commands.parse import execute
from commands.quiz import GENERATORS, make_quiz, result_reply
from commands.tour import PAGES
from tests.conftest import ROOT

SOURCE = (ROOT / "docs" / "source-summary.txt").read_text(encoding="utf-8")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_glossary_document_words_are_verbatim(kb):
    quoted = [t for t in kb.glossary if t.document]
    assert quoted and all(_flat(t.document) in _flat(SOURCE) for t in quoted)


@pytest.mark.parametrize(
    "term",
    [
        "瀬戸内基幹企業群", "地域中核企業", "地域未来牽引企業", "付加価値額", "労働生産性", "累計", "/3年",
        "年度", "暦年", "和暦", "Y-BASE", "リスキリング", "カーボンニュートラルポート", "地域未来投資促進法",
        "★の評価", "公式", "試算",
    ],
)  # fmt: skip
def test_required_terms_are_explained(ctx, term):
    reply = execute(ctx, f"/glossary {term}")
    assert (reply.status, reply.record["term"]) == ("ok", term)
    text = render(reply)
    assert ("文書の記載（原文どおり）" in text) == bool(reply.record["document"])
    assert ("一般的な説明（文書外の説明）" in text) == bool(reply.record["general"])


@pytest.mark.parametrize(
    ("query", "term"),
    [
        ("るいけい", "累計"),
        ("R5.12", "和暦"),
        ("ﾘｽｷﾘﾝｸﾞ", "リスキリング"),
        ("CNP", "カーボンニュートラルポート"),
    ],
)
def test_glossary_uses_the_shared_matcher(ctx, query, term):
    assert execute(ctx, f"/glossary {query}").record["term"] == term


def test_glossary_terms_feed_search(ctx):
    reply = execute(ctx, "/search リスキリング")
    kinds = {g["kind"]: g["items"] for g in reply.record["groups"]}
    assert any(i["open"].startswith("/glossary") for i in kinds["term"])


def test_glossary_list_and_unknown(ctx):
    assert len(execute(ctx, "/glossary").record["items"]) == len(ctx.kb.glossary)
    assert execute(ctx, "/glossary xyzzy").status == "not_found"


def test_tour_has_seven_pages_and_a_contents(ctx):
    toc = execute(ctx, "/tour")
    assert (toc.key, toc.record["total"], len(toc.record["titles"])) == (0, 7, 7)
    titles = [execute(ctx, f"/tour {n}").title for n in range(1, 8)]
    assert titles[0] == "ツアー 1/7: 基本目標と計画期間" and titles[-1] == "ツアー 7/7: ボットの使い方"
    assert len(PAGES) == 7


def test_tour_pages_link_onward(ctx):
    page = execute(ctx, "/tour 4")
    commands = [cmd for _label, cmd in page.links]
    assert commands[:4] == ["/field", "/field 6", "/project 3-4", "/indicator 14"]
    assert "6. 半導体・蓄電池関連産業［新規］ → 節3-4 → 指標14" in render(page)
    assert {"/tour 3", "/tour 5", "/tour"} <= set(commands)


@pytest.mark.parametrize(
    ("line", "fragment"), [("/tour 8", "1〜7"), ("/tour -1", "1〜7"), ("/tour abc", "整数")]
)
def test_tour_bad_page(ctx, line, fragment):
    reply = execute(ctx, line)
    assert reply.status == "invalid" and fragment in reply.message


def _truth(kb, q) -> str:
    """The right answer worked out independently from the data."""
    if q.kind == "indicator_project":
        return kb.edition("2024").project(kb.indicator(q.subject, "2024").project_no).name
    if q.kind == "indicator_target":
        return kb.indicator(q.subject, "2024").target.text
    if q.kind == "indicator_baseline":
        return kb.indicator(q.subject, "2024").baseline.text
    if q.kind == "field_category":
        return kb.edition("2024").growth_field(q.subject).category
    if q.kind == "new_field":
        assert all(not f.new for f in kb.edition("2024").fields if f.name in q.choices and f.id != q.subject)
        return kb.edition("2024").growth_field(q.subject).name
    if q.kind == "section_project":
        return kb.edition("2024").project(int(q.subject.split("-")[0])).name
    if q.kind == "indicator_basis":
        return (
            "暦年（1月〜12月）" if kb.indicator(q.subject, "2024").calendar_basis else "年度（4月〜翌年3月）"
        )
    raise AssertionError(q.kind)


@pytest.mark.parametrize("seed", range(0, 300, 7))
def test_every_generated_answer_is_true_to_the_data(kb, seed):
    quiz = make_quiz(kb.edition("2024"), seed)
    assert len(quiz.questions) == 5 and len({q.kind for q in quiz.questions}) == 5
    for q in quiz.questions:
        assert q.choices[q.answer] == _truth(kb, q)
        assert len(set(q.choices)) == len(q.choices) >= 2


def test_every_generator_is_used_and_quiz_is_reproducible(kb):
    kinds = {q.kind for seed in range(60) for q in make_quiz(kb.edition("2024"), seed).questions}
    assert len(kinds) == len(GENERATORS)
    assert make_quiz(kb.edition("2024"), 42) == make_quiz(kb.edition("2024"), 42)


def test_quiz_scores_and_points_to_review(ctx):
    quiz = make_quiz(ctx.kb.edition("2024"), 7)
    answers = [q.answer for q in quiz.questions]
    answers[1] = (answers[1] + 1) % len(quiz.questions[1].choices)
    reply = result_reply(ctx, quiz, answers)
    assert (reply.record["score"], reply.title) == (4, "確認クイズの結果: 4/5問正解")
    assert [cmd for _l, cmd in reply.links] == [quiz.questions[1].review, "/quiz"]


def test_quiz_command(ctx):
    reply = execute(ctx, "/quiz 42")
    assert (reply.kind, reply.key, reply.record["index"]) == ("quiz", 42, 0)
    assert execute(ctx, "/quiz abc").status == "invalid"
