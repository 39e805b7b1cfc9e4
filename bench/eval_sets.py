"""`make eval-sets`: each labelled set of data/calibration played against a real server, served with a retrieval prior
trained on the other sets only (their queries train the shipped prior, so it has seen each set's answers); then each
held-out set of data/holdout (never trained on) served with the shipped prior.

    .venv/bin/python bench/eval_sets.py [-v] [SET ...]

Prints score.py's summary line per set (with -v, each failed scenario first), then the scenarios passed over all sets.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "calibration"
HOLDOUT = ROOT / "data" / "holdout"
SCORE = Path(os.environ.get("SHARED", ROOT.parent / "shared")) / "tools" / "score.py"


def _sets(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if (p / "kb.yml").exists()) if directory.is_dir() else []


def _prior_without(name: str, sets: list[str], tmp: Path) -> Path:
    """A prior trained on every labelled set but `name`."""
    others = tmp / "sets"
    others.mkdir()
    for other in sets:
        if other != name:
            (others / other).symlink_to(DATA / other)
    prior = tmp / "prior.json"
    trained = subprocess.run([sys.executable, "-m", "knowledge_base.prior", str(others), "--out", str(prior)],
                             cwd=ROOT, capture_output=True, text=True, check=False)
    if trained.returncode != 0:
        sys.exit(f"training the prior without {name} failed:\n{trained.stderr}")
    return prior


def _score(name: str, folder: Path, prior: Path | None) -> list[str]:
    env = {**os.environ, "RELAIS_RETRIEVAL_PRIOR_FILE": str(prior)} if prior is not None else None
    result = subprocess.run(
        [sys.executable, str(SCORE), "--kb", str(folder / "kb.yml"), "--queries", str(folder / "queries.yml"),
         "--conversations", str(folder / "conversations.yml"),
         "--server-cmd", str(Path(sys.executable).with_name("relais"))],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"score.py failed on {name} (exit {result.returncode}):\n"
                 f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result.stdout.strip().splitlines()


def main() -> None:
    sets, held_out = _sets(DATA), _sets(HOLDOUT)
    verbose = "-v" in sys.argv[1:]
    chosen = [a for a in sys.argv[1:] if a != "-v"] or sets + held_out
    unknown = sorted(set(chosen) - set(sets) - set(held_out))
    if unknown:
        sys.exit(f"no labelled set named {', '.join(unknown)} in {DATA} or {HOLDOUT} "
                 f"(there are: {', '.join(sets + held_out)})")
    passed = total = 0
    for name in chosen:
        if name in sets:
            with tempfile.TemporaryDirectory(prefix="relais-prior-") as tmp:
                lines = _score(name, DATA / name, _prior_without(name, sets, Path(tmp)))
        else:
            lines = _score(name, HOLDOUT / name, None)  # the shipped prior never saw it
        if verbose:
            for line in lines:
                if line.lstrip().startswith("FAIL"):
                    print(f"{name:12} {line.strip()}")
        summary = (lines or ["(no output)"])[-1]
        print(f"{name:12} {summary}", flush=True)
        if match := re.search(r"scenarios=(\d+)/(\d+)", summary):
            passed, total = passed + int(match[1]), total + int(match[2])
    print(f"eval-sets: scenarios={passed}/{total}")


if __name__ == "__main__":
    main()
