"""Administrator commands: /reload."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.admin._cog import Admin

if TYPE_CHECKING:
    from bot.client import StrategyBot


async def setup(bot: StrategyBot) -> None:
    """Load the administrator commands."""
    await bot.add_cog(Admin(bot.services))
