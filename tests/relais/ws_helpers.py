"""A real uvicorn server on a free port and a visitor WebSocket client, for the /ws/visitor tests."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

TIMEOUT = 15.0  # every wait is bounded by this; turns take milliseconds
TRANSPORT_MAX = 1024 * 1024  # above the application's 64 KiB, so that oversized frames reach it

Frame = dict[str, Any]


@dataclass(frozen=True)
class Server:
    host: str

    @property
    def ws(self) -> str:
        return f"ws://{self.host}/ws/visitor"

    @property
    def http(self) -> str:
        return f"http://{self.host}"


@asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[Server]:
    """Runs `app` with uvicorn on 127.0.0.1 in this event loop (the runtime is already started: no lifespan)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_config=None, log_level="warning", access_log=False,
                            ws_max_size=TRANSPORT_MAX, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(TIMEOUT):
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
        yield Server(f"127.0.0.1:{port}")
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, TIMEOUT)
        sock.close()


@dataclass
class Visitor:
    """One socket of a visitor; `frames` keeps everything the server sent on it."""

    ws: ClientConnection
    frames: list[Frame] = field(default_factory=list)

    async def send(self, **frame: Any) -> None:
        await self.ws.send(json.dumps(frame))

    async def send_raw(self, raw: str | bytes) -> None:
        await self.ws.send(raw)

    async def recv(self, seconds: float = TIMEOUT) -> Frame:
        frame: Frame = json.loads(await asyncio.wait_for(self.ws.recv(), seconds))
        self.frames.append(frame)
        return frame

    async def until(self, done: Callable[[Frame], bool], seconds: float = TIMEOUT) -> list[Frame]:
        """Frames up to and including the first one `done` accepts."""
        got = []
        async with asyncio.timeout(seconds):
            while True:
                frame = await self.recv()
                got.append(frame)
                if done(frame):
                    return got

    async def sync(self) -> list[Frame]:
        """Everything the server had to send before answering a ping (the pong itself left out)."""
        await self.send(type="ping")
        return (await self.until(lambda f: f["type"] == "pong"))[:-1]

    async def say(self, client_id: str, text: str, **extra: Any) -> list[Frame]:
        """Sends a message; the frames up to the end of its turn."""
        await self.send(type="message", client_id=client_id, text=text, **extra)
        return await self.sync()

    async def closed(self, seconds: float = TIMEOUT) -> int | None:
        """Waits for the server to close the connection; its close code."""
        async with asyncio.timeout(seconds):
            while True:
                try:
                    await self.recv()
                except Exception:  # ConnectionClosed
                    break
            await self.ws.wait_closed()
        return self.ws.close_code

    def messages(self) -> list[Frame]:
        return [f for f in self.frames if f["type"] == "message"]

    def seqs(self) -> list[int]:
        """Seqs of the message frames and acks received on this socket, in order of arrival."""
        return [f["seq"] for f in self.frames if f["type"] in ("message", "ack")]


@asynccontextmanager
async def visitor(server: Server, *, origin: str | None = None, **hello: Any) -> AsyncIterator[Visitor]:
    """A connected socket that has said hello (new conversation unless `conversation_id` is given)."""
    async with raw_socket(server, origin=origin) as v:
        await v.send(type="hello", **{"conversation_id": None, "visitor_token": None, "last_seq": 0, **hello})
        welcome = await v.recv()
        assert welcome["type"] == "welcome", welcome
        yield v


@asynccontextmanager
async def raw_socket(server: Server, *, origin: str | None = None) -> AsyncIterator[Visitor]:
    async with connect(server.ws, origin=Origin(origin) if origin else None, max_size=TRANSPORT_MAX,
                       open_timeout=TIMEOUT, close_timeout=2) as ws:
        yield Visitor(ws)


def welcome_of(v: Visitor) -> Frame:
    return next(f for f in v.frames if f["type"] == "welcome")


# ---------------------------------------------------------------- conversations over REST, frames compared with them

HELMETS = "Do you lend helmets?"


def ids(v: Visitor) -> tuple[str, str]:
    welcome = welcome_of(v)
    return welcome["conversation_id"], welcome["visitor_token"]


def stored_form(frame: Frame) -> Frame:
    return {k: v for k, v in frame.items() if k != "type"}


async def rest_open(http: httpx.AsyncClient, **body: Any) -> tuple[str, str]:
    resp = await http.post("/api/v1/conversations", json=body)
    assert resp.status_code == 201, resp.text
    return resp.json()["conversation_id"], resp.json()["visitor_token"]


async def rest_post(http: httpx.AsyncClient, conversation_id: str, token: str, text: str) -> dict[str, Any]:
    resp = await http.post(f"/api/v1/conversations/{conversation_id}/messages", json={"text": text},
                           headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


async def rest_messages(http: httpx.AsyncClient, conversation_id: str, token: str) -> list[Frame]:
    resp = await http.get(f"/api/v1/conversations/{conversation_id}/messages",
                          headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.text
    found: list[Frame] = resp.json()["messages"]
    return found


@pytest.fixture
def no_server_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A socket that failed on the server side (an exception in the app) fails the test that caused it."""
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


@pytest.fixture(scope="module")
async def http(server: Server) -> AsyncIterator[httpx.AsyncClient]:
    """Plain HTTP on the module's `server` fixture."""
    async with httpx.AsyncClient(base_url=server.http, timeout=TIMEOUT) as c:
        yield c
