"""Engines turn a visitor message into replies: `Engine.turn(state, message) -> Turn`."""

from __future__ import annotations

import logging
import re
import shutil
import unicodedata
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bot.decision import CONTINUITY_MARGIN, CONTINUITY_MIN, DOUBTFUL, follow_up_threshold, stands_out, tactful
from bot.intents import FORMAT as INTENTS_FORMAT
from bot.intents import IntentClassifier, IntentScore
from bot.interface import Engine as Engine  # re-exported; declared apart so the web process stays light
from bot.language import LanguageDetector, requested_language
from bot.messages import HANDOFF_REASONS, Turn, VisitorMessage
from bot.nlu_data import Example, load_nlu
from bot.noise import (
    announced_problem,
    announces_question,
    folded_line,
    folded_words,
    is_how_are_you,
    is_noise,
    is_presence_check,
)
from bot.parts import asks_without_mark, clause_parts, clauses, correction, questions, refuses, sentences
from bot.policy import SURE_REQUEST, Policy
from bot.reactions import (
    ANGER_WORDS,
    OBJECTION_WORDS,
    asks_for_person,
    asks_the_same_for,
    asks_what_to_do,
    assent,
    calls_it_abnormal,
    choice_place,
    declines_person,
    did_already,
    is_giving_up,
    is_no_thanks,
    is_objection,
    is_what_if,
    names_person,
    names_the_bot,
    only_thanks,
    person_words,
    pleads_for_help,
    says_goodbye,
    says_thanks,
    says_yes,
    shows_anger,
    sounds_calm,
    states_calmly,
    tells_context,
    tells_feeling,
)
from bot.sensitive import denies_injury, grave_title, life_at_risk, sensitive_situation, tells_of_death
from bot.state import DialogueState
from bot.understanding import Excerpt, FollowUp, Objection, Thresholds, Understanding
from knowledge_base.analysis import STOP_WORDS, fold
from knowledge_base.articles import Article
from knowledge_base.embedding import Encoder
from knowledge_base.excerpt import (
    answer_parts,
    asked_kind,
    asks_whom_to_call,
    names_the_price,
    next_part,
    opening_steps,
    plain_part,
    quoted_part,
    says_what_is_asked,
)
from knowledge_base.index import QueryView
from knowledge_base.retrieval import Candidate, Ranking
from knowledge_base.searcher import Searcher
from relais.errors import ModelMismatch

log = logging.getLogger(__name__)
NLU_DIR = Path(__file__).resolve().parent.parent / "data" / "nlu"
CONTINUITY_CANDIDATES = 3  # the leading candidates whose nearness to the conversation's topic is measured
# Plain small talk ("merci !", "bonjour", "oui") is not looked up in the other language: no page there is meant.
CHAT_INTENTS = frozenset({"greet", "thanks", "goodbye", "affirm", "deny", "bot_challenge"})
CHAT_SURE = 0.9
# A sentence of a longer message asking for a person this surely is the message's intent ("get me a real person"
# reads 0.95; "je n'ai appelé personne à l'étranger" 0.68, "j'ai qu'un ipad" 0.66, "put me through to someone who
# can fix it" 0.70: a transfer nobody asked for costs more than a request heard one turn later).
SENTENCE_REQUEST = 0.8
# ... or at this when the message reads annoyed: as a whole (frustration at ANNOYED_ASKING or more) or in another of
# its sentences (frustration at the policy's intent threshold): "I already tried resending it three times, nothing
# arrives. Put me through to someone who can actually fix it" (0.70 for a person, the whole 0.44 frustration),
# while calm questions have sentences near it ("Je n'ai appelé personne à l'étranger", 0.68).
SENTENCE_REQUEST_ANNOYED = 0.6
# A clause of a longer message this surely angry, in words of anger, makes the message an angry one ("honestly this
# is ridiculous, my refund still hasn't arrived": 0.99 for the clause, 0.44 for the whole). The intents alone are not
# enough: they read short statements as annoyance ("je suis dyslexique", "j'ai peur", "même au distributeur rien ne
# sort": 0.8-0.9), and "ça ne marche pas, comment réinitialiser mon mot de passe ?" (0.57) stays a question anyway.
CLAUSE_ANGER = 0.85
# Words of anger and insults, on folded words one space apart.
TOPIC_WORDS = 2  # a message this short naming what the pages hold, with no sign of anger, is a topic (see topic_only)
Reading = tuple[str | None, str]  # the language a message asks for, if any, and the one it is read in
ANNOYED = 0.2  # a frustration probability this high keeps a message from being read as a follow-up
# ... unless it ends with a question mark: "et s'il fait 10 kilos avec sa cage ?" reads 0.22, "ça me fera combien en
# plus ?" 0.28, while "I already did that, still stuck" and "allo ? toujours personne ?" read 0.4 and more.
ANNOYED_ASKING = 0.3
CALM_ASKING = 0.5  # ... and this, for a question with no sign of annoyance (bot.reactions.sounds_calm)
ASKED_CHARS = 300  # of the last question kept in the dialogue state for follow-ups
LIKELY_FLOOR = 0.1  # a page offered beside a person when the failure budget runs out (see Understanding.likely)
LIKELY_PAGES = 3
# Terms that say a thing is not or is missing ("rien", "pas"): "ça marche pas" says nothing in the page's terms.
NEGATIONS = frozenset({"pas", "rien", "aucun", "plus", "moin", "san", "not", "no", "noth", "nothing", "without"})
ECHO_WORDS = 6  # a message this short in the words of the page just given tells the visitor's case in them
CONTEXT_ANGER = 0.9  # a calm statement of the visitor's case read this surely as anger is anger
TYPED_PREFIX, TYPED_WORDS = 4, 4  # a choice typed: words compared by 4 letters, 4 words at most
BARE_QUESTION = 3  # words: "à Lyon ?" right after the opening-hours page is about it as much as "et à Lyon ?"
SHORT_QUESTION = 4  # words: "c gratuit ?", "je dois la payer ?" read like "et c'est gratuit ?" (see _elliptical)
CORRECTION = re.compile(r"\s*(?:non|nan|no|nope|pas (?:ça|ca)|not that|i meant|je voulais dire)\b", re.IGNORECASE)
COMPLAINT = 0.9  # how sure a complaint of the case said in so many words ("c'est pas normal") is of annoyance
# How a follow-up opens: "et c'est gratuit ?", "mais pour un meuble ?", "and is it free?", "what about a sofa?", or
# with words pointing back at what was just said: "d'ici là je peux payer en ligne ?", "in the meantime, can I...".
FOLLOW_UP_OPENER = re.compile(
    r"\s*(?:et|mais|sinon|du coup|en attendant|d'ici l[àa]|dans ce cas|and|but|also|so|what about|how about|"
    r"in the meantime|meanwhile|until then|in that case)\b", re.IGNORECASE)
# A part of a page on what to do in a case the visitor may be in: "Si vous avez saisi votre carte...", "If you ...".
CASE_PART = re.compile(r"\s*(?:si (?:vous|votre|vos)|s'il|s’il|if (?:you|your))\b", re.IGNORECASE)
# A statement saying what "it" is or was: "it was Paris to Lisbon", "c'était un Paris-Rome".
SAYS_WHAT_IT_WAS = re.compile(r"\s*(?:it(?:'s| is| was)|its|this (?:is|was)|c['’]est|c['’]était|c['’]etait|ce sont|"
                              r"c était|c etait|ça|ca) ", re.IGNORECASE)
# A message doing "it" points back as much: "can I do it by phone?" after the page on changing a flight, "I need it
# with my company name" after the invoice page.
DOING_IT = re.compile(r"\b(?:(?:do|doing|did|need|get|have|send|receive|return|pay|change|cancel|use|make|bring|"
                      r"take) (?:it|them|that|this)(?! (?:is|was|'s)\b)|le faire|la faire|les faire|"
                      r"faire (?:ça|ca|cela)|(?:peux|peut|pouvons|pouvez|peuvent|dois|doit|devons|devez|doivent|vais|"
                      r"va|allons|allez|vont|faut)[- ](?:la|le|les) \w+)\b", re.IGNORECASE)


