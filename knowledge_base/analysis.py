"""Text analysis shared by retrieval and NLU: folding, tokens, lemmas/stems and stop words per language."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import Stemmer
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP
from spacy.lang.fr.stop_words import STOP_WORDS as FR_STOP

from knowledge_base.word_vectors import WordVector, WordVectors, load_word_vectors

__all__ = ["STOP_WORDS", "Analyzer", "WordVector", "fold", "shared_analyzer", "words"]
_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "œ": "oe", "æ": "ae"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " "})
# Words that carry the meaning of a support question although spaCy lists them as stop words.
_KEEP = {"fr": {"pas", "rien", "aucun", "plus", "moins", "sans", "combien", "quand", "ou"},
         "en": {"not", "no", "nothing", "without", "when", "where", "how"}}
# English words kept as terms (_KEEP) or common verbs that name no thing a question could be about.
_EN_NOT_NOUNS = ("when", "where", "how", "not", "no", "nothing", "without", "find", "found", "get", "got", "getting",
                 "make", "need", "want", "know", "see", "go", "going", "use", "take", "give", "say", "tell", "look",
                 "try", "tried", "put", "keep", "let", "come", "happen", "happened", "mean", "able", "possible")
_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower-case, accent-free, ASCII apostrophes: the form every lexical comparison uses."""
    text = text.lower().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


RECENT_PARSES = 64
_SHOUTED = re.compile(r"\b[^\W\d_]*[A-ZÀ-Þ]{2,}[^\W\d_]*\b")  # "COMMANDE LIVRÉE": tagged as verbs unless lowered
FRENCH_MODEL = "fr_core_news_sm"  # lemmas and parts of speech; word vectors come from knowledge_base.word_vectors
MAX_SOURCES = 200_000
_PRODUCT_CODE = re.compile(r"\b\d+[a-zA-Z]+\d*\b")
# "est-ce", "peut-on", "a-t-il": French inversions, not compounds like "wi-fi" or "e-mail".
_CLITICS = frozenset({"ce", "on", "il", "ils", "elle", "elles", "je", "tu", "nous", "vous", "t", "y", "en", "le",
                      "la", "les", "moi", "toi", "lui", "leur"})
_COMPOUND = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def words(text: str) -> list[str]:
    """Folded word tokens, French elisions (l', d', qu'...) removed; "wi-fi", "e-mail" also give "wifi"..."""
    folded = _ELISION.sub(" ", fold(text))
    joined = [m.replace("-", "") for m in _COMPOUND.findall(folded)
              if min(map(len, m.split("-"))) <= 2 and not _CLITICS.intersection(m.split("-"))]
    return _WORD.findall(folded) + joined


# Greetings, politeness and "a question:" carry no topic (a "bonjour" must not pull an article up).
_CHAT = {"fr": {"bonjour", "bonsoir", "salut", "coucou", "merci", "svp", "stp", "madame", "monsieur", "hier",
                "aujourd", "hui", "demain", "matin", "soir", "urgent", "question", "questions"},
         "en": {"hello", "hi", "hey", "thanks", "thank", "please", "pls", "today", "yesterday", "tomorrow",
                "morning", "evening", "urgent", "question", "questions"}}


def _stop_set(language: str) -> frozenset[str]:
    base = FR_STOP if language == "fr" else EN_STOP
    folded = {fold(w) for w in base} | _CHAT.get(language, set())
    return frozenset(folded - _KEEP.get(language, set()))


STOP_WORDS: dict[str, frozenset[str]] = {"fr": _stop_set("fr"), "en": _stop_set("en")}

