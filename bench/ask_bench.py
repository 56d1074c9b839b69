"""Benchmark of /ask on the staff question set, against /indicator and /search on the same questions.

Run from the repository root:  .venv/bin/python -m bench.ask_bench [--heldout] [--show-misses]

Reads tests/commands/ask_questions.yaml (the development part) and, with --heldout or whenever it
exists, ask_questions_heldout.yaml (the held-out part), and reports each part separately: per class
the share of questions answered right, wrong and abstained by /ask and by the two baselines, then
the totals beside the goals, and /ask's handler time (p50/p99 over the part, 3 rounds).  The judging
rules are the ones in the question file's header; the timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

QUESTION_DIR = ROOT / "tests" / "commands"
DEV_FILE = QUESTION_DIR / "ask_questions.yaml"
HELDOUT_FILE = QUESTION_DIR / "ask_questions_heldout.yaml"


# Held-out parts, each written later than the one before and scored apart: ask_questions_heldout.yaml,
# ask_questions_heldout2.yaml, …
def _written(path: Path) -> int:
    """Where a held-out part comes in the order of writing: heldout.yaml is 1, heldout10.yaml is 10."""
    return int(path.stem.removeprefix("ask_questions_heldout") or 1)


# in the order they were written (heldout10 after heldout9, not after heldout), so that a check of
# "earlier parts" names the newer part's question
HELDOUT_FILES = sorted({HELDOUT_FILE, *QUESTION_DIR.glob("ask_questions_heldout*.yaml")}, key=_written)
PARTS = {DEV_FILE.name: "development", **{f.name: "heldout" for f in HELDOUT_FILES}}

TODAY = date(2026, 11, 29)
ROUNDS = 3
GOALS = {"right": 95.0, "wrong": 1.0, "p99_ms": 10.0}

RIGHT, WRONG, ABSTAINED = "right", "wrong", "abstained"

Subject = tuple[str, str, int | str]  # (kind, plan, key)


# -- the question set ---------------------------------------------------------------------------------


def subject_of(data: dict[str, Any]) -> Subject:
    """A subject written as {kind, plan, key} as a comparable tuple."""
    return (data["kind"], data["plan"], data["key"])


@dataclass(frozen=True)
class Question:
    """One entry of the set, with the class it is filed under."""

    cls: str
    q: str
    intent: str | None = None
    subjects: tuple[Subject, ...] = ()  # acceptable first subjects (subject, or subject_any)
    filters: dict[str, Any] | None = None
    of: str | None = None
    items: frozenset[Subject] | None = None
    count: int | None = None
    expect: str | None = None  # not_found | abstain
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def describe(self) -> str:
        """The expected answer, in one line."""
        if self.expect:
            return f"expect {self.expect}"
        parts = [f"intent {self.intent}"]
        if self.subjects:
            parts.append(" | ".join(_subject_text(s) for s in self.subjects))
        if self.filters is not None:
            parts.append(f"filters {self.filters}")
        if self.of is not None:
            parts.append(f"of {self.of}")
        if self.count is not None:
            parts.append(f"count {self.count}")
        if self.items is not None:
            parts.append(f"{len(self.items)} items")
        return ", ".join(parts)


@dataclass(frozen=True)
class QuestionSet:
    """A question file: its part and its questions in file order."""

    path: Path
    part: str
    classes: dict[str, list[Question]]

    @property
    def questions(self) -> list[Question]:
        """Every question, class by class."""
        return [q for qs in self.classes.values() for q in qs]


def load_set(path: Path) -> QuestionSet:
    """Read a question file (development or held-out, same format)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    classes: dict[str, list[Question]] = {}
    for cls, entries in data["classes"].items():
        classes[cls] = [_question(cls, e) for e in entries]
    return QuestionSet(path=path, part=data["part"], classes=classes)


def _question(cls: str, e: dict[str, Any]) -> Question:
    subjects = tuple(
        subject_of(s) for s in ([e["subject"]] if "subject" in e else []) + e.get("subject_any", [])
    )
    items = frozenset(subject_of(s) for s in e["items"]) if "items" in e else None
    return Question(
        cls=cls,
        q=e["q"],
        intent=e.get("intent"),
        subjects=subjects,
        filters=e.get("filters"),
        of=e.get("of"),
        items=items,
        count=e.get("count"),
        expect=e.get("expect"),
        raw=e,
    )


def question_files(heldout: bool = False) -> list[Path]:
    """The development file, and the held-out one when asked for or present."""
    files = [DEV_FILE]
    files += [f for f in HELDOUT_FILES if heldout or f.exists()]
    return files


