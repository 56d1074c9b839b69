"""Entry point: ``python -m bot`` runs the console without a token, Discord with one."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings
from bot.console import answer, answer_lines, interactive, show
from bot.memory import settle
from bot.render.text import render
from commands.context import Actor, Context
from commands.options import Upload
from commands.transfer import export_all, import_actuals
from knowledge import DATA_DIR, Knowledge, KnowledgeError, load_knowledge
from knowledge.backup import BackupError, backup, restore
from knowledge.store import Store

log = logging.getLogger("bot")
REPORTS_DIR = Path("data/reports")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Yamaguchi strategy bot")
    sub = parser.add_subparsers(dest="command")
    ask = sub.add_parser("ask", help="answer one command (or JSON Lines from stdin with --json)")
    ask.add_argument("line", nargs="?", help='a command line such as "/indicator 15"')
    ask.add_argument("--json", action="store_true", help="print the structured answer as JSON")
    console = sub.add_parser("console", help="start the interactive console even when a token is set")
    importer = sub.add_parser("import", help="import actuals from a CSV file (UTF-8 or Shift_JIS)")
    importer.add_argument("file", help="the CSV file: indicator,value,as_of[,note,source]")
    importer.add_argument("--partial", action="store_true", help="apply the valid rows even if some are not")
    exporter = sub.add_parser("export", help="write the indicators and the history as CSV and JSON")
    exporter.add_argument("--output", default="data/exports", help="directory for the files")
    reporter = sub.add_parser("report", help="write the year-end progress table (進捗表) as Excel and CSV")
    reporter.add_argument("--plan", help="the plan: id, name or alias (default: the one in force)")
    reporter.add_argument(
        "--as-of",
        dest="as_of",
        metavar="YYYY-MM-DD",
        help="the table as it stood on this day (default: today)",
    )
    reporter.add_argument(
        "--out",
        metavar="FILE.xlsx",
        help=f"the workbook (default: {REPORTS_DIR}/進捗表-<plan>-<yyyymmdd>.xlsx); the CSV goes beside it",
    )
    digest = sub.add_parser(
        "digest", help="print the daily digest as it would be posted (nothing is sent), or its settings"
    )
    digest.add_argument("--date", help="YYYY-MM-DD (default: today in Japan)")
    digest.add_argument("--settings", action="store_true", help="show the digest settings")
    digest.add_argument("--set-channel", metavar="ID", help="post to this channel (its Discord id)")
    digest.add_argument("--set-time", metavar="HH:MM", help="post at this time, in Japan")
    digest.add_argument(
        "--set-cadence", metavar="CADENCE", help="how often: 毎日, 平日のみ or 毎週○曜日 (e.g. 毎週月曜日)"
    )
    digest.add_argument(
        "--enabled", action=argparse.BooleanOptionalAction, help="post the digest every day, or not"
    )
    digest.add_argument(
        "--skip-quiet", action=argparse.BooleanOptionalAction, help="post nothing on days with no change"
    )
    saver = sub.add_parser("backup", help="write a consistent copy of the database (safe while the bot runs)")
    saver.add_argument("dest", nargs="?", default="data/backups", help="a file or a folder")
    restorer = sub.add_parser("restore", help="replace the database with a backup (stop the bot first)")
    restorer.add_argument("source", help="the backup file")
    for command in (ask, console, importer):
        command.add_argument("--as", dest="as_name", metavar="NAME", help="record entries under this name")
    plans = sub.add_parser("plan", help="list the plans, or scaffold the next revision from one")
    plan_sub = plans.add_subparsers(dest="plan_command")
    plan_sub.add_parser("list", help="every plan with its period, and which is in force")
    new = plan_sub.add_parser("new", help="scaffold plans/<id>/ from an existing plan, as a draft")
    new.add_argument("id", help="the new plan's id: the first 年度 of its period, e.g. 2027")
    new.add_argument("--from", dest="source", required=True, help="the plan to copy the structure of")
    new.add_argument("--start", required=True, help="the first 年度, e.g. FY2027")
    new.add_argument("--end", required=True, help="the last 年度, e.g. FY2029")
    sync = sub.add_parser(
        "sync", help="register the slash commands with Discord (guilds in GUILD_IDS, or global)"
    )
    sync.add_argument("--global", dest="everywhere", action="store_true", help="register globally")
    return parser


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER variable and no passwd entry (some containers)
        return "console"


def _fail(message: str) -> int:
    print(f"エラー: {message}", file=sys.stderr)
    return 2


def _setup_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # discord.py's gateway chatter at DEBUG carries payloads; keep it at INFO unless asked for.
    logging.getLogger("discord").setLevel(max(logging.getLevelName(level), logging.INFO))


async def _run_discord(settings: Settings, kb: Knowledge, store: Store) -> None:
    from bot.client import StrategyBot

    assert settings.discord_token is not None
    async with StrategyBot(settings, kb, store) as bot:
        await bot.start(settings.discord_token.get_secret_value())


async def _sync(settings: Settings, kb: Knowledge, store: Store, everywhere: bool) -> list[str]:
    from bot.client import StrategyBot

    assert settings.discord_token is not None
    async with StrategyBot(settings, kb, store) as bot:
        await bot.login(settings.discord_token.get_secret_value())  # REST only: no gateway needed
        return await bot.sync_commands(everywhere)


def _digest_settings(args: argparse.Namespace, settings: Settings, ctx: Context) -> int:
    from commands.digest_settings import digest_settings

    channel = args.set_channel
    if channel is not None and not (channel.isdigit() and int(channel) > 0):
        return _fail(
            f"チャンネル「{channel}」は読めません。--set-channel には数字のチャンネル ID を指定してください。"
        )
    reply = digest_settings(
        ctx,
        int(channel) if channel is not None else None,
        args.set_time,
        args.enabled,
        args.skip_quiet,
        args.set_cadence,
        default_channel_id=settings.digest_channel_id,
        default_time=settings.digest_time,
        now=datetime.now(UTC),
    )
    print(render(reply))
    return 0 if reply.ok else 1


def _print_digest(args: argparse.Namespace, settings: Settings, store: Store, ctx: Context) -> int:
    from commands.digest import build_digest, previous_state
    from commands.digest_settings import load_config
    from knowledge.values import parse_day

    day = parse_day(args.date) if args.date else ctx.today
    if day is None:
        return _fail(f"日付「{args.date}」は読めません。2026-11-29 のように指定してください。")
    config = load_config(store, channel_id=settings.digest_channel_id, time=settings.digest_time)
    digest = build_digest(ctx, day, previous_state(store, config.channel_id, day), cadence=config.cadence)
    assert digest.reply is not None  # only a skipped quiet day has none
    print(render(digest.reply))
    return 0


def _backup_or_restore(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.command == "backup":
            path = backup(settings.database_path, Path(args.dest))
            print(f"バックアップを作りました: {path}")
        else:
            kept = restore(
                Path(args.source), settings.database_path, settings.database_path.parent / "backups"
            )
            print(f"復元しました: {args.source} → {settings.database_path}")
            if kept:
                print(f"復元前のデータベースは {kept} に残しました。")
    except BackupError as exc:
        return _fail(str(exc))
    return 0


def _plan(args: argparse.Namespace, settings: Settings) -> int:
    from commands.plan_files import list_plans, new_plan

    data_dir = settings.knowledge_path or DATA_DIR
    if args.plan_command == "new":
        reply = new_plan(data_dir, args.id, args.source, args.start, args.end)
        if not reply.ok:
            return _fail(reply.message or "")
    else:
        reply = list_plans(data_dir, settings.current_plan)
        if not reply.ok:
            return _fail(reply.message or "")
    print(render(reply))
    return 0


def _save_report(out: Path, xlsx: bytes, csv: bytes) -> list[Path] | str:
    """Write the workbook and the CSV beside it, both or neither; a refusal is returned as its message."""
    if out.is_dir():
        return f"出力先 {out} はフォルダです。ファイル名（例: {out / '進捗表.xlsx'}）を指定してください。"
    if out.suffix.lower() != ".xlsx":
        return f"出力先 {out} は .xlsx のファイル名にしてください（CSV は同じ名前の .csv で横に書きます）。"
    pairs = [(out, xlsx), (out.with_suffix(".csv"), csv)]
    if pairs[1][0].is_dir():
        return (
            f"出力先 {pairs[1][0]} はフォルダです。CSV はブックと同じ名前の .csv で横に書くため、"
            "別のファイル名を指定してください。"
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"出力先のフォルダ {out.parent} を作れません（{exc.strerror or exc}）。"
    # Each file goes to a temporary name in the same folder and is renamed over the target, so a
    # failure leaves neither a half-written file nor a workbook without its CSV.
    temps: list[Path] = []
    placed: list[Path] = []
    try:
        for path, content in pairs:
            temp = path.with_name(f".{path.name}.{os.getpid()}.{len(temps)}.tmp")
            temps.append(temp)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
            with os.fdopen(fd, "wb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
        for temp, (path, _) in zip(temps, pairs, strict=True):
            os.replace(temp, path)
            placed.append(path)
    except OSError as exc:
        for leftover in [*temps, *placed]:
            leftover.unlink(missing_ok=True)
        return f"{out} に書き込めません（{exc.strerror or exc}）。何も書き出していません。"
    return [path for path, _ in pairs]


def _report(args: argparse.Namespace, ctx: Context) -> int:
    from commands.report import report

    reply = report(ctx, args.plan, args.as_of)
    if not reply.ok:
        return _fail(reply.message or "")
    (xlsx_name, xlsx), (_, csv) = reply.files
    saved = _save_report(Path(args.out) if args.out else REPORTS_DIR / xlsx_name, xlsx, csv)
    if isinstance(saved, str):
        return _fail(saved)
    for path in saved:
        print(f"書き出しました: {path}")
    summary = (reply.record or {}).get("summary", {})
    print(f"{reply.title}: {summary.get('official_sentence')}、{summary.get('computed_sentence')}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the bot; returns the process exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        return _fail(f"設定が不正です（{'.'.join(map(str, first['loc'])).upper()}: {first['msg']}）")
    if args.command in ("backup", "restore"):
        return _backup_or_restore(args, settings)
    if args.command == "plan":
        return _plan(args, settings)
    try:
        kb: Knowledge = load_knowledge(settings.knowledge_path or DATA_DIR, settings.current_plan)
    except KnowledgeError as exc:
        return _fail(f"データファイルに誤りがあります: {'; '.join(exc.problems)}")
    settle()
    try:
        store = Store.open(settings.database_path)
    except (sqlite3.Error, OSError) as exc:
        return _fail(
            f"データベース {settings.database_path} を開けません（{exc}）。DATABASE_PATH を確認してください。"
        )
    name = getattr(args, "as_name", None) or _os_user()
    actor = Actor(f"console:{name}", name, editor=True, admin=True)  # the console is the server's operator

    def make_context() -> Context:
        return Context(
            kb,
            store=store,
            actor=actor,
            cadence_months=settings.stale_after_months,
            grace_days=settings.stale_grace_days,
        )

    if args.command == "ask":
        if args.line is None:
            if not args.json:
                return _fail('コマンドを指定してください。例: python -m bot ask "/indicator 15"')
            answer_lines(make_context(), sys.stdin, sys.stdout)
            return 0
        print(answer(make_context(), args.line, as_json=args.json))
        return 0
    if args.command == "import":
        try:
            data = Path(args.file).read_bytes()
        except OSError as exc:
            return _fail(f"ファイル {args.file} を読めません（{exc.strerror}）。")
        reply = import_actuals(
            make_context(), Upload(Path(args.file).name, len(data), data), partial=args.partial
        )
        print(render(reply))
        return 0 if reply.ok else 1
    if args.command == "digest":
        changes = (args.set_channel, args.set_time, args.enabled, args.skip_quiet, args.set_cadence)
        if args.settings or any(value is not None for value in changes):
            return _digest_settings(args, settings, make_context())
        return _print_digest(args, settings, store, make_context())
    if args.command == "report":
        return _report(args, make_context())
    if args.command == "export":
        print(show(export_all(make_context()), Path(args.output)))
        return 0
    if args.command == "console" or (settings.discord_token is None and args.command is None):
        interactive(make_context)
        return 0
    if settings.discord_token is None:
        return _fail("DISCORD_TOKEN が設定されていません。.env に設定してください（.env.example を参照）。")
    _setup_logging(settings.log_level)
    import discord  # only the Discord path pays for importing discord.py

    try:
        if args.command == "sync":
            for line in asyncio.run(_sync(settings, kb, store, args.everywhere)):
                print(f"登録しました: {line}")
            return 0
        asyncio.run(_run_discord(settings, kb, store))
    except discord.LoginFailure:
        return _fail("Discord へのログインに失敗しました。DISCORD_TOKEN が正しいか確認してください。")
    except discord.HTTPException as exc:
        return _fail(f"Discord がエラーを返しました（HTTP {exc.status}: {exc.text[:200]}）")
    except KeyboardInterrupt:
        log.info("Stopped by the operator")
    return 0


def _exit_quietly_on_closed_pipe() -> int:
    """Run main(); a reader that stops early (``| head``) ends the output, not in a traceback."""
    try:
        code = main()
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's own flush at exit cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(_exit_quietly_on_closed_pipe())
