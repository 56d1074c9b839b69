"""Render a Reply as Discord messages, within every Discord limit and without losing text.

Discord counts lengths in code points (Python ``len``): title 256, description 4096, 25 fields,
field name 256, field value 1024, footer 2048, 10 embeds per message and 6000 characters across
all embeds of one message.  This is the only module that knows those numbers.  A reply is laid out
in order: long lines and fields are split into continuations, what does not fit one message goes
on in the next (each numbered ``1/2``), and a reply too long for ``MAX_MESSAGES`` messages is sent
as a text file, with the first message saying so.  Nothing is ever dropped in silence.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import discord

from bot.render.text import render as render_text
from commands.replies import Reply, ReplyField

TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER = 256, 4096, 25, 256, 1024, 2048
EMBEDS_PER_MESSAGE, TOTAL = 10, 6000
CHOICES, CHOICE_TEXT = 25, 100  # autocomplete and select menus
MESSAGE_CONTENT = 2000
MAX_MESSAGES = 5  # beyond this a reply is easier to read as a file than as a wall of messages
CONTINUED = "（続き）"
NOTES = "注記（原文の表記など）"
FOOTER_ROOM = 40  # kept free in each message for the page number added to the footer

COLOURS = {
    4: discord.Colour.from_rgb(46, 160, 67),  # 目標を上回る
    3: discord.Colour.from_rgb(31, 111, 235),  # 概ね計画どおり
    2: discord.Colour.from_rgb(219, 142, 0),  # 計画を下回る
    1: discord.Colour.from_rgb(207, 34, 46),  # 計画を大幅に下回る
}
NEUTRAL = discord.Colour.from_rgb(110, 118, 129)
PROBLEM = discord.Colour.from_rgb(154, 103, 0)


@dataclass
class Message:
    """One Discord message of a reply: its embeds and the files that go with it."""

    embeds: list[discord.Embed]
    files: list[tuple[str, bytes]] = field(default_factory=list)
    content: str | None = None

    def discord_files(self) -> list[discord.File]:
        """The files as discord.py uploads (a fresh buffer each time: a File is read once)."""
        return [discord.File(io.BytesIO(data), filename=name) for name, data in self.files]


def cut(text: str, limit: int) -> str:
    """Text shortened to ``limit`` code points with an ellipsis (for labels, never for answers)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chunks(text: str, limit: int) -> list[str]:
    """Split text at line breaks into pieces of at most ``limit`` characters, losing nothing."""
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
        if current and len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current or "—")
    return pieces


def _blocks(reply: Reply) -> list[ReplyField | str]:
    """The reply's content in order: description pieces (str) and fields cut to Discord's sizes."""
    blocks: list[ReplyField | str] = []
    if reply.lines:
        # Descriptions are budgeted well under 4096 so that a message still has room for fields.
        blocks.extend(chunks("\n".join(reply.lines), 2000))
    for f in reply.fields:
        for i, piece in enumerate(chunks(f.value, FIELD_VALUE)):
            name = f.name if i == 0 else f"{f.name}{CONTINUED}"
            blocks.append(ReplyField(cut(name, FIELD_NAME), piece, f.inline))
    if reply.links:
        shown = " ・ ".join(f"`{cmd}`" for _label, cmd in reply.links)
        for piece in chunks(shown.replace(" ・ ", "\n"), FIELD_VALUE):
            blocks.append(ReplyField("関連", piece.replace("\n", " ・ ")))
    if reply.footnotes:  # printed forms and transcription notes come last, after the answer
        for i, piece in enumerate(chunks("\n".join(f"※ {n}" for n in reply.footnotes), FIELD_VALUE)):
            blocks.append(ReplyField(NOTES if i == 0 else f"{NOTES}{CONTINUED}", piece))
    return blocks


def _cost(block: ReplyField | str) -> int:
    return len(block) if isinstance(block, str) else len(block.name) + len(block.value)


