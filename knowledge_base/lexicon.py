"""Chat shorthand and a small bilingual customer-service glossary, for lexical matching.

Visitors type "mdp oublié" or "pb de connexion"; an English visitor may ask about an article that exists only
in French. These lists are generic support vocabulary (orders, accounts, billing, delivery, contracts), not
any one company's: a knowledge base's own words are learned from the knowledge base.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache

from knowledge_base.analysis import STOP_WORDS, fold, without_function_phrases
from knowledge_base.glossary import SUPPORT_EN_FR

SHORTHAND: dict[str, dict[str, str]] = {
    "fr": {
        "mdp": "mot de passe", "rdv": "rendez-vous", "tel": "téléphone", "tél": "téléphone", "pb": "problème",
        "pbm": "problème", "prob": "problème", "dispo": "disponible", "abo": "abonnement", "qd": "quand",
        "pq": "pourquoi", "pk": "pourquoi", "bcp": "beaucoup", "msg": "message", "num": "numéro",
        "n°": "numéro", "cb": "carte bancaire", "rib": "rib relevé d'identité bancaire", "rembourse": "remboursement",
        "svp": "", "stp": "", "slt": "salut", "bjr": "bonjour", "cc": "coucou", "jsp": "je ne sais pas",
        "auj": "aujourd'hui", "ajd": "aujourd'hui", "mtn": "maintenant", "dc": "donc", "ds": "dans",
        "tjrs": "toujours", "tjs": "toujours", "pr": "pour", "ac": "avec", "vs": "vous", "nv": "nouveau",
        "adr": "adresse", "cmd": "commande", "cde": "commande", "fact": "facture", "info": "information",
        "infos": "informations", "appli": "application", "app": "application", "ordi": "ordinateur",
    },
    "en": {
        "pwd": "password", "acct": "account", "pls": "please", "plz": "please", "thx": "thanks", "u": "you",
        "ur": "your", "r": "are", "msg": "message", "num": "number", "no.": "number", "asap": "as soon as possible",
        "info": "information", "addr": "address", "app": "application", "cc": "credit card", "pw": "password",
        "acc": "account", "b4": "before", "2day": "today", "tmrw": "tomorrow", "w/": "with", "w/o": "without",
    },
}

# English -> French support vocabulary (used both ways). Several French words for one English word are
# separated by "|".
GLOSSARY_EN_FR: dict[str, str] = {
    "cancel": "résilier|annuler", "cancellation": "résiliation|annulation", "terminate": "résilier",
    "subscription": "abonnement", "subscribe": "souscrire|abonner", "contract": "contrat",
    "commitment": "engagement", "order": "commande|commander", "ordered": "commandé", "delivery": "livraison",
    "deliver": "livrer", "delivered": "livré", "parcel": "colis", "package": "colis", "tracking": "suivi",
    "track": "suivre|suivi", "shipping": "expédition|livraison", "shipped": "expédié", "return": "retour|renvoyer",
    "refund": "remboursement|rembourser", "refunded": "remboursé", "exchange": "échange|échanger",
    "invoice": "facture", "bill": "facture", "billing": "facturation", "charge": "prélèvement|frais",
    "charged": "prélevé|facturé", "fee": "frais", "fees": "frais", "price": "prix|tarif", "cost": "coût|prix",
    "payment": "paiement", "pay": "payer", "card": "carte", "declined": "refusé|refusée",
    "refused": "refusé|refusée", "checkout": "commande|paiement", "direct": "prélèvement", "debit": "prélèvement",
    "bank": "banque|bancaire", "instalments": "plusieurs fois", "account": "compte", "password": "mot de passe",
    "login": "connexion|identifiant", "log": "connecter", "username": "identifiant", "email": "e-mail|mail",
    "address": "adresse", "move": "déménager|déménagement", "moving": "déménagement", "name": "nom",
    "phone": "téléphone", "number": "numéro", "complaint": "réclamation|plainte", "complain": "plaindre",
    "damaged": "endommagé|abîmé", "broken": "cassé|panne", "fault": "panne", "outage": "panne",
    "repair": "réparation|réparer", "warranty": "garantie", "guarantee": "garantie", "technician": "technicien",
    "appointment": "rendez-vous", "installation": "installation", "install": "installer", "store": "magasin|boutique",
    "shop": "boutique|magasin", "opening": "ouverture", "hours": "horaires", "stock": "stock", "gift": "cadeau",
    "voucher": "bon|code", "discount": "réduction|promotion", "promo": "promo|promotion", "loyalty": "fidélité",
    "points": "points", "data": "données", "personal": "personnelles", "delete": "supprimer",
    "unsubscribe": "désabonner|désinscrire", "newsletter": "newsletter", "fraud": "fraude",
    "stolen": "volé", "lost": "perdu", "blocked": "bloqué", "block": "bloquer", "locked": "bloqué",
    "code": "code", "find": "trouver", "late": "retard",
    "delay": "retard|délai", "missing": "manquant", "received": "reçu", "receive": "recevoir",
    "change": "changer|modifier",
    "update": "modifier|mettre à jour", "internet": "internet", "connection": "connexion", "slow": "lent",
    "abroad": "étranger", "travel": "voyage|voyager", "unpaid": "impayé", "debt": "impayé|dette",
}


GLOSSES_PER_WORD = 2  # English words a French one glosses to, at most (more would blur the gloss's vector)


def _glossary() -> dict[str, dict[str, list[str]]]:
    en_fr: dict[str, list[str]] = {}
    for table in (GLOSSARY_EN_FR, SUPPORT_EN_FR):
        for en, fr in table.items():
            en_fr[en] = list(dict.fromkeys(en_fr.get(en, []) + fr.split("|")))
    fr_en: dict[str, list[str]] = {}
    for en, frs in en_fr.items():
        for fr in frs:
            for key in dict.fromkeys((fr, fold(fr))):  # visitors often leave the accents out: "cloturer"
                glosses = fr_en.setdefault(key, [])
                if len(glosses) < GLOSSES_PER_WORD:
                    glosses.append(en)
    tables = {"en": en_fr, "fr": fr_en}
    for glossary in tables.values():
        # "pare-brise", "mot de passe": one token once joined (see _joined_phrases).
        glossary.update({_joined(k): glosses for k, glosses in list(glossary.items()) if _SEPARATOR.search(k)})
    return tables


_SEPARATOR = re.compile(r"[\s-]+")


def _joined(phrase: str) -> str:
    return _SEPARATOR.sub("_", phrase.lower())


def _phrase_pattern(table: dict[str, list[str]]) -> re.Pattern[str] | None:
    phrases = sorted({k for k in table if _SEPARATOR.search(k)}, key=len, reverse=True)
    if not phrases:
        return None
    alternatives = (r"[\s-]+".join(re.escape(w) for w in _SEPARATOR.split(p)) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


_GLOSSARY = _glossary()
_PHRASES = {language: _phrase_pattern(table) for language, table in _GLOSSARY.items()}
GLOSS_RULES = 2  # bump when the way words are looked up changes (2: plurals found through their singular)


@lru_cache(maxsize=1)
def glossary_digest() -> str:
    """What the glossary and its lookup are: twins found with another glossary are found again (Searcher)."""
    payload = json.dumps({"rules": GLOSS_RULES, "tables": _GLOSSARY}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
_TOKEN = re.compile(r"[\w°/.]+|[^\w\s]", re.UNICODE)


def _joined_phrases(text: str, source: str) -> str:
    """The glossary's words of several parts as one token each: "mon pare-brise" -> "mon pare_brise", "mot de passe
    oublié" -> "mot_de_passe oublié" (split at hyphens and spaces, they found nothing)."""
    pattern = _PHRASES.get(source)
    return pattern.sub(lambda m: _joined(m.group(0)), text) if pattern is not None else text


