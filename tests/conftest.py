"""Shared fixtures: the real encoder, a real SQLite data dir, and a started Relais runtime."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from knowledge_base.embedding import CachedEncoder, load_encoder
from relais.app import create_app
from relais.runtime import Runtime
from relais.settings import Settings

pytest_plugins = ["tests.relais.ws_helpers"]  # fixtures of the WebSocket tests

FIXTURES = Path(__file__).parent / "fixtures"
SMALL_KB = FIXTURES / "small_kb.yml"
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def encoder() -> CachedEncoder:
    return load_encoder("all-MiniLM-L6-v2", Path("~/.cache/relais").expanduser())


def make_settings(data_dir: Path, **values: object) -> Settings:
    """Settings of a test runtime: the engine in the test process (tests look inside it), unless asked."""
    values.setdefault("engine_process", False)
    return Settings(data_dir=data_dir, demo=False, **values)  # type: ignore[arg-type]


async def started_runtime(data_dir: Path, kb: Path | None = SMALL_KB, **values: object) -> Runtime:
    """A runtime on a real SQLite file in `data_dir`, with `kb` imported first (as `relais kb import` does)."""
    from knowledge_base import store
    from knowledge_base.interchange import read_articles
    from relais.storage import Database

    settings = make_settings(data_dir, **values)
    if kb is not None:
        db = Database(settings.resolved_database_url)
        await db.migrate()
        async with db.begin() as conn:
            await store.publish(conn, read_articles(kb))
        await db.close()
    runtime = Runtime(settings)
    await runtime.start()
    return runtime


@pytest.fixture(scope="session")
async def runtime(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Runtime]:
    # The API tests share this runtime: it runs as served, with the engine in its own process.
    rt = await started_runtime(tmp_path_factory.mktemp("relais-data"), engine_process=True)
    yield rt
    await rt.stop()


@pytest.fixture(scope="session")
async def client(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP client on the real ASGI app (the runtime is already started; no lifespan here)."""
    app = create_app(runtime.settings, runtime)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://relais.test") as c:
        yield c
