"""/ask answers exactly what was asked, from the data, or asks back; the lookups read questions too."""

from datetime import date

import pytest

from commands.ask import ask
from commands.context import Actor, Context
from commands.parse import execute
from knowledge.store import Store

TODAY = date(2026, 11, 29)
EDITOR = Actor("1", "alice", editor=True)


@pytest.fixture
def quiet(kb):
    return Context(kb, today=TODAY, charts=False)


def _subject(reply):
    assert reply.ok, reply.message
    first = reply.record["subjects"][0]
    return reply.record["intent"], first["kind"], first["plan"], first["key"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("水素の目標は？", ("target", "indicator", "2024", 9)),
        ("5Gの目標値", ("target", "indicator", "2024", 15)),
        ("半導体の進み具合", ("progress", "indicator", "2024", 14)),
        ("指標15の実績は", ("latest", "indicator", "2024", 15)),
        ("5Gの現状値", ("baseline", "indicator", "2024", 15)),
        ("企業誘致件数の担当は誰", ("owner", "indicator", "2024", 28)),
        ("5Gの推移", ("history", "indicator", "2024", 15)),
        ("前の計画では水素は", ("lineage", "indicator", "2024", 9)),
        ("ＥＶの目標", ("target", "indicator", "2024", 8)),
        ("観光の目標は", ("target", "indicator", "2024", 23)),
        ("起業の目標", ("target", "indicator", "2024", 27)),
        ("hanndoutaiの目標", ("target", "indicator", "2024", 14)),
        ("水素ステーション", ("show", "indicator", "2021", 16)),
        ("ヘルスラボ", ("show", "indicator", "2021", 19)),
        ("奨学金の実績は", ("latest", "indicator", "2021", 12)),
        ("労働生産性は？", ("show", "overall", "2024", 2)),
        ("累計とは", ("define", "glossary", "2024", "累計")),
        ("計画期間は？", ("show", "plan", "2024", "period")),
        ("基本目標を教えて", ("show", "plan", "2024", "goal")),
        ("本県の強みは", ("show", "plan", "2024", "strengths")),
        ("支援施策は？", ("show", "plan", "2024", "support")),
    ],
)
def test_a_question_names_its_subject_and_what_is_asked(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # what is asked, in words staff use
        ("石炭の共同輸送、3年間のノルマ何回だったっけ", ("target", "indicator", "2024", 1)),
        ("電動化の研究開発プロジェクト化件数、いくつを狙ってる？", ("target", "indicator", "2024", 8)),
        ("5G人口カバー率は第1次の指標とつながってる？", ("lineage", "indicator", "2024", 15)),
        ("ヘルスラボ会員数は今の計画に残ってる？", ("lineage", "indicator", "2021", 19)),
        ("半導体・蓄電池関連分野の企業誘致件数、予定どおり？", ("progress", "indicator", "2024", 14)),
        ("水素等の事業化件数、計画スタート時点でいくつだった？", ("baseline", "indicator", "2024", 9)),
        ("第1次の指標10はその後どうなった？", ("lineage", "indicator", "2021", 10)),
        ("第1次の企業誘致、何件達成した？", ("latest", "indicator", "2021", 24)),
        # a year named: the baseline's year asks for the baseline
        ("大規模連携事業の件数、2022年度はいくつだった？", ("baseline", "indicator", "2024", 6)),
        # プロジェクト as a word of a name, and a reference with words of the same item
        ("先導的プロジェクトの未来技術導入件数、R4年度の値", ("baseline", "indicator", "2024", 16)),
        ("1-2の工業用水のとこ見せて", ("show", "section", "2024", "1-2")),
        # words typed apart in romaji or kana, each compared with the readings
        ("hanndoutai no kigyou yuuchi no mokuhyou", ("target", "indicator", "2024", 14)),
        ("suiso no jigyoukakensuu no mokuhyou ha?", ("target", "indicator", "2024", 9)),
        (
            "へるすけあ かんれん せいひん の じっしょう じぎょう けんすう の げんじょう",
            ("baseline", "indicator", "2024", 11),
        ),
        # the unit named picks the overall indicator; a phrase of the document, its part
        ("付加価値額は今何兆円？", ("show", "overall", "2024", 1)),
        ("戦略的イノベーションって何を目指してるの？", ("show", "plan", "2024", "goal")),
        ("地域未来牽引企業は何社？", ("define", "glossary", "2024", "地域未来牽引企業")),
        (
            "5Gの人口カバー率って2026年度に何パーセントが目標なんでしたっけ",
            ("target", "indicator", "2024", 15),
        ),
        ("水素ステーション設置数の指標は第2次改定版でどこへ行った？", ("lineage", "indicator", "2021", 16)),
        ("バッテリー関連産業の企業誘致、目標件数は？", ("target", "indicator", "2024", 14)),
        # a katakana synonym typed in hiragana, and a kind word typed apart in kana inside a name
        ("じゃいかの事業件数の評価", ("rating", "indicator", "2021", 23)),
        ("ばってりーの企業誘致", ("show", "indicator", "2024", 14)),
        (
            "せんどうてき ぷろじぇくと の みらいぎじゅつ どうにゅう けんすう",
            ("show", "indicator", "2024", 16),
        ),
        # a unit asked in: the share of the target is a percentage whatever the indicator counts
        ("外国人延べ宿泊者数って計画つくったときは何万人だった？", ("baseline", "indicator", "2024", 23)),
        ("医療、ヘルスケア関連分野の事業化件数は進捗何％？", ("progress", "indicator", "2024", 10)),
        # a value quoted with its unit names nothing, but its unit still tells which
        ("付加価値額165億円に対して今どこまで来てる？", ("progress", "indicator", "2024", 26)),
        ("全体指標の労働生産性2,022万円／人はどの統計から？", ("show", "overall", "2024", 2)),
        ("中小企業のIoT導入率は計画の出発点で何%だったか教えて", ("baseline", "indicator", "2024", 17)),
        ("水産インフラ輸出に係る成約件数、現時点の件数は", ("latest", "indicator", "2024", 24)),
        ("第1次の産業人材マッチング件数、実績はどうだった？", ("latest", "indicator", "2021", 11)),
        ("やまぐちヘルスラボの会員数って最終的に何人になった？", ("latest", "indicator", "2021", 19)),
        ("半導体・蓄電池の企業誘致件数、評価は公式？それとも試算？", ("rating", "indicator", "2024", 14)),
        ("港湾脱炭素化推進計画の策定数は今回新しく作られた指標？", ("lineage", "indicator", "2024", 2)),
        ("5G基盤展開率は次の計画に引き継がれましたか", ("lineage", "indicator", "2021", 7)),
        ("すいちゅうじせだいもびりてぃのぷろじぇくとかけんすう", ("show", "indicator", "2024", 18)),
        ("denndouka no kenkyuu kaihatu purojekutoka kensuu", ("show", "indicator", "2024", 8)),
        ("risukiringu shien kigyousuu no shinchoku", ("progress", "indicator", "2024", 19)),
        # abbreviations and chat shorthand
        ("KPI21のR7実績", ("latest", "indicator", "2024", 21)),
        ("PJ3の中身", ("show", "project", "2024", 3)),
        ("指標13の進捗率を出してほしい", ("progress", "indicator", "2024", 13)),
        ("IoT導入率の担当に聞きたいんだけど、誰？", ("owner", "indicator", "2024", 17)),
        ("第1次の指標14は第2次改定版で何番？", ("lineage", "indicator", "2021", 14)),
        ("奨学金返還補助の県内就業者数、第2次にも残ってる？", ("lineage", "indicator", "2021", 12)),
        ("累計って現状値に足すの？意味を教えて", ("define", "glossary", "2024", "累計")),
        ("せきたんばいおますのもくひょう", ("target", "indicator", "2024", 1)),
        ("IoTどうにゅうりつ さいしん", ("latest", "indicator", "2024", 17)),
        ("この戦略の基本的な目標を一言で", ("show", "plan", "2024", "goal")),
        ("なぜ今回改定することになったの？", ("show", "plan", "2024", "purpose")),
        ("今回《新たな視点》として加わったのは？", ("show", "plan", "2024", "perspectives")),
        ("産業戦略本部を中心にどういう体制で進めるの", ("show", "plan", "2024", "promotion")),
        # a greeting or who is asking comes first; a term written out beside a part word is defined
        (
            "情報政策の担当です。5G人口カバー率は最終的に何%超を目指すんでしたっけ",
            ("target", "indicator", "2024", 15),
        ),
        (
            "地域経済牽引事業による付加価値額って、第1次のどの指標に相当しますか",
            ("lineage", "indicator", "2024", 26),
        ),
        ("第1次改定版の指標14は第2次でどの指標になりましたか", ("lineage", "indicator", "2021", 14)),
        (
            "資料に出てくる「瀬戸内基幹企業群」とはどういう企業群のこと？",
            ("define", "glossary", "2024", "瀬戸内基幹企業群"),
        ),
        ("企業群とは", ("show", "plan", "2024", "companies")),
        ("この戦略の目標年度っていつ？", ("show", "plan", "2024", "period")),
        ("★の評価はそれぞれどういう意味なのか教えてください", ("define", "glossary", "2024", "★の評価")),
        ("なぜ第2次改定をしたんですか", ("show", "plan", "2024", "purpose")),
        ("全体指標のうち労働生産性の値はいくつ", ("show", "overall", "2024", 2)),
        ("連携テーマの創出件数って何の指標？", ("show", "indicator", "2024", 7)),
        ("工業用水道管路の更新整備延長の実積", ("latest", "indicator", "2024", 3)),
        ("水中次世代モビリテイ関連プロジェクト化件数の推位", ("history", "indicator", "2024", 18)),
    ],
)
def test_questions_as_staff_put_them(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


@pytest.mark.parametrize(
    ("question", "filters", "count"),
    [
        ("分野10に紐づく指標の数", {"field": 10}, 4),
        ("この戦略、KPIって全部で何本あるの？", {}, 28),
        (
            "第1次改定版の時、計画を下回った（★★以下）指標はいくつあった？",
            {"plan": "2021", "rating": [1, 2]},
            6,
        ),
        ("第1次改定版の24指標のうち、実績が目標に届いたのは何指標？", {"plan": "2021", "reached": True}, 9),
        ("プロジェクトの節って全部でいくつ", {}, 10),
        ("産業戦略プロジェクトは今回いくつに再編されたの", {}, 8),
        ("第1次で目標を達成した指標は何件", {"plan": "2021", "reached": True}, 9),
        ("全体指標って何個設定してあるんだっけ", {}, 2),
    ],
)
def test_counts_as_staff_ask_them(quiet, question, filters, count):
    record = ask(quiet, question).record
    assert (record["intent"], record["filters"], record["count"]) == ("count", filters, count)


@pytest.mark.parametrize(
    ("question", "filters"),
    [
        ("分野8に関係する指標は？", {"field": 8}),
        ("前の第1次改定版の指標を一覧で全部出してください", {"plan": "2021"}),
        ("前回の第1次改定版で★★や★だった指標を全部並べて", {"plan": "2021", "rating": [1, 2]}),
        ("1-4（コンビナート企業間連携）の指標をリストで", {"project": "1-4"}),
        ("8つの産業戦略プロジェクトを一覧にしてほしい", {}),
        ("★2つの指標は？", {"rating": [2]}),
        ("プロジェクト3の節（1）〜（4）を一覧で", {"project": 3}),
        ("プロジェクト1の(1)〜(4)を一覧で", {"project": 1}),
    ],
)
def test_lists_as_staff_ask_them(quiet, question, filters):
    record = ask(quiet, question).record
    assert (record["intent"], record["filters"]) == ("list", filters)


def test_a_name_two_indicators_of_the_plan_named_share_asks_which(quiet):
    # the 1st revision's 10 and 13 are both 研究開発等プロジェクト化件数; the 2nd revision's 8 is not asked
    reply = ask(quiet, "第1次改定版の研究開発等プロジェクト化件数（オープンイノベーション）")
    assert (reply.status, sorted(c.key for c in reply.candidates)) == ("ambiguous", [10, 13])


@pytest.mark.parametrize(
    ("question", "status", "says"),
    [
        ("分野12に紐づく指標の数", "invalid", "分野12はありません。重点成長分野は 1〜10 です。"),
        (
            "プロジェクト9の指標の一覧",
            "invalid",
            "プロジェクト9はありません。産業戦略プロジェクトは 1〜8 です。",
        ),
        ("累計の目標", "ambiguous", "どれについての質問ですか"),  # many names end in (累計)
        ("地域経済牽引事業の実績", "ambiguous", "どれについての質問ですか"),  # 25 and 26
    ],
)
def test_words_that_name_no_one_group_or_item_are_never_answered_as_one(quiet, question, status, says):
    reply = ask(quiet, question)
    assert (reply.status, says in reply.message) == (status, True)


def test_an_earlier_plan_answers_by_an_indicator_s_own_name_only(quiet):
    # 戦略的イノベーション is in a related text of the 1st revision's indicator 13, in no name
    reply = ask(quiet, "戦略的イノベーションって何を目指してるの？")
    assert {s["plan"] for s in reply.record["subjects"]} == {"2024"}


def test_the_target_answer_states_the_printed_value_with_its_period_and_kind(quiet):
    reply = ask(quiet, "水素の目標は？")
    assert reply.record["answer"] == (
        "指標9「水素等環境・エネルギー、バイオ関連分野の事業化件数(累計)」の目標は 126件（2026年度（令和8年度）・累計） です。"
    )
    assert (reply.record["command"], reply.lines[-1], reply.links) == (
        "/indicator 9",
        "詳しくは /indicator 9",
        (("詳しく見る", "/indicator 9"),),
    )
    assert reply.record["record"]["target"]["text"] == "126件"


def test_an_answer_found_through_a_synonym_says_so(quiet):
    reply = ask(quiet, "EVの目標")
    assert reply.lines[0] == "「EV」は文書の言葉「電動化」として探しました（編集上の言い換え）。"


def test_a_first_revision_name_answers_from_it_and_says_so(quiet):
    reply = ask(quiet, "水素ステーション")
    assert reply.lines[0] == "第1次改定版の指標16です（現行の計画ではありません）。"
    assert reply.record["command"] == "/indicator 16 計画:2021"


def test_behind_lists_with_the_plan_and_how_rated(kb, tmp_path):
    store = Store.open(tmp_path / "db.sqlite3")
    ctx = Context(kb, today=TODAY, store=store, actor=EDITOR, charts=False)
    assert execute(ctx, "/update 9 value:99件 as_of:2025年度").ok  # far behind 126 by FY2026
    reply = ask(ctx.fresh(), "遅れている指標は？")
    assert (reply.record["intent"], reply.record["filters"], reply.record["items"]) == (
        "list",
        {"rating": [1, 2]},
        [{"kind": "indicator", "plan": "2024", "key": 9}],
    )
    assert reply.lines[0].startswith("第2次改定版の指標を試算の★（実績の進捗 ÷ 計画期間の経過で計算")
    store.close()


@pytest.mark.parametrize(
    ("question", "filters", "of", "count"),
    [
        ("第1次の指標はいくつある？", {"plan": "2021"}, "indicator", 24),
        ("指標は全部で何個", {}, "indicator", 28),
        ("重点成長分野はいくつ", {}, "field", 10),
        ("プロジェクトは何個ある", {}, "project", 8),
    ],
)
def test_counts_come_from_the_data(quiet, question, filters, of, count):
    record = ask(quiet, question).record
    assert (record["intent"], record["filters"], record["of"], record["count"]) == (
        "count",
        filters,
        of,
        count,
    )


@pytest.mark.parametrize(
    ("question", "filters", "keys"),
    [
        ("プロジェクト4の指標", {"project": 4}, [15, 16, 17, 18]),
        ("3-2の指標", {"project": "3-2"}, [10, 11]),
        ("分野6の指標", {"field": 6}, [14]),
    ],
)
def test_a_groups_indicators_are_listed(quiet, question, filters, keys):
    record = ask(quiet, question).record
    assert (record["filters"], [i["key"] for i in record["items"]]) == (filters, keys)


def test_the_first_revisions_ratings_are_its_official_ones(quiet):
    reply = ask(quiet, "第1次の評価は")
    assert reply.record["filters"] == {"plan": "2021"} and len(reply.record["items"]) == 24
    assert reply.lines[1] == "24指標の評価: ★★★★ 9件、★★★☆ 8件、★★☆☆ 4件、★☆☆☆ 2件、評価なし 1件"


@pytest.mark.parametrize(
    "question",
    ["今日の天気は？", "ラーメンのおすすめ", "What is the target?", "🍜🍜", "'; DROP TABLE entries; --"],
)
def test_outside_the_strategy_is_not_found_with_what_the_bot_answers(quiet, question):
    reply = ask(quiet, question)
    assert reply.status == "not_found" and "この戦略についての質問に答えます" in reply.message


@pytest.mark.parametrize("question", ["", "   ", "？？", "\x00\x07", "あ" * 10_000])
def test_bad_input_gets_a_clear_japanese_message(quiet, question):
    reply = ask(quiet, question)
    assert reply.status == "invalid" and reply.message and reply.ephemeral


def test_unclear_asks_back_with_at_most_five_candidates(quiet):
    reply = ask(quiet, "事業化件数の目標")  # 9 (水素等…) and 10 (医療、ヘルスケア…) alike
    assert reply.status == "ambiguous" and 2 <= len(reply.candidates) <= 5
    assert {c.key for c in reply.candidates} >= {9, 10}


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("企業誘致の目標", 28),
        ("工場誘致の実績は", 28),
        ("半導体の企業誘致の目標", 14),
        ("蓄電池の企業誘致の評価", 14),
    ],
)
def test_a_plain_name_inside_a_longer_one_is_the_plain_one(quiet, question, key):
    # 企業誘致件数 (28) is inside 半導体・蓄電池関連分野の企業誘致件数 (14), which adds what was not typed
    reply = ask(quiet, question)
    assert (reply.status, reply.record["subjects"][0]["key"]) == ("ok", key)


