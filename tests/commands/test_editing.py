from datetime import date
from decimal import Decimal

import pytest

from bot.render.text import render
from commands.context import Actor, Context
from commands.parse import execute
from commands.registry import all_commands
from knowledge.store import Store

EDITOR = Actor("1", "alice", editor=True)
ADMIN = Actor("9", "carol", editor=True, admin=True)
VIEWER = Actor("2", "bob")


@pytest.fixture
def store():
    s = Store.open(None)
    yield s
    s.close()


def at(kb, store, actor, today=date(2026, 11, 29)):
    return Context(kb, today=today, store=store, actor=actor)


def test_update_changes_what_indicator_shows(kb, store):
    reply = execute(at(kb, store, EDITOR), "/update 15 value:95.5% as_of:2025年度 note:速報値")
    assert (reply.status, reply.kind, reply.key) == ("ok", "update", 15)
    assert reply.record["text"] == "95.5%" and reply.record["as_of"] == "FY2025"
    text = render(reply)
    assert "変更前" in text and "なし" in text and "95.5%（2025年度（令和7年度）時点）" in text
    shown = execute(at(kb, store, VIEWER), "/indicator 15")
    assert shown.record["latest"] == {"value": 95.5, "unit": "%", "as_of": "FY2025", "text": "95.5%"}
    assert shown.record["rating"]["computed"] == 2
    assert "登録: alice" in render(shown) and "メモ: 速報値" in render(shown)


def test_update_reports_before_and_after(kb, store):
    execute(at(kb, store, EDITOR), "/update 12 value:100件 as_of:2024年度")
    reply = execute(at(kb, store, EDITOR), "/update 12 value:130件 as_of:2025-09")
    assert reply.record["before"] == {"text": "100件", "as_of": "FY2024"}
    assert reply.record["rating"]["after"] == 3


def test_per_three_years_prompt_says_running_total(kb, store):
    reply = execute(at(kb, store, EDITOR), "/update 21 value:30件 as_of:2025年度")
    assert "3年間の合計です" in reply.lines[0]


def test_non_editor_is_refused_and_audited(kb, store):
    reply = execute(at(kb, store, VIEWER), "/update 15 value:95%")
    assert (reply.status, "権限がありません" in reply.message) == ("forbidden", True)
    assert store.latest("2024", 15) is None
    [row] = store.audit_log()
    assert (row.action, row.actor_name, row.detail["attempted"]) == ("denied", "bob", "update")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("/update 15", "値を指定してください"),
        ("/update value:95%", "指標を指定してください"),
        ("/update 15 value:" + "9" * 31, "値（value:）が長すぎます（30文字まで）"),
        ("/update 15 value:95% note:" + "メ" * 201, "メモ（note:）が長すぎます（200文字まで）"),
        ("/update 15 value:abc", "数値として読めません"),
        ("/update 15 value:95% as_of:2023-03", "計画期間"),
        ("/update 15 value:95% as_of:2030-01", "まだ始まっていません"),
        ("/update 12 value:12社", "単位"),
        ("/update 29 value:1", "指標29 はありません"),
    ],
)
def test_bad_updates_are_explained_and_store_nothing(kb, store, line, fragment):
    reply = execute(at(kb, store, EDITOR), line)
    assert reply.status == "invalid" and fragment in reply.message
    assert store.latest_all("2024") == {}


def test_undo_restores_the_previous_value(kb, store):
    ctx = at(kb, store, EDITOR)
    execute(ctx, "/update 16 value:20件 as_of:2024年度")
    second = execute(ctx, "/update 16 value:25件 as_of:2025年度").record["entry"]
    proposal = execute(ctx, "/undo 16")  # no entry chosen: the last one is proposed, nothing withdrawn
    assert (proposal.status, proposal.record["proposed_entry"], store.latest("2024", 16).value_text) == (
        "confirm",
        second,
        "25件",
    )
    reply = execute(ctx, proposal.record["confirm"])
    assert (reply.status, reply.record["latest"]) == ("ok", "20件")
    assert len(store.history("2024", 16)) == 2  # nothing deleted


def test_undo_of_someone_elses_entry_needs_admin(kb, store):
    entry = execute(at(kb, store, ADMIN), "/update 16 value:20件 as_of:2024年度").record["entry"]
    for line in ("/undo 16", f"/undo 16 entry:{entry}"):
        refused = execute(at(kb, store, EDITOR), line)
        assert refused.status == "invalid" and "自分が記録した値だけ" in refused.message
    assert execute(at(kb, store, ADMIN), f"/undo 16 entry:{entry}").status == "ok"


