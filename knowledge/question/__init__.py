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
from collections.abc import Callable
from dataclasses import dataclass, field

from knowledge.question._text import (
    _INNER_PARTICLE,
    _VALUE_WORDS,
    _annotation,
    _has,
    _is_kana,
    _naming,
    _take,
    _without_generic,
    _without_words,
    _year_of,
    fold,
    strip_fillers,
)
from knowledge.question._words import (
    _ABOVE,
    _AHEAD,
    _ANNOTATION,
    _BEHIND,
    _BEHIND_FAR,
    _COUNTED_KIND,
    _CURRENT,
    _DECISIVE,
    _GENERIC,
    _GOOD,
    _HOMOPHONES,
    _INTENT_WORDS,
    _KIND_NAMES,
    _KIND_WORDS,
    _LIST_WORDS,
    _NOT_KIND,
    _NOT_KIND_AFTER,
    _ON_PLAN,
    _PHRASES,
    _PLAN_NAMED_THEN,
    _PREVIOUS,
    _QUOTED_VALUE,
    _STALE,
    _STRONG_LIST_WORDS,
    _TRAILING,
    _YEAR_SPAN,
    _YEAR_WORD,
    INTENTS,
    PLAN_PARTS,
    PREFECTURES,
)

# every word that says what is asked (実績, 目標, 評価 …), as a whole word of what is left
_ASKING = frozenset(w for _, words in _INTENT_WORDS for w in words if len(w) >= 2)

# a greeting or who is asking, before the question: 「お疲れ様です。」「情報政策の担当です。」
_LEAD_IN = re.compile(
    r"^(?:[^。？?]{0,20}(?:の担当です|担当の者です|お疲れ様です|おつかれさまです|お世話になっております|"
    r"失礼します|すみません|すいません))[。、,！!]\s*(?=\S{4})"
)

_CHAT_MARKS = re.compile(
    r"[\U0001F000-\U0001FAFF\u2600-\u2604\u2607-\u27BF\uFE0F\u200D]+"  # not ★ and ☆, the ratings
    r"|[(（][^()（）\u3040-\u30ff\u3400-\u9fffA-Za-z0-9]{1,10}[)）]"
    r"|(?<=[\u3040-\u30ff\u3400-\u9fff？?！!、。])(?:笑|[wｗ]{1,5})(?=[？?！!。\s]*$)"
)
_HOW_FAR = ("どこまで来て", "どこまできて", "どこまで進", "進んで")
_COUNTED_WORDS = (
    ("指標", "指標"),
    ("KPI", "指標"),
    ("節", "節"),
    ("プロジェクト", "プロジェクト"),
    ("分野", "分野"),
)
_PURPOSE_TAIL = re.compile(r"[、,]\s*[^、,。\s]{1,8}?用(?:に|で|です|として)?$")
_PURPOSE_HEAD = re.compile(r"^([^、,。？?]{2,30}?)(?:ので|ため|用に|のですが|んですが|けど)[、,]\s*")

# 「課長補佐です。」「企画課の田中です。」: a short self-introduction before the question
_SELF_NAMED = re.compile(r"^([^。？?！!、]{1,15})です[。、,！!]\s*(?=\S{4})")

__all__ = ["INTENTS", "PLAN_PARTS", "PREFECTURES", "Question", "fold", "parse", "strip_fillers"]


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
    # words in kanji or katakana that share nothing with any name (様式 of 「予算要求の様式」)
    unnamed: tuple[str, ...] = ()
    filters: dict[str, object] = field(default_factory=dict)

    @property
    def is_list(self) -> bool:
        """Whether the answer is a list or a count rather than one item."""
        return self.intent in ("list", "count")


def parse(text: str, known: Callable[[str], bool] | None = None, kinds: bool = True) -> Question:
    """Read a question: its intent, filters and the text that names its subject.

    ``known`` tells whether a word could be part of an item's name (the matcher's vocabulary); words
    it rejects (中身, ざっくり, 見方) are taken for the way the question is put, not its subject.
    A plan part named beside other words (「基本目標の戦略的イノベーション」) is kept as ``part_hint``.
    ``kinds=False`` leaves kind words (分野, プロジェクト) in the subject, as part of a name.
    """
    q = _parse(text, known, kinds)
    if q.plan_part is not None:
        return q
    folded = _TRAILING.sub("", fold(text))
    hint = next((part for part, words in PLAN_PARTS if part != "overall" and _take(folded, words)[0]), None)
    return dataclasses.replace(q, part_hint=hint) if hint else q