def test_a_number_the_data_lacks_is_never_stated(quiet):
    reply = ask(quiet, "5Gの実績は")  # nothing recorded yet
    assert reply.record["answer"].startswith("指標15「5G人口カバー率」の実績はまだ登録されていません")
    assert "94.1" not in reply.record["answer"]  # the baseline is not passed off as an actual


@pytest.mark.parametrize(
    ("line", "kind", "key"),
    [
        ("/indicator 水素の目標は？", "indicator", 9),
        ("/indicator 半導体の進み具合", "indicator", 14),
        ("/project 水素の取組の進み具合", "section", "3-1"),
        ("/field 半導体の分野とは", "field", 6),
        ("/indicator EV", "indicator", 8),
    ],
)
def test_the_lookups_read_a_question_the_same_way(quiet, line, kind, key):
    reply = execute(quiet, line)
    assert (reply.status, reply.kind, reply.key) == ("ok", kind, key)


def test_a_list_question_to_indicator_or_search_gives_the_list(quiet):
    for line in ("/indicator 遅れている指標", "/search 遅れている指標は？"):
        reply = execute(quiet, line)
        assert (reply.kind, reply.record["intent"], reply.record["filters"]) == (
            "answer",
            "list",
            {"rating": [1, 2]},
        )


def test_a_console_line_without_a_slash_is_a_question(quiet):
    assert execute(quiet, "水素の目標は？").record == ask(quiet, "水素の目標は？").record


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("海外展開成約件数の2022年度の値は", "baseline"),  # its baseline is of 2022年度
        ("商談件数は2022年度の時点で何件だったの", "baseline"),
        ("連携テーマの創出件数、2026年度に何件", "target"),
        ("企業誘致件数の実績 2026年度まで", "latest"),  # 実績 asked: the year is when, not which value
    ],
)
def test_a_year_the_question_names_decides_which_value_is_asked(quiet, question, intent):
    assert ask(quiet, question).record["intent"] == intent


