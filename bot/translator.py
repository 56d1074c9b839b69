"""The ``ja`` localisation of every command, option and choice, carried by each string itself."""

from __future__ import annotations

import discord
from discord import app_commands


class JapaneseTranslator(app_commands.Translator):
    """Serves the Japanese each string carries; other locales fall back to the English base strings."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """Japanese for Japanese clients, None (the base string) for everyone else."""
        if locale is not discord.Locale.japanese:
            return None
        japanese = string.extras.get("ja")
        return japanese if isinstance(japanese, str) else None
