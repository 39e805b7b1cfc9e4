"""The part of an article's answer that speaks to a follow-up question.

A follow-up ("et c'est gratuit ?") that finds the page just given is answered with that page's most relevant part,
not the whole page again word for word: the visitor has the page just above, and a bot repeating itself is the
first sign of the loop visitors hate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from knowledge_base.analysis import fold
from knowledge_base.embedding import Vectors

_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"“*])")
LONG_LINE = 200  # characters: a paragraph this long is cut into its sentences
SHORT = 25  # characters: a part this short ("Deux cas :") is read with the one after it
WRAPPED = 60  # characters: a line this long without final punctuation was wrapped inside a sentence
_SENTENCE_ENDS = re.compile(r"[.!?…][)\]»\"”*]*$")  # "... à 6 chiffres**." ends a sentence; "code ;" does not
LEXICAL_WEIGHT = 1.0  # the share of the message's (IDF-weighted) words a part holds, beside its cosine
KIND_WEIGHT = 0.5  # a part that can say what the message asks for (an amount, a time: asked_kind)
FREE_WEIGHT = 0.5  # and, asked whether it is free, a part saying so of what the message is about
# A part sharing no word with the message must come this near it in meaning to be quoted. French texts sit at 0.3-0.6
# of each other whatever they say (the encoder is English: "et pour résilier ?" and a line on made-to-measure items,
# 0.5), English ones at 0.05-0.3 when unrelated: in French, a shared word is what counts.
RELEVANT_COSINE = 0.65


# What a follow-up asks for, and the parts that can say it (folded text): "c'est à partir de combien ?" an amount ("Pour
# un panier de 100 € à 3 000 €", a line sharing no word with it), "ça prend combien de temps ?" a time. A time is
# looked for first ("combien de jours" asks no price); "quand même" (all the same) asks no time.
_ASKS_TIME = re.compile(r"\b(?:combien de (?:temps|jours|semaines|mois|heures|minutes)|quand(?! meme\b)|"
                        r"(?:quel|quels) delais?|delais?|duree|how long|"
                        r"how many (?:days|weeks|months|hours|minutes)|when|how soon)\b")
# "What is the max?" after the card-limits page asks for its amount ("up to €5,000").
_ASKS_AMOUNT = re.compile(r"\b(?:combien|prix|tarifs?|couts?|coute|coutent|montants?|frais|plafonds?|max|maximum|"
                          r"minimum|how much|prices?|costs?|fees?|charged?|limits?)\b")
# "Et c'est payant ?", "is it free?": whether there is a price at all, which a line saying "gratuit" answers too; asked
# as "free", first.
_ASKS_FREE = re.compile(r"\b(?:payante?s?|gratuite?s?|a payer|free|paid|pay for it)\b")
_ASKS_IF_FREE = re.compile(r"\b(?:gratuite?s?|free)\b")
# "What is the max?": the most allowed, which a part says with "up to" ("up to €5,000"), not the default amount.
_ASKS_MOST = re.compile(r"\b(?:max|maximum|maximal|plafonds?|au maximum|jusqu'a combien|how high|upper limit)\b")
_SAYS_MOST = re.compile(r"\b(?:jusqu'a|up to|maximum|max|au plus|plafonnee?s?|at most|no more than|pas plus de|"
                        r"dans la limite d)")
# "5 working days" says a time as much as "5 days".
_TIME = re.compile(r"\d+\)?\s?(?:(?:working|business|calendar|full|clear|banking) )?"
                   r"(?:h|heures?|jours?|semaines?|mois|ans?|minutes?|min|hours?|days?|weeks?|months?|years?)\b|"
                   r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|"
                   r"saturday|sunday|immediatement|immediately)\b")
_CURRENCY = r"€|eur\b|euros?\b|\$|£"
_AMOUNT = re.compile(rf"\d[\d .,\u00a0\u202f]*\s?(?:{_CURRENCY}|%)|[€$£]\s?\d")
# A price asked for in so many words ("combien ça coûte ?"): a sum of money, not a share ("l'option 100 % Verte").
_ASKS_PRICE = re.compile(r"\b(?:prix|tarifs?|couts?|coute|coutent|frais|payer|paie|paye|how much|prices?|costs?|fees?|"
                         r"charged?|pay)\b")
_MONEY = re.compile(rf"\d[\d .,\u00a0\u202f]*\s?(?:{_CURRENCY})|[€$£]\s?\d")
# A weight or a size asked for ("and the weight?" after the baggage page: "10 kg maximum"), and the parts giving one.
_ASKS_MEASURE = re.compile(r"\b(?:poids|lourde?s?|taille|dimensions?|mesures?|longueur|largeur|hauteur|weight|weigh|"
                           r"heavy|size|how big|how large|length|width|height)\b")
_MEASURE = re.compile(r"\d+(?:[.,]\d+)?\s?(?:kg|kilos?|grammes?|g|lbs?|pounds?|cm|mm|m|metres?|meters?|inch(?:es)?|"
                      r"litres?|liters?)\b|\d+\s?[x×]\s?\d+")
# "Et c'est payant ?" after the store pick-up page: its line "ce mode de livraison est gratuit" says it, with no figure.
_FREE = (r"gratuite?s?|gratuitement|sans (?:frais|surcout)|offerte?s?|free of charge|at no (?:extra )?cost"
         r"|no (?:extra )?charge|is free|are free|for free")
_SAYS_FREE = re.compile(rf"\b(?:{_FREE})\b")
_PRICE = re.compile(rf"{_AMOUNT.pattern}|\b(?:{_FREE}|payante?s?)\b")
# A page naming no amount may still say what the price depends on ("son prix dépend de la distance : le simulateur
# est sur ..."): what a price question gets from it, rather than another page's price.
_NAMES_PRICE = re.compile(r"\b(?:prix|tarifs?|tarification|couts?|price[sd]?|pricing|costs?)\b")
# "What number do I call?", "je dois appeler qui ?" right after a page saying whom to call: its line with the number.
_ASKS_CALL = re.compile(r"\b(?:(?:what|which) (?:phone )?number|what(?:'s| is) the (?:phone )?number(?! (?:of|on)\b)"
                        r"|(?:quel est|c'est quoi) le numero(?! (?:de|d'|du)\b)|who (?:do|should|can|shall) (?:i|we)"
                        r" (?:call|ring|phone|contact)|number to (?:call|ring)|quel (?:numero|telephone)"
                        r"|numero a (?:appeler|composer)|(?:appeler|contacter|joindre|appelle) qui"
                        r"|qui (?:dois je|faut il|je dois|on doit) (?:appeler|contacter|joindre))\b")
_CALLS = re.compile(r"\b(?:call|ring|phone|dial|appel\w*|telephon\w*|compose[zr]?|joignable|numero|number)\b"
                    r"|\b(?:15|17|18|112|114|3114)\b|\d{2}(?:[ .]?\d{2}){4}")
# A day named relative to now: "et si c'était demain ?" asks about the rule that gives a time ("jusqu'à 48 h avant").
_NAMES_DAY = re.compile(r"\b(?:demain|apres-demain|aujourd'hui|ce soir|cette nuit|la veille|le jour meme|tomorrow|"
                        r"today|tonight|the day before|on the day|same day)\b")


def asked_kind(message: str) -> re.Pattern[str] | None:
    """What the message asks for, as the pattern of the parts that can say it: whom to call (a number), a time, a
    weight or a size, an amount, whether there is a price at all (an amount, or "gratuit"), or None. A message that
    names one asks about the rule that gives one ("et si ça fait plus de 48h ?": the part "sous 48 h")."""
    folded = fold(message)
    if _ASKS_CALL.search(folded.replace("-", " ")):
        return _CALLS
    if _ASKS_TIME.search(folded):
        return _TIME
    if _ASKS_MEASURE.search(folded):
        return _MEASURE
    if _ASKS_AMOUNT.search(folded):
        return _AMOUNT
    if _ASKS_FREE.search(folded):
        return _PRICE
    if _TIME.search(folded) or _NAMES_DAY.search(folded):
        return _TIME
    if _AMOUNT.search(folded):
        return _AMOUNT
    return _MEASURE if _MEASURE.search(folded) else None  # "c'est à 300 mètres": the part "à moins de 500 m"


def answer_parts(answer: str) -> list[str]:
    """The answer's lines (list items and paragraphs), or their sentences when it is one paragraph or they are long
    (LONG_LINE); a part that introduces the next one ("Deux cas :", "Rien reçu ?") or is too short to stand alone goes
    with it. Lines wrapped in the middle of a sentence are one line again (see _unwrapped)."""
    lines = _unwrapped([line.strip() for line in answer.strip().splitlines() if line.strip()])
    # A paragraph of several sentences is cut into them when long: quoted whole for "où je la retrouve ?", the boarding
    # pass's four sentences left nothing to quote for "je pars de Casablanca, sur le téléphone ça passe ?".
    lines = [s.strip() for line in lines for s in (
        _SENTENCE_END.split(line) if len(lines) == 1 or len(line) > LONG_LINE else [line]) if s.strip()]
    parts: list[str] = []
    carry = ""
    for k, line in enumerate(lines):
        text = f"{carry} {line}".strip() if carry else line
        # "Deux cas :" introduces what follows, and so does a question the page asks itself ("Rien reçu au bout de
        # 10 minutes ?" quoted alone answered nothing).
        if (line.rstrip("*").endswith((":", "?")) or len(text) < SHORT) and k < len(lines) - 1:
            carry = text
            continue
        carry = ""
        parts.append(text)
    return parts


OPENING = 160  # characters: the opening of a page quoted for "what do I do?" runs to about this length


def opening_steps(answer: str) -> str:
    """The answer's opening parts, to about OPENING characters: what a page says to do first (quoted for "que faire
    ?" right after it)."""
    taken: list[str] = []
    for part in answer_parts(answer):
        if taken and sum(len(t) for t in taken) >= OPENING:
            break
        taken.append(plain_part(part))
    return " ".join(taken)