# Set phrases of support requests whose words say little on their own ("mettre fin à mon contrat": résilier).
IDIOMS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "fr": (
        (re.compile(r"\bmettre (?:fin|un terme) (?:à|a|au|aux)\b", re.IGNORECASE), "résilier"),
        (re.compile(r"\b(?:me |se )?d[ée]sabonner\b", re.IGNORECASE), "résilier"),
    ),
    "en": (
        (re.compile(r"\b(?:put an end to|end|terminate) (?=(?:my|the|our) (?:contract|subscription|plan)\b)",
                    re.IGNORECASE), "cancel "),
        # Kept as written, with the plain word the glossary knows ("passed" alone is no death).
        (re.compile(r"\b(pass(?:ed|es)? away)\b", re.IGNORECASE), r"\1 (died)"),
        (re.compile(r"\b(money back)\b", re.IGNORECASE), r"\1 (refund)"),
        # "The car broke down on the motorway": the breakdown page (Snowball keeps "broke" and "breakdown" apart).
        (re.compile(r"\b(br(?:oke|eaks?|eaking|oken) down)\b", re.IGNORECASE), r"\1 (breakdown)"),
    ),
}


def expand_shorthand(text: str, language: str) -> str:
    """`mdp oublié` -> `mot de passe oublié`, `mettre fin à` -> `résilier`; other words untouched."""
    for pattern, replacement in IDIOMS.get(language, ()):
        text = pattern.sub(replacement, text)
    table = SHORTHAND.get(language, {})
    out = []
    for token in text.split():
        core = token.strip(",;:!?()\"'")
        repl = table.get(core.lower())
        out.append(token.replace(core, repl) if repl is not None and core else token)
    return " ".join(w for w in out if w)


