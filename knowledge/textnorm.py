"""Japanese text folding for fuzzy matching: width, case, kana, long vowels, OCR variants and readings.

Three comparison spaces, each a plain string so that rapidfuzz can compare them:

- ``surface_key``: NFKC (full-width letters/digits and half-width katakana), case-folded, katakana
  folded to hiragana, small kana to large, the long-vowel mark spelled out as its vowel, the document's
  OCR variants folded, and everything that is not a letter, digit or mark removed (brackets, ・、「」
  spaces, emoji, control characters).
- ``reading_key``: the hiragana reading from pykakasi, folded like the surface.  Conversion mistakes
  (成役 for 成約) share the reading, so they meet here.
- ``romaji_key``: the Hepburn romaji from pykakasi, folded so that kunrei input (tikudenti, syoudan)
  and long-vowel spellings (kouwan, kowan) meet.

pykakasi is slow-ish (about 0.1–1 ms per string); conversions are cached.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import re
import unicodedata
from importlib.metadata import version
from pathlib import Path

import jaconv
import pykakasi
from pykakasi.kanji import Itaiji, Kanwa

from knowledge import kanwa

MAX_QUERY_CHARS = 200

# The printed (OCR) forms of the document and their corrections.  Word-level folds are safe because
# the misreadings never occur as real words in the document; 先導的プロトコル is not folded (プロトコル
# is a real word) but is matched through the indexed printed name.
OCR_VARIANTS: tuple[tuple[str, str], ...] = (
    ("濑", "瀬"),
    ("产", "産"),
    ("渴", "渇"),
    ("歴年", "暦年"),
    ("リスクリシング", "リスキリング"),
    ("リスクリング", "リスキリング"),
)

_SMALL_KANA = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
# Dash-like characters that an IME or a keyboard produces for the long-vowel mark after kana.
_LONG_MARKS = frozenset("ーｰ-‐‑‒–—―−〜~～")
_VOWEL_KANA = {"a": "あ", "i": "い", "u": "う", "e": "え", "o": "お"}


def _vowel_table() -> dict[str, str]:
    # Derived from jaconv's romanisation rather than written out by hand.
    table = {}
    for code in range(ord("ぁ"), ord("ゖ") + 1):
        kana = chr(code)
        roman = jaconv.kana2alphabet(kana)
        if roman and roman[-1] in _VOWEL_KANA:
            table[kana] = _VOWEL_KANA[roman[-1]]
    return table


_VOWEL_OF = _vowel_table()


def _fold_kana(text: str) -> str:
    """Case, katakana → hiragana, small kana → large, long-vowel mark → its vowel."""
    text = jaconv.kata2hira(text.casefold()).translate(_SMALL_KANA)
    out: list[str] = []
    for ch in text:
        if ch in _LONG_MARKS:
            vowel = _VOWEL_OF.get(out[-1]) if out else None
            if vowel:
                out.append(vowel)
            elif ch not in "ーｰ":
                out.append(ch)  # a real hyphen (Y-BASE, 3-2) stays until punctuation is dropped
            continue
        out.append(ch)
    return "".join(out)


_OCR_FOLDS = tuple((_fold_kana(a), _fold_kana(b)) for a, b in OCR_VARIANTS)
_OCR_RAW = tuple(OCR_VARIANTS) + tuple((jaconv.kata2hira(a), jaconv.kata2hira(b)) for a, b in OCR_VARIANTS)


def nfkc(text: str) -> str:
    """NFKC with the document's OCR variants folded, before any kana folding (for pykakasi)."""
    text = unicodedata.normalize("NFKC", text)
    for wrong, right in _OCR_RAW:
        if wrong in text:
            text = text.replace(wrong, right)
    return text


def _keep(ch: str) -> bool:
    # Letters, digits and combining marks carry meaning; punctuation, symbols (emoji), separators and
    # control/format characters do not.
    return unicodedata.category(ch)[0] in "LNM"


def char_grams(key: str, n: int) -> frozenset[str]:
    """The runs of ``n`` characters in ``key`` (none when it is shorter)."""
    return frozenset(key[i : i + n] for i in range(len(key) - n + 1))


