"""A local fake of Discord (REST + gateway) that the real discord.py client logs in to over 127.0.0.1.

Typical use, with the `fake_discord` fixture from tests/fakediscord/fixtures.py:

    async def test_indicator(fake_discord):
        client = MyBot(guild_ready_timeout=0.05)
        async with run_client(client, fake_discord.token):
            await client.tree.sync(guild=discord.Object(fake_discord.world.guild.id))
            ix = await fake_discord.slash("indicator", {"query": "15"}, user="alice")
            reply = await ix.first_response(timeout=3)
            assert reply.embeds[0]["title"] == "..." and not reply.ephemeral

Users' messages: ``await fake.post(f"{fake.bot_mention} 質問", user="bob")`` in a guild channel,
``await fake.post_dm("質問")`` in a DM, ``fake.post_webhook(...)``; each returns a ``Posted`` with the
message as stored and as the bot received it (see messages.py for the intent rules), and
``fake.replies_to(posted.id)`` lists what the bot answered.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import discord
import yarl

from .interactions import FakeInteraction, InvalidOptions, Reply, Upload
from .messages import Posted
from .server import FakeDiscord, RequestRecord, Violation
from .world import Channel, DMChannel, Guild, Member, Role, User, World

__all__ = [
    "Channel",
    "DMChannel",
    "FakeDiscord",
    "FakeInteraction",
    "Guild",
    "InvalidOptions",
    "Member",
    "Posted",
    "Reply",
    "RequestRecord",
    "Role",
    "Upload",
    "User",
    "Violation",
    "World",
    "patch_client",
    "run_client",
]


def patch_client(monkeypatch, fake: FakeDiscord) -> None:
    """Point discord.py's REST base and default gateway at the fake (undone by monkeypatch after the test)."""
    monkeypatch.setattr(discord.http.Route, "BASE", fake.api_base)
    # Op 9 resets the gateway to DEFAULT_GATEWAY, so READY's resume_gateway_url alone is not enough.
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))


@contextlib.asynccontextmanager
async def run_client(
    client: discord.Client, token: str, *, ready_timeout: float = 5.0
) -> AsyncIterator[discord.Client]:
    """Start `client`, wait for on_ready (raising LoginFailure etc. at once), and close it on exit."""
    async with client:
        runner = asyncio.create_task(client.start(token), name="fakediscord-client")
        ready = asyncio.create_task(client.wait_until_ready())
        try:
            done, _ = await asyncio.wait(
                {runner, ready}, timeout=ready_timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if runner in done:
                runner.result()  # raises the start-up error (LoginFailure, ConnectionClosed, ...)
                raise AssertionError("client.start() returned before the client was ready")
            if ready not in done:
                raise AssertionError(f"client not ready within {ready_timeout}s")
            yield client
        finally:
            ready.cancel()
            await client.close()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
