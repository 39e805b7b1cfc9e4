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

from bot.noise import folded_line, folded_words
from bot.parts import asks_without_mark
from knowledge_base.analysis import fold

# "But", "already", "still", "not my case" and their French counterparts, on folded words one space apart.
_AGAINST = re.compile(
    r"\b(?:pourtant|sauf qu(?:e)?|mais|deja|toujours pas|quand meme|pas (?:mon|le) cas|ne s applique pas"
    r"|but|though|however|already|still|not (?:my|the) case|doesn t apply|does not apply)\b")
OBJECTION_WORDS = 12  # a longer message tells a story of its own, or asks a new question

# Words of anger or insults (folded, one space apart): "escrocs", "j'en ai marre", "c'est abusé", "useless".
ANGER_WORDS = re.compile(
    r"\b(?:escrocs?|arnaqu\w*|voleurs?|filous?|nuls?|nulle?s?|marre|ras le bol|ridicules?|honte|honteu\w*|scandal\w*"
    r"|inadmissible|inacceptable|n importe quoi|incompetent\w*|lamentable|pitoyable|minable|merde|putain|bordel"
    r"|foutage|debile|idiots?|stupides?|c est abuse|abuse grave|useless|ridiculous|joke|crooks?|scam\w*|thie(?:f|ves)"
    r"|fed up|sick of|c est du vol(?! d)|c est du racket|du vol pur|daylight robbery|rip ?off"
    r"|pathetic|disgrace\w*|unacceptable|outrageous|worst|rubbish|garbage|shit\w*|fuck\w*|damn"
    r"|bloody|stupid|hopeless|awful|terrible|pointless|waste of time|perte de temps)\b")
# Signs of anger in the message as written: "!", "??", a shouted word.
ANGER_SIGNS = re.compile(r"!|\?\?|\b[A-ZÀ-Ý]{4,}\b")


def shows_anger(text: str) -> bool:
    """Whether the message shows a sign or a word of anger."""
    return ANGER_SIGNS.search(text) is not None or ANGER_WORDS.search(folded_line(text)) is not None


# "J'ai déjà changé le mot de passe", "I already tapped unblock", "j'ai fait tout ça": the visitor did what the page
# says.
_DONE = re.compile(
    r"\b(?:j|je) (?:ai|l ai|les ai) (?:deja |bien |tout )?(?:fait|essaye|reessaye|suivi|tente|verifie|redemarre|change"
    r"|reinitialise|debloque|clique|regarde|demande|appele|envoye|renvoye|rempli|signale|declare|contacte|relance"
    r"|saisi)\b|\bdeja (?:fait|essaye|tente|suivi|verifie|change|signale)\b"
    r"|\bi(?: ve| have)? already\b|\bi ve (?:done|tried|followed|checked)\b"
    r"|\bi (?:did|tried|followed|checked|restarted|changed|reset) (?:it|that|this|all|everything|the|my|what)\b")
# "Ça marche pas", "it doesn't work" right after a page: what it says was tried, in vain (folded words).
_FAILED = re.compile(r"(?:(?:mais )?(?:ca|cela)(?: ne)? (?:marche|fonctionne) (?:toujours )?pas"
                     r"|(?:but )?(?:it|that|this) (?:doesn t|does not|didn t|did not) work"
                     r"|(?:it s|it is) (?:still )?not working)\b")


def did_already(text: str) -> bool:
    """Whether the message says the visitor already did what was just suggested."""
    line = folded_line(text)
    return _DONE.search(line) is not None or _FAILED.match(line) is not None


# Words of a wait or a repetition ("toujours personne ?", "still nothing?", "c'est la 3e fois ?"): a question asked
# with them may be an annoyed one.
_PERSISTS = re.compile(r"\b(?:toujours|encore|still|again|personne|nobody|jamais|never|deja|already|fois|times|depuis"
                       r"|since)\b")


# "Depuis" / "since" ending a clause is "since then", no wait: "je me suis marié depuis, c'est mon nom de jeune fille".
_SINCE_THEN = re.compile(r"\b(?:depuis|since)\s*(?=[,.;:!?]|$)", re.IGNORECASE)


