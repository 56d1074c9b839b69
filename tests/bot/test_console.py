import json
import os
import subprocess
import sys
import tempfile
from io import StringIO

import pytest

from bot.console import BANNER_TITLE, answer_lines, banner, interactive
from tests.conftest import ROOT


def _run(*args, stdin="", env=None):
    # A fresh folder per run: the repository's .env and ./data are never read or written.
    with tempfile.TemporaryDirectory() as tmp:
        full_env = {**os.environ, "DISCORD_TOKEN": "", "DATABASE_PATH": f"{tmp}/bot.sqlite3", **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=tmp,
            env=full_env,
            timeout=60,
        )


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    env = {**os.environ, "DISCORD_TOKEN": "", "DATABASE_PATH": str(tmp_path / "bot.sqlite3")}
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "/help"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    child.stdout.close()  # like `| head` that has already quit: every write hits a closed pipe
    _out, err = child.communicate(timeout=60)
    assert (child.returncode, err.decode()) == (0, "")


def test_ask_answers_indicator_15():
    done = _run("ask", "/indicator 15")
    assert done.returncode == 0, done.stderr
    assert "94.1%（2022年度（令和4年度））" in done.stdout
    assert "97%超（2026年度（令和8年度））" in done.stdout


def test_ask_json_is_the_contract():
    done = _run("ask", "--json", "/indicator 7 plan:2021")
    data = json.loads(done.stdout)
    assert (done.returncode, data["status"], data["record"]["rating"]["note"]) == (0, "ok", "国統計未公表")


def test_json_lines_from_stdin_one_answer_per_line_in_order():
    lines = ["/indicator 15", "/指標 99", "", "/project 4", "/nope"]
    done = _run("ask", "--json", stdin="\n".join(lines) + "\n")
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0
    assert [(a["status"], a["kind"]) for a in answers] == [
        ("ok", "indicator"),
        ("invalid", "indicator"),
        ("invalid", "help"),
        ("ok", "project"),
        ("invalid", "help"),
    ]


def test_user_mistake_exits_zero():
    done = _run("ask", "/indicator 0")
    assert (done.returncode, done.stdout.startswith("⚠ 指標0 はありません")) == (0, True)


def test_bad_data_file_exits_nonzero_with_one_line(tmp_path, data_copy):
    path = data_copy / "plans/2024/indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 97,", "value: abc,"), encoding="utf-8")
    done = _run("ask", "/indicator 15", env={"KNOWLEDGE_PATH": str(data_copy)})
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "エラー: データファイルに誤りがあります: plans/2024/indicators.yaml: indicator 15: target.value: not a number"
    ]
    assert "Traceback" not in done.stderr


