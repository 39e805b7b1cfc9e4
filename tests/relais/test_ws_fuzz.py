"""/ws/visitor under 200 random frames on one connection: each gets an error frame or its valid answer, and the
connection and the conversation survive (a valid message still works; nothing is stored twice)."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relais.app import create_app
from relais.runtime import Runtime
from tests.relais.ws_helpers import TIMEOUT, Frame, Server, Visitor, serve, visitor, welcome_of

pytestmark = pytest.mark.slow

MAX_FRAME = 64 * 1024
CLIENT_IDS = [f"fuzz-{n}" for n in range(6)]  # a small pool, so that client ids come back
TYPES = ["message", "feedback", "hello", "typing", "ping", "pong", "shout", "", "MESSAGE", "error", "ack"]
ODD = ["\u200b", "\u202e", "\x00", "\ufeff", "e\u0301", "👩‍👩‍👧", "\U0010ffff", "\ud800", "\udfff", "\\", '"', "\n"]

scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=30)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=8)
odd_text = st.lists(st.characters() | st.characters(categories=["Cs"]) | st.sampled_from(ODD), max_size=60).map("".join)
values = json_values | odd_text | st.integers(-3, 9)
types = st.sampled_from(TYPES)
structured = st.fixed_dictionaries(
    {"type": types | types | json_values},
    optional={"client_id": st.sampled_from(CLIENT_IDS) | values, "text": odd_text | values,
              "payload": values, "csat": values, "ces": values, "comment": odd_text | values,
              "conversation_id": values, "visitor_token": values, "last_seq": values, "context": values},
)
# Frames one detail away from valid ones, so that the valid paths (turns, feedback) are exercised too.
messages = st.fixed_dictionaries(
    {"type": st.just("message"), "client_id": st.sampled_from(CLIENT_IDS),
     "text": st.text(min_size=1, max_size=40) | odd_text | st.sampled_from(["Do you lend helmets?", "hello"])},
    optional={"payload": st.none() | st.text(max_size=20) | values},
)
feedbacks = st.fixed_dictionaries(
    {"type": st.just("feedback")},
    optional={"csat": st.integers(-1, 7) | values, "ces": st.integers(-1, 9) | values,
              "comment": st.text(max_size=40) | odd_text | st.integers(0, 3).map(lambda n: "c" * (1999 + n))},
)
oversized = st.integers(MAX_FRAME // 2 + 1, 3 * MAX_FRAME).map(
    lambda n: json.dumps({"type": "message", "client_id": "big", "text": "é" * n}, ensure_ascii=False))
as_json = st.one_of(structured, messages, feedbacks).map(json.dumps)  # ensure_ascii: lone surrogates as \ud800
frames = st.one_of(
    as_json,
    as_json,
    as_json.map(lambda s: s[: len(s) // 2]),  # cut in the middle
    st.text(max_size=200),  # garbage text
    st.binary(max_size=200),  # garbage binary
    oversized,
    st.sampled_from(["null", "[]", "1", '"x"', "{}", '{"type": null}', '{"type": "ping"}']),
    st.integers(1_000, 60_000).map(lambda n: "[" * n),  # deeper than the JSON parser goes
)


def sent_object(raw: str | bytes) -> dict[str, Any] | None:
    """The frame as the server can read it, or None when it cannot be an acceptable frame at all."""
    if isinstance(raw, bytes) or len(raw.encode("utf-8")) > MAX_FRAME:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("type"), str) else None


class Fuzzer:
    """Sends one frame, then a ping; checks what the server said before the pong."""

    def __init__(self, v: Visitor) -> None:
        self.v = v
        self.count = 0
        self.acks: dict[str, int] = {}

    async def exchange(self, raw: str | bytes) -> None:
        self.count += 1
        await self.v.send_raw(raw)
        got = await self.v.sync()
        frame = sent_object(raw)
        kind = frame["type"] if frame is not None else None
        if kind == "ping":  # the first pong answered it; the next one answers the sync's ping
            assert got == [], got
            got = (await self.v.until(lambda f: f["type"] == "pong"))[:-1]
        errors = [f for f in got if f["type"] == "error"]
        if errors:
            assert got == errors and len(errors) == 1, got
            assert isinstance(errors[0]["code"], str) and errors[0]["code"], got
            assert isinstance(errors[0]["message"], str) and errors[0]["message"], got
            assert kind not in ("ping", "pong", "typing"), got
            if len(raw) > MAX_FRAME * 4:
                assert errors[0]["code"] == "too_large"
            return
        assert frame is not None and kind in ("message", "feedback", "ping", "pong", "typing"), (raw[:80], got)
        if kind in ("ping", "pong", "typing"):
            assert got == [], got
        elif kind == "feedback":
            assert got == [{"type": "feedback_saved"}], got
        else:
            acks = [f for f in got if f["type"] == "ack"]
            assert len(acks) == 1 and acks[0]["client_id"] == frame["client_id"], got
            seq = self.acks.setdefault(frame["client_id"], acks[0]["seq"])
            assert acks[0]["seq"] == seq, "a client id acknowledged with another seq"
            assert {f["type"] for f in got} <= {"typing", "ack", "message", "state"}, got


@pytest.fixture(scope="module")
async def server(runtime: Runtime) -> AsyncIterator[Server]:
    async with serve(create_app(runtime.settings, runtime)) as s:
        yield s


async def test_random_frames_get_answers_and_the_conversation_survives(server: Server,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    loop = asyncio.get_running_loop()
    async with visitor(server, language="en") as v:
        fuzzer = Fuzzer(v)

        @settings(max_examples=200, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(frames)
        def one_frame(raw: str | bytes) -> None:
            asyncio.run_coroutine_threadsafe(fuzzer.exchange(raw), loop).result(TIMEOUT * 2)

        # Hypothesis drives the frames from a thread; the connection lives in this event loop.
        await asyncio.to_thread(one_frame)
        assert fuzzer.count >= 200

        client_id = str(uuid.uuid4())
        turn = await v.say(client_id, "Do you lend helmets?")
        [ack] = [f for f in turn if f["type"] == "ack"]
        assert ack["client_id"] == client_id and ack["duplicate"] is False

    welcome = welcome_of(v)
    async with httpx.AsyncClient(base_url=server.http, timeout=TIMEOUT) as http:
        resp = await http.get(f"/api/v1/conversations/{welcome['conversation_id']}/messages",
                              headers={"Authorization": f"Bearer {welcome['visitor_token']}"})
    stored: list[Frame] = resp.json()["messages"]
    assert [m["seq"] for m in stored] == list(range(1, len(stored) + 1))
    sent_ids = [m["client_id"] for m in stored if m["sender"] == "visitor"]
    assert len(sent_ids) == len(set(sent_ids)), "a message was stored twice"
    assert {m["client_id"]: m["seq"] for m in stored if m["sender"] == "visitor"} == {**fuzzer.acks,
                                                                                      client_id: ack["seq"]}
    delivered = [f["seq"] for f in v.messages()]
    assert delivered == sorted(set(delivered)), "a message was delivered twice or out of order"
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR], "the server failed on a frame"
