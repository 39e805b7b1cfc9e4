"""The part of an answer that speaks to a follow-up (knowledge_base.excerpt)."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge_base.analysis import fold
from knowledge_base.excerpt import (
    answer_parts,
    asked_kind,
    best_part,
    names_the_price,
    next_part,
    plain_part,
    says_what_is_asked,
)

RETURNS = """Vous avez **30 jours** pour renvoyer un produit, dans son emballage d'origine.
Deux cas :
1. Petit colis : déposez-le en point relais, c'est gratuit.
2. Meuble : un enlèvement à domicile coûte 49 €.
"""


def test_an_answer_is_cut_into_its_lines_an_introduction_going_with_the_line_it_introduces() -> None:
    assert answer_parts(RETURNS) == [
        "Vous avez **30 jours** pour renvoyer un produit, dans son emballage d'origine.",
        "Deux cas : 1. Petit colis : déposez-le en point relais, c'est gratuit.",
        "2. Meuble : un enlèvement à domicile coûte 49 €.",
    ]


def test_a_one_paragraph_answer_is_cut_into_its_sentences() -> None:
    text = ("Your refund arrives within 5 days. It goes back to the card you paid with. "
            "Gift cards are refunded as credit.")
    assert answer_parts(text) == ["Your refund arrives within 5 days.", "It goes back to the card you paid with.",
                                  "Gift cards are refunded as credit."]
    assert answer_parts("A single sentence, with no other.") == ["A single sentence, with no other."]
    # A question the page asks itself goes with its answer: alone, "Nothing after 10 minutes?" says nothing.
    asked = ("The link is valid for 30 minutes. Nothing after 10 minutes? Look in your spam folder. "
             "After 5 failed attempts, sign-in is locked for 20 minutes.")
    assert answer_parts(asked) == ["The link is valid for 30 minutes.",
                                   "Nothing after 10 minutes? Look in your spam folder.",
                                   "After 5 failed attempts, sign-in is locked for 20 minutes."]


def test_lines_wrapped_inside_a_sentence_are_one_part() -> None:
    # As a text editor wraps a YAML block: half a sentence quoted alone would say nothing.
    wrapped = """Dès l'arrivée du colis, vous recevez un **code de retrait**. Présentez-le au
commerçant avec une pièce d'identité. Le colis est gardé **10 jours** ; vous pouvez prolonger une fois
de 5 jours depuis le suivi.
"""
    assert answer_parts(wrapped) == [
        "Dès l'arrivée du colis, vous recevez un **code de retrait**.",
        "Présentez-le au commerçant avec une pièce d'identité.",
        "Le colis est gardé **10 jours** ; vous pouvez prolonger une fois de 5 jours depuis le suivi.",
    ]
    english = """Enter your address in our
