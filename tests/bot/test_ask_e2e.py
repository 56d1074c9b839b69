"""/ask by slash command, by mention and in a DM, against the fake Discord.

ask() is a black box here: every test compares what Discord shows with ``render(ask(ctx, text))``
for the same text, so the tests hold whatever ask() answers.  Tests that need a particular kind of
answer (links, candidates, several pages, a fault) put a stand-in where the cog calls ask().
"""

import importlib
import re
from types import SimpleNamespace

import discord
import pytest

from bot.errors import APOLOGY
from bot.render.discord import render
from commands.ask import ask
from commands.parse import execute
from commands.replies import Candidate, Reply, ReplyField
from tests.bot.conftest import final, texts

QUESTION = "水素の目標は？"
HOW_TO_ASK = "@test-bot 水素の目標は？ のように質問してください。/help でコマンドの一覧を表示します。"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def context(bot, fake, name="bob"):
    """The context the bot builds for this user (same id, name and rights)."""
    user = fake.world.guild.member(name).user
    return bot.services.context(
        SimpleNamespace(id=user.id, name=user.username, display_name=user.global_name)
    )


def pages(reply: Reply) -> list[list[dict]]:
    """The embeds of each message, as discord.py sends render(reply)."""
    return [[e.to_dict() for e in m.embeds] for m in render(reply)]


async def replies(fake, posted, count: int) -> list[dict]:
    """The bot's replies to a posted message, once there are ``count`` of them."""
    await fake.wait_until(lambda: len(fake.replies_to(posted.id)) >= count)
    return fake.replies_to(posted.id)


def stand_in(monkeypatch, answer):
    """Make the cog's ask() return ``answer`` (a Reply, or a callable raising)."""
    # discord.py loads extensions with module_from_spec, so the cog's module is found in sys.modules
    cog_module = importlib.import_module("bot.exts.ask._cog")
    monkeypatch.setattr(cog_module, "ask", answer if callable(answer) else lambda ctx, text: answer)


LINKED = Reply(
    "ok", "answer", title="水素", lines=("目標は指標9です。",), links=(("詳しく見る", "/indicator 9"),)
)


async def test_slash_ask_shows_what_ask_answers(bot, fake):
    expected = ask(context(bot, fake), QUESTION)
    reply = await final(await fake.slash("ask", {"query": QUESTION}, user="bob"))
    assert [reply.embeds] == pages(expected)[:1] and reply.ephemeral == expected.ephemeral


