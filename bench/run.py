"""The benchmark: one table of the bot's speed and memory, with targets, measured in one run.

Run from the repository root:  .venv/bin/python -m bench.run   (add --quick for fewer repetitions)

Measures, on this machine:
- per-command handler latency (p50/p99) in-process, charts excluded;
- end-to-end latency through the local fake Discord, from the interaction event to the first
  response, at 1, 10 and 100 concurrent users;
- time from start to ready and peak memory, in a fresh process (python -m bench.ready_probe);
- the matcher against difflib and rapidfuzz's default scorer, on the query set of the tests;
- time per chart (indicator and project) and per 1,000-row CSV import.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from bench import search_bench  # noqa: E402
from commands.context import Actor, Context  # noqa: E402
from commands.parse import execute  # noqa: E402
from knowledge import load_knowledge  # noqa: E402
from knowledge.store import Store  # noqa: E402

TODAY = date(2026, 11, 29)
EDITOR = Actor("console:bench", "bench", editor=True, admin=True)
COMMAND_LINES = {
    "indicator": [
        "/indicator 15",
        "/indicator ちくでんち",
        "/indicator 7 plan:2021",
        "/indicator 海外展開の成役",
    ],
    "indicator (list)": ["/indicator", "/indicator project:4", "/indicator plan:2021 rating:3"],
    "project": ["/project 4", "/project 3-2", "/project きょうそうりょく"],
    "field": ["/field 6", "/field 衛星"],
    "search": [
        "/search 水素",
        "/search キエンザン",
        "/search こうわん",
        "/search 産業戦略本部",
        "/search ウクライナ",
    ],
    "glossary": ["/glossary 累計", "/glossary るいけい"],
    "overview": ["/overview"],
    "plan": ["/plan", "/plan 推進体制", "/plan 企業群", "/plan 前の計画"],
    "help": ["/help"],
    "tour": ["/tour 1", "/tour 4", "/tour 9"],
    "quiz": ["/quiz 42"],
    "update": ["/update 12 value:130件 as_of:2025-09"],
}
TARGETS = {
    "handler_p99_ms": 10.0,
    "e2e_p99_ms_100": 3000.0,
    "ready_s": 2.0,
    "memory_mb": 200.0,
    "chart_ms": 300.0,
    "import_1000_s": 1.0,
}


def pct(samples: list[float], q: float) -> float:
    """The q-th percentile, nearest rank."""
    return search_bench.percentile(samples, q)


def handler_latency(repeat: int) -> dict[str, tuple[float, float]]:
    """p50/p99 milliseconds per command, in-process, charts excluded."""
    kb = load_knowledge()
    tmp = tempfile.TemporaryDirectory()
    store = Store.open(Path(tmp.name) / "db.sqlite3")  # a real file: /update pays its fsync
    ctx = Context(kb, today=TODAY, store=store, actor=EDITOR, charts=False)
    out = {}
    for name, lines in COMMAND_LINES.items():
        samples = []
        for i in range(repeat):
            line = lines[i % len(lines)]
            start = time.perf_counter()
            execute(ctx, line)
            samples.append((time.perf_counter() - start) * 1000)
        out[name] = (pct(samples, 50), pct(samples, 99))
    store.close()
    tmp.cleanup()
    return out


async def _e2e(levels: tuple[int, ...], waves: int) -> dict[int, tuple[float, float]]:
    import discord
    import yarl

    from bot.client import StrategyBot
    from bot.config import Settings
    from tests.bot.conftest import world
    from tests.fakediscord import FakeDiscord, run_client

    kb = load_knowledge()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeDiscord(world()) as fake:
            saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
            discord.http.Route.BASE = fake.api_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
            try:
                settings = Settings(
                    _env_file=None,
                    discord_token=fake.token,
                    guild_ids=(fake.world.guild.id,),
                    database_path=Path(tmp) / "db.sqlite3",
                )
                store = Store.open(settings.database_path)
                bot = StrategyBot(settings, kb, store, guild_ready_timeout=0.05)
                async with run_client(bot, fake.token):
                    await bot.sync_commands()
                    for users in levels:
                        samples = []
                        for wave in range(waves):
                            lines = [str((wave * users + n) % 28 + 1) for n in range(users)]
                            pending = await asyncio.gather(
                                *(fake.slash("indicator", {"query": q}) for q in lines)
                            )
                            replies = await asyncio.gather(*(ix.first_response(timeout=10) for ix in pending))
                            samples += [r.elapsed * 1000 for r in replies]
                        out[users] = (pct(samples, 50), pct(samples, 99))
                store.close()
            finally:
                discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
    return out


def ready_and_memory() -> dict:
    """Start to ready and peak RSS, measured in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.ready_probe"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def chart_and_import(repeat: int) -> dict[str, float]:
    """Milliseconds per chart (p50) and seconds per 1,000-row import."""
    from commands.charts import indicator_chart, project_chart
    from knowledge.charts_math import points_from_entries
    from knowledge.transfer import apply, validate

    kb = load_knowledge()
    tmp = tempfile.TemporaryDirectory()
    store = Store.open(Path(tmp.name) / "db.sqlite3")
    days = [date(2024, 4, 1) + timedelta(days=n % 970) for n in range(1000)]  # all before TODAY
    rows = "".join(
        f"{n % 28 + 1},{_sample_value(kb, n % 28 + 1)},{day.isoformat()}\n" for n, day in enumerate(days)
    )
    data = ("indicator,value,as_of\n" + rows).encode()
    start = time.perf_counter()
    result = apply(store, validate(kb, store, data, TODAY), "bench", "bench")
    import_s = time.perf_counter() - start
    assert result.applied == 1000, (result.applied, result.problems[:3])
    ind = kb.indicator(12, "2024")
    points = points_from_entries(store.history("2024", 12), ind.target.unit)
    chart_ms, project_ms = [], []
    indicator_chart(kb, ind, points, TODAY)  # warm the font cache
    latest = {n: (e.to_latest() if (e := store.latest("2024", n)) else None) for n in range(1, 29)}
    for _ in range(repeat):
        t = time.perf_counter()
        indicator_chart(kb, ind, points, TODAY)
        chart_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        project_chart(kb, 4, latest, TODAY)
        project_ms.append((time.perf_counter() - t) * 1000)
    store.close()
    tmp.cleanup()
    return {"chart_ms": pct(chart_ms, 50), "project_chart_ms": pct(project_ms, 50), "import_1000_s": import_s}


