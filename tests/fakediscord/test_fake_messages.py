"""Tests of the fake's users' messages: which MESSAGE_CREATE events arrive, what they carry without the
Message Content intent, and the rules for the bot's replies (references, reply pings, allowed_mentions)."""

import asyncio

import discord
import pytest

from tests.fakediscord import FakeDiscord, run_client
from tests.fakediscord.limits import message_errors

NO_CONTENT = discord.Intents.default()  # guilds, guild and DM messages; message_content is privileged
assert not NO_CONTENT.message_content


class Listener(discord.Client):
    """Queues every message it receives from someone else."""

    def __init__(self, intents: discord.Intents) -> None:
        super().__init__(intents=intents, guild_ready_timeout=0.05)
        self.seen: asyncio.Queue[discord.Message] = asyncio.Queue()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.id != self.user.id:
            await self.seen.put(message)

    async def next(self) -> discord.Message:
        return await asyncio.wait_for(self.seen.get(), 3)


@pytest.fixture
async def fake(fake_discord: FakeDiscord) -> FakeDiscord:
    return fake_discord


async def test_without_message_content_only_mentions_and_dms_carry_content(fake: FakeDiscord) -> None:
    bob = fake.world.guild.member("bob").user
    async with run_client(Listener(NO_CONTENT), fake.token) as client:
        plain = await fake.post("hello", user="bob", attachments=["a.png"])
        mention = await fake.post(f"{fake.bot_mention} hi", user="bob", attachments=["a.png"])
        dm = await fake.post_dm("secret", user="bob")
        seen = [await client.next() for _ in range(3)]
    assert [(m.content, len(m.attachments)) for m in seen] == [
        ("", 0),
        (f"<@{fake.world.bot.id}> hi", 1),
        ("secret", 0),
    ]
    assert plain.message["content"] == "hello" and plain.delivered["content"] == ""
    assert mention.delivered["mentions"][0]["id"] == str(fake.world.bot.id)
    assert isinstance(seen[1].author, discord.Member) and seen[1].guild.id == fake.world.guild.id
    assert isinstance(seen[2].channel, discord.DMChannel) and seen[2].author.id == bob.id
    assert seen[2].guild is None and dm.delivered["channel_id"] == str(fake.world.dm(bob).id)


async def test_everyone_or_a_role_is_not_a_mention_of_the_bot(fake: FakeDiscord) -> None:
    guild = fake.world.guild
    guild.add_member(fake.world.add_user("dora"), roles=[guild.role("admin")])
    async with run_client(Listener(NO_CONTENT), fake.token):
        everyone = await fake.post("@everyone hi", user="dora")
        role = await fake.post(f"<@&{guild.role('editor').id}> hi", user="bob")
        denied = await fake.post("@everyone hi", user="bob")  # bob may not mention everyone
    assert everyone.delivered["mention_everyone"] and everyone.delivered["content"] == ""
    assert (
        role.delivered["mention_roles"] == [str(guild.role("editor").id)] and role.delivered["content"] == ""
    )
    assert not denied.message["mention_everyone"]


async def test_message_content_intent_reveals_every_message(fake: FakeDiscord) -> None:
    intents = discord.Intents.default()
    intents.message_content = True
    async with run_client(Listener(intents), fake.token) as client:
        await fake.post("hello", user="bob")
        assert (await client.next()).content == "hello"


async def test_without_the_message_intents_nothing_arrives(fake: FakeDiscord) -> None:
    async with run_client(Listener(discord.Intents(guilds=True)), fake.token):
        assert (await fake.post(f"{fake.bot_mention} hi")).delivered is None
        assert (await fake.post_dm("hi")).delivered is None


