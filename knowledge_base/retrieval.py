"""Hybrid retrieval: dense + BM25 + character n-gram signals, fused by a per-KB calibrated model.

The model answers one question for each candidate article: "is this the article the visitor needs?".
It is trained on the knowledge base itself (each question held out in turn, each article removed in turn)
plus generic off-topic messages, so its probabilities and the thresholds on them move with the KB.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from knowledge_base.articles import Article
from knowledge_base.index import LanguageIndex, QueryView
from knowledge_base.lexical import Floats

FEATURES = (
    "dense_question",
    "dense_answer",
    "char_ngrams",
    "char_answer",
    "bm25_question",
    "bm25_answer",
    "coverage",
    "rank_dense",
    "rank_char",
    "rank_bm25",
    "lead_dense",
    "lead_char",
    "lead_bm25",
    "known_terms",
    "known_nouns",
    "query_terms",
)
# Share of visitors' questions that a support KB is meant to answer: on a help widget most are on topic.
# It sets the odds of the confidence scale (the calibration data itself is half answerable, half not).
IN_SCOPE_PRIOR = 0.75
SIGNED = frozenset({"query_terms"})  # every other feature is evidence for the article: weight >= 0
CANDIDATES = 8
RRF_K = 10.0


@dataclass(frozen=True)
class Candidate:
    article: Article
    probability: float
    features: tuple[float, ...]


@dataclass(frozen=True)
class Ranking:
    """Candidate articles of one language, most probable first."""

    language: str
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True)
class Signals:
    dense_q: Floats
    dense_a: Floats
    char: Floats
    char_a: Floats
    bm25_q: Floats
    bm25_a: Floats
    coverage: Floats
    known: float
    known_nouns: float
    n_terms: int


def signals(
    index: LanguageIndex,
    view: QueryView,
    *,
    exclude_passage: int | None = None,
    exclude_article: int | None = None,
) -> Signals:
    """Per-article scores of the query; optionally as if a passage or a whole article did not exist."""
    terms = view.terms.get(index.language, [])
    written = view.plain if view.plain is not None else view
    own = written.terms.get(index.language, [])
    dense = index.dense_passage_scores(view.vector)
    char = index.char.scores(index.char.vector(view.char_counts if view.char_counts is not None else view.text))
    if exclude_passage is not None:
        dense[exclude_passage] = -1.0
        char[exclude_passage] = 0.0
    not_answer = ~index.is_answer
    dense_q = index.per_article_max(dense, not_answer)
    dense_a = index.per_article_max(dense, index.is_answer)
    char_q = np.maximum(index.per_article_max(char, not_answer), 0.0)
    char_a = np.maximum(index.per_article_max(char, index.is_answer), 0.0)
    doc: frozenset[str] | None = None  # the held-out article's question document without the held-out passage
    passage_removed = article_removed = frozenset[str]()
    if exclude_passage is not None:
        held_out = index.passages[exclude_passage].article
        doc = index.question_doc_without(held_out, frozenset(index.terms[exclude_passage]))
        passage_removed = index.removed_terms(held_out, doc)
    if exclude_article is not None:
        article_removed = index.removed_terms(exclude_article)
    related = index.expansions(terms, passage_removed if exclude_passage is not None else article_removed)
    weights_q, reach_q, _ = index.bm25_questions.query_weights(terms, related)
    bm25_q = index.bm25_questions.scores(weights_q)
    coverage = index.bm25_questions.coverage(own)
    if exclude_passage is not None and doc is not None:
        bm25_q[held_out] = index.bm25_questions.score_one(weights_q, doc)
        unique = list(dict.fromkeys(own))
        coverage[held_out] = sum(1 for t in unique if t in doc) / len(unique) if unique else 0.0
    # Words known only to what is left out count as unknown (the removed article's own words, last).
    removed = article_removed if exclude_article is not None else passage_removed
    nouns = written.nouns.get(index.language, [])
    known = index.known_share(own, removed)
    known_nouns = index.known_share(nouns, removed) if nouns else 1.0
    weights_a, reach_a, _ = index.bm25_answers.query_weights(terms, related)
    bm25_a = index.bm25_answers.scores(weights_a)
    out = Signals(
        dense_q=dense_q,
        dense_a=dense_a,
        char=char_q,
        char_a=char_a,
        bm25_q=bm25_q / reach_q if reach_q > 0 else np.zeros_like(bm25_q),
        bm25_a=bm25_a / reach_a if reach_a > 0 else np.zeros_like(bm25_a),
        coverage=coverage,
        known=known,
        known_nouns=known_nouns,
        n_terms=len(set(own)),
    )
    if exclude_article is not None:
        for arr, floor in ((out.dense_q, -1.0), (out.dense_a, -1.0), (out.char, 0.0), (out.char_a, 0.0),
                           (out.bm25_q, 0.0),
                           (out.bm25_a, 0.0), (out.coverage, 0.0)):
            arr[exclude_article] = floor - 1.0
    return out


def _ranks(scores: Floats) -> npt.NDArray[np.int64]:
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[order] = np.arange(len(scores))
    return ranks


def candidate_features(sig: Signals, *, excluded: int | None = None) -> tuple[list[int], np.ndarray]:
    """The top candidates by reciprocal-rank fusion, and one feature row each (see FEATURES)."""
    n = len(sig.dense_q)
    if n == 0:
        return [], np.zeros((0, len(FEATURES)))
    r_dense, r_char, r_bm25 = _ranks(sig.dense_q), _ranks(sig.char), _ranks(sig.bm25_q)
    fused = 1.0 / (RRF_K + r_dense) + 1.0 / (RRF_K + r_char) + 1.0 / (RRF_K + r_bm25)
    if excluded is not None:
        fused[excluded] = -1.0
    order = [int(i) for i in np.argsort(-fused, kind="stable")[: min(CANDIDATES, n)] if i != excluded]
    rows = []
    for c in order:
        rows.append(
            [
                sig.dense_q[c],
                sig.dense_a[c],
                sig.char[c],
                sig.char_a[c],
                sig.bm25_q[c],
                sig.bm25_a[c],
                sig.coverage[c],
                1.0 / (1.0 + r_dense[c]),
                1.0 / (1.0 + r_char[c]),
                1.0 / (1.0 + r_bm25[c]),
                sig.dense_q[c] - _best_other(sig.dense_q, c, excluded),
                sig.char[c] - _best_other(sig.char, c, excluded),
                sig.bm25_q[c] - _best_other(sig.bm25_q, c, excluded),
                sig.known,
                sig.known_nouns,
                math.log1p(sig.n_terms),
            ]
        )
    return order, np.array(rows, dtype=np.float64)


def _best_other(scores: Floats, c: int, excluded: int | None) -> float:
    if len(scores) < 2:
        return 0.0
    masked = scores.copy()
    masked[c] = -np.inf
    if excluded is not None:
        masked[excluded] = -np.inf
    best = float(masked.max())
    return best if math.isfinite(best) else 0.0


class Calibrator:
    """Logistic regression over FEATURES (which article), then a one-dimensional rescaling of its score
    so that the best candidate's probability means "right" for a realistic mix of questions (how sure).
    Stored as plain numbers (no pickle)."""

    def __init__(self, mean: Sequence[float] | Floats, scale: Sequence[float] | Floats,
                 coef: Sequence[float] | Floats, bias: float, confidence: tuple[float, float] = (1.0, 0.0)) -> None:
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.bias = float(bias)
        self.confidence = (float(confidence[0]), float(confidence[1]))

    def scores(self, rows: np.ndarray) -> Floats:
        """Raw logits of the candidate model."""
        if len(rows) == 0:
            return np.zeros(0)
        return np.asarray(((rows - self.mean) / self.scale) @ self.coef + self.bias)

    def probabilities(self, rows: np.ndarray) -> Floats:
        slope, offset = self.confidence
        return np.asarray(1.0 / (1.0 + np.exp(-(slope * self.scores(rows) + offset))))

    def to_dict(self) -> dict[str, object]:
        return {"features": list(FEATURES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "bias": self.bias, "confidence": list(self.confidence)}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Calibrator:
        if data.get("features") != list(FEATURES):
            raise ValueError("calibrator was trained on other features")
        confidence: list[float] = list(data.get("confidence", (1.0, 0.0)))  # type: ignore[call-overload]
        return cls(data["mean"], data["scale"], data["coef"], float(data["bias"]),  # type: ignore[arg-type]
                   (float(confidence[0]), float(confidence[1])))

    def fit_confidence(self, best_scores: Floats, right: Floats, in_scope: Floats, *,
                       in_scope_prior: float = IN_SCOPE_PRIOR) -> None:
        """Rescales the best candidate's logit into P(right), answerable messages weighing `in_scope_prior`."""
        from scipy.optimize import minimize

        n_in, n_out = max(1.0, float(in_scope.sum())), max(1.0, float((1 - in_scope).sum()))
        weights = np.where(in_scope > 0, in_scope_prior / n_in, (1 - in_scope_prior) / n_out)

        def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
            z = params[0] * best_scores + params[1]
            p = 1.0 / (1.0 + np.exp(-z))
            eps = 1e-12
            value = -np.sum(weights * (right * np.log(p + eps) + (1 - right) * np.log(1 - p + eps)))
            g = weights * (p - right)
            return float(value), np.array([float(g @ best_scores), float(g.sum())])

        result = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B",
                          bounds=[(0.05, None), (None, None)])
        self.confidence = (float(result.x[0]), float(result.x[1]))

    @classmethod
    def fit(cls, rows: np.ndarray, labels: np.ndarray, l2: float = 1e-3) -> Calibrator:
        """Logistic regression whose similarity weights cannot be negative: more evidence for an
        article never lowers its probability (which keeps the model sane on queries unlike the KB's)."""
        from scipy.optimize import minimize

        mean = rows.mean(axis=0)
        scale = rows.std(axis=0)
        scale[scale < 1e-9] = 1.0
        x = (rows - mean) / scale
        y = labels.astype(np.float64)

        def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
            w, b = params[:-1], params[-1]
            z = x @ w + b
            p = 1.0 / (1.0 + np.exp(-z))
            eps = 1e-12
            value = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + l2 * float(w @ w)
            grad_z = (p - y) / len(y)
            grad = np.append(x.T @ grad_z + 2 * l2 * w, grad_z.sum())
            return float(value), grad

        bounds = [(None, None) if name in SIGNED else (0.0, None) for name in FEATURES] + [(None, None)]
        start = np.zeros(len(FEATURES) + 1)
        result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
        return cls(mean, scale, result.x[:-1], float(result.x[-1]))

    @classmethod
    def prior(cls) -> Calibrator:
        """Used before a KB is large enough to calibrate on: trusts agreement of strong signals."""
        coef = np.zeros(len(FEATURES))
        for name, weight in (("dense_question", 6.0), ("char_ngrams", 4.0), ("bm25_question", 3.0),
                             ("coverage", 2.0), ("lead_dense", 3.0)):
            coef[FEATURES.index(name)] = weight
        return cls(np.zeros(len(FEATURES)), np.ones(len(FEATURES)), coef, -7.0)


def rank(index: LanguageIndex, view: QueryView, calibrator: Calibrator) -> Ranking:
    if len(index) == 0:
        return Ranking(index.language, ())
    order, rows = candidate_features(signals(index, view))
    probs = calibrator.probabilities(rows)
    ranked = sorted(
        (Candidate(index.articles[c], float(p), tuple(float(x) for x in row))
         for c, p, row in zip(order, probs, rows, strict=True)),
        key=lambda cand: -cand.probability,
    )
    return Ranking(index.language, tuple(ranked))
