"""knowledge_base.analysis: folding, word tokens, French lemmas / English stems, nouns and character n-grams."""

from __future__ import annotations

import pytest

from knowledge_base.analysis import Analyzer, fold, shared_analyzer, words


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return shared_analyzer()


# ------------------------------------------------------------------ fold
def test_accents_and_case_do_not_change_the_folded_form() -> None:
    assert fold("Élève À Noël ÇA") == "eleve a noel ca"
    assert fold("RÉSILIER") == fold("résilier") == "resilier"


def test_typographic_apostrophes_become_ascii() -> None:
    assert fold("l’adresse") == fold("l‘adresse") == fold("l`adresse") == "l'adresse"


def test_oe_ligature_is_spelt_out() -> None:
    assert fold("cœur") == "coeur"
    assert fold("sœur") == fold("soeur")


def test_capital_oe_ligature_folds_like_the_lower_case_one() -> None:
    assert fold("Œuvre") == fold("œuvre") == "oeuvre"
    assert words("ŒUVRE") == ["oeuvre"]


# ------------------------------------------------------------------ words
def test_french_elisions_are_removed() -> None:
    assert words("l'adresse d'envoi qu'il jusqu'au") == ["adresse", "envoi", "il", "au"]
    assert words("L’abonnement") == ["abonnement"]


def test_short_hyphenated_compounds_are_also_joined() -> None:
    assert words("Le wi-fi") == ["le", "wi", "fi", "wifi"]
    assert "email" in words("mon e-mail")


def test_verb_pronoun_inversion_is_not_joined() -> None:
    assert words("est-elle") == ["est", "elle"]


def test_punctuation_and_empty_text_give_no_word() -> None:
    assert words("") == []
    assert words("?! ... —") == []


# ------------------------------------------------------------------ terms (French)
@pytest.mark.parametrize("form", ["commandé", "commandes", "J'ai commandé hier", "mes Commandes"])
def test_french_inflections_share_a_term_with_the_lemma(analyzer: Analyzer, form: str) -> None:
    (base,) = analyzer.terms("commande", "fr")
    assert base in analyzer.terms(form, "fr")


def test_greetings_politeness_and_stop_words_carry_no_french_term(analyzer: Analyzer) -> None:
    assert analyzer.terms("Bonjour, svp merci !", "fr") == []
    plain = analyzer.terms("je voudrais annuler ma commande", "fr")
    assert analyzer.terms("Bonjour, je voudrais annuler ma commande svp", "fr") == plain
    assert not {"bonjour", "svp", "je", "ma"} & set(plain)


def test_negation_is_kept_in_french(analyzer: Analyzer) -> None:
    terms = analyzer.terms("Je n'ai pas reçu ma commande", "fr")
    assert "pas" in terms
    assert analyzer.terms("commande", "fr")[0] in terms


def test_accents_and_case_do_not_change_lexical_terms(analyzer: Analyzer) -> None:
    assert analyzer.terms("COMMANDE LIVRÉE", "fr") == analyzer.terms("commande livrée", "fr")
    # Without its accent a word may lose its lemma, never its surface form: the terms still meet.
    assert set(analyzer.terms("commande livree", "fr")) <= set(analyzer.terms("commande livrée", "fr"))
    assert analyzer.terms("RÉSILIER", "fr") == analyzer.terms("resilier", "fr")


def test_terms_have_no_duplicates(analyzer: Analyzer) -> None:
    terms = analyzer.terms("commande commandes commandé", "fr")
    assert len(terms) == len(set(terms)) == 1


# ------------------------------------------------------------------ terms (English)
def test_english_plural_shares_the_singular_stem(analyzer: Analyzer) -> None:
    assert analyzer.terms("deliveries", "en") == analyzer.terms("delivery", "en")


def test_english_past_tense_shares_the_verb_stem(analyzer: Analyzer) -> None:
    assert analyzer.terms("delivered", "en") == analyzer.terms("deliver", "en") == analyzer.terms("delivering", "en")


def test_english_greetings_and_stop_words_are_dropped_negation_kept(analyzer: Analyzer) -> None:
    assert analyzer.terms("Hello, thanks, please!", "en") == []
    terms = analyzer.terms("Hi, my parcel has not arrived", "en")
    assert "not" in terms
    assert not {"hi", "my", "has"} & set(terms)
    assert analyzer.terms("parcel", "en")[0] in terms


# ------------------------------------------------------------------ nouns
def test_french_nouns_are_kept_and_verbs_dropped(analyzer: Analyzer) -> None:
    (nouns,) = analyzer.nouns_many(["Ma livraison est arrivée à Marseille"], "fr")
    terms = analyzer.terms("Ma livraison est arrivée à Marseille", "fr")
    assert analyzer.terms("livraison", "fr")[0] in nouns
    assert analyzer.terms("arriver", "fr")[0] in terms
    assert analyzer.terms("arriver", "fr")[0] not in nouns


