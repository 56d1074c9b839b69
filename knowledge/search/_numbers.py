"""Number forms: 15, １５, No.15, #15, 指標15, 15番, 3-2, プロジェクト4, 分野6, and labels pasted back."""

from __future__ import annotations

import re
import unicodedata

_PREFIX_KIND = {
    "指標": "indicator",
    "プロジェクト": "project",
    "pj": "project",
    "分野": "field",
    "重点成長分野": "field",
}
_NUMBER = re.compile(
    r"(?:(?P<prefix>no\.?|#|第|指標|プロジェクト|pj|重点成長分野|分野)\s*)?"
    r"(?P<num>[-−]?\d{1,6})"
    r"(?:\s*[-‐‑‒–—―−ーの]\s*(?P<sub>\d{1,6}))?"
    r"\s*(?:番目|番|号)?"
)
_LABEL_ECHO = re.compile(r"(?P<num>\S+)\s+(?P<rest>.+)")


def parse_number(text: str) -> tuple[str | None, int | str] | None:
    """(kind named by a prefix or None, number or "3-2") for a number form, else None."""
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    m = _NUMBER.fullmatch(folded)
    if not m:
        return None
    num = int(m["num"].replace("−", "-"))
    value: int | str = f"{num}-{int(m['sub'])}" if m["sub"] else num
    return _PREFIX_KIND.get(m["prefix"] or ""), value


def parse_label(text: str) -> tuple[tuple[str | None, int | str], str] | None:
    """(parsed number, the text after it) for a label pasted back ("15 5G人口カバー率"), else None."""
    m = _LABEL_ECHO.fullmatch(text.strip())
    if not m:
        return None
    parsed = parse_number(m["num"])
    if parsed is None:
        return None
    return parsed, m["rest"]
