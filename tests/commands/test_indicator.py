import pytest

from bot.render.text import render
from commands.format import period_label
from commands.parse import execute


def test_indicator_15_values_with_periods(ctx):
    reply = execute(ctx, "/indicator 15")
    rec = reply.record
    assert (reply.status, reply.kind, reply.key) == ("ok", "indicator", 15)
    assert (rec["plan"], rec["no"], rec["name"], rec["project"], rec["section"]) == (
        "2024",
        15,
        "5G人口カバー率",
        4,
        None,
    )
    assert rec["baseline"] == {"value": 94.1, "unit": "%", "period": "FY2022", "text": "94.1%"}
    assert rec["target"] == {
        "value": 97,
        "unit": "%",
        "period": "FY2026",
        "text": "97%超",
        "kind": "lower_bound",
        "inclusive": False,
    }
    assert (rec["latest"], rec["progress"]) == (None, None)
    assert rec["rating"]["official"] is None and rec["rating"]["computed"] is None
    assert rec["predecessors"] == [{"plan": "2021", "no": 7, "relation": "redefined"}]
    text = render(reply)
    assert "94.1%（2022年度（令和4年度））" in text
    assert "97%超（2026年度（令和8年度））" in text
    assert "まだ登録されていません" in text
    assert "出典：やまぐち産業イノベーション戦略（第2次改定版）概要「8 取組目標（指標）」" in text


def test_old_indicator_7_is_unpublished_with_no_rating(ctx):
    reply = execute(ctx, "/indicator 7 plan:2021")
    assert reply.record["rating"] == {
        "official": None,
        "official_as_of": None,
        "official_source": "document",
        "interim": True,  # printed in the 2nd revision (2024-02), before the 1st ended (2024-03-31)
        "computed_as_official": None,
        "agrees": None,
        "computed": None,
        "final": True,
        "note": "国統計未公表",
        "why": "評価なし（国統計未公表）",
    }
    assert (reply.record["actual"], reply.record["as_of"]) == (
        {"value": None, "unit": None, "as_of": None, "text": "-"},
        None,
    )
    assert reply.stars is None
    text = render(reply)
    assert (
        "国統計未公表" in text and "評価なし" in text and "★" not in text.split("【評価】")[1].split("【")[0]
    )


@pytest.mark.parametrize(
    ("line", "official", "final", "as_of", "gap"),
    [
        ("/indicator 1 plan:2021", 2, 2, "2023-12", "目標まであと 15回"),
        ("/indicator 2 plan:2021", 3, 2, "FY2022", "目標まであと 0.4km"),  # 78.9 % of the target at the end
        ("/indicator 9 plan:2021", 3, 3, "FY2022", "目標まであと 1.8ポイント"),
        ("/indicator 20 plan:2021", 4, 4, "2023-12", "目標を達成"),
        ("/indicator 23 plan:2021", 1, 1, "2023-12", "目標まであと 4件"),
    ],
)
def test_old_indicator_official_and_computed_side_by_side(ctx, line, official, final, as_of, gap):
    reply = execute(ctx, line)
    rating = reply.record["rating"]
    # compared as the document rated it (at the actual's date), and judged finally now the plan has ended
    assert (rating["official"], rating["computed_as_official"], rating["agrees"], reply.record["as_of"]) == (
        official,
        official,
        True,
        as_of,
    )
    assert (rating["computed"], rating["final"]) == (final, True)
    text = render(reply)
    assert "（公式・" in text and "・中間評価）" in text and "（試算）" in text and "公式と試算は一致" in text
    assert "（最終評価・試算）" in text and f"最終評価（試算）（{period_label(as_of)}の実績による）" in text
    assert "経過 100.0%" in text
    assert gap in text


def test_old_actual_shows_wareki_as_of(ctx):
    text = render(execute(ctx, "/indicator 1 plan:2021"))
    assert "20回（2023年12月（令和5年12月）時点・文書記載）" in text


