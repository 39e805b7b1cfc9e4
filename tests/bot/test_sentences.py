"""Long messages: a question is found inside several sentences, but a fragment alone never makes a sure answer."""

from __future__ import annotations

from typing import Any

from bot.engine import NativeEngine, sentences
from bot.policy import Policy
from bot.state import DialogueState
from bot.understanding import Thresholds
from knowledge_base.articles import Article
from knowledge_base.retrieval import Candidate, Ranking

ARTICLES = [Article(f"a{i}", "fr", f"Titre {i}", (f"Question {i} ?",), "Réponse.") for i in range(3)]


def ranking(*probabilities: float) -> Ranking:
    return Ranking("fr", tuple(Candidate(a, p, ()) for a, p in zip(ARTICLES, probabilities, strict=False)))


class Topics:
    """Searcher.affinity over fixed pairs: a0 and "earlier" are one topic."""

    def affinity(self, a: str, b: str) -> float:
        return 0.6 if {a, b} == {"a0", "earlier"} else 0.05

    def get(self, article_id: str) -> None:  # no article of another language to translate
        return None


def engine() -> Any:
    # _vouched only needs the policy's thresholds and the articles' affinities.
    e = NativeEngine.__new__(NativeEngine)
    e.policy = Policy(Thresholds())
    e.searcher = Topics()
    return e


FRESH = DialogueState("fr")


def test_messages_split_on_sentence_ends_and_on_an_introducing_colon() -> None:
    parts = sentences("Petite question : je peux garder mon numéro ? Merci d'avance pour tout")
    assert parts[0] == "je peux garder mon numéro ?"  # the longest first
    assert set(parts) == {"je peux garder mon numéro ?", "Merci d'avance pour tout", "Petite question :"}
    assert sentences("une seule phrase sans fin") == []


def test_a_sentence_is_answered_when_the_whole_message_points_the_same_way() -> None:
    part, whole = ranking(0.8, 0.1), ranking(0.3, 0.1)
    assert engine()._vouched(FRESH, part, whole) is part


def test_a_sentence_the_whole_message_does_not_support_is_offered_not_answered() -> None:
    part, whole = ranking(0.8, 0.1), ranking(0.05, 0.1)
    vouched = engine()._vouched(FRESH, part, whole)
    assert vouched.best is not None and vouched.best.article.id == "a0"
    assert vouched.best.probability < Thresholds().answer
    assert [c.probability for c in vouched.candidates[1:]] == [0.1]


def test_a_sentence_on_the_topic_just_discussed_needs_no_support_from_the_rest() -> None:
    # "Pardon, on peut passer en anglais ? ..." after an answer about the same subject in the other language.
    part, whole = ranking(0.8, 0.1), ranking(0.05, 0.1)
    after = DialogueState("fr", shown_articles=("earlier",))
    assert engine()._vouched(after, part, whole) is part
    elsewhere = DialogueState("fr", shown_articles=("unrelated",))
    vouched = engine()._vouched(elsewhere, part, whole)
    assert vouched.best is not None and vouched.best.probability < Thresholds().answer

