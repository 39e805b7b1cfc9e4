"""A visitor correcting the bot ("non je voulais dire...", "je parle pas de X, Y") asks a new question, read alone,
and is never given the page just refused again (the shop's labelled knowledge base, served as `relais serve` does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import NLU_DIR, NativeEngine
from bot.messages import VisitorMessage
from bot.nlu_data import load_nlu, off_topic_texts
from bot.parts import correction, refuses
from bot.state import DialogueState
from knowledge_base.embedding import CachedEncoder
from knowledge_base.interchange import read_articles
from tests.bot.engines import native_engine

KB = Path(__file__).resolve().parents[2] / "data" / "calibration" / "shop" / "kb.yml"


@pytest.mark.parametrize(("text", "said"), [
    ("non je voulais dire annuler ma commande", "annuler ma commande"),
    ("non je parle pas de carte cadeau, une carte de fidélité avec des points",
     "une carte de fidélité avec des points"),
    ("je parle pas du remboursement, mais de l'échange", "l'échange"),
    ("no, I'm not talking about the gift card, but about a loyalty card", "a loyalty card"),
    ("je parle pas anglais", ""),  # no correction: nothing said instead
    ("et pour un canapé ?", ""),
])
def test_what_a_correction_says_instead(text: str, said: str) -> None:
    assert correction(text) == said


@pytest.fixture(scope="module")
def shop(encoder: CachedEncoder) -> NativeEngine:
    return native_engine(encoder, read_articles(KB), off_topic_texts(load_nlu(NLU_DIR), ("fr", "en")), served=True)


def test_the_page_refused_is_not_given_again(shop: NativeEngine) -> None:
    first = shop.turn(DialogueState("fr"), VisitorMessage("vous avez une carte de fidélité ?"))
    assert first.replies[0].article_id == "fr-carte-cadeau"  # the nearest page, by "carte"
    then = shop.turn(first.state, VisitorMessage(
        "non je parle pas de carte cadeau, une carte de fidélité avec des points"))
    # Before: the gift-card page again ("the part of the same page nearest your question").
    offered = {r.article_id for r in then.replies} | {c.article_id for r in then.replies for c in r.choices}
    assert "fr-carte-cadeau" not in offered


@pytest.mark.parametrize(("text", "refusing"), [
    ("non je voulais dire annuler ma commande", True),
    ("je parle pas du remboursement, mais de l'échange", True),
    ("no, I meant the other one", True),
    ("je parle du retour d'un produit déballé", False),
    ("I meant the return label", False),
])
def test_a_correction_may_say_no_or_only_say_more(text: str, refusing: bool) -> None:
    assert refuses(text) is refusing


@pytest.mark.parametrize("more", ["je parle du retour d'un produit déballé", "je voulais dire l'étiquette de retour"])
def test_saying_more_of_the_same_page_gets_its_part(shop: NativeEngine, more: str) -> None:
    first = shop.turn(DialogueState("fr"), VisitorMessage("je veux renvoyer un article"))
    assert first.replies[0].article_id == "fr-retour-30-jours"
    # No "no": the visitor says which part of that page they mean. Before: that page was left out and a choice of
    # the stock-alert, refund and damaged-parcel pages offered, or the same page suggested as if unsure.
    then = shop.turn(first.state, VisitorMessage(more))
    assert then.replies[0].kind == "answer"
    assert then.replies[0].article_id == "fr-retour-30-jours"
    assert first.replies[0].text not in then.replies[0].text  # its part, not the whole page again
