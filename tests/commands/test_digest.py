import dataclasses
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from bot.render.discord import render as render_embeds
from bot.render.discord import within_limits
from bot.render.text import RULE, render
from commands.context import Context
from commands.digest import (
    DAILY,
    Cadence,
    DigestState,
    build_digest,
    parse_cadence,
    preview,
    previous_state,
    save_state,
    tip_of_the_day,
    tip_pool,
)
from knowledge.store import Store
from knowledge.values import JST

DAY = date(2026, 11, 29)  # a Sunday
EARLIER = datetime(2026, 11, 1, 10, 0, tzinfo=JST)  # when the tests' actuals were recorded
FOOTER = "★は試算です（公式の評価ではありません）"


@pytest.fixture
def store():
    s = Store.open(None)
    yield s
    s.close()


def at(kb, store=None, today=DAY):
    return Context(kb, today=today, store=store)


def record(store, no, text, value, unit, as_of, who="山田", now=EARLIER):
    return store.record("2024", no, Decimal(value), unit, text, as_of, "1", who, now=now)


def fields(digest):
    return {f.name: f.value for f in digest.reply.fields}


def overdue_count(kb, store, day):
    ctx = at(kb, store, day)
    return sum(1 for i in kb.indicators("2024") if (f := ctx.freshness(i)) is not None and f.stale)


def due_of(kb, store, no, day=DAY):
    return at(kb, store, day).freshness(kb.indicator(no, "2024")).due


# -- the sections ----------------------------------------------------------------------------------


def test_the_first_digest_has_the_date_once_and_no_bookkeeping(kb, store):
    store.set_owner("2024", 16, "user", "7", "佐藤", "1", "Alice")
    record(store, 16, "10件", "10", "件", "FY2024")
    digest = build_digest(at(kb, store), DAY, None)
    reply = digest.reply
    assert not digest.quiet and reply.ok and reply.kind == "digest"
    assert reply.title == "日次ダイジェスト 2026年11月29日（日）"
    assert reply.lines == (
        "計画期間の終了（2027年3月31日（令和9年3月31日））まであと 122日",
        "前回の配信の記録がないため、変化は比べていません（次回から前回以降の変化をお知らせします）。",
    )
    tip, command = tip_of_the_day(at(kb), DAY)
    assert fields(digest) == {
        "更新期限切れ": f"{overdue_count(kb, store, DAY)}件。一覧: /indicator 期限切れ:はい",
        "要注意の指標（★★・★、試算）1件": "指標16 先導的プロジェクトによる未来技術導入件数(累計) ★☆☆☆: "
        "最新 10件（2024年度（令和6年度））・目標まであと 25件（目標 35件、2026年度（令和8年度））・担当: 佐藤",
        "今日の豆知識（新任の方へ）": f"{tip}\n→ {command}",
    }
    shown = render(reply)
    assert shown.count("11月29日") == 1  # the date appears once: in the title
    assert reply.footer == FOOTER and "digest:" not in shown and kb.version not in shown
    [message] = render_embeds(reply)
    assert within_limits(message.embeds) and message.embeds[-1].footer.text == FOOTER
    assert digest.state == DigestState(
        day=DAY,
        ratings={n: 1 if n == 16 else 0 for n in range(1, 29)},
        last_entry_id=1,
        plan="2024",
        overdue=frozenset(reply.record["overdue"]),
        due=frozenset(),
    )


def test_without_a_store_there_is_no_change_to_report(kb):
    digest = build_digest(at(kb), DAY, None)
    assert not any("変化" in name for name in fields(digest)) and not digest.quiet
    assert digest.state.last_entry_id == 0 and "2026年11月29日（日）" in render(digest.reply)


