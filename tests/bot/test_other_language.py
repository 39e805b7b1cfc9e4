"""An English visitor whose question only a French page answers gets that page (the glossary carries the question
across): flying pregnant, tipping the rider."""

from __future__ import annotations

import pytest

from bot.engine import NativeEngine
from bot.messages import VisitorMessage
from bot.state import DialogueState
from knowledge_base.articles import Article
from knowledge_base.embedding import CachedEncoder
from tests.bot.engines import native_engine

PAGES = [
    Article("fr-grossesse", "fr", "Prendre l'avion enceinte", ("Puis-je voyager enceinte ?",),
            "Jusqu'à la 28e semaine de grossesse, aucune formalité. Ensuite, un certificat médical est demandé."),
    Article("fr-pourboire", "fr", "Laisser un pourboire au livreur", ("Comment donner un pourboire ?",),
            "Ajoutez un pourboire au moment de payer ; le livreur le reçoit en entier."),
    Article("fr-bagages", "fr", "Bagages en cabine", ("Quelle taille pour mon bagage ?",),
            "Un bagage de 55 x 35 x 25 cm est compris."),
    Article("en-baggage", "en", "Cabin baggage", ("What size can my bag be?",),
            "One bag of 55 x 35 x 25 cm is included."),
    Article("en-refund", "en", "Refunds", ("When do I get my money back?",), "Refunds take 7 days."),
    Article("en-account", "en", "My account", ("How do I change my password?",), "Go to Settings > Security."),
]


@pytest.fixture(scope="module")
def engine(encoder: CachedEncoder) -> NativeEngine:
    return native_engine(encoder, PAGES, {"en": ["tell me a joke"], "fr": ["raconte-moi une blague"]})


@pytest.mark.parametrize(("text", "page"), [
    ("I'm 30 weeks pregnant, can I still fly?", "fr-grossesse"),
    ("can I tip the delivery rider?", "fr-pourboire"),
])
def test_the_french_page_answers_or_is_suggested(engine: NativeEngine, text: str, page: str) -> None:
    turn = engine.turn(DialogueState("en"), VisitorMessage(text))
    found = {r.article_id for r in turn.replies} | {c.article_id for r in turn.replies for c in r.choices}
    assert page in found  # before: a fallback naming no page, or English pages beside the point
