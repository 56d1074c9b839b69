# Independent cross-check of knowledge/data against docs/source-summary.txt.
#
# The tables below were transcribed by hand from the document text (section 「8 取組目標（指標）」 for the
# 2nd revision and 【参考】 for the 1st), NOT copied from the YAML files, so a typo in either
# transcription shows up as a failure here.
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from knowledge.models import TargetKind

SOURCE_TEXT = (Path(__file__).resolve().parents[2] / "docs" / "source-summary.txt").read_text(
    encoding="utf-8"
)

CUM = TargetKind.CUMULATIVE
P3Y = TargetKind.PER_3_YEARS
LEVEL = TargetKind.LEVEL
BOUND = TargetKind.LOWER_BOUND

# Quantities: (value as str or None, unit, period, printed text).
# Targets add (kind, inclusive). Actuals: (value, unit, as_of, as_of_text, printed text).
Quantity = tuple[str | None, str | None, str | None, str]
Target = tuple[str, str, str, str, TargetKind, bool | None]
Actual = tuple[str | None, str | None, str | None, str, str]


class Row(NamedTuple):
    plan: str
    no: int
    project: str
    name: str
    baseline: Quantity
    target: Target
    actual: Actual | None = None
    stars: int | None = None
    official_text: str | None = None


NONE_22: Quantity = (None, None, None, "—")  # 2nd revision prints a missing baseline as an em dash
NONE_19: Quantity = (None, None, None, "—")  # so does the 1st revision's baseline column


def r24(no: int, project: str, name: str, baseline: Quantity, target: Target) -> Row:
    return Row("2024", no, project, name, baseline, target)


def r21(
    no: int, project: str, name: str, baseline: Quantity, target: Target, actual: Actual, stars: int | None
) -> Row:
    return Row(
        "2021", no, project, name, baseline, target, actual, stars, "★" * stars if stars else "国統計未公表"
    )


R5_12 = ("2023-12", "R5.12")
R4_FY = ("FY2022", "R4 年度")


def act(value: str, unit: str, when: tuple[str, str], text: str) -> Actual:
    return (value, unit, when[0], when[1], text)


