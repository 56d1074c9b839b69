"""Every option of every command, given hostile values, gets a clear Japanese answer and never raises."""

from datetime import date

import pytest

from commands.context import Actor, Context
from commands.options import OptionSpec, Person, Upload
from commands.parse import HANDLERS
from commands.registry import all_commands
from commands.transfer import import_actuals
from knowledge.store import Store

TYPED = {**HANDLERS, "import": import_actuals}
EDITOR = Actor("1", "alice", editor=True, admin=True)
GOOD: dict[str, object] = {
    "text": "15",
    "integer": 1,
    "boolean": True,
    "member": Person("user", "1", "山田"),
    "role": Person("role", "2", "@編集"),
    "channel": 1,
    "attachment": Upload("a.csv", 3, b"a,b"),
}
WRONG: dict[str, list[object]] = {
    "text": [15, 1.5, True, ["15"], {"a": 1}],
    "integer": ["15", 1.5, True, "abc"],
    "boolean": ["yes", 1, 0],
    "member": ["山田", 15],
    "role": ["@編集", 15],
    "channel": ["general"],
    "attachment": [b"a,b", "a.csv"],
}
HOSTILE_TEXT = ["x" * 6000, "😀" * 300, "\x00\x1b[31m\u202e", "@everyone <@&1>", "'; DROP TABLE entries; --"]


def _cases():
    for spec in all_commands():
        for option in spec.all_options:
            for value in WRONG[option.type]:
                yield pytest.param(
                    spec, option, value, "wrong", id=f"{spec.name}-{option.name}-wrong-{value!r:.20}"
                )
            if option.type == "text":
                for value in HOSTILE_TEXT:
                    yield pytest.param(
                        spec, option, value, "text", id=f"{spec.name}-{option.name}-{value[:8]!r}"
                    )
            if option.type == "integer":
                for value in (-(10**12), 0, 10**12):
                    yield pytest.param(spec, option, value, "range", id=f"{spec.name}-{option.name}-{value}")


def _call(spec, option, value, store):
    ctx = Context(_call.kb, today=date(2026, 11, 29), store=store, actor=EDITOR)
    handler = TYPED[spec.name]
    args = {o.name: GOOD[o.type] for o in spec.all_options if o.required}
    args[option.name] = value
    query = args.pop("query", None) if spec.query is not None else None
    if spec.name == "help":
        return handler(ctx)
    return handler(ctx, query, **args) if spec.query is not None else handler(ctx, **args)


@pytest.mark.parametrize(("spec", "option", "value", "case"), list(_cases()))
def test_every_option_answers_hostile_values_clearly(kb, tmp_path, spec, option, value, case):
    _call.kb = kb
    store = Store.open(tmp_path / "db.sqlite3")
    before = store.db.execute("SELECT count(*) FROM entries").fetchone()[0]
    reply = _call(spec, option, value, store)
    assert reply.status in ("ok", "ambiguous", "not_found", "invalid", "forbidden", "confirm")
    assert reply.ok or reply.message
    assert reply.ephemeral == (reply.status in ("not_found", "invalid", "forbidden", "confirm"))
    if case == "wrong":
        assert reply.status == "invalid" and f"（{option.name}:）" in reply.message
    if case == "text" and option.max_length is not None and len(value) > option.max_length:
        assert reply.status == "invalid" and f"{option.max_length}文字まで" in reply.message
    if case == "range" and option.min_value is not None and value < option.min_value:
        assert reply.status == "invalid"
    if not reply.ok:
        assert store.db.execute("SELECT count(*) FROM entries").fetchone()[0] == before  # nothing stored


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            OptionSpec("n", "番号", "", "", type="integer", min_value=1, max_value=9),
            0,
            "番号（n:）は 1〜9 で指定してください。",
        ),
        (
            OptionSpec("n", "番号", "", "", type="integer", min_value=1),
            "x",
            "番号（n:）には1以上の整数で指定してください。",
        ),
        (OptionSpec("t", "語", "", "", max_length=3), "abcd", "語（t:）が長すぎます（3文字まで）。"),
        (OptionSpec("t", "語", "", "", required=True), "\x00 ", "語を指定してください（t:）。"),
        (
            OptionSpec("b", "通知", "", "", type="boolean"),
            "yes",
            "通知（b:）には「はい」か「いいえ」で指定してください。",
        ),
    ],
)
def test_option_messages(option, value, message):
    from commands.options import option_problem

    assert option_problem(option, value) == message
