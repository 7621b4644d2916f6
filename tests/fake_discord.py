"""A fake Discord (REST API + gateway) for the bot tests, served by aiohttp on 127.0.0.1.

It speaks just enough of the real protocol for discord.py 2.x: login
(GET /users/@me, GET /oauth2/applications/@me), the gateway handshake (HELLO,
heartbeats, IDENTIFY → READY + GUILD_CREATE, RESUME → RESUMED), channel
messages, interaction callbacks, webhook follow-ups and the global command
sync. Everything the client sends is recorded for the tests to check.

Payloads are plain dicts shaped like Discord's (as in discord.py's own tests).
Run it inside the test's event loop (:meth:`FakeDiscord.start`) or in a thread
of its own (:class:`ThreadedFakeDiscord`) when the code under test runs its own
loop (``run()``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BOT_ID = 100000000000000001  # the bot user; also the application id, as on Discord
APP_ID = BOT_ID
OWNER_ID = 100000000000000002
GUILD_ID = 100000000000000003
CHANNEL_ID = 100000000000000004
OTHER_CHANNEL_ID = 100000000000000005
DM_CHANNEL_ID = 100000000000000006
TIMESTAMP = "2024-01-01T00:00:00.000000+00:00"
HEARTBEAT_MS = 41250


def user(user_id: int, *, bot: bool = False, name: str | None = None) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name or f"user{user_id % 10_000}",
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


BOT_USER = user(BOT_ID, bot=True, name="kyutai-qa")
OWNER = user(OWNER_ID, name="owner")


def message_create(
    message_id: int,
    content: str,
    author: dict[str, Any],
    *,
    channel_id: int = CHANNEL_ID,
    guild_id: int | None = GUILD_ID,
    mentions: list[dict[str, Any]] | None = None,
    mention_roles: list[str] | None = None,
    mention_everyone: bool = False,
) -> dict[str, Any]:
    """A MESSAGE_CREATE payload; ``guild_id=None`` makes it a DM."""
    data: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": 0,
        "content": content,
        "author": author,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": mention_everyone,
        "mentions": mentions or [],
        "mention_roles": mention_roles or [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "flags": 0,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def mention(message_id: int, text: str, author: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A channel message that @mentions the bot: ``<@bot> text``."""
    return message_create(message_id, f"<@{BOT_ID}> {text}", author, mentions=[BOT_USER], **kwargs)


