"""Tests of the fake itself, driving the real discord.py client with a small bot defined here."""

import asyncio
import logging
import re
from typing import Literal

import discord
import pytest
from discord import app_commands

from tests.fakediscord import FakeDiscord, InvalidOptions, Upload, World, run_client
from tests.fakediscord.interactions import OptionBuilder
from tests.fakediscord.limits import command_errors, is_valid_chat_input_name, message_errors

EDITOR = "editor"


class Feedback(discord.ui.Modal, title="Feedback"):
    body = discord.ui.TextInput(label="Body", custom_id="body")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"got {self.body.value}")


class Buttons(discord.ui.View):
    def __init__(self, clicks: list) -> None:
        super().__init__(timeout=180)
        self.clicks = clicks

    @discord.ui.button(label="OK", custom_id="ok")
    async def ok(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.clicks.append(("ok", interaction.user.id))
        await interaction.response.edit_message(content="clicked", view=None)

    @discord.ui.button(label="Later", custom_id="later")
    async def later(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.clicks.append(("later", interaction.user.id))
        await interaction.response.defer()  # a deferred update (type 6): no thinking message
        await interaction.followup.send("noted", ephemeral=True)

    @discord.ui.select(
        custom_id="pick", options=[discord.SelectOption(label="a"), discord.SelectOption(label="b")]
    )
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        self.clicks.append(("pick", select.values))
        await interaction.response.send_message(f"picked {select.values}", ephemeral=True)


class JaTranslator(app_commands.Translator):
    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    async def translate(self, string, locale, context):
        if locale is discord.Locale.japanese:
            return self.names.get(string.message)
        return None


class TinyBot(discord.Client):
    """A plain Client + CommandTree with one command per behaviour under test."""

    def __init__(self, intents: discord.Intents | None = None) -> None:
        intents = discord.Intents.default() if intents is None else intents  # Intents.none() is falsy
        super().__init__(intents=intents, guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.choice_count = 25
        self.delay = 0.0
        self.clicks: list = []
        self.received: list[tuple] = []  # option values as the commands received them
        self.seen_ephemeral: list[bool] = []  # message.flags.ephemeral of followups, as the client saw them
        self._add_commands()

    def _add_commands(self) -> None:
        tree = self.tree

        @tree.command(description="Reply with an embed")
        async def ping(interaction: discord.Interaction, text: str) -> None:
            await asyncio.sleep(self.delay)
            await interaction.response.send_message(embed=discord.Embed(title=text, description="pong"))

        @tree.command(description="An ephemeral reply")
        async def secret(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("only you", ephemeral=True)

        @tree.command(description="Defer, then edit")
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0.05)
            await interaction.edit_original_response(content="done")

        @tree.command(description="Defer ephemerally, then follow up twice")
        async def later(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True)
            await interaction.followup.send("first")
            await interaction.followup.send("second")

        @tree.command(description="Defer, then answer twice, asking for a visibility each time")
        async def think(
            interaction: discord.Interaction, defer_ephemeral: bool, ask_ephemeral: bool, edit: bool = False
        ) -> None:
            await interaction.response.defer(thinking=True, ephemeral=defer_ephemeral)
            if edit:
                await interaction.edit_original_response(content="first")
            else:
                sent = await interaction.followup.send("first", ephemeral=ask_ephemeral, wait=True)
                self.seen_ephemeral.append(sent.flags.ephemeral)
            sent = await interaction.followup.send("second", ephemeral=ask_ephemeral, wait=True)
            self.seen_ephemeral.append(sent.flags.ephemeral)

        @tree.command(description="One option of every type")
        @app_commands.choices(
            level=[app_commands.Choice(name="one", value=1), app_commands.Choice(name="two", value=2)]
        )
        async def kinds(
            interaction: discord.Interaction,
            text: app_commands.Range[str, 2, 5],
            count: app_commands.Range[int, 1, 10],
            ratio: app_commands.Range[float, 0.0, 1.0] = 0.5,
            flag: bool = False,
            who: discord.Member | None = None,
            where: discord.TextChannel | None = None,
            role: discord.Role | None = None,
            target: discord.Member | discord.Role | None = None,
            file: discord.Attachment | None = None,
            colour: Literal["red", "blue"] = "red",
            level: int = 1,
        ) -> None:
            ids = (who and who.id, where and where.id, role and role.id, target and target.id)
            self.received.append((text, count, ratio, flag, *ids, file and file.filename, colour, level))
            await interaction.response.send_message("ok")

        @kinds.autocomplete("text")
        async def kinds_text(interaction: discord.Interaction, current: str):
            self.received.append(("typed", current, interaction.namespace.count))
            typed = str(current) or "-"  # str(): a stale registration may send a number here
            return [app_commands.Choice(name=typed, value=typed)]

        @tree.command(description="Echo what arrives, whatever its type")
        async def echo(interaction: discord.Interaction, text: str, count: int = 1) -> None:
            self.received.append((text, count))
            await interaction.response.send_message(f"{text!r} {count!r}")

        @tree.command(description="Search with autocomplete")
        async def search(interaction: discord.Interaction, query: str) -> None:
            await interaction.response.send_message(query)

        @search.autocomplete("query")
        async def search_query(interaction: discord.Interaction, current: str):
            return [app_commands.Choice(name=f"{current}{i}", value=str(i)) for i in range(self.choice_count)]

        @tree.command(description="Buttons and a select menu")
        async def buttons(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("choose", view=Buttons(self.clicks))

        @tree.command(description="Two embeds of 3500 characters")
        async def huge(interaction: discord.Interaction) -> None:
            embeds = [discord.Embed(description="あ" * 3500), discord.Embed(description="い" * 3500)]
            await interaction.response.send_message(embeds=embeds)

        @tree.command(description="Open a modal")
        async def form(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Feedback())

        admin = app_commands.Group(name="admin", description="Admin commands")
        digest = app_commands.Group(name="digest", description="Digest commands", parent=admin)

        @admin.command(description="Editors only")
        @app_commands.checks.has_role(EDITOR)
        async def update(interaction: discord.Interaction, body: str, count: int = 1) -> None:
            await interaction.response.send_message(f"updated {body} x{count}")

        @digest.command(description="Run the digest")
        async def run(interaction: discord.Interaction, day: app_commands.Range[int, 1, 31]) -> None:
            await interaction.response.send_message(f"digest {day}")

        tree.add_command(admin)

        @tree.error
        async def on_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
            if isinstance(error, app_commands.MissingRole):
                await interaction.response.send_message("editors only", ephemeral=True)


@pytest.fixture
async def fake(fake_discord: FakeDiscord) -> FakeDiscord:
    return fake_discord


@pytest.fixture
async def bot(fake: FakeDiscord):
    client = TinyBot()
    async with run_client(client, fake.token):
        await client.tree.sync()  # a client only offers registered commands
        yield client


# -- login and sync -------------------------------------------------------------------------------


async def test_login_and_ready(fake: FakeDiscord) -> None:
    client = TinyBot()
    async with run_client(client, fake.token):
        assert client.user.id == fake.world.bot.id
        assert client.application_id == fake.world.application_id
        guild = client.get_guild(fake.world.guild.id)
        assert guild is not None and guild.get_role(guild.id).name == "@everyone"
        assert {c.name for c in guild.text_channels} == {"general", "digest"}
    assert [(r.method, r.path) for r in fake.requests] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
    ]
    assert fake.gateway.received[1]["op"] == 2  # the heartbeat, then IDENTIFY


async def test_wrong_token_is_login_failure(fake: FakeDiscord) -> None:
    with pytest.raises(discord.LoginFailure):
        async with run_client(TinyBot(), "wrong-token"):
            pass


async def test_without_guilds_intent_no_guild_create(fake: FakeDiscord) -> None:
    async with run_client(TinyBot(discord.Intents.none()), fake.token) as client:
        assert fake.gateway.intents == 0
        guild = client.get_guild(fake.world.guild.id)  # READY's unavailable stub, never filled in
        assert guild.unavailable and not guild.channels and not guild.roles


async def test_guild_sync_records_localised_payload(fake: FakeDiscord, bot: TinyBot) -> None:
    await bot.tree.set_translator(JaTranslator({"ping": "ピング", "Reply with an embed": "埋め込みで返信"}))
    guild = discord.Object(fake.world.guild.id)
    bot.tree.copy_global_to(guild=guild)
    synced = await bot.tree.sync(guild=guild)

    scope, payload = fake.command_syncs[-1]
    assert scope == fake.world.guild.id
    ping = next(c for c in payload if c["name"] == "ping")
    assert ping["name_localizations"] == {"ja": "ピング"}
    assert ping["description_localizations"] == {"ja": "埋め込みで返信"}
    assert {c.name for c in synced} == {c["name"] for c in payload}
    assert fake.requests_to("GET", f"/applications/*/guilds/{scope}/commands") == []
    assert [c.id for c in await bot.tree.fetch_commands(guild=guild)] == [c.id for c in synced]


async def test_bad_localised_name_fails_sync(fake: FakeDiscord, bot: TinyBot) -> None:
    await bot.tree.set_translator(JaTranslator({"ping": "ピン グ"}))  # a space is not allowed
    with pytest.raises(app_commands.CommandSyncFailure, match="Command name is invalid"):
        await bot.tree.sync()
    assert [v.rule for v in fake.violations] == ["command_sync"]
    assert "name_localizations.ja" in fake.violations[0].detail[0]
    fake.violations.clear()


# -- responses ------------------------------------------------------------------------------------


async def test_slash_answered_with_embed(fake: FakeDiscord, bot: TinyBot) -> None:
    ix = await fake.slash("ping", {"text": "15"})
    reply = await ix.first_response(timeout=3)
    assert reply.type == 4 and not reply.ephemeral
    assert reply.embeds[0]["title"] == "15"
    assert ix.message["type"] == 20 and ix.message["embeds"][0]["description"] == "pong"


async def test_ephemeral_reply_flag(fake: FakeDiscord, bot: TinyBot) -> None:
    ix = await fake.slash("secret", locale="en-US")
    reply = await ix.first_response()
    assert reply.ephemeral and reply.content == "only you"
    assert fake.channel_messages(fake.world.guild.channels[0].id) == []


async def test_defer_then_edit_original(fake: FakeDiscord, bot: TinyBot) -> None:
    ix = await fake.slash("slow")
    replies = await ix.wait_replies(2)
    assert [(r.kind, r.type) for r in replies] == [("callback", 5), ("edit", None)]
    assert ix.message["content"] == "done" and ix.message["flags"] == 0


async def test_first_followup_after_defer_resolves_loading_message(fake: FakeDiscord, bot: TinyBot) -> None:
    ix = await fake.slash("later")
    await ix.wait_replies(3)
    assert ix.message["content"] == "first" and ix.message["flags"] == 64
    assert [m["content"] for m in ix.followups] == ["second"]


@pytest.mark.parametrize("edit", [False, True], ids=["followup", "edit"])
@pytest.mark.parametrize("ask_ephemeral", [False, True], ids=["ask-public", "ask-ephemeral"])
@pytest.mark.parametrize("defer_ephemeral", [False, True], ids=["defer-public", "defer-ephemeral"])
async def test_first_answer_after_defer_takes_the_defers_visibility(
    fake: FakeDiscord, bot: TinyBot, defer_ephemeral: bool, ask_ephemeral: bool, edit: bool
) -> None:
    options = {"defer_ephemeral": defer_ephemeral, "ask_ephemeral": ask_ephemeral, "edit": edit}
    ix = await fake.slash("think", options)
    deferred, first, second = await ix.wait_replies(3)

    assert (deferred.kind, deferred.type, deferred.ephemeral) == ("callback", 5, defer_ephemeral)
    assert deferred.flags & 128  # the "thinking" message is shown until the first answer
    # The first answer replaces the thinking message, so it is shown with the defer's visibility.
    assert first.kind == ("edit" if edit else "followup")
    assert first.replaced_thinking and first.message_id == deferred.message_id
    assert first.ephemeral is defer_ephemeral and first.flags == (64 if defer_ephemeral else 0)
    assert first.requested_ephemeral is (ask_ephemeral and not edit)  # an edit carries no flags
    assert ix.message["content"] == "first" and ix.message["flags"] == first.flags
    # Later followups are new messages with the flags they ask for.
    assert second.kind == "followup" and not second.replaced_thinking
    assert second.ephemeral is ask_ephemeral and second.requested_ephemeral is ask_ephemeral
    assert [m["content"] for m in ix.followups] == ["second"]
    expected_seen = [ask_ephemeral] if edit else [defer_ephemeral, ask_ephemeral]
    assert bot.seen_ephemeral == expected_seen  # the client reads the same flags back
    public = [m["content"] for m in fake.channel_messages(fake.world.guild.channels[0].id)]
    assert public == [c for c, e in (("first", defer_ephemeral), ("second", ask_ephemeral)) if not e]


async def test_deferred_update_has_no_thinking_message(fake: FakeDiscord, bot: TinyBot) -> None:
    source = await (await fake.slash("buttons")).first_response()
    ix = await fake.component(source.message_id, "later")
    deferred, followup = await ix.wait_replies(2)
    assert deferred.type == 6 and deferred.shown_flags is None and not deferred.ephemeral
    # With nothing to replace, the followup is its own message with the flags it asks for.
    assert followup.ephemeral and followup.requested_ephemeral and not followup.replaced_thinking
    assert followup.message_id != source.message_id
    assert fake.messages[source.message_id]["content"] == "choose"
    assert [m["content"] for m in ix.followups] == ["noted"]


async def test_subcommands_and_role_check(fake: FakeDiscord, bot: TinyBot) -> None:
    guild = discord.Object(fake.world.guild.id)
    bot.tree.copy_global_to(guild=guild)
    await bot.tree.sync(guild=guild)

    ok = await fake.slash("admin update", {"body": "新しい", "count": 2}, user="alice")
    assert (await ok.first_response()).content == "updated 新しい x2"
    denied = await fake.slash("admin update", {"body": "x"}, user="bob")
    assert (await denied.first_response()).ephemeral
    nested = await fake.slash("admin digest run", {"day": 3})
    assert (await nested.first_response()).content == "digest 3"
    with pytest.raises(ValueError, match="required"):
        await fake.slash("admin update", {"count": 1})


# -- options as Discord's client sends them ----------------------------------------------------------


async def test_every_option_type_arrives_as_registered(fake: FakeDiscord, bot: TinyBot) -> None:
    guild = fake.world.guild
    alice, editor, digest = guild.member("alice"), guild.role("editor"), guild.channel("digest")
    options = {
        "text": "ab",
        "count": 10,
        "ratio": 1,  # a whole number is a valid number option
        "flag": True,
        "who": "alice",
        "where": digest,
        "role": editor,
        "target": alice,
        "file": Upload("a.csv", b"x,y\n"),
        "colour": "blue",
        "level": 2,
    }
    ix = await fake.slash("kinds", options)
    assert (await ix.first_response()).content == "ok"
    assert bot.received == [("ab", 10, 1, True, alice.id, digest.id, editor.id, alice.id, "a.csv", "blue", 2)]
    sent = {o["name"]: (o["type"], o["value"]) for o in ix.payload["data"]["options"]}
    assert sent["count"] == (4, 10) and sent["who"] == (6, str(alice.id)) and sent["target"][0] == 9


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"text": 15, "count": 1}, "'text' (string): 15 is not a string"),
        ({"text": "ab", "count": "3"}, "'count' (integer): '3' is not an integer"),
        ({"text": "ab", "count": True}, "is not an integer"),
        ({"text": "ab", "count": 1.5}, "is not an integer"),
        ({"text": "ab", "count": 11}, "11 is outside 1 to 10"),
        ({"text": "ab", "count": 0}, "0 is outside 1 to 10"),
        ({"text": "a", "count": 1}, "must be 2 to 5 characters long"),
        ({"text": "abcdef", "count": 1}, "must be 2 to 5 characters long"),
        ({"text": "ab", "count": 1, "ratio": 1.5}, "1.5 is outside 0.0 to 1.0"),
        ({"text": "ab", "count": 1, "ratio": "half"}, "is not a number"),
        ({"text": "ab", "count": 1, "ratio": float("nan")}, "is not a number"),
        ({"text": "ab", "count": 1, "flag": "yes"}, "is not a boolean"),
        ({"text": "ab", "count": 1, "who": "nobody"}, "is not a known user"),
        ({"text": "ab", "count": 1, "where": 12345}, "is not a channel of guild"),
        ({"text": "ab", "count": 1, "role": "nope"}, "is not a role of guild"),
        ({"text": "ab", "count": 1, "target": 12345}, "neither a known user nor a role"),
        ({"text": "ab", "count": 1, "file": "a.csv"}, "is not an Upload"),
        ({"text": "ab", "count": 1, "colour": "green"}, "is not one of the choices ['red', 'blue']"),
        ({"text": "ab", "count": 1, "level": 3}, "is not one of the choices [1, 2]"),
        ({"text": "ab"}, "required options missing: ['count']"),
        ({"text": "ab", "count": 1, "bogus": 1}, "'bogus' is not in the registered command"),
    ],
)
async def test_options_a_client_could_not_send_are_refused(
    fake: FakeDiscord, bot: TinyBot, options: dict, message: str
) -> None:
    with pytest.raises(InvalidOptions, match=re.escape(message)):
        await fake.slash("kinds", options)
    assert fake.interactions == {}  # nothing reached the bot


