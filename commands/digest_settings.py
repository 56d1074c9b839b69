"""The daily digest's settings: where, when and how often it is posted, and showing or changing them.

The settings saved with ``/digest settings`` (or ``python -m bot digest --set-…``) win over the
defaults, which the front end passes in as plain values (from ``DIGEST_CHANNEL_ID`` and
``DIGEST_TIME``).  Times are wall-clock times in Japan.  The cadence (毎日, 平日のみ, 毎週○曜日) is
kept per channel: a channel that never had one is posted daily, and moving the digest to a
channel without one takes the cadence along.  Only managers (Discord's *Manage Server*, the
console's operator) may see or change them; a refusal is audited.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from commands.context import Context
from commands.digest import (
    CADENCES,
    DAILY,
    WEEKDAY_CODES,
    Cadence,
    accepted_text,
    parse_cadence,
    stored_cadence,
)
from commands.options import OptionSpec
from commands.registry import CommandSpec, command
from commands.replies import Reply, problem
from knowledge.store import SavedDigestConfig, Store, StoreError
from knowledge.values import JST

log = logging.getLogger(__name__)

QUIET_MESSAGE_ID = "quiet"  # the message id of a day that was skipped as quiet

_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ENGLISH = {  # the choices' English labels
    "daily": "Every day",
    "weekdays": "Weekdays only",
    **{f"weekly-{code}": f"Every {name}" for code, name in zip(WEEKDAY_CODES, _WEEKDAYS_EN, strict=True)},
}

SETTINGS = CommandSpec(
    "settings",
    "設定",
    "日次ダイジェストの設定を表示・変更します（サーバー管理権限が必要）",
    "Show or change the daily digest settings (Manage Server)",
    "/digest settings time:09:00 cadence:平日のみ",
    "digest",
    options=(
        OptionSpec(
            "channel",
            "チャンネル",
            "ダイジェストを投稿するチャンネル",
            "Channel to post the digest in",
            "channel",
        ),
        OptionSpec(
            "time",
            "時刻",
            "投稿する時刻（日本時間、HH:MM）",
            "Time to post, HH:MM in Japan time",
            min_length=1,
            max_length=10,
        ),
        OptionSpec(
            "cadence",
            "頻度",
            "投稿する頻度（毎日・平日のみ・毎週○曜日）",
            "How often to post: every day, weekdays only, or weekly on one day",
            max_length=20,
            choices=tuple((c.value, c.label, _ENGLISH[c.value]) for c in CADENCES),
        ),
        OptionSpec("enabled", "有効", "毎日ダイジェストを投稿する", "Post the digest every day", "boolean"),
        OptionSpec(
            "skip_quiet",
            "変化なしの日は省略",
            "変化のない日は投稿しない",
            "Post nothing on days when nothing changed",
            "boolean",
        ),
    ),
    writes=True,
    private=True,
)

NOT_MANAGER = "ダイジェストの設定を表示・変更できるのは「サーバー管理」権限のある人だけです。"
NO_DATABASE = "データベースが設定されていないため、設定を保存できません。"
NO_CHANNEL_FOR_CADENCE = (
    "頻度はチャンネルごとに保存します。投稿先のチャンネルが決まっていないため保存できません。"
    "channel: で投稿先も指定してください。"
)
CHANNEL_WARNING = (
    "⚠ ボットにこのチャンネルの権限が足りません"
    "（チャンネルを見る・メッセージを送信・埋め込みリンク・メッセージ履歴を読む）。"
)


@dataclass(frozen=True)
class DigestConfig:
    """Where and when the digest goes: stored settings over the defaults."""

    channel_id: int | None
    time: dt.time  # wall-clock time in Japan, naive
    enabled: bool
    skip_quiet: bool
    cadence: Cadence = DAILY  # the channel's own

    @property
    def loop_time(self) -> dt.time:
        """The daily slot as an aware time (a naive one would be taken as UTC by a scheduler)."""
        return self.time.replace(tzinfo=JST)

    def slot(self, day: dt.date) -> dt.datetime:
        """The day's posting instant in Japan."""
        return dt.datetime.combine(day, self.time, JST)

    def next_slot(self, now: dt.datetime) -> dt.datetime:
        """The first slot at or after ``now`` on a day the cadence posts."""
        day = now.astimezone(JST).date()
        if now >= self.slot(day):
            day += dt.timedelta(1)
        while not self.cadence.posts_on(day):  # at most six days on: every cadence posts once a week
            day += dt.timedelta(1)
        return self.slot(day)

    def to_saved(self) -> SavedDigestConfig:
        """The form the store keeps: every setting, the defaults in force included."""
        return SavedDigestConfig(self.channel_id or None, self.time, self.enabled, self.skip_quiet)

    def to_json(self) -> dict[str, Any]:
        """The JSON form in replies and the audit (ids as strings: JSON numbers lose precision in some readers)."""
        return {
            "channel_id": str(self.channel_id) if self.channel_id else None,
            "time": self.time.strftime("%H:%M"),
            "enabled": self.enabled,
            "skip_quiet": self.skip_quiet,
            "cadence": self.cadence.value,
        }


def parse_time(text: str) -> dt.time | None:
    """``09:00``, ``9:00`` or full-width ``０９：００`` → a time; None when not HH:MM."""
    m = re.fullmatch(r"(\d{1,2})[:：](\d{2})", unicodedata.normalize("NFKC", text).strip())
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        return None
    return dt.time(int(m[1]), int(m[2]))