# 2nd revision (2024-2026): baseline column 現状値 (2022年度), target column 目標値 (2026年度).
REVISION2 = [
    r24(1, "1-1", "石炭・バイオマス共同輸送の実施回数", ("2", "回", "FY2022", "2回"),
        ("45", "回", "FY2026", "45回/3年", P3Y, None)),
    r24(2, "1-1", "港湾脱炭素化推進計画の策定数(累計)", ("0", "港", "FY2022", "0港"),
        ("4", "港", "FY2026", "4港", CUM, None)),
    r24(3, "1-2", "工業用水道管路の更新整備延長(累計)", ("5.0", "km", "FY2022", "5.0km"),
        ("6.7", "km", "FY2026", "6.7km", CUM, None)),
    r24(4, "1-3", "国道・県道の整備完了延長", NONE_22,
        ("30", "km", "FY2026", "30km/3年", P3Y, None)),
    r24(5, "1-3", "緩和する主要渋滞箇所数(累計)", ("13", "箇所", "FY2022", "13箇所"),
        ("20", "箇所", "FY2026", "20箇所", CUM, None)),
    r24(6, "1-4", "大規模連携事業の創出件数(累計)", ("2", "件", "FY2022", "2件"),
        ("6", "件", "FY2026", "6件", CUM, None)),
    r24(7, "1-4", "連携テーマの創出件数(累計)", ("15", "件", "FY2022", "15件"),
        ("24", "件", "FY2026", "24件", CUM, None)),
    r24(8, "2", "電動化に対応した新技術・新製品の研究開発等プロジェクト化件数", NONE_22,
        ("3", "件", "FY2026", "3件/3年", P3Y, None)),
    r24(9, "3-1", "水素等環境・エネルギー、バイオ関連分野の事業化件数(累計)", ("98", "件", "FY2022", "98件"),
        ("126", "件", "FY2026", "126件", CUM, None)),
    r24(10, "3-2", "医療、ヘルスケア関連分野における事業化件数(累計)", ("39", "件", "FY2022", "39件"),
        ("54", "件", "FY2026", "54件", CUM, None)),
    r24(11, "3-2", "ヘルスケア関連製品・サービスの実証事業件数(累計)", ("2", "件", "FY2022", "2件"),
        ("12", "件", "FY2026", "12件", CUM, None)),
    r24(12, "3-3", "山口県航空宇宙クラスターの新規商談件数(累計)", ("82", "件", "FY2022", "82件"),
        ("178", "件", "FY2026", "178件", CUM, None)),
    r24(13, "3-3", "衛星データを活用したソリューション開発件数(累計)", ("25", "件", "FY2022", "25件"),
        ("33", "件", "FY2026", "33件", CUM, None)),
    r24(14, "3-4", "半導体・蓄電池関連分野の企業誘致件数", NONE_22,
        ("10", "件", "CY2026", "10件/3年 (2026暦年)", P3Y, None)),
    r24(15, "4", "5G人口カバー率", ("94.1", "%", "FY2022", "94.1%"),
        ("97", "%", "FY2026", "97%超", BOUND, False)),
    r24(16, "4", "先導的プロジェクトによる未来技術導入件数(累計)", ("19", "件", "FY2022", "19件"),
        ("35", "件", "FY2026", "35件", CUM, None)),
    r24(17, "4", "中小企業のIoT導入率", ("22.2", "%", "FY2022", "22.2%"),
        ("28.0", "%", "FY2026", "28.0%", LEVEL, None)),
    r24(18, "4", "水中次世代モビリティ関連プロジェクト化件数(累計)", ("1", "件", "FY2022", "1件"),
        ("15", "件", "FY2026", "15件", CUM, None)),
    r24(19, "5", "生産性向上・人材創造拠点のコーディネートによるリスキリング支援企業数(累計)",
        ("0", "社", "FY2022", "0社"), ("60", "社", "FY2026", "60社", CUM, None)),
    r24(20, "5", "デジタル技術を活用できるリーダー人材の育成人数(累計)", ("223", "人", "FY2022", "223人"),
        ("570", "人", "FY2026", "570人", CUM, None)),
    r24(21, "6-1", "中小企業の海外展開成約件数", ("37", "件", "FY2022", "37件"),
        ("60", "件", "FY2026", "60件/3年", P3Y, None)),
    r24(22, "6-1", "県版エクスポートによる県産農林水産物等の輸出額",
        ("326676", "千円", "FY2022", "326,676千円"), ("700000", "千円", "FY2026", "700,000千円", LEVEL, None)),
    r24(23, "6-1", "外国人延べ宿泊者数", ("4.9", "万人", "CY2022", "4.9万人 (2022暦年)"),
        ("20", "万人", "CY2026", "20万人 (2026暦年)", LEVEL, None)),
    r24(24, "6-2", "水産インフラ輸出に係る成約件数(累計)", ("0", "件", "FY2022", "0件"),
        ("2", "件", "FY2026", "2件", CUM, None)),
    r24(25, "7", "地域経済牽引事業計画承認件数", ("18", "件", "FY2022", "18件"),
        ("45", "件", "FY2026", "45件/3年", P3Y, None)),
    r24(26, "7", "地域経済牽引事業による付加価値額", NONE_22,
        ("165", "億円", "FY2026", "165億円", LEVEL, None)),
    r24(27, "7", "スタートアップ企業数", NONE_22,
        ("10", "社", "FY2026", "10社/3年", P3Y, None)),
    r24(28, "8", "企業誘致件数", ("40", "件", "CY2022", "40件 (2022暦年)"),
        ("75", "件", "CY2026", "75件/3年 (2026暦年)", P3Y, None)),
]  # fmt: skip

