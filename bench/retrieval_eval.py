"""Offline retrieval check on a KB + queries file (no server): top-1/top-3 and calibrated decisions.

    .venv/bin/python bench/retrieval_eval.py ../shared/eval/dev_kb.yml ../shared/eval/dev_queries.yml
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

from bot.nlu_data import load_nlu
from knowledge_base.analysis import shared_analyzer
from knowledge_base.embedding import load_encoder
from knowledge_base.interchange import read_articles
from knowledge_base.searcher import Searcher

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    kb, queries = Path(sys.argv[1]), Path(sys.argv[2])
    articles = read_articles(kb)
    encoder = load_encoder("all-MiniLM-L6-v2", Path("/tmp/relais-models"))
    nlu = load_nlu(ROOT / "data" / "nlu")
    off_topic = {lang: [e.text for e in nlu if e.intent == "out_of_scope" and e.language == lang]
                 for lang in ("fr", "en")}
    searcher = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=off_topic)
    t0 = time.perf_counter()
    searcher.apply(articles, 1)
    print(f"build+calibrate {time.perf_counter() - t0:.2f}s")
    items = yaml.safe_load(queries.read_text())["queries"]
    top1 = top3 = n_in = 0
    verbose = "-v" in sys.argv
    for q in items:
        golds = {q["article"], *(q.get("alternatives") or [])} - {None}
        view = searcher.view(q["text"])
        ranking = searcher.search(view, q["language"])
        ids = [c.article.id for c in ranking.candidates]
        probs = [round(c.probability, 2) for c in ranking.candidates[:3]]
        if golds:
            n_in += 1
            top1 += bool(ids[:1] and ids[0] in golds)
            top3 += bool(golds & set(ids[:3]))
        if verbose:
            mark = "OOS" if not golds else ("ok " if ids[:1] and ids[0] in golds else "BAD")
            print(f"{mark} {probs} {ids[:3]} gold={sorted(golds)} :: {q['text'][:70]}")
    print(f"in-scope {n_in}: top1={top1 / n_in:.3f} top3={top3 / n_in:.3f}")


if __name__ == "__main__":
    main()
