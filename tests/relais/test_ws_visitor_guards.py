"""What /ws/visitor refuses and when it closes: heartbeats and idle connections, tokens, origins, a starting
server, and frames that are malformed, mistyped, oversized or early (answered with an error, the socket lives on)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from relais.app import create_app
from relais.runtime import Runtime
from relais.ws_visitor import Limits, configure, origin_allowed
from tests.conftest import make_settings
from tests.relais.ws_helpers import (
    HELMETS,
    Server,
    ids,
    raw_socket,
    rest_messages,
    rest_open,
    serve,
    visitor,
    welcome_of,
)

SHOP = "https://shop.example"


# Fixtures `http` and `no_server_errors` come from tests/relais/ws_helpers.py (a plugin of tests/conftest.py).
pytestmark = pytest.mark.usefixtures("no_server_errors")


@pytest.fixture(scope="module")
async def server(runtime: Runtime) -> AsyncIterator[Server]:
    settings = runtime.settings.model_copy(update={"allowed_origins": SHOP})
    async with serve(create_app(settings, runtime)) as s:
        yield s


# ---------------------------------------------------------------- heartbeats

@pytest.fixture(scope="module")
async def quick_server(runtime: Runtime) -> AsyncIterator[Server]:
    app = create_app(runtime.settings, runtime)
    configure(app, Limits(ping_interval=0.1, idle_timeout=0.6))
    async with serve(app) as s:
        yield s


async def test_server_pings_after_silence_and_answers_pings(quick_server: Server) -> None:
    async with visitor(quick_server) as v:
        assert await v.recv() == {"type": "ping"}
        for _ in range(12):  # answering keeps the connection open well past the idle timeout
            await v.send(type="pong")
            assert await v.recv() == {"type": "ping"}
        await v.send(type="ping")
        got = await v.until(lambda f: f["type"] == "pong")
        assert {f["type"] for f in got[:-1]} <= {"ping"}


async def test_a_connection_that_answered_pings_and_falls_silent_is_closed(quick_server: Server) -> None:
    async with visitor(quick_server) as v:
        assert await v.recv() == {"type": "ping"}
        await v.send(type="pong")
        assert await v.closed() == 4408
    assert {f["type"] for f in v.frames} == {"welcome", "ping"}


async def test_a_client_speaking_only_the_contracts_frames_is_not_closed_for_silence(quick_server: Server) -> None:
    """Pings of its own are no part of CONTRACT §5: a client that never answers them stays connected well past
    the idle timeout (the transport's pings, which every WebSocket client answers, find it gone if it is)."""
    async with visitor(quick_server) as v:
        for _ in range(12):  # 12 pings, 0.1 s apart: twice the 0.6 s idle timeout of this server
            assert await v.recv() == {"type": "ping"}
        await v.send(type="message", client_id="c-silent", text="bonjour")
        got = await v.until(lambda f: f["type"] == "message" and f.get("sender") == "bot")
        assert any(f["type"] == "ack" and f["client_id"] == "c-silent" for f in got)


async def test_a_silent_connection_without_hello_is_closed(quick_server: Server) -> None:
    async with raw_socket(quick_server) as v:
        assert await v.closed() == 4408


# ---------------------------------------------------------------- refusals

async def test_wrong_token_or_unknown_conversation_is_refused_alike(server: Server, http: httpx.AsyncClient) -> None:
    conversation_id, token = await rest_open(http)
    _, other_token = await rest_open(http)
    answers = []
    for hello in ({"conversation_id": conversation_id, "visitor_token": "not-the-token"},
                  {"conversation_id": conversation_id, "visitor_token": other_token},
                  {"conversation_id": conversation_id, "visitor_token": None},
                  {"conversation_id": str(uuid.uuid4()), "visitor_token": token}):
        async with raw_socket(server) as v:
            await v.send(type="hello", last_seq=0, **hello)
            answers.append((await v.recv(), await v.closed()))
    assert len({json.dumps(a, sort_keys=True) for a in answers}) == 1
    frame, code = answers[0]
    assert code == 4401 and frame["type"] == "error" and frame["code"] == "unauthorized"
    assert conversation_id not in json.dumps(frame)
    assert await rest_messages(http, conversation_id, token) == []


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1.evil.example",
                                    "https://shop.example.evil.example", "http://localhost"])
async def test_other_sites_are_refused_before_any_frame(server: Server, origin: str) -> None:
    async with raw_socket(server, origin=origin) as v:
        assert await v.closed() == 4403
    assert v.frames == []


@pytest.mark.parametrize("origin", [None, SHOP, "same"])
async def test_own_pages_listed_sites_and_non_browsers_are_welcome(server: Server, origin: str | None) -> None:
    async with visitor(server, origin=server.http if origin == "same" else origin) as v:
        assert welcome_of(v)["state"] == "bot"


