"""Assembles Relais from its settings: database, knowledge base index, engine, bus, services."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from pathlib import Path

from bot.engine import NativeEngine, language_samples, load_intents, nlu_examples
from bot.language import LanguageDetector
from bot.nlu_data import Example
from bot.policy import Policy, Thresholds
from knowledge_base import store
from knowledge_base.analysis import shared_analyzer
from knowledge_base.embedding import CachedEncoder, load_encoder
from knowledge_base.interchange import read_articles
from knowledge_base.searcher import Searcher
from relais.bus import InProcessBus
from relais.service import ConversationService, Privacy
from relais.settings import Settings
from relais.storage import Database

log = logging.getLogger(__name__)
DEMO_KB = Path(__file__).parent / "demo" / "demo_kb.yml"
WATCH_SECONDS = 0.25
PURGE_SECONDS = 3600.0


def thresholds(settings: Settings) -> Thresholds:
    return Thresholds(answer=settings.answer_threshold, clarify_margin=settings.clarify_margin,
                      clarify=settings.clarify_threshold, intent=settings.out_of_scope_threshold,
                      max_failed_turns=settings.max_failed_turns)


def build_searcher(settings: Settings, encoder: CachedEncoder, examples: Sequence[Example] | None = None) -> Searcher:
    """The live index; its calibration uses the NLU off-topic examples as generic negatives."""
    examples = nlu_examples() if examples is None else examples
    off_topic = {lang: [e.text for e in examples if e.intent == "out_of_scope" and e.language == lang]
                 for lang in settings.language_list}
    return Searcher(encoder, shared_analyzer(), settings.language_list, store=settings.index_dir,
                    off_topic=off_topic)


class Runtime:
    """Everything a running server needs; `start()` loads models and indexes, then `ready` turns true."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings.resolved_database_url)
        self.bus = InProcessBus()
        self.ready = False
        self.started_at = time.monotonic()
        self.searcher: Searcher | None = None
        self.engine: NativeEngine | None = None
        self.service: ConversationService | None = None
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
                if await store.count_published(conn) == 0:
                    report = await store.publish(conn, read_articles(DEMO_KB), source="demo")
                    log.info("loaded the demo knowledge base (%d articles)", report.created)
        encoder = await asyncio.to_thread(load_encoder, s.embedding_model, s.encoder_cache, onnx=s.onnx,
                                          int8=s.encoder_int8)
        examples = nlu_examples()
        self.searcher = build_searcher(s, encoder, examples)
        async with self.db.connect() as conn:
            articles = await store.published(conn)
            revision = await store.revision(conn)
        await asyncio.to_thread(self.searcher.apply, articles, revision)
        intents = await asyncio.to_thread(load_intents, encoder, examples, s.encoder_cache)
        detector = LanguageDetector(language_samples(examples, articles), s.language_list)
        self.engine = NativeEngine(self.searcher, intents, detector, Policy(thresholds(s)))
        await asyncio.to_thread(self.engine.turn_warmup)
        self.service = ConversationService(self.db, self.engine, self.bus, languages=s.language_list,
                                           default_language=s.default_language,
                                           privacy=Privacy(s.retention_days, s.privacy_url))
        self._watch = asyncio.create_task(self._watch_kb())
        if s.retention_days > 0:
            self._purge = asyncio.create_task(self._purge_expired(s.retention_days))
        self.ready = True
        log.info("ready in %.1f s", time.monotonic() - self.started_at)

    async def refresh_kb(self) -> bool:
        """Brings the index in step with the published articles; true when something changed."""
        assert self.searcher is not None
        async with self.db.connect() as conn:
            revision = await store.revision(conn)
            if revision == self.searcher.revision:
                return False
            articles = await store.published(conn)
        return await asyncio.to_thread(self.searcher.apply, articles, revision)

    async def _watch_kb(self) -> None:
        """Publications by another process (CLI import, another server) become answerable within a second."""
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            try:
                await self.refresh_kb()
            except Exception:
                log.exception("refreshing the knowledge base failed; will retry")

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
        for task in (self._watch, self._purge):
            if task is not None:
                task.cancel()
                # Wait for it: a query cut short must hand its connection back before the pool is disposed.
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self.service is not None:
            self.service.close()
        await self.db.close()
