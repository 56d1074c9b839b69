import pytest

from bot.client import StrategyBot
from bot.config import Settings
from bot.render.discord import COLOURS, MAX_MESSAGES, NEUTRAL, render, text_of, within_limits
from commands.parse import execute
from commands.replies import Reply, ReplyField


def _reply(**kw):
    base = {"status": "ok", "kind": "help", "title": "t", "footer": "出典"}
    return Reply(**(base | kw))


def _fits(messages) -> bool:
    return all(within_limits(m.embeds) for m in messages)


@pytest.mark.parametrize(
    "line",
    [
        "/indicator 15",
        "/indicator",
        "/indicator plan:2021",
        "/project 1",
        "/project 3",
        "/field 5",
        "/overview",
        "/help",
        "/search 水素",
        "/glossary",
    ],
)
def test_real_answers_fit_discord_in_one_message(ctx, line):
    messages = render(execute(ctx, line))
    assert len(messages) == 1 and _fits(messages)


def test_long_field_is_split_into_continuations_without_loss():
    value = "\n".join(f"行{i:04d} " + "あ" * 40 for i in range(60))  # ~2,800 characters
    [message] = render(_reply(fields=(ReplyField("長い項目", value),)))
    fields = [f for e in message.embeds for f in e.fields]
    assert [f.name for f in fields] == ["長い項目", "長い項目（続き）", "長い項目（続き）"]
    assert "\n".join(f.value for f in fields) == value


def test_what_does_not_fit_one_message_goes_on_in_numbered_messages():
    fields = tuple(ReplyField(f"項目{i}", f"{i}:" + "い" * 990) for i in range(12))
    messages = render(_reply(fields=fields))
    assert len(messages) == 3 and _fits(messages)
    shown = [f.name for m in messages for e in m.embeds for f in e.fields]
    assert shown == [f"項目{i}" for i in range(12)]
    assert [m.embeds[-1].footer.text for m in messages] == ["出典 ・ 1/3", "出典 ・ 2/3", "出典 ・ 3/3"]


def test_a_9000_character_description_is_kept_whole():
    lines = tuple(f"{i:05d}" + "本" * 85 for i in range(100))  # 9,000 characters
    messages = render(_reply(lines=lines))
    assert _fits(messages)
    text = text_of(messages)
    assert all(line in text for line in lines)


def test_a_reply_longer_than_a_few_messages_comes_as_a_file():
    fields = tuple(ReplyField(f"項目{i}", f"値{i}" + "う" * 1000) for i in range(60))
    [message] = render(_reply(fields=fields))
    assert within_limits(message.embeds)
    assert "全文をファイル" in message.embeds[0].description
    [(name, data)] = message.files
    assert name == "help.txt"
    assert all(f"値{i}" in data.decode("utf-8") for i in range(60))
    assert MAX_MESSAGES < 60 // 5


def test_numbered_pages_carry_their_number_even_alone_or_as_a_file():
    [single] = render(_reply(), numbered=True)
    assert single.embeds[-1].footer.text == "出典 ・ 1/1"
    assert render(_reply())[0].embeds[-1].footer.text == "出典"  # unnumbered by default
    fields = tuple(ReplyField(f"項目{i}", f"{i}:" + "い" * 990) for i in range(12))
    pages = render(_reply(fields=fields), numbered=True)
    assert [m.embeds[-1].footer.text for m in pages] == ["出典 ・ 1/3", "出典 ・ 2/3", "出典 ・ 3/3"]
    huge = tuple(ReplyField(f"項目{i}", f"値{i}" + "う" * 1000) for i in range(60))
    [as_file] = render(_reply(fields=huge), numbered=True)
    assert as_file.files and as_file.embeds[-1].footer.text == "出典 ・ 1/1"


def test_more_than_25_fields_spill_into_a_second_embed():
    fields = tuple(ReplyField(f"f{i}", "x") for i in range(30))
    [message] = render(_reply(fields=fields))
    assert [len(e.fields) for e in message.embeds] == [25, 5]
    assert message.embeds[0].footer.text is None and message.embeds[1].footer.text == "出典"


def test_overlong_title_is_cut_and_files_go_with_the_first_message():
    messages = render(_reply(title="題" * 300, files=(("a.png", b"png"),)))
    assert len(messages[0].embeds[0].title) == 256
    assert messages[0].files == [("a.png", b"png")]


@pytest.mark.parametrize(("stars", "colour"), [(4, COLOURS[4]), (1, COLOURS[1]), (None, NEUTRAL)])
def test_colour_by_rating(stars, colour):
    assert render(_reply(stars=stars))[0].embeds[0].colour == colour


def test_problem_lists_candidates(ctx):
    [message] = render(execute(ctx, "/indicator 企業誘致"))
    assert "企業誘致件数" in message.embeds[0].fields[0].value


def _missing_ja(node, path=""):
    here = f"{path}/{node['name']}"
    missing = [] if "ja" in (node.get("name_localizations") or {}) else [f"{here} name"]
    if "description" in node and "ja" not in (node.get("description_localizations") or {}):
        missing.append(f"{here} description")
    for child in node.get("options", []):
        missing += _missing_ja(child, here)
    for choice in node.get("choices", []):
        missing += [] if "ja" in (choice.get("name_localizations") or {}) else [f"{here}={choice['value']}"]
    return missing


async def test_every_string_the_commands_register_has_japanese(kb, tmp_path):
    bot = StrategyBot(Settings(_env_file=None, database_path=tmp_path / "db"), kb, schedule=False)
    await bot.setup_hook()
    translator = bot.tree.translator
    missing = []
    for command in bot.tree.get_commands():
        missing += _missing_ja(await command.get_translated_payload(bot.tree, translator))
    assert missing == []


@pytest.mark.parametrize(
    "line",
    [
        "/plan",
        "/plan 改定の趣旨",
        "/plan 企業群",
        "/plan プロジェクト",
        "/plan プロジェクト別指標",
        "/plan 前の計画",
        "/search 産業戦略本部",
        "/search 水素",
        "/tour 9",
        "/field 6",
    ],
)
def test_the_document_s_parts_fit_discord_whole(ctx, line):
    reply = execute(ctx, line)
    messages = render(reply)
    assert reply.ok and _fits(messages)
    shown = text_of(messages)
    # nothing is lost: every line of the answer, and every footnote, is in what Discord shows
    for text in [*reply.lines, *(f.value for f in reply.fields), *reply.footnotes]:
        for piece in text.splitlines():
            assert piece.strip() in shown
