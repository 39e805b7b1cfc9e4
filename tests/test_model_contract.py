"""One contract for every learned component (retriever, intent classifier): fit, predict, persist, load,
same results; and a persisted artefact refuses to load against another embedding model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.intents import IntentClassifier
from knowledge_base.analysis import shared_analyzer
from knowledge_base.embedding import CachedEncoder
from knowledge_base.interchange import read_articles
from knowledge_base.searcher import Searcher
from relais.errors import ModelMismatch
from tests.conftest import SMALL_KB

QUERIES = ["je voudrais louer un vélo", "refund after I cancelled", "autonomie batterie", "bonjour", "zzz"]


@dataclass
class Adapter:
    fit: Callable[[CachedEncoder, Path], Any]
    predict: Callable[[Any], list[Any]]
    load: Callable[[CachedEncoder, Path], Any]


def _searcher_fit(encoder: CachedEncoder, store: Path) -> Searcher:
    s = Searcher(encoder, shared_analyzer(), ("fr", "en"), store=store,
                 off_topic={"fr": ["quel temps fait-il", "raconte une blague"], "en": ["tell me a joke"]})
    s.apply(read_articles(SMALL_KB), revision=7)
    return s


def _searcher_predict(s: Searcher) -> list[Any]:
    out = []
    for q in QUERIES:
        view = s.view(q)
        for lang in ("fr", "en"):
            out.append([(c.article.id, round(c.probability, 6)) for c in s.search(view, lang).candidates])
    return out


def _searcher_load(encoder: CachedEncoder, store: Path) -> Searcher:
    s = Searcher(encoder, shared_analyzer(), ("fr", "en"), store=store)
    s.apply(read_articles(SMALL_KB), revision=7)  # same revision: vectors and calibration come from disk
    return s


TRAIN = [("bonjour", "greet"), ("salut", "greet"), ("hello", "greet"), ("hi there", "greet"),
         ("merci beaucoup", "thanks"), ("thanks a lot", "thanks"), ("merci", "thanks"), ("cheers", "thanks"),
         ("je veux un conseiller", "ask_human"), ("talk to a person", "ask_human"),
         ("un humain svp", "ask_human"), ("agent please", "ask_human")]


def _intents_fit(encoder: CachedEncoder, store: Path) -> IntentClassifier:
    clf = IntentClassifier(encoder).fit([t for t, _ in TRAIN], [i for _, i in TRAIN])
    clf.save(store)
    return clf


def _intents_predict(clf: IntentClassifier) -> list[Any]:
    return [[(s.intent, round(s.confidence, 6)) for s in clf.predict(q)] for q in QUERIES]


ADAPTERS = {
    "retriever": Adapter(_searcher_fit, _searcher_predict, _searcher_load),
    "intent_classifier": Adapter(_intents_fit, _intents_predict, lambda e, p: IntentClassifier.load(p, e)),
}


@pytest.mark.parametrize("name", list(ADAPTERS))
def test_fit_predict_persist_load_gives_the_same_results(name: str, encoder: CachedEncoder,
                                                         tmp_path: Path) -> None:
    adapter = ADAPTERS[name]
    model = adapter.fit(encoder, tmp_path)
    before = adapter.predict(model)
    assert any(before), "predictions are not empty"
    again = adapter.load(encoder, tmp_path)
    assert adapter.predict(again) == before


class _OtherModel:
    """An encoder with another name and dimension, as if the configuration had changed."""

    name = "some-other-model"
    dimension = 16

    def encode(self, texts: Any) -> np.ndarray:
        return np.ones((len(texts), 16), dtype=np.float32) / 4.0


def test_classifier_refuses_to_load_against_another_model(encoder: CachedEncoder, tmp_path: Path) -> None:
    _intents_fit(encoder, tmp_path)
    with pytest.raises(ModelMismatch):
        IntentClassifier.load(tmp_path, _OtherModel())  # type: ignore[arg-type]


def test_index_built_with_another_model_is_not_reused(encoder: CachedEncoder, tmp_path: Path) -> None:
    _searcher_fit(encoder, tmp_path)
    other = Searcher(_OtherModel(), shared_analyzer(), ("fr", "en"), store=tmp_path)  # type: ignore[arg-type]
    assert other._vectors == {}, "vectors of another model must never be mixed in"
    with pytest.raises(ModelMismatch):
        other.check_manifest({"format": 1, "model": encoder.name, "dimension": encoder.dimension})


def test_one_changed_article_is_answerable_after_apply(encoder: CachedEncoder, tmp_path: Path) -> None:
    from dataclasses import replace

    s = _searcher_fit(encoder, tmp_path)
    articles = read_articles(SMALL_KB)
    edited = [replace(a, questions=(*a.questions, "parking souterrain pour trottinettes"))
              if a.id == "fr-casque" else a for a in articles]
    assert s.apply(edited, revision=8)
    best = s.search(s.view("parking souterrain pour trottinettes"), "fr").candidates[0]
    assert best.article.id == "fr-casque"


def test_each_encoder_keeps_its_own_cached_intent_model(encoder: CachedEncoder, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """Switching encoders (fp32 / int8, or another model) and back trains nothing again."""
    from bot.engine import load_intents
    from bot.nlu_data import Example

    examples = [Example(t, i, "en") for i, ts in (("greet", ("hello", "hi there", "good morning")),
                                                    ("goodbye", ("bye", "see you", "farewell")))
                for t in ts]
    for model in (encoder, _OtherModel(), encoder, _OtherModel()):
        load_intents(model, examples, tmp_path)  # type: ignore[arg-type]
    caplog.set_level("INFO", logger="bot.engine")
    with caplog.at_level("INFO", logger="bot.engine"):
        again = load_intents(encoder, examples, tmp_path)
        load_intents(_OtherModel(), examples, tmp_path)  # type: ignore[arg-type]
    assert not [r for r in caplog.records if "training" in r.getMessage()]
    assert again.predict("hello there")[0].intent == "greet"
    assert len(list(tmp_path.glob("intents-*"))) == 2
