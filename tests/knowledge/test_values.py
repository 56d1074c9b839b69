from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import load_knowledge
from knowledge.periods import parse_period
from knowledge.values import (
    AsOfParseError,
    ParsedValue,
    ValueParseError,
    default_as_of,
    format_value,
    parse_as_of,
    parse_value,
    plan_start,
    today_in_japan,
)

TODAY = date(2026, 11, 29)
KB = load_knowledge()  # module level: hypothesis tests may not take function-scoped fixtures


def ind(no, plan="2024"):
    return KB.indicator(no, plan)


# -- parse_value -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("no", "text", "value", "display"),
    [
        # 15: 5G人口カバー率 (%)
        (15, "95.2", "95.2", "95.2%"),
        (15, "95.2%", "95.2", "95.2%"),
        (15, "９５．２％", "95.2", "95.2%"),
        (15, "  95.2 % ", "95.2", "95.2%"),
        (15, "95.2パーセント", "95.2", "95.2%"),
        (15, "0", "0", "0%"),
        (15, "100", "100", "100%"),
        # 7: 連携テーマの創出件数 (件)
        (7, "1,234", "1234", "1,234件"),
        (7, "１，２３４", "1234", "1,234件"),
        (7, "12件", "12", "12件"),
        (7, "１２件", "12", "12件"),
        (7, "+12", "12", "12件"),
        (7, "-0", "0", "0件"),
        # 23: 外国人延べ宿泊者数 (万人); a bare number is in the indicator's unit
        (23, "4.9万人", "4.9", "4.9万人"),
        (23, "49,000人", "4.9", "4.9万人"),
        (23, "49000人", "4.9", "4.9万人"),
        (23, "4.9万", "4.9", "4.9万人"),
        (23, "4.9万名", "4.9", "4.9万人"),
        (23, "49000", "49000", "49,000万人"),
        (23, "12.3456万人", "12.3456", "12.3456万人"),
        # 22: 県版エクスポートによる県産農林水産物等の輸出額 (千円)
        (22, "326,676千円", "326676", "326,676千円"),
        (22, "700,000", "700000", "700,000千円"),
        (22, "3.27億円", "327000", "327,000千円"),
        (22, "326676000円", "326676", "326,676千円"),
        (22, "326,676,500円", "326676.5", "326,676.5千円"),
        # 26: 地域経済牽引事業による付加価値額 (億円); money may fall below zero
        (26, "165億円", "165", "165億円"),
        (26, "16,500百万円", "165", "165億円"),
        (26, "16500000000円", "165", "165億円"),
        (26, "0.0165兆円", "165", "165億円"),
        (26, "▲3億円", "-3", "-3億円"),
        (26, "−3", "-3", "-3億円"),
        (26, "165万", "0.0165", "0.0165億円"),  # a bare multiplier takes the indicator's base unit
        # counted units and their spellings
        (3, "5.0km", "5.0", "5.0km"),
        (3, "5.0ＫＭ", "5.0", "5.0km"),
        (3, "6.7キロ", "6.7", "6.7km"),
        (5, "15箇所", "15", "15箇所"),
        (5, "15か所", "15", "15箇所"),
        (5, "15ヶ所", "15", "15箇所"),
        (2, "4港", "4", "4港"),
        (1, "12回", "12", "12回"),
        (19, "60社", "60", "60社"),
        (20, "570名", "570", "570人"),
        (20, "1.5万人", "15000", "15,000人"),
    ],
)
def test_parse_value(no, text, value, display):
    assert parse_value(text, ind(no)) == ParsedValue(Decimal(value), ind(no).target.unit, display)


def test_a_value_keeps_the_precision_it_was_typed_with():
    assert str(parse_value("5.0", ind(3)).value) == "5.0"


@pytest.mark.parametrize("plan", ["2024", "2021"])
def test_every_printed_baseline_reads_back_as_itself(plan):
    pairs = [(i, i.baseline.text.split(" ")[0]) for i in KB.indicators(plan) if i.baseline.value is not None]
    got = [(parse_value(token, i).value, parse_value(token, i).text) for i, token in pairs]
    assert got == [(i.baseline.value, token) for i, token in pairs]