async def test_commands_and_subcommands_must_be_registered(fake: FakeDiscord, bot: TinyBot) -> None:
    @bot.tree.command(description="Added after the last sync")
    async def fresh(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("fresh")

    with pytest.raises(InvalidOptions, match="/fresh is not registered"):
        await fake.slash("fresh")
    with pytest.raises(InvalidOptions, match="a group cannot be run by itself"):
        await fake.slash("admin")
    with pytest.raises(InvalidOptions, match="'nope' is not a registered subcommand"):
        await fake.slash("admin nope")
    await bot.tree.sync()
    assert (await (await fake.slash("fresh")).first_response()).content == "fresh"


async def test_autocomplete_focused_text_is_free_but_other_options_are_checked(
    fake: FakeDiscord, bot: TinyBot
) -> None:
    # What is typed so far may be shorter than min_length, and required options may still be empty.
    for typed in ("", "a"):
        ix = await fake.autocomplete("kinds", {"text": typed}, focused="text")
        assert (await ix.first_response()).choices == [{"name": typed or "-", "value": typed or "-"}]
    ix = await fake.autocomplete("kinds", {"text": "ab", "count": 3}, focused="text")
    await ix.first_response()
    assert bot.received == [("typed", "", None), ("typed", "a", None), ("typed", "ab", 3)]

    with pytest.raises(InvalidOptions, match="longer than the 5 characters"):
        await fake.autocomplete("kinds", {"text": "abcdef"}, focused="text")
    with pytest.raises(InvalidOptions, match=r"'count' .*is not an integer"):
        await fake.autocomplete("kinds", {"text": "a", "count": "x"}, focused="text")
    with pytest.raises(InvalidOptions, match="the option has no autocomplete"):
        await fake.autocomplete("kinds", {"text": "ab", "count": 3}, focused="count")


async def test_unchecked_sends_what_a_stale_registration_would(fake: FakeDiscord, bot: TinyBot) -> None:
    # Bare values take the type their Python type implies: an integer for a string option, and so on.
    ix = await fake.slash("echo", {"text": 15, "count": "abc"}, unchecked=True)
    await ix.first_response()
    assert ix.payload["data"]["options"] == [
        {"name": "text", "type": 4, "value": 15},
        {"name": "count", "type": 3, "value": "abc"},
    ]
    # A type and value given together are sent exactly, also for options the code no longer has.
    raw = {
        "text": {"type": 4, "value": 15},
        "count": {"type": 3, "value": "abc"},
        "gone": {"type": 5, "value": 1},
    }
    ix = await fake.slash("echo", raw, unchecked=True)
    await ix.first_response()
    assert ix.payload["data"]["options"] == [
        {"name": "text", "type": 4, "value": 15},
        {"name": "count", "type": 3, "value": "abc"},
        {"name": "gone", "type": 5, "value": 1},
    ]
    assert bot.received == [(15, "abc"), (15, "abc")]  # discord.py passes the values on unconverted

    ix = await fake.autocomplete("kinds", {"text": 7, "count": "x"}, focused="text", unchecked=True)
    assert ix.payload["data"]["options"] == [
        {"name": "text", "type": 4, "value": 7, "focused": True},
        {"name": "count", "type": 3, "value": "x"},
    ]
    await ix.first_response()


def test_channel_types_limit_the_channels_offered() -> None:
    world = World.default()
    guild = world.guild
    builder = OptionBuilder(guild, world.users, world.find_channel)
    definition = {"name": "where", "type": 7, "channel_types": [2], "required": True}
    with pytest.raises(InvalidOptions, match=r"has channel type 0, not one of \[2\]"):
        builder.build([definition], {"where": guild.channels[0]}, None, check_required=True)
    other = world.add_guild("Other").add_text_channel("elsewhere")
    definition = {"name": "where", "type": 7, "required": True}
    with pytest.raises(InvalidOptions, match="is not a channel of guild"):
        builder.build([definition], {"where": other}, None, check_required=True)


async def test_autocomplete_over_25_choices_rejected(fake: FakeDiscord, bot: TinyBot, caplog) -> None:
    bot.choice_count = 30
    with caplog.at_level(logging.ERROR, logger="discord.app_commands.tree"):
        ix = await fake.autocomplete("search", {"query": "山"}, focused="query")
        [rejected] = await ix.wait_rejected()
    assert (rejected.status, rejected.code) == (400, 50035)
    assert any("data.choices" in line for line in rejected.detail)
    assert ix.replies == []  # the user sees "loading options failed"
    assert "Ignoring exception in autocomplete" in caplog.text
    fake.violations.clear()

    bot.choice_count = 25
    ix = await fake.autocomplete("search", {"query": "山"}, focused="query")
    reply = await ix.first_response()
    assert reply.type == 8 and len(reply.choices) == 25 and reply.choices[0]["name"] == "山0"


async def test_button_and_select_route_to_view(fake: FakeDiscord, bot: TinyBot) -> None:
    ix = await fake.slash("buttons")
    reply = await ix.first_response()
    assert reply.message_id is not None

    picked = await fake.component(reply.message_id, "pick", ["b"])
    assert (await picked.first_response()).content == "picked ['b']"
    clicked = await fake.component(reply.message_id, "ok", user="bob")
    assert (await clicked.first_response()).type == 7
    assert bot.clicks == [("pick", ["b"]), ("ok", fake.world.guild.member("bob").id)]
    assert fake.messages[reply.message_id]["content"] == "clicked"
    assert fake.messages[reply.message_id]["components"] == []


async def test_modal_submit(fake: FakeDiscord, bot: TinyBot) -> None:
    ix = await fake.slash("form")
    assert (await ix.first_response()).type == 9
    submitted = await fake.modal_submit(ix, {"Body": "こんにちは"})
    assert (await submitted.first_response()).content == "got こんにちは"


async def test_channel_post_and_history(fake: FakeDiscord, bot: TinyBot) -> None:
    channel = bot.get_channel(fake.world.guild.channel("digest").id)
    sent = [await channel.send(f"post {i}") for i in range(3)]
    assert [m["content"] for m in fake.channel_messages(channel.id)] == ["post 0", "post 1", "post 2"]

    newest = [m async for m in channel.history(limit=2)]
    assert [m.id for m in newest] == [sent[2].id, sent[1].id]
    after = [m async for m in channel.history(after=sent[0], limit=5)]
    assert [m.content for m in after] == ["post 1", "post 2"]
    assert newest[0].author.id == bot.user.id
    assert (await channel.fetch_message(sent[1].id)).content == "post 1"


async def test_a_nonce_comes_back_from_the_create_only_never_from_history(
    fake: FakeDiscord, bot: TinyBot
) -> None:
    channel = bot.get_channel(fake.world.guild.channel("digest").id)
    sent = await channel.send("once", nonce="day1p1")
    again = await channel.send("once", nonce="day1p1")  # discord.py sends enforce_nonce: the same message
    assert (sent.nonce, again.id) == ("day1p1", sent.id)
    [listed] = [m async for m in channel.history(limit=5)]
    fetched = await channel.fetch_message(sent.id)
    assert (listed.nonce, fetched.nonce) == (None, None)  # Discord does not keep it with the message
    assert "nonce" not in fake.channel_messages(channel.id)[0]


async def test_allowed_mentions_none_blocks_everyone(fake: FakeDiscord, bot: TinyBot) -> None:
    channel = bot.get_channel(fake.world.guild.channel("digest").id)
    loud = await channel.send("@everyone hi")
    quiet = await channel.send("@everyone hi", allowed_mentions=discord.AllowedMentions.none())
    assert loud.mention_everyone and not quiet.mention_everyone


async def test_allowed_mentions_name_whom_they_let_ping(fake: FakeDiscord, bot: TinyBot) -> None:
    channel = bot.get_channel(fake.world.guild.channel("digest").id)
    bob, alice = fake.world.guild.member("bob"), fake.world.guild.member("alice")
    only_bob = discord.AllowedMentions(everyone=False, users=[discord.Object(bob.id)], roles=False)
    sent = await channel.send(f"<@{bob.id}> <@{alice.id}>", allowed_mentions=only_bob)  # ids as numbers
    assert [u.id for u in sent.mentions] == [bob.id]


async def test_content_is_kept_trimmed_at_the_ends(fake: FakeDiscord, bot: TinyBot) -> None:
    channel = bot.get_channel(fake.world.guild.channel("digest").id)
    sent = await channel.send("  \n 山田 さん\n\nこんにちは \n")
    assert sent.content == "山田 さん\n\nこんにちは"  # only the ends: what is inside stays
    assert [m.content async for m in channel.history(limit=1)] == ["山田 さん\n\nこんにちは"]
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send(" \n ")  # nothing but whitespace is no content
    assert caught.value.code == 50006
    fake.violations.clear()


# -- Discord's rules -------------------------------------------------------------------------------


async def test_late_reply_is_unknown_interaction(fake: FakeDiscord, bot: TinyBot) -> None:
    fake.response_deadline = 0.1  # the same rule as Discord's 3 s, scaled down to keep the test fast
    bot.delay = 0.2
    ix = await fake.slash("ping", {"text": "late"})
    [rejected] = await ix.wait_rejected()
    assert (rejected.rule, rejected.status, rejected.code) == ("late_response", 404, 10062)
    assert ix.replies == []
    fake.violations.clear()


async def test_second_callback_rejected(fake: FakeDiscord, bot: TinyBot) -> None:
    @bot.tree.command(description="Answers twice")
    async def twice(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("one")
        interaction.response._response_type = None  # bypass discord.py's own InteractionResponded guard
        await interaction.response.send_message("two")

    await bot.tree.sync()
    ix = await fake.slash("twice")
    [rejected] = await ix.wait_rejected()
    assert rejected.code == 40060 and len(ix.replies) == 1
    fake.violations.clear()


async def test_embeds_over_6000_total_rejected(fake: FakeDiscord, bot: TinyBot) -> None:
    ix = await fake.slash("huge")
    [rejected] = await ix.wait_rejected()
    assert rejected.code == 50035
    assert rejected.detail == ["data.embeds: Embed size exceeds maximum size of 6000"]
    fake.violations.clear()

    channel = bot.get_channel(fake.world.guild.channel("digest").id)
    with pytest.raises(discord.HTTPException) as caught:
        await channel.send(embed=discord.Embed(title="t" * 257))
    assert caught.value.code == 50035 and "embeds.0.title" in str(caught.value)
    fake.violations.clear()


# -- faults ---------------------------------------------------------------------------------------


async def test_429_on_callback_is_retried_and_answered_once(fake: FakeDiscord, bot: TinyBot) -> None:
    fake.rate_limit("POST", "/interactions/*/callback", retry_after=0.2)
    ix = await fake.slash("ping", {"text": "x"})
    reply = await ix.first_response()
    assert [r.status for r in fake.requests_to("POST", f"/interactions/{ix.id}/*")] == [429, 200]
    assert len(ix.replies) == 1 and reply.elapsed >= 0.2


async def test_503_on_channel_post_is_server_error(fake: FakeDiscord, bot: TinyBot) -> None:
    channel = bot.get_channel(fake.world.guild.channel("digest").id)
    fake.server_error("POST", f"/channels/{channel.id}/messages", status=503)
    with pytest.raises(discord.DiscordServerError):
        await channel.send("digest")
    assert fake.channel_messages(channel.id) == []
    await channel.send("digest")  # the fault was for one request only
    assert len(fake.requests_to("POST", f"/channels/{channel.id}/messages")) == 2


async def test_missing_and_forbidden_channels(fake: FakeDiscord, bot: TinyBot) -> None:
    general, digest = fake.world.guild.channel("general"), fake.world.guild.channel("digest")
    fake.remove_channel(digest.id)
    fake.forbid_channel(general.id)
    with pytest.raises(discord.NotFound) as missing:
        await bot.get_channel(digest.id).send("x")
    with pytest.raises(discord.Forbidden) as forbidden:
        await bot.get_channel(general.id).send("x")
    assert (missing.value.code, forbidden.value.code) == (10003, 50001)


async def test_unhandled_route_is_recorded(fake: FakeDiscord, bot: TinyBot) -> None:
    with pytest.raises(discord.NotFound):
        await bot.fetch_invite("abc")
    assert [r.path for r in fake.unhandled] == ["/invites/abc"]
    fake.unhandled.clear()


# -- gateway --------------------------------------------------------------------------------------


async def test_op7_reconnect_resumes(fake: FakeDiscord, bot: TinyBot) -> None:
    resumed = asyncio.ensure_future(bot.wait_for("resumed"))
    await fake.reconnect()
    await asyncio.wait_for(resumed, 3)
    assert fake.gateway.resumes == 1 and fake.gateway.identifies == 1
    assert fake.gateway.connect_paths == ["/gw", "/gw/resume"]
    ix = await fake.slash("ping", {"text": "after"})
    assert (await ix.first_response()).embeds[0]["title"] == "after"


async def test_op9_invalid_session_reidentifies_slow(fake: FakeDiscord, bot: TinyBot) -> None:
    """Slow on purpose (~5 s): discord.py sleeps 5 s before every IDENTIFY but the first."""
    await fake.invalidate_session()
    await fake.wait_until(lambda: fake.gateway.identifies == 2 and fake.gateway.live, timeout=8)
    assert fake.gateway.connect_paths == ["/gw", "/gw"]  # op 9 resets to DEFAULT_GATEWAY
    ix = await fake.slash("ping", {"text": "again"})
    assert (await ix.first_response()).embeds[0]["title"] == "again"


async def test_100_concurrent_slash_commands_meet_deadline(fake: FakeDiscord, bot: TinyBot) -> None:
    interactions = await asyncio.gather(*(fake.slash("ping", {"text": str(i)}) for i in range(100)))
    replies = await asyncio.gather(*(ix.first_response(timeout=3) for ix in interactions))
    assert [r.embeds[0]["title"] for r in replies] == [str(i) for i in range(100)]
    assert fake.violations == []  # none answered after the 3 s deadline


async def test_custom_world(monkeypatch) -> None:
    from tests.fakediscord import patch_client

    world = World()
    guild = world.add_guild("Other", locale="en-US")
    guild.add_text_channel("news")
    guild.add_member(world.add_user("carol"), roles=[guild.add_role(EDITOR)])
    async with FakeDiscord(world) as fake:
        patch_client(monkeypatch, fake)
        async with run_client(TinyBot(), fake.token) as client:
            await client.tree.sync()
            ix = await fake.slash("ping", {"text": "x"}, user="carol", channel="news")
            await ix.first_response()
            assert client.get_guild(guild.id).get_member(world.bot.id) is not None
        fake.check()


# -- the limit checks on their own -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("digest", True),
        ("ダイジェスト", True),
        ("top-10_x", True),
        ("Ping", False),
        ("a b", False),
        ("あ\u3000い", False),
        ("x" * 33, False),
        ("", False),
    ],
)
def test_chat_input_names(name: str, valid: bool) -> None:
    assert is_valid_chat_input_name(name) is valid


def test_command_payload_errors() -> None:
    option = {"name": "q", "type": 3, "description": "d" * 101, "choices": [{"name": "c", "value": "v"}] * 26}
    errors = command_errors([{"name": "x", "description": "", "options": [option]}])
    assert sorted(errors.flat()) == [
        "0.description: Must be between 1 and 100 in length.",
        "0.options.0.choices: Must be 25 or fewer in length.",
        "0.options.0.description: Must be between 1 and 100 in length.",
    ]


def test_embed_field_errors() -> None:
    embed = {"fields": [{"name": "", "value": "v" * 1025}], "footer": {"text": "f" * 2049}}
    assert sorted(message_errors({"content": "c" * 2001, "embeds": [embed]}).flat()) == [
        "content: Must be 2000 or fewer in length.",
        "embeds.0.fields.0.name: Must be between 1 and 256 in length.",
        "embeds.0.fields.0.value: Must be between 1 and 1024 in length.",
        "embeds.0.footer.text: Must be between 1 and 2048 in length.",
    ]
