import re
from datetime import date

import pytest

from bot.render.text import render
from commands.context import Context
from commands.parse import execute
from commands.tour import PAGES
from knowledge import load_knowledge
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


MAX_STEPS = 10


def _pages(ctx):
    """Every step of the tour, in order."""
    total = execute(ctx, "/tour").record["total"]
    return [execute(ctx, f"/tour {n}") for n in range(1, total + 1)]


def _page(ctx, title):
    return next(p for p in _pages(ctx) if p.record["title"] == title)


def _field(reply, name):
    return next(f.value for f in reply.fields if f.name == name)


def test_tour_has_at_most_ten_steps_and_a_contents(ctx):
    toc = execute(ctx, "/tour")
    titles = [
        "なぜ改定したのか",
        "第1次改定版から変わったこと",
        "基本目標と計画期間",
        "本県の4つの強みと10の重点成長分野",
        "3つの企業群と取組の方向性",
        "8つの産業戦略プロジェクト",
        "指標と★の評価",
        "推進体制・支援スキーム",
        "ボットの使い方",
    ]
    assert (toc.key, toc.record["total"], toc.record["titles"]) == (0, len(titles), titles)
    assert len(PAGES) <= MAX_STEPS
    assert [p.title for p in _pages(ctx)] == [f"ツアー {n}/9: {t}" for n, t in enumerate(titles, start=1)]


def test_every_step_cites_headings_the_document_has(ctx):
    headings = set(ctx.kb.edition("2024").front.sections.values())
    for page in _pages(ctx):
        sources = page.record["sources"]
        assert sources and set(sources) <= headings, page.title
        assert "".join(f"「{h}」" for h in sources) in page.footer, page.title


@pytest.mark.parametrize(
    ("title", "sources"),
    [
        ("なぜ改定したのか", ["purpose"]),
        ("第1次改定版から変わったこと", ["purpose", "goal", "fields", "projects", "indicators", "revision1"]),
        ("基本目標と計画期間", ["goal", "period"]),
        ("指標と★の評価", ["indicators", "revision1"]),
        ("推進体制・支援スキーム", ["promotion"]),
    ],
)
def test_a_step_cites_every_section_it_draws_on(ctx, title, sources):
    sections = ctx.kb.edition("2024").front.sections
    assert _page(ctx, title).record["sources"] == [sections[key] for key in sources]


def test_the_first_step_says_why_the_strategy_was_revised(ctx):
    text = render(_page(ctx, "なぜ改定したのか"))
    for reason in ("デジタル化", "脱炭素化", "ウクライナ情勢", "地政学リスク", "発展的再生"):
        assert reason in text
    assert "出典：やまぐち産業イノベーション戦略（第2次改定版）概要「1 改定の趣旨」" in text


def test_the_changes_step_counts_both_revisions(ctx):
    page = _page(ctx, "第1次改定版から変わったこと")
    assert (
        _field(page, "重点成長分野")
        == "9分野⇒10分野(半導体・蓄電池関連産業の追加)\n新たに加わった分野: 6. 半導体・蓄電池関連産業"
    )
    assert _field(page, "産業戦略プロジェクト").splitlines() == [
        "9プロジェクト ⇒ 8プロジェクト（ボットによる整理）",
        "・3. 成長産業育成・集積プロジェクト［拡充］",
        "・節3-4 半導体・蓄電池関連産業の集積強化［新規］",
        "・5. 高度産業人材確保・育成（リスキリング）促進プロジェクト［新規］",
        "・6. 海外ビジネス加速化プロジェクト［新規］",
    ]
    assert _field(page, "プロジェクト別指標") == "24指標 ⇒ 28指標（ボットによる整理）"
    perspectives = _field(page, "新たな視点")
    assert perspectives.startswith("・やまぐち未来維新プランの4つの視点")
    assert "「1 改定の趣旨」より:\nこのため、本改定では" in perspectives


