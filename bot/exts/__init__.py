"""The bot's extensions: each package holds one cog that only talks to Discord, loaded with ``setup()``."""

EXTENSIONS = (
    "bot.exts.lookup",
    "bot.exts.ask",
    "bot.exts.editing",
    "bot.exts.data",
    "bot.exts.onboarding",
    "bot.exts.admin",
    "bot.exts.digest",
)