async def test_a_reply_pings_its_author_unless_allowed_mentions_says_not(fake: FakeDiscord) -> None:
    bob = fake.world.guild.member("bob").user
    async with run_client(Listener(NO_CONTENT), fake.token) as client:
        asked = await fake.post(f"{fake.bot_mention} hi", user="bob")
        message = await client.next()
        await message.reply("pinged")
        await message.reply("quiet", allowed_mentions=discord.AllowedMentions.none())
        await message.reply("quiet too", mention_author=False)
    replies = fake.replies_to(asked.id)
    assert [(r["type"], r["content"], r["mentions"]) for r in replies] == [
        (19, "pinged", [bob.payload()]),
        (19, "quiet", []),
        (19, "quiet too", []),
    ]
    assert replies[0]["message_reference"] == {
        "type": 0,
        "message_id": str(asked.id),
        "channel_id": asked.message["channel_id"],
        "guild_id": str(fake.world.guild.id),
    }


async def test_a_reply_to_a_vanished_message_fails_unless_told_not_to(fake: FakeDiscord) -> None:
    async with run_client(Listener(NO_CONTENT), fake.token) as client:
        asked = await fake.post(f"{fake.bot_mention} hi")
        message = await client.next()
        del fake.messages[asked.id]  # the user deleted the question
        with pytest.raises(discord.HTTPException) as failed:
            await message.reply("lost")
        sent = await message.channel.send("kept", reference=message.to_reference(fail_if_not_exists=False))
    assert failed.value.code == 50035 and "Unknown message" in str(failed.value)
    assert [v.rule for v in fake.violations] == ["unknown_reference"]
    fake.violations.clear()
    assert fake.messages[sent.id]["type"] == 0 and "message_reference" not in fake.messages[sent.id]


def test_allowed_mentions_parse_and_ids_are_exclusive() -> None:
    errors = message_errors({"content": "x", "allowed_mentions": {"parse": ["users", "x"], "users": ["1"]}})
    assert errors.flat() == [
        "allowed_mentions.parse.1: Value must be one of ('users', 'roles', 'everyone').",
        'allowed_mentions: parse:["users"] and users: [ids] are mutually exclusive.',
    ]


@pytest.mark.parametrize(("count", "flat"), [(10, []), (11, ["attachments: Must be 10 or fewer in length."])])
def test_a_message_carries_at_most_ten_files(count: int, flat: list[str]) -> None:
    files = [f"f{i}.csv" for i in range(count)]
    assert message_errors({"content": "x", "_files": files}).flat() == flat


async def test_a_user_cannot_send_nothing_or_more_than_4000_characters(fake: FakeDiscord) -> None:
    with pytest.raises(ValueError, match="empty"):
        await fake.post("")
    with pytest.raises(ValueError, match="4000"):
        await fake.post_dm("x" * 4001)
    assert len((await fake.post("x" * 10_000, unchecked=True)).message["content"]) == 10_000
    with pytest.raises(ValueError, match="bots cannot"):
        await fake.post_dm("hi", user=fake.world.bot)


async def test_webhook_messages_have_a_bot_author_and_a_webhook_id(fake: FakeDiscord) -> None:
    async with run_client(Listener(NO_CONTENT), fake.token) as client:
        posted = await fake.post_webhook(f"{fake.bot_mention} feed", name="RSS")
        message = await client.next()
    assert message.webhook_id == int(posted.message["webhook_id"]) and message.author.bot
    assert message.content == f"{fake.bot_mention} feed"


async def test_a_button_in_a_dm_arrives_as_a_dm_interaction(fake: FakeDiscord) -> None:
    clicks: list[tuple] = []

    async def clicked(interaction: discord.Interaction) -> None:
        clicks.append((interaction.user.id, interaction.guild_id, type(interaction.channel)))
        await interaction.response.send_message("ok", ephemeral=True)

    async with run_client(Listener(NO_CONTENT), fake.token) as client:
        await fake.post_dm("hi", user="bob")
        message = await client.next()
        view = discord.ui.View()
        button: discord.ui.Button = discord.ui.Button(label="Go", custom_id="go")
        button.callback = clicked  # type: ignore[method-assign]
        view.add_item(button)
        sent = await message.channel.send("pick", view=view)
        reply = await (await fake.component(sent.id, "go")).first_response()
        with pytest.raises(ValueError, match="only bob"):
            await fake.component(sent.id, "go", user="alice")
    assert reply.ephemeral and reply.content == "ok"
    assert clicks == [(fake.world.guild.member("bob").id, None, discord.DMChannel)]
