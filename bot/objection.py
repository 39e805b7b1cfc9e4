"""Messages that set the visitor's case against the answer just given: "elle est déjà partie" after the page on
cancelling an order, "il est bien valide pourtant" after the one on promo codes, "but it hasn't expired". They ask
nothing new, so they find no page of their own, and the intents read them as "yes" or chat ("D'accord, je vous
écoute"): the page just given is what they are about (the part of it that speaks to them, or a person).
"""

from __future__ import annotations

import re

from bot.noise import folded_words

# "But", "already", "still", "not my case" and their French counterparts, on folded words one space apart.
_AGAINST = re.compile(
    r"\b(?:pourtant|sauf qu(?:e)?|mais|deja|toujours pas|quand meme|pas (?:mon|le) cas|ne s applique pas"
    r"|but|though|however|already|still|not (?:my|the) case|doesn t apply|does not apply)\b")
OBJECTION_WORDS = 12  # a longer message tells a story of its own, or asks a new question


def is_objection(text: str) -> bool:
    """Whether the message is short, asks nothing ("mais ça coûte combien ?" is a follow-up question) and sets
    something against what was just said."""
    words = folded_words(text)
    return "?" not in text and 0 < len(words) <= OBJECTION_WORDS and bool(_AGAINST.search(" ".join(words)))