def _pack(reply: Reply, colour: discord.Colour, title: str, footer: str) -> list[list[discord.Embed]]:
    """Lay the blocks into messages of embeds, in order, each message inside every limit."""
    budget = TOTAL - len(footer) - FOOTER_ROOM
    messages: list[list[discord.Embed]] = [[discord.Embed(title=title, colour=colour)]]
    used = len(title)
    for block in _blocks(reply):
        embeds = messages[-1]
        current = embeds[-1]
        cost = _cost(block)
        if used + cost > budget:
            messages.append([discord.Embed(colour=colour)])
            embeds, current, used = messages[-1], messages[-1][-1], 0
        full = (
            bool(current.description or current.fields)
            if isinstance(block, str)
            else len(current.fields) >= FIELDS
        )
        if full:  # a description opens an embed of its own; fields fill one up to 25
            if len(embeds) >= EMBEDS_PER_MESSAGE:
                messages.append([])
                embeds, used = messages[-1], 0
            embeds.append(discord.Embed(colour=colour))
            current = embeds[-1]
        if isinstance(block, str):
            current.description = block
        else:
            current.add_field(name=block.name, value=block.value, inline=block.inline)
        used += cost
    return messages


def _problem(reply: Reply) -> list[Message]:
    text = reply.message or "入力を確認してください。/help で使い方を表示します。"
    pieces = chunks(text, DESCRIPTION)
    embeds = [discord.Embed(description=p, colour=PROBLEM) for p in pieces[:EMBEDS_PER_MESSAGE]]
    if reply.candidates:
        lines = [f"{i}. {cut(c.label, 90)}" for i, c in enumerate(reply.candidates[:CHOICES], start=1)]
        embeds[-1].add_field(name="候補", value=cut("\n".join(lines), FIELD_VALUE))
    return [Message(embeds)]


def render(reply: Reply, *, numbered: bool = False) -> list[Message]:
    """The reply as Discord messages; the reply's own files go with the first.

    With ``numbered``, even a single message (or the file fallback) carries its page, ``・ 1/1``, so
    that every message of the reply can be recognised by its footer.
    """
    if not reply.ok:
        return _problem(reply)
    colour = COLOURS.get(reply.stars or 0, NEUTRAL)
    footer = cut(reply.footer, FOOTER - FOOTER_ROOM)
    packed = _pack(reply, colour, cut(reply.title, TITLE), footer)
    files = list(reply.files)
    if len(packed) > MAX_MESSAGES:
        return [_as_file(reply, packed[0], f"{footer} ・ 1/1" if numbered else footer, files)]
    total = len(packed)
    messages = []
    for number, embeds in enumerate(packed, start=1):
        page = f"{footer} ・ {number}/{total}" if total > 1 or numbered else footer
        if page:
            embeds[-1].set_footer(text=page)
        messages.append(Message(embeds, files if number == 1 else []))
    return messages


def _as_file(
    reply: Reply, first: list[discord.Embed], footer: str, files: list[tuple[str, bytes]]
) -> Message:
    """The first message's worth of the reply, and the whole reply as a UTF-8 text file."""
    name = f"{reply.kind}.txt"
    note = f"回答が長いため、全文をファイル（{name}）で添付しました。"
    head = first[0]
    head.description = cut(f"{note}\n{head.description}" if head.description else note, DESCRIPTION)
    while sum(len(e) for e in first) > TOTAL - len(footer) - FOOTER_ROOM:
        if first[-1].fields:
            first[-1].remove_field(len(first[-1].fields) - 1)
        elif len(first) > 1:
            first.pop()
        else:
            break
    if footer:
        first[-1].set_footer(text=footer)
    return Message(first, [*files, (name, render_text(reply).encode("utf-8"))])


def text_of(messages: list[Message]) -> str:
    """Every title, description, field and footer of the messages, in order (for checks)."""
    out: list[str] = []
    for m in messages:
        for e in m.embeds:
            out += [e.title or "", e.description or ""]
            out += [f"{f.name}\n{f.value}" for f in e.fields]
            out.append(e.footer.text or "")
    return "\n".join(x for x in out if x)


def within_limits(embeds: list[discord.Embed]) -> bool:
    """True when the embeds of one message together satisfy every Discord limit."""
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


def choice_text(text: str) -> str:
    """A label for an autocomplete choice or a select option (1–100 characters)."""
    return cut(text, CHOICE_TEXT) or "—"