def sounds_calm(text: str) -> bool:
    """Whether the message shows no sign of annoyance: no "!", no "??", no word of anger, wait or repetition."""
    line = folded_line(_SINCE_THEN.sub(" ", text))
    return "!" not in text and "??" not in text and ANGER_WORDS.search(line) is None and (
        _PERSISTS.search(line) is None)


# The words a goodbye or thanks is said in (folded, one space apart). The intents read other short statements as
# them: "ok I'm outside now" after the gas-leak page got "See you soon!", "it's been a week" after the refund-delay
# page "Goodbye, and all the best!", "et si je la trouve trop chère" "Ravi d'avoir pu aider".
_FAREWELL = re.compile(
    r"\b(?:au ?revoir|a plus|a bientot|bonne (?:journee|soiree|nuit|continuation|fin|aprem|apres midi)|bon week ?end"
    r"|ciao|tchao|bye|bisous|prochaine|a demain|a tout a l heure|a tt|salut|adieu|je vous laisse|je te laisse"
    r"|je m en vais|je dois y aller|j y vais|je me deconnecte|je quitte|c est tout|ce sera tout|rien d autre"
    r"|on s arrete|fin de la conversation|je ferme|goodbye|see (?:you|ya)|until next time|cya|later|laters|ttyl"
    r"|take care|have a (?:nice|good|great)|enjoy your|good ?night|night|gn|farewell|so long|peace out|cheerio|adios"
    r"|i ?m off|leaving|have to go|gotta go|g2g|gtg|i m done|that s (?:all|everything)|that will be all|end chat"
    r"|close the chat|nothing else|g g)\b")
_THANK_WORDS = r"merci\w*|mci|mrc|cimer|remerci\w*|thank\w*|thanks?|thx|thnx|ty|tysm|tyvm|cheers"
_THANKS = re.compile(
    rf"\b(?:{_THANK_WORDS}|super|top|genial|parfait|nickel|gentil|trop bien|excellent|regle|clair|aide|ta"
    r"|appreciat\w*|great|perfect|awesome|cool|nice|helps?|helpful|lifesaver|brilliant|solved)\b")

# Thanks and nothing else: a word of thanks, no question, no "but" and no "not" ("merci mais ça ne marche pas"), a few
# words at most. "Merci du conseil" found the furniture-dimensions page by "conseil" (0.73); "d'accord merci" (a "yes"
# 0.41, thanks 0.40) a choice of the accident, breakdown and one-way pages.
_THANKING = re.compile(rf"\b(?:{_THANK_WORDS})\b")
_QUALIFIED = re.compile(r"\b(?:non|nan|mais|sauf|pourtant|toujours|pas|plus|rien|jamais|but|except|still|not|no"
                        r"|nope|nah|never|nothing|n t|don t|doesn t|didn t|isn t|won t|can t)\b")
THANKS_WORDS = 6


def only_thanks(text: str) -> bool:
    """Whether the message thanks and says nothing else: no question, no "but", no "not", THANKS_WORDS at most."""
    line = folded_line(text)
    return (_THANKING.search(line) is not None and _QUALIFIED.search(line) is None and "?" not in text
            and len(line.split()) <= THANKS_WORDS)


# The words a "yes" is said in, besides those `assent` reads ("oui", "ok", "d'accord"): "ça fait 6h" (a power cut's
# length) read as a yes to the person offered and started the transfer.
_AFFIRM = re.compile(
    r"\b(?:ca marche|c est (?:bien )?ca|exact\w*|correct|confirme\w*|parfait|nickel|pourquoi pas|go|on y va|carrement"
    r"|bien entendu|evidemment|affirmati\w*|c est bon|right|indeed|agreed?|works|fine|perfect|uh huh|mhm|y|k|kk|yess+"
    r"|yea|yah|ya|ofc|do it|sounds (?:good|great)|yes\w*|d acc|oke|okk|absolutely|confirm)\b")


def says_goodbye(text: str) -> bool:
    """Whether the message holds a word of farewell."""
    return _FAREWELL.search(folded_line(text)) is not None or "a+" in text.lower()  # "a+": "à plus"


def says_thanks(text: str) -> bool:
    """Whether the message holds a word of thanks or praise (or a thankful emoji, which folding drops)."""
    return _THANKS.search(folded_line(text)) is not None or any(e in text for e in "🙏😊")


