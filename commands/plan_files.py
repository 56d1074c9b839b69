"""``python -m bot plan``: the plans the data holds, and a draft of the next revision scaffolded from one.

These run on the server's files, so only the console offers them (no slash command).
"""

from __future__ import annotations

from pathlib import Path

from commands import format as fmt
from commands.replies import Reply, problem
from knowledge import Knowledge, KnowledgeError
from knowledge.scaffold import ScaffoldError, scaffold
from knowledge.values import today_in_japan


def list_plans(data_dir: Path, pinned: str | None = None) -> Reply:
    """Every plan, oldest first, with its period and which is in force today (drafts marked)."""
    try:
        kb = Knowledge.load(data_dir, pinned)
    except KnowledgeError as exc:
        return problem("invalid", "plan", "データファイルに誤りがあります: " + "; ".join(exc.problems))
    today = today_in_japan()
    current = kb.current_plan(today)
    lines = []
    for plan, edition in kb.editions.items():
        rev = edition.revision
        state = "現行" if plan == current else ""
        if rev.draft:
            state = (
                "下書き"
                if kb.draft_visible(plan, today)
                else "下書き（期間が始まったため非表示。公開してください）"
            )
        period = f"{rev.start.label()}〜{rev.end.label()}"
        lines.append(f"{plan} {rev.revision} {period}{'（' + state + '）' if state else ''}")
    return Reply(
        status="ok",
        kind="plan",
        title=f"計画の一覧（{len(kb.editions)}件）",
        lines=tuple(lines),
        footer=f"データ版 {kb.version}",
        record={"plans": list(kb.editions), "current": current, "drafts": list(kb.drafts)},
    )


def new_plan(data_dir: Path, plan: str, source: str, start: str, end: str) -> Reply:
    """Scaffold ``plans/<plan>/`` from ``source`` as a draft; nothing is written when it is refused."""
    try:
        kb = Knowledge.load(data_dir)
    except KnowledgeError as exc:
        return problem("invalid", "plan", "データファイルに誤りがあります: " + "; ".join(exc.problems))
    try:
        made = scaffold(kb, plan, source, start, end, data_dir)
    except ScaffoldError as exc:
        return problem("invalid", "plan", str(exc))
    rev = Knowledge.load(data_dir).revision(plan)
    return Reply(
        status="ok",
        kind="plan",
        title=f"計画{plan}の下書きを作りました（{fmt.plan_name(kb, source)}から）",
        lines=(
            f"場所: {made.folder}",
            f"ファイル: {'、'.join(made.files)}",
            f"指標 {made.indicators}件: 名前と構成を引き継ぎ、値はすべて空欄（—）です。新しい文書から記入してください。",
            "lineage.yaml は各指標を同じ番号の指標に same でつないであります。見直してください。",
            f"下書きは 計画:{plan} と指定したときだけ答え、計画期間（{rev.start.label()}〜）が始まると答えなくなります。"
            "公開するときは revision.yaml の draft: true を外してください。",
        ),
        record={"plan": plan, "from": source, "folder": str(made.folder), "files": list(made.files)},
    )
