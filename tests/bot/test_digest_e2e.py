"""The digest scheduler against the fake Discord, with an injected clock: exactly one post per day."""

import asyncio
import logging
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import aiohttp
import discord
import pytest

from bot.exts.digest import _daily
from bot.exts.digest._cog import Digest
from bot.exts.digest._poster import PENDING_TAKEOVER, RETRY_DELAYS, retryable
from knowledge.store import SavedDigestConfig
from knowledge.values import JST
from tests.bot.conftest import final, texts

FOOTER = "★は試算です（公式の評価ではありません）"


class Clock:
    """A settable wall clock; the fake sleep moves it forward instead of waiting."""

    def __init__(self, when: datetime) -> None:
        self.now = when
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def at(self, y, m, d, hh=9, mm=0) -> "Clock":
        self.now = datetime(y, m, d, hh, mm, tzinfo=JST)
        return self

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)
        await asyncio.sleep(0)


@pytest.fixture
def clock():
    return Clock(datetime(2026, 11, 29, 8, 0, tzinfo=JST))


@pytest.fixture
def channel_id(fake):
    return fake.world.guild.channel("digest").id


@pytest.fixture
async def start(bot, clock, monkeypatch):
    """Start (or restart) the scheduler: a fresh cog instance, as after a process restart."""
    monkeypatch.setattr(bot.services, "clock", clock)

    async def _start() -> Digest:
        if bot.get_cog("Digest") is not None:
            await bot.remove_cog("Digest")
        cog = Digest(bot.services, bot, sleep=clock.sleep)
        await bot.add_cog(cog)
        await asyncio.wait_for(asyncio.shield(cog.catch_up_task), 5)
        return cog

    yield _start
    if bot.get_cog("Digest") is not None:
        await bot.remove_cog("Digest")


def posts(fake, channel_id):
    return fake.channel_messages(channel_id)


def post_requests(fake, channel_id):
    return fake.requests_to("POST", f"/channels/{channel_id}/messages")


def text_of(message) -> str:
    parts = []
    for e in message["embeds"]:
        parts += [e.get("title", ""), e.get("description", ""), e.get("footer", {}).get("text", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in e.get("fields", [])]
    return "\n".join(parts)


def errors(caplog):
    return [r for r in caplog.records if r.name.startswith("bot.exts.digest") and r.levelno >= logging.ERROR]


async def test_posted_on_time_once(bot, fake, store, clock, start, channel_id):
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "not_due" and posts(fake, channel_id) == []
    assert cog.loop.is_running() and cog.loop.time == [time(9, 0, tzinfo=JST)]
    clock.at(2026, 11, 29, 9, 0)
    result = (await cog.tick()).digest
    assert result.status == "sent" and result.posted == 1
    assert (await cog.tick()).digest.status == "already_sent"
    [message] = posts(fake, channel_id)
    assert message["embeds"][-1]["footer"]["text"] == FOOTER  # no marker, no data version
    assert message["embeds"][0]["title"] == "日次ダイジェスト 2026年11月29日（日）"
    assert "digest:" not in text_of(message) and "nonce" not in message  # Discord keeps no nonce
    [request] = post_requests(fake, channel_id)
    assert request.json["allowed_mentions"] == {"parse": []}  # the bot's default: nobody is pinged
    assert request.json["nonce"] == "digest20261129p1" and request.json["enforce_nonce"] is True
    run = store.digest_run(channel_id, "2026-11-29")
    assert (run.status, run.message_id) == ("sent", message["id"])
    [part] = store.digest_parts(channel_id, clock().date())  # what was sent, and its id, are remembered
    assert (part.part, part.message_id) == (1, message["id"])
    assert part.content["embeds"][0]["title"] == message["embeds"][0]["title"]


async def test_a_restart_after_the_slot_posts_once(fake, clock, start, channel_id):
    clock.at(2026, 11, 29, 13, 30)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "sent"
    assert len(posts(fake, channel_id)) == 1


async def test_two_restarts_still_post_once_and_the_next_day_once_more(fake, clock, start, channel_id):
    clock.at(2026, 11, 29, 10, 0)
    await start()
    clock.at(2026, 11, 29, 11, 0)
    assert (await start()).catch_up_task.result().digest.status == "already_sent"
    clock.at(2026, 11, 29, 23, 59)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "already_sent"
    assert len(posts(fake, channel_id)) == 1
    clock.at(2026, 11, 30, 9, 0)
    assert (await cog.tick()).digest.status == "sent"
    assert len(posts(fake, channel_id)) == 2


async def test_before_the_slot_a_restart_posts_nothing(fake, clock, start, channel_id):
    clock.at(2026, 11, 29, 8, 30)
    assert (await start()).catch_up_task.result().digest.status == "not_due"
    assert posts(fake, channel_id) == [] and post_requests(fake, channel_id) == []


async def test_a_start_34_seconds_before_the_slot_waits_for_the_slot(fake, clock, start, channel_id):
    clock.now = datetime(2026, 11, 29, 8, 59, 26, tzinfo=JST)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "not_due"
    assert posts(fake, channel_id) == [] and post_requests(fake, channel_id) == []
    clock.at(2026, 11, 29, 9, 0)
    assert (await cog._scheduled()).digest.status == "sent"  # the loop's own run at the slot
    assert (await cog._scheduled()).digest.status == "already_sent"
    assert len(posts(fake, channel_id)) == 1


async def test_the_loop_waking_a_hair_early_still_counts_as_the_slot(fake, clock, start, channel_id):
    cog = await start()
    clock.now = datetime(2026, 11, 29, 8, 59, 59, tzinfo=JST)
    assert (await cog._scheduled()).digest.status == "sent"
    assert len(posts(fake, channel_id)) == 1


async def test_a_503_is_retried_and_posts_once(fake, clock, start, channel_id):
    fake.server_error("POST", f"/channels/{channel_id}/messages", status=503)
    clock.at(2026, 11, 29, 9, 0)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "sent"
    assert len(posts(fake, channel_id)) == 1
    assert [r.status for r in post_requests(fake, channel_id)] == [503, 200]
    assert clock.slept == [RETRY_DELAYS[0]]


class QuickBackoff:
    """discord.http's view of asyncio, with the backoff sleeps recorded and cut to nothing."""

    def __init__(self) -> None:
        self.slept: list[float] = []

    def __getattr__(self, name):
        return getattr(asyncio, name)

    async def sleep(self, delay, result=None):
        self.slept.append(delay)
        return await REAL_SLEEP(0, result)


REAL_SLEEP = asyncio.sleep


@pytest.mark.parametrize("status", [500, 502, 504])
async def test_a_persistent_5xx_that_discord_py_retries_is_not_retried_again(
    fake, clock, start, channel_id, monkeypatch, caplog, status
):
    caplog.set_level(logging.INFO, logger="bot")
    backoff = QuickBackoff()
    monkeypatch.setattr(discord.http, "asyncio", backoff)
    fake.server_error("POST", f"/channels/{channel_id}/messages", status=status, times=50)
    clock.at(2026, 11, 29, 9, 0)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "failed"
    assert len(post_requests(fake, channel_id)) == 5  # discord.py's own tries, and no more
    assert [d for d in backoff.slept if d] == [1, 3, 5, 7, 9] and clock.slept == []
    [error] = errors(caplog)
    assert str(channel_id) in error.getMessage() and f"{status}" in error.getMessage()
    assert "after 1 attempt " in error.getMessage()


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (aiohttp.ClientOSError(104, "Connection reset by peer"), True),
        (TimeoutError(), True),
        (OSError(113, "No route to host"), True),
        (OSError(10054, "reset (already retried by discord.py)"), False),
        (discord.RateLimited(120.0), True),
        (RuntimeError("a bug"), False),
    ],
)
def test_only_what_discord_py_gives_up_on_without_retrying_is_retried(error, retried):
    assert retryable(error) is retried


