import asyncio

import discord
import pytest

from bot.config import Settings
from commands.registry import all_commands
from knowledge.values import today_in_japan
from tests.bot.conftest import final, texts


async def test_login_ready_and_guild_cache(bot, fake):
    assert bot.is_ready()
    guild = bot.get_guild(fake.world.guild.id)
    assert guild is not None and guild.get_channel(fake.world.guild.channel("digest").id) is not None
    # GUILDS, GUILD_MESSAGES and DIRECT_MESSAGES (for mentions and DMs): no privileged intent
    assert fake.gateway.intents == discord.Intents(guilds=True, guild_messages=True, dm_messages=True).value


async def test_sync_payload_is_localised(bot, fake):
    [(scope, payload)] = fake.command_syncs
    assert scope == fake.world.guild.id
    by_name = {c["name"]: c for c in payload}
    assert sorted(by_name) == sorted([s.name for s in all_commands("discord")] + ["reload", "digest"])
    for command in by_name.values():
        assert command["name_localizations"].get("ja"), command["name"]
        assert 0 < len(command["description"]) <= 100
        assert 0 < len(command["description_localizations"]["ja"]) <= 100
        for option in command.get("options", []):
            assert option["name_localizations"].get("ja") and option["description_localizations"].get("ja")
            assert 0 < len(option["description"]) <= 100
            for choice in option.get("choices", []):
                assert choice["name_localizations"].get("ja")
    assert by_name["indicator"]["name_localizations"]["ja"] == "指標"
    plan = next(o for o in by_name["indicator"]["options"] if o["name"] == "plan")
    assert plan["autocomplete"] is True and "choices" not in plan  # the plans come from the data


async def test_plan_autocomplete_offers_the_plans_in_the_data(bot, fake, kb):
    ix = await fake.autocomplete("indicator", {"plan": ""}, focused="plan")
    reply = await ix.first_response()
    assert [(c["value"], c["name"]) for c in reply.choices] == kb.plan_choices(today_in_japan())
    assert reply.choices[0]["name"] == "第2次改定版（2024〜2026年度）"


async def test_indicator_15_answer(bot, fake):
    ix = await fake.slash("indicator", {"query": "15"})
    reply = await ix.first_response()
    text = texts(reply)
    assert not reply.ephemeral
    assert reply.embeds[0]["title"] == "指標15 5G人口カバー率"
    assert "94.1%（2022年度（令和4年度））" in text and "97%超（2026年度（令和8年度））" in text
    assert "データ版" in reply.embeds[-1]["footer"]["text"]


async def test_project_4_lists_indicators_15_to_18_with_a_chart(bot, fake):
    ix = await fake.slash("project", {"query": "4"})
    assert (await ix.first_response()).type == 5  # a chart is drawn: defer first, well inside 3 s
    reply = await final(ix)
    text = texts(reply)
    assert all(f"{n}. " in text for n in (15, 16, 17, 18))
    assert [name.split("-")[:2] for name in reply.data["_files"]] == [["project", "4"]]


async def test_history_sends_a_chart(bot, fake):
    reply = await final(await fake.slash("history", {"query": "1", "plan": "2021"}))
    assert "20回（2023年12月（令和5年12月）時点・文書記載）" in texts(reply)
    assert [name.split("-")[:3] for name in reply.data["_files"]] == [["2021", "indicator", "1"]]


async def test_old_indicator_with_official_rating_has_its_colour(bot, fake):
    reply = await (await fake.slash("indicator", {"query": "16", "plan": "2021"})).first_response()
    assert reply.embeds[0]["color"] == 0xCF222E  # ★: 計画を大幅に下回る
    assert "★☆☆☆ 計画を大幅に下回る（公式・2023年12月（令和5年12月）時点・中間評価）" in texts(reply)


@pytest.mark.parametrize("command", ["field", "search", "overview", "help"])
async def test_other_commands_answer(bot, fake, command):
    options = {"field": {"query": "6"}, "search": {"query": "すいそ"}}.get(command, {})
    reply = await (await fake.slash(command, options)).first_response()
    assert reply.embeds and not reply.ephemeral


async def test_autocomplete_for_kana_input(bot, fake):
    ix = await fake.autocomplete("indicator", {"query": "ちくでんち"}, focused="query")
    reply = await ix.first_response()
    assert 1 <= len(reply.choices) <= 25
    assert reply.choices[0]["value"] == "14"


async def test_autocomplete_empty_lists_in_number_order(bot, fake):
    reply = await (await fake.autocomplete("indicator", {"query": ""}, focused="query")).first_response()
    assert [c["value"] for c in reply.choices] == [str(n) for n in range(1, 26)]


async def test_autocomplete_follows_the_plan_option(bot, fake):
    ix = await fake.autocomplete("indicator", {"query": "", "plan": "2021"}, focused="query")
    reply = await ix.first_response()
    assert reply.choices[6]["name"].startswith("7 ")
    assert "5G基盤展開率" in reply.choices[6]["name"]


async def test_ambiguous_query_gives_a_menu_only_the_asker_may_use(bot, fake):
    ix = await fake.slash("indicator", {"query": "企業誘致"}, user="alice")
    reply = await ix.first_response()
    assert not reply.ephemeral
    [row] = reply.components
    [select] = row["components"]
    values = [o["value"] for o in select["options"]]
    assert values[:2] == ["indicator|2024|28", "indicator|2024|14"]

    other = await fake.component(reply.message_id, "candidates", [values[1]], user="bob")
    refusal = await other.first_response()
    assert refusal.ephemeral and "実行した人だけ" in refusal.content

    mine = await fake.component(reply.message_id, "candidates", [values[1]], user="alice")
    chosen = await mine.first_response()
    assert chosen.embeds[0]["title"] == "指標14 半導体・蓄電池関連分野の企業誘致件数"
    assert not chosen.components


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"query": "29"}, "指標29 はありません"),
        ({"query": "0"}, "1〜28"),
        ({"query": "25", "plan": "2021"}, "1〜24"),
        ({"query": "存在しない指標ですよ"}, "見つかりませんでした"),
        ({"query": "not-a-real-item-value"}, "見つかりませんでした"),
    ],
)
async def test_mistakes_get_an_ephemeral_japanese_answer(bot, fake, options, fragment):
    reply = await (await fake.slash("indicator", options)).first_response()
    assert reply.ephemeral and fragment in texts(reply)


