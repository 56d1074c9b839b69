import pytest

from bot.render_discord import COLOURS, NEUTRAL, render, within_limits
from bot.translator import JapaneseTranslator
from commands.line import execute
from commands.replies import Reply, ReplyField


def _reply(**kw):
    base = {"status": "ok", "kind": "help", "title": "t", "footer": "出典"}
    return Reply(**(base | kw))


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
    ],
)
def test_real_answers_fit_discord(ctx, line):
    embeds = render(execute(ctx, line))
    assert within_limits(embeds)


def test_long_field_is_split_into_continuations_without_loss():
    value = "\n".join(f"行{i:04d} " + "あ" * 40 for i in range(60))  # ~2,800 characters
    embeds = render(_reply(fields=(ReplyField("長い項目", value),)))
    fields = [f for e in embeds for f in e.fields]
    assert [f.name for f in fields] == ["長い項目", "長い項目（続き）", "長い項目（続き）"]
    assert "\n".join(f.value for f in fields) == value
    assert within_limits(embeds)


def test_too_much_is_cut_with_a_note_that_says_so():
    fields = tuple(ReplyField(f"項目{i}", "い" * 1000) for i in range(12))
    embeds = render(_reply(fields=fields))
    shown = [f.name for e in embeds for f in e.fields]
    assert within_limits(embeds)
    assert len(shown) < 12
    assert f"（{12 - len(shown)}件）" in embeds[-1].description
    assert "表示しきれない項目を省略しました" in embeds[-1].description


def test_more_than_25_fields_spill_into_a_second_embed():
    fields = tuple(ReplyField(f"f{i}", "x") for i in range(30))
    embeds = render(_reply(fields=fields))
    assert [len(e.fields) for e in embeds] == [25, 5]
    assert embeds[0].footer.text is None and embeds[1].footer.text == "出典"


def test_overlong_title_and_description_are_cut():
    embeds = render(_reply(title="題" * 300, lines=("本" * 5000,)))
    assert len(embeds[0].title) == 256 and within_limits(embeds)
    assert len(embeds) == 2  # the description continues rather than being dropped


@pytest.mark.parametrize(("stars", "colour"), [(4, COLOURS[4]), (1, COLOURS[1]), (None, NEUTRAL)])
def test_colour_by_rating(stars, colour):
    assert render(_reply(stars=stars))[0].colour == colour


def test_problem_lists_candidates(ctx):
    [embed] = render(execute(ctx, "/indicator 企業誘致"))
    assert "企業誘致件数" in embed.fields[0].value


def test_every_string_the_commands_register_has_japanese():
    from discord import app_commands

    from bot.cogs.admin import Admin
    from bot.cogs.data import Data
    from bot.cogs.editing import Editing
    from bot.cogs.lookup import Lookup
    from bot.cogs.onboarding import Onboarding

    table = JapaneseTranslator().table
    missing = []
    for cog in (Lookup, Onboarding, Editing, Data, Admin):
        for command in cog.__cog_app_commands__:
            strings = [command.name, command._locale_description or command.description]
            for p in command.parameters:
                strings += [p.name, p.description]
                strings += [c.name for c in p.choices]
            for s in strings:
                text = s.message if isinstance(s, app_commands.locale_str) else str(s)
                if text not in table:
                    missing.append(text)
    assert missing == []
