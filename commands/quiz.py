"""/quiz: a five-question self-check generated from the data, so it stays true when the data changes."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from commands import format as fmt
from commands.context import Context
from commands.registry import QUIZ, command
from commands.replies import Reply, ReplyField
from knowledge import Edition

SIZE = 5
LETTERS = "ABCD"


@dataclass(frozen=True)
class Question:
    """One multiple-choice question with its answer and where to review it."""

    kind: str
    subject: int | str  # the indicator, field or section the question is about
    text: str
    choices: tuple[str, ...]
    answer: int
    review: str


@dataclass(frozen=True)
class Quiz:
    """A reproducible set of questions: the same seed gives the same quiz."""

    seed: int
    questions: tuple[Question, ...]
    plan: str  # whose data the questions come from, so that the answers are checked against it


def _pick_choices(
    rng: random.Random, correct: str, pool: list[str], n: int = 4
) -> tuple[tuple[str, ...], int]:
    distractors = [p for p in dict.fromkeys(pool) if p != correct]
    choices = [correct, *rng.sample(distractors, min(n - 1, len(distractors)))]
    rng.shuffle(choices)
    return tuple(choices), choices.index(correct)


def _indicator_project(kb: Edition, rng: random.Random) -> Question:
    ind = rng.choice(kb.indicators)
    project = kb.project(ind.project_no)
    assert project is not None
    choices, answer = _pick_choices(rng, project.name, [p.name for p in kb.projects])
    text = f"指標{ind.no}「{ind.name}」は、どのプロジェクトの指標ですか？"
    return Question("indicator_project", ind.no, text, choices, answer, f"/indicator {ind.no}")


def _indicator_target(kb: Edition, rng: random.Random) -> Question:
    ind = rng.choice(kb.indicators)
    same_unit = [i.target.text for i in kb.indicators if i.target.unit == ind.target.unit]
    pool = same_unit if len(set(same_unit)) >= 4 else [i.target.text for i in kb.indicators]
    choices, answer = _pick_choices(rng, ind.target.text, pool)
    text = f"指標{ind.no}「{ind.name}」の目標値はどれですか？"
    return Question("indicator_target", ind.no, text, choices, answer, f"/indicator {ind.no}")


def _indicator_baseline(kb: Edition, rng: random.Random) -> Question:
    ind = rng.choice([i for i in kb.indicators if not i.baseline.is_missing])
    pool = [i.baseline.text for i in kb.indicators if not i.baseline.is_missing]
    choices, answer = _pick_choices(rng, ind.baseline.text, pool)
    text = f"指標{ind.no}「{ind.name}」の現状値（{fmt.period_label(ind.baseline.period)}）はどれですか？"
    return Question("indicator_baseline", ind.no, text, choices, answer, f"/indicator {ind.no}")


def _field_category(kb: Edition, rng: random.Random) -> Question:
    item = rng.choice(kb.fields)
    categories = list(dict.fromkeys(f.category for f in kb.fields))
    text = f"重点成長分野「{item.name}」は、どの区分に入りますか？"
    return Question(
        "field_category",
        item.id,
        text,
        tuple(categories),
        categories.index(item.category),
        f"/field {item.id}",
    )


def _new_field(kb: Edition, rng: random.Random) -> Question:
    new = rng.choice([f for f in kb.fields if f.new])
    choices, answer = _pick_choices(rng, new.name, [f.name for f in kb.fields if not f.new])
    text = f"今回の改定（{kb.name}）で新たに加わった重点成長分野はどれですか？"
    return Question("new_field", new.id, text, choices, answer, f"/field {new.id}")


def _section_project(kb: Edition, rng: random.Random) -> Question:
    section = rng.choice([s for p in kb.projects for s in p.sections])
    owner = kb.project(int(section.id.split("-")[0]))
    assert owner is not None
    choices, answer = _pick_choices(rng, owner.name, [p.name for p in kb.projects])
    text = f"取組「{section.title}」は、どのプロジェクトに含まれますか？"
    return Question("section_project", section.id, text, choices, answer, f"/project {section.id}")


def _indicator_basis(kb: Edition, rng: random.Random) -> Question:
    calendar = [i for i in kb.indicators if i.calendar_basis]
    fiscal = [i for i in kb.indicators if not i.calendar_basis]
    ind = rng.choice(calendar if calendar and rng.random() < 0.5 else fiscal)
    choices = ("年度（4月〜翌年3月）", "暦年（1月〜12月）")
    text = f"指標{ind.no}「{ind.name}」は、年度と暦年のどちらで数えますか？"
    return Question("indicator_basis", ind.no, text, choices, int(ind.calendar_basis), f"/indicator {ind.no}")


GENERATORS: tuple[Callable[[Edition, random.Random], Question], ...] = (
    _indicator_project,
    _indicator_target,
    _indicator_baseline,
    _field_category,
    _new_field,
    _section_project,
    _indicator_basis,
)


def _usable(edition: Edition) -> list[Callable[[Edition, random.Random], Question]]:
    """The kinds of question a plan's data can ask (a plan known only from its table has no fields)."""
    needs: dict[Callable[[Edition, random.Random], Question], bool] = {
        _indicator_project: bool(edition.projects),
        _field_category: len({f.category for f in edition.fields}) >= 2,
        _new_field: any(f.new for f in edition.fields) and any(not f.new for f in edition.fields),
        _section_project: any(p.sections for p in edition.projects),
        _indicator_baseline: any(not i.baseline.is_missing for i in edition.indicators),
    }
    return [g for g in GENERATORS if needs.get(g, True)]


