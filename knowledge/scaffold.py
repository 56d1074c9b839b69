"""Scaffold the next revision's folder from an existing one, for editors to fill in.

The new plan has the same structure (projects, fields, indicator rows) with every value emptied,
a lineage that links each indicator to its namesake as ``same`` for review, and ``draft: true``:
it answers only when asked for by id, and only until its period starts.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.kb import Knowledge
from knowledge.loader import DATA_DIR, PLANS_DIR, KnowledgeError
from knowledge.models import Indicator
from knowledge.periods import Period, PeriodError, PeriodKind, parse_period

DRAFT_NAME = "次期改定版（下書き）"
# Files copied as they are, for review: the new document's text replaces them.
COPIED = ("plan.yaml", "fields.yaml", "projects.yaml", "field_links.yaml", "glossary.yaml")
_COPIED_NOTE = "# DRAFT — copied from plan {source} by `plan new`; replace it with the new document's text.\n"


class ScaffoldError(Exception):
    """The scaffold was refused; the message is Japanese and says what to change. Nothing was written."""


@dataclass(frozen=True)
class Scaffolded:
    """What ``plan new`` wrote."""

    plan: str
    folder: Path
    files: tuple[str, ...]
    indicators: int


def _fiscal_year(text: str, what: str) -> Period:
    try:
        period = parse_period(text.strip())
    except PeriodError:
        period = None
    if period is None or period.kind is not PeriodKind.FISCAL_YEAR:
        raise ScaffoldError(f"{what}「{text}」は年度として読めません。FY2027 のように指定してください。")
    return period


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=110)


def _emptied(ind: Indicator, end: Period) -> dict[str, Any]:
    """An indicator row with its name and structure kept and every value to be filled in."""
    target = ind.target
    period = target.period_obj
    # the target falls in the new plan's last year, counted as before (年度 or 暦年)
    yearly = period is not None and period.kind in (PeriodKind.FISCAL_YEAR, PeriodKind.CALENDAR_YEAR)
    new_period = str(Period(period.kind, end.year)) if period is not None and yearly else str(end)
    row: dict[str, Any] = {
        "number": ind.no,
        "project": ind.project,
        "name": ind.name,
        "baseline": {"text": "—"},
        "target": {"unit": target.unit, "period": new_period, "text": "—", "kind": target.kind.value},
    }
    if target.unit is None:
        del row["target"]["unit"]
    if target.inclusive is not None:
        row["target"]["inclusive"] = target.inclusive
    if ind.publication_lag_months is not None:
        row["publication_lag_months"] = ind.publication_lag_months
    return row


def scaffold(
    kb: Knowledge, plan: str, source: str, start: str, end: str, data_dir: Path = DATA_DIR
) -> Scaffolded:
    """Write ``plans/<plan>/`` from plan ``source`` (raises ScaffoldError; then nothing is written)."""
    if source not in kb.editions:
        known = "、".join(kb.editions)
        raise ScaffoldError(f"--from の計画「{source}」はありません。あるのは {known} です。")
    first, last = _fiscal_year(start, "--start"), _fiscal_year(end, "--end")
    if plan != str(first.year):
        raise ScaffoldError(
            f"計画の番号は計画期間の最初の年度です。--start {start} なら番号は {first.year} にしてください（指定: {plan}）。"
        )
    if last.year < first.year:
        raise ScaffoldError(f"--end {end} が --start {start} より前です。")
    before = kb.revision(source)
    if first.start <= before.end.end:
        raise ScaffoldError(
            f"計画期間が計画{source}（{before.start.year}〜{before.end.year}年度）と重なります。"
            f"--start は FY{before.end.year + 1} 以降にしてください。"
        )
    root = data_dir / PLANS_DIR
    folder = root / plan
    if folder.exists():
        raise ScaffoldError(f"{folder} はすでにあります。別の番号にするか、そのフォルダを確認してください。")
    source_dir = root / source
    edition = kb.edition(source)

    files: dict[str, str] = {}
    head: dict[str, Any] = {
        "id": plan,
        "title": before.title.replace(before.revision, DRAFT_NAME),
        "revision": DRAFT_NAME,
        "period_start": str(first),
        "period_end": str(last),
        "period_text": f"指標({first.year}-{last.year})",
        "table_source": before.table_source,
        "aliases": [],
        "previous": source,
        "draft": True,
    }
    revision_doc: dict[str, Any] = {"revision": head}
    if not edition.projects:  # a plan known only from its table keeps its table's project rows
        revision_doc["projects"] = [{"ref": p.ref, "label": p.label} for p in before.projects]
    files["revision.yaml"] = (
        f"# DRAFT scaffolded from plan {source}: fill in the names, period and aliases, then remove\n"
        "# `draft: true` once the new document is published.\n" + _dump(revision_doc)
    )
    files["indicators.yaml"] = (
        f"# DRAFT: plan {source}'s indicator rows with every value emptied. Fill in baseline and target\n"
        "# (value, unit, period, text as printed) from the new document.\n"
        + _dump({"indicators": [_emptied(ind, last) for ind in edition.indicators]})
    )
    files["lineage.yaml"] = (
        "# EDITORIAL, DRAFT: every indicator linked to its namesake as `same`, for review.\n"
        + _dump(
            {
                "editorial": True,
                "statement": f"下書き: 計画{source}の指標をそのまま引き継ぐ前提の対応です。新しい文書と照らして見直してください。",
                "links": [{"old": ind.no, "new": [ind.no], "relation": "same"} for ind in edition.indicators],
            }
        )
    )
    for name in COPIED:
        if (source_dir / name).exists():
            files[name] = _COPIED_NOTE.format(source=source) + (source_dir / name).read_text(encoding="utf-8")

    staging = root / f".{plan}.scaffolding"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        staging.rename(folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ScaffoldError(f"{folder} に書き込めません（{exc.strerror or exc}）。") from exc
    try:
        Knowledge.load(data_dir)
    except KnowledgeError as exc:  # never leave a folder that stops the bot from starting
        shutil.rmtree(folder, ignore_errors=True)
        raise ScaffoldError(
            "作った下書きが検証を通りませんでした（何も残していません）: " + "; ".join(exc.problems)
        ) from exc
    return Scaffolded(plan, folder, tuple(sorted(files)), len(edition.indicators))
