"""The strategy as validated data: models, loader, lookups and the ★ rating method."""

from pathlib import Path

from knowledge.kb import CURRENT_PLAN, PLANS, Knowledge, LineageRef
from knowledge.loader import DATA_DIR, KnowledgeError

__all__ = ["CURRENT_PLAN", "DATA_DIR", "PLANS", "Knowledge", "KnowledgeError", "LineageRef", "load_knowledge"]


def load_knowledge(data_dir: Path = DATA_DIR) -> Knowledge:
    """Load and validate the shipped (or given) data directory."""
    return Knowledge.load(data_dir)
