"""What the cogs are given: the knowledge, the store, the settings, a clock, and who is asking.

Cogs take a ``Services`` when they are built (python-discord's ``_cog``/``_api`` split): they never
reach back into the Bot.  ``/reload`` swaps ``kb`` here, and every later context sees the new data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import discord
from discord import app_commands

from bot.config import Settings
from bot.render.discord import CHOICES, choice_text
from commands.context import NOBODY, Actor, Context
from knowledge import Knowledge
from knowledge.store import Store
from knowledge.values import JST


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Services:
    """The bot's dependencies, injected into every cog."""

    settings: Settings
    kb: Knowledge
    store: Store | None = None
    clock: Callable[[], dt.datetime] = field(default=_utc_now)

    def today(self) -> dt.date:
        """Today in Japan, by the injected clock."""
        return self.clock().astimezone(JST).date()

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

    def context(self, user: discord.abc.User | None = None, *, charts: bool = True) -> Context:
        """A fresh command context: today in Japan, the current knowledge, the store and the asker."""
        return Context(
            self.kb,
            today=self.today(),
            store=self.store,
            actor=self.actor(user),
            cadence_months=self.settings.stale_after_months,
            grace_days=self.settings.stale_grace_days,
            charts=charts,
        )

    def plans(self, current: object) -> list[app_commands.Choice[str]]:
        """Autocomplete choices of the plans the data holds, the one in force first."""
        typed = current if isinstance(current, str) else ""
        return [
            app_commands.Choice(name=choice_text(label), value=plan)
            for plan, label in self.kb.plan_choices(self.today())
            if typed in plan or typed in label
        ][:CHOICES]

    def suggest(self, current: object, kind: str, plan: object = None) -> list[app_commands.Choice[str]]:
        """Autocomplete choices from the one matcher: at most 25, each within Discord's lengths."""
        text = current if isinstance(current, str) else ""
        # the plan typed so far (id or alias), else the one in force today
        named = self.kb.find_plan(plan) if isinstance(plan, str) and plan else None
        chosen = named or self.kb.current_plan(self.today())
        pairs = self.kb.search_index.autocomplete(text, kind, chosen)
        return [
            app_commands.Choice(name=choice_text(label), value=value[:100])
            for label, value in pairs[:CHOICES]
            if value
        ]
