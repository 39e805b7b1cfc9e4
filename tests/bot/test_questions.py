"""A message asking several questions: each finds its page, one is answered and the next offered under it, instead
of the second question dropped without a word (the bank's labelled knowledge base, served as `relais serve` does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import NLU_DIR, NativeEngine
from bot.messages import Turn, VisitorMessage
from bot.nlu_data import load_nlu, off_topic_texts
from bot.parts import questions
from bot.state import DialogueState
from knowledge_base.embedding import CachedEncoder
from knowledge_base.interchange import read_articles
from tests.bot.engines import native_engine

KB = Path(__file__).resolve().parents[2] / "data" / "calibration" / "bank" / "kb.yml"


@pytest.mark.parametrize(("text", "asked"), [
    ("Quel est le délai d'un virement ? Et aussi, comment je bloque ma carte ?",
     ["Quel est le délai d'un virement ?", "comment je bloque ma carte ?"]),
    ("bonjour, je voudrais savoir si la livraison est gratuite et combien de temps elle prend",
     ["je voudrais savoir si la livraison est gratuite", "combien de temps elle prend"]),
    ("Where is my parcel? Also, can I change the delivery address?",
     ["Where is my parcel?", "can I change the delivery address?"]),
    # Announced after a colon: "deux questions :" asks nothing itself.
    ("Salut, deux questions : comment je change mon code et où je vois mes relevés ?",
     ["comment je change mon code", "où je vois mes relevés ?"]),
    ("Two things: how do I order a cheque book? and where do I find my IBAN?",
     ["how do I order a cheque book?", "where do I find my IBAN?"]),
])
def test_the_questions_of_a_message_that_asks_several(text: str, asked: list[str]) -> None:
    assert questions(text) == asked


@pytest.mark.parametrize("text", [
    "Comment je bloque ma carte ?",
    "J'ai perdu ma carte hier soir. Comment je la bloque ?",  # a story, then one question
    "j'ai commandé lundi et toujours rien reçu, vous pouvez vérifier ?",
    "Bonjour. Merci d'avance !",
    "ou bien je la garde ?",
    "Dernière question : comment je paie ?",
])
def test_a_message_asking_one_question_or_none_is_not_split(text: str) -> None:
    assert questions(text) == []


@pytest.fixture(scope="module")
def bank(encoder: CachedEncoder) -> NativeEngine:
    return native_engine(encoder, read_articles(KB), off_topic_texts(load_nlu(NLU_DIR), ("fr", "en")), served=True)


def answer_and_offer(turn: Turn) -> tuple[str | None, list[str | None]]:
    (reply,) = turn.replies
    assert reply.kind == "answer"
    return reply.article_id, [c.article_id for c in reply.choices]


def test_the_second_question_s_page_is_offered_under_the_answer_to_the_first(bank: NativeEngine) -> None:
    turn = bank.turn(DialogueState("fr"), VisitorMessage(
        "Salut, je voudrais savoir comment augmenter le plafond de ma carte et comment on ajoute un bénéficiaire"))
    assert answer_and_offer(turn) == ("fr-plafonds-carte", ["fr-ajouter-beneficiaire"])
    assert "autre question" in turn.replies[0].text
    # One tap gives it.
    then = bank.turn(turn.state, VisitorMessage("", payload="article:fr-ajouter-beneficiaire"))
    assert [(r.kind, r.article_id) for r in then.replies] == [("answer", "fr-ajouter-beneficiaire")]
    # The page answered stays the one a follow-up is about.
    assert turn.state.shown_articles[-1] == "fr-plafonds-carte"


def test_two_questions_unsure_together_but_each_sure_alone_get_an_answer_not_a_choice(bank: NativeEngine) -> None:
    # Together they read as a near tie of the two pages (a choice before).
    turn = bank.turn(DialogueState("en"), VisitorMessage(
        "How do I raise my card limits? Also, how do I add a beneficiary?"))
    assert answer_and_offer(turn) == ("en-card-limits", ["en-add-beneficiary"])
    assert "other question" in turn.replies[0].text


def test_a_story_then_one_question_gets_the_question_s_page_alone(bank: NativeEngine) -> None:
    turn = bank.turn(DialogueState("en"), VisitorMessage("my transfer hasn't arrived. how do I add a beneficiary?"))
    assert answer_and_offer(turn) == ("en-add-beneficiary", [])