# 1st revision (2021-2023): baseline column 現状値 (2019年度), target column 目標値 (2023年度),
# then 実績値, 時点 and the official ★ rating.
REVISION1 = [
    r21(1, "1-1", "石炭共同輸送の実施回数", ("11", "回", "FY2019", "11回"),
        ("35", "回", "FY2023", "35回/3年", P3Y, None), act("20", "回", R5_12, "20回"), 2),
    r21(2, "1-2", "工業用水道管路の更新整備延長（累計）", ("3.5", "km", "FY2019", "3.5km"),
        ("5.4", "km", "FY2023", "5.4km", CUM, None), act("5.0", "km", R4_FY, "5.0km"), 3),
    r21(3, "1-3", "国道・県道の整備完了延長", NONE_19,
        ("30", "km", "FY2023", "30km/3年", P3Y, None), act("19.0", "km", R4_FY, "19.0km"), 3),
    r21(4, "1-3", "緩和する主要渋滞箇所数", NONE_19,
        ("3", "箇所", "FY2023", "3箇所/3年", P3Y, None), act("4", "箇所", R5_12, "4箇所"), 4),
    r21(5, "1-4", "大規模連携事業の創出件数（累計）", ("1", "件", "FY2019", "1件"),
        ("3", "件", "FY2023", "3件", CUM, None), act("2", "件", R5_12, "2件"), 2),
    r21(6, "1-4", "連携テーマの創出件数（累計）", ("12", "件", "FY2019", "12件"),
        ("18", "件", "FY2023", "18件", CUM, None), act("16", "件", R5_12, "16件"), 2),
    r21(7, "2", "5G基盤展開率", ("0", "%", "FY2019", "0%"),
        ("98", "%", "FY2023", "98%以上", BOUND, True), (None, None, None, "-", "-"), None),
    r21(8, "2", "先導的プロジェクトによる未来技術導入件数（累計）", ("1", "件", "FY2019", "1件"),
        ("20", "件", "FY2023", "20件", CUM, None), act("19", "件", R5_12, "19件"), 3),
    r21(9, "2", "中小企業のIoT導入率", ("13.9", "%", "FY2019", "13.9%"),
        ("24.0", "%", "FY2023", "24.0%", LEVEL, None), act("22.2", "%", R4_FY, "22.2%"), 3),
    r21(10, "3", "研究開発等プロジェクト化件数", ("1", "件", "FY2019", "1件"),
        ("15", "件", "FY2023", "15件/3年", P3Y, None), act("14", "件", R5_12, "14件"), 3),
    r21(11, "3", "産業人材のマッチング件数", NONE_19,
        ("210", "件", "FY2023", "210件/3年", P3Y, None), act("301", "件", R5_12, "301件"), 4),
    r21(12, "3", "奨学金返還補助制度を活用した県内就業者数（累計）", ("20", "人", "FY2019", "20人"),
        ("40", "人", "FY2023", "40人", CUM, None), act("39", "人", R5_12, "39人"), 3),
    r21(13, "4", "研究開発等プロジェクト化件数", ("1", "件", "FY2019", "1件"),
        ("6", "件", "FY2023", "6件/3年", P3Y, None), act("3", "件", R5_12, "3件"), 2),
    r21(14, "5-1", "医療、環境・エレキ、バイオ関連分野の事業化案件数（累計）", ("94", "件", "FY2019", "94件"),
        ("105", "件", "FY2023", "105件", CUM, None), act("140", "件", R5_12, "140件"), 4),
    r21(15, "5-2", "水素エネルギー関連分野の事業化案件数（累計）", ("26", "件", "FY2019", "26件"),
        ("34", "件", "FY2023", "34件", CUM, None), act("35", "件", R5_12, "35件"), 4),
    r21(16, "5-2", "水素ステーションの設置数（累計）", ("1", "箇所", "FY2019", "1箇所"),
        ("8", "箇所", "FY2023", "8箇所", CUM, None), act("1", "箇所", R5_12, "1箇所"), 1),
    r21(17, "5-3", "山口県航空宇宙クラスターの新規商談件数（累計）", ("21", "件", "FY2019", "21件 (半年)"),
        ("88", "件", "FY2023", "88件", CUM, None), act("85", "件", R5_12, "85件"), 3),
    r21(18, "5-3", "衛星データを活用したソリューション開発件数（累計）", ("3", "件", "FY2019", "3件"),
        ("24", "件", "FY2023", "24件", CUM, None), act("25", "件", R5_12, "25件"), 4),
    r21(19, "6", "「やまぐちヘルスラボ」会員数", NONE_19,
        ("200", "人", "FY2023", "200人", LEVEL, None), act("1788", "人", R5_12, "1,788人"), 4),
    r21(20, "6", "ヘルスケア関連企業による製品・サービスの実証事業件数", NONE_19,
        ("3", "件", "FY2023", "3件/3年", P3Y, None), act("3", "件", R5_12, "3件"), 4),
    r21(21, "7", "地域経済牽引事業計画承認件数（累計）", ("50", "件", "FY2019", "50件"),
        ("110", "件", "FY2023", "110件", CUM, None), act("104", "件", R5_12, "104件"), 3),
    r21(22, "7", "地域経済牽引事業による付加価値増加額", ("98.1", "億円", "FY2019", "98.1億円"),
        ("115", "億円", "FY2023", "115億円", LEVEL, None), act("1341.8", "億円", R4_FY, "1341.8億円"), 4),
    r21(23, "8", "JICAなど国等の支援メニューを活用した事業件数（累計）", ("3", "件", "FY2019", "3件"),
        ("8", "件", "FY2023", "8件", CUM, None), act("4", "件", R5_12, "4件"), 1),
    r21(24, "9", "企業誘致件数", ("27", "件", "CY2019", "27件 (2019年)"),
        ("75", "件", "CY2023", "75件/3年 (2023年)", P3Y, None), act("93", "件", R5_12, "93件"), 4),
]  # fmt: skip

ROWS = REVISION2 + REVISION1