@pytest.mark.parametrize(
    ("between", "expected"),
    [
        (
            lambda s: record(s, 15, "95.5%", "95.5", "%", "FY2025", who="佐藤"),
            ["新しい実績: 指標15 5G人口カバー率: 95.5%（2025年度（令和7年度）） 登録: 佐藤"],
        ),
        (
            lambda s: record(s, 16, "12件", "12", "件", "FY2024", who="佐藤"),
            [
                "訂正: 指標16 先導的プロジェクトによる未来技術導入件数(累計): 10件 → 12件（2024年度（令和6年度）） 訂正: 佐藤"
            ],
        ),
        (
            lambda s: s.undo("2024", 16, "2", "佐藤", is_admin=True, now=EARLIER),
            [
                "取り消し: 指標16 先導的プロジェクトによる未来技術導入件数(累計): 10件（2024年度（令和6年度）） 取り消し: 佐藤"
            ],
        ),
        (  # a value recorded and withdrawn between two digests changed nothing
            lambda s: (
                record(s, 15, "95.5%", "95.5", "%", "FY2025"),
                s.undo("2024", 15, "1", "山田", now=EARLIER),
            ),
            None,
        ),
        (  # corrected twice: one line, from what the last digest showed to what is in effect now
            lambda s: (
                record(s, 16, "11件", "11", "件", "FY2024"),
                record(s, 16, "12件", "12", "件", "FY2024"),
            ),
            [
                "訂正: 指標16 先導的プロジェクトによる未来技術導入件数(累計): 10件 → 12件（2024年度（令和6年度）） 訂正: 山田"
            ],
        ),
    ],
    ids=["new", "corrected", "withdrawn", "added-and-withdrawn", "corrected-twice"],
)
def test_changes_in_the_actuals_are_named_with_value_period_and_old_to_new(kb, store, between, expected):
    record(store, 16, "10件", "10", "件", "FY2024")
    yesterday = build_digest(at(kb, store), DAY - timedelta(1), None)
    between(store)
    digest = build_digest(at(kb, store), DAY, yesterday.state)
    shown = fields(digest).get("前回（11月28日（土））からの実績の変化")
    assert (shown.split("\n") if shown else None) == expected
    assert digest.quiet is (expected is None)


def test_ratings_that_moved_read_from_and_to(kb, store):
    record(store, 16, "10件", "10", "件", "FY2024")
    yesterday = build_digest(at(kb, store), DAY - timedelta(1), None)
    record(store, 15, "95.5%", "95.5", "%", "FY2025")
    record(store, 16, "35件", "35", "件", "FY2024")
    digest = build_digest(at(kb, store), DAY, yesterday.state)
    assert fields(digest)["前回（11月28日（土））から★が動いた指標（試算）"].split("\n") == [
        "指標15 5G人口カバー率: 評価なし → ★★☆☆",
        "指標16 先導的プロジェクトによる未来技術導入件数(累計): ★☆☆☆ → ★★★★",
    ]
    assert digest.reply.record["changes"] == {
        "new": 1,
        "corrected": 1,
        "withdrawn": 0,
        "moved": 2,
        "overdue": [],
        "due": [],
    }


def test_only_newly_overdue_indicators_are_listed_each_time(kb, store):
    for no in (15, 16):
        record(store, no, "1%" if no == 15 else "1件", "1", "%" if no == 15 else "件", "FY2024")
    store.set_owner("2024", 15, "role", "99", "企画課", "1", "Alice")
    due = due_of(kb, store, 15)
    before = build_digest(at(kb, store, due), due, None)
    after = build_digest(at(kb, store, due + timedelta(1)), due + timedelta(1), before.state)
    total = overdue_count(kb, store, due + timedelta(1))
    assert fields(after)["新たに更新期限切れ"].split("\n") == [
        "指標15 5G人口カバー率: 2025年度（令和7年度）の値（期限 10月30日（金））・担当: 企画課",
        "指標16 先導的プロジェクトによる未来技術導入件数(累計): 2025年度（令和7年度）の値（期限 10月30日（金））・担当未設定",
        f"更新期限切れは全部で {total}件です。一覧: /indicator 期限切れ:はい",
    ]
    next_day = build_digest(at(kb, store, due + timedelta(2)), due + timedelta(2), after.state)
    assert next_day.quiet and "新たに更新期限切れ" not in render(next_day.reply)  # not the same list again


