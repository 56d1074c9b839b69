"""The Discord client: one bot object that holds the knowledge and answers through the commands."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import discord
from discord import app_commands
from discord.ext import commands as ext

from bot.cogs.admin import Admin
from bot.cogs.data import Data
from bot.cogs.digest import Digest
from bot.cogs.editing import Editing
from bot.cogs.lookup import Lookup
from bot.cogs.onboarding import Onboarding
from bot.cogs.reminders import Reminders
from bot.config import Settings
from bot.errors import StrategyTree
from bot.respond import send_reply
from bot.translator import JapaneseTranslator
from commands.context import NOBODY, Actor, Context
from commands.line import execute, run
from commands.registry import CommandSpec
from commands.replies import Reply
from knowledge import DATA_DIR, Knowledge, load_knowledge
from knowledge.store import Store
from knowledge.values import JST

log = logging.getLogger(__name__)


def intents() -> discord.Intents:
    """Only GUILDS: slash commands need no privileged intent, and GUILDS fills the role cache."""
    return discord.Intents(guilds=True)


class StrategyBot(ext.Bot):
    """The bot: knowledge, settings and the slash commands."""

    def __init__(
        self,
        settings: Settings,
        kb: Knowledge,
        store: Store | None = None,
        schedule: bool = True,
        **options,
    ) -> None:
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
        self.store = store
        # Daily jobs (digest, reminders) run on the wall clock; tests switch them off and drive them.
        self.schedule = schedule

    async def setup_hook(self) -> None:
        """Install the translator and the command cogs (syncing is a separate, deliberate step)."""
        await self.tree.set_translator(JapaneseTranslator())
        await self.add_cog(Lookup(self))
        await self.add_cog(Onboarding(self))
        await self.add_cog(Editing(self))
        await self.add_cog(Data(self))
        await self.add_cog(Reminders(self))
        await self.add_cog(Digest(self, autostart=self.schedule))
        await self.add_cog(Admin(self))

    def digest_time(self) -> dt.time:
        """The daily slot in Japan time (a naive time would be taken as UTC by discord.py)."""
        return self.settings.digest_time.replace(tzinfo=JST)

    def load_knowledge(self) -> Knowledge:
        """Read and validate the data files (for /reload)."""
        return load_knowledge(self.settings.knowledge_path or DATA_DIR)

    def actor(self, user: discord.abc.User | None) -> Actor:
        """Who is asking, and whether they may edit: decided from their roles on every call."""
        if user is None:
            return NOBODY
        name = getattr(user, "display_name", None) or user.name
        permissions = getattr(user, "guild_permissions", None)
        manages = bool(permissions and (permissions.manage_guild or permissions.administrator))
        roles = {role.id for role in getattr(user, "roles", [])}
        editor = manages or bool(roles & set(self.settings.editor_role_ids))
        return Actor(str(user.id), name, editor=editor, admin=manages)

    def context(self, user: discord.abc.User | None = None) -> Context:
        """A fresh command context: today in Japan, the current knowledge, the store and the asker."""
        return Context(
            self.kb,
            store=self.store,
            actor=self.actor(user),
            cadence_months=self.settings.stale_after_months,
        )

    async def answer(
        self,
        interaction: discord.Interaction,
        spec: CommandSpec,
        query: str | None,
        private: bool = False,
        **options,
    ) -> None:
        """Run a command and send its reply; writes are deferred, private, and run off the event loop."""
        given = {name: value for name, value in options.items() if value is not None and value != ""}
        ctx = self.context(interaction.user)
        if spec.writes or spec.slow:
            private = private or spec.writes  # a refusal or a typo in a value is nobody else's business
            await interaction.response.defer(thinking=True, ephemeral=private)
            reply = await asyncio.to_thread(run, ctx, spec, query or "", given)
            if spec.writes and reply.status == "invalid" and not ctx.actor.editor:
                log.info("Refused /%s for user %s (not an editor)", spec.name, interaction.user.id)
        else:
            reply = run(ctx, spec, query or "", given)
        await send_reply(
            interaction, reply, lambda line: self.answer_line(line, interaction.user), private=private
        )

    def answer_line(self, line: str, user: discord.abc.User | None = None) -> Reply:
        """Answer a command line (used when a candidate is picked from a menu)."""
        return execute(self.context(user), line)

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
