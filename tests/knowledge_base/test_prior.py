"""The shipped retrieval prior: trained on the labelled sets in data/calibration, used unless RELAIS_RETRIEVAL_PRIOR is
false (or RELAIS_RETRIEVAL_PRIOR_FILE names another)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.understanding import Thresholds
from knowledge_base.analysis import shared_analyzer
from knowledge_base.embedding import CachedEncoder
from knowledge_base.interchange import read_articles
from knowledge_base.prior import (
    DATA_DIR,
    PRIOR_PATH,
    SIGNALS_VERSION,
    data_digest,
    labelled_groups,
    load_prior,
    swapped_questions,
)
from knowledge_base.retrieval import FEATURES
from knowledge_base.searcher import Searcher
from relais.errors import ConfigurationError
from relais.native import build_searcher
from tests.conftest import SMALL_KB, make_settings

OFF_TOPIC = {"fr": ["quel temps fait-il demain", "raconte-moi une blague"], "en": ["tell me a joke"]}


def test_the_shipped_prior_was_trained_on_the_current_sets_and_features() -> None:
    shipped = json.loads(PRIOR_PATH.read_text())
    assert shipped["features"] == list(FEATURES)
    assert shipped["signals_version"] == SIGNALS_VERSION
    # Edited labelled sets need `make prior` (python -m knowledge_base.prior) before they count.
    assert shipped["data_digest"] == data_digest(), "data/calibration changed: run `make prior`"
    names = {s["name"] for s in shipped["sets"]}
    assert names == {p.parent.name for p in DATA_DIR.glob("*/kb.yml")} and len(names) >= 3
    assert load_prior() is not None


def test_every_labelled_question_names_articles_of_its_set() -> None:
    held_out = sorted((DATA_DIR.parent / "holdout").glob("*/kb.yml"))
    assert held_out, "data/holdout holds the sets no prior is trained on"
    for kb in [*DATA_DIR.glob("*/kb.yml"), *held_out]:
        ids = {a.id for a in read_articles(kb)}
        queries = yaml.safe_load((kb.parent / "queries.yml").read_text())["queries"]
        assert len(queries) >= 50
        for q in queries:
            named = {q["article"], *(q.get("alternatives") or [])} - {None}
            assert named <= ids, (kb.parent.name, q["text"])
        assert sum(1 for q in queries if q["article"] is None) >= 10, kb.parent.name


def test_a_prior_of_other_signals_or_missing_is_not_used(tmp_path: Path) -> None:
    shipped = json.loads(PRIOR_PATH.read_text())
    stale = tmp_path / "prior.json"
    stale.write_text(json.dumps({**shipped, "signals_version": SIGNALS_VERSION + 1}))
    assert load_prior(stale) is None
    assert load_prior(tmp_path / "missing.json") is None
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**shipped, "calibrator": {**shipped["calibrator"], "features": ["dense"]}}))
    assert load_prior(other) is None


def test_the_prior_is_only_used_with_the_encoder_and_precision_it_was_trained_with() -> None:
    shipped = json.loads(PRIOR_PATH.read_text())
    assert load_prior(encoder=shipped["encoder"], int8=shipped["int8"]) is not None
    assert load_prior(encoder="paraphrase-multilingual-MiniLM-L12-v2", int8=shipped["int8"]) is None
    assert load_prior(encoder=shipped["encoder"], int8=not shipped["int8"]) is None


def test_a_prior_of_ones_own_is_served_instead_of_the_shipped_one(tmp_path: Path, encoder: CachedEncoder) -> None:
    shipped = json.loads(PRIOR_PATH.read_text())
    own = tmp_path / "own.json"
    calibrator = {**shipped["calibrator"], "bias": shipped["calibrator"]["bias"] - 1.0}
    own.write_text(json.dumps({**shipped, "calibrator": calibrator}))
    served = build_searcher(make_settings(tmp_path / "a", retrieval_prior_file=own), encoder, examples=[])
    assert served.prior is not None and served.prior.bias == pytest.approx(calibrator["bias"])
    default = build_searcher(make_settings(tmp_path / "b"), encoder, examples=[])
    assert default.prior is not None and default.prior.bias == pytest.approx(shipped["calibrator"]["bias"])
    assert build_searcher(make_settings(tmp_path / "c", retrieval_prior=False), encoder, examples=[]).prior is None
    # A file named on purpose that cannot be used stops the start, saying which.
    with pytest.raises(ConfigurationError, match=r"missing\.json"):
        build_searcher(make_settings(tmp_path / "d", retrieval_prior_file=tmp_path / "missing.json"), encoder,
                       examples=[])
    assert make_settings(tmp_path / "e", retrieval_prior_file="").retrieval_prior_file is None


def test_labelled_questions_are_positive_for_their_article_and_unanswerable_elsewhere(
        encoder: CachedEncoder) -> None:
    s = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=OFF_TOPIC)
    s.apply(read_articles(SMALL_KB), 1, recalibrate=False)
    queries = [
        {"text": "je voudrais louer un vélo pour samedi", "language": "fr", "article": "fr-location-velo"},
        {"text": "recette de la tarte aux pommes", "language": "fr", "article": None},
        # Its only right article is French: in the English index nothing answers it.
        {"text": "do you rent bikes", "language": "en", "article": "fr-location-velo"},
    ]
    groups = labelled_groups(s.indexes, queries, s.view)
    assert groups.in_scope == [True, False, False]
    assert groups.labels[0].sum() == 1  # the gold article is among the candidates, and only it is right
    assert not groups.labels[1].any() and not groups.labels[2].any()


def test_answerable_questions_about_something_the_kb_never_mentions_are_negatives(encoder: CachedEncoder) -> None:
    s = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=OFF_TOPIC, prior=None)
    s.apply(read_articles(SMALL_KB), 1, recalibrate=False)
    queries = [
        {"text": "je voudrais louer un vélo pour samedi", "language": "fr", "article": "fr-location-velo"},
        {"text": "recette de la tarte aux pommes", "language": "fr", "article": None},
    ]
    off_topic = {"fr": ["quel temps fera-t-il demain à Marseille", "raconte-moi une blague sur les pirates"]}
    swapped = swapped_questions(s.indexes, queries, s.view, off_topic, s.analyzer)
    assert swapped.in_scope == [False]  # one near miss per answerable question, none for the unanswerable one
    assert len(swapped.rows[0]) > 0 and not swapped.labels[0].any()


def test_with_the_prior_a_page_sharing_words_with_a_paraphrase_is_no_longer_likely(
        encoder: CachedEncoder) -> None:
    prior = load_prior()
    assert prior is not None
    with_prior = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=OFF_TOPIC, prior=prior)
    with_prior.apply(read_articles(SMALL_KB), 1)
    own = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=OFF_TOPIC)
    own.apply(read_articles(SMALL_KB), 1)
    assert with_prior.calibrator is prior  # not refitted on the KB's own questions
    for question, language, right in (
        ("how many kilometres can the electric bicycle ride before recharging", "en", "en-battery"),
        ("on m'a piqué le vélo loué", "fr", "fr-vol-velo"),
    ):
        runners_up = []
        for searcher in (own, with_prior):
            first, second = searcher.search(searcher.view(question, language), language).candidates[:2]
            assert first.article.id == right
            runners_up.append(second.probability)
        # Sharing words with the question no longer makes an unrelated page look likely: too unsure to be offered.
        assert runners_up[1] < min(Thresholds().clarify, runners_up[0] / 2), (question, runners_up)


def test_a_new_prior_recalibrates_the_stored_index_without_encoding_again(encoder: CachedEncoder,
                                                                          tmp_path: Path) -> None:
    prior = load_prior()
    assert prior is not None
    first = Searcher(encoder, shared_analyzer(), ("fr", "en"), store=tmp_path, off_topic=OFF_TOPIC)
    first.apply(read_articles(SMALL_KB), 1)
    restarted = Searcher(encoder, shared_analyzer(), ("fr", "en"), store=tmp_path, off_topic=OFF_TOPIC, prior=prior)
    restarted.apply(read_articles(SMALL_KB), 1)
    assert restarted.calibrator is prior
    assert restarted._fresh_keys == set()  # every vector came from the stored index
    manifest = json.loads((tmp_path / "current" / "manifest.json").read_text())
    assert manifest["prior"] is not None
