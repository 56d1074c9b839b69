"""The fake gateway: HELLO, heartbeats, IDENTIFY/READY/GUILD_CREATE, RESUME, and forced op 7 / op 9."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .server import FakeDiscord

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE, RESUME, RECONNECT, REQUEST_MEMBERS = 0, 1, 2, 3, 4, 6, 7, 8
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11

INTENT_GUILDS = 1 << 0
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15  # privileged


@dataclass
class Session:
    """A gateway session: survives a reconnect (RESUME), not an invalidation."""

    id: str
    intents: int
    seq: int = 0
    # Events dispatched while the client is between sockets, replayed on RESUME as Discord does.
    backlog: list[dict[str, Any]] = field(default_factory=list)


class Gateway:
    """One bot's gateway connection, served at /gw (identify) and /gw/resume (resume_gateway_url)."""

    def __init__(self, fake: FakeDiscord, heartbeat_interval_ms: int) -> None:
        self.fake = fake
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.session: Session | None = None
        self.identifies = 0
        self.resumes = 0
        self.connect_paths: list[str] = []
        self.received: list[dict[str, Any]] = []  # every frame the client sent, for assertions
        self._ws: web.WebSocketResponse | None = None  # the socket events go to, once identified/resumed
        self._sockets: set[web.WebSocketResponse] = set()
        self._send_lock = asyncio.Lock()

    @property
    def live(self) -> bool:
        """True when a socket has identified or resumed and events can be delivered."""
        return self._ws is not None and not self._ws.closed

    @property
    def intents(self) -> int:
        """The intents of the current session (0 before IDENTIFY)."""
        return self.session.intents if self.session else 0

    async def wait_live(self, timeout: float = 10.0) -> None:
        """Wait until the client is connected and identified (or resumed)."""
        deadline = time.monotonic() + timeout
        while not self.live:
            if time.monotonic() > deadline:
                raise AssertionError("the client is not connected to the fake gateway")
            await asyncio.sleep(0.005)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """Serve one websocket connection."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self._sockets.add(ws)
        self.connect_paths.append(request.path)
        try:
            await self._send(ws, {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                self.received.append(frame)
                await self._on_frame(ws, frame)
        finally:
            self._sockets.discard(ws)
            if self._ws is ws:
                self._ws = None
        return ws

    async def _on_frame(self, ws: web.WebSocketResponse, frame: dict[str, Any]) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            await self._send(ws, {"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            await self._identify(ws, data)
        elif op == RESUME:
            await self._resume(ws, data)
        elif op == REQUEST_MEMBERS:
            await self._members_chunk(ws, data)
        elif op in (PRESENCE, VOICE):
            pass
        else:
            self.fake._record_unhandled("WS", f"op {op}", frame)

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        if data.get("token") != self.fake.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        self.identifies += 1
        self.session = Session(id=secrets.token_hex(16), intents=int(data.get("intents", 0)))
        world = self.fake.world
        port = self.fake.port
        self._ws = ws
        await self.dispatch(
            "READY",
            {
                "v": 10,
                "user": world.bot.payload() | {"verified": True, "mfa_enabled": False, "flags": 0},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in world.guilds],
                "session_id": self.session.id,
                "session_type": "normal",
                "resume_gateway_url": f"ws://127.0.0.1:{port}/gw/resume",
                "application": {"id": str(world.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "shard": [0, 1],
            },
        )
        # Discord scopes GUILD_CREATE under the GUILDS intent; without it the bot has no role/channel cache.
        if self.session.intents & INTENT_GUILDS:
            all_members = bool(self.session.intents & INTENT_GUILD_MEMBERS)
            for guild in world.guilds:
                payload = guild.create_payload(
                    all_members=all_members, missing_channels=self.fake.missing_channels
                )
                await self.dispatch("GUILD_CREATE", payload)

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        session = self.session
        if data.get("token") != self.fake.token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        if session is None or data.get("session_id") != session.id:
            await self._send(ws, {"op": INVALID_SESSION, "d": False})
            return
        self.resumes += 1
        self._ws = ws
        backlog, session.backlog = session.backlog, []
        for frame in backlog:
            await self._send(ws, frame)
        await self.dispatch("RESUMED", {})

    async def _members_chunk(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        guild = self.fake.world.find_guild(int(data["guild_id"]))
        members = [guild.member_payload(m) for m in guild.members] if guild else []
        chunk = {
            "guild_id": data["guild_id"],
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        await self.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an op 0 event, or keep it for RESUME while the client is reconnecting."""
        session = self.session
        if session is None:
            raise AssertionError(f"no gateway session to dispatch {event} to")
        session.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        if self.live:
            await self._send(self._ws, frame)
        else:
            session.backlog.append(frame)

    async def reconnect(self) -> None:
        """Send op 7 RECONNECT; discord.py closes the socket and RESUMEs on resume_gateway_url."""
        ws, self._ws = self._ws, None
        if ws is not None:
            await self._send(ws, {"op": RECONNECT, "d": None})

    async def invalidate_session(self, resumable: bool = False) -> None:
        """Send op 9; with resumable=False discord.py re-IDENTIFYs (after its 5 s identify delay)."""
        ws, self._ws = self._ws, None
        if not resumable:
            self.session = None
        if ws is not None:
            await self._send(ws, {"op": INVALID_SESSION, "d": resumable})

    async def close(self) -> None:
        """Close every socket (server shutdown)."""
        for ws in list(self._sockets):
            await ws.close(code=1001)
        self._ws = None

    async def _send(self, ws: web.WebSocketResponse, frame: dict[str, Any]) -> None:
        frame.setdefault("s", None)
        frame.setdefault("t", None)
        frame.setdefault("d", None)
        # Text frames only: discord.py parses str frames as plain JSON and ignores compress=zlib-stream.
        async with self._send_lock:
            if not ws.closed:
                await ws.send_str(json.dumps(frame))