def test_the_coming_weeks_deadlines_are_grouped_by_owner(kb, store):
    for no in (15, 16, 17, 18):
        unit = kb.indicator(no, "2024").target.unit
        record(store, no, f"1{unit}", "1", unit, "FY2024")
    store.set_owner("2024", 17, "user", "7", "佐藤", "1", "Alice")
    store.set_owner("2024", 15, "user", "8", "山田", "1", "Alice")
    store.set_owner("2024", 18, "user", "7", "佐藤", "1", "Alice")
    due = due_of(kb, store, 15)
    day = due - timedelta(3)
    digest = build_digest(at(kb, store, day), day, None)
    assert fields(digest)["今後7日間の更新期限（10月27日（火）〜11月2日（月））"].split("\n") == [
        "担当: 佐藤",
        "・指標17 中小企業のIoT導入率: 2025年度（令和7年度）の値を 10月30日（金）までに",
        "・指標18 水中次世代モビリティ関連プロジェクト化件数(累計): 2025年度（令和7年度）の値を 10月30日（金）までに",
        "担当: 山田",
        "・指標15 5G人口カバー率: 2025年度（令和7年度）の値を 10月30日（金）までに",
        "担当未設定",
        "・指標16 先導的プロジェクトによる未来技術導入件数(累計): 2025年度（令和7年度）の値を 10月30日（金）までに",
    ]
    assert digest.reply.record["due"] == [15, 16, 17, 18]
    assert digest.state.due == frozenset({15, 16, 17, 18})
    week_before = build_digest(at(kb, store, due - timedelta(7)), due - timedelta(7), None)
    assert not any(name.startswith("今後7日間") for name in fields(week_before))  # not due within its week


def test_an_indicator_entering_the_coming_week_is_news(kb, store):
    record(store, 16, "1件", "1", "件", "FY2024")
    due = due_of(kb, store, 16)
    first = build_digest(at(kb, store, due - timedelta(7)), due - timedelta(7), None)
    entering = build_digest(at(kb, store, due - timedelta(6)), due - timedelta(6), first.state)
    assert not entering.quiet and entering.reply.record["changes"]["due"] == [16]
    staying = build_digest(at(kb, store, due - timedelta(5)), due - timedelta(5), entering.state)
    assert staying.quiet


def test_at_risk_indicators_show_their_latest_value_gap_and_owner(kb, store):
    store.set_owner("2024", 15, "user", "8", "山田", "1", "Alice")
    record(store, 15, "90.0%", "90.0", "%", "FY2025")
    record(store, 16, "5件", "5", "件", "FY2024")
    record(store, 17, "25.0%", "25.0", "%", "FY2025")
    digest = build_digest(at(kb, store), DAY, None)
    assert fields(digest)["要注意の指標（★★・★、試算）3件"].split("\n") == [
        "指標15 5G人口カバー率 ★☆☆☆: "
        "最新 90.0%（2025年度（令和7年度））・目標（97%超）まであと 7.0ポイント（2026年度（令和8年度））・担当: 山田",
        "指標16 先導的プロジェクトによる未来技術導入件数(累計) ★☆☆☆: "
        "最新 5件（2024年度（令和6年度））・目標まであと 30件（目標 35件、2026年度（令和8年度））・担当未設定",
        "指標17 中小企業のIoT導入率 ★★☆☆: "
        "最新 25.0%（2025年度（令和7年度））・目標まであと 3.0ポイント（目標 28.0%、2026年度（令和8年度））・担当未設定",
    ]


# -- quiet days: the two statements ----------------------------------------------------------------


def _dated(text: str) -> str:
    return re.sub(r"\d{4}年\d{1,2}月\d{1,2}日（.）", "<date>", text)


