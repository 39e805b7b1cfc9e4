"""The int8 encoder (RELAIS_ENCODER_INT8): quantised once, close to fp32, and named apart so indexes rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from knowledge_base.embedding import load_encoder

TEXTS = ["Où est ma commande ?", "How do I return an item?", "Je veux parler à un conseiller"]


def test_int8_vectors_stay_close_to_fp32_under_another_name(tmp_path: Path) -> None:
    cache = Path("~/.cache/relais").expanduser()
    fp32 = load_encoder("all-MiniLM-L6-v2", cache)
    for name in ("all-MiniLM-L6-v2.onnx", "all-MiniLM-L6-v2.json"):
        shutil.copy(cache / name, tmp_path / name)  # the fp32 export is made by other tests' fixtures
    int8 = load_encoder("all-MiniLM-L6-v2", tmp_path, int8=True)
    assert int8.name == "all-MiniLM-L6-v2+int8" != fp32.name
    assert (tmp_path / "all-MiniLM-L6-v2.int8.onnx").exists()
    cosines = np.sum(int8.encode(TEXTS) * fp32.encode(TEXTS), axis=1)
    assert float(cosines.min()) >= 0.9
    again = load_encoder("all-MiniLM-L6-v2", tmp_path, int8=True)  # the quantised file is reused
    assert np.allclose(again.encode(TEXTS), int8.encode(TEXTS))


def test_a_text_gets_the_same_vector_whatever_it_is_encoded_with() -> None:
    # Under load, a visitor's message is encoded with other visitors' messages: its answer must not change.
    cache = Path("~/.cache/relais").expanduser()
    long = "Le technicien pose la prise fibre dans votre logement, en général en 1 à 3 heures. " * 4
    for int8 in (True, False):
        encoder = load_encoder("all-MiniLM-L6-v2", cache, int8=int8).inner
        alone = np.stack([encoder.encode([t])[0] for t in TEXTS])
        together = encoder.encode([long, *TEXTS, "ok"])[1:-1]
        assert float(np.sum(alone * together, axis=1).min()) > 0.9999, encoder.name
