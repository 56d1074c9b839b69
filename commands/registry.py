"""Every command, its Japanese name, options and example: the one list both front ends use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from commands.audit import audit
from commands.context import Context
from commands.field import field
from commands.glossary import glossary
from commands.history import history
from commands.indicator import indicator
from commands.overview import overview
from commands.owner import owner
from commands.project import project
from commands.quiz import quiz
from commands.replies import Reply, ReplyField
from commands.search import search
from commands.tour import tour
from commands.transfer import export_all
from commands.update import undo, update


@dataclass(frozen=True)
class OptionSpec:
    """A named option such as ``plan:2021`` (``計画:2021``)."""

    name: str
    ja: str
    description: str
    description_en: str
    choices: tuple[tuple[str, str, str], ...] = ()  # (value, Japanese label, English label)


@dataclass(frozen=True)
class CommandSpec:
    """A command as users see it in Discord and in the console."""

    name: str
    ja: str
    description: str
    description_en: str
    example: str
    handler: Callable[..., Reply]
    query: str | None = None  # description of the free-text query, None if the command takes none
    query_en: str | None = None
    options: tuple[OptionSpec, ...] = ()
    writes: bool = False  # changes stored data: only editors, checked on the server for every call
    slow: bool = False  # draws a chart: Discord defers first and runs it off the event loop


PLAN_OPTION = OptionSpec(
    "plan",
    "計画",
    "対象の計画（既定は第2次改定版）",
    "Which revision of the plan (default: the 2nd revision)",
    (
        ("2024", "第2次改定版（2024〜2026年度）", "2nd revision (FY2024–FY2026)"),
        ("2021", "第1次改定版（2021〜2023年度）", "1st revision (FY2021–FY2023)"),
    ),
)

COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "indicator",
        "指標",
        "指標の現状値・目標値・最新の実績・評価を表示します",
        "Show an indicator's baseline, target, latest actual and rating",
        "/indicator 15",
        indicator,
        query="指標の番号または名前（空欄で一覧）",
        query_en="Indicator number or name (leave empty for the list)",
        options=(
            PLAN_OPTION,
            OptionSpec(
                "project",
                "プロジェクト",
                "一覧をプロジェクトで絞り込み（例: 4、3-2）",
                "Filter the list by project (e.g. 4, 3-2)",
            ),
            OptionSpec(
                "rating",
                "評価",
                "一覧を評価で絞り込み（1〜4、★★★、なし）",
                "Filter the list by rating (1–4, ★★★, none)",
            ),
            OptionSpec(
                "stale",
                "期限切れ",
                "一覧を更新期限切れで絞り込み（yes / no）",
                "Filter the list by overdue actuals (yes / no)",
                (("yes", "期限切れのみ", "Overdue only"), ("no", "期限内のみ", "Up to date only")),
            ),
        ),
    ),
    CommandSpec(
        "project",
        "プロジェクト",
        "産業戦略プロジェクトの取組と指標を表示します",
        "Show a strategic project's actions and indicators",
        "/project 4",
        project,
        query="プロジェクト番号（1〜8）、節（3-2）または名前",
        query_en="Project number (1–8), section (3-2) or name",
        slow=True,
    ),
    CommandSpec(
        "field",
        "分野",
        "重点成長分野の内容と関連する取組を表示します",
        "Show a priority growth field and what serves it",
        "/field 6",
        field,
        query="分野の番号（1〜10）または名前",
        query_en="Field number (1–10) or name",
    ),
    CommandSpec(
        "search",
        "検索",
        "分野・プロジェクト・取組・指標・支援措置をまとめて検索します",
        "Search fields, projects, actions, indicators and support measures",
        "/search 水素",
        search,
        query="検索語（漢字・かな・ローマ字）",
        query_en="Words to search for (kanji, kana or romaji)",
    ),
    CommandSpec(
        "glossary",
        "用語",
        "文書の用語を、原文と一般的な説明に分けて表示します",
        "Explain a term the document uses",
        "/glossary 累計",
        glossary,
        query="用語（空欄で一覧）",
        query_en="The term (leave empty for the list)",
    ),
    CommandSpec(
        "tour",
        "ツアー",
        "新しく来た人向けに、戦略を7つのステップで案内します",
        "A guided tour of the strategy for new staff",
        "/tour",
        tour,
        query="ページ番号（1〜7、空欄で目次）",
        query_en="Page number (1–7; empty for the contents)",
    ),
    CommandSpec(
        "quiz",
        "クイズ",
        "データから作る5問の確認クイズに答えます",
        "Take a five-question self-check generated from the data",
        "/quiz",
        quiz,
        query="クイズ番号（空欄で新しいクイズ）",
        query_en="Quiz number (empty for a new quiz)",
    ),
    CommandSpec(
        "history",
        "推移",
        "指標の実績の推移をグラフと一覧で表示します",
        "Show an indicator's actuals over time, with a chart",
        "/history 15",
        history,
        query="指標の番号または名前",
        query_en="Indicator number or name",
        options=(PLAN_OPTION,),
        slow=True,
    ),
    CommandSpec(
        "update",
        "更新",
        "指標の新しい実績を記録します（編集者のみ）",
        "Record a new actual for an indicator (editors only)",
        "/update 15 value:95.2% as_of:2025年度",
        update,
        query="指標の番号または名前",
        query_en="Indicator number or name",
        options=(
            OptionSpec(
                "value",
                "値",
                "実績値（例: 95.2%、1,234件、4.9万人）。/3年の指標は計画開始からの合計",
                "The actual (e.g. 95.2%, 1,234); for /3年 targets, the total since the plan began",
            ),
            OptionSpec(
                "as_of",
                "時点",
                "いつの値か（例: 2025-03、2025年度、R7.3）。省略すると今日",
                "As of when (e.g. 2025-03, FY2025, R7.3); default today",
            ),
            OptionSpec(
                "note", "メモ", "メモ（任意、200文字まで）", "A note (optional, up to 200 characters)"
            ),
            OptionSpec(
                "source", "出典", "出典（任意、200文字まで）", "The source (optional, up to 200 characters)"
            ),
        ),
        writes=True,
    ),
    CommandSpec(
        "undo",
        "取り消し",
        "自分が最後に記録した実績を取り消します（管理者は誰の記録でも）",
        "Withdraw your last recorded actual (admins: anyone's)",
        "/undo 15",
        undo,
        query="指標の番号または名前",
        query_en="Indicator number or name",
        writes=True,
    ),
    CommandSpec(
        "owner",
        "担当",
        "指標の担当者を表示・設定します（設定は編集者のみ）",
        "Show or set who answers for an indicator (setting: editors only)",
        "/owner 15 who:山田 remind:yes",
        owner,
        query="指標の番号または名前",
        query_en="Indicator number or name",
        options=(
            OptionSpec("who", "担当者", "担当者の名前", "The person responsible"),
            OptionSpec(
                "remind",
                "通知",
                "更新期限を過ぎたら担当者に通知するか",
                "Remind the owner when the actual is overdue",
                (("yes", "する", "Yes"), ("no", "しない", "No")),
            ),
            OptionSpec(
                "cadence",
                "間隔",
                "この指標の実績を更新する間隔（月数、1〜60）",
                "How often this indicator's actual is due, in months (1–60)",
            ),
        ),
        writes=True,
    ),
    CommandSpec(
        "audit",
        "監査",
        "最近の記録・取り消し・担当設定の履歴を表示します（編集者のみ）",
        "Show recent write actions with who and when (editors only)",
        "/audit",
        audit,
        writes=True,
    ),
    CommandSpec(
        "export",
        "書き出し",
        "指標と実績の履歴を CSV と JSON で書き出します（編集者のみ）",
        "Export the indicators and the history as CSV and JSON (editors only)",
        "/export",
        export_all,
        writes=True,
    ),
    CommandSpec(
        "overview",
        "概要",
        "戦略の基本目標・計画期間・評価の分布を表示します",
        "Show the strategy's goal, period and ratings at a glance",
        "/overview",
        overview,
    ),
)


def help_reply(ctx: Context, query: str = "") -> Reply:
    """Answer /help: every command with an example."""
    rows = []
    for spec in all_commands():
        options = " ".join(f"{o.name}:…" for o in spec.options)
        usage = f"/{spec.name}" + (" <検索語>" if spec.query else "") + (f" [{options}]" if options else "")
        rows.append(
            ReplyField(
                f"/{spec.name}（/{spec.ja}）", f"{spec.description}\n使い方: {usage}\n例: {spec.example}"
            )
        )
    return Reply(
        status="ok",
        kind="help",
        title="使い方",
        lines=(
            "やまぐち産業イノベーション戦略（第2次改定版）について答えるボットです。",
            "番号でも名前でも調べられます。オプションは 名前:値 の形で付けます（例: /indicator 7 plan:2021）。",
        ),
        fields=tuple(rows),
        footer=f"データ版 {ctx.kb.version}",
        record={"commands": [{"name": s.name, "ja": s.ja, "example": s.example} for s in all_commands()]},
        links=tuple((s.example, s.example) for s in all_commands() if s.name != "help"),
    )


HELP = CommandSpec(
    "help",
    "ヘルプ",
    "コマンドの一覧と使い方を表示します",
    "List every command with an example",
    "/help",
    help_reply,
)


def all_commands() -> tuple[CommandSpec, ...]:
    """Every command, help included, in the order help lists them."""
    return (*COMMANDS, HELP)


def find_command(name: str) -> CommandSpec | None:
    """A command by its English or Japanese name (with or without the slash)."""
    key = name.strip().lstrip("/／").lower()
    return next((s for s in all_commands() if key in (s.name, s.ja)), None)
