"""knowledge_base.lexical: BM25 over analysed terms and character TF-IDF (typos, missing accents)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from knowledge_base.lexical import BM25, CharTfidf

# Every document is about an order; only one is about a refund.
DOCS = [
    ["command", "livraison", "suivi"],
    ["command", "factur"],
    ["command", "retour", "rembours"],
    ["command", "mot", "pass"],
]


@pytest.fixture(scope="module")
def bm25() -> BM25:
    return BM25(DOCS)


# ------------------------------------------------------------------ BM25
def test_rare_query_term_outranks_a_common_one(bm25: BM25) -> None:
    weights, _, _ = bm25.query_weights(["command", "rembours"])
    scores = bm25.scores(weights)
    assert int(np.argmax(scores)) == 2
    assert scores[2] > 2 * max(scores[i] for i in (0, 1, 3))


def test_rare_terms_weigh_more_than_common_ones(bm25: BM25) -> None:
    common, _, _ = bm25.query_weights(["command"])
    rare, _, _ = bm25.query_weights(["rembours"])
    assert rare.sum() > common.sum() > 0


def test_a_document_without_any_query_term_scores_zero(bm25: BM25) -> None:
    weights, _, _ = bm25.query_weights(["rembours"])
    scores = bm25.scores(weights)
    assert scores[0] == scores[1] == scores[3] == 0.0
    assert scores[2] > 0


def test_query_weights_report_the_share_of_known_terms(bm25: BM25) -> None:
    _, _, share = bm25.query_weights(["command", "rembours", "piscin", "piscin"])
    assert share == pytest.approx(2 / 3)
    _, reachable, nothing = bm25.query_weights(["piscin"])
    assert nothing == 0.0 and reachable == 0.0


def test_an_empty_query_knows_nothing_and_scores_nothing(bm25: BM25) -> None:
    weights, reachable, share = bm25.query_weights([])
    assert share == 0.0 and reachable == 0.0
    assert not bm25.scores(weights).any()


def test_no_document_scores_above_the_reachable_best(bm25: BM25) -> None:
    weights, reachable, _ = bm25.query_weights(["command", "rembours", "factur"])
    assert bm25.scores(weights).max() <= reachable


def test_coverage_is_the_share_of_query_terms_each_document_contains(bm25: BM25) -> None:
    coverage = bm25.coverage(["command", "rembours", "piscin"])
    assert coverage.tolist() == pytest.approx([1 / 3, 1 / 3, 2 / 3, 1 / 3])
    assert not bm25.coverage(["piscin"]).any()
    assert not bm25.coverage([]).any()


def test_repeated_query_terms_count_once(bm25: BM25) -> None:
    once, _, _ = bm25.query_weights(["rembours"])
    twice, _, _ = bm25.query_weights(["rembours", "rembours"])
    assert np.array_equal(once, twice)
    assert bm25.coverage(["rembours", "rembours"])[2] == 1.0


@pytest.mark.parametrize("index", range(len(DOCS)))
def test_score_one_equals_scores_for_the_same_document(bm25: BM25, index: int) -> None:
    weights, _, _ = bm25.query_weights(["command", "rembours", "factur", "suivi"])
    assert bm25.score_one(weights, frozenset(DOCS[index])) == pytest.approx(bm25.scores(weights)[index])


def test_score_one_of_a_longer_alternative_is_lower(bm25: BM25) -> None:
    # Longer documents are normalised down: the same matching term counts less among many others.
    weights, _, _ = bm25.query_weights(["rembours"])
    short = bm25.score_one(weights, frozenset({"rembours"}))
    long = bm25.score_one(weights, frozenset({"rembours", "a", "b", "c", "d", "e"}))
    assert short > long > 0


def test_an_empty_index_scores_nothing() -> None:
    empty = BM25([])
    weights, reachable, share = empty.query_weights(["command"])
    assert share == 0.0 and reachable == 0.0
    assert empty.scores(weights).shape == (0,)


# ------------------------------------------------------------------ character TF-IDF
PASSAGES = [
    "Comment suivre ma livraison",
    "Modifier mon mot de passe",
    "Être remboursé d'une commande",
    "Télécharger ma facture",
]


@pytest.fixture(scope="module")
def tfidf() -> CharTfidf:
    return CharTfidf(PASSAGES)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("livriason", 0),  # swapped letters
        ("mot de pase", 1),  # a missing letter
        ("etre rembourse", 2),  # no accents
        ("TELECHARGER FACTURE", 3),  # capitals, no accents
        ("telechargr ma factur", 3),
    ],
)
def test_typos_and_missing_accents_still_find_the_right_passage(tfidf: CharTfidf, query: str, expected: int) -> None:
    scores = tfidf.scores(tfidf.vector(query))
    assert int(np.argmax(scores)) == expected
    assert scores[expected] > 0.2


def test_a_passage_matches_itself_perfectly(tfidf: CharTfidf) -> None:
    scores = tfidf.scores(tfidf.vector(PASSAGES[2]))
    assert scores[2] == pytest.approx(1.0)
    assert (scores <= 1.0 + 1e-9).all()


def test_empty_text_scores_zero_everywhere(tfidf: CharTfidf) -> None:
    assert tfidf.scores(tfidf.vector("")).tolist() == [0.0] * len(PASSAGES)
    assert tfidf.scores(tfidf.vector("   ?! ")).tolist() == [0.0] * len(PASSAGES)


def test_an_empty_corpus_returns_no_score() -> None:
    empty = CharTfidf([])
    assert empty.scores(empty.vector("facture")).shape == (0,)


def test_reused_ngram_rows_give_the_same_index_as_a_fresh_analysis() -> None:
    texts = ["Comment résilier mon abonnement ?", "How do I return a parcel?", "résiliation d'un contrat mobile"]
    CharTfidf(texts[:2])  # the first two are now known rows
    mixed = CharTfidf.counts_many([texts[2], texts[0], texts[1], texts[0]])
    fresh = sparse.csr_matrix(CharTfidf._hasher.transform([texts[2], texts[0], texts[1], texts[0]]))
    assert mixed.shape == fresh.shape
    assert abs(mixed - fresh).sum() == 0