@functools.lru_cache(maxsize=16384)
def surface_key(text: str) -> str:
    """The folded surface form used for comparison (may be empty)."""
    folded = _fold_kana(nfkc(text))
    for wrong, right in _OCR_FOLDS:
        if wrong in folded:
            folded = folded.replace(wrong, right)
    return "".join(ch for ch in folded if _keep(ch))


@functools.lru_cache(maxsize=1)
def _kakasi() -> pykakasi.kakasi:
    kanwa.install()  # before pykakasi loads its own 120 MB copy of the dictionary
    return pykakasi.kakasi()


# Variation selectors pick a glyph, not a reading; pykakasi fails on one that stands alone.
_KANJI_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]+")
_SUFFIX_READINGS = {"額": ("がく", "gaku"), "等": ("とう", "tou")}  # 水素等 is すいそとう as staff say it
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


@functools.lru_cache(maxsize=16384)
def _convert(text: str) -> tuple[str, str]:
    stored = _stored_readings()
    known = stored.get(f"c:{text}")
    if known is not None and len(known) == 2:
        return known[0], known[1]
    parts = _kakasi().convert(_VARIATION_SELECTORS.sub("", text))
    for before, part in itertools.pairwise(parts):
        # a kanji pykakasi reads alone as a word (額 → ひたい) is a suffix after another kanji (輸出額)
        suffix = _SUFFIX_READINGS.get(part["orig"])
        if suffix is not None and _KANJI_RUN.search(before["orig"][-1:]):
            part["hira"], part["hepburn"] = suffix
    result = "".join(p["hira"] for p in parts), " ".join(p["hepburn"] for p in parts)
    stored[f"c:{text}"] = result
    _STORE["dirty"] = True
    return result


def reading_key(text: str) -> str:
    """The folded hiragana reading of ``text`` (kanji converted by pykakasi)."""
    return surface_key(_convert(nfkc(text))[0])


_LONGEST_WORD = 8


@functools.lru_cache(maxsize=16384)
def _reverse_segmented(run: str) -> str:
    stored = _stored_readings()
    known = stored.get(f"r:{run}")
    if known is not None and len(known) == 1:
        return known[0]
    result = _segment_from_the_right(run)
    stored[f"r:{run}"] = (result,)
    _STORE["dirty"] = True
    return result


def _segment_from_the_right(run: str) -> str:
    # pykakasi segments greedily from the left, so 工業用水道管路 becomes …すいどうかん|みち although
    # its dictionary has 管路 (かんろ).  Segmenting the run from the right with the same dictionary
    # gives a second reading that is often right where the first is wrong.
    _kakasi()  # the compact dictionary is installed before Kanwa() is first made
    table, text = Kanwa(), Itaiji().convert(run)
    parts: list[str] = []
    end = len(text)
    while end > 0:
        for start in range(max(0, end - _LONGEST_WORD), end):
            entries = (table.load(text[start]) or {}).get(text[start:end])
            if entries:
                parts.append(entries[0][0])
                end = start
                break
        else:
            end -= 1
            parts.append(text[end])
    return "".join(reversed(parts))


def reading_keys(text: str) -> tuple[str, ...]:
    """The folded readings of ``text``: pykakasi's, and the right-to-left segmentation where it differs."""
    text = nfkc(text)
    first = surface_key(_convert(text)[0])
    pieces = []
    last = 0
    for m in _KANJI_RUN.finditer(text):
        pieces.append(_convert(text[last : m.start()])[0] if m.start() > last else "")
        pieces.append(_reverse_segmented(m.group()))
        last = m.end()
    pieces.append(_convert(text[last:])[0] if last < len(text) else "")
    second = surface_key("".join(pieces))
    return (first,) if second == first or not second else (first, second)


# Readings of the data's own texts are the same on every start: they are kept in the cache folder,
# keyed by pykakasi's version and this module's source, so only new texts ever reach pykakasi.
_STORE: dict[str, bool] = {"dirty": False}


def readings_path() -> Path:
    """The file that keeps readings between starts."""
    source = Path(__file__).read_bytes() + Path(kanwa.__file__).read_bytes()
    stamp = f"{version('pykakasi')}-{hashlib.sha256(source).hexdigest()[:12]}"
    return kanwa.cache_path().parent / f"readings-{stamp}.json"


