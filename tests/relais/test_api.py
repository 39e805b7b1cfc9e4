"""Visitor REST API (CONTRACT section 3) through the real app, runtime and SQLite file."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

CONVERSATIONS = "/api/v1/conversations"


async def open_conversation(client: httpx.AsyncClient, **body: Any) -> tuple[str, dict[str, str]]:
    created = await client.post(CONVERSATIONS, json=body)
    assert created.status_code == 201, created.text
    conv = created.json()
    return conv["conversation_id"], {"Authorization": f"Bearer {conv['visitor_token']}"}


async def send(client: httpx.AsyncClient, conversation_id: str, headers: dict[str, str], text: str,
               **extra: Any) -> dict[str, Any]:
    resp = await client.post(f"{CONVERSATIONS}/{conversation_id}/messages", json={"text": text, **extra},
                             headers=headers)
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


async def messages(client: httpx.AsyncClient, conversation_id: str, headers: dict[str, str],
                   after: int = 0) -> list[dict[str, Any]]:
    resp = await client.get(f"{CONVERSATIONS}/{conversation_id}/messages", params={"after": after},
                            headers=headers)
    assert resp.status_code == 200, resp.text
    found: list[dict[str, Any]] = resp.json()["messages"]
    return found


def assert_error_shape(resp: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    assert {"code", "message"} <= set(error)
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code
    return error


# ---------------------------------------------------------------- conversations and tokens

async def test_create_conversation_returns_201_with_id_and_secret_token(client: httpx.AsyncClient) -> None:
    first = await client.post(CONVERSATIONS, json={"language": "en", "context": {"page_url": "https://x.example/"}})
    second = await client.post(CONVERSATIONS)
    assert (first.status_code, second.status_code) == (201, 201)
    a, b = first.json(), second.json()
    assert set(a) == {"conversation_id", "visitor_token"}
    assert a["conversation_id"] != b["conversation_id"]
    assert a["visitor_token"] != b["visitor_token"]
    assert len(a["visitor_token"]) >= 32


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_missing_token_is_401(client: httpx.AsyncClient, method: str) -> None:
    conversation_id, _ = await open_conversation(client)
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Basic dXNlcjpwdw=="}):
        resp = await client.request(method, f"{CONVERSATIONS}/{conversation_id}/messages", headers=headers,
                                    json={"text": "bonjour"} if method == "POST" else None)
        assert_error_shape(resp, 401, "unauthorized")
        assert resp.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_wrong_token_and_unknown_conversation_get_the_same_403(client: httpx.AsyncClient, method: str) -> None:
    conversation_id, _ = await open_conversation(client)
    other_id, other_headers = await open_conversation(client)
    body = {"text": "bonjour"} if method == "POST" else None
    wrong = {"Authorization": "Bearer not-the-token"}

    answers = [
        await client.request(method, f"{CONVERSATIONS}/{conversation_id}/messages", headers=wrong, json=body),
        await client.request(method, f"{CONVERSATIONS}/{conversation_id}/messages", headers=other_headers, json=body),
        await client.request(method, f"{CONVERSATIONS}/{uuid.uuid4()}/messages", headers=other_headers, json=body),
        await client.request(method, f"{CONVERSATIONS}/{uuid.uuid4()}/messages", headers=wrong, json=body),
    ]

    for resp in answers:
        assert_error_shape(resp, 403, "forbidden")
    assert len({r.text for r in answers}) == 1
    assert conversation_id not in answers[0].text
    assert await messages(client, other_id, other_headers) == []  # nothing stored by refused calls
    if method == "POST":  # who asks comes before what they sent: an empty or too long message on a wrong token
        for body in ({"text": " "}, {"text": "x" * 5000}, {"text": "x", "payload": "p" * 400}):
            resp = await client.post(f"{CONVERSATIONS}/{conversation_id}/messages", headers=wrong, json=body)
            assert_error_shape(resp, 403, "forbidden")


async def test_every_error_has_the_same_json_shape(client: httpx.AsyncClient) -> None:
    conversation_id, headers = await open_conversation(client)
    url = f"{CONVERSATIONS}/{conversation_id}/messages"
    assert_error_shape(await client.post(url, json={"text": "x"}), 401)
    assert_error_shape(await client.get(url, headers={"Authorization": "Bearer wrong"}), 403)
    assert_error_shape(await client.post(url, json={"text": 5}, headers=headers), 422)
    assert_error_shape(await client.post(url, content=b"{not json", headers={**headers,
                                                                            "Content-Type": "application/json"}), 422)
    assert_error_shape(await client.post(CONVERSATIONS, json={"language": "de"}), 422)
    assert_error_shape(await client.get("/api/v1/no-such-endpoint"), 404, "not_found")
    assert_error_shape(await client.delete(url, headers=headers), 405, "method_not_allowed")


# ---------------------------------------------------------------- validation names the field

@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": 5}, "text"),
        ({"text": ["a", "b"]}, "text"),
        ({"text": "x" * 4001}, "text"),
        ({"text": "ok", "payload": 12}, "payload"),
        ({"text": "ok", "client_id": "c" * 65}, "client_id"),
    ],
)
async def test_invalid_message_body_is_422_naming_the_field(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    conversation_id, headers = await open_conversation(client)
    resp = await client.post(f"{CONVERSATIONS}/{conversation_id}/messages", json=body, headers=headers)
    error = assert_error_shape(resp, 422, "invalid_input")
    assert [f["field"] for f in error["fields"]] == [field]
    assert field in error["message"]
    assert await messages(client, conversation_id, headers) == []


@pytest.mark.parametrize(("body", "field"), [({"language": "de"}, "language"), ({"context": "page"}, "context")])
async def test_invalid_new_conversation_is_422_naming_the_field(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    error = assert_error_shape(await client.post(CONVERSATIONS, json=body), 422, "invalid_input")
    assert field in error["message"]


async def test_empty_text_and_negative_after_are_rejected(client: httpx.AsyncClient) -> None:
    conversation_id, headers = await open_conversation(client)
    url = f"{CONVERSATIONS}/{conversation_id}/messages"
    assert "text" in assert_error_shape(await client.post(url, json={"text": "  "}, headers=headers), 422)["message"]
    error = assert_error_shape(await client.get(url, params={"after": -1}, headers=headers), 422)
    assert "after" in error["message"]


# ---------------------------------------------------------------- messages: seq, order, idempotency

async def test_messages_after_seq_lists_every_message_in_strict_order(client: httpx.AsyncClient) -> None:
    conversation_id, headers = await open_conversation(client, language="fr")
    first = await send(client, conversation_id, headers, "Bonjour")
    second = await send(client, conversation_id, headers, "Le casque est-il fourni avec le vélo ?")

    everything = await messages(client, conversation_id, headers)

    seqs = [m["seq"] for m in everything]
    assert seqs == list(range(1, len(everything) + 1))
    assert everything[0]["sender"] == "visitor" and everything[0]["text"] == "Bonjour"
    assert {"visitor", "bot"} <= {m["sender"] for m in everything}
    assert [*first["replies"], *second["replies"]] == [m for m in everything if m["sender"] != "visitor"]
    assert [m["seq"] for m in everything if m["sender"] == "visitor"] == [first["message_seq"],
                                                                          second["message_seq"]]
    for after in range(len(everything) + 1):
        assert await messages(client, conversation_id, headers, after=after) == everything[after:]


async def test_resent_client_id_returns_the_same_seq_and_stores_nothing(client: httpx.AsyncClient) -> None:
    conversation_id, headers = await open_conversation(client, language="en")
    client_id = str(uuid.uuid4())
    first = await send(client, conversation_id, headers, "Do you lend helmets?", client_id=client_id)
    stored = await messages(client, conversation_id, headers)

    again = await send(client, conversation_id, headers, "Do you lend helmets?", client_id=client_id)

    assert again["message_seq"] == first["message_seq"]
    assert again["replies"] == first["replies"]
    assert await messages(client, conversation_id, headers) == stored
    visitors = [m for m in stored if m["sender"] == "visitor"]
    assert len(visitors) == 1 and visitors[0]["client_id"] == client_id


# ---------------------------------------------------------------- operations

async def test_healthz_is_ok_once_ready(client: httpx.AsyncClient) -> None:
    resp = await client.get("/healthz")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ok"}


async def test_openapi_and_docs_are_served(client: httpx.AsyncClient) -> None:
    spec = await client.get("/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert {"post"} <= set(paths[CONVERSATIONS])
    assert {"get", "post"} <= set(paths[CONVERSATIONS + "/{conversation_id}/messages"])
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "text/html" in docs.headers["content-type"]
    assert "/openapi.json" in docs.text


# ---------------------------------------------------------------- explicit request for a human

@pytest.mark.parametrize(
    ("language", "request_text", "follow_up"),
    [
        ("fr", "je veux parler à un conseiller", "vous êtes là ?"),
        ("en", "can I talk to a real person", "hello? my bike was stolen"),
    ],
)
async def test_explicit_request_queues_the_conversation_and_the_bot_stays_quiet(
    client: httpx.AsyncClient, language: str, request_text: str, follow_up: str
) -> None:
    conversation_id, headers = await open_conversation(client, language=language)

    turn = await send(client, conversation_id, headers, request_text)

    assert turn["state"] == "queued"
    assert turn["handoff"]["reason"] == "explicit_request"
    assert turn["handoff"]["queue_position"] >= 1
    assert turn["replies"] and turn["replies"][-1]["kind"] == "handoff"
    acknowledgements = []
    for text in (follow_up, "Le vélo de location a été volé, que faire ?"):
        waiting = await send(client, conversation_id, headers, text)
        assert waiting["state"] == "queued"
        assert waiting["handoff"]["reason"] == "explicit_request"
        assert len(waiting["replies"]) <= 1
        assert all(r["sender"] == "system" for r in waiting["replies"])
        acknowledgements += [r["text"] for r in waiting["replies"]]
    # Nobody is online (the visitor was told so): the message is kept for a person's return, never "passed on".
    assert turn["handoff"]["agents_available"] is False
    assert len(acknowledgements) == 1
    assert re.search(r"dès son retour|as soon as they are back", acknowledgements[0])
    assert not re.search(r"transmis|passed on", acknowledgements[0])
    later = await messages(client, conversation_id, headers, after=turn["message_seq"] + len(turn["replies"]))
    assert [m["sender"] for m in later if m["sender"] != "system"] == ["visitor", "visitor"]


@pytest.mark.parametrize(
    ("language", "request_text", "article"),
    [
        ("fr", "passez-moi un conseiller, mon vélo de location a été volé", "fr-vol-velo"),
        ("en", "let me talk to a person please, the bike I rented was stolen", "en-stolen-bike"),
    ],
)
async def test_explicit_request_on_a_covered_topic_queues_then_gives_the_article_to_read(
    client: httpx.AsyncClient, language: str, request_text: str, article: str
) -> None:
    conversation_id, headers = await open_conversation(client, language=language)

    turn = await send(client, conversation_id, headers, request_text)

    assert turn["state"] == "queued"
    assert turn["handoff"]["reason"] == "explicit_request"
    assert [r["kind"] for r in turn["replies"]] == ["handoff", "answer"]  # the transfer first, then the reading
    assert turn["replies"][1]["article_id"] == article
