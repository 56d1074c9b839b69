import asyncio
import logging

from commands.registry import all_commands
from tests.bot.conftest import texts


async def _run(fake, name, options, user="alice"):
    ix = await fake.slash(name, options, user=user)
    replies = await ix.wait_replies(2) if name in {s.name for s in all_commands() if s.writes} else None
    return replies[-1] if replies else await ix.first_response()


async def test_non_editor_update_is_refused_privately_and_logged(bot, fake, store, caplog):
    caplog.set_level(logging.INFO)
    reply = await _run(fake, "update", {"query": "15", "value": "95%"}, user="bob")
    assert reply.ephemeral and "権限がありません" in texts(reply)
    assert store.latest("2024", 15) is None
    assert [r.action for r in store.audit_log()] == ["denied"]
    assert any("Refused /update" in r.getMessage() for r in caplog.records)


async def test_editor_update_changes_what_everyone_sees(bot, fake):
    done = await _run(fake, "update", {"query": "15", "value": "95.5%", "as_of": "2025年度"})
    assert done.ephemeral and "実績を記録しました" in texts(done)
    reply = await (await fake.slash("indicator", {"query": "15"}, user="bob")).first_response()
    text = texts(reply)
    assert "95.5%（2025年度（令和7年度）時点・登録値）" in text
    assert "★★☆☆ 計画を下回る（試算）" in text
    assert reply.embeds[0]["color"] == 0xDB8E00


async def test_undo_through_discord(bot, fake, store):
    await _run(fake, "update", {"query": "16", "value": "20件", "as_of": "2024年度"})
    await _run(fake, "update", {"query": "16", "value": "25件", "as_of": "2025年度"})
    proposal = await _run(fake, "undo", {"query": "16"})
    assert proposal.ephemeral and "まだ何も取り消していません" in texts(proposal)
    assert store.latest("2024", 16).value_text == "25件"  # nothing withdrawn until confirmed
    refused = await (await fake.component(proposal.message_id, "confirm", user="bob")).first_response()
    assert "最初にコマンドを実行した人だけ" in texts(refused)
    done = await (await fake.component(proposal.message_id, "confirm")).first_response()
    assert "取り消しました" in texts(done)
    assert store.latest("2024", 16).value_text == "20件"


async def test_undo_of_a_chosen_entry_through_discord(bot, fake, store):
    await _run(fake, "update", {"query": "16", "value": "20件", "as_of": "2024年度"})
    first = store.latest("2024", 16).id
    await _run(fake, "update", {"query": "16", "value": "25件", "as_of": "2025年度"})
    reply = await _run(fake, "undo", {"query": "16", "entry": first})
    assert "取り消しました" in texts(reply)
    assert store.latest("2024", 16).value_text == "25件"  # the chosen one went, the latest stayed


async def test_update_without_as_of_proposes_and_records_nothing(bot, fake, store):
    proposal = await _run(fake, "update", {"query": "15", "value": "95.2%"})
    assert proposal.ephemeral and "2025年度（令和7年度）" in texts(proposal)
    assert store.latest("2024", 15) is None
    cancelled = await (await fake.component(proposal.message_id, "cancel")).first_response()
    assert "何も記録・変更していません" in texts(cancelled)
    assert store.latest("2024", 15) is None


async def test_owner_is_set_from_a_member_and_shown(bot, fake, store):
    reply = await _run(fake, "owner", {"query": "15", "person": "bob", "remind": True})
    assert reply.ephemeral and "担当を設定しました" in texts(reply)
    owner = store.owner("2024", 15)
    assert (owner.owner_kind, owner.owner_name, owner.remind) == ("user", "Bob", True)
    shown = await (await fake.slash("indicator", {"query": "15"})).first_response()
    assert "担当\nBob" in texts(shown)


async def test_non_editor_cannot_set_an_owner(bot, fake, store):
    reply = await _run(fake, "owner", {"query": "15", "person": "bob"}, user="bob")
    assert reply.ephemeral and "権限がありません" in texts(reply)
    assert store.owner("2024", 15) is None


async def test_audit_for_editors_only(bot, fake):
    await _run(fake, "update", {"query": "15", "value": "95%", "as_of": "2025年度"})
    mine = await _run(fake, "audit", {})
    assert mine.ephemeral and "Alice 記録 指標15" in texts(mine)
    theirs = await _run(fake, "audit", {}, user="bob")
    assert "権限がありません" in texts(theirs)


async def test_fifty_concurrent_updates_are_all_kept(bot, fake, store):
    pending = await asyncio.gather(
        *(
            fake.slash("update", {"query": "12", "value": f"{100 + n}件", "as_of": "2025-06"})
            for n in range(50)
        )
    )
    await asyncio.gather(*(ix.wait_replies(2, timeout=10) for ix in pending))
    history = store.history("2024", 12)
    assert len(history) == 50
    assert sorted(e.value_text for e in history) == sorted(f"{100 + n}件" for n in range(50))
    assert fake.violations == []  # no defer came later than Discord's 3 s


async def test_a_bad_value_is_explained_privately(bot, fake, store):
    reply = await _run(fake, "update", {"query": "15", "value": "たくさん"})
    assert reply.ephemeral and "数値として読めません" in texts(reply)
    assert store.latest("2024", 15) is None