@functools.lru_cache(maxsize=1)
def _stored_readings() -> dict[str, tuple[str, ...]]:
    try:
        data = json.loads(readings_path().read_text(encoding="utf-8"))
        return {str(k): tuple(str(r) for r in v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def save_readings() -> None:
    """Write the readings learnt since start (atomically; a cache that cannot be written is skipped)."""
    if not _STORE["dirty"]:
        return
    path = readings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(_stored_readings(), ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
        _STORE["dirty"] = False
    except OSError:
        pass


_ROMAJI_FOLDS = (
    # As input methods want it typed: nn for ん (hanndoutai), xtu/ltu for a small っ (kixtute).
    (re.compile(r"nn(?![aiueoy])"), "n"),
    (re.compile(r"[xl]ts?u(?=([bcdfghjkmpqrstvwz]))"), r"\1"),
    (re.compile(r"tch"), "tt"),
    (re.compile(r"sh"), "sy"),
    (re.compile(r"ch"), "ty"),
    (re.compile(r"ts"), "t"),
    (re.compile(r"j"), "zy"),
    (re.compile(r"f"), "h"),
    (re.compile(r"m(?=[bpm])"), "n"),
    (re.compile(r"([stz])yi"), r"\1i"),
    (re.compile(r"du"), "zu"),
    (re.compile(r"di"), "zi"),
    # Long vowels are spelled many ways (kouwan, kowan, koowan); drop the length.
    (re.compile(r"ou|oo"), "o"),
    (re.compile(r"uu"), "u"),
    (re.compile(r"aa"), "a"),
    (re.compile(r"ii"), "i"),
    (re.compile(r"ee"), "e"),
)


@functools.lru_cache(maxsize=16384)
def fold_romaji(text: str) -> str:
    """Fold Hepburn and kunrei spellings to one form (shi/si → si, chi/ti → ti, kouwan → kowan)."""
    text = "".join(
        ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isascii() and ch.isalnum()
    )
    for pattern, repl in _ROMAJI_FOLDS:
        text = pattern.sub(repl, text)
    return text


def romaji_key(text: str) -> str:
    """The folded romaji of ``text``."""
    return fold_romaji(_convert(nfkc(text))[1])


def romaji_of_reading(reading: str) -> str:
    """The folded romaji of a hiragana reading."""
    return fold_romaji(jaconv.kana2alphabet(reading))


_LATIN_QUERY = re.compile(r"[a-z0-9][a-z0-9' \-?!,.]*")
# Two- and three-letter input is far more often an acronym (AI, DX, IoT) than romaji, and that short a
# romaji string occurs by chance in most readings.
MIN_ROMAJI_LETTERS = 4
ACRONYM_LETTERS = 3  # a word this short that is not romaji is kept as written (iot, dx, 5g)


# jaconv writes じぇ, しぇ, ちぇ back as jie, shie, chie; typed, they are je, she, che (purojekuto)
_SMALL_E = re.compile(r"(j|sh|ch)ie")


def _round_trips(word: str) -> bool:
    # Romaji survives the round trip; English and acronyms (iot → いおつ → iotsu) do not.
    back = jaconv.kana2alphabet(jaconv.alphabet2kana(word))
    return fold_romaji(word) in (fold_romaji(back), fold_romaji(_SMALL_E.sub(r"\1e", back)))


def romaji_to_kana(text: str) -> str | None:
    """Folded hiragana for romaji input (kouwan → こうわん), or None when ``text`` is not romaji.

    Read word by word: joined, 「gaikokujin nobe」 would read jinnobe as じんおべ (nn is ん).  An
    acronym or a number among the words stays as written (iot dounyuuritu → iotどうにゅうりつ).
    """
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    if not _LATIN_QUERY.fullmatch(text):
        return None
    out: list[str] = []
    converted = 0
    for word in (re.sub(r"[^a-z0-9]", "", w) for w in text.split()):
        if not word:
            continue
        if word.isalpha() and _round_trips(word):
            out.append(jaconv.alphabet2kana(word))
            converted += len(word)
        elif not word.isalpha() or len(word) <= ACRONYM_LETTERS:
            out.append(word)
        else:
            return None  # an English word
    if converted < MIN_ROMAJI_LETTERS:
        return None
    return surface_key("".join(out))
