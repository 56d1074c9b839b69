"""The bot's long-lived data and the garbage collector."""

import gc


def settle() -> None:
    """Take what is loaded so far out of the garbage collector's full collections."""
    # The knowledge and its indexes are hundreds of thousands of objects that live until /reload;
    # walking them in every full collection paused a reply by up to 60 ms. What was frozen goes
    # back in the collector's care first, so that the knowledge /reload dropped is collected.
    gc.unfreeze()
    gc.collect()
    gc.freeze()
