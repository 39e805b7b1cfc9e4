"""Keeps PyTorch out of a serving process that does not need it.

spaCy's thinc imports torch whenever it is installed, which costs ~200 MB of memory and a second of start-up,
although serving uses ONNX Runtime for the encoder and spaCy's own CPU ops. Torch is needed only to export
the encoder to ONNX once (cached) or to run the encoder without ONNX. `keep_torch_out()` makes `import torch`
fail with ImportError, which thinc and scipy both take as "torch is not installed"."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType


class _NoTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname == "torch" or fullname.startswith("torch."):
            raise ImportError(f"{fullname} is kept out of this process (relais.torchless)")
        return None


def keep_torch_out() -> bool:
    """Blocks later imports of torch; False (and nothing done) when torch is already imported."""
    if "torch" in sys.modules:
        return False
    if not any(isinstance(finder, _NoTorch) for finder in sys.meta_path):
        sys.meta_path.insert(0, _NoTorch())
    return True