# A statement of who or where the visitor is, or whom it is for ("j'habite à Rennes", "je suis plombier", "c'est pour ma
# fille", "I'm a nurse"), on folded words: a question's details. The intents read such short statements as anger (0.72
# for "j'habite à rennes" right after the Sunday-delivery page, answered "I'm sorry I haven't provided a solution").
_CONTEXT = re.compile(
    r"(?:j habite|je vis|on habite|on vit|nous habitons|nous vivons|je travaille|je bosse|je suis|on est|nous sommes"
    r"|c est pour|c etait pour|j ai|i live|we live|i work|i m|i am|we re|we are|it s for|it was for|this is for"
    r"|i have|i ve)\b")
# ... unless it tells a feeling, a wait, a failure or a repetition: "je suis furieux", "j'ai attendu 3 heures", "ça fait
# 6h", "j'ai toujours rien", "I'm fed up", "I've tried everything" ("I'm 30 weeks" is a pregnancy's term).
_NOT_CONTEXT = re.compile(
    r"\b(?:furieu\w*|enerve\w*|a bout|decu\w*|degoute\w*|colere|agace\w*|exaspere\w*|choque\w*|outre\w*|saoule\w*"
    r"|panique\w*|desespere\w*|fatigue\w*|mecontent\w*|perdu\w*|bloque\w*|coince\w*|attend\w*|essaye\w*|tente\w*"
    r"|angry|furious|upset|annoyed|frustrated|disappointed|mad|pissed|tired|sick|done|livid|lost|stuck|confused"
    r"|waited|waiting|tried|sorry|depuis|since|ca fait|been|fois|times?"
    r"|pas|plus|rien|jamais|personne|aucune?|toujours|encore|deja|ne|n|not|no|never|nothing|nobody|still|again"
    r"|already|t)\b")
CONTEXT_WORDS = 12


def tells_context(text: str) -> bool:
    """Whether the message only says who or where the visitor is, or whom it is for, calmly and in a few words."""
    return states_calmly(text) and _CONTEXT.match(folded_line(text)) is not None


def states_calmly(text: str) -> bool:
    """Whether the message is a short statement with no feeling, wait, failure, repetition or anger in it ("le 5 ça
    m'arrange", "I'm 30 weeks"): right after a page, a detail of the visitor's case."""
    line = folded_line(_SINCE_THEN.sub(" ", text))
    return ("?" not in text and sounds_calm(text) and 0 < len(line.split()) <= CONTEXT_WORDS
            and _NOT_CONTEXT.search(line) is None and _CLOSING.match(line) is None)


# "Bon je prendrai de la marge", "ok j'appelle alors": a remark closing the topic, not a detail for the pages.
_CLOSING = re.compile(r"(?:bon|ok|okay|d accord|ah|oh|alors|bref|tant pis|fine|alright|well|right)\b")


def is_objection(text: str) -> bool:
    """Whether the message is short, asks nothing ("mais ça coûte combien ?", "can I still pay online" are follow-up
    questions) and sets something against what was just said."""
    words = folded_words(text)
    return "?" not in text and not asks_without_mark(text) and 0 < len(words) <= OBJECTION_WORDS and (
        bool(_AGAINST.search(" ".join(words))) or _FAILED.match(" ".join(words)) is not None)


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
    return bool(_NO_THANKS.fullmatch(folded_line(text)))


# "Laissez tomber", "tant pis", "bon ben oubliez", "whatever, forget it", "never mind then", on folded words.
_GIVING_UP = re.compile(
    r"(?:(?:bon|ok|bah|ben|eh bien|oh|ah|well|fine) )*(?:(?:laisse(?:z)? tomber|tant pis|oublie(?:z)?(?: ca)?"
    r"|c est pas grave|pas grave|forget it|forget about it|never ?mind|whatever|it doesn t matter|doesn t matter"
    # "Dommage" to the offer of a person is no "yes" (it started the transfer).
    r"|drop it|(?:c est )?dommage|(?:that s (?:a )?|what a |such a )?(?:shame|pity)|too bad) )+(?:(?:alors|then|merci"
    r"|thanks|bye|au revoir) )*")


def is_giving_up(text: str) -> bool:
    """Whether the message only gives up on the question."""
    return bool(_GIVING_UP.fullmatch("".join(f"{w} " for w in folded_words(text))))


