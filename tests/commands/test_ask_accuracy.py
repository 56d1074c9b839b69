"""/ask on the question sets written as staff type: a floor that catches regressions.

The figures themselves (right, wrong, abstained per class, against /indicator and /search) are the
benchmark's job: ``python -m bench.ask_bench --heldout``. Here only the development set's floor is
held, so that a change that makes the bot guess wrong more often fails the suite; the held-out
sets are reported by the benchmark, apart, and not asserted (a floor would invite tuning to them).
No timings are asserted.
"""

from collections import Counter
from datetime import date

import pytest

from bench.ask_bench import ABSTAINED, RIGHT, WRONG, judge_ours, load_set, question_files
from commands.ask import ask
from commands.context import Context

MAX_WRONG = 0.01  # a wrong answer is worse than none: the ceiling
MIN_RIGHT = 0.90  # below the 95 % goal on purpose: the floor is for regressions, the bench reports


@pytest.mark.parametrize("path", question_files()[:1], ids=lambda p: p.name)
def test_answers_are_rarely_wrong_and_mostly_right(kb, path):
    ctx = Context(kb, today=date(2026, 11, 29), charts=False)
    qset = load_set(path)
    verdicts = Counter(judge_ours(q, ask(ctx, q.q), ctx.plan) for q in qset.questions)
    total = sum(verdicts.values())
    assert set(verdicts) <= {RIGHT, WRONG, ABSTAINED}
    assert verdicts[WRONG] / total <= MAX_WRONG, verdicts
    assert verdicts[RIGHT] / total >= MIN_RIGHT, verdicts