@pytest.mark.parametrize(
    ("question", "intent", "keys"),
    [
        ("プロジェクト1の節の一覧", "list", ["1-1", "1-2", "1-3", "1-4"]),
        ("プロジェクト3は何個の節に分かれてる？", "count", None),
    ],
)
def test_a_projects_sections_are_listed_and_counted(quiet, question, intent, keys):
    record = ask(quiet, question).record
    assert (record["intent"], record["filters"]) == (intent, {"project": int(question[6])})
    if keys:
        assert [i["key"] for i in record["items"]] == keys
    else:
        assert (record["of"], record["count"]) == ("section", 4)


def test_a_bare_number_asks_whether_the_indicator_or_the_project_is_meant(quiet):
    reply = ask(quiet, "3の評価")
    assert reply.status == "ambiguous"
    assert [(c.kind, c.key) for c in reply.candidates] == [("indicator", 3), ("project", 3)]


def test_words_of_a_plan_parts_own_text_ask_for_that_part(quiet):
    record = ask(quiet, "基本目標の戦略的イノベーションの中身").record
    assert (record["intent"], record["subjects"][0]["kind"], record["subjects"][0]["key"]) == (
        "show",
        "plan",
        "goal",
    )


def test_a_value_asked_of_the_earlier_plan_is_that_plans_value(quiet):
    record = ask(quiet, "やまぐちヘルスラボの会員数、第1次では何人だった？").record
    assert (record["intent"], record["subjects"][0]) == (
        "latest",
        {"kind": "indicator", "plan": "2021", "key": 19},
    )


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("半導体・蓄電池の企業誘致件数の基準値は", 14),  # not 28, whose name it merely contains
        ("衛星の指標の目標", 13),  # 衛星 is in 13's name and not in its section's title
    ],
)
def test_the_name_that_holds_the_typed_words_wins(quiet, question, key):
    assert ask(quiet, question).record["subjects"][0]["key"] == key