def test_disagreement_is_flagged(ctx, kb):
    from dataclasses import replace

    from commands.indicator import show

    ind = kb.indicator(6, "2021")
    fake = ind.model_copy(update={"official": ind.official.model_copy(update={"stars": 3, "text": "★★★"})})
    text = render(show(replace(ctx), fake))
    assert "⚠ 公式と試算が異なります" in text


def test_lineage_both_directions_are_shown(ctx):
    old = render(execute(ctx, "/indicator 14 plan:2021"))
    assert "→ 第2次改定版 指標9" in old and "→ 第2次改定版 指標10" in old
    new = render(execute(ctx, "/indicator 9"))
    assert "← 第1次改定版 指標14" in new and "← 第1次改定版 指標15" in new
    assert "編集上の整理" in new
    none = render(execute(ctx, "/indicator 16 plan:2021"))
    assert "後継の指標はありません" in none


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/indicator", list(range(1, 29))),
        ("/indicator project:4", [15, 16, 17, 18]),
        ("/indicator project:3-2", [10, 11]),
        ("/indicator rating:なし", list(range(1, 29))),
        ("/indicator plan:2021 rating:★★", [1, 5, 6, 13]),
        ("/indicator plan:2021 rating:1", [16, 23]),
        ("/indicator plan:2021 project:5", [14, 15, 16, 17, 18]),
        ("/indicator rating:3", []),
    ],
)
def test_list_filters(ctx, line, expected):
    reply = execute(ctx, line)
    assert (reply.status, reply.kind) == ("ok", "indicator_list")
    assert [item["no"] for item in reply.record["items"]] == expected


def test_list_shows_each_rating(ctx):
    reply = execute(ctx, "/indicator plan:2021")
    assert reply.lines[:2] == (
        " 1. 石炭共同輸送の実施回数 — ★★☆☆（公式）",
        " 2. 工業用水道管路の更新整備延長（累計） — ★★★☆（公式）／最終評価（試算） ★★☆☆",
    )
    assert reply.lines[6] == " 7. 5G基盤展開率 — 評価なし（国統計未公表）"


@pytest.mark.parametrize(
    ("line", "status", "fragment"),
    [
        ("/indicator 0", "invalid", "指標番号は 1〜28"),
        ("/indicator 29", "invalid", "指標29 はありません"),
        ("/indicator -1", "invalid", "1〜28"),
        ("/indicator 25 plan:2021", "invalid", "指標番号は 1〜24"),
        ("/indicator 15 plan:1999", "invalid", "計画:2024（第2次改定版、現行）、計画:2021（第1次改定版）"),
        ("/indicator " + "あ" * 10_000, "invalid", "入力が長すぎます"),
        ("/indicator 😀😀", "not_found", "番号（1〜28）か名前で指定してください"),
        ("/indicator \x00\x07\x1b", "not_found", "番号（1〜28）か名前で指定してください"),
        ("/indicator '; DROP TABLE entries; --", "not_found", "番号（1〜28）か名前で指定してください"),
        ("/indicator rating:5", "invalid", "評価には 1〜4"),
        ("/indicator project:12", "invalid", "プロジェクト「12」はありません"),
        ("/indicator 15 colour:red", "invalid", "「colour」というオプションはありません"),
        ("/nonsense 15", "invalid", "「/nonsense」というコマンドはありません"),
        ("", "invalid", "コマンドを入力してください"),
    ],
)
def test_bad_input_gets_a_clear_japanese_message(ctx, line, status, fragment):
    reply = execute(ctx, line)
    assert reply.status == status
    assert fragment in reply.message
    assert reply.to_json()["message"] == reply.message


def test_duplicate_old_names_are_ambiguous(ctx):
    reply = execute(ctx, "/indicator 研究開発等プロジェクト化件数 plan:2021")
    assert reply.status == "ambiguous"
    assert sorted(c.key for c in reply.candidates) == [10, 13]
