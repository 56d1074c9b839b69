"""The year-end progress table (進捗表) as pure data: one row per indicator, as it stood on a day."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from knowledge.kb import Knowledge, Latest, Official
from knowledge.models import MISSING_TEXTS, Indicator, Quantity
from knowledge.periods import Period, PeriodKind, day_text
from knowledge.rating import STAR_MEANINGS, Assessment, has_ended, stars_text
from knowledge.store import Entry, OfficialEntry, Store, as_it_stood
from knowledge.values import JST, to_jst

# The main sheet's columns, in the order the team prints them (the CSV has the same header).
COLUMNS = (
    "プロジェクト",
    "No.",
    "指標",
    "現状値",
    "目標値",
    "実績値",
    "時点",
    "評価（公式）",
    "評価（試算）",
    "進捗",
    "備考",
)
NO_RATING = "評価なし"
RATING_LABELS = ("★★★★", "★★★", "★★", "★", NO_RATING)
NOT_RATED = "未評価"  # no official rating at all: neither printed nor recorded
DIFFERS = "⚠ 公式と試算が異なる"
NOTE_SEPARATOR = " ／ "  # one line per cell keeps the CSV readable by simple tools


@dataclass(frozen=True)
class ReportRow:
    """One indicator's row of the progress table, every cell as the text to print."""

    project: str
    no: int
    name: str
    baseline: str
    target: str
    actual: str
    as_of: str
    official: str
    computed: str
    progress: str
    remarks: str
    official_stars: int | None = None
    computed_stars: int | None = None
    differs: bool = False

    def cells(self) -> tuple[str, ...]:
        """The row's cells in the order of :data:`COLUMNS`."""
        return (
            self.project,
            str(self.no),
            self.name,
            self.baseline,
            self.target,
            self.actual,
            self.as_of,
            self.official,
            self.computed,
            self.progress,
            self.remarks,
        )


@dataclass(frozen=True)
class ReportSummary:
    """How many indicators got each rating, officially and computed, and the document's sentence form."""

    indicators: int
    official: Mapping[str, int]
    computed: Mapping[str, int]
    official_rated: int
    official_at_least_3: int
    computed_at_least_3: int
    differing: int
    final: bool
    document_claim: str | None = None  # what a later plan's document says of this one

    @property
    def official_sentence(self) -> str:
        """``24指標中17指標が概ね計画どおり（★★★）以上``, from the official ratings."""
        if self.official_rated == 0:
            return f"公式の評価はまだありません（{self.indicators}指標）"
        return _sentence(self.indicators, self.official_at_least_3)

    @property
    def computed_sentence(self) -> str:
        """The same sentence from the computed ratings, marked ``（試算）`` or ``（最終評価・試算）``."""
        mark = "最終評価・試算" if self.final else "試算"
        return f"（{mark}）{_sentence(self.indicators, self.computed_at_least_3)}"

    def to_json(self) -> dict[str, Any]:
        """The summary as plain data, for a reply's record."""
        return {
            "indicators": self.indicators,
            "official": dict(self.official),
            "computed": dict(self.computed),
            "official_at_least_3": self.official_at_least_3,
            "computed_at_least_3": self.computed_at_least_3,
            "differing": self.differing,
            "final": self.final,
            "official_sentence": self.official_sentence,
            "computed_sentence": self.computed_sentence,
        }


def _sentence(total: int, at_least_3: int) -> str:
    return f"{total}指標中{at_least_3}指標が{STAR_MEANINGS[3]}（★★★）以上"


@dataclass(frozen=True)
class ReportTable:
    """A plan's progress table as it stood at the end of a day in Japan."""

    plan: str
    plan_name: str  # 第1次改定版
    title: str  # the plan's title, as the document prints it
    as_of: date
    moment: datetime  # the last second of ``as_of`` in JST: what was recorded by then counts
    final: bool  # the plan's period had ended: every 試算 is its 最終評価（試算）
    rows: tuple[ReportRow, ...]
    summary: ReportSummary

    @property
    def heading(self) -> str:
        """The title row: the plan's title and the day the table stands at."""
        text = f"{self.title} 進捗表　基準日 {day_label(self.as_of)}時点"
        return text + ("　※評価（試算）は最終評価（試算）" if self.final else "")


def day_label(day: date) -> str:
    """``2027年3月31日（令和9年3月31日）``."""
    return Period(PeriodKind.DAY, day.year, day.month, day.day).label()


def end_of_day(day: date) -> datetime:
    """The last second of ``day`` in Japan: rows are stored to the second, so ``<=`` this is 'that day or before'."""
    next_midnight = datetime.combine(day + timedelta(days=1), time(), tzinfo=JST)
    return next_midnight - timedelta(seconds=1)


def build_table(kb: Knowledge, store: Store | None, plan: str, as_of: date) -> ReportTable:
    """The progress table of ``plan`` as it stood at the end of ``as_of`` (a day in Japan)."""
    moment = end_of_day(as_of)
    entries = store.history_all(plan) if store is not None else {}
    officials = store.officials_all(plan) if store is not None else {}
    rows = tuple(
        _row(kb, ind, entries.get(ind.no, ()), officials.get(ind.no, ()), as_of, moment)
        for ind in kb.indicators(plan)
    )
    revision = kb.revision(plan)
    final = has_ended(revision, as_of)  # as kb.assess_latest decides it for every row
    return ReportTable(
        plan=plan,
        plan_name=revision.revision,
        title=revision.title,
        as_of=as_of,
        moment=moment,
        final=final,
        rows=rows,
        summary=_summary(kb, plan, rows, final),
    )


