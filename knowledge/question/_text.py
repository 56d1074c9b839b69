"""Folding a question and cutting it into the words that could name its subject."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from knowledge.question._words import (
    _CURRENT,
    _FILLERS,
    _GENERIC,
    _PREVIOUS,
    _ROMAJI_PARTICLES,
    _SPACE,
    _YEAR_WORD,
)

_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUMBER = re.compile(
    r"(指標|No\.|番号|プロジェクト|分野)([一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])(?![覧部つ])"
)
# 「8番プロジェクト」「3番目の指標」: the number before the kind, read as プロジェクト8, 指標3
_NUMBER_FIRST = re.compile(r"(?<![\d.])(\d{1,2})\s*番目?\s*の?\s*(プロジェクト|指標|分野)")
# 「ぷろじぇくと4」「しひょうにじゅういち」: a kind word typed in kana or romaji before its number
_KANA_KINDS = {
    "ぷろじぇくと": "プロジェクト",
    "purojekuto": "プロジェクト",
    "しひょう": "指標",
    "shihyou": "指標",
    "sihyou": "指標",
    "ぶんや": "分野",
    "bunya": "分野",
}
_KANA_DIGITS = {
    "いち": 1, "に": 2, "さん": 3, "よん": 4, "ご": 5, "ろく": 6, "なな": 7, "しち": 7, "はち": 8, "きゅう": 9
}  # fmt: skip
_KANA_DIGIT = "|".join(sorted(_KANA_DIGITS, key=len, reverse=True))
_KANA_NUMBER = re.compile(
    rf"(指標|プロジェクト|分野|{'|'.join(_KANA_KINDS)})\s*"
    rf"(?:(?P<tens>{_KANA_DIGIT})?(?P<ten>じゅう)(?P<ones>{_KANA_DIGIT})?|(?P<one>{_KANA_DIGIT}))"
    r"(?=の|は|って|を|が|番|\s|$|[、,？?])"
)
_KANA_KIND_NUMBER = re.compile(rf"({'|'.join(_KANA_KINDS)})\s*(?=\d)")
_IME_NN = re.compile(r"nn(?![aiueoy])")
# 「jixtuseki」: x or l before tu types a small っ, which doubles the next consonant (jisseki)
_IME_SMALL_TSU = re.compile(r"[xl]tu?(?=[kstcpgzdbfhjmrw])")


def _kanji_number(m: re.Match[str]) -> str:
    head, text = m.group(1), m.group(2)
    if "十" not in text:
        return head + str(_KANJI_DIGITS[text])
    tens, _, ones = text.partition("十")
    return head + str(_KANJI_DIGITS.get(tens, 1) * 10 + _KANJI_DIGITS.get(ones, 0))


def _kana_number(m: re.Match[str]) -> str:
    head = _KANA_KINDS.get(m.group(1), m.group(1))
    if m["one"] == "に" and m.string[m.end() : m.end() + 1] in ("は", "が", "を"):
        return m.group(0)  # 「しひょうには」: に is the particle, not 2
    if m["ten"]:
        number = _KANA_DIGITS.get(m["tens"] or "", 1) * 10 + _KANA_DIGITS.get(m["ones"] or "", 0)
    else:
        number = _KANA_DIGITS[m["one"]]
    return head + str(number)


def fold(text: str) -> str:
    """The question as typed, folded: widths halved, spaces collapsed, 指標十五 as 指標15, tanntou as tantou."""
    folded = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    folded = _KANJI_NUMBER.sub(_kanji_number, folded)
    folded = re.sub(r"[a-z]+", lambda m: _small_tsu(_IME_NN.sub("n", m.group())), folded)
    folded = _KANA_NUMBER.sub(_kana_number, folded)
    folded = _KANA_KIND_NUMBER.sub(lambda m: _KANA_KINDS[m.group(1)], folded)
    folded = re.sub(r"(?i)PJ化", "プロジェクト化", folded)  # 「電動化PJ化件数」: PJ shortens プロジェクト
    return _NUMBER_FIRST.sub(r"\2\1", folded)


def _small_tsu(word: str) -> str:
    return _IME_SMALL_TSU.sub(lambda m: word[m.end()], word) if _IME_SMALL_TSU.search(word) else word


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
        if _PARTICLES_ONLY.fullmatch(w) or _POLITE_VERB.fullmatch(w):
            continue  # 「何件か」 leaves か; 「会議で使います。」 a verb: neither names anything
        bracketed = _BRACKETED_REFERENCE.fullmatch(w)
        if bracketed:  # 「KPI一覧（PJ2）」: a reference in brackets is the reference
            w = bracketed.group(1)
        if _is_kana(w):  # でんどうか: in a word typed in kana, で and か may be its own letters
            w = re.sub(r"(は|の|を|が)+$", "", w)
        else:
            w = re.sub(r"^(は|の|が|を|も|か|で|何)+|(は|の|が|を|も|か|ね|よ|な|で|に|何|っ)+$", "", w)
        if (
            w.strip("()（）「」[]【】")
            and w.lower() not in _ROMAJI_PARTICLES
            and w not in _THE_PREFECTURE
            and w not in _WHEN
        ):
            cleaned.append(w)
    return " ".join(cleaned)


def _is_kana(word: str) -> bool:
    return all("\u3041" <= ch <= "\u30ff" for ch in word)


# particles inside a word: 「3-4の中身」 is 3-4 and 中身, 「改定の趣旨をざっくり」 改定の趣旨 and ざっくり
_INNER_PARTICLE = re.compile(r"って|から|まで|(?<!ご)と|[のはがをにでへや]")


# the prefecture itself: every item is Yamaguchi's, so naming it picks none
_BRACKETED_REFERENCE = re.compile(r"[(（]([^()（）]*\d[^()（）]*)[)）]")
_POLITE_VERB = re.compile(r".{1,3}(?:ます|ました|ません)")
_PARTICLES_ONLY = re.compile(r"[はのがをもかでにとやねよな]+")
_THE_PREFECTURE = frozenset({"山口県", "山口", "山口市", "本県", "県"})
# 「水素の目標はいつまで」: when, left alone once まで is taken out, names nothing
_WHEN = frozenset({"いつ", "はいつ", "いつ頃", "いつごろ"})
# words that ask for a value, never a name, even when a name holds the character (付加価値 and 値)
_VALUE_WORDS = frozenset({"値", "数字", "数値", "数", "課", "部署", "件", "個"})


_VERB_FORM = re.compile(
    r"(ます|ました|ましたか|ません|ている|ていた|ていま|てる|して|した|する|しない|ない|たい|れる|れた)$"
)
_EDGE_PARTICLES = re.compile(
    r"^(?:って|から|まで|[のはがをにでとへや])+|(?:って|から|まで|[のはがをにでとへや])+$"
)


def _name_ending_in_masu(word: str, known: Callable[[str], bool]) -> bool:
    return word.endswith("ます") and len(word) >= 6 and known(word)


def _naming(words: list[str], known: Callable[[str], bool] | None) -> list[str]:
    """The words that could name an item; all of them when none could (the matcher says not found).

    A word is cut at its particles; the pieces that name nothing (中身, 数字, 山口県) go with the
    particle before them, and the rest stays as typed: 「1人当たりの付加価値額の数字」 is
    1人当たりの付加価値額, a synonym only in that form.
    """
    if known is None:
        return words
    # る of 進んでる, いま, されていましたか: a verb's ending or a kana word too short to name anything
    # (ばいおます of せきたんばいおます ends like a verb but is a name's reading)
    words = [
        w
        for w in words
        if not (
            _is_kana(w) and (len(w) <= 2 or (_VERB_FORM.search(w) and not _name_ending_in_masu(w, known)))
        )
    ]
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


def _annotation(m: re.Match[str]) -> str:
    """A bracketed note goes, unless it names a plan: 「…の評価（第1次改定版）」 asks of that plan."""
    note = m.group(0)[1:-1]
    return f" {note} " if _has(note, _PREVIOUS + _CURRENT) else " "


def _year_of(text: str) -> int | None:
    """The western year a question names (2022年度, 令和4年度, R4年度), if one."""
    m = _YEAR_WORD.search(text)
    if m is None:
        return None
    head = m.group(1) or m.group(4)
    if head.isdigit():
        return int(head)
    return 2018 + int(head.removeprefix("令和").removeprefix("R"))


# a year that qualifies what is asked (2026年度に何件, 2022年度の値): not part of the subject