def test_a_word_of_a_sections_title_still_asks_which_of_its_indicators(quiet):
    reply = ask(quiet, "宇宙の指標の目標")
    assert reply.status == "ambiguous" and {c.key for c in reply.candidates} >= {12, 13}


@pytest.mark.parametrize(
    ("question", "of", "count"),
    [("節は全部で何個ありますか", "section", 10), ("プロジェクト3の小項目はいくつ", "section", 4)],
)
def test_sections_are_counted_from_the_data(quiet, question, of, count):
    record = ask(quiet, question).record
    assert (record["intent"], record["of"], record["count"]) == ("count", of, count)


def test_a_projects_owner_is_the_owners_of_its_indicators(kb, tmp_path):
    store = Store.open(tmp_path / "db.sqlite3")
    ctx = Context(kb, today=TODAY, store=store, actor=EDITOR, charts=False)
    assert execute(ctx, "/owner 21 who:山田").ok
    reply = ask(ctx.fresh(), "プロジェクト6の担当は誰？")
    assert (reply.record["intent"], reply.record["subjects"]) == (
        "owner",
        [{"kind": "project", "plan": "2024", "key": 6}],
    )
    assert "指標21 山田、指標22 未設定、指標23 未設定、指標24 未設定" in reply.record["answer"]
    store.close()


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("8番プロジェクトの担当", {"kind": "project", "plan": "2024", "key": 8}),
        ("ぷろじぇくと4のたんとう", {"kind": "project", "plan": "2024", "key": 4}),
        ("分野3の担当は", {"kind": "field", "plan": "2024", "key": 3}),
        ("半導体分野の担当", {"kind": "indicator", "plan": "2024", "key": 14}),  # its one indicator
    ],
)
def test_a_groups_owner_names_the_group(quiet, question, subject):
    assert ask(quiet, question).record["subjects"][0] == subject


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("プロジェクト9の担当", "プロジェクト9はありません。産業戦略プロジェクトは 1〜8 です。"),
        ("分野12の担当は", "分野12はありません。重点成長分野は 1〜10 です。"),
    ],
)
def test_a_group_that_does_not_exist_is_said_so(quiet, question, message):
    reply = ask(quiet, question)
    assert (reply.status, reply.message) == ("invalid", message)