def test_two_digests_on_consecutive_days_with_no_change_are_short_and_differ_only_in_the_date(kb, store):
    record(store, 15, "95.5%", "95.5", "%", "FY2025")
    first = build_digest(at(kb, store, DAY), DAY, None)
    second = build_digest(at(kb, store, DAY + timedelta(1)), DAY + timedelta(1), first.state)
    third = build_digest(at(kb, store, DAY + timedelta(2)), DAY + timedelta(2), second.state)
    assert (second.quiet, third.quiet) == (True, True)
    assert (
        render(second.reply)
        == f"■ 日次ダイジェスト 2026年11月30日（月）\n{RULE}\n前回の配信から変化はありません。"
    )
    assert (
        render(third.reply)
        == f"■ 日次ダイジェスト 2026年12月1日（火）\n{RULE}\n前回の配信から変化はありません。"
    )
    assert _dated(render(second.reply)) == _dated(render(third.reply))
    assert second.reply.fields == () and second.reply.footer == ""


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            lambda s, kb: record(s, 16, "10件", "10", "件", "FY2024", who="佐藤"),
            "新しい実績: 指標16 先導的プロジェクトによる未来技術導入件数(累計): 10件（2024年度（令和6年度）） 登録: 佐藤",
        ),
        (
            lambda s, kb: record(s, 15, "96.0%", "96.0", "%", "FY2025"),
            "訂正: 指標15 5G人口カバー率: 95.5% → 96.0%（2025年度（令和7年度）） 訂正: 山田",
        ),
        (
            lambda s, kb: record(s, 15, "98.0%", "98.0", "%", "FY2025"),
            "指標15 5G人口カバー率: ★★☆☆ → ★★★★",
        ),
    ],
    ids=["new", "corrected", "rating"],
)
def test_with_a_change_in_between_the_second_digest_names_it(kb, store, change, named):
    record(store, 15, "95.5%", "95.5", "%", "FY2025")
    first = build_digest(at(kb, store, DAY), DAY, None)
    change(store, kb)
    second = build_digest(at(kb, store, DAY + timedelta(1)), DAY + timedelta(1), first.state)
    assert not second.quiet
    assert named in [line.strip() for line in render(second.reply).splitlines()]


def test_a_quiet_day_can_be_skipped(kb, store):
    first = build_digest(at(kb, store), DAY - timedelta(1), None)
    skipped = build_digest(at(kb, store), DAY, first.state, quiet_skip=True)
    assert skipped.reply is None and skipped.quiet and skipped.state.day == DAY
    record(store, 17, "20.0%", "20.0", "%", "FY2024")
    busy = build_digest(at(kb, store), DAY, first.state, quiet_skip=True)
    assert not busy.quiet and busy.reply is not None


# -- cadence ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cadence", "last", "line"),
    [
        ("daily", date(2026, 11, 25), "前回の配信（11月25日（水））以降、4回分の配信がありませんでした。"),
        ("daily", date(2026, 11, 29), None),
        ("weekdays", date(2026, 11, 27), None),  # Friday to Monday: the weekend had no digest due
        ("weekdays", date(2026, 11, 25), "前回の配信（11月25日（水））以降、2回分の配信がありませんでした。"),
        ("weekly-mon", date(2026, 11, 23), None),
        (
            "weekly-mon",
            date(2026, 11, 16),
            "前回の配信（11月16日（月））以降、1回分の配信がありませんでした。",
        ),
    ],
)
def test_missed_digests_are_counted_by_the_cadence_in_one_line(kb, store, cadence, last, line):
    monday = date(2026, 11, 30)
    before = build_digest(at(kb, store, last), last, None).state
    record(store, 16, "10件", "10", "件", "FY2024")  # a change, so the digest is not the quiet one-liner
    digest = build_digest(at(kb, store, monday), monday, before, cadence=Cadence(cadence))
    missed = [text for text in digest.reply.lines if "配信がありませんでした" in text]
    assert missed == ([line] if line else [])


def test_a_weekly_digest_reports_the_whole_weeks_changes(kb, store):
    weekly = parse_cadence("毎週月曜日")
    monday = date(2026, 11, 23)
    last = build_digest(at(kb, store, monday), monday, None, cadence=weekly)
    for offset, no in ((1, 15), (3, 16), (6, 17)):
        unit = kb.indicator(no, "2024").target.unit
        record(
            store, no, f"5{unit}", "5", unit, "FY2025", now=datetime(2026, 11, 23 + offset, 12, tzinfo=JST)
        )
    next_monday = monday + timedelta(7)
    digest = build_digest(at(kb, store, next_monday), next_monday, last.state, cadence=weekly)
    assert digest.reply.title == "週次ダイジェスト 2026年11月30日（月）"
    changes = fields(digest)["前回（11月23日（月））からの実績の変化"].split("\n")
    assert [line.split(":")[1].split()[0] for line in changes] == ["指標15", "指標16", "指標17"]
    assert not any("配信がありませんでした" in line for line in digest.reply.lines)


