"""Assembles Relais from its settings: database, knowledge base index, engine, bus, services."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge_base import store
from knowledge_base.interchange import read_articles
from relais.bus import InProcessBus
from relais.errors import EngineUnavailable
from relais.service import ConversationService, Privacy
from relais.settings import Settings
from relais.storage import Database

if TYPE_CHECKING:  # loaded only where the engine runs in this process (the web process stays light)
    from bot.engine import NativeEngine
    from knowledge_base.searcher import Searcher
    from relais.engine_process import EngineProcess

log = logging.getLogger(__name__)
DEMO_KB = Path(__file__).parent / "demo" / "demo_kb.yml"
PURGE_SECONDS = 3600.0
RESTART_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)  # between attempts to replace a dead engine process


class Runtime:
    """Everything a running server needs; `start()` loads models and indexes, then `ready` turns true."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings.resolved_database_url)
        self.bus = InProcessBus()
        if settings.redis_url:
            log.warning("RELAIS_REDIS_URL is set, but this version runs one server on an in-process message bus: "
                        "servers started with it do not share conversations")
        self.ready = False
        self.engine_down = False  # the engine process died and is being replaced
        self.started_at = time.monotonic()
        self.searcher: Searcher | None = None
        self.engine: NativeEngine | None = None
        self.service: ConversationService | None = None
        self.engine_process: EngineProcess | None = None
        self._supervise: asyncio.Task[None] | None = None
        self._watch: asyncio.Task[None] | None = None
        self._purge: asyncio.Task[None] | None = None
        self.failure: str | None = None

    async def start(self) -> None:
        try:
            await self._start()
        except Exception as exc:
            self.failure = f"{type(exc).__name__}: {exc}"
            log.exception("Relais could not start")
            raise

    async def _start(self) -> None:
        s = self.settings
        s.data_dir.mkdir(parents=True, exist_ok=True)
        await self.db.migrate()
        if s.demo:
            async with self.db.begin() as conn:
                # Only into a KB that never held an article: one whose articles were all archived stays empty.
                if not await store.ever_written(conn):
                    report = await store.publish(conn, read_articles(DEMO_KB), source="demo")
                    log.info("loaded the demo knowledge base (%d articles)", report.created)
        engine: Any
        if s.engine_process:
            from relais.engine_process import EngineProcess

            self.engine_process = EngineProcess(s)
            await self.engine_process.start()
            engine = self.engine_process
            self._supervise = asyncio.create_task(self._supervise_engine(self.engine_process))
        else:
            from relais.native import load_native, watch_kb

            native = await load_native(s, self.db)
            self.searcher, self.engine = native.searcher, native.engine
            engine = native.engine
            self._watch = asyncio.create_task(watch_kb(native.searcher, self.db))
        self.service = ConversationService(self.db, engine, self.bus, languages=s.language_list,
                                           default_language=s.default_language,
                                           privacy=Privacy(s.retention_days, s.privacy_url))
        if s.retention_days > 0:
            self._purge = asyncio.create_task(self._purge_expired(s.retention_days))
        self.ready = True
        log.info("ready in %.1f s", time.monotonic() - self.started_at)

    async def _supervise_engine(self, process: EngineProcess) -> None:
        """Replaces an engine process that died. Meanwhile /healthz says so and turns get a 503 that says to try
        again; everything that needs no engine (history, feedback, erasure) keeps working."""
        while True:
            code = await process.wait_exit()
            self.engine_down = True
            log.error("the engine process exited (code %s); starting a new one", code)
            process.stop()
            for attempt in itertools.count():
                try:
                    await process.start()
                    break
                except EngineUnavailable as exc:
                    delay = RESTART_DELAYS[min(attempt, len(RESTART_DELAYS) - 1)]
                    log.error("%s; next attempt in %.1f s", exc.message, delay)
                    await asyncio.sleep(delay)
            self.engine_down = False

    async def _purge_expired(self, retention_days: int) -> None:
        """Erases conversations past the retention limit: at start, then every hour."""
        assert self.service is not None
        while True:
            try:
                erased = await self.service.purge(retention_days)
                if erased:
                    log.info("erased %d conversations inactive for more than %d days", erased, retention_days)
            except Exception:
                log.exception("erasing expired conversations failed; will retry")
            await asyncio.sleep(PURGE_SECONDS)

    async def stop(self) -> None:
        for task in (self._supervise, self._watch, self._purge):
            if task is not None:
                task.cancel()
                # Wait for it: a query cut short must hand its connection back before the pool is disposed.
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self.service is not None:
            self.service.close()
        if self.engine_process is not None:
            await asyncio.to_thread(self.engine_process.stop)
        await self.db.close()
