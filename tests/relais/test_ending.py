"""Ending a conversation, erasing it and the retention limit, over REST and the visitor WebSocket."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

from relais.app import create_app
from relais.runtime import Runtime
from relais.storage import utcnow
from relais.tables import conversations, feedback, messages
from tests.relais.ws_helpers import Server, ids, rest_open, rest_post, serve, visitor, welcome_of

pytestmark = pytest.mark.usefixtures("no_server_errors")
API = "/api/v1/conversations"


@pytest.fixture(scope="module")
async def server(runtime: Runtime) -> AsyncIterator[Server]:
    async with serve(create_app(runtime.settings, runtime)) as s:
        yield s


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def rows_of(runtime: Runtime, conversation_id: str) -> tuple[int, int, int]:
    """How many conversation, message and feedback rows the database keeps for this conversation."""
    async with runtime.db.connect() as conn:
        counts = []
        for table, column in ((conversations, conversations.c.id), (messages, messages.c.conversation_id),
                              (feedback, feedback.c.conversation_id)):
            counts.append(int((await conn.execute(
                select(func.count()).select_from(table).where(column == conversation_id))).scalar_one()))
    return counts[0], counts[1], counts[2]


async def test_welcome_tells_the_language_and_what_the_privacy_notice_needs(server: Server) -> None:
    async with visitor(server, language="en") as v:
        welcome = welcome_of(v)
    assert welcome["language"] == "en"
    assert welcome["retention_days"] == 30
    assert "privacy_url" in welcome


async def test_closing_over_rest_tells_every_tab_and_refuses_later_messages(server: Server,
                                                                             http: httpx.AsyncClient) -> None:
    conversation_id, token = await rest_open(http, language="fr")
    await rest_post(http, conversation_id, token, "Bonjour")
    async with visitor(server, conversation_id=conversation_id, visitor_token=token, last_seq=2) as tab:
        closed = await http.post(f"{API}/{conversation_id}/close", headers=bearer(token))
        assert closed.status_code == 200 and closed.json() == {"state": "closed"}
        frames = await tab.until(lambda f: f["type"] == "state")
        assert frames[-1] == {"type": "state", "state": "closed", "handoff": None}
        goodbye = [f for f in frames if f["type"] == "message"]
        assert [(m["sender"], m["seq"]) for m in goodbye] == [("system", 3)]
        assert "Merci" in goodbye[0]["text"]
        # Closing twice changes nothing and adds no message.
        again = await http.post(f"{API}/{conversation_id}/close", headers=bearer(token))
        assert again.status_code == 200
        refused = await tab.say(str(uuid.uuid4()), "Encore une question")
        assert [(f["type"], f["code"]) for f in refused] == [("error", "closed")]
    late = await http.post(f"{API}/{conversation_id}/messages", json={"text": "Allô ?"}, headers=bearer(token))
    assert late.status_code == 409 and late.json()["error"]["code"] == "closed"
    listed = await http.get(f"{API}/{conversation_id}/messages", headers=bearer(token))
    assert [m["seq"] for m in listed.json()["messages"]] == [1, 2, 3]


async def test_a_close_frame_ends_the_conversation_and_feedback_is_still_taken(server: Server,
                                                                               runtime: Runtime) -> None:
    async with visitor(server, language="en") as v:
        await v.say(str(uuid.uuid4()), "Hello")
        await v.send(type="close")
        frames = await v.until(lambda f: f["type"] == "state")
        assert frames[-1]["state"] == "closed"
        assert "Thank you" in [f for f in frames if f["type"] == "message"][-1]["text"]
        await v.send(type="feedback", csat=4, ces=2)
        assert await v.sync() == [{"type": "feedback_saved"}]
    async with runtime.db.connect() as conn:
        row = (await conn.execute(select(conversations).where(conversations.c.id == ids(v)[0]))).one()
    assert row.state == "closed" and row.closed_at is not None


async def test_closing_a_queued_conversation_takes_it_out_of_the_queue(server: Server,
                                                                        http: httpx.AsyncClient) -> None:
    positions = []
    opened = []
    for _ in range(2):
        conversation_id, token = await rest_open(http, language="en")
        turn = await rest_post(http, conversation_id, token, "Get me a human being please")
        assert turn["state"] == "queued"
        positions.append(turn["handoff"]["queue_position"])
        opened.append((conversation_id, token))
    assert positions[1] == positions[0] + 1
    await http.post(f"{API}/{opened[0][0]}/close", headers=bearer(opened[0][1]))
    third, third_token = await rest_open(http, language="en")
    queued = await rest_post(http, third, third_token, "I want to talk to a real person")
    assert queued["handoff"]["queue_position"] == positions[1]


async def test_erasing_over_rest_deletes_everything_and_closes_every_tab(server: Server, http: httpx.AsyncClient,
                                                                         runtime: Runtime) -> None:
    async with visitor(server, language="fr") as v:
        conversation_id, token = ids(v)
        await v.say(str(uuid.uuid4()), "Bonjour")
        await v.send(type="feedback", csat=2)
        await v.sync()
        assert await rows_of(runtime, conversation_id) == (1, 2, 1)
        erased = await http.delete(f"{API}/{conversation_id}", headers=bearer(token))
        assert erased.status_code == 204
        assert (await v.until(lambda f: f["type"] == "erased"))[-1] == {"type": "erased"}
        assert await v.closed() == 1000
    assert await rows_of(runtime, conversation_id) == (0, 0, 0)
    gone = await http.get(f"{API}/{conversation_id}/messages", headers=bearer(token))
    assert gone.status_code == 403


async def test_erasing_needs_the_conversations_token(server: Server, http: httpx.AsyncClient,
                                                     runtime: Runtime) -> None:
    conversation_id, token = await rest_open(http)
    await rest_post(http, conversation_id, token, "Bonjour")
    assert (await http.delete(f"{API}/{conversation_id}")).status_code == 401
    assert (await http.delete(f"{API}/{conversation_id}", headers=bearer("not-the-token"))).status_code == 403
    assert (await http.post(f"{API}/{conversation_id}/close", headers=bearer("not-the-token"))).status_code == 403
    assert await rows_of(runtime, conversation_id) == (1, 2, 0)


async def test_an_erase_frame_deletes_the_conversation(server: Server, runtime: Runtime) -> None:
    async with visitor(server, language="en") as v:
        await v.say(str(uuid.uuid4()), "Hi there")
        await v.send(type="erase")
        assert (await v.until(lambda f: f["type"] == "erased"))[-1] == {"type": "erased"}
        assert await v.closed() == 1000
    assert await rows_of(runtime, ids(v)[0]) == (0, 0, 0)


async def test_conversations_past_the_retention_limit_are_erased(http: httpx.AsyncClient, runtime: Runtime,
                                                                 server: Server) -> None:
    old, old_token = await rest_open(http)
    await rest_post(http, old, old_token, "Bonjour")
    recent, recent_token = await rest_open(http)
    await rest_post(http, recent, recent_token, "Bonjour")
    async with runtime.db.begin() as conn:
        await conn.execute(update(conversations).where(conversations.c.id == old)
                           .values(updated_at=utcnow() - timedelta(days=31)))
        await conn.execute(update(conversations).where(conversations.c.id == recent)
                           .values(updated_at=utcnow() - timedelta(days=29)))
    assert runtime.service is not None
    assert await runtime.service.purge(30) >= 1
    assert await rows_of(runtime, old) == (0, 0, 0)
    assert await rows_of(runtime, recent) == (1, 2, 0)


async def context_of(runtime: Runtime, conversation_id: str) -> dict[str, object]:
    async with runtime.db.connect() as conn:
        row = (await conn.execute(select(conversations.c.context).where(conversations.c.id == conversation_id))).one()
    return dict(row.context)


async def test_the_page_context_follows_the_visitor_after_the_conversation_started(server: Server,
                                                                                  runtime: Runtime) -> None:
    async with visitor(server, language="fr", context={"page_url": "https://shop.example/cart"}) as v:
        conversation_id, token = ids(v)
        await v.send(type="context", context={"checkout_step": "payment", "error_code": "CARD_DECLINED"})
        assert await v.sync() == [{"type": "context_saved"}]
    assert await context_of(runtime, conversation_id) == {
        "page_url": "https://shop.example/cart", "checkout_step": "payment", "error_code": "CARD_DECLINED"}
    # Resumed on another page: the hello's context is merged too.
    async with visitor(server, conversation_id=conversation_id, visitor_token=token, last_seq=0,
                       context={"page_url": "https://shop.example/help"}) as w:
        await w.sync()
    context = await context_of(runtime, conversation_id)
    assert context["page_url"] == "https://shop.example/help" and context["error_code"] == "CARD_DECLINED"


async def test_a_context_too_large_is_refused_without_keeping_the_visitor_out(server: Server,
                                                                            runtime: Runtime) -> None:
    async with visitor(server, language="fr") as v:
        conversation_id, token = ids(v)
        await v.send(type="context", context={"blob": "x" * 9000})
        [error] = await v.sync()
        assert (error["type"], error["code"], error["field"]) == ("error", "invalid_input", "context")
        await v.send(type="context", context="not an object")
        [error] = await v.sync()
        assert error["field"] == "context"
    async with visitor(server, conversation_id=conversation_id, visitor_token=token, last_seq=0,
                       context={"blob": "x" * 9000}) as w:
        assert welcome_of(w)["conversation_id"] == conversation_id
        [error] = await w.sync()
        assert (error["code"], error["field"]) == ("invalid_input", "context")
    assert "blob" not in await context_of(runtime, conversation_id)
