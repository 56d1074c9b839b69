"""/ask: questions in plain Japanese, by slash command, by mentioning the bot, or in a DM.

``_cog`` holds the command and the message listener; ``_messages`` the path from a message to
ask() and back as replies; ``_views`` the buttons that open an answer's follow-up commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.ask._cog import Ask

if TYPE_CHECKING:
    from bot.client import StrategyBot


async def setup(bot: StrategyBot) -> None:
    """Load /ask and the mention and DM listener; link buttons keep working across restarts."""
    cog = Ask(bot.services, lambda: bot.user)
    bot.add_dynamic_items(cog.links.button)
    await bot.add_cog(cog)