def _append(path, text):
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def test_the_changes_step_follows_the_data(data_copy):
    """One more 1st-revision indicator, one more 2nd-revision project and indicator: the counts follow."""
    plans = data_copy / "plans"
    _append(
        plans / "2021" / "indicators.yaml",
        """  - number: 25
    project: "9"
    name: 試験用の指標
    baseline: {value: 1, unit: 件, period: FY2019, text: 1件}
    target: {value: 2, unit: 件, period: FY2023, text: 2件, kind: cumulative}
    actual: {value: 2, unit: 件, as_of: "2023-12", as_of_text: R5.12, text: 2件}
    official: {stars: 4, text: ★★★★}
""",
    )
    _append(plans / "2024" / "lineage.yaml", "  - {old: 25, new: [], relation: none}\n")
    _append(
        plans / "2024" / "projects.yaml",
        """- number: 9
  name: 試験用プロジェクト
  tags: [新規]
  table_label: 試験用
  actions: [試験用の取組]
""",
    )
    _append(
        plans / "2024" / "indicators.yaml",
        """  - number: 29
    project: "9"
    name: 試験用の新しい指標
    baseline: {value: 1, unit: 件, period: FY2022, text: 1件}
    target: {value: 3, unit: 件, period: FY2026, text: 3件, kind: cumulative}
""",
    )
    plan = plans / "2024" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("9分野⇒10分野", "9分野⇒11分野"), encoding="utf-8"
    )
    kb = load_knowledge(data_copy)
    page = _page(Context(kb, today=date(2026, 11, 29)), "第1次改定版から変わったこと")
    assert _field(page, "重点成長分野").startswith("9分野⇒11分野")
    projects = _field(page, "産業戦略プロジェクト").splitlines()
    assert (projects[0], projects[-1]) == (
        "9プロジェクト ⇒ 9プロジェクト（ボットによる整理）",
        "・9. 試験用プロジェクト［新規］",
    )
    assert _field(page, "プロジェクト別指標") == "25指標 ⇒ 29指標（ボットによる整理）"


def test_the_rating_step_tells_official_from_computed(ctx):
    page = _page(ctx, "指標と★の評価")
    assert _field(page, "★の評価").splitlines() == [
        "★★★★ 目標を上回る",
        "★★★☆ 概ね計画どおり",
        "★★☆☆ 計画を下回る",
        "★☆☆☆ 計画を大幅に下回る",
    ]
    official = _field(page, "公式と試算")
    assert "公式: 文書に載っている県の評価（第1次改定版）" in official
    assert "試算（ボットによる整理）" in official and "文書の評価ではありません" in official
    results = _field(page, "第1次改定版の公式評価（24指標）").splitlines()
    assert results[:5] == ["★★★★: 9件", "★★★☆: 8件", "★★☆☆: 4件", "★☆☆☆: 2件", "国統計未公表: 1件"]
    assert results[-1] == "※ 進捗・実績の把握が困難な指標については、令和4年度実績で評価"


def test_the_promotion_step_names_the_headquarters_and_the_support(ctx):
    page = _page(ctx, "推進体制・支援スキーム")
    assert "「産業戦略本部」" in _field(page, "推進体制")
    assert _field(page, "主な支援措置").splitlines() == [
        f"・{m}" for m in ctx.kb.edition("2024").front.support_measures
    ]


def test_the_bots_own_content_is_labelled(ctx):
    fields = _page(ctx, "本県の4つの強みと10の重点成長分野").fields
    assert [f.name for f in fields][-2:] == ["注記（文書の※）", "読み方（ボットによる整理）"]
    usage = _page(ctx, "ボットの使い方")
    assert usage.fields[0].name == "文書の節と調べ方（ボットによる整理）"
    assert (
        "「6 推進体制・支援スキーム」→ /tour 8・/plan 推進体制・/plan 主な支援措置"
        in usage.fields[0].value.splitlines()
    )


def test_no_step_opens_with_a_transcription_note(ctx):
    """Notes on the transcription (printed forms, OCR remarks) never lead a step."""
    edition = ctx.kb.edition("2024")
    notes = [n for f in edition.fields for n in f.notes] + [n for p in edition.projects for n in p.notes]
    printed = [v for p in edition.projects for v in p.printed.values()]
    for page in _pages(ctx):
        first = page.fields[0].value.splitlines()[0]
        assert not any(n in first for n in notes + printed), page.title


def test_tour_pages_link_onward(ctx):
    page = _page(ctx, "本県の4つの強みと10の重点成長分野")
    commands = [cmd for _label, cmd in page.links]
    assert commands[:4] == ["/field", "/field 6", "/project 3-4", "/indicator 14"]
    assert "6. 半導体・蓄電池関連産業［新規］ → 節3-4 → 指標14" in render(page)
    assert {"/tour 3", "/tour 5", "/tour"} <= set(commands)


def test_a_plan_known_only_from_a_table_gets_a_shorter_tour(kb):
    """Before FY2024 the plan in force is the 1st revision: no front matter, so only its table's steps."""
    early = Context(kb, today=date(2024, 3, 1))
    toc = execute(early, "/tour")
    assert (toc.record["total"], toc.record["titles"]) == (2, ["指標と★の評価", "ボットの使い方"])
    table = kb.revision("2021").table_source
    assert execute(early, "/tour 1").record["sources"] == [table]


@pytest.mark.parametrize(
    ("line", "fragment"), [("/tour 10", "1〜9"), ("/tour -1", "1〜9"), ("/tour abc", "整数")]
)
def test_tour_bad_page(ctx, line, fragment):
    reply = execute(ctx, line)
    assert reply.status == "invalid" and fragment in reply.message