# "Oui", "yes please", "ouais vas-y": a yes. "Ok", "d'accord", "alright": an acknowledgement, which says yes only to
# a question. Folded words, one space apart, at the start of the message.
_YES = (r"oui|ouais|ouai|ouep|yes|yeah|yep|yup|volontiers|je veux bien|avec plaisir|bien sur|absolument|carrement"
        r"|tout a fait|exactement|of course|sure|certainly|definitely|please do|go ahead|vas y|allez y")
# Not "compris" ("compris dans le forfait ?"), "ça marche" ("ça marche pas"), "bon" ("bon de commande").
_ACK = r"ok|okay|okey|oki|d accord|dac|entendu|tres bien|alright|all right|fine|got it|i see|noted"
_LAUGHTER = re.compile(r"(?:(?:l+o+l+|m+d+r+|p+t+d+r+|x+d+|(?:h+a+){2,}h*|(?:h+i+){2,}h*) )+(?=\w)")
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
    if (laughed := _LAUGHTER.match(joined)) is not None:
        pos = laughed.end()  # "lol ok", "mdr d'accord": the laughter says nothing (bot.noise)
    while (match := _LEADING.match(joined, pos)) is not None:
        kind = kind if kind == "yes" else "yes" if match.group("yes") else "ack"
        pos = match.end() + 1
    if not kind:
        return "", text
    rest = words[len(joined[:pos].split()):]
    if all(w in _POLITE for w in rest):
        return kind, ""
    return kind, _after(text, len(words) - len(rest))


_WORD = re.compile(r"[^\W\d_]+")  # a word as folded_words counts them, in the message as written


def _after(text: str, skipped: int) -> str:
    """The message as written after its first `skipped` words (and the punctuation that follows them)."""
    spans = list(_WORD.finditer(text))
    if skipped >= len(spans):
        return ""
    return text[spans[skipped].start():].strip() if skipped else text.strip()


def _before(text: str, kept: int) -> str:
    """The message as written up to the end of its first `kept` words (at least one)."""
    spans = list(_WORD.finditer(text))
    return text[:spans[min(kept, len(spans)) - 1].end()].strip()


# "Et si c'est rouge", "si je le rends en retard", "what if I forget", "and for a van": a question about a case, with
# or without its question mark (the intents may read the negation in "et si je l'ai pas fait" as a "no").
_WHAT_IF = re.compile(r"\s*(?:(?:et|mais|ok|and|but)\s+)*(?:si|s'ils?|if|what if|what about|pour|for)\b",
                      re.IGNORECASE)


def is_what_if(text: str) -> bool:
    return _WHAT_IF.match(text.replace("’", "'")) is not None


# "Ce n'est pas ce que j'ai demandé", "ça ne répond pas à ma question", "that's not what I asked": the last reply
# missed (said after a fallback, it is no "no thanks" to the person offered beside it). Folded words.
_NOT_THAT = re.compile(
    r"\b(?:(?:c est|c|ce n est|ca n est|ca) pas (?:ce que (?:j ai demande|je demande|je cherche|je veux|je voulais)"
    r"|ma question|ca que je (?:demande|cherche|veux))|(?:ca|cela|vous) ne repon(?:d|dez) pas"
    r"|(?:ca|vous) repon(?:d|dez) pas|rien a voir|a cote de la plaque|hors sujet|mauvaise reponse"
    r"|not what i (?:asked|meant|want|wanted|need|needed|was asking)|(?:that|it) (?:doesn t|does not|didn t|did not)"
    r" answer|you didn t answer|that s not it|not my question|wrong answer|irrelevant)\b")


# "C'est pas normal", "that's not right", said of the visitor's case: a complaint, not a "no" to the page just given
# ("D'accord, ce n'était pas ça" after the late-delivery page), nor a question ("c'est normal ?" asks calmly whether
# it is). Folded words.
_ABNORMAL = re.compile(
    r"\b(?:(?:c est|c|ce n est|ca n est|c etait|ce n etait|ca|cela n est|il est|elle est) pas normale?"
    r"|pas normal du tout|anormale?|(?:that|this|it) (?:s|is|was) not (?:normal|right|ok|okay|acceptable)"
    r"|(?:that|this|it) (?:isn t|wasn t) (?:normal|right|ok|okay|acceptable))\b")


