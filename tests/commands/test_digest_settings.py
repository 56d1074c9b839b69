from datetime import date, datetime, time

import pytest

from commands.context import Actor, Context
from commands.digest_settings import digest_settings, load_config, parse_time
from knowledge.store import SavedDigestConfig, Store
from knowledge.values import JST, parse_day

MANAGER = Actor("1", "管理者", editor=True, admin=True)
EDITOR = Actor("2", "編集者", editor=True)
NOW = datetime(2026, 11, 29, 8, 0, tzinfo=JST)
DEFAULTS = {"default_channel_id": 42, "default_time": time(9, 0), "now": NOW}


@pytest.fixture
def store():
    s = Store.open(None)
    yield s
    s.close()


def ctx(kb, store, actor=MANAGER):
    return Context(kb, today=NOW.date(), store=store, actor=actor)


@pytest.mark.parametrize(
    ("text", "expected"), [("09:00", time(9)), ("9:05", time(9, 5)), ("０７：３０", time(7, 30))]
)
def test_times_are_read_as_hh_mm(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "09:60", "9時", "", "0900"])
def test_other_times_are_not(text):
    assert parse_time(text) is None


def test_days_are_read_in_several_forms():
    assert parse_day("2026-11-29") == parse_day("２０２６/11/29") == date(2026, 11, 29)
    assert parse_day("2026-13-01") is None and parse_day("あした") is None


def test_stored_settings_win_over_the_defaults_and_unset_ones_are_the_defaults(store):
    assert load_config(store, channel_id=42, time=time(9, tzinfo=JST)).to_json() == {
        "channel_id": "42",
        "time": "09:00",
        "enabled": True,
        "skip_quiet": False,
    }
    store.save_digest_config(SavedDigestConfig(7, time(7, 30), enabled=False, skip_quiet=True))
    config = load_config(store, channel_id=42, time=time(9))
    assert (config.channel_id, config.time, config.enabled, config.skip_quiet) == (
        7,
        time(7, 30),
        False,
        True,
    )
    store.save_digest_config(SavedDigestConfig())
    config = load_config(store, channel_id=42, time=time(9))
    assert (config.channel_id, config.time, config.enabled, config.skip_quiet) == (42, time(9), True, False)
    assert load_config(None, channel_id=None, time=time(9)).channel_id is None


def test_showing_says_where_when_and_whats_next_in_japan_time(kb, store):
    reply = digest_settings(ctx(kb, store), **DEFAULTS)
    assert reply.ok and reply.ephemeral is False and reply.title == "日次ダイジェストの設定"
    assert reply.lines == (
        "投稿先: <#42>",
        "時刻: 09:00（日本時間）",
        "配信: 有効",
        "変化のない日: 短い版を投稿する",
        "本日（2026年11月29日）: まだ（時刻前）",
        "次回の予定: 2026年11月29日 09:00（日本時間）",
    )
    late = digest_settings(ctx(kb, store), **{**DEFAULTS, "now": datetime(2026, 11, 30, 23, 0, tzinfo=JST)})
    assert late.lines[-2:] == ("本日（2026年11月30日）: まだ", "次回の予定: 2026年12月1日 09:00（日本時間）")


def test_changing_saves_audits_and_shows_the_result(kb, store):
    reply = digest_settings(ctx(kb, store), 7, "０７：３０", False, True, **DEFAULTS)
    assert reply.ok and reply.lines[0] == "ダイジェストの設定を保存しました。"
    assert "時刻: 07:30（日本時間）" in reply.lines and "配信: 停止中" in reply.lines
    assert store.digest_config() == SavedDigestConfig(7, time(7, 30), enabled=False, skip_quiet=True)
    [row] = store.audit_log()
    assert row.action == "digest_settings" and row.actor_name == "管理者"
    warned = digest_settings(ctx(kb, store), 8, **DEFAULTS, channel_lacks_permissions=True)
    assert "権限が足りません" in warned.lines[-1]


def test_only_managers_may_see_or_change_them(kb, store):
    for options in ({}, {"time": "07:00"}):
        reply = digest_settings(ctx(kb, store, EDITOR), **options, **DEFAULTS)
        assert reply.status == "forbidden" and reply.ephemeral and "サーバー管理" in reply.message
    assert store.digest_config() is None
    assert [r.action for r in store.audit_log()] == ["denied", "denied"]


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"time": 900}, "時刻（time:）には文字で指定してください"),
        ({"enabled": "はい"}, "有効（enabled:）には「はい」か「いいえ」で指定してください"),
        ({"channel": "general"}, "チャンネル（channel:）にはチャンネルを選んでください"),
        ({"time": "25:00"}, "時刻「25:00」は読めません"),
    ],
)
def test_a_wrong_value_is_a_clear_private_answer(kb, store, options, fragment):
    reply = digest_settings(ctx(kb, store), **options, **DEFAULTS)
    assert reply.status == "invalid" and reply.ephemeral and fragment in reply.message
    assert store.digest_config() is None


def test_without_a_database_nothing_can_be_saved(kb):
    assert digest_settings(ctx(kb, None), **DEFAULTS).ok
    reply = digest_settings(ctx(kb, None), time="07:00", **DEFAULTS)
    assert reply.status == "invalid" and "データベース" in reply.message
