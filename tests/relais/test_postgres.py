"""The same storage code on PostgreSQL (asyncpg): migrations, KB publish, a conversation with handoff."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import SMALL_KB, started_runtime

ADMIN_URL = os.environ.get("RELAIS_TEST_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
pytestmark = pytest.mark.slow


async def _admin(sql: str) -> None:
    import asyncpg

    dsn = ADMIN_URL.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    name = f"relais_test_{uuid.uuid4().hex[:12]}"
    try:
        await _admin(f'CREATE DATABASE "{name}"')
    except (TimeoutError, OSError) as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and is not reachable at {ADMIN_URL}: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_conversation_and_handoff_on_postgresql(database_url: str, tmp_path: Path) -> None:
    runtime = await started_runtime(tmp_path, SMALL_KB, database_url=database_url)
    try:
        assert runtime.service is not None
        cid, token = await runtime.service.open("fr", {"page_url": "https://shop.example/checkout"})
        answer = await runtime.service.post(cid, token, "combien de km avec la batterie du vélo électrique ?",
                                            client_id="c-1")
        again = await runtime.service.post(cid, token, "combien de km avec la batterie du vélo électrique ?",
                                           client_id="c-1")
        assert again.message["seq"] == answer.message["seq"] and again.duplicate
        handoff = await runtime.service.post(cid, token, "passez-moi un conseiller humain")
        assert handoff.state == "queued"
        assert handoff.handoff is not None and handoff.handoff["reason"] == "explicit_request"
        messages = await runtime.service.messages_after(cid, token, 0)
        seqs = [m["seq"] for m in messages]
        assert seqs == list(range(1, len(seqs) + 1))
        assert [m["sender"] for m in messages].count("visitor") == 2
    finally:
        await runtime.stop()


async def test_concurrent_messages_get_distinct_increasing_seqs(database_url: str, tmp_path: Path) -> None:
    runtime = await started_runtime(tmp_path, SMALL_KB, database_url=database_url)
    try:
        assert runtime.service is not None
        cid, token = await runtime.service.open("en", None)
        texts = [f"question number {i} about helmets" for i in range(6)]
        await asyncio.gather(*(runtime.service.post(cid, token, t, client_id=f"id-{i}") for i, t in enumerate(texts)))
        messages = await runtime.service.messages_after(cid, token, 0)
        seqs = [m["seq"] for m in messages]
        assert seqs == sorted(set(seqs)) and seqs[0] == 1
        assert sorted(m["text"] for m in messages if m["sender"] == "visitor") == sorted(texts)
    finally:
        await runtime.stop()
