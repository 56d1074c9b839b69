"""The Discord client: one bot object that holds the knowledge and answers through the commands."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands as ext

from bot.cogs.admin import Admin
from bot.cogs.lookup import Lookup
from bot.cogs.onboarding import Onboarding
from bot.config import Settings
from bot.errors import StrategyTree
from bot.respond import send_reply
from bot.translator import JapaneseTranslator
from commands.context import Context
from commands.line import execute, run
from commands.registry import CommandSpec
from commands.replies import Reply
from knowledge import DATA_DIR, Knowledge, load_knowledge

log = logging.getLogger(__name__)


def intents() -> discord.Intents:
    """Only GUILDS: slash commands need no privileged intent, and GUILDS fills the role cache."""
    return discord.Intents(guilds=True)


class StrategyBot(ext.Bot):
    """The bot: knowledge, settings and the slash commands."""

    def __init__(self, settings: Settings, kb: Knowledge, **options) -> None:
        super().__init__(
            command_prefix=ext.when_mentioned,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),  # text from data or users never pings
            tree_cls=StrategyTree,
            help_command=None,
            **options,
        )
        self.settings = settings
        self.kb = kb

    async def setup_hook(self) -> None:
        """Install the translator and the command cogs (syncing is a separate, deliberate step)."""
        await self.tree.set_translator(JapaneseTranslator())
        await self.add_cog(Lookup(self))
        await self.add_cog(Onboarding(self))
        await self.add_cog(Admin(self))

    def load_knowledge(self) -> Knowledge:
        """Read and validate the data files (for /reload)."""
        return load_knowledge(self.settings.knowledge_path or DATA_DIR)

    def context(self) -> Context:
        """A fresh command context: today's date in Japan and the current knowledge."""
        return Context(self.kb)

    async def answer(
        self, interaction: discord.Interaction, spec: CommandSpec, query: str | None, **options
    ) -> None:
        """Run a command and send its reply."""
        given = {name: value for name, value in options.items() if value}
        reply = run(self.context(), spec, query or "", given)
        await send_reply(interaction, reply, self.answer_line)

    def answer_line(self, line: str) -> Reply:
        """Answer a command line (used when a candidate is picked from a menu)."""
        return execute(self.context(), line)

    def suggest(self, current: str, kind: str, plan: str = "2024") -> list[app_commands.Choice[str]]:
        """Autocomplete choices from the shared matcher: at most 25, no I/O."""
        pairs = self.kb.search_index.autocomplete(
            current or "", kind, plan if plan in ("2024", "2021") else "2024"
        )
        return [app_commands.Choice(name=label[:100], value=value[:100]) for label, value in pairs[:25]]

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
