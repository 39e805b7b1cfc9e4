"""A visitor's first exchange through the real app and a real SQLite file."""

from __future__ import annotations

import httpx


async def test_question_gets_the_article_in_the_visitors_language(client: httpx.AsyncClient) -> None:
    created = await client.post("/api/v1/conversations", json={"language": "fr"})
    assert created.status_code == 201
    conv = created.json()
    headers = {"Authorization": f"Bearer {conv['visitor_token']}"}
    resp = await client.post(f"/api/v1/conversations/{conv['conversation_id']}/messages",
                             json={"text": "je veux louer un vélo pour samedi, comment faire ?"}, headers=headers)
    assert resp.status_code == 200
    body = resp.json()
    assert body["state"] == "bot"
    kinds = [r["kind"] for r in body["replies"]]
    assert kinds in (["answer"], ["clarify"])
    if kinds == ["answer"]:
        assert body["replies"][0]["article_id"] == "fr-location-velo"