# -- what a day before today shows ----------------------------------------------------------------


def test_a_past_day_shows_the_store_as_it_stood_at_its_end(kb, store):
    record(store, 16, "10件", "10", "件", "FY2024", now=datetime(2026, 11, 20, 10, tzinfo=JST))
    record(store, 16, "12件", "12", "件", "FY2024", now=datetime(2026, 11, 26, 10, tzinfo=JST))
    record(store, 15, "95.5%", "95.5", "%", "FY2025", now=datetime(2026, 11, 24, 10, tzinfo=JST))
    store.undo("2024", 15, "1", "山田", now=datetime(2026, 11, 27, 10, tzinfo=JST))
    past = build_digest(at(kb, store), date(2026, 11, 25), None)  # today is the 29th
    first = fields(past)["要注意の指標（★★・★、試算）2件"].split("\n")[0]
    assert first.startswith("指標16 先導的プロジェクトによる未来技術導入件数(累計) ★☆☆☆: 最新 10件（2024年度")
    assert "95.5%" in render(past.reply)  # withdrawn only on the 27th
    now = build_digest(at(kb, store), DAY, None)
    assert "最新 12件" in render(now.reply) and "95.5%" not in render(now.reply)


@pytest.mark.parametrize(
    ("pinned", "day", "line"),
    [
        (
            "2024",
            date(2023, 6, 1),
            "「やまぐち産業イノベーション戦略（第2次改定版）」の計画期間（2024年度（令和6年度）〜2026年度（令和8年度））"
            "はまだ始まっていません。2024年4月1日（令和6年4月1日）に始まります（あと 305日）。"
            "それまで実績・評価・変化のお知らせはありません。",
        ),
        (
            None,
            date(2020, 12, 1),
            "「やまぐち産業イノベーション戦略（第1次改定版）」の計画期間（2021年度（令和3年度）〜2023年度（令和5年度））"
            "はまだ始まっていません。2021年4月1日（令和3年4月1日）に始まります（あと 121日）。"
            "それまで実績・評価・変化のお知らせはありません。",
        ),
    ],
)
def test_before_the_plan_starts_a_preview_shows_nothing_from_the_future(kb, store, pinned, day, line):
    kb = dataclasses.replace(kb, pinned_plan=pinned)
    for no, text, value, as_of in ((15, "95.5%", "95.5", "FY2025"), (16, "10件", "10", "FY2024")):
        record(store, no, text, value, "%" if no == 15 else "件", as_of, now=datetime(2026, 6, 1, tzinfo=JST))
    reply = preview(at(kb, store), day.isoformat())
    assert reply.ok and reply.lines == ("プレビューです（チャンネルには投稿されません）。", line)
    assert reply.fields == () and reply.record["started"] is False
    assert "★" not in render(reply) and "95.5%" not in render(reply)


def test_a_value_the_document_printed_for_a_later_period_is_not_shown_early(kb):
    # The 1st revision's table gives 指標1 as of 2023-12 (★★ by our rating): unknown in May 2023.
    may = build_digest(at(kb, today=date(2026, 11, 29)), date(2023, 5, 1), None)
    january = build_digest(at(kb, today=date(2026, 11, 29)), date(2024, 1, 10), None)
    assert "指標1 石炭共同輸送の実施回数" not in render(may.reply)
    assert "指標1 石炭共同輸送の実施回数 ★★☆☆: 最新 20回" in render(january.reply)


# -- the tip ---------------------------------------------------------------------------------------


