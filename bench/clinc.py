"""CLINC150 intent accuracy and out-of-scope recall of the project's intent classifier (classifier only).

    .venv/bin/python bench/clinc.py /work/shared/eval/clinc150/data_full.json [--limit-per-intent N]
                                    [--c 8.0] [--dense-weight 1.0] [--min-accuracy 0.92]

Threshold-only setting: `bot.intents.IntentClassifier` (MiniLM embeddings + character n-grams, logistic
regression) is fitted on `train` (150 intents, no out-of-scope class). A message is out of scope when its
highest intent probability is below a threshold, chosen on `val` + `oos_val` to maximise
(in-scope accuracy + oos recall) / 2 among thresholds keeping in-scope accuracy >= --min-accuracy (if any
does). Reported on `test` + `oos_test`:

- in-scope accuracy: predicted intent right AND its probability >= threshold;
- oos recall: out-of-scope messages whose highest probability is < threshold.

The data file is read in place (it is never copied). Every text is encoded once; the vectors are passed
to `fit` and `probabilities`. `--limit-per-intent N` keeps the first N examples of each intent in every
split and shrinks the oos splits in the same proportion, for smoke runs. The last line is:
`clinc: in_scope_acc=… oos_recall=… threshold=… setting=threshold-only fit_s=…`
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections import Counter
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.intents import IntentClassifier
from knowledge_base.embedding import load_encoder

MODEL = "all-MiniLM-L6-v2"
CACHE = Path("~/.cache/relais").expanduser()
SPLITS = ("train", "val", "test", "oos_train", "oos_val", "oos_test")

Example = tuple[str, str]
Floats = npt.NDArray[np.float64]


def load(path: Path, limit: int | None) -> dict[str, list[Example]]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    data: dict[str, list[Example]] = {}
    for split in SPLITS:
        if split not in raw:
            raise SystemExit(f"{path}: no `{split}` split")
        data[split] = [(str(text), str(intent)) for text, intent in raw[split]]
    if limit is None:
        return data
    for split in ("train", "val", "test"):
        seen: Counter[str] = Counter()
        kept = []
        for text, intent in data[split]:
            if seen[intent] < limit:
                seen[intent] += 1
                kept.append((text, intent))
        per_intent = max(Counter(i for _, i in data[split]).values())
        oos = f"oos_{split}"
        # The same in-scope / out-of-scope ratio as the full split.
        keep_oos = max(1, round(len(data[oos]) * min(limit, per_intent) / per_intent))
        data[split], data[oos] = kept, data[oos][:keep_oos]
    return data


def choose_threshold(max_in: Floats, correct_in: npt.NDArray[np.bool_], max_oos: Floats,
                     min_accuracy: float) -> tuple[float, bool]:
    """The threshold maximising (accuracy + oos recall) / 2, accuracy >= min_accuracy when reachable.

    Candidates are 0 (accept everything) and every observed max probability. Returns (threshold, whether
    the accuracy constraint could be met).
    """
    candidates = np.unique(np.concatenate([[0.0], max_in, max_oos]))
    right_probs = np.sort(max_in[correct_in])
    oos_sorted = np.sort(max_oos)
    # accuracy(t) = #(correct and p >= t) / n_in ; recall(t) = #(oos p < t) / n_oos
    accuracy = (len(right_probs) - np.searchsorted(right_probs, candidates, side="left")) / max(1, len(max_in))
    recall = np.searchsorted(oos_sorted, candidates, side="left") / max(1, len(max_oos))
    objective = (accuracy + recall) / 2
    feasible = accuracy >= min_accuracy
    reachable = bool(feasible.any())
    if reachable:
        objective = np.where(feasible, objective, -np.inf)
    best = int(np.argmax(objective))  # ties: the lowest threshold
    return float(candidates[best]), reachable


def evaluate(probs_in: Floats, gold_in: list[str], probs_oos: Floats, intents: list[str],
             threshold: float) -> tuple[float, float]:
    predicted = np.array(intents, dtype=object)[np.argmax(probs_in, axis=1)]
    max_in, max_oos = probs_in.max(axis=1), probs_oos.max(axis=1)
    accepted_right = (predicted == np.array(gold_in, dtype=object)) & (max_in >= threshold)
    accuracy = float(accepted_right.mean()) if len(gold_in) else math.nan
    recall = float((max_oos < threshold).mean()) if len(max_oos) else math.nan
    return accuracy, recall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="CLINC150 data_full.json (read in place)")
    parser.add_argument("--limit-per-intent", type=int, default=None, metavar="N",
                        help="keep N examples per intent in each split (smoke runs)")
    parser.add_argument("--c", type=float, default=8.0, help="inverse regularisation (product default 8.0)")
    parser.add_argument("--dense-weight", type=float, default=1.0, help="embedding weight (product default 1.0)")
    parser.add_argument("--min-accuracy", type=float, default=0.92,
                        help="in-scope accuracy the threshold must keep on val when reachable (default 0.92)")
    parser.add_argument("--fp32", action="store_true",
                        help="the encoder with fp32 weights (RELAIS_ENCODER_INT8=false); default: int8, as served")
    args = parser.parse_args()
    if args.limit_per_intent is not None and args.limit_per_intent < 1:
        parser.error("--limit-per-intent must be positive")

    data = load(args.data, args.limit_per_intent)
    sizes = ", ".join(f"{k} {len(v)}" for k, v in data.items())
    print(f"CLINC150 {args.data}: {sizes}" + (f" (limit {args.limit_per_intent} per intent)"
                                             if args.limit_per_intent else " (full)"))

    t0 = time.perf_counter()
    encoder = load_encoder(MODEL, CACHE, int8=not args.fp32)
    load_s = time.perf_counter() - t0
    order = ("train", "val", "oos_val", "test", "oos_test")
    texts = [text for split in order for text, _ in data[split]]
    t0 = time.perf_counter()
    all_vectors = encoder.inner.encode(texts)  # the raw encoder: no point memoising once-seen texts
    encode_s = time.perf_counter() - t0
    vectors: dict[str, npt.NDArray[np.float32]] = {}
    start = 0
    for split in order:
        vectors[split] = all_vectors[start : start + len(data[split])]
        start += len(data[split])
    print(f"encoder {MODEL}: loaded in {load_s:.1f} s; {len(texts)} texts encoded in {encode_s:.1f} s")

    train_texts = [t for t, _ in data["train"]]
    train_labels = [i for _, i in data["train"]]
    clf = IntentClassifier(encoder, c=args.c, dense_weight=args.dense_weight)
    t0 = time.perf_counter()
    clf.fit(train_texts, train_labels, vectors=vectors["train"])
    fit_s = time.perf_counter() - t0
    print(f"fit on {len(train_texts)} examples, {len(clf.intents)} intents "
          f"(c={args.c}, dense_weight={args.dense_weight}): {fit_s:.1f} s")

    def probabilities(split: str) -> Floats:
        return np.asarray(clf.probabilities([t for t, _ in data[split]], vectors=vectors[split]), dtype=np.float64)

    val_in, val_oos = probabilities("val"), probabilities("oos_val")
    val_gold = np.array([i for _, i in data["val"]], dtype=object)
    val_correct = np.array(clf.intents, dtype=object)[np.argmax(val_in, axis=1)] == val_gold
    threshold, reachable = choose_threshold(val_in.max(axis=1), val_correct.astype(bool), val_oos.max(axis=1),
                                            args.min_accuracy)
    val_acc, val_recall = evaluate(val_in, list(val_gold), val_oos, clf.intents, threshold)
    print(f"val: top-1 accuracy without threshold {val_correct.mean():.4f}; threshold {threshold:.4f} -> "
          f"in-scope accuracy {val_acc:.4f}, oos recall {val_recall:.4f}"
          + ("" if reachable else f" (no threshold keeps accuracy >= {args.min_accuracy}: unconstrained)"))

    t0 = time.perf_counter()
    test_in, test_oos = probabilities("test"), probabilities("oos_test")
    predict_s = time.perf_counter() - t0
    accuracy, recall = evaluate(test_in, [i for _, i in data["test"]], test_oos, clf.intents, threshold)
    top1 = float((np.array(clf.intents, dtype=object)[np.argmax(test_in, axis=1)]
                  == np.array([i for _, i in data["test"]], dtype=object)).mean())
    print(f"test: {len(data['test'])} in-scope, {len(data['oos_test'])} out-of-scope; top-1 accuracy without "
          f"threshold {top1:.4f}; probabilities in {predict_s:.2f} s (vectors precomputed)")
    print(f"clinc: in_scope_acc={accuracy:.4f} oos_recall={recall:.4f} threshold={threshold:.4f} "
          f"setting=threshold-only fit_s={fit_s:.1f}")


if __name__ == "__main__":
    main()
