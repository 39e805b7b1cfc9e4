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
