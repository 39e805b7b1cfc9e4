"""Situations that call for a person whatever the knowledge base says: a death, a threat or harassment, an injury,
money trouble, distress ("mon père est décédé le mois dernier, comment fermer son compte ?").

A knowledge base flags its own sensitive pages (`handoff: true`); this catches the visitor's situation when no such
page fits, in the words visitors use for it, in French and English (typed without accents too). It only adds a
person to what the bot would say anyway, with a word of sympathy: a false alarm costs one offer of a person.
"""

from __future__ import annotations

import re

from knowledge_base.analysis import fold

# Thoughts of suicide: a grave situation, and a life at risk (_DISTRESS).
_SUICIDE = (r"\bsuicid", r"\bplus envie de vivre\b", r"\bend it all\b", r"\bkill myself\b")
# Folded text (lower case, no accents, ASCII apostrophes). Each pattern names a situation, not a topic: "décès" is a
# bereavement, "mort" alone is not ("batterie morte"); "blessé" is an injury, "blessant" a word that hurt.
_BEREAVEMENT = (
    r"\bdeced(?:er|e|ee|es|ees)\b", r"\bvient de (?:mourir|nous quitter)\b", r"\bdeces\b", r"\bnous a quitte",
    r"\bobseques\b", r"\bcendres d(?:e|u) (?:mon|ma|notre|nos|mes)\b", r"\burne funeraire\b",
    r"\bashes of (?:my|our)\b", r"\b(?:s|his|her) ashes\b",
    r"\bpassed away\b", r"\b(?:has|had|just) died\b", r"\bdied (?:last|on|this|in|yesterday|recently)\b",
    r"\bbereave", r"\bfuneral\b", r"\bdeath of (?:a|an|the|my|our|your)\b",
    r"\b(?:mon|ma|notre) (?:pere|mere|papa|maman|mari|femme|epoux|epouse|fils|fille|frere|soeur|grand[- ]?(?:pere|mere)"
    r"|oncle|tante|conjointe?|compagnon|compagne)\b[^.!?]{0,24}\b(?:est|sont) morte?s?\b",
    r"\bmy (?:father|mother|dad|mum|mom|husband|wife|son|daughter|brother|sister|grand(?:father|mother|ma|pa)"
    r"|partner|uncle|aunt)\b[^.!?]{0,24}\bdied\b",
)
_SITUATIONS = (
    *_BEREAVEMENT,
    # Threats, harassment, violence, feeling unsafe.
    r"\bharcel", r"\bm'(?:a|ont) menace", r"\bmenaces?\b (?:de mort|physiques?)",
    r"\bagress(?:e|ee|es|ees|ion|if|ive)\b", r"\bm'a (?:frappe|insulte|touche)",
    r"\bpas en securite\b", r"\bpeur pour ma (?:vie|securite)\b", r"\bfait des avances\b",
    r"\bharass", r"\bthreaten", r"\bassault", r"\bstalk", r"\b(?:don't|do not|doesn't) feel safe\b",
    r"\bunsafe\b", r"\bcreepy (?:messages|texts)\b", r"\b(?:hit|attacked|groped) me\b",
    r"\b(?:il|elle|ils|elles|on) (?:me|nous) menacen?t?\b",
    # Fear, panic, and a swindle told by its victim ("un faux conseiller m'a fait valider un paiement, je suis
    # paniquée", "mon ex vide mon compte"): what was lost may be recovered, the visitor needs a person now.
    r"\b(?:suis|sommes|est) (?:completement |totalement |tres )?paniquee?s?\b", r"\bje panique\b",
    r"\b(?:i'm|i am|we're|we are) (?:so |really )?(?:panicking\b"
    r"|(?:scared|terrified)(?= (?:for|that|he|she|they|of him|of her|of them)\b|[,.!]|$))",
    r"\bj'ai (?:tres |trop |vraiment )?peur (?:pour (?:ma|mon|mes|nous)|de lui|d'elle|qu'il|qu'elle|qu'ils)\b",
    r"\b(?:je suis|on est) (?:terrifiee?s?|affolee?s?)\b",
    r"\bse faisant passer pour\b", r"\bfaux conseiller\b", r"\bpretending to be\b", r"\bposing as\b",
    r"\b(?:je me suis fait|on s'est fait|j'ai ete|nous avons ete) (?:escroqu|arnaqu)(?:er|ee?s?)\b",
    r"\b(?:been|got|was|were) (?:scammed|conned|defrauded)\b",
    r"\bvide(?:r|nt)? (?:mon|notre) compte\b", r"\bemptied (?:my|our) (?:bank )?account\b",
    # Injury.
    r"\bbless(?:e|ee|es|ees|ure|ures)\b", r"\bs'est (?:fait mal|brulee?|coupee?|cognee?|ouvert)\b",
    r"\bcognee? la tete\b", r"\baux urgences\b", r"\bbosse (?:sur|a) la tete\b",
    r"\bbump on (?:his|her|my|their|the) head\b",
    # A child fallen ("my daughter fell out of it yesterday", of a recalled high chair).
    r"\b(?:mon|ma|notre) (?:fils|fille|enfant|bebe|garcon|petite?)\b[^.!?]{0,20}\b(?:est |s'est )?tombee?\b",
    r"\bmy (?:son|daughter|child|baby|kid|boy|girl|toddler)\b[^.!?]{0,20}\b(?:fell|has fallen|had a fall)\b",
    r"\b(?:hurt|bumped|banged|cut|burnt|burned|hit) (?:his|her|my|their) (?:head|face|hand|arm|leg|foot|back|eye)",
    r"\binjur(?:y|ed|ies)\b", r"\bgot hurt\b", r"\b(?:was|were|is|been) hurt\b", r"\bburn(?:ed|t) (?:my|his|her)\b",
    r"\b(?:emergency room|a&e|hospitali[sz]ed)\b",
    r"\bsaign(?:e|ent|ait)\b", r"\bbleed(?:s|ing)?\b", r"\bunconscious\b", r"\binconscient",
    r"\bmal (?:au|a la|aux) (?:cou|dos|ventre|bras|jambes?|tete|poitrine|nuque|genou|epaule)\b",
    r"\brenverse (?:un|une) (?:pieton|cycliste|enfant|personne|motard)",
    r"\b(?:knocked|ran) (?:over|down) (?:a|an|someone|somebody)\b",
    r"\b(?:someone|somebody|people|he|she|they) (?:is|are|got|was|were) (?:hurt|injured)\b",
    # A home lost.
    r"\b(?:maison|appartement|appart|logement) a (?:brule|ete detruite?)\b", r"\bon a tout perdu\b",
    r"\b(?:burnt|burned) down\b", r"\blost everything\b",
    # Money trouble.
    r"\bchomage\b", r"\bsurendett", r"\bperdu mon (?:emploi|travail|boulot)\b", r"\bplus les moyens\b",
    r"\bn'arrive plus a (?:payer|regler|rembourser)\b", r"\bne peux plus (?:payer|regler|rembourser)\b",
    r"\bunemployed\b", r"\blost my job\b", r"\bin debt\b",
    r"\bcan(?:'t|not) (?:pay|keep up with) (?:my|the) (?:bills|instalments|installments|repayments|rent)\b",
    # Distress (thoughts of suicide: _SUICIDE, below).
    r"\ben finir\b(?! avec (?!la vie|ma vie))", r"\bau bout du rouleau\b", r"\bdeprim", r"\bcan(?:'t|not) cope\b",
    r"\b(?:so|really) depressed\b", *_SUICIDE,
    # Slurs and harassment from staff or other users.
    r"\bremarques? (?:sexistes?|racistes?|homophobes?|deplacees?)", r"\bpropos (?:sexistes?|racistes?|homophobes?)",
    r"\b(?:sexist|racist|homophobic) (?:remarks?|comments?|jokes?|slurs?|abuse)", r"\bm(?:'| )?insult(?:e|ent|ait)\b",
    r"\binsult(?:ing|s|ed) me\b", r"\bdiscrimine(?:e|es|s)?\b", r"\b(?:victime d'une?|subi une?) discrimination",
    r"\b(?:been|was|were|felt|being) discriminated\b",
)
# Made ill: an allergic reaction, food poisoning. Sensitive in a message; in a page's title, a topic like any other (a
# visitor made ill tells it in words these may miss, "le curry nous a rendus malades": that page stays on offer).
_ILLNESS = (
    r"\breaction allergique\b", r"\ballergic reaction\b", r"\banaphyla", r"\bintoxication alimentaire\b",
    r"\bintoxiques?\b", r"\bfood poisoning\b", r"\bvomi(?:r|s|t|ssements?)?\b", r"\bvomit", r"\bthrew up\b",
    r"\bthrowing up\b", r"\bthroat (?:feels |is |getting )?(?:tight|swell|clos)", r"\bgorge (?:qui )?(?:gonfle|serr)",
    r"\b(?:visage|levres?|langue|yeux) (?:qui )?(?:gonfle|enfle)", r"\b(?:face|lips?|tongue) (?:is |are )?swell",
    r"\bcan(?:'t|not) breathe\b", r"\bmal a respirer\b", r"\b(?:n'arrive|n'arrivent) plus a respirer\b",
    r"\b(?:sick|ill) (?:after|from) (?:eating|the food|your|their|a meal)", r"\bmalades? (?:apres|a cause d)",
    r"\b(?:ete|tombee?s?|sommes|suis|sont|etait|etaient) malades?\b[^.!?]{0,30}\bapres\b",
    r"\b(?:got|been|was|were|fell|felt) (?:really |very |so )?(?:sick|ill)\b(?!-)[^.!?]{0,30}\bafter\b",
    r"\brendue?s? malades?\b", r"\bmade (?:me|us|him|her|them|my \w+) (?:sick|ill)\b",
)
# A life at risk now: thoughts of suicide, and danger to someone's body (sparks, a fire, violence at home, an injured
# person on the spot, a patient whose machine needs power). The bot says who to call first; in distress it starts the
# transfer. A fire or an injury told as a claim ("l'incendie est-il couvert ?", "blessé le mois dernier, suis-je
# indemnisé ?") is not.
_DISTRESS = (
    *_SUICIDE, r"\bme (?:tuer|suicider|foutre en l'air)\b", r"\bmettre fin a mes jours\b",
    r"\ben finir avec (?:la|ma) vie\b", r"\b(?:envie|besoin) de mourir\b", r"\bje (?:veux|vais|voudrais) mourir\b",
    r"\b(?:tout arreter|en finir),? (?:meme|y compris) (?:de )?vivre\b", r"\bend my life\b",
    r"\b(?:want|wanna) to die\b", r"\b(?:don't|do not) want to (?:live|be alive)\b", r"\bno reason to live\b",
)
_DANGER = (
    r"\betincelles?\b", r"\bsparks? (?:from|coming|out)\b", r"\b(?:ca|qui|il|elle) sent le (?:brule|cramer?)\b",
    r"\bodeur de (?:brule|fumee)\b", r"\bsmell(?:s|ing)? (?:of )?(?:burning|smoke)\b",
    r"\b(?:est|sont) en feu\b", r"\b(?:prend|a pris|ont pris) feu\b", r"\bil y a le feu\b",
    r"\b(?:is|are|it's) on fire\b", r"\bcaught fire\b", r"\bfumee (?:qui )?sort", r"\bsmoke (?:is )?coming\b",
    # Gas smelt or leaking now ("ça sent le gaz dans ma cuisine" got a choice of the gas page, moving house and
    # subscribing), and carbon monoxide.
    r"\b(?:ca|qui|il|elle|on) sent(?:ait)? (?:le|du) gaz\b", r"\b(?:une|l'|forte) odeur (?:de|du) gaz\b",
    r"\b(?:il y a|y a|j'ai|on a|nous avons) une fuite de gaz\b", r"\bfuite de gaz (?:chez|dans)\b",
    r"\b(?:i|we)(?: can)? smell gas\b", r"\b(?:smells|smelling) (?:of|like) gas\b",
    r"\b(?:there's|there is|i have|we have) a gas leak\b", r"\bgas leak(?:ing)? (?:in|at)\b",
    r"\bintoxication au monoxyde\b", r"\bcarbon monoxide poisoning\b",
    r"\b(?:me|nous) (?:frappe|frappent|bat|battent)\b", r"\bviolences? (?:conjugales?|familiales?)\b",
    r"\bdomestic (?:violence|abuse)\b", r"\b(?:hits|beats) me\b",
    r"\b(?:il y a|y a) (?:un |une |des |deux |plusieurs )?bless(?:e|es|ee|ees)\b",
    # Bleeding now ("mon passager saigne de la tête" after a crash got a choice of pages, with no 112).
    r"\bsaign(?:e|ent)\b", r"\b(?:is|are|'s|'re|am|keeps?|still) bleeding\b",
    r"\bbleeding (?:a lot|badly|heavily)\b", r"\b(?:unconscious|inconsciente?)\b", r"\bcan(?:'t|not) breathe\b",
    r"\b(?:n'arrive|n'arrivent) plus a respirer\b", r"\bsous (?:oxygene|respirateur|assistance respiratoire)\b",
    r"\bon (?:oxygen|a ventilator|a respirator)\b", r"\belectrocut", r"\bvie (?:est )?en danger\b",
    r"\blife (?:is )?in danger\b", r"\b(?:je suis|nous sommes|on est) en danger\b",
    r"\b(?:i'm|i am|we're|we are) in danger\b",
    # Someone not breathing, fainted or collapsed, burned, shocked, or followed: "une dame est tombée, elle respire
    # mal", "a passenger collapsed and isn't breathing", "un homme me suit depuis la gare" got the plain fallback.
    r"\bne respire (?:plus|pas|presque plus)\b", r"\brespire (?:mal|difficilement)\b", r"\bdu mal a respirer\b",
    r"\b(?:isn't|is not|aren't|not|stopped) breathing\b", r"\b(?:struggling|trouble|difficulty) breathing\b",
    r"\bs'est (?:effondree?|evanouie?)\b", r"\b(?:fait|a fait|a eu|fais) un malaise\b", r"\bcollapsed\b",
    r"\b(?:fainted|passed out)\b", r"\b(?:crise cardiaque|heart attack|overdose|seizure|crise d'epilepsie)\b",
    r"\belectric shock\b", r"\bchoc electrique\b", r"\b(?:a ete|s'est|est) brulee?s?\b", r"\bgot (?:burned|burnt)\b",
    r"\b(?:un homme|une femme|quelqu'un|un type|un mec|un individu|un inconnu|des hommes|des types|des jeunes)"
    r" (?:me suit|me suivent|me poursuit|me poursuivent)\b",
    r"\b(?:someone|somebody|a man|a guy|a stranger|some men|some guys) (?:is|are|keeps|has been) (?:following|stalking)"
    r" me\b",
)
# An injury (bot.sensitive's injury words) told as happening now: danger, as above.
_INJURY = re.compile(r"\bbless(?:e|ee|es|ees)\b|\bhurt\b|\binjured\b")
_NOW = re.compile(
    r"\bsur place\b|\bje fais quoi\b|\bque (?:dois-je|dois je|faire|faut-il faire)\b|\bwhat (?:do|should|can) i do\b"
    r"|\bright now\b|\bjust (?:crashed|had|been|fell)\b|\bviens? d'avoir\b|\bvient d'avoir\b|\bto(?:ut)? de suite\b")
