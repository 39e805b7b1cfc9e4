"""Long messages: a question is found inside several sentences, but a fragment alone never makes a sure answer."""

from __future__ import annotations

from typing import Any

from bot.engine import NativeEngine, sentences
from bot.policy import Policy, Thresholds
from knowledge_base.articles import Article
from knowledge_base.retrieval import Candidate, Ranking

ARTICLES = [Article(f"a{i}", "fr", f"Titre {i}", (f"Question {i} ?",), "Réponse.") for i in range(3)]


def ranking(*probabilities: float) -> Ranking:
    return Ranking("fr", tuple(Candidate(a, p, ()) for a, p in zip(ARTICLES, probabilities, strict=False)))


def engine() -> Any:
    # _vouched only needs the policy's thresholds.
    e = NativeEngine.__new__(NativeEngine)
    e.policy = Policy(Thresholds())
    return e


def test_messages_split_on_sentence_ends_and_on_an_introducing_colon() -> None:
    parts = sentences("Petite question : je peux garder mon numéro ? Merci d'avance pour tout")
    assert parts[0] == "je peux garder mon numéro ?"  # the longest first
    assert set(parts) == {"je peux garder mon numéro ?", "Merci d'avance pour tout", "Petite question :"}
    assert sentences("une seule phrase sans fin") == []


def test_a_sentence_is_answered_when_the_whole_message_points_the_same_way() -> None:
    part, whole = ranking(0.8, 0.1), ranking(0.3, 0.1)
    assert engine()._vouched(part, whole) is part


def test_a_sentence_the_whole_message_does_not_support_is_offered_not_answered() -> None:
    part, whole = ranking(0.8, 0.1), ranking(0.05, 0.1)
    vouched = engine()._vouched(part, whole)
    assert vouched.best is not None and vouched.best.article.id == "a0"
    assert vouched.best.probability < Thresholds().answer
    assert [c.probability for c in vouched.candidates[1:]] == [0.1]
