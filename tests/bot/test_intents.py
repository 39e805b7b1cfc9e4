"""bot.intents.IntentClassifier trained on the shipped NLU data, probed with wordings the data does not contain."""

from __future__ import annotations

import numpy as np
import pytest

from bot.engine import nlu_examples
from bot.intents import IntentClassifier
from knowledge_base.analysis import words
from knowledge_base.embedding import CachedEncoder

pytestmark = pytest.mark.slow


def normalised(text: str) -> str:
    return " ".join(words(text))


TRAINING = {normalised(e.text) for e in nlu_examples()}


@pytest.fixture(scope="module")
def classifier(encoder: CachedEncoder) -> IntentClassifier:
    examples = nlu_examples()
    return IntentClassifier(encoder).fit([e.text for e in examples], [e.intent for e in examples])


UNSEEN = [
    ("ask_human", "passez-moi quelqu'un du service client"),
    ("ask_human", "je veux quelqu'un en chair et en os"),
    ("ask_human", "can I speak with somebody from your team"),
    ("ask_human", "I would like to talk to an actual person"),
    ("frustration", "ça fait trois fois que je pose la même question, c'est insupportable"),
    ("frustration", "vous ne servez strictement à rien"),
    ("frustration", "this is ridiculous, nothing you say helps"),
    ("frustration", "I'm fed up with this useless chat"),
    # Long messages: "already tried, still broken", with or without an angry tail.
    ("frustration", "j'ai tout fait comme vous avez dit, ça ne fonctionne toujours pas, c'est désespérant"),
    ("frustration", "I did exactly what you said and it's still not working, I'm fed up"),
    ("frustration", "your advice changed nothing at all"),
    # "Is there a person I could ...?" asks for one; "are you a person?" does not.
    ("ask_human", "is there an actual human I could message?"),
    ("ask_human", "y a-t-il une vraie personne à qui je peux écrire ?"),
    # "Rappeler" asks for a call-back; "un rappel" is a reminder letter.
    ("ask_human", "le service peut-il me rappeler demain matin ?"),
    ("greet", "bonjour à toute l'équipe"),
    ("greet", "salut à vous"),
    ("greet", "good evening everyone"),
    ("greet", "hey, is anyone there?"),
    ("thanks", "merci infiniment pour votre aide"),
    ("thanks", "merci beaucoup c'est parfait"),
    ("thanks", "thanks a lot, that was really helpful"),
    ("thanks", "many thanks for your help"),
    ("bot_challenge", "est-ce que je discute avec une machine"),
    ("bot_challenge", "c'est un robot qui me répond ?"),
    ("bot_challenge", "am I chatting with a machine right now"),
    ("bot_challenge", "is this an automated program"),
    # Its name: who it is (it got "I can't answer that").
    ("bot_challenge", "et toi tu t'appelles comment"),
    ("bot_challenge", "what are you called?"),
    # No human at all in the company: asking for one (it got the off-topic fallback).
    ("ask_human", "il n'y a vraiment aucun humain chez vous ?"),
    ("ask_human", "is there really no human being in your company?"),
    # Giving up after the offer of a person: a "no", never a request for one.
    ("deny", "bon bah tant pis"),
    ("deny", "oh never mind then"),
    # "Personne" is also "nobody".
    ("frustration", "personne ne répond jamais chez vous, ras le bol"),
    # "I'd rather deal with someone from your team", after an answer that did not help.
    ("ask_human", "je préférerais traiter ça avec un conseiller de chez vous"),
    ("ask_human", "put me in touch with your billing team"),
    ("ask_human", "votre réponse ne m'aide pas, je veux quelqu'un"),
    # Calling the company thieves is an insult, whatever topic it names.
    ("frustration", "bande de filous, vous ne payez jamais ce que vous devez"),
    ("frustration", "you're a bunch of thieves"),
    # Thanks and goodbye in one message end the conversation.
    ("goodbye", "lovely, thanks, bye for now"),
    ("goodbye", "nickel merci, au revoir"),
]
QUESTIONS = [
    "comment modifier mon adresse de livraison",
    "how do I change my delivery address",
    "je n'arrive pas à télécharger ma facture de mars",
    "can I return a product I bought three weeks ago",
    "lettre de rappel impayé reçue",
    "j'ai reçu un avis de rappel pour ma facture d'électricité",
    "jai recu mon avoir je le depense ou",
    # Someone sent to do a job is a service, not a person to chat with.
    "vous pouvez envoyer un installateur pour brancher la box ?",
    "un réparateur peut-il passer cette semaine pour la machine ?",
    "could you send a fitter to put the kitchen together?",
    "can an engineer come out to look at the boiler?",
    "effacez mes données personnelles de vos fichiers",
    # Someone else in the visitor's plans (a companion, a relative) is not a request for a person either.
    "my brother will come and get the bike for me",
    "ma sœur peut utiliser ma réservation ?",
    "my wife wants to come along, can she book too?",
    "je voudrais que mon fils m'accompagne, il paie combien ?",
    "quelqu'un de ma famille peut rouler avec moi ?",
    # "Me conseiller" is a verb: advice on a choice, not an adviser.
    "vous pourriez me conseiller sur la meilleure offre pour un étudiant ?",
    # A technical fault told calmly is no anger.
    "the stream keeps stalling every few minutes",
    "la vidéo se bloque sans arrêt au milieu du cours",
    # Customer service's hours are a question about it, not a request for it.
    "à quelle heure ferme le service clients le vendredi ?",
]


