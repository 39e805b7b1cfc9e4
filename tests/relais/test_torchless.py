"""A serving process keeps torch out: spaCy, scipy, scikit-learn and the ONNX encoder work without it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent("""
    import sys
    from relais.torchless import keep_torch_out
    assert keep_torch_out()
    from knowledge_base.analysis import Analyzer
    import scipy.sparse, sklearn.linear_model
    terms = Analyzer().terms("Je déménage le mois prochain", "fr")
    assert terms, terms
    try:
        import torch  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("torch was imported")
    assert "torch" not in sys.modules
    print("ok", terms)
""")


def test_text_analysis_runs_without_torch() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok")


def test_torch_already_imported_is_left_alone() -> None:
    probe = "import torch\nfrom relais.torchless import keep_torch_out\nassert not keep_torch_out()\nprint('ok')"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]