def test_owner_set_and_shown(kb, store):
    reply = execute(at(kb, store, EDITOR), "/owner 15 who:山田 remind:yes")
    assert reply.record == {"no": 15, "owner": "山田", "kind": "user", "remind": True, "cadence": 12}
    shown = render(execute(at(kb, store, VIEWER), "/indicator 15"))
    assert "【担当】\n  山田" in shown
    assert execute(at(kb, store, VIEWER), "/owner 15 who:bob").status == "forbidden"


def test_staleness_is_marked_and_counted(kb, store):
    ctx = at(kb, store, EDITOR)
    assert execute(ctx, "/indicator").record["stale"] == 28
    execute(ctx, "/update 15 value:95% as_of:2026-10")
    assert execute(ctx, "/indicator").record["stale"] == 27
    assert [i["no"] for i in execute(ctx, "/indicator stale:no").record["items"]] == [15]
    assert "更新期限切れ" in render(execute(ctx, "/indicator 16"))
    assert execute(ctx, "/indicator 15").record["freshness"] == {
        "stale": False,
        "due": "2028-05-30",
        "overdue_days": 0,
    }
    assert execute(ctx, "/overview").record["stale"] == 27


def test_list_shows_a_count_not_a_wall_of_warnings(kb, store):
    reply = execute(at(kb, store, EDITOR), "/indicator")
    warnings = [line for line in reply.lines if "期限切れ" in line]
    assert warnings == ["更新期限切れ: 28件（/indicator 期限切れ:はい で一覧できます）"]


def test_audit_lists_writes_newest_first(kb, store):
    ctx = at(kb, store, EDITOR)
    execute(ctx, "/update 15 value:95% as_of:2025年度")
    execute(ctx, "/owner 15 who:山田")
    reply = execute(ctx, "/audit")
    assert [i["action"] for i in reply.record["items"]] == ["owner", "update"]
    assert "alice 記録 指標15 95%（2025年度（令和7年度））" in reply.lines[1]
    assert execute(at(kb, store, VIEWER), "/audit").status == "forbidden"


def test_values_in_another_unit_are_converted(kb, store):
    reply = execute(at(kb, store, EDITOR), "/update 23 value:49,000人 as_of:2025年")
    assert (reply.record["value"], reply.record["text"]) == (str(Decimal("4.9")), "4.9万人")


def test_without_a_store_writes_are_explained(kb):
    assert "データベース" in execute(at(kb, None, EDITOR), "/update 15 value:95%").message


@pytest.mark.parametrize(
    "spec", [s for s in all_commands("console") if s.writes or s.editor_only], ids=lambda s: s.name
)
def test_every_write_command_refuses_a_non_editor(kb, store, spec):
    reply = execute(at(kb, store, VIEWER), spec.example)
    assert reply.status == "forbidden" and "権限がありません" in reply.message
    assert store.latest_all("2024") == {} and store.owners("2024") == {}


def test_cadence_per_indicator_changes_staleness(kb, store):
    ctx = at(kb, store, EDITOR)
    execute(ctx, "/update 15 value:95% as_of:2024-09")
    # a year after 2024-09, then six months until that figure is published, then 30 days' grace
    assert execute(ctx, "/indicator 15").record["freshness"]["stale"] is True
    reply = execute(ctx, "/owner 15 cadence:24")
    assert (reply.status, reply.record["cadence"]) == ("ok", 24)
    shown = execute(ctx, "/indicator 15")
    assert shown.record["freshness"] == {"stale": False, "due": "2027-04-29", "overdue_days": 0}
    assert "2027年3月30日ごろ公表の見込み" in render(shown)
    assert [r.action for r in store.audit_log(limit=2)] == ["cadence", "update"]


@pytest.mark.parametrize(("value", "fragment"), [("0", "1〜60"), ("61", "1〜60"), ("abc", "1〜60の整数")])
def test_bad_cadence_is_explained(kb, store, value, fragment):
    reply = execute(at(kb, store, EDITOR), f"/owner 15 cadence:{value}")
    assert reply.status == "invalid" and fragment in reply.message


def test_non_editor_cannot_change_cadence(kb, store):
    assert execute(at(kb, store, VIEWER), "/owner 15 cadence:6").status == "forbidden"
    assert execute(at(kb, store, VIEWER), "/owner 15").record["cadence"] == 12


def test_audit_shows_a_correction_of_the_same_period_as_old_to_new(kb, store):
    ctx = at(kb, store, EDITOR)
    execute(ctx, "/update 15 value:95% as_of:2025年度")
    execute(ctx, "/update 15 value:96% as_of:R7年度")
    execute(ctx, "/update 15 value:97% as_of:2026年度")
    lines = execute(ctx, "/audit").lines
    assert "alice 記録 指標15 95% → 96%（2025年度（令和7年度））" in lines[1]
    assert "→" not in lines[0] and "→" not in lines[2]  # a new period and the first value are not corrections
