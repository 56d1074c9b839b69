import pytest

from knowledge.periods import PeriodError, parse_period, parse_printed


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("FY2022", "2022-04-01", "2023-03-31", "2022年度（令和4年度）"),
        ("FY2019", "2019-04-01", "2020-03-31", "2019年度（令和元年度）"),
        ("CY2026", "2026-01-01", "2026-12-31", "2026年（令和8年）"),
        ("2023-12", "2023-12-01", "2023-12-31", "2023年12月（令和5年12月）"),
        ("2024-02", "2024-02-01", "2024-02-29", "2024年2月（令和6年2月）"),
        ("2019-04", "2019-04-01", "2019-04-30", "2019年4月（平成31年4月）"),
        ("2025-03-31", "2025-03-31", "2025-03-31", "2025年3月31日（令和7年3月31日）"),
    ],
)
def test_period_bounds_and_label(text, start, end, label):
    period = parse_period(text)
    assert (str(period), period.start.isoformat(), period.end.isoformat(), period.label()) == (
        text,
        start,
        end,
        label,
    )


@pytest.mark.parametrize("text", ["2022年度", "FY22", "2023-13", "2023-02-30", "", "CY20266"])
def test_bad_period_strings(text):
    with pytest.raises(PeriodError):
        parse_period(text)


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("R5.12", "2023-12"),
        ("R4 年度", "FY2022"),
        ("R4年度", "FY2022"),
        ("R1.5", "2019-05"),
        ("H30.10", "2018-10"),
    ],
)
def test_printed_wareki(printed, canonical):
    assert str(parse_printed(printed)) == canonical


def test_as_of_texts_in_the_data_agree_with_their_periods(kb):
    pairs = [(i.actual.as_of_text, i.actual.as_of) for i in kb.indicators("2021") if i.actual.as_of]
    assert pairs and all(str(parse_printed(text)) == as_of for text, as_of in pairs)
