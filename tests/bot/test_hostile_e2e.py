"""Every option of every slash command, sent with a wrong type or a hostile value, as a stale registration
or a modified client could send it: a clear Japanese answer only the asker sees, never the apology."""

import pytest

from tests.bot.conftest import final, texts
from tests.fakediscord.interactions import Upload

GOOD = {3: "15", 4: 1, 5: True, 11: Upload("a.csv", b"indicator,value,as_of\n")}
WRONG = {3: [15, 2.5], 4: ["abc", "1"], 5: ["yes"], 10: ["x"]}
HOSTILE_TEXT = ["x" * 6000, "😀" * 300, "\x00\x1b[31m\u202e", "@everyone <@&1>"]


def _options(payload):
    for command in payload:
        nested = [o for o in command.get("options", []) if o["type"] in (1, 2)]
        if nested:
            for sub in nested:
                yield f"{command['name']} {sub['name']}", sub.get("options", [])
        else:
            yield command["name"], command.get("options", [])


def _cases(payload):
    for name, options in _options(payload):
        required = {o["name"]: GOOD[o["type"]] for o in options if o.get("required") and o["type"] in GOOD}
        if any(o.get("required") and o["type"] not in GOOD for o in options):
            continue
        for option in options:
            if option.get("choices"):
                continue  # the fake, like Discord, only delivers a declared choice
            values = list(WRONG.get(option["type"], []))
            if option["type"] == 3:
                values += HOSTILE_TEXT
            for value in values:
                yield name, {**required, option["name"]: value}


async def test_every_option_with_a_wrong_or_hostile_value_gets_a_private_clear_answer(bot, fake):
    [(_scope, payload)] = fake.command_syncs
    cases = list(_cases(payload))
    assert len(cases) > 100
    for name, options in cases:
        reply = await final(await fake.slash(name, options, user="carol", unchecked=True))
        shown = texts(reply)
        assert shown.strip(), (name, options)
        assert "問い合わせ番号" not in shown, (name, options)
        wrong_type = any(isinstance(v, int | float) for k, v in options.items() if k == "query")
        if wrong_type:
            assert reply.ephemeral and "指定してください" in shown, (name, options)
    ok = await final(await fake.slash("indicator", {"query": "15"}))
    assert "5G人口カバー率" in texts(ok)  # and the bot keeps serving everyone else
    assert fake.violations == []


@pytest.mark.parametrize(
    ("command", "options", "fragment"),
    [
        ("quiz", {"number": 0}, "番号（number:）は 1〜999999 で指定してください"),
        ("indicator", {"query": 15}, "検索語（query:）には文字で指定してください"),
        ("indicator", {"plan": 2024}, "計画（plan:）には文字で指定してください"),
        ("owner", {"query": "15", "cadence": 0}, "間隔（cadence:）は 1〜60 で指定してください"),
    ],
)
async def test_values_the_registration_forbids_are_refused_by_the_command(
    bot, fake, command, options, fragment
):
    reply = await final(await fake.slash(command, options, user="carol", unchecked=True))
    assert reply.ephemeral and fragment in texts(reply)
