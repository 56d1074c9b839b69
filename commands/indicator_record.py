"""The JSON record of an indicator: the contract that /indicator and /ask both return."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commands.context import Context
from knowledge.kb import Latest
from knowledge.models import Indicator, Quantity


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _quantity_json(q: Quantity) -> dict[str, Any]:
    return {"value": _number(q.value), "unit": q.unit, "period": q.period, "text": q.text}


def _latest_json(latest: Latest | None) -> dict[str, Any] | None:
    if latest is None:
        return None
    as_of = str(latest.as_of) if latest.as_of else None
    return {"value": _number(latest.value), "unit": latest.unit, "as_of": as_of, "text": latest.text}


def record(ctx: Context, ind: Indicator) -> dict[str, Any]:
    """The JSON record of an indicator (the contract documented in the README)."""
    kb = ctx.kb
    latest = ctx.latest(ind)
    assessment = ctx.assess(ind, latest)
    official = ctx.official(ind)
    counterpart = ctx.assess_as_official(ind, official) if official is not None else None
    note = None
    if official is not None and official.stars is None:
        note = official.text
    elif assessment.no_rating is not None:
        note = assessment.no_rating.value
    data: dict[str, Any] = {
        "plan": ind.plan,
        "no": ind.no,
        "name": ind.name,
        "project": ind.project_no,
        "project_label": kb.table_label(ind),
        "section": ind.section,
        "baseline": _quantity_json(ind.baseline),
        "target": {
            **_quantity_json(ind.target),
            "kind": ind.target.kind.value,
            "inclusive": ind.target.inclusive,
        },
        "latest": _latest_json(latest),
        "progress": None
        if assessment.stars is None
        else {"ratio": assessment.progress, "elapsed": assessment.elapsed, "pace": assessment.pace},
        "rating": {
            "official": official.stars if official else None,
            "official_as_of": str(official.as_of) if official and official.as_of else None,
            "official_source": official.source if official else None,
            "interim": official.interim if official else None,
            # the 試算 taken as the official one was, and whether the two agree
            "computed_as_official": counterpart.stars if counterpart else None,
            "agrees": None
            if official is None or counterpart is None or official.stars is None
            else official.stars == counterpart.stars,
            "computed": assessment.stars,
            "final": assessment.final,
            "note": note,
            "why": assessment.why(),
        },
        "successors": [
            {"plan": r.plan, "no": r.no, "relation": r.relation.value} for r in kb.successors(ind)
        ],
        "predecessors": [
            {"plan": r.plan, "no": r.no, "relation": r.relation.value} for r in kb.predecessors(ind)
        ],
        # the whole chain across the plans, with how many steps away each link is
        "ancestors": [
            {"plan": r.plan, "no": r.no, "relation": r.relation.value, "steps": d}
            for d, r in kb.ancestors(ind)
        ],
        "descendants": [
            {"plan": r.plan, "no": r.no, "relation": r.relation.value, "steps": d}
            for d, r in kb.descendants(ind)
        ],
    }
    owner = ctx.owner(ind)
    data["owner"] = (
        None if owner is None else {"kind": owner.owner_kind, "id": owner.owner_id, "name": owner.owner_name}
    )
    fresh = ctx.freshness(ind)
    data["freshness"] = (
        None
        if fresh is None
        else {"stale": fresh.stale, "due": fresh.due.isoformat(), "overdue_days": fresh.overdue_days}
    )
    if ind.actual is not None:  # the document's own table of results
        data["actual"] = _latest_json(latest)
        data["as_of"] = str(latest.as_of) if latest and latest.as_of else None
    return data