@pytest.mark.parametrize(
    ("no", "text", "message"),
    [
        (7, "", "値が入力されていません。例: 15、15件"),
        (7, "   ", "値が入力されていません。例: 15、15件"),
        (7, "1" * 31, "入力が長すぎます（30文字まで）。例: 15、15件"),
        (7, "abc", "「abc」は数値として読めません。例: 15、15件"),
        (23, "abc", "「abc」は数値として読めません。例: 4.9、4.9万人、49,000人"),
        (22, "abc", "「abc」は数値として読めません。例: 326,676、326,676千円、326,676,000円"),
        (26, "abc", "「abc」は数値として読めません。例: 165、165億円、16,500百万円"),
        (7, "12社", "単位「社」はこの指標（単位: 件）には使えません。例: 15、15件"),
        (3, "5%", "単位「%」はこの指標（単位: km）には使えません。例: 5.0、5.0km"),
        (7, "-3", "マイナスの値は入力できません（単位: 件）。"),
        (7, "1.5", "この指標（単位: 件）の値は整数で入力してください（入力: 1.5）。"),
        (15, "101", "割合は 0〜100% の範囲で入力してください（入力: 101）。"),
        (7, "1兆件", "単位「兆件」はこの指標（単位: 件）には使えません。例: 15、15件"),
        (
            22,
            "1000兆円",
            "値が大きすぎます（入力: 1000兆円、単位: 千円）。例: 326,676、326,676千円、326,676,000円",
        ),
        (26, "1円", "小数点以下は6桁までにしてください（入力: 1円、単位: 億円）。"),
    ],
)
def test_value_error_messages(no, text, message):
    with pytest.raises(ValueParseError) as exc:
        parse_value(text, ind(no))
    assert exc.value.message == str(exc.value) == message


@pytest.mark.parametrize(
    ("no", "text"),
    [
        (7, "nan"),
        (7, "NaN"),
        (7, "inf"),
        (7, "-Infinity"),
        (7, "∞"),
        (7, "1e3"),
        (7, "0x10"),
        (7, "1,23"),
        (7, "1,2345"),
        (7, "12,34.5"),
        (7, "1.2.3"),
        (7, ".5"),
        (7, "12."),
        (7, "--12"),
        (7, "12-"),
        (7, "約12"),
        (7, "12件です"),
        (7, "12件件"),
        (7, "12個"),
        (7, "3万"),
        (7, "3万件"),
        (7, "12/3"),
        (7, "twelve"),
        (7, "十二"),
        (7, "١٢"),  # Arabic-Indic digits are not folded by NFKC
        (3, "5m"),
        (15, "5km"),
        (15, "100.1%"),
        (23, "3万件"),
        (23, "-4.9万人"),
        (20, "12.5人"),
        (22, "3千万円"),
        (22, "3ドル"),
        (22, "32.6676万千円"),
    ],
)
def test_bad_values_are_refused(no, text):
    with pytest.raises(ValueParseError):
        parse_value(text, ind(no))


@pytest.mark.parametrize(
    ("value", "unit", "commas", "text"),
    [
        ("1234", "件", True, "1,234件"),
        ("1234", "件", False, "1234件"),
        ("1341.8", "億円", True, "1,341.8億円"),
        ("-1234.50", "億円", True, "-1,234.50億円"),
        ("0.5", "%", True, "0.5%"),
    ],
)
def test_format_value(value, unit, commas, text):
    assert format_value(Decimal(value), unit, commas) == text


