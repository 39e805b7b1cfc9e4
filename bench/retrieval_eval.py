"""Offline retrieval check on a KB + queries file (no server): top-1/top-3 and calibrated decisions.

    .venv/bin/python bench/retrieval_eval.py ../shared/eval/dev_kb.yml ../shared/eval/dev_queries.yml [-v] [--fp32]
        [--prior]

The encoder runs with int8 weights, as served by default; --fp32 for the full-precision one. The signals are
weighed by a model fitted on the KB's own questions (as served with RELAIS_RETRIEVAL_PRIOR=false); --prior uses the
shipped retrieval prior, as served by default (it was trained on data/calibration: measure it on other sets, or with
bench/kb_sets.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

from bot.decision import decide_retrieval
from bot.engine import consult_other
from bot.nlu_data import load_nlu, off_topic_texts
from bot.understanding import Thresholds, Understanding
from knowledge_base.analysis import shared_analyzer
from knowledge_base.embedding import load_encoder
from knowledge_base.interchange import read_articles
from knowledge_base.places import Places
from knowledge_base.prior import load_prior
from knowledge_base.retrieval import Ranking
from knowledge_base.searcher import Searcher

ROOT = Path(__file__).resolve().parent.parent


def first_turn(searcher: Searcher, text: str, language: str, golds: set[str],
               thresholds: Thresholds) -> tuple[Ranking, str]:
    """The message's ranking in its language and what the engine's first-turn decision makes of it (no intents):
    correct / wrong / clarified / missed for an answerable one, false_answer / oos_clarify / declined otherwise."""
    # As the engine sees it: the message's language known, so the other language gets a gloss (Searcher.view),
    # and the other language is only consulted when this one has no sure answer.
    view = searcher.view(text, language)
    ranking = searcher.search(view, language)
    other, twin = consult_other(searcher, [view], text, language, ranking, thresholds)
    off_subject = searcher.off_subject(view, ranking) if ranking.best is not None and (
        ranking.best.probability >= thresholds.answer) else ()
    d = decide_retrieval(Understanding(text, language, (), ranking, other, twin=twin, off_subject=off_subject),
                         thresholds)
    ids = [c.article.id for c in d.candidates]
    if not golds:
        return ranking, "false_answer" if d.kind == "answer" else ("oos_clarify" if d.kind == "clarify" else "declined")
    if d.kind == "answer":
        return ranking, "correct" if ids[0] in golds else "wrong"
    return ranking, "clarified" if d.kind == "clarify" and golds & set(ids) else "missed"


def main() -> None:
    kb, queries = Path(sys.argv[1]), Path(sys.argv[2])
    articles = read_articles(kb)
    encoder = load_encoder("all-MiniLM-L6-v2", Path("/tmp/relais-models"), int8="--fp32" not in sys.argv)
    nlu = load_nlu(ROOT / "data" / "nlu")
    off_topic = off_topic_texts(nlu, ("fr", "en"))
    prior = load_prior() if "--prior" in sys.argv else None
    searcher = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=off_topic, places=Places("FR"),
                        prior=prior)
    t0 = time.perf_counter()
    searcher.apply(articles, 1)
    print(f"build+calibrate {time.perf_counter() - t0:.2f}s")
    items = yaml.safe_load(queries.read_text())["queries"]
    top1 = top3 = n_in = 0
    outcome: dict[str, int] = {}
    curve: list[tuple[float, str]] = []
    thresholds = Thresholds()
    verbose = "-v" in sys.argv
    for q in items:
        golds = {q["article"], *(q.get("alternatives") or [])} - {None}
        ranking, res = first_turn(searcher, q["text"], q["language"], golds, thresholds)
        ids = [c.article.id for c in ranking.candidates]
        probs = [round(c.probability, 2) for c in ranking.candidates[:3]]
        outcome[res] = outcome.get(res, 0) + 1
        p1 = ranking.candidates[0].probability if ranking.candidates else 0.0
        curve.append((p1, "oos" if not golds else ("ok" if ids[:1] and ids[0] in golds else "bad")))
        if golds:
            n_in += 1
            top1 += bool(ids[:1] and ids[0] in golds)
            top3 += bool(golds & set(ids[:3]))
        if verbose:
            mark = "OOS" if not golds else ("ok " if ids[:1] and ids[0] in golds else "BAD")
            print(f"{mark} {res:12} {probs} {ids[:3]} gold={sorted(golds)} :: {q['text'][:70]}")
    n_out = len(items) - n_in
    for t in (0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5):
        above = [lab for p, lab in curve if p >= t]
        print(f"  p1>={t}: ok={above.count('ok')} bad={above.count('bad')} oos={above.count('oos')}")
    resolution = (outcome.get("correct", 0) + 0.5 * outcome.get("clarified", 0)) / n_in
    print(f"in-scope {n_in}: top1={top1 / n_in:.3f} top3={top3 / n_in:.3f} {dict(sorted(outcome.items()))}")
    print(f"decision: resolution={resolution:.3f} wrong={outcome.get('wrong', 0) / n_in:.3f} "
          f"oos_false={outcome.get('false_answer', 0) / n_out:.3f}")


if __name__ == "__main__":
    main()
