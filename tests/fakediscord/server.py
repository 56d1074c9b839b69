"""FakeDiscord: an aiohttp server speaking enough of Discord's REST API and gateway for discord.py 2.7."""

from __future__ import annotations

import asyncio
import json
import re
import time
import traceback
from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

from aiohttp import web

from . import interactions as ix_mod
from .channels import ChannelRoutes
from .driver import InteractionDriver
from .gateway import Gateway
from .interactions import FakeInteraction
from .limits import Errors, command_errors
from .messages import MessageDriver
from .records import Fault, Handler, RequestRecord, Violation, error_response, json_response
from .webhooks import WebhookRoutes
from .world import SnowflakeFactory, World

API_PREFIX = "/api/v10"


class FakeDiscord(InteractionDriver, MessageDriver, WebhookRoutes, ChannelRoutes):
    """A local Discord: REST under /api/v10, gateway at /gw; drive interactions and users' messages, and
    inspect what the bot sent."""

    def __init__(
        self,
        world: World | None = None,
        *,
        token: str = "fake-token",
        response_deadline: float = 3.0,
        heartbeat_interval_ms: int = 41250,
    ) -> None:
        self.world = world or World.default()
        self.token = token
        self.response_deadline = response_deadline
        self.port = 0
        self.requests: list[RequestRecord] = []
        self.unhandled: list[RequestRecord] = []
        self.violations: list[Violation] = []
        self.errors: list[str] = []  # exceptions raised inside the fake's handlers
        self.commands: dict[int | None, list[dict[str, Any]]] = {}  # guild id (None = global) -> commands
        self.command_syncs: list[tuple[int | None, list[dict[str, Any]]]] = []  # PUT payloads as received
        self.messages: dict[int, dict[str, Any]] = {}
        self.interactions: dict[int, FakeInteraction] = {}
        self.missing_channels: set[int] = set()
        self.gateway = Gateway(self, heartbeat_interval_ms)
        self.snowflake = SnowflakeFactory()
        self._channel_errors: dict[int, tuple[int, int, str]] = {}
        self.uploads: dict[int, bytes] = {}  # attachment id -> content, served like Discord's CDN
        self._faults: list[Fault] = []
        self._by_token: dict[str, FakeInteraction] = {}
        self._nonces: dict[tuple[int, str], int] = {}
        self._runner: web.AppRunner | None = None
        self.sent_files: list[tuple[str, bytes]] = []  # every file the bot uploaded, in order
        self._routes = self._route_table()

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        """Listen on 127.0.0.1 on an ephemeral port."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gw", self.gateway.handle)
        app.router.add_get("/gw/resume", self.gateway.handle)
        app.router.add_get("/attachments/{id}/{filename}", self._attachment)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        """Close gateway sockets and stop the server."""
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def api_base(self) -> str:
        """The value for discord.http.Route.BASE."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The value for DiscordWebSocket.DEFAULT_GATEWAY."""
        return f"ws://127.0.0.1:{self.port}/gw"

    # -- gateway control ------------------------------------------------------------------------

    async def reconnect(self) -> None:
        """Send op 7 RECONNECT; the client RESUMEs on resume_gateway_url (/gw/resume)."""
        await self.gateway.reconnect()

    async def invalidate_session(self, resumable: bool = False) -> None:
        """Send op 9 INVALID SESSION; with resumable=False discord.py re-IDENTIFYs after sleeping 5 s."""
        await self.gateway.invalidate_session(resumable)

    # -- inspection -----------------------------------------------------------------------------

    def requests_to(self, method: str, path: str) -> list[RequestRecord]:
        """Logged requests with this method ("*" for any) whose path matches (fnmatch pattern allowed)."""
        return [r for r in self.requests if method in ("*", r.method) and fnmatchcase(r.path, path)]

    def channel_messages(self, channel_id: int) -> list[dict[str, Any]]:
        """Non-ephemeral messages that exist in a channel, oldest first (posts and interaction replies)."""
        return sorted(
            (
                m
                for m in self.messages.values()
                if m["channel_id"] == str(channel_id) and not m.get("flags", 0) & ix_mod.EPHEMERAL
            ),
            key=lambda m: int(m["id"]),
        )

    def check(self) -> None:
        """Raise AssertionError on unhandled routes, broken Discord rules, or errors inside the fake."""
        problems = [f"unhandled: {r.method} {r.path}" for r in self.unhandled]
        problems += [v.describe() for v in self.violations]
        problems += [f"fake error: {e}" for e in self.errors]
        if problems:
            raise AssertionError("fake Discord saw problems:\n" + "\n".join(problems))

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 3.0) -> None:
        """Poll until predicate() is true, e.g. `lambda: fake.gateway.resumes == 1`."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("condition not reached in time")
            await asyncio.sleep(0.005)

    # -- fault injection ------------------------------------------------------------------------

    def rate_limit(
        self,
        method: str,
        path: str,
        *,
        times: int = 1,
        retry_after: float = 0.2,
        is_global: bool = False,
        via: bool = True,
    ) -> None:
        """Answer 429 to the next `times` matching requests; via=False mimics a Cloudflare ban (no retry)."""
        body = {"retry_after": retry_after, "global": is_global, "message": "You are being rate limited."}
        headers = {"Via": "1.1 google"} if via else {}
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        headers["Retry-After"] = str(max(1, round(retry_after)))
        self._faults.append(Fault(method, path, times, 429, body, headers))

    def server_error(self, method: str, path: str, *, status: int = 503, times: int = 1) -> None:
        """Answer a 5xx; 500/502/504 make discord.py's REST client sleep 1+ s per retry, 503 fails at once."""
        body = {"message": f"{status}: Server Error", "code": 0}
        self._faults.append(Fault(method, path, times, status, body, {}))

    def error(self, method: str, path: str, *, status: int, code: int, message: str, times: int = 1) -> None:
        """Answer a JSON error, e.g. status=403, code=50001, message="Missing Access"."""
        self._faults.append(Fault(method, path, times, status, {"message": message, "code": code}, {}))

    def remove_channel(self, channel_id: int) -> None:
        """Make a channel permanently unknown: every /channels/{id}... request gets 404 10003."""
        self.missing_channels.add(channel_id)
        self._channel_errors[channel_id] = (404, 10003, "Unknown Channel")

    def forbid_channel(self, channel_id: int) -> None:
        """Make a channel permanently inaccessible: 403 50001 Missing Access."""
        self._channel_errors[channel_id] = (403, 50001, "Missing Access")

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.matches(method, path):
                fault.remaining -= 1
                return fault
        return None

    # -- REST plumbing --------------------------------------------------------------------------

    def _record_unhandled(self, method: str, path: str, body: Any) -> None:
        record = RequestRecord(method, path, {}, body, time.monotonic(), 404)
        self.unhandled.append(record)

    def _violation(
        self,
        rule: str,
        record: RequestRecord,
        status: int,
        code: int,
        message: str,
        errors: Errors | None = None,
        *,
        interaction: FakeInteraction | None = None,
    ) -> web.Response:
        """Record a broken rule (on the interaction too) and build Discord's error response."""
        detail = errors.flat() if errors else [message]
        violation = Violation(
            rule, record.method, record.path, status, code, detail, interaction and interaction.id
        )
        self.violations.append(violation)
        if interaction is not None:
            interaction.rejected.append(violation)
            interaction._notify()
        return error_response(status, code, message, errors)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body = await self._read_body(request)
        record = RequestRecord(
            request.method, path, dict(request.query), body, time.monotonic(), headers=dict(request.headers)
        )
        self.requests.append(record)
        try:
            response = await self._respond(request, record)
        except Exception:
            # A bug in the fake must fail the test, not look like a Discord 500 (which discord.py retries
            # for up to 25 s): record it and answer a plain 400.
            self.errors.append(f"{record.method} {record.path}\n{traceback.format_exc()}")
            response = error_response(400, 0, "fake Discord internal error")
        record.status = response.status
        return response

    async def _attachment(self, request: web.Request) -> web.Response:
        content = self.uploads.get(int(request.match_info["id"]))
        if content is None:
            return web.Response(status=404)
        return web.Response(body=content, content_type="application/octet-stream")

    async def _read_body(self, request: web.Request) -> Any:
        if not request.can_read_body:
            return None
        if request.content_type == "multipart/form-data":
            # Files: keep payload_json as the body and note the attachment names.
            form = await request.post()
            body = json.loads(form.get("payload_json", "{}"))
            files = [f for k, f in form.items() if k != "payload_json" and hasattr(f, "filename")]
            body["_files"] = [f.filename for f in files]
            self.sent_files += [(f.filename, f.file.read()) for f in files]
            return body
        raw = await request.read()
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return raw.decode(errors="replace")

    async def _respond(self, request: web.Request, record: RequestRecord) -> web.Response:
        fault = self._take_fault(record.method, record.path)
        if fault is not None:
            return json_response(fault.body, fault.status, fault.headers)
        for method, regex, needs_auth, handler in self._routes:
            if method != record.method:
                continue
            match = regex.fullmatch(record.path)
            if match is None:
                continue
            if needs_auth and request.headers.get("Authorization") != f"Bot {self.token}":
                return error_response(401, 0, "401: Unauthorized")
            return await handler(record, **match.groupdict())
        self.unhandled.append(record)
        return error_response(404, 0, "404: Not Found")

    def _route_table(self) -> list[tuple[str, re.Pattern[str], bool, Handler]]:
        app = r"/applications/(?P<app_id>\d+)"
        hook = r"/webhooks/(?P<app_id>\d+)/(?P<token>[^/]+)"
        channel = r"/channels/(?P<channel_id>\d+)"
        guild = r"/guilds/(?P<guild_id>\d+)"
        table: list[tuple[str, str, bool, Handler]] = [
            ("GET", r"/users/@me", True, self._get_me),
            ("GET", r"/oauth2/applications/@me", True, self._get_application),
            ("GET", app + r"/commands", True, self._get_commands),
            ("PUT", app + r"/commands", True, self._put_commands),
            ("GET", app + guild + r"/commands", True, self._get_commands),
            ("PUT", app + guild + r"/commands", True, self._put_commands),
            (
                "POST",
                r"/interactions/(?P<interaction_id>\d+)/(?P<token>[^/]+)/callback",
                False,
                self._callback,
            ),
            ("POST", hook, False, self._followup),
            ("GET", hook + r"/messages/(?P<message_id>@original|\d+)", False, self._get_webhook_message),
            ("PATCH", hook + r"/messages/(?P<message_id>@original|\d+)", False, self._edit_webhook_message),
            (
                "DELETE",
                hook + r"/messages/(?P<message_id>@original|\d+)",
                False,
                self._delete_webhook_message,
            ),
            ("GET", channel, True, self._get_channel),
            ("GET", channel + r"/messages", True, self._history),
            ("POST", channel + r"/messages", True, self._post_message),
            ("GET", channel + r"/messages/(?P<message_id>\d+)", True, self._get_message),
            ("PATCH", channel + r"/messages/(?P<message_id>\d+)", True, self._edit_message),
            ("DELETE", channel + r"/messages/(?P<message_id>\d+)", True, self._delete_message),
            ("POST", channel + r"/typing", True, self._typing),
            ("GET", guild, True, self._get_guild),
            ("GET", guild + r"/channels", True, self._get_guild_channels),
            ("GET", guild + r"/roles", True, self._get_guild_roles),
            ("GET", guild + r"/members/(?P<user_id>\d+)", True, self._get_member),
        ]
        return [(m, re.compile(p), auth, h) for m, p, auth, h in table]

    # -- login ----------------------------------------------------------------------------------

    async def _get_me(self, record: RequestRecord) -> web.Response:
        user = self.world.bot.payload() | {"verified": True, "mfa_enabled": False, "flags": 0, "bio": ""}
        return json_response(user)

    async def _get_application(self, record: RequestRecord) -> web.Response:
        return json_response(self.world.application_payload())

    # -- commands -------------------------------------------------------------------------------

    def _wrong_app(self, app_id: str) -> web.Response | None:
        if int(app_id) != self.world.application_id:
            return error_response(404, 10002, "Unknown Application")
        return None

    async def _get_commands(
        self, record: RequestRecord, app_id: str, guild_id: str | None = None
    ) -> web.Response:
        if (wrong := self._wrong_app(app_id)) is not None:
            return wrong
        return json_response(self.commands.get(int(guild_id) if guild_id else None, []))

    async def _put_commands(
        self, record: RequestRecord, app_id: str, guild_id: str | None = None
    ) -> web.Response:
        if (wrong := self._wrong_app(app_id)) is not None:
            return wrong
        scope = int(guild_id) if guild_id else None
        if scope is not None and self.world.find_guild(scope) is None:
            # What Discord answers for a guild the bot is not in (or lacks applications.commands for).
            return error_response(403, 50001, "Missing Access")
        payload = record.json or []
        self.command_syncs.append((scope, payload))
        errors = command_errors(payload)
        if errors:
            return self._violation("command_sync", record, 400, 50035, "Invalid Form Body", errors)
        # A bulk overwrite keeps the id of a command whose name and type are unchanged, as Discord does.
        old = {(c["name"], c.get("type", 1)): c["id"] for c in self.commands.get(scope, [])}
        stored = []
        for command in payload:
            entry = {
                "type": 1,
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                **command,
                "id": old.get((command["name"], command.get("type", 1))) or str(self.snowflake()),
                "application_id": str(self.world.application_id),
                "version": str(self.snowflake()),
            }
            if scope is not None:
                entry["guild_id"] = str(scope)
            stored.append(entry)
        self.commands[scope] = stored
        return json_response(stored)
