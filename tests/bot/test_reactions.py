"""Short reactions to what the bot just said: "elle est déjà partie" or "but it's made to measure" right after an
answer gets the part of that page that speaks to their case, or a person, never another page found by a word or "OK,
I'm listening"; "non merci" is an ending, "non" a failed turn, "laissez tomber" no cheerful goodbye."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

import pytest

from bot.engine import NativeEngine
from bot.messages import VisitorMessage
from bot.policy import Policy
from bot.reactions import (
    asks_for_person,
    assent,
    declines_person,
    did_already,
    is_giving_up,
    is_no_thanks,
    is_not_that,
    is_objection,
    is_what_if,
    names_person,
    only_thanks,
)
from bot.state import DialogueState
from bot.texts import TEXTS
from bot.understanding import Excerpt, Objection, Thresholds
from tests.bot.pages import art, ranking
from tests.bot.test_policy import understood

CANCEL = {"fr": "je voudrais annuler la commande que j'ai passée", "en": "I'd like to cancel the order I placed"}


@pytest.mark.parametrize("text", ["elle est déjà partie", "il est bien valide pourtant", "sauf qu'elle est expédiée",
                                  "mais c'est du sur mesure", "ça ne s'applique pas à mon cas",
                                  "it has already shipped though", "but it's a custom one", "that's not my case"])
def test_a_short_statement_against_what_was_said_is_an_objection(text: str) -> None:
    assert is_objection(text)


@pytest.mark.parametrize("text", ["mais ça coûte combien ?", "but how long does it take?", "merci, c'est parfait",
                                  "can i still pay online meanwhile",
                                  "ok", "je veux annuler ma commande",
                                  "mais le livreur est passé hier alors que je lui avais bien dit que je serais absent "
                                  "toute la semaine pour le travail"])
def test_questions_plain_replies_and_stories_are_no_objection(text: str) -> None:
    assert not is_objection(text)


@pytest.mark.parametrize(("lang", "said"), [("fr", "mais c'est un meuble fait sur mesure"),
                                            ("en", "but the sofa was made to measure")])
def test_an_objection_naming_what_a_part_of_the_page_holds_gets_that_part(demo: NativeEngine, lang: str,
                                                                          said: str) -> None:
    first = demo.turn(DialogueState(lang), VisitorMessage(CANCEL[lang]))
    (answer,) = first.replies
    then = demo.turn(first.state, VisitorMessage(said))
    (reply,) = then.replies
    assert reply.kind == "answer" and reply.article_id == answer.article_id
    assert "48" in reply.text and reply.text != answer.text  # the made-to-measure line, not the page again
    assert any(c.action == "handoff" for c in reply.choices)


@pytest.mark.parametrize(("lang", "said"), [("fr", "elle est déjà partie de l'entrepôt"),
                                            ("en", "it has already left the warehouse though")])
def test_an_objection_no_part_speaks_to_gets_a_person_not_another_page(demo: NativeEngine, lang: str,
                                                                       said: str) -> None:
    first = demo.turn(DialogueState(lang), VisitorMessage(CANCEL[lang]))
    then = demo.turn(first.state, VisitorMessage(said))
    (reply,) = then.replies
    assert reply.article_id is None and reply.kind == "handoff"
    assert first.replies[0].article_id is not None
    title = demo.searcher.get(first.replies[0].article_id)
    assert title is not None and title.title in reply.text
    assert [c.payload for c in reply.choices] == ["handoff:low_confidence"]
    assert then.handoff is None and then.state.failed_turns == 1
    # A "yes" then reaches the person.
    assert demo.turn(then.state, VisitorMessage("oui" if lang == "fr" else "yes")).handoff == "low_confidence"


@pytest.mark.parametrize(("text", "done"), [
    ("j'ai changé le mot de passe déjà", True),
    ("mais je l'ai déjà fait", True),
    ("c'est déjà fait", True),
    ("I already tapped unblock but it still doesn't work", True),
    ("I did that", True),
    ("j'ai déjà signalé le problème", True),
    ("je l'ai déjà réessayé", True),
    ("ça marche pas", True),
    ("it doesn't work", True),
    ("le site marche pas quand je paie", False),  # a new problem, told
    ("elle est déjà partie", False),  # the order's state, not what the visitor did
    ("it has already shipped", False),
    ("il est bien valide pourtant", False),
])
def test_saying_one_already_did_what_the_page_says(text: str, done: bool) -> None:
    assert did_already(text) is done


@pytest.mark.parametrize(("lang", "said", "word"), [("fr", "j'ai déjà cliqué sur annuler", "déjà"),
                                                     ("en", "I already did it this morning", "already")])
def test_a_step_already_taken_is_acknowledged_not_called_another_case(demo: NativeEngine, lang: str, said: str,
                                                                       word: str) -> None:
    first = demo.turn(DialogueState(lang), VisitorMessage(CANCEL[lang]))
    then = demo.turn(first.state, VisitorMessage(said))
    (reply,) = then.replies
    # Before: "ce que dit la page ... ne correspond pas à votre cas".
    assert word in reply.text and "cas" not in reply.text and "case" not in reply.text
    assert [c.payload for c in reply.choices] == ["handoff:low_confidence"] and then.handoff is None


@pytest.mark.parametrize(("lang", "question", "page", "done", "next_step"), [
    ("fr", "ma livraison est en retard", "fr-retard-livraison", "j'ai déjà signalé le problème", "enquête"),
])
def test_a_step_already_taken_gets_what_the_page_says_comes_next(demo: NativeEngine, lang: str, question: str,
                                                                  page: str, done: str, next_step: str) -> None:
    first = demo.turn(DialogueState(lang), VisitorMessage(question))
    assert first.replies[0].article_id == page
    (reply,) = demo.turn(first.state, VisitorMessage(done)).replies
    # Before: the line saying to report it ("signalez-le dans Mon compte"), what the visitor just said they did.
    assert reply.article_id == page and next_step in reply.text and "signalez-le" not in reply.text


def test_a_step_already_taken_that_the_page_ends_with_gets_the_person(demo: NativeEngine) -> None:
    first = demo.turn(DialogueState("fr"), VisitorMessage("je ne peux plus me connecter à mon compte"))
    (reply,) = demo.turn(first.state, VisitorMessage("j'ai déjà réinitialisé le mot de passe")).replies
    # Before: "nous ne vous demanderons jamais votre mot de passe", the part naming the step.
    assert reply.kind == "handoff" and "jamais" not in reply.text
    assert [c.payload for c in reply.choices] == ["handoff:low_confidence"]


@pytest.mark.parametrize(("lang", "failed"), [("fr", "ça marche toujours pas"), ("en", "it's still not working")])
def test_steps_that_did_not_work_get_the_person_not_the_topics(demo: NativeEngine, lang: str, failed: str) -> None:
    question = "j'ai oublié mon mot de passe" if lang == "fr" else "I forgot my password"
    first = demo.turn(DialogueState(lang), VisitorMessage(question))
    (reply,) = demo.turn(first.state, VisitorMessage(failed)).replies
    # Before (French): "Je ne trouve rien de sûr sur ce point. Mes sujets : livraison, compte...".
    assert reply.kind == "handoff" and demo.searcher.get(str(first.replies[0].article_id)).title in reply.text


def test_a_few_calm_words_in_the_page_s_terms_tell_the_case_not_an_outburst(demo: NativeEngine) -> None:
    first = demo.turn(DialogueState("fr"), VisitorMessage("j'ai oublié mon mot de passe"))
    (reply,) = demo.turn(first.state, VisitorMessage("j'ai rien reçu")).replies
    # Before: read as anger (0.87), an apology and the parcel-not-received page.
    assert reply.article_id == "fr-mot-de-passe-oublie" and "Vérifiez l'adresse" in reply.text


policy = Policy(Thresholds())


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_objection_outweighs_an_unsure_other_page_not_anger_nor_a_sure_page(lang: str) -> None:
    state = DialogueState(lang, shown_articles=("cancel",), answered="cancel")
    objection = Objection(art("cancel", lang), "", None)
    # "Elle est déjà partie" finds the tracking page at 0.55 by its words: it is about the cancellation page.
    unsure = replace(understood("q", lang, ranking(lang, ("tracking", 0.55))), objection=objection)
    (reply,) = policy.decide(state, unsure, []).replies
    assert reply.kind == "handoff" and "Titre cancel" in reply.text
    angry = replace(understood("q", lang, ranking(lang, ("tracking", 0.3)), "frustration", 0.8), objection=objection)
    assert policy.decide(state, angry, []).state.frustration == 1
    sure = replace(understood("q", lang, ranking(lang, ("invoice", 0.9))), objection=objection)
    assert [r.article_id for r in policy.decide(state, sure, []).replies] == ["invoice"]


@pytest.mark.parametrize("text", ["non merci", "nan c'est bon", "non ça ira, merci", "no thanks", "nope, all good",
                                  "no that's fine, bye", "non c'est bon j'ai trouvé sur le site",
                                  "no thanks, I found it", "nan c bon je me débrouille"])
def test_declining_more_help_is_no_thanks(text: str) -> None:
    assert is_no_thanks(text)


@pytest.mark.parametrize("text", ["non", "no", "non, pas ça", "non merci mais ma commande n'est pas arrivée"])
def test_a_plain_no_or_a_no_with_more_to_say_is_not(text: str) -> None:
    assert not is_no_thanks(text)


@pytest.mark.parametrize(("lang", "no"), [("fr", "non"), ("en", "no")])
def test_a_bare_no_after_an_answer_gets_no_page_and_a_person_then_the_person_first(lang: str, no: str) -> None:
    state = DialogueState(lang, shown_articles=("tracking",), answered="tracking")
    # Its words find the parcel-not-received page ("non reçu") at 0.77.
    u = understood(no, lang, ranking(lang, ("not-received", 0.77)), "deny", 1.0)
    turn = policy.decide(state, u, [])
    (reply,) = turn.replies
    assert reply.article_id is None and reply.kind == "smalltalk"
    assert [c.action for c in reply.choices] == ["handoff"]
    assert turn.state.failed_turns == 1
    # "No" again: not "tell me more" a second time, the person offered first.
    (again,) = policy.decide(turn.state, u, []).replies
    assert again.kind == "handoff" and [c.payload for c in again.choices] == ["handoff:turn_limit"]
    assert again.text != reply.text


@pytest.mark.parametrize(("lang", "text"), [("fr", "non merci"), ("en", "no thanks")])
def test_no_thanks_after_an_answer_is_an_ending(lang: str, text: str) -> None:
    state = DialogueState(lang, shown_articles=("tracking",), answered="tracking")
    u = replace(understood(text, lang, ranking(lang, ("a1", 0.1)), "deny", 0.85, thanks=0.11), no_thanks=True)
    turn = policy.decide(state, u, [])
    assert [c.action for c in turn.replies[0].choices] == ["close"]
    assert turn.state.failed_turns == 0
    # To the offer of a person, it declines that offer: nothing more is asked, the person stays one tap away.
    offered = replace(state, offered="handoff:low_confidence")
    (reply,) = policy.decide(offered, u, []).replies
    assert [c.action for c in reply.choices] != ["close"]


@pytest.mark.parametrize("text", ["laissez tomber", "bon ben tant pis", "oubliez, merci", "whatever, forget it",
                                  "never mind then", "oh well, doesn't matter", "dommage", "ah c'est dommage",
                                  "that's a shame", "too bad then"])
def test_giving_up_on_the_question(text: str) -> None:
    assert is_giving_up(text)


@pytest.mark.parametrize("text", ["laissez tomber la livraison express, je viendrai en magasin", "tant pis pour moi ?",
                                  "never mind the price, how long does it take?", "ok",
                                  "dommage. et le Portugal ?"])
def test_a_message_with_more_to_say_is_no_giving_up(text: str) -> None:
    assert not is_giving_up(text)


@pytest.mark.parametrize(("lang", "text"), [("fr", "laissez tomber"), ("en", "never mind")])
def test_giving_up_gets_no_cheerful_goodbye_and_keeps_a_person_one_tap_away(lang: str, text: str) -> None:
    # "Laissez tomber" reads as a goodbye (0.53): it got "Au revoir, et bonne continuation !".
    u = replace(understood(text, lang, ranking(lang, ("a1", 0.04)), "goodbye", 0.53, deny=0.16), giving_up=True)
    failed = DialogueState(lang, failed_turns=1)
    turn = policy.decide(failed, u, [])
    (reply,) = turn.replies
    assert not re.search(r"bonne continuation|all the best", reply.text)
    assert [c.action for c in reply.choices] == ["close", "handoff"]
    assert turn.handoff is None and turn.state.offered == "close"


@pytest.mark.parametrize(("text", "opening", "rest"), [
    ("oui", "yes", ""), ("Ouais !", "yes", ""), ("yes please", "yes", ""), ("oui je veux bien, merci", "yes", ""),
    ("allez-y", "yes", ""), ("ok", "ack", ""), ("OK thanks!", "ack", ""), ("d'accord", "ack", ""),
    ("ok et si c'est rouge", "ack", "et si c'est rouge"),
    ("oui mais sinon le prix d'une clio pour une semaine ?", "yes", "mais sinon le prix d'une clio pour une semaine ?"),
    ("ok, so is that a yes or no?", "ack", "so is that a yes or no?"),
    ("bon de commande introuvable", "", "bon de commande introuvable"),
    ("compris dans le forfait ?", "", "compris dans le forfait ?"), ("ça marche pas", "", "ça marche pas"),
])
def test_a_yes_or_an_ok_and_what_the_message_says_after_it(text: str, opening: str, rest: str) -> None:
    assert assent(text) == (opening, rest)


@pytest.mark.parametrize("text", ["et si c'est rouge", "et si je l'ai pas fait", "si je le rends en retard ?",
                                  "what if I forget", "and for a van?", "ok et si il pleut"])
def test_a_case_put_as_a_question_with_or_without_its_question_mark(text: str) -> None:
    assert is_what_if(text)


@pytest.mark.parametrize("text", ["non", "sinon vous livrez le dimanche ?", "simple question", "I forgot", "ok"])
def test_other_messages_put_no_case(text: str) -> None:
    assert not is_what_if(text)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_bare_yes_to_a_choice_of_pages_asks_which_one_with_the_same_choice_never_a_transfer(lang: str) -> None:
    pages = ranking(lang, ("a1", 0.4), ("a2", 0.3))
    offered = policy.decide(DialogueState(lang), understood("q", lang, pages), [])
    assert offered.replies[0].kind == "clarify"
    yes = replace(understood("oui", lang, ranking(lang, ("a9", 0.02)), "affirm", 0.99), assent="yes",
                  choices=pages.candidates)
    turn = policy.decide(offered.state, yes, [])
    assert turn.handoff is None
    (reply,) = turn.replies
    assert reply.kind == "clarify" and reply.text != offered.replies[0].text
    assert [c.article_id for c in reply.choices if c.article_id] == ["a1", "a2"]
    assert reply.choices[-1].action == "handoff"
    # Never round in circles: once the failure budget is spent, the yes is taken for the person offered.
    assert policy.decide(turn.state, yes, []).handoff == "low_confidence"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_ok_to_a_reply_that_only_says_a_person_could_take_over_is_asked_about_then_a_yes_transfers(lang: str) -> None:
    nothing = ranking(lang, ("a1", 0.02))
    fallback = policy.decide(DialogueState(lang), understood("q", lang, nothing), [])
    assert fallback.replies[0].kind == "fallback" and not fallback.replies[0].text.rstrip().endswith("?")
    ok = replace(understood("ok", lang, nothing, "affirm", 0.98), assent="ack")
    asked = policy.decide(fallback.state, ok, [])
    assert asked.handoff is None
    (reply,) = asked.replies
    assert reply.text.rstrip().endswith("?") and [c.action for c in reply.choices] == ["handoff"]
    assert policy.decide(asked.state, ok, []).handoff == "low_confidence"
    # A plain "yes" to that first reply needs no second question.
    yes = replace(understood("oui", lang, nothing, "affirm", 0.98), assent="yes")
    assert policy.decide(fallback.state, yes, []).handoff == "low_confidence"


@pytest.mark.parametrize(("lang", "first", "then"), [
    ("fr", "je veux retourner un article", "comment on fait ?"),
    ("en", "how do I return an item?", "how do I do that?"),
])
def test_ok_after_a_part_of_a_page_is_understood_not_a_question_about_a_person(
        demo: NativeEngine, lang: str, first: str, then: str) -> None:
    state = DialogueState(lang)
    for text in (first, then):
        state = demo.turn(state, VisitorMessage(text)).state
    assert state.offered is not None and state.offered.startswith("handoff:")  # the part came with a person
    turn = demo.turn(state, VisitorMessage("ok"))
    # Before: "Vous pouvez me poser une autre question. Ou souhaitez-vous parler à un conseiller ?"
    (reply,) = turn.replies
    assert reply.kind == "smalltalk" and turn.handoff is None
    assert reply.text in TEXTS["acknowledged"][lang]


@pytest.mark.parametrize(("lang", "text"), [("fr", "et si je l'ai pas fait"), ("en", "what if I forget")])
def test_a_case_put_after_an_answer_is_a_question_not_a_no(lang: str, text: str) -> None:
    state = DialogueState(lang, shown_articles=("fuel",), answered="fuel")
    u = replace(understood(text, lang, ranking(lang, ("fuel", 0.6)), "deny", 0.8), excerpt=Excerpt("fuel", "2,90 €"))
    turn = policy.decide(state, u, [])
    (reply,) = turn.replies
    assert reply.article_id == "fuel" and "2,90 €" in reply.text
    assert turn.state.failed_turns == 0


@pytest.mark.parametrize(("lang", "no"), [("fr", "non, ce n'est pas ce que j'ai demandé"),
                                          ("en", "no, that's not what I asked")])
def test_the_page_a_visitor_just_refused_is_not_given_again_word_for_word(lang: str, no: str) -> None:
    state = DialogueState(lang, shown_articles=("change",), answered="change")
    refused = policy.decide(state, understood(no, lang, ranking(lang, ("change", 0.2)), "deny", 0.87), [])
    assert refused.state.rejected == "change"
    restated = policy.decide(refused.state, understood("q", lang, ranking(lang, ("change", 0.6))), [])
    (reply,) = restated.replies
    assert reply.article_id == "change" and "Réponse change." not in reply.text
    assert [c.action for c in reply.choices] == ["handoff"]


@pytest.mark.parametrize(("lang", "asked"), [("fr", "comment annuler ?"), ("en", "how do I cancel?")])
def test_the_same_question_again_is_no_cue_to_give_the_same_page_again(demo: NativeEngine, lang: str,
                                                                      asked: str) -> None:
    first = demo.turn(DialogueState(lang), VisitorMessage(asked))
    assert first.replies[0].kind in ("answer", "clarify")
    again = demo.turn(first.state, VisitorMessage(asked.rstrip(" ?").capitalize()))
    (reply,) = again.replies
    assert reply.kind == "handoff" and reply.article_id is None
    assert [c.action for c in reply.choices] == ["handoff"] and again.state.failed_turns == first.state.failed_turns + 1
    # A "yes" then reaches the person; asking on and on gets the person offered each time in other words, never the
    # same page in a loop (nor a transfer nobody asked for).
    assert demo.turn(again.state, VisitorMessage("oui" if lang == "fr" else "yes")).handoff is not None
    state, texts = again.state, [reply.text]
    for _ in range(3):
        turn = demo.turn(state, VisitorMessage(asked))
        assert all(r.kind != "answer" for r in turn.replies) and turn.handoff is None
        assert [c.payload for r in turn.replies for c in r.choices] == ["handoff:turn_limit"]
        texts.append(turn.replies[0].text)
        state = turn.state
    assert all(a != b for a, b in pairwise(texts))


@pytest.mark.parametrize(("text", "said"), [
    ("je veux pas de conseiller, dites-moi juste comment retourner un article", "dites-moi juste comment retourner"),
    ("sans passer par un conseiller, comment changer mon adresse ?", "comment changer mon adresse"),
    ("Comment suivre mon colis ? je ne veux pas parler à quelqu'un", "Comment suivre mon colis"),
    ("I don't want to talk to an agent, just tell me how to return an item", "just tell me how to return"),
    ("no need for a human, where is my parcel?", "where is my parcel"),
    ("je ne veux pas parler à un conseiller", ""),
    ("non merci, pas besoin d'un humain", ""),
    ("please don't transfer me to an operator", ""),
])
def test_refusing_a_person_is_told_apart_from_what_the_message_asks(text: str, said: str) -> None:
    declined, rest = declines_person(text)
    assert declined and rest.startswith(said) and (rest or not said)


@pytest.mark.parametrize("text", ["je veux parler à un conseiller", "tu peux me conseiller un bon forfait ?",
                                  "I do not want anyone else to use my account", "il n'y a pas de conseiller ?",
                                  "no, a real person please", "sans personne pour m'aider je suis perdu",
                                  "je ne veux pas que quelqu'un d'autre utilise ma carte"])
def test_asking_for_a_person_or_naming_people_is_no_refusal(text: str) -> None:
    assert declines_person(text) == (False, text)


@pytest.mark.parametrize(("lang", "text", "page"), [
    ("fr", "je veux pas de conseiller, expliquez-moi seulement comment renvoyer un article", "fr-retourner-article"),
    ("en", "I don't need an agent, just tell me how I send an item back", "en-return-item"),
])
def test_a_question_after_refusing_a_person_is_answered_without_a_transfer(demo: NativeEngine, lang: str, text: str,
                                                                            page: str) -> None:
    turn = demo.turn(DialogueState(lang), VisitorMessage(text))
    assert turn.handoff is None
    (reply,) = turn.replies
    assert reply.kind in ("answer", "clarify")
    assert page in (reply.article_id, *(c.article_id for c in reply.choices))


@pytest.mark.parametrize(("lang", "question", "refusal"), [
    ("fr", "une commande inconnue est apparue sur mon compte", "non merci, je ne veux pas parler à un conseiller"),
    ("en", "there's an order on my account that I never placed", "no thanks, I don't want to speak to an agent"),
])
def test_refusing_the_person_offered_starts_no_transfer(demo: NativeEngine, lang: str, question: str,
                                                        refusal: str) -> None:
    first = demo.turn(DialogueState(lang), VisitorMessage(question))
    assert first.state.offered and first.state.offered.startswith("handoff:")
    then = demo.turn(first.state, VisitorMessage(refusal))
    assert then.handoff is None and then.state.offered is None
    assert all(r.kind == "smalltalk" for r in then.replies)


@pytest.mark.parametrize(("lang", "first", "correction", "page"), [
    ("fr", "comment suivre ma commande", "non, je voulais dire comment renvoyer un article", "fr-retourner-article"),
    ("en", "how do I track my order", "no sorry, I meant how to send an item back", "en-return-item"),
])
def test_a_correction_right_after_an_answer_is_read_alone(demo: NativeEngine, lang: str, first: str, correction: str,
                                                          page: str) -> None:
    answered = demo.turn(DialogueState(lang), VisitorMessage(first))
    assert [r.kind for r in answered.replies] == ["answer"] and answered.replies[0].article_id != page
    then = demo.turn(answered.state, VisitorMessage(correction))
    assert [(r.kind, r.article_id) for r in then.replies] == [("answer", page)]


@pytest.mark.parametrize(("lang", "text"), [("fr", "non"), ("fr", "pas de conseiller svp"), ("en", "no")])
def test_a_no_before_the_bot_has_given_anything_is_no_failed_turn(demo: NativeEngine, lang: str, text: str) -> None:
    turn = demo.turn(DialogueState(lang), VisitorMessage(text))
    assert turn.handoff is None and turn.state.failed_turns == 0
    assert [r.kind for r in turn.replies] == ["smalltalk"]


@pytest.mark.parametrize("text", ["ce n'est pas ce que j'ai demandé", "ça ne répond pas à ma question",
                                  "that's not what I asked", "that doesn't answer my question"])
def test_saying_the_reply_missed_is_told_apart(text: str) -> None:
    assert is_not_that(text)


@pytest.mark.parametrize(("lang", "off_topic", "complaint"), [
    ("fr", "quel temps fera-t-il à Brest samedi ?", "ce n'est pas ce que j'ai demandé"),
    ("en", "who will win the cup final?", "that's not what I asked"),
])
def test_saying_a_fallback_missed_brings_the_person_not_a_goodbye(demo: NativeEngine, lang: str, off_topic: str,
                                                                  complaint: str) -> None:
    first = demo.turn(DialogueState(lang), VisitorMessage(off_topic))
    assert first.state.failed_turns == 1
    then = demo.turn(first.state, VisitorMessage(complaint))
    (reply,) = then.replies
    # The person comes forward (the budget spent, or the visitor annoyed); nothing like "come back any time".
    assert reply.kind == "handoff" and [c.action for c in reply.choices] == ["handoff"]
    assert then.state.failed_turns == 2 or then.state.frustration == 1


@pytest.mark.parametrize(("text", "named"), [
    ("je voudrais parler à un conseiller", True), ("personne ne décroche au téléphone", True),
    ("un humain svp", True), ("rappelez-moi au 06 12 34 56 78", True), ("get me someone", True),
    ("can I speak to the team?", True), ("are you a bot?", True),
    ("je voudrais changer d'option tarifaire", False), ("je voudrais passer chez vous", False),
    ("I would like to switch to your company", False),
    # A phone one calls on is a way to reach someone; the phone one buys or loses is not.
    ("je peux vous joindre par téléphone ?", True), ("can I phone you tomorrow?", True),
    ("I'd rather talk on the phone", True), ("vous pouvez me téléphoner ?", True),
    ("je voudrais acheter un téléphone en trois fois", False), ("my new phones never arrived", False),
])
def test_a_request_for_a_person_names_one_a_team_or_a_way_to_reach_one(text: str, named: bool) -> None:
    assert names_person(text) is named


@pytest.mark.parametrize(("lang", "text"), [("fr", "je voudrais passer chez vous"),
                                            ("en", "I would like to switch to your company"),
                                            ("fr", "Je voudrais acheter un téléphone en trois fois chez vous")])
def test_wanting_something_done_naming_no_one_starts_no_transfer(demo: NativeEngine, lang: str, text: str) -> None:
    # The intents read a person in "je voudrais ..." at 0.66: the visitor asked for something, not for someone.
    turn = demo.turn(DialogueState(lang), VisitorMessage(text))
    assert turn.handoff is None and turn.replies[0].kind in ("clarify", "fallback")
    assert turn.replies[0].choices[-1].action == "handoff"  # a person still one tap away
    asked = demo.turn(DialogueState(lang), VisitorMessage(f"{text}, je veux un conseiller" if lang == "fr"
                                                          else f"{text}, get me an adviser"))
    assert asked.handoff == "explicit_request"


@pytest.mark.parametrize(("text", "asks"), [
    ("je veux parler a quelqu'un pour ma commande de canapé qui est pas arrivée", True),
    ("Est-ce que je peux parler à un humain, le colis est marqué livré mais j'ai rien", True),
    ("comment parler à un conseiller ?", True), ("pouvez-vous me passer un responsable", True),
    ("I'd like to speak with someone about my order", True), ("can I talk to a human please, it never came", True),
    ("je voudrais parler de ma commande", False), ("je ne veux pas parler à un conseiller", False),
    ("je voudrais avoir une personne de plus sur ma réservation", False), ("can I get a refund", False),
    ("how do I contact the seller", False),
])
def test_a_request_for_a_person_said_in_so_many_words(text: str, asks: bool) -> None:
    assert asks_for_person(text) is asks


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "je voudrais parler a quelqu'un au sujet de la livraison de mon matelas, elle a 3 jours de retard"),
    ("fr", "est-ce que je peux parler a un humain, le colis est marqué livré mais j'ai rien"),
    ("en", "I'd like to speak with someone about my mattress delivery, it is three days late"),
    ("en", "could I talk to a person, my refund for the lamp never came"),
])
def test_a_request_for_a_person_with_its_reason_starts_the_transfer(demo: NativeEngine, lang: str, text: str) -> None:
    # The intents read the reason as a question (a person at 0.15-0.34): pages came instead of the person asked for.
    assert demo.turn(DialogueState(lang), VisitorMessage(text)).handoff == "explicit_request"


@pytest.mark.parametrize(("lang", "text", "beyond"), [
    ("fr", "vous avez un numéro de téléphone pour vous appeler ?", False),
    ("fr", "je veux parler à un conseiller de ma livraison", True),
    ("en", "what number do I call to speak to an adviser?", False),
    ("en", "can someone help me with my delivery?", True),
])
def test_what_a_request_for_a_person_names_besides_the_person(demo: NativeEngine, lang: str, text: str,
                                                                beyond: bool) -> None:
    view = demo.searcher.view(text, lang)
    assert demo.searcher.names_something(view, lang)
    assert demo._beyond_person(text, view, lang) is beyond


@pytest.mark.parametrize("text", ["retard", "Retard ?"])
def test_a_topic_named_in_a_word_is_no_outburst(demo: NativeEngine, text: str) -> None:
    # "Retard" (a delay) reads as anger at 0.83: it got the late-delivery page with an apology for the annoyance.
    turn = demo.turn(DialogueState("fr"), VisitorMessage(text))
    (reply,) = turn.replies
    assert (reply.kind, reply.article_id) == ("answer", "fr-retard-livraison")
    assert "désolé" not in reply.text and turn.state.frustration == 0
    # Named with a sign of anger, it is one.
    assert demo.turn(DialogueState("fr"), VisitorMessage("RETARD !!!")).state.frustration == 1


def test_a_question_in_words_of_anger_is_no_calm_question(demo: NativeEngine) -> None:
    answered = demo.turn(DialogueState("fr"), VisitorMessage("comment suivre ma livraison ?"))
    # Anger at 0.68 with a question mark was read as a calm question: a fallback listing the bot's topics.
    then = demo.turn(answered.state, VisitorMessage("y a vraiment rien à faire ? c'est abusé"))
    (reply,) = then.replies
    assert reply.kind == "handoff" and then.state.frustration == 1
    assert [c.payload for c in reply.choices] == ["handoff:frustration"]


@pytest.mark.parametrize(("text", "thanks"), [
    ("d'accord merci", True), ("merci du conseil", True), ("ok thanks a lot", True), ("super, merci !", True),
    ("merci mais ça ne marche pas", False), ("thanks but it still doesn't work", False),
    ("merci, et pour la livraison ?", False), ("merci pour votre réponse sur la livraison de mon canapé", False),
    ("pas merci", False), ("non merci", False), ("no thanks", False),
])
def test_only_thanks_is_a_word_of_thanks_and_nothing_else(text: str, thanks: bool) -> None:
    assert only_thanks(text) is thanks


@pytest.mark.parametrize(("lang", "asked", "said"), [
    ("fr", "comment entretenir un canapé en lin ?", "merci du conseil"),
    ("fr", "comment entretenir un canapé en lin ?", "d'accord merci"),
    ("en", "how do I track my order?", "ok thanks a lot"),
])
def test_thanks_after_an_answer_is_thanks_whatever_pages_its_words_find(demo: NativeEngine, lang: str, asked: str,
                                                                        said: str) -> None:
    state = demo.turn(DialogueState(lang), VisitorMessage(asked)).state
    turn = demo.turn(state, VisitorMessage(said))
    (reply,) = turn.replies
    assert reply.kind == "smalltalk" and reply.article_id is None and turn.handoff is None
    assert [c.action for c in reply.choices][:1] == ["close"]


def test_thanks_with_a_sad_face_is_no_thanks(demo: NativeEngine) -> None:
    state = demo.turn(DialogueState("fr"), VisitorMessage("comment suivre ma commande ?")).state
    turn = demo.turn(state, VisitorMessage("ah super, merci 🙄"))
    assert turn.replies[0].kind != "smalltalk" or any(c.action == "handoff" for c in turn.replies[0].choices)


@pytest.mark.parametrize(("lang", "said"), [("fr", "ok"), ("fr", "dommage"), ("en", "ok")])
def test_ok_or_too_bad_once_the_budget_is_spent_starts_no_transfer(lang: str, said: str) -> None:
    policy = Policy(Thresholds())
    # A choice of pages, the failure budget spent: "ok" picks none of them and asks for no one.
    chose = DialogueState(lang, failed_turns=2, offered="handoff:low_confidence", choosing=True,
                          clarify_options=("a1", "a2"), last_texts=("Laquelle correspond à votre demande ?",))
    u = replace(understood(said, lang, ranking(lang, ("a1", 0.1)), "affirm", 0.8), assent="ack" if said == "ok" else "",
                choices=tuple(ranking(lang, ("a1", 0.3), ("a2", 0.2)).candidates), giving_up=is_giving_up(said))
    turn = policy.decide(chose, u, [])
    assert turn.handoff is None
    assert any(c.action == "handoff" for c in turn.replies[0].choices)


@pytest.mark.parametrize(("lang", "text"), [("fr", "et ton chatbot il est aussi nul que le reste"),
                                            ("en", "your chatbot is as useless as the rest of you")])
def test_an_insult_to_the_bot_is_no_question_about_who_answers(demo: NativeEngine, lang: str, text: str) -> None:
    turn = demo.turn(DialogueState(lang), VisitorMessage(text))
    # An apology and a person, not "I'm a virtual assistant, not a person".
    assert [c.payload for r in turn.replies for c in r.choices if c.action == "handoff"] == ["handoff:frustration"]
