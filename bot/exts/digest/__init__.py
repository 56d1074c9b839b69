"""The daily digest and the owners' reminders: one daily job, each message posted exactly once.

``_cog`` holds /digest settings, /digest preview and the loop; ``_daily`` the day's job;
``_poster`` the claim → send → confirm guard and the retry policy; ``_reminders`` the reminders
as jobs of that guard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.digest._cog import Digest

if TYPE_CHECKING:
    from bot.client import StrategyBot


async def setup(bot: StrategyBot) -> None:
    """Load the digest commands and, unless switched off, the daily job."""
    await bot.add_cog(Digest(bot.services, bot, autostart=bot.schedule))
