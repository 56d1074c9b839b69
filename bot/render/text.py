"""Render a Reply for a terminal: the same answer as Discord, laid out as plain text."""

from __future__ import annotations

from commands.replies import Reply

RULE = "─" * 40


def render(reply: Reply) -> str:
    """The reply as terminal text, with ★ and progress bars as the commands wrote them."""
    if not reply.ok:
        out = [f"⚠ {reply.message}"]
        if reply.candidates:
            out.append("候補（番号を入力すると開きます）:")
            out += [f"  {i}) {c.label}" for i, c in enumerate(reply.candidates, start=1)]
        return "\n".join(out)
    out = [f"■ {reply.title}", RULE] if reply.title else []  # an /ask answer is its own first line
    out += list(reply.lines)
    for f in reply.fields:
        out.append(f"【{f.name}】")
        out += [f"  {line}" for line in f.value.splitlines()]
    body = "\n".join(reply.lines)
    shown = [cmd for _label, cmd in reply.links[:8] if f"詳しくは {cmd}" not in body]  # said already
    if shown:
        out.append("次に: " + " ・ ".join(shown))
    out += [f"※ {note}" for note in reply.footnotes]
    if reply.footer:
        out += [RULE, reply.footer]
    return "\n".join(out)