DISTRESS = re.compile("|".join(_DISTRESS))
DANGER = re.compile("|".join(_DANGER))
SITUATION = re.compile("|".join((*_SITUATIONS, *_ILLNESS, *_DISTRESS, *_DANGER)))
GRAVE = re.compile("|".join(_SITUATIONS))
# A death, told by a visitor or named by a page's title ("Décès d'un assuré", "Death of an account holder").
BEREAVEMENT = re.compile("|".join((*_BEREAVEMENT, r"\bdeath\b")))


# An injury denied: "nobody is hurt", "personne n'est blessé", "il n'y a pas de blessé" tell of none.
_NO_INJURY = re.compile(
    r"\b(?:nobody|no one|no-one|none of us)\b[^.!?]{0,16}\b(?:hurt|injured)\b|\bno injur\w*"
    r"|\b(?:not|n't) (?:been )?(?:hurt|injured)\b|\bpersonne n'? ?(?:est|a ete|ont ete|sont)? ?bless\w*"
    r"|\b(?:aucun|pas de|sans) bless\w*|\bn'? ?(?:est|a|ont|sont|suis|sommes) (?:pas|rien)(?: ete)? bless\w*")


def _unharmed(text: str) -> str:
    """The folded text without the injuries it denies."""
    return _NO_INJURY.sub(" ", fold(text))