def _parse(text: str, known: Callable[[str], bool] | None, kinds: bool = True) -> Question:
    folded = _LEAD_IN.sub("", fold(text))
    who = _SELF_NAMED.match(folded)
    if who and known is not None and not any(known(w) for w in strip_fillers(who.group(1)).split()):
        folded = folded[who.end() :]  # 「課長補佐です。」: who is asking, in words that name nothing here
    for typed, meant in _HOMOPHONES:
        folded = folded.replace(typed, meant)
    rest = _TRAILING.sub("", folded)
    # 「…、記者資料用」「…、答弁用に」: what the answer is for names nothing asked
    rest = _PURPOSE_TAIL.sub("", rest)
    head = _PURPOSE_HEAD.match(rest)
    if head and len(rest) - head.end() >= 4:
        # 「年末の進捗報告に載せるので、指標25の目標値を確認したい」: what is asked is after the reason;
        # a word of asking in the reason (進捗報告) is not it
        reason = head.group(1)
        for word in sorted(_ASKING, key=len, reverse=True):
            reason = reason.replace(word, " ")
        # only its words that could name an item stay (水素 of 「水素の資料を作るので」, not 新人研修)
        reason = " ".join(w for w in strip_fillers(reason).split() if known is None or known(w))
        rest = reason + " " + rest[head.end() :]
    rest = _CHAT_MARKS.sub(" ", rest)  # emoji, kaomoji and a closing 笑 or w say how, not what
    rest = re.sub(r"FY\s*(\d{4})", r"\1年度", rest, flags=re.IGNORECASE)  # FY2026 is 2026年度
    rest = re.sub(r"FY\s*(\d{2})(?!\d)", r"20\1年度", rest, flags=re.IGNORECASE)
    # 「今のKPI一覧」「今遅れてる指標」: 今 of the plan in force or of a filter asks no actual
    # (今の計画 is a lineage word, 「第1次の指標13は今の計画のどれ？」)
    rest = re.sub(
        r"今の(?=戦略|KPI|指標|プロジェクト|分野)|今(?=遅れ|達成|更新|止ま|いくつの)|今の計画で(?!は|も)",
        " ",
        rest,
    )
    # 「指標って28個で合ってる？」「…は17で合ってる？」: a number remembered, to be confirmed
    rest = re.sub(r"\d+\s*個\s*(?:で合って|であって|でいい|で正しい)", " いくつ ", rest)
    rest = re.sub(r"(?<![\d.])\d+\s*(?:で合って|であって|でいい|で正しい)", " ", rest)
    if not _take(rest, dict(PLAN_PARTS)["purpose"])[0]:  # 「なんで第2次改定したんすか」: why it was revised
        rest = re.sub(r"(?:なんで|なぜ|どうして)[^、。？?]{0,8}改定", " 改定の理由 ", rest)
    for phrase, meaning in _PHRASES:
        rest = rest.replace(phrase, meaning)
    # 「最終的に何人になった」 asks what was reached; 「最終的に何%まで上げる」 the target
    rest = re.sub(
        r"最終的に(?=.{0,12}(?:になった|になりました|だった|終わった|終わりました|着地|できた|できました))",
        " 実績 ",
        rest,
    )
    # 「地域中核企業ってどんな会社のことを言うんですか」「「(累計)」というのは、どういう数え方ですか」:
    # what kind of thing a word means is its definition
    rest = re.sub(
        r"(?:って|とは|というのは|っていうのは)[、,]?\s*(?:どんな|どういう)[^、。,\s]{0,6}?"
        r"(?:のことを(?:言|い)う|のこと|数え方|意味)",
        " とは ",
        rest,
    )
    # 「どんな取組をしていますか」: います is a polite verb ending, not いま (今)
    rest = re.sub(r"(?<=[\u3041-\u309f\u3400-\u9fff])いま(?=す|した|せん)", "ま", rest)
    rest = _QUOTED_VALUE.sub(" ", rest)
    # 「プロジェクト1の(1)〜(4)」: the document numbers a project's sections (1), (2) …
    rest = re.sub(r"[(（]\d[)）]\s*[〜~～-]\s*[(（]\d[)）]", " 節 ", rest)
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
            # 「本県の強み、4つ全部言える？」: how many and 全部 name no item
            named = [w for w in named if not re.fullmatch(r"(?:\d+つ)?(?:全部|ぜんぶ|すべて|全て)?", w)]
            # a word in no name: an adverb (ざっくり) is how it is asked; 県知事 is another subject
            named = [w for w in named if not (_is_kana(w) and (len(w) <= 2 or (known and not known(w))))]
            # 「水素関連の支援策」 names an item; 「主な支援措置は？」 asks for the plan's part
            if part == "overall":
                counting = _has(
                    without, ("いくつ", "何個", "何件", "何指標", "何本", "全部で", "の数", "数は")
                )
                valued = any(w in without for w in ("値", "数字", "数値"))
                if counting and not valued:  # 「全体指標のうち労働生産性の値はいくつ」 asks its value
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
    if (
        _YEAR_SPAN.search(rest)
        and _has(rest, ("期間", "合って", "でしたっけ", "から何年度まで", "何年度まで"))
        # 「5Gの人口カバー率って2026年度に何パーセントが目標なんでしたっけ」 asks an item's target
        and not _has(rest, ("目標", "実績", "現状", "評価"))
    ):
        # 「令和8年度まででしたっけ」「2021〜2023年度で合ってる？」: the plan's period is asked
        return Question(folded, "show", "", plan_part="period", previous_plan=previous)
    # 「★★や★だった指標」: several ratings named together
    joined = re.search(r"(★{1,4})(?:\s*(?:や|と|か|、|,|・|または|又は)\s*(★{1,4}))+", rest)
    several = sorted({len(m) for m in re.findall(r"★{1,4}", joined.group(0))}) if joined else []
    if joined and len(several) > 1:
        rest = rest.replace(joined.group(0), "★" * several[0], 1)
    # 「★★（計画を下回る）だった」: the scale's own words may follow the stars in brackets
    stars = re.search(
        r"(★{1,4})\s*(?:[(（][^)）]*[)）])?\s*(以上|以下|の指標|指標|だった|です|になって|に)|(★{2,4})(の|は)",
        rest,
    )
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
    if intent == "progress" and counted == "どうだった" and _has(rest, ("評価", "★")):
        intent, rest = "rating", re.sub("評価|★", " ", rest)  # 「1次の渋滞箇所の評価ってどうだった」
    if intent == "progress" and counted in _HOW_FAR and _has(rest, ("実績", "最新")):
        # 「実績はどこまで来てますか」「最新だと何kmまで進んでる」: how far it has come, as a value
        intent, rest = "latest", re.sub("実績|最新", " ", rest)
    if (
        intent == "latest"
        and counted in ("何件", "何個")
        and re.search(rf"(?:指標|KPI|プロジェクト|節|分野)(?:は|が|って)?\s*(?:全部で)?\s*{counted}", folded)
    ):
        intent = "count"  # 「3-2の指標は何件」: how many indicators, not the value of one
    defining = _has(folded, dict(_INTENT_WORDS)["define"])
    if intent == "rating" and (
        "それとも" in rest
        or re.search(r"公式.{0,3}か.{0,3}試算|試算.{0,3}か.{0,3}公式", rest)
        or not defining
    ):
        # 「評価は公式？それとも試算？」「指標13の公式評価」: which kind of rating, not a subject; the answer
        # gives both (「公式評価って何」 asks the term)
        rest = re.sub(r"(?:公式|試算)の?", " ", rest)
    if intent == "count" and counted is not None:
        # 「プロジェクト4の指標の数」「PJ3の節の数」 count what the counting word names, whatever else is
        counted_kind = next((k for w, k in _COUNTED_WORDS if w in counted), None)
        rest += f" {counted_kind}" if counted_kind else ""
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
            # (今 of 今回 is no 「今の値」)
            if name in ("target", "baseline", "latest", "progress", "rating") and _has(
                rest.replace("今回", " "), words
            ):
                intent = name
                rest = _take(rest, words)[1]
                break

    kind = None
    kind_words: tuple[tuple[str, tuple[str, ...]], ...] = _KIND_WORDS
    if intent == "count":
        # 「3-2の節には指標が何個」「プロジェクト3の節はいくつ」: what is counted is named last
        kind_words = tuple(sorted(_KIND_WORDS, key=lambda kw: -max(rest.rfind(w) for w in kw[1])))
    for name, words in kind_words if kinds else ():
        found, without = _take(rest, words, _NOT_KIND, _NOT_KIND_AFTER)
        if found == "節" and not re.search(r"(?<![\u3400-\u9fff])節", rest):
            continue  # 季節, 調節: 節 as part of another word
        if found is not None:
            if intent == "define" and not strip_fillers(without):
                break  # 「重点成長分野とは」: the kind word is the term asked about
            kind, rest = name, without
            while found is not None:  # 「指標9は前の計画のどの指標から」: every mention goes
                found, without = _take(rest, words, _NOT_KIND, _NOT_KIND_AFTER)
                rest = without if found is not None else rest
            if name == "section":  # 「プロジェクトの節の一覧」: a project word alone names no project
                project_words = dict(_KIND_WORDS)["project"]
                bare = _take(rest, project_words, _NOT_KIND, _NOT_KIND_AFTER)[1]
                rest = bare if not re.search(r"\d", bare) else rest
            break

    filters: dict[str, object] = {}
    stale = _has(folded, _STALE)
    behind = not stale and _has(folded, _BEHIND)
    # 「目標に届いた指標」 lists; 「石炭共同輸送は目標に届いた？」 asks one item's progress
    # 「第1次の企業誘致、何件達成した？」 asks the value reached, not which indicators reached it
    ahead = _has(folded, _AHEAD) and (intent != "progress" or kind == "indicator") and counted != "何件達成"
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
    if counted_stars and intent is None and kind is None and not filters and strip_fillers(rest).strip():
        intent = "rating"  # 「第1次の衛星データ…の件数は★4つ？」: one named item's ★, not a list
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
            else several or [n]
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
    left = strip_fillers(rest).split()
    subject = " ".join(_naming(left, known))
    unnamed = tuple(
        p
        for w in left
        for p in _INNER_PARTICLE.split(w)
        if known is not None and len(p) >= 2 and not _is_kana(p) and not p.isascii() and not known(p)
    )
    if intent in ("count", None) or filters:
        # 「…のうち、実績が目標に届いたのは何指標？」: what is asked of items names no group
        subject = " ".join(
            w for w in subject.split() if w not in _GENERIC and w not in _ASKING and w not in _VALUE_WORDS
        )
    if filters and kind in ("project", "field") and subject and intent in ("count", "list", None):
        # 「プロジェクト4で遅れてる指標の数」: the indicators of that project that match the filter
        subject, kind = f"{_KIND_NAMES[kind]}{subject}", "indicator"

    if intent in ("rating", "progress") and not subject and (previous or kind == "indicator" or filters):
        # 「第1次の評価は」「進み具合は？」: how the plan's indicators stand, as a list; 「目標に届いたのは
        # 何指標？」 how many
        how_many = bool(filters) and _has(folded, ("何件", "何個", "何指標", "いくつ", "の数"))
        return Question(
            folded,
            "count" if how_many else "list",
            "",
            kind="indicator",
            previous_plan=previous,
            filters=filters,
        )
    if intent == "count":
        return Question(
            folded,
            "count",
            subject,
            kind=kind or "indicator",
            previous_plan=previous,
            filters=filters,
            year=year,
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
        folded,
        intent or "show",
        subject,
        kind=kind,
        previous_plan=previous,
        filters=filters,
        year=year,
        unnamed=unnamed,
    )
