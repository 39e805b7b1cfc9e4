"""bot.language.LanguageDetector on the real NLU samples: clear messages detected, unclear ones left alone."""

from __future__ import annotations

import pytest

from bot.engine import NativeEngine, nlu_examples
from bot.language import LanguageDetector, requested_language
from bot.messages import VisitorMessage
from bot.state import DialogueState


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector([(e.text, e.language) for e in nlu_examples()])


FRENCH = [
    "Je voudrais savoir quand mon colis arrivera",
    "Pourriez-vous m'envoyer une nouvelle facture ?",
    "Où en est le remboursement de mon retour",
    "mon mot de passe ne fonctionne plus depuis hier",
    "Est-ce que la livraison est gratuite à partir de 50 euros ?",
    "j'ai été prélevé deux fois ce mois-ci",
]
ENGLISH = [
    "My parcel still has not arrived after two weeks",
    "Could you send me a new invoice please?",
    "How long does a refund take",
    "my password stopped working yesterday",
    "Is shipping free for orders over 50 euros?",
    "I was charged twice this month",
]


@pytest.mark.parametrize("text", FRENCH)
def test_clear_french_sentence_is_detected_as_french(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) == "fr"


@pytest.mark.parametrize("text", ENGLISH)
def test_clear_english_sentence_is_detected_as_english(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) == "en"


@pytest.mark.parametrize("text", ["ok", "OK", "5G", "Paris", "?", "a", "", "   ", "iPhone", "Netflix", "lol"])
def test_short_or_ambiguous_message_keeps_the_conversation_language(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Can I pay my facture online?",
        "I want to talk about my abonnement",
        "Where can I find the formulaire?",
        "I need the facture for my last order",
    ],
)
def test_english_sentence_with_one_french_word_is_still_english(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) == "en"


@pytest.mark.parametrize(
    "text",
    ["Je voudrais changer mon email", "Mon smartphone ne charge plus", "comment activer le roaming"],
)
def test_french_sentence_with_one_english_word_is_still_french(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text) == "fr"


@pytest.mark.parametrize(("text", "language"), [("Merci", "fr"), ("thanks", "en"), ("Bonjour", "fr")])
def test_one_unambiguous_marker_word_is_enough(detector: LanguageDetector, text: str, language: str) -> None:
    assert detector.detect(text) == language


def test_a_french_accent_alone_is_evidence_for_french(detector: LanguageDetector) -> None:
    with_accent = detector.scores("resume déjà")
    without = detector.scores("resume deja")
    assert with_accent["fr"] - with_accent["en"] > without["fr"] - without["en"]


def test_a_detector_without_samples_still_uses_marker_words() -> None:
    bare = LanguageDetector()
    assert bare.detect("je ne trouve pas ma facture") == "fr"
    assert bare.detect("I can't find my invoice") == "en"
    assert bare.detect("facture") is None


def test_a_single_language_detector_only_answers_that_language() -> None:
    english_only = LanguageDetector([("where is my order", "en")], languages=("en",))
    assert english_only.detect("je ne trouve pas ma facture") == "en"
    assert set(english_only.scores("hello")) == {"en"}


@pytest.mark.parametrize(("text", "language"), [
    ("sorry, my French isn't great. Could you explain in English?", "en"),
    ("vous pouvez me répondre en anglais ?", "en"),
    ("do you speak English", "en"),
    ("on peut continuer en français svp", "fr"),
    ("can we switch to French?", "fr"),
    ("parlez-vous anglais ?", "en"),
    ("in English please", "en"),
    ("sorry, I don't speak French", "en"),  # not reading one asks for the other
    ("my French isn't great, sorry", "en"),
    ("je ne parle pas bien anglais", "fr"),
    ("mon espace client s'affiche en anglais", None),  # a language named, not asked for
    ("Is the manual available in French?", None),
    ("do you deliver in French Polynesia?", None),
    ("could you answer in English or in French, as you like", None),  # two: no request
    ("how do I cancel my subscription?", None),
    # The language's name and little else asks for it too.
    ("sorry, english please", "en"), ("english?", "en"), ("Français svp ?", "fr"), ("anglais", "en"),
    ("english or french?", None), ("the english manual please", None), ("english teacher wanted", None),
])
def test_a_request_for_a_language_is_recognised(text: str, language: str | None) -> None:
    assert requested_language(text) == language


@pytest.mark.parametrize(("text", "lang", "page"), [("sorry, english please", "en", "en-track-order"),
                                                   ("english?", "en", "en-track-order")])
def test_the_language_s_name_alone_after_an_answer_gets_that_page_in_it(demo: NativeEngine, text: str, lang: str,
                                                                      page: str) -> None:
    answered = demo.turn(DialogueState("fr"), VisitorMessage("comment suivre ma livraison ?"))
    assert answered.replies[0].article_id == "fr-suivre-commande"
    # Before: a fallback ("I can't find anything certain on this").
    then = demo.turn(answered.state, VisitorMessage(text))
    assert [(r.kind, r.article_id) for r in then.replies] == [("answer", page)] and then.state.language == lang
