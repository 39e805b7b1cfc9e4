"""How a message divides: its sentences, its clauses, its several questions, and what a correction says instead.

Several questions in one message ("Comment modifier mon IBAN ? Et où je télécharge ma facture ?", "is the fibre
available here and how much is the mobile plan?") are read one by one, so that each can find its page: the whole
message finds the page of one of them, and the other one's page was dropped without a word."""

from __future__ import annotations

import re

from bot.noise import folded_words

# A question's opening words, as written (accents kept: "où" asks, "ou" does not).
_ASKING = (r"comment|combien|où|quand|quel(?:le)?s?|lequel|laquelle|pourquoi|qui|que|qu['’]|est[- ]ce"
           r"|puis[- ]je|peut[- ]on|pouvez[- ]vous|faut[- ]il|dois[- ]je|y a[- ]t[- ]il|c['’]est quoi|je peux|on peut"
           r"|how|what|where|when|why|which|who|can|could|do|does|did|is|are|will|should|may"
           # Questions asked indirectly: "je voudrais savoir si...", "I'd like to know whether...".
           r"|(?:je )?(?:voudrais|veux|voulais|aimerais) savoir|savez[- ]vous|i(?:['’]d| would) like to know"
           r"|i (?:want|wanted) to know|tell me")
# Words that join a question to the one before: "et", "aussi", "and also", "autre question :".
_JOINED = re.compile(r"^(?:(?:et|aussi|sinon|puis|enfin|autre question|and|also|plus|another thing|one more thing"
                     r"|bonjour|bonsoir|salut|hello|hi|hey)"
                     r"\b[\s,:;-]*)+", re.IGNORECASE)
_OPENS = re.compile(rf"(?:{_ASKING})\b", re.IGNORECASE)
# "... chez moi et combien coûte le forfait ?": "et" / "and" before a question word starts another question.
_INNER = re.compile(rf",?\s+(?:et|and)\s+(?:aussi\s+|also\s+)?(?=(?:{_ASKING})\b)", re.IGNORECASE)
# "Dernière question : ...", "deux questions : comment ... et où ... ?": a colon ends a sentence too.
_SENTENCE_END = re.compile(r"(?<=[.?!:])\s+")
MIN_WORDS = 3  # "et vous ?" asks nothing of the pages

# A question asked without its question mark ("c'est combien", "comment on fait", "how long does it take"): a question
# word opens or ends it (written as such: "ou" without its accent asks nothing).
_WORDS_ASK = (r"comment|combien|où|quand|quel(?:le)?s?|pourquoi|est[- ]ce que|c['’]est quoi"
              r"|how|what|where|when|why|which")
# English also asks by opening on its verb: "can I still pay online meanwhile", "is it free".
_INVERTED = (r"(?:can|could|will|would|should|do|does|did|is|are|am|was|were|have|has|may|shall)(?:n['’]?t)?"
             r"\s+(?:i|you|we|it|they|he|she|my|your|the|this|that|these|there)")
# ... after a preposition too: "à quel prix", "pour combien", "by when".
_BEFORE_ASKING = r"(?:(?:à|a|de|pour|en|depuis|par|jusqu['’]à|in|for|at|from|to|by|until)\s+)?"
_ASKS_UNMARKED = re.compile(rf"^\s*(?:{_BEFORE_ASKING}(?:{_WORDS_ASK})|{_INVERTED})\b|\b(?:{_WORDS_ASK})\s*[.…]*\s*$",
                            re.IGNORECASE)


def asks_without_mark(text: str) -> bool:
    """Whether the message asks a question by its words alone, with no question mark."""
    return "?" not in text and _ASKS_UNMARKED.search(text) is not None


def questions(text: str) -> list[str]:
    """The message's questions, in order, when it asks several (none when it asks one): its sentences and the
    parts "et" / "and" join before a question word, each a question (a question mark or a question's opening
    words), without the words joining it to the one before."""
    parts = [part for sentence in _SENTENCE_END.split(text.strip()) for part in _INNER.split(sentence)]
    asked = []
    for part in parts:
        part = _JOINED.sub("", part.strip())
        if len(folded_words(part)) >= MIN_WORDS and (part.rstrip().endswith("?") or _OPENS.match(part)):
            asked.append(part)
    return asked if len(asked) > 1 else []


# How a correction opens: "non en fait je voulais dire décaler", "no, I meant the other one".
# ... and what it says then ("annuler mon abonnement"): see correction().
_CORRECTED = re.compile(
    r"\s*(?:(?:non|nan|no|nope|pardon|sorry|d[ée]sol[ée]e?|oups|oops)[\s,.!]+)*(?:en fait[\s,]+|actually[\s,]+)?"
    r"(?:je voulais dire|je veux dire|je parlais d(?:e|u|es)|je parle d(?:e|u|es)|i meant|i mean|i was asking about"
    r"|i was talking about"
    # "Non je parle pas de carte cadeau, une carte de fidélité avec des points": what comes after the thing refused.
    r"|je (?:ne )?(?:parle|parlais|demande|demandais) pas d(?:e|u|es|')\s*[^,;.:!?]+[,;:]\s*(?:mais\s+)?"
    r"(?:de |d'|du |des )?"
    r"|i(?:'m| am| was) not (?:talking|asking) about [^,;.:!?]+[,;:]\s*(?:but\s+)?(?:about\s+)?)\b[\s,:]*",
    re.IGNORECASE)
_CLAUSE_END = re.compile(r"(?<=[.?!:;,])\s+")


def clause_parts(text: str) -> list[str]:
    """The message's parts between punctuation, in their order."""
    return [p.strip(" ,;:") for p in _CLAUSE_END.split(text.strip()) if p.strip(" ,;:")]


def clauses(text: str, limit: int = 6) -> list[str]:
    """The clauses of a message of several (none for one): its parts between punctuation, the longest first."""
    parts = clause_parts(text)
    return sorted(parts, key=len, reverse=True)[:limit] if len(parts) > 1 else []


_REFUSING = re.compile(r"\b(?:non|nan|no|nope|pas|not)\b", re.IGNORECASE)


def refuses(text: str) -> bool:
    """Whether a correction's opening says no ("non, je voulais dire...", "je parle pas de..."), rather than only
    saying more ("je parle du remboursement de ma location")."""
    match = _CORRECTED.match(text)
    return match is not None and _REFUSING.search(match.group(0)) is not None


def correction(text: str) -> str:
    """What a correction says instead ("non, je voulais dire le remboursement": "le remboursement"), "" for any
    other message."""
    match = _CORRECTED.match(text)
    rest = text[match.end():].strip() if match else ""
    return rest if folded_words(rest) else ""


def sentences(text: str, limit: int = 3) -> list[str]:
    """The sentences of a multi-sentence message (none for a single sentence), the longest first."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip()) if len(p.split()) >= 3]
    return sorted(parts, key=len, reverse=True)[:limit] if len(parts) > 1 else []
