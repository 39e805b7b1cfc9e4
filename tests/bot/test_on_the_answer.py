"""Right after an answer, a question naming what that page speaks of stays on it, whatever page a common phrase of
the question finds first (the insurer's labelled knowledge base, served as `relais serve` does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import NLU_DIR, NativeEngine
from bot.messages import VisitorMessage
from bot.nlu_data import load_nlu, off_topic_texts
from bot.state import DialogueState
from knowledge_base.embedding import CachedEncoder
from knowledge_base.interchange import read_articles
from tests.bot.engines import native_engine

KB = Path(__file__).resolve().parents[2] / "data" / "calibration" / "insurance" / "kb.yml"


@pytest.fixture(scope="module")
def insurer(encoder: CachedEncoder) -> NativeEngine:
    return native_engine(encoder, read_articles(KB), off_topic_texts(load_nlu(NLU_DIR), ("fr", "en")), served=True)


def test_a_question_on_what_the_page_just_given_covers_gets_its_part_not_another_page(insurer: NativeEngine) -> None:
    answered = insurer.turn(DialogueState("fr"), VisitorMessage("on a un dégât des eaux, ça coule chez le voisin"))
    assert [(r.kind, r.article_id) for r in answered.replies] == [("answer", "fr-degat-des-eaux")]
    # Alone, "prise en charge" finds the car-towing page first (0.73: "le remorquage ... est pris en charge").
    then = insurer.turn(answered.state, VisitorMessage("la recherche de fuite est prise en charge ?"))
    (reply,) = then.replies
    assert (reply.kind, reply.article_id) == ("answer", "fr-degat-des-eaux")
    assert "recherche de fuite est prise en charge" in reply.text and "dépanneur" not in reply.text
    # A question naming what another page holds and this one does not moves on to that page.
    moved = insurer.turn(answered.state, VisitorMessage("et si ma voiture tombe en panne, on vient me dépanner ?"))
    assert moved.replies[0].article_id == "fr-depannage-auto"
