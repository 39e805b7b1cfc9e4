"""Self-calibration learns from the KB's own questions what a right first article looks like."""

from __future__ import annotations

from knowledge_base.analysis import shared_analyzer
from knowledge_base.embedding import CachedEncoder
from knowledge_base.interchange import read_articles
from knowledge_base.retrieval import FEATURES
from knowledge_base.searcher import Searcher
from tests.conftest import SMALL_KB

OFF_TOPIC = {"fr": ["quel temps fait-il demain", "raconte-moi une blague"], "en": ["tell me a joke"]}


def test_a_close_match_to_a_question_counts_as_evidence_for_its_article(encoder: CachedEncoder) -> None:
    # Questions with their object swapped ("cancel my gym subscription") are negatives; compared with a KB
    # still holding the question they were made from, they taught that matching a question closely argues
    # against its article, and the direct similarities got no weight at all.
    searcher = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=OFF_TOPIC)
    searcher.apply(read_articles(SMALL_KB), revision=1)
    coef = searcher.calibrator.coef
    direct = [coef[FEATURES.index(name)] for name in ("dense_question", "char_ngrams", "bm25_question")]
    assert sum(direct) > 0.3
