"""The visitor WebSocket `/ws/visitor` (CONTRACT §5): hello and resume, turns, live events, feedback, heartbeats.

Every socket delivers each message of its conversation exactly once and in seq order: it keeps the last seq
it delivered (an ack delivers the visitor's own message), skips what the bus repeats and reads any gap from
the database. One loop per socket reads the client, the bus and the clock, so frames never interleave."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, WebSocket
from starlette.types import Message as AsgiMessage

from relais import ws_frames as frames
from relais.bus import conversation_topic
from relais.errors import Forbidden, InvalidInput, RelaisError, Unauthorized
from relais.events import ConversationErased, Event, MessageAdded, StateChanged, Typing
from relais.service import HANDED_OFF, ConversationService, check_message, public_handoff
from relais.settings import Settings

log = logging.getLogger(__name__)

PING_INTERVAL = 25.0  # seconds of silence before the server pings
# Seconds without any client frame before the server closes: before `hello`, or once the client has shown it
# answers the server's pings (the widget does). A client speaking only the contract's frames is not asked to:
# the transport's own pings (uvicorn's, answered by every WebSocket client) find it gone if it is.
IDLE_TIMEOUT = 120.0
PAGE = 500  # messages read per query when resuming or filling a gap
CLOSE_TRY_AGAIN = 1013
CLOSE_UNAUTHORIZED = 4401
CLOSE_ORIGIN = 4403
CLOSE_IDLE = 4408
LIMITS_KEY = "visitor_socket_limits"
UNAUTHORIZED = "this token does not open this conversation"


@dataclass(frozen=True)
class Limits:
    ping_interval: float = PING_INTERVAL
    idle_timeout: float = IDLE_TIMEOUT
    max_frame_bytes: int = frames.MAX_FRAME_BYTES


def configure(app: FastAPI, limits: Limits) -> None:
    """Other heartbeat and size limits for the sockets of `app` (tests use short intervals)."""
    setattr(app.state, LIMITS_KEY, limits)


def origin_allowed(origin: str | None, host: str | None, secure: bool, allowed: tuple[str, ...]) -> bool:
    """A page of the server itself, a listed origin, or no browser at all (no Origin header)."""
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    if "*" in allowed or origin in {a.lower() for a in allowed}:
        return True
    try:
        parts = urlsplit(origin)
        asked = urlsplit(f"//{host or ''}")
        origin_port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
        host_port = asked.port or (443 if secure else 80)
    except ValueError:
        return False
    return bool(parts.hostname) and (parts.hostname, origin_port) == (asked.hostname, host_port)


def _consume(task: asyncio.Future[Any]) -> None:
    """Collects what a left-over receive or bus read ended with, so that nothing is reported as 'never retrieved'."""
    if not task.cancelled():
        task.exception()


class Gone(Exception):
    """The client went away while the server was sending."""


class VisitorSocket:
    """One accepted visitor connection, from hello to close."""

    def __init__(self, ws: WebSocket, service: ConversationService, limits: Limits) -> None:
        self.ws = ws
        self.service = service
        self.limits = limits
        self.conversation_id: str | None = None
        self.token: str | None = None
        self.cursor = 0  # the highest seq this socket has delivered
        self.state: tuple[str, dict[str, Any] | None] = ("bot", None)
        self.queue: asyncio.Queue[Event] | None = None
        self.closed = False
        self._loop = asyncio.get_running_loop()
        self.last_sent = self.last_received = self._loop.time()
        self.heartbeat = False  # the client has sent a ping or a pong frame: its silence then means it is gone
        self._stack = contextlib.AsyncExitStack()

    # ---------------------------------------------------------------------------- the loop
    async def run(self) -> None:
        receiving: asyncio.Future[AsgiMessage] = asyncio.ensure_future(self.ws.receive())
        listening: asyncio.Task[Event] | None = None
        try:
            async with self._stack:
                while not self.closed:
                    if listening is None and self.queue is not None:
                        listening = asyncio.create_task(self.queue.get())
                    waiting: set[asyncio.Future[Any]] = {receiving} if listening is None else {receiving, listening}
                    await asyncio.wait(waiting, timeout=self._until_due(), return_when=asyncio.FIRST_COMPLETED)
                    if receiving.done():
                        received = receiving.result()
                        if received["type"] == "websocket.disconnect":
                            return
                        self.last_received = self._loop.time()
                        await self._on_frame(received)
                        receiving = asyncio.ensure_future(self.ws.receive())
                    if listening is not None and listening.done():
                        event, listening = listening.result(), None
                        await self._on_event(event)
                    await self._beat()
        except Gone:
            return
        finally:
            for task in (receiving, listening):
                if task is not None:
                    task.cancel()
                    task.add_done_callback(_consume)

    def _until_due(self) -> float:
        now = self._loop.time()
        ping_at = max(self.last_sent, self.last_received) + self.limits.ping_interval
        idle_at = self.last_received + self.limits.idle_timeout if self._idle_closes() else ping_at
        return max(0.0, min(ping_at, idle_at) - now)

    def _idle_closes(self) -> bool:
        return self.conversation_id is None or self.heartbeat

    async def _beat(self) -> None:
        now = self._loop.time()
        if self._idle_closes() and now >= self.last_received + self.limits.idle_timeout:
            await self.close(CLOSE_IDLE, f"no frame for {self.limits.idle_timeout:g} s")
        elif now >= max(self.last_sent, self.last_received) + self.limits.ping_interval:
            await self.send(frames.PING)

    async def send(self, frame: dict[str, Any]) -> None:
        if self.closed:
            raise Gone
        try:
            await self.ws.send_text(json.dumps(frame, ensure_ascii=False))
        except Exception as exc:  # WebSocketDisconnect, a closed transport, a send after close
            self.closed = True
            raise Gone from exc
        self.last_sent = self._loop.time()

    async def close(self, code: int, reason: str) -> None:
        if not self.closed:
            self.closed = True
            with contextlib.suppress(Exception):
                await self.ws.close(code, reason)

    # ---------------------------------------------------------------------------- client frames
    async def _on_frame(self, received: AsgiMessage) -> None:
        raw: str | bytes | None = received.get("text")
        if raw is None:
            raw = received.get("bytes") or b""
        if frames.too_large(raw, self.limits.max_frame_bytes):
            await self.send(frames.error("too_large", f"frames are limited to {self.limits.max_frame_bytes} bytes"))
            return
        if isinstance(raw, bytes):
            await self.send(frames.error("invalid_frame", "binary frames are not supported: send JSON text"))
            return
        frame: frames.ClientFrame | None = None
        try:
            frame = frames.parse(raw)
            await self._dispatch(frame)
        except frames.FrameError as exc:
            await self.send(frames.error(exc.code, exc.message, field=exc.field, client_id=exc.client_id))
        except InvalidInput as exc:
            client_id = frame.client_id if isinstance(frame, frames.Message) else None
            await self.send(frames.error(exc.code, exc.message, field=exc.field, client_id=client_id))
        except RelaisError as exc:
            client_id = frame.client_id if isinstance(frame, frames.Message) else None
            await self.send(frames.error(exc.code, exc.message, client_id=client_id))
        except Gone:
            raise
        except Exception:
            log.exception("visitor socket: a frame failed")
            await self.send(frames.error("internal_error", "an unexpected error occurred; it has been logged"))

    async def _dispatch(self, frame: frames.ClientFrame) -> None:
        if isinstance(frame, frames.Ping):
            self.heartbeat = True
            await self.send(frames.PONG)
        elif isinstance(frame, frames.Pong):
            self.heartbeat = True  # its arrival is what counts
        elif isinstance(frame, frames.Hello):
            if self.conversation_id is not None:
                raise frames.FrameError("already_welcomed", "hello is the first frame only; this one is ignored")
            await self._hello(frame)
        elif self.conversation_id is None:
            raise frames.FrameError("hello_required", 'the first frame must be {"type": "hello", ...}')
        elif isinstance(frame, frames.Message):
            await self._turn(frame)
        elif isinstance(frame, frames.Feedback):
            await self.service.feedback(self.conversation_id, self.token, frame.csat, frame.ces, frame.comment)
            await self.send(frames.FEEDBACK_SAVED)
        elif isinstance(frame, frames.Typing):
            await self.service.visitor_typing(self.conversation_id)
        elif isinstance(frame, frames.Context):
            await self.service.add_context(self.conversation_id, self.token, frame.context)
            await self.send(frames.CONTEXT_SAVED)
        elif isinstance(frame, frames.Close):
            await self.service.close_conversation(self.conversation_id, self.token)
        elif isinstance(frame, frames.Erase):
            await self.service.erase(self.conversation_id, self.token)
            await self._erased()

    async def _hello(self, hello: frames.Hello) -> None:
        token: str | None
        if hello.conversation_id is None:
            conversation_id, token = await self.service.open(hello.language, hello.context)
            last_seq = 0
        else:
            conversation_id, token = hello.conversation_id, hello.visitor_token
            last_seq = hello.last_seq
        # Subscribed before reading anything: what happens from now on is either read below or on the bus.
        queue = await self._stack.enter_async_context(self.service.bus.subscribe(conversation_topic(conversation_id)))
        try:
            conversation = await self.service.authorize(conversation_id, token)
        except (Unauthorized, Forbidden):
            # Unknown conversation and wrong token look alike.
            await self.send(frames.error("unauthorized", UNAUTHORIZED))
            await self.close(CLOSE_UNAUTHORIZED, "unauthorized")
            return
        assert token is not None  # authorize refuses a missing token
        refused: InvalidInput | None = None
        if hello.conversation_id is not None and hello.context:
            # A resumed conversation on another page (or after a payment error): what the page says now counts.
            try:
                await self.service.add_context(conversation_id, token, hello.context)
            except InvalidInput as exc:  # told after the welcome: a bad context must not keep the visitor out
                refused = exc
        self.conversation_id, self.token, self.queue = conversation_id, token, queue
        # A client ahead of the server (a seq it cannot have seen) would otherwise skip the next messages.
        self.cursor = min(last_seq, conversation.last_seq)
        handoff = public_handoff(conversation.handoff) if conversation.state in HANDED_OFF else None
        self.state = (conversation.state, handoff)
        privacy = self.service.privacy
        await self.send(frames.welcome(conversation_id, token, conversation.state, handoff, self.cursor,
                                       language=conversation.language, retention_days=privacy.retention_days,
                                       privacy_url=privacy.url))
        await self._catch_up()
        if refused is not None:
            await self.send(frames.error(refused.code, refused.message, field=refused.field))

    async def _turn(self, message: frames.Message) -> None:
        assert self.conversation_id is not None
        check_message(message.text, message.payload)  # a refused message gets its error without 'typing' first
        if self.state[0] == "bot":
            await self.send(frames.TYPING)
        result = await self.service.post(self.conversation_id, self.token, message.text, message.payload,
                                         message.client_id)
        seq = int(result.message["seq"])
        if seq > self.cursor:
            await self._catch_up(seq - 1)  # an ack says every earlier message was delivered
            self.cursor = seq
        await self.send(frames.ack(message.client_id, seq, result.duplicate))
        for reply in result.replies:
            await self._deliver(reply)
        if result.state != self.state[0]:
            await self._send_state(result.state, result.handoff)

    # ---------------------------------------------------------------------------- delivery
    async def _on_event(self, event: Event) -> None:
        if isinstance(event, MessageAdded):
            await self._deliver(event.message)
        elif isinstance(event, StateChanged):
            if (event.state, event.handoff) != self.state:
                await self._send_state(event.state, event.handoff)
        elif isinstance(event, Typing) and event.sender != "visitor":
            await self.send(frames.TYPING)
        elif isinstance(event, ConversationErased):
            await self._erased()

    async def _erased(self) -> None:
        """The conversation no longer exists: say so and close (the widget then forgets it)."""
        await self.send(frames.ERASED)
        await self.close(1000, "conversation erased")

    async def _deliver(self, message: dict[str, Any]) -> None:
        seq = int(message["seq"])
        if seq <= self.cursor:
            return  # delivered already (the bus repeats what a turn or a catch-up sent)
        if seq > self.cursor + 1:
            await self._catch_up(seq - 1)  # the bus dropped or reordered something: the database has it
        await self.send(frames.message(message))
        self.cursor = seq

    async def _catch_up(self, upto: int | None = None) -> None:
        """Delivers the stored messages after the cursor (up to `upto`), page by page."""
        assert self.conversation_id is not None
        pages = self.service.message_pages(self.conversation_id, self.token, self.cursor, upto=upto, page=PAGE)
        async with contextlib.aclosing(pages):  # a send that fails (the visitor left) closes the reading at once
            async for batch in pages:
                for message in batch:
                    await self.send(frames.message(message))
                    self.cursor = int(message["seq"])

    async def _send_state(self, state: str, handoff: dict[str, Any] | None) -> None:
        self.state = (state, handoff)
        await self.send(frames.state(state, handoff))


def router(settings: Settings) -> APIRouter:
    """The `/ws/visitor` route; browsers may open it from the server's pages and from `settings.origin_list`."""
    routes = APIRouter()

    @routes.websocket("/ws/visitor")
    async def visitor_socket(websocket: WebSocket) -> None:
        secure = websocket.url.scheme in ("wss", "https")
        allowed = origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host"), secure,
                                 settings.origin_list)
        await websocket.accept()
        if not allowed:
            # Closed before a frame is read: a page of another site learns nothing but the refusal.
            await websocket.close(CLOSE_ORIGIN, "origin not allowed")
            return
        runtime = websocket.app.state.runtime
        if not runtime.ready or runtime.service is None:
            with contextlib.suppress(Exception):
                await websocket.send_text(json.dumps(frames.error("starting", "Relais is starting; retry shortly")))
                await websocket.close(CLOSE_TRY_AGAIN, "starting")
            return
        limits: Limits = getattr(websocket.app.state, LIMITS_KEY, Limits())
        await VisitorSocket(websocket, runtime.service, limits).run()

    return routes
