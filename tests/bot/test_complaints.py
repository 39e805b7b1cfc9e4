"""A visitor saying their case is not as it should be ("c'est pas normal", "that's not right") complains: an apology
and the person, not "ok, that wasn't it" nor pages found by the word "normal" (the demo shop, served as `relais
serve` does)."""

from __future__ import annotations

import pytest

from bot.engine import NativeEngine
from bot.reactions import calls_it_abnormal
from tests.bot.engines import play


@pytest.mark.parametrize(("text", "complains"), [
    ("c'est pas normal", True),
    ("C pas normal !!", True),
    ("ce n'est pas normal, ça fait une semaine", True),
    ("c'était pas normal du tout", True),
    ("that's not normal", True),
    ("this isn't right", True),
    # Asked, it is a calm question about the case.
    ("c'est normal ?", False),
    ("c'est pas normal ?", False),
    ("is that normal?", False),
    ("c'est normal que ce soit payant", False),
])
def test_calling_the_case_abnormal(text: str, complains: bool) -> None:
    assert calls_it_abnormal(text) is complains


@pytest.mark.parametrize(("language", "question", "page", "complaint"), [
    ("fr", "ma livraison est en retard", "fr-retard-livraison", "c'est pas normal"),
    ("en", "my parcel is late", "en-late-delivery", "that's not normal"),
])
def test_a_complaint_after_an_answer_gets_an_apology_and_the_person(demo: NativeEngine, language: str,
                                                                   question: str, page: str, complaint: str) -> None:
    first, then = play(demo, language, question, complaint)
    assert first.replies[0].article_id == page
    # Before: "D'accord, ce n'était pas ça. Dites-m'en un peu plus ?"; in English a choice of the refund and loyalty
    # pages, found by "normal".
    (reply,) = then.replies
    assert reply.kind == "handoff" and then.handoff is None
    assert any(word in reply.text for word in ("navré", "désolé", "sorry"))
    assert [c.action for c in reply.choices] == ["handoff"]
