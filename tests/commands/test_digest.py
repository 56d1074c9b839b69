from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.render.discord import render as render_embeds
from bot.render.discord import within_limits
from bot.render.text import render
from commands.context import Context
from commands.digest import (
    DigestState,
    build_digest,
    preview,
    previous_state,
    save_state,
    tip_of_the_day,
    tip_pool,
)
from knowledge.store import Store

DAY = date(2026, 11, 29)


@pytest.fixture
def store():
    s = Store.open(None)
    yield s
    s.close()


def at(kb, store=None, day=DAY):
    return Context(kb, today=day, store=store)


def record(store, no, text, value, unit, as_of, who="山田", note=None):
    return store.record("2024", no, Decimal(value), unit, text, as_of, "1", who, note=note)


def fields(digest):
    return {f.name: f.value for f in digest.reply.fields}


def all_text(digest):
    return render(digest.reply)


def test_every_section_is_there_and_fits(kb, store):
    digest = build_digest(at(kb, store), DAY, None)
    assert not digest.quiet
    reply = digest.reply
    assert reply.ok and reply.kind == "digest" and reply.title == "日次ダイジェスト 2026年11月29日"
    assert reply.to_json()["record"]["marker"] == "digest:2026-11-29"
    assert reply.lines[0] == "2026年11月29日（令和8年11月29日）"
    assert reply.lines[1] == "計画期間の終了（2027年3月31日（令和9年3月31日））まであと 122日"
    by_name = fields(digest)
    assert (
        by_name["★の分布（28指標・試算）"] == "★★★★ 0件 ・ ★★★☆ 0件 ・ ★★☆☆ 0件 ・ ★☆☆☆ 0件 ・ 評価なし 28件"
    )
    assert "比較していません" in by_name["前回からの変化"]  # the first digest has nothing to compare with
    assert by_name["要注意の指標（★・★★）"] == "該当なし"
    stale = by_name["更新期限切れ"]
    assert stale.startswith("28件（超過の長い順: 指標14 ") and stale.count("日超過") == 3
    projects = by_name["プロジェクト別の評価"].split("\n")
    assert len(projects) == 8 and projects[0] == "1 瀬戸内産業競争力・生産性強化 評価なし×7"
    assert "→ /" in by_name["今日の豆知識（新任の方へ）"]
    assert [f.name for f in reply.fields] == [
        "★の分布（28指標・試算）",
        "前回からの変化",
        "要注意の指標（★・★★）",
        "更新期限切れ",
        "プロジェクト別の評価",
        "今日の豆知識（新任の方へ）",
    ]
    assert reply.footer.startswith("digest:2026-11-29 ・ ")
    assert digest.marker == "digest:2026-11-29"
    [message] = render_embeds(reply, numbered=True)
    assert within_limits(message.embeds) and message.embeds[-1].footer.text.endswith(" ・ 1/1")
    assert digest.state.day == DAY and digest.state.ratings == {n: 0 for n in range(1, 29)}


def test_without_a_store_there_is_no_change_section(kb):
    digest = build_digest(at(kb), DAY, None)
    assert not any("変化" in name for name in fields(digest))
    assert not digest.quiet and digest.state.last_entry_id == 0
    assert "2026年11月29日（令和8年11月29日）" in render(digest.reply)  # console preview works


def test_changes_list_new_actuals_withdrawals_and_moved_ratings(kb, store):
    old = record(store, 16, "10件", "10", "件", "FY2024")
    first = build_digest(at(kb, store, DAY - timedelta(1)), DAY - timedelta(1), None)
    assert first.state.last_entry_id == old.id and first.state.ratings[16] == 1
    new = record(store, 15, "95.5%", "95.5", "%", "FY2025")
    store.undo("2024", 16, "1", "山田")
    digest = build_digest(at(kb, store), DAY, first.state)
    changes = fields(digest)["前回（2026-11-28）からの変化"].split("\n")
    assert changes == [
        "新しい実績: 指標15 5G人口カバー率: 95.5%（2025年度（令和7年度）時点） 登録: 山田",
        "取り消し: 指標16 先導的プロジェクトによる未来技術導入件数(累計): 10件（2024年度（令和6年度）時点）（山田）",
        "評価の変化: 指標15 5G人口カバー率: 評価なし → ★★☆☆",
        "評価の変化: 指標16 先導的プロジェクトによる未来技術導入件数(累計): ★☆☆☆ → 評価なし",
    ]
    assert fields(digest)["要注意の指標（★・★★）"] == "指標15 5G人口カバー率 ★★☆☆"
    assert "4 地域産業DX加速化 ★★☆☆×1 評価なし×3" in fields(digest)["プロジェクト別の評価"]
    assert digest.state.last_entry_id > new.id  # the withdrawal row's id counts too
    assert not digest.quiet and digest.reply.record["changes"] == {"new": 1, "withdrawn": 1, "moved": 2}