def interaction_create(interaction_id: int, question: str, author: dict[str, Any], *, channel_id: int = CHANNEL_ID) -> dict[str, Any]:
    """An INTERACTION_CREATE for ``/ask question:<question>`` in a guild channel."""
    return {
        "id": str(interaction_id),
        "application_id": str(APP_ID),
        "type": 2,
        "token": f"itoken-{interaction_id}",
        "version": 1,
        "attachment_size_limit": 8 * 1024 * 1024,
        "guild_id": str(GUILD_ID),
        "channel_id": str(channel_id),
        "channel": {"id": str(channel_id), "type": 0, "guild_id": str(GUILD_ID), "name": "general", "position": 0},
        "member": {"user": author, "roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False, "flags": 0, "permissions": "0"},
        "app_permissions": "0",
        "locale": "ja",
        "guild_locale": "ja",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0,
        "data": {
            "id": "900000000000000001",
            "name": "ask",
            "type": 1,
            "options": [{"name": "question", "type": 3, "value": question}],
        },
    }


def guild_create() -> dict[str, Any]:
    def text_channel(channel_id: int, name: str, position: int) -> dict[str, Any]:
        return {
            "id": str(channel_id), "type": 0, "guild_id": str(GUILD_ID), "name": name, "position": position,
            "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None, "last_message_id": None,
        }

    return {
        "id": str(GUILD_ID),
        "name": "test guild",
        "unavailable": False,
        "owner_id": str(OWNER_ID),
        "member_count": 3,
        "large": False,
        "joined_at": TIMESTAMP,
        "channels": [text_channel(CHANNEL_ID, "general", 0), text_channel(OTHER_CHANNEL_ID, "other", 1)],
        "roles": [{"id": str(GUILD_ID), "name": "@everyone", "permissions": "0", "position": 0, "color": 0,
                   "hoist": False, "managed": False, "mentionable": False, "flags": 0}],
        "members": [], "emojis": [], "stickers": [], "features": [], "threads": [], "voice_states": [],
        "presences": [], "stage_instances": [], "guild_scheduled_events": [],
    }


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json": discord.py reads anything else (even with a charset) as
    # text, and aiohttp adds a charset to a text= body, so the body goes as bytes.
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json", **(headers or {})})


@dataclass
class Recorded:
    method: str
    path: str  # below /api/v10, e.g. "/channels/1/messages"
    query: dict[str, str]
    json: Any
    status: int = 0
    authorization: str | None = None


@dataclass
class GatewayFrame:
    path: str  # "/gateway" or "/resume"
    payload: dict[str, Any]


@dataclass
class FakeDiscord:
    reject_token: bool = False  # 401 on GET /users/@me
    rate_limit_message_posts: int = 0  # answer this many message POSTs with a 429 first
    retry_after: float = 0.05
    session_id: str = "fake-session-1"
    # Called (in the fake's loop) once READY was sent; the SIGTERM test uses it.
    on_ready_sent: Callable[[], None] | None = None

    requests: list[Recorded] = field(default_factory=list)
    frames: list[GatewayFrame] = field(default_factory=list)
    close_codes: list[int | None] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._ids = itertools.count(500000000000000000)
        self._seq = 0
        self._ws: web.WebSocketResponse | None = None
        self._runner: web.AppRunner | None = None
        self._sockets: set[web.WebSocketResponse] = set()

    # -- lifecycle ---------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/resume", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/resume"

    # -- what the client did -------------------------------------------------------

    def ops(self, op: int) -> list[GatewayFrame]:
        return [f for f in self.frames if f.payload.get("op") == op]

    @property
    def message_posts(self) -> list[Recorded]:
        """Channel messages the fake accepted (2xx), in order."""
        return [r for r in self.requests if r.method == "POST" and r.path.endswith("/messages") and r.status == 200]

    def calls(self, method: str, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    @property
    def connected(self) -> bool:
        return self._ws is not None and not self._ws.closed

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            await asyncio.sleep(0.01)

    # -- gateway -------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a DISPATCH (op 0) on the current connection."""
        assert self._ws is not None and not self._ws.closed, "no gateway connection"
        self._seq += 1
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def drop(self, code: int = 4000) -> None:
        """Close the gateway connection as a network fault would (a resumable code)."""
        assert self._ws is not None
        await self._ws.close(code=code)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        # TEXT frames only: discord.py asks for zlib-stream but inflates only BINARY frames.
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.add(ws)
        path = request.path
        try:
            await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}}))
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                self.frames.append(GatewayFrame(path, payload))
                op = payload.get("op")
                if op == 1:  # HEARTBEAT
                    await ws.send_str(json.dumps({"op": 11}))
                elif op == 2:  # IDENTIFY
                    self._ws = ws
                    await self._ready(ws, payload["d"])
                elif op == 6:  # RESUME
                    self._ws = ws
                    self._seq += 1
                    await ws.send_str(json.dumps({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}}))
        finally:
            self._sockets.discard(ws)
            self.close_codes.append(ws.close_code)
        return ws

    async def _ready(self, ws: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        self._seq += 1
        ready: dict[str, Any] = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": self.session_id,
            "resume_gateway_url": self.resume_url,
            "application": {"id": str(APP_ID), "flags": 0},
        }
        if "shard" in identify:
            ready["shard"] = identify["shard"]
        await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": self._seq, "d": ready}))
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": "GUILD_CREATE", "s": self._seq, "d": guild_create()}))
        if self.on_ready_sent is not None:
            self.on_ready_sent()

    # -- REST ----------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body = None
        if request.can_read_body:
            text = await request.text()
            body = json.loads(text) if text and request.content_type == "application/json" else text
        record = Recorded(request.method, path, dict(request.query), body, authorization=request.headers.get("Authorization"))
        self.requests.append(record)
        response = self._route(record)
        record.status = response.status
        return response

    def _new_id(self) -> str:
        return str(next(self._ids))

    def _message(self, channel_id: str, body: dict[str, Any], author: dict[str, Any] = BOT_USER) -> dict[str, Any]:
        message: dict[str, Any] = {
            "id": self._new_id(), "channel_id": channel_id, "type": 0, "content": body.get("content") or "",
            "author": author, "embeds": body.get("embeds") or [], "attachments": [], "mentions": [],
            "mention_roles": [], "mention_everyone": False, "pinned": False, "tts": False,
            "timestamp": TIMESTAMP, "edited_timestamp": None, "flags": body.get("flags") or 0, "components": [],
        }
        if body.get("message_reference"):
            message["type"] = 19
            message["message_reference"] = body["message_reference"]
        return message

    def _route(self, r: Recorded) -> web.Response:
        parts = r.path.strip("/").split("/")
        if r.method == "GET" and r.path == "/users/@me":
            if self.reject_token:
                return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
            return json_response(BOT_USER)
        if r.method == "GET" and r.path == "/oauth2/applications/@me":
            return json_response({
                "id": str(APP_ID), "name": "kyutai-qa", "description": "", "icon": None, "bot_public": True,
                "bot_require_code_grant": False, "owner": OWNER, "team": None, "verify_key": "0" * 64,
                "flags": 0, "summary": "", "rpc_origins": [],
            })
        if r.method == "GET" and r.path in ("/gateway", "/gateway/bot"):
            return json_response({"url": f"ws://127.0.0.1:{self.port}/gateway", "shards": 1,
                                  "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}})
        if r.method == "POST" and len(parts) == 3 and parts[0] == "channels" and parts[2] == "messages":
            if self.rate_limit_message_posts > 0:
                self.rate_limit_message_posts -= 1
                # discord.py retries a 429 only with a JSON body and a Via header (else: a Cloudflare ban).
                return json_response({"message": "You are being rate limited.", "retry_after": self.retry_after, "global": False},
                                     status=429, headers={"Via": "1.1 google", "Retry-After": "1"})
            return json_response(self._message(parts[1], r.json))
        if r.method == "POST" and len(parts) == 4 and parts[0] == "interactions" and parts[3] == "callback":
            # With ?with_response=1 discord.py expects the interaction callback object, not a 204.
            kind = r.json["type"]
            data = r.json.get("data") or {}
            message = self._message(str(CHANNEL_ID), data, BOT_USER)
            result: dict[str, Any] = {"interaction": {
                "id": parts[1], "type": 2, "response_message_id": message["id"],
                "response_message_loading": kind == 5, "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
            }}
            if kind == 4:
                result["resource"] = {"type": 4, "message": message}
            return json_response(result)
        if r.method in ("POST", "PATCH") and parts[0] == "webhooks" and len(parts) >= 3:
            return json_response(self._message(str(CHANNEL_ID), r.json or {}, BOT_USER))
        if r.method == "PUT" and len(parts) == 3 and parts[0] == "applications" and parts[2] == "commands":
            return json_response([{**command, "id": self._new_id(), "application_id": str(APP_ID), "version": "1"} for command in r.json])
        return json_response({"message": "404: Not Found", "code": 0}, status=404)


class ThreadedFakeDiscord:
    """A :class:`FakeDiscord` on an event loop of its own, in a thread: for code
    that runs ``asyncio.run`` itself, such as ``run()``."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="fake-discord", daemon=True)

    def __enter__(self) -> FakeDiscord:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self.loop).result(10)
        return self.fake

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()
