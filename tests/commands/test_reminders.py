import dataclasses
from datetime import date

import pytest

from commands.context import Context
from commands.reminders import Reminder, due_reminders, mark_sent
from knowledge.store import Store


@pytest.fixture
def store():
    s = Store.open(None)
    s.set_owner("2024", 15, "user", "123", "山田", "1", "alice", remind=True)
    yield s
    s.close()


def test_a_stale_spell_is_reminded_once(kb, store):
    ctx = Context(kb, today=date(2026, 11, 29), store=store)
    [reminder] = due_reminders(ctx)
    text = (
        "<@123> 指標15「5G人口カバー率」の実績の更新期限を過ぎています（395日超過）。"
        "2024年度（令和6年度）の値は2025年9月30日ごろ公表の見込みです（期限 2025年10月30日）。"
        "/update 15 で最新の値を記録してください。"
    )
    assert reminder == Reminder("2024", 15, "user", "123", "<@123>", text, "2025-10-30")
    mark_sent(ctx, reminder)
    assert (due_reminders(ctx.fresh()), store.reminded_spells("2024")) == ([], {15: "2025-10-30"})


def test_reminders_are_for_the_plan_in_force(kb, store):
    pinned = dataclasses.replace(kb, pinned_plan="2021")  # the 2nd revision's owners are not its
    assert due_reminders(Context(pinned, today=date(2026, 11, 29), store=store)) == []
