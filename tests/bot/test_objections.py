"""Right after an answer, "elle est déjà partie" or "but it's made to measure" sets the visitor's case against that
page: the part of it that speaks to their case, or a person, never another page found by a word or "OK, I'm
listening"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.engine import NativeEngine
from bot.messages import VisitorMessage
from bot.objection import is_objection
from bot.policy import Objection, Policy, Thresholds
from bot.state import DialogueState
from tests.bot.pages import art, ranking
from tests.bot.test_policy import understood

CANCEL = {"fr": "je voudrais annuler la commande que j'ai passée", "en": "I'd like to cancel the order I placed"}


@pytest.mark.parametrize("text", ["elle est déjà partie", "il est bien valide pourtant", "sauf qu'elle est expédiée",
                                  "mais c'est du sur mesure", "ça ne s'applique pas à mon cas",
                                  "it has already shipped though", "but it's a custom one", "that's not my case"])
def test_a_short_statement_against_what_was_said_is_an_objection(text: str) -> None:
    assert is_objection(text)


@pytest.mark.parametrize("text", ["mais ça coûte combien ?", "but how long does it take?", "merci, c'est parfait",
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