def load_intents(encoder: Encoder, examples: Sequence[Example], cache: Path) -> IntentClassifier:
    """The persisted intent model when it matches the data and the encoder; otherwise trained anew.

    Models live in `cache/intents-v<format>-<data hash>-<encoder>`, so every data dir on the machine shares them, and
    switching encoders (fp32 / int8) does not make each start retrain over the other's model.
    """
    texts = [e.text for e in examples]
    labels = [e.intent for e in examples]
    encoder_slug = re.sub(r"[^a-z0-9]+", "-", encoder.name.lower()).strip("-")[-60:]
    data_hash = IntentClassifier.hash_data(texts, labels)[:16]
    directory = cache / f"intents-v{INTENTS_FORMAT}-{data_hash}-{encoder_slug}"
    try:
        stored = IntentClassifier.load(directory, encoder)
        if stored.data_hash == IntentClassifier.hash_data(texts, labels):
            return stored
        log.info("training the intent model (the NLU data changed)")
    except (FileNotFoundError, ModelMismatch, KeyError, ValueError) as exc:
        log.info("training the intent model (%s)", exc.__class__.__name__)
    fresh = IntentClassifier(encoder).fit(texts, labels)
    # Saved whole, then renamed: another process reading the cache never sees half a model.
    staging = cache / f".intents-{uuid.uuid4().hex}"
    fresh.save(staging)
    try:
        staging.rename(directory)
    except OSError:  # another process saved the same model first (or an unreadable one is in the way)
        shutil.rmtree(staging, ignore_errors=True)
        if directory.exists() and not (directory / "manifest.json").exists():
            shutil.rmtree(directory, ignore_errors=True)
    return fresh


def kb_topics(articles: Sequence[Article], language: str, limit: int = 6) -> list[str]:
    """What the bot can talk about, for fallbacks: the most frequent tags, else a few titles, quoted (a title
    such as "I can smell gas, what should I do" is a question, not a topic to list as is)."""
    mine = [a for a in articles if a.language == language]
    # Topics to browse, not the sensitive cases a page hands over to a person: "accident, injured" listed to an
    # angry or hurt visitor reads like a menu. Their tags come in only through ordinary pages that share them.
    ordinary = [a for a in mine if not a.handoff] or mine
    tags = Counter(t for a in ordinary for t in a.tags)
    if len(tags) >= 3:
        # The most shared first, then one per page: a page's tags are facets of one topic ("accident, sinistre,
        # constat amiable"), so the list spans as many pages as it can before it gives a page a second tag.
        picked: list[str] = []
        listed: set[int] = set()
        for spread in (True, False):
            for tag, _ in tags.most_common():
                pages = {i for i, a in enumerate(ordinary) if tag in a.tags}
                if len(picked) < limit and tag not in picked and not (spread and pages <= listed):
                    picked.append(tag)
                    listed |= pages
        return [_written(t, [a for a in ordinary if t in a.tags]) for t in picked]
    quotes = ("« ", " »") if language == "fr" else ("“", "”")
    return [f"{quotes[0]}{a.title.rstrip(' ?')}{quotes[1]}" for a in mine[:4]]


_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_PLAIN = str.maketrans("àâäáãåçéèêëíìîïñóòôöõúùûüýÿ’", "aaaaaaceeeeiiiinooooouuuuyy'")


def _written(tag: str, articles: Sequence[Article]) -> str:
    """A tag as the articles write it: "securite" -> "sécurité", "service_client" -> "service client"."""
    plain = re.sub(r"[-_]+", " ", tag).strip()
    if " " in plain:
        return plain
    key, size = fold(plain), len(plain)
    wanted = {key, key + "s", key + "x"}
    # The word itself or its plural ("Échanges" gives "échange"), in the articles that carry the tag (a translation
    # table, not `fold`: this runs after every edit of the KB).
    texts = (unicodedata.normalize("NFC", text).lower() for a in articles for text in (a.title, *a.questions, a.answer))
    forms: Counter[str] = Counter(w[:size] for text in texts for w in _WORD.findall(text)
                                  if size <= len(w) <= size + 1 and w.translate(_PLAIN) in wanted)
    # A tag written as a word the articles use is that word ("commande", though they say "commandé" too).
    return plain if not forms or plain.lower() in forms else forms.most_common(1)[0][0]


