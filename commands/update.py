"""/update and /undo: editors record actuals as they are published, and withdraw mistakes."""

from __future__ import annotations

import logging
from decimal import Decimal

from commands import format as fmt
from commands.context import Context
from commands.lookup import clean, find_indicator, plan_option
from commands.registry import UNDO, UPDATE, command
from commands.replies import Kind, Reply, ReplyField, problem
from knowledge.kb import Latest
from knowledge.models import Indicator, TargetKind
from knowledge.periods import Period, PeriodKind
from knowledge.publication import first_year, latest_publishable
from knowledge.rating import Assessment
from knowledge.store import StoreError
from knowledge.values import InputError, parse_as_of, parse_value

log = logging.getLogger(__name__)

MAX_NOTE = 200
NO_STORE = "この環境では実績を記録できません（データベースが設定されていません）。"


def _latest_line(latest: Latest | None) -> str:
    if latest is None:
        return "なし"
    return f"{latest.text}（{fmt.period_label(latest.as_of)}時点）"


def _rating_line(assessment: Assessment) -> str:
    if assessment.stars is None:
        return assessment.why()
    return f"{fmt.star_label(assessment.stars)}（試算）\n{assessment.why()}"


def total_note(ind: Indicator) -> str | None:
    """The reminder that a 3-year target's actual is a running total since the plan's start."""
    if ind.target.kind is not TargetKind.PER_3_YEARS:
        return None
    return f"この指標の目標（{ind.target.text}）は3年間の合計です。実績には、計画の開始から記録時点までの合計を入力してください。"


def _guard(ctx: Context, kind: Kind) -> Reply | None:
    if ctx.store is None:
        return problem("invalid", kind, NO_STORE)
    return None


def _as_of_words(period: Period) -> str:
    """A period as staff type it back into 時点: (2025年度, 2025年, 2025-03)."""
    if period.kind is PeriodKind.FISCAL_YEAR:
        return f"{period.year}年度"
    if period.kind is PeriodKind.CALENDAR_YEAR:
        return f"{period.year}年"
    return str(period)


def _command_line(
    no: int, value: str, as_of: str, note: str | None, source: str | None, confirm: bool | None = None
) -> str:
    notes = {k: clean(v) for k, v in (("note", note), ("source", source)) if v}
    return UPDATE.line(no, value=value, as_of=as_of, **notes, confirm=confirm)


def _confirm(ind: Indicator, message: str, line: str, record: dict[str, object]) -> Reply:
    """Nothing is recorded: the reply says what would be, and the command that does it."""
    return Reply(
        status="confirm",
        kind="update",
        title=f"指標{ind.no} {ind.name}: 記録する前に確認してください",
        message=message,
        lines=(message, f"記録するには: {line}"),
        key=ind.no,
        record=record,
        links=(("確定", line),),
    )


def _propose_period(ctx: Context, ind: Indicator, value: str, note: str | None, source: str | None) -> Reply:
    """``as_of:`` left out: propose the latest period whose figure should be out by now."""
    revision = ctx.kb.revision(ind.plan)
    lag = ctx.kb.publication.months(ind)
    proposed = latest_publishable(ind, revision, lag, ctx.today) or first_year(ind, revision)
    line = _command_line(ind.no, value, _as_of_words(proposed), note, source)
    message = (
        f"時点が指定されていません。公表済みの最新の時点は {fmt.period_label(proposed)} の見込みです。"
        "この時点の値でよければ、時点を付けて記録してください。まだ何も記録していません。"
    )
    return _confirm(
        ind, message, line, {"entry": None, "no": ind.no, "proposed_as_of": str(proposed), "confirm": line}
    )


def implausible(ctx: Context, ind: Indicator, value: Decimal, unit: str, period: Period) -> str | None:
    """Why a value looks wrong, or None: a share over 100 %, a negative count, a cumulative fall, a leap."""
    if unit == "%" and value > 100:
        return f"割合が100%を超えています（{value}%）"
    if value < 0:
        return "負の値です"
    base_value = ind.baseline.value
    if unit == "%" and value < 1 and base_value is not None and base_value >= 1:
        return f"割合を小数で入力した可能性があります（{value} は {value * 100}% の意味ではありませんか）"
    if ind.target.kind is TargetKind.CUMULATIVE and base_value is not None and value < base_value:
        return f"累計の指標なのに、現状値（{ind.baseline.text}）より小さい値です"
    if ind.target.kind is TargetKind.CUMULATIVE and ctx.store is not None:
        earlier = [
            e for e in ctx.store.history(ind.plan, ind.no) if not e.withdrawn and e.period.end < period.end
        ]
        highest = max(earlier, key=lambda e: e.value, default=None)
        if highest is not None and value < highest.value:
            return f"累計の指標なのに、前の時点の値（{highest.value_text}、{fmt.period_label(highest.as_of)}）より小さい値です"
    base = ind.baseline.value if ind.baseline.value is not None else Decimal(0)
    target = ind.target.value
    if target is not None and target != base and abs(value - base) > 10 * abs(target - base):
        return f"現状値から目標値までの幅の10倍を超えて離れています（現状値 {ind.baseline.text}、目標 {ind.target.text}）"
    return None


