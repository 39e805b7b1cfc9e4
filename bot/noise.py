"""Messages that say nothing yet: "?", "...", "hm", "euh", "lol", "asdfgh". They are no question, no "yes" to a
pending offer and no sign of anger ("..." read as frustration at 0.8, "hm" as "yes" at 0.9): the bot asks what the
visitor needs, and a person stays one tap away. Nor is "il y a quelqu'un ?" / "anyone there?", which only asks
whether someone answers.
"""

from __future__ import annotations

import re
import unicodedata

from knowledge_base.analysis import fold

# Hesitations and fillers, folded, in French and English; letters may be drawn out ("hmmm", "euuuh"). Also the words
# of "I did not catch that" ("pardon ?", "quoi ?", "what?") and of "anyone there?" ("allô ?"): they ask for nothing
# the bot could look up, and read as "no", frustration or a greeting.
_FILLER = re.compile(r"h+m+|m+h*|e+u+h+|h+e+u+|u+h+|u+m+|e+r+m+|a+h+|o+h+|e+h+|h+e+i+n+|b+a+h+|b+e+n+|p+f+|"
                     r"h+u+h+|w+e+l+l+|a+l+o+r+s+|a+l+l+o+|p+a+r+d+o+n+|q+u+o+i+|w+h+a+t+|c+o+m+m+e+n+t+"
                     # Laughter ("lol", "mdr", "haha"), read as anger at 0.9.
                     r"|l+o+l+|m+d+r+|p+t+d+r+|x+d+|(?:h+a+){2,}h*|(?:h+e+){2,}h*|(?:h+i+){2,}h*"
                     # A hand run over the keyboard ("asdfgh", "qsdfjklm"): five consonants in a row or a key row.
                     r"|[a-z]*[bcdfghjklmnpqrstvwxz]{5,}[a-z]*|[a-z]*(?:qwert|azert|asdf|qsdf|wxcv|zxcv|hjkl|uiop)[a-z]*")


def is_noise(text: str) -> bool:
    """Whether the message carries nothing to act on: no letter and no emoji (punctuation, digits), or fillers only."""
    if any(unicodedata.category(ch) == "So" for ch in text):
        return False  # "👍", "😡": emoji say something
    return all(_FILLER.fullmatch(w) for w in folded_words(text))


def folded_words(text: str) -> list[str]:
    """The message's words, folded, in any script ("你好" is no filler)."""
    return re.findall(r"[^\W\d_]+", fold(text))


def folded_line(text: str) -> str:
    """The message's folded words one space apart: what the patterns on folded words read."""
    return " ".join(folded_words(text))


# "Il y a quelqu'un ?", "allô, vous êtes là ?", "is anybody there?": folded words, one space apart. The intents read
# them as a request for a person (0.4), a greeting or off-topic chat, and the words find pages ("someone ordered with
# my account"); longer requests ("y a-t-il quelqu'un de disponible pour me répondre ?") are no presence check.
_PRESENCE = re.compile(
    r"(?:(?:allo|hello|hallo|he|hey|ohe|hi|bonjour|salut|excusez moi|excuse me)\s)*(?:"
    r"(?:est ce qu )?(?:il )?(?:y a|ya|y a t il) (?:quelqu un|qqn|qq1|du monde)(?: (?:la|ici|en ligne))?"
    r"|(?:quelqu un|qqn) (?:est )?(?:la|ici|en ligne)"
    r"|(?:vous etes|tu es|t es)(?: toujours)? (?:la|en ligne)"
    r"|(?:is |are )?(?:there )?(?:anyone|anybody|someone|somebody)(?: (?:there|here|around|online|home))?"
    r"|(?:are )?you (?:still )?there"
    r")")


def is_presence_check(text: str) -> bool:
    """Whether the message only asks whether someone is there to answer."""
    return bool(_PRESENCE.fullmatch(folded_line(text)))


