"""A danger to someone's body gets who to call first and the safety page kept for a person, never a choice padded
with unrelated pages; a visitor telling of a death gets a word of sympathy before the page (the shop's, train
operator's and bank's labelled knowledge bases, served as `relais serve` does)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine import NLU_DIR, NativeEngine
from bot.messages import Turn, VisitorMessage
from bot.nlu_data import load_nlu, off_topic_texts
from bot.state import DialogueState
from knowledge_base.articles import Article
from knowledge_base.embedding import CachedEncoder
from knowledge_base.interchange import read_articles
from tests.bot.engines import native_engine

CALIBRATION = Path(__file__).resolve().parents[2] / "data" / "calibration"
EMERGENCY = {"fr": "appelez tout de suite les secours au 112", "en": "call the emergency services on 112"}
SYMPATHY = {"fr": "sincèrement désolé", "en": "truly sorry"}


@pytest.fixture(scope="module")
def served(encoder: CachedEncoder) -> Callable[[str], NativeEngine]:
    engines: dict[str, NativeEngine] = {}
    off_topic = off_topic_texts(load_nlu(NLU_DIR), ("fr", "en"))

    def engine(name: str) -> NativeEngine:
        if name not in engines:
            engines[name] = native_engine(encoder, read_articles(CALIBRATION / name / "kb.yml"), off_topic, served=True)
        return engines[name]
    return engine


def pages(turn: Turn) -> list[str | None]:
    return [c.article_id for r in turn.replies for c in r.choices if c.article_id]


@pytest.mark.parametrize(("kb", "lang", "text", "page"), [
    ("shop", "fr", "le chargeur a pris feu et ma fille a été brûlée au bras", "fr-appareil-dangereux"),
    ("shop", "en", "my little boy got an electric shock from the toaster we bought from you", "en-unsafe-appliance"),
    # A choice of the gas page, moving house and subscribing, with no 112.
    ("energy", "fr", "ca sent le gaz dans ma cuisine", "fr-odeur-gaz"),
])
def test_a_danger_gets_who_to_call_and_the_safety_page_alone(served: Callable[[str], NativeEngine], kb: str,
                                                            lang: str, text: str, page: str) -> None:
    turn = served(kb).turn(DialogueState(lang), VisitorMessage(text))
    first = turn.replies[0]
    assert first.text.index(EMERGENCY[lang]) < 120  # who to call comes first
    # The safety page, given or one tap away, and no other page: the best-price guarantee and the account page
    # were offered beside it.
    assert {first.article_id, *pages(turn)} - {None} == {page}
    assert any(c.action == "handoff" for c in first.choices)


def test_someone_followed_gets_who_to_call_and_a_person_not_pages(served: Callable[[str], NativeEngine]) -> None:
    turn = served("rail").turn(DialogueState("fr"), VisitorMessage(
        "un type me suit depuis la gare et il est monté dans mon train, j'ai peur"))
    (reply,) = turn.replies
    assert reply.text.startswith("Si quelqu'un est en danger") and EMERGENCY["fr"] in reply.text
    # Before: the lost-property, reduced-mobility and bike pages, with no word of danger.
    assert pages(turn) == [] and [c.action for c in reply.choices] == ["handoff"]


def test_a_death_told_gets_sympathy_before_the_page_unless_the_page_opens_with_it(
        served: Callable[[str], NativeEngine]) -> None:
    told = served("rail").turn(DialogueState("fr"), VisitorMessage(
        "mon fils est décédé, il avait un abonnement, comment l'arrêter ?"))
    assert told.replies[0].kind == "answer" and told.replies[0].text.startswith("Je suis sincèrement désolé")
    # The bank's page on a holder's death opens with condolences: not twice.
    condoled = served("bank").turn(DialogueState("fr"), VisitorMessage(
        "mon épouse est décédée, que devient notre compte joint ?"))
    (reply,) = condoled.replies
    assert reply.article_id == "fr-deces-titulaire" and SYMPATHY["fr"] not in reply.text
    assert reply.text.startswith("Toutes nos condoléances")


def test_a_page_kept_for_a_person_offers_one_plainly(served: Callable[[str], NativeEngine]) -> None:
    turn = served("bank").turn(DialogueState("fr"), VisitorMessage(
        "mon épouse est décédée, que devient notre compte joint ?"))
    (reply,) = turn.replies
    # "Ce sujet est délicat" read oddly under a group booking or a complaint; the person is one tap away.
    assert "délicat" not in reply.text and [c.action for c in reply.choices] == ["handoff"]


@pytest.mark.parametrize(("lang", "page", "asked", "told"), [
    ("en", "en-product-safety-recall", "is this high chair on the recall list?",
     "my daughter fell out of it yesterday"),
    ("fr", "fr-rappel-produit-securite", "ma chaise haute fait partie du rappel produit ?",
     "mon fils est tombé de la chaise hier"),
])
def test_an_injury_told_after_a_page_gets_sympathy_and_a_person_not_nothing_more_precise(
        demo: NativeEngine, lang: str, page: str, asked: str, told: str) -> None:
    state = DialogueState(lang, shown_articles=(page,), answered=page, asked=asked, asked_language=lang)
    turn = demo.turn(state, VisitorMessage(told))
    (reply,) = turn.replies
    assert SYMPATHY[lang] in reply.text
    assert "précis" not in reply.text and "precise" not in reply.text
    assert [c.action for c in reply.choices] == ["handoff"]
    # The reply asks whether to put the visitor through: a "yes" does.
    yes = demo.turn(turn.state, VisitorMessage("oui" if lang == "fr" else "yes"))
    assert yes.handoff == "sensitive_topic"


# A page on a booking holder's death, and the plain cancellation page with its fees.
MOURNING = [
    Article("fr-deces", "fr", "Décès du titulaire d'une réservation",
            ("Mon père est décédé, que devient sa réservation ?",),
            "Toutes nos condoléances. Envoyez-nous l'acte de décès avec le formulaire dédié.\n"
            "Les réservations à venir sont annulées sans frais et intégralement remboursées, même au tarif Prépayé.\n"
            "Un conseiller dédié suit ensuite le dossier avec vous."),
    Article("fr-annuler", "fr", "Annuler ma réservation", ("Comment annuler ma réservation ?", "Comment on annule ?"),
            "Annulez depuis Mon espace > Mes réservations.\n"
            "L'annulation est gratuite jusqu'à 24 heures avant le départ, puis 50 € de frais s'appliquent."),
]


def test_right_after_the_page_on_a_death_a_question_it_answers_is_asked_about_the_bereavement(
        encoder: CachedEncoder) -> None:
    engine = native_engine(encoder, MOURNING, {"fr": ["raconte-moi une blague"]})
    state = DialogueState("fr", shown_articles=("fr-deces",), answered="fr-deces",
                          asked="mon mari est décédé, il avait réservé", asked_language="fr")
    turn = engine.turn(state, VisitorMessage("comment on annule ?"))
    (reply,) = turn.replies
    assert reply.article_id == "fr-deces" and "sans frais" in reply.text and "50 €" not in reply.text
    assert reply.choices[-1].action == "handoff"
    # Not after another page.
    other = engine.turn(DialogueState("fr", shown_articles=("fr-annuler",), answered="fr-annuler"),
                        VisitorMessage("comment on annule ?"))
    assert other.replies[0].article_id != "fr-deces"


@pytest.mark.parametrize(("question", "page", "then", "said"), [
    # Before: the cancellation page and its "loi Hamon", found by "assurance auto".
    ("ma mère est décédée", "fr-deces-assure", "elle avait une assurance auto chez vous", "héritiers"),
    # Before: the page on adding a second driver (a young one), found by "fils" at 0.51.
    ("vous remboursez combien pour des lunettes ?", "fr-dentaire-optique", "et pour mon fils de 12 ans ?", "enfant"),
])
def test_what_the_visitor_adds_right_after_a_page_stays_on_it(served: Callable[[str], NativeEngine], question: str,
                                                              page: str, then: str, said: str) -> None:
    # A calm statement after the page on a death is about the bereavement; the same question for someone else is
    # asked of the page just given.
    engine = served("insurance")
    first = engine.turn(DialogueState("fr"), VisitorMessage(question))
    assert first.replies[0].article_id == page
    (reply,) = engine.turn(first.state, VisitorMessage(then)).replies
    assert reply.article_id == page and said in reply.text


def test_a_car_broken_down_is_offered_the_breakdown_page(encoder: CachedEncoder) -> None:
    # "Broke" and "breakdown" stem apart: the message found nothing sure (0.05) and got the plain fallback.
    kb = Path(__file__).resolve().parents[2] / "data" / "holdout" / "carrental" / "kb.yml"
    bot = native_engine(encoder, read_articles(kb), off_topic_texts(load_nlu(NLU_DIR), ("fr", "en")), served=True)
    turn = bot.turn(DialogueState("en"), VisitorMessage("the car broke down on the motorway"))
    assert "en-breakdown" in [turn.replies[0].article_id, *pages(turn)][:2]
