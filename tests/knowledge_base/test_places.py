"""Places named by visitors bring their regions along, so "Italy" finds the article on the European Union."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge_base.analysis import shared_analyzer
from knowledge_base.articles import Article
from knowledge_base.embedding import CachedEncoder
from knowledge_base.interchange import read_articles
from knowledge_base.places import Places
from knowledge_base.searcher import Searcher
from relais.errors import ModelMismatch
from tests.conftest import SMALL_KB

places = Places("FR")


@pytest.mark.parametrize(("text", "codes"), [
    ("on part en vacances en Grece cet ete", ["GR"]),  # no accents
    ("livraison possible a l'ile Maurice ?", ["MU"]),
    ("Je serai à Montréal puis aux États-Unis", ["CA", "US"]),
    ("do you ship to the UK or the US?", ["GB", "US"]),
    ("moving to new zealand next year", ["NZ"]),
    ("Bonjour, je déménage à Lyon, en France", []),  # the home country is not abroad
    ("can you tell us more", []),  # "us" in lower case is a word
    ("PLEASE HELP US NOW", []),  # and so in a shouted message
    ("c'est quoi le code RIO ?", []),  # an acronym, not Rio de Janeiro
])
def test_places_are_found_in_either_language_outside_the_home_country(text: str, codes: list[str]) -> None:
    assert places.find(text) == codes


def test_regions_are_written_in_the_language_of_the_message() -> None:
    assert places.annotate("je pars au Portugal", "fr") == (
        "je pars au Portugal (Portugal Europe Union européenne UE étranger)")
    assert places.annotate("flying to Tokyo", "en") == (
        "flying to Tokyo (Japan Asia outside the European Union abroad)")
    assert Places("PT").annotate("je pars au Portugal", "fr") == "je pars au Portugal"
    assert Places(None).find("je pars en France") == ["FR"]
    # Overseas territories of the home country keep their region but are not abroad; continents count too.
    assert places.annotate("livraison en Guadeloupe ?", "fr") == (
        "livraison en Guadeloupe ? (Guadeloupe outre-mer DOM-TOM Union européenne UE)")
    assert places.annotate("shipping to Tahiti", "en") == (
        "shipping to Tahiti (French Polynesia French overseas territories outside the European Union)")
    assert Places("BE").regions("je pars en Martinique", "fr").endswith("étranger")
    assert places.regions("on part en Amérique du Sud", "fr") == "Amérique du Sud hors Union européenne étranger"


SHIPPING = [
    Article("fr-livraison-ue", "fr", "Livrez-vous dans l'Union européenne ?",
            ("Est-ce que vous expédiez en Europe ?", "Délais de livraison dans l'Union européenne"),
            "Nous livrons dans toute l'Union européenne en 3 à 5 jours, sans frais de douane.", tags=("livraison",)),
    Article("fr-livraison-monde", "fr", "Livrez-vous hors de l'Union européenne ?",
            ("Expédiez-vous à l'international ?", "Livraison au Canada possible ?"),
            "Hors de l'Union européenne, la livraison prend 10 jours et des droits de douane peuvent s'appliquer.",
            tags=("livraison", "international")),
    Article("en-shipping-eu", "en", "Do you ship within the European Union?",
            ("Do you deliver to Europe?", "Delivery times in the EU"),
            "We deliver across the European Union in 3 to 5 days, with no customs duties.", tags=("shipping",)),
    Article("en-shipping-world", "en", "Do you ship outside the European Union?",
            ("Do you ship internationally?", "Can you deliver to Canada?"),
            "Outside the European Union, delivery takes 10 days and customs duties may apply.",
            tags=("shipping", "international")),
]


# Visitors name a country; the articles speak of regions. Wordings of this test only, not of any eval set.
ASKED = [
    ("vous livrez en Autriche ?", "fr", "fr-livraison-ue"),
    ("vous expédiez en Pologne ?", "fr", "fr-livraison-ue"),
    ("livraison en Italie ?", "fr", "fr-livraison-ue"),
    ("vous livrez au Japon ?", "fr", "fr-livraison-monde"),
    ("on peut se faire livrer en Suisse ?", "fr", "fr-livraison-monde"),
    ("livraison aux États-Unis ?", "fr", "fr-livraison-monde"),
    ("can I get my order delivered in Sweden?", "en", "en-shipping-eu"),
    ("shipping to Brazil, how long?", "en", "en-shipping-world"),
    ("do you deliver to Morocco", "en", "en-shipping-world"),
    ("send a parcel to Australia", "en", "en-shipping-world"),
]


def test_countries_find_the_article_on_their_region(encoder: CachedEncoder) -> None:
    def found(with_places: Places | None) -> int:
        s = Searcher(encoder, shared_analyzer(), ("fr", "en"), places=with_places,
                     off_topic={"fr": ["quel temps fait-il demain"], "en": ["tell me a joke"]})
        s.apply([*read_articles(SMALL_KB), *SHIPPING], revision=1)
        bests = [s.search(s.view(text, lang), lang).best for text, lang, _ in ASKED]
        return sum(1 for b, (_, _, want) in zip(bests, ASKED, strict=True) if b is not None and b.article.id == want)

    with_regions, without = found(places), found(None)
    assert with_regions >= len(ASKED) - 1
    assert with_regions > without


def test_an_index_calibrated_for_another_home_country_is_rebuilt(encoder: CachedEncoder, tmp_path: Path) -> None:
    def searcher(home: str) -> Searcher:
        return Searcher(encoder, shared_analyzer(), ("fr", "en"), store=tmp_path, places=Places(home),
                        off_topic={"fr": ["quel temps fait-il demain"], "en": ["tell me a joke"]})

    searcher("FR").apply(read_articles(SMALL_KB), revision=1)
    manifest = json.loads((tmp_path / "current" / "manifest.json").read_text())
    assert manifest["home_country"] == "FR"
    assert searcher("FR").indexes == {} and searcher("FR")._cached_revision == 1  # the snapshot is reused
    moved = searcher("BE")
    with pytest.raises(ModelMismatch):
        moved.check_manifest(manifest)
    assert moved._cached_revision is None and moved._cached_matches == {}  # nothing of the old calibration is kept


@pytest.mark.parametrize(("text", "language"), [
    ("quel temps fait-il à Lisbonne ?", "fr"),
    ("un bon restaurant à Rome ?", "fr"),
    ("what's the weather like in Tokyo", "en"),
    ("best hotels in Barcelona", "en"),
    # Word vectors put "Espagne" or "Belgique" next to the KB's "Europe": no stand-in for the visitor's words.
    ("ma fille part étudier en Espagne, elle doit ouvrir un compte bancaire là-bas ?", "fr"),
    ("mon frère s'installe en Belgique, il cherche un appartement", "fr"),
])
def test_a_region_alone_is_no_evidence_for_an_article(encoder: CachedEncoder, text: str, language: str) -> None:
    s = Searcher(encoder, shared_analyzer(), ("fr", "en"), places=places,
                 off_topic={"fr": ["quel temps fait-il demain"], "en": ["tell me a joke"]})
    s.apply([*read_articles(SMALL_KB), *SHIPPING], revision=1)
    view = s.view(text, language)
    assert view.plain is not None and view.plain.text == text
    written = {c.article.id: c.probability for c in s.search(view.plain, language).candidates}
    regional = [c for c in s.search(view, language).candidates if c.article.id in {a.id for a in SHIPPING}]
    assert regional
    for candidate in regional:  # none of the visitor's own words is about shipping: the place adds nothing
        assert candidate.probability <= written.get(candidate.article.id, 0.0)