def test_a_projects_target_is_asked_per_indicator(quiet):
    reply = ask(quiet, "プロジェクト7の目標値")
    assert reply.status == "ambiguous" and "指標ごとに聞いてください" in reply.message


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("医療、ヘルスケア関連分野の事業化件数は前の計画ではどうだった", "lineage"),
        ("先導的プロジェクトによる未来技術導入件数 前の計画", "lineage"),
        ("先導的プロジェクトによる未来技術導入件数、今どれくらい？", "latest"),
        ("更新が遅れている指標は何件", "count"),
    ],
)
def test_what_is_asked_follows_where_the_plan_is_named(quiet, question, intent):
    assert ask(quiet, question).record["intent"] == intent


def test_a_name_the_overall_indicators_share_asks_which(quiet):
    assert ask(quiet, "付加価値額の推移").status == "ambiguous"


@pytest.mark.parametrize(
    ("question", "status", "key"),
    [
        ("誘致件数の実績", "ambiguous", None),  # 14 or 28
        ("計画以上に進んでる指標は？", "ok", None),
    ],
)
def test_a_fragment_of_two_names_asks_and_a_verb_ending_is_not_a_subject(quiet, question, status, key):
    reply = ask(quiet, question)
    assert reply.status == status
    if key is not None:
        assert reply.record["subjects"][0]["key"] == key


@pytest.mark.parametrize(
    ("question", "plan", "key", "intent"),
    [
        (
            "地域経済牽引事業計画承認件数の評価（第1次改定版）",
            "2021",
            21,
            "rating",
        ),  # the note names the plan
        ("第1次改定版の指標16", "2021", 16, "show"),
        ("5G基盤展開率はどう評価されていましたか", "2021", 7, "rating"),  # されていましたか names nothing
    ],
)
def test_the_earlier_plan_is_read_wherever_it_is_named(quiet, question, plan, key, intent):
    record = ask(quiet, question).record
    assert (record["intent"], record["subjects"][0]) == (
        intent,
        {"kind": "indicator", "plan": plan, "key": key},
    )


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("重点成長分野とは", ["重点成長分野"]),  # 分野 is a kind word, but the term is written out
        ("★の意味は？", ["★の評価"]),
        ("星の数は何を表してるの", ["★の評価"]),
        ("暦年と年度の違いは？", ["暦年", "年度"]),
        ("公式評価と試算評価の違い", ["公式", "試算"]),
        ("評価欄の「国統計未公表」とはどういう意味？", ["国統計未公表", "★の評価"]),  # the longer first
        ("一人当たり付加価値額とは？", ["労働生産性"]),  # through the synonym
    ],
)
def test_terms_written_out_are_defined_one_line_each(quiet, question, terms):
    reply = ask(quiet, question)
    assert (reply.record["intent"], [s["key"] for s in reply.record["subjects"]]) == ("define", terms)
    assert [line.split("（")[0] for line in reply.lines[:-1]] == terms  # then 詳しくは /glossary …


@pytest.mark.parametrize(
    ("question", "kind", "key"),
    [
        ("地域経済牽引事業計画承認件数は前の計画とどう違う", "indicator", 25),  # a difference in lineage
        ("学び直しのプロジェクトって何をするの", "project", 5),  # a synonym does not make it a term
    ],
)
def test_a_term_inside_another_question_does_not_take_it_over(quiet, question, kind, key):
    first = ask(quiet, question).record["subjects"][0]
    assert (first["kind"], first["key"]) == (kind, key)


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("起業の指標の目標", 27),  # 起業 is スタートアップ: only indicator 27 of project 7 is named by it
        ("ベンチャーの指標の担当は誰", 27),
        ("観光客数の実績は？", 23),
        ("訪日客数の現状値", 23),
    ],
)
def test_a_word_the_document_does_not_use_finds_the_one_indicator_it_names(quiet, question, key):
    first = ask(quiet, question).record["subjects"][0]
    assert (first["kind"], first["key"]) == ("indicator", key)


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("計画期間は何年間？", "period"),  # 何年間 names nothing: the part written out is asked
        ("戦略の基本目標を読みたい", "goal"),
        ("推進体制・支援スキームを教えて", "promotion"),
        ("企業への支援施策は何がある？", "support"),
        ("この計画の目的は？", "purpose"),
    ],
)
def test_a_plan_part_written_out_beside_words_that_name_nothing_is_that_part(quiet, question, part):
    first = ask(quiet, question).record["subjects"][0]
    assert (first["kind"], first["key"]) == ("plan", part)


