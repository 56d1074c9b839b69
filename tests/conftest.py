import os
import shutil
import tempfile
from pathlib import Path

# The kanji dictionary's compact copy and the stored readings go to a folder of this test run, never
# to the developer's ~/.cache; set before anything imports the knowledge (subprocesses inherit it).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="strategy-bot-test-cache-")

import pytest
from hypothesis import settings

from knowledge import DATA_DIR, Knowledge, load_knowledge

# CI replays the same examples every run, so a red build always means a change broke something;
# local runs keep exploring new examples and find what CI would not.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in its own folder with its own database path: ./data and .env stay untouched."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "bot.sqlite3"))


@pytest.fixture(scope="session")
def kb() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data directory, for tests that break a file."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def ctx(kb):
    from datetime import date

    from commands.context import Context

    return Context(kb, today=date(2026, 11, 29))
