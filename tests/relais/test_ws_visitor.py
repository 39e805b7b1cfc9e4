"""The visitor WebSocket /ws/visitor (CONTRACT section 5) through a real uvicorn server and the websockets client:
hello and resume, turns, several tabs, REST and bus, handoff state, typing, feedback."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from bot.messages import Turn, VisitorMessage
from bot.state import DialogueState
from relais import ws_visitor
from relais.app import create_app
from relais.bus import InProcessBus, conversation_topic
from relais.events import Typing
from relais.runtime import Runtime
from relais.tables import conversations, feedback
from tests.relais.ws_helpers import (
    HELMETS,
    TIMEOUT,
    Frame,
    Server,
    Visitor,
    ids,
    rest_messages,
    rest_open,
    rest_post,
    serve,
    stored_form,
    visitor,
    welcome_of,
)

# Fixtures `http` and `no_server_errors` come from tests/relais/ws_helpers.py (a plugin of tests/conftest.py).
pytestmark = pytest.mark.usefixtures("no_server_errors")


@pytest.fixture(scope="module")
async def server(runtime: Runtime) -> AsyncIterator[Server]:
    async with serve(create_app(runtime.settings, runtime)) as s:
        yield s


# ---------------------------------------------------------------- helpers

async def until_seq(v: Visitor, seq: int) -> None:
    if not any(s >= seq for s in v.seqs()):
        await v.until(lambda f: f["type"] in ("message", "ack") and f["seq"] >= seq)


def assert_delivered_once_in_order(v: Visitor, stored: list[Frame]) -> None:
    """Every stored message reached this socket once, in seq order: as a message frame or as its own ack."""
    seqs = [f["seq"] for f in v.messages()]
    assert seqs == sorted(set(seqs)), seqs
    acked = {f["seq"] for f in v.frames if f["type"] == "ack"}
    assert set(seqs) | acked == {m["seq"] for m in stored}
    by_seq = {m["seq"]: m for m in stored}
    for frame in v.messages():
        assert stored_form(frame) == by_seq[frame["seq"]]


# ---------------------------------------------------------------- hello, welcome, resume

async def test_hello_without_ids_opens_a_conversation(server: Server, http: httpx.AsyncClient,
                                                      runtime: Runtime) -> None:
    async with visitor(server, language="en", context={"page_url": "https://shop.example/helmets"}) as v:
        welcome = welcome_of(v)
        assert welcome["state"] == "bot" and welcome["handoff"] is None
        assert len(welcome["visitor_token"]) >= 32
        assert await v.sync() == []
    conversation_id, token = ids(v)
    assert await rest_messages(http, conversation_id, token) == []
    async with runtime.db.connect() as conn:
        row = (await conn.execute(select(conversations).where(conversations.c.id == conversation_id))).one()
    assert (row.language, row.context) == ("en", {"page_url": "https://shop.example/helmets"})


@pytest.mark.parametrize("page", [2, ws_visitor.PAGE])
async def test_hello_with_last_seq_resends_the_later_messages_in_order(server: Server, http: httpx.AsyncClient,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       page: int) -> None:
    monkeypatch.setattr(ws_visitor, "PAGE", page)  # read from the database in pages of this size
    conversation_id, token = await rest_open(http, language="en")
    await rest_post(http, conversation_id, token, "hello")
    await rest_post(http, conversation_id, token, HELMETS)
    stored = await rest_messages(http, conversation_id, token)
    for last_seq in (0, 2, len(stored)):
        async with visitor(server, conversation_id=conversation_id, visitor_token=token, last_seq=last_seq) as v:
            assert ids(v) == (conversation_id, token)
            assert [stored_form(f) for f in await v.sync()] == stored[last_seq:]
    # A seq the server never gave is taken as the last stored one: the next messages are not skipped.
    async with visitor(server, conversation_id=conversation_id, visitor_token=token, last_seq=999) as v:
        assert welcome_of(v)["last_seq"] == len(stored)
        assert await v.sync() == []
        await rest_post(http, conversation_id, token, "thanks")
        await until_seq(v, len(stored) + 1)
        assert v.messages()[0]["seq"] == len(stored) + 1


# ---------------------------------------------------------------- turns

async def test_message_is_typed_acked_then_answered(server: Server, http: httpx.AsyncClient) -> None:
    client_id = str(uuid.uuid4())
    async with visitor(server, language="en") as v:
        turn = await v.say(client_id, HELMETS)
    assert turn[0] == {"type": "typing"}
    assert turn[1] == {"type": "ack", "client_id": client_id, "seq": 1, "duplicate": False}
    replies = turn[2:]
    assert replies and all(f["type"] == "message" and f["sender"] == "bot" for f in replies)
    assert [f["seq"] for f in replies] == list(range(2, 2 + len(replies)))
    stored = await rest_messages(http, *ids(v))
    assert stored[0]["client_id"] == client_id and stored[0]["text"] == HELMETS
    assert [stored_form(f) for f in replies] == stored[1:]


async def test_a_resent_client_id_is_acked_with_the_same_seq_and_stored_once(server: Server,
                                                                           http: httpx.AsyncClient) -> None:
    client_id = str(uuid.uuid4())
    async with visitor(server, language="en") as v:
        first = await v.say(client_id, HELMETS)
        again = await v.say(client_id, HELMETS)
    acks = [f for f in (*first, *again) if f["type"] == "ack"]
    assert [(a["seq"], a["duplicate"]) for a in acks] == [(1, False), (1, True)]
    assert not [f for f in again if f["type"] == "message"]
    conversation_id, token = ids(v)
    async with visitor(server, conversation_id=conversation_id, visitor_token=token, last_seq=max(v.seqs())) as w:
        third = await w.say(client_id, HELMETS)
    assert [f for f in third if f["type"] != "typing"] == [{"type": "ack", "client_id": client_id, "seq": 1,
                                                           "duplicate": True}]
    stored = await rest_messages(http, conversation_id, token)
    assert [m["seq"] for m in stored if m["sender"] == "visitor"] == [1]
    assert [stored_form(f) for f in first if f["type"] == "message"] == stored[1:]


class GatedEngine:
    """The real engine, held at the start of a turn until released: the server is 'computing the replies'."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self._entered = threading.Event()
        self._open = threading.Event()

    def turn(self, state: DialogueState, message: VisitorMessage) -> Turn:
        self._entered.set()
        self._open.wait(TIMEOUT)
        turn: Turn = self.engine.turn(state, message)
        return turn

    def turns(self, batch: list[tuple[DialogueState, VisitorMessage]]) -> list[Turn | Exception]:
        return [self.turn(state, message) for state, message in batch]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    async def entered(self) -> None:
        assert await asyncio.to_thread(self._entered.wait, TIMEOUT)

    def release(self) -> None:
        self._open.set()


