"""French/English detection for short chat messages: word evidence first, character n-grams second."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from knowledge_base.analysis import fold, words

# Frequent function words that are unambiguous between French and English.
_MARKERS = {
    "fr": {"je", "tu", "il", "nous", "vous", "est", "les", "des", "une", "mon", "ma", "mes", "pour", "avec", "pas",
           "que", "qui", "quoi", "comment", "pourquoi", "quand", "bonjour", "merci", "oui", "non", "est-ce",
           "suis", "ai", "avez", "dans", "sur", "du", "au", "aux", "ce", "cette", "votre", "vos", "ne", "et",
           "ou", "mais", "bonsoir", "svp", "stp", "jai", "veux", "voudrais", "peux", "faire", "quel", "quelle", "le",
           "la", "un", "de"},
    "en": {"i", "you", "the", "is", "are", "my", "your", "what", "how", "why", "when", "where", "can", "could",
           "please", "thanks", "thank", "hello", "hi", "yes", "with", "for", "to", "of", "and", "do", "does",
           "did", "it", "this", "that", "have", "has", "want", "would", "will", "an", "me", "we", "im", "dont",
           "cant", "not", "sorry", "hey", "from", "there", "get", "be", "was", "about"},
}
_FRENCH_CHARS = set("éèêàçùûîôëïœ")
_LANGUAGE_NAMES = {"english": "en", "anglais": "en", "french": "fr", "francais": "fr"}
# "Could you explain in English?", "en français svp", "do you speak English?": the language asked for. ("My
# French isn't great" names a language without asking for it.)
_REQUEST = re.compile(r"\b(?:in|en|into|speak|parler|parlez|parle|continue|switch to|passer en|passe en)\s+"
                      r"(english|anglais|french|francais)\b")


def requested_language(text: str) -> str | None:
    """The language the visitor asks to be answered in, when the message asks for exactly one."""
    asked = {_LANGUAGE_NAMES[name] for name in _REQUEST.findall(fold(text))}
    return asked.pop() if len(asked) == 1 else None


class LanguageDetector:
    """Returns a language only when the evidence is clear; `None` means keep the conversation's."""

    def __init__(self, samples: Iterable[tuple[str, str]] = (), languages: Sequence[str] = ("fr", "en")) -> None:
        self.languages = tuple(languages)
        self._grams: dict[str, Counter[str]] = {lang: Counter() for lang in self.languages}
        for text, lang in samples:
            if lang in self._grams:
                self._grams[lang].update(self._ngrams(text))
        self._totals = {lang: sum(c.values()) + 1 for lang, c in self._grams.items()}
        self._vocab = len(set().union(*[set(c) for c in self._grams.values()])) + 1

    @staticmethod
    def _ngrams(text: str) -> list[str]:
        padded = f" {' '.join(words(text))} "
        return [padded[i : i + 3] for i in range(len(padded) - 2)]

    def scores(self, text: str) -> dict[str, float]:
        """Log-odds style evidence per language (markers weigh most, n-grams break ties)."""
        tokens = words(text)
        out = {lang: 0.0 for lang in self.languages}
        for lang in self.languages:
            out[lang] += 1.5 * sum(1 for t in tokens if t in _MARKERS.get(lang, set()))
        if "fr" in out and any(ch in _FRENCH_CHARS for ch in text.lower()):
            out["fr"] += 1.5
        if any(sum(c.values()) for c in self._grams.values()):
            grams = self._ngrams(text)
            for lang in self.languages:
                counts, total = self._grams[lang], self._totals[lang]
                out[lang] += 0.15 * sum(math.log((counts[g] + 1) / (total + self._vocab)) for g in grams)
        return out

    def detect(self, text: str, *, margin: float = 2.0) -> str | None:
        if len(fold(text).strip()) < 2:
            return None
        scores = self.scores(text)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if len(ranked) < 2:
            return ranked[0][0] if ranked else None
        (best, top), (_, second) = ranked[0], ranked[1]
        return best if top - second >= margin else None
