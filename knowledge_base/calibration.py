"""Learns from the knowledge base itself what a right first article looks like (self-calibration)."""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping, Sequence

import numpy as np

from knowledge_base.analysis import Analyzer, fold
from knowledge_base.embedding import Encoder
from knowledge_base.index import LanguageIndex, QueryView
from knowledge_base.retrieval import Calibrator, candidate_features, signals

log = logging.getLogger(__name__)
MAX_HELD_OUT = 600
MIN_ARTICLES = 4


TYPO_RATE = 0.0
_FILLERS = {"fr": ("bonjour, ", "svp ", "", "salut ", "", "bonjour "), "en": ("hi, ", "please ", "", "hello ", "")}
_TAILS = {"fr": (" svp", " ?", "", " merci", " !!"), "en": (" please", "?", "", " thanks", "!!")}


def noisy(text: str, language: str, rng: random.Random) -> str:
    """A visitor-like variant of a KB question: no accents, a typo, a dropped word, chat filler."""
    words = text.rstrip(" ?!.").split()
    if len(words) > 3 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    long_words = [i for i, w in enumerate(words) if len(w) > 4]
    if long_words and rng.random() < TYPO_RATE:
        i = rng.choice(long_words)
        w = words[i]
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    out = " ".join(words)
    if rng.random() < 0.5:
        out = fold(out)
    if rng.random() < 0.5:
        out = out.lower()
    return rng.choice(_FILLERS.get(language, ("",))) + out + rng.choice(_TAILS.get(language, ("",)))


def calibrate(
    indexes: Sequence[LanguageIndex],
    off_topic: Mapping[str, Sequence[str]],
    encoder: Encoder,
    analyzer: Analyzer,
    *,
    seed: int = 13,
) -> Calibrator:
    """Positives: a question held out of its article still finds it. Negatives: the other candidates,
    every candidate once the question's whole article is removed (an in-domain question the KB does not
    cover), and every candidate for generic off-topic messages."""
    rng = random.Random(seed)
    rows: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    for index in indexes:
        if len(index) < MIN_ARTICLES:
            continue
        held = [i for i, p in enumerate(index.passages)
                if p.kind == "question" or (p.kind == "title" and len(index.articles[p.article].questions) > 0)]
        rng.shuffle(held)
        held = held[: MAX_HELD_OUT // max(1, len(indexes))]
        variants = [noisy(index.passages[i].text, index.language, rng) for i in held]
        variant_vectors = encoder.encode(variants)
        variant_terms = analyzer.terms_many(variants, index.language)
        variant_nouns = analyzer.nouns_many(variants, index.language)
        originals = [index.passages[i].text for i in held]
        original_nouns = analyzer.nouns_many(originals, index.language)
        views = []
        lang = index.language
        for k, i in enumerate(held):
            if k % 2:
                views.append((i, QueryView(originals[k], index.vectors[i], {lang: index.terms[i]},
                                           {lang: original_nouns[k]})))
            views.append((i, QueryView(variants[k], variant_vectors[k], {lang: variant_terms[k]},
                                       {lang: variant_nouns[k]})))
        for i, view in views:
            passage = index.passages[i]
            order, feats = candidate_features(signals(index, view, exclude_passage=i))
            rows.append(feats)
            labels.append(np.array([1 if c == passage.article else 0 for c in order]))
            order, feats = candidate_features(
                signals(index, view, exclude_passage=i, exclude_article=passage.article),
                excluded=passage.article,
            )
            rows.append(feats)
            labels.append(np.zeros(len(order)))
        texts = list(off_topic.get(index.language, ()))
        if texts:
            vectors = encoder.encode(texts)
            terms = analyzer.terms_many(texts, index.language)
            nouns = analyzer.nouns_many(texts, index.language)
            for text, vector, t, n in zip(texts, vectors, terms, nouns, strict=True):
                view = QueryView(text, vector, {index.language: t}, {index.language: n})
                _, feats = candidate_features(signals(index, view))
                rows.append(feats)
                labels.append(np.zeros(len(feats)))
    if not rows:
        return Calibrator.prior()
    x = np.vstack([r for r in rows if len(r)])
    y = np.concatenate([lab for lab in labels if len(lab)])
    if y.sum() < 5 or (1 - y).sum() < 5:
        return Calibrator.prior()
    log.info("calibrated retrieval on %d candidate rows (%d positive)", len(y), int(y.sum()))
    return Calibrator.fit(x, y)