@pytest.mark.parametrize(
    ("status", "retried"), [(500, False), (502, False), (504, False), (524, False), (503, True), (429, True)]
)
def test_http_statuses_are_retried_only_where_discord_py_does_not(status, retried):
    def response(status):
        return type("Response", (), {"status": status, "reason": "x"})()

    error_type = discord.DiscordServerError if status >= 500 else discord.HTTPException
    assert retryable(error_type(response(status), {"message": "x", "code": 0})) is retried
    assert retryable(discord.NotFound(response(404), {"message": "x", "code": 10003})) is False
    assert retryable(discord.Forbidden(response(403), {"message": "x", "code": 50001})) is False


async def test_a_network_error_is_retried(fake, clock, start, channel_id, monkeypatch):
    original = discord.TextChannel.send
    failures = []

    async def flaky(self, *args, **kwargs):
        if not failures:
            failures.append(1)
            raise aiohttp.ClientOSError(104, "Connection reset by peer")
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(discord.TextChannel, "send", flaky)
    clock.at(2026, 11, 29, 9, 0)
    assert (await start()).catch_up_task.result().digest.status == "sent"
    assert len(posts(fake, channel_id)) == 1 and clock.slept == [RETRY_DELAYS[0]]


async def test_retries_stop_within_the_window_and_tomorrow_posts(fake, clock, start, channel_id, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    fake.server_error("POST", f"/channels/{channel_id}/messages", status=503, times=5)
    clock.at(2026, 11, 29, 9, 0)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "failed"
    assert posts(fake, channel_id) == [] and len(post_requests(fake, channel_id)) == 5
    assert clock.slept == list(RETRY_DELAYS) and sum(clock.slept) <= 600  # bounded: ~10 minutes at most
    [error] = errors(caplog)
    assert str(channel_id) in error.getMessage() and "after 5 attempts" in error.getMessage()
    assert cog.loop.is_running()  # the loop survives
    clock.at(2026, 11, 30, 9, 0)
    assert (await cog.tick()).digest.status == "sent"
    assert len(posts(fake, channel_id)) == 1


async def test_a_crash_between_send_and_mark_does_not_post_twice(
    fake, store, clock, start, channel_id, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("the process died here")

    with monkeypatch.context() as patch:  # (not monkeypatch.undo: that would unpatch the fake too)
        patch.setattr(store, "mark_digest_sent", crash)
        clock.at(2026, 11, 29, 9, 0)
        assert (await start()).catch_up_task.result().digest.status == "failed"
    [message] = posts(fake, channel_id)
    assert store.digest_run(channel_id, "2026-11-29").status == "pending"
    clock.at(2026, 11, 29, 9, 1)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "recovered"
    assert posts(fake, channel_id) == [message] and len(post_requests(fake, channel_id)) == 1
    run = store.digest_run(channel_id, "2026-11-29")
    assert (run.status, run.message_id) == ("sent", message["id"])
    assert (await cog.tick()).digest.status == "already_sent"


def crash_once(original):
    """``original``, except that its first call dies (the process stopping right there)."""
    calls = []

    def dies_first(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the process died here")
        return original(*args, **kwargs)

    return dies_first


async def test_a_crash_after_discord_accepted_the_message_before_its_id_was_kept_posts_once(
    fake, store, clock, start, channel_id, monkeypatch
):
    with monkeypatch.context() as patch:
        patch.setattr(store, "mark_digest_part_sent", crash_once(store.mark_digest_part_sent))
        clock.at(2026, 11, 29, 9, 0)
        assert (await start()).catch_up_task.result().digest.status == "failed"
    [message] = posts(fake, channel_id)
    assert store.digest_parts(channel_id, clock().date())[0].message_id is None  # the id was lost
    clock.at(2026, 11, 29, 9, 1)
    cog = await start()
    # Found in the channel by what it shows (the bot's own plain message, the same embeds): no marker
    assert cog.catch_up_task.result().digest.status == "recovered"
    assert posts(fake, channel_id) == [message] and len(post_requests(fake, channel_id)) == 1
    assert store.digest_parts(channel_id, clock().date())[0].message_id == message["id"]
    assert fake.requests_to("GET", f"/channels/{channel_id}/messages")  # it did look


async def test_a_message_that_only_looks_like_the_digest_is_not_taken_for_it(
    fake, store, clock, start, channel_id, monkeypatch
):
    with monkeypatch.context() as patch:
        patch.setattr(discord.TextChannel, "send", crash_once(discord.TextChannel.send))
        clock.at(2026, 11, 29, 9, 0)
        assert (await start()).catch_up_task.result().digest.status == "failed"
    assert posts(fake, channel_id) == []  # died before anything went out
    [part] = store.digest_parts(channel_id, clock().date())
    # a webhook (another author) posts embeds that read exactly like the digest's
    lookalike = await fake.post_webhook("x", channel=channel_id)
    fake.messages[lookalike.id]["embeds"] = part.content["embeds"]
    clock.at(2026, 11, 29, 9, 20)  # past the takeover time
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "sent"
    lookalike_seen, ours = posts(fake, channel_id)
    assert lookalike_seen["id"] == str(lookalike.id) and ours["author"]["id"] == str(fake.world.bot.id)
    assert ours["embeds"] == part.content["embeds"]  # the digest as claimed, now posted by the bot
    assert store.digest_parts(channel_id, clock().date())[0].message_id == ours["id"]


def fill_with_actuals(kb, store):
    """Two actuals for every indicator under a long name: a digest of several messages."""
    for no in range(1, 29):
        ind = kb.indicator(no, "2024")
        for year in (2024, 2025):
            as_of = f"CY{year}" if ind.calendar_basis else f"FY{year}"
            unit = ind.target.unit
            store.record(
                "2024", no, Decimal(year - 2020), unit, f"{year - 2020}{unit}", as_of, "1", "山田" * 10
            )


async def test_a_crash_after_the_first_of_several_parts_posts_only_the_rest(
    fake, kb, store, clock, start, channel_id, monkeypatch
):
    clock.at(2026, 11, 28, 9, 0)
    await start()  # yesterday's digest: today's lists every actual recorded since
    fill_with_actuals(kb, store)
    original = discord.TextChannel.send
    calls = []

    async def dies_after_the_first(self, *args, **kwargs):
        calls.append(kwargs["nonce"])
        if len(calls) > 1:
            raise RuntimeError("the process died here")
        return await original(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(discord.TextChannel, "send", dies_after_the_first)
        clock.at(2026, 11, 29, 9, 0)
        await start()
    [first] = posts(fake, channel_id)[1:]
    assert first["embeds"][0]["title"] == "日次ダイジェスト 2026年11月29日（日）"
    assert [p.message_id for p in store.digest_parts(channel_id, clock().date())][:2] == [first["id"], None]
    clock.at(2026, 11, 29, 9, 20)  # past the takeover time
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "sent"
    today = posts(fake, channel_id)[1:]
    total = len(today)
    assert total >= 2 and today[0] == first
    assert [m["embeds"][-1]["footer"]["text"] for m in today] == [
        f"{FOOTER} ・ {n}/{total}" for n in range(1, total + 1)
    ]
    nonces = [r.json["nonce"] for r in post_requests(fake, channel_id)[1:]]
    assert nonces == [f"digest20261129p{n}" for n in range(1, total + 1)]  # part 1 was not sent again
    assert sum(text_of(m).count("新しい実績: ") for m in today) == 56


async def test_a_crash_before_sending_posts_once_the_claim_expires(fake, store, clock, start, channel_id):
    clock.at(2026, 11, 29, 9, 0)
    assert store.claim_digest(channel_id, "2026-11-29", clock())  # claimed, then the process died
    clock.at(2026, 11, 29, 9, 2)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "sent"
    assert clock.slept == [(PENDING_TAKEOVER - timedelta(minutes=2)).total_seconds()]
    assert len(posts(fake, channel_id)) == 1


async def test_a_fresh_claim_of_another_sender_is_left_alone(fake, store, clock, bot, channel_id):
    clock.at(2026, 11, 29, 9, 0)
    assert store.claim_digest(channel_id, "2026-11-29", clock())
    cog = Digest(bot.services, bot, sleep=clock.sleep)
    result = (await cog.daily.run(clock())).digest
    assert result.status == "busy" and result.retry_at == clock() + PENDING_TAKEOVER
    assert posts(fake, channel_id) == []


async def test_a_429_with_via_is_retried_by_discord_py(fake, clock, start, channel_id):
    fake.rate_limit("POST", f"/channels/{channel_id}/messages", retry_after=0.05)
    clock.at(2026, 11, 29, 9, 0)
    assert (await start()).catch_up_task.result().digest.status == "sent"
    assert len(posts(fake, channel_id)) == 1
    assert [r.status for r in post_requests(fake, channel_id)] == [429, 200]
    assert clock.slept == []  # discord.py waited itself


async def test_a_429_without_via_is_retried_by_us(fake, clock, start, channel_id):
    fake.rate_limit("POST", f"/channels/{channel_id}/messages", retry_after=0.05, via=False)
    clock.at(2026, 11, 29, 9, 0)
    assert (await start()).catch_up_task.result().digest.status == "sent"
    assert len(posts(fake, channel_id)) == 1
    assert [r.status for r in post_requests(fake, channel_id)] == [429, 200]
    assert clock.slept == [RETRY_DELAYS[0]]


async def test_a_missing_channel_is_logged_once_and_tried_tomorrow(fake, clock, start, channel_id, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    fake.remove_channel(channel_id)
    clock.at(2026, 11, 29, 9, 0)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "unavailable"
    assert posts(fake, channel_id) == [] and len(post_requests(fake, channel_id)) == 1  # no retry storm
    [error] = errors(caplog)
    message = error.getMessage()
    assert str(channel_id) in message and "does not exist" in message and "10003" in message
    assert clock.slept == []
    fake._channel_errors.pop(channel_id)  # the operator restores the channel
    fake.missing_channels.discard(channel_id)
    clock.at(2026, 11, 30, 9, 0)
    assert (await cog.tick()).digest.status == "sent"
    assert len(posts(fake, channel_id)) == 1


async def test_a_forbidden_channel_is_logged_and_retried_after_a_fix(
    fake, store, clock, start, channel_id, caplog
):
    caplog.set_level(logging.INFO, logger="bot")
    fake.forbid_channel(channel_id)
    clock.at(2026, 11, 29, 9, 0)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "unavailable"
    assert posts(fake, channel_id) == []
    [error] = errors(caplog)
    assert str(channel_id) in error.getMessage() and "lacks permission" in error.getMessage()
    assert "50001" in error.getMessage()
    assert cog.loop.is_running()
    fake._channel_errors.pop(channel_id)  # the operator grants the permission and restarts the bot
    clock.at(2026, 11, 29, 9, 5)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "sent"  # the stale 'pending' row did not block it
    assert clock.slept == [(PENDING_TAKEOVER - timedelta(minutes=5)).total_seconds()]
    assert len(posts(fake, channel_id)) == 1 and len(post_requests(fake, channel_id)) == 2


@pytest.mark.parametrize(
    ("first", "second", "titles"),
    [
        ((2026, 12, 31), (2027, 1, 1), ["2026年12月31日（木）", "2027年1月1日（金）"]),
        ((2026, 3, 31), (2026, 4, 1), ["2026年3月31日（火）", "2026年4月1日（水）"]),
    ],
)
async def test_across_year_and_fiscal_year_end_one_post_a_day(
    fake, clock, start, channel_id, first, second, titles
):
    clock.at(*first, 8, 0)
    cog = await start()
    for day in (first, second):
        clock.at(*day, 9, 0)
        assert (await cog.tick()).digest.status == "sent"
        clock.at(*day, 18, 0)
        assert (await cog.tick()).digest.status == "already_sent"
    messages = posts(fake, channel_id)
    assert [m["embeds"][0]["title"] for m in messages] == [f"日次ダイジェスト {t}" for t in titles]
    # the second day compares with the first: nothing changed, so one line says so
    assert messages[1]["embeds"][0]["description"] == "前回の配信から変化はありません。"


async def test_after_downtime_one_post_with_a_missed_days_line(fake, clock, start, channel_id):
    clock.at(2026, 11, 25, 9, 0)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "sent"
    clock.at(2026, 11, 29, 15, 0)  # down from the 26th to the 29th afternoon
    assert (await start()).catch_up_task.result().digest.status == "sent"
    messages = posts(fake, channel_id)
    assert len(messages) == 2  # no backlog replayed
    assert messages[1]["embeds"][0]["description"] == "前回の配信（11月25日（水））から変化はありません。"


async def test_after_downtime_with_a_change_the_missed_digests_are_one_line(
    fake, store, clock, start, channel_id
):
    clock.at(2026, 11, 25, 9, 0)
    await start()
    store.record("2024", 15, Decimal("95.5"), "%", "95.5%", "FY2025", "1", "山田")
    clock.at(2026, 11, 29, 15, 0)
    await start()
    text = text_of(posts(fake, channel_id)[1])
    assert "前回の配信（11月25日（水））以降、3回分の配信がありませんでした。" in text
    assert "新しい実績: 指標15 5G人口カバー率: 95.5%（2025年度（令和7年度）） 登録: 山田" in text


async def test_quiet_days_can_be_skipped(fake, store, clock, start, channel_id):
    store.save_digest_config(SavedDigestConfig(skip_quiet=True))
    clock.at(2026, 11, 28, 9, 0)
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "sent"  # the first digest is never quiet
    clock.at(2026, 11, 29, 9, 0)
    assert (await cog.tick()).digest.status == "quiet"
    assert store.digest_run(channel_id, "2026-11-29").message_id == "quiet"
    assert len(posts(fake, channel_id)) == 1
    store.record("2024", 15, Decimal("95.5"), "%", "95.5%", "FY2025", "1", "山田")
    clock.at(2026, 11, 30, 9, 0)
    assert (await cog.tick()).digest.status == "sent"
    messages = posts(fake, channel_id)
    assert len(messages) == 2
    text = text_of(messages[1])
    assert "新しい実績: 指標15 5G人口カバー率: 95.5%" in text and "配信がありませんでした" not in text


async def test_a_quiet_day_is_posted_short_by_default(fake, clock, start, channel_id):
    clock.at(2026, 11, 28, 9, 0)
    cog = await start()
    clock.at(2026, 11, 29, 9, 0)
    assert (await cog.tick()).digest.status == "sent"
    messages = posts(fake, channel_id)
    assert len(messages) == 2 and text_of(messages[1]) == (
        "日次ダイジェスト 2026年11月29日（日）\n前回の配信から変化はありません。\n"
    )


async def test_the_loop_survives_any_error(fake, clock, start, channel_id, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    cog = await start()

    def broken(*args, **kwargs):
        raise ValueError("bad data")

    clock.at(2026, 11, 29, 9, 0)
    with monkeypatch.context() as patch:
        patch.setattr(_daily.builder, "build_digest", broken)
        await cog._scheduled()  # the loop's own body: must not raise
    assert cog.loop.is_running() and posts(fake, channel_id) == []
    assert any("unexpectedly" in r.getMessage() for r in errors(caplog))
    assert (
        await cog.tick()
    ).digest.status == "sent"  # the failure came before the claim: the day is not lost
    assert len(posts(fake, channel_id)) == 1


async def test_without_autostart_nothing_runs_by_itself(bot, fake, clock, channel_id, monkeypatch):
    clock.at(2026, 11, 29, 10, 0)
    monkeypatch.setattr(bot.services, "clock", clock)
    await bot.remove_cog("Digest")  # the one setup_hook registered
    cog = Digest(bot.services, bot, sleep=clock.sleep, autostart=False)
    await bot.add_cog(cog)
    try:
        assert cog.catch_up_task is None and not cog.loop.is_running()
        assert posts(fake, channel_id) == []
    finally:
        await bot.remove_cog("Digest")


async def test_a_disabled_digest_posts_nothing(fake, store, clock, start, channel_id):
    store.save_digest_config(SavedDigestConfig(enabled=False))
    clock.at(2026, 11, 29, 10, 0)
    assert (await start()).catch_up_task.result().digest.status == "disabled"
    assert posts(fake, channel_id) == []


# -- /digest settings and /digest preview ---------------------------------------------------------


async def synced(bot, start):
    cog = await start()
    await bot.sync_commands()
    return cog


async def test_the_command_group_is_localised_and_for_managers(bot, fake, clock, start):
    await synced(bot, start)
    _scope, payload = fake.command_syncs[-1]
    [group] = [c for c in payload if c["name"] == "digest"]
    assert group["name_localizations"]["ja"] == "ダイジェスト"
    assert int(group["default_member_permissions"]) == discord.Permissions(manage_guild=True).value
    subs = {o["name"]: o for o in group["options"]}
    assert subs["settings"]["name_localizations"]["ja"] == "設定"
    assert subs["preview"]["name_localizations"]["ja"] == "プレビュー"
    for sub in subs.values():
        for option in sub["options"]:
            assert option["name_localizations"]["ja"] and option["description_localizations"]["ja"]
    fake.check()  # Discord would have accepted every name and description


async def test_settings_are_for_managers_only_checked_on_our_side(bot, fake, store, clock, start):
    await synced(bot, start)
    reply = await (await fake.slash("digest settings", {"time": "07:00"}, user="bob")).first_response()
    assert reply.ephemeral and "サーバー管理" in texts(reply)
    assert store.digest_config() is None
    assert store.audit_log()[0].action == "denied"


async def test_settings_show_change_and_reschedule(bot, fake, store, clock, start, channel_id):
    clock.at(2026, 11, 29, 8, 0)
    cog = await synced(bot, start)
    shown = await final(await fake.slash("digest settings", {}, user="carol"))
    assert shown.ephemeral and f"<#{channel_id}>" in texts(shown) and "09:00（日本時間）" in texts(shown)
    assert "本日（2026年11月29日）: まだ（時刻前）" in texts(shown)
    assert "次回の予定: 2026年11月29日 09:00（日本時間）" in texts(shown)
    general = fake.world.guild.channel("general")
    reply = await final(
        await fake.slash(
            "digest settings", {"time": "０７：３０", "skip_quiet": True, "channel": general}, user="carol"
        )
    )
    assert reply.ephemeral and "保存しました" in texts(reply) and "07:30" in texts(reply)
    assert store.digest_config() == SavedDigestConfig(general.id, time(7, 30), enabled=True, skip_quiet=True)
    assert store.audit_log()[0].action == "digest_settings"
    assert cog.loop.time == [time(7, 30, tzinfo=JST)]
    await fake.wait_until(
        lambda: (
            cog.loop.next_iteration is not None
            and cog.loop.next_iteration.astimezone(JST).time() == time(7, 30)
        )
    )
    assert cog.config().channel_id == general.id
    bad = await final(await fake.slash("digest settings", {"time": "25:00"}, user="carol"))
    assert bad.ephemeral and "読めません" in texts(bad) and store.digest_config().time == time(7, 30)
    assert fake.channel_messages(general.id) == [] and fake.channel_messages(channel_id) == []


async def test_a_time_saved_from_the_command_line_holds_from_the_next_slot(fake, store, clock, start):
    cog = await start()
    store.save_digest_config(SavedDigestConfig(time=time(7, 30)))  # what python -m bot digest --set-time does
    clock.at(2026, 11, 29, 9, 0)
    await cog._scheduled()
    assert cog.loop.time == [time(7, 30, tzinfo=JST)]


async def test_preview_posts_and_claims_nothing(bot, fake, store, clock, start, channel_id):
    await synced(bot, start)
    ix = await fake.slash("digest preview", {"date": "2027-01-01"}, user="carol")
    reply = await ix.first_response()
    assert reply.ephemeral and "プレビューです（チャンネルには投稿されません）。" in texts(reply)
    assert "日次ダイジェスト 2027年1月1日（金）" in texts(reply) and "あと 89日" in texts(reply)
    assert posts(fake, channel_id) == [] and store.digest_run(channel_id, "2027-01-01") is None
    bad = await (await fake.slash("digest preview", {"date": "あした"}, user="carol")).first_response()
    assert bad.ephemeral and "読めません" in texts(bad)
    wrong = await (
        await fake.slash("digest preview", {"date": 20270101}, user="carol", unchecked=True)
    ).first_response()
    assert wrong.ephemeral and "日付（date:）には文字で指定してください" in texts(wrong)


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"enabled": "yes"}, "有効（enabled:）には「はい」か「いいえ」で指定してください"),
        ({"skip_quiet": 1}, "変化なしの日は省略（skip_quiet:）には「はい」か「いいえ」で指定してください"),
        ({"time": 900}, "時刻（time:）には文字で指定してください"),
    ],
)
async def test_settings_of_a_wrong_type_get_a_clear_private_answer(
    bot, fake, store, start, options, fragment
):
    await synced(bot, start)
    reply = await final(await fake.slash("digest settings", options, user="carol", unchecked=True))
    assert reply.ephemeral and fragment in texts(reply)
    assert "申し訳" not in texts(reply) and store.digest_config() is None


# -- owner reminders, in the same daily job -------------------------------------------------------


def pings(fake, channel_id, user_id):
    return [m for m in fake.channel_messages(channel_id) if f"<@{user_id}>" in m["content"]]


def ping_requests(fake, channel_id, user_id):
    return [
        r
        for r in post_requests(fake, channel_id)
        if (r.json or {}).get("allowed_mentions", {}).get("users") == [user_id]
    ]


@pytest.fixture
def bob(fake, store):
    member = fake.world.guild.member("bob")
    store.set_owner("2024", 15, "user", str(member.id), "Bob", "1", "Alice", remind=True)
    return member.id


def kept_reminders(store):
    rows = store.db.query("SELECT reminder_date, content, message_id FROM reminder_messages ORDER BY 1")
    return [(r["reminder_date"], r["content"], r["message_id"]) for r in rows]


async def test_reminders_go_out_with_the_digest_once(fake, store, clock, start, channel_id, bob):
    clock.at(2026, 11, 29, 8, 0)
    cog = await start()
    assert cog.catch_up_task.result().reminders == ()
    clock.at(2026, 11, 29, 9, 0)
    result = await cog.tick()
    assert result.digest.status == "sent" and [r.status for r in result.reminders] == ["sent"]
    [ping] = pings(fake, channel_id, bob)
    assert ping["content"].endswith("/update 15 で最新の値を記録してください。")  # and no marker line
    assert "\n" not in ping["content"] and "remind:" not in ping["content"] and "-#" not in ping["content"]
    [request] = ping_requests(fake, channel_id, bob)
    assert request.json["nonce"] == "remind20261129n15"
    assert request.json["allowed_mentions"] == {"parse": [], "users": [bob]}  # the owner alone
    # the text and the id are kept with the claim: how a run after a crash recognises the message
    assert kept_reminders(store) == [("2026-11-29", ping["content"], ping["id"])]
    clock.at(2026, 11, 30, 9, 0)
    assert (await cog.tick()).reminders == ()  # one reminder per stale spell
    assert len(pings(fake, channel_id, bob)) == 1


@pytest.mark.parametrize("mark", ["claim", "spell"])
async def test_a_crash_between_sending_a_reminder_and_marking_it_pings_the_owner_once(
    fake, store, clock, start, channel_id, bob, monkeypatch, mark
):
    from commands import reminders

    def crash_once(original):
        calls = []

        def marked(*args, **kwargs):
            calls.append(1)
            if len(calls) == 1:
                raise RuntimeError("the process died here")
            return original(*args, **kwargs)

        return marked

    with monkeypatch.context() as patch:
        if mark == "claim":
            patch.setattr(store, "mark_reminder_sent", crash_once(store.mark_reminder_sent))
        else:
            patch.setattr(reminders, "mark_sent", crash_once(reminders.mark_sent))
        clock.at(2026, 11, 29, 9, 0)
        first = (await start()).catch_up_task.result()
        assert first.digest.status == "sent" and [r.status for r in first.reminders] == ["failed"]
        assert len(pings(fake, channel_id, bob)) == 1
        clock.at(2026, 11, 29, 9, 1)  # the restart, well inside the takeover time
        cog = await start()
        again = cog.catch_up_task.result()
    assert [r.status for r in again.reminders] == ["recovered" if mark == "claim" else "already_sent"]
    assert len(pings(fake, channel_id, bob)) == 1 and len(ping_requests(fake, channel_id, bob)) == 1
    assert store.reminder_run(channel_id, "2024:15:2025-10-30").status == "sent"
    clock.at(2026, 11, 30, 9, 0)
    assert (await cog.tick()).reminders == ()
    assert len(pings(fake, channel_id, bob)) == 1


async def test_a_crash_after_a_reminder_is_recognised_on_a_later_day(
    fake, store, clock, start, channel_id, bob, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("the process died here")

    with monkeypatch.context() as patch:
        patch.setattr(store, "mark_reminder_sent", crash)
        clock.at(2026, 11, 29, 9, 0)
        await start()
    clock.at(2026, 11, 30, 10, 0)  # the bot stayed down until the next morning
    result = (await start()).catch_up_task.result()
    assert [r.status for r in result.reminders] == ["recovered"]
    assert len(pings(fake, channel_id, bob)) == 1


def ours(fake, channel_id):
    """The bot's own plain messages in the channel (not a webhook's, nobody else's, no reply)."""
    bot_id = str(fake.world.bot.id)
    return [
        m
        for m in posts(fake, channel_id)
        if m["author"]["id"] == bot_id and m["type"] == 0 and "webhook_id" not in m
    ]


@pytest.mark.parametrize("restart", ["the same day", "the next day"])
async def test_a_crash_after_discord_accepted_a_reminder_before_its_id_was_kept_pings_once(
    bot, fake, store, clock, start, channel_id, bob, monkeypatch, restart
):
    from commands.reminders import due_reminders

    with monkeypatch.context() as patch:
        patch.setattr(store, "mark_reminder_message_sent", crash_once(store.mark_reminder_message_sent))
        clock.at(2026, 11, 29, 9, 0)
        first = (await start()).catch_up_task.result()
        assert first.digest.status == "sent" and [r.status for r in first.reminders] == ["failed"]
        [ping] = pings(fake, channel_id, bob)
        assert kept_reminders(store) == [("2026-11-29", ping["content"], None)]  # the id was lost
        if restart == "the same day":
            clock.at(2026, 11, 29, 9, 1)  # well inside the takeover time
        else:
            clock.at(2026, 11, 30, 10, 0)  # the bot stayed down until the next morning
            [today] = due_reminders(bot.services.context())
            assert "（395日超過）" in ping["content"] and "（396日超過）" in today.text  # not what was sent
        cog = await start()
        again = cog.catch_up_task.result()
    # Found in the channel by the text its claim kept: the bot's own plain message, no marker
    assert [r.status for r in again.reminders] == ["recovered"]
    assert pings(fake, channel_id, bob) == [ping] and len(ping_requests(fake, channel_id, bob)) == 1
    assert fake.requests_to("GET", f"/channels/{channel_id}/messages")  # it did look
    assert store.reminder_run(channel_id, "2024:15:2025-10-30").message_id == ping["id"]
    assert kept_reminders(store) == [("2026-11-29", ping["content"], ping["id"])]
    clock.at(2026, 12, 1, 9, 0)
    assert (await cog.tick()).reminders == ()  # the spell is reminded
    assert len(pings(fake, channel_id, bob)) == 1


@pytest.mark.parametrize("author", ["webhook", "user", "the bot's reply"])
async def test_a_message_that_only_reads_like_the_reminder_is_not_taken_for_it(
    bot, fake, store, clock, start, channel_id, bob, monkeypatch, author
):
    store.save_digest_config(SavedDigestConfig(enabled=False))  # the reminder is the only send
    with monkeypatch.context() as patch:
        patch.setattr(discord.TextChannel, "send", crash_once(discord.TextChannel.send))
        clock.at(2026, 11, 29, 9, 0)
        first = (await start()).catch_up_task.result()
        assert [r.status for r in first.reminders] == ["failed"]
    assert posts(fake, channel_id) == []  # died before anything went out
    [(_day, text, _id)] = kept_reminders(store)
    if author == "webhook":
        lookalike = (await fake.post_webhook(text, channel=channel_id)).message
    elif author == "user":
        lookalike = (await fake.post(text, user="alice", channel=channel_id)).message
    else:  # the bot's own message, but a reply (to carol), not a plain post
        asked = await fake.post("?", user="carol", channel=channel_id)
        channel = bot.get_channel(channel_id)
        reply = await channel.send(
            text,
            reference=await channel.fetch_message(asked.id),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        lookalike = fake.messages[reply.id]
    assert lookalike["content"] == text
    clock.at(2026, 11, 29, 9, 5)
    cog = await start()
    # Not taken for the reminder (that would be "recovered" at once): the claim stays unsent, and
    # the catch-up waits until it may take it over, then sends the reminder.
    assert [r.status for r in cog.catch_up_task.result().reminders] == ["sent"]
    assert clock.slept == [(PENDING_TAKEOVER - timedelta(minutes=5)).total_seconds()]
    [ping] = ours(fake, channel_id)
    assert ping["content"] == text and ping["id"] != lookalike["id"]
    assert [m["id"] for m in ping["mentions"]] == [str(bob)]  # the owner is pinged, by this one only
    assert len(ping_requests(fake, channel_id, bob)) == 1
    assert kept_reminders(store) == [("2026-11-29", text, ping["id"])]


async def test_a_reminder_claimed_before_the_texts_were_kept_is_found_by_its_marker(
    bot, fake, store, clock, start, channel_id, bob
):
    # What the previous release left after a crash: a pending claim without a kept text, and in
    # the channel its reminder, which ended with a marker line.
    store.save_digest_config(SavedDigestConfig(enabled=False))
    store.claim_reminder(channel_id, "2024:15:2025-10-30", "2026-11-28", clock())
    old = await bot.get_channel(channel_id).send("指標15の通知\n-# remind:2024:15:2025-10-30")
    clock.at(2026, 11, 29, 9, 0)
    cog = await start()
    assert [r.status for r in cog.catch_up_task.result().reminders] == ["recovered"]
    assert ours(fake, channel_id) == [fake.messages[old.id]] and ping_requests(fake, channel_id, bob) == []
    assert store.reminder_run(channel_id, "2024:15:2025-10-30").message_id == str(old.id)
    assert kept_reminders(store) == []


async def test_a_reminder_is_recognised_whatever_discord_trims_at_the_ends(
    fake, store, clock, start, channel_id, monkeypatch
):
    # An owner set from the console by a name, not a Discord id: the text begins with the name.
    store.set_owner("2024", 15, "user", "yamada", " 山田 ", "1", "Alice", remind=True)
    with monkeypatch.context() as patch:
        patch.setattr(store, "mark_reminder_message_sent", crash_once(store.mark_reminder_message_sent))
        clock.at(2026, 11, 29, 9, 0)
        await start()
    [(_day, text, _id)] = kept_reminders(store)
    [message] = [m for m in ours(fake, channel_id) if "指標15" in m["content"]]
    assert text.startswith(" 山田 ") and message["content"] == text.strip()  # trimmed by Discord
    clock.at(2026, 11, 29, 9, 1)
    assert [r.status for r in (await start()).catch_up_task.result().reminders] == ["recovered"]
    assert [m for m in ours(fake, channel_id) if "指標15" in m["content"]] == [message]


async def test_reminders_follow_the_digest_settings_not_only_the_env(fake, store, clock, start, bob):
    general = fake.world.guild.channel("general")
    store.save_digest_config(SavedDigestConfig(general.id, time(7, 30), enabled=False))
    clock.at(2026, 11, 29, 7, 45)  # after the stored slot, before DIGEST_TIME's 09:00
    result = (await start()).catch_up_task.result()
    assert result.digest.status == "disabled"  # the digest is off; the owners' reminders are not
    assert [r.status for r in result.reminders] == ["sent"]
    assert len(pings(fake, general.id, bob)) == 1
    assert pings(fake, fake.world.guild.channel("digest").id, bob) == []


# -- the cadence -----------------------------------------------------------------------------------


async def test_a_weekday_digest_skips_the_weekend_and_monday_reports_it(
    fake, store, clock, start, channel_id, bob
):
    store.save_digest_config(SavedDigestConfig(), cadence=(channel_id, "weekdays"))
    clock.at(2026, 11, 27, 9, 0)  # Friday
    cog = await start()
    assert cog.catch_up_task.result().digest.status == "sent"
    store.record("2024", 16, Decimal("10"), "件", "10件", "FY2024", "1", "山田")  # recorded over the weekend
    clock.at(2026, 11, 28, 9, 0)  # Saturday
    saturday = await cog.tick()
    assert saturday.digest.status == "off_day" and store.digest_run(channel_id, "2026-11-28") is None
    assert [r.status for r in saturday.reminders] == []  # bob's reminder already went out on Friday
    clock.at(2026, 11, 29, 12, 0)  # Sunday: a restart posts nothing either
    assert (await start()).catch_up_task.result().digest.status == "off_day"
    clock.at(2026, 11, 30, 9, 0)  # Monday
    assert (await cog.tick()).digest.status == "sent"
    friday, monday = posts(fake, channel_id)[0], posts(fake, channel_id)[-1]
    assert friday["embeds"][0]["title"] == "日次ダイジェスト 2026年11月27日（金）"
    text = text_of(monday)
    assert (
        "新しい実績: 指標16 先導的プロジェクトによる未来技術導入件数(累計): 10件（2024年度（令和6年度）） 登録: 山田"
        in text
    )
    assert "配信がありませんでした" not in text  # the weekend had no digest due


async def test_the_reminders_go_out_on_a_day_without_a_digest(fake, store, clock, start, channel_id, bob):
    store.save_digest_config(SavedDigestConfig(), cadence=(channel_id, "weekly-mon"))
    clock.at(2026, 11, 29, 9, 0)  # a Sunday
    result = (await start()).catch_up_task.result()
    assert result.digest.status == "off_day" and [r.status for r in result.reminders] == ["sent"]
    assert len(pings(fake, channel_id, bob)) == 1 and len(posts(fake, channel_id)) == 1


async def test_the_cadence_is_a_choice_of_the_settings_command(bot, fake, store, clock, start, channel_id):
    await synced(bot, start)
    _scope, payload = fake.command_syncs[-1]
    [group] = [c for c in payload if c["name"] == "digest"]
    [settings] = [o for o in group["options"] if o["name"] == "settings"]
    [option] = [o for o in settings["options"] if o["name"] == "cadence"]
    assert option["name_localizations"]["ja"] == "頻度"
    assert [(c["value"], c["name_localizations"]["ja"]) for c in option["choices"]][:3] == [
        ("daily", "毎日"),
        ("weekdays", "平日のみ"),
        ("weekly-mon", "毎週月曜日"),
    ]
    reply = await final(await fake.slash("digest settings", {"cadence": "weekly-fri"}, user="carol"))
    assert reply.ephemeral and "頻度: 毎週金曜日" in texts(reply)
    assert store.digest_cadence(channel_id) == "weekly-fri"
    preview = await (
        await fake.slash("digest preview", {"date": "2026-12-04"}, user="carol")
    ).first_response()
    assert "週次ダイジェスト 2026年12月4日（金）" in texts(preview)
    # an old client, or a registration out of date, may send any text: it is refused in Japanese
    odd = await final(await fake.slash("digest settings", {"cadence": "毎月"}, user="carol", unchecked=True))
    assert odd.ephemeral and "頻度「毎月」は使えません。頻度には 毎日・平日のみ・毎週○曜日" in texts(odd)
    assert store.digest_cadence(channel_id) == "weekly-fri" and "申し訳" not in texts(odd)


def test_the_cadence_is_set_from_the_command_line_too(tmp_path):
    from tests.bot.test_console import _run

    # PYTHONPATH: the child runs this checkout's code (the one under test), not an installed copy
    root = str(Path(__file__).resolve().parents[2])
    env = {"DATABASE_PATH": str(tmp_path / "db.sqlite3"), "DIGEST_CHANNEL_ID": "42", "PYTHONPATH": root}
    changed = _run("digest", "--set-cadence", "平日のみ", env=env)
    assert changed.returncode == 0, changed.stderr
    assert "頻度: 平日のみ" in changed.stdout
    assert "頻度: 平日のみ" in _run("digest", "--settings", env=env).stdout
    bad = _run("digest", "--set-cadence", "毎月", env=env)
    assert bad.returncode == 1 and "頻度「毎月」は使えません" in bad.stdout and "Traceback" not in bad.stderr
