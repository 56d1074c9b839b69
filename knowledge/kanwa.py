"""A compact, lazily read copy of pykakasi's kanji dictionary, to keep the bot's memory small.

pykakasi unpickles its whole kanji→reading dictionary (270,000 entries under 6,800 first
characters) into Python objects: about 120 MB, more than everything else the bot holds together.
We only ever look up the first characters that occur in our names and in what people type, so this
module writes the same dictionary once to a cache file (an index plus one JSON blob per first
character, about 10 MB) and serves pykakasi's lookups from it on demand, through a memory map.

The cache is built in a child process, so the parent never holds the unpickled dictionary, and is
keyed by pykakasi's version and the dictionary's size.  Should anything go wrong (no writable cache
folder, a corrupt file), pykakasi loads its own dictionary as usual: answers stay the same, only the
memory saving is lost.
"""

from __future__ import annotations

import functools
import json
import logging
import mmap
import os
import pickle
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pykakasi.kanji import Kanwa
from pykakasi.properties import Configurations

log = logging.getLogger(__name__)

FORMAT = 1


def source_path() -> Path:
    """pykakasi's own pickled dictionary."""
    return Path(str(Configurations.data_path)) / Configurations.jisyo_kanwa


def cache_path() -> Path:
    """Where the compact copy lives: the user's cache folder, per pykakasi version and dictionary."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "yamaguchi-strategy-bot"
    stamp = f"{version('pykakasi')}-{source_path().stat().st_size}-f{FORMAT}"
    return base / f"kanwa-{stamp}.bin"


def build(path: Path) -> None:
    """Write the compact copy: a JSON index line, then one JSON object per first character."""
    with open(source_path(), "rb") as f:
        table = pickle.load(f)  # pykakasi's own file, read exactly as pykakasi reads it
    index: dict[str, list[int]] = {}
    blob = bytearray()
    for key, words in table.items():
        chunk = json.dumps(words, ensure_ascii=False, separators=(",", ":")).encode()
        index[str(key)] = [len(blob), len(chunk)]
        blob += chunk
    header = json.dumps(index, separators=(",", ":")).encode() + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_bytes(header + bytes(blob))
    os.replace(partial, path)  # readers never see half a file


class CompactTable:
    """The mapping pykakasi's Kanwa expects (``.get(ord(char))``), decoded per first character."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        end = self._map.find(b"\n")
        self._index = {int(k): v for k, v in json.loads(self._map[:end]).items()}
        self._base = end + 1
        self.get = functools.lru_cache(maxsize=4096)(self._get)

    def _get(self, key: int, default: object = None) -> object:
        where = self._index.get(key)
        if where is None:
            return default
        start = self._base + where[0]
        words = json.loads(self._map[start : start + where[1]])
        return {word: [(yomi, con) for yomi, con in entries] for word, entries in words.items()}

    def __len__(self) -> int:
        return len(self._index)


def install() -> bool:
    """Make pykakasi read the compact copy (building it first if needed); False if it had to fall back."""
    state: dict[str, Any] = Kanwa._shared_state
    if state.get("_jisyo_table") is not None:
        return isinstance(state["_jisyo_table"], CompactTable)
    try:
        path = cache_path()
        if not path.exists():
            # -c, not -m: running a module of an already imported package warns on stderr.
            build_it = (
                "import sys, pathlib; from knowledge.kanwa import build; build(pathlib.Path(sys.argv[1]))"
            )
            subprocess.run([sys.executable, "-c", build_it, str(path)], check=True, timeout=120)
        table = CompactTable(path)
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        log.warning("Using pykakasi's full dictionary (compact copy unavailable: %s)", exc)
        return False
    with state["_lock"]:
        if state["_jisyo_table"] is None:
            state["_jisyo_table"] = table
    return True


if __name__ == "__main__":
    build(Path(sys.argv[1]))