def test_origin_rules() -> None:
    assert origin_allowed("https://relais.example", "relais.example", True, ())
    assert origin_allowed("https://relais.example:443", "relais.example", True, ())
    assert origin_allowed("http://relais.example", "relais.example:80", False, ())
    assert not origin_allowed("https://relais.example:8443", "relais.example", True, ())
    assert not origin_allowed("https://relais.example.evil", "relais.example", True, ())
    assert origin_allowed("HTTPS://Shop.Example/", "relais.example", True, ("https://shop.example",))
    assert origin_allowed("https://any.example", "relais.example", True, ("*",))
    assert not origin_allowed("::not an origin::", "relais.example", True, ())
    assert origin_allowed(None, None, False, ())


async def test_a_starting_server_says_so_and_closes(tmp_path: Any) -> None:
    settings = make_settings(tmp_path)
    starting = Runtime(settings)  # not started: not ready
    try:
        async with serve(create_app(settings, starting)) as s, raw_socket(s) as v:
            assert (await v.recv())["code"] == "starting"
            assert await v.closed() == 1013
    finally:
        await starting.db.close()


# ---------------------------------------------------------------- bad frames

BIG = json.dumps({"type": "message", "client_id": "big", "text": "x" * (64 * 1024)})
BAD_FRAMES: list[tuple[str | bytes, str]] = [
    ("{not json", "invalid_json"),
    ("", "invalid_json"),
    ("[1, 2]", "invalid_frame"),
    ('"hello"', "invalid_frame"),
    ("{}", "invalid_frame"),
    ('{"type": 5}', "invalid_frame"),
    ('{"type": "shout"}', "unknown_type"),
    ('{"type": "message", "text": "hi"}', "invalid_input"),
    ('{"type": "message", "client_id": 5, "text": "hi"}', "invalid_input"),
    ('{"type": "message", "client_id": "c1", "text": ["hi"]}', "invalid_input"),
    ('{"type": "message", "client_id": "c1", "text": "hi", "payload": 3}', "invalid_input"),
    (json.dumps({"type": "message", "client_id": "c1", "text": "x" * 4001}), "invalid_input"),
    ('{"type": "message", "client_id": "c1", "text": "   "}', "invalid_input"),
    ('{"type": "message", "client_id": "c1", "text": "\\ud800 lone"}', "invalid_input"),
    ('{"type": "message", "client_id": "c1", "text": "nul \\u0000"}', "invalid_input"),
    ('{"type": "hello", "conversation_id": null, "visitor_token": null, "last_seq": 0}', "already_welcomed"),
    ("[" * 50_000 + "]" * 10_000, "invalid_json"),
    (BIG, "too_large"),
    (b"\x00\x01binary", "invalid_frame"),
]


async def test_bad_frames_get_an_error_and_the_conversation_goes_on(server: Server, http: httpx.AsyncClient) -> None:
    async with visitor(server, language="en") as v:
        for raw, code in BAD_FRAMES:
            await v.send_raw(raw)
            got = await v.sync()
            assert [(f["type"], f.get("code")) for f in got] == [("error", code)], (raw[:60], got)
            assert isinstance(got[0]["message"], str) and got[0]["message"]
        turn = await v.say("c1", HELMETS)
    assert turn[1] == {"type": "ack", "client_id": "c1", "seq": 1, "duplicate": False}
    stored = await rest_messages(http, *ids(v))
    assert [m["seq"] for m in stored if m["sender"] == "visitor"] == [1]


async def test_errors_of_a_message_name_the_field_and_the_client_id(server: Server) -> None:
    async with visitor(server) as v:
        await v.send(type="message", client_id="c9", text="x" * 4001)
        [error] = await v.sync()
    assert (error["field"], error["client_id"]) == ("text", "c9")


async def test_frames_before_hello_get_an_error_then_hello_works(server: Server) -> None:
    async with raw_socket(server) as v:
        for frame, code in (({"type": "message", "client_id": "x", "text": "hi"}, "hello_required"),
                            ({"type": "feedback", "csat": 5}, "hello_required"),
                            ({"type": "typing"}, "hello_required"),
                            ({"type": "hello", "last_seq": "zero"}, "invalid_input"),
                            ({"type": "hello", "last_seq": -1}, "invalid_input"),
                            ({"type": "hello", "context": "page"}, "invalid_input"),
                            ({"type": "hello", "language": "de"}, "invalid_input")):
            await v.send(**frame)
            assert [(f["type"], f.get("code")) for f in await v.sync()] == [("error", code)], frame
        await v.send(type="hello", conversation_id=None, visitor_token=None, last_seq=0)
        assert (await v.recv())["type"] == "welcome"
