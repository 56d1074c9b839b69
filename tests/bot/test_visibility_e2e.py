"""Visibility follows the answer: mistakes stay with the asker, even on commands that defer."""

import pytest

from tests.bot.conftest import final, texts


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("project", {"query": "ぬぬぬ"}),
        ("history", {"query": "ぬぬぬ"}),
        ("history", {"query": "15", "plan": "9999"}),
        ("project", {"query": "99"}),
    ],
)
async def test_a_mistake_on_a_chart_command_is_private_and_never_deferred_publicly(
    bot, fake, command, options
):
    ix = await fake.slash(command, options)
    first = await ix.first_response()
    assert (first.type, first.ephemeral) == (4, True)
    assert texts(first).strip()
    public = [r for r in ix.replies if not r.ephemeral]
    assert public == []


async def test_a_chart_answer_is_deferred_publicly_and_shown_to_everyone(bot, fake):
    ix = await fake.slash("project", {"query": "4"})
    first = await ix.first_response()
    assert (first.type, first.ephemeral) == (5, False)
    reply = await final(ix)
    assert not reply.ephemeral and reply.data["_files"]


async def test_a_non_editor_export_is_refused_privately(bot, fake):
    reply = await final(await fake.slash("export", {}, user="bob"))
    assert reply.ephemeral and "権限がありません" in texts(reply)


async def test_owner_person_option_says_it_picks_a_member(bot, fake):
    [(_scope, payload)] = fake.command_syncs
    owner = next(c for c in payload if c["name"] == "owner")
    person = next(o for o in owner["options"] if o["name"] == "person")
    assert (person["type"], person["description_localizations"]["ja"]) == (6, "担当するメンバー")