def test_the_tip_teaches_a_term_or_a_fact_with_its_section_and_rotates(kb):
    ctx = at(kb)
    pool = tip_pool(ctx)
    edition = kb.edition("2024")
    sections = sum(1 for p in edition.projects for s in p.sections if s.actions)
    sections += sum(1 for p in edition.projects if not p.sections and p.actions)
    assert len(pool) == len(kb.glossary_for("2024")) + len(edition.fields) + sections + 2
    for text, _command in pool:
        assert text.startswith("用語「") or "（出典「" in text, text
        assert not re.match(r"指標\d", text), text  # not an indicator's target again
    tips = [tip_of_the_day(ctx, DAY + timedelta(n)) for n in range(7)]
    assert len(set(tips)) == 7
    assert tip_of_the_day(ctx, DAY) == tip_of_the_day(ctx, DAY + timedelta(len(pool)))
    kinds = [command.split()[0] for _text, command in pool[:4]]
    assert kinds == ["/glossary", "/field", "/project", "/overview"]


def test_every_tip_command_opens_something(kb):
    from commands.parse import execute

    ctx = at(kb)
    for _text, command in tip_pool(ctx):
        assert execute(ctx, command).ok, command


# -- paging, state, previews -------------------------------------------------------------------------


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
    pages = render_embeds(digest.reply)
    assert len(pages) >= 2 and pages == render_embeds(digest.reply)
    for number, page in enumerate(pages, start=1):
        assert within_limits(page.embeds) and not page.files  # pages, not the file fallback
        assert page.embeds[-1].footer.text == f"{FOOTER} ・ {number}/{len(pages)}"
    shown = [line for page in pages for e in page.embeds for f in e.fields for line in f.value.split("\n")]
    assert shown == [line for f in digest.reply.fields for line in f.value.split("\n")]
    assert sum(line.startswith("新しい実績: ") for line in shown) == 56


def test_state_round_trips_and_bad_or_old_state_is_handled(kb, store):
    state = build_digest(at(kb, store), DAY, DigestState(DAY - timedelta(1), {15: 2}, 0)).state
    assert DigestState.from_json(state.to_json()) == state and state.overdue and state.previous_day
    old = {
        "day": "2026-11-28",
        "plan": "2024",
        "ratings": {"15": 2},
        "last_entry_id": 3,
        "previous_day": None,
    }
    assert DigestState.from_json(old) == DigestState(date(2026, 11, 28), {15: 2}, 3, plan="2024")
    for bad in (None, "x", {}, {"day": "2026-13-01"}, {"day": "2026-11-29", "ratings": {"a": 1}}):
        assert DigestState.from_json(bad) is None


def test_previous_state_is_the_last_sent_digest_before_the_day(kb, store):
    channel = 42
    assert previous_state(store, channel, DAY) is None and previous_state(None, channel, DAY) is None
    state = None
    for offset in (3, 2, 1):
        day = DAY - timedelta(offset)
        state = build_digest(at(kb, store), day, state).state
        store.claim_digest(channel, day)
        save_state(store, channel, state)
        store.mark_digest_sent(channel, day, 1000 + offset)
    assert previous_state(store, channel, DAY).day == DAY - timedelta(1)
    assert previous_state(store, channel, DAY - timedelta(1)).day == DAY - timedelta(2)  # a preview
    assert previous_state(store, channel, DAY - timedelta(3)) is None
    store.claim_digest(channel, DAY)  # claimed but never sent: not a base for tomorrow
    save_state(store, channel, build_digest(at(kb, store), DAY, state).state)
    assert previous_state(store, channel, DAY + timedelta(1)).day == DAY - timedelta(1)


def test_a_preview_is_any_days_digest_marked_as_a_preview(kb, store):
    reply = preview(at(kb, store), "2027-01-01", cadence=Cadence("weekly-fri"))
    assert reply.ok and reply.lines[0] == "プレビューです（チャンネルには投稿されません）。"
    assert reply.title == "週次ダイジェスト 2027年1月1日（金）" and reply.key == "2027-01-01"
    assert preview(at(kb, store)).key == DAY.isoformat() and preview(at(kb, store)).title.startswith("日次")
    assert store.last_sent_digest(42) is None and DAILY.value == "daily"


@pytest.mark.parametrize(
    ("date", "fragment"),
    [(20270101, "日付（date:）には文字で指定してください"), ("あした", "日付「あした」は読めません")],
)
def test_a_preview_of_a_bad_date_is_a_clear_private_answer(kb, store, date, fragment):
    reply = preview(at(kb, store), date)
    assert reply.status == "invalid" and reply.ephemeral and fragment in reply.message