def test_an_only_verbal_sentence_has_no_noun(analyzer: Analyzer) -> None:
    assert analyzer.nouns_many(["Je mange vite"], "fr") == [[]]


def test_capitalised_words_inside_a_sentence_count_as_names(analyzer: Analyzer) -> None:
    # spaCy tags "Illimité" as an adjective; inside a sentence a capital marks an offer or brand name.
    (named,) = analyzer.nouns_many(["Le forfait Illimité est cher"], "fr")
    (plain,) = analyzer.nouns_many(["Le forfait illimité est cher"], "fr")
    illimite = analyzer.terms("illimité", "fr")[0]
    assert illimite in named
    assert illimite not in plain
    assert analyzer.terms("cher", "fr")[0] not in named


def test_nouns_many_keeps_one_result_per_text_in_order(analyzer: Analyzer) -> None:
    texts = ["Le remboursement de ma facture", "Je mange vite", "mon compte Netflix"]
    out = analyzer.nouns_many(texts, "fr")
    assert len(out) == 3
    assert analyzer.terms("facture", "fr")[0] in out[0]
    assert out[1] == []
    assert "netflix" in out[2]


def test_english_nouns_are_every_term_but_the_words_that_name_nothing(analyzer: Analyzer) -> None:
    texts = ["cancel subscription", "Where is my parcel?", "where do I find it?", "how do I get a refund"]
    assert analyzer.nouns_many(texts, "en") == [["cancel", "subscript"], ["parcel"], [], ["refund"]]
    assert analyzer.terms_many(texts[2:3], "en") == [["where", "find"]]  # still searched with them


def test_product_codes_count_as_nouns(analyzer: Analyzer) -> None:
    (nouns,) = analyzer.nouns_many(["Mon forfait 5G ne marche pas"], "fr")
    assert "5g" in nouns


# ------------------------------------------------------------------ function phrases
@pytest.mark.parametrize(("text", "language", "spurious", "meant"), [
    ("on m’a prélevé 40 € au lieu de 15, pourquoi ?", "fr", "lieu", "prelev"),
    ("je suis en train de payer et ça bloque", "fr", "train", "bloqu"),
    ("je suis en train de m'inscrire", "fr", "train", "inscrir"),
    ("au cours d'une semaine le colis a disparu", "fr", "cour", "colis"),
    ("prélevé 40 € au\u00a0lieu de 15", "fr", "lieu", "prelev"),  # no-break space: the phrase all the same
    ("c'est à partir de combien de jours ?", "fr", "part", "jour"),
    ("au cours de la semaine, le colis a disparu", "fr", "cour", "colis"),
    ("du coup je fais quoi en cas de panne ?", "fr", "coup", "pann"),
    ("I need a receipt in order to claim expenses", "en", "order", "receipt"),
    ("of course I paid, because of the late fee", "en", "cours", "late"),
])
def test_set_phrases_working_as_function_words_give_no_term(analyzer: Analyzer, text: str, language: str,
                                                            spurious: str, meant: str) -> None:
    terms = analyzer.terms(text, language)
    assert spurious not in terms and meant in " ".join(terms)
    assert spurious not in analyzer.nouns_many([text], language)[0]


@pytest.mark.parametrize(("text", "language", "term"), [
    ("comment se passe l'état des lieux ?", "fr", "lieu"),
    ("je prends le train pour Lyon", "fr", "train"),
    ("le cours d'anglais commence quand ?", "fr", "cour"),
    ("where is my order?", "en", "order"),
    ("how long is the course?", "en", "cours"),
    ("le code du coupon ne fonctionne pas", "fr", "coupon"),  # "du coup" ends where a word does
    ("je voyage en train de nuit", "fr", "train"),  # "en train de" before a verb only
    ("comment m'inscrire au cours de yoga ?", "fr", "cour"),  # "au cours de" before a determiner only
    ("assister au cours d'anglais", "fr", "cour"),
    ("je roule en casque", "fr", "casqu"),
    ("can I get a refund of course fees?", "en", "cours"),  # "of course" opening a clause only
    ("what changed in terms of service?", "en", "term"),
])
def test_the_same_words_keep_their_term_outside_those_phrases(analyzer: Analyzer, text: str, language: str,
                                                              term: str) -> None:
    assert term in analyzer.terms(text, language)



def test_american_and_british_spellings_give_the_same_terms() -> None:
    analyzer = Analyzer(use_spacy=False)
    # Snowball stems them apart ("authorization" even becomes "author"): a KB written in British English must be
    # found by American spellings, and the reverse.
    assert analyzer.terms("pre-authorization on my card", "en") == analyzer.terms("pre-authorisation on my card", "en")
    assert analyzer.terms("driver's license", "en") == analyzer.terms("driver's licence", "en")
    assert analyzer.terms("fiber", "en") == analyzer.terms("fibre", "en")
    assert analyzer.terms("size", "en") != analyzer.terms("sise", "en")  # no -ize rule for short words
    # French words are left alone.
    assert analyzer.terms("fiber", "fr") != analyzer.terms("fibre", "fr")