@pytest.mark.parametrize("point", ["right_after_sending", "before_the_ack", "after_the_ack", "after_the_replies"])
async def test_reconnecting_at_any_point_of_a_turn_loses_and_repeats_nothing(
    server: Server, http: httpx.AsyncClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    assert runtime.service is not None
    gate = GatedEngine(runtime.service.engine)
    client_id = str(uuid.uuid4())
    try:
        async with visitor(server, language="en") as first:
            await first.say(str(uuid.uuid4()), "hello")
            if point == "before_the_ack":
                monkeypatch.setattr(runtime.service, "engine", gate)
            await first.send(type="message", client_id=client_id, text=HELMETS)
            if point == "before_the_ack":
                await gate.entered()
            elif point == "after_the_ack":
                await first.until(lambda f: f["type"] == "ack")
            elif point == "after_the_replies":
                await first.sync()
        conversation_id, token = ids(first)
        acked = any(f["type"] == "ack" and f["client_id"] == client_id for f in first.frames)
        async with visitor(server, conversation_id=conversation_id, visitor_token=token,
                           last_seq=max(first.seqs())) as second:
            gate.release()
            if not acked:  # the client cannot know whether the message arrived: it sends it again
                await second.send(type="message", client_id=client_id, text=HELMETS)
                await second.until(lambda f: f["type"] == "ack")
            await second.sync()
    finally:
        gate.release()
    if point in ("right_after_sending", "before_the_ack"):
        assert not acked
        [ack] = [f for f in second.frames if f["type"] == "ack"]
        if point == "before_the_ack":  # the turn went on without its client and stored the message
            assert ack["duplicate"] is True
    if point == "after_the_replies":
        assert second.messages() == []
    stored = await rest_messages(http, conversation_id, token)
    assert [m["seq"] for m in stored] == list(range(1, len(stored) + 1))
    mine = [m for m in stored if m.get("client_id") == client_id]
    assert len(mine) == 1 and stored[mine[0]["seq"]]["sender"] == "bot"  # stored once; the next one answers it
    message_seqs = [f["seq"] for v in (first, second) for f in v.messages()]
    assert len(message_seqs) == len(set(message_seqs)), "a message was delivered twice"
    acked_seqs = {f["seq"] for v in (first, second) for f in v.frames if f["type"] == "ack"}
    assert set(message_seqs) | acked_seqs == {m["seq"] for m in stored}, "a message was lost"
    for v in (first, second):
        seqs = [f["seq"] for f in v.messages()]
        assert seqs == sorted(seqs)


async def test_two_tabs_receive_every_message_once_in_order(server: Server, http: httpx.AsyncClient) -> None:
    async with visitor(server, language="en") as a:
        conversation_id, token = ids(a)
        async with visitor(server, conversation_id=conversation_id, visitor_token=token) as b:
            await a.say(str(uuid.uuid4()), "hello")
            await b.say(str(uuid.uuid4()), HELMETS)
            await rest_post(http, conversation_id, token, "thanks")
            stored = await rest_messages(http, conversation_id, token)
            for tab in (a, b):
                await until_seq(tab, stored[-1]["seq"])
                await tab.sync()
    for tab in (a, b):
        assert_delivered_once_in_order(tab, stored)
    assert {f["text"] for f in b.messages() if f["sender"] == "visitor"} == {"hello", "thanks"}
    assert {f["text"] for f in a.messages() if f["sender"] == "visitor"} == {HELMETS, "thanks"}


async def test_a_message_posted_over_rest_reaches_the_socket(server: Server, http: httpx.AsyncClient) -> None:
    async with visitor(server, language="en") as v:
        turn = await rest_post(http, *ids(v), HELMETS)
        await until_seq(v, turn["replies"][-1]["seq"])
    assert [stored_form(f) for f in v.messages()] == await rest_messages(http, *ids(v))


@pytest.mark.parametrize("page", [1, ws_visitor.PAGE])
async def test_messages_the_bus_missed_are_read_from_the_database(
    server: Server, http: httpx.AsyncClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch, page: int
) -> None:
    async with visitor(server, language="en") as v:
        conversation_id, token = ids(v)
        monkeypatch.setattr(runtime.service, "bus", InProcessBus())  # published where nobody listens
        await rest_post(http, conversation_id, token, "hello")
        monkeypatch.undo()
        monkeypatch.setattr(ws_visitor, "PAGE", page)  # the gap is read in pages of this size
        last = await rest_post(http, conversation_id, token, HELMETS)
        await until_seq(v, last["replies"][-1]["seq"])
    stored = await rest_messages(http, conversation_id, token)
    assert [stored_form(f) for f in v.messages()] == stored


async def test_explicit_request_sends_a_queued_state_frame_to_every_tab(server: Server) -> None:
    async with visitor(server, language="en") as a:
        conversation_id, token = ids(a)
        async with visitor(server, conversation_id=conversation_id, visitor_token=token) as b:
            turn = await a.say(str(uuid.uuid4()), "can I talk to a real person")
            states = [f for f in turn if f["type"] == "state"]
            assert len(states) == 1 and turn[-1] == states[0]  # after the replies
            assert states[0]["state"] == "queued"
            assert states[0]["handoff"]["reason"] == "explicit_request"
            assert states[0]["handoff"]["queue_position"] >= 1
            assert turn[-2]["kind"] == "handoff"
            assert (await b.until(lambda f: f["type"] == "state"))[-1] == states[0]
            # While queued the bot does not 'type'; the visitor's messages are still acknowledged.
            waiting = await a.say(str(uuid.uuid4()), "hello?")
            assert waiting[0]["type"] == "ack" and {"typing", "state"}.isdisjoint(f["type"] for f in waiting)
            await b.sync()
            assert [f["type"] for f in b.frames].count("state") == 1
        async with visitor(server, conversation_id=conversation_id, visitor_token=token, last_seq=999) as c:
            assert welcome_of(c)["state"] == "queued"
            assert welcome_of(c)["handoff"]["reason"] == "explicit_request"


async def test_visitor_typing_is_relayed_and_others_typing_reaches_the_visitor(server: Server,
                                                                              runtime: Runtime) -> None:
    async with visitor(server) as v:
        conversation_id, _ = ids(v)
        topic = conversation_topic(conversation_id)
        async with runtime.bus.subscribe(topic) as queue:
            await v.send(type="typing")
            assert await v.sync() == []
            assert await asyncio.wait_for(queue.get(), TIMEOUT) == Typing(conversation_id, "visitor")
            await runtime.bus.publish(topic, Typing(conversation_id, "agent"))
            assert await v.recv() == {"type": "typing"}


# ---------------------------------------------------------------- feedback

async def feedback_rows(runtime: Runtime, conversation_id: str) -> list[tuple[Any, ...]]:
    async with runtime.db.connect() as conn:
        rows = await conn.execute(select(feedback.c.csat, feedback.c.ces, feedback.c.comment, feedback.c.created_at)
                                  .where(feedback.c.conversation_id == conversation_id))
        return [tuple(r) for r in rows]


async def test_feedback_is_stored_and_acknowledged(server: Server, runtime: Runtime) -> None:
    async with visitor(server, language="en") as v:
        await v.send(type="feedback", csat=5, ces=2, comment="  Quick and clear  ")
        assert await v.sync() == [{"type": "feedback_saved"}]
        await v.send(type="feedback", comment="One more thing")
        assert await v.sync() == [{"type": "feedback_saved"}]
    rows = await feedback_rows(runtime, ids(v)[0])
    assert [r[:3] for r in rows] == [(5, 2, "Quick and clear"), (None, None, "One more thing")]
    assert all(r[3] is not None for r in rows)


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"csat": 6}, "csat"), ({"csat": 0}, "csat"), ({"ces": 8}, "ces"), ({"ces": 0}, "ces"),
     ({"csat": "5"}, "csat"), ({"csat": True}, "csat"), ({"csat": 4.5}, "csat"), ({"comment": "x" * 2001}, "comment"),
     ({"comment": 12}, "comment"), ({}, "csat"), ({"comment": "   "}, "csat")],
)
async def test_invalid_feedback_gets_an_error_and_stores_nothing(server: Server, runtime: Runtime,
                                                                 fields: dict[str, Any], field: str) -> None:
    async with visitor(server) as v:
        await v.send(type="feedback", **fields)
        [error] = await v.sync()
        assert (error["type"], error["code"], error["field"]) == ("error", "invalid_input", field)
        assert await feedback_rows(runtime, ids(v)[0]) == []
        await v.send(type="feedback", csat=1, ces=7, comment="x" * 2000)
        assert await v.sync() == [{"type": "feedback_saved"}]
    assert len(await feedback_rows(runtime, ids(v)[0])) == 1