def calls_it_abnormal(text: str) -> bool:
    """Whether the message complains that the visitor's case is not as it should be, asking nothing."""
    return "?" not in text and _ABNORMAL.search(folded_line(text)) is not None


# "Et pour un matelas ?", "and for a mattress?", "et pour mon fils de 8 ans ?": the question just answered, asked
# again for another thing, with no verb of its own (a first word like an infinitive, "et pour réserver un utilitaire ?",
# asks something of its own). Folded words.
_SAME_FOR = re.compile(
    r"^(?:(?:et|and|mais|but) )?(?:pour|for|avec|with|sur|on|what about|how about)"
    r"(?: (?:un|une|le|la|les|l|des|du|mon|ma|mes|son|sa|ses|a|an|the|my|our|his|her|their))?"
    r" (?![a-z]+(?:er|ir|ing)\b)[a-z0-9]+(?: [a-z0-9]+){0,3}$")


def asks_the_same_for(text: str) -> bool:
    """Whether the message asks the question just answered again, for another thing (a noun or two, no verb)."""
    return _SAME_FOR.match(folded_line(text).strip()) is not None


def is_not_that(text: str) -> bool:
    """Whether the message says the last reply missed the question."""
    return bool(_NOT_THAT.search(folded_line(text)))


# "Je veux pas de conseiller, dites-moi juste comment résilier", "pas besoin d'un humain", "I don't want to talk to a
# human, just tell me how to get a refund": the intents read a person in them (0.9), and a transfer is what the
# visitor just refused. Folded words, one space apart.
_STAFF = (r"(?:conseill(?:er|ere)s?|humains?|agents?|operat(?:eur|rice)s?|interlocut(?:eur|rice)s?|(?:vraie? )?personne"
          r"(?: reelle| physique)|humans?|operators?|advis(?:e|o)rs?|representatives?|reps?|real person|live (?:agent"
          r"|person|chat)|(?:a|an|any|une?) person)")
_PERSON = rf"(?:{_STAFF}|quelqu un|personne|person|people|someone|somebody|anyone|anybody)"
# What a request for a person names besides: a team, a call, a way to reach the company, the bot itself. "Je voudrais
# changer d'option tarifaire" reads as a request for a person at 0.6 and names none of these.
_NAMED_PERSON = re.compile(
    rf"\b(?:{_PERSON}|conseil\w*|qqn|qq1|humaine?|vendeu\w*|technicien\w*|gestionnaire\w*|responsable|service|equipe"
    # A phone is a way to reach someone when one calls on it ("au téléphone", "by phone", "téléphoner"), not the phone
    # one buys or loses ("acheter un téléphone en plusieurs fois": a person at 0.78).
    r"|sav|standard\w*|rappel\w*|appel\w*|telephon(?!es?\b)\w*|(?:au|par|le|de|un coup de) telephone|joindre|contact\w*"
    r"|parler|discuter|echanger|relation|vrai|phone(?!s?\b)\w*|(?:on the|by|over the|a) phone|phone (?:you|me|us)"
    r"|vraie|reel|reelle|staff|manager|support|team|call\w*|ring|speak|talk|reach|real|numero|number|mail"
    r"|email|chat|bot|robot|machine|automat\w*|connect\w*|transf\w*)\b")


def names_person(text: str) -> bool:
    """Whether the message names a person, a team or a way to reach one (a request for a person always does)."""
    return bool(_NAMED_PERSON.search(folded_line(text)))


# What a question about the bot names: what it is (a bot, a person, a program...), or its name. "Do you have automatic
# cars?" read as one (0.52) and got "I'm a program, not a person".
_NAMED_BOT = re.compile(
    r"\b(?:bot|robot|chatbot|machine|automated|automatise\w*|c est automatique|reponses? automatiques?|ai|ia"
    r"|intelligence|artificial|artificielle|chatgpt|gpt|program|programme|computer|ordinateur|logiciel|algorithme?"
    r"|assistant|assistante|virtuel\w*|virtual|human|humaine?|person|personne|people|someone|quelqu un|real|vrai"
    r"|vraie|reel|reelle|live|alive|vivante?|actual|name|nom|appelle\w*|appelez|prenom|call you|talking to"
    r"|speaking (?:to|with)|chatting with|who are you|what are you|qui es tu|qui etes vous|t es qui|vous etes qui"
    r"|es quoi|etes quoi|parle a qui)\b")


