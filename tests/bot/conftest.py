"""The demo shop's engine, as `relais serve` builds it, shared by the tests that play turns on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import NLU_DIR, NativeEngine
from bot.nlu_data import load_nlu, off_topic_texts
from knowledge_base.embedding import CachedEncoder
from knowledge_base.interchange import read_articles
from tests.bot.engines import native_engine

DEMO_KB = Path(__file__).resolve().parents[2] / "relais" / "demo" / "demo_kb.yml"


@pytest.fixture(scope="session")
def demo(encoder: CachedEncoder) -> NativeEngine:
    return native_engine(encoder, read_articles(DEMO_KB), off_topic_texts(load_nlu(NLU_DIR), ("fr", "en")),
                         served=True)
