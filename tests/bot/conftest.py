import discord
import pytest

from bot.client import StrategyBot
from bot.config import Settings
from knowledge.store import Store
from tests.fakediscord import FakeDiscord, World, patch_client, run_client


def world() -> World:
    w = World.default()
    w.guild.add_member(w.add_user("carol"), roles=[w.guild.role("admin")])
    return w


@pytest.fixture
async def fake(monkeypatch):
    async with FakeDiscord(world()) as server:
        patch_client(monkeypatch, server)
        yield server
    server.check()


@pytest.fixture
def settings(fake, tmp_path, data_copy):
    return Settings(
        _env_file=None,
        discord_token=fake.token,
        guild_ids=(fake.world.guild.id,),
        editor_role_ids=(fake.world.guild.role("editor").id,),
        digest_channel_id=fake.world.guild.channel("digest").id,
        database_path=tmp_path / "bot.sqlite3",
        knowledge_path=data_copy,
    )


@pytest.fixture
def store(settings):
    s = Store.open(settings.database_path)
    yield s
    s.close()


@pytest.fixture
async def bot(fake, settings, kb, store):
    client = StrategyBot(settings, kb, store, schedule=False, guild_ready_timeout=0.05)
    async with run_client(client, fake.token):
        await client.sync_commands()
        yield client


async def final(ix, timeout: float = 5.0):
    """The answer a user ends up seeing: after a defer ("thinking…"), the follow-up that replaces it."""
    first = await ix.first_response(timeout=timeout)
    if first.type != 5:
        return first
    return (await ix.wait_replies(2, timeout=timeout))[-1]


def texts(reply) -> str:
    """Every text of a reply's embeds, joined, for content asserts."""
    parts = [reply.content or ""]
    for e in reply.embeds:
        parts += [e.get("title", ""), e.get("description", ""), e.get("footer", {}).get("text", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in e.get("fields", [])]
    return "\n".join(parts)


__all__ = ["discord", "texts"]