# Set phrases that work as function words, whose noun says nothing of the topic: "prélevé 38 € au lieu de 12,99"
# is no question about a place ("état des lieux"), "je suis en train de payer" none about trains, "in order to"
# none about an order. They are left out of the lexical terms (the sentence encoder still reads them). Each phrase
# ends on a word boundary ("du coup" is not the start of "du coupon"), and the ones whose noun is also a plain
# noun in the same words are matched only where they cannot be: "en train de" before a verb ("en train de nuit"
# is a train), "au cours de" before a determiner ("au cours d'anglais" is a course), "of course" at the start of a
# clause ("a refund of course fees" is a course), "in terms of" not before "service" or "use".
_A = r"(?:à|a)"
_OF = r"(?:de\b|d'|du\b|des\b)"
_VERB_AHEAD = r"(?=(?:(?:me|te|se|le|la|les|lui|leur|nous|vous|y|en)\s+|[mtsl]')*\w+(?:er|ir|re|oir)\b)"
_FUNCTION_PHRASES = {
    "fr": (rf"au\s+lieu\s+{_OF}", rf"en\s+train\s+(?:de\s+|d'){_VERB_AHEAD}", rf"{_A}\s+partir\s+{_OF}",
           rf"au\s+bout\s+{_OF}", rf"en\s+cas(?:\s+{_OF})?\b", rf"au\s+niveau\s+{_OF}",
           r"par\s+rapport\s+(?:à|a|aux?)\b", rf"{_A}\s+cause\s+{_OF}", r"gr[âa]ce\s+(?:à|a|aux?)\b",
           r"au\s+cours\s+(?:de\s+(?:la|cette|ces|mon|ma|mes|son|sa|ses|notre|votre|nos|vos|leurs?)\b|de\s+l'|des\b|du\b"
           r"|d'une?\b)", r"du\s+coup\b", r"(?:en|au)\s+fait\b", r"tout\s+de\s+suite\b", r"de\s+temps\s+en\s+temps\b",
           r"en\s+effet\b", r"(?:en\s+ce|pour\s+le|pour\s+l'|sur\s+le)\s*(?:moment|instant)\b", r"par\s+exemple\b",
           r"n'importe\b", r"(?:en\s+tout|dans\s+tous\s+les|dans\s+ce|dans\s+le)\s+cas\b",
           rf"{_A}\s+c[ôo]t[ée]\s+{_OF}", rf"en\s+face\s+{_OF}", r"(?:d'un|tout\s+[àa]|apr[èe]s)\s+coup\b",
           r"(?:a|ont|aura|auront|avait|avoir|aurait)\s+(?:eu\s+)?lieu\b", rf"{_A}\s+peu\s+pr[èe]s\b"),
    "en": (r"instead\s+of", r"in\s+order\s+(?:to|for)", r"because\s+of", r"in\s+case(?:\s+of)?",
           r"(?:^|(?<=[,.;:!?])\s*|\b(?:and|but|yes|yeah|well|so|oh|ok|okay)\s+)of\s+course", r"in\s+fact",
           r"in\s+terms\s+of(?!\s+(?:service|use|sale))", r"(?:kind|sort)\s+of", r"by\s+the\s+way",
           r"right\s+(?:now|away)", r"at\s+least", r"at\s+all", r"so\s+far", r"as\s+well", r"a\s+lot(?:\s+of)?",
           r"lots\s+of", r"in\s+the\s+meantime", r"for\s+the\s+time\s+being", r"at\s+the\s+moment", r"on\s+behalf\s+of",
           r"due\s+to", r"make\s+sure", r"take\s+place", r"no\s+matter"),
}
FUNCTION_PHRASES: dict[str, re.Pattern[str]] = {
    # Each French phrase ends on a word boundary or an elision ("d'"): the next word may follow at once.
    lang: re.compile(r"(?<!\w)(?:" + "|".join(phrases) + (r")" if lang == "fr" else r")\b"),
                     re.IGNORECASE | re.MULTILINE)
    for lang, phrases in _FUNCTION_PHRASES.items()
}


# American spellings as British ones (or the reverse, as long as both sides of a comparison get the same), folded:
# a knowledge base writes "licence", "fibre", "authorisation", its visitors "license", "fiber", "authorization", and
# Snowball stems them apart ("authorization" even becomes "author").
_BRITISH = {
    "license": "licence", "licenses": "licences", "licensed": "licenced", "fiber": "fibre", "fibers": "fibres",
    "center": "centre", "centers": "centres", "theater": "theatre", "liter": "litre", "liters": "litres",
    "kilometer": "kilometre", "kilometers": "kilometres", "color": "colour", "colors": "colours",
    "favorite": "favourite", "favorites": "favourites", "favor": "favour", "behavior": "behaviour",
    "neighbor": "neighbour", "neighbors": "neighbours", "labor": "labour", "honor": "honour", "flavor": "flavour",
    "catalog": "catalogue", "gray": "grey", "jewelry": "jewellery", "aluminum": "aluminium", "defense": "defence",
    "offense": "offence", "tire": "tyre", "tires": "tyres", "installment": "instalment", "installments": "instalments",
    "enrollment": "enrolment", "fulfill": "fulfil", "canceled": "cancelled", "canceling": "cancelling",
    "traveler": "traveller", "travelers": "travellers", "traveled": "travelled", "traveling": "travelling",
    "pajamas": "pyjamas", "mold": "mould", "plow": "plough", "cozy": "cosy",
}
_IZE = re.compile(r"^(\w{3,})(?:i|y)z(e|es|ed|ing|ation|ations|er|ers)$")


