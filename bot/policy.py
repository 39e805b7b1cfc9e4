"""The "never be Laura" policy: per turn, answer / clarify / fallback / small talk / handoff (CONTRACT §4)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.decision import CLARIFY_FLOOR, CONTINUITY_MIN, DOUBTFUL, Decision, decide_retrieval, narrowed_choice
from bot.messages import HANDOFF_REASONS, Choice, HandoffReason, Kind, Reply, Turn
from bot.noise import folded_line
from bot.parts import asks_without_mark
from bot.reactions import ANGER_WORDS, asks_for_person, is_not_that, is_what_if, says_goodbye, shows_anger
from bot.replies import (
    answer_reply,
    article_choices,
    close_choice,
    human_choice,
    linked,
    listed,
    offered_reason,
    one_page,
)
from bot.sensitive import sensitive_situation
from bot.state import DialogueState
from bot.texts import say
from bot.understanding import Excerpt, Objection, Thresholds, Understanding
from knowledge_base.analysis import fold
from knowledge_base.articles import Article
from knowledge_base.retrieval import Candidate

SMALLTALK = ("greet", "thanks", "goodbye", "bot_challenge")
FRUSTRATION_OPTION_MIN = 0.3  # an angry message's likely pages: below this, they are what its insults matched
# A page given to read while waiting for a person: only a sure one, on a topic the request names ("je peux avoir
# quelqu'un au téléphone ?" found the fraud page at 0.62, "un conseiller svp" the furniture-sizes page at 0.60).
WAITING_HELP_SURE = 0.75
# Small talk, yes / no and asking for a person: a message this likely to be one of them that names nothing the pages
# hold is not answered with a page found by its words, unless that page is sure (DOUBTFUL).
CHAT = (*SMALLTALK, "affirm", "deny", "ask_human")
CHAT_MASS = 0.5
OFF_TOPIC_SURE = 0.85  # an off-topic intent this sure gets the out-of-scope fallback rather than a menu
# A page that opens with sympathy of its own (its first characters): no second word of it before the page.
SYMPATHETIC = re.compile(r"condoleance|condolence|desole|navre|sorry|sympath")
SYMPATHY_OPENING = 120
# A page whose ending (its last characters) offers a person itself.
OFFERS_PERSON = re.compile(r"\b(?:conseill\w*|agents?|advis(?:e|o)rs?|our team|notre equipe|nos equipes)\b")
PAGE_ENDING = 200
SURE_REQUEST = 0.9  # "ask_human" this sure wins over a request for the page in another language
ASK_HUMAN_TOP = 0.4  # "ask_human" as the top intent, when no article answers the message
BARE_SURE, BARE_WORDS = 0.9, 3  # a "yes" or "no" this sure, in this many words at most, asks nothing of the pages
# A person and "are you a bot?" together this likely, neither sure, and no page: a question about who answers.
PERSON_MASS = 0.6
# "T'es vraiment un robot inutile" (a bot 0.61, anger 0.34; "complètement débile": 0.27) is annoyance, not
# curiosity: an apology and a person, not "I'm a program".
ANNOYED_CHALLENGE = 0.25
# A question asked calmly ("and klarna?": frustration 0.55) is anger only when the intents are this sure; "!!", a
# shouted word or "??" keep the usual bar.
ASKING_ANGER = 0.7
CLOSE_OFFER = "close"  # `DialogueState.offered` after "thanks" / "goodbye": the visitor may be done
ENDINGS = ("thanks", "goodbye")
ASIDE_BESIDE_PART = 0.5  # another page offered beside a part quoted from the page just given must be this likely
NEGATIVE_EMOJI = set("🙁☹😡😠🤬😤😒👎😞😩😫🙄💩")


def _about_the_last_answer(state: DialogueState, article_id: str, continuity: dict[str, float]) -> bool:
    """A frustrated message right after an answer is about that answer ("it still doesn't work, I'm fed up"):
    the same article again, or one on another topic, would not help; an apology and a person would. An article
    on the same topic ("still down after the technician came") is still worth giving."""
    if not state.shown_articles or state.failed_turns:
        return False
    return article_id == state.shown_articles[-1] or continuity.get(article_id, 0.0) < CONTINUITY_MIN


class Policy:
    def __init__(self, thresholds: Thresholds) -> None:
        self.t = thresholds

    # ------------------------------------------------------------------ entry points
    def decide(self, state: DialogueState, u: Understanding, topics: Sequence[str]) -> Turn:
        turn = self._decide(state, u, topics)
        return self._in_danger(turn, u.language) if u.at_risk == "danger" else turn

    def _decide(self, state: DialogueState, u: Understanding, topics: Sequence[str]) -> Turn:
        lang = u.language
        state = replace(state, turns=state.turns + 1, language=lang)
        intent, confidence = u.top_intent
        if intent in ENDINGS:
            # "Merci beaucoup, bonne journée": thanks and goodbye at once, each about half sure, is one ending; so is
            # "non merci c'est tout" (goodbye 0.47, "no" 0.27, thanks 0.17), though not "merci mais ce n'est pas ça"
            # (thanks 0.46, "no" 0.28).
            confidence = sum(u.intent(ending) for ending in (*ENDINGS, *(("deny",) if intent == "goodbye" else ())))
        if intent == "deny" and u.no_thanks and not state.offered and not state.clarify_options:
            # "Non merci" (a "no" at 0.85, thanks 0.11) when nothing is offered declines more help: an ending, not
            # "so, what was it then?".
            intent = "goodbye"
        if u.noise:
            # What the intents made of it ("..." as frustration at 0.8) would mislead the agent reading the context.
            return self._unclear(state.noting("noise", 1.0), lang, topics)
        if u.presence:
            return self._presence(state.noting("presence", 1.0), lang)
        if u.announced:
            # "J'ai une question sur mon contrat": the question is still to come (the cancellation page answered it).
            return self._listening(state.noting("question", 1.0), lang)
        if u.thanked and not u.sensitive and not u.at_risk and not any(ch in NEGATIVE_EMOJI for ch in u.text):
            # "Merci du conseil" found the furniture-dimensions page by "conseil"; "d'accord merci" a choice of pages.
            # ("Ah super, merci 🙄" is no thanks.)
            ending = "goodbye" if intent == "goodbye" or says_goodbye(u.text) else "thanks"
            return self._smalltalk(state.noting(ending, 1.0), ending, lang)
        if u.how_are_you:
            # "Ça va ?" (a "yes" at 0.38 to the intents): the greeting it is, not a search that finds nothing.
            return self._smalltalk(state.noting("greet", 1.0), "how_are_you", lang)
        what_if = is_what_if(u.text)
        if intent in ("affirm", "deny") and what_if:
            # "What if I forget", "et si je l'ai pas fait": a question about the case, not a "no" to the answer.
            intent = "question"
        state = state.noting(intent, confidence)
        t = self.t

        decision = decide_retrieval(u, t)
        # "Car crash, someone is hurt": the page the knowledge base keeps for such cases (`handoff: true`), if the
        # message finds one first, however unsure - it tells what to do at once (call 112) - beside the person.
        urgent = u.ranking.best if u.sensitive and u.ranking.best is not None and u.ranking.best.article.handoff \
            and u.ranking.best.probability >= CLARIFY_FLOOR else None
        urgent_help = Decision("answer", (urgent,)) if urgent is not None else None
        if u.at_risk == "distress":
            # "J'en peux plus, je vais tout arrêter, même vivre": who to call, and a person at once; no page.
            return self._distress(state, lang)
        if u.problem and not u.sensitive and decision.kind in ("none", "clarify"):
            # "J'ai un souci avec ma location": what the problem is (it got a choice of the fines, cancellation and
            # theft pages, as if the visitor had asked about them); the pages it may be about stay one tap away.
            told = say("tell_more", lang, avoid=state.last_texts, variant=state.variant, what=u.problem)
            if decision.kind == "clarify":
                return self._clarify(state.noting("question", 1.0), decision.candidates, lang, decision.cross_language,
                                     text=f"{told} {say('tell_more_choice', lang)}")
            return self._ask_more(state.noting("question", 1.0), told)
        if u.again is not None and decision.kind == "answer" and decision.candidates[:1] == (u.again,) \
                and u.intent("ask_human") < SURE_REQUEST and u.intent("frustration") < t.intent:
            # "Vous pouvez me répondre en anglais ?" asks for the page again, not for a person (the intents read it
            # as one at 0.6); "je voudrais parler à un conseiller en anglais" does (0.99).
            return self._answer(state, u.again.article, u.again.probability, lang, False, False)
        if u.intent("ask_human") >= max(t.intent, 0.55):
            # The transfer starts now; an article that surely answers what the message names is there to read
            # while waiting.
            helps = (decision.kind == "answer" and u.names_kb and u.beyond_person
                     and decision.candidates[0].probability >= WAITING_HELP_SURE)
            return self._handoff(state, _requested(u), waiting_help=decision if helps else urgent_help)
        if state.offered and state.offered.startswith("handoff:") and intent == "affirm" \
                and confidence >= t.intent and not u.giving_up:  # "dommage" to the offer is no "yes"
            if state.choosing and u.choices and state.failed_turns < t.max_failed_turns:
                # "Oui" to a choice of pages picks none of them; a transfer would be a guess.
                return self._which_one(state, u.choices, lang)
            if state.choosing and u.choices and u.assent == "ack":
                # Once the failure budget is spent, a "yes" is taken for the person, but an "ok" acknowledges: asked,
                # not assumed ("ok" after a choice of pages started a transfer nobody asked for).
                return self._confirm_person(state, lang)
            if u.assent == "ack" and not any(text.rstrip().endswith("?") for text in state.last_texts):
                if state.answered:
                    # "Ok" after a part of a page, which said a person could tell more if it did not: understood (it
                    # got "ask me another question, or shall I put you through to a person?").
                    return self._smalltalk(replace(state, offered=None), "acknowledged", lang)
                # "Ok" after "a person can also take over" acknowledges; only to "shall I put you through?" is it a yes.
                return self._confirm_person(state, lang)
            reason = state.offered.split(":", 1)[1]
            return self._handoff(state, reason)

        if u.feeling and state.offered == "handoff:sensitive_topic":
            # "C'est difficile" right after the bereavement page and its person: sympathy and that person again, not a
            # choice of the pages its words find (the delayed-flight, cancellation and claims pages).
            return self._comfort(state, lang)
        if u.pleading and state.offered == "handoff:sensitive_topic":
            # "Aidez-moi vite" right after the allergic-reaction page and its person: yes to that person, now (it got
            # another part of the page).
            return self._handoff(state, "sensitive_topic", waiting_help=urgent_help)
        if intent == "ask_human" and confidence >= ASK_HUMAN_TOP and decision.kind != "answer":
            # Asking for a person is the likeliest reading and no article fits: never make them ask twice.
            return self._handoff(state, _requested(u), waiting_help=urgent_help)
        if state.offered == CLOSE_OFFER and intent in ("goodbye", "deny") and (
                (decision.kind == "none" and confidence >= t.intent)
                or (decision.kind == "clarify" and confidence >= max(t.intent, 0.7))):
            # "Anything else?" - "No" / "Bye!" - "Bye": a confirmed goodbye gets a farewell; "no wait, how do
            # I ...?" goes on. Typing never ends the conversation (a visitor may come back to it): the end
            # choice, with its survey, stays one tap away.
            return self._farewell(state, lang)
        # Distress is no anger ("I lost my job... I just can't cope anymore"): sympathy, not an apology for annoying.
        # "Y a vraiment rien à faire ? c'est abusé" (anger 0.68) asks nothing calmly.
        asks = "?" in u.text or what_if or asks_without_mark(u.text)  # "c'est quoi 3D secure" asks too
        calm_question = asks and not shows_anger(u.text)
        anger_bar = ASKING_ANGER if calm_question else t.intent
        frustrated = not u.sensitive and not u.topic_only and (u.intent("frustration") >= anger_bar or (
            any(ch in NEGATIVE_EMOJI for ch in u.text) and decision.kind == "none"))

        chat = sum(u.intent(i) for i in CHAT if not (what_if and i in ("affirm", "deny")))
        if decision.kind in ("answer", "clarify") and not u.names_kb and not u.paired and (
                decision.candidates[0].probability < DOUBTFUL) and chat >= CHAT_MASS:
            # "Vous êtes là ?" (a greeting, 0.7) finds the opening-hours page at 0.56 by its words, "y a quelqu'un pour
            # m'aider ?" (a person 0.3, a greeting 0.27) the fraud page ("someone ordered with my account") at 0.63,
            # "il y a quelqu'un de vrai ?" a choice of it and the assembly service: chat that names nothing of the
            # pages is no question for them, unless a page surely fits ("bonjour, vous êtes ouverts ?": 0.87). A
            # follow-up read with the question it follows is a question ("et si je ne peux pas y aller avant samedi ?"
            # reads like "non, je ne peux pas").
            decision = Decision("none")
        if intent in ("affirm", "deny") and confidence >= BARE_SURE and len(u.text.split()) <= BARE_WORDS:
            # "Non" right after the tracking page found the parcel-not-received page ("non reçu") at 0.77: a bare yes
            # or no is never a question for the pages.
            decision = Decision("none")
        if u.repeated and (state.answered or state.clarify_options) and not u.sensitive:
            # "Comment annuler ?" three times got three passages of the same page: asked again word for word, the
            # answer (or the choice) did not help. Said plainly, with the person offered, a "yes" away.
            return self._repeated(state, lang)
        if u.giving_up and (decision.kind != "answer" or decision.candidates[0].probability < DOUBTFUL):
            return self._give_up(state, lang)
        if u.objection is not None and not frustrated and not u.sensitive and not (
                decision.kind == "answer" and decision.candidates[0].probability >= DOUBTFUL
                and not decision.cross_language and decision.candidates[0].article.id != u.objection.article.id):
            # "Elle est déjà partie" right after the page on cancelling an order is about that page, not the tracking
            # page its words found at 0.55; "but the sofa was made to measure", not the French page on measuring.
            return self._objection(state, u.objection, lang)
        if u.follow_up is not None and not frustrated and not u.sensitive:
            # "Et pour un utilitaire ?" right after the deposit page: "1 200 € pour un utilitaire", not the van sizes.
            page = u.follow_up.article
            return self._excerpt(state, page, None, lang, Excerpt(page.id, u.follow_up.text, u.follow_up.aside), False,
                                 page.handoff, direct=u.follow_up.fits)
        if u.picked is not None and not frustrated and not u.sensitive:
            # "Le suivi" typed after a choice holding "Comment suivre ma commande en temps réel ?": that page, as
            # tapped (it got the same choice again).
            return self.choose_article(state, u.picked.article)
        narrowed = narrowed_choice(u, t) if intent == "question" or calm_question else None
        # Once the failure budget is spent, a message finding nothing offers the person first (with the pages it may
        # be about, Understanding.likely) rather than the pages just offered again.
        spent = decision.kind == "none" and state.failed_turns + 1 >= t.max_failed_turns
        # A reading of the message's own that starts from one of the pages offered already follows the topic (and may
        # bring a new page beside it): only one that wandered off them, or found nothing, is replaced.
        wandered = decision.kind == "none" or decision.candidates[0].article.id not in state.clarify_options
        if narrowed is not None and wandered and not frustrated and not u.sensitive and not (
                decision.kind == "answer" and decision.candidates[0].probability >= DOUBTFUL and u.names_kb) and not (
                spent):
            # Even a sure reading of its own, when the message names nothing: "c'est gratuit ?" after a choice of the
            # returns page and others found the click & collect page (0.8) by "c'est gratuit" in its answer.
            # "Je ne trouve plus ma carte..." - a choice of card pages - "et la nouvelle, je la reçois sous combien de
            # temps ?": the lost-card page again (it leads the others offered), not the transfers and cheques pages.
            return self._clarify(state, narrowed.candidates, lang)
        if decision.kind == "answer":
            cand = decision.candidates[0]
            if frustrated and (_about_the_last_answer(state, cand.article.id, dict(u.continuity)) or (
                    state.answered and "?" not in u.text and cand.probability < DOUBTFUL)):
                # Also an outburst asking nothing right after an answer, whose page is unsure: "c'est la deuxième
                # fois !!" after the parcel-not-received page found the payment in instalments ("3 fois", 0.67),
                # whose topic French titles put near any other (cosine 0.7).
                return self._frustration(state, lang)
            excerpt = u.excerpt if u.excerpt is not None and u.excerpt.article_id == cand.article.id else None
            # The message's other question, when the page given answers one of its questions.
            asked = [c.article.id for c in u.asked]
            also = next((c for c in u.asked if c.article.id != cand.article.id), None) if (
                cand.article.id in asked) else None
            return self._answer(state, cand.article, cand.probability, lang, decision.cross_language, frustrated,
                                sensitive=u.sensitive, excerpt=excerpt, also=also)
        if frustrated:
            # Right after an answer, an outburst naming nothing the pages hold gets no pages: "still nothing, this is
            # useless" after the password page was offered the late-delivery and parcel pages, by "nothing".
            aimless = bool(state.answered) and not u.names_kb
            return self._frustration(state, lang, decision.candidates if decision.kind == "clarify" and not aimless
                                     else (), floor=0.0 if u.outburst else FRUSTRATION_OPTION_MIN)
        chatting = intent in (*SMALLTALK, "affirm", "deny") and confidence >= max(t.intent, 0.7)
        # "What time does the match start tonight?": plainly off-topic; a menu of pages would look absurd.
        elsewhere = intent == "out_of_scope" and confidence >= OFF_TOPIC_SURE
        if decision.kind == "clarify" and not chatting and not elsewhere:
            return self._clarify(state, decision.candidates, lang, decision.cross_language, sensitive=u.sensitive)
        if intent == "bot_challenge" and confidence >= t.intent and (
                u.intent("frustration") >= ANNOYED_CHALLENGE or ANGER_WORDS.search(folded_line(u.text))):
            # "Et ton chatbot il est aussi nul que vos cours": an insult, not a question about who answers.
            return self._frustration(state, lang)
        if intent == "deny" and confidence >= t.intent and u.passed_over and state.answered:
            # "Facture" - a choice of three pages - the complaints page picked - "non pas ça": the two others.
            return self._clarify(replace(state, rejected=state.answered), u.passed_over, lang)
        if intent == "deny" and confidence >= t.intent and is_not_that(u.text):
            # "That's not what I asked" after a fallback complains of it: not a "no thanks" to the person offered.
            return self._not_that(state, lang)
        if intent in (*SMALLTALK, "affirm", "deny") and confidence >= t.intent:
            return self._smalltalk(state, intent, lang)
        if decision.kind == "none" and u.intent("ask_human") + u.intent("bot_challenge") >= PERSON_MASS:
            # "Il y a quelqu'un de vrai ?" (a person 0.38, "are you a bot" 0.32): neither sure, together a question
            # about who answers. The honest answer, a person one tap away; not a failed turn.
            return self._smalltalk(state, "bot_challenge", lang)
        off_topic = intent == "out_of_scope" and confidence >= t.intent and not u.names_kb
        reason = "sensitive" if u.sensitive else "out_of_scope" if off_topic else "fallback"
        likely = () if elsewhere or chatting else u.likely
        return self._fallback(state, lang, topics, reason, u.text, likely or ((urgent,) if urgent is not None else ()))

    def choose_article(self, state: DialogueState, article: Article) -> Turn:
        others = tuple(a for a in state.clarify_options if a != article.id)
        state = replace(state, turns=state.turns + 1)
        turn = self._answer(state, article, 1.0, state.language, article.language != state.language, False)
        return replace(turn, state=replace(turn.state, passed_over=others))

    def handoff(self, state: DialogueState, reason: HandoffReason) -> Turn:
        return self._handoff(replace(state, turns=state.turns + 1), reason)

    def close(self, state: DialogueState) -> Turn:
        """The visitor says they are done (the "end the conversation" choice)."""
        return self._close(replace(state, turns=state.turns + 1))

    # ------------------------------------------------------------------ outcomes
    def _finish(self, state: DialogueState, replies: Sequence[Reply], **changes: object) -> DialogueState:
        # Only an answer, a choice of pages and a "no" set these.
        changes = {"answered": "", "choosing": False, "rejected": "", "passed_over": (), **changes}
        return replace(state, last_texts=tuple(r.text for r in replies), variant=state.variant + 1,
                       **changes)  # type: ignore[arg-type]

    def _answer(self, state: DialogueState, article: Article, p: float, lang: str, cross: bool,
                frustrated: bool, *, sensitive: bool = False, excerpt: Excerpt | None = None,
                also: Candidate | None = None) -> Turn:
        told = sensitive  # the visitor tells of a death, a threat, money trouble... (not only a page kept for a person)
        sensitive = sensitive or article.handoff
        if excerpt is None and article.id == state.rejected:
            excerpt = Excerpt(article.id, "")  # "No, not that" - then the same page: not word for word again
        if excerpt is not None and article.id in (state.answered, state.rejected):
            turn = self._excerpt(state, article, p, lang, excerpt, frustrated, sensitive)
            if told and not any(say("sympathy", lang) in text for text in state.last_texts):
                # "J'ai perdu mon travail" after the unpaid-bill page: sympathy first, as before a page (once).
                turn = replace(turn, replies=(_with_sympathy(turn.replies[0], lang), *turn.replies[1:]))
            return turn
        reply = answer_reply(article, p, lang, cross)
        if told and not SYMPATHETIC.search(fold(article.answer[:SYMPATHY_OPENING])):
            # "Mon mari est décédé le mois dernier, comment annuler ?": a word of sympathy before the page, as before a
            # choice of pages (_clarify), unless the page opens with one ("Toutes nos condoléances...").
            reply = _with_sympathy(reply, lang)
        replies = [reply]
        offered = None
        if sensitive or frustrated:
            reason: HandoffReason = "sensitive_topic" if sensitive else "frustration"
            key = "sensitive" if sensitive else "frustration"
            extra = say(key, lang, avoid=state.last_texts, variant=state.variant)
            if key == "sensitive" and OFFERS_PERSON.search(fold(article.answer[-PAGE_ENDING:])):
                # The page ends by offering an adviser itself ("Un conseiller peut aussi prendre votre réclamation en
                # charge"): the person is one tap away, not offered twice in words.
                extra = ""
            text = f"{reply.text}\n\n{extra}" if extra else reply.text
            replies[0] = replace(reply, text=text, choices=(human_choice(lang, reason),))
            offered = f"handoff:{reason}"
        if also is not None:
            # The message's other question, one tap away under the answer to the first.
            text, page = one_page(replies[0].text, [also], "also_asked", lang)
            replies[0] = replace(replies[0], text=text, choices=(*page, *replies[0].choices))
        new_state = self._finish(state.showing(article.id), replies, failed_turns=0, offered=offered,
                                 clarify_options=(), frustration=state.frustration + int(frustrated),
                                 answered=article.id)
        return Turn(tuple(replies), new_state)

    def _excerpt(self, state: DialogueState, article: Article, p: float | None, lang: str, excerpt: Excerpt,
                 frustrated: bool, sensitive: bool, *, direct: bool = False) -> Turn:
        """A follow-up that finds the page just given again ("et c'est gratuit ?" after the returns page): the part
        of it that speaks to the question, not the whole page a second time (it is just above), with the page the
        question alone found likeliest, if another, and a person: the page may simply not say. `direct`: the part says
        what the question asks for (FollowUp.fits), so it is the reply as it is."""
        if excerpt.text and excerpt.aside is not None and excerpt.aside.probability < ASIDE_BESIDE_PART:
            # A part of the page speaks to the question: another page found unsure is noise beside it ("vous louez des
            # badges ?": the toll-badge line, and the young-driver page, 0.23).
            excerpt = replace(excerpt, aside=None)
        reason: HandoffReason = "sensitive_topic" if sensitive else "frustration" if frustrated else "low_confidence"
        key = "sensitive" if sensitive else "frustration" if frustrated else (
            "same_page_aside" if excerpt.aside is not None else "same_page_more")
        plain = linked(excerpt.text, article, lang) if excerpt.text else ""
        if direct and plain and plain not in state.last_texts and not sensitive and not frustrated:
            # "29 € par jour, plafonné à 290 €" to "et ça coute combien en plus ?": the line that says it, as it is; no
            # lead, no other page beside (a person stays one tap away).
            foreign = f"{say('other_language', lang)}\n\n" if article.language != lang else ""
            text, excerpt = foreign + plain, replace(excerpt, aside=None)
        else:
            if excerpt.text:
                text = say("same_page", lang, avoid=state.last_texts, variant=state.variant, passage=excerpt.text)
            elif sensitive:
                # "My daughter fell out of it yesterday" after the recall page: the person, not "nothing more precise"
                # nor another page.
                text, key, excerpt = "", "sensitive_person", replace(excerpt, aside=None)
            else:
                text = say("same_page_nothing", lang, avoid=state.last_texts, variant=state.variant,
                           title=article.title)
            more = say(key, lang, avoid=state.last_texts, variant=state.variant)
            text = linked(f"{text}\n\n{more}" if text else more, article, lang)
        aside = article_choices([excerpt.aside]) if excerpt.aside is not None else []
        reply = Reply("answer", text, article_id=article.id, confidence=round(p, 3) if p is not None else None,
                      url=article.url, choices=(*aside, human_choice(lang, reason)))
        new_state = self._finish(state.showing(article.id), [reply], failed_turns=0, offered=f"handoff:{reason}",
                                 clarify_options=(), frustration=state.frustration + int(frustrated),
                                 answered=article.id)
        return Turn((reply,), new_state)

    def _objection(self, state: DialogueState, objection: Objection, lang: str) -> Turn:
        """"Elle est déjà partie" right after the page on cancelling an order: the part of that page that speaks to it
        (what to do once the order is on its way), else the page does not cover the visitor's case and a person is
        offered, one tap or a "yes" away (a failed turn: the answer did not help)."""
        article = objection.article
        if objection.text:
            return self._excerpt(state, article, objection.probability, lang, Excerpt(article.id, objection.text),
                                 False, article.handoff)
        reason: HandoffReason = "sensitive_topic" if article.handoff else "low_confidence"
        key = "objection_done" if objection.done else "objection"
        text = say(key, lang, avoid=state.last_texts, variant=state.variant, title=article.title)
        reply = Reply("handoff", text, choices=(human_choice(lang, reason),))
        return Turn((reply,), self._finish(state, [reply], offered=f"handoff:{reason}", clarify_options=(),
                                           failed_turns=state.failed_turns + 1))

    def _clarify(self, state: DialogueState, cands: Sequence[Candidate], lang: str, cross: bool = False, *,
                 sensitive: bool = False, text: str = "") -> Turn:
        # A sensitive article first among the choices ("my father died, his contract...") or a sensitive situation makes
        # the person offered a sensitive-topic transfer, not a low-confidence one (a sensitive page further down, such
        # as the complaints page beside the cancellation one, says nothing of the visitor's question).
        touchy = sensitive or cands[0].article.handoff
        if sensitive:
            # "Mon père est mort hier, on devait partir samedi": the page on a bereavement before the cancellation one.
            cands = sorted(cands, key=lambda c: not sensitive_situation(c.article.title))
        reason: HandoffReason = "sensitive_topic" if touchy else "low_confidence"
        choices = [*article_choices(cands, lang), human_choice(lang, reason)]
        if sensitive and len(cands) > 1:
            # A death, an injury, money trouble: the person first, as the reply says ("A person can handle this with
            # you; otherwise...") - the pages a message like this finds are often beside the point.
            choices = choices[-1:] + choices[:-1]
        if len(cands) == 1:
            # One page only, found through the other language (its twin here, or a page that exists only there): a
            # choice is between two or three pages (CONTRACT §3), so it is suggested on a fallback, with the person.
            key = "suggest_other_language" if cross else "suggest_page"
            kind: Kind = "fallback"
        else:
            key, kind = "sensitive_clarify" if sensitive else "clarify", "clarify"
            if not sensitive and state.clarify_options and {c.article.id for c in cands} <= set(state.clarify_options):
                # "Et pour la Belgique ?" after a choice of the price and insurance pages found them again: not the same
                # choice as if new, but said, with the person as the other way.
                key = "clarify_again"
        text = text if text and len(cands) > 1 else say(key, lang, avoid=state.last_texts, variant=state.variant)
        if sensitive:
            text = f"{say('sympathy', lang)} {text}"
        reply = Reply(kind, text, confidence=round(cands[0].probability, 3), choices=tuple(choices))
        # Not an answer yet: if the visitor picks none of these, the turn counts against the failure budget.
        new_state = self._finish(state, [reply], clarify_options=tuple(c.article.id for c in cands),
                                 offered=f"handoff:{reason}", failed_turns=state.failed_turns + 1,
                                 choosing=len(cands) > 1 and not sensitive)
        return Turn((reply,), new_state)

    def _repeated(self, state: DialogueState, lang: str) -> Turn:
        """The same question again right after its answer or choice: that did not help (a failed turn). The person is
        offered rather than the same page a second time (in other words each time it is asked again)."""
        failed = state.failed_turns + 1
        reason: HandoffReason = "turn_limit" if failed >= self.t.max_failed_turns else "low_confidence"
        reply = Reply("handoff", say("repeated", lang, avoid=state.last_texts, variant=state.variant),
                      choices=(human_choice(lang, reason),))
        # The page (or the choice) stays what the conversation is about: asked once more, the same again.
        return Turn((reply,), self._finish(state, [reply], failed_turns=failed, offered=f"handoff:{reason}",
                                           answered=state.answered, clarify_options=state.clarify_options))

    def _comfort(self, state: DialogueState, lang: str) -> Turn:
        """A feeling told right after a person was offered for a sensitive case: sympathy, and that person (a "yes"
        away). No failed turn: nothing was asked."""
        text = f"{say('sympathy', lang)} {say('sensitive_person', lang, avoid=state.last_texts, variant=state.variant)}"
        reply = Reply("handoff", text, choices=(human_choice(lang, "sensitive_topic"),))
        return Turn((reply,), self._finish(state, [reply], offered="handoff:sensitive_topic", answered=state.answered))

    def _which_one(self, state: DialogueState, options: Sequence[Candidate], lang: str) -> Turn:
        """"Oui" right after a choice of pages: which one? The same choice again, the person still one tap away. A
        turn without an answer: once the failure budget is spent, a "yes" is taken for the person (an "ok" asks)."""
        text = say("which_one", lang, avoid=state.last_texts, variant=state.variant)
        reply = Reply("clarify", text, choices=(*article_choices(options), human_choice(lang, offered_reason(state))))
        return Turn((reply,), self._finish(state, [reply], clarify_options=state.clarify_options,
                                           offered=state.offered, choosing=True,
                                           failed_turns=state.failed_turns + 1))

    def _confirm_person(self, state: DialogueState, lang: str) -> Turn:
        """"Ok" after a reply that only said a person could take over: is that a yes? Asked, not assumed (a transfer
        nobody wanted leaves the visitor waiting, and the bot quiet). A "yes" or another "ok" then starts it."""
        text = say("confirm_person", lang, avoid=state.last_texts, variant=state.variant)
        reply = Reply("handoff", text, choices=(human_choice(lang, offered_reason(state)),))
        return Turn((reply,), self._finish(state, [reply], offered=state.offered,
                                           clarify_options=state.clarify_options))

    def _unclear(self, state: DialogueState, lang: str, topics: Sequence[str]) -> Turn:
        """"?", "hm", "...": what the bot can help with, and a person. A turn without an answer, but never a transfer
        by itself (three "?" must not queue anyone), and whatever was offered before (a person, pages) still stands."""
        failed = state.failed_turns + 1
        budget_out = failed >= self.t.max_failed_turns
        text = say("noise_offer" if budget_out else "noise", lang, avoid=state.last_texts, variant=state.variant,
                   topics=listed(topics))
        offer: HandoffReason = "turn_limit" if budget_out else "low_confidence"
        reply = Reply("fallback", text, choices=(human_choice(lang, offer),))
        # A person offered for a reason of its own (frustration, a sensitive topic) or the end of the conversation
        # stays offered; one offered because nothing was found now carries this turn's reason.
        kept = state.offered and not state.offered.endswith((":low_confidence", ":turn_limit"))
        return Turn((reply,), self._finish(state, [reply], failed_turns=failed,
                                           offered=state.offered if kept else f"handoff:{offer}"))

    def _listening(self, state: DialogueState, lang: str) -> Turn:
        """"J'ai une question": the bot asks for it."""
        return self._ask_more(state, say("listening", lang, avoid=state.last_texts, variant=state.variant))

    def _ask_more(self, state: DialogueState, text: str) -> Turn:
        """A question or a problem announced, not yet told (and no page near the problem): the bot asks for it. No
        failed turn, and whatever was offered before still stands."""
        reply = Reply("smalltalk", text)
        return Turn((reply,), self._finish(state, [reply], offered=state.offered))

    def _presence(self, state: DialogueState, lang: str) -> Turn:
        """"Il y a quelqu'un ?": yes, the assistant, with a person one tap away (the visitor may be looking for one).
        No failed turn, no transfer started, and whatever was offered before still stands."""
        reply = Reply("smalltalk", say("presence", lang, avoid=state.last_texts, variant=state.variant),
                      choices=(human_choice(lang, "explicit_request"),))
        return Turn((reply,), self._finish(state, [reply]))

    def _smalltalk(self, state: DialogueState, intent: str, lang: str) -> Turn:
        # "Not that" to a choice of pages asks for more; "never mind" to the offer of a person asks for nothing.
        key = "deny_offer" if intent == "deny" and state.offered and not state.clarify_options else intent
        if key == "deny":
            return self._not_that(state, lang)
        if key == "thanks" and state.failed_turns:
            key = "thanks_unhelped"  # "Ravi d'avoir pu aider" after turns that found nothing
        text = say(key, lang, avoid=state.last_texts, variant=state.variant)
        # Once this visitor has had a failed turn, a person stays one tap away.
        choices: tuple[Choice, ...] = ()
        if state.failed_turns or state.frustration:
            choices = (human_choice(lang, "low_confidence"),)
        offered = state.offered if intent != "deny" else None
        if intent == "bot_challenge":
            # "Am I talking to a robot?" is often the way to a person: the reply says one is there, one tap away. The
            # reply asks nothing, so a "yes" or an "ok" after it starts no transfer (as after a presence check).
            choices = (human_choice(lang, "explicit_request"),)
        if intent in ENDINGS:
            # The visitor may be done: one tap ends the conversation (and brings the survey); typing goes on.
            choices = (close_choice(lang), *choices)
            offered = CLOSE_OFFER
        reply = Reply("smalltalk", text, choices=choices)
        return Turn((reply,), self._finish(state, [reply], offered=offered))

    def _give_up(self, state: DialogueState, lang: str) -> Turn:
        """"Laissez tomber", "never mind": no cheerful goodbye ("Au revoir, et bonne continuation !") and no "tell me
        more"; sorry, with the person and the end of the conversation one tap away. To an offer, it declines it (and
        a "yes" after this reply starts nothing)."""
        key = "deny_offer" if state.offered else "give_up"
        reply = Reply("smalltalk", say(key, lang, avoid=state.last_texts, variant=state.variant),
                      choices=(close_choice(lang),
                               human_choice(lang, "low_confidence")))
        return Turn((reply,), self._finish(state, [reply], offered=CLOSE_OFFER, clarify_options=()))

    def _not_that(self, state: DialogueState, lang: str) -> Turn:
        """"Non" to an answer, or to a choice of pages: what was given did not help, a failed turn. The bot asks for
        more with a person one tap away, and once the failure budget is spent offers the person first, rather than
        asking for more again ("no", "no", "no"). Before the bot has given anything ("non" as a first message, "pas
        de conseiller svp"), nothing failed: it asks for more."""
        gave = bool(state.answered or state.clarify_options or state.failed_turns or state.shown_articles)
        failed = state.failed_turns + (1 if gave else 0)
        if failed >= self.t.max_failed_turns:
            text = say("offer_human", lang, avoid=state.last_texts, variant=state.variant)
            reply = Reply("handoff", text, choices=(human_choice(lang, "turn_limit"),))
            offered = "handoff:turn_limit"
        else:
            text = say("deny", lang, avoid=state.last_texts, variant=state.variant)
            reply = Reply("smalltalk", text, choices=(human_choice(lang, "low_confidence"),))
            offered = None
        return Turn((reply,), self._finish(state, [reply], failed_turns=failed, offered=offered, clarify_options=(),
                                           rejected=state.answered))

    def _farewell(self, state: DialogueState, lang: str) -> Turn:
        text = say("farewell", lang, avoid=state.last_texts, variant=state.variant)
        choices: tuple[Choice, ...] = (close_choice(lang),)
        reply = Reply("smalltalk", text, choices=choices)
        return Turn((reply,), self._finish(state, [reply], offered=None, clarify_options=()))

    def _close(self, state: DialogueState) -> Turn:
        reply = Reply("smalltalk", say("closed_by_bot", state.language, avoid=state.last_texts,
                                       variant=state.variant))
        return Turn((reply,), self._finish(state, [reply], offered=None, clarify_options=()), close=True)

    def _frustration(self, state: DialogueState, lang: str, options: Sequence[Candidate] = (), *,
                     floor: float = FRUSTRATION_OPTION_MIN) -> Turn:
        if state.frustration >= 1 or state.failed_turns >= self.t.max_failed_turns:
            return self._handoff(replace(state, frustration=state.frustration + 1), "frustration")
        text = say("frustration", lang, avoid=state.last_texts, variant=state.variant)
        human = human_choice(lang, "frustration")
        # Only pages that may fit, and never the ones the visitor was just offered or shown ("I already checked
        # the breaker, your advice is useless" right after a choice that held the power-cut page).
        seen = {*state.clarify_options, *state.shown_articles[-1:]}
        options = [c for c in options if c.article.id not in seen and c.probability >= floor]
        if len(options) >= 2:
            # "The technician came and still no connection!": the apology and the person first, and the pages
            # that may fit the situation, one tap away.
            reply = Reply("clarify", f"{text}\n\n{say('frustration_articles', lang)}",
                          confidence=round(options[0].probability, 3), choices=(*article_choices(options), human))
            new_state = self._finish(state, [reply], frustration=state.frustration + 1, offered="handoff:frustration",
                                     clarify_options=tuple(c.article.id for c in options),
                                     failed_turns=state.failed_turns + 1)
            return Turn((reply,), new_state)
        text, page = one_page(text, options, "frustration_article", lang)
        reply = Reply("handoff", text, choices=(*page, human))
        shown = {"clarify_options": tuple(c.article.id for c in options)} if options else {}
        new_state = self._finish(state, [reply], frustration=state.frustration + 1, offered="handoff:frustration",
                                 **shown)
        return Turn((reply,), new_state)

    def _fallback(self, state: DialogueState, lang: str, topics: Sequence[str], reason: str, text: str,
                  likely: Sequence[Candidate] = ()) -> Turn:
        failed = state.failed_turns + 1
        unanswered = (*state.unanswered, text[:300])[-5:]
        sensitive = reason == "sensitive"
        if sensitive and failed > self.t.max_failed_turns:
            # A death, an injury, money trouble, still without an answer once the budget is spent: the person now.
            return self._handoff(replace(state, failed_turns=failed, unanswered=unanswered), "sensitive_topic")
        # Otherwise every turn without an answer, once the budget is spent, offers the person, in other words each
        # time; none starts a transfer by itself: a visitor who goes on typing still wants the bot (a transfer nobody
        # asked for leaves them queued and the bot quiet, often with no one online).
        budget_out = failed >= self.t.max_failed_turns
        # A sensitive situation offers the person at once, with sympathy, whatever the budget says.
        # Off-topic again ("what's the capital of Australia?" after "tell me a joke"): no "I can't find a sure
        # answer", which promises the person knows; what the bot is for, and the person.
        offer_key = "offer_human_off_topic" if reason == "out_of_scope" else "offer_human"
        key = "sensitive_fallback" if sensitive else offer_key if budget_out else reason
        body = say(key, lang, avoid=state.last_texts, variant=state.variant, topics=listed(topics))
        offer: HandoffReason = "sensitive_topic" if sensitive else "turn_limit" if budget_out else "low_confidence"
        kind: Kind = "handoff" if budget_out else "fallback"
        options = likely if budget_out or sensitive else ()
        body, page = one_page(body, options, "likely_article", lang)
        replies = [Reply(kind, body, choices=(*page, human_choice(lang, offer)))]
        if len(options) >= 2:
            # "ma commande devait arriver à 19h30..." - "et j'aurai quelque chose en dédommagement ?": the person
            # first, and the pages the two messages may be about, below the bar of a choice, one tap away too.
            replies.append(Reply("clarify", say("likely_articles", lang), confidence=round(options[0].probability, 3),
                                 choices=tuple(article_choices(options))))
        new_state = self._finish(state, replies, failed_turns=failed, offered=f"handoff:{offer}",
                                 clarify_options=tuple(c.article.id for c in options), unanswered=unanswered)
        return Turn(tuple(replies), new_state)

    def _distress(self, state: DialogueState, lang: str) -> Turn:
        turn = self._handoff(state, "sensitive_topic")
        reply = Reply("handoff", say("distress", lang, avoid=state.last_texts, variant=state.variant))
        return replace(turn, replies=(reply, *turn.replies), state=replace(turn.state, last_texts=(reply.text,)))

    @staticmethod
    def _in_danger(turn: Turn, lang: str) -> Turn:
        """"Il y a des étincelles qui sortent de la prise", "just crashed the car, the other driver is hurt": who to
        call comes first, above whatever the bot says (the page kept for it, a choice, the transfer), and a person is
        one tap away if not already on the way."""
        line = say("danger", lang)
        if not turn.replies:
            first = Reply("handoff", line)
        else:
            first = replace(turn.replies[0], text=f"{line}\n\n{turn.replies[0].text}")
            if turn.handoff is None and not any(c.action == "handoff" for c in first.choices):
                first = replace(first, choices=(human_choice(lang, "sensitive_topic"), *first.choices))
        replies = (first, *turn.replies[1:])
        offered = turn.state.offered if turn.handoff is not None or turn.state.offered else "handoff:sensitive_topic"
        return replace(turn, replies=replies, state=replace(
            turn.state, offered=offered, last_texts=tuple(r.text for r in (*replies, *turn.after_handoff))))

    def _handoff(self, state: DialogueState, reason: HandoffReason | str,
                 waiting_help: Decision | None = None) -> Turn:
        why: HandoffReason = reason if reason in HANDOFF_REASONS else "explicit_request"  # type: ignore[assignment]
        replies: tuple[Reply, ...] = ()
        if why == "frustration":
            replies = (Reply("handoff", say("frustration_handoff", state.language)),)
        after: tuple[Reply, ...] = ()
        if waiting_help is not None and waiting_help.kind == "answer":
            # Only a sure answer, never one already shown: the agent sees it in the context packet too.
            cand = waiting_help.candidates[0]
            if cand.article.id not in state.shown_articles:
                reply = answer_reply(cand.article, cand.probability, state.language, waiting_help.cross_language)
                after = (replace(reply, text=f"{say('waiting_help', state.language)}\n\n{reply.text}"),)
                state = state.showing(cand.article.id)
        new_state = replace(state, offered=None, clarify_options=(),
                            last_texts=tuple(r.text for r in (*replies, *after)))
        return Turn(replies, new_state, handoff=why, after_handoff=after)


def _requested(u: Understanding) -> HandoffReason:
    """Why a transfer the message reads as asking for starts: "someone on the forum keeps harassing me" (a person at
    0.56, by "someone") tells of a sensitive case rather than asks; a sure request for a person is one whatever it
    tells, as is one in so many words ("accident, je veux parler à quelqu'un")."""
    return "sensitive_topic" if u.sensitive and u.intent("ask_human") < SURE_REQUEST and not asks_for_person(
        u.text) else "explicit_request"


def _with_sympathy(reply: Reply, lang: str) -> Reply:
    """The reply opening with a word of sympathy."""
    return replace(reply, text=f"{say('sympathy', lang)}\n\n{reply.text}")