@pytest.mark.parametrize("question", ["県知事の任期はいつまで", "年末調整の書類はいつまでに出す？"])
def test_a_weak_part_word_does_not_turn_an_outside_question_into_the_plan(quiet, question):
    assert ask(quiet, question).status == "not_found"


@pytest.mark.parametrize(
    ("question", "kind", "key"),
    [
        ("水産分野の産業インフラ輸出促進の取組", "section", "6-2"),  # 分野 here is part of the name
        ("自動車の電動化に対応した研究開発プロジェクト、何件めざしてる？", "indicator", 8),
    ],
)
def test_a_kind_word_inside_a_name_is_read_as_part_of_it(quiet, question, kind, key):
    first = ask(quiet, question).record["subjects"][0]
    assert (first["kind"], first["key"]) == (kind, key)


@pytest.mark.parametrize(
    ("question", "of", "count"),
    [
        ("重点成長分野の数はいくつ？", "field", 10),  # 数 left over names no group
        ("プロジェクト別指標って全部で何個あるんだっけ", "indicator", 28),  # the table's name, not a project
        ("しひょうはぜんぶでいくつ", "indicator", 28),
        ("第1次改定版で★★（計画を下回る）だった指標は何個？", "indicator", 4),  # ★★ with its meaning
    ],
)
def test_counts_read_past_the_words_around_them(quiet, question, of, count):
    record = ask(quiet, question).record
    assert (record["intent"], record["of"], record["count"]) == ("count", of, count)


def test_indicator_1_asked_by_number_is_not_the_overall_indicator_1(quiet):
    first = ask(quiet, "指標1の評価は？").record["subjects"][0]
    assert (first["kind"], first["key"]) == ("indicator", 1)


@pytest.mark.parametrize(
    ("question", "kind", "key"),
    [
        ("こくどうけんどうのせいびかんりょうえんちょう", "indicator", 4),  # どう inside the name asks nothing
        ("工業用水の節を見せて", "section", "1-2"),
        ("この戦略は何年間の計画ですか", "plan", "period"),
        ("学び直し支援企業数の担当者は？", "indicator", 19),
        ("daikibo renkei jigyou no jixtuseki", "indicator", 6),
    ],
)
def test_more_ways_staff_type(quiet, question, kind, key):
    first = ask(quiet, question).record["subjects"][0]
    assert (first["kind"], first["key"]) == (kind, key)


def test_a_question_counted_in_another_unit_than_the_indicator_s_is_not_answered(quiet):
    # 人口 is a word of 5G人口カバー率, a percentage: 「何人」 is about something else
    reply = ask(quiet, "山口県の人口は何人？")
    assert reply.status == "not_found" and "単位は%" in reply.message


def test_a_number_asked_in_the_indicator_s_unit_shows_where_it_stands(quiet):
    reply = ask(quiet, "5G人口カバー率は何%？")
    assert reply.record["answer"] == (
        "指標15「5G人口カバー率」: 目標 97%超（2026年度（令和8年度）・下限（97%超））、"
        "現状値 94.1%（2022年度（令和4年度））、実績は未登録。"
    )


@pytest.mark.parametrize(
    "question",
    ["来年度の予算要求の様式はどこにある？", "山口県の人口は何人？", "下関のふぐが一番おいしい季節"],
)
def test_a_question_about_something_else_that_shares_a_word_is_not_answered(quiet, question):
    # 年度 inside 来年度 and 人口 inside 5G人口カバー率 are all that fit; 様式 and 何人 name nothing here
    assert ask(quiet, question).status == "not_found"