# -- parse_as_of -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("no", "text", "period"),
    [
        (7, "2025-03", "2025-03"),
        (7, "2025/3", "2025-03"),
        (7, "2025-3", "2025-03"),
        (7, "2025.3", "2025-03"),
        (7, "２０２５／３", "2025-03"),
        (7, "２０２５－０３", "2025-03"),
        (7, " 2025-03 ", "2025-03"),
        (7, "2025-03-31", "2025-03-31"),
        (7, "2025/3/31", "2025-03-31"),
        (7, "2025年3月", "2025-03"),
        (7, "2025 年 3 月", "2025-03"),
        (7, "2025年3月31日", "2025-03-31"),
        (7, "2025年3月末", "2025-03"),
        (7, "2025-03時点", "2025-03"),
        (7, "2025年3月現在", "2025-03"),
        (7, "2025年度", "FY2025"),
        (7, "FY2025", "FY2025"),
        (7, "fy2025", "FY2025"),
        (7, "ＦＹ２０２５", "FY2025"),
        (7, "R7.3", "2025-03"),
        (7, "r7.3", "2025-03"),
        (7, "R7.3末", "2025-03"),
        (7, "R7.3.31", "2025-03-31"),
        (7, "令和7年3月", "2025-03"),
        (7, "令和７年３月３１日", "2025-03-31"),
        (7, "令和7年度", "FY2025"),
        (7, "R7年度", "FY2025"),
        (7, "R6年度", "FY2024"),
        (7, "FY2024", "FY2024"),
        (7, "2024-04", "2024-04"),
        (7, "2024-04-01", "2024-04-01"),
        (7, "FY2026", "FY2026"),  # in progress on 2026-11-29
        (7, "2026-11", "2026-11"),
        (7, "2026-11-29", "2026-11-29"),
        (7, "今日", "2026-11-29"),
        # 23 and 14 count in 暦年: a plain year is a calendar year and the plan starts in January
        (23, "2025年", "CY2025"),
        (23, "CY2025", "CY2025"),
        (23, "2025暦年", "CY2025"),
        (23, "令和7年", "CY2025"),
        (23, "CY2026", "CY2026"),
        (23, "2024-01", "2024-01"),
        (14, "2024/1/1", "2024-01-01"),
        (7, "2025年度末", "FY2025"),
        (7, "R7年度末", "FY2025"),
    ],
)
def test_parse_as_of(no, text, period):
    assert str(parse_as_of(text, ind(no), TODAY)) == period


@pytest.mark.parametrize(("no", "text"), [(23, "2025年度"), (14, "令和7年度"), (23, "FY2025")])
def test_a_fiscal_year_is_refused_for_a_calendar_year_indicator(no, text):
    with pytest.raises(AsOfParseError) as info:
        parse_as_of(text, ind(no), TODAY)
    assert "暦年（1月〜12月）で集計します" in info.value.message and "2025年" in info.value.message


@pytest.mark.parametrize(
    ("no", "text", "period"),
    [(5, "FY2021", "FY2021"), (5, "R3.4", "2021-04"), (24, "CY2021", "CY2021"), (24, "2021-01", "2021-01")],
)
def test_the_first_revision_starts_in_2021(no, text, period):
    assert str(parse_as_of(text, ind(no, "2021"), TODAY)) == period


@pytest.mark.parametrize(
    ("no", "text", "message"),
    [
        (7, "", "時点が入力されていません。例: 2025-03、2025/3/31、2025年度、R7.3、令和7年度"),
        (7, "abc", "「abc」は時点として読めません。例: 2025-03、2025/3/31、2025年度、R7.3、令和7年度"),
        (
            7,
            "2025年",
            "「2025年」は年度か暦年かがあいまいです。この指標は年度で集計します。"
            "「2025年度」か、「2025-03」のように月で入力してください。",
        ),
        (
            7,
            "CY2025",
            "この指標は暦年ではなく年度で集計します（入力: CY2025）。"
            "「2025年度」か、「2025-03」のように月で入力してください。",
        ),
        (
            7,
            "2024-03",
            "「2024-03」は計画期間より前です。"
            "2024年4月1日（計画期間の始まり）から2026年11月29日（今日）までの時点を入力してください。",
        ),
        (
            23,
            "2023-12",
            "「2023-12」は計画期間より前です。"
            "2024年1月1日（計画期間の始まり）から2026年11月29日（今日）までの時点を入力してください。",
        ),
        (
            7,
            "FY2027",
            "「FY2027」はまだ始まっていません。"
            "2024年4月1日（計画期間の始まり）から2026年11月29日（今日）までの時点を入力してください。",
        ),
        (7, "2025-13", "「13月」という月はありません。例: 2025-03、2025/3/31、2025年度、R7.3、令和7年度"),
        (
            7,
            "2025-02-29",
            "2025年2月29日という日はありません。例: 2025-03、2025/3/31、2025年度、R7.3、令和7年度",
        ),
    ],
)
def test_as_of_error_messages(no, text, message):
    with pytest.raises(AsOfParseError) as exc:
        parse_as_of(text, ind(no), TODAY)
    assert exc.value.message == message