# OCR slips: (plan, no) -> {field path: printed form}. Everything else is stored as printed.
PRINTED = {
    ("2024", 19): {"name": "生産性向上・人材創造拠点のコーディネートによるリスクリング支援企業数(累計)"},
    ("2024", 23): {"target.text": "20万人 (2026歴年)"},
    ("2021", 7): {"name": "5G 基盤展開率"},
    ("2021", 8): {"name": "先導的プロトコルによる未来技術導入件数（累計）"},
}


def row_id(row: Row) -> str:
    return f"{row.plan}-{row.no}"


# `kb` is the session fixture from tests/conftest.py (load_knowledge() on the shipped data).


def dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def expected_quantity(q: Quantity) -> tuple:
    value, unit, period, text = q
    return (dec(value), unit, period, text)


def expected_target(t: Target) -> tuple:
    value, unit, period, text, kind, inclusive = t
    return (dec(value), unit, period, text, kind, inclusive)


def expected_actual(a: Actual | None) -> tuple | None:
    if a is None:
        return None
    value, unit, as_of, as_of_text, text = a
    return (dec(value), unit, as_of, as_of_text, text)


def model_quantity(q) -> tuple:
    return (q.value, q.unit, q.period, q.text)


def model_target(t) -> tuple:
    return (t.value, t.unit, t.period, t.text, t.kind, t.inclusive)


def model_actual(a) -> tuple | None:
    return None if a is None else (a.value, a.unit, a.as_of, a.as_of_text, a.text)


def printed_paths(ind) -> dict[str, str]:
    # The printed forms, wherever they are kept: on the indicator or on its sub-records.
    paths = dict(ind.printed)
    for field in ("baseline", "target", "actual", "official"):
        record = getattr(ind, field)
        if record is not None:
            paths.update({f"{field}.{key}": value for key, value in record.printed.items()})
    return paths


def test_transcription_covers_both_revisions():
    assert [(r.plan, r.no) for r in ROWS] == [("2024", n) for n in range(1, 29)] + [
        ("2021", n) for n in range(1, 25)
    ]


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_identity(kb, row: Row):
    ind = kb.indicator(row.no, row.plan)
    assert (ind.plan, ind.no, ind.project, ind.name) == (row.plan, row.no, row.project, row.name)


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_baseline(kb, row: Row):
    assert model_quantity(kb.indicator(row.no, row.plan).baseline) == expected_quantity(row.baseline)


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_target(kb, row: Row):
    assert model_target(kb.indicator(row.no, row.plan).target) == expected_target(row.target)


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_actual_and_official(kb, row: Row):
    ind = kb.indicator(row.no, row.plan)
    official = None if ind.official is None else (ind.official.stars, ind.official.text)
    expected_official = None if row.plan == "2024" else (row.stars, row.official_text)
    assert (model_actual(ind.actual), official) == (expected_actual(row.actual), expected_official)


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_printed_corrections(kb, row: Row):
    assert printed_paths(kb.indicator(row.no, row.plan)) == PRINTED.get((row.plan, row.no), {})


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_printed_texts_occur_in_source(kb, row: Row):
    ind = kb.indicator(row.no, row.plan)
    printed = printed_paths(ind)
    texts = {"name": ind.name, "baseline.text": ind.baseline.text, "target.text": ind.target.text}
    if ind.actual is not None:
        texts |= {"actual.text": ind.actual.text, "actual.as_of_text": ind.actual.as_of_text}
    if ind.official is not None:
        texts["official.text"] = ind.official.text
    # Every cell of the source tables sits on one line, so all texts match verbatim (no wrapping to undo).
    missing = {path: printed.get(path, text) for path, text in texts.items()}
    missing = {path: text for path, text in missing.items() if text not in SOURCE_TEXT}
    assert missing == {}


def test_indicator_counts(kb):
    assert (len(kb.indicators("2024")), len(kb.indicators("2021"))) == (28, 24)
    assert [i.no for i in kb.indicators("2024")] == list(range(1, 29))
    assert [i.no for i in kb.indicators("2021")] == list(range(1, 25))


def test_revision2_missing_baselines(kb):
    assert [i.no for i in kb.indicators("2024") if i.baseline.value is None] == [4, 8, 14, 26, 27]


def test_revision2_per_3_year_targets(kb):
    per3 = [i.no for i in kb.indicators("2024") if i.target.kind is TargetKind.PER_3_YEARS]
    assert per3 == [1, 4, 8, 14, 21, 25, 27, 28]


def test_revision1_official_ratings(kb):
    # 「全24指標のうち17の指標…において、計画以上（「概ね計画どおり（★★★☆）」以上）の進捗」
    stars = [i.official.stars for i in kb.indicators("2021")]
    assert sum(1 for s in stars if s is not None and s >= 3) == 17
    assert [i.no for i in kb.indicators("2021") if i.official.stars is None] == [7]
