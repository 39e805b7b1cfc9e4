"""The bilingual gloss and the shorthand table of knowledge_base.lexicon."""

from __future__ import annotations

import pytest

from knowledge_base.lexicon import expand_shorthand, gloss_coverage, translate_words


@pytest.mark.parametrize(("text", "gloss"), [
    ("my SIM is locked and it asks for a PUK", "SIM bloqué PUK"),  # codes read the same in French
    ("is 5G included with the eSIM?", "5G eSIM"),
    ("OK thanks", ""),  # a word in capitals is not a code
    ("WHY IS MY BILL SO HIGH", "facture"),  # nor is a shouted one
])
def test_the_gloss_keeps_codes_and_acronyms(text: str, gloss: str) -> None:
    assert translate_words(text, "en", "fr") == gloss


def test_codes_count_as_understood_words() -> None:
    assert gloss_coverage("where do I find my PUK code", "en") >= 0.5
    assert gloss_coverage("where do I find my sandwich recipe", "en") < 0.5


@pytest.mark.parametrize(("text", "language", "spelled"), [
    ("mdp oublié", "fr", "mot de passe oublié"),
    ("je veux mettre fin à mon contrat", "fr", "je veux résilier mon contrat"),
    ("comment me désabonner ?", "fr", "comment résilier ?"),
    ("how do I end my subscription", "en", "how do I cancel my subscription"),
    ("at the end of the month", "en", "at the end of the month"),
])
def test_shorthand_and_set_phrases_are_spelled_out(text: str, language: str, spelled: str) -> None:
    assert expand_shorthand(text, language) == spelled
