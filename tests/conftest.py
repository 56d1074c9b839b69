import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from knowledge import DATA_DIR, Knowledge, load_knowledge

# CI replays the same examples every run, so a red build always means a change broke something;
# local runs keep exploring new examples and find what CI would not.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent


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
