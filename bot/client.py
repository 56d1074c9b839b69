"""The Discord client: it holds the injected services and loads the command extensions."""

from __future__ import annotations

from typing import Any

import discord
from discord.ext import commands as ext

from bot.config import Settings
from bot.errors import StrategyTree
from bot.exts import EXTENSIONS
from bot.exts._views import answer_if_expired
from bot.services import Services
from bot.translator import JapaneseTranslator
from knowledge import Knowledge
from knowledge.store import Store


def intents() -> discord.Intents:
    """No privileged intent: slash commands need none, GUILDS fills the role and channel cache, and
    GUILD_MESSAGES and DM_MESSAGES bring the messages that mention the bot or are sent to it in a DM,
    the only ones whose content Discord delivers without Message Content (see the README's Intents)."""
    return discord.Intents(guilds=True, guild_messages=True, dm_messages=True)


# The bot never joins voice: don't warn at every start that voice libraries are missing.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


class StrategyBot(ext.Bot):
    """The bot: the services every cog is given, and the slash commands."""

    def __init__(
        self,
        settings: Settings,
        kb: Knowledge,
        store: Store | None = None,
        schedule: bool = True,
        **options: Any,
    ) -> None:
        # discord.py waits this long after the last GUILD_CREATE before on_ready (2 s by default);
        # without the members intent every guild arrives at once, so the wait only delays the digest.
        options.setdefault("guild_ready_timeout", 0.5)
        super().__init__(
            command_prefix=ext.when_mentioned,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),  # text from data or users never pings
            tree_cls=StrategyTree,
            help_command=None,
            **options,
        )
        self.services = Services(settings, kb, store)
        # Daily jobs (digest, reminders) run on the wall clock; tests switch them off and drive them.
        self.schedule = schedule

    @property
    def settings(self) -> Settings:
        """The validated settings."""
        return self.services.settings

    @property
    def kb(self) -> Knowledge:
        """The knowledge now served (``/reload`` replaces it)."""
        return self.services.kb

    @property
    def store(self) -> Store | None:
        """The database of actuals, if any."""
        return self.services.store

    async def on_interaction(self, interaction: discord.Interaction, /) -> None:
        """A press on a view that has stopped listening gets 「期限が切れました」, not a failure."""
        await answer_if_expired(interaction)

    async def on_message(self, message: discord.Message, /) -> None:
        """Run no prefix commands: the bot has none, and a mention is a question for /ask's listener."""

    async def setup_hook(self) -> None:
        """Install the translator and load the extensions (syncing is a separate, deliberate step)."""
        await self.tree.set_translator(JapaneseTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)

    async def sync_commands(self, everywhere: bool = False) -> list[str]:
        """Register the slash commands: to each configured guild (instant) or globally."""
        done = []
        if everywhere or not self.settings.guild_ids:
            synced = await self.tree.sync()
            done.append(f"global: {len(synced)} commands")
        else:
            for guild_id in self.settings.guild_ids:
                guild = discord.Object(guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                done.append(f"guild {guild_id}: {len(synced)} commands")
        return done
