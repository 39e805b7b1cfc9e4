"""The bilingual gloss and the shorthand table of knowledge_base.lexicon."""

from __future__ import annotations

import pytest

from knowledge_base import lexicon
from knowledge_base.lexicon import GLOSSES_PER_WORD, expand_shorthand, gloss_coverage, glossary_digest, translate_words


@pytest.mark.parametrize(("text", "gloss"), [
    ("my SIM is locked and it asks for a PUK", "SIM bloqué PUK"),  # codes read the same in French
    ("is 5G included with the eSIM?", "5G inclus compris eSIM"),
    ("OK thanks", ""),  # a word in capitals is not a code
    ("WHY IS MY BILL SO HIGH", "facture"),  # nor is a shouted one
])
def test_the_gloss_keeps_codes_and_acronyms(text: str, gloss: str) -> None:
    assert translate_words(text, "en", "fr") == gloss


def test_codes_count_as_understood_words() -> None:
    assert gloss_coverage("where do I find my PUK code", "en") >= 0.5
    assert gloss_coverage("where do I find my sandwich recipe", "en") < 0.5


def test_french_words_gloss_without_their_accents_and_to_few_english_words() -> None:
    # Visitors leave accents out; a French word shared by many English ones would blur the gloss.
    assert translate_words("cloturer mon compte", "fr", "en") == translate_words("clôturer mon compte", "fr", "en")
    assert "account" in translate_words("cloturer mon compte", "fr", "en")
    assert len(translate_words("frais", "fr", "en").split()) == GLOSSES_PER_WORD  # "fee", "fees", "charge"...


def test_an_everyday_support_question_is_glossed_enough_to_be_searched_in_the_other_language() -> None:
    # An English visitor whose page exists only in French: most of the message must survive the gloss.
    text = "I was charged twice for one order, it shows on my bank statement"
    assert gloss_coverage(text, "en") >= 0.6
    assert translate_words(text, "en", "fr").split()[:3] == ["prélevé", "facturé", "deux"]


@pytest.mark.parametrize(("text", "language", "spelled"), [
    ("mdp oublié", "fr", "mot de passe oublié"),
    ("je veux mettre fin à mon contrat", "fr", "je veux résilier mon contrat"),
    ("comment me désabonner ?", "fr", "comment résilier ?"),
    ("how do I end my subscription", "en", "how do I cancel my subscription"),
    ("at the end of the month", "en", "at the end of the month"),
    ("my mother passed away last week", "en", "my mother passed away (died) last week"),
    ("I want my money back", "en", "I want my money back (refund)"),
    ("the car broke down on the motorway", "en", "the car broke down (breakdown) on the motorway"),
    ("my van has broken down", "en", "my van has broken down (breakdown)"),
])
def test_shorthand_and_set_phrases_are_spelled_out(text: str, language: str, spelled: str) -> None:
    assert expand_shorthand(text, language) == spelled


@pytest.mark.parametrize(("text", "gloss"), [
    ("mon pare-brise est fissuré", "windscreen"),
    ("le pare brise est cassé", "windscreen"),
    ("Mot De Passe oublié", "password"),
    ("je veux prendre rendez-vous", "appointment"),
])
def test_french_words_of_several_parts_are_glossed_whole(text: str, gloss: str) -> None:
    # Split at hyphens and spaces, "pare" and "brise" glossed nothing: a French page's twin went unfound.
    assert gloss in translate_words(text, "fr", "en").split()
    assert gloss_coverage("pare-brise fissuré", "fr") == 1.0


@pytest.mark.parametrize(("text", "language", "gloss"), [
    ("where are my invoices", "en", "facture"),  # the table lists "invoice"
    ("do you deliver on saturdays", "en", "samedi"),
    ("can I send batteries", "en", "batterie"),
    ("mes factures impayées", "fr", "invoice"),
])
def test_a_plural_is_glossed_as_its_singular(text: str, language: str, gloss: str) -> None:
    assert gloss in translate_words(text, language, "en" if language == "fr" else "fr").split()


def test_the_glossary_digest_changes_with_the_tables() -> None:
    digest = glossary_digest()
    assert len(digest) == 16 and digest == glossary_digest()
    lexicon._GLOSSARY["en"]["spaceship"] = ["vaisseau"]
    glossary_digest.cache_clear()
    try:
        assert glossary_digest() != digest
    finally:
        del lexicon._GLOSSARY["en"]["spaceship"]
        glossary_digest.cache_clear()


@pytest.mark.parametrize(("text", "words"), [
    ("my rental car got stolen from the hotel car park", {"location", "volé"}),
    ("can my girlfriend drive my car?", {"conduire", "conjoint"}),
    ("water leaking from the flat upstairs into my ceiling", {"plafond", "fuite"}),
])
def test_the_gloss_knows_the_words_of_rentals_homes_and_families(text: str, words: set[str]) -> None:
    # French-only pages on a stolen rental car, an extra driver, water damage: these English questions found none.
    assert words <= set(translate_words(text, "en", "fr").split())


@pytest.mark.parametrize(("text", "words"), [
    ("I'm 30 weeks pregnant, can I still fly?", {"enceinte", "avion"}),
    ("can I tip the delivery rider?", {"pourboire"}),
    ("my son is allergic to peanuts, is the meal safe?", {"allergique", "repas"}),
    ("does the course come with subtitles?", {"formation", "sous-titres"}),
])
def test_the_gloss_knows_the_words_of_travel_health_food_and_learning(text: str, words: set[str]) -> None:
    # French-only pages on flying pregnant, tips, allergies, subtitled courses: these English questions found none.
    assert words <= set(translate_words(text, "en", "fr").split())
