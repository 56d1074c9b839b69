"""REST routes for interaction callbacks and the interaction webhook (followups, @original)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from . import interactions as ix_mod
from .interactions import LOADING, FakeInteraction, Reply
from .limits import Errors, autocomplete_errors, is_empty_message, message_errors
from .records import RequestRecord, error_response, json_response


class WebhookRoutes:
    """FakeDiscord handlers for /interactions/... and /webhooks/..., enforcing Discord's response rules."""

    async def _callback(self, record: RequestRecord, interaction_id: str, token: str) -> web.Response:
        ix = self.interactions.get(int(interaction_id))
        if ix is None or ix.token != token:
            return self._violation("unknown_interaction", record, 404, 10062, "Unknown interaction")
        body = record.json or {}
        kind = body.get("type")
        data = body.get("data") or {}
        if ix.acknowledged:
            return self._violation(
                "already_acknowledged",
                record,
                400,
                40060,
                "Interaction has already been acknowledged.",
                interaction=ix,
            )
        elapsed = ix.elapsed()
        if elapsed > self.response_deadline:
            message = f"Unknown interaction (answered after {elapsed:.2f}s)"
            self._violation("late_response", record, 404, 10062, message, interaction=ix)
            return error_response(404, 10062, "Unknown interaction")
        if kind not in ix_mod.ALLOWED_CALLBACKS[ix.type]:
            errors = Errors()
            errors.add(
                ("type",), "INTERACTION_RESPONSE_TYPE_INVALID", f"Callback type {kind} is not valid here"
            )
            return self._violation(
                "callback_type", record, 400, 50035, "Invalid Form Body", errors, interaction=ix
            )
        if kind == ix_mod.AUTOCOMPLETE_RESULT:
            errors = autocomplete_errors(data)
        elif kind in (ix_mod.MESSAGE, ix_mod.UPDATE_MESSAGE):
            if kind == ix_mod.MESSAGE and is_empty_message(data):
                return self._violation(
                    "empty_message", record, 400, 50006, "Cannot send an empty message", interaction=ix
                )
            errors = message_errors(data, ("data",))
        else:
            errors = Errors()
        if errors:
            return self._violation(
                "invalid_response", record, 400, 50035, "Invalid Form Body", errors, interaction=ix
            )

        ix.acknowledged = True
        message = self._apply_callback(ix, kind, data)
        # A deferred update shows nothing new, so only replies that create or change a message have
        # visible flags of their own.
        shown = message["flags"] if message is not None and kind != ix_mod.DEFERRED_UPDATE else None
        ix._add(Reply("callback", kind, data, elapsed, message and int(message["id"]), shown))
        if kind == ix_mod.AUTOCOMPLETE_RESULT or record.query.get("with_response") not in ("1", "true"):
            return web.Response(status=204)
        result: dict[str, Any] = {"interaction": {"id": str(ix.id), "type": ix.type}}
        if message is not None:
            result["interaction"] |= {
                "response_message_id": message["id"],
                "response_message_loading": kind == ix_mod.DEFERRED_MESSAGE,
                "response_message_ephemeral": bool(message["flags"] & ix_mod.EPHEMERAL),
            }
            result["resource"] = {"type": kind, "message": message}
        else:
            result["resource"] = {"type": kind}
        return json_response(result)

    def _apply_callback(self, ix: FakeInteraction, kind: int, data: dict[str, Any]) -> dict[str, Any] | None:
        """Create or update the message a callback implies; returns it (None for autocomplete and modals)."""
        channel_id = int(ix.payload["channel_id"])
        if kind in (ix_mod.MESSAGE, ix_mod.DEFERRED_MESSAGE):
            flags = int(data.get("flags") or 0) & ix_mod.EPHEMERAL
            if kind == ix_mod.DEFERRED_MESSAGE:
                data, flags = {}, flags | LOADING
            message = self._new_message(
                channel_id,
                data,
                message_type=20 if ix.type == ix_mod.APPLICATION_COMMAND else 0,
                flags=flags,
                interaction=ix,
            )
            ix.original_message_id = int(message["id"])
            return message
        if kind in (ix_mod.DEFERRED_UPDATE, ix_mod.UPDATE_MESSAGE):
            target = ix.payload.get("message")
            if target is None:
                return None
            ix.original_message_id = int(target["id"])
            message = self.messages.get(ix.original_message_id)
            if message is not None and kind == ix_mod.UPDATE_MESSAGE:
                self._apply_edit(message, data)
            return message
        if kind == ix_mod.MODAL:
            ix.modal = data
        return None

    def _hook_interaction(
        self, record: RequestRecord, app_id: str, token: str
    ) -> FakeInteraction | web.Response:
        ix = self._by_token.get(token)
        if ix is None or int(app_id) != self.world.application_id:
            return self._violation("unknown_webhook", record, 404, 10015, "Unknown Webhook")
        return ix

    def _hook_message(self, ix: FakeInteraction, message_id: str) -> dict[str, Any] | None:
        if message_id == "@original":
            mid = ix.original_message_id
        else:
            mid = int(message_id)
            if mid != ix.original_message_id and mid not in ix.followup_ids:
                return None
        return self.messages.get(mid) if mid is not None else None

    async def _followup(self, record: RequestRecord, app_id: str, token: str) -> web.Response:
        ix = self._hook_interaction(record, app_id, token)
        if isinstance(ix, web.Response):
            return ix
        data = record.json or {}
        if not ix.acknowledged:
            return self._violation(
                "followup_before_ack",
                record,
                404,
                10015,
                "Unknown Webhook (interaction not acknowledged)",
                interaction=ix,
            )
        if is_empty_message(data):
            return self._violation(
                "empty_message", record, 400, 50006, "Cannot send an empty message", interaction=ix
            )
        errors = message_errors(data)
        if errors:
            return self._violation(
                "invalid_followup", record, 400, 50035, "Invalid Form Body", errors, interaction=ix
            )
        original = self.messages.get(ix.original_message_id or 0)
        thinking = original is not None and bool(original["flags"] & LOADING)
        if thinking:
            # Discord treats the first followup after a "thinking" defer as resolving it: the loading
            # message is edited in place and keeps the defer's ephemeral flag whatever the followup asks
            # for (discord-api-docs#2866), so a public defer makes an "ephemeral" error public.
            message = original
            self._apply_edit(message, data)
        else:
            flags = int(data.get("flags") or 0) & ix_mod.EPHEMERAL
            message = self._new_message(
                int(ix.payload["channel_id"]), data, message_type=0, flags=flags, interaction=ix
            )
            ix.followup_ids.append(int(message["id"]))
        ix._add(Reply("followup", None, data, ix.elapsed(), int(message["id"]), message["flags"], thinking))
        if record.query.get("wait") in ("1", "true", "True"):
            return json_response(message)
        return web.Response(status=204)

    async def _get_webhook_message(
        self, record: RequestRecord, app_id: str, token: str, message_id: str
    ) -> web.Response:
        ix = self._hook_interaction(record, app_id, token)
        if isinstance(ix, web.Response):
            return ix
        message = self._hook_message(ix, message_id)
        if message is None:
            return error_response(404, 10008, "Unknown Message")
        return json_response(message)

    async def _edit_webhook_message(
        self, record: RequestRecord, app_id: str, token: str, message_id: str
    ) -> web.Response:
        ix = self._hook_interaction(record, app_id, token)
        if isinstance(ix, web.Response):
            return ix
        message = self._hook_message(ix, message_id)
        if message is None:
            return self._violation(
                "edit_unknown_message", record, 404, 10008, "Unknown Message", interaction=ix
            )
        data = record.json or {}
        errors = message_errors(data)
        if errors:
            return self._violation(
                "invalid_edit", record, 400, 50035, "Invalid Form Body", errors, interaction=ix
            )
        thinking = bool(message["flags"] & LOADING)
        self._apply_edit(message, data)
        ix._add(Reply("edit", None, data, ix.elapsed(), int(message["id"]), message["flags"], thinking))
        return json_response(message)

    async def _delete_webhook_message(
        self, record: RequestRecord, app_id: str, token: str, message_id: str
    ) -> web.Response:
        ix = self._hook_interaction(record, app_id, token)
        if isinstance(ix, web.Response):
            return ix
        message = self._hook_message(ix, message_id)
        if message is None:
            return error_response(404, 10008, "Unknown Message")
        del self.messages[int(message["id"])]
        ix._add(Reply("delete", None, {}, ix.elapsed(), int(message["id"]), message["flags"]))
        return web.Response(status=204)
