"""Reading a question: intent, filters, plan parts and the words left for the matcher."""

import pytest

from knowledge.question import parse, strip_fillers


@pytest.mark.parametrize(
    ("text", "intent", "subject"),
    [
        ("水素の目標は？", "target", "水素"),
        ("５Ｇの目標値を教えてください", "target", "5G"),
        ("半導体の進み具合", "progress", "半導体"),
        ("指標15の最新の実績は", "latest", "15"),
        ("企業誘致の担当は誰？", "owner", "企業誘致"),
        ("累計とは", "define", "累計"),
        ("Y-BASEって何？", "define", "Y-BASE"),
        ("5Gの推移", "history", "5G"),
        ("前の計画では水素は", "lineage", "水素"),
        ("指標15は何つ星", "rating", "15"),
        ("水素", "show", "水素"),
    ],
)
def test_intent_and_subject(text, intent, subject):
    q = parse(text)
    assert (q.intent, q.subject_text) == (intent, subject)


@pytest.mark.parametrize(
    ("text", "intent", "filters", "previous"),
    [
        ("遅れている指標は？", "list", {"rating": [1, 2]}, False),
        ("目標を達成した指標", "list", {"reached": True}, False),
        ("★★★以上の指標", "list", {"rating": [3, 4]}, False),
        ("更新が遅れている指標", "list", {"stale": True}, False),
        ("第1次の指標はいくつある？", "count", {}, True),
        ("第1次の評価は", "list", {}, True),
    ],
)
def test_lists_and_counts(text, intent, filters, previous):
    q = parse(text)
    assert (q.intent, q.filters, q.previous_plan) == (intent, filters, previous)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("計画期間は？", "period"),
        ("基本目標", "goal"),
        ("改定の趣旨は", "purpose"),
        ("推進体制を教えて", "promotion"),
    ],
)
def test_plan_parts(text, part):
    assert (parse(text).plan_part, parse(text).subject_text) == (part, "")


def test_a_named_item_with_a_plan_word_is_not_the_plan_part():
    assert parse("水素関連の支援策").plan_part is None


@pytest.mark.parametrize(("text", "left"), [("行政の", "行政"), ("について教えて", ""), ("水素 の", "水素")])
def test_fillers_leave_names_whole(text, left):
    assert strip_fillers(text) == left


NAMES = frozenset({"水素", "3-4", "改定の趣旨", "指標"})


def known(word: str) -> bool:
    """A stand-in for the matcher's vocabulary: digits, and the words of NAMES."""
    return any(ch.isdigit() for ch in word) or any(word in name or name in word for name in NAMES)


@pytest.mark.parametrize(
    ("text", "intent", "subject"),
    [
        ("3-4の中身", "show", "3-4"),  # 中身 names nothing: it is how the question is put
        ("指標11の最新値", "latest", "11"),
        ("水素のやつの目標", "target", "水素"),
        ("ラーメンのおすすめ", "show", "ラーメンのおすすめ"),  # nothing named: the matcher says not found
    ],
)
def test_words_that_name_nothing_are_left_out_of_the_subject(text, intent, subject):
    q = parse(text, known)
    assert (q.intent, q.subject_text) == (intent, subject)


def test_an_adverb_beside_a_plan_part_does_not_hide_it():
    assert parse("改定の趣旨をざっくり教えて", known).plan_part == "purpose"
    assert parse("県知事の任期はいつまで", known).plan_part is None  # 県知事 is another subject


@pytest.mark.parametrize(
    ("text", "intent"),
    [("プロジェクト1の節の一覧", "show"), ("プロジェクト3は何個の節に分かれてる？", "count")],
)
def test_sections_are_a_kind_a_question_names(text, intent):
    q = parse(text)
    assert (q.intent, q.kind) == (intent, "section")


@pytest.mark.parametrize(
    ("text", "intent", "filters"),
    [
        ("第1次改定版で★3つ以上だったのは何指標", "count", {"rating": [3, 4]}),
        ("第1次で★ひとつだった指標はどれ", "list", {"rating": [1]}),
        ("実績の更新が止まってる指標一覧", "list", {"stale": True}),
        ("目標を達成した指標は何個ある？", "count", {"reached": True}),
    ],
)
def test_filters_read_as_staff_write_them(text, intent, filters):
    q = parse(text)
    assert (q.intent, q.filters, q.subject_text) == (intent, filters, "")


@pytest.mark.parametrize(
    ("text", "intent", "kind"),
    [
        ("プロジェクト5の指標って何がある", "list", "indicator"),  # not 「って何」, a definition
        ("EV化の研究開発プロジェクト化、進捗は", "progress", None),  # プロジェクト化 is in a name
        ("第1次改定版の指標一覧", "list", "indicator"),  # 指標一覧 is not 指標1覧
    ],
)
def test_phrases_that_look_like_other_words(text, intent, kind):
    q = parse(text)
    assert (q.intent, q.kind) == (intent, kind)


