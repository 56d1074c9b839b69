"""The daily digest and the owners' reminders: posted to a channel, each exactly once a day."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.digest._cog import Digest
from bot.exts.digest._reminders import Reminders

if TYPE_CHECKING:
    from bot.client import StrategyBot


async def setup(bot: StrategyBot) -> None:
    """Load the digest commands and, unless switched off, the daily jobs."""
    await bot.add_cog(Digest(bot.services, bot, autostart=bot.schedule))
    await bot.add_cog(Reminders(bot.services, bot, autostart=bot.schedule))
