"""Pytest fixtures for the fake; import them into a conftest.py (`from tests.fakediscord.fixtures import *`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from . import FakeDiscord, patch_client

__all__ = ["fake_discord"]


@pytest.fixture
async def fake_discord(monkeypatch) -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord with discord.py patched to use it; fails the test on unhandled routes or rule breaks.

    A test that provokes violations on purpose asserts on `fake.violations` and then clears the list.
    """
    async with FakeDiscord() as fake:
        patch_client(monkeypatch, fake)
        yield fake
    fake.check()