def test_a_year_named_is_kept_apart_from_the_subject():
    q = parse("海外展開成約件数の令和4年度の値は")
    assert (q.year, q.subject_text) == (2022, "海外展開成約件数")  # 値 asks a value; it names nothing


@pytest.mark.parametrize(
    ("text", "intent", "subject", "previous", "kind"),
    [
        ("指標9は第1次のどれを引き継いだもの？", "lineage", "9", False, "indicator"),  # where to look
        ("第1次の指標13は今の計画のどれ？", "lineage", "13", True, "indicator"),  # whose indicator
        ("IoTどうにゅうりつ の じっせき", "latest", "IoTどうにゅうりつ", False, None),  # 導入 stays
        # 関連分野 is part of the name, not the kind 分野
        (
            "水素エネルギー関連分野の事業化案件数の目標",
            "target",
            "水素エネルギー関連分野の事業化案件数",
            False,
            None,
        ),
    ],
)
def test_words_inside_names_and_plans_named_after_the_item(text, intent, subject, previous, kind):
    q = parse(text)
    assert (q.intent, q.subject_text, q.previous_plan, q.kind) == (intent, subject, previous, kind)


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("第1次改定版で★が1つだった指標は？", {"rating": [1]}),
        ("もう目標に届いた指標を一覧で", {"reached": True}),
    ],
)
def test_more_filter_phrasings(text, filters):
    assert parse(text).filters == filters


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("1人当たりの付加価値額の数字を知りたい", "1人当たりの付加価値額"),  # kept in the synonym's form
        ("港湾の機能強化の取組内容", "港湾の機能強化"),
        ("山口県の人口は何人？", "人口"),  # the prefecture names no item
    ],
)
def test_a_word_loses_only_its_pieces_that_name_nothing(kb, text, subject):
    assert parse(text, kb.search_index.names_something).subject_text == subject


@pytest.mark.parametrize(
    ("text", "intent", "subject"),
    [
        ("でんどうかの たんとう", "owner", "でんどうか"),  # どう inside 電動化 typed in kana
        ("5G基盤展開率の実績値はどうだった", "latest", "5G基盤展開率"),  # はどう: the filler
        ("1-1（港湾）の指標は何個ある", "count", "1-1"),  # a note in brackets names nothing more
        ("第1次の5G基盤展開率の評価はどうだった？", "rating", "5G基盤展開率"),
    ],
)
def test_kana_fillers_and_bracket_notes(text, intent, subject):
    q = parse(text)
    assert (q.intent, q.subject_text) == (intent, subject)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("訪日外国人の指標、進み具合どんな感じ？", "progress"),  # どんな with a named item is no list
        ("企業誘致件数の指標を持っているのはどなたですか（担当）", "owner"),
        ("kigyouyuuchikennsuu saishin", "latest"),
    ],
)
def test_what_is_asked_survives_list_words_and_notes(text, intent):
    assert parse(text).intent == intent


@pytest.mark.parametrize(
    ("typed", "folded"), [("jixtuseki", "jisseki"), ("axtuteru", "atteru"), ("kitte", "kitte")]
)
def test_ime_small_tsu_doubles_the_next_consonant(typed, folded):
    from knowledge.question import fold

    assert fold(typed) == folded


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("8番プロジェクトの指標一覧", "プロジェクト8の指標一覧"),
        ("3番目の分野の指標", "分野3の指標"),
        ("ぷろじぇくと4の指標", "プロジェクト4の指標"),
        ("purojekuto4 no sihyou", "プロジェクト4 no sihyou"),
        ("しひょうにじゅういちのしんちょく", "指標21のしんちょく"),
        ("指標じゅうごの実績", "指標15の実績"),
        ("しひょうにの目標", "指標2の目標"),
        ("しひょうにはなにがある", "しひょうにはなにがある"),  # に is the particle
        ("2024年度の指標", "2024年度の指標"),
    ],
)
def test_a_number_typed_before_its_kind_or_in_kana_is_read(typed, folded):
    from knowledge.question import fold

    assert fold(typed) == folded


@pytest.mark.parametrize("typed", ["ぷろじぇくと4の指標いちらん", "指標いちらん", "しひょう ichiran"])
def test_ichiran_typed_in_kana_or_romaji_lists(typed):
    assert parse(typed).intent == "list"


def test_homophones_are_words_no_document_uses(kb):
    from knowledge.question._words import _HOMOPHONES

    texts = [p.text for plan in kb.plan_ids for p in kb.document_passages(plan)]
    names = [i.name for plan in kb.plan_ids for i in kb.indicators(plan)]
    used = [typed for typed, _ in _HOMOPHONES if any(typed in t for t in texts + names)]
    assert used == []


def test_pj_ka_is_purojekutoka():
    from knowledge.question import fold

    assert fold("電動化PJ化件数") == "電動化プロジェクト化件数"
