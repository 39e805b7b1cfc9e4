"""knowledge_base.word_vectors: the French word vectors, extracted once into a mapped table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from knowledge_base.analysis import Analyzer
from knowledge_base.word_vectors import SOURCE_MODEL, WordVectors, load_word_vectors, table_dir
from relais.errors import ConfigurationError


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="module")
def table(cache: Path) -> WordVectors:
    return load_word_vectors(cache)


def test_the_table_holds_the_unit_vectors_spacy_gives(table: WordVectors) -> None:
    import spacy

    nlp = spacy.load(SOURCE_MODEL, exclude=["parser", "ner", "senter", "tagger", "morphologizer", "lemmatizer"])
    for word in ("déménagement", "facture", "box", "résilier"):
        expected = np.asarray(nlp.vocab[word].vector, dtype=np.float32)
        expected /= np.linalg.norm(expected)
        found = table.unit(word)
        assert found is not None, word
        assert float(found @ expected) == pytest.approx(1.0, abs=1e-5)


def test_a_word_without_a_vector_has_none(table: WordVectors) -> None:
    assert table.unit("zzqxwv") is None
    assert table.unit("") is None


def test_the_table_is_built_once_and_reused(cache: Path, table: WordVectors) -> None:
    built = table_dir(cache)
    stamps = {p.name: p.stat().st_mtime_ns for p in built.iterdir()}
    again = load_word_vectors(cache)
    assert {p.name: p.stat().st_mtime_ns for p in built.iterdir()} == stamps
    assert len(again) == len(table) > 100_000


def test_a_damaged_table_is_reported_with_its_place(tmp_path: Path, table: WordVectors, cache: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    source = table_dir(cache)
    for name in ("keys.npy", "unit.npy"):
        (broken / name).write_bytes((source / name).read_bytes())
    np.save(broken / "rows.npy", np.zeros(3, dtype=np.int32))
    with pytest.raises(ConfigurationError, match="broken"):
        WordVectors.load(broken)


def test_near_words_are_near_through_the_analyzer(cache: Path) -> None:
    analyzer = Analyzer(vectors_cache=cache)

    def vector(text: str) -> np.ndarray:
        found = [v for t in analyzer.terms(text, "fr") if (v := analyzer.vector(t, "fr")) is not None]
        assert found, text
        return found[-1]

    move, moving, invoice = vector("emménager"), vector("déménagement"), vector("facture")
    assert float(move @ moving) > 0.5 > float(move @ invoice)
    assert analyzer.vector(analyzer.terms("emménager", "fr")[0], "en") is None