def _sample_value(kb, no: int) -> str:
    target = kb.indicator(no, "2024").target
    return {"%": "50%", "千円": "400000千円", "万人": "10万人", "億円": "100億円"}.get(
        target.unit, f"1{target.unit}"
    )


def matcher() -> dict[str, float]:
    """Right-first accuracy of ours, difflib and rapidfuzz on the query set."""
    import yaml

    kb = load_knowledge()
    queries = yaml.safe_load(search_bench.QUERY_FILE.read_text(encoding="utf-8"))["queries"]
    universes = {
        (q["kind"], q.get("plan", "2024")): search_bench.item_names(kb, q["kind"], q.get("plan", "2024"))
        for q in queries
    }

    def baseline(keys_of):
        def answer(entry: dict) -> list:
            return keys_of(entry["query"], universes[entry["kind"], entry.get("plan", "2024")])

        return search_bench.accuracy(queries, answer, clear=False)["first"]

    return {
        "ours": search_bench.strict_right_first(kb.search_index, queries),
        "difflib": baseline(search_bench.difflib_keys),
        "rapidfuzz": baseline(search_bench.rapidfuzz_keys),
    }


def ok(value: float, target: float) -> str:
    """✓ when the figure meets its target (lower is better)."""
    return "ok" if value <= target else "MISSED"


def main() -> None:
    """Measure everything and print one table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 50 if args.quick else 300
    rows: list[tuple[str, str, str, str]] = []

    for name, (p50, p99) in handler_latency(repeat).items():
        t = TARGETS["handler_p99_ms"]
        rows.append(
            (f"handler /{name}", f"p50 {p50:.2f} ms · p99 {p99:.2f} ms", f"p99 ≤ {t:.0f} ms", ok(p99, t))
        )
    e2e = asyncio.run(_e2e((1, 10, 100), waves=3 if args.quick else 10))
    alone = e2e[1][1]
    for users, (p50, p99) in e2e.items():
        target = "well inside 3 s" if users == 100 else ""
        verdict = ok(p99, 1000.0) if users == 100 else ""
        scaling = f" ({p99 / alone:.0f}× the p99 of 1 user)" if users > 1 else ""
        rows.append(
            (
                f"end-to-end, {users} concurrent",
                f"p50 {p50:.1f} ms · p99 {p99:.1f} ms{scaling}",
                target,
                verdict,
            )
        )
    from bench import ready_exec

    ready = asyncio.run(ready_exec.measure(5 if args.quick else 15))
    rows.append(
        (
            "exec → READY (fresh process, median)",
            f"{ready['median']:.2f} s (min {ready['min']:.2f} · p90 {ready['p90']:.2f}) · "
            f"{ready['median'] / ready['import_discord']:.1f}× a process that only imports discord.py "
            f"({ready['import_discord']:.2f} s)",
            f"≤ {ready_exec.TARGET_S} s",
            ok(ready["median"], ready_exec.TARGET_S),
        )
    )
    probe = ready_and_memory()
    rows.append(
        (
            "load → on_ready, in-process",
            f"{probe['ready_s']:.2f} s",
            "",
            "",
        )
    )
    rows.append(
        (
            "peak memory (RSS)",
            f"{probe['peak_mb']:.0f} MB",
            "≤ 200 MB",
            ok(probe["peak_mb"], TARGETS["memory_mb"]),
        )
    )
    m = matcher()
    rows.append(
        (
            "matcher right-first",
            f"ours {m['ours']:.1%} · difflib {m['difflib']:.1%} · rapidfuzz {m['rapidfuzz']:.1%}",
            "≥ 97 %",
            "ok" if m["ours"] >= 0.97 else "MISSED",
        )
    )
    rows.append(
        (
            "matcher vs baselines",
            f"{m['ours'] / m['difflib']:.2f}× difflib · {m['ours'] / m['rapidfuzz']:.2f}× rapidfuzz",
            "",
            "",
        )
    )
    c = chart_and_import(10 if args.quick else 30)
    rows.append(
        (
            "chart, indicator (p50)",
            f"{c['chart_ms']:.0f} ms",
            "≤ 300 ms",
            ok(c["chart_ms"], TARGETS["chart_ms"]),
        )
    )
    rows.append(
        (
            "chart, project (p50)",
            f"{c['project_chart_ms']:.0f} ms",
            "≤ 300 ms",
            ok(c["project_chart_ms"], 300),
        )
    )
    rows.append(("import, 1,000 rows", f"{c['import_1000_s']:.2f} s", "≤ 1 s", ok(c["import_1000_s"], 1.0)))

    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    header = ("measure", "figure", "target", "status")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print(f"\n(python {sys.version.split()[0]}, {repeat} runs per command, {time.strftime('%Y-%m-%d')})")


if __name__ == "__main__":
    main()
