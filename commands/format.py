"""Japanese wording shared by the commands: values, periods, stars, progress and sources."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from commands.replies import ReplyField
from knowledge import Knowledge
from knowledge.models import Indicator, Quantity, Record, Target, TargetKind
from knowledge.periods import Period, parse_period, wareki_year
from knowledge.rating import STAR_MEANINGS, Assessment
from knowledge.values import to_jst

BAR_WIDTH = 10


def stars(n: int | None) -> str:
    """``★★★☆`` for 3 (on the 4-step scale), or 評価なし."""
    return "★" * n + "☆" * (4 - n) if n else "評価なし"


def star_label(n: int | None) -> str:
    """Stars with their meaning, e.g. ``★★★☆ 概ね計画どおり``."""
    return f"{stars(n)} {STAR_MEANINGS[n]}" if n else "評価なし"


def progress_bar(ratio: float | None) -> str:
    """A text bar such as ``■■■■■□□□□□ 57%``; capped at full, the percentage is not."""
    if ratio is None:
        return "□" * BAR_WIDTH + " —"
    filled = max(0, min(BAR_WIDTH, int(ratio * BAR_WIDTH + 1e-9)))
    return "■" * filled + "□" * (BAR_WIDTH - filled) + f" {ratio:.0%}"


def period_label(period: str | Period | None) -> str:
    """``2022年度（令和4年度）`` for FY2022; empty for no period."""
    if period is None:
        return ""
    if isinstance(period, str):
        period = parse_period(period)
    return period.label()


def jst(stamp: str) -> str:
    """A stored UTC time (ISO 8601) as Japan's time, e.g. ``2026年12月2日 09:49（日本時間）``."""
    local = to_jst(stamp)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}（日本時間）"


def jst_date(stamp: str) -> str:
    """A stored UTC time as Japan's date, e.g. ``2026年12月3日``."""
    return jst(stamp).split(" ")[0]


def date_label(day: date) -> str:
    """``2026年11月29日（令和8年11月29日）``."""
    return f"{day.year}年{day.month}月{day.day}日（{wareki_year(day)}{day.month}月{day.day}日）"


def quantity(q: Quantity) -> str:
    """The printed value with its period, e.g. ``94.1%（2022年度（令和4年度））``; ``—`` when missing."""
    if q.is_missing:
        return f"{q.text}（なし）"
    label = period_label(q.period)
    return f"{q.text}（{label}）" if label else q.text


def target_kind(target: Target, revision_years: str) -> str:
    """How the target is counted, in words."""
    if target.kind is TargetKind.CUMULATIVE:
        return "累計"
    if target.kind is TargetKind.PER_3_YEARS:
        return f"3年間の合計（{revision_years}）"
    if target.kind is TargetKind.LOWER_BOUND:
        return f"下限（{target.value}{target.unit}{'以上' if target.inclusive else '超'}）"
    return "目標年度の水準"


def _decimals(*texts: str) -> int:
    """The most decimal places any of the printed numbers uses."""
    best = 0
    for text in texts:
        digits = "".join(c for c in text if c.isdigit() or c in ".,")
        if "." in digits:
            best = max(best, len(digits.split(".")[1].rstrip(",")))
    return best


def number(value: Decimal, *like: str) -> str:
    """A number written the way the document writes its neighbours (decimals, thousands commas)."""
    places = _decimals(*like)
    text = f"{value:,.{places}f}" if any("," in t for t in like) else f"{value:.{places}f}"
    return text


def gap_to_target(indicator: Indicator, value: Decimal, text: str, assessment: Assessment) -> str:
    """``目標まであと 6件`` or ``目標を達成``; percentages count in points."""
    target = indicator.target
    assert target.value is not None and target.unit is not None
    if assessment.reached:
        return "目標を達成"
    gap = target.value - value
    unit = "ポイント" if target.unit == "%" else target.unit
    if target.kind is TargetKind.LOWER_BOUND:
        return f"目標（{target.text}）まであと {number(gap, target.text, text)}{unit}"
    return f"目標まであと {number(gap, target.text, text)}{unit}"


def source_line(kb: Knowledge, plan: str, section_key: str | Sequence[str]) -> str:
    """``出典：やまぐち産業イノベーション戦略（第2次改定版）概要「8 取組目標（指標）」``, one 「」 per section."""
    edition = kb.edition(plan)
    if edition.revision.draft:  # its files are a scaffold: there is no document to cite yet
        return f"出典：{edition.revision.title}（下書きのデータ。文書はまだ公表されていません）"
    front = edition.front
    keys = [section_key] if isinstance(section_key, str) else list(section_key)
    known = [front.sections[k] for k in dict.fromkeys(keys) if k in front.sections] if front else []
    if front is not None and known:
        return f"出典：{front.title}（{front.revision}）{front.document}" + "".join(f"「{t}」" for t in known)
    # a plan known only from the table its successor printed cites that table
    host = next((e.front for e in kb.later_editions(plan) if e.front), None)
    table = edition.revision.table_source
    if host is not None:
        return f"出典：{host.title}（{host.revision}）{host.document}「{table}」"
    return f"出典：{edition.revision.title}「{table}」"


def footer(kb: Knowledge, plan: str, section_key: str | Sequence[str]) -> str:
    """The footer of every answer: the source sections of the plan's document and the data version."""
    return f"{source_line(kb, plan, section_key)} ・ データ版 {kb.version}"


def plan_name(kb: Knowledge, plan: str) -> str:
    """The revision's name, e.g. 第1次改定版."""
    return kb.edition(plan).name


def half_width(text: str) -> str:
    """Full-width digits, letters and signs as people's input methods type them, folded (NFKC)."""
    return unicodedata.normalize("NFKC", text).strip()


EDITORS_NOTE = "編集注（ボットによる注記で、文書の記載ではありません）"


def footnotes(*records: Record) -> tuple[str, ...]:
    """Records' printed forms and transcription notes, for the last lines of an answer."""
    out = [f"原文の表記: {v}" for r in records for v in r.printed.values()]
    out += [f"{EDITORS_NOTE}: {n}" for r in records for n in r.notes]
    return tuple(out)


def editorial(field_name: str, body: str) -> ReplyField:
    """A field whose content is our editorial link, not the document's, and says so."""
    return ReplyField(field_name, f"{body}\n（編集上の対応で、文書には記載されていません）")


def tags(items: Iterable[str]) -> str:
    """``［拡充］`` style tags, or nothing."""
    return "".join(f"［{t}］" for t in items)