def british(word: str) -> str:
    """A folded English word in British spelling: "authorization" -> "authorisation", "fiber" -> "fibre"."""
    found = _BRITISH.get(word)
    if found is not None:
        return found
    match = _IZE.match(word)
    if match is None:
        return word
    stem = word[: match.start(2) - 2]
    return f"{stem}{word[match.start(2) - 2]}s{match.group(2)}"


# Words of one family that Snowball stems apart, as the stem of the family's verb (folded stems): "et si je perds le
# ticket ?" asks about the line "en cas de perte", "when will it be delivered?" about "delivery". Only families whose
# stems name nothing else in a help centre ("vente" would be "vent", the wind; "attente" is stemmed as "attention"
# is; "dépôt de garantie" is no "déposer plainte"). Read by the excerpts (which part of a page), not by retrieval:
# as one term there, they moved first-turn results on the labelled sets by noise only (README, session 30).
FAMILIES: dict[str, dict[str, str]] = {
    "fr": {
        "livraison": "livr", "pert": "perdr", "perd": "perdr", "perdu": "perdr", "recept": "recevoir",
        "inscript": "inscrir", "retourn": "retour", "modif": "modifi", "suppress": "supprim", "connexion": "connect",
        "blocag": "bloqu", "retr": "retir", "locat": "lou", "loue": "lou", "choix": "chois", "acce": "acced",
        "ouvertur": "ouvr", "fermetur": "ferm", "repons": "repondr", "transfert": "transfer", "naissanc": "naitr",
        "conduit": "conduir", "achat": "achet", "souscript": "souscrir", "suspens": "suspendr", "reduct": "reduir",
        "smartphon": "telephon", "mang": "consomm",
    },
    "en": {
        "deliveri": "deliv", "lost": "lose", "loss": "lose", "paid": "pay", "payment": "pay", "shipment": "ship",
        "subscript": "subscrib", "departur": "depart", "choic": "choos", "rental": "rent", "closur": "close",
        "verif": "verifi", "registr": "regist", "suspens": "suspend", "smartphon": "phone", "cellphon": "phone",
        "eat": "consum",
    },
}


def family(term: str, language: str) -> str:
    """The term of the family a term belongs to (FAMILIES), or the term itself."""
    return FAMILIES.get(language, {}).get(term, term)


def without_function_phrases(text: str, language: str) -> str:
    """The text with its function phrases ("au lieu de", "in order to") blanked out: see FUNCTION_PHRASES."""
    pattern = FUNCTION_PHRASES.get(language)
    return pattern.sub(" ", text.translate(_QUOTES)) if pattern is not None else text


