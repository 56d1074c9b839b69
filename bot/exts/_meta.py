"""Discord's names, descriptions and choices for a command, read from the registry.

Each string carries its Japanese form with it (``locale_str(en, ja=…)``), so the translator never
looks a translation up by English text, and two options that share an English description can
still say different things in Japanese.
"""

from __future__ import annotations

from discord import app_commands
from discord.app_commands import locale_str

from commands.options import OptionSpec
from commands.registry import CommandSpec

Choices = list[app_commands.Choice[str]]  # what an autocomplete callback returns


def text(english: str, japanese: str) -> locale_str:
    """A string that Discord shows in English, and in Japanese to Japanese clients."""
    return locale_str(english, ja=japanese)


def name(spec: CommandSpec) -> locale_str:
    """The command's name."""
    return text(spec.name, spec.ja)


def description(spec: CommandSpec) -> locale_str:
    """The command's description."""
    return text(spec.description_en, spec.description)


def renames(spec: CommandSpec) -> dict[str, locale_str]:
    """Each option's display name (the parameter keeps its English name)."""
    return {o.name: text(o.name, o.ja) for o in spec.all_options}


def describes(spec: CommandSpec) -> dict[str, locale_str]:
    """Each option's description."""
    return {o.name: text(o.description_en, o.description) for o in spec.all_options}


def choices(option: OptionSpec) -> list[app_commands.Choice[str]]:
    """An option's fixed choices."""
    return [app_commands.Choice(name=text(en, ja), value=value) for value, ja, en in option.choices]