[eligibility checker](https://example.com/check): it tells you within seconds.
Data is included up to your Europe allowance (15 GB);
beyond that each extra GB costs €2.
"""
    assert answer_parts(english) == [
        "Enter your address in our [eligibility checker](https://example.com/check): it tells you within seconds.",
        "Data is included up to your Europe allowance (15 GB); beyond that each extra GB costs €2.",
    ]
    # Entries of a list without markers stay lines of their own, as do list items.
    assert answer_parts("Nos tarifs :\nColissimo à domicile : 4,90 €\nChronopost le lendemain : 9,90 €\n"
                        "- Retrait en magasin : gratuit") == [
        "Nos tarifs : Colissimo à domicile : 4,90 €", "Chronopost le lendemain : 9,90 €",
        "- Retrait en magasin : gratuit"]


def test_a_quoted_part_loses_its_list_marker() -> None:
    assert plain_part("2. Meuble : 49 €.") == "Meuble : 49 €."
    assert plain_part("- Express: £9.90") == "Express: £9.90"
    assert plain_part("2024 was a good year.") == "2024 was a good year."


def test_the_part_holding_the_message_s_rarest_words_wins_unless_it_was_just_quoted() -> None:
    parts = ["a b c", "d e f", "g h i"]
    vectors = np.eye(3, dtype=np.float32)
    terms = [["retour", "jours"], ["retour", "gratuit"], ["meuble", "enlevement"]]
    query = np.array([0.1, 0.1, 0.1], dtype=np.float32)  # as near to each part
    idf = {"retour": 0.2, "gratuit": 2.0, "meuble": 1.5}
    assert best_part(parts, vectors, terms, query, ["retour", "gratuit"], idf) == 1
    assert best_part(parts, vectors, terms, query, ["meuble"], idf) == 2
    # Meaning decides when no word is shared.
    assert best_part(parts, vectors, terms, np.array([0.0, 0.0, 1.0], dtype=np.float32), ["prix"], idf) == 2
    # A part quoted in the last reply is not quoted again; none left gives None.
    assert best_part(parts, vectors, terms, query, ["gratuit"], idf, avoid=["La même page :\n\nd e f"]) != 1
    assert best_part(parts[:1], vectors[:1], terms[:1], query, ["retour"], idf, avoid=["... a b c ..."]) is None


def test_no_part_is_quoted_when_none_shares_a_word_with_the_message_or_comes_near_it_in_meaning() -> None:
    parts = ["a b c", "d e f"]
    vectors = np.eye(2, 3, dtype=np.float32)
    terms = [["retour", "jours"], ["meuble", "enlevement"]]
    idf = {"retour": 0.2, "meuble": 1.5}
    far = np.array([0.5, 0.4, 0.0], dtype=np.float32)  # as near as unrelated French texts come
    assert best_part(parts, vectors, terms, far, ["resilier"], idf) is None
    near = np.array([0.0, 0.9, 0.0], dtype=np.float32)
    assert best_part(parts, vectors, terms, near, ["resilier"], idf) == 1


def test_a_follow_up_asking_for_an_amount_or_a_time_gets_the_part_that_says_one() -> None:
    parts = ["Pour un panier de 100 € à 3 000 €, choisissez le paiement en 3 fois.",
             "La première échéance est prélevée le jour de la commande, les suivantes à 30 et 60 jours.",
             "Notre partenaire réalise une rapide étude d'éligibilité."]
    vectors = np.eye(3, dtype=np.float32)
    terms = [["panier", "paiement"], ["echeanc", "prelev"], ["partenair", "eligibil"]]
    query = np.array([0.3, 0.3, 0.35], dtype=np.float32)  # as far from each (French texts)
    idf = {"panier": 1.0, "echeanc": 1.0}
    # "c'est à partir de combien ?" shares no word with the price line, nor comes near it in meaning.
    assert best_part(parts, vectors, terms, query, [], idf) is None
    amount = asked_kind("c'est à partir de combien ?")
    assert best_part(parts, vectors, terms, query, [], idf, kind=amount) == 0
    during = asked_kind("et ça prend combien de temps ?")
    assert best_part(parts, vectors, terms, query, [], idf, kind=during) == 1
    assert asked_kind("how long does it take?") is during and asked_kind("how much is it?") is amount
    assert asked_kind("quels sont les frais ?") is amount and asked_kind("sous quel délai ?") is during
    # "Quand même" (all the same) asks no time: "je peux quand même payer en ligne ?" got the line "24 h/24".
    assert asked_kind("quand est-ce qu'elle arrive ?") is during
    assert asked_kind("en attendant, je peux quand même payer en ligne ?") is None
    assert asked_kind("et c'est possible pour un lit ?") is None
    # A message naming a time or an amount asks about the rule that gives one ("sous 48 h", "dès 50 €").
    assert asked_kind("et si ça fait plus de 48h ?") is during and asked_kind("after three weeks?") is None
    assert asked_kind("and if it's over 200 €?") is amount
    # ... or a day named from now: "and if it was tomorrow?" asks about "free up to 24 hours before pick-up".
    assert asked_kind("and if it was tomorrow?") is during and asked_kind("et si c'est pour demain ?") is during


@pytest.mark.parametrize(("question", "says", "silent"), [
    # Whether there is a price at all: a line saying "free" answers it, with no figure.
    ("et c'est payant ?", "Choisissez le retrait en magasin : ce mode de livraison est gratuit.",
     "Un produit en stock est prêt en 1 heure."),
    ("is it free?", "Collection from the store is free of charge.", "Your order is ready within the hour."),
    # How much: a figure, not "free for assistance dogs".
    ("et ça revient à combien ?", "Le transport en cabine coûte 55 € par vol.",
     "Les chiens d'assistance voyagent gratuitement en cabine."),
])
def test_a_follow_up_on_the_price_finds_the_part_that_says_it(question: str, says: str, silent: str) -> None:
    kind = asked_kind(question)
    assert kind is not None and kind.search(fold(says)) and not kind.search(fold(silent))


def test_a_price_asked_of_a_page_naming_no_amount_gets_the_part_saying_it_is_free() -> None:
    parts = ["Faites la demande dans l'appli ou par courrier signé.",
             "La résiliation ne coûte rien : elle est gratuite.", "Votre solde doit être à zéro."]
    vectors = np.eye(3, dtype=np.float32)
    terms = [["demand", "appli"], ["resili", "gratuit"], ["sold", "zero"]]
    query = np.array([0.3, 0.3, 0.35], dtype=np.float32)
    kind = asked_kind("ça coute quelque chose ?")
    assert best_part(parts, vectors, terms, query, [], {}, kind=kind) == 1
    assert says_what_is_asked("ça coute quelque chose ?", parts[1])
    assert says_what_is_asked("combien ça coûte ?", "Comptez 12 € par mois.")
    assert not says_what_is_asked("ça coute quelque chose ?", parts[0])
    assert says_what_is_asked("ça prend combien de temps ?", "Comptez 5 jours ouvrés.")
    assert not says_what_is_asked("et pour un canapé ?", "Comptez 5 jours ouvrés.")  # asks for nothing of the kind
    # With an amount in the page, the amount is what answers "how much": not the free line.
    priced = ["Le transport en cabine coûte 55 € par vol.", "Les chiens d'assistance voyagent gratuitement."]
    assert best_part(priced, np.eye(2, 3, dtype=np.float32), [["transport"], ["chien"]],
                     np.array([0.3, 0.35, 0.0], dtype=np.float32), [], {}, kind=asked_kind("ça coûte combien ?")) == 0


def test_a_long_paragraph_is_cut_into_its_sentences_a_short_one_is_not() -> None:
    long = ("Après l'enregistrement, votre carte arrive par e-mail en PDF et reste disponible dans l'appli, où vous "
            "pouvez l'ajouter à votre portefeuille. La version sur smartphone est acceptée partout, sauf au départ de "
            "Casablanca où une version imprimée est exigée. Vous ne la trouvez plus ? Renvoyez-la depuis vos voyages.")
    answer = f"{long}\nElle indique votre porte et votre siège. Embarquement 40 minutes avant."
    parts = answer_parts(answer)
    assert "La version sur smartphone est acceptée partout, sauf au départ de Casablanca où une version imprimée est " \
           "exigée." in parts
    assert "Elle indique votre porte et votre siège. Embarquement 40 minutes avant." in parts  # short: one part


def test_the_part_after_another_is_the_next_one_quoted() -> None:
    answer = "Signalez-le dans votre espace.\nNous ouvrons alors une enquête.\n- Réponse sous 5 jours."
    assert next_part(answer, "Signalez-le dans votre espace.") == "Nous ouvrons alors une enquête."
    assert next_part(answer, "Nous ouvrons alors une enquête.") == "Réponse sous 5 jours."  # its list marker dropped
    assert next_part(answer, "Réponse sous 5 jours.") == "" and next_part(answer, "") == ""


def test_a_part_naming_the_price_answers_a_price_question_when_the_page_gives_no_amount() -> None:
    assert names_the_price("c'est combien ?", "Son prix dépend de la distance : voyez le simulateur.")
    assert names_the_price("how much is it?", "The price depends on the distance.")
    assert not names_the_price("c'est combien ?", "Souscrivez en ligne avec une photo.")
    assert not names_the_price("ça prend combien de temps ?", "Son prix dépend de la distance.")  # a time asked