def test_a_typo_alone_is_still_looked_up(quiet):
    assert _subject(ask(quiet, "類系ってなに")) == ("define", "glossary", "2024", "累計")  # 累計 mistyped


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("きぎょうゆうちのじっせき", ("latest", "indicator", "2024", 28)),
        ("はんどうたいのきぎょうゆうちのもくひょう", ("target", "indicator", "2024", 14)),
    ],
)
def test_a_plain_name_typed_in_kana_is_the_plain_name(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


def test_a_fragment_of_both_names_in_kana_still_asks_which(quiet):
    assert ask(quiet, "ゆうちけんすう").status == "ambiguous"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # います is a polite verb ending, not いま (今, the latest actual)
        ("自動車関連のプロジェクトはどんな取組をしていますか", ("show", "project", "2024", 2)),
        ("第1次改定版のヘルスラボ会員数は、最終的に何人になりましたか", ("latest", "indicator", "2021", 19)),
        ("主要渋滞箇所、最終的にいくつ緩和するんでしたか", ("target", "indicator", "2024", 5)),
        (
            "医療とヘルスケアの事業化件数は前の計画のどれと対応していますか",
            ("lineage", "indicator", "2024", 10),
        ),
        ("電動化に対応した新技術の目標", ("target", "indicator", "2024", 8)),
        # most of the words are one member's name, so its group is not asked about
        ("リーダー人材育成の指標、担当は誰ですか", ("owner", "indicator", "2024", 20)),
        ("渋滞箇所の緩和の指標は誰に聞けばいい？", ("owner", "indicator", "2024", 5)),
        (
            "せんどうてきなぷろじぇくとでみらいぎじゅつをどうにゅうしたけんすう",
            ("show", "indicator", "2024", 16),
        ),
        ("電動化の研究開発プロジェクト化件数の実績", ("latest", "indicator", "2024", 8)),
    ],
)
def test_polite_and_everyday_phrasings(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


@pytest.mark.parametrize(
    "question",
    [
        "研究開発のプロジェクト化件数の評価",  # the 1st revision's 10 and 13 fit it far better than our 8
        "人材育成の指標の現状",  # project 5 or 3-4 alike; 19 and 20 both develop people
    ],
)
def test_names_that_fit_several_ask_back(quiet, question):
    assert ask(quiet, question).status == "ambiguous"


def test_another_prefecture_is_outside_the_strategy(quiet):
    reply = ask(quiet, "福岡県の企業誘致の実績を教えてください")
    assert (reply.status, reply.message.split("。")[0]) == (
        "not_found",
        "福岡県のことは、この戦略のデータにはありません",
    )


def test_the_prefecture_the_document_names_is_its_own(quiet):
    assert _subject(ask(quiet, "山口県の企業誘致の実績")) == ("latest", "indicator", "2024", 28)


@pytest.mark.parametrize(
    ("question", "of", "filters", "answer"),
    [
        (
            "3-2の医療・ヘルスケアの節には指標が何個ありますか",
            "indicator",
            {"project": "3-2"},
            "第2次改定版の3-2「医療、ヘルスケア関連産業のイノベーションの創出」の指標は 2件です。",
        ),
        (
            "プロジェクト4の指標の数",
            "indicator",
            {"project": 4},
            "第2次改定版のプロジェクト4「地域産業DX加速化プロジェクト」の指標は 4件です。",
        ),
    ],
)
def test_what_is_counted_is_the_kind_named_last(quiet, question, of, filters, answer):
    record = ask(quiet, question).record
    assert (record["of"], record["filters"], record["answer"]) == (of, filters, answer)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("地域中核企業ってどんな会社のことを言うんですか", ("define", "glossary", "2024", "地域中核企業")),
        ("指標名の後ろの「(累計)」というのは、どういう数え方ですか", ("define", "glossary", "2024", "累計")),
        ("1次の5G基盤展開率は2次だと何になった？", ("lineage", "indicator", "2021", 7)),
        ("この計画は何年度で終わりますか", ("show", "plan", "2024", "period")),
        ("この戦略の特色を教えて", ("show", "plan", "2024", "perspectives")),
        ("水素の目標はいつまで", ("target", "indicator", "2024", 9)),
        ("航空機・宇宙産業のイノベーション創出の取組内容", ("show", "section", "2024", "3-3")),
        ("人材の確保・育成のプロジェクトについて教えてください", ("show", "project", "2024", 5)),
        ("企画課の田中です。水素の目標は？", ("target", "indicator", "2024", 9)),
    ],
)
def test_formal_and_roundabout_phrasings(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


@pytest.mark.parametrize(
    ("question", "kind", "filters"),
    [
        ("プロジェクトを全部挙げてもらえますか", "project", {}),
        ("課長補佐です。遅れている指標を全部挙げてもらえますか", "indicator", {"rating": [1, 2]}),
    ],
)
def test_lists_asked_politely(quiet, question, kind, filters):
    record = ask(quiet, question).record
    assert (record["intent"], record["filters"], {i["kind"] for i in record["items"]} or {kind}) == (
        "list",
        filters,
        {kind},
    )


@pytest.mark.parametrize(
    "question",
    [
        "水素の件数は目標を超えましたか",
        "IoT導入率は改善していますか",
        "企業誘致件数の今後の見通し",  # 今 of 今後 is no actual
    ],
)
def test_how_one_item_stands_is_its_progress(quiet, question):
    assert ask(quiet, question).record["intent"] == "progress"


def test_indicators_that_passed_their_target_are_listed(quiet):
    record = ask(quiet, "目標を超えた指標は").record
    assert (record["intent"], record["filters"]) == ("list", {"reached": True})


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("年末の進捗報告に載せるので、指標25の目標値を確認したい", ("target", "indicator", "2024", 25)),
        ("水素の資料を作るので、目標を教えて", ("target", "indicator", "2024", 9)),
        ("本県の4つの強み、答弁用に", ("show", "plan", "2024", "strengths")),
        ("企業誘致件数の原状値", ("baseline", "indicator", "2024", 28)),
        ("連携テーマの創出件数の平価", ("rating", "indicator", "2024", 7)),
        ("師表15の目標値", ("target", "indicator", "2024", 15)),
        ("計画機関を確認したい", ("show", "plan", "2024", "period")),
        ("指標名にある(類型)の意味", ("define", "glossary", "2024", "累計")),
        ("suiso no mokuhyou wo kakunin shitai", ("target", "indicator", "2024", 9)),
        ("計画の期間、令和何年度までか", ("show", "plan", "2024", "period")),
        ("指標9は第1次のどの指標から来ているか", ("lineage", "indicator", "2024", 9)),
        ("第1次の指標13の公式評価", ("rating", "indicator", "2021", 13)),
        ("公式評価って何", ("define", "glossary", "2024", "公式")),
    ],
)
def test_briefing_phrasings_and_ime_homophones(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


@pytest.mark.parametrize(
    ("question", "of", "filters"),
    [
        ("PJ3の節の数", "section", {"project": 3}),
        ("PJ7のKPIの数", "indicator", {"project": 7}),
        ("第1次で★★★★の指標数", "indicator", {"plan": "2021", "rating": [4]}),
        ("3-2の指標は何件", "indicator", {"project": "3-2"}),
        ("現在遅れている指標は何件か", "indicator", {"rating": [1, 2]}),
    ],
)
def test_counts_asked_tersely(quiet, question, of, filters):
    record = ask(quiet, question).record
    assert (record["intent"], record["of"], record["filters"]) == ("count", of, filters)


def test_a_reference_in_brackets_is_what_is_listed(quiet):
    record = ask(quiet, "KPI一覧（PJ2）").record
    assert (record["intent"], record["filters"]) == ("list", {"project": 2})


@pytest.mark.parametrize(
    "question",
    [
        "港湾の目標",  # the title word of 1-1, which has indicators 1 and 2
        "港湾の進捗",
        "航空宇宙の実績は？",  # 航空機・宇宙 shortened: 3-3 has indicators 12 and 13
        "CO2削減の取組は？",  # read as カーボンニュートラル, only part of the term CNP
        "CNの取組は？",
    ],
)
def test_a_groups_word_or_part_of_a_term_asks_which(quiet, question):
    assert ask(quiet, question).status == "ambiguous"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("港湾脱炭素化推進計画の策定数の目標", ("target", "indicator", "2024", 2)),
        ("航空宇宙クラスターの商談件数の目標", ("target", "indicator", "2024", 12)),
        ("CNPって何", ("define", "glossary", "2024", "カーボンニュートラルポート")),
        ("リスキリング支援企業数の実績はどこまで来てますか", ("latest", "indicator", "2024", 19)),
        ("工業用水道管路の更新延長、最新だと何kmまで進んでる", ("latest", "indicator", "2024", 3)),
        ("リスキリング支援企業数はどこまで来てますか", ("progress", "indicator", "2024", 19)),
    ],
)
def test_a_name_beside_a_groups_word_is_still_answered(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("石炭・バイオマス共同輸送のtargetいくつだっけ？", ("target", "indicator", "2024", 1)),
        ("IoT導入率、FY2026のtargetは？(・ω・)", ("target", "indicator", "2024", 17)),
        ("5G人口カバー率のownerだれ？", ("owner", "indicator", "2024", 15)),
        ("IoT導入率のactualの最新ってどうなってる？", ("latest", "indicator", "2024", 17)),
        ("KPI17のstatusどう？進んでる？", ("progress", "indicator", "2024", 17)),
        ("港湾脱炭素化推進計画の策定数のbaseline", ("baseline", "indicator", "2024", 2)),
        ("指標22の詳細ちょうだい🙏", ("show", "indicator", "2024", 22)),
        ("ＰＪ３の概要さくっと", ("show", "project", "2024", 3)),
        ("この戦略のゴールってなに？", ("show", "plan", "2024", "goal")),
        ("なんで第2次改定したんすか？", ("show", "plan", "2024", "purpose")),
        ("本県の強み、4つ全部言える？笑", ("show", "plan", "2024", "strengths")),
        ("第1次の指標13は今の計画のどれ？", ("lineage", "indicator", "2021", 13)),
    ],
)
def test_chat_with_english_words_emoji_and_slang(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


@pytest.mark.parametrize(
    ("question", "intent", "filters"),
    [
        ("今のKPI一覧ぜんぶ", "list", {}),
        ("今遅れてる指標どれ？やばいやつ😱", "list", {"rating": [1, 2]}),
        ("更新止まってる指標いくつある？", "count", {"stale": True}),
        ("第1次で目標達成できた指標って何個？", "count", {"plan": "2021", "reached": True}),
        ("1次で★4取れた指標何個？🎉", "count", {"plan": "2021", "rating": [4]}),
    ],
)
def test_lists_and_counts_in_chat(quiet, question, intent, filters):
    record = ask(quiet, question).record
    assert (record["intent"], record["filters"]) == (intent, filters)


@pytest.mark.parametrize("question", ["targetいくつだっけ？", "港湾のtargetいくつ？"])
def test_a_target_of_nothing_named_is_not_a_count(quiet, question):
    assert not ask(quiet, question).ok


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("1次の渋滞箇所の評価ってどうだった", ("rating", "indicator", "2021", 4)),
        (
            "企業誘致件数の2022年の値ってなんだっけ",
            ("baseline", "indicator", "2024", 28),
        ),  # its baseline year
    ],
)
def test_how_it_was_and_what_the_value_was(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("来週の会議で使います。水素の目標は？", ("target", "indicator", "2024", 9)),  # 使います is no いま
        ("資料を作っています。企業誘致の実績は？", ("latest", "indicator", "2024", 28)),
        ("水素いまどう？", ("latest", "indicator", "2024", 9)),
    ],
)
def test_a_sentence_of_context_before_the_question(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("第1次の衛星データを活用したソリューション開発件数は★4つ？", ("rating", "indicator", "2021", 18)),
        (
            "第1次改定版のとき、水素ステーションは最終的に何箇所まで設置できた？",
            ("latest", "indicator", "2021", 16),
        ),
        ("第1次の産業人材のマッチング件数は今の計画にある？", ("lineage", "indicator", "2021", 11)),
    ],
)
def test_a_week_of_mentions(quiet, question, expected):
    assert _subject(ask(quiet, question)) == expected