def _unwrapped(lines: Sequence[str]) -> list[str]:
    """Lines with the ones that go on a sentence put back after it: a knowledge base written in a text editor wraps
    its paragraphs ("Présentez-le au" / "commerçant avec une pièce d'identité..."), and half a sentence quoted alone
    says nothing. A line goes on the one before when it is no list item and the one before ends no sentence, but on a
    word in lower case ("in our" / "[eligibility checker](...)"), a comma or a semicolon, or is long (WRAPPED), or the
    line starts in lower case; entries such as "Colissimo : 4,90 €" stay lines of their own."""
    out: list[str] = []
    for line in lines:
        last = out[-1] if out else ""
        if last and not _LIST_MARK.match(line) and not _SENTENCE_ENDS.search(last) and (
                last[-1].islower() or line[0].islower() or len(last) >= WRAPPED or last.endswith((",", ";"))):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def quoted_part(answer: str, texts: Sequence[str]) -> str:
    """The part of the answer (as quoted: plain_part) that one of these replies quoted, not with the whole answer; ""
    when none did."""
    quotes = [t for t in texts if answer.strip() not in t]
    parts = [plain_part(p) for p in answer_parts(answer)] if quotes else []
    return next((p for p in parts if len(parts) > 1 and any(p in t for t in quotes)), "")


