"""The /ask question set itself is sound: it loads, is big and varied enough, and names only real items.

These tests check the set, not the bot (bench/ask_bench.py scores /ask on it). Every file present of
the development part (ask_questions.yaml) and the held-out part (ask_questions_heldout.yaml) is
checked the same way.
"""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.ask_bench import DEV_FILE, HELDOUT_FILES, PARTS, fold, load_set, subject_of
from knowledge import question

FILES = [f for f in (DEV_FILE, *HELDOUT_FILES) if f.exists()]
CURRENT = "2024"  # the plan in force on the bench's date (2026-11-29)

INTENTS = set(question.INTENTS)
KINDS = {"indicator", "project", "section", "field", "glossary", "overall", "plan"}
PLAN_PARTS = {"period", "goal", "purpose", "perspectives", "strengths", "promotion", "support", "companies"}
FILTER_KEYS = {"plan", "project", "field", "rating", "stale", "reached"}
COUNTABLE = {"indicator", "project", "section", "field", "overall"}
ENTRY_KEYS = {"q", "intent", "subject", "subject_any", "filters", "of", "items", "count", "expect", "note"}
# which front-matter attribute holds each plan-level part
PART_ATTRS = {
    "goal": "basic_goal",
    "purpose": "purpose",
    "perspectives": "perspectives",
    "strengths": "strengths",
    "promotion": "promotion",
    "support": "support_measures",
    "companies": "company_groups",
    "period": "target_period_text",
}


