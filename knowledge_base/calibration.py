"""Learns from the knowledge base itself what a right first article looks like (self-calibration)."""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from knowledge_base.analysis import Analyzer, fold, words
from knowledge_base.embedding import Encoder
from knowledge_base.index import LanguageIndex, QueryView
from knowledge_base.places import Places
from knowledge_base.retrieval import IN_SCOPE_PRIOR, Calibrator, candidate_features, signals

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


def _views(texts: Sequence[str], language: str, encoder: Encoder, analyzer: Analyzer,
           places: Places | None = None) -> list[QueryView]:
    """Messages analysed as the searcher does (places bring their regions along; see Searcher.view)."""
    searched = [places.annotate(t, language) for t in texts] if places is not None else list(texts)
    vectors = encoder.encode(searched)
    terms = analyzer.terms_many(searched, language)
    nouns = analyzer.nouns_many(searched, language)
    annotated = [k for k, text in enumerate(searched) if text != texts[k]]
    written = _views([texts[k] for k in annotated], language, encoder, analyzer) if annotated else []
    plain = dict(zip(annotated, written, strict=True))
    return [QueryView(text, vectors[k], {language: terms[k]}, {language: nouns[k]}, plain=plain.get(k))
            for k, text in enumerate(searched)]


def foreign_words(index: LanguageIndex, texts: Sequence[str], analyzer: Analyzer) -> list[str]:
    """Words of off-topic messages that this KB never uses (a sports hall, a recipe...)."""
    out = []
    for word in dict.fromkeys(w for t in texts for w in words(t) if len(w) >= 5):
        stems = analyzer.terms(word, index.language)
        if stems and all(index.term_articles[s] == 0 for s in stems):
            out.append(word)
    return out


def swap_object(text: str, index: LanguageIndex, foreign: Sequence[str], analyzer: Analyzer,
                rng: random.Random) -> str | None:
    """The question about something else: its most specific word replaced by one the KB never uses.

    "How do I cancel my box subscription?" becomes "How do I cancel my gym subscription?": same shape,
    same verbs, but an object the KB does not cover, which is what most real off-topic questions look like.
    """
    best: tuple[int, str] | None = None
    for word in words(text):
        if len(word) < 4:
            continue
        stems = analyzer.terms(word, index.language)
        counts = [index.term_articles[s] for s in stems if index.term_articles[s] > 0]
        if counts and (best is None or min(counts) < best[0]):
            best = (min(counts), word)
    if best is None or not foreign:
        return None
    return re.sub(rf"\b{re.escape(best[1])}\b", rng.choice(list(foreign)), fold(text), count=1)


@dataclass
class Groups:
    """Candidate feature rows grouped by message, each with its labels and whether the KB answers it."""

    rows: list[np.ndarray] = field(default_factory=list)
    labels: list[np.ndarray] = field(default_factory=list)
    in_scope: list[bool] = field(default_factory=list)

    def add(self, rows: np.ndarray, labels: np.ndarray, in_scope: bool) -> None:
        self.rows.append(rows)
        self.labels.append(labels)
        self.in_scope.append(in_scope)

    def extend(self, other: Groups) -> None:
        self.rows += other.rows
        self.labels += other.labels
        self.in_scope += other.in_scope


def self_calibration(
    indexes: Sequence[LanguageIndex],
    off_topic: Mapping[str, Sequence[str]],
    encoder: Encoder,
    analyzer: Analyzer,
    *,
    seed: int = 13,
    places: Places | None = None,
) -> Groups:
    """Positives: a question held out of its article (as written, or made visitor-like) still finds it.
    Negatives: the other candidates; every candidate once the question's whole article is removed (an
    in-domain question the KB does not cover); the question with its object swapped for one the KB never
    uses; and generic off-topic messages."""
    rng = random.Random(seed)
    groups = Groups()
    for index in indexes:
        if len(index) < MIN_ARTICLES:
            continue
        lang = index.language
        held = [i for i, p in enumerate(index.passages)
                if p.kind == "question" or (p.kind == "title" and len(index.articles[p.article].questions) > 0)]
        rng.shuffle(held)
        held = held[: MAX_HELD_OUT // max(1, len(indexes))]
        originals = [index.passages[i].text for i in held]
        noisy_views = _views([noisy(t, lang, rng) for t in originals], lang, encoder, analyzer, places)
        original_nouns = analyzer.nouns_many(originals, lang)
        views = []
        for k, i in enumerate(held):
            if k % 2:
                views.append((i, QueryView(originals[k], index.vectors[i], {lang: index.terms[i]},
                                           {lang: original_nouns[k]})))
            views.append((i, noisy_views[k]))
        for i, view in views:
            passage = index.passages[i]
            order, feats = candidate_features(signals(index, view, exclude_passage=i))
            groups.add(feats, np.array([1 if c == passage.article else 0 for c in order]), True)
            order, feats = candidate_features(
                signals(index, view, exclude_passage=i, exclude_article=passage.article),
                excluded=passage.article,
            )
            groups.add(feats, np.zeros(len(order)), False)
        texts = list(off_topic.get(lang, ()))
        foreign = foreign_words(index, texts, analyzer)
        swapped = [t for t in (swap_object(o, index, foreign, analyzer, rng) for o in originals) if t]
        for view in _views(texts + swapped, lang, encoder, analyzer, places):
            _, feats = candidate_features(signals(index, view))
            groups.add(feats, np.zeros(len(feats)), False)
    return groups


def fit_groups(groups: Groups, *, in_scope_prior: float = IN_SCOPE_PRIOR) -> Calibrator:
    """The candidate model fitted on these groups, then its confidence scale."""
    rows, labels = groups.rows, groups.labels
    if not rows:
        return Calibrator.prior()
    x = np.vstack([r for r in rows if len(r)])
    y = np.concatenate([lab for lab in labels if len(lab)])
    if y.sum() < 5 or (1 - y).sum() < 5:
        return Calibrator.prior()
    log.info("calibrated retrieval on %d candidate rows (%d positive)", len(y), int(y.sum()))
    return _with_confidence(Calibrator.fit(x, y), groups, in_scope_prior)


def _with_confidence(calibrator: Calibrator, groups: Groups, in_scope_prior: float) -> Calibrator:
    best, right, scope = [], [], []
    for group_rows, group_labels, answerable in zip(groups.rows, groups.labels, groups.in_scope, strict=True):
        if not len(group_rows):
            continue
        scores = calibrator.scores(group_rows)
        top = int(np.argmax(scores))
        best.append(float(scores[top]))
        right.append(float(group_labels[top]))
        scope.append(1.0 if answerable else 0.0)
    calibrator.fit_confidence(np.array(best), np.array(right), np.array(scope), in_scope_prior=in_scope_prior)
    return calibrator
