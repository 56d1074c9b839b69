from decimal import Decimal

import pytest

from knowledge.models import Indicator
from knowledge.periods import parse_period
from knowledge.rating import NoRating, _deciding, assess, elapsed_share


@pytest.mark.parametrize("no", range(1, 25))
def test_computed_rating_reproduces_official(kb, no):
    ind = kb.indicator(no, "2021")
    assert kb.assess_document_actual(ind).stars == ind.official.stars


def test_seventeen_of_twenty_four_at_three_stars_or_better(kb):
    computed = [kb.assess_document_actual(i).stars for i in kb.indicators("2021")]
    assert (
        sum(1 for s in computed if s and s >= 3)
        == kb.edition("2024").front.previous_claim["at_least_3_stars"]
        == 17
    )
    assert len(computed) == kb.edition("2024").front.previous_claim["indicators"]


@pytest.mark.parametrize(
    ("no", "stars", "pace"),
    [(3, 3, 0.95), (6, 2, 0.73), (23, 1, 0.22), (1, 2, 0.62), (5, 2, 0.55)],
)
def test_threshold_edges_named_by_the_method(kb, no, stars, pace):
    result = kb.assess_document_actual(kb.indicator(no, "2021"))
    assert (result.stars, round(result.pace, 2)) == (stars, pace)


def test_exactly_at_target_is_four_stars(kb):
    result = kb.assess_document_actual(kb.indicator(20, "2021"))
    assert (result.stars, result.progress, result.reached) == (4, 1.0, True)


def test_unpublished_has_no_rating(kb):
    result = kb.assess_document_actual(kb.indicator(7, "2021"))
    assert (result.stars, result.no_rating) == (None, NoRating.UNPUBLISHED)
    assert result.why() == "評価なし（国統計未公表）"


def test_why_names_progress_elapsed_pace_and_rule(kb):
    why = kb.assess_document_actual(kb.indicator(6, "2021")).why()
    assert why == (
        "2023年12月（令和5年12月）時点の評価（試算）: "
        "進捗 66.7%、経過 91.7%、ペース 0.73 → ペース 0.5 以上 0.8 未満のため★★（計画を下回る）"
    )


@pytest.mark.parametrize(
    ("pace", "shown"),
    [(0.4951, "0.495"), (0.4999, "0.4999"), (0.73, "0.73"), (0.7996, "0.7996"), (0.8, "0.80")],
)
def test_the_pace_is_shown_to_the_precision_that_decided_it(pace, shown):
    assert _deciding(pace) == shown


def _with(ind: Indicator, **target) -> Indicator:
    return ind.model_copy(update={"target": ind.target.model_copy(update=target)})


@pytest.mark.parametrize(
    ("value", "inclusive", "stars"),
    [("97", False, 3), ("97.1", False, 4), ("97", True, 4), ("96.9", True, 3)],
)
def test_lower_bound_strict_and_inclusive(kb, value, inclusive, stars):
    ind = _with(kb.indicator(15, "2024"), inclusive=inclusive)
    result = assess(ind, kb.revision("2024"), Decimal(value), "%", parse_period("FY2026"))
    assert result.stars == stars


def test_no_baseline_counts_from_zero(kb):
    ind = kb.indicator(26, "2024")  # 地域経済牽引事業による付加価値額: — → 165億円
    result = assess(ind, kb.revision("2024"), Decimal("82.5"), "億円", parse_period("FY2025"))
    assert (result.start_value, result.progress) == (Decimal(0), 0.5)


def test_per_three_years_counts_from_zero_despite_baseline(kb):
    ind = kb.indicator(21, "2024")  # 37件 baseline, 60件/3年 target
    result = assess(ind, kb.revision("2024"), Decimal(30), "件", parse_period("FY2025"))
    assert (result.start_value, result.progress) == (Decimal(0), 0.5)


def test_cumulative_counts_from_baseline(kb):
    ind = kb.indicator(12, "2024")  # 82 → 178
    result = assess(ind, kb.revision("2024"), Decimal(130), "件", parse_period("FY2025"))
    assert result.progress == 0.5


def test_calendar_basis_uses_calendar_plan_years(kb):
    ind = kb.indicator(28, "2024")  # 暦年: 2024-01-01 .. 2026-12-31
    result = assess(ind, kb.revision("2024"), Decimal(25), "件", parse_period("CY2024"))
    assert (str(result.plan_start), str(result.plan_end)) == ("CY2024", "CY2026")
    assert result.elapsed == pytest.approx(366 / 1096)


def test_fiscal_basis_uses_fiscal_plan_years(kb):
    ind = kb.indicator(21, "2024")
    result = assess(ind, kb.revision("2024"), Decimal(20), "件", parse_period("FY2024"))
    assert (str(result.plan_start), str(result.plan_end)) == ("FY2024", "FY2026")
    assert result.elapsed == pytest.approx(365 / 1095)


@pytest.mark.parametrize(
    ("value", "unit", "as_of", "reason"),
    [
        (None, None, None, NoRating.NO_ACTUAL),
        ("95", "%", "FY2022", NoRating.BEFORE_PLAN),
        ("95", "件", "FY2025", NoRating.UNIT_MISMATCH),
    ],
)
def test_no_rating_cases(kb, value, unit, as_of, reason):
    result = assess(
        kb.indicator(15, "2024"),
        kb.revision("2024"),
        Decimal(value) if value else None,
        unit,
        parse_period(as_of) if as_of else None,
    )
    assert (result.stars, result.no_rating) == (None, reason)


def test_elapsed_share_is_capped_at_the_plan_end():
    start, end = parse_period("FY2021"), parse_period("FY2023")
    assert elapsed_share(start, end, parse_period("FY2030")) == 1.0
    assert elapsed_share(start, end, parse_period("FY2023")) == 1.0
    assert elapsed_share(start, end, parse_period("2023-12")) == pytest.approx(1005 / 1096)