def fold(text: str) -> str:
    """A question as compared for duplicates: NFKC, case folded, spaces removed."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


# -- judging ------------------------------------------------------------------------------------------


def _subject_text(s: Subject | None) -> str:
    return "—" if s is None else f"{s[0]} {s[2]} ({s[1]})"


def normal_filters(filters: dict[str, Any] | None, current: str) -> dict[str, Any] | None:
    """Filters as compared: rating sorted, a plan equal to the plan in force left out."""
    if filters is None:
        return None
    out = dict(filters)
    if out.get("plan") == current:
        del out["plan"]
    if isinstance(out.get("rating"), list | tuple):
        out["rating"] = sorted(out["rating"])
    return out


def _reply_subject(record: dict[str, Any]) -> Subject | None:
    subjects = record.get("subjects") or []
    first = subjects[0] if subjects else None
    if not isinstance(first, dict) or not {"kind", "plan", "key"} <= first.keys():
        return None
    return subject_of(first)


def judge_ours(question: Question, reply: Any, current: str) -> str:
    """right / wrong / abstained for /ask's reply, by the rules in the question file's header."""
    if question.expect == "not_found":
        if reply.status == "not_found":
            return RIGHT
        return WRONG if reply.status == "ok" else ABSTAINED
    if question.expect == "abstain":
        return RIGHT if reply.status != "ok" else WRONG
    if reply.status != "ok":
        return ABSTAINED
    record = reply.record or {}
    if record.get("intent") != question.intent:
        return WRONG
    if question.subjects and _reply_subject(record) not in question.subjects:
        return WRONG
    if question.filters is not None and normal_filters(record.get("filters"), current) != normal_filters(
        question.filters, current
    ):
        return WRONG
    if question.of is not None and record.get("of") != question.of:
        return WRONG
    if question.count is not None and record.get("count") != question.count:
        return WRONG
    if question.items is not None:
        try:
            got = frozenset(subject_of(i) for i in record.get("items") or [])
        except (KeyError, TypeError):
            return WRONG
        if got != question.items:
            return WRONG
    return RIGHT


def judge_baseline(question: Question, named: Subject | None, ok: bool) -> str:
    """right / wrong / abstained for a baseline: only the subject it names is checked (not the intent)."""
    if question.expect:
        return RIGHT if not ok else WRONG
    if not ok:
        return ABSTAINED
    return RIGHT if question.subjects and named in question.subjects else WRONG


def indicator_named(ctx: Any, reply: Any) -> Subject | None:
    """The indicator an /indicator reply shows, if it shows one."""
    if reply.status != "ok" or reply.kind != "indicator" or reply.key is None:
        return None
    return ("indicator", (reply.record or {}).get("plan", ctx.plan), reply.key)


def search_named(ctx: Any, reply: Any) -> Subject | None:
    """What a /search reply lists first: the first item of its first group."""
    if reply.status != "ok" or not reply.record or not reply.record.get("groups"):
        return None
    group = reply.record["groups"][0]
    if not group["items"]:
        return None
    kind, key = group["kind"], group["items"][0]["key"]
    if kind.startswith("indicator:"):
        return ("indicator", kind.split(":", 1)[1], key)
    if kind in ("project", "section", "field"):
        return (kind, ctx.plan, key)
    if kind == "term":
        terms = ctx.kb.glossary
        return ("glossary", ctx.plan, terms[key - 1].term) if 1 <= key <= len(terms) else None
    if kind == "support_measure":
        return ("plan", ctx.plan, "support")
    return None  # an action names no item the set asks about


# -- running ------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one handler did with one question."""

    verdict: str
    got: str


@dataclass
class PartResult:
    """Every outcome of a part, per handler, and /ask's timings."""

    qset: QuestionSet
    outcomes: dict[str, list[Outcome]]
    timings_ms: list[float]


def _safe(fn: Callable[..., Any], ctx: Any, text: str) -> tuple[Any | None, str]:
    try:
        return fn(ctx, text), ""
    except Exception as exc:  # a crash is reported as a wrong answer, with what was raised
        return None, f"{type(exc).__name__}: {exc}"


def _ours_got(reply: Any) -> str:
    if reply.status != "ok":
        return f"{reply.status}: {(reply.message or '')[:60]}"
    record = reply.record or {}
    parts = [f"ok intent {record.get('intent')}", _subject_text(_reply_subject(record))]
    for key in ("filters", "of", "count"):
        if key in record:
            parts.append(f"{key} {record[key]}")
    if "items" in record:
        parts.append(f"{len(record['items'] or [])} items")
    return ", ".join(parts)


def fresh_context() -> Any:
    """A context over newly loaded knowledge, settled as the bot settles it after loading."""
    from bot.memory import settle
    from commands.context import Context
    from knowledge import load_knowledge

    ctx = Context(load_knowledge(), today=TODAY, charts=False)
    settle()
    return ctx


