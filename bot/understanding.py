"""What the engine understood of one visitor message, and the thresholds the policy reads it with."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge_base.articles import Article
from knowledge_base.retrieval import Candidate, Ranking


@dataclass(frozen=True)
class Thresholds:
    answer: float = 0.55
    clarify_margin: float = 0.25
    clarify: float = 0.15
    clarify_mass: float = 0.3
    intent: float = 0.5
    max_failed_turns: int = 2


@dataclass(frozen=True)
class Excerpt:
    """A follow-up that finds the page just given again: the part of it that speaks to the message (Searcher.excerpt;
    "" when none does), and the page the message alone found likeliest when that is another one (offered beside).
    `fits`: the part says what the message asks for, an amount, a time, whether it is free (excerpt.says_what_is_asked).
    """

    article_id: str
    text: str
    aside: Candidate | None = None
    fits: bool = False


@dataclass(frozen=True)
class Objection:
    """A message setting the visitor's case against the page just given (bot.reactions): that page, the part of it
    that speaks to the message ("" when none does) and how likely the message alone finds it (None: not at all).
    `done`: the visitor says they already did what it says ("j'ai déjà changé le mot de passe", bot.reactions)."""

    article: Article
    text: str
    probability: float | None
    done: bool = False


@dataclass(frozen=True)
class FollowUp:
    """A short follow-up naming only things the page just given speaks of ("et pour un utilitaire ?" after the deposit
    page): that page, the part of it that names them, and the page the message alone found likeliest, if another.
    `fits`: the part says what the message asks for (Excerpt.fits)."""

    article: Article
    text: str
    aside: Candidate | None = None
    fits: bool = False


@dataclass(frozen=True)
class Understanding:
    """What the engine understood of one visitor message."""

    text: str
    language: str  # the language of this turn (switched when the visitor clearly changed)
    intents: tuple[tuple[str, float], ...]  # ranked
    ranking: Ranking
    other: Ranking | None = None  # the other language, for articles that exist only there
    # Candidate article id -> how near it is to the conversation's current topic (Searcher.affinity).
    continuity: tuple[tuple[str, float], ...] = ()
    # The article in this language that translates the other language's best one (Searcher.twin), if any.
    twin: Candidate | None = None
    # The article the visitor has just been answered with (its translation in this turn's language, if any): a
    # follow-up on its topic asks for something else.
    read: str | None = None
    switched: bool = False  # this message changed the conversation's language
    # The page just answered, in the language this message asks for ("could you explain in English?"), if any.
    again: Candidate | None = None
    paired: bool = False  # `ranking` read the message with the question it follows (a vague follow-up)
    # Pages that may fit, below the bar of a choice, offered beside a person when the failure budget runs out.
    likely: tuple[Candidate, ...] = ()
    # Pages holding what the message is about when its best page matches it by one word that names nothing
    # (Searcher.off_subject): a choice then, not an answer.
    off_subject: tuple[Candidate, ...] = ()
    # The message names something the KB's pages hold (Searcher.names_something): "notre fille est née mardi, comment
    # on la met sur la mutuelle ?" reads off-topic (0.6) but is never told it is outside what the bot knows.
    names_kb: bool = False
    # It names such a thing besides the person or the way to reach one it may ask for ("un conseiller pour résilier
    # mon contrat", not "y a un numéro pour vous appeler ?"): a page to read while waiting must be about that.
    beyond_person: bool = True
    # The message tells of a death, a threat, an injury, money trouble or distress (bot.sensitive): whatever the bot
    # replies comes with sympathy and a person (a sensitive-topic offer), as a sensitive page does.
    sensitive: bool = False
    # "distress" (thoughts of suicide) or "danger" (to someone's body, now: sparks, violence at home, someone injured
    # on the spot), else "" (bot.sensitive.life_at_risk): who to call comes first; in distress the transfer starts.
    at_risk: str = ""
    # The message says nothing yet: "?", "...", "hm" (bot.noise). Neither a question, a "yes" nor anger.
    noise: bool = False
    # The message only asks whether someone is there ("il y a quelqu'un ?", "anyone there?": bot.noise).
    presence: bool = False
    # The message only greets and asks how the bot is ("ça va ?", "hi, how are you?": bot.noise).
    how_are_you: bool = False
    # The message only announces a question still to come ("j'ai une question sur mon contrat": bot.noise).
    announced: bool = False
    # The message only announces a problem not yet told, and what it is about ("votre location": bot.noise).
    problem: str = ""
    # The part of the page just given that speaks to this message, when the message finds that page again.
    excerpt: Excerpt | None = None
    # Right after an answer, a short message setting the visitor's case against it that finds no sure page of its own.
    objection: Objection | None = None
    # Right after an answer, a short follow-up naming only things that page speaks of.
    follow_up: FollowUp | None = None
    # Right after a choice of pages, a message naming nothing but what those pages hold: the pages offered it finds
    # read with the question it follows, likeliest first.
    narrowed: tuple[Candidate, ...] = ()
    # The message only declines more help: "non merci", "non c'est bon", "no thanks, all good" (bot.reactions).
    no_thanks: bool = False
    # The message only thanks: "d'accord merci", "merci du conseil" (bot.reactions.only_thanks), whatever pages its
    # words find.
    thanked: bool = False
    # The message only tells how the visitor feels: "c'est difficile", "j'ai peur" (bot.reactions.tells_feeling).
    feeling: bool = False
    # The message only pleads for help: "aidez-moi vite", "please help me" (bot.reactions.pleads_for_help).
    pleading: bool = False
    # The message only gives up on the question: "laissez tomber", "never mind then" (bot.reactions).
    giving_up: bool = False
    # The message asks again, word for word, the question the last turn answered or offered pages for.
    repeated: bool = False
    # The message only says "yes" ("oui", "yes please") or only acknowledges ("ok", "d'accord"): bot.reactions.assent.
    assent: str = ""
    # The pages of the choice the last turn offered, if it offered one.
    choices: tuple[Candidate, ...] = ()
    # The one page of that choice the message names by its title's words ("le suivi" after a choice holding "Comment
    # suivre ma commande en temps réel ?"): typed instead of tapped.
    picked: Candidate | None = None
    # The other pages of the choice whose page the last turn gave (DialogueState.passed_over).
    passed_over: tuple[Candidate, ...] = ()
    # The message asks several questions and two or more of them each find a page surely: those pages, in the order
    # asked (bot.parts.questions). One is answered, the next offered under it.
    asked: tuple[Candidate, ...] = ()
    # The message only names a topic the pages hold, in a word or two, with no sign of anger ("retard": a delay, read
    # as anger at 0.83): a topic, never an outburst.
    topic_only: bool = False
    # The anger is one clause beside what the message asks ("j'en ai marre, je veux arrêter mon abonnement"), searched
    # without it: the pages found are the question's, not the insult's (engine.NativeEngine._clause_reading).
    outburst: bool = False

    def intent(self, name: str) -> float:
        return next((p for i, p in self.intents if i == name), 0.0)

    @property
    def top_intent(self) -> tuple[str, float]:
        return self.intents[0] if self.intents else ("question", 0.0)