def names_the_bot(text: str) -> bool:
    """Whether the message names what the bot is or its name (a question about the bot always does)."""
    return bool(_NAMED_BOT.search(folded_line(text)))


def person_words(text: str) -> set[str]:
    """The message's folded words that name a person, a team or a way to reach one ("numero", "de", "telephone" in
    "un numéro de téléphone", not "telephone" in "mon téléphone est cassé")."""
    return {w for m in _NAMED_PERSON.finditer(folded_line(text)) for w in m.group(0).split()}


# "Je veux parler à quelqu'un pour ma commande de frigo qui n'est pas arrivée", "can I talk to a human, the parcel says
# delivered but I got nothing": a request for a person with the reason for it reads as a question (a person at
# 0.34-0.37), and pages came instead of the person asked for. Wanting, asking or being able to speak with someone, said
# in so many words, is a request whatever follows. Folded words, one space apart.
_WANTS = (r"(?:je |j )?(?:veux|voudrais|voulais|aimerais|souhaite|souhaiterais|prefere|prefererais|demande a|dois)"
          r"|(?:est ce que |est ce qu )?(?:je|on) (?:peux|peut|pourrais|pourrait)|puis je|pourrais je|peut on"
          r"|comment(?: je peux| on peut| puis je| faire pour)?|(?:pouvez|pourriez) vous me|tu peux me|vous pouvez me"
          r"|merci de me|i (?:want|need|d like|would like|d rather|would rather) to|can i|could i|may i|let me"
          r"|how (?:can|do) i")
_TALK = (r"(?:parler|discuter|echanger|etre mise? en relation|avoir|passer)(?: (?:a|avec|au))?"
         r"|(?:talk|speak|chat) (?:to|with)|get")
_SOMEONE = (r"(?:(?:un|une|le|la|l|des|a|an|the|some|one of your|your) )?(?:(?:vrai|vraie|real|live|actual) )?"
            rf"(?:{_STAFF}|quelqu un|humain|personne|person|someone|somebody|human|agent|responsable|manager"
            r"|service client|customer service|staff)")
# "Avoir une personne de plus sur ma réservation", "get a person added to my booking": a passenger, not a person.
_ASKS_PERSON = re.compile(rf"\b(?:{_WANTS}) (?:{_TALK}) (?:{_SOMEONE})\b"
                          r"(?! (?:de plus|en plus|supplementaire|more|extra|added|additional))", re.IGNORECASE)


def asks_for_person(text: str) -> bool:
    """Whether the message says in so many words that the visitor wants to speak with someone ("je veux parler à
    quelqu'un pour ma commande", "can I talk to a human, ..."), whatever it says besides."""
    return bool(_ASKS_PERSON.search(folded_line(text)))


_DECLINE = (
    r"(?:je |j )?(?:ne |n )?(?:veux|voudrais|souhaite|demande|cherche|ai) (?:pas|aucun|aucune|nul|nullement)"
    r"|(?:je |j |on )?(?:n )?(?:ai|a|avons) pas besoin|pas besoin|nul besoin|inutile|pas la peine"
    r"|(?:ne )?(?:me )?(?:passez|passe|transferez|transfere|mettez|mets|redirigez|renvoyez) pas"
    r"|(?:i )?(?:don t|dont|do not|won t|wouldn t|would not) (?:want|need|wish|care for)|no need"
    r"|(?:please )?(?:don t|dont|do not) (?:transfer|put|pass|connect|send|hand)")
_BETWEEN = (r"(?: (?:de|d|du|un|une|des|parler|discuter|echanger|a|au|avec|etre|passer|par|transfere|transferee"
            r"|mis|mise|en|relation|vers|votre|vos|vrai|vraie|the|an|any|to|talk|speak|chat|with|be|me|put|for"
            r"|through|transferred|passed|connected|get|go|real|live|your|of|deal)){0,5}")