@pytest.mark.parametrize(
    ("no", "plan", "text"),
    [
        (7, "2024", "   "),
        (7, "2024", "x" * 31),
        (7, "2024", "2025"),
        (7, "2024", "202503"),
        (7, "2024", "FY25"),
        (7, "2024", "R7"),
        (7, "2024", "2025年13月"),
        (7, "2024", "2025-00"),
        (7, "2024", "0000-01"),
        (7, "2024", "R7.2.30"),
        (7, "2024", "2025-03-31-01"),
        (7, "2024", "令和7年"),
        (7, "2024", "2024-03"),
        (7, "2024", "2024-03-31"),
        (7, "2024", "FY2023"),
        (7, "2024", "R5.12"),
        (7, "2024", "H30.4"),
        (7, "2024", "平成31年度"),
        (7, "2024", "2026-12"),
        (7, "2024", "2026-11-30"),
        (7, "2024", "FY9999"),
        (23, "2024", "CY2023"),
        (23, "2024", "CY2027"),
        (23, "2024", "2023年"),
        (5, "2021", "2021-03"),
        (5, "2021", "FY2020"),
        (24, "2021", "2020-12"),
    ],
)
def test_bad_as_of_is_refused(no, plan, text):
    with pytest.raises(AsOfParseError):
        parse_as_of(text, ind(no, plan), TODAY)


def test_plan_start_follows_the_revision_and_the_basis():
    starts = [
        plan_start(ind(7)),
        plan_start(ind(23)),
        plan_start(ind(5, "2021")),
        plan_start(ind(24, "2021")),
    ]
    assert starts == [date(2024, 4, 1), date(2024, 1, 1), date(2021, 4, 1), date(2021, 1, 1)]
    assert plan_start(ind(7), KB.revision("2024")) == date(2024, 4, 1)


def test_default_as_of_is_today_as_a_day():
    assert default_as_of(TODAY) == parse_period("2026-11-29")


@pytest.mark.parametrize(
    ("now", "today"),
    [
        (datetime(2026, 11, 28, 14, 59, tzinfo=UTC), date(2026, 11, 28)),
        (datetime(2026, 11, 28, 15, 0, tzinfo=UTC), date(2026, 11, 29)),
        (datetime(2026, 11, 28, 15, 0), date(2026, 11, 29)),  # naive is UTC
        (datetime(2026, 11, 29, 1, 0, tzinfo=timezone(timedelta(hours=-5))), date(2026, 11, 29)),
    ],
)
def test_today_in_japan(now, today):
    assert today_in_japan(now) == today


# -- never anything but their own errors -------------------------------------------------------

_INDICATORS = [ind(no) for no in (3, 7, 15, 22, 23, 26)] + [ind(22, "2021"), ind(24, "2021")]
# Pieces of what editors type, joined at random: far likelier than st.text() to reach deep branches.
_TYPED = st.lists(
    st.sampled_from(
        list("0123456789,.-+%/ 年度月日末令和元平成RHFYCyfr万千百億兆円人名件社回港箇所kmKM")
        + list("０１２３４５６７８９，．－＋％／▲−ー\u3000")
        + ["時点", "現在", "今日", "か所", "暦年", "nan", "inf", "e", "2025", "R7", "FY", "3.27"]
    ),
    max_size=14,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(max_size=40), _TYPED), indicator=st.sampled_from(_INDICATORS))
def test_parse_value_raises_only_its_own_error(text, indicator):
    try:
        parsed = parse_value(text, indicator)
    except ValueParseError:
        return
    assert parsed.value.is_finite() and parsed.text.endswith(parsed.unit)
    assert parse_value(parsed.text, indicator) == parsed  # the display text reads back as itself


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(max_size=40), _TYPED), indicator=st.sampled_from(_INDICATORS))
def test_parse_as_of_raises_only_its_own_error(text, indicator):
    try:
        period = parse_as_of(text, indicator, TODAY)
    except AsOfParseError:
        return
    assert plan_start(indicator) <= period.start <= TODAY
    assert parse_as_of(str(period), indicator, TODAY) == period