# "Ça va ?", "bonjour, comment allez-vous ?", "hi, how are you?": a greeting, whatever else the intents read in it
# ("ça va ?" as a "yes" at 0.38, and searched: "je ne trouve rien de sûr"). Folded words, one space apart.
_HOW_ARE_YOU = re.compile(
    r"(?:(?:allo|hello|hey|hi|bonjour|bonsoir|salut|coucou|re|cc|yo)\s)*(?:et )?(?:"
    r"(?:comment )?(?:ca|sa) va(?: bien)?(?: (?:vous|toi))?|comment allez vous|vous allez bien|tu vas bien"
    r"|comment vas tu|how are (?:you|u|ya)(?: doing| today)?|how r u|how s it going|you ok|are you ok|how do you do"
    r")(?: (?:aujourd hui|today|bien))?")


def is_how_are_you(text: str) -> bool:
    """Whether the message only greets and asks how the bot is."""
    return bool(_HOW_ARE_YOU.fullmatch(folded_line(text)))


# "J'ai une question sur mon contrat", "je peux vous poser une question ?", "hi, I have a quick question about my
# bill": the question is still to come (the contract's cancellation page answered the first, at 0.79). Folded words;
# the topic named is a few words at most.
_ANNOUNCED = re.compile(
    r"(?:(?:allo|hello|hey|hi|bonjour|bonsoir|salut|coucou|oui|ok|alors|excusez moi|excuse me|sorry)\s)*(?:"
    r"(?:(?:j ai|jai|j aurais|j aimerais poser|je voudrais poser|je peux vous poser|je peux poser|puis je vous poser"
    r"|est ce que je peux vous poser) )?(?:(?:une|1|deux|2|quelques) )?(?:petite |petites |simple |autre |courte )?"
    r"questions?"
    r"|(?:i have|i ve got|i got|i d like to ask|can i ask you|could i ask you|can i ask|may i ask) (?:a|one|two|some"
    r"|a few)? ?(?:quick |small |simple |short |other )?(?:questions?|something)"
    r")(?: (?:sur|concernant|a propos d\w*|au sujet d\w*|par rapport a|pour|about|on|regarding|re|with)"
    r"(?: \w+){1,4})?(?: (?:svp|s il vous plait|please|merci|thanks))?")


def announces_question(text: str) -> bool:
    """Whether the message only announces a question still to come."""
    return bool(_ANNOUNCED.fullmatch(folded_line(text)))


# "J'ai un souci avec ma location", "petit problème sur ma commande", "I have an issue with my booking": a problem
# announced, not yet told. What it is about is what the reply asks after ("que se passe-t-il avec votre location ?").
_PROBLEM = re.compile(
    r"(?:(?:allo|hello|hey|hi|bonjour|bonsoir|salut|coucou|oui|alors|voila|excusez moi|excuse me|sorry)\s)*"
    r"(?:(?:j ai|jai|j aurais|on a|nous avons|il y a|y a|i have|i ve got|i got|we have|there s|there is) )?"
    r"(?:un |une |an |a )?(?:petit |gros |grand |small |little |big )?"
    r"(?:souci|soucis|probleme|pb|pbm|bug|probleme technique|issue|problem|trouble)"
    r" (?:avec|sur|concernant|au sujet d\w*|pour|with|on|about|regarding) "
    r"(?P<what>(?:ma|mon|mes|la|le|les|l|un|une|votre|vos|notre|nos|my|the|our|your|a|an) (?:\w+ ?){1,3})"
    r"(?: (?:svp|s il vous plait|please|merci|thanks))?")
_YOURS = {"ma": "votre", "mon": "votre", "mes": "vos", "notre": "votre", "nos": "vos", "my": "your", "our": "your"}


_POLITE = frozenset(("svp", "stp", "please", "merci", "thanks", "s", "il", "vous", "plait"))


def announced_problem(text: str) -> str:
    """What a message announcing a problem not yet told is about ("votre réservation"), "" for any other message."""
    line = folded_line(text)
    match = _PROBLEM.fullmatch(line)
    if match is None:
        return ""
    # The words as written (accents kept): folding keeps one word for one word.
    written = re.findall(r"[^\W\d_]+", text)
    start = len(line[:match.start("what")].split())
    words = written[start:] if len(written) == len(line.split()) else match.group("what").split()
    while words and fold(words[-1]).lower() in _POLITE:
        words = words[:-1]
    first = fold(words[0]).lower() if words else ""
    return " ".join([_YOURS.get(first, words[0].lower()), *words[1:]]) if words else ""