_DECLINES = re.compile(
    rf"(?:^| )(?:(?:{_DECLINE}){_BETWEEN} {_STAFF}"
    # "Je ne veux pas parler à quelqu'un", "I don't want to speak to anyone": not "I don't want anyone to use it".
    rf"|(?:{_DECLINE})(?: [a-z]+){{0,2}} (?:parler|discuter|echanger|talk|speak|chat)(?: [a-z]+){{0,2}} {_PERSON}"
    # "Sans passer par un conseiller", "without talking to an agent": not "sans personne pour m'aider".
    rf"|(?:sans|without)(?: (?:passer|parler|talking|speaking|going|to|through|par|a|avec|with|un|une|an|any))*"
    rf" {_STAFF}"
    # "Pas de conseiller svp", "non, pas d'humain": opening the message.
    rf"|(?<![a-z ])(?:(?:non|nan|no) )?pas (?:de|d)(?: un| une| vrai| vraie)? {_PERSON})(?= |$)")
# What may open the rest of such a message without asking anything ("dites-moi juste", "just tell me").
_JUST = re.compile(r"(?:(?:mais|alors|donc|juste|simplement|seulement|but|just|only|simply|please|svp|stp|merci"
                   r"|thanks|non|no|nan) )*")


def _polite(words: list[str]) -> int:
    """How many of the words, from the first, say nothing ("non merci", "just")."""
    opening = _JUST.match(" ".join(words) + " ")
    return len(opening.group(0).split()) if opening else 0


def declines_person(text: str) -> tuple[bool, str]:
    """Whether the message refuses a person ("je ne veux pas parler à un conseiller", "no need for an agent"), and
    what it says besides: the message as written after the refusal, or before it ("comment résilier ? je ne veux pas
    de conseiller"); "" when nothing but politeness."""
    words = folded_words(text)
    joined = " ".join(words)
    match = _DECLINES.search(joined)
    if match is None:
        return False, text
    before, after = joined[:match.start()].split(), joined[match.end():].split()
    if len(after) - _polite(after) >= 2:
        return True, _after(text, len(words) - len(after))
    if len(before) - _polite(before) >= 2:
        return True, _before(text, len(before))
    return True, ""


def says_yes(text: str) -> bool:
    """Whether the message holds a word of assent ("oui", "ok", "ça marche", "sounds good")."""
    return bool(assent(text)[0]) or _AFFIRM.search(folded_line(text)) is not None


# "La deuxième", "le 1er", "the second one", "option 3", "la dernière": a choice of pages picked by its place. On the
# folded line as a whole, so "le premier mois" or "the second payment" pick nothing.
_ORDINALS = (
    ("premier|premiere|1er|1ere|first|1st|un|une|one|1", 0),
    ("deuxieme|second|seconde|2eme|2e|2nd|deux|two|2", 1),
    ("troisieme|3eme|3e|third|3rd|trois|three|3", 2),
    ("dernier|derniere|last", -1),
)
_PLACE = re.compile(
    r"(?:(?:c est |ce serait |plutot |alors |euh |ok |oui |yes |well |i d say |i think |je pense )*)"
    r"(?:le |la |l |the |num(?:ero)? |number |no |n |option |choix |choice |page |lien |link )?"
    r"(?P<place>\w+)"
    r"(?: (?:page|lien|choix|option|proposition|reponse|article|one|link|choice|answer|svp|s il vous plait|please"
    r"|merci|thanks|stp|de la liste|on the list|in the list))*")


def choice_place(text: str) -> int | None:
    """The place ("la deuxième" 1, "la dernière" -1) of the choice a message picks by its rank, if it does."""
    line = " ".join(re.findall(r"[^\W_]+", fold(text)))  # digits kept: "le 2", "option 3"
    match = _PLACE.fullmatch(line)
    if match is None:
        return None
    place = match.group("place")
    # A number word alone ("deux", "one") counts nothing; "les deux" is both, not the second.
    counted = place in ("un", "une", "one", "deux", "two", "trois", "three")
    if counted and (match.group(0) == place or line.startswith("les ")):
        return None
    return next((index for words, index in _ORDINALS if place in words.split("|")), None)


# "Que faire ?", "qu'est-ce que je fais maintenant ?", "on fait quoi ?", "how do I fix it?", "now
# what?": asking what to do, naming nothing - every word one of these, one of them a doing.
_DOING = frozenset(("faire", "fais", "fait", "faisons", "faut", "proceder", "procede", "agir", "reagir", "regler",
                    "resoudre", "do", "doing", "fix", "solve", "sort", "handle", "next"))
