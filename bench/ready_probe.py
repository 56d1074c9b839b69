"""Start the bot in this fresh process against the local fake Discord; print ready time and peak RSS.

Run by bench/run.py (``python -m bench.ready_probe``); prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))


async def main() -> dict:
    """Start a fake, then time load → ready, then answer 100 concurrent commands."""
    import discord
    import yarl

    from tests.bot.conftest import world
    from tests.fakediscord import FakeDiscord, run_client

    async with FakeDiscord(world()) as fake:
        discord.http.Route.BASE = fake.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
        start = time.perf_counter()  # the fake is up: from here on it is the bot's own start-up
        from bot.client import StrategyBot
        from bot.config import Settings
        from knowledge import load_knowledge
        from knowledge.store import Store

        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                _env_file=None, discord_token=fake.token, database_path=Path(tmp) / "db.sqlite3"
            )
            store = Store.open(settings.database_path)
            bot = StrategyBot(settings, load_knowledge(), store, guild_ready_timeout=0.05)
            async with run_client(bot, fake.token):
                ready = time.perf_counter() - start
                await bot.sync_commands()
                pending = await asyncio.gather(
                    *(fake.slash("indicator", {"query": str(n % 28 + 1)}) for n in range(100))
                )
                await asyncio.gather(*(ix.first_response(timeout=10) for ix in pending))
            store.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"ready_s": ready, "peak_mb": peak_kb / 1024}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