def load_config(store: Store | None, *, channel_id: int | None, time: dt.time) -> DigestConfig:
    """The digest settings: those saved, else the given defaults."""
    saved = (store.digest_config() if store is not None else None) or SavedDigestConfig()
    channel = saved.channel_id or channel_id
    return DigestConfig(
        channel_id=channel,
        time=saved.time or time.replace(tzinfo=None),
        enabled=saved.enabled if saved.enabled is not None else True,
        skip_quiet=saved.skip_quiet if saved.skip_quiet is not None else False,
        cadence=_cadence_of(store, channel) or DAILY,
    )


def _cadence_of(store: Store | None, channel_id: int | None) -> Cadence | None:
    """The cadence saved for a channel, or None."""
    saved = store.digest_cadence(channel_id) if store is not None and channel_id else None
    return stored_cadence(saved) if saved is not None else None


def day_label(day: dt.date) -> str:
    """``2026年11月29日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def _today_state(store: Store | None, config: DigestConfig, now: dt.datetime) -> list[str]:
    if not (config.enabled and config.channel_id and store is not None):
        return []
    today = now.astimezone(JST).date()
    run = store.digest_run(config.channel_id, today)
    if run is None and not config.cadence.posts_on(today):
        state = f"配信日ではありません（{config.cadence.label}）"
    elif run is not None and run.status == "sent":
        state = "投稿済み" if run.message_id != QUIET_MESSAGE_ID else "変化がないため省略"
    elif run is not None:
        state = "未完了（送信中か失敗。再起動後または翌日に再試行します）"
    else:
        state = "まだ（時刻前）" if now < config.slot(today) else "まだ"
    upcoming = config.next_slot(now)
    return [
        f"本日（{day_label(today)}）: {state}",
        f"次回の予定: {day_label(upcoming.date())} {upcoming:%H:%M}（日本時間）",
    ]


def describe(config: DigestConfig, store: Store | None, now: dt.datetime) -> list[str]:
    """The settings in Japanese, with today's status and the next posting time."""
    where = f"<#{config.channel_id}>" if config.channel_id else "未設定（channel: で指定してください）"
    return [
        f"投稿先: {where}",
        f"時刻: {config.time:%H:%M}（日本時間）",
        f"頻度: {config.cadence.label}",
        f"配信: {'有効' if config.enabled else '停止中'}",
        f"変化のない日: {'投稿しない' if config.skip_quiet else '短い版を投稿する'}",
        *_today_state(store, config, now),
    ]


def _refuse(ctx: Context) -> Reply:
    if ctx.store is not None:
        try:
            ctx.store.log_denied(ctx.actor.id, ctx.actor.name, "digest_settings")
        except StoreError:
            log.warning("Could not audit a refused digest settings call by %s", ctx.actor.id)
    log.info("Refused digest settings for %s (no Manage Server)", ctx.actor.id or "anonymous")
    return problem("forbidden", "digest", NOT_MANAGER)


@command(SETTINGS)
def digest_settings(
    ctx: Context,
    channel: int | None = None,
    time: str | None = None,
    enabled: bool | None = None,
    skip_quiet: bool | None = None,
    cadence: str | None = None,
    *,
    default_channel_id: int | None,
    default_time: dt.time,
    now: dt.datetime,
    channel_lacks_permissions: bool = False,
) -> Reply:
    """Show the digest settings, or change those given (managers only)."""
    if not ctx.actor.admin:
        return _refuse(ctx)
    store = ctx.store
    before = load_config(store, channel_id=default_channel_id, time=default_time)
    title = "日次ダイジェストの設定"
    if channel is None and time is None and enabled is None and skip_quiet is None and cadence is None:
        return Reply("ok", "digest", title, tuple(describe(before, store, now)), record=before.to_json())
    if store is None:
        return problem("invalid", "digest", NO_DATABASE)
    new_channel = channel if channel is not None else before.channel_id
    if cadence is not None:
        new_cadence = parse_cadence(cadence)
        if new_cadence is None:
            return problem(
                "invalid",
                "digest",
                f"頻度「{cadence[:20]}」は使えません。頻度には {accepted_text()} のいずれかを指定してください。",
            )
        if new_channel is None:
            return problem("invalid", "digest", NO_CHANNEL_FOR_CADENCE)
    else:
        # A channel keeps its own cadence; one that has none takes the digest's current one along.
        new_cadence = _cadence_of(store, new_channel) or before.cadence
    new_time = before.time
    if time is not None:
        parsed = parse_time(time)
        if parsed is None:
            return problem(
                "invalid",
                "digest",
                f"時刻「{time}」は読めません。時刻には 09:00 のように HH:MM（日本時間）で指定してください。",
            )
        new_time = parsed
    after = DigestConfig(
        channel_id=new_channel,
        time=new_time,
        enabled=before.enabled if enabled is None else enabled,
        skip_quiet=before.skip_quiet if skip_quiet is None else skip_quiet,
        cadence=new_cadence,
    )
    try:
        kept = (after.channel_id, after.cadence.value) if after.channel_id else None
        store.save_digest_config(after.to_saved(), cadence=kept)
        store.log(
            ctx.actor.id,
            ctx.actor.name,
            "digest_settings",
            detail={"before": before.to_json(), "after": after.to_json()},
        )
    except StoreError as exc:
        return problem("invalid", "digest", exc.message)
    log.info("Digest settings changed by %s: %s", ctx.actor.id, after.to_json())
    lines = ["ダイジェストの設定を保存しました。", *describe(after, store, now)]
    if channel is not None and channel_lacks_permissions:
        lines.append(CHANNEL_WARNING)
    return Reply("ok", "digest", title, tuple(lines), record=after.to_json())
