"""Intent classifier: logistic regression on sentence embeddings + character n-grams, persisted as numbers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge_base.analysis import fold
from knowledge_base.embedding import Encoder
from relais.errors import ModelMismatch

FORMAT = 2  # 2: int8 vectors one text per run (see OnnxEncoder)


@dataclass(frozen=True)
class IntentScore:
    intent: str
    confidence: float


def _vectorizer(vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2 if vocabulary is None else 1,
        sublinear_tf=True,
        max_features=120_000,
        preprocessor=fold,
        vocabulary=vocabulary,
        dtype=np.float32,
    )


class IntentClassifier:
    """`fit(texts, labels)`, `predict(texts)` -> ranked intents with probabilities, `save`/`load`."""

    def __init__(self, encoder: Encoder, *, c: float = 8.0, dense_weight: float = 1.0) -> None:
        self.encoder = encoder
        self.c = c
        self.dense_weight = dense_weight
        self.intents: list[str] = []
        self._tfidf: TfidfVectorizer | None = None
        self._coef = np.zeros((0, 0))
        self._bias = np.zeros(0)
        self.data_hash = ""
        self._char_coef: np.ndarray | None = None  # (n-gram, intent) weights, for one message at a time
        self._char_idf: np.ndarray | None = None
        self._analyse: Callable[[str], list[str]] | None = None

    def _features(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> sparse.csr_matrix:
        assert self._tfidf is not None
        dense = self.encoder.encode(texts) if vectors is None else vectors
        chars = self._tfidf.transform(list(texts))
        return sparse.csr_matrix(sparse.hstack([sparse.csr_matrix(dense * self.dense_weight), chars]))

    def fit(self, texts: Sequence[str], labels: Sequence[str], vectors: np.ndarray | None = None) -> IntentClassifier:
        from sklearn.linear_model import LogisticRegression

        if len(texts) != len(labels) or not texts:
            raise ValueError("one label per text, at least one text")
        self._tfidf = _vectorizer()
        self._tfidf.fit(list(texts))
        x = self._features(texts, vectors)
        model = LogisticRegression(C=self.c, max_iter=3000)
        model.fit(x, list(labels))
        self.intents = [str(c) for c in model.classes_]
        coef = np.asarray(model.coef_, dtype=np.float64)
        bias = np.asarray(model.intercept_, dtype=np.float64)
        if len(self.intents) == 2:  # sklearn keeps one row for binary problems
            coef = np.vstack([-coef[0], coef[0]]) / 2
            bias = np.array([-bias[0], bias[0]]) / 2
        self._coef, self._bias = coef, bias
        self.data_hash = self.hash_data(texts, labels)
        return self

    @staticmethod
    def hash_data(texts: Sequence[str], labels: Sequence[str]) -> str:
        """Identifies the training data, so a stored model is reused only for the same data."""
        digest = hashlib.sha256()
        for t, label in zip(texts, labels, strict=True):
            digest.update(f"{label}\x00{t}\x01".encode())
        return digest.hexdigest()

    def _char_logits(self, text: str, width: int) -> np.ndarray:
        """The character n-gram block of the logits of one message: what `TfidfVectorizer.transform` then a
        product with the weights give (sublinear tf, idf, L2 norm), without sklearn's per-call checks."""
        assert self._tfidf is not None
        if self._char_coef is None or self._char_idf is None or self._analyse is None:
            self._char_coef = np.ascontiguousarray(self._coef[:, width:].T)
            self._char_idf = np.asarray(self._tfidf.idf_, dtype=np.float64)
            self._analyse = self._tfidf.build_analyzer()
        vocabulary = self._tfidf.vocabulary_
        counts: dict[int, int] = {}
        for gram in self._analyse(text):
            col = vocabulary.get(gram)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        if not counts:
            return np.zeros(self._char_coef.shape[1])
        cols = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        weights = tf * self._char_idf[cols]
        weights /= np.linalg.norm(weights)
        return np.asarray(weights.astype(np.float32).astype(np.float64) @ self._char_coef[cols])

    def probabilities(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        assert self._tfidf is not None
        dense = self.encoder.encode(texts) if vectors is None else vectors
        width = dense.shape[1]
        # The two blocks of features scored apart: no sparse copy of the dense vector on the hot path.
        if len(texts) == 1:
            chars_z = self._char_logits(texts[0], width).reshape(1, -1)
        else:
            chars_z = np.asarray(self._tfidf.transform(list(texts)) @ self._coef[:, width:].T)
        z = (dense * self.dense_weight) @ self._coef[:, :width].T + chars_z
        z = z + self._bias
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=1, keepdims=True))

    def predict(self, text: str, vector: np.ndarray | None = None) -> tuple[IntentScore, ...]:
        probs = self.probabilities([text], None if vector is None else vector.reshape(1, -1))[0]
        order = np.argsort(-probs)
        return tuple(IntentScore(self.intents[i], float(probs[i])) for i in order)

    # ------------------------------------------------------------------ persistence
    def save(self, directory: Path) -> None:
        assert self._tfidf is not None
        directory.mkdir(parents=True, exist_ok=True)
        np.savez(directory / "weights.npz", coef=self._coef, bias=self._bias, idf=self._tfidf.idf_)
        vocab = {k: int(v) for k, v in self._tfidf.vocabulary_.items()}
        (directory / "vocabulary.json").write_text(json.dumps(vocab))
        manifest = {"format": FORMAT, "model": self.encoder.name, "dimension": self.encoder.dimension,
                    "intents": self.intents, "c": self.c, "dense_weight": self.dense_weight,
                    "data_hash": self.data_hash}
        (directory / "manifest.json").write_text(json.dumps(manifest, indent=1))

    @classmethod
    def load(cls, directory: Path, encoder: Encoder) -> IntentClassifier:
        manifest = json.loads((directory / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise ModelMismatch(f"intent model format {manifest.get('format')} is not {FORMAT}")
        if manifest["model"] != encoder.name or manifest["dimension"] != encoder.dimension:
            raise ModelMismatch(f"intent model trained on {manifest['model']}, configured {encoder.name}")
        clf = cls(encoder, c=float(manifest["c"]), dense_weight=float(manifest["dense_weight"]))
        weights = np.load(directory / "weights.npz")
        vocab = json.loads((directory / "vocabulary.json").read_text())
        tfidf = _vectorizer(vocab)
        tfidf.idf_ = weights["idf"]
        clf._tfidf = tfidf
        clf._coef, clf._bias = weights["coef"], weights["bias"]
        clf.intents = list(manifest["intents"])
        clf.data_hash = str(manifest["data_hash"])
        return clf
