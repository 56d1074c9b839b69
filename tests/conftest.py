import shutil
from pathlib import Path

import pytest

from knowledge import DATA_DIR, Knowledge, load_knowledge

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
