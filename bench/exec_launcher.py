"""Run ``python -m bot`` as production does, pointed at a local fake Discord (FAKE_API, FAKE_GATEWAY)."""

from __future__ import annotations

import os
import sys

import discord
import yarl

discord.http.Route.BASE = os.environ["FAKE_API"]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_GATEWAY"])

from bot.__main__ import main  # noqa: E402  (after the patches, exactly as the entry point runs)

sys.exit(main([]))