def next_part(answer: str, part: str) -> str:
    """The part of the answer that comes after `part` (as quoted: plain_part), or "" when none does."""
    plain = [plain_part(p) for p in answer_parts(answer)]
    return plain[plain.index(part) + 1] if part in plain[:-1] else ""


def plain_part(part: str) -> str:
    """A part without its list marker ("2. Imprimez..." quoted alone would number nothing)."""
    return _LIST_MARK.sub("", part, count=1)


def best_part(
    parts: Sequence[str],
    vectors: Vectors,
    part_terms: Sequence[Sequence[str]],
    query_vector: Vectors,
    query_terms: Sequence[str],
    idf: Mapping[str, float],
    avoid: Sequence[str] = (),
    kind: re.Pattern[str] | None = None,
    saying: bool = False,
    free_first: bool = False,
    most_first: bool = False,
    money_first: bool = False,
) -> int | None:
    """Index of the part nearest the message (its cosine, plus the IDF-weighted share of the message's words the
    part holds), skipping parts in `avoid` (quoted just before); None when every part is avoided, or when the nearest
    left neither holds a word of the message nor comes near it in meaning (RELEVANT_COSINE): a part quoted then would
    answer nothing ("et pour résilier ?" after the returns page). With `kind` (asked_kind), a part that can say what
    the message asks for counts more, and as near enough; a price asked for and no amount in the page, a part saying
    it is free ("gratuit"). `saying`: only such a part. `free_first`: the message asks whether it is free
    (asks_if_free), so a part saying so comes before one with an amount. `most_first`: the message asks for the most
    allowed (asks_the_most), so an amount said with "up to" comes before the others. `money_first`: the message asks
    a price (asks_a_price), so an amount of money is what says it, when a part gives one."""
    if not parts:
        return None
    cosines = np.asarray(vectors @ query_vector, dtype=np.float64).reshape(-1)
    wanted = {t: idf.get(t, 0.0) for t in query_terms}
    total = sum(wanted.values())
    held = [set(terms) for terms in part_terms]
    shares = [sum(w for t, w in wanted.items() if t in h) / total if total > 0 else 0.0 for h in held]
    says = [kind is not None and kind.search(fold(part)) is not None for part in parts]
    if kind is _AMOUNT and money_first and any(_MONEY.search(fold(part)) for part in parts):
        says = [_MONEY.search(fold(part)) is not None for part in parts]
    # "Et en 3 fois c'est gratuit ?": "Le paiement en 3 fois est sans frais", before "Pour un panier de 100 €..."; but
    # "l'examen, c'est gratuit ?" still "2 tentatives comprises, 49 € la suivante", not the quizzes "refaits
    # gratuitement" (they hold less of the message).
    free = [kind is _PRICE and free_first and _SAYS_FREE.search(fold(part)) is not None for part in parts]
    if any(free):
        # A part saying so about what the message is about: it holds as much of the message as any part saying a price.
        held_most = max(share for share, said in zip(shares, says, strict=True) if said)
        free = [f and shares[i] >= held_most - 1e-9 for i, f in enumerate(free)]
    # "What is the max?" after the card-limits page: "up to €5,000", not the default "€2,500" (both amounts).
    upmost = [kind is _AMOUNT and most_first and said and _SAYS_MOST.search(fold(part)) is not None
              for part, said in zip(parts, says, strict=True)]
    if kind is _AMOUNT and not any(says):
        # "Ça coûte quelque chose ?" after the account-closure page, which names no amount: "La clôture est gratuite."
        says = [_PRICE.search(fold(part)) is not None for part in parts]
    if kind is _AMOUNT and not any(says):
        says = [_NAMES_PRICE.search(fold(part)) is not None for part in parts]
    for k in sorted(range(len(parts)), key=lambda i: -(float(cosines[i]) + LEXICAL_WEIGHT * shares[i]
                                                       + KIND_WEIGHT * says[i] + FREE_WEIGHT * (free[i] or upmost[i]))):
        if (says[k] or not saying) and not any(plain_part(parts[k]) in text for text in avoid):
            return k if shares[k] > 0 or says[k] or cosines[k] >= RELEVANT_COSINE else None
    return None