class Analyzer:
    """Turns text into content terms: lemma (French, spaCy) then Snowball stem, folded, no stop words.

    English uses the Snowball stemmer alone (no English spaCy model on the package index).
    """

    def __init__(self, *, use_spacy: bool = True, vectors_cache: Path | None = None) -> None:
        self._stemmers = {"fr": Stemmer.Stemmer("french"), "en": Stemmer.Stemmer("english")}
        self._not_nouns = frozenset(self._stemmers["en"].stemWords(list(_EN_NOT_NOUNS)))
        self._use_spacy = use_spacy
        self._nlp: Any = None
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, Any] = OrderedDict()
        self._parse_lock = threading.Lock()
        # French term -> the lemma it came from, so that a term's word vector can be found (see `vector`).
        self._sources: dict[str, str] = {}
        self._unit: dict[str, WordVector | None] = {}
        self._vectors_cache = vectors_cache
        self._vectors: WordVectors | None = None

    def _french_pipeline(self) -> Any:
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    import spacy

                    self._nlp = spacy.load(FRENCH_MODEL, exclude=["parser", "ner", "senter"])
        return self._nlp

    def _word_vectors(self) -> WordVectors:
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    self._vectors = load_word_vectors(self._vectors_cache)
        return self._vectors

    def _docs(self, texts: Sequence[str]) -> list[Any]:
        """French parses; the last few are kept, as a turn asks for a message's terms and nouns in turn."""
        nlp = self._french_pipeline()
        with self._lock:
            cached = [self._recent.get(t) for t in texts]
        missing = [t for t, d in zip(texts, cached, strict=True) if d is None]
        parsed: dict[str, Any] = {}
        if missing:
            with self._parse_lock:  # spaCy does not promise thread safety; a parse takes ~1 ms
                calm = [_SHOUTED.sub(lambda m: m.group(0).lower(), t) for t in missing]
                parsed = dict(zip(missing, nlp.pipe(calm, batch_size=64), strict=True))
        with self._lock:
            for text, doc in parsed.items():
                if len(text) < 2000:
                    self._recent[text] = doc
            while len(self._recent) > RECENT_PARSES:
                self._recent.popitem(last=False)
        return [d if d is not None else parsed[t] for t, d in zip(texts, cached, strict=True)]

    def terms(self, text: str, language: str) -> list[str]:
        return self.terms_many([text], language)[0]

    def nouns_many(self, texts: Sequence[str], language: str) -> list[list[str]]:
        """The terms of nouns and proper nouns: what a question is about (French; English: every term).

        An unknown noun ("salle de sport" in a telecom KB) says much more about being off-topic than an
        unknown verb or adverb ("je travaille toute la journée").
        """
        if language == "en":
            # No English tagger: every term but the words that never name a thing ("where do I find it?" names
            # nothing; taken for nouns, "where" and "find" held it to another page than the one just read).
            return [[t for t in terms if t not in self._not_nouns] for terms in self.terms_many(texts, language)]
        if language != "fr" or not self._use_spacy:
            return self.terms_many(texts, language)
        texts = [without_function_phrases(t, language) for t in texts]
        out = []
        for text, doc in zip(texts, self._docs(texts), strict=True):
            picked = _PRODUCT_CODE.findall(text)  # "5G", "4K": spaCy splits them into "5" + "G"
            for i, tok in enumerate(doc):
                # Capitalised words inside a sentence are names (towns, brands) whatever the tagger says.
                named = i > 0 and tok.text[:1].isupper() and tok.is_alpha
                if tok.pos_ in ("NOUN", "PROPN") or named:
                    lemma = tok.lemma_ if tok.is_alpha and len(tok.text) > 2 else ""
                    picked.append(f"{lemma} {tok.text}")
            out.append(self._finish(" ".join(picked), language))
        return out

    def terms_many(self, texts: Sequence[str], language: str) -> list[list[str]]:
        texts = [without_function_phrases(t, language) for t in texts]
        if language == "fr" and self._use_spacy:
            # Lemmas of plain words only: spaCy turns "5G" into "gramme" and "est-elle" into pieces.
            docs = self._docs(texts)
            lemmatised = [" ".join(tok.lemma_ for tok in doc if tok.is_alpha and len(tok.text) > 2) for doc in docs]
            self._remember_sources(docs)
            # spaCy keeps both: the lemma fixes verbs, the surface form guards against lemmatiser slips.
            return [self._finish(lem + " " + raw, language) for lem, raw in zip(lemmatised, texts, strict=True)]
        return [self._finish(t, language) for t in texts]

    def _remember_sources(self, docs: Sequence[Any]) -> None:
        if len(self._sources) > MAX_SOURCES:
            return
        stemmer = self._stemmers["fr"]
        for doc in docs:
            for tok in doc:
                if tok.is_alpha and len(tok.text) > 2:
                    # The surface form is the source of its own stem: a mis-tagged word ("déménagement"
                    # alone, lemmatised as a verb "déménagemer") still finds its vector.
                    for word in (tok.lemma_, tok.text):
                        self._sources.setdefault(stemmer.stemWord(fold(word)), word.lower())

    def sources(self, terms: Iterable[str]) -> dict[str, str]:
        """The lemma behind each of these French terms that has one (saved with an index snapshot)."""
        return {t: self._sources[t] for t in terms if t in self._sources}

    def learn_sources(self, sources: dict[str, str]) -> None:
        for term, lemma in sources.items():
            self._sources.setdefault(str(term), str(lemma))

    def vector(self, term: str, language: str) -> WordVector | None:
        """The unit word vector of a French term (via the lemma it came from), or None."""
        if language != "fr" or not self._use_spacy:
            return None
        if term in self._unit:
            return self._unit[term]
        source = self._sources.get(term)
        found = None
        if source is not None:
            found = self._word_vectors().unit(source)
        self._unit[term] = found
        return found

    def _finish(self, text: str, language: str) -> list[str]:
        stop = STOP_WORDS.get(language, STOP_WORDS["en"])
        stemmer = self._stemmers.get(language, self._stemmers["en"])
        kept = [w for w in words(text) if w not in stop and (len(w) > 1 or w.isdigit())]
        if language == "en":
            kept = [british(w) for w in kept]
        return list(dict.fromkeys(stemmer.stemWords(kept))) if kept else []


@lru_cache(maxsize=4)
def shared_analyzer(vectors_cache: Path | None = None) -> Analyzer:
    return Analyzer(vectors_cache=vectors_cache)
