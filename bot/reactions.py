"""The visitor's short reactions to what the bot just said. Many set the visitor's case against an answer: "elle
est déjà partie" after the page on cancelling an order, "il est bien valide pourtant" after the one on promo codes,
"but it hasn't expired". They ask nothing new, so they find no page of their own, and the intents read them as "yes"
or chat ("D'accord, je vous écoute"): the page just given is what they are about (the part of it that speaks to
them, or a person). Others decline more help ("non merci", "non c'est bon", "no thanks, all good"): an ending, not
"so, what was it then?". Others give up ("laissez tomber", "never mind"): no cheerful goodbye, no "tell me more", a
person still one tap away.
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


# "Non merci", "nan c'est bon", "non ça ira", "no thanks", "nope, all good", "no that's fine", on folded words.
_NO_THANKS = re.compile(
    r"(?:non|nan|nope|no|nah)(?: (?:merci|c est bon|ca ira|ca va|c est tout|ca sera tout|thanks|thank you|all good"
    r"|that s fine|that s all|i m good|i m fine|i m ok|we re good))+(?: (?:merci|thanks|thank you|beaucoup|a vous|bye"
    r"|au revoir|bonne journee))*")


def is_no_thanks(text: str) -> bool:
    """Whether the message only declines more help."""
    return bool(_NO_THANKS.fullmatch(" ".join(folded_words(text))))


# "Laissez tomber", "tant pis", "bon ben oubliez", "whatever, forget it", "never mind then", on folded words.
_GIVING_UP = re.compile(
    r"(?:(?:bon|ok|bah|ben|eh bien|oh|well|fine) )*(?:(?:laisse(?:z)? tomber|tant pis|oublie(?:z)?(?: ca)?"
    r"|c est pas grave|pas grave|forget it|forget about it|never ?mind|whatever|it doesn t matter|doesn t matter"
    r"|drop it) )+(?:(?:alors|then|merci|thanks|bye|au revoir) )*")


def is_giving_up(text: str) -> bool:
    """Whether the message only gives up on the question."""
    return bool(_GIVING_UP.fullmatch("".join(f"{w} " for w in folded_words(text))))
