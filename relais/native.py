"""Loads the native engine (encoder, live knowledge-base index, intents, policy) and keeps its index in step
with the published knowledge base. Used by the engine process, or by a single-process server."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine import NativeEngine, language_samples, load_intents, nlu_examples
from bot.language import LanguageDetector
from bot.nlu_data import Example, off_topic_texts
from bot.policy import Policy
from bot.understanding import Thresholds
from knowledge_base import store
from knowledge_base.analysis import shared_analyzer
from knowledge_base.embedding import CachedEncoder, load_encoder
from knowledge_base.places import Places
from knowledge_base.prior import PRIOR_PATH, load_prior
from knowledge_base.searcher import Searcher
from relais.errors import ConfigurationError
from relais.settings import Settings
from relais.storage import Database

log = logging.getLogger(__name__)
WATCH_SECONDS = 0.25


def thresholds(settings: Settings) -> Thresholds:
    return Thresholds(answer=settings.answer_threshold, clarify_margin=settings.clarify_margin,
                      clarify=settings.clarify_threshold, clarify_mass=settings.clarify_mass,
                      intent=settings.out_of_scope_threshold, max_failed_turns=settings.max_failed_turns)


def build_searcher(settings: Settings, encoder: CachedEncoder, examples: Sequence[Example] | None = None) -> Searcher:
    """The live index; its calibration uses the NLU off-topic examples as generic negatives."""
    examples = nlu_examples() if examples is None else examples
    off_topic = off_topic_texts(examples, settings.language_list)
    prior = (load_prior(settings.retrieval_prior_file or PRIOR_PATH, encoder=settings.embedding_model,
                        int8=settings.onnx and settings.encoder_int8)
             if settings.retrieval_prior else None)
    if prior is None and settings.retrieval_prior and settings.retrieval_prior_file is not None:
        # One's own prior, named on purpose: better not to start than to serve without it unnoticed.
        raise ConfigurationError(f"RELAIS_RETRIEVAL_PRIOR_FILE={settings.retrieval_prior_file} is not a retrieval "
                                 "prior this server can use (missing, unreadable, or trained on other signals, "
                                 "another encoder or precision: see the log)")
    return Searcher(encoder, shared_analyzer(settings.encoder_cache), settings.language_list, store=settings.index_dir,
                    off_topic=off_topic, places=Places(settings.home_country), prior=prior)


@dataclass(frozen=True)
class Native:
    searcher: Searcher
    engine: NativeEngine


async def load_native(settings: Settings, db: Database) -> Native:
    """Models and indexes for the published knowledge base, warmed up by one throw-away turn."""
    encoder = await asyncio.to_thread(load_encoder, settings.embedding_model, settings.encoder_cache,
                                      onnx=settings.onnx, int8=settings.encoder_int8)
    examples = nlu_examples()
    searcher = build_searcher(settings, encoder, examples)
    async with db.connect() as conn:
        articles = await store.published(conn)
        revision = await store.revision(conn)
    # The twins come from the snapshot `relais kb import` saved; any missing are found now, and saved with it.
    await asyncio.to_thread(functools.partial(searcher.apply, articles, revision, twins=True))
    intents = await asyncio.to_thread(load_intents, encoder, examples, settings.encoder_cache)
    detector = LanguageDetector(language_samples(examples, articles), settings.language_list)
    engine = NativeEngine(searcher, intents, detector, Policy(thresholds(settings)))
    await asyncio.to_thread(engine.turn_warmup)
    return Native(searcher, engine)


async def refresh_kb(searcher: Searcher, db: Database) -> bool:
    """Brings the index in step with the published articles; true when something changed."""
    async with db.connect() as conn:
        revision = await store.revision(conn)
        if revision == searcher.revision:
            return False
        articles = await store.published(conn)
    return await asyncio.to_thread(searcher.apply, articles, revision)


async def watch_kb(searcher: Searcher, db: Database) -> None:
    """Publications by any process (CLI import, another server) become answerable within a second."""
    while True:
        await asyncio.sleep(WATCH_SECONDS)
        try:
            await refresh_kb(searcher, db)
        except Exception:
            log.exception("refreshing the knowledge base failed; will retry")
