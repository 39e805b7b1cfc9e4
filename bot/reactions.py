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
    r"(?:non|nan|nope|no|nah)(?: (?:merci|c est bon|c bon|ca ira|ca va|c est tout|ca sera tout|thanks|thank you"
    r"|all good|that s fine|that s all|i m good|i m fine|i m ok|we re good))+"
    # "... j'ai trouvé (sur le site)", "... I found it": the visitor found the answer elsewhere.
    r"(?: (?:j ai trouve|j ai trouve ma reponse|j ai trouve sur le site|je me debrouille|i found it|found it"
    r"|i ve found it|i figured it out|i ll manage))?"
    r"(?: (?:merci|thanks|thank you|beaucoup|a vous|bye|au revoir|bonne journee))*")


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


# "Oui", "yes please", "ouais vas-y": a yes. "Ok", "d'accord", "alright": an acknowledgement, which says yes only to
# a question. Folded words, one space apart, at the start of the message.
_YES = (r"oui|ouais|ouai|ouep|yes|yeah|yep|yup|volontiers|je veux bien|avec plaisir|bien sur|absolument|carrement"
        r"|tout a fait|exactement|of course|sure|certainly|definitely|please do|go ahead|vas y|allez y")
# Not "compris" ("compris dans le forfait ?"), "ça marche" ("ça marche pas"), "bon" ("bon de commande").
_ACK = r"ok|okay|okey|oki|d accord|dac|entendu|tres bien|alright|all right|fine|got it|i see|noted"
_LEADING = re.compile(rf"(?:(?P<yes>{_YES})|(?P<ack>{_ACK}))(?= |$)")
# What may follow a yes without saying anything more ("oui merci", "ok je vois", "yes please, that would be great").
_POLITE = frozenset({"alors", "be", "beaucoup", "bien", "compris", "cool", "do", "donc", "good", "great", "il", "it",
    "je", "let", "merci", "nice", "note", "noted", "ok", "okay", "oui", "parfait", "perfect", "plait",
    "please", "s", "see", "so", "stp", "super", "svp", "te", "thank", "thanks", "that", "then", "top", "understood",
    "veux", "vois", "vous", "would", "yes", "you"})


def assent(text: str) -> tuple[str, str]:
    """How the message opens, "yes" ("oui", "yes please"), "ack" ("ok", "d'accord") or "", and what it says after
    that opening ("" when nothing but politeness: "oui merci", "ok super"). "Ok et si c'est rouge ?" opens with an
    acknowledgement and asks "et si c'est rouge ?"; "ouais" is a bare yes."""
    words = folded_words(text)
    joined = " ".join(words)
    kind, pos = "", 0
    while (match := _LEADING.match(joined, pos)) is not None:
        kind = kind if kind == "yes" else "yes" if match.group("yes") else "ack"
        pos = match.end() + 1
    if not kind:
        return "", text
    rest = words[len(joined[:pos].split()):]
    if all(w in _POLITE for w in rest):
        return kind, ""
    return kind, _after(text, len(words) - len(rest))


def _after(text: str, skipped: int) -> str:
    """The message as written after its first `skipped` words (and the punctuation that follows them)."""
    spans = list(re.finditer(r"[^\W\d_]+", text))
    if skipped >= len(spans):
        return ""
    return text[spans[skipped].start():].strip() if skipped else text.strip()


# "Et si c'est rouge", "si je le rends en retard", "what if I forget", "and for a van": a question about a case, with
# or without its question mark (the intents may read the negation in "et si je l'ai pas fait" as a "no").
_WHAT_IF = re.compile(r"\s*(?:(?:et|mais|ok|and|but)\s+)*(?:si|s'ils?|if|what if|what about|pour|for)\b",
                      re.IGNORECASE)


def is_what_if(text: str) -> bool:
    return _WHAT_IF.match(text.replace("’", "'")) is not None