def denies_injury(text: str) -> bool:
    """Whether the message says no one is hurt ("nobody is hurt", "personne n'est blessé")."""
    return _NO_INJURY.search(fold(text)) is not None


def sensitive_situation(text: str) -> bool:
    """Whether the message tells of a situation that calls for a person (either language: a visitor's language
    is sometimes misread)."""
    folded = _unharmed(text)
    return SITUATION.search(folded) is not None or _injured_now(folded)


def life_at_risk(text: str) -> str:
    """"distress" when the message tells of thoughts of suicide, "danger" when of a danger to someone's body now (a
    fire, sparks, violence at home, someone injured on the spot), else ""."""
    folded = _unharmed(text)
    if DISTRESS.search(folded):
        return "distress"
    return "danger" if DANGER.search(folded) or _injured_now(folded) else ""


def _injured_now(folded: str) -> bool:
    return _INJURY.search(folded) is not None and _NOW.search(folded) is not None


def grave_title(title: str) -> bool:
    """Whether a page's title tells of a death, a threat, harassment, an injury, money trouble or distress: a page
    not to offer to a visitor who tells of none (bot.decision.tactful)."""
    return GRAVE.search(fold(title)) is not None


def tells_of_death(text: str) -> bool:
    """Whether the text tells of a death (a visitor's message, or a page's title)."""
    return BEREAVEMENT.search(fold(text)) is not None
