"""Property tests: whatever people type, every command answers within Discord's limits and never raises."""

import random
from datetime import date
from typing import get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.render.discord import render as to_embeds
from bot.render.discord import within_limits
from bot.render.text import render as to_text
from commands.context import Actor, Context
from commands.parse import execute
from commands.registry import all_commands
from commands.replies import Status
from knowledge import load_knowledge
from knowledge.store import Store
from knowledge.transfer import validate

KB = load_knowledge()
FUZZ = Actor("1", "fuzz", editor=True, admin=True)


def _ctx() -> Context:
    """A fresh in-memory store for each example, so a failing example replays exactly."""
    return Context(KB, today=date(2026, 11, 29), store=Store.open(None), actor=FUZZ)


NAMES = [f"/{s.name}" for s in all_commands()] + [f"/{s.ja}" for s in all_commands()] + ["/nope", ""]
OPTIONS = [
    "plan",
    "project",
    "rating",
    "stale",
    "value",
    "as_of",
    "note",
    "source",
    "who",
    "remind",
    "計画",
    "bogus",
]
NUMBERS = st.integers(min_value=-(10**30), max_value=10**30).map(str)
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    NUMBERS,
    st.sampled_from(
        ["'; DROP TABLE entries; --", "@everyone", "\x00\x1b[31m", "😀" * 50, "１５", "3-2", "No.99"]
    ),
)


def _check(reply):
    # every status a reply may have, confirm included (an /update that asks before it records)
    assert reply.status in get_args(Status)
    assert reply.ok or reply.message
    assert all(within_limits(message.embeds) for message in to_embeds(reply))
    assert isinstance(to_text(reply), str)
    reply.to_json()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NAMES), TEXT, st.lists(st.tuples(st.sampled_from(OPTIONS), TEXT), max_size=3))
def test_any_command_line_gets_a_valid_answer(name, query, options):
    opts = " ".join(f"{k}:{v.replace(' ', '')}" for k, v in options)
    _check(execute(_ctx(), f"{name} {query} {opts}"))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=5000))
def test_any_raw_line_gets_a_valid_answer(line):
    _check(execute(_ctx(), line))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_as_csv_are_refused_or_read_never_raised(data):
    result = validate(KB, Store.open(None), data, date(2026, 11, 29))
    assert result.file_error or all(p.line >= 2 for p in result.problems)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-5, 40), st.text(max_size=15), st.text(max_size=15), st.text(max_size=30)),
        max_size=8,
    )
)
def test_any_csv_rows_validate_without_raising(rows):
    def cell(value) -> str:
        return "".join(ch for ch in str(value) if ch not in ',"\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029')

    lines = ["indicator,value,as_of,note"] + [",".join(cell(c) for c in row) for row in rows]
    result = validate(KB, Store.open(None), "\n".join(lines).encode(), date(2026, 11, 29))
    assert result.file_error is None
    assert len(result.rows) + len(result.problems) <= len(rows)


def fuzz_strings(seed: int, count: int) -> list[str]:
    """Arbitrary Unicode (every plane, controls, huge), seeded so a failure can be replayed."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        size = rng.choice([0, 1, 3, 20, 150, 199])
        out.append(
            "".join(
                chr(
                    rng.choice(
                        [
                            rng.randrange(0x20),
                            rng.randrange(0x3000, 0x9FFF),
                            rng.randrange(0x1F000, 0x1FAFF),
                            rng.randrange(0x20, 0x7F),
                        ]
                    )
                )
                for _ in range(size)
            )
        )
    return out
