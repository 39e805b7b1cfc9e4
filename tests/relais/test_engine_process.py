"""The engine in its own process: it answers, follows the published knowledge base, and a dead one is replaced
while visitors get a clear "try again" (nothing stored) instead of a hang or a lost message."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from knowledge_base import store
from knowledge_base.articles import Article
from relais.app import create_app
from relais.errors import EngineUnavailable
from relais.runtime import Runtime
from tests.conftest import make_settings, started_runtime

pytestmark = pytest.mark.slow
WAIT_S = 90.0  # an upper bound for loading models on a busy machine, not a timing expectation


async def _eventually(check: object, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if await check():  # type: ignore[operator]
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not within {WAIT_S:.0f} s: {what}")


def _answered(replies: list[dict[str, object]], article_id: str) -> bool:
    return any(r.get("kind") == "answer" and r.get("article_id") == article_id for r in replies)


async def test_the_engine_process_answers_follows_the_kb_and_is_replaced_when_it_dies(tmp_path: Path) -> None:
    runtime = await started_runtime(tmp_path, engine_process=True)
    app = create_app(runtime.settings, runtime)
    try:
        assert runtime.service is not None and runtime.engine_process is not None
        svc = runtime.service
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://relais.test") as client:
            opened = (await client.post("/api/v1/conversations", json={"language": "en"})).json()
            cid, headers = opened["conversation_id"], {"Authorization": f"Bearer {opened['visitor_token']}"}
            said = await client.post(f"/api/v1/conversations/{cid}/messages", headers=headers,
                                     json={"text": "I would like to hire a bicycle for Saturday"})
            assert said.status_code == 200 and _answered(said.json()["replies"], "en-rent-bike"), said.json()

            # A publication by the web process (an editor, an import) reaches the engine process's index.
            parking = Article("en-bike-parking", "en", "Where can I park the bike overnight?",
                              ("Can I leave the bike on the street at night?", "overnight bike parking"),
                              "Lock it to a Roulez rack: the map in the app shows the nearest ones.")
            async with runtime.db.begin() as conn:
                await store.publish(conn, [parking])

            async def parking_answered() -> bool:
                cid2, token2 = await svc.open("en", None)
                result = await svc.post(cid2, token2, "is there overnight parking for my bike?")
                return _answered(result.replies, "en-bike-parking")

            await _eventually(parking_answered, "the published article is answered")

            # The engine process dies: the turn fails with a 503 that says to try again, and stores nothing.
            old_pid = runtime.engine_process.pid
            assert old_pid is not None
            history = f"/api/v1/conversations/{cid}/messages"
            before = (await client.get(history, headers=headers)).json()
            os.kill(old_pid, signal.SIGKILL)
            lost = await client.post(f"/api/v1/conversations/{cid}/messages", headers=headers,
                                     json={"text": "and how much is a helmet?"})
            assert lost.status_code == 503, lost.text
            assert lost.json()["error"]["code"] == "engine_unavailable"
            assert lost.headers["retry-after"]
            after = (await client.get(history, headers=headers)).json()  # what needs no engine still works
            assert after["messages"] == before["messages"]


            async def restarting() -> bool:
                health = await client.get("/healthz")
                return health.status_code == 503 and health.json()["status"] == "restarting"

            await _eventually(restarting, "/healthz reports the restart")  # loading models takes seconds

            async def replaced() -> bool:
                health = await client.get("/healthz")
                return health.status_code == 200 and runtime.engine_process.pid not in (None, old_pid)  # type: ignore[union-attr]

            await _eventually(replaced, "a new engine process is ready")
            again = await client.post(f"/api/v1/conversations/{cid}/messages", headers=headers,
                                      json={"text": "and how much is a helmet?"})
            assert again.status_code == 200 and _answered(again.json()["replies"], "en-helmet"), again.json()
    finally:
        await runtime.stop()
    assert runtime.engine_process.pid is None


async def test_an_engine_that_cannot_load_fails_the_start_with_its_reason(tmp_path: Path) -> None:
    runtime = Runtime(make_settings(tmp_path, engine_process=True, embedding_model=str(tmp_path / "no-such-model")))
    with pytest.raises(EngineUnavailable, match="no-such-model"):
        await runtime.start()
    assert not runtime.ready and runtime.failure is not None and "no-such-model" in runtime.failure
    await runtime.stop()


def test_the_web_process_loads_no_model() -> None:
    """What keeps the two processes under the memory budget: models live only in the engine process."""
    code = ("import sys, relais.app, relais.cli; "
            "print(sorted(m for m in ('torch', 'spacy', 'onnxruntime', 'faiss', 'sklearn', 'numpy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
