"""Commands that change stored data: /update, /undo, /owner and /audit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.editing._cog import Editing

if TYPE_CHECKING:
    from bot.client import StrategyBot


async def setup(bot: StrategyBot) -> None:
    """Load the editing commands."""
    await bot.add_cog(Editing(bot.services))