@pytest.mark.parametrize("form", ["{m} {q}", "<@!{id}>{q}", "{q} {m}", "{m}\n  {q}  "])
async def test_a_mention_gets_the_same_answer_as_a_quiet_reply(bot, fake, form):
    content = form.format(m=fake.bot_mention, id=fake.world.bot.id, q=QUESTION)
    posted = await fake.post(content, user="bob")
    expected = pages(ask(context(bot, fake), QUESTION))
    sent = await replies(fake, posted, len(expected))
    assert [m["embeds"] for m in sent] == expected
    assert [(m["type"], m["mentions"], m["mention_everyone"]) for m in sent] == [(19, [], False)] * len(sent)
    [request] = fake.requests_to("POST", f"/channels/{posted.message['channel_id']}/messages")[:1]
    assert request.json["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert request.json["message_reference"]["fail_if_not_exists"] is False


async def test_a_dm_gets_the_answer_and_the_bot_never_answers_itself(bot, fake):
    first = await fake.post_dm(QUESTION, user="bob")
    expected = pages(ask(context(bot, fake), QUESTION))
    assert [m["embeds"] for m in await replies(fake, first, len(expected))] == expected
    second = await fake.post_dm("5Gの最新の実績", user="bob")
    await replies(fake, second, 1)
    dm = fake.world.dm(fake.world.guild.member("bob").user)
    authors = [m["author"]["username"] for m in fake.channel_messages(dm.id)]
    # the bot's own replies come back over the gateway too; they are not questions
    assert authors.count("bob") == 2 and authors.count("test-bot") == len(fake.replies_to(first.id)) + len(
        fake.replies_to(second.id)
    )


async def test_a_bare_mention_or_an_empty_dm_gets_how_to_ask(bot, fake):
    mention = await fake.post(fake.bot_mention, user="bob")
    [reply] = await replies(fake, mention, 1)
    assert [(e["title"], e["description"]) for e in reply["embeds"]] == [("質問のしかた", HOW_TO_ASK)]
    attachment_only = await fake.post_dm("", user="bob", attachments=["photo.png"])
    [reply] = await replies(fake, attachment_only, 1)
    assert reply["embeds"][0]["description"] == HOW_TO_ASK.removeprefix("@test-bot ")


async def test_messages_not_for_the_bot_get_nothing_and_arrive_without_content(bot, fake):
    assert fake.gateway.intents == discord.Intents(guilds=True, guild_messages=True, dm_messages=True).value
    ignored = [
        await fake.post(QUESTION, user="bob"),
        await fake.post(f"@everyone {QUESTION}", user="carol"),  # carol may mention everyone
        await fake.post(f"<@&{fake.world.guild.role('editor').id}> {QUESTION}", user="bob"),
    ]
    barrier = await fake.post(f"{fake.bot_mention} {QUESTION}", user="bob")  # answered after the others
    await replies(fake, barrier, 1)
    assert [(p.delivered["content"], fake.replies_to(p.id)) for p in ignored] == [("", [])] * 3
    assert ignored[1].delivered["mention_everyone"]


async def test_messages_from_bots_and_webhooks_are_ignored(bot, fake):
    other = fake.world.add_user("other-bot", bot=True)
    fake.world.guild.add_member(other)
    ignored = [
        await fake.post(f"{fake.bot_mention} {QUESTION}", user=other),
        await fake.post_webhook(f"{fake.bot_mention} {QUESTION}"),
    ]
    barrier = await fake.post(f"{fake.bot_mention} {QUESTION}", user="bob")
    await replies(fake, barrier, 1)
    assert [fake.replies_to(p.id) for p in ignored] == [[], []]


@pytest.mark.parametrize(
    "text",
    [
        "x" * 10_000,
        "😀" * 50,
        "\x00\x1b[31m\u202e",
        "'; DROP TABLE actuals; --",
        "What is the hydrogen target?",
    ],
)
async def test_hostile_text_gets_a_japanese_answer(bot, fake, text):
    posted = await fake.post(f"{fake.bot_mention} {text}", user="bob", unchecked=True)
    expected = pages(ask(context(bot, fake), text))
    sent = await replies(fake, posted, len(expected))
    assert [m["embeds"] for m in sent] == expected
    shown = "\n".join(texts(SimpleNamespace(content=None, embeds=m["embeds"])) for m in sent)
    assert JAPANESE.search(shown) and "問い合わせ番号" not in shown


async def test_a_long_answer_comes_as_several_replies_in_order(bot, fake, monkeypatch):
    rows = tuple(ReplyField(f"項目{i}", "あ" * 1000) for i in range(12))
    long = Reply("ok", "answer", title="長い回答", fields=rows)
    stand_in(monkeypatch, long)
    assert len(pages(long)) > 1
    posted = await fake.post(f"{fake.bot_mention} {QUESTION}")
    assert [m["embeds"] for m in await replies(fake, posted, len(pages(long)))] == pages(long)


async def test_a_fault_in_ask_gets_the_apology_not_silence(bot, fake, monkeypatch):
    def broken(ctx, text):
        raise RuntimeError("boom")

    stand_in(monkeypatch, broken)
    posted = await fake.post(f"{fake.bot_mention} {QUESTION}")
    [reply] = await replies(fake, posted, 1)
    assert reply["embeds"][0]["description"] == APOLOGY.format(id=posted.id)


@pytest.mark.parametrize("line", ["/indicator 9", "/history 9"])  # history is slow: a private defer
async def test_the_button_opens_the_linked_command_for_whoever_presses_it(bot, fake, monkeypatch, line):
    stand_in(monkeypatch, Reply("ok", "answer", title="水素", links=(("詳しく見る", line),)))
    ix = await fake.slash("ask", {"query": QUESTION}, user="bob")
    await ix.wait_replies(2)  # the answer, then its buttons
    [row] = ix.message["components"]
    assert [(b["label"], b["custom_id"]) for b in row["components"]] == [("詳しく見る", f"ask:open:{line}")]
    pressed = await final(await fake.component(ix.original_message_id, f"ask:open:{line}", user="alice"))
    assert pressed.ephemeral
    assert pressed.embeds == pages(execute(context(bot, fake, "alice"), line))[0]


async def test_a_mention_reply_has_the_buttons_too(bot, fake, monkeypatch):
    stand_in(monkeypatch, LINKED)
    posted = await fake.post(f"{fake.bot_mention} {QUESTION}")
    [reply] = await replies(fake, posted, 1)
    pressed = await final(await fake.component(int(reply["id"]), "ask:open:/indicator 9", user="bob"))
    assert pressed.ephemeral and pressed.embeds == pages(execute(context(bot, fake), "/indicator 9"))[0]


async def test_a_button_never_runs_a_command_that_writes(bot, fake, monkeypatch):
    stand_in(monkeypatch, Reply("ok", "answer", title="水素", links=(("記録", "/update 9 value:1"),)))
    ix = await fake.slash("ask", {"query": QUESTION}, user="alice")  # alice is an editor
    await ix.wait_replies(2)
    pressed = await final(
        await fake.component(ix.original_message_id, "ask:open:/update 9 value:1", user="alice")
    )
    assert pressed.ephemeral
    assert [e["description"] for e in pressed.embeds] == [
        "このボタンからは閲覧用のコマンドだけを実行できます。"
    ]
    assert fake.requests_to("*", "*/actuals*") == []


async def test_candidates_in_a_mention_reply_get_the_menu_only_the_asker_may_use(bot, fake, monkeypatch):
    candidates = (
        Candidate("indicator", "2024", 9, "指標9", 1.0),
        Candidate("indicator", "2024", 10, "指標10", 0.9),
    )
    stand_in(monkeypatch, Reply("ambiguous", "answer", message="どちらですか？", candidates=candidates))
    posted = await fake.post(f"{fake.bot_mention} {QUESTION}", user="bob")
    [reply] = await replies(fake, posted, 1)
    [row] = reply["components"]
    assert [o["value"] for o in row["components"][0]["options"]] == ["indicator|2024|9", "indicator|2024|10"]
    refused = await (
        await fake.component(int(reply["id"]), "candidates", ["indicator|2024|9"], user="alice")
    ).first_response()
    assert refused.ephemeral and "実行した人だけ" in refused.content
    await (
        await fake.component(int(reply["id"]), "candidates", ["indicator|2024|9"], user="bob")
    ).first_response()
    assert fake.messages[int(reply["id"])]["embeds"] == pages(execute(context(bot, fake), "/indicator 9"))[0]
