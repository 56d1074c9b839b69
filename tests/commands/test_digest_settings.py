import sqlite3
from datetime import date, datetime, time, timedelta

import pytest

from commands.context import Actor, Context
from commands.digest import CADENCES, Cadence, parse_cadence
from commands.digest_settings import SETTINGS, DigestConfig, digest_settings, load_config, parse_time
from knowledge._sqlite import Database
from knowledge.migrations import MIGRATIONS
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
        "cadence": "daily",
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
        "頻度: 毎日",
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


# -- the cadence ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("毎日", "daily"),
        ("daily", "daily"),
        ("平日のみ", "weekdays"),
        ("平日", "weekdays"),
        ("毎週月曜日", "weekly-mon"),
        ("毎週 金曜", "weekly-fri"),
        ("金曜日", "weekly-fri"),
        ("weekly-sun", "weekly-sun"),
        ("　毎週水曜日　", "weekly-wed"),
    ],
)
def test_cadences_are_read_in_the_words_staff_use(text, value):
    assert parse_cadence(text) == Cadence(value)


@pytest.mark.parametrize("text", ["毎月", "隔週", "月", "weekly", "", "毎週月曜日と木曜日"])
def test_other_cadences_are_not(text):
    assert parse_cadence(text) is None


def test_the_slash_option_offers_every_cadence_as_a_choice():
    option = SETTINGS.option("cadence")
    assert [(value, ja) for value, ja, _en in option.choices] == [
        ("daily", "毎日"),
        ("weekdays", "平日のみ"),
        *(
            (f"weekly-{c}", f"毎週{j}曜日")
            for c, j in zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "月火水木金土日", strict=True)
        ),
    ]
    assert all(parse_cadence(value) == parse_cadence(ja) for value, ja, _en in option.choices)
    assert len(CADENCES) == len(option.choices) <= 25  # Discord's limit on choices


@pytest.mark.parametrize(
    ("cadence", "now", "next_slot"),
    [
        ("daily", datetime(2026, 11, 28, 10, 0, tzinfo=JST), datetime(2026, 11, 29, 9, 0, tzinfo=JST)),
        ("weekdays", datetime(2026, 11, 27, 10, 0, tzinfo=JST), datetime(2026, 11, 30, 9, 0, tzinfo=JST)),
        ("weekdays", datetime(2026, 11, 30, 8, 0, tzinfo=JST), datetime(2026, 11, 30, 9, 0, tzinfo=JST)),
        ("weekly-wed", datetime(2026, 12, 2, 9, 0, tzinfo=JST), datetime(2026, 12, 9, 9, 0, tzinfo=JST)),
        ("weekly-wed", datetime(2026, 11, 29, 8, 0, tzinfo=JST), datetime(2026, 12, 2, 9, 0, tzinfo=JST)),
    ],
)
def test_the_next_slot_is_on_a_day_the_cadence_posts(cadence, now, next_slot):
    config = DigestConfig(42, time(9), True, False, Cadence(cadence))
    assert config.next_slot(now) == next_slot
    week = [date(2026, 11, 30) + timedelta(n) for n in range(7)]  # Monday to Sunday
    posting = [config.cadence.posts_on(day) for day in week]
    expected = {
        "daily": [True] * 7,
        "weekdays": [True] * 5 + [False] * 2,
        "weekly-wed": [False, False, True] + [False] * 4,
    }
    assert posting == expected[cadence]


def test_the_cadence_is_saved_per_channel_and_shown(kb, store):
    reply = digest_settings(ctx(kb, store), cadence="平日のみ", **DEFAULTS)
    assert reply.ok and "頻度: 平日のみ" in reply.lines and reply.record["cadence"] == "weekdays"
    assert store.digest_cadence(42) == "weekdays"  # the default channel's, saved under its id
    assert load_config(store, channel_id=42, time=time(9)).cadence == Cadence("weekdays")
    sunday = {**DEFAULTS, "now": datetime(2026, 11, 29, 10, 0, tzinfo=JST)}
    shown = digest_settings(ctx(kb, store), **sunday)
    assert shown.lines[-2:] == (
        "本日（2026年11月29日）: 配信日ではありません（平日のみ）",
        "次回の予定: 2026年11月30日 09:00（日本時間）",
    )
    moved = digest_settings(ctx(kb, store), 7, **DEFAULTS)  # a channel with no cadence takes this one along
    assert "頻度: 平日のみ" in moved.lines and store.digest_cadence(7) == "weekdays"
    weekly = digest_settings(ctx(kb, store), cadence="毎週金曜日", **DEFAULTS)
    assert "頻度: 毎週金曜日" in weekly.lines and store.digest_cadence(7) == "weekly-fri"
    back = digest_settings(ctx(kb, store), 42, **DEFAULTS)  # channel 42 kept its own
    assert "頻度: 平日のみ" in back.lines and store.digest_cadence(7) == "weekly-fri"
    [*_, last] = store.audit_log(limit=1)
    assert (last.detail["before"]["cadence"], last.detail["after"]["cadence"]) == ("weekly-fri", "weekdays")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"cadence": "毎月"},
            "頻度「毎月」は使えません。頻度には 毎日・平日のみ・毎週○曜日（例: 毎週月曜日） のいずれかを指定してください。",
        ),
        (
            {"cadence": 3},
            "頻度（cadence:）には文字で指定してください。例: /digest settings time:09:00 cadence:平日のみ",
        ),
    ],
)
def test_an_unknown_cadence_is_refused_and_says_what_is_accepted(kb, store, options, message):
    reply = digest_settings(ctx(kb, store), **options, **DEFAULTS)
    assert (reply.status, reply.ephemeral, reply.message) == ("invalid", True, message)
    assert store.digest_cadence(42) is None and store.audit_log() == []


def test_a_cadence_needs_a_channel_to_belong_to(kb, store):
    reply = digest_settings(ctx(kb, store), cadence="平日のみ", **{**DEFAULTS, "default_channel_id": None})
    assert reply.status == "invalid" and "チャンネルごと" in reply.message and "channel:" in reply.message
    assert store.digest_config() is None


def test_the_migration_keeps_the_settings_and_digests_of_an_older_database(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="m006_digest_cadences_and_messages")
    db.execute("INSERT INTO digest_config VALUES (1, '42', '07:30', 1, 0)")
    db.execute(
        "INSERT INTO digest_runs VALUES ('42', '2026-11-28', 'sent', '555', '2026-11-27T23:00:00+00:00', NULL)"
    )
    db.execute("INSERT INTO digest_states VALUES ('42', '2026-11-28', '{\"day\": \"2026-11-28\"}')")
    db.conn.commit()
    db.close()
    store = Store.open(path)
    try:
        assert store.digest_config() == SavedDigestConfig(42, time(7, 30), enabled=True, skip_quiet=False)
        assert store.last_sent_digest(42).message_id == "555"
        assert store.digest_state(42, date(2026, 11, 28)) == {"day": "2026-11-28"}
        config = load_config(store, channel_id=None, time=time(9))
        assert (config.channel_id, config.time, config.cadence) == (42, time(7, 30), Cadence("daily"))
        assert store.digest_parts(42, date(2026, 11, 28)) == [] and store.digest_message_ids(42) == set()
    finally:
        store.close()
