"""`relais serve` on an empty data dir loads the bundled demo KB and answers from it in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from relais.runtime import DEMO_KB, Runtime
from relais.settings import Settings

pytestmark = pytest.mark.slow


async def test_empty_data_dir_serves_the_demo_knowledge_base(tmp_path: Path) -> None:
    runtime = Runtime(Settings(data_dir=tmp_path, demo=True))  # as served: the engine in its own process
    await runtime.start()
    try:
        assert runtime.ready and runtime.service is not None
        assert runtime.engine_process is not None and runtime.engine_process.pid is not None
        expectations = [
            ("fr", "j'ai oublié mon mot de passe, je ne peux plus me connecter", "fr-mot-de-passe-oublie"),
            ("en", "how can I return the lamp I ordered last week?", "en-return-item"),
        ]
        for language, text, article in expectations:
            cid, token = await runtime.service.open(language, None)
            result = await runtime.service.post(cid, token, text)
            offered = {r.get("article_id") for r in result.replies} | {
                c.get("article_id") for r in result.replies for c in r.get("choices", [])}
            assert article in offered, (text, result.replies)
    finally:
        await runtime.stop()


async def test_a_knowledge_base_whose_articles_were_all_archived_gets_no_demo(tmp_path: Path) -> None:
    from knowledge_base import store
    from knowledge_base.interchange import read_articles

    settings = Settings(data_dir=tmp_path, demo=True, engine_process=False)
    runtime = Runtime(settings)
    await runtime.start()
    try:
        async with runtime.db.begin() as conn:
            await store.publish(conn, read_articles(DEMO_KB)[:2], replace=True, source="test")
            await store.publish(conn, [], replace=True, source="test")  # the team emptied it on purpose
    finally:
        await runtime.stop()
    again = Runtime(settings)
    await again.start()
    try:
        async with again.db.connect() as conn:
            assert await store.published(conn) == []
    finally:
        await again.stop()


def test_demo_knowledge_base_is_bilingual_with_sensitive_articles() -> None:
    from knowledge_base.interchange import read_articles

    articles = read_articles(DEMO_KB)
    assert len(articles) >= 40
    assert {a.language for a in articles} == {"fr", "en"}
    assert sum(a.handoff for a in articles) >= 4
