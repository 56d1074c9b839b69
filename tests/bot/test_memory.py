"""settle(): what is loaded leaves the collector's full collections, and what /reload dropped is freed."""

import gc
import weakref

from bot.memory import settle
from knowledge import load_knowledge


class _Node:
    """An object in a reference cycle, which only the collector (not reference counting) frees."""

    def __init__(self) -> None:
        self.me = self


def test_settle_freezes_what_is_loaded():
    try:
        kb = load_knowledge()
        settle()
        assert gc.get_freeze_count() > 0
        assert kb.search_index is not None
    finally:
        gc.unfreeze()


def test_a_cycle_frozen_once_is_collected_at_the_next_settle_after_it_is_dropped():
    try:
        node = _Node()
        dropped = weakref.ref(node)
        settle()
        del node
        gc.collect()
        assert dropped() is not None  # frozen: a plain collection leaves it
        settle()
        assert dropped() is None
    finally:
        gc.unfreeze()