def test_a_quiet_day_is_short_or_skipped(kb, store):
    record(store, 15, "95.5%", "95.5", "%", "FY2025")
    yesterday = build_digest(at(kb, store), DAY - timedelta(1), None)
    quiet = build_digest(at(kb, store), DAY, yesterday.state)
    assert quiet.quiet and quiet.reply is not None
    text = render(quiet.reply)
    assert "前回（2026-11-28）の配信以降、新しい実績や評価の変化はありません。" in text
    assert "プロジェクト別の評価" not in text and "今日の豆知識" in text and "★の分布" in text
    assert len(text) < len(all_text(yesterday))
    skipped = build_digest(at(kb, store), DAY, yesterday.state, quiet_skip=True)
    assert skipped.reply is None and skipped.quiet and skipped.state == quiet.state
    record(store, 17, "20.0%", "20.0", "%", "FY2024")
    busy = build_digest(at(kb, store), DAY, yesterday.state, quiet_skip=True)
    assert not busy.quiet and busy.reply is not None


def test_missed_days_are_one_line_not_a_backlog(kb, store):
    last = build_digest(at(kb, store), date(2026, 11, 25), None)
    digest = build_digest(at(kb, store), DAY, last.state)
    assert digest.reply.lines[2] == "前回の配信（2026-11-25）以降、3日分の配信がありませんでした。"
    next_day = build_digest(at(kb, store), DAY, build_digest(at(kb, store), DAY - timedelta(1), None).state)
    assert "配信がありませんでした" not in all_text(next_day)


@pytest.mark.parametrize(
    ("day", "label", "left"),
    [
        (date(2026, 12, 31), "2026年12月31日（令和8年12月31日）", "あと 90日"),
        (date(2027, 1, 1), "2027年1月1日（令和9年1月1日）", "あと 89日"),
        (date(2026, 3, 31), "2026年3月31日（令和8年3月31日）", "あと 365日"),
        (date(2026, 4, 1), "2026年4月1日（令和8年4月1日）", "あと 364日"),
    ],
)
def test_year_and_fiscal_year_ends(kb, store, day, label, left):
    reply = build_digest(at(kb, store), day, None).reply
    assert reply.lines[0] == label and reply.lines[1].endswith(left)
    assert reply.footer.startswith(f"digest:{day.isoformat()} ")


def test_the_digest_uses_its_own_day_not_the_contexts(kb, store):
    ctx = at(kb, store, date(2026, 1, 1))
    assert build_digest(ctx, DAY, None).reply.lines[1].endswith("あと 122日")


def test_huge_content_is_paged_by_the_renderer_without_losing_a_line(kb, store):
    for no in range(1, 29):
        for year in (2024, 2025):
            ind = kb.indicator(no, "2024")
            unit = ind.target.unit
            as_of = f"CY{year}" if ind.calendar_basis else f"FY{year}"
            record(store, no, f"{year - 2020}{unit}", str(year - 2020), unit, as_of, who="山田" * 10)
    previous = DigestState(DAY - timedelta(1), {n: 0 for n in range(1, 29)}, last_entry_id=0)
    digest = build_digest(at(kb, store), DAY, previous)
    assert digest.reply == build_digest(at(kb, store), DAY, previous).reply  # deterministic
    pages = render_embeds(digest.reply, numbered=True)
    assert len(pages) >= 2 and pages == render_embeds(digest.reply, numbered=True)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert within_limits(page.embeds) and not page.files  # pages, not the file fallback
        footer = page.embeds[-1].footer.text
        assert footer.startswith("digest:2026-11-29 ・ ") and footer.endswith(f" ・ {number}/{total}")
    new_lines = [
        line
        for page in pages
        for e in page.embeds
        for f in e.fields
        if f.name.startswith("前回")
        for line in f.value.split("\n")
        if line.startswith("新しい実績")
    ]
    assert len(new_lines) == 56
    shown = [line for page in pages for e in page.embeds for f in e.fields for line in f.value.split("\n")]
    assert shown == [line for f in digest.reply.fields for line in f.value.split("\n")]