class NativeEngine:
    """Relais' own NLU and hybrid retrieval under the shared policy."""

    name = "native"

    def __init__(
        self,
        searcher: Searcher,
        intents: IntentClassifier,
        detector: LanguageDetector,
        policy: Policy,
    ) -> None:
        self.searcher = searcher
        self.intents = intents
        self.detector = detector
        self.policy = policy
        self._topics: dict[str, list[str]] = {}
        self._topics_revision = -2
        self._paired: tuple[tuple[str, str, str], Ranking] | None = None  # this turn's, see _with_asked

    def topics(self, language: str) -> list[str]:
        if self._topics_revision != self.searcher.revision:
            arts = list(self.searcher.articles.values())
            self._topics = {lang: kb_topics(arts, lang) for lang in self.searcher.languages}
            self._topics_revision = self.searcher.revision
        return self._topics.get(language, [])

    def turn_warmup(self) -> None:
        """Runs one throw-away turn so the first visitor does not pay for lazy loading."""
        for lang in self.searcher.languages:
            self.understand(DialogueState(language=lang), "bonjour" if lang == "fr" else "hello")

    def turns(self, batch: Sequence[tuple[DialogueState, VisitorMessage]]) -> list[Turn | Exception]:
        """Turns of several conversations: their messages are encoded in one batch (cheaper than one by one),
        then each turn runs as usual and finds its vector in the encoder's cache."""
        # Each message's language is read once, here, and handed to its turn.
        readings: dict[tuple[str, str], Reading] = {}
        for state, message in batch:
            if message.text and not message.payload and (message.text, state.language) not in readings:
                requested = requested_language(message.text)
                readings[message.text, state.language] = (requested, self._language(state, message.text, requested))
        pending = list(dict.fromkeys((text, language) for (text, _), (_, language) in readings.items()))
        if len(pending) > 1:
            # French messages are tagged in one pass too (the analyzer keeps the parses for the turns).
            self.searcher.prepare(pending)
        results: list[Turn | Exception] = []
        for state, message in batch:
            try:
                results.append(self.turn(state, message, reading=readings.get((message.text, state.language))))
            except Exception as exc:  # one failing turn must not fail the others of its batch
                results.append(exc)
        return results

    def turn(self, state: DialogueState, message: VisitorMessage, *, reading: Reading | None = None) -> Turn:
        """One turn; `reading` is the message's requested and detected language when already known (see turns)."""
        payload = (message.payload or "").strip()
        if payload.startswith("article:"):
            article = self.searcher.get(payload.split(":", 1)[1])
            if article is not None:
                return self.policy.choose_article(state, article)
        if payload == "close":
            return self.policy.close(state)
        if payload == "handoff" or payload.startswith("handoff:"):
            reason = payload.split(":", 1)[1] if ":" in payload else "explicit_request"
            return self.policy.handoff(state, reason if reason in HANDOFF_REASONS else "explicit_request")  # type: ignore[arg-type]
        understood = self.understand(state, message.text, reading)
        turn = self.policy.decide(state, understood, self.topics(understood.language))
        kinds = {r.kind for r in turn.replies}
        if understood.noise or understood.repeated:
            pass  # "?", or the same question again, changes nothing of what the conversation is about
        elif "handoff" in kinds and turn.state.clarify_options:
            pass  # the offer of a person with pages that may fit: the question it follows stays the topic
        elif kinds & {"answer", "clarify"} or ("fallback" in kinds and turn.state.clarify_options):  # a page suggested
            # A request for the page in another language, a vague follow-up read with the question it follows (after
            # an answer or a choice), a follow-up on the page just given ("et pour un utilitaire ?"): the question
            # asked stays the topic.
            if understood.again is None and not understood.paired and understood.follow_up is None and (
                    not understood.narrowed):
                turn = replace(turn, state=replace(turn.state, asked=message.text[:ASKED_CHARS],
                                                   asked_language=turn.state.language))
        elif kinds & {"fallback", "handoff"}:
            turn = replace(turn, state=replace(turn.state, asked="", asked_language=""))
        return turn

    def _vouched(self, state: DialogueState, part: Ranking, whole: Ranking) -> Ranking:
        """One sentence's ranking, answered only if the whole message also points to its article, or the
        article continues the conversation's topic: otherwise ("how do I change the holder of the line? it's
        for my partner") the rest may change the question, and the article is offered as a choice instead."""
        best = part.best
        if best is None:
            return part
        support = next((c.probability for c in whole.candidates if c.article.id == best.article.id), 0.0)
        ceiling = self.policy.t.answer - 1e-6
        if support >= self.policy.t.clarify or best.probability <= ceiling:
            return part
        if dict(self._continuity(state, part)).get(best.article.id, 0.0) >= CONTINUITY_MIN:
            return part
        return Ranking(part.language, (replace(best, probability=ceiling), *part.candidates[1:]))

    def _language(self, state: DialogueState, text: str, requested: str | None) -> str:
        """The language of this message: the one it asks for (`requested`, see bot.language.requested_language:
        "vous pouvez me répondre en anglais ?"), else the one detected, else the conversation's."""
        detected = requested or self.detector.detect(text)
        return detected if detected in self.searcher.languages else state.language

    def _again(self, state: DialogueState, requested: str | None, language: str, ranking: Ranking) -> Candidate | None:
        """"Sorry, my French isn't great, could you explain in English?" right after an answer: that page, in the
        language asked for. Right after a choice of pages, the translation of the first one (its twin, not a near
        page), when the message finds it too (first, or near-tied with the first): "can you tell me in English
        whether I'll have to pay for the windscreen?"."""
        if requested != language or language == state.language:
            return None
        if state.clarify_options:
            found = self.searcher.twin(state.clarify_options[0])
        else:
            found = self.searcher.counterpart(state.shown_articles[-1], language) if state.shown_articles else None
        article = self.searcher.get(found) if found else None
        if article is None:
            return None
        candidate = next((c for c in ranking.candidates if c.article.id == article.id), None)
        if not state.clarify_options:
            return candidate or Candidate(article, 0.0, ())
        best = ranking.best
        if candidate is None or best is None or candidate.probability < best.probability - self.policy.t.clarify_margin:
            return None
        return candidate

    def understand(self, state: DialogueState, text: str, reading: Reading | None = None) -> Understanding:
        if reading is None:
            requested = requested_language(text)
            reading = requested, self._language(state, text, requested)
        requested, language = reading
        self._paired = None
        opening, rest = assent(text)
        if rest and opening:
            # "Ok et si c'est rouge ?", "oui mais sinon le prix d'une clio ?": an acknowledgement, then what the message
            # asks; read as a "yes", it would start a transfer nobody asked for.
            text = rest
        corrected = correction(text) if state.answered or state.clarify_options else ""
        if corrected:
            # "Non je voulais dire annuler mon abonnement" right after the live-classes page: a new question, read
            # alone (not with the one it corrects), the page just given being the one refused.
            text = corrected
            state = replace(state, asked="", answered="", rejected=state.answered or state.rejected, choosing=False)
        declined, said = declines_person(text)
        if said and declined:
            # "Je veux pas de conseiller, dites-moi juste comment résilier": what it asks, with no person in it.
            text = said
        view = self.searcher.view(text, language)
        # Intents read the message as written (the searched text may carry the regions of places it names).
        message_scores = self.intents.predict(text, (view.plain or view).vector)
        by_clause, calm = self._clause_reading(text, message_scores)
        scores = by_clause or message_scores
        if calm:
            # Searched without its outburst: an insult's words only find pages by chance.
            view = self.searcher.view(calm, language)
        # The pages found are the question's, not the insult's: the frustrated reply may offer them all.
        raised = scores[0].intent == "frustration" and frustration(scores) > frustration(message_scores)
        outburst = bool(calm) or raised
        if declined:
            # A person refused is no request for one (the intents read 0.9 for a person in "I don't want a human");
            # refused and nothing else said, a "no".
            scores = tuple(s for s in scores if s.intent != "ask_human")
            if not said:
                scores = _foremost(scores, "deny", 0.9)
        if not declined and asks_for_person(text) and _score(scores, "ask_human") < SURE_REQUEST:
            # "Je veux parler à quelqu'un pour ma commande de frigo qui n'est pas arrivée" (a person at 0.34): said in
            # so many words, a request for a person, whatever reason comes with it.
            scores = _as_request(scores)
        if not names_person(text) and 0.0 < _score(scores, "ask_human") < SURE_REQUEST:
            # "Je voudrais changer d'option tarifaire" (a person at 0.6) names no one: a request for a person names
            # a person, a team or a way to reach one. Unsure, it is the question it reads as besides.
            scores = _as_question(scores, "ask_human")
        if not names_the_bot(text) and 0.0 < _score(scores, "bot_challenge") < SURE_REQUEST:
            # "Do you have automatic cars?" (the bot at 0.52) names neither the bot nor what it is: the question it
            # reads as besides (it got "I'm a program, not a person").
            scores = _as_question(scores, "bot_challenge")
        calm_done = bool(state.answered) and is_objection(text) and did_already(text) and "!" not in text and (
            ANGER_WORDS.search(folded_line(text)) is None)
        if 0.0 < frustration(scores) < CONTEXT_ANGER and (
                calm_done or tells_context(text) or (bool(state.shown_articles) and states_calmly(text))
                or self._told_of_the_page(state, text, view, language)
                or (bool(state.shown_articles) and denies_injury(text) and not shows_anger(text))):
            # "J'habite à Rennes" after the Sunday-delivery page (anger 0.72), "je suis plombier" after the quotes page:
            # the visitor's case, told calmly, is the question's details. "J'ai déjà cliqué sur annuler" right after
            # the page saying to: a step taken that did not help (Policy._objection), not an outburst.
            scores = _as_question(scores, "frustration")
        if state.answered and asks_whom_to_call(text):
            # "What number do I call?" right after the gas-leak page (a person at 0.61) asks for the number it gives.
            scores = _as_question(scores, "ask_human")
        for kind, heard in (("goodbye", says_goodbye), ("thanks", says_thanks), ("affirm", says_yes)):
            if state.shown_articles and scores and scores[0].intent == kind and not heard(text):
                # After a page, a goodbye, thanks or yes is said in its words: "ok I'm outside now" after the gas-leak
                # page read as a goodbye ("See you soon!"), "et si je la trouve trop chère" as thanks ("Ravi d'avoir pu
                # aider"), "ça fait 6h" (a power cut) as a yes to the person offered: the visitor goes on about it.
                scores = _as_question(scores, kind)
        if state.answered and scores and scores[0].intent == "out_of_scope" and states_calmly(text) and (
                SAYS_WHAT_IT_WAS.match(text)):
            # "It was Paris to Lisbon" right after the compensation page (off-topic, 0.62: "I'm the customer-service
            # assistant, so I can't answer that"): a detail of the visitor's case, not chat ("my cat is called Felix").
            scores = _as_question(scores, "out_of_scope")
        bare_complaint = False
        if calls_it_abnormal(text):
            # "C'est pas normal" right after the late-delivery page read as a "no" ("D'accord, ce n'était pas ça"),
            # "that's not normal" as a question (a choice of the refund and loyalty pages): a complaint of the case,
            # which gets an apology and the person; searched without it (it found pages by "normal" alone), and
            # alone, for no page at all.
            scores = _foremost(scores, "frustration", max(COMPLAINT, frustration(scores)))
            rest = " ".join(part for part in clause_parts(text) if not calls_it_abnormal(part))
            bare_complaint = len(folded_words(rest)) < 2
            view = view if bare_complaint else self.searcher.view(rest, language)
        ranking = self.searcher.search(view, language)
        if bare_complaint:
            ranking = replace(ranking, candidates=())
        best = ranking.best
        if corrected and state.rejected and (refuses(text) or best is None or best.article.id != state.rejected
                                             or best.probability < self.policy.t.answer):
            # "Non je parle pas de carte cadeau, une carte de fidélité avec des points": not the page just refused,
            # found again by the words the correction shares with it. "Je parle du remboursement de ma location",
            # surely that page's again, says no "no": the part of it on that (it got the theft page among others).
            kept = tuple(c for c in ranking.candidates if c.article.id != state.rejected)
            ranking = replace(ranking, candidates=kept)
        views = [view]
        if ranking.best is None or ranking.best.probability < self.policy.t.answer:
            # "Sorry, can we switch to English? Where is my parcel?": the question may be one sentence of several.
            views += [self.searcher.view(part, language) for part in sentences(text)]
            whole = ranking
            ranking = best_ranking([ranking, *(self.searcher.search(v, language) for v in views[1:])])
            if ranking is not whole:
                ranking = self._vouched(state, ranking, whole)
        chat = bool(scores) and scores[0].intent in CHAT_INTENTS and scores[0].confidence >= CHAT_SURE
        # A follow-up question, not thanks, a request for a person, or a hint of annoyance ("I already did that,
        # still stuck"): the page just given is the last thing to bring back then. A question mark counts when no
        # intent is sure ("et si je ne peux pas y aller avant samedi ?" reads a little like "non, je ne peux pas").
        unsure = not scores or scores[0].confidence < self.policy.t.intent
        unmarked = asks_without_mark(text)  # "c'est combien" asks as much as "c'est combien ?"
        asks = text.rstrip().endswith("?") or unmarked
        marked = "?" in text or unmarked  # a question mark anywhere, or a question word asking without one
        # "Ça coûte quelque chose ?" (anger 0.36) right after the account-closure page asks calmly about it.
        # So does a calm statement the intents read as a question ("ça fait 6h" after the power-cut page, anger 0.28).
        stated = bool(scores) and scores[0].intent == "question"
        annoyed = CALM_ASKING if (asks or stated) and sounds_calm(text) else ANNOYED_ASKING if asks else ANNOYED
        # "Et si ça fait plus de 48h ?" right after an answer reads off-topic (0.57): a follow-up question all the same.
        # "What if I forget" (a "no" at 0.8) asks about a case all the same.
        what_if = is_what_if(text)
        question_mark = "?" in text or what_if or unmarked
        opener = points_back(text)
        # After an answer or a choice of pages ("do you have a store in Marseille?" ... "what about Lyon").
        following = opener and (last_answer(state) is not None or state.choosing) and bool(scores) and (
            scores[0].confidence < CHAT_SURE)
        asking = bool(scores) and (
            scores[0].intent == "question" or ((unsure or following) and question_mark)
            or (what_if and scores[0].intent in ("affirm", "deny"))) and all(
            s.confidence < annoyed for s in scores if s.intent == "frustration")
        # A page on a death, a threat... found unsure by a visitor telling of none is not their reading (the decision
        # drops it, decision.tactful): "et je reçois la dernière facture quand ?" after the cancellation page found the
        # holder's-death page ("sa dernière facture", 0.59), which held the follow-up off the page just given.
        sensitive = sensitive_situation(text)
        ranking = tactful(ranking, sensitive)
        paired = None
        own = ranking
        if asking and (ranking.best is None or ranking.best.probability < self.policy.t.answer):
            paired = self._in_context(state, text, view, ranking)
            ranking = paired or ranking
        elif asking and (opener or last_answer(state) is not None or (
                question_mark and len(folded_words(text)) <= SHORT_QUESTION)):
            # "Et c'est gratuit ?", or just "c gratuit ?": short, naming nothing, right after an answer. So is "ça coûte
            # combien de changer" after the meter-power page, whose words found the green option ("Combien coûte
            # l'option verte ?") at 0.86.
            paired = self._elliptical(state, text, view, ranking)
            ranking = paired or ranking
        other, twin = (None, None) if chat else consult_other(self.searcher, views, text, language, ranking,
                                                              self.policy.t)
        intents = tuple((s.intent, s.confidence) for s in scores)
        read = last_answer(state)
        likely: tuple[Candidate, ...] = ()
        if asking and state.failed_turns + 1 >= self.policy.t.max_failed_turns and (
                ranking.best is None or ranking.best.probability < self.policy.t.clarify):
            likely = self._likely(state, text, ranking)
        off_subject = self.searcher.off_subject(view, ranking) if paired is None and ranking.best is not None and (
            ranking.best.probability >= self.policy.t.answer) else ()
        names_kb = self.searcher.names_something(view, language)
        choices = self._choices(state)
        picked = self._typed_choice(choices, state.language, text) or self._told_apart(choices, view, ranking)
        return Understanding(text, language, intents, ranking, other, self._continuity(state, ranking), twin,
                             again=self._again(state, requested, language, ranking), paired=paired is not None,
                             read=self._in_language(read, language) if read else None,
                             switched=language != state.language, likely=likely, off_subject=off_subject,
                             names_kb=names_kb,
                             beyond_person=self._beyond_person(text, view, language),
                             sensitive=sensitive, at_risk=life_at_risk(text),
                             noise=is_noise(text) and picked is None,  # "3" picks
                             presence=is_presence_check(text), how_are_you=is_how_are_you(text),
                             announced=announces_question(text), problem=announced_problem(text),
                             excerpt=self._excerpt(state, view, ranking, own),
                             follow_up=self._number_to_call(state, text, view, ranking)
                             or self._what_to_do(state, text, ranking)
                             or self._asked_of_the_page(state, text, marked, view, ranking)
                             or self._after_a_death(state, marked or states_calmly(text), view, ranking)
                             or self._case_told(state, text, marked, view, ranking)
                             or self._living_abroad(state, text, ranking)
                             or self._follow_up(state, text, view, ranking)
                             or self._on_the_answer(state, view, ranking),
                             narrowed=self._narrowed(state, text, view, language),
                             objection=self._objection(state, text, view, ranking), no_thanks=is_no_thanks(text),
                             thanked=only_thanks(text) and not unmarked and not asks_for_person(text) and (
                                 _score(scores, "ask_human") < self.policy.t.intent),
                             giving_up=is_giving_up(text), pleading=pleads_for_help(text), feeling=tells_feeling(text),
                             assent=opening if not rest else "",
                             repeated=bool(state.asked) and _same_words(text, state.asked),
                             choices=choices, picked=picked,
                             outburst=outburst,
                             passed_over=self._pages(state.passed_over),
                             topic_only=len(folded_words(text)) <= TOPIC_WORDS and names_kb and not shows_anger(text),
                             asked=self._asked_pages(text, language) if paired is None and not chat else ())

    def _asked_pages(self, text: str, language: str) -> tuple[Candidate, ...]:
        """When the message asks several questions (bot.parts.questions) and two or more of them each find a page
        surely, those pages, in the order asked ("Comment modifier mon IBAN ? Et où je télécharge ma facture ?": the
        payment page, then the bills page)."""
        t = self.policy.t
        found: dict[str, Candidate] = {}
        for part in questions(text):
            ranking = self.searcher.search(self.searcher.view(part, language), language)
            if ranking.best is not None and stands_out(ranking, t.answer, t):
                found.setdefault(ranking.best.article.id, ranking.best)
        return tuple(found.values()) if len(found) > 1 else ()

    def _beyond_person(self, text: str, view: QueryView, language: str) -> bool:
        """Whether the message names something the pages hold besides the person or the way to reach one it may ask
        for: "y a un numéro de téléphone pour vous appeler ?" names the phone number the gas-leak page gives, no topic
        of its own; "un conseiller pour résilier mon contrat" names the contract."""
        person = person_words(text)
        return any(not any(w.startswith(n) for w in person) for n in self.searcher.known_nouns(view, language))

    def _choices(self, state: DialogueState) -> tuple[Candidate, ...]:
        """The pages of the choice the last turn offered, if it offered one (they are offered again after "oui")."""
        return self._pages(state.clarify_options) if state.choosing else ()

    @staticmethod
    def _typed_choice(choices: Sequence[Candidate], language: str, text: str) -> Candidate | None:
        """Right after a choice of pages, a message of a few words all found in one page's title and in no other's ("le
        suivi" for "Comment suivre ma commande en temps réel ?"): that page, as if tapped. Words compare by their first
        letters (TYPED_PREFIX), so "suivi" names "suivre"; function words do not count. "La deuxième" is the second
        (it got the first, as the words of "le premier" found nothing)."""
        place = choice_place(text) if choices else None
        if place is not None and -len(choices) <= place < len(choices):
            return choices[place]
        said = folded_words(text)
        stop = STOP_WORDS.get(language, frozenset())
        words = [w for w in said if len(w) >= TYPED_PREFIX and w not in stop]
        if not choices or not words or len(said) > TYPED_WORDS:
            return None
        named = [c for c in choices if all(
            any(t.startswith(w[:TYPED_PREFIX]) for t in folded_words(c.article.title)) for w in words)]
        return named[0] if len(named) == 1 else None

    def _told_apart(self, choices: Sequence[Candidate], view: QueryView, ranking: Ranking) -> Candidate | None:
        """Right after a choice of pages, a message its own reading finds among them near-tied, one of which only holds,
        against each other page offered, a word of it that page lacks: that page, as if tapped ("can I add a
        suitcase?" after the baggage pages: "Adding a bag or paying for excess weight", 0.55 beside the allowance page,
        0.61; it got "the same pages come up again")."""
        offered = {c.article.id for c in choices}
        best = ranking.best
        if best is None or best.article.id not in offered:
            return None
        near = [c for c in ranking.candidates[:3] if c.article.id in offered and (
            c.probability >= max(self.policy.t.clarify, best.probability - self.policy.t.clarify_margin))]
        apart = [c for c in near if all(
            self.searcher.distinct_terms(view, c.article.id, other.article.id) for other in choices
            if other.article.id != c.article.id)]
        return apart[0] if len(near) > 1 and len(apart) == 1 else None

    def _pages(self, article_ids: Sequence[str]) -> tuple[Candidate, ...]:
        found = (self.searcher.get(a) for a in article_ids)
        return tuple(Candidate(a, 0.0, ()) for a in found if a is not None)

    def _excerpt(self, state: DialogueState, view: QueryView, ranking: Ranking, own: Ranking) -> Excerpt | None:
        """When the message finds first the page the last turn answered with: the part of it that speaks to the
        message, and the page the message alone found likeliest if another one, plausible (the clarify bar): "et si
        elle n'arrive pas ?" after the order-tracking page, read with the question it follows, finds that page again;
        alone, the late-delivery page."""
        best = ranking.best
        if best is None or best.article.id not in {state.answered, state.rejected} - {""}:
            return None
        text = self.searcher.excerpt(best.article.id, view, avoid=state.last_texts)
        if text is None:
            return None
        aside = self._aside(own.best, best.article.id, view.text)
        return Excerpt(best.article.id, text, aside, fits=bool(text) and says_what_is_asked(view.text, text))

    def _follow_up(self, state: DialogueState, text: str, view: QueryView, ranking: Ranking) -> FollowUp | None:
        """Right after an answer, a short follow-up naming only things that page speaks of ("et pour un utilitaire ?"
        after the deposit page, "800 € pour une voiture, 1 200 € pour un utilitaire"): about that page, whatever page
        its words find first (the van sizes, 0.84). The part of it that names them, and that other page beside. A
        question of a word or two needs no opener ("à Lyon ?" after the opening-hours page found the invoice page)."""
        words = len(folded_words(text))
        if not state.answered or words > SHORT_QUESTION or (FOLLOW_UP_OPENER.match(text) is None and not (
                "?" in text and words <= BARE_QUESTION)):
            return None
        article = self._answered_page(state, ranking.language)
        if article is None or not self.searcher.holds_all_named(view, article.id):
            return None
        return self._named_part(state, view, article, ranking.best)

    def _number_to_call(self, state: DialogueState, text: str, view: QueryView, ranking: Ranking) -> FollowUp | None:
        """Right after an answer, "what number do I call?" / "je dois appeler qui ?": the part of that page saying whom
        to call, if it has one (the gas-leak page: "Once outside, call GRDF's Gas Safety Emergency number... or 112";
        the question alone found the meter-reading page, and read as a request for a person, it started a transfer)."""
        article = self._answered_page(state, ranking.language) if asks_whom_to_call(text) else None
        return self._part_saying(article, text, [view]) if article is not None else None

    def _what_to_do(self, state: DialogueState, text: str, ranking: Ranking) -> FollowUp | None:
        """Right after an answer, "que faire ?", "qu'est-ce que je fais ?", "what do I do now?": what that page says to
        do first, its opening (OPENING). Alone, "que faire ?" right after the allergic-reaction page found the page on
        cancelling an order; "what do I do now?" after the hacked-account page got the off-topic fallback."""
        article = self._answered_page(state, ranking.language) if asks_what_to_do(text) else None
        if article is None:
            return None
        case = quoted_part(article.answer, state.last_texts)
        if case:
            # Right after a line of it on the visitor's case, what to do is what that line says, not the page's opening:
            # "ok so what can I do then" after "Once the status is 'Being prepared', online cancellation is no longer
            # possible: you can refuse the parcel..." got "While your order's status is 'Confirmed', cancel it...".
            return FollowUp(article, case)
        return FollowUp(article, opening_steps(article.answer), fits=True)

    def _asked_of_the_page(self, state: DialogueState, text: str, asks: bool, view: QueryView, ranking: Ranking
                           ) -> FollowUp | None:
        """Right after an answer, a question asking for an amount, whether it is free or a time ("combien ?", "et ça
        coute combien en plus ?", "is there a fee?"), every other word of it one the page holds: the part of that
        page that says it ("29 € par jour, plafonné à 290 €"). Alone, "et ça coute combien en plus ?" found the
        mileage page (0.59), "combien ?" read as chat and got the off-topic fallback."""
        article = self._answered_page(state, ranking.language) if asks and asked_kind(text) is not None else None
        if article is None:
            return None
        own = ranking.best
        if not self.searcher.holds_all_said(view, article.id) and (
                (own is not None and own.probability >= self.policy.t.answer)
                or not self.searcher.named_within(view, [article.id], ranking.language)):
            # Words the page lacks ask something else ("combien ça coûte de résilier ?" after the returns page), unless
            # they are no noun and nothing else is sure: "ils le gardent combien de temps ?" after the lost-property
            # page ("conservés 30 jours") got a choice of the rail cards.
            return None
        if not state.asked or state.asked_language != ranking.language:
            return self._part_saying(article, text, [view])
        # Else read with the question it follows too (encoded only when needed): the part nearest the message alone may
        # name no amount. A message naming nothing else is read with it first: alone, "combien ça coûte ?" after the
        # page on changing a flight found its last line by "coûte" ("par téléphone coûte 20 € de plus"), not the fares.
        part = "" if self.searcher.names_something(view, ranking.language) else quoted_part(
            article.answer, state.last_texts)
        if part and says_what_is_asked(text, part):
            # Naming nothing, about the line just quoted: "how long does it take?" right after "A replacement card
            # reaches you within 5 working days" (to "will I get a new one?"), not "a virtual card is available
            # immediately", nearer the words.
            return FollowUp(article, part, fits=True)
        if self.searcher.asks_only(view, ranking.language):
            return self._part_saying(article, text, [self._asked_view(state, text, ranking.language), view])
        return self._part_saying(article, text, [view]) or self._part_saying(
            article, text, [self._asked_view(state, text, ranking.language)])

    def _part_saying(self, article: Article, text: str, views: Sequence[QueryView]) -> FollowUp | None:
        """The part of the page just given that says what the message asks for (a number to call, an amount, a time:
        excerpt.says_what_is_asked), the first found over these readings of the message. Quoted even if just quoted:
        it is what was asked."""
        for reading in views:
            part = self.searcher.excerpt(article.id, reading, saying=True)
            if part and (says_what_is_asked(text, part) or names_the_price(text, part)):
                return FollowUp(article, part, fits=True)
        return None

    def _after_a_death(self, state: DialogueState, asks: bool, view: QueryView, ranking: Ranking) -> FollowUp | None:
        """Right after the page on a death, a question every word of which that page holds is asked about the
        bereavement ("comment on annule ?" after the page on a booking holder's death got the plain cancellation page
        and its fees; the death page cancels free): the part of it that speaks to it, the other page beside."""
        article = self._answered_page(state, ranking.language) if asks else None
        if article is None or not tells_of_death(article.title) or not self.searcher.holds_all_said(view, article.id):
            return None
        part = self.searcher.excerpt(article.id, view, avoid=state.last_texts)
        return FollowUp(article, part, self._aside(ranking.best, article.id, view.text)) if part else None

    def _on_the_answer(self, state: DialogueState, view: QueryView, ranking: Ranking) -> FollowUp | None:
        """Right after an answer, a question naming things that page speaks of and few others do, and no word of its
        own best page's that it lacks ("c'est pris en charge la recherche de fuite ?" after the water-damage page,
        which covers it, found the car-towing page first by "pris en charge", 0.78): about that page. The part of it
        that names them, and that other page beside."""
        own = ranking.best
        article = self._answered_page(state, ranking.language) if own is not None else None
        if article is None or own is None or own.article.id == article.id or not self.searcher.distinct_nouns(
                view, article.id, own.article.id) or self.searcher.distinct_terms(view, own.article.id, article.id):
            return None
        return self._named_part(state, view, article, own)

    def _named_part(self, state: DialogueState, view: QueryView, article: Article, own: Candidate | None
                    ) -> FollowUp | None:
        """The part of the page just given that names what the message names, with the page the message alone found
        first beside it when another one, plausible (the clarify bar)."""
        part = self.searcher.excerpt(article.id, view, avoid=state.last_texts, named=True)
        if not part:
            return None
        return FollowUp(article, part, self._aside(own, article.id, view.text))

    def _aside(self, own: Candidate | None, page: str, text: str) -> Candidate | None:
        """The page the message alone found first, offered beside the part of `page` quoted, when another one and
        plausible (the clarify bar); never a page on a death, a threat, an injury... to a visitor telling of none
        (decision.tactful): "elle a doublé depuis le mois dernier" after the estimated-bill page was offered the
        holder's-death page beside its answer."""
        if own is None or own.article.id == page or own.probability < self.policy.t.clarify:
            return None
        return None if grave_title(own.article.title) and not sensitive_situation(text) else own

    def _narrowed(self, state: DialogueState, text: str, view: QueryView, language: str) -> tuple[Candidate, ...]:
        """Right after a choice of pages, a message naming nothing but what they hold ("c'est combien ?", "et la
        nouvelle, je la reçois sous combien de temps ?") is about the pages offered: those of them it finds read with
        the question it follows, likeliest first ("c'est combien ?" alone found the pets, seats and extra bags)."""
        if not state.choosing or not state.asked or state.asked_language != language or CORRECTION.match(text) or not (
                self.searcher.named_within(view, state.clarify_options, language)):
            return ()  # "non en fait je voulais dire décaler, pas annuler" corrects the question: not read with it
        paired = self._with_asked(state, text, language)
        offered = tuple(c for c in paired.candidates if c.article.id in state.clarify_options)
        return offered if offered and offered[0].probability >= self.policy.t.clarify else ()

    def _objection(self, state: DialogueState, text: str, view: QueryView, ranking: Ranking) -> Objection | None:
        """Right after an answer, a short message setting the visitor's case against it ("elle est déjà partie",
        "but it hasn't expired", bot.reactions) that finds no other page for sure (DOUBTFUL: "elle" is the order, not
        the tracking page at 0.55): the page answered and the part of it that speaks to the message ("" when none
        does, or when the page is a single part, just read)."""
        article = self._answered_page(state, ranking.language) if is_objection(text) or (
            "?" not in text and did_already(text) and len(folded_words(text)) <= OBJECTION_WORDS) else None
        best = ranking.best
        if article is None or (best is not None and best.probability >= DOUBTFUL and best.article.id != article.id):
            return None
        done = did_already(text)
        part = self.searcher.excerpt(article.id, view, avoid=state.last_texts, against=True) or ""
        if done and not CASE_PART.match(part):
            # A step already taken ("j'ai déjà signalé le problème") is the part naming it: what the page says comes
            # next is the answer ("nous ouvrons alors une enquête..."), if anything does; else the person is what is
            # left to offer ("j'ai déjà réinitialisé le mot de passe" got "nous ne vous demanderons jamais votre mot
            # de passe"). A part on that case is the answer itself: "j'ai cliqué et mis ma carte" and "Si vous avez
            # saisi votre carte bancaire, faites opposition".
            part = next_part(article.answer, part)
        found = next((c.probability for c in ranking.candidates if c.article.id == article.id), None)
        return Objection(article, part, found, done=done)

    def _likely(self, state: DialogueState, text: str, ranking: Ranking) -> tuple[Candidate, ...]:
        """Pages a question may be about, read alone or with the question it follows, though none is likely enough
        to offer as a choice: when the failure budget runs out, they come with the offer of a person ("je dois
        ramener le véhicule demain à 10h mais je ne serai jamais à l'agence avant midi" ... "et si je vous préviens
        dès maintenant ?": the late-return page, first at 0.11)."""
        found = {c.article.id: c for c in ranking.candidates}
        if state.asked and state.asked_language == ranking.language:
            for c in self._with_asked(state, text, ranking.language).candidates:
                if c.article.id not in found or c.probability > found[c.article.id].probability:
                    found[c.article.id] = c
        best = sorted(found.values(), key=lambda c: -c.probability)[:LIKELY_PAGES]
        return tuple(c for c in best if c.probability >= LIKELY_FLOOR)

    def _clause_reading(self, text: str, whole: Sequence[IntentScore]) -> tuple[tuple[IntentScore, ...], str]:
        """The intents of a longer message read clause by clause, when one says more than the whole does (else ()).
        A sentence that surely asks for a person ("it's been two weeks already, this is useless, get me a real
        person": the whole reads as frustration, 0.15 for a person) is the message's intent; a less sure request is
        enough in an annoyed message (SENTENCE_REQUEST_ANNOYED). An outburst beside a question ("vous êtes des
        escrocs, ça fait 3 semaines que j'attends mon remboursement !!!": a question at 0.56 as a whole, the insult
        0.89) makes the message an angry one (CLAUSE_ANGER): an apology and a person, with what it asks. Also the
        message without its angry clauses, to search ("" when it has none, or nothing else): "j'en ai marre, je veux
        renvoyer ce canapé" found the returns page at 0.16 and the account page at 0.15 by the outburst's words.
        Only a message in words of anger is read clause by clause (each costs an encoding); others sentence by
        sentence, for a request for a person."""
        parts = clauses(text) if ANGER_WORDS.search(folded_line(text)) else sentences(text)
        if not parts:
            return (), ""
        read = [self.intents.predict(part, vector)
                for part, vector in zip(parts, self.searcher.encoder.encode(parts), strict=True)]
        annoyed = frustration(whole) >= ANNOYED_ASKING or any(
            frustration(scores) >= self.policy.t.intent for scores in read)
        # The lower bar is for whole sentences: "..., rien à faire, je suis en télétravail c'est urgent !!" has a
        # clause reading 0.6 for a person.
        whole_sentences = {part.strip(" ,;:") for part in sentences(text)}
        request = next((scores for scores, part in zip(read, parts, strict=True)
                        if len(part.split()) >= 3 and scores and scores[0].intent == "ask_human"
                        and scores[0].confidence >= (SENTENCE_REQUEST_ANNOYED if annoyed and part in whole_sentences
                                                     else SENTENCE_REQUEST)), ())
        angry = {part for part, scores in zip(parts, read, strict=True)
                 if frustration(scores) >= CLAUSE_ANGER and ANGER_WORDS.search(folded_line(part))}
        calm = " ".join(part for part in clause_parts(text) if part not in angry) if angry else ""
        calm = calm if len(folded_words(calm)) >= 2 else ""
        if request:
            return request, calm
        anger = max((frustration(scores) for part, scores in zip(parts, read, strict=True) if part in angry),
                    default=0.0)
        if angry and frustration(whole) < self.policy.t.intent:
            raised = (IntentScore(s.intent, anger if s.intent == "frustration" else s.confidence) for s in whole)
            return tuple(sorted(raised, key=lambda s: -s.confidence)), calm
        return (), calm

    def _in_context(self, state: DialogueState, text: str, view: QueryView, ranking: Ranking) -> Ranking | None:
        """A vague follow-up read with the question it follows ("je ne trouve plus ma carte" ... "et la nouvelle,
        je la reçois sous combien de temps ?"): the pair's ranking, when its best page is on the topic just discussed,
        likely enough for the policy to answer a follow-up with it, and either what the message alone found best or
        clearly likelier than that (the pair holds the last question, which found the last page: a new question of
        its own, "et si on me le vole ?", keeps its own reading), unless the message names something that its own
        best page speaks of and the pair's does not ("and renting one?" after the battery's range)."""
        language = ranking.language
        if not state.asked or state.asked_language != language or not (state.clarify_options or state.shown_articles):
            return None
        paired = self._with_asked(state, text, language)
        best, own = paired.best, ranking.best
        if best is None:
            return None
        if self._on_the_page_read(state, view, best):
            pass  # "je pourrai commencer au bout de combien de temps ?" after the CPF page: still about it
        elif best.probability < follow_up_threshold(self.policy.t):
            return None
        elif own is not None and own.article.id != best.article.id:
            own_nouns = self.searcher.distinct_nouns(view, own.article.id, best.article.id)
            if best.probability < own.probability + self.policy.t.clarify_margin and (
                    own_nouns or not self.searcher.distinct_nouns(view, best.article.id, own.article.id)):
                # Unless the message names something the pair's page speaks of and its own does not: "et la
                # nouvelle, je la reçois sous combien de temps ?" after the lost-card page ("une nouvelle carte vous
                # est envoyée sous 5 jours") found the page on transfers not received (0.44) by "reçois".
                return None
            if own.probability >= self.policy.t.clarify and own_nouns and not DOING_IT.search(text) and (
                    not self._same_for_another(state, text, view, language)):
                # "And for a mattress?" right after the warranty page asks the warranty of one, whichever page
                # names mattresses (the instalments page, in an example, 0.4). Nor is a message doing "it" held off so:
                # "je peux la manger ?" after the page on receiving someone else's order is about that order, not the
                # food-poisoning page (0.53).
                return None
        if dict(self._continuity(state, paired)).get(best.article.id, 0.0) < CONTINUITY_MIN:
            return None
        return paired

    def _elliptical(self, state: DialogueState, text: str, view: QueryView, ranking: Ranking) -> Ranking | None:
        """A follow-up opening like one ("et c'est gratuit ?", "and is it free?") that names nothing the pages hold,
        right after an answer, though its own reading is sure of a page: the reading with the question it follows,
        when that finds a page likely enough for a follow-up and clearly nearer the topic just discussed ("et c'est
        gratuit ?" after the returns page found the click & collect page, 0.71, by "c'est gratuit" in its answer)."""
        language = ranking.language
        own = ranking.best
        if own is None or not last_answer(state) or not state.asked or state.asked_language != language:
            return None
        names = self.searcher.names_something(view, language)
        if names and not points_back(text):
            return None
        paired = self._with_asked(state, text, language)
        best = paired.best
        if best is None or best.article.id == own.article.id or best.probability < follow_up_threshold(self.policy.t):
            return None
        if names and not self._same_for_another(state, text, view, language) and not (
                DOING_IT.search(text) and self.searcher.named_within(view, [best.article.id], language)) and (
                self.searcher.distinct_nouns(view, own.article.id, best.article.id)
                or not self.searcher.distinct_nouns(view, best.article.id, own.article.id)):
            # One that names something is read so only when what it names is the pair's page's and not its own
            # reading's: "et la nouvelle, elle arrive en combien de jours ?" after the lost-card page ("une nouvelle
            # carte vous est envoyée sous 5 jours") found the page on transfers, 0.6, by "arrive en 1 jour". The same
            # question for another thing is read so whatever it names ("et pour mon fils de 12 ans ?" after the optical
            # page found the page on adding a young driver, 0.6). Doing "it" is doing what the pair's page is about,
            # when that page holds all the message names: "can I do it by phone?" after the page on changing a flight
            # ("a change made by phone costs €20 more") found the boarding-pass page ("on my phone?", 0.81).
            return None
        near = dict(self._continuity(state, paired)).get(best.article.id, 0.0)
        if near < CONTINUITY_MIN or near < dict(self._continuity(state, ranking)).get(own.article.id, 0.0) + (
                CONTINUITY_MARGIN):
            return None
        return paired

    def _case_told(self, state: DialogueState, text: str, asks: bool, view: QueryView, ranking: Ranking
                   ) -> FollowUp | None:
        """Right after an answer, a few calm words stating the visitor's case all of which that page holds ("it was
        prepaid" after the cancellation page, whose line on the prepaid rate says what applies): the part of that page
        holding them, whatever page the words find first (the booking page, which names both rates, 0.8), beside."""
        page = None if asks else self._answered_page(state, ranking.language)
        best = ranking.best
        if page is None or (best is not None and best.article.id == page.id) or not self._told_of_the_page(
                state, text, view, ranking.language):
            return None
        part = self.searcher.excerpt(page.id, view, avoid=state.last_texts, named=True)
        return FollowUp(page, part, self._aside(best, page.id, view.text)) if part else None

    def _living_abroad(self, state: DialogueState, text: str, ranking: Ranking) -> FollowUp | None:
        """Right after an answer, the visitor telling calmly where they are, a country other than the service's home
        ("I live in Belgium" after the instalments page): the line of that page naming the home country, the rule for
        it ("This offer is only available to residents of France"), whatever page names the country told (the
        delivery page, "We deliver to mainland France and Belgium", 0.68), which comes beside."""
        places = self.searcher.places
        page = self._answered_page(state, ranking.language) if tells_context(text) else None
        if page is None or places is None:
            return None
        if not any(places.abroad(c) for c in places.find(text)):
            return None
        home = fold(places.home_name(ranking.language))
        part = next((p for p in map(plain_part, answer_parts(page.answer)) if home and re.search(
            rf"\b{re.escape(home)}\b", fold(p))), "")
        return FollowUp(page, part, self._aside(ranking.best, page.id, text)) if part else None

    def _told_of_the_page(self, state: DialogueState, text: str, view: QueryView, language: str) -> bool:
        """Right after an answer, a few calm words all of which that page holds ("j'ai rien reçu" after the password
        page, "Rien reçu ? Vérifiez l'adresse saisie..."): the visitor's case in the page's terms, not an outburst
        (anger 0.87: an apology and the parcel-not-received page)."""
        page = self._answered_page(state, language)
        said = set((view.plain or view).terms.get(language, [])) - NEGATIONS
        return (page is not None and bool(said) and not shows_anger(text) and len(folded_words(text)) <= ECHO_WORDS
                and self.searcher.holds_all_said(view, page.id))

    def _same_for_another(self, state: DialogueState, text: str, view: QueryView, language: str) -> bool:
        """Whether the message asks the question just answered for a thing that page does not name ("and for a
        mattress?" after the warranty page); one the page names ("et pour un utilitaire ?" after the deposit page,
        "1 200 € pour un utilitaire") gets that part, with the page its own reading finds (Engine._follow_up)."""
        page = self._answered_page(state, language)
        return asks_the_same_for(text) and (page is None or not self.searcher.holds_all_named(view, page.id))

    def _with_asked(self, state: DialogueState, text: str, language: str) -> Ranking:
        """The message read with the question it follows (state.asked). A turn may need it twice (a follow-up that
        finds nothing, then the pages offered beside a person): it is kept for the turn (understand resets it)."""
        key = (state.asked, text, language)
        if self._paired is None or self._paired[0] != key:
            self._paired = key, self.searcher.search(self._asked_view(state, text, language), language)
        return self._paired[1]

    def _asked_view(self, state: DialogueState, text: str, language: str) -> QueryView:
        """The message read with the question it follows (state.asked)."""
        return self.searcher.view(f"{state.asked}\n{text}", language)

    def _on_the_page_read(self, state: DialogueState, view: QueryView, best: Candidate) -> bool:
        """A follow-up that names nothing of its own, read with the question it follows, finds first the page just
        answered, plausible (at the clarify bar): the message is about it, whatever its own wording found unsure
        ("je pourrai commencer au bout de combien de temps ?" after the CPF funding page: the exam-retake page,
        0.38, alone; the CPF page, 0.35, with the question)."""
        return (best.article.id == last_answer(state) and best.probability >= self.policy.t.clarify
                and not self.searcher.names_something(view, best.article.language))

    def _continuity(self, state: DialogueState, ranking: Ranking) -> tuple[tuple[str, float], ...]:
        """How near the leading candidates are to the topic of the conversation: the articles of the last
        clarification, or the last one answered (through its translation when the visitor changed language:
        "how do I pay in instalments?" ... "en français : c'est à partir de combien ?")."""
        topic = [self._in_language(a, ranking.language) for a in (*state.clarify_options, *state.shown_articles[-1:])]
        if not topic:
            return ()
        return tuple((c.article.id, max(self.searcher.affinity(c.article.id, a) for a in topic))
                     for c in ranking.candidates[:CONTINUITY_CANDIDATES])

    def _answered_page(self, state: DialogueState, language: str) -> Article | None:
        """The page the last turn answered with, in `language` when it has a twin there (None after any other reply)."""
        return self.searcher.get(self._in_language(state.answered, language)) if state.answered else None

    def _in_language(self, article_id: str, language: str) -> str:
        """The article's twin in `language` when it has one (Searcher.twin), else the article itself."""
        article = self.searcher.get(article_id)
        if article is None or article.language == language:
            return article_id
        return self.searcher.twin(article_id) or article_id