@pytest.mark.parametrize(
    ("question", "intent", "filters", "count"),
    [
        ("第1次で★★★以上だった指標の数は？17で合ってる？", "count", {"plan": "2021", "rating": [3, 4]}, 17),
        ("第1次の★★★★はいくつ？", "count", {"plan": "2021", "rating": [4]}, 9),
        ("指標って28個で合ってる？", "count", {}, 28),
        ("重点成長分野は今いくつの分野になってる？", "count", {}, 10),
        ("今の計画で★★になっている指標はどれ？", "list", {"rating": [2]}, None),
        ("新人研修用に、産業戦略プロジェクトの一覧をください", "list", {}, None),
        ("重点成長分野を全部あげて", "list", {}, None),
    ],
)
def test_remembered_numbers_and_lists_asked_in_passing(quiet, question, intent, filters, count):
    record = ask(quiet, question).record
    assert (record["intent"], record["filters"], record.get("count")) == (intent, filters, count)


def test_a_bare_number_with_ban_asks_which(quiet):
    assert ask(quiet, "5番の目標を教えて").status == "ambiguous"  # indicator 5 or project 5


@pytest.mark.parametrize(
    "question",
    [
        "すいそとう　じぎょうかけんすう　もくひょう",
        "suisotou no jigyoukakensuu no mokuhyou",
        "すいそなどのもくひょう",
    ],
)
def test_nado_after_a_kanji_is_read_both_ways(quiet, question):
    assert _subject(ask(quiet, question)) == ("target", "indicator", "2024", 9)
