"""/quiz: a five-question self-check drawn from a bank of every question the data can ask.

The bank (``_bank.py``) is built from the data, so it stays true when the data changes.  A quiz draws
its questions from different parts of the document, a part with more questions a little more often
(up to a cap), so that no one question turns up in most quizzes.  The quiz number seeds the draw:
the same number gives the same quiz.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from commands.context import Context
from commands.quiz._bank import CHOICES, PARTS, Item, question_bank
from commands.registry import QUIZ, QUIZ_NUMBERS, command
from commands.replies import Reply, ReplyField
from knowledge import Knowledge

SIZE = 5
LETTERS = "ABCD"[:CHOICES]
# A part weighs as many questions as it has, up to this: the big parts (indicators, results) are
# drawn a little more often than the small ones, but not so often that the small parts' few
# questions come round in quiz after quiz.
PART_WEIGHT_CAP = 8

__all__ = [
    "LETTERS",
    "PARTS",
    "SIZE",
    "Item",
    "Question",
    "Quiz",
    "answer_reply",
    "feedback_lines",
    "make_quiz",
    "question_bank",
    "question_reply",
    "quiz",
    "result_reply",
]


@dataclass(frozen=True)
class Question:
    """One multiple-choice question with its answer, its explanation and where it comes from."""

    kind: str
    part: str
    subject: int | str  # the indicator, field, section or term the question is about
    text: str
    choices: tuple[str, ...]
    answer: int
    review: str
    explanation: str
    source: str  # the heading of the document's section

    @property
    def right(self) -> str:
        """The right choice."""
        return self.choices[self.answer]


@dataclass(frozen=True)
class Quiz:
    """A reproducible set of questions: the same seed gives the same quiz."""

    seed: int
    questions: tuple[Question, ...]
    plan: str  # whose data the questions come from, so that the answers are checked against it


def _ask(item: Item, rng: random.Random) -> Question:
    """The item as one question: one right answer and up to three wrong ones, shuffled."""
    right = rng.choice(item.answers)
    wrong = rng.sample(item.others, min(CHOICES - 1, len(item.others)))
    choices = [right, *wrong]
    rng.shuffle(choices)
    return Question(
        item.kind,
        item.part,
        item.subject,
        item.text,
        tuple(choices),
        choices.index(right),
        item.review,
        item.explanation,
        item.source,
    )


def _draw(bank: tuple[Item, ...], rng: random.Random, size: int) -> list[Item]:
    """``size`` items, each from a different part while there are parts enough."""
    parts: dict[str, list[Item]] = {}
    for item in bank:
        parts.setdefault(item.part, []).append(item)
    distinct = len(parts) >= size
    picked: list[Item] = []
    while len(picked) < size and parts:
        names = list(parts)
        part = rng.choices(names, weights=[min(len(parts[p]), PART_WEIGHT_CAP) for p in names])[0]
        item = rng.choice(parts[part])
        picked.append(item)
        parts[part].remove(item)
        if distinct or not parts[part]:
            del parts[part]
    return picked


def make_quiz(kb: Knowledge, plan: str, seed: int, size: int = SIZE) -> Quiz:
    """Questions on one plan from different parts of the document, chosen and shuffled by ``seed``."""
    rng = random.Random(seed)
    picked = _draw(question_bank(kb, plan), rng, size)
    return Quiz(seed, tuple(_ask(item, rng) for item in picked), plan)


def _question_lines(quiz: Quiz, index: int) -> list[str]:
    q = quiz.questions[index]
    return [f"問{index + 1}. {q.text}", *(f"{LETTERS[i]}. {c}" for i, c in enumerate(q.choices))]


def feedback_lines(quiz: Quiz, index: int, given: int) -> tuple[str, ...]:
    """Whether answer ``given`` to question ``index`` was right, with the explanation and the source."""
    q = quiz.questions[index]
    verdict = "○ 正解です。" if given == q.answer else f"× 不正解です。正解は {LETTERS[q.answer]}. {q.right}"
    return (verdict, f"解説: {q.explanation}", f"出典: 「{q.source}」")


def question_reply(ctx: Context, quiz: Quiz, index: int, given: int | None = None) -> Reply:
    """Question ``index`` (0-based) with lettered choices; after ``given``, the verdict on the one before."""
    lines = _question_lines(quiz, index)
    answered = None
    if given is not None and index > 0:
        before = quiz.questions[index - 1]
        lines = [f"問{index}の答え", *feedback_lines(quiz, index - 1, given), "", *lines]
        answered = {"index": index - 1, "given": given, "correct": given == before.answer}
    return Reply(
        status="ok",
        kind="quiz",
        title=f"確認クイズ {index + 1}/{len(quiz.questions)}",
        lines=tuple(lines),
        footer=f"クイズ番号 {quiz.seed} ・ データ版 {ctx.kb.version}",
        key=quiz.seed,
        record={**_record(quiz, index), "answered": answered},
    )


def _record(quiz: Quiz, index: int | None = None) -> dict[str, Any]:
    return {
        "seed": quiz.seed,
        "plan": quiz.plan,
        "index": index,
        "questions": [
            {
                "kind": q.kind,
                "part": q.part,
                "text": q.text,
                "choices": list(q.choices),
                "answer": q.answer,
                "review": q.review,
                "explanation": q.explanation,
                "source": q.source,
            }
            for q in quiz.questions
        ],
    }


def result_reply(ctx: Context, quiz: Quiz, answers: list[int]) -> Reply:
    """The score, each question marked right or wrong with its explanation and source, and what to review."""
    fields = []
    missed = []
    for n, (q, given) in enumerate(zip(quiz.questions, answers, strict=True), start=1):
        right = given == q.answer
        yours = "" if right else f"\nあなたの答え: {LETTERS[given]}. {q.choices[given]}"
        fields.append(
            ReplyField(
                f"{'○' if right else '×'} 問{n}（{PARTS.get(q.part, q.part)}）",
                f"{q.text}\n正解: {LETTERS[q.answer]}. {q.right}{yours}\n解説: {q.explanation}\n出典: 「{q.source}」",
            )
        )
        if not right:
            missed.append(q)
    score = len(quiz.questions) - len(missed)
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


def answer_reply(ctx: Context, quiz: Quiz, answers: list[int]) -> Reply:
    """What a player sees after an answer: the verdict and the next question, or after the last, the result."""
    if len(answers) >= len(quiz.questions):
        return result_reply(ctx, quiz, answers[: len(quiz.questions)])
    return question_reply(ctx, quiz, len(answers), answers[-1] if answers else None)


@command(QUIZ)
def quiz(ctx: Context, number: int | None = None) -> Reply:
    """Answer /quiz: start a quiz (a number picks a reproducible quiz), showing its first question."""
    seed = number if number is not None else random.SystemRandom().choice(QUIZ_NUMBERS)
    return question_reply(ctx, make_quiz(ctx.kb, ctx.plan, seed), 0)
