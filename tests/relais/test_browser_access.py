"""Browsers on the sites of RELAIS_ALLOWED_ORIGINS may call the visitor API; other sites may not."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from relais import api
from relais.app import create_app
from relais.runtime import Runtime


@pytest.fixture
async def shop_client(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    settings = runtime.settings.model_copy(update={"allowed_origins": "https://shop.example, https://help.example/"})
    app = create_app(settings, runtime)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://relais.test") as c:
        yield c


async def test_allowed_site_gets_cors_headers(shop_client: httpx.AsyncClient) -> None:
    preflight = await shop_client.options(
        "/api/v1/conversations",
        headers={"Origin": "https://help.example", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://help.example"
    created = await shop_client.post("/api/v1/conversations", json={}, headers={"Origin": "https://shop.example"})
    assert created.status_code == 201
    assert created.headers["access-control-allow-origin"] == "https://shop.example"


async def test_other_site_gets_no_cors_headers(shop_client: httpx.AsyncClient) -> None:
    created = await shop_client.post("/api/v1/conversations", json={}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in created.headers


async def test_unsupported_language_names_the_field(client: httpx.AsyncClient) -> None:
    resp = await client.post("/api/v1/conversations", json={"language": "de"})
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"][0]["field"] == "language"


async def test_message_pages_say_whether_more_follow(client: httpx.AsyncClient) -> None:
    conv = (await client.post("/api/v1/conversations", json={"language": "en"})).json()
    headers = {"Authorization": f"Bearer {conv['visitor_token']}"}
    url = f"/api/v1/conversations/{conv['conversation_id']}/messages"
    for text in ("hello", "thanks"):
        assert (await client.post(url, json={"text": text}, headers=headers)).status_code == 200
    first = (await client.get(url, params={"after": 0, "limit": 2}, headers=headers)).json()
    assert [m["seq"] for m in first["messages"]] == [1, 2] and first["has_more"] is True
    rest = (await client.get(url, params={"after": 2}, headers=headers)).json()
    assert [m["seq"] for m in rest["messages"]] == [3, 4] and rest["has_more"] is False


async def test_without_a_limit_every_message_comes_whatever_the_read_pages(
        client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "PAGE", 3)  # CONTRACT §3: "every message of the conversation with seq > SEQ"
    conv = (await client.post("/api/v1/conversations", json={"language": "en"})).json()
    headers = {"Authorization": f"Bearer {conv['visitor_token']}"}
    url = f"/api/v1/conversations/{conv['conversation_id']}/messages"
    for text in ("hello", "thanks", "hi again", "bye"):
        assert (await client.post(url, json={"text": text}, headers=headers)).status_code == 200
    every = (await client.get(url, params={"after": 0}, headers=headers)).json()
    assert [m["seq"] for m in every["messages"]] == list(range(1, 9)) and every["has_more"] is False
    tail = (await client.get(url, params={"after": 5}, headers=headers)).json()
    assert [m["seq"] for m in tail["messages"]] == [6, 7, 8]