_ASKING_AROUND = frozenset((
    "que", "qu", "quoi", "est", "ce", "c", "je", "j", "on", "nous", "il", "dois", "doit", "devons", "devrais", "faut",
    "peux", "puis", "peut", "pouvons", "pourrais", "pourrait", "alors", "donc", "du", "coup", "maintenant", "ensuite",
    "apres", "et", "mais", "le", "la", "ca", "cela", "comment", "svp", "stp", "en", "y", "me", "moi", "of", "about",
    "what", "does", "should", "shall", "must", "can", "could", "i", "we", "now", "then", "so", "and", "but", "how",
    "it", "this", "that", "to", "have", "need", "please", "the", "out", "ok", "okay", "d", "accord", "bon", "ben",
    "euh", "hmm", "s", "do", "oui", "yes", "well", "exactement", "exactly", "precisement",
)) | _DOING
_NOW_WHAT = re.compile(r"(?:et |ok |bon |and |so )*(?:maintenant|et apres|et ensuite|now what|what now|what next|"
                       r"then what|and now|and then)")
WHAT_TO_DO_WORDS = 8


def asks_what_to_do(text: str) -> bool:
    """Whether the message only asks what to do (nothing named: about what was just said)."""
    words = folded_words(text)
    if not words or len(words) > WHAT_TO_DO_WORDS:
        return False
    if _NOW_WHAT.fullmatch(" ".join(words)):
        return True
    return all(w in _ASKING_AROUND for w in words) and any(w in _DOING for w in words)


# "Aidez-moi vite", "au secours", "please help me": a plea, naming nothing. Right after a person was offered for a
# sensitive case (a hacked account, a reaction to a meal), it says yes to that person.
_PLEA = re.compile(
    r"(?:(?:s il vous plait|svp|please|pitie|vite|urgent|je vous en supplie|i beg you|quickly|now|oh|mon dieu) )*"
    r"(?:aidez moi|aide moi|aidez nous|aide nous|au secours|a l aide|sos|help|help me|help us|j ai besoin d aide"
    r"|i need help|we need help|i need your help|j ai besoin de vous|please help)"
    r"(?: (?:s il vous plait|svp|please|pitie|vite|urgent|urgence|rapidement|c est urgent|quickly|now|asap"
    r"|je vous en supplie|i beg you|right now|tout de suite))*")


def pleads_for_help(text: str) -> bool:
    """Whether the message only pleads for help."""
    return _PLEA.fullmatch(folded_line(text)) is not None


# "C'est difficile", "j'ai peur", "je suis perdue", "je sais plus quoi faire", "I'm scared", "it's so hard": a feeling
# told, asking nothing. Right after a person was offered for a sensitive case (a death, harassment), sympathy and that
# person, not pages its words find ("c'est difficile" after the bereavement page got a choice of flight pages).
_FEELING = re.compile(
    r"(?:(?:oui|bon|ben|enfin|mais|and|but|yes|well|oh) )*"
    r"(?:(?:c est|c etait|je suis|j ai|je me sens|on est|nous sommes|j en ai|tout ca est|it s|it is|this is|i m|im"
    r"|i am|i feel|we re|we are|i ve been|i have been) )?"
    r"(?:(?:vraiment|tres|trop|si|tellement|un peu|completement|tout|really|so|very|just|a bit|completely|quite"
    r"|totally) )*"
    r"(?:difficile|dur|dure|penible|terrible|horrible|triste|perdue?|paumee?|angoissee?|stressee?|inquiete?"
    r"|effondree?|bouleversee?|epuisee?|a bout|peur|la trouille|mal|le coeur brise|choquee?|sous le choc|seule?"
    r"|hard|difficult|tough|scared|afraid|frightened|terrified|sad|lost|worried|anxious|overwhelmed|devastated"
    r"|heartbroken|awful|exhausted|shaken|alone|in shock)"
    r"(?: (?:en ce moment|pour moi|pour nous|pour tout le monde|right now|for me|for us|at the moment))?"
    r"|(?:je ne sais|je sais|j sais) (?:plus|pas) quoi faire|i don t know what to do(?: anymore)?"
    r"|i do not know what to do(?: anymore)?")


def tells_feeling(text: str) -> bool:
    """Whether the message only tells how the visitor feels."""
    return _FEELING.fullmatch(folded_line(text)) is not None
