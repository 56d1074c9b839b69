"""/import and /export: move actuals in and out in bulk, as CSV and JSON (editors only)."""

from __future__ import annotations

from commands.context import Context
from commands.options import Upload
from commands.registry import EXPORT, IMPORT, command
from commands.replies import Reply, ReplyField, problem
from commands.update import NO_STORE
from knowledge.store import StoreError
from knowledge.transfer import MAX_BYTES, apply, export_csv, export_json, validate

SHOWN_PROBLEMS = 15


@command(IMPORT)
def import_actuals(ctx: Context, file: Upload, partial: bool | None = None) -> Reply:
    """Validate a CSV and apply it all-or-nothing (or only its valid rows with ``partial``)."""
    if ctx.store is None:
        return problem("invalid", "import", NO_STORE)
    if file.size > MAX_BYTES or len(file.data) > MAX_BYTES:
        return problem("invalid", "import", f"ファイルが大きすぎます（{MAX_BYTES // 1_000_000}MBまで）。")
    data = file.data
    result = validate(ctx.kb, ctx.store, data, ctx.today)
    if result.file_error:
        return problem("invalid", "import", result.file_error)
    if not result.rows and not result.problems:
        return problem(
            "invalid", "import", "取り込む行がありません。2行目から indicator,value,as_of を書いてください。"
        )
    try:
        apply(ctx.store, result, ctx.actor.id, ctx.actor.name, partial=bool(partial))
    except StoreError as exc:
        return problem("invalid", "import", exc.message)
    listed = "\n".join(str(p) for p in result.problems[:SHOWN_PROBLEMS])
    if len(result.problems) > SHOWN_PROBLEMS:
        listed += f"\n…ほか {len(result.problems) - SHOWN_PROBLEMS} 件"
    if result.problems and not partial:
        return problem(
            "invalid",
            "import",
            f"{len(result.problems)}行に問題があるため、何も取り込みませんでした"
            f"（正しい行は {len(result.rows)}行）。\n{listed}\n"
            "直して取り込み直すか、正しい行だけ取り込むには partial を指定してください。",
        )
    fields = [ReplyField("取り込んだ行", f"{result.applied}行", inline=True)]
    if partial:
        fields.append(ReplyField("飛ばした行", f"{result.skipped}行", inline=True))
    if listed:
        fields.append(ReplyField("飛ばした行の理由", listed))
    return Reply(
        status="ok",
        kind="import",
        title=f"実績を {result.applied}件 取り込みました",
        fields=tuple(fields),
        footer=f"取り込み: {ctx.actor.name} ・ データ版 {ctx.kb.version}",
        record={
            "applied": result.applied,
            "skipped": result.skipped,
            "problems": [str(p) for p in result.problems],
        },
        links=(("指標一覧", "/indicator"),),
    )


@command(EXPORT)
def export_all(ctx: Context) -> Reply:
    """Answer /export: the knowledge and the history as CSV (for Excel) and JSON files."""
    stamp = ctx.today.strftime("%Y%m%d")
    files = (
        (f"actuals-{stamp}.csv", export_csv(ctx.kb, ctx.store)),
        (f"strategy-{stamp}.json", export_json(ctx.kb, ctx.store)),
    )
    count = export_csv(ctx.kb, ctx.store).count(b"\r\n") - 1
    return Reply(
        status="ok",
        kind="export",
        title="指標と実績の履歴を書き出しました",
        lines=(
            f"実績の記録 {count}件（取り消し済みも含む）。CSV は Excel でそのまま開けます（UTF-8・BOM 付き）。",
            "CSV はそのまま /import で取り込み直せます（取り消し済みの行は飛ばします）。",
        ),
        footer=f"データ版 {ctx.kb.version}",
        record={"entries": count, "files": [name for name, _ in files]},
        files=files,
    )