# Codes and acronyms read the same in every language: "PUK", "RIB", "5G", "eSIM" (not in a shouted message).
_CODE = re.compile(r"^(?:[A-Z]{2,6}|[a-z][A-Z]{2,5}|\d+[A-Za-z]{1,3}|[A-Za-z]{1,3}\d+)$")
_NOT_CODES = frozenset({"OK", "OKAY", "LOL", "ASAP", "FYI", "PS", "SVP", "STP", "PLZ"})


def _codes(tokens: list[str]) -> set[str]:
    caps = [t for t in tokens if t.isalpha() and len(t) > 1 and t.isupper()]
    shouted = len(caps) > 2 and len(caps) * 2 > sum(1 for t in tokens if t.isalpha())
    return {t for t in tokens if _CODE.match(t) and t.upper() not in _NOT_CODES and not (shouted and t.isalpha())}


def _gloss(table: dict[str, list[str]], word: str) -> list[str]:
    lower = word.lower()
    found = table.get(lower) or table.get(fold(lower))
    if found is None and len(lower) > 3:
        # A plural the table lists in the singular only ("invoices", "batteries", "comptes"): the singular's gloss.
        for singular in _singulars(fold(lower)):
            found = table.get(singular)
            if found is not None:
                break
    return found or []


def _singulars(word: str) -> list[str]:
    """What a plural may be the plural of: "batteries" -> "battery", "boxes" -> "box", "comptes" -> "compte"."""
    if word.endswith("ies"):
        return [word[:-3] + "y"]
    if word.endswith("es"):
        return [word[:-1], word[:-2]]
    return [word[:-1]] if word.endswith(("s", "x")) else []


def gloss_coverage(text: str, source: str) -> float:
    """Share of the content words of `text` that the glossary translates, codes included (1.0 when it has none)."""
    table = _GLOSSARY.get(source, {})
    stop = STOP_WORDS.get(source, frozenset())
    tokens = _TOKEN.findall(_joined_phrases(without_function_phrases(text, source), source))
    codes = _codes(tokens)
    content = [w for w in tokens if w.isalnum() and not w.isdigit() and (len(w) > 2 or w in codes)
               and fold(w.lower()) not in stop]
    if not content:
        return 1.0
    return sum(1 for w in content if _gloss(table, w) or w in codes) / len(content)


def translate_words(text: str, source: str, target: str) -> str:
    """A word-by-word gloss of the support vocabulary of `text` (words outside the glossary are dropped)."""
    if source == target or source not in _GLOSSARY:
        return ""
    table = _GLOSSARY[source]
    # "in order to pay" is no "commande"
    tokens = _TOKEN.findall(_joined_phrases(without_function_phrases(text, source), source))
    codes = _codes(tokens)
    glossed = [t for w in tokens for t in ([w] if w in codes else _gloss(table, w))]
    return " ".join(glossed)