def _raw(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _entries(path: Path) -> list[tuple[str, dict[str, Any]]]:
    return [(cls, e) for cls, entries in _raw(path)["classes"].items() for e in entries]


def _subjects(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return (
        ([entry["subject"]] if "subject" in entry else [])
        + entry.get("subject_any", [])
        + entry.get("items", [])
    )


@pytest.fixture(params=FILES, ids=[f.name for f in FILES])
def path(request) -> Path:
    return request.param


# -- the file and its size ----------------------------------------------------------------------------


def test_the_development_part_is_there():
    assert DEV_FILE in FILES


def test_file_loads_and_names_its_part(path):
    raw = _raw(path)
    assert set(raw) == {"part", "classes"}
    assert raw["part"] == PARTS[path.name]
    qset = load_set(path)
    assert qset.part == PARTS[path.name]
    assert [q.q for q in qset.questions] == [e["q"] for _, e in _entries(path)]


def test_at_least_300_questions(path):
    assert len(load_set(path).questions) >= 300


def test_every_class_has_at_least_12(path):
    small = {cls: len(qs) for cls, qs in load_set(path).classes.items() if len(qs) < 12}
    assert small == {}


def test_no_duplicate_questions(path):
    seen: dict[str, str] = {}
    dupes = []
    for _, entry in _entries(path):
        key = fold(entry["q"])
        if key in seen:
            dupes.append((seen[key], entry["q"]))
        seen[key] = entry["q"]
    assert dupes == []


@pytest.mark.parametrize("path", FILES[1:], ids=lambda p: p.name)
def test_heldout_repeats_no_earlier_question(path):
    earlier = {fold(e["q"]) for f in FILES[: FILES.index(path)] for _, e in _entries(f)}
    assert [e["q"] for _, e in _entries(path) if fold(e["q"]) in earlier] == []


def test_every_indicator_of_the_plan_in_force_is_asked_about(kb, path):
    asked = {
        s["key"]
        for _, e in _entries(path)
        for s in _subjects(e)
        if s["kind"] == "indicator" and s["plan"] == CURRENT
    }
    assert {i.no for i in kb.indicators(CURRENT)} - asked == set()


# -- the shape of each entry --------------------------------------------------------------------------


def test_entries_use_only_known_keys(path):
    odd = [(e["q"], sorted(set(e) - ENTRY_KEYS)) for _, e in _entries(path) if set(e) - ENTRY_KEYS]
    assert odd == []


def test_questions_are_nonempty_text(path):
    bad = [e.get("q") for _, e in _entries(path) if not isinstance(e.get("q"), str) or not e["q"].strip()]
    assert bad == []


def _shape_problem(e: dict[str, Any]) -> str | None:
    if "expect" in e:
        if e["expect"] not in ("not_found", "abstain"):
            return f"expect {e['expect']!r}"
        if set(e) - {"q", "expect", "note"}:
            return "an expect entry carries an answer"
        return None
    intent = e.get("intent")
    if intent not in INTENTS:
        return f"intent {intent!r}"
    if "subject" in e and "subject_any" in e:
        return "both subject and subject_any"
    if "subject_any" in e and (not isinstance(e["subject_any"], list) or len(e["subject_any"]) < 2):
        return "subject_any needs two or more subjects"
    if intent in ("list", "count"):
        if not isinstance(e.get("filters"), dict):
            return "list/count without filters"
    elif "filters" in e:
        return "filters on a question that lists nothing"
    elif "subject" not in e and "subject_any" not in e:
        return "no subject"
    if "of" in e and intent != "count":
        return "of outside count"
    if intent == "count" and e.get("of") not in COUNTABLE:
        return f"count of {e.get('of')!r}"
    if "count" in e and (
        intent != "count" or not isinstance(e["count"], int) or isinstance(e["count"], bool)
    ):
        return "count outside count, or not a number"
    if "items" in e and (intent != "list" or not isinstance(e["items"], list) or not e["items"]):
        return "items outside list, or empty"
    if intent == "define" and any(s["kind"] != "glossary" for s in _subjects(e)):
        return "define of something other than a glossary term"
    return None


def test_every_entry_has_a_well_formed_answer(path):
    bad = [(e["q"], p) for _, e in _entries(path) if (p := _shape_problem(e))]
    assert bad == []


@pytest.mark.parametrize(("cls", "expect"), [("off_topic", "not_found"), ("unclear", "abstain")])
def test_off_topic_and_unclear_classes_never_expect_an_answer(path, cls, expect):
    entries = _raw(path)["classes"].get(cls, [])
    assert entries, f"no {cls} class"
    assert {e.get("expect") for e in entries} == {expect}


def test_every_intent_is_asked(path):
    asked = {e["intent"] for _, e in _entries(path) if "intent" in e}
    assert asked == INTENTS


# -- everything named exists in the shipped data ------------------------------------------------------


def _exists(kb, s: dict[str, Any]) -> bool:
    kind, plan, key = s.get("kind"), s.get("plan"), s.get("key")
    if set(s) != {"kind", "plan", "key"} or kind not in KINDS or plan not in kb.plan_ids:
        return False
    edition = kb.edition(plan)
    if kind == "indicator":
        return type(key) is int and key in {i.no for i in kb.indicators(plan)}
    if kind == "project":
        return type(key) is int and key in {p.no for p in edition.projects}
    if kind == "section":
        return isinstance(key, str) and key in {sec.id for p in edition.projects for sec in p.sections}
    if kind == "field":
        return type(key) is int and key in {f.id for f in edition.fields}
    if kind == "glossary":
        return plan == CURRENT and key in {t.term for t in kb.glossary}
    front = edition.front
    if kind == "overall":
        return front is not None and type(key) is int and key in {o.no for o in front.overall_indicators}
    # plan: a part the plan's data holds (the 1st revision has only its period, from revision.yaml)
    if key not in PLAN_PARTS:
        return False
    if front is None:
        return key == "period"
    return bool(getattr(front, PART_ATTRS[key]))


def test_every_subject_and_item_exists(kb, path):
    missing = [(e["q"], s) for _, e in _entries(path) for s in _subjects(e) if not _exists(kb, s)]
    assert missing == []


def test_subject_any_lists_different_subjects(path):
    repeated = [
        e["q"]
        for _, e in _entries(path)
        if "subject_any" in e and len({subject_of(s) for s in e["subject_any"]}) != len(e["subject_any"])
    ]
    assert repeated == []


def _filter_problem(kb, filters: dict[str, Any]) -> str | None:
    if set(filters) - FILTER_KEYS:
        return f"keys {sorted(set(filters) - FILTER_KEYS)}"
    plan = filters.get("plan", CURRENT)
    if plan not in kb.plan_ids:
        return f"plan {plan!r}"
    edition = kb.edition(plan)
    if "project" in filters:
        project = filters["project"]
        numbers = {p.no for p in edition.projects}
        sections = {sec.id for p in edition.projects for sec in p.sections}
        if not (
            (type(project) is int and project in numbers)
            or (isinstance(project, str) and project in sections)
        ):
            return f"project {project!r} in plan {plan}"
    if "field" in filters and not (
        type(filters["field"]) is int and filters["field"] in {f.id for f in edition.fields}
    ):
        return f"field {filters['field']!r} in plan {plan}"
    if "rating" in filters:
        rating = filters["rating"]
        if not (
            isinstance(rating, list)
            and rating
            and rating == sorted(set(rating))
            and all(type(r) is int and 1 <= r <= 4 for r in rating)
        ):
            return f"rating {rating!r}"
    for flag in ("stale", "reached"):
        if flag in filters and filters[flag] is not True:
            return f"{flag} {filters[flag]!r}"
    return None


def test_every_filter_is_allowed_and_names_real_items(kb, path):
    bad = [
        (e["q"], p) for _, e in _entries(path) if "filters" in e and (p := _filter_problem(kb, e["filters"]))
    ]
    assert bad == []


# -- given items and counts are what the data says ----------------------------------------------------


def _reached(ind) -> bool:
    actual, target = ind.actual, ind.target
    if actual is None or actual.value is None or target.value is None:
        return False
    if target.kind.value == "lower_bound" and not target.inclusive:
        return Decimal(actual.value) > Decimal(target.value)
    return Decimal(actual.value) >= Decimal(target.value)


def _decided(kb, kind: str, filters: dict[str, Any]) -> set[tuple[str, str, int | str]] | None:
    """What the data alone lists for these filters, or None when the store would decide it."""
    plan = filters.get("plan", CURRENT)
    edition = kb.edition(plan)
    documented = all(i.actual is not None for i in kb.indicators(plan))
    if {"stale"} & set(filters) or ({"rating", "reached"} & set(filters) and not documented):
        return None
    project = filters.get("project")
    if kind == "indicator":
        found = list(kb.indicators(plan))
        if project is not None:
            found = [i for i in found if i.project == project or i.project.split("-")[0] == str(project)]
        if "field" in filters:
            [link] = [link for link in edition.field_links if link.field == filters["field"]]
            found = [i for i in found if i.no in link.indicators]
        if "rating" in filters:
            found = [i for i in found if i.official is not None and i.official.stars in filters["rating"]]
        if "reached" in filters:
            found = [i for i in found if _reached(i)]
        return {("indicator", plan, i.no) for i in found}
    if set(filters) - {"plan", "project"}:
        return None
    if kind == "project" and project is None:
        return {("project", plan, p.no) for p in edition.projects}
    if kind == "section":
        return {
            ("section", plan, sec.id)
            for p in edition.projects
            for sec in p.sections
            if project is None or p.no == project
        }
    if kind == "field" and project is None:
        return {("field", plan, f.id) for f in edition.fields}
    if kind == "overall" and project is None and edition.front is not None:
        return {("overall", plan, o.no) for o in edition.front.overall_indicators}
    return None


def test_given_items_are_the_data_s_list(kb, path):
    wrong = []
    for _, e in _entries(path):
        if "items" not in e:
            continue
        kinds = {s["kind"] for s in e["items"]}
        items = {subject_of(s) for s in e["items"]}
        decided = _decided(kb, next(iter(kinds)), e["filters"]) if len(kinds) == 1 else None
        if decided is None or items != decided or len(items) != len(e["items"]):
            wrong.append(e["q"])
    assert wrong == []


def test_given_counts_are_the_data_s_count(kb, path):
    wrong = []
    for _, e in _entries(path):
        if "count" not in e:
            continue
        decided = _decided(kb, e["of"], e["filters"])
        if decided is None or len(decided) != e["count"]:
            wrong.append((e["q"], e["count"], None if decided is None else len(decided)))
    assert wrong == []


def test_the_rating_table_of_the_1st_revision_is_as_the_set_assumes(kb):
    """The lists and counts of the 1st revision rest on its official ★ (17 of 24 at ★★★ or more)."""
    stars = {i.no: i.official.stars if i.official else None for i in kb.indicators("2021")}
    assert (len(stars), sum(1 for s in stars.values() if s is not None and s >= 3)) == (24, 17)
    assert {n for n, s in stars.items() if s is None} == {7}
