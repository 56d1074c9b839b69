import pickle
import random

import pytest

from knowledge import kanwa
from knowledge.textnorm import reading_keys


@pytest.fixture(scope="module")
def full():
    with open(kanwa.source_path(), "rb") as f:
        return pickle.load(f)


@pytest.fixture(scope="module")
def compact(tmp_path_factory):
    path = tmp_path_factory.mktemp("kanwa") / "kanwa.bin"
    kanwa.build(path)
    return kanwa.CompactTable(path)


def test_compact_copy_holds_every_first_character(full, compact):
    assert len(compact) == len(full)


def test_compact_lookups_equal_pykakasi_s_own(full, compact, kb):
    names = "".join(i.name for p in ("2024", "2021") for i in kb.indicators(p))
    keys = {ord(ch) for ch in names} | set(random.Random(7).sample(sorted(full), 300))
    for key in keys:
        assert compact.get(key) == full.get(key), chr(key)
    assert compact.get(0x41) is None  # no entry: the same None pykakasi's dict gives


def test_the_running_dictionary_is_the_compact_one(kb):
    assert kanwa.install() is True
    assert reading_keys("蓄電池")[0] == "ちくでんち"
    assert "かんろ" in "".join(reading_keys("工業用水道管路"))


def test_readings_are_kept_between_starts_and_match_a_fresh_conversion(tmp_path, monkeypatch):
    import json

    from knowledge import textnorm

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(textnorm, "_STORE", {"dirty": False})
    textnorm._stored_readings.cache_clear()
    textnorm._convert.cache_clear()
    textnorm._reverse_segmented.cache_clear()
    fresh = textnorm.reading_keys("工業用水道管路の半導体")
    textnorm.save_readings()
    stored = json.loads(textnorm.readings_path().read_text(encoding="utf-8"))
    assert stored["c:工業用水道管路の半導体"][0] == textnorm._convert("工業用水道管路の半導体")[0]
    textnorm._stored_readings.cache_clear()
    textnorm._convert.cache_clear()
    textnorm._reverse_segmented.cache_clear()
    monkeypatch.setattr(textnorm, "_kakasi", None)  # a second start must not need pykakasi for these
    assert textnorm.reading_keys("工業用水道管路の半導体") == fresh
    textnorm._stored_readings.cache_clear()
