"""A visitor correcting the bot ("non je voulais dire...", "je parle pas de X, Y") asks a new question, read alone,
and is never given the page just refused again (the shop's labelled knowledge base, served as `relais serve` does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import NLU_DIR, NativeEngine
from bot.messages import VisitorMessage
from bot.nlu_data import load_nlu, off_topic_texts
from bot.parts import correction
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