@command(UPDATE)
def update(
    ctx: Context,
    query: str,
    value: str,
    as_of: str | None = None,
    note: str | None = None,
    source: str | None = None,
    confirm: bool | None = None,
) -> Reply:
    """Record an actual, and show before, after and the new rating; never guess the period silently."""
    bad = _guard(ctx, "update")
    if bad:
        return bad
    assert ctx.store is not None
    ind, bad = find_indicator(
        ctx, query, ctx.plan, "update", UPDATE.line(15, value="95.2%", as_of="2025年度")
    )
    if bad:
        return bad
    assert ind is not None
    if not value or not value.strip():
        return problem(
            "invalid", "update", f"値を指定してください。例: {UPDATE.line(ind.no, value=ind.target.text)}"
        )
    for label, text in (("メモ", note), ("出典", source)):
        if text and len(text) > MAX_NOTE:
            return problem("invalid", "update", f"{label}が長すぎます（{MAX_NOTE}文字まで）。")
    try:
        parsed = parse_value(value, ind)
        if not as_of or not as_of.strip():
            return _propose_period(ctx, ind, value, note, source)
        period = parse_as_of(as_of, ind, ctx.today)
    except InputError as exc:
        return problem("invalid", "update", exc.message)
    same = next(
        (e for e in ctx.store.history(ctx.plan, ind.no) if not e.withdrawn and e.as_of == str(period)), None
    )
    if same is not None and same.value == parsed.value:
        return problem(
            "invalid",
            "update",
            f"{fmt.period_label(period)}の値 {same.value_text} はすでに記録されています（記録番号 {same.id}、"
            f"{same.recorded_by_name}）。同じ値は二重に記録しません。",
        )
    doubt = None if confirm else implausible(ctx, ind, parsed.value, parsed.unit, period)
    if doubt is not None:
        line = _command_line(ind.no, value, _as_of_words(period), note, source, confirm=True)
        return _confirm(
            ind,
            f"この値は確認が必要です: {doubt}。正しければ確認のうえ記録してください。",
            line,
            {"entry": None, "no": ind.no, "reason": doubt, "confirm": line},
        )
    before = ctx.latest(ind)
    before_rating = ctx.assess(ind, before)
    try:
        entry = ctx.store.record(
            ctx.plan,
            ind.no,
            parsed.value,
            parsed.unit,
            parsed.text,
            str(period),
            ctx.actor.id,
            ctx.actor.name,
            note=clean(note).strip() or None if note else None,
            source=clean(source).strip() or None if source else None,
        )
    except StoreError as exc:
        log.error("Could not record an actual for indicator %s: %s", ind.no, exc.__cause__ or exc)
        return problem("invalid", "update", exc.message)
    ctx = ctx.fresh()
    after = ctx.latest(ind)
    after_rating = ctx.assess(ind, after)
    fields = [
        ReplyField("変更前", f"{_latest_line(before)}\n{fmt.star_label(before_rating.stars)}", inline=True),
        ReplyField(
            "変更後（最新）", f"{_latest_line(after)}\n{fmt.star_label(after_rating.stars)}", inline=True
        ),
        ReplyField("新しい評価", _rating_line(after_rating)),
        ReplyField(
            "記録",
            f"{entry.recorded_by_name}・{fmt.jst(entry.recorded_at)}（記録番号 {entry.id}）",
        ),
    ]
    if same is not None:
        fields.insert(
            0,
            ReplyField(
                "訂正",
                f"{fmt.period_label(period)}の値: {same.value_text}（記録番号 {same.id}）→ {entry.value_text}"
                f"（記録番号 {entry.id}）。どちらも履歴に残ります。",
            ),
        )
    if after is not None and after.as_of is not None and str(after.as_of) != entry.as_of:
        fields.insert(
            2,
            ReplyField(
                "注意", "より新しい時点の実績があるため、最新の値は変わりません（履歴に追加しました）。"
            ),
        )
    lines = [note for note in (total_note(ind),) if note]
    return Reply(
        status="ok",
        kind="update",
        title=f"指標{ind.no} {ind.name} の実績を{'訂正' if same is not None else '記録'}しました",
        lines=tuple(lines),
        fields=tuple(fields),
        footer=f"取り消すには {UNDO.line(ind.no, entry=entry.id)} ・ データ版 {ctx.kb.version}",
        key=ind.no,
        record={
            "entry": entry.id,
            "plan": ctx.plan,
            "no": ind.no,
            "value": str(entry.value),
            "unit": entry.unit,
            "text": entry.value_text,
            "as_of": entry.as_of,
            "recorded_by": entry.recorded_by_name,
            "recorded_at": entry.recorded_at,
            "before": None if before is None else {"text": before.text, "as_of": str(before.as_of)},
            "corrects": None if same is None else {"entry": same.id, "text": same.value_text},
            "rating": {"before": before_rating.stars, "after": after_rating.stars, "pace": after_rating.pace},
        },
        stars=after_rating.stars,
        links=((f"指標{ind.no}", f"/indicator {ind.no}"),),
    )


