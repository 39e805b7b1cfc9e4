"""The live index follows the published KB: another process's calibration is reused, big changes recalibrate."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from knowledge_base.analysis import shared_analyzer
from knowledge_base.articles import Article
from knowledge_base.embedding import CachedEncoder
from knowledge_base.interchange import read_articles
from knowledge_base.retrieval import Candidate, Ranking
from knowledge_base.searcher import Searcher
from tests.conftest import SMALL_KB

OFF_TOPIC = {"fr": ["quel temps fait-il demain", "raconte-moi une blague"], "en": ["tell me a joke"]}


def searcher(encoder: CachedEncoder, store: Path | None) -> Searcher:
    return Searcher(encoder, shared_analyzer(), ("fr", "en"), store=store, off_topic=OFF_TOPIC)


def edited(articles: list[Article], share: float) -> list[Article]:
    n = int(len(articles) * share)
    return [replace(a, questions=(*a.questions, f"variante numéro {i}")) if i < n else a
            for i, a in enumerate(articles)]


def test_server_reuses_the_calibration_the_import_made_for_the_same_revision(encoder: CachedEncoder,
                                                                             tmp_path: Path) -> None:
    articles = read_articles(SMALL_KB)
    server = searcher(encoder, tmp_path)
    server.apply(articles, revision=1)
    cli = searcher(encoder, tmp_path)  # `relais kb import` in another process
    changed = edited(articles, 0.5)
    cli.apply(changed, revision=2, recalibrate=True)
    server.apply(changed, revision=2)
    assert server.calibrator.to_dict() == cli.calibrator.to_dict()


def test_a_few_edits_keep_the_calibration_and_many_renew_it(encoder: CachedEncoder) -> None:
    articles = read_articles(SMALL_KB)
    s = searcher(encoder, None)
    s.apply(articles, revision=1)
    first = s.calibrator.to_dict()
    s.apply(edited(articles, 0.1), revision=2)
    assert s.calibrator.to_dict() == first
    s.apply(edited(articles, 0.6), revision=3)
    assert s.calibrator.to_dict() != first


def test_index_snapshot_on_disk_is_complete_after_every_apply(encoder: CachedEncoder, tmp_path: Path) -> None:
    articles = read_articles(SMALL_KB)
    s = searcher(encoder, tmp_path)
    s.apply(articles, revision=1)
    s.apply(edited(articles, 0.1), revision=2)
    current = tmp_path / "current"
    assert current.is_symlink()
    assert {p.name for p in current.iterdir()} == {"vectors.npy", "keys.json", "terms.json", "calibrator.json",
                                                 "sources.json", "twins.json", "manifest.json"}
    reloaded = searcher(encoder, tmp_path)
    assert len(reloaded._vectors) == len(s._vectors)


MOVING = [
    Article("demenagement", "fr", "Déclarer un déménagement",
            ("Comment déclarer mon déménagement ?", "Je déménage, que faire pour ma ligne ?"),
            "Déclarez votre nouvelle adresse dans votre espace client quinze jours avant."),
    Article("facture", "fr", "Comprendre sa facture", ("Comment lire ma facture ?", "Où trouver ma facture ?"),
            "Votre facture détaille l'abonnement et les consommations du mois."),
    Article("colis", "fr", "Suivre un colis", ("Où en est ma livraison ?", "Mon colis n'est pas arrivé"),
            "Le numéro de suivi est dans l'e-mail de confirmation."),
]


def test_a_word_the_kb_never_uses_finds_the_article_of_a_related_word(encoder: CachedEncoder,
                                                                       tmp_path: Path) -> None:
    # "emménager" is in no article; its word vector is close to "déménagement"'s.
    s = searcher(encoder, tmp_path)
    s.apply(MOVING, revision=1)
    index = s.indexes["fr"]
    terms = shared_analyzer().terms("Nous emménageons bientôt", "fr")
    related = index.expansions(terms)
    assert related and all(0.55 <= sim <= 1.0 for sim in related.values())
    moving = index.position["demenagement"]
    assert set(related) <= set(index.question_docs[moving] | index.answer_docs[moving])
    # A fresh process loads the snapshot: the lemmas behind the KB's terms come with it.
    from knowledge_base.analysis import Analyzer

    reloaded = Searcher(encoder, Analyzer(), ("fr", "en"), store=tmp_path, off_topic=OFF_TOPIC)
    reloaded.apply(MOVING, revision=1)
    best = reloaded.search(reloaded.view("On emménage le mois prochain, comment je fais ?", "fr"), "fr").best
    assert best is not None and best.article.id == "demenagement"


def test_known_words_are_not_expanded(encoder: CachedEncoder) -> None:
    s = searcher(encoder, None)
    s.apply(MOVING, revision=1)
    assert s.indexes["fr"].expansions(shared_analyzer().terms("ma facture", "fr")) == {}


def test_articles_on_one_subject_are_nearer_each_other_than_other_subjects(encoder: CachedEncoder) -> None:
    def article(aid: str, title: str, *questions: str) -> Article:
        return Article(aid, "en", title, questions, "An answer.")

    s = searcher(encoder, None)
    s.apply([article("parcel-track", "How do I track my parcel?", "Where is my order?"),
             article("parcel-lost", "My parcel never arrived", "The order says delivered but I got nothing"),
             article("invoice", "Why is my invoice higher this month?", "My bill went up")], revision=1)
    assert s.affinity("parcel-track", "parcel-track") > 0.99
    assert s.affinity("parcel-track", "parcel-lost") > s.affinity("parcel-track", "invoice") + 0.15
    assert s.affinity("parcel-track", "parcel-lost") == s.affinity("parcel-lost", "parcel-track")
    assert s.affinity("parcel-track", "no-such-article") == 0.0


def test_an_import_of_one_edited_article_keeps_the_calibration_and_a_series_renews_it(
        encoder: CachedEncoder, tmp_path: Path) -> None:
    articles = read_articles(SMALL_KB)
    searcher(encoder, tmp_path).apply(articles, revision=1)
    first = searcher(encoder, tmp_path).calibrator.to_dict()
    kept = []
    for i in range(3):  # each edit by a new process, as `relais kb import` does
        articles = [replace(a, questions=(*a.questions, f"encore une variante {i}")) if j == i else a
                    for j, a in enumerate(articles)]
        s = searcher(encoder, tmp_path)
        s.apply(articles, revision=2 + i)
        kept.append(s.calibrator.to_dict() == first)
    # 10 articles, renewed once more than 20 % changed since the last calibration.
    assert kept == [True, True, False]


SUBSCRIPTION = [
    Article("fr-resilier", "fr", "Comment résilier mon abonnement ?",
            ("Je veux résilier mon abonnement mensuel", "Résiliation de l'abonnement"),
            "Vous pouvez résilier à tout moment depuis votre compte, sans frais.", tags=("abonnement",)),
    Article("fr-mot-de-passe", "fr", "J'ai oublié mon mot de passe",
            ("Réinitialiser mon mot de passe", "Je ne retrouve plus mon mot de passe"),
            "Cliquez sur « mot de passe oublié » sur la page de connexion.", tags=("compte",)),
]


def test_shorthand_and_set_phrases_are_spelled_out_for_every_signal(encoder: CachedEncoder) -> None:
    s = searcher(encoder, None)
    s.apply([*read_articles(SMALL_KB), *SUBSCRIPTION], revision=1)
    for text, want in (("comment me désabonner", "fr-resilier"),
                       ("je voudrais mettre un terme à mon abonnement", "fr-resilier"),
                       ("mdp oublié, je fais comment", "fr-mot-de-passe")):
        view = s.view(text, "fr")
        assert "mdp" not in view.text and "désabonner" not in view.text and "terme" not in view.text
        best = s.search(view, "fr").best
        assert best is not None and best.article.id == want and best.probability >= 0.5, (text, best)


def test_prepare_encodes_in_one_batch_everything_view_reads(encoder: CachedEncoder) -> None:
    from knowledge_base.places import Places

    s = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=OFF_TOPIC, places=Places("FR"))
    s.apply(read_articles(SMALL_KB), revision=1)
    # Shorthand spelled out, a place with its region, and a plain message: each read as `view` reads it.
    messages = [("mdp oublié pour ma loc de vélo à Rome", "fr"), ("pb de casque", "fr"), ("how do I rent a bike", "en")]
    counted: list[str] = []

    class Counting:
        name, dimension = encoder.name, encoder.dimension

        def encode(self, texts: list[str]) -> object:
            counted.extend(texts)
            return encoder.inner.encode(texts)

    s.encoder = CachedEncoder(Counting())  # type: ignore[arg-type]
    s.prepare(messages)
    batched = len(counted)
    for text, lang in messages:
        s.view(text, lang)
    # The Rome message is read twice (as written and with its region), the others once each, shorthand spelled out.
    assert batched == 4 and "mot de passe" in counted[0] + counted[1] and "problème de casque" in counted
    assert len(counted) == batched  # the turns found everything cached


def test_an_article_and_its_translation_are_twins_and_a_glossed_message_finds_an_article_of_the_other_language(
        encoder: CachedEncoder) -> None:
    s = searcher(encoder, None)
    s.apply([*read_articles(SMALL_KB), *SUBSCRIPTION], revision=1)
    # The rental, stolen-bike, refund and battery pages exist in both languages; cancellation only in French.
    assert (s.twin("fr-vol-velo"), s.twin("en-stolen-bike")) == ("en-stolen-bike", "fr-vol-velo")
    assert (s.twin("fr-remboursement"), s.twin("en-refund")) == ("en-refund", "fr-remboursement")
    assert (s.twin("fr-batterie"), s.twin("en-battery")) == ("en-battery", "fr-batterie")
    assert (s.twin("fr-location-velo"), s.twin("en-rent-bike")) == ("en-rent-bike", "fr-location-velo")
    assert s.twin("fr-resilier") is None and s.twin("fr-mot-de-passe") is None
    # An English visitor asking about the French-only page: its gloss is read by every signal of the French index.
    glossed = s.gloss_view("how do I cancel my subscription", "en", "fr")
    assert glossed is not None
    best = s.search(glossed, "fr").best
    assert best is not None and best.article.id == "fr-resilier" and best.probability >= 0.6
    # Half of the message lost in the gloss would read as a sharper question than the one asked.
    assert s.gloss_view("heat pump installation price", "en", "fr") is None


DEMO_KB = Path(__file__).resolve().parents[2] / "relais" / "demo" / "demo_kb.yml"


def twins(s: Searcher) -> dict[str, str | None]:
    return {a: s.twin(a) for a in sorted(s.articles)}


def found_one_by_one(s: Searcher) -> list[str]:
    """The articles whose twin `s` looks for from now on (rather than knows)."""
    looked: list[str] = []
    find = s._find_gloss_matches

    def counting(articles: Sequence[Article]) -> dict[str, str | None]:
        looked.extend(a.id for a in articles)
        return find(articles)

    s._find_gloss_matches = counting  # type: ignore[method-assign]
    return looked


def test_the_twins_found_all_at_once_are_those_found_one_by_one_and_the_server_starts_with_the_imports(
        encoder: CachedEncoder, tmp_path: Path) -> None:
    articles = read_articles(DEMO_KB)
    lazy = searcher(encoder, None)
    lazy.apply(articles, revision=1)
    expected = twins(lazy)
    assert sum(1 for t in expected.values() if t) >= 20  # the demo's pages are mostly in both languages
    cli = searcher(encoder, tmp_path)  # `relais kb import`: finds them all, keeps them in the snapshot
    cli.apply(articles, revision=1, twins=True)
    assert twins(cli) == expected
    server = searcher(encoder, tmp_path)
    looked = found_one_by_one(server)
    server.apply(articles, revision=1)
    server.find_twins()
    assert twins(server) == expected and looked == []
    # Twins found with another glossary are looked for again.
    manifest = tmp_path / "current" / "manifest.json"
    saved = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**saved, "glossary": "another"}))
    regloss = searcher(encoder, tmp_path)
    looked = found_one_by_one(regloss)
    regloss.apply(articles, revision=1)
    assert twins(regloss) == expected and len(looked) == len(articles)
    manifest.write_text(json.dumps(saved))
    # A later revision is not the snapshot's: its twins are looked for again.
    other = searcher(encoder, tmp_path)
    looked = found_one_by_one(other)
    other.apply(articles[1:], revision=2)
    twins(other)
    assert len(looked) == len(articles) - 1


def test_an_edit_keeps_the_twins_found_in_the_indexes_it_leaves_alone(encoder: CachedEncoder) -> None:
    articles = read_articles(DEMO_KB)
    s = searcher(encoder, None)
    s.apply(articles, revision=1)
    s.find_twins()
    french = next(a for a in articles if a.language == "fr" and s.twin(a.id))
    changed = [replace(a, questions=(*a.questions, "Et pour un colis encombrant ?")) if a is french else a
               for a in articles]
    looked = found_one_by_one(s)
    s.apply(changed, revision=2)
    fresh = searcher(encoder, None)
    fresh.apply(changed, revision=2)
    assert twins(s) == twins(fresh)
    # The English pages' twins are found in the French index, which changed; the French ones' in the English one.
    assert sorted(looked) == sorted([french.id, *(a.id for a in articles if a.language == "en")])


def test_distinct_nouns_are_what_one_page_speaks_of_and_the_other_does_not_whenever_asked(
        encoder: CachedEncoder) -> None:
    def article(aid: str, title: str, answer: str) -> Article:
        return Article(aid, "fr", title, (), answer)

    s = searcher(encoder, None)
    s.apply([article("fr-relais", "Retirer mon colis au point relais", "Présentez une pièce d'identité au relais."),
             article("fr-samedi", "Livraison le samedi et le soir", "Le samedi, nous livrons de 9 h à 13 h."),
             article("fr-douane", "Envoyer un colis hors d'Europe", "Remplissez la déclaration de douane.")],
            revision=1)
    assert s.distinct_nouns(s.view("et pour la douane ?", "fr"), "fr-douane", "fr-relais") == ["douan"]
    assert s.distinct_nouns(s.view("et pour la douane ?", "fr"), "fr-relais", "fr-douane") == []
    # A day names when, not what: "avant samedi" does not make the question about Saturday deliveries.
    assert s.distinct_nouns(s.view("et si je ne peux pas y aller avant samedi ?", "fr"), "fr-samedi", "fr-relais") == []
    assert s.distinct_nouns(s.view("et pour la douane ?", "fr"), "fr-douane", "no-such-article") == []


def test_pages_on_what_a_message_names_when_its_best_page_matches_it_by_one_word_that_names_nothing(
        encoder: CachedEncoder) -> None:
    def article(aid: str, title: str, answer: str) -> Article:
        return Article(aid, "fr", title, (), answer)

    s = searcher(encoder, None)
    pool, plans, classes = (article("fr-piscine", "La piscine est-elle ouverte le dimanche ?", "De 9 h à 18 h."),
                            article("fr-formules", "Quelles formules proposez-vous ?",
                                    "La formule Détente donne accès au sauna et au hammam."),
                            article("fr-cours", "Comment réserver un cours collectif ?",
                                    "Réservez ou annulez depuis l'application."))
    s.apply([pool, plans, classes], revision=1)
    # Whatever the retriever made of it: the pool page first, as a sentence encoder may rank it.
    ranked = Ranking("fr", tuple(Candidate(a, p, ()) for a, p in ((pool, 0.6), (classes, 0.1), (plans, 0.05))))
    assert [c.article.id for c in s.off_subject(s.view("le sauna est-il ouvert ?", "fr"), ranked)] == ["fr-formules"]
    # The page names what the message asks about, or shares two of its words: it may well answer.
    assert s.off_subject(s.view("la piscine est-elle ouverte ?", "fr"), ranked) == ()
    assert s.off_subject(s.view("le sauna et la piscine sont-ils ouverts ?", "fr"), ranked) == ()
    # A day names when, not what: the pool's Sunday hours do not answer for the sauna.
    assert [c.article.id for c in s.off_subject(s.view("le sauna est-il ouvert le dimanche ?", "fr"), ranked)] == [
        "fr-formules"]
    booking = Ranking("fr", (replace(ranked.candidates[1], probability=0.6), replace(ranked.candidates[2],
                                                                                         probability=0.1)))
    assert s.off_subject(s.view("comment réserver et annuler le sauna ?", "fr"), booking) == ()
    # A thing no page speaks of is left to the calibrated probability (an off-topic message, most likely).
    assert s.off_subject(s.view("le parking est-il ouvert ?", "fr"), ranked) == ()
    # Nor is a thing many pages speak of a subject of its own: with the sauna on four pages besides the plans,
    # "le sauna est-il ouvert ?" may well be about the pool's opening hours.
    others = [article(f"fr-sauna-{i}", f"Sujet {i}", "Le sauna et son accès.") for i in range(4)]
    s.apply([pool, plans, classes, *others], revision=2)
    assert s.off_subject(s.view("le sauna est-il ouvert ?", "fr"), ranked) == ()
