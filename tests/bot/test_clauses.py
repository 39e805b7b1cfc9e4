"""A longer message read clause by clause: an insult beside a question makes an angry message (an apology and a
person, with the pages it may be about), a request for a person after a comma is heard; a calm "ça ne marche pas,
comment ...?" stays a question."""

from __future__ import annotations

import pytest

from bot.engine import NativeEngine, clauses
from bot.messages import VisitorMessage
from bot.state import DialogueState


def test_clauses_split_on_punctuation_longest_first() -> None:
    assert clauses("bande d'escrocs, rendez-moi mon argent !") == ["rendez-moi mon argent !", "bande d'escrocs"]
    assert clauses("où est mon colis ?") == []


@pytest.mark.parametrize(("lang", "text"), [
    # Each reads as a plain question as a whole (0.9 and more): the insult is one clause.
    ("fr", "bande d'arnaqueurs, où est passé mon remboursement ?"),
    ("en", "you lot are crooks, where is my refund?"),
])
def test_an_insult_beside_a_question_gets_an_apology_and_a_person(demo: NativeEngine, lang: str, text: str) -> None:
    turn = demo.turn(DialogueState(lang), VisitorMessage(text))
    assert any(c.payload == "handoff:frustration" for r in turn.replies for c in r.choices)


@pytest.mark.parametrize(("lang", "text"), [
    # As a whole, frustration (0.4) and a person (0.4) are both unsure.
    ("en", "this is pointless, put me through to someone who can actually help"),
])
def test_a_request_for_a_person_after_a_comma_starts_the_transfer(demo: NativeEngine, lang: str, text: str) -> None:
    assert demo.turn(DialogueState(lang), VisitorMessage(text)).handoff == "explicit_request"


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "ça ne marche pas, comment je réinitialise mon mot de passe ?"),
    ("en", "it doesn't work, how do I reset my password?"),
])
def test_a_calm_complaint_beside_a_question_stays_a_question(demo: NativeEngine, lang: str, text: str) -> None:
    turn = demo.turn(DialogueState(lang), VisitorMessage(text))
    assert turn.handoff is None
    assert [r.kind for r in turn.replies] == ["answer"]
    assert not any(c.payload == "handoff:frustration" for r in turn.replies for c in r.choices)


@pytest.mark.parametrize(("lang", "text", "page"), [
    ("fr", "j'en ai marre, je veux renvoyer ce canapé", "fr-retourner-article"),
    ("en", "I'm sick of this, how do I send the lamp back", "en-return-item"),
])
def test_an_outburst_is_searched_without_its_angry_words(demo: NativeEngine, lang: str, text: str, page: str) -> None:
    # The pages the question finds come with the apology and the person (the outburst's words found none of them).
    turn = demo.turn(DialogueState(lang), VisitorMessage(text))
    offered = [c.article_id for r in turn.replies for c in r.choices]
    assert page in offered and "handoff:frustration" in [c.payload for r in turn.replies for c in r.choices]


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "je suis dyslexique, est-ce que je peux payer en plusieurs fois ?"),
    ("fr", "le livreur a laissé le carton devant la porte, j'ai peur"),
    ("fr", "je suis à Lisbonne, ma carte ne passe nulle part, même au distributeur rien ne sort, je fais comment ??"),
])
def test_a_short_statement_beside_a_question_is_no_outburst(demo: NativeEngine, lang: str, text: str) -> None:
    # The intents read "je suis dyslexique", "j'ai peur" or "rien ne sort" alone as annoyance (0.8-0.9), in no word
    # of anger: not enough to make the message angry, nor to search it without them.
    understood = demo.understand(DialogueState(lang), text)
    assert understood.top_intent[0] != "frustration" and not understood.outburst
