"""Render a Reply as Discord embeds, within Discord's limits and without silent loss.

Discord counts lengths in code points (Python ``len``): title 256, description 4096, 25 fields,
field name 256, field value 1024, footer 2048, 10 embeds per message and 6000 characters across
all embeds of one message.  Long field values are split into continuation fields; what still does
not fit is left out with a note that says so and how to see it.
"""

from __future__ import annotations

import discord

from commands.replies import Reply, ReplyField

TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER = 256, 4096, 25, 256, 1024, 2048
EMBEDS_PER_MESSAGE, TOTAL = 10, 6000
CONTINUED = "（続き）"

COLOURS = {
    4: discord.Colour.from_rgb(46, 160, 67),  # 目標を上回る
    3: discord.Colour.from_rgb(31, 111, 235),  # 概ね計画どおり
    2: discord.Colour.from_rgb(219, 142, 0),  # 計画を下回る
    1: discord.Colour.from_rgb(207, 34, 46),  # 計画を大幅に下回る
}
NEUTRAL = discord.Colour.from_rgb(110, 118, 129)
PROBLEM = discord.Colour.from_rgb(154, 103, 0)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chunks(text: str, limit: int) -> list[str]:
    """Split text at line breaks into pieces of at most ``limit`` characters."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current or "—")
    return pieces


def _fields(reply: Reply) -> list[ReplyField]:
    out: list[ReplyField] = []
    for f in reply.fields:
        for i, piece in enumerate(_chunks(f.value, FIELD_VALUE)):
            name = f.name if i == 0 else f"{f.name}{CONTINUED}"
            out.append(ReplyField(_cut(name, FIELD_NAME), piece, f.inline))
    if reply.links:
        out.append(
            ReplyField("関連", _cut(" ・ ".join(f"`{cmd}`" for _label, cmd in reply.links[:12]), FIELD_VALUE))
        )
    return out


def _size(embed: discord.Embed) -> int:
    return len(embed)


def render(reply: Reply) -> list[discord.Embed]:
    """The reply as one or more embeds that together fit one Discord message."""
    if not reply.ok:
        return [_problem(reply)]
    colour = COLOURS.get(reply.stars or 0, NEUTRAL)
    footer = _cut(reply.footer, FOOTER)
    description_parts = _chunks("\n".join(reply.lines), DESCRIPTION) if reply.lines else []
    embeds: list[discord.Embed] = [discord.Embed(title=_cut(reply.title, TITLE), colour=colour)]
    if description_parts:
        embeds[0].description = description_parts[0]
    for extra in description_parts[1:]:
        embeds.append(discord.Embed(description=extra, colour=colour))
    fields = _fields(reply)
    left_out: list[str] = []
    budget = TOTAL - len(footer) - 80  # room for the footer and an omission note
    used = sum(_size(e) for e in embeds)
    for f in fields:
        cost = len(f.name) + len(f.value)
        current = embeds[-1]
        if used + cost > budget:
            left_out.append(f.name)
            continue
        if len(current.fields) >= FIELDS:
            if len(embeds) >= EMBEDS_PER_MESSAGE:
                left_out.append(f.name)
                continue
            current = discord.Embed(colour=colour)
            embeds.append(current)
        current.add_field(name=f.name, value=f.value, inline=f.inline)
        used += cost
    if left_out:
        note = f"表示しきれない項目を省略しました: {'、'.join(left_out)[:40]}（{len(left_out)}件）。検索語を絞るか、個別に表示してください。"
        last = embeds[-1]
        last.description = _cut(f"{last.description}\n{note}" if last.description else note, DESCRIPTION)
    embeds[-1].set_footer(text=footer)
    return embeds[:EMBEDS_PER_MESSAGE]


def _problem(reply: Reply) -> discord.Embed:
    embed = discord.Embed(description=_cut(reply.message or "", DESCRIPTION), colour=PROBLEM)
    if reply.candidates:
        lines = [f"{i}. {c.label}" for i, c in enumerate(reply.candidates[:25], start=1)]
        embed.add_field(name="候補", value=_cut("\n".join(lines), FIELD_VALUE))
    return embed


def within_limits(embeds: list[discord.Embed]) -> bool:
    """True when the embeds together satisfy every Discord limit."""
    if not 1 <= len(embeds) <= EMBEDS_PER_MESSAGE or sum(len(e) for e in embeds) > TOTAL:
        return False
    for e in embeds:
        if len(e.title or "") > TITLE or len(e.description or "") > DESCRIPTION or len(e.fields) > FIELDS:
            return False
        if len(e.footer.text or "") > FOOTER:
            return False
        if any(len(f.name or "") > FIELD_NAME or len(f.value or "") > FIELD_VALUE for f in e.fields):
            return False
    return True
