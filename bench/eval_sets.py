"""`make eval-sets`: each labelled set of data/calibration played against a real server, served with a retrieval prior
trained on the other sets only (their queries train the shipped prior, so it has seen each set's answers).

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
SCORE = Path(os.environ.get("SHARED", ROOT.parent / "shared")) / "tools" / "score.py"


def main() -> None:
    sets = sorted(p.name for p in DATA.iterdir() if (p / "kb.yml").exists())
    verbose = "-v" in sys.argv[1:]
    chosen = [a for a in sys.argv[1:] if a != "-v"] or sets
    unknown = sorted(set(chosen) - set(sets))
    if unknown:
        sys.exit(f"no labelled set named {', '.join(unknown)} in {DATA} (there are: {', '.join(sets)})")
    passed = total = 0
    for name in chosen:
        with tempfile.TemporaryDirectory(prefix="relais-prior-") as tmp:
            others = Path(tmp) / "sets"
            others.mkdir()
            for other in sets:
                if other != name:
                    (others / other).symlink_to(DATA / other)
            prior = Path(tmp) / "prior.json"
            trained = subprocess.run([sys.executable, "-m", "knowledge_base.prior", str(others), "--out", str(prior)],
                                     cwd=ROOT, capture_output=True, text=True, check=False)
            if trained.returncode != 0:
                sys.exit(f"training the prior without {name} failed:\n{trained.stderr}")
            env = {**os.environ, "RELAIS_RETRIEVAL_PRIOR_FILE": str(prior)}
            result = subprocess.run(
                [sys.executable, str(SCORE), "--kb", str(DATA / name / "kb.yml"),
                 "--queries", str(DATA / name / "queries.yml"),
                 "--conversations", str(DATA / name / "conversations.yml"),
                 "--server-cmd", str(Path(sys.executable).with_name("relais"))],
                cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            sys.exit(f"score.py failed on {name} (exit {result.returncode}):\n"
                     f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
        lines = result.stdout.strip().splitlines()
        if verbose:
            for line in lines:
                if line.lstrip().startswith("FAIL"):
                    print(f"{name:10} {line.strip()}")
        summary = (lines or ["(no output)"])[-1]
        print(f"{name:10} {summary}", flush=True)
        if match := re.search(r"scenarios=(\d+)/(\d+)", summary):
            passed, total = passed + int(match[1]), total + int(match[2])
    print(f"eval-sets: scenarios={passed}/{total}")


if __name__ == "__main__":
    main()
