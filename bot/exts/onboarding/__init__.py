"""Onboarding for new staff: /tour with page buttons, /quiz with answer buttons, and /glossary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.onboarding._cog import Onboarding

if TYPE_CHECKING:
    from bot.client import StrategyBot


async def setup(bot: StrategyBot) -> None:
    """Load the onboarding commands."""
    await bot.add_cog(Onboarding(bot.services))