def run_part(new_context: Callable[[], Any], qset: QuestionSet) -> PartResult:
    """Ask every question of a part of /ask and the two baselines; time /ask over ROUNDS rounds.

    Each round asks over newly loaded knowledge, so that no round is timed on what the matcher
    kept from the same question in the round before.
    """
    from commands.ask import ask
    from commands.indicator import indicator
    from commands.search import search

    outcomes: dict[str, list[Outcome]] = {"ask": [], "indicator": [], "search": []}
    timings: list[float] = []
    questions = qset.questions
    for round_no in range(ROUNDS):
        ctx = new_context()
        current = ctx.plan
        for question in questions:
            start = time.perf_counter()
            reply, error = _safe(ask, ctx, question.q)
            timings.append((time.perf_counter() - start) * 1000)
            if round_no:
                continue
            if reply is None:
                outcomes["ask"].append(Outcome(WRONG, f"raised {error}"))
            else:
                outcomes["ask"].append(Outcome(judge_ours(question, reply, current), _ours_got(reply)))
    for name, fn, named in (("indicator", indicator, indicator_named), ("search", search, search_named)):
        for question in questions:
            reply, error = _safe(fn, ctx, question.q)
            if reply is None:
                outcomes[name].append(Outcome(WRONG, f"raised {error}"))
                continue
            subject = named(ctx, reply)
            outcomes[name].append(
                Outcome(judge_baseline(question, subject, reply.status == "ok"), _subject_text(subject))
            )
    return PartResult(qset=qset, outcomes=outcomes, timings_ms=timings)


# -- reporting ----------------------------------------------------------------------------------------


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0–100) of samples, nearest rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def shares(verdicts: list[str]) -> tuple[float, float, float]:
    """(right, wrong, abstained) in percent."""
    n = len(verdicts) or 1
    return tuple(100 * verdicts.count(v) / n for v in (RIGHT, WRONG, ABSTAINED))  # type: ignore[return-value]


def _cells(verdicts: list[str]) -> str:
    r, w, a = shares(verdicts)
    return f"{r:5.1f} {w:5.1f} {a:5.1f}"


HANDLERS = (("ask", "/ask (ours)"), ("indicator", "/indicator"), ("search", "/search"))


def report(result: PartResult, show_misses: bool) -> None:
    """Print a part's table, totals against the goals, timings and (optionally) the misses."""
    qset = result.qset
    questions = qset.questions
    print(f"\n== {qset.part} part: {qset.path.relative_to(ROOT)} — {len(questions)} questions ==")
    header = f"{'class':<18} {'n':>4}  " + "  ".join(f"{label:^17}" for _, label in HANDLERS)
    sub = f"{'':<18} {'':>4}  " + "  ".join(f"{'right wrong abst':^17}" for _ in HANDLERS)
    print(header)
    print(sub)
    start = 0
    for cls, qs in qset.classes.items():
        end = start + len(qs)
        cells = "  ".join(
            f"{_cells([o.verdict for o in result.outcomes[h][start:end]]):^17}" for h, _ in HANDLERS
        )
        print(f"{cls:<18} {len(qs):>4}  {cells}")
        start = end
    cells = "  ".join(f"{_cells([o.verdict for o in result.outcomes[h]]):^17}" for h, _ in HANDLERS)
    print(f"{'total':<18} {len(questions):>4}  {cells}")
    print("(percent of questions; baselines are judged on the subject they name alone — intent, filters")
    print(" and counts cannot be checked for them — which flatters them)")

    right, wrong, _ = shares([o.verdict for o in result.outcomes["ask"]])
    p50 = statistics.median(result.timings_ms)
    p99 = percentile(result.timings_ms, 99)

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print(f"/ask right     {right:6.1f} %   goal ≥ {GOALS['right']:.0f} %   {mark(right >= GOALS['right'])}")
    print(f"/ask wrong     {wrong:6.1f} %   goal ≤ {GOALS['wrong']:.0f} %    {mark(wrong <= GOALS['wrong'])}")
    print(
        f"/ask handler   p50 {p50:.2f} ms, p99 {p99:.2f} ms over {len(result.timings_ms)} calls "
        f"({ROUNDS} rounds)   goal p99 ≤ {GOALS['p99_ms']:.0f} ms   {mark(p99 <= GOALS['p99_ms'])}"
    )
    if show_misses:
        misses = [
            (q, o) for q, o in zip(questions, result.outcomes["ask"], strict=True) if o.verdict != RIGHT
        ]
        print(f"\n-- /ask misses in the {qset.part} part ({len(misses)}) --")
        for question, outcome in misses:
            print(f"[{outcome.verdict}] {question.cls}: {question.q}")
            print(f"    expected {question.describe()}")
            print(f"    got      {outcome.got}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", action="store_true", help="also score the held-out part")
    parser.add_argument(
        "--show-misses", action="store_true", help="list every question /ask got wrong or abstained on"
    )
    args = parser.parse_args(argv)

    ctx = fresh_context()
    print(f"/ask benchmark — today {TODAY}, plan in force {ctx.plan}, charts off")
    print(
        f"goals: right ≥ {GOALS['right']:.0f} %, wrong ≤ {GOALS['wrong']:.0f} %, handler p99 ≤ {GOALS['p99_ms']:.0f} ms"
    )
    for path in question_files(args.heldout):
        if not path.exists():
            print(f"\n== {PARTS[path.name]} part: {path.relative_to(ROOT)} has not been written yet ==")
            continue
        report(run_part(fresh_context, load_set(path)), args.show_misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
