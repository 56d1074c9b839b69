"""The strategy as validated data: models, loader, lookups and the ★ rating method."""

from pathlib import Path

from knowledge.edition import Edition
from knowledge.kb import Knowledge, LineageRef
from knowledge.loader import DATA_DIR, KnowledgeError

__all__ = ["DATA_DIR", "Edition", "Knowledge", "KnowledgeError", "LineageRef", "load_knowledge"]


def load_knowledge(data_dir: Path = DATA_DIR, pinned_plan: str | None = None) -> Knowledge:
    """Load and validate the shipped (or given) data directory."""
    return Knowledge.load(data_dir, pinned_plan)