def _row(
    kb: Knowledge,
    ind: Indicator,
    entries: Sequence[Entry],
    officials: Sequence[OfficialEntry],
    as_of: date,
    moment: datetime,
) -> ReportRow:
    notes: list[str] = []
    latest: Latest | None
    standing = as_it_stood(entries, moment)
    if ind.actual is not None:  # the document printed the plan's results: they are final
        latest = kb.document_latest(ind)
        if ind.actual.as_of_text not in MISSING_TEXTS:
            notes.append(f"時点の表記: {ind.actual.as_of_text}")
    else:
        latest = standing[0].to_latest() if standing else None
        if latest is not None and latest.recorded_by:
            notes.append(f"実績: {latest.recorded_by} {_recorded_on(latest.recorded_at)}登録")
        if latest is not None and latest.remark:
            notes.append(f"実績メモ: {latest.remark}")
    recorded = as_it_stood(officials, moment)
    official = recorded[0].to_official() if recorded else kb.document_official(ind)
    if official is not None and official.source == "entry":
        when = f"{official.as_of.label()}時点" if official.as_of is not None else ""
        interim = "・中間評価" if official.interim else ""
        notes.append(
            f"公式: {when}{interim}・{official.recorded_by} {_recorded_on(official.recorded_at)}登録"
        )
        if official.note:
            notes.append(f"公式メモ: {official.note}")
    elif official is not None and official.interim:
        notes.append("公式は中間評価（文書掲載）")
    assessment = kb.assess_latest(ind, latest, as_of)
    official_stars = official.stars if official is not None else None
    # The official rating is compared with the 試算 taken as it was (at its date, final only if it
    # was), as /indicator compares them; the 評価（試算） column is the table's own day's.
    differs = False
    if official is not None and official_stars is not None:
        actuals = [e.to_latest() for e in standing] if ind.actual is None else []
        then = kb.assess_as_official(ind, official, actuals)
        differs = then.stars is not None and then.stars != official_stars
        if differs:
            at = f"{official.as_of.label()}時点の" if official.as_of is not None else ""
            notes.insert(0, f"{DIFFERS}（{at}試算 {stars_text(then.stars)}）")
    return ReportRow(
        project=kb.table_label(ind),
        no=ind.no,
        name=ind.name,
        baseline=quantity_text(ind.baseline),
        target=quantity_text(ind.target),
        actual=latest.text if latest is not None else "",
        as_of=_as_of_text(ind, latest),
        official=_official_text(official),
        computed=_computed_text(assessment),
        progress=f"{assessment.progress:.1%}"
        if assessment.stars is not None and assessment.progress is not None
        else "",
        remarks=NOTE_SEPARATOR.join(notes),
        official_stars=official_stars,
        computed_stars=assessment.stars,
        differs=differs,
    )


def quantity_text(q: Quantity) -> str:
    """``35回/3年（2023年度・令和5年度）``: the text as printed, its period with 和暦 beside it."""
    period = q.period_obj
    if q.is_missing or period is None:
        return q.text
    # ``2023年度（令和5年度）`` → ``2023年度・令和5年度``: one bracket, not two nested
    label = period.label().replace("（", "・", 1).removesuffix("）")
    return f"{q.text}（{label}）"


def _as_of_text(ind: Indicator, latest: Latest | None) -> str:
    if latest is None:
        return ""
    if latest.as_of is not None:
        return latest.as_of.label()
    # a printed actual without a date (国統計未公表): its printed 時点, a dash
    return ind.actual.as_of_text if ind.actual is not None else ""


def _official_text(official: Official | None) -> str:
    if official is None:
        return NOT_RATED
    return stars_text(official.stars) if official.stars else official.text


def _computed_text(assessment: Assessment) -> str:
    if assessment.stars is None:
        assert assessment.no_rating is not None
        return assessment.no_rating.value
    return stars_text(assessment.stars)


def _recorded_on(stamp: str | None) -> str:
    if not stamp:
        return ""
    return day_text(to_jst(stamp).date())


def _counts(stars: Sequence[int | None]) -> dict[str, int]:
    counts = dict.fromkeys(RATING_LABELS, 0)
    for n in stars:
        counts[stars_text(n) if n else NO_RATING] += 1
    return counts


def _summary(kb: Knowledge, plan: str, rows: Sequence[ReportRow], final: bool) -> ReportSummary:
    official = [r.official_stars for r in rows]
    computed = [r.computed_stars for r in rows]
    claim = next(
        (
            e.front.previous_summary
            for e in kb.later_editions(plan)
            if e.front is not None and e.front.previous_summary
        ),
        None,
    )
    return ReportSummary(
        indicators=len(rows),
        official=_counts(official),
        computed=_counts(computed),
        official_rated=sum(1 for n in official if n),
        official_at_least_3=sum(1 for n in official if n and n >= 3),
        computed_at_least_3=sum(1 for n in computed if n and n >= 3),
        differing=sum(1 for r in rows if r.differs),
        final=final,
        document_claim=claim,
    )