async def test_stale_owner_is_reminded_once_with_only_their_mention(bot, fake, store):
    bob = fake.world.guild.member("bob")
    store.set_owner("2024", 15, "user", str(bob.id), "Bob", "1", "Alice", remind=True)
    store.set_owner("2024", 16, "user", "console:山田", "山田", "1", "Alice", remind=True)
    store.set_owner("2024", 17, "user", str(bob.id), "Bob", "1", "Alice", remind=False)
    daily = bot.get_cog("Digest").daily
    assert [r.status for r in await daily.send_reminders()] == ["sent", "sent"]
    assert await daily.send_reminders() == ()  # the same stale spell is not reminded twice
    posts = fake.channel_messages(fake.world.guild.channel("digest").id)
    assert [p["content"].split("」")[0] for p in posts] == [
        f"<@{bob.id}> 指標15「5G人口カバー率",
        "山田 指標16「先導的プロジェクトによる未来技術導入件数(累計)",
    ]
    bodies = [
        r.json
        for r in fake.requests_to("POST", f"/channels/{fake.world.guild.channel('digest').id}/messages")
    ]
    assert bodies[0]["allowed_mentions"] == {"parse": [], "users": [bob.id]}
    assert bodies[1]["allowed_mentions"] == {"parse": []}


async def test_undo_menu_picks_another_of_ones_own_entries(bot, fake, store):
    await _run(fake, "update", {"query": "16", "value": "20件", "as_of": "2024年度"})
    older = store.latest("2024", 16).id
    await _run(fake, "update", {"query": "16", "value": "25件", "as_of": "2025年度"})
    proposal = await _run(fake, "undo", {"query": "16"})
    message = fake.messages[proposal.message_id]
    [menu] = [c for row in message["components"] for c in row["components"] if c["custom_id"] == "pick"]
    labels = [o["label"] for o in menu["options"]]
    assert labels[1] == f"記録番号 {older}: 20件（2024年度（令和6年度））"
    done = await (await fake.component(proposal.message_id, "pick", values=["1"])).first_response()
    assert "取り消しました" in texts(done)
    assert [e.withdrawn for e in store.history("2024", 16)] == [False, True]  # the older one went


async def test_the_three_step_scenario_ends_with_the_years_figure(bot, fake, store):
    # 1. no as_of: a proposal, nothing dated today
    proposal = await _run(fake, "update", {"query": "15", "value": "95.2%"})
    assert "公表済みの最新の時点は 2025年度（令和7年度）" in texts(proposal)
    assert store.history("2024", 15) == []
    # 2. the year given: recorded, and it is the latest
    done = await _run(fake, "update", {"query": "15", "value": "96.0%", "as_of": "2025年度"})
    assert "実績を記録しました" in texts(done)
    latest = store.latest("2024", 15)
    assert (latest.value_text, latest.as_of) == ("96.0%", "FY2025")
    # 3. undo proposes that entry and withdraws nothing until confirmed
    proposal = await _run(fake, "undo", {"query": "15"})
    assert f"記録番号 {latest.id}" in texts(proposal)
    assert store.latest("2024", 15).value_text == "96.0%"


async def test_a_confirmation_expires_and_a_late_press_is_told_so(bot, fake, store, monkeypatch):
    monkeypatch.setattr("bot.exts._views.CONFIRM_TIMEOUT", 0.3)
    proposal = await _run(fake, "update", {"query": "15", "value": "95.2%"})
    for _ in range(50):  # the view greys its buttons out when it stops listening
        await asyncio.sleep(0.05)
        buttons = [c for row in fake.messages[proposal.message_id]["components"] for c in row["components"]]
        if all(c.get("disabled") for c in buttons):
            break
    assert [c.get("disabled") for c in buttons] == [True, True]
    # a client still showing the old buttons (an edit lost, or a restart) presses one anyway
    for c in buttons:
        c["disabled"] = False
    late = await (await fake.component(proposal.message_id, "confirm")).first_response()
    assert late.ephemeral and "期限が切れました" in texts(late)
    assert store.history("2024", 15) == []


async def test_rate_through_discord_then_undo_it(bot, fake, store):
    done = await _run(fake, "rate", {"query": "2", "stars": 2, "as_of": "2023年度", "plan": "2021"})
    assert done.ephemeral and "公式評価を記録しました" in texts(done)
    rating = store.latest_officials("2021")[2].id
    shown = texts(
        await (await fake.slash("indicator", {"query": "2", "plan": "2021"}, user="bob")).first_response()
    )
    assert "★★☆☆ 計画を下回る（公式・2023年度（令和5年度）時点）" in shown and "登録: Alice" in shown
    undone = await _run(fake, "undo", {"rating": rating})
    assert "公式評価を取り消しました" in texts(undone) and store.latest_officials("2021") == {}


async def test_a_viewer_may_not_rate_through_discord(bot, fake, store):
    reply = await _run(fake, "rate", {"query": "9", "stars": 3, "as_of": "2025年度"}, user="bob")
    assert reply.ephemeral and "権限がありません" in texts(reply)
    assert store.officials_all("2024") == {}
