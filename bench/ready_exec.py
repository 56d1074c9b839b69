"""Time from exec of a fresh ``python -m bot`` process to READY from the gateway, as systemd sees it.

The fake Discord runs in this process; each run spawns a new interpreter (bench/exec_launcher.py,
which only points discord.py at the fake and calls the real entry point) with its own database and
no .env, and the clock runs from just before the spawn to the moment the fake has sent READY.
Baselines from the same run: a bare interpreter, and an interpreter that only imports discord.py.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

TARGET_S = 1.5


def _bare(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tempfile.gettempdir())
    return time.perf_counter() - start


async def _one(fake, tmp: Path) -> float:
    env = {
        **os.environ,
        "FAKE_API": fake.api_base,
        "FAKE_GATEWAY": fake.gateway_url,
        "DISCORD_TOKEN": fake.token,
        "DATABASE_PATH": str(tmp / "bot.sqlite3"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    seen = fake.gateway.identifies
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.exec_launcher"], cwd=tmp, env=env, stdout=subprocess.DEVNULL
    )
    try:
        deadline = start + 30
        while fake.gateway.identifies == seen:  # READY is sent in answer to IDENTIFY, at once
            if time.perf_counter() > deadline or child.poll() is not None:
                raise RuntimeError("the bot did not identify within 30 s")
            await asyncio.sleep(0.002)
        return time.perf_counter() - start
    finally:
        child.terminate()
        await asyncio.to_thread(child.wait, 10)


async def measure(runs: int = 10) -> dict[str, float]:
    """Exec → READY over ``runs`` fresh processes, with the baselines of the same run."""
    from tests.bot.conftest import world
    from tests.fakediscord import FakeDiscord

    samples = []
    async with FakeDiscord(world()) as fake:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                samples.append(await _one(fake, Path(tmp)))
    samples.sort()
    python = statistics.median(_bare("pass") for _ in range(5))
    discord = statistics.median(_bare("import discord") for _ in range(5))
    return {
        "min": samples[0],
        "median": statistics.median(samples),
        "p90": samples[int(0.9 * (len(samples) - 1))],
        "max": samples[-1],
        "python": python,
        "import_discord": discord,
    }


def report(figures: dict[str, float]) -> str:
    """The figures as the benchmark's table rows."""
    rows = [
        f"exec → READY (median)   {figures['median']:.2f} s   target ≤ {TARGET_S} s   "
        f"({figures['median'] / TARGET_S:.2f}× target)",
        f"exec → READY min/p90/max {figures['min']:.2f} / {figures['p90']:.2f} / {figures['max']:.2f} s",
        f"baseline: bare python   {figures['python']:.2f} s   "
        f"(bot is {figures['median'] / figures['python']:.1f}× a bare interpreter)",
        f"baseline: import discord {figures['import_discord']:.2f} s   "
        f"(bot is {figures['median'] / figures['import_discord']:.1f}× importing discord.py alone)",
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    print(report(asyncio.run(measure(runs))))