async def test_429_on_the_reply_is_retried(bot, fake):
    fake.rate_limit("POST", "/interactions/*/*/callback", times=1, retry_after=0.2)
    ix = await fake.slash("indicator", {"query": "15"})
    reply = await ix.first_response()
    assert reply.embeds[0]["title"] == "指標15 5G人口カバー率"
    assert len(fake.requests_to("POST", "/interactions/*/*/callback")) == 2


async def test_command_answered_after_reconnect(bot, fake):
    await fake.reconnect()
    reply = await (await fake.slash("indicator", {"query": "15"})).first_response()
    assert reply.embeds[0]["title"] == "指標15 5G人口カバー率"
    assert fake.gateway.resumes >= 1


async def test_hundred_concurrent_interactions_all_answered_in_time(bot, fake):
    queries = [str(n % 28 + 1) for n in range(100)]
    pending = await asyncio.gather(*(fake.slash("indicator", {"query": q}) for q in queries))
    replies = await asyncio.gather(*(ix.first_response(timeout=3) for ix in pending))
    assert len(replies) == 100
    assert fake.violations == []  # the fake refuses any answer later than Discord's 3 s
    assert [r.embeds[0]["title"].split()[0] for r in replies] == [f"指標{q}" for q in queries]


async def test_reload_with_a_broken_file_keeps_the_old_data(bot, fake, settings):
    old = bot.kb
    path = settings.knowledge_path / "plans/2024/indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 97,", "value: abc,"), encoding="utf-8")
    ix = await fake.slash("reload", {}, user="carol")
    replies = await ix.wait_replies(2)
    assert "plans/2024/indicators.yaml: indicator 15: target.value: not a number" in replies[-1].content
    assert replies[-1].ephemeral and bot.kb is old
    again = await (await fake.slash("indicator", {"query": "15"})).first_response()
    assert "97%超" in texts(again)


async def test_reload_with_good_files_swaps_the_data(bot, fake, settings):
    path = settings.knowledge_path / "plans/2024/indicators.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("# 8 取組目標", "# edited\n# 8 取組目標"), encoding="utf-8"
    )
    old = bot.kb.version
    replies = await (await fake.slash("reload", {}, user="carol")).wait_replies(2)
    assert f"版 {old} → {bot.kb.version}" in replies[-1].content and bot.kb.version != old


async def test_reload_is_refused_for_non_admins(bot, fake):
    reply = await (await fake.slash("reload", {}, user="bob")).first_response()
    assert reply.ephemeral and "権限がありません" in reply.content


async def test_unexpected_error_apologises_and_logs(bot, fake, monkeypatch, caplog):
    def boom(*_args, **_kwargs):
        raise RuntimeError("kaboom")

    import bot.exts.lookup._cog as lookup

    monkeypatch.setattr(lookup, "overview", boom)
    ix = await fake.slash("overview", {})
    reply = await ix.first_response()
    assert reply.ephemeral and f"問い合わせ番号: {ix.id}" in reply.content
    assert any("Unhandled error in /overview" in r.getMessage() for r in caplog.records)


async def test_mentions_are_never_parsed(bot, fake):
    await (await fake.slash("help", {})).first_response()
    bodies = [r.json for r in fake.requests_to("POST", "/interactions/*/*/callback")]
    assert bodies[-1]["data"]["allowed_mentions"] == {"parse": []}


def test_settings_fail_fast_on_bad_values():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Settings(_env_file=None, guild_ids="12,abc")
    with pytest.raises(ValidationError):
        Settings(_env_file=None, log_level="LOUD")
    with pytest.raises(ValidationError):
        Settings(_env_file=None, guide_url="docs/guide.ja.md")  # a link needs an address
    assert Settings(_env_file=None, guide_url=" ").guide_url is None


async def test_plan_shows_a_part_of_the_document_citing_its_section(bot, fake):
    reply = await (await fake.slash("plan", {"query": "推進体制"})).first_response()
    assert reply.embeds[0]["title"] == "推進体制・支援スキーム（第2次改定版）"
    assert "「産業戦略本部」において" in reply.embeds[0]["description"]
    assert "「6 推進体制・支援スキーム」" in reply.embeds[-1]["footer"]["text"]


async def test_plan_autocomplete_offers_the_parts(bot, fake):
    ix = await fake.autocomplete("plan", {"query": "たいせい"}, focused="query")
    reply = await ix.first_response()
    assert reply.choices[0] == {"name": "推進体制・支援スキーム", "value": "promotion"}
    picked = await (await fake.slash("plan", {"query": reply.choices[0]["value"]})).first_response()
    assert picked.embeds[0]["title"] == "推進体制・支援スキーム（第2次改定版）"


async def test_printed_forms_are_the_last_field_of_the_answer(bot, fake):
    reply = await (await fake.slash("field", {"query": "6"})).first_response()
    last = reply.embeds[-1]["fields"][-1]
    assert last["name"] == "注記（原文の表記など）"
    assert "※ 原文の表記: 新半導体・蓄電池関連産業" in last["value"]
    assert "原文" not in reply.embeds[0].get("description", "")
