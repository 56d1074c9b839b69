"""Every command as metadata: names, Japanese names, options with types and limits, and examples.

The one list that the console's parser, Discord's slash-command payload, the translator, ``/help``
and the option checks all read.  It holds no handlers: each command module binds its function to
its spec with ``@command(SPEC)``, which checks every option and the asker's right to edit before the
function runs, whatever the front end sent.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, Literal, ParamSpec

from commands.context import Context
from commands.lookup import MAX_QUERY, PLAN_WORD
from commands.options import OptionSpec, first_problem
from commands.replies import Kind, Reply, problem
from knowledge.store import StoreError

log = logging.getLogger(__name__)

P = ParamSpec("P")
Surface = Literal["console", "discord"]
BOTH: tuple[Surface, ...] = ("console", "discord")


@dataclass(frozen=True)
class CommandSpec:
    """A command as users see it in Discord and in the console."""

    name: str
    ja: str
    description: str
    description_en: str
    example: str
    kind: Kind
    query: OptionSpec | None = None  # the free-text query, None if the command takes none
    options: tuple[OptionSpec, ...] = ()
    editor_only: bool = False  # only editors may run it at all
    writes: bool = False  # changes stored data: runs off the event loop
    private: bool = False  # the answer is for the asker only
    slow: bool = False  # draws a chart or builds files: deferred, and run off the event loop
    surfaces: tuple[Surface, ...] = BOTH

    @property
    def all_options(self) -> tuple[OptionSpec, ...]:
        """The query (if any) followed by the named options, as Discord lists them."""
        return ((self.query,) if self.query else ()) + self.options

    def option(self, name: str) -> OptionSpec:
        """One option by its English name."""
        return next(o for o in self.all_options if o.name == name)

    def line(self, query: object = None, **values: object) -> str:
        """The command as staff type it, options by their Japanese names: ``/update 15 値:95.2%``."""
        parts = [f"/{self.name}"]
        if query is not None and str(query).strip():
            parts.append(str(query).strip())
        for name, value in values.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            shown = "はい" if value is True else "いいえ" if value is False else str(value).strip()
            parts.append(f"{self.option(name).ja}:{shown}")
        return " ".join(parts)


NOT_EDITOR = "この操作を行う権限がありません（編集者のみ）。編集者のロールを持つ人か、サーバー管理の権限を持つ人に依頼してください。"


def _log_denied(ctx: Context, action: str) -> None:
    """Audit a refused attempt; a database that cannot be written must not turn a refusal into a fault."""
    if ctx.store is None:
        return
    try:
        ctx.store.log_denied(ctx.actor.id, ctx.actor.name, action)
    except StoreError:
        log.warning("Could not audit a refused /%s by %s", action, ctx.actor.id)


def refusal(spec: CommandSpec, ctx: Context, values: dict[str, object]) -> Reply | None:
    """The reply that stops a call before it runs: a bad option, or a non-editor asking to edit."""
    message = first_problem(spec.all_options, values)
    if message is not None:
        return problem("invalid", spec.kind, f"{message}例: {spec.example}")
    edits = spec.editor_only or any(o.editor_only and values.get(o.name) is not None for o in spec.options)
    if edits and not ctx.actor.editor:
        _log_denied(ctx, spec.name)
        log.info("Refused /%s for %s (not an editor)", spec.name, ctx.actor.id or "anonymous")
        return problem("forbidden", spec.kind, NOT_EDITOR)
    return None


def command(
    spec: CommandSpec,
) -> Callable[[Callable[Concatenate[Context, P], Reply]], Callable[Concatenate[Context, P], Reply]]:
    """Bind a typed command function to its spec: every call is checked against the spec first."""

    def bind(function: Callable[Concatenate[Context, P], Reply]) -> Callable[Concatenate[Context, P], Reply]:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def checked(ctx: Context, /, *args: P.args, **kwargs: P.kwargs) -> Reply:
            try:
                bound = signature.bind_partial(ctx, *args, **kwargs)
            except TypeError:
                names = "、".join(f"{o.name}:" for o in spec.options) or "なし"
                return problem(
                    "invalid", spec.kind, f"オプションが正しくありません。使えるオプション: {names}"
                )
            values = {k: v for k, v in list(bound.arguments.items())[1:] if v is not None}
            stopped = refusal(spec, ctx, values)
            # Each command reads the store afresh, once: one reply is one consistent view.
            return stopped if stopped is not None else function(ctx.fresh(), *args, **kwargs)

        return checked

    return bind


def _query(description: str, en: str, required: bool = False) -> OptionSpec:
    return OptionSpec(
        "query",
        "検索語",
        description,
        en,
        required=required,
        min_length=1 if required else 0,
        max_length=MAX_QUERY,
    )


PLAN_OPTION = OptionSpec(
    "plan",
    PLAN_WORD,
    "対象の計画（既定は現行の計画）",
    "Which revision of the plan (default: the current one)",
    max_length=20,
)
INDICATOR_QUERY = OptionSpec(
    "query",
    "指標",
    "指標の番号または名前",
    "Indicator number or name",
    required=True,
    min_length=1,
    max_length=MAX_QUERY,
)

INDICATOR = CommandSpec(
    "indicator",
    "指標",
    "指標の現状値・目標値・最新の実績・評価を表示します",
    "Show an indicator's baseline, target, latest actual and rating",
    "/indicator 15",
    "indicator",
    query=_query("指標の番号または名前（空欄で一覧）", "Indicator number or name (leave empty for the list)"),
    options=(
        PLAN_OPTION,
        OptionSpec(
            "project",
            "プロジェクト",
            "一覧をプロジェクトで絞り込み（例: 4、3-2）",
            "Filter the list by project (e.g. 4, 3-2)",
            max_length=20,
        ),
        OptionSpec(
            "rating",
            "評価",
            "一覧を評価で絞り込み（1〜4、★★★、なし）",
            "Filter the list by rating (1–4, ★★★, none)",
            max_length=20,
        ),
        OptionSpec(
            "stale",
            "期限切れ",
            "一覧を更新期限切れで絞り込み（yes / no）",
            "Filter the list by overdue actuals (yes / no)",
            max_length=20,
            choices=(("yes", "期限切れのみ", "Overdue only"), ("no", "期限内のみ", "Up to date only")),
        ),
    ),
)

# the command that lists the overdue indicators: lists, the overview and the digest point to it
OVERDUE_LIST = INDICATOR.line(stale="はい")
PROJECT = CommandSpec(
    "project",
    "プロジェクト",
    "産業戦略プロジェクトの取組と指標を表示します",
    "Show a strategic project's actions and indicators",
    "/project 4",
    "project",
    query=_query("プロジェクト番号、節（3-2）または名前", "Project number, section (3-2) or name"),
    slow=True,
)
FIELD = CommandSpec(
    "field",
    "分野",
    "重点成長分野の内容と関連する取組を表示します",
    "Show a priority growth field and what serves it",
    "/field 6",
    "field",
    query=_query("分野の番号または名前", "Field number or name"),
)
SEARCH = CommandSpec(
    "search",
    "検索",
    "文書の本文と、分野・プロジェクト・取組・指標・用語をまとめて検索します",
    "Search the document's text, and its fields, projects, actions, indicators and terms",
    "/search 水素",
    "search",
    query=_query(
        "検索語（漢字・かな・ローマ字）", "Words to search for (kanji, kana or romaji)", required=True
    ),
)
GLOSSARY = CommandSpec(
    "glossary",
    "用語",
    "文書の用語を、原文と一般的な説明に分けて表示します",
    "Explain a term the document uses",
    "/glossary 累計",
    "glossary",
    query=_query("用語（空欄で一覧）", "The term (leave empty for the list)"),
)
TOUR = CommandSpec(
    "tour",
    "ツアー",
    "新しく来た人向けに、戦略をステップごとに案内します",
    "A guided tour of the strategy for new staff",
    "/tour",
    "tour",
    options=(
        OptionSpec(
            "page",
            "ページ",
            "ページ番号（0 か空欄で目次）",
            "Page number (0 or empty for the contents)",
            type="integer",
            words=(("目次", 0), ("もくじ", 0), ("toc", 0)),
        ),
    ),
)
# A quiz number has at most six digits: short enough to read out or copy from a colleague's
# screen, and far more quizzes than anyone takes.  Random quizzes are drawn from the same range.
QUIZ_DIGITS = 6
QUIZ_NUMBERS = range(1, 10**QUIZ_DIGITS)
QUIZ = CommandSpec(
    "quiz",
    "クイズ",
    "データから作る確認クイズに答えます（正誤・解説・出典つき）",
    "Take a self-check quiz generated from the data",
    "/quiz",
    "quiz",
    options=(
        OptionSpec(
            "number",
            "番号",
            f"クイズ番号（{QUIZ_NUMBERS.start}〜{QUIZ_NUMBERS[-1]}。空欄で新しいクイズ）",
            "Quiz number (empty for a new quiz)",
            type="integer",
            min_value=QUIZ_NUMBERS.start,
            max_value=QUIZ_NUMBERS[-1],
        ),
    ),
)
HISTORY = CommandSpec(
    "history",
    "推移",
    "指標の実績の推移をグラフと一覧で表示します",
    "Show an indicator's actuals over time, with a chart",
    "/history 15",
    "history",
    query=INDICATOR_QUERY,
    options=(PLAN_OPTION,),
    slow=True,
)
UPDATE = CommandSpec(
    "update",
    "更新",
    "指標の新しい実績を記録します（編集者のみ）",
    "Record a new actual for an indicator (editors only)",
    "/update 15 値:95.2% 時点:2025年度",
    "update",
    query=INDICATOR_QUERY,
    options=(
        OptionSpec(
            "value",
            "値",
            "実績値（例: 95.2%、1,234件、4.9万人）。/3年の指標は計画開始からの合計",
            "The actual (e.g. 95.2%, 1,234); for /3年 targets, the total since the plan began",
            required=True,
            min_length=1,
            max_length=30,
        ),
        OptionSpec(
            "as_of",
            "時点",
            "いつの値か（例: 2025年度、R7.3、2025年）。省略すると公表済みの最新の時点を提案します",
            "As of when (e.g. 2025年度, R7.3); left out, the latest published period is proposed",
            max_length=30,
        ),
        OptionSpec(
            "note",
            "メモ",
            "メモ（任意、200文字まで）",
            "A note (optional, up to 200 characters)",
            max_length=200,
        ),
        OptionSpec(
            "source",
            "出典",
            "出典（任意、200文字まで）",
            "The source (optional, up to 200 characters)",
            max_length=200,
        ),
        OptionSpec(
            "confirm",
            "確認",
            "確認が必要な値（範囲外など）をそのまま記録する",
            "Record a value that needs confirming (out of range etc.) as it is",
            type="boolean",
        ),
    ),
    editor_only=True,
    writes=True,
    private=True,
)
UNDO = CommandSpec(
    "undo",
    "取り消し",
    "実績や公式評価の記録を取り消します（自分の記録。管理者は誰の記録でも）",
    "Withdraw a recorded actual (your own; admins: anyone's)",
    "/undo 15 記録番号:12",
    "undo",
    query=_query("指標の番号または名前", "Indicator number or name"),
    options=(
        OptionSpec(
            "entry",
            "記録番号",
            "取り消す記録の番号（/history で確認できます）",
            "The entry to withdraw (see /history)",
            type="integer",
            min_value=1,
            max_value=999_999_999,
        ),
        OptionSpec(
            "rating",
            "評価番号",
            "取り消す公式評価の番号（/rate の返答に出ます）",
            "The official rating to withdraw (shown by /rate)",
            type="integer",
            min_value=1,
            max_value=999_999_999,
        ),
    ),
    editor_only=True,
    writes=True,
    private=True,
)
RATE = CommandSpec(
    "rate",
    "評価",
    "指標の公式評価（★1〜4）を記録します（編集者のみ）",
    "Record an indicator's official rating, 1–4 stars (editors only)",
    "/rate 9 星:3 時点:2026年度",
    "rate",
    query=INDICATOR_QUERY,
    options=(
        OptionSpec(
            "stars",
            "星",
            "公式評価の星の数（1〜4）",
            "The official rating in stars (1–4)",
            type="integer",
            required=True,
            min_value=1,
            max_value=4,
        ),
        OptionSpec(
            "as_of",
            "時点",
            "いつの時点の評価か（例: 2026年度、2025年）",
            "As of when the rating judges (e.g. 2026年度)",
            required=True,
            min_length=1,
            max_length=30,
        ),
        OptionSpec(
            "note",
            "メモ",
            "メモ（任意、200文字まで。例: 産業戦略本部で確認）",
            "A note (optional, up to 200 characters)",
            max_length=200,
        ),
        PLAN_OPTION,
    ),
    editor_only=True,
    writes=True,
    private=True,
)
OWNER = CommandSpec(
    "owner",
    "担当",
    "指標の担当者を表示・設定します（設定は編集者のみ）",
    "Show or set who answers for an indicator (setting: editors only)",
    "/owner 15 担当者:山田 通知:はい",
    "owner",
    query=INDICATOR_QUERY,
    options=(
        OptionSpec(
            "person",
            "担当者",
            "担当するメンバー",
            "The member responsible",
            type="member",
            editor_only=True,
            aliases=("who",),
        ),
        OptionSpec("role", "ロール", "担当するロール", "The role responsible", type="role", editor_only=True),
        OptionSpec(
            "remind",
            "通知",
            "更新期限を過ぎたら担当者に通知するか",
            "Remind the owner when the actual is overdue",
            type="boolean",
            editor_only=True,
        ),
        OptionSpec(
            "cadence",
            "間隔",
            "この指標の実績を更新する間隔（月数、1〜60）",
            "How often this indicator's actual is due, in months (1–60)",
            type="integer",
            min_value=1,
            max_value=60,
            editor_only=True,
        ),
    ),
    writes=True,
    private=True,
)
AUDIT = CommandSpec(
    "audit",
    "監査",
    "最近の記録・取り消し・担当設定の履歴を表示します（編集者のみ）",
    "Show recent write actions with who and when (editors only)",
    "/audit",
    "audit",
    editor_only=True,
    private=True,
)
EXPORT = CommandSpec(
    "export",
    "書き出し",
    "指標と実績の履歴を CSV と JSON で書き出します（編集者のみ）",
    "Export the indicators and the history as CSV and JSON (editors only)",
    "/export",
    "export",
    editor_only=True,
    private=True,
    slow=True,
)
REPORT = CommandSpec(
    "report",
    "進捗表",
    "年度末の進捗表（Excel と CSV）を作ります（編集者のみ）",
    "Build the year-end progress table as Excel and CSV (editors only)",
    "/report 計画:2021",
    "report",
    options=(
        PLAN_OPTION,
        OptionSpec(
            "as_of",
            "基準日",
            "この日の時点の表にする（例: 2027-03-31。既定は今日）",
            "The table as it stood on this day (e.g. 2027-03-31; default: today)",
            max_length=20,
        ),
    ),
    editor_only=True,
    private=True,
    slow=True,
)
IMPORT = CommandSpec(
    "import",
    "取り込み",
    "添付した CSV から実績を取り込みます（編集者のみ）",
    "Import actuals from an attached CSV (editors only)",
    "/import file:actuals.csv",
    "import",
    options=(
        OptionSpec(
            "file",
            "ファイル",
            "indicator,value,as_of の CSV（UTF-8 か Shift_JIS）",
            "CSV with indicator,value,as_of (UTF-8 or Shift_JIS)",
            type="attachment",
            required=True,
        ),
        OptionSpec(
            "partial",
            "一部のみ",
            "問題のある行があっても正しい行だけ取り込む",
            "Apply the valid rows even if some rows are invalid",
            type="boolean",
        ),
    ),
    editor_only=True,
    writes=True,
    private=True,
    surfaces=("discord",),
)
ASK = CommandSpec(
    "ask",
    "質問",
    "戦略について、ふだんの言葉で質問できます（例: 水素の目標は？、遅れている指標は？）",
    "Ask about the strategy in plain Japanese",
    "/ask 水素の目標は？",
    "answer",
    query=OptionSpec(
        "query",
        "質問",
        "質問（例: 水素の目標は？、5Gの最新の実績、遅れている指標）",
        "Your question (e.g. 水素の目標は？)",
        required=True,
        min_length=1,
        max_length=MAX_QUERY,
    ),
)
OVERVIEW = CommandSpec(
    "overview",
    "概要",
    "戦略の基本目標・計画期間・評価の分布を表示します",
    "Show the strategy's goal, period and ratings at a glance",
    "/overview",
    "overview",
)
PLAN = CommandSpec(
    "plan",
    "計画",
    "計画の文書の項目（趣旨・推進体制など）を原文どおりに表示します",
    "Show a part of the plan's document (purpose, organisation …) as printed",
    "/plan 推進体制",
    "plan",
    query=OptionSpec(
        "query",
        "項目",
        "項目の名前（空欄で一覧）。例: 趣旨、目標年度、企業群、推進体制",
        "The part's name (leave empty for the list)",
        max_length=MAX_QUERY,
    ),
)
HELP = CommandSpec(
    "help",
    "ヘルプ",
    "コマンドの一覧と使い方を表示します",
    "List every command with an example",
    "/help",
    "help",
)

COMMANDS: tuple[CommandSpec, ...] = (
    ASK,
    INDICATOR,
    PROJECT,
    FIELD,
    SEARCH,
    GLOSSARY,
    TOUR,
    QUIZ,
    HISTORY,
    UPDATE,
    UNDO,
    RATE,
    OWNER,
    AUDIT,
    EXPORT,
    REPORT,
    IMPORT,
    OVERVIEW,
    PLAN,
    HELP,
)


def all_commands(surface: Surface | None = None) -> tuple[CommandSpec, ...]:
    """Every command (on one surface, if given), in the order help lists them."""
    return tuple(s for s in COMMANDS if surface is None or surface in s.surfaces)


def find_command(name: str, surface: Surface | None = None) -> CommandSpec | None:
    """A command by its English or Japanese name (with or without the slash)."""
    key = name.strip().lstrip("/／").lower()
    return next((s for s in all_commands(surface) if key in (s.name, s.ja)), None)
