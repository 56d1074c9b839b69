"""Bulk data in and out: /import (an attached CSV) and /export (CSV and JSON files)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.data._cog import Data

if TYPE_CHECKING:
    from bot.client import StrategyBot


async def setup(bot: StrategyBot) -> None:
    """Load /import and /export."""
    await bot.add_cog(Data(bot.services))