def test_the_tip_rotates_by_date(kb):
    ctx = at(kb)
    pool = tip_pool(ctx)
    assert len(pool) == 10 + 8 + 28 + len(kb.glossary)
    assert [cmd.split()[0] for _text, cmd in pool[:4]] == ["/field", "/project", "/indicator", "/glossary"]
    tips = [tip_of_the_day(ctx, DAY + timedelta(n)) for n in range(7)]
    assert len(set(tips)) == 7
    assert tip_of_the_day(ctx, DAY) == tip_of_the_day(ctx, DAY + timedelta(len(pool)))
    digest = build_digest(ctx, DAY, None)
    tip, command = tip_of_the_day(ctx, DAY)
    assert fields(digest)["今日の豆知識（新任の方へ）"] == f"{tip}\n→ {command}"


def test_every_tip_command_opens_something(kb):
    from commands.parse import execute

    ctx = at(kb)
    for _text, command in tip_pool(ctx):
        assert execute(ctx, command).ok, command


def test_state_round_trips_and_bad_state_is_ignored(kb, store):
    state = build_digest(at(kb, store), DAY, DigestState(DAY - timedelta(1), {15: 2}, 0)).state
    assert DigestState.from_json(state.to_json()) == state
    assert state.previous_day == DAY - timedelta(1)
    for bad in (None, "x", {}, {"day": "2026-13-01"}, {"day": "2026-11-29", "ratings": {"a": 1}}):
        assert DigestState.from_json(bad) is None


def test_previous_state_is_the_last_sent_digest_before_the_day(kb, store):
    channel = 42
    assert previous_state(store, channel, DAY) is None and previous_state(None, channel, DAY) is None
    state = None
    for offset in (3, 2, 1):
        day = DAY - timedelta(offset)
        state = build_digest(at(kb, store), day, state).state
        save_state(store, channel, state)
        store.claim_digest(channel, day)
        store.mark_digest_sent(channel, day, 1000 + offset)
    assert previous_state(store, channel, DAY).day == DAY - timedelta(1)
    assert previous_state(store, channel, DAY - timedelta(1)).day == DAY - timedelta(2)  # a preview
    assert previous_state(store, channel, DAY - timedelta(3)) is None
    store.claim_digest(channel, DAY)  # claimed but never sent: not a base for tomorrow
    save_state(store, channel, build_digest(at(kb, store), DAY, state).state)
    assert previous_state(store, channel, DAY + timedelta(1)).day == DAY - timedelta(1)


def test_a_preview_is_any_days_digest_marked_as_a_preview(kb, store):
    reply = preview(at(kb, store), "2027-01-01")
    assert reply.ok and reply.lines[0] == "プレビューです（チャンネルには投稿されません）。"
    assert reply.lines[1] == "2027年1月1日（令和9年1月1日）" and reply.key == "2027-01-01"
    assert preview(at(kb, store)).key == DAY.isoformat()  # today by default
    assert store.last_sent_digest(42) is None


@pytest.mark.parametrize(
    ("date", "fragment"),
    [(20270101, "日付（date:）には文字で指定してください"), ("あした", "日付「あした」は読めません")],
)
def test_a_preview_of_a_bad_date_is_a_clear_private_answer(kb, store, date, fragment):
    reply = preview(at(kb, store), date)
    assert reply.status == "invalid" and reply.ephemeral and fragment in reply.message
