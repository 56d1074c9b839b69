"""What a question in plain Japanese asks: the thing asked, filters, and the words left for the matcher.

A question is a subject (or none), what is asked about it (the intent) and filters.  The intent and
the filters come from the words of the question; what is left, once question words and particles
are taken out, is the subject, found by the one matcher (``knowledge.search``).  Nothing here picks
an item: ``subject_text`` is handed to the matcher by the caller.

    水素の目標は？          → target,   subject text 水素
    遅れている指標は？      → list,     rating [1, 2]
    第1次の指標はいくつある → count,    plan = the plan before the one in force
    計画期間は？            → show,     plan part period
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

INTENTS = (
    "show",
    "target",
    "baseline",
    "latest",
    "rating",
    "progress",
    "owner",
    "history",
    "lineage",
    "define",
    "count",
    "list",
)

# The parts of a plan's front matter a question can ask for, with the words that name them.  Longer
# phrases come first so that 基本目標 is a plan part before 目標 is a target.
PLAN_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("goal", ("基本目標", "目指す姿", "基本方針")),
    ("period", ("計画期間", "目標年度", "もくひょうねんど", "何年度まで", "年度まで", "いつまで", "期間")),
    (
        "purpose",
        (
            "なんで改定",
            "なんで今回改定",
            "改定したの",
            "改定した理由",
            "改定の理由",
            "改定の趣旨",
            "改定趣旨",
            "改定の目的",
            "趣旨",
            "改定理由",
            "なぜ改定",
            "改定の背景",
            "背景",
        ),
    ),
    ("perspectives", ("主な視点", "視点")),
    ("strengths", ("産業特性と強み", "産業特性", "強み")),
    (
        "promotion",
        ("推進体制", "推進の体制", "体制", "推進スキーム", "産業戦略本部", "進め方", "どうやって進める"),
    ),
    ("support", ("支援施策", "支援措置", "支援策", "支援メニュー", "支援スキーム")),
    (
        "companies",
        (
            "企業群ごと",
            "企業群別",
            "企業群",
        ),
    ),
    ("overall", ("全体指標", "全体の指標")),
)
# part words that decide the part whatever else is named: 「企業群ごとの付加価値額の割合」
_DECISIVE = frozenset({"企業群ごと", "企業群別"})
# Words around a plan part that name no item (「主な支援措置」「新たな視点」「戦略の推進体制」).
_GENERIC = frozenset(
    {
        "計画",
        "戦略",
        "この計画",
        "本県",
        "県",
        "山口県",
        "うち",
        "主な",
        "新たな",
        "新しい",
        "どういう",
        "推進",
        "いつ",
        "今回",
        "この",
        "で",
        "その",
        "産業戦略",
        "何年度から",
        "何年度",
        "から",
        "合って",
        "ますか",
        "3年間",
        "シェア",
        "割合",
        "ごと",
        "主",
        "新た",
        "新し",
        "何",
        "なに",
        "なん",
        "何がある",
        "ある",
        "したの",
        "なんで",
        "なぜ",
        "改定",
        "改定版",
        "年度",
        "第2次",
        "第2次改定",
        "加わった",
        "山口",
        "4つ",
        "四つ",
        "企業",
    }
)

# (intent, words): the first intent whose word occurs wins, so the more specific come first.  Each
# is also listed in kana and in romaji, as staff type before converting.
_INTENT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("latest", ("実績値",)),  # 「実績値はどうだった」 asks the value, not how it went
    (
        "define",
        ("の意味", "とは", "の定義", "ってどういう意味", "ってどういう", "ってそもそも何", "そもそも何"),
    ),
    (
        "rating",
        (
            "評価はどうだった",
            "評価はどう",
            "評価どう",
            "何つ星",
            "いくつ星",
            "星いくつ",
            "★いくつ",
            "★何個",
            "星何個",
            "★何",
            "星の数",
            "★の数",
            "★は",
            "星は",
            "の星",
        ),
    ),
    (
        "progress",
        (
            "目標まで",
            "あとどれくらい",
            "あとどのくらい",
            "あと何",
            "達成できそう",
            "間に合",
            "届きそう",
            "目標に届いた",
            "届いた",
            "目標に近づ",
            "近づいて",
            "tikaduite",
            "chikazuite",
            "達成状況",
            "目標に対して",
            "どうだった",
        ),
    ),
    (
        "lineage",
        (
            # a plan named with では/と/から asks how the item stood there: 「前の計画では？」
            "前の改定版から",
            "からあった",
            "前の計画では",
            "前の計画と",
            "前の計画から",
            "前の計画の指標",
            "前の計画のどの",
            "前の戦略から",
            "前の戦略では",
            "前回では",
            "前回から",
            "どうなりました",
            "ではどの指標",
            "無くなった",
            "なくなった",
            "定義は変わ",
            "今の計画では",
            "同じ指標",
            "第1次では",
            "第一次では",
            "第1次にも",
            "第1次にあった",
            "だとどの指標",
            "どの指標になって",
            "新しい指標",
            "今もある",
            "前の指標",
            "にあった",
            "からの継続",
            "の継続",
            "との違い",
            "前にも",
            "もあった",
            "継続",
            "引き継いだもの",
            "を引き継いだ",
            "引き継いだ",
            "前の計画の何番",
            "の何番",
            "前の計画での指標",
            "前の計画での番号",
            "での番号",
            "で対応する",
            "対応する指標",
            "引き継ぎ先",
            "前の計画だと",
            "何という指標",
            "対応指標",
            "前の計画での扱い",
            "での扱い",
            "今の計画のどれ",
            "今どれに",
            "今はどれ",
            "に再編",
            "再編された",
            "再編",
            "統合した",
            "統合",
            "どれになった",
            "つながり",
            "定義変わ",
            "変わった",
            "廃止",
            "続いてる",
            "続いている",
            "と同じもの",
            "引き継ぎ",
            "引継ぎ",
            "引き継",
            "後継",
            "前身",
            "系譜",
            "継続指標",
            "どうなった",
        ),
    ),
    (
        "count",
        (
            "全部で何本",
            "全部で何個",
            "全部で何件",
            "全部でいくつ",
            "全部で何",
            "いくつある",
            "いくつあり",
            "何個ある",
            "何個",
            "何件ある",
            "何指標",
            "何本",
            "何分野",
            "何プロジェクト",
            "いくつの",
            "はいくつ",
            "の数は",
            "の指標数",
            "指標数",
            "指標の数",
            "いくつ",
        ),
    ),
    (
        "history",
        (
            "推移",
            "グラフ",
            "経過",
            "変遷",
            "これまでの記録",
            "記録",
            "過去の",
            "入力値",
            "これまでの数字",
            "これまでの値",
            "履歴",
            "経緯",
            "これまでの実績",
            "過去の実績",
            "過去の記録",
            "年度ごと",
            "年ごと",
            "変化",
            "すいい",
            "suii",
            "rireki",
            "水位",
            "kiroku",
        ),
    ),
    (
        "owner",
        (
            "dare",
            "どなた",
            "どこの課",
            "課が入力",
            "誰が入力",
            "担当者",
            "担当",
            "誰",
            "責任者",
            "所管",
            "たんとう",
            "tantou",
            "tanntou",
            "tanto",
        ),
    ),
    (
        "progress",
        (
            "進捗",
            "進み具合",
            "進み",
            "達成率",
            "ペース",
            "順調",
            "進んで",
            "どれくらい進",
            "達成度",
            "しんちょく",
            "進ちょく",
            "shinchoku",
        ),
    ),
    ("rating", ("評価", "★", "☆", "ひょうか", "hyouka", "hyoka")),
    (
        "baseline",
        (
            "現状値",
            "基準値",
            "からのスタート",
            "スタートは",
            "基準",
            "現状",
            "ベースライン",
            "策定時",
            "スタート時点",
            "スタート時",
            "げんじょう",
            "genjouchi",
            "genjou",
            "genjo",
        ),
    ),
    (
        "target",
        (
            "目標値",
            "目標",
            "最終的に",
            "目票",
            "にする計画",
            "つくる計画",
            "作る計画",
            "までに何",
            "目指",
            "めざ",
            "ゴール",
            "ターゲット",
            "もくひょう",
            "mokuhyouti",
            "mokuhyouchi",
            "mokuhyou",
            "mokuhyo",
        ),
    ),
    (
        "latest",
        (
            "最新",
            "実績",
            "直近",
            "足元",
            "現在の値",
            "現在値",
            "今の値",
            "できた",
            "何か所",
            "何箇所",
            "何社",
            "何人",
            "何件達成",
            "結果",
            "何件",
            "いま",
            "今",
            "じっせき",
            "saishin",
            "どのくらい",
            "どれくらい",
            "jisseki",
        ),
    ),
    (
        "define",
        (
            "とは",
            "って何",
            "ってなに",
            "ってなん",
            "って何ですか",
            "の意味",
            "意味",
            "の定義",
            "定義",
            "何のこと",
            "違いがよくわからない",
            "違い",
            "わからない",
            "の見方",
            "見方",
            "なんのこと",
        ),
    ),
)

# lineage words that only name the earlier plan: with a value word, that plan's value is asked
_PLAN_NAMED_THEN = frozenset({"第1次では", "第一次では", "前の計画では", "前の戦略では", "前回では"})

# Words that make a question a list even when what is asked of an item is named too
_STRONG_LIST_WORDS = ("一覧", "リスト", "全部", "すべて", "全て", "並べ", "列挙")

# Words that make a question a list, and the filters they set.
_LIST_WORDS = (
    "どれとどれ",
    "列挙",
    "リストアップして",
    "リストアップしたい",
    "リストアップ",
    "一覧",
    "リスト",
    "全部",
    "すべて",
    "全て",
    "どれ",
    "どんな",
    "どの",
    "ある指標",
    "並べ",
    "教えて",
)
_BEHIND_FAR = ("計画を大幅に下回", "大幅に下回", "大きく遅れ", "大幅に遅れ")
_BEHIND = (
    "計画を下回",
    "遅れている",
    "遅れていた",
    "遅れてた",
    "遅れてる",
    "遅れ",
    "下回",
    "悪い",
    "未達",
    "厳しい",
    "危ない",
    "要注意",
    "★★以下",
    "低い",
)
_AHEAD = (
    "目標に届いた",
    "届いた",
    "目標達成済み",
    "達成済み",
    "目標を達成した",
    "目標を達成",
    "目標達成",
    "達成した",
    "達成済",
    "達成して",
    "目標超え",
    "クリア",
)
_ABOVE = ("目標を上回", "上回っ", "上回る")  # the ★★★★ legend: 目標を上回る
_GOOD = ("★★★以上", "計画以上", "順調な", "順調に", "うまくいって", "計画どおり", "計画通り")
_ON_PLAN = ("概ね計画どおり", "概ね計画通り", "おおむね計画どおり", "おおむね計画通り")  # the ★★★ legend
_STALE = (
    "更新が遅れ",
    "更新されていない",
    "更新期限",
    "期限切れ",
    "未更新",
    "更新してない",
    "古い",
    "未登録",
    "更新されてない",
    "実績が更新されていない",
    "実績が更新されてない",
    "実績の更新が止まってる",
    "更新が止まってる",
    "更新が止まって",
    "止まってる",
    "入ってない",
    "入っていない",
    "入力されていない",
    "入力されてない",
)
_PREVIOUS = (
    "1次改定版",
    "1次改定",
    "前回の改定版",
    "前回の改定",
    "第1次改定版",
    "第一次改定版",
    "第1次改定",
    "第1次",
    "第一次",
    "1次",
    "前の計画",
    "前の改定版",
    "前の改定",
    "前回の計画",
    "前回の戦略",
    "前の戦略",
    "前回",
    "旧計画",
    "前計画",
)
# the plan in force named: every question is about it unless another is named, so the words go
_CURRENT = ("第2次改定版", "第二次改定版", "第2次改定", "第2次", "第二次", "2次", "現行の計画", "今の計画")
# 研究開発プロジェクト化件数 and 水素エネルギー関連分野 are names, not the kinds プロジェクト and 分野
_NOT_KIND = "化"
_NOT_KIND_AFTER = "連"
_KIND_NAMES = {"project": "プロジェクト", "field": "分野"}
_KIND_WORDS = (
    (
        "section",
        ("どんな節", "の節", "節", "小項目", "セクション"),
    ),  # before 指標 and プロジェクト: 「プロジェクト1の節の一覧」
    ("indicator", ("指標", "KPI", "kpi", "しひょう", "shihyou", "shihyo")),
    ("project", ("プロジェクト", "ぷろじぇくと", "purojekuto")),
    ("field", ("重点成長分野", "分野", "ぶんや")),
    ("term", ("用語",)),
)

# Question words, politeness and particles taken out before the rest is matched.
_FILLERS = (
    "出てる",
    "出ている",
    "どなた",
    "に属する",
    "属する",
    "に含まれる",
    "数だけ",
    "教えてほしい",
    "詳しい情報",
    "詳しく",
    "情報",
    # why the question is asked, not what: 「報告書用に」「来週の会議で使うので」
    "報告書用に",
    "報告書用",
    "資料用に",
    "会議で使うので",
    "会議で使う",
    "来週の会議",
    "確認したいです",
    "確認したい",
    "確認させて",
    "中身",
    "内容",
    "くらい",
    "ぐらい",
    "詳細",
    ",",
    "じょうきょう",
    "状況",
    "どんな感じ",
    "感じ",
    "何をやる",
    "何やる",
    "やる",
    "列挙して",
    "全部挙げて",
    "挙げて",
    "もう",
    "しょう",
    "設定されている",
    "設定されてる",
    "並べてほしい",
    "てほしい",
    "ほしい",
    "出して",
    "並べて",
    "表示して",
    "表示",
    "に聞けばいい",
    "聞けばいい",
    "聞けば",
    "いでいる",
    "いでる",
    "あった",
    "どういう",
    "ところ",
    "書いてありましたっけ",
    "一言でいうと",
    "一言で言うと",
    "一言で",
    "簡単に",
    "要するに",
    "何するやつ",
    "何をするやつ",
    "するやつ",
    "やつ",
    "出てくる",
    "んでしたっけ",
    "んだっけ",
    "書いてあります",
    "書いてある",
    "ありましたっけ",
    "でしたっけ",
    "だっけ",
    "っけ",
    "仕組み",
    "何て",
    "なんて",
    "あの件",
    "例の件",
    "あれ",
    "どこに",
    "どこ",
    "から来てる",
    "から来ている",
    "来てる",
    "来ている",
    "されたの",
    "された",
    "がれた",
    "れた",
    "してる",
    "したの",
    "っていた",
    "っている",
    "っていない",
    "ていた",
    "でいる",
    "だった",
    "になってる",
    "になっている",
    "の取組",
    "の取り組み",
    "取組",
    "取り組み",
    "されている",
    "されてる",
    "している",
    "していない",
    "ている",
    "ていない",
    "てる",
    "あります",
    "ありますか",
    "ある",
    "では",
    "には",
    "での",
    "への",
    "から",
    "まで",
    "見せてください",
    "見せて",
    "見たい",
    "知りたい",
    "教えてください",
    "教えて下さい",
    "教えて",
    "おしえて",
    "知りたい",
    "ですか",
    "ますか",
    "でしょうか",
    "ください",
    "下さい",
    "について",
    "に関する",
    "に関して",
    "関連の",
    "関係の",
    "って",
    "どう",
    "どれくらい",
    "どのくらい",
    "どんな",
    "いくら",
    "何",
    "なに",
    "なん",
    "です",
    "でした",
    "は",
    "の",
    "が",
    "を",
    "も",
    "か",
    "ね",
    "よ",
    "な",
    "？",
    "?",
    "！",
    "!",
    "。",
    "、",
    "・",
)
_ROMAJI_PARTICLES = frozenset(
    {"no", "wa", "ha", "ga", "wo", "o", "ni", "de", "mo", "ka", "nan", "nani", "misete", "oshiete", "osiete"}
)
_SPACE = re.compile(r"\s+")
_YEAR_SPAN = re.compile(r"(\d{4}|令和\d{1,2}|R\d{1,2})年度")
# Phrases read as the plainer words they mean before anything else: 「何と何」 lists, 「今までに」 is
# the actual so far (not 「までに何」, a target).
_PHRASES = (
    ("って何がある", " 一覧 "),
    ("何がありますか", " 一覧 "),
    ("何がある", " 一覧 "),
    ("何と何と何", " 一覧 "),
    ("何と何", " 一覧 "),
    ("全指標", " 一覧 指標 "),
    ("の指標数", " の 指標 いくつある "),  # 「前の計画の指標数」 counts; 前の計画の指標 would ask lineage
    ("今までに", " 実績 "),
    ("★ひとつ", "★1つ"),
    ("★ふたつ", "★2つ"),
    ("★みっつ", "★3つ"),
    ("★よっつ", "★4つ"),
    ("星ひとつ", "★1つ"),
    ("星ふたつ", "★2つ"),
    ("星みっつ", "★3つ"),
    ("星よっつ", "★4つ"),
    ("これまでに", " 実績 "),
)


# 「24指標を全部」「10分野を一覧で」: a count typed before the kind restates it
_COUNTED_KIND = re.compile(r"(?<![\d指標])(\d+)(指標|分野)(?=を|の|全|一覧|は|$)")


# a short note in brackets after a reference or a part: 「1-1（港湾）」「主な視点（特色）」
_ANNOTATION = re.compile(r"\((?!累計|節\)|指標\)|分野\))[^()]{1,6}\)")


def _annotation(m: re.Match[str]) -> str:
    """A bracketed note goes, unless it names a plan: 「…の評価（第1次改定版）」 asks of that plan."""
    note = m.group(0)[1:-1]
    return f" {note} " if _has(note, _PREVIOUS + _CURRENT) else " "


def _year_of(text: str) -> int | None:
    """The western year a question names (2022年度, 令和4年度, R4年度), if one."""
    m = _YEAR_WORD.search(text)
    if m is None:
        return None
    head = m.group(1)
    if head.isdigit():
        return int(head)
    return 2018 + int(head.removeprefix("令和").removeprefix("R"))


# a year that qualifies what is asked (2026年度に何件, 2022年度の値): not part of the subject
_YEAR_WORD = re.compile(r"(\d{4}|令和\d{1,2}|R\d{1,2})(年度末|年度|暦年|年)(まで|から|に|の|時点|で)?")
_TRAILING = re.compile(r"[？?！!。．.、,\s]+$")


@dataclass(frozen=True)
class Question:
    """What a question asks: the intent, the text left for the matcher, filters and plan parts."""

    text: str  # the question, folded (NFKC) and trimmed
    intent: str
    subject_text: str  # what is left for the matcher ("" when the question names no item)
    plan_part: str | None = None  # a front-matter part (period, goal …) when that is what is asked
    part_hint: str | None = None  # a part word beside an item's words: the part, if they are its own
    kind: str | None = None  # a kind the question names (指標, プロジェクト, 分野)
    previous_plan: bool = False  # the question names the plan before the one in force (第1次)
    year: int | None = None  # a fiscal or calendar year the question names (2022年度の値), western
    filters: dict[str, object] = field(default_factory=dict)

    @property
    def is_list(self) -> bool:
        """Whether the answer is a list or a count rather than one item."""
        return self.intent in ("list", "count")


_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUMBER = re.compile(
    r"(指標|No\.|番号|プロジェクト|分野)([一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])(?![覧部つ])"
)
_IME_NN = re.compile(r"nn(?![aiueoy])")


def _kanji_number(m: re.Match[str]) -> str:
    head, text = m.group(1), m.group(2)
    if "十" not in text:
        return head + str(_KANJI_DIGITS[text])
    tens, _, ones = text.partition("十")
    return head + str(_KANJI_DIGITS.get(tens, 1) * 10 + _KANJI_DIGITS.get(ones, 0))


def fold(text: str) -> str:
    """The question as typed, folded: widths halved, spaces collapsed, 指標十五 as 指標15, tanntou as tantou."""
    folded = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    folded = _KANJI_NUMBER.sub(_kanji_number, folded)
    return re.sub(r"[a-z]+", lambda m: _IME_NN.sub("n", m.group()), folded)


def _take(
    text: str, words: tuple[str, ...], not_before: str = "", not_after: str = ""
) -> tuple[str | None, str]:
    """The first of ``words`` found in ``text`` (longest first), and the text without it.

    An occurrence followed by a character of ``not_before``, or after one of ``not_after``, is part
    of a longer word (プロジェクト化, 関連分野) and is skipped.
    """

    def inside(at: int, word: str) -> bool:
        after = text[at + len(word) : at + len(word) + 1]
        before = text[at - 1 : at] if at else ""
        return bool(not_before and after and after in not_before) or bool(
            not_after and before and before in not_after
        )

    for word in sorted(words, key=len, reverse=True):
        at = text.find(word)
        while at >= 0 and inside(at, word):
            at = text.find(word, at + 1)
        if at >= 0:
            return word, text[:at] + " " + text[at + len(word) :]
    return None, text


def _without_words(word: str, words: tuple[str, ...]) -> str:
    """A word with the words of a plan part taken out (加わった視点 → 加わった)."""
    for w in sorted(words, key=len, reverse=True):
        word = word.replace(w, "")
    return word


def _without_generic(word: str) -> str:
    """A word with the generic words around a plan part (この戦略, どういう, 推進) taken out."""
    for generic in sorted(_GENERIC, key=len, reverse=True):
        if len(generic) > 1:
            word = word.replace(generic, "")
    return word


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


# kana fillers that also begin a word typed in kana: not taken out before these
_KANA_PREFIXES = {"どう": "にゅう|ろ"}  # and never after kana: でんどうか (電動化) keeps it


def strip_fillers(text: str) -> str:
    """The words that name a subject: particles, question words and punctuation taken out."""
    out = text
    for word in sorted(_FILLERS, key=len, reverse=True):
        if word in _KANA_PREFIXES:  # どう of どうにゅう (導入) stays
            out = re.sub(
                rf"(?:(?<![\u3041-\u309f])|(?<=[はがをもでにと])){word}(?!{_KANA_PREFIXES[word]})", " ", out
            )
        elif len(word) >= 2 or not word.isalpha():
            out = out.replace(word, " ")
    # one-letter particles only between words or at the ends, never inside a name (行政 keeps 政)
    words = [w for w in _SPACE.split(out) if w]
    cleaned = []
    for w in words:
        if w.count("(") != w.count(")"):  # a bracket split from its pair by a part word: (全体指標)
            w = w.replace("(", "").replace(")", "")
        if _is_kana(w):  # でんどうか: in a word typed in kana, で and か may be its own letters
            w = re.sub(r"(は|の|を|が)+$", "", w)
        else:
            w = re.sub(r"^(は|の|が|を|も|か|で|何)+|(は|の|が|を|も|か|ね|よ|な|で|に|何|っ)+$", "", w)
        if w.strip("()（）「」[]【】") and w.lower() not in _ROMAJI_PARTICLES and w not in _THE_PREFECTURE:
            cleaned.append(w)
    return " ".join(cleaned)


def _is_kana(word: str) -> bool:
    return all("\u3041" <= ch <= "\u30ff" for ch in word)


# particles inside a word: 「3-4の中身」 is 3-4 and 中身, 「改定の趣旨をざっくり」 改定の趣旨 and ざっくり
_INNER_PARTICLE = re.compile(r"って|から|まで|(?<!ご)と|[のはがをにでへや]")


# the prefecture itself: every item is Yamaguchi's, so naming it picks none
_THE_PREFECTURE = frozenset({"山口県", "山口", "山口市", "本県", "県"})
# words that ask for a value, never a name, even when a name holds the character (付加価値 and 値)
_VALUE_WORDS = frozenset({"値", "数字", "数値", "数", "課", "部署", "件", "個"})


_VERB_FORM = re.compile(
    r"(ます|ました|ましたか|ません|ている|ていた|ていま|てる|して|した|する|しない|ない|たい|れる|れた)$"
)
_EDGE_PARTICLES = re.compile(
    r"^(?:って|から|まで|[のはがをにでとへや])+|(?:って|から|まで|[のはがをにでとへや])+$"
)


def _naming(words: list[str], known: Callable[[str], bool] | None) -> list[str]:
    """The words that could name an item; all of them when none could (the matcher says not found).

    A word is cut at its particles; the pieces that name nothing (中身, 数字, 山口県) go with the
    particle before them, and the rest stays as typed: 「1人当たりの付加価値額の数字」 is
    1人当たりの付加価値額, a synonym only in that form.
    """
    if known is None:
        return words
    # る of 進んでる, いま, されていましたか: a verb's ending or a kana word too short to name anything
    words = [w for w in words if not (_is_kana(w) and (len(w) <= 2 or _VERB_FORM.search(w)))]
    kept: list[str] = []
    for word in words:
        pieces = [p for p in _INNER_PARTICLE.split(word) if p]
        asked = [p for p in pieces if p not in _VALUE_WORDS | _THE_PREFECTURE]
        if not asked:
            continue
        if all(known(p) for p in asked):
            bad = set(pieces) - set(asked)
        else:  # one character (宿 of おすすめの宿) or two kana (いつ) left alone name nothing
            good = {p for p in asked if known(p) and (p.isdigit() or len(p) > (2 if _is_kana(p) else 1))}
            bad = set(pieces) - good
        left = word
        for piece in sorted(bad, key=len, reverse=True):
            left = re.sub(rf"(?:って|から|まで|[のはがをにでとへや])?{re.escape(piece)}", " ", left)
        kept += [w for w in (_EDGE_PARTICLES.sub("", w) for w in left.split()) if w]
    return kept or words


def parse(text: str, known: Callable[[str], bool] | None = None) -> Question:
    """Read a question: its intent, filters and the text that names its subject.

    ``known`` tells whether a word could be part of an item's name (the matcher's vocabulary); words
    it rejects (中身, ざっくり, 見方) are taken for the way the question is put, not its subject.
    A plan part named beside other words (「基本目標の戦略的イノベーション」) is kept as ``part_hint``.
    """
    q = _parse(text, known)
    if q.plan_part is not None:
        return q
    folded = _TRAILING.sub("", fold(text))
    hint = next((part for part, words in PLAN_PARTS if part != "overall" and _take(folded, words)[0]), None)
    return dataclasses.replace(q, part_hint=hint) if hint else q


def _parse(text: str, known: Callable[[str], bool] | None) -> Question:
    folded = fold(text)
    rest = _TRAILING.sub("", folded)
    for phrase, meaning in _PHRASES:
        rest = rest.replace(phrase, meaning)
    year = _year_of(rest)
    rest = _ANNOTATION.sub(_annotation, rest)
    rest = _COUNTED_KIND.sub(r" \2 ", rest)

    for part, words in PLAN_PARTS:
        found, without = _take(rest, words)
        if found is not None:
            pieces = [p for w in strip_fillers(without).split() for p in _INNER_PARTICLE.split(w) if p]
            left = [w for w in pieces if len(_without_generic(_without_words(w, words))) > 1]
            previous = _has(without, _PREVIOUS)
            named = [w for w in left if not any(p in w for p in (*_PREVIOUS, "改定版")) and w not in words]
            # a word in no name: an adverb (ざっくり) is how it is asked; 県知事 is another subject
            named = [w for w in named if not (_is_kana(w) and (len(w) <= 2 or (known and not known(w))))]
            # 「水素関連の支援策」 names an item; 「主な支援措置は？」 asks for the plan's part
            if part == "overall":
                counting = _has(without, ("いくつ", "何個", "何件", "何指標", "全部で", "の数", "数は"))
                if counting:
                    return Question(folded, "count", "", kind="overall")
                if _has(without, ("一覧", "リスト")):
                    return Question(folded, "list", "", kind="overall")
            if not named or found in _DECISIVE or rest.count(found) >= 2:
                return Question(folded, "show", "", plan_part=part, previous_plan=previous)
            if part == "overall":  # the words as typed: 1人当たりの付加価値額 is one synonym
                return Question(
                    folded, "show", " ".join(_naming(strip_fillers(without).split(), known)), plan_part=part
                )

    previous = _has(rest, _PREVIOUS)
    if _YEAR_SPAN.search(rest) and _has(
        rest, ("期間", "合って", "でしたっけ", "から何年度まで", "何年度まで")
    ):
        # 「令和8年度まででしたっけ」「2021〜2023年度で合ってる？」: the plan's period is asked
        return Question(folded, "show", "", plan_part="period", previous_plan=previous)
    stars = re.search(r"(★{1,4})(以上|以下|の指標|指標|だった|です|になって|に)|(★{2,4})(の)", rest)
    counted_stars = re.search(r"[★星](?:が|は)?\s*([1-4])(?:\s*つ)?(?![0-9])(以上|以下)?", rest)
    if counted_stars:
        rest = rest.replace(counted_stars.group(0), " ")
    if stars:
        marks = stars.group(1) or stars.group(3)
        rest = rest.replace(marks + (stars.group(2) if stars.group(2) in ("以上", "以下") else ""), " ")
    intent = None
    counted = None
    if _has(rest, tuple(_PLAN_NAMED_THEN)) and _has(rest, ("どうだった", "どうなって")):
        # 「…は前の計画ではどうだった」: how the item stood in that plan, its lineage
        rest = rest.replace("どうだった", " ").replace("どうなって", " ")
    for name, words in _INTENT_WORDS:
        found, without = _take(rest, words)
        if found is not None:
            intent, rest, counted = name, without, found
            # 「最新の実績」「JICAの評価は★いくつ」: every word of what is asked goes, from each list of it
            same = tuple(w for other, ws in _INTENT_WORDS if other == name for w in ws)
            while found is not None:
                found, without = _take(rest, same)
                rest = without if found is not None else rest
            break
    if intent == "count" and counted is not None and "指標" in counted:
        rest += " 指標"  # 「プロジェクト4の指標の数」 counts indicators, whatever else is named
    if intent == "lineage" and counted in _PLAN_NAMED_THEN:
        # 「ヘルスラボの会員数、第1次では何人だった？」: the value in that plan, not the lineage
        for name, words in _INTENT_WORDS:
            if name in ("target", "baseline", "latest", "rating") and _has(rest, words):
                intent, rest = name, _take(rest, words)[1]
                rest += " 第1次"
                break
    # 「第1次の指標14」 names the plan; 「前の計画では」 was a lineage word, taken out above
    previous = _has(rest, _PREVIOUS)

    filtered = _has(folded, _STALE + _BEHIND + _AHEAD + _ABOVE)
    if (
        intent == "count" and counted in ("はいくつ", "いくつの", "いくつ", "の数は") and not filtered
    ):  # 「目標はいくつ」
        for name, words in _INTENT_WORDS:
            if name in ("target", "baseline", "latest", "progress", "rating") and _has(rest, words):
                intent = name
                rest = _take(rest, words)[1]
                break

    kind = None
    for name, words in _KIND_WORDS:
        found, without = _take(rest, words, _NOT_KIND, _NOT_KIND_AFTER)
        if found is not None:
            if intent == "define" and not strip_fillers(without):
                break  # 「重点成長分野とは」: the kind word is the term asked about
            kind, rest = name, without
            while found is not None:  # 「指標9は前の計画のどの指標から」: every mention goes
                found, without = _take(rest, words, _NOT_KIND, _NOT_KIND_AFTER)
                rest = without if found is not None else rest
            break

    filters: dict[str, object] = {}
    stale = _has(folded, _STALE)
    behind = not stale and _has(folded, _BEHIND)
    # 「目標に届いた指標」 lists; 「石炭共同輸送は目標に届いた？」 asks one item's progress
    ahead = _has(folded, _AHEAD) and (intent != "progress" or kind == "indicator")
    good = _has(folded, _GOOD) and kind == "indicator"
    on_plan = _has(folded, _ON_PLAN) and kind == "indicator"
    for words in (
        _BEHIND_FAR,
        _ABOVE,
        _STALE,
        _BEHIND,
        _AHEAD,
        _ON_PLAN,
        _GOOD,
        _LIST_WORDS,
        _PREVIOUS,
        _CURRENT,
    ):
        for word in sorted(words, key=len, reverse=True):
            rest = rest.replace(word, " ")
    if stale:
        filters["stale"] = True
    elif _has(folded, _ABOVE):
        filters["rating"] = [4]
    elif behind and _has(folded, _BEHIND_FAR):
        filters["rating"] = [1]
    elif behind:
        filters["rating"] = [1, 2]
    elif ahead:
        filters["reached"] = True
    elif on_plan:
        filters["rating"] = [3]
    elif good:
        filters["rating"] = [3, 4]
    # 「商談件数の評価は★3以上？」: the ★ of the item named, not a list of those with ★3
    about_one = intent == "rating" and kind is None and bool(strip_fillers(rest).strip())
    if about_one:
        stars = counted_stars = None
    if stars and intent in (None, "rating", "list", "count"):
        n = len(stars.group(1) or stars.group(3))
        filters["rating"] = (
            list(range(n, 5))
            if stars.group(2) == "以上"
            else list(range(1, n + 1))
            if stars.group(2) == "以下"
            else [n]
        )
        if intent == "rating":
            intent = None
        kind = kind or "indicator"
    if counted_stars and intent in (None, "rating", "list", "count"):
        n, bound = int(counted_stars.group(1)), counted_stars.group(2)
        filters["rating"] = list(range(n, 5)) if bound == "以上" else list(range(1, n + 1)) if bound else [n]
        intent = None if intent == "rating" else intent
        kind = kind or "indicator"
    rest = _YEAR_WORD.sub(" ", rest)
    subject = " ".join(_naming(strip_fillers(rest).split(), known))
    if intent in ("count", None) or filters:
        subject = " ".join(w for w in subject.split() if w not in _GENERIC)
    if filters and kind in ("project", "field") and subject and intent in ("count", "list", None):
        # 「プロジェクト4で遅れてる指標の数」: the indicators of that project that match the filter
        subject, kind = f"{_KIND_NAMES[kind]}{subject}", "indicator"

    if intent in ("rating", "progress") and not subject and (previous or kind == "indicator" or filters):
        # 「第1次の評価は」「進み具合は？」: how the plan's indicators stand, as a list
        return Question(folded, "list", "", kind="indicator", previous_plan=previous, filters=filters)
    if intent == "count":
        return Question(
            folded, "count", subject, kind=kind or "indicator", previous_plan=previous, filters=filters
        )
    one_numbered = subject.isdigit() and re.search(rf"指標\s*{subject}(?!\d)", folded) is not None
    # 「訪日外国人の指標、進み具合どんな感じ？」: どんな with what is asked of a named item is no list
    weak = intent in ("progress", "rating", "latest", "target", "owner") and bool(subject)
    list_words = _STRONG_LIST_WORDS if weak else _LIST_WORDS
    listy = bool(filters) or (_has(folded, list_words) and kind is not None and not one_numbered)
    # 目標を達成した指標, 目標を上回っている指標: the target word is part of the filter
    reached_target = intent == "target" and ("reached" in filters or filters.get("rating") == [4])
    if (
        listy
        and (intent in (None, "rating", "progress", "latest") or reached_target)
        and kind in (None, "indicator")
        and filters
        and _has(folded, ("何件", "何個", "何指標", "いくつ", "の数"))
    ):  # 「更新が遅れている指標は何件」: how many, not which
        return Question(folded, "count", subject, kind="indicator", previous_plan=previous, filters=filters)
    if (
        listy
        and (intent in (None, "rating", "progress", "latest") or reached_target)
        and kind in (None, "indicator")
    ):
        return Question(folded, "list", subject, kind="indicator", previous_plan=previous, filters=filters)
    if (
        kind in ("project", "field")
        and not subject
        and _has(folded, (*_LIST_WORDS, "見せて"))
        and intent in (None, "show")
    ):
        return Question(folded, "list", "", kind=kind, previous_plan=previous)
    if (
        intent is None
        and kind == "indicator"
        and subject.isdigit()
        and re.search(rf"指標\s*{subject}(?!\d)", folded)
    ):
        return Question(
            folded, "show", subject, kind="indicator", previous_plan=previous
        )  # 「指標7を見せて」
    if intent is None and kind == "indicator" and subject:
        # 「プロジェクト4の指標」「半導体の指標」: the indicators of an item, or the item's indicator
        return Question(folded, "list", subject, kind="indicator", previous_plan=previous, filters=filters)
    if intent is None and kind == "indicator" and not subject and previous:
        return Question(folded, "list", "", kind="indicator", previous_plan=True)
    if intent is None and previous and subject:
        # 「未来技術導入件数 前の計画」: the earlier plan named after the item asks where it went
        at_subject = folded.find(subject.split()[0])
        at_plan = min(at for w in _PREVIOUS if (at := folded.find(w)) >= 0)
        if 0 <= at_subject < at_plan:
            intent = "lineage"
    if intent == "lineage" and previous and subject:
        # 「指標9は第1次のどれを引き継いだ」: the plan named after the item is where to look, not whose
        at_subject = folded.find(subject.split()[0])
        at_plan = min(at for w in _PREVIOUS if (at := folded.find(w)) >= 0)
        previous = not 0 <= at_subject < at_plan
    return Question(
        folded, intent or "show", subject, kind=kind, previous_plan=previous, filters=filters, year=year
    )