def _score(scores: Sequence[IntentScore], intent: str) -> float:
    return next((s.confidence for s in scores if s.intent == intent), 0.0)


def _as_question(scores: Sequence[IntentScore], intent: str) -> tuple[IntentScore, ...]:
    """The scores with `intent`'s confidence given to "question", likeliest first."""
    moved = _score(scores, intent)
    merged = [IntentScore(s.intent, s.confidence + moved) if s.intent == "question" else s
              for s in scores if s.intent != intent]
    if not any(s.intent == "question" for s in merged):
        merged.append(IntentScore("question", moved))
    return tuple(sorted(merged, key=lambda s: -s.confidence))


def _foremost(scores: Sequence[IntentScore], intent: str, confidence: float) -> tuple[IntentScore, ...]:
    """The scores with `intent` first, at `confidence`, the others as they were."""
    return (IntentScore(intent, confidence), *(s for s in scores if s.intent != intent))


def _as_request(scores: Sequence[IntentScore]) -> tuple[IntentScore, ...]:
    """The scores with "ask_human" sure (SURE_REQUEST) and the others sharing what is left, likeliest first."""
    others = [s for s in scores if s.intent != "ask_human"]
    rest = sum(s.confidence for s in others) or 1.0
    scaled = [IntentScore(s.intent, s.confidence * (1.0 - SURE_REQUEST) / rest) for s in others]
    return tuple(sorted([IntentScore("ask_human", SURE_REQUEST), *scaled], key=lambda s: -s.confidence))


