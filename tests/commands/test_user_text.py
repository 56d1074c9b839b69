"""No internal code reaches a user: no UTC, no FY/CY period codes, no English option names."""

import re
from datetime import date

import pytest

from bot.render.text import render
from commands.context import Actor, Context
from commands.parse import execute
from commands.registry import all_commands
from knowledge.store import Store

ADMIN = Actor("1", "alice", editor=True, admin=True)
INTERNAL = re.compile(r"UTC|\bFY20\d\d|\bCY20\d\d|FY20|CY20")
# an option's English name written as typed (stale:yes); /help alone lists both names
_NAMES = "|".join(sorted({o.name for s in all_commands() for o in s.all_options}))
OPTION_NAMES = re.compile(rf"(?<![A-Za-z])(?:{_NAMES}):")
LINES = [
    "/indicator",
    "/indicator 15",
    "/indicator 23",
    "/indicator 7 plan:2021",
    "/indicator stale:yes",
    "/project 4",
    "/project 6-1",
    "/field 6",
    "/overview",
    "/history 15",
    "/history 23",
    "/history 7 plan:2021",
    "/search 水素",
    "/glossary 年度",
    "/tour 6",
    "/audit",
    "/owner 15",
    "/update 15 value:96%",
    "/update 23 value:5万人",
    "/update 15 value:96.5% as_of:2025年度",
    "/undo 15",
    "水素の目標は？",
    "5Gの実績は",
    "遅れている指標は？",
    "計画期間は？",
    "/help",
]


@pytest.fixture
def ctx(kb, tmp_path):
    store = Store.open(tmp_path / "db.sqlite3")
    ctx = Context(kb, today=date(2026, 12, 2), store=store, actor=ADMIN, charts=False)
    for line in (
        "/update 15 value:96% as_of:2025年度",
        "/update 23 value:5万人 as_of:2025年",
        "/owner 15 who:山田",
    ):
        assert execute(ctx, line).ok
    yield ctx
    store.close()


@pytest.mark.parametrize("line", LINES)
def test_no_internal_code_in_what_users_read(ctx, line):
    reply = execute(ctx.fresh(), line)
    shown = render(reply) if reply.ok or reply.status == "confirm" else reply.message
    assert INTERNAL.findall(shown or "") == [], shown
    if line != "/help":
        assert OPTION_NAMES.findall(shown or "") == [], shown


def test_no_internal_code_in_the_digest(ctx):
    from commands.digest import DigestState, build_digest

    digest = build_digest(ctx.fresh(), date(2026, 12, 2), DigestState(day=date(2026, 12, 1), plan="2024"))
    shown = render(digest.reply)
    assert (INTERNAL.findall(shown), OPTION_NAMES.findall(shown)) == ([], []), shown
