"""Right after an answer, "que faire ?" or "what do I do now?" names nothing: it asks what that page says to do
(its opening), with the person of a sensitive page still offered; "au secours" right after that offer says yes to it
(the demo shop, served as `relais serve` does)."""

from __future__ import annotations

import pytest

from bot.engine import NativeEngine
from bot.messages import Turn
from bot.reactions import asks_what_to_do, pleads_for_help, tells_feeling
from tests.bot.engines import play


@pytest.mark.parametrize(("text", "asks"), [
    ("que faire ?", True),
    ("qu'est-ce que je dois faire maintenant ?", True),
    ("on fait quoi ?", True),
    ("je fais comment ?", True),
    ("et maintenant ?", True),
    ("what do we do?", True),
    ("how do I fix it?", True),
    ("now what?", True),
    # Something named: a question of its own.
    ("que faire si je rate mon vol ?", False),
    ("comment faire un avoir ?", False),
    ("what should I do with the box?", False),
    ("ok", False),
])
def test_asking_what_to_do(text: str, asks: bool) -> None:
    assert asks_what_to_do(text) is asks


@pytest.mark.parametrize(("text", "pleads"), [
    ("aidez moi vite", True),
    ("au secours", True),
    ("please help me", True),
    ("aidez-moi à trouver ma facture", False),
    ("help me with my invoice", False),
])
def test_pleading_for_help(text: str, pleads: bool) -> None:
    assert pleads_for_help(text) is pleads


def person_reasons(turn: Turn) -> set[str]:
    return {c.payload for r in turn.replies for c in r.choices if c.action == "handoff"}


@pytest.mark.parametrize(("language", "case", "then", "page", "step"), [
    ("fr", "il y a une commande que je n'ai pas passée sur mon compte", "qu'est-ce que je dois faire ?",
     "fr-fraude-commande-inconnue", "Changez tout de suite votre mot de passe"),
    ("en", "there's an order on my account I didn't place", "what do I do now?",
     "en-suspected-fraud-unknown-order", "Change your password right away"),
])
def test_what_to_do_after_a_sensitive_page(demo: NativeEngine, language: str, case: str, then: str, page: str,
                                           step: str) -> None:
    first, second = play(demo, language, case, then)
    assert first.replies[0].article_id == page
    # Before: "Le mieux est d'en parler avec un conseiller" and nothing of what to do meanwhile.
    (reply,) = second.replies
    assert reply.article_id == page and step in reply.text
    assert person_reasons(second) == {"handoff:sensitive_topic"}
    assert second.handoff is None


def test_what_to_do_after_a_plain_page_is_its_steps(demo: NativeEngine) -> None:
    first, second = play(demo, "fr", "je veux retourner un article", "comment on fait ?")
    assert first.replies[0].article_id == "fr-retourner-article"
    # Before: "Dans la page « Comment retourner un article ? », je ne trouve rien de plus précis sur ce point."
    (reply,) = second.replies
    assert reply.article_id == "fr-retourner-article"
    assert "Retourner un article" in reply.text and "rien de plus précis" not in reply.text


@pytest.mark.parametrize(("language", "case", "plea"), [
    ("fr", "il y a une commande que je n'ai pas passée sur mon compte", "au secours"),
    ("en", "there's an order on my account I didn't place", "please help me"),
])
def test_a_plea_after_the_person_offered_for_a_sensitive_case_starts_the_transfer(
        demo: NativeEngine, language: str, case: str, plea: str) -> None:
    first, second = play(demo, language, case, plea)
    assert person_reasons(first) == {"handoff:sensitive_topic"}
    assert second.handoff == "sensitive_topic"  # before: asked once more whether to put them through


def test_a_plea_with_nothing_offered_starts_nothing(demo: NativeEngine) -> None:
    (turn,) = play(demo, "fr", "au secours")
    assert turn.handoff is None


@pytest.mark.parametrize(("text", "feeling"), [
    ("c'est difficile", True),
    ("j'ai très peur", True),
    ("je sais plus quoi faire", True),
    ("I'm scared", True),
    ("it's so hard right now", True),
    ("c'est difficile à comprendre", False),
    ("je suis perdu dans le menu", False),
    ("c'est nul", False),
])
def test_a_feeling_told(text: str, feeling: bool) -> None:
    assert tells_feeling(text) is feeling


@pytest.mark.parametrize(("language", "case", "feeling"), [
    ("fr", "il y a une commande que je n'ai pas passée sur mon compte", "j'ai peur"),
    ("en", "there's an order on my account I didn't place", "it's so hard"),
])
def test_a_feeling_after_the_person_offered_for_a_sensitive_case_gets_sympathy_and_that_person(
        demo: NativeEngine, language: str, case: str, feeling: str) -> None:
    first, second = play(demo, language, case, feeling)
    assert person_reasons(first) == {"handoff:sensitive_topic"}
    # Before: pages its words found, or "I can't find a sure answer".
    (reply,) = second.replies
    assert reply.kind == "handoff" and reply.article_id is None and second.handoff is None
    assert reply.text.startswith(("Je suis sincèrement désolé", "I'm truly sorry"))
    assert person_reasons(second) == {"handoff:sensitive_topic"}
    assert second.state.failed_turns == first.state.failed_turns  # nothing was asked


def test_a_feeling_with_nothing_sensitive_before_is_read_as_usual(demo: NativeEngine) -> None:
    (turn,) = play(demo, "fr", "c'est difficile")
    assert not turn.replies[0].text.startswith("Je suis sincèrement désolé")