def _undo_rating(ctx: Context, query: str | None, rating: int) -> Reply:
    """Withdraw an official rating by its number (of any plan: the number names it)."""
    assert ctx.store is not None
    chosen = ctx.store.official(rating)
    if chosen is None:
        return problem(
            "invalid",
            "undo",
            f"評価番号 {rating} の公式評価はありません。/indicator で番号を確認してください。",
        )
    ind = ctx.kb.indicator(chosen.indicator, chosen.plan) if chosen.plan in ctx.kb.editions else None
    if ind is None:
        return problem("invalid", "undo", f"評価番号 {rating} の指標はいまのデータにありません。")
    if query and query.strip():
        named, bad = find_indicator(ctx, query, chosen.plan, "undo", UNDO.line(rating=rating))
        if bad:
            return bad
        assert named is not None
        if named.no != ind.no:
            return problem(
                "invalid",
                "undo",
                f"評価番号 {rating} は指標{named.no}の評価ではありません（指標{ind.no}の評価です）。",
            )
    try:
        withdrawn = ctx.store.undo_official(rating, ctx.actor.id, ctx.actor.name, is_admin=ctx.actor.admin)
    except StoreError as exc:
        return problem("invalid", "undo", exc.message)
    ctx = ctx.fresh()
    now = ctx.official(ind)
    shown = (
        "なし"
        if now is None
        else f"{fmt.star_label(now.stars) if now.stars else now.text}（{'文書記載' if now.source == 'document' else '登録値'}）"
    )
    return Reply(
        status="ok",
        kind="undo",
        title=f"指標{ind.no} {ind.name} の公式評価を取り消しました",
        fields=(
            ReplyField(
                "取り消した公式評価",
                f"{fmt.stars(withdrawn.stars)}（{fmt.period_label(withdrawn.as_of)}時点）評価番号 {withdrawn.id}"
                f"・{withdrawn.recorded_by_name}",
            ),
            ReplyField("現在の公式評価", shown),
        ),
        lines=("記録は削除されず、取り消しとして履歴に残ります。",),
        footer=f"データ版 {ctx.kb.version}",
        key=ind.no,
        record={
            "withdrawn_rating": withdrawn.id,
            "plan": withdrawn.plan,
            "no": ind.no,
            "official": None if now is None else now.stars,
        },
        stars=now.stars if now is not None else None,
        links=((f"指標{ind.no}", f"/indicator {ind.no}{plan_option(ctx, withdrawn.plan)}"),),
    )


