from commands.quiz import make_quiz
from tests.bot.conftest import texts


async def _press(fake, message_id, custom_id, user="alice"):
    ix = await fake.component(message_id, custom_id, user=user)
    return await ix.first_response()


def _disabled(components):
    return {c["custom_id"]: c.get("disabled", False) for row in components for c in row["components"]}


async def test_tour_buttons_forward_back_and_contents(bot, fake):
    first = await (await fake.slash("tour", {})).first_response()
    assert first.embeds[0]["title"] == "ツアー: 目次"
    message = first.message_id
    titles = []
    for button in ["tour:next", "tour:next", "tour:previous", "tour:contents"]:
        reply = await _press(fake, message, button)
        titles.append(reply.embeds[0]["title"])
    assert titles == [
        "ツアー 1/9: なぜ改定したのか",
        "ツアー 2/9: 第1次改定版から変わったこと",
        "ツアー 1/9: なぜ改定したのか",
        "ツアー: 目次",
    ]


async def test_tour_at_last_page_disables_next(bot, fake):
    reply = await (await fake.slash("tour", {"page": 9})).first_response()
    assert reply.embeds[0]["title"] == "ツアー 9/9: ボットの使い方"
    assert _disabled(reply.components) == {"tour:previous": False, "tour:next": True, "tour:contents": False}
    back = await _press(fake, reply.message_id, "tour:previous")
    assert back.embeds[0]["title"] == "ツアー 8/9: 推進体制・支援スキーム"
    assert "産業戦略本部" in texts(back) and "「6 推進体制・支援スキーム」" in texts(back)
    assert _disabled(back.components)["tour:next"] is False


async def test_another_user_cannot_press_the_tour(bot, fake):
    first = await (await fake.slash("tour", {}, user="alice")).first_response()
    refusal = await _press(fake, first.message_id, "tour:next", user="bob")
    assert refusal.ephemeral and "実行した人だけ" in refusal.content
    assert fake.messages[first.message_id]["embeds"][0]["title"] == "ツアー: 目次"


async def test_timeout_disables_the_buttons(bot, fake, monkeypatch):
    monkeypatch.setattr("bot.exts._views.VIEW_TIMEOUT", 0.2)
    first = await (await fake.slash("tour", {"page": 2})).first_response()
    await fake.wait_until(lambda: all(_button_ids_of(fake.messages[first.message_id]).values()), timeout=3)


def _button_ids_of(message):
    return {
        c["custom_id"]: c.get("disabled", False) for row in message["components"] for c in row["components"]
    }


async def test_each_answer_shows_the_verdict_explanation_and_source_then_the_score(bot, fake, kb):
    quiz = make_quiz(kb, "2024", 42)
    first = await (await fake.slash("quiz", {"number": 42})).first_response()
    assert first.embeds[0]["title"] == "確認クイズ 1/5"
    assert len(first.components[0]["components"]) == len(quiz.questions[0].choices)
    message = first.message_id
    reply = first
    for n, q in enumerate(quiz.questions):
        choice = q.answer if n != 2 else (q.answer + 1) % len(q.choices)
        reply = await _press(fake, message, f"quiz:{n}:{choice}")
        shown = texts(reply)
        if n < len(quiz.questions) - 1:
            assert reply.embeds[0]["title"] == f"確認クイズ {n + 2}/5"
            verdict = "○ 正解です。" if n != 2 else f"× 不正解です。正解は {'ABCD'[q.answer]}. {q.right}"
            assert verdict in shown and f"解説: {q.explanation}" in shown and f"出典: 「{q.source}」" in shown
            assert quiz.questions[n + 1].text.splitlines()[0] in shown
    assert reply.embeds[0]["title"] == "確認クイズの結果: 4/5問正解"
    shown = texts(reply)
    assert quiz.questions[2].review in shown
    assert all(f"出典: 「{q.source}」" in shown for q in quiz.questions)
    assert not reply.components


async def test_the_quiz_number_option_carries_the_range(bot, fake):
    [(_scope, payload)] = fake.command_syncs
    command = next(c for c in payload if c["name"] == "quiz")
    option = next(o for o in command["options"] if o["name"] == "number")
    assert (option["min_value"], option["max_value"]) == (1, 999_999)
    refused = await (await fake.slash("quiz", {"number": 1_000_000}, unchecked=True)).first_response()
    assert refused.ephemeral and "1〜999999" in texts(refused)


async def test_glossary_in_discord(bot, fake):
    reply = await (await fake.slash("glossary", {"query": "暦年"})).first_response()
    assert reply.embeds[0]["title"] == "用語: 暦年（れきねん）"
    choices = await (
        await fake.autocomplete("glossary", {"query": "るいけい"}, focused="query")
    ).first_response()
    assert choices.choices[0]["name"].endswith("累計")