def make_quiz(edition: Edition, seed: int, size: int = SIZE) -> Quiz:
    """Questions of different kinds on one plan, chosen and shuffled by ``seed``."""
    rng = random.Random(seed)
    usable = _usable(edition)
    generators = rng.sample(usable, min(size, len(usable)))
    return Quiz(seed, tuple(g(edition, rng) for g in generators), edition.id)


def question_reply(ctx: Context, quiz: Quiz, index: int) -> Reply:
    """Question ``index`` (0-based) with lettered choices."""
    q = quiz.questions[index]
    lines = [q.text, *(f"{LETTERS[i]}. {c}" for i, c in enumerate(q.choices))]
    return Reply(
        status="ok",
        kind="quiz",
        title=f"確認クイズ {index + 1}/{len(quiz.questions)}",
        lines=tuple(lines),
        footer=f"クイズ番号 {quiz.seed} ・ データ版 {ctx.kb.version}",
        key=quiz.seed,
        record=_record(quiz, index),
    )


def _record(quiz: Quiz, index: int | None = None) -> dict[str, Any]:
    return {
        "seed": quiz.seed,
        "plan": quiz.plan,
        "index": index,
        "questions": [
            {
                "kind": q.kind,
                "text": q.text,
                "choices": list(q.choices),
                "answer": q.answer,
                "review": q.review,
            }
            for q in quiz.questions
        ],
    }


def result_reply(ctx: Context, quiz: Quiz, answers: list[int]) -> Reply:
    """The score, each question marked right or wrong, and what to review for the missed ones."""
    rows = []
    missed = []
    for n, (q, given) in enumerate(zip(quiz.questions, answers, strict=True), start=1):
        right = given == q.answer
        mark = "○" if right else "×"
        rows.append(f"{mark} {n}. {q.text}\n　正解: {q.choices[q.answer]}")
        if not right:
            missed.append(q)
    score = len(quiz.questions) - len(missed)
    fields = [ReplyField("答え合わせ", "\n".join(rows))]
    if missed:
        fields.append(ReplyField("見直すとよいところ", "\n".join(f"・{q.review}" for q in missed)))
    comment = "全問正解です！" if not missed else "まちがえたところを見直してみましょう。"
    return Reply(
        status="ok",
        kind="quiz",
        title=f"確認クイズの結果: {score}/{len(quiz.questions)}問正解",
        lines=(comment,),
        fields=tuple(fields),
        footer=f"クイズ番号 {quiz.seed} ・ データ版 {ctx.kb.version}",
        key=quiz.seed,
        record={**_record(quiz), "answers": answers, "score": score},
        links=(*((q.review, q.review) for q in missed), ("もう一度", "/quiz")),
    )


@command(QUIZ)
def quiz(ctx: Context, number: int | None = None) -> Reply:
    """Answer /quiz: start a quiz (a number picks a reproducible quiz), showing its first question."""
    seed = number if number is not None else random.SystemRandom().randrange(1, 10**6)
    return question_reply(ctx, make_quiz(ctx.kb.edition(ctx.plan), seed), 0)