def _same_words(text: str, other: str) -> bool:
    """Whether two messages are the same words, case, accents and punctuation aside ("comment annuler ?" and
    "Comment annuler")."""
    words = folded_words(text)
    return bool(words) and words == folded_words(other)


def points_back(text: str) -> bool:
    """Whether the message opens like a follow-up ("et pour un canapé ?", "in the meantime...") or does "it"."""
    return FOLLOW_UP_OPENER.match(text) is not None or DOING_IT.search(text) is not None


def last_answer(state: DialogueState) -> str | None:
    """The page the last turn answered with (none after a choice of pages)."""
    return state.shown_articles[-1] if state.shown_articles and not state.clarify_options else None


def frustration(scores: Sequence[IntentScore]) -> float:
    return _score(scores, "frustration")


def consult_other(searcher: Searcher, views: Sequence[QueryView], text: str, language: str, ranking: Ranking,
                  t: Thresholds) -> tuple[Ranking | None, Candidate | None]:
    """The other language's ranking of the message and the twin here of its leader, only when this language has no
    sure answer: below the answer threshold every reading of the message; a doubtful answer (bot.decision.DOUBTFUL) only
    its gloss, when the glossary covers it (the one reading that can be surer there)."""
    others = [lang for lang in searcher.languages if lang != language]
    best = ranking.best.probability if ranking.best is not None else 0.0
    if not others or best >= DOUBTFUL:
        return None, None
    rankings = [searcher.search(v, others[0]) for v in views] if best < t.answer else []
    glossed = searcher.gloss_view(text, language, others[0])
    if glossed is not None:
        rankings.append(searcher.search(glossed, others[0]))
    if not rankings:
        return None, None
    other = best_ranking(rankings)
    return other, twin_candidate(searcher, other, language, t.clarify)


def twin_candidate(searcher: Searcher, other: Ranking, language: str, floor: float) -> Candidate | None:
    """The article in the visitor's language that translates the other language's best one (at least `floor`
    probable), with that probability."""
    best = other.best
    if best is None or best.probability < floor:
        return None
    twin = searcher.get(searcher.twin(best.article.id) or "")
    if twin is None or twin.language != language:
        return None
    return Candidate(twin, best.probability, ())


def best_ranking(rankings: Sequence[Ranking]) -> Ranking:
    return max(rankings, key=lambda r: r.best.probability if r.best else -1.0)


def language_samples(examples: Sequence[Example], articles: Sequence[Article]) -> list[tuple[str, str]]:
    samples = [(e.text, e.language) for e in examples]
    samples += [(t, a.language) for a in articles for t in (a.title, *a.questions)]
    return samples


def nlu_examples(directory: Path = NLU_DIR) -> list[Example]:
    return load_nlu(directory)