@pytest.mark.parametrize("text", [t for _, t in UNSEEN] + QUESTIONS)
def test_probe_wordings_are_not_in_the_training_data(text: str) -> None:
    assert normalised(text) not in TRAINING


@pytest.mark.parametrize(("intent", "text"), UNSEEN)
def test_unseen_wording_is_recognised_confidently(classifier: IntentClassifier, intent: str, text: str) -> None:
    best = classifier.predict(text)[0]
    assert (best.intent, best.confidence >= 0.5) == (intent, True), f"{text!r}: {best}"


@pytest.mark.parametrize("text", QUESTIONS)
def test_support_question_is_classified_as_a_question(classifier: IntentClassifier, text: str) -> None:
    best = classifier.predict(text)[0]
    assert best.intent == "question", f"{text!r}: {best}"


@pytest.mark.parametrize("text", ["bonjour, il y a quelqu'un ?", "bonjour, j'espère que vous allez bien"])
def test_french_greeting_with_a_courtesy_phrase_is_a_greeting(classifier: IntentClassifier, text: str) -> None:
    assert normalised(text) not in TRAINING
    best = classifier.predict(text)[0]
    assert (best.intent, best.confidence >= 0.5) == ("greet", True), f"{text!r}: {best}"


def test_probabilities_sum_to_one(classifier: IntentClassifier) -> None:
    texts = [t for _, t in UNSEEN[:4]] + QUESTIONS + ["", "???", "x" * 500]
    probs = classifier.probabilities(texts)
    assert probs.shape == (len(texts), len(classifier.intents))
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert (probs >= 0).all()


def test_prediction_ranks_every_intent_by_decreasing_confidence(classifier: IntentClassifier) -> None:
    scores = classifier.predict("je veux parler à un conseiller")
    assert sorted(s.intent for s in scores) == sorted(classifier.intents)
    confidences = [s.confidence for s in scores]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)


def test_the_classifier_knows_every_intent_of_the_data(classifier: IntentClassifier) -> None:
    assert set(classifier.intents) == {e.intent for e in nlu_examples()}


def test_a_precomputed_vector_gives_the_same_prediction(classifier: IntentClassifier, encoder: CachedEncoder) -> None:
    text = "how do I change my delivery address"
    given = classifier.predict(text, encoder.encode([text])[0])
    computed = classifier.predict(text)
    assert [s.intent for s in given] == [s.intent for s in computed]
    assert [s.confidence for s in given] == pytest.approx([s.confidence for s in computed], abs=1e-6)


def test_fit_refuses_mismatched_or_empty_data(encoder: CachedEncoder) -> None:
    with pytest.raises(ValueError, match="one label per text"):
        IntentClassifier(encoder).fit(["hello", "bye"], ["greet"])
    with pytest.raises(ValueError, match="one label per text"):
        IntentClassifier(encoder).fit([], [])


@pytest.mark.parametrize("text", ["Je veux parler à un conseiller !!", "hello there", "", "zzzz", "Où est mon colis ?"])
def test_one_message_scores_as_it_does_in_a_batch(classifier: IntentClassifier, encoder: CachedEncoder,
                                                   text: str) -> None:
    # A single message takes a shorter path than a batch: the same probabilities either way.
    texts = [text, "merci beaucoup", "what a useless bot"]
    vectors = encoder.encode(texts)
    batch = classifier.probabilities(texts, vectors)[0]
    alone = classifier.probabilities([text], vectors[:1])[0]
    assert np.allclose(batch, alone, atol=1e-6)
