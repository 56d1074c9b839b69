"""Read-only lookups everyone uses: /indicator, /history, /project, /field, /search, /overview, /help."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.lookup._cog import Lookup

if TYPE_CHECKING:
    from bot.client import StrategyBot


async def setup(bot: StrategyBot) -> None:
    """Load the lookup commands."""
    await bot.add_cog(Lookup(bot.services))
