"""The live knowledge base: per-language indexes kept in step with the published articles, persisted."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from knowledge_base.analysis import RECENT_PARSES, Analyzer, family
from knowledge_base.articles import Article
from knowledge_base.calibration import fit_groups, self_calibration
from knowledge_base.embedding import Encoder, Vectors
from knowledge_base.excerpt import (
    answer_parts,
    asked_kind,
    asks_a_price,
    asks_if_free,
    asks_the_most,
    best_part,
    plain_part,
)
from knowledge_base.index import LanguageIndex, QueryView, article_passages
from knowledge_base.lexical import CharTfidf
from knowledge_base.lexicon import expand_shorthand, gloss_coverage, glossary_digest, translate_words
from knowledge_base.places import Places
from knowledge_base.retrieval import Calibrator, Candidate, Ranking, rank
from relais.errors import ModelMismatch

log = logging.getLogger(__name__)
MIN_GLOSS_COVERAGE = 0.5  # share of a message's words the glossary must translate to search the other language
# A gloss that dropped half of the message ("heat pump installation price" -> "installation prix") reads as a
# sharper question than the visitor asked: it must keep most of the message to be searched on its own.
GLOSS_VIEW_COVERAGE = 0.6
ANSWER_MATCH_LEAD = 0.03  # how far an answer's nearest one in the other language must lead the next (character n-grams)
GLOSS_BATCH = RECENT_PARSES  # glosses encoded and parsed at once (the analyzer keeps as many parses)
TWIN_MIN = 0.25  # how sure each of two articles' glosses must find the other for them to be translations
MANIFEST_VERSION = 6  # 2: sources.json (lemmas behind French terms); 3: sm lemmas, int8 vectors one text per run;
# 4: calibrated on messages carrying the regions of the places they name; 5: function phrases left out of the terms;
# 6: English terms in British spelling
SNAPSHOT_GRACE_SECONDS = 60  # an older snapshot may still be being read by another process
RECALIBRATE_SHARE = 0.2  # recalibrate once this share of the articles changed since the last calibration
EXCERPT_CACHE = 256  # articles whose answer parts are kept for follow-ups (Searcher.excerpt)
# A noun this many pages of a language hold or fewer names a topic ("rent"); one that more pages hold names a thing
# that several topics speak of ("canapé": its warranty, returns, payment in instalments, dimensions...).
TOPIC_NOUN_PAGES = 3
TIME_WORDS = {
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche week-end weekend janvier février mars avril mai juin "
          "juillet août septembre octobre novembre décembre jour jours semaine semaines mois an ans année années heure "
          "heures minute minutes temps bout",
    "en": "monday tuesday wednesday thursday friday saturday sunday weekend january february march april may june july "
          "august september october november december day days week weeks month months year years hour hours minute "
          "minutes time",
}
# What a follow-up asks for rather than what about: an amount, whether it is free, a time ("et ça coute combien en
# plus ?" names no page's topic by "coût", "il y a des frais ?" none by "frais").
ASKING_WORDS = {
    "fr": "combien prix tarif tarifs coût coûts coûte coûter coute couter montant montants frais payant payante "
          "payants gratuit gratuite gratuits payer paie paye cher chère chers plus moins supplément délai délais durée "
          "quand longtemps comment quel quelle quels quelles maximum max minimum",
    "en": "how what which when much many price prices cost costs fee fees charge charged charges free paid pay "
          "expensive cheaper extra more less long soon maximum max minimum",
}


SHORTENED = 4  # letters at least: a word written short ("visio", "dispo", "appli") is the start of the page's word
SHORTENED_READINGS = 2  # ... if the page holds at most this many words starting with it


def _unshortened(said: Sequence[str], held: set[str]) -> list[str]:
    """The message's terms, a word the page does not hold read as the page's word it starts ("il peut faire
    ça en visio ?" and "sur place ou en visioconférence": the visitor was told the page said nothing of it)."""
    out: list[str] = []
    for term in said:
        longer = [t for t in held if t.startswith(term)] if len(term) >= SHORTENED and term not in held else []
        out.extend(sorted(longer) if 0 < len(longer) <= SHORTENED_READINGS else [term])
    return out


def _kin(said: Sequence[str], held: set[str], language: str) -> list[str]:
    """The message's terms, a word the page does not hold read as the page's word of its family (analysis.FAMILIES:
    "et si je perds le ticket ?" and "en cas de perte d'une carte physique, gardez votre ticket d'achat")."""
    kin = {family(t, language): t for t in held}
    return [term if term in held else kin.get(family(term, language), term) for term in said]


def _key(language: str, text: str) -> str:
    return hashlib.sha1(f"{language}\x00{text}".encode(), usedforsecurity=False).hexdigest()


class Searcher:
    """Answers `search(text, language)`; `apply(articles)` swaps in a new KB, re-encoding only what changed."""

    def __init__(
        self,
        encoder: Encoder,
        analyzer: Analyzer,
        languages: Sequence[str],
        *,
        store: Path | None = None,
        off_topic: Mapping[str, Sequence[str]] | None = None,
        places: Places | None = None,
        prior: Calibrator | None = None,
    ) -> None:
        self.encoder = encoder
        self.prior = prior
        # Which prior a stored calibration is (a new prior makes it outdated, not the vectors).
        self._prior_digest = (hashlib.sha256(json.dumps(prior.to_dict(), sort_keys=True).encode()).hexdigest()[:16]
                              if prior is not None else None)
        self.analyzer = analyzer
        self.languages = tuple(languages)
        self.store = store
        self.off_topic = off_topic or {}
        self.places = places
        self.revision = -1
        self.indexes: dict[str, LanguageIndex] = {}
        self.articles: dict[str, Article] = {}
        self.calibrator = Calibrator.prior()
        self._vectors: dict[str, Vectors] = {}
        self._terms: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self._changed_since_calibration = 0
        self._fresh_keys: set[str] = set()  # passages encoded by the current `apply` (not from the cache)
        # Article id -> the article of the other language its glossed title and questions find (see twin).
        self._matches: dict[str, str | None] = {}
        # The snapshot's revision (when it was calibrated with this prior) and the twins found for it.
        self._cached_revision: int | None = None
        self._cached_matches: dict[str, str | None] = {}
        self._when: dict[str, frozenset[str]] = {}
        self._asking: dict[str, frozenset[str]] = {}
        # (article id, answer) -> its parts, their vectors, terms and nouns (see excerpt): read on the rare follow-up
        # that finds the page just given, kept for the next one.
        self._parts: dict[tuple[str, str], tuple[list[str], Vectors, list[list[str]], list[list[str]]]] = {}
        if store is not None:
            self._load_cache(store)

    # ------------------------------------------------------------------ persistence
    def _manifest(self) -> dict[str, object]:
        return {"format": MANIFEST_VERSION, "model": self.encoder.name, "dimension": self.encoder.dimension,
                "normaliser": "l2", "kb_revision": self.revision, "home_country": self._home(),
                "changed_since_calibration": self._changed_since_calibration, "prior": self._prior_digest,
                "glossary": glossary_digest()}

    def _load_cache(self, store: Path) -> None:
        snapshot = store / "current"
        manifest_path = snapshot / "manifest.json"
        if not manifest_path.exists():
            return
        try:
            manifest = json.loads(manifest_path.read_text())
            self.check_manifest(manifest)
            keys = json.loads((snapshot / "keys.json").read_text())
            vectors = np.load(snapshot / "vectors.npy")
            if len(keys) != len(vectors):
                raise ValueError(f"{len(keys)} keys for {len(vectors)} vectors")
            terms = json.loads((snapshot / "terms.json").read_text())
            calibrator = Calibrator.from_dict(json.loads((snapshot / "calibrator.json").read_text()))
            self.analyzer.learn_sources(json.loads((snapshot / "sources.json").read_text()))
            twins = json.loads((snapshot / "twins.json").read_text()) if (snapshot / "twins.json").exists() else {}
            if not all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in twins.items()):
                raise ValueError("twins.json is not a table of article ids")
            self._vectors = {k: vectors[i] for i, k in enumerate(keys)}
            self._terms = terms
            if manifest.get("prior") == self._prior_digest:
                self.calibrator = calibrator
                self._cached_revision = int(manifest["kb_revision"])
                # Twins are found through the glossary: found with another one, they are found again.
                self._cached_matches = twins if manifest.get("glossary") == glossary_digest() else {}
                self._changed_since_calibration = int(manifest.get("changed_since_calibration", 0))
            else:
                log.info("retrieval prior changed since the index was saved: calibrating again")
            log.info("index cache loaded: %d passages", len(self._vectors))
        except ModelMismatch as exc:
            log.warning("index cache ignored: %s", exc)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("index cache unreadable, rebuilding: %s", exc)

    def _home(self) -> str | None:
        return self.places.home if self.places is not None else None

    def check_manifest(self, manifest: dict[str, object]) -> None:
        if manifest.get("format") != MANIFEST_VERSION:
            raise ModelMismatch(f"index format {manifest.get('format')} is not {MANIFEST_VERSION}")
        if manifest.get("home_country") != self._home():
            raise ModelMismatch(f"index calibrated for home country {manifest.get('home_country')}, "
                                f"configured {self._home()}")
        if manifest.get("model") != self.encoder.name or manifest.get("dimension") != self.encoder.dimension:
            raise ModelMismatch(
                f"index built with {manifest.get('model')} ({manifest.get('dimension')}-d), "
                f"configured {self.encoder.name} ({self.encoder.dimension}-d)"
            )

    def save(self) -> None:
        """Writes a complete snapshot, then points `current` at it in one atomic rename, so a reader (this
        server after a restart, or another process) never mixes files of two writers."""
        if self.store is None:
            return
        self.store.mkdir(parents=True, exist_ok=True)
        snapshot = self.store / f"snap-{uuid.uuid4().hex}"
        snapshot.mkdir()
        keys = list(self._vectors)
        matrix = np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, self.encoder.dimension))
        np.save(snapshot / "vectors.npy", matrix.astype(np.float32))
        kb_terms = {t for k, ts in self._terms.items() for t in ts}
        for name, payload in (("keys.json", keys), ("terms.json", self._terms),
                              ("sources.json", self.analyzer.sources(kb_terms)),
                              ("calibrator.json", self.calibrator.to_dict()), ("twins.json", dict(self._matches)),
                              ("manifest.json", self._manifest())):
            (snapshot / name).write_text(json.dumps(payload))
        link = self.store / f"current.{snapshot.name}"
        link.symlink_to(snapshot.name)
        os.replace(link, self.store / "current")
        for old in self.store.glob("snap-*"):
            if old != snapshot and time.time() - old.stat().st_mtime > SNAPSHOT_GRACE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)

    # ------------------------------------------------------------------ building
    def _analyse(self, language: str, texts: Sequence[str]) -> tuple[Vectors, list[list[str]]]:
        keys = [_key(language, t) for t in texts]
        missing = [i for i, k in enumerate(keys) if k not in self._vectors or k not in self._terms]
        self._fresh_keys.update(keys[i] for i in missing)
        if missing:
            fresh_texts = [texts[i] for i in missing]
            vectors = self.encoder.encode(fresh_texts)
            terms = self.analyzer.terms_many(fresh_texts, language)
            for row, i in enumerate(missing):
                self._vectors[keys[i]] = vectors[row]
                self._terms[keys[i]] = terms[row]
        dim = self.encoder.dimension
        matrix = np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, dim), dtype=np.float32)
        return matrix, [self._terms[k] for k in keys]

    def _build(self, language: str, articles: Sequence[Article]) -> LanguageIndex:
        texts = [text for a in articles for _, text in article_passages(a)]
        vectors, terms = self._analyse(language, texts)
        return LanguageIndex(language, articles, vectors, terms, self.analyzer.vector)

    def apply(self, articles: Iterable[Article], revision: int, *, recalibrate: bool | None = None,
              twins: bool = False) -> bool:
        """Makes exactly these articles searchable, with the twin of every page found first when `twins` (see
        find_twins), and saves the snapshot. Returns whether anything changed."""
        wanted = {a.id: a for a in articles if a.language in self.languages}
        with self._lock:
            changed = [a for i, a in wanted.items() if self.articles.get(i) != a]
            changed += [a for i, a in self.articles.items() if i not in wanted]
            changed_langs = {a.language for a in changed}
            if not changed_langs and self.indexes:
                self.revision = revision
                return False
            new_indexes = dict(self.indexes)
            self._fresh_keys = set()
            for lang in self.languages:
                if lang in changed_langs or lang not in new_indexes:
                    arts = sorted((a for a in wanted.values() if a.language == lang), key=lambda a: a.id)
                    new_indexes[lang] = self._build(lang, arts)
            first_build = not self.indexes
            rebuilt = changed_langs | (set(self.languages) - set(self.indexes))
            if first_build:
                # The twins found for this very revision with this calibration come back from the snapshot.
                kept = dict(self._cached_matches) if self._cached_revision == revision else {}
            else:
                # A page's twin is found in the other languages' indexes: unchanged ones still give the same.
                kept = {i: m for i, m in self._matches.items()
                        if i in wanted and wanted[i] == self.articles.get(i) and rebuilt <= {wanted[i].language}}
            self.indexes = new_indexes
            self.articles = wanted
            self._matches = kept
            self.revision = revision
            if not first_build:  # a first build counts against the snapshot instead (_cache_outdated)
                self._changed_since_calibration += len(changed)
            if recalibrate is None:
                stored = self._stored_calibrator(revision)
                if stored is not None and not first_build:
                    # Another process (`relais kb import`) already calibrated this very revision.
                    if stored.to_dict() != self.calibrator.to_dict():
                        self._matches = {}
                    self.calibrator, recalibrate = stored, False
                    self._changed_since_calibration = 0
                else:
                    # A few edits keep the calibration (its features are relative); a new or much changed
                    # KB gets a new one.
                    recalibrate = (first_build and self._cache_outdated(revision)) or (
                        not first_build and self._changed_since_calibration > RECALIBRATE_SHARE * len(wanted))
            if recalibrate:
                self.recalibrate()
                self._changed_since_calibration = 0
                self._matches = {}
            self._prune()
        if twins:
            self.find_twins()
        self.save()
        return True

    def _cache_outdated(self, revision: int) -> bool:
        """On a first build: whether the snapshot's calibration no longer fits: there was none, or, counting the
        edits it already absorbed, a large share of the articles is new, edited or gone since (so `relais kb
        import` of one edited article keeps it, and a series of such imports renews it in time)."""
        cached = self._cached_revision
        if cached is None:
            return True
        if cached == revision:
            return False
        passages = {a.id: [_key(a.language, t) for _, t in article_passages(a)] for a in self.articles.values()}
        live = {k for keys in passages.values() for k in keys}
        gone = sum(1 for k in self._vectors if k not in live)
        fresh = sum(1 for keys in passages.values() if any(k in self._fresh_keys for k in keys))
        per_article = max(len(live) / max(len(passages), 1), 1.0)
        self._changed_since_calibration += fresh + math.ceil(gone / per_article)
        return self._changed_since_calibration > RECALIBRATE_SHARE * max(len(passages), 1)

    def _stored_calibrator(self, revision: int) -> Calibrator | None:
        if self.store is None:
            return None
        try:
            manifest = json.loads((self.store / "current" / "manifest.json").read_text())
            self.check_manifest(manifest)
            if manifest.get("kb_revision") != revision or manifest.get("prior") != self._prior_digest:
                return None
            return Calibrator.from_dict(json.loads((self.store / "current" / "calibrator.json").read_text()))
        except (OSError, ValueError, KeyError, ModelMismatch):
            return None

    def recalibrate(self) -> None:
        # The prior weighs the signals as learned on other knowledge bases; without one, this KB's own questions do.
        self.calibrator = self.prior if self.prior is not None else fit_groups(self_calibration(
            list(self.indexes.values()), self.off_topic, self.encoder, self.analyzer, places=self.places))

    def _prune(self) -> None:
        live = {_key(a.language, t) for a in self.articles.values() for _, t in article_passages(a)}
        self._vectors = {k: v for k, v in self._vectors.items() if k in live}
        self._terms = {k: v for k, v in self._terms.items() if k in live}

    # ------------------------------------------------------------------ searching
    def view(self, text: str, language: str | None = None) -> QueryView:
        """The message analysed for every language; when it is in `language`, the lexical terms for the
        other languages also carry a word-by-word gloss of its support vocabulary. The places it names bring
        their regions along ("Italie" -> "Europe, Union européenne"): `QueryView.text` is the message as
        searched, and `plain` the message as written."""
        text, searched = self._readings(text, language)
        vector = self.encoder.encode([searched])[0]
        terms, nouns = self._lexical(searched, language)
        if searched == text:
            return QueryView(text, vector, terms, nouns, CharTfidf.counts(text), language=language)
        plain = QueryView(text, self.encoder.encode([text])[0], *self._lexical(text, language), CharTfidf.counts(text),
                          language=language)
        return QueryView(searched, vector, terms, nouns, CharTfidf.counts(searched), plain, language)

    def _readings(self, text: str, language: str | None) -> tuple[str, str]:
        """The message as written, its shorthand spelled out ("mdp oublié", "mettre fin à mon contrat"), and as
        searched (with the regions of the places it names); both are the message itself when its language is
        not known."""
        if language is None:
            return text, text
        written = expand_shorthand(text, language)
        return written, self.places.annotate(written, language) if self.places is not None else written

    def prepare(self, messages: Sequence[tuple[str, str]]) -> None:
        """Encodes (and, in French, tags) in one batch what `view` will read of these (text, language) messages,
        so that their turns find it cached."""
        readings = [(lang, t) for text, lang in messages for t in dict.fromkeys(self._readings(text, lang))]
        self.encoder.encode(list(dict.fromkeys(t for _, t in readings)))
        french = list(dict.fromkeys(t for lang, t in readings if lang == "fr"))
        if len(french) > 1 and "fr" in self.languages:
            self.analyzer.terms_many(french, "fr")

    def _lexical(self, text: str, language: str | None) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The message's terms and nouns for every language; with its language known, for that one only (the
        others are its gloss, read when first searched: see `_glossed`)."""
        terms: dict[str, list[str]] = {}
        nouns: dict[str, list[str]] = {}
        for lang in self.languages if language is None else (language,):
            # With its language known, the message's shorthand is already spelled out (see `view`).
            lexical = expand_shorthand(text, lang) if language is None else text
            terms[lang] = self.analyzer.terms(lexical, lang)
            nouns[lang] = self.analyzer.nouns_many([lexical], lang)[0]
        return terms, nouns

    def _glossed(self, view: QueryView, target: str) -> None:
        """Fills in the message's terms for another language: its words mean nothing to that index, only their
        gloss does. A gloss of a word or two out of a long message ("internet") would look like a sharp question."""
        if target in view.terms or view.language is None:
            return
        covered = gloss_coverage(view.text, view.language) >= MIN_GLOSS_COVERAGE
        lexical = translate_words(view.text, view.language, target) if covered else ""
        view.nouns[target] = self.analyzer.nouns_many([lexical], target)[0]
        view.terms[target] = self.analyzer.terms(lexical, target)

    def gloss_view(self, text: str, language: str, target: str) -> QueryView | None:
        """The message as `target`'s index can read it: the word-by-word gloss of its support vocabulary, for
        every signal (dense vector, character n-grams, lemmas), not only the lexical terms. None when the
        glossary covers too little of it ("how do I cancel my subscription" -> "résilier annuler abonnement")."""
        written = expand_shorthand(text, language)
        if target == language or gloss_coverage(written, language) < GLOSS_VIEW_COVERAGE:
            return None
        return self._gloss_view(translate_words(written, language, target), target)

    def _gloss_view(self, gloss: str, target: str) -> QueryView | None:
        return self._gloss_views([gloss], target)[0]

    def _gloss_views(self, glosses: Sequence[str], target: str) -> list[QueryView | None]:
        """`_gloss_view` of each gloss, encoded and parsed in batches."""
        views: list[QueryView | None] = []
        for start in range(0, len(glosses), GLOSS_BATCH):
            chunk = glosses[start:start + GLOSS_BATCH]
            texts = [g for g in chunk if g]
            vectors = self.encoder.encode(texts) if texts else None
            # Terms then nouns: the second reads the parses the first left in the analyzer's recent ones.
            terms, nouns = self.analyzer.terms_many(texts, target), self.analyzer.nouns_many(texts, target)
            row = iter(range(len(texts)))
            for gloss in chunk:
                i = next(row) if gloss else -1
                views.append(QueryView(gloss, vectors[i], {target: terms[i]}, {target: nouns[i]},
                                       CharTfidf.counts(gloss)) if gloss and vectors is not None else None)
        return views

    def twin(self, article_id: str) -> str | None:
        """The article that translates this one in another language, if any: each one's glossed title and
        questions find the other first, surely. (A near topic is no twin: "payment methods" finds "understand
        my bill", which finds "comprendre ma facture" back.)"""
        found = self._gloss_match(article_id)
        return found if found and self._gloss_match(found) == article_id else None

    def counterpart(self, article_id: str, language: str) -> str | None:
        """The article to give in `language` for this one: itself in that language, its twin, else the article its
        glossed title and questions find there (one way only: a visitor asking for the page they just read in
        another language wants its nearest match, even one that would not find it back), else the one whose answer
        shares the most character n-grams with this one's, both ways."""
        article = self.articles.get(article_id)
        if article is None or article.language == language:
            return article_id if article is not None else None
        found = self.twin(article_id) or self._gloss_match(article_id)
        if found is None:
            # Support words glossed find nothing ("autonomie de la batterie" is no support vocabulary): answers
            # that translate each other still share numbers, names and cognates ("60 à 80 km", "batterie").
            found = self._answer_match(article_id, language)
            if found is None or self._answer_match(found, article.language) != article_id:
                found = None
        match = self.articles.get(found) if found else None
        return found if match is not None and match.language == language else None

    def _answer_match(self, article_id: str, language: str) -> str | None:
        """The article of `language` whose answer is nearest this one's in character n-grams, if it stands out."""
        article, index = self.articles.get(article_id), self.indexes.get(language)
        if article is None or index is None or len(index) < 2:
            return None
        best = index.per_article_max(index.char.scores(index.char.vector(article.answer)), index.is_answer)
        first, second = np.argsort(-best)[:2]
        return index.articles[first].id if best[first] - best[second] >= ANSWER_MATCH_LEAD else None

    def _gloss_match(self, article_id: str) -> str | None:
        matches = self._matches  # an `apply` meanwhile swaps in a fresh table: nothing found here lands in it
        if article_id not in matches:
            matches[article_id] = self._find_gloss_match(article_id)
        return matches[article_id]

    def _find_gloss_match(self, article_id: str) -> str | None:
        article = self.articles.get(article_id)
        return self._find_gloss_matches([article])[article_id] if article is not None else None

    def _find_gloss_matches(self, articles: Sequence[Article]) -> dict[str, str | None]:
        """The article each one's glossed title and questions find surely in another language, if any (the first
        such language, in the order served)."""
        found: dict[str, str | None] = {a.id: None for a in articles}
        for target in self.languages:
            todo = [a for a in articles if a.language != target and found[a.id] is None]
            glosses = [translate_words(" ".join((a.title, *a.questions)), a.language, target) for a in todo]
            for article, view in zip(todo, self._gloss_views(glosses, target), strict=True):
                best = self.search(view, target).best if view is not None else None
                if best is not None and best.probability >= TWIN_MIN:
                    found[article.id] = best.article.id
        return found

    def find_twins(self) -> None:
        """Finds the gloss match of every article at once (see twin), batched: a conversation that moves to or from
        another language reads the twins of the pages it is about, and finding one on the way took a few ms of that
        turn (a fifth of the turn time on a 1,000-article KB with such conversations)."""
        matches = self._matches  # an `apply` meanwhile swaps in a fresh table: nothing found here lands in it
        if len({a.language for a in self.articles.values()}) < 2:
            return
        matches.update(self._find_gloss_matches([a for a in self.articles.values() if a.id not in matches]))

    def search(self, view: QueryView, language: str) -> Ranking:
        index = self.indexes.get(language)
        if index is None:
            return Ranking(language, ())
        for reading in (view, view.plain):
            if reading is not None:
                self._glossed(reading, language)
        ranking = rank(index, view, self.calibrator)
        if view.plain is None:
            return ranking
        # A place's region is no evidence on its own ("quel temps fait-il à Lisbonne ?" is not about shipping
        # to the European Union): an article none of the visitor's own words touch keeps the probability it
        # has for the message as written. (Their nearest KB words do not count: "mon fils part étudier en
        # Allemagne, il doit ouvrir un compte bancaire ?" is no roaming question.)
        own = set(view.plain.terms.get(language, []))
        written = {c.article.id: c.probability for c in rank(index, view.plain, self.calibrator).candidates}
        capped = [c if own & index.question_docs[index.position[c.article.id]]
                  else replace(c, probability=min(c.probability, written.get(c.article.id, 0.0)))
                  for c in ranking.candidates]
        return Ranking(language, tuple(sorted(capped, key=lambda c: -c.probability)))

    def distinct_nouns(self, view: QueryView, article_id: str, other_id: str) -> list[str]:
        """The nouns of the message as written (every term in English) that one article's text holds and another
        one's of the same language does not, and that few pages hold (TOPIC_NOUN_PAGES): "and renting one?" names
        the rental page's topic, not the battery's; "et pour un canapé ?" names a thing nine pages speak of."""
        apart = self._held_apart(article_id, other_id)
        if apart is None:
            return []
        index, holds, lacks = apart
        return [t for t in self._named_nouns(view, index.language)
                if t in holds and t not in lacks and index.term_articles[t] <= TOPIC_NOUN_PAGES]

    def distinct_terms(self, view: QueryView, article_id: str, other_id: str) -> list[str]:
        """The terms of the message as written that one article's text holds and another one's of the same language
        does not: "et pour réserver un utilitaire ?" shares "réserver" with the booking page, not the deposit's."""
        apart = self._held_apart(article_id, other_id)
        if apart is None:
            return []
        index, holds, lacks = apart
        return [t for t in (view.plain or view).terms.get(index.language, []) if t in holds and t not in lacks]

    def _held_apart(self, article_id: str, other_id: str
                    ) -> tuple[LanguageIndex, frozenset[str], frozenset[str]] | None:
        """The index of an article's language, the terms its text holds and those another one's of that language
        holds (None when either is not indexed there)."""
        index = self._index_of(article_id)
        if index is None or other_id not in index.position:
            return None
        return index, index.article_terms(index.position[article_id]), index.article_terms(index.position[other_id])

    def excerpt(self, article_id: str, view: QueryView, avoid: Sequence[str] = (), *,
                against: bool = False, named: bool = False, saying: bool = False) -> str | None:
        """The part of the article's answer that speaks most to the message (knowledge_base.excerpt), without its
        list marker, other than a part quoted in `avoid` (the last replies); "" when no part left speaks to it; None
        when the answer has a single part (the page is the excerpt). `against`: the message objects to the page just
        read, so its first part (what it objects to) is not quoted, and only a part holding a noun of the message
        speaks to it ("mais c'est un meuble sur mesure" and the line on made-to-measure furniture). `named`: only a
        part holding a noun of the message speaks to it, the first one included ("et pour un utilitaire ?" and "800 €
        pour une voiture, 1 200 € pour un utilitaire"). `saying`: only a part saying what the message asks for (an
        amount, a time: excerpt.asked_kind)."""
        article = self.articles.get(article_id)
        index = self.indexes.get(article.language) if article is not None else None
        if article is None or index is None:
            return None
        key = (article_id, article.answer)
        if key not in self._parts:
            parts = answer_parts(article.answer)
            if len(self._parts) >= EXCERPT_CACHE:
                self._parts.pop(next(iter(self._parts)))
            self._parts[key] = (parts, self.encoder.encode(parts), self.analyzer.terms_many(parts, index.language),
                                self.analyzer.nouns_many(parts, index.language))
        parts, vectors, terms, nouns_of = self._parts[key]
        if len(parts) < 2:
            return None
        written = view.plain or view
        n = len(index)
        held = {t for part in terms for t in part}
        said = _kin(_unshortened(written.terms.get(index.language, []), held), held, index.language)
        idf = {t: math.log(1.0 + n / index.term_articles[t]) for t in said if index.term_articles[t] > 0}
        quoted = [t for t in avoid if article.answer.strip() not in t]  # the whole page given is no quote of a part
        by_noun = against or named
        nouns = set(self._named_nouns(written, index.language)) if by_noun else set()
        asked = sorted(nouns) if by_noun else said
        kind = asked_kind(written.text)
        if kind is not None and not by_noun:
            # What is asked for (an amount, a time) is what the part must say (best_part's `kind`), not words it must
            # hold: "combien ça coûte ?" after the page on changing a flight found "par téléphone coûte 20 € de plus"
            # by "coûte", not the fares of the change.
            asking = self._asking_terms(index.language)
            asked = [t for t in asked if t not in asking] or asked
        if against:
            quoted.append(plain_part(parts[0]))
        k = best_part(parts, vectors, terms, written.vector, asked, idf, quoted, kind=kind, saying=saying,
                      free_first=asks_if_free(written.text), most_first=asks_the_most(written.text),
                      money_first=asks_a_price(written.text))
        if k is None or (by_noun and not nouns & set(nouns_of[k])):
            return ""
        return plain_part(parts[k])

    def holds_all_named(self, view: QueryView, article_id: str) -> bool:
        """Whether the message names something, and only words (every one a noun, days and spans aside) the article
        holds: "et pour un utilitaire ?" and the deposit page ("1 200 € pour un utilitaire"), not "et pour réserver
        un utilitaire ?" (a verb: a question of its own)."""
        index = self._index_of(article_id)
        if index is None:
            return False
        nouns = set(self._named_nouns(view, index.language))
        words = set((view.plain or view).terms.get(index.language, [])) - self._time_terms(index.language)
        return bool(nouns) and words <= nouns and nouns <= index.article_terms(index.position[article_id])

    def holds_all_said(self, view: QueryView, article_id: str) -> bool:
        """Whether every term of the message as written, days, spans and what it asks for aside (ASKING_WORDS), is
        one the article holds: "et ça coute combien en plus ?" and the young-driver page, not "combien ça coûte de
        résilier ?" (the page says nothing of cancelling)."""
        index = self._index_of(article_id)
        if index is None:
            return False
        words = set((view.plain or view).terms.get(index.language, [])) - self._time_terms(index.language)
        return words - self._asking_terms(index.language) <= index.article_terms(index.position[article_id])

    def asks_only(self, view: QueryView, language: str) -> bool:
        """Whether the message names nothing but what it asks for (ASKING_WORDS): "combien ça coûte ?", "c'est long
        ?", not "combien pour un utilitaire ?" nor "et le dimanche ?"."""
        words = set((view.plain or view).terms.get(language, []))
        return not words - self._asking_terms(language)

    def _index_of(self, article_id: str) -> LanguageIndex | None:
        """The index of the article's language, when the article is indexed there."""
        article = self.articles.get(article_id)
        index = self.indexes.get(article.language) if article is not None else None
        return index if index is not None and article_id in index.position else None

    def named_within(self, view: QueryView, article_ids: Sequence[str], language: str) -> bool:
        """Whether every noun the message names (days and spans aside) is held by one of these articles: "et la
        nouvelle, je la reçois sous combien de temps ?" and the lost-card page ("une nouvelle carte")."""
        index = self.indexes.get(language)
        if index is None:
            return False
        held: set[str] = set()
        for aid in article_ids:
            if aid in index.position:
                held |= index.article_terms(index.position[aid])
        return set(self._named_nouns(view, language)) <= held

    def names_something(self, view: QueryView, language: str) -> bool:
        """Whether the message as written holds a noun the KB of this language knows, days and spans aside: "je
        pourrai commencer au bout de combien de temps ?" names nothing, "et si on me le vole ?" names a theft."""
        return bool(self.known_nouns(view, language))

    def known_nouns(self, view: QueryView, language: str) -> list[str]:
        """The nouns of the message as written that some page of this language holds, days and spans aside."""
        index = self.indexes.get(language)
        if index is None:
            return []
        return [n for n in self._named_nouns(view, language) if index.term_articles[n] > 0]

    def off_subject(self, view: QueryView, ranking: Ranking) -> tuple[Candidate, ...]:
        """The pages holding what a message is about when its best page matches it by one word that names nothing
        ("la 5G est-elle disponible à Quimper ?" and the fibre page, by "disponible" alone) while other pages of the
        KB hold one of the message's nouns (the mobile plans, "5G"): that page answers another question. None when
        the best page shares a noun or two words with the message (of the messages of the eleven labelled sets, none
        meets this: bench/off_subject.py)."""
        best, index = ranking.best, self.indexes.get(ranking.language)
        if best is None or index is None or best.article.id not in index.position:
            return ()
        nouns = set(self._named_nouns(view, index.language))
        holds = index.article_terms(index.position[best.article.id])
        shared = {t for t in (view.plain or view).terms.get(index.language, []) if t in holds}
        if len(shared) > 1 or shared & nouns:
            return ()
        # A thing many pages speak of is no subject of its own ("je veux retourner mon canapé": nine pages hold
        # "canapé", the returns page only "meuble volumineux"; TOPIC_NOUN_PAGES).
        elsewhere = {n for n in nouns - holds if index.term_articles[n] <= TOPIC_NOUN_PAGES}
        pages = [c for c in ranking.candidates[1:] if c.article.id in index.position
                 and elsewhere & index.article_terms(index.position[c.article.id])]
        return tuple(pages[:2])

    def _named_nouns(self, view: QueryView, language: str) -> list[str]:
        """The nouns of the message as written, days and spans aside: what it is about, not when."""
        when = self._time_terms(language)
        return [t for t in (view.plain or view).nouns.get(language, []) if t not in when]

    def _time_terms(self, language: str) -> frozenset[str]:
        """Days, months and spans as terms: when a question is asked for ("avant samedi") is not what about."""
        if language not in self._when:
            self._when[language] = frozenset(self.analyzer.terms(TIME_WORDS.get(language, TIME_WORDS["en"]), language))
        return self._when[language]

    def _asking_terms(self, language: str) -> frozenset[str]:
        if language not in self._asking:
            words = ASKING_WORDS.get(language, ASKING_WORDS["en"])
            self._asking[language] = frozenset(self.analyzer.terms(words, language))
        return self._asking[language]

    def get(self, article_id: str) -> Article | None:
        return self.articles.get(article_id)

    def affinity(self, a: str, b: str) -> float:
        """How near two articles' topics are (cosine of their title + question centroids, across languages
        too); 0 when either is unknown."""
        ends = []
        for article_id in (a, b):
            article = self.articles.get(article_id)
            index = self.indexes.get(article.language) if article is not None else None
            if index is None or article_id not in index.position:
                return 0.0
            ends.append(index.centroids[index.position[article_id]])
        return float(ends[0] @ ends[1])