@command(UNDO)
def undo(
    ctx: Context, query: str | None = None, entry: int | None = None, rating: int | None = None
) -> Reply:
    """Withdraw a chosen entry or rating; without one, propose the editor's last entry and withdraw nothing."""
    bad = _guard(ctx, "undo")
    if bad:
        return bad
    assert ctx.store is not None
    if rating is not None:
        if entry is not None:
            return problem("invalid", "undo", "記録番号と評価番号は、どちらか一方だけを指定してください。")
        return _undo_rating(ctx, query, rating)
    chosen = ctx.store.entry(entry) if entry is not None else None
    if entry is not None and (chosen is None or chosen.plan != ctx.plan):
        return problem(
            "invalid", "undo", f"記録番号 {entry} の記録はありません。/history で番号を確認してください。"
        )
    if (query is None or not query.strip()) and chosen is None:
        return problem(
            "invalid", "undo", f"取り消す指標か記録番号を指定してください。例: {UNDO.line(15, entry=12)}"
        )
    if chosen is not None and (query is None or not query.strip()):
        ind = ctx.kb.indicator(chosen.indicator, ctx.plan)
    else:
        ind, bad = find_indicator(ctx, query or "", ctx.plan, "undo", UNDO.line(15, entry=12))
        if bad:
            return bad
    assert ind is not None
    if chosen is not None and chosen.indicator != ind.no:
        return problem(
            "invalid",
            "undo",
            f"記録番号 {entry} は指標{ind.no}の記録ではありません（指標{chosen.indicator}の記録です）。",
        )
    if entry is None:
        return _propose_undo(ctx, ind)
    try:
        withdrawn = ctx.store.undo(
            ctx.plan, ind.no, ctx.actor.id, ctx.actor.name, is_admin=ctx.actor.admin, entry_id=entry
        )
    except StoreError as exc:
        return problem("invalid", "undo", exc.message)
    ctx = ctx.fresh()
    now = ctx.latest(ind)
    assessment = ctx.assess(ind, now)
    return Reply(
        status="ok",
        kind="undo",
        title=f"指標{ind.no} {ind.name} の記録を取り消しました",
        fields=(
            ReplyField(
                "取り消した記録",
                f"{withdrawn.value_text}（{fmt.period_label(withdrawn.as_of)}時点）記録番号 {withdrawn.id}"
                f"・{withdrawn.recorded_by_name}",
            ),
            ReplyField("現在の最新", f"{_latest_line(now)}\n{fmt.star_label(assessment.stars)}"),
        ),
        lines=("記録は削除されず、取り消しとして履歴に残ります。",),
        footer=f"データ版 {ctx.kb.version}",
        key=ind.no,
        record={"withdrawn": withdrawn.id, "no": ind.no, "latest": None if now is None else now.text},
        stars=assessment.stars,
        links=((f"指標{ind.no}", f"/indicator {ind.no}"),),
    )


def _propose_undo(ctx: Context, ind: Indicator) -> Reply:
    """No entry chosen: the editor's last effective entry or rating (anyone's for an admin), to confirm."""
    assert ctx.store is not None
    effective = [e for e in ctx.store.history(ctx.plan, ind.no) if not e.withdrawn]
    ratings = [r for r in ctx.store.officials(ctx.plan, ind.no) if not r.withdrawn]
    mine = [e for e in effective if ctx.actor.admin or e.recorded_by_id == ctx.actor.id]
    my_ratings = [r for r in ratings if ctx.actor.admin or r.recorded_by_id == ctx.actor.id]
    if not mine and not my_ratings:
        text = (
            "取り消せるのは自分が記録した値だけです（管理者は取り消せます）。"
            if effective or ratings
            else "この指標には取り消せる記録がありません。"
        )
        return problem("invalid", "undo", text)
    # newest recording first, actuals and ratings alike: (recorded_at, (kind, id), line, label, description)
    options = [
        (
            e.recorded_at,
            ("entry", e.id),
            UNDO.line(ind.no, entry=e.id),
            f"記録番号 {e.id}: {e.value_text}（{fmt.period_label(e.as_of)}）",
            f"記録番号 {e.id}（{e.value_text}、{fmt.period_label(e.as_of)}時点、{e.recorded_by_name}）",
        )
        for e in mine
    ] + [
        (
            r.recorded_at,
            ("rating", r.id),
            UNDO.line(ind.no, rating=r.id),
            f"評価番号 {r.id}: 公式評価 {fmt.stars(r.stars)}（{fmt.period_label(r.as_of)}）",
            f"評価番号 {r.id}（公式評価 {fmt.stars(r.stars)}、{fmt.period_label(r.as_of)}時点、{r.recorded_by_name}）",
        )
        for r in my_ratings
    ]
    options.sort(key=lambda o: (o[0], o[1][1]), reverse=True)
    _, (kind, number), line, _, described = options[0]
    others = "、".join(label for _, _, _, label, _ in options[1:5])
    message = f"取り消す記録を確認してください: {described}。まだ何も取り消していません。"
    lines = (message, f"取り消すには: {line}", *((f"ほかの記録: {others}",) if others else ()))
    return Reply(
        status="confirm",
        kind="undo",
        title=f"指標{ind.no} {ind.name}: 取り消す記録の確認",
        message=message,
        lines=lines,
        key=ind.no,
        record={
            "withdrawn": None,
            "no": ind.no,
            "proposed_entry": number if kind == "entry" else None,
            "proposed_rating": number if kind == "rating" else None,
            "confirm": line,
            # the editor's other entries and ratings, newest first, for a menu to pick another
            "choices": [{"line": o_line, "label": label} for _, _, o_line, label, _ in options[:25]],
        },
        links=(("確定", line),),
    )
