"""Several questions in one message ("Comment changer mon RIB ? Et où je trouve ma facture ?", "is the fibre
available here and how much is the mobile plan?"): its questions one by one, so that each can find its page. The
whole message finds the page of one of them; the other one's page was dropped without a word."""

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
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
# "... chez moi et combien coûte le forfait ?": "et" / "and" before a question word starts another question.
_INNER = re.compile(rf",?\s+(?:et|and)\s+(?:aussi\s+|also\s+)?(?=(?:{_ASKING})\b)", re.IGNORECASE)
MIN_WORDS = 3  # "et vous ?" asks nothing of the pages


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