def asks_a_price(message: str) -> bool:
    """Whether the message asks a price in so many words ("combien ça coûte ?", "how much is it?")."""
    return _ASKS_PRICE.search(fold(message)) is not None


def asks_the_most(message: str) -> bool:
    """Whether the message asks for the most allowed ("what is the max?", "c'est plafonné à combien ?")."""
    return _ASKS_MOST.search(fold(message)) is not None


def asks_if_free(message: str) -> bool:
    """Whether the message asks if something is free ("c'est gratuit ?"), not if it costs ("c'est payant ?", which
    "2 tentatives comprises, 49 € la suivante" answers as well as "gratuit")."""
    return _ASKS_IF_FREE.search(fold(message)) is not None


def says_what_is_asked(message: str, part: str) -> bool:
    """Whether the part says what the message asks for (asked_kind): an amount or, for a price, that it is free; a
    time."""
    kind = asked_kind(message)
    if kind is None:
        return False
    folded = fold(part)
    return kind.search(folded) is not None or (kind is _AMOUNT and _PRICE.search(folded) is not None)


def names_the_price(message: str, part: str) -> bool:
    """Whether the message asks for an amount and the part names the price, though with no amount ("son prix dépend
    de la distance")."""
    return asked_kind(message) is _AMOUNT and _NAMES_PRICE.search(fold(part)) is not None


def asks_whom_to_call(message: str) -> bool:
    """Whether the message asks which number to call or whom ("what number do I call?", "je dois appeler qui ?")."""
    return asked_kind(message) is _CALLS
