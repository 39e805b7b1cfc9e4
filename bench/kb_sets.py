"""Self-calibration against the retrieval prior on knowledge bases the prior never saw (no server).

    .venv/bin/python bench/kb_sets.py [--prior-only] [KB.yml QUERIES.yml ...]

Every labelled set of data/calibration is played twice: with the model fitted on its own questions
(RELAIS_RETRIEVAL_PRIOR=false, at the thresholds that suit it: answer 0.5, clarify 0.2) and with a prior trained on
the other sets only (as served by default, at the default thresholds); the held-out sets of data/holdout and extra
KB/queries pairs (the development set, say) are played against the prior of every set. Decisions are the engine's
first-turn ones without intents (retrieval_eval.first_turn); `opt` is the best resolution any answer and clarify
thresholds reach with at most 3 % wrong answers, 5 % off-topic answers and 20 % off-topic clarifications: how well
the probabilities separate, whatever the policy makes of them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import yaml
from retrieval_eval import first_turn  # bench/ is the script's directory

from bot.nlu_data import load_nlu, off_topic_texts
from bot.understanding import Thresholds
from knowledge_base.analysis import shared_analyzer
from knowledge_base.calibration import Groups, fit_groups, self_calibration
from knowledge_base.embedding import load_encoder
from knowledge_base.interchange import read_articles
from knowledge_base.places import Places
from knowledge_base.prior import CAUTION_IN_SCOPE, DATA_DIR, labelled_groups, swapped_questions
from knowledge_base.retrieval import Calibrator
from knowledge_base.searcher import Searcher

ROOT = Path(__file__).resolve().parent.parent
HOLDOUT_DIR = ROOT / "data" / "holdout"  # labelled sets no prior is trained on: played against the one of every set
Point = tuple[float, str, bool]  # best probability, ok/bad/oos, a right article among the first three


def optimum(points: Sequence[Point], n_in: int, n_out: int) -> float:
    grid = sorted({p for p, _, _ in points} | {1.01})
    best = 0.0
    for ta in grid:
        answered = [x for x in points if x[0] >= ta]
        if (sum(1 for x in answered if x[1] == "bad") > 0.03 * n_in
                or sum(1 for x in answered if x[1] == "oos") > 0.05 * n_out):
            continue
        ok = sum(1 for x in answered if x[1] == "ok")
        for tc in (t for t in grid if t <= ta):
            shown = [x for x in points if tc <= x[0] < ta]
            if sum(1 for x in shown if x[1] == "oos") <= 0.2 * n_out:
                best = max(best, (ok + 0.5 * sum(1 for x in shown if x[1] != "oos" and x[2])) / n_in)
    return best


SELF_CALIBRATED = Thresholds(answer=0.5, clarify=0.2, clarify_mass=0.0)


def play(searcher: Searcher, queries: Sequence[dict[str, object]], thresholds: Thresholds) -> str:
    outcome: dict[str, int] = {}
    points: list[Point] = []
    for q in queries:
        text, language = str(q["text"]), str(q["language"])
        alternatives = q.get("alternatives") or []
        golds = ({str(q["article"])} if q.get("article") else set()) | {str(a) for a in alternatives}  # type: ignore[union-attr]
        ranking, res = first_turn(searcher, text, language, golds, thresholds)
        outcome[res] = outcome.get(res, 0) + 1
        top = [c.article.id for c in ranking.candidates]
        p1 = ranking.candidates[0].probability if ranking.candidates else 0.0
        points.append((p1, "oos" if not golds else ("ok" if top[:1] and top[0] in golds else "bad"),
                       bool(golds & set(top[:3]))))
    n_in = sum(1 for q in queries if q.get("article"))
    n_out = len(queries) - n_in
    resolution = (outcome.get("correct", 0) + 0.5 * outcome.get("clarified", 0)) / n_in
    top1 = sum(1 for x in points if x[1] == "ok") / max(n_in, 1)
    top3 = sum(1 for x in points if x[1] != "oos" and x[2]) / max(n_in, 1)
    return (f"top1={top1:.3f} top3={top3:.3f} resolution={resolution:.3f} wrong={outcome.get('wrong', 0) / n_in:.3f} "
            f"oos_false={outcome.get('false_answer', 0) / max(n_out, 1):.3f} "
            f"oos_clarify={outcome.get('oos_clarify', 0) / max(n_out, 1):.3f} opt={optimum(points, n_in, n_out):.3f}")


def main() -> None:
    encoder = load_encoder("all-MiniLM-L6-v2", Path("/tmp/relais-models"), int8=True)
    nlu = load_nlu(ROOT / "data" / "nlu")
    off_topic = off_topic_texts(nlu, ("fr", "en"))
    pairs = [(kb.parent.name, kb, kb.parent / "queries.yml")
             for kb in [*sorted(DATA_DIR.glob("*/kb.yml")), *sorted(HOLDOUT_DIR.glob("*/kb.yml"))]]
    prior_only = "--prior-only" in sys.argv
    extra = [a for a in sys.argv[1:] if a != "--prior-only"]
    pairs += [(Path(extra[i]).stem, Path(extra[i]), Path(extra[i + 1])) for i in range(0, len(extra) - 1, 2)]
    searchers: dict[str, tuple[Searcher, list[dict[str, object]]]] = {}
    labelled: dict[str, Groups] = {}
    for name, kb, queries_path in pairs:
        searcher = Searcher(encoder, shared_analyzer(), ("fr", "en"), off_topic=off_topic, places=Places("FR"))
        searcher.apply(read_articles(kb), 1, recalibrate=False)
        queries = yaml.safe_load(queries_path.read_text())["queries"]
        searchers[name] = (searcher, queries)
        if kb.parent.parent == DATA_DIR:
            labelled[name] = labelled_groups(searcher.indexes, queries, searcher.view)
            labelled[name].extend(swapped_questions(searcher.indexes, queries, searcher.view, off_topic,
                                                    searcher.analyzer))
    for name, (searcher, queries) in searchers.items():
        if not prior_only:
            searcher.calibrator = fit_groups(self_calibration(list(searcher.indexes.values()), off_topic, encoder,
                                                              searcher.analyzer, places=searcher.places))
            print(f"{name:12} own   {play(searcher, queries, SELF_CALIBRATED)}", flush=True)
        merged = Groups()
        for other, groups in labelled.items():
            if other != name:
                merged.extend(groups)
        prior: Calibrator = fit_groups(merged, in_scope_prior=CAUTION_IN_SCOPE)
        searcher.calibrator = prior
        print(f"{name:12} prior {play(searcher, queries, Thresholds())}", flush=True)


if __name__ == "__main__":
    main()
