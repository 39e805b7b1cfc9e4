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
_OTHER = {"en": "fr", "fr": "en"}
_NAME = r"(?:l')?(english|anglais|french|francais)"
# Asking to be answered in a language: "could you explain in English?", "vous pouvez me répondre en anglais ?",
# "parlez-vous anglais ?", "in English please". Naming one is not asking ("my account page shows in English",
# "is the manual available in French?").
_ASKED = (
    re.compile(r"\b(?:answer|reply|respond|explain|write|continue|talk|speak|tell me|say (?:it|that)|switch|go on|"
               r"carry on)\b[^.?!]{0,40}?\b(?:in|to|into)\s+" + _NAME + r"\b"),
    re.compile(r"\b(?:repondre|repondez|repond|expliquer|expliquez|ecrire|ecrivez|continuer|continuons|passer|"
               r"passons|parler|parlez|parle|dire|dites|traduire|traduisez)\b[^.?!]{0,40}?\ben\s+" + _NAME + r"\b"),
    re.compile(r"\b(?:do you|can you|could you) speak\s+" + _NAME + r"\b"),
    re.compile(r"\b(?:parlez|parles)[- ](?:vous|tu)\s+" + _NAME + r"\b"),
    re.compile(r"\b(?:in|en)\s+" + _NAME + r",?\s+(?:please|pls|svp|stp|s'il vous plait|s'il te plait)\b"),
    # The language's name and little else: "sorry, english please", "français svp ?", "english?".
    re.compile(r"^\W*(?:(?:sorry|desolee?|pardon|excuse me|excusez[- ]moi|hi|hello|bonjour|euh|hmm)\W+)*"
               r"(?:(?:in|en)\s+)?" + _NAME + r"\W*(?:(?:please|pls|plz|svp|stp|s'il vous plait|s'il te plait|only"
               r"|seulement|merci|thanks)\W*)*$"),
)
_IN_A_LANGUAGE = re.compile(r"\b(?:in|en|into|to)\s+" + _NAME + r"\b")
# Saying one does not read a language asks for the other: "sorry, I don't speak French", "my French isn't great",
# "je ne parle pas bien anglais".
_NOT_READ = (
    re.compile(r"\b(?:don't|dont|do not|can't|cant|cannot|doesn't)\s+(?:really\s+)?(?:speak|read|understand)\s+"
               + _NAME + r"\b"),
    re.compile(r"\bmy\s+" + _NAME + r"\s+(?:is not|isn't|is bad|is poor|is limited|is rusty|is terrible)\b"),
    re.compile(r"\bne\s+(?:parle|comprends|lis)\s+pas\s+(?:bien\s+|tres bien\s+|tres bien\s+)?" + _NAME + r"\b"),
)


def requested_language(text: str) -> str | None:
    """The language the visitor asks to be answered in, when the message asks for exactly one."""
    folded = fold(text)
    asked = {_LANGUAGE_NAMES[m] for pattern in _ASKED for m in pattern.findall(folded)}
    asked |= {_OTHER[_LANGUAGE_NAMES[m]] for pattern in _NOT_READ for m in pattern.findall(folded)}
    offered = {_LANGUAGE_NAMES[m] for m in _IN_A_LANGUAGE.findall(folded)}  # "in English or in French": either
    return asked.pop() if len(asked) == 1 and offered <= asked else None


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
