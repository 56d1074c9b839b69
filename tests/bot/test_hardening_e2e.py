import asyncio
import logging
import subprocess

from tests.bot.conftest import final, texts
from tests.conftest import ROOT
from tests.fakediscord import Upload


async def test_token_never_appears_in_logs_even_at_debug(fake, settings, kb, store, caplog):
    from bot.client import StrategyBot
    from tests.fakediscord import run_client

    caplog.set_level(logging.DEBUG)
    client = StrategyBot(settings, kb, store, schedule=False, guild_ready_timeout=0.05)
    async with run_client(client, fake.token):
        await client.sync_commands()
        await (await fake.slash("indicator", {"query": "15"})).first_response()
        await fake.reconnect()
        await (await fake.slash("help", {})).first_response()
    assert caplog.records  # DEBUG logging really was on
    assert fake.token not in caplog.text
    assert all(fake.token not in repr(r.args) for r in caplog.records)
    assert fake.token not in repr(settings)


async def test_mentions_cannot_be_injected(bot, fake, store):
    await (
        await fake.slash("update", {"query": "15", "value": "95%", "note": "@everyone <@&1> 速報"})
    ).wait_replies(2)
    data = "indicator,value,as_of,note\n12,130件,2025-09,@here 見て\n".encode()
    await (await fake.slash("import", {"file": Upload("a.csv", data)})).wait_replies(2)
    await (await fake.slash("indicator", {"query": "15"})).first_response()
    await bot.get_cog("Digest").daily.send_reminders()
    sent = [r.json for r in fake.requests if r.method in ("POST", "PATCH") and isinstance(r.json, dict)]
    payloads = [j.get("data", j) for j in sent if "allowed_mentions" in j.get("data", j)]
    assert payloads and all(p["allowed_mentions"]["parse"] == [] for p in payloads)
    assert not any(m.get("mention_everyone") for m in fake.messages.values())


async def test_reconnect_storm_keeps_answering(bot, fake):
    for n in range(1, 6):
        await fake.reconnect()
        await fake.wait_until(lambda n=n: fake.gateway.resumes >= n, timeout=5)
    replies = await asyncio.gather(
        *[(await fake.slash("indicator", {"query": str(n)})).first_response() for n in (1, 2, 3)]
    )
    assert [r.embeds[0]["title"].split()[0] for r in replies] == ["指標1", "指標2", "指標3"]
    assert fake.gateway.resumes >= 5


async def test_5xx_while_an_update_is_in_flight_records_once(bot, fake, store):
    fake.server_error("POST", "/webhooks/*/*", status=503, times=1)
    ix = await fake.slash("update", {"query": "15", "value": "95%", "as_of": "2025年度"})
    replies = await ix.wait_replies(2, timeout=6)
    assert "実績を記録しました" in texts(replies[-1])
    assert len(store.history("2024", 15)) == 1


async def _main_against_fake(fake, tmp_path, args, env):
    script = (
        "import sys, discord, yarl;"
        f"discord.http.Route.BASE={fake.api_base!r};"
        f"discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY=yarl.URL({fake.gateway_url!r});"
        f"from bot.__main__ import main; sys.exit(main({args!r}))"
    )
    env = {
        "DATABASE_PATH": str(tmp_path / "db.sqlite3"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        **env,
    }
    proc = await asyncio.create_subprocess_exec(
        __import__("sys").executable, "-c", script, cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode, out.decode(), err.decode()


async def test_sync_registers_the_commands_to_the_configured_guild(fake, tmp_path):
    guild = fake.world.guild.id
    code, out, err = await _main_against_fake(
        fake, tmp_path, ["sync"], {"DISCORD_TOKEN": fake.token, "GUILD_IDS": str(guild)}
    )
    assert code == 0, err
    [(scope, payload)] = fake.command_syncs
    assert scope == guild and {c["name"] for c in payload} >= {"indicator", "project", "update", "digest"}
    assert out.strip() == f"登録しました: guild {guild}: {len(payload)} commands"
    assert fake.gateway.identifies == 0  # REST only: syncing never connects to the gateway


async def test_invalid_token_exits_non_zero_with_a_clear_message(fake, tmp_path):
    code, out, err = await _main_against_fake(fake, tmp_path, [], {"DISCORD_TOKEN": "wrong-token"})
    assert code == 2
    assert "Discord へのログインに失敗しました。DISCORD_TOKEN が正しいか確認してください。" in err
    assert "Traceback" not in err and "wrong-token" not in err + out


async def test_arbitrary_input_through_discord_always_gets_a_valid_reply(bot, fake):
    from bot.render.discord import TOTAL
    from tests.test_properties import fuzz_strings

    queries = [q for q in fuzz_strings(seed=20261129, count=40) if q.strip()]
    commands = ["indicator", "project", "field", "search", "glossary"]
    pending = []
    for n, query in enumerate(queries):
        pending.append(await fake.slash(commands[n % len(commands)], {"query": query[:200]}))
    replies = await asyncio.gather(*(final(ix) for ix in pending))
    assert len(replies) == len(queries)
    for reply in replies:
        assert reply.embeds or reply.content
        assert (
            sum(len(str(e)) for e in reply.embeds) < TOTAL * 2
        )  # the fake itself rejects anything over limits
    assert fake.violations == []


async def test_wrong_option_types_get_a_clear_answer(bot, fake):
    cases = [
        ("tour", {"page": "abc"}, "ページ（page:）には整数で指定してください"),
        ("quiz", {"number": "x"}, "番号（number:）には1〜999999の整数で指定してください"),
    ]
    for command, options, fragment in cases:
        # A text where the registered option is an integer: only a stale registration sends this.
        reply = await (await fake.slash(command, options, unchecked=True)).first_response()
        assert reply.ephemeral and fragment in texts(reply), command