def test_console_starts_without_token_and_answers():
    done = _run(stdin="/indicator 15\n/exit\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(BANNER_TITLE)
    assert "DISCORD_TOKEN" in done.stdout
    assert "97%超" in done.stdout


def test_interactive_picks_a_candidate_by_number(ctx):
    inputs = iter(["/indicator 研究開発等プロジェクト化件数 plan:2021", "2", "/quit"])
    out = []
    interactive(lambda: ctx, read=lambda _prompt: next(inputs), write=out.append)
    assert "候補（番号を入力すると開きます）" in out[1]
    assert out[2].startswith("■ 第1次改定版 指標13")


def test_interactive_ends_on_eof(ctx):
    def read(_prompt):
        raise EOFError

    out = []
    interactive(lambda: ctx, read=read, write=out.append)
    assert out == [banner(ctx), ""]
    assert "「やまぐち産業イノベーション戦略（第2次改定版）」" in out[0] and "計画:2021" in out[0]


@pytest.mark.parametrize("line", ["/indicator 15\n", "/help\n"])
def test_answer_lines_writes_json_per_line(ctx, line):
    buf = StringIO()
    answer_lines(ctx, [line, line], buf)
    rows = buf.getvalue().splitlines()
    assert len(rows) == 2 and rows[0] == rows[1] and json.loads(rows[0])["status"] == "ok"


def test_console_tour_page_keys(ctx):
    inputs = iter(["/tour", "n", "n", "p", "9", "n", "t", "/exit"])
    out = []
    interactive(lambda: ctx, read=lambda _prompt: next(inputs), write=out.append)
    titles = [o.splitlines()[0] for o in out[1:]]
    assert titles == [
        "■ ツアー: 目次",
        "■ ツアー 1/9: なぜ改定したのか",
        "■ ツアー 2/9: 第1次改定版から変わったこと",
        "■ ツアー 1/9: なぜ改定したのか",
        "■ ツアー 9/9: ボットの使い方",
        "■ ツアー 9/9: ボットの使い方",
        "■ ツアー: 目次",
    ]


def test_console_quiz_asks_five_and_scores(ctx):
    from commands.quiz import make_quiz

    quiz = make_quiz(ctx.kb, "2024", 42)
    letters = ["ABCD"[q.answer] for q in quiz.questions]
    letters[0] = "ABCD"[(quiz.questions[0].answer + 1) % len(quiz.questions[0].choices)]
    inputs = iter(["/quiz 42", "z", *letters, "/exit"])
    out = []
    interactive(lambda: ctx, read=lambda _prompt: next(inputs), write=out.append)
    assert out.count("○ 正解です。") == 4
    assert "A〜D（または 1〜4）で答えてください。" in out
    assert out[-1].startswith("■ 確認クイズの結果: 4/5問正解")


def test_import_and_export_from_the_command_line(tmp_path):
    env = {"DATABASE_PATH": str(tmp_path / "db.sqlite3")}
    example = ROOT / "docs" / "actuals-example.csv"
    done = _run("import", str(example), "--as", "山田", env=env)
    assert (done.returncode, done.stdout.splitlines()[0]) == (0, "■ 実績を 4件 取り込みました")
    again = _run("import", str(example), env=env)
    assert again.returncode == 1 and "何も取り込みませんでした" in again.stdout
    exported = _run("export", "--output", str(tmp_path / "out"), env=env)
    files = sorted(p.name.split("-")[0] for p in (tmp_path / "out").iterdir())
    assert (exported.returncode, files) == (0, ["actuals", "strategy"])
    missing = _run("import", str(tmp_path / "nope.csv"), env=env)
    assert missing.returncode == 2 and "を読めません" in missing.stderr


def test_backup_and_restore_from_the_command_line(tmp_path):
    env = {"DATABASE_PATH": str(tmp_path / "db.sqlite3")}
    _run("import", str(ROOT / "docs" / "actuals-example.csv"), env=env)
    done = _run("backup", str(tmp_path / "copy.sqlite3"), env=env)
    assert (done.returncode, done.stdout.strip()) == (
        0,
        f"バックアップを作りました: {tmp_path / 'copy.sqlite3'}",
    )
    restored = _run("restore", str(tmp_path / "copy.sqlite3"), env=env)
    assert restored.returncode == 0 and "復元しました" in restored.stdout
    refused = _run("restore", str(ROOT / "README.md"), env=env)
    assert refused.returncode == 2 and "このボットのデータベースではありません" in refused.stderr


def test_console_saves_charts_and_prints_their_paths(ctx, tmp_path):
    from bot.console import answer

    text = answer(ctx, "/history 16", directory=tmp_path)
    [saved] = list(tmp_path.iterdir())
    assert saved.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert text.endswith(f"ファイルを保存しました: {saved}")
    data = json.loads(answer(ctx, "/project 4", as_json=True, directory=tmp_path))
    assert data["files"] and data["files"][0].endswith(".png")


def test_digest_preview_from_the_command_line(tmp_path):
    done = _run("digest", "--date", "2027-04-01", env={"DATABASE_PATH": str(tmp_path / "db.sqlite3")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("■ 日次ダイジェスト 2027年4月1日")
    assert "計画期間は終了しました" in done.stdout
    bad = _run("digest", "--date", "2027-13-01", env={"DATABASE_PATH": str(tmp_path / "db.sqlite3")})
    assert bad.returncode == 2 and "読めません" in bad.stderr


def test_digest_settings_from_the_command_line(tmp_path):
    env = {"DATABASE_PATH": str(tmp_path / "db.sqlite3"), "DIGEST_CHANNEL_ID": "42", "DIGEST_TIME": "09:00"}
    shown = _run("digest", "--settings", env=env)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("■ 日次ダイジェストの設定")
    assert "投稿先: <#42>" in shown.stdout and "時刻: 09:00（日本時間）" in shown.stdout
    assert "次回の予定: " in shown.stdout
    changed = _run("digest", "--set-time", "０７：３０", "--skip-quiet", "--no-enabled", env=env)
    assert changed.returncode == 0, changed.stderr
    assert (
        "ダイジェストの設定を保存しました。" in changed.stdout and "時刻: 07:30（日本時間）" in changed.stdout
    )
    assert "配信: 停止中" in changed.stdout and "変化のない日: 投稿しない" in changed.stdout
    assert "時刻: 07:30（日本時間）" in _run("digest", "--settings", env=env).stdout
    bad = _run("digest", "--set-time", "25:00", env=env)
    assert bad.returncode == 1 and "時刻「25:00」は読めません" in bad.stdout
    assert _run("digest", "--set-channel", "general", env=env).returncode == 2


def test_the_three_step_recording_scenario_through_the_console():
    lines = [
        "/update 15 value:95.2%",  # no period: a proposal, nothing stored
        "/update 15 value:96.0% as_of:2025年度",
        "/undo 15",  # proposes that entry, withdraws nothing yet
        "/indicator 15",
    ]
    done = _run("ask", "--json", stdin="\n".join(lines) + "\n")
    proposal, recorded, undo, shown = (json.loads(line) for line in done.stdout.splitlines())
    assert (proposal["status"], proposal["record"]["confirm"]) == (
        "confirm",
        "/update 15 値:95.2% 時点:2025年度",
    )
    assert (recorded["status"], undo["status"]) == ("ok", "confirm")
    assert undo["record"]["proposed_entry"] == recorded["record"]["entry"]
    latest = shown["record"]["latest"]
    assert (latest["text"], latest["as_of"]) == ("96.0%", "FY2025")


def test_the_year_end_report_from_the_command_line(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "年度末" / "進捗表.xlsx"
    done = _run("report", "--plan", "2021", "--as-of", "2026-12-01", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        f"書き出しました: {out}",
        f"書き出しました: {out.with_suffix('.csv')}",
    ]
    ws = load_workbook(out)["進捗表"]
    assert [r[1] for r in ws.iter_rows(min_row=3, values_only=True)] == [str(n) for n in range(1, 25)]
    assert out.with_suffix(".csv").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--plan", "1999"], "計画「1999」はありません"),
        (["--as-of", "2024-03-31"], "計画期間の初日"),
        (["--as-of", "3月"], "読めません"),
        (["--out", "out"], "出力先 out はフォルダです"),
        (["--out", "out/進捗表.xlsx"], "出力先 out/進捗表.csv はフォルダです"),
        (["--out", "out/進捗表.txt"], ".xlsx のファイル名にしてください"),
        (["--out", "file.txt/進捗表.xlsx"], "を作れません"),
    ],
)
def test_a_report_that_cannot_be_made_writes_nothing(tmp_path, capsys, args, says):
    from bot.__main__ import main

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "進捗表.csv").mkdir()  # the CSV beside the workbook would be a folder
    (tmp_path / "file.txt").write_text("x")

    def files() -> list[str]:
        return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if "sqlite3" not in p.name)

    before = files()
    code = main(["report", *args])
    err = capsys.readouterr().err
    assert (code, err.startswith("エラー: ")) == (2, True) and says in err
    assert files() == before
