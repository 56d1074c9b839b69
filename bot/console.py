"""The console: the bot's commands in a terminal, interactively or one command at a time."""

from __future__ import annotations

import atexit
import contextlib
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import TextIO

from bot.render.text import render
from commands.context import Context
from commands.format import half_width
from commands.open import open_candidate
from commands.parse import execute
from commands.quiz import LETTERS, feedback_lines, make_quiz, question_reply, result_reply
from commands.replies import Candidate, Reply

BANNER_TITLE = "やまぐち産業イノベーション戦略ボット（コンソール）"


def banner(ctx: Context) -> str:
    """The greeting: what the bot answers about (the plan in force) and how to start."""
    older = [p for p in ctx.kb.plan_ids if p != ctx.plan]
    example = f"/指標 7 計画:{older[-1]}" if older else "/指標 7"
    return (
        f"{BANNER_TITLE}\n"
        f"「{ctx.kb.revision(ctx.plan).title}」の分野・プロジェクト・指標について答えます。\n"
        f"Discord と同じコマンドが使えます。例: /indicator 15 ・ {example} ・ /project 4 ・ /help\n"
        "はじめての方は /tour（ツアー、n/p でページ送り）と /quiz（確認クイズ）をどうぞ。\n"
        "終了は /exit または Ctrl-D。Discord につなぐには .env に DISCORD_TOKEN を設定して起動し直してください。\n"
    )


EXIT_WORDS = {"/exit", "/quit", "exit", "quit", "/終了", "終了"}


def to_json_line(reply: Reply) -> str:
    """One reply as a single JSON line."""
    return json.dumps(reply.to_json(), ensure_ascii=False)


OUTPUT_DIR = Path("data/exports")


def save_files(reply: Reply, directory: Path = OUTPUT_DIR) -> list[Path]:
    """Write a reply's files (charts, exports) to ``directory`` and return their paths."""
    if not reply.files:
        return []
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in reply.files:
        path = directory / Path(name).name  # a bare file name: nothing escapes the directory
        path.write_bytes(content)
        paths.append(path)
    return paths


def show(reply: Reply, directory: Path = OUTPUT_DIR) -> str:
    """The reply as terminal text, saving its files and saying where they went."""
    text = render(reply)
    saved = save_files(reply, directory)
    if saved:
        text += "\n" + "\n".join(f"ファイルを保存しました: {path}" for path in saved)
    return text


def answer(ctx: Context, line: str, as_json: bool = False, directory: Path = OUTPUT_DIR) -> str:
    """Answer one command line as text or JSON (files are saved either way)."""
    reply = execute(ctx, line)
    if as_json:
        data = reply.to_json()
        data["files"] = [str(p) for p in save_files(reply, directory)]
        return json.dumps(data, ensure_ascii=False)
    return show(reply, directory)


def answer_lines(ctx: Context, lines: Iterable[str], out: TextIO) -> None:
    """JSON Lines: one answer per input line, in order (blank lines get an invalid answer too)."""
    for line in lines:
        out.write(to_json_line(execute(ctx, line.rstrip("\n"))) + "\n")
        out.flush()


TOUR_KEYS = {"n": 1, "次": 1, "p": -1, "前": -1}
TOC_KEYS = {"t", "目次"}


def _tour_key(reply: Reply | None, line: str) -> str | None:
    """After a tour page: n/p (次/前) turn the page, t (目次) opens the contents, a digit jumps."""
    if reply is None or reply.kind != "tour" or not reply.ok:
        return None
    key = line.strip().lower()
    page = int(reply.key or 0)
    total = int(reply.record["total"]) if reply.record else 0
    if key in TOC_KEYS:
        return "/tour"
    if key in TOUR_KEYS:
        return f"/tour {min(max(page + TOUR_KEYS[key], 0), total)}"
    if key.isdigit():
        return f"/tour {key}"
    return None


def _choice_index(text: str, count: int) -> int | None:
    key = half_width(text).upper()
    if len(key) == 1 and key in LETTERS[:count]:
        return LETTERS.index(key)
    if key.isdigit() and 1 <= int(key) <= count:
        return int(key) - 1
    return None


def run_quiz(ctx: Context, seed: int, read: Callable[[str], str], write: Callable[[str], None]) -> Reply:
    """Ask each question in turn, read A–D (or 1–4), and show the result at the end."""
    quiz = make_quiz(ctx.kb, ctx.plan, seed)
    answers: list[int] = []
    for index, question in enumerate(quiz.questions):
        write(render(question_reply(ctx, quiz, index)))
        choice = None
        while choice is None:
            choice = _choice_index(read("答え (A〜D)> "), len(question.choices))
            if choice is None:
                write("A〜D（または 1〜4）で答えてください。")
        for line in feedback_lines(quiz, index, choice):
            write(line)
        answers.append(choice)
    result = result_reply(ctx, quiz, answers)
    write(render(result))
    return result


def _pick(reply: Reply | None, line: str) -> Candidate | None:
    """A bare number after an ambiguous answer picks that candidate."""
    if reply is None or not reply.candidates or not line.strip().isdigit():
        return None
    index = int(line.strip())
    if not 1 <= index <= len(reply.candidates):
        return None
    return reply.candidates[index - 1]


def interactive(
    make_context: Callable[[], Context],
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> None:
    """Run the prompt loop until /exit or end of input."""
    _enable_line_editing()
    write(banner(make_context()))
    last: Reply | None = None
    while True:
        try:
            line = read("strategy> ")
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if not line.strip():
            continue
        if line.strip() in EXIT_WORDS:
            return
        ctx = make_context()
        picked = _pick(last, line)
        if picked is not None:
            last = open_candidate(ctx, picked)
            write(show(last))
            continue
        last = execute(ctx, _tour_key(last, line) or line)
        if last.kind == "quiz" and last.ok and last.record and last.record.get("index") == 0:
            try:
                last = run_quiz(ctx, int(last.record["seed"]), read, write)
            except (EOFError, KeyboardInterrupt):
                write("")
                return
            continue
        write(show(last))


def _enable_line_editing() -> None:
    """Line editing and history through readline, where the platform has it."""
    if not sys.stdin.isatty():
        return
    try:
        import readline
    except ImportError:  # Windows without pyreadline: plain input still works
        return
    history = Path.home() / ".yamaguchi_strategy_bot_history"
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(1000)
    atexit.register(_save_history, readline, history)


def _save_history(readline: ModuleType, history: Path) -> None:
    with contextlib.suppress(OSError):
        readline.write_history_file(history)
