"""Right after a choice of pages, the visitor may type which one instead of tapping it: by its place in the list ("la
deuxième", "the last one") as well as by the words of its title (the demo shop, served as `relais serve` does)."""

from __future__ import annotations

import pytest

from bot.engine import NativeEngine
from bot.messages import VisitorMessage
from bot.reactions import choice_place
from bot.state import DialogueState
from tests.bot.engines import play


@pytest.mark.parametrize(("text", "place"), [
    ("la deuxième", 1),
    ("le 1er", 0),
    ("plutôt la 2e svp", 1),
    ("c'est la troisième page", 2),
    ("option 3", 2),
    ("2", 1),
    ("la dernière", -1),
    ("the second one", 1),
    ("first one please", 0),
    ("number two", 1),
    ("the last link", -1),
    # Not a place in the list.
    ("les deux", None),
    ("deux", None),
    ("one", None),
    ("le premier mois", None),
    ("the second payment failed", None),
    ("j'ai 2 questions", None),
])
def test_a_choice_named_by_its_place(text: str, place: int | None) -> None:
    assert choice_place(text) == place


OFFERED = ("fr-retard-livraison", "fr-colis-livre-non-recu", "fr-article-endommage")


@pytest.mark.parametrize(("text", "page"), [
    ("la deuxième", "fr-colis-livre-non-recu"),
    ("le premier", "fr-retard-livraison"),
    ("la dernière svp", "fr-article-endommage"),
    ("3", "fr-article-endommage"),
])
def test_the_page_at_that_place_is_given(demo: NativeEngine, text: str, page: str) -> None:
    state = DialogueState("fr", clarify_options=OFFERED, choosing=True, failed_turns=1,
                          offered="handoff:low_confidence")
    turn = demo.turn(state, VisitorMessage(text))
    # Before: "la deuxième" got the first page (or another), "le premier" a fallback.
    assert [(r.kind, r.article_id) for r in turn.replies][:1] == [("answer", page)]
    assert turn.state.failed_turns == 0


def test_a_place_with_no_choice_pending_picks_nothing(demo: NativeEngine) -> None:
    state = DialogueState("fr", clarify_options=OFFERED[:2], choosing=True)
    turn = demo.turn(state, VisitorMessage("la troisième"))  # only two were offered
    assert all(r.article_id not in OFFERED[2:] for r in turn.replies)


@pytest.mark.parametrize(("language", "question", "page", "then"), [
    ("fr", "je voudrais retourner une chaise", "fr-retourner-article", "c'est gratuit ?"),
    ("en", "I want to return a lamp", "en-return-item", "is it free?"),
])
def test_a_question_naming_nothing_after_a_choice_is_about_the_pages_offered(
        demo: NativeEngine, language: str, question: str, page: str, then: str) -> None:
    offered, after = play(demo, language, question, then)
    assert offered.replies[0].kind == "clarify" and page in {c.article_id for c in offered.replies[0].choices}
    # Before (French): the click & collect page, sure by "c'est gratuit" in its answer, given as the answer.
    (reply,) = after.replies
    assert reply.kind == "clarify" and reply.choices[0].article_id == page
