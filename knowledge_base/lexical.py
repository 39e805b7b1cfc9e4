"""Lexical indexes: BM25 over lemma/stem terms and TF-IDF over character n-grams, both incremental."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import ClassVar

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from knowledge_base.analysis import fold

Floats = npt.NDArray[np.float64]
K1 = 1.2
B = 0.75


class BM25:
    """Okapi BM25 with binary term frequency (support texts are short; repeats carry little).

    score(q, d) = norm(d) * sum(idf(t) for t in q if t in d), norm(d) = (k1 + 1) / (1 + k1 (1 - b + b |d| / avg))
    """

    def __init__(self, docs: Sequence[Iterable[str]]) -> None:
        self.docs = [frozenset(d) for d in docs]
        vocab: dict[str, int] = {}
        for d in self.docs:
            for t in sorted(d):  # a set's order changes with the hash seed; sums (and ties) must not
                vocab.setdefault(t, len(vocab))
        self.vocab = vocab
        n = len(self.docs)
        rows = [i for i, d in enumerate(self.docs) for _ in d]
        cols = [vocab[t] for d in self.docs for t in d]
        self.matrix = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(n, max(len(vocab), 1))
        )
        df = np.asarray(self.matrix.sum(axis=0)).ravel()
        self.idf: Floats = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        lengths = np.array([len(d) for d in self.docs], dtype=np.float64)
        self.avg_len = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        self.norm: Floats = self._norm(lengths)

    def _norm(self, lengths: Floats) -> Floats:
        return (K1 + 1.0) / (1.0 + K1 * (1.0 - B + B * lengths / self.avg_len))

    def query_weights(self, terms: Sequence[str],
                      related: dict[str, float] | None = None) -> tuple[Floats, float, float]:
        """(weight per vocab column, best reachable score, share of query terms the index knows).

        `related` terms (standing in for unknown query terms) count with their similarity as a factor."""
        weights = np.zeros(self.matrix.shape[1], dtype=np.float64)
        unique = list(dict.fromkeys(terms))
        known = [self.vocab[t] for t in unique if t in self.vocab]
        for term, similarity in (related or {}).items():
            col = self.vocab.get(term)
            if col is not None:
                weights[col] = max(weights[col], self.idf[col] * similarity)
        for col in known:
            weights[col] = self.idf[col]
        reachable = float(weights.sum() * (K1 + 1.0))
        return weights, reachable, (len(known) / len(unique)) if unique else 0.0

    def scores(self, weights: Floats) -> Floats:
        return np.asarray(self.norm * (self.matrix @ weights)).ravel()

    def coverage(self, terms: Sequence[str]) -> Floats:
        """Share of the query's terms each document contains."""
        unique = [t for t in dict.fromkeys(terms) if t in self.vocab]
        total = len(dict.fromkeys(terms))
        if not unique or not total:
            return np.zeros(len(self.docs))
        q = np.zeros(self.matrix.shape[1])
        q[[self.vocab[t] for t in unique]] = 1.0
        return np.asarray(self.matrix @ q).ravel() / total

    def score_one(self, weights: Floats, doc: frozenset[str]) -> float:
        """BM25 of one alternative document (used to leave a question out of its own article)."""
        total = sum(weights[self.vocab[t]] for t in sorted(doc) if t in self.vocab)
        return float(self._norm(np.array([float(len(doc))]))[0] * total)


class CharTfidf:
    """Cosine between TF-IDF vectors of character 2-5-grams (typos, missing accents, inflections)."""

    _hasher = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        n_features=2**20,
        alternate_sign=False,
        norm=None,
        preprocessor=fold,
    )

    _known: ClassVar[OrderedDict[str, tuple[npt.NDArray[np.int32], Floats]]] = OrderedDict()
    _known_lock = threading.Lock()
    KNOWN_LIMIT = 50_000  # passages (~2.5 KB each): the rows of a large KB

    def __init__(self, texts: Sequence[str]) -> None:
        counts = self.counts_many(texts)
        n = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
        self.idf: Floats = np.log((1.0 + n) / (1.0 + df)) + 1.0
        self.matrix = self._weigh(counts)
        # By feature: a query touches ~100 n-grams, so scoring reads only those rows.
        self._by_feature = sparse.csr_matrix(self.matrix.T)

    def _weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        weighted = sparse.csr_matrix(counts, dtype=np.float64, copy=True)
        weighted.data = 1.0 + np.log(weighted.data)
        weighted = sparse.csr_matrix(weighted.multiply(self.idf[np.newaxis, :]))
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ weighted)

    @classmethod
    def counts_many(cls, texts: Sequence[str]) -> sparse.csr_matrix:
        """Hashed n-gram counts, one row per text. Rows of texts seen before are reused: after an edit, only
        the changed passages are analysed again (a 1,000-article index: ~0.6 s -> a few ms)."""
        with cls._known_lock:
            rows = [cls._known.get(t) for t in texts]
            for text, row in zip(texts, rows, strict=True):
                if row is not None:  # least recently used first out: the live KB's rows stay
                    cls._known.move_to_end(text)
        missing = list(dict.fromkeys(t for t, r in zip(texts, rows, strict=True) if r is None))
        made: dict[str, tuple[npt.NDArray[np.int32], Floats]] = {}
        if missing:
            fresh = sparse.csr_matrix(cls._hasher.transform(missing))
            made = {t: (fresh.indices[fresh.indptr[i]:fresh.indptr[i + 1]].astype(np.int32),
                        fresh.data[fresh.indptr[i]:fresh.indptr[i + 1]].astype(np.float64))
                    for i, t in enumerate(missing)}
            with cls._known_lock:
                cls._known.update(made)
                while len(cls._known) > cls.KNOWN_LIMIT:
                    cls._known.popitem(last=False)
        done = [r if r is not None else made[t] for t, r in zip(texts, rows, strict=True)]
        if not done:
            return sparse.csr_matrix((0, 2**20))
        indptr = np.zeros(len(done) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(r[0]) for r in done])
        indices = np.concatenate([r[0] for r in done])
        data = np.concatenate([r[1] for r in done])
        return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), 2**20))

    @classmethod
    def counts(cls, text: str) -> sparse.csr_matrix:
        """Hashed n-gram counts of a text: the same for every index, so computed once per message."""
        return sparse.csr_matrix(cls._hasher.transform([text]))

    def vector(self, text: str | sparse.csr_matrix) -> tuple[npt.NDArray[np.int32], Floats]:
        """The query's TF-IDF vector as (feature ids, unit-length weights)."""
        counts = self.counts(text) if isinstance(text, str) else text
        ids = counts.indices
        weights = (1.0 + np.log(counts.data)) * self.idf[ids]
        norm = float(np.sqrt(weights @ weights))
        return ids, weights / norm if norm > 0 else weights

    def scores(self, query: tuple[npt.NDArray[np.int32], Floats]) -> Floats:
        ids, weights = query
        if self.matrix.shape[0] == 0 or len(ids) == 0:
            return np.zeros(self.matrix.shape[0])
        return np.asarray(self._by_feature[ids].T @ weights).ravel()
