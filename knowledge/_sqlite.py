"""sqlite-utils, imported without numpy.

sqlite-utils imports numpy (when present) only to map numpy scalar types to column types, which the
store never writes; numpy is present for the charts and costs about 0.15 s of every start.  Blocking
it while sqlite-utils loads keeps that cost off start-up; the charts still import numpy later.
"""

from __future__ import annotations

import sys

_blocked = "numpy" not in sys.modules
if _blocked:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` raise ImportError
try:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations
finally:
    if _blocked:
        del sys.modules["numpy"]

__all__ = ["Database", "Migrations"]
