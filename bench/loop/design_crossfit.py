#!/usr/bin/env python3
"""Would cross-fitting give the guarded chooser's reference step enough evidence? Offline, on
seen seeds only (design data, never evidence).

The reference step picks between the initial model and the random control's final model by
validation FPR at TPR 0.9; on kc1 (about 65 validation positives) it picks the worse
configuration too often (bench/results/loop.md, "Session 6"). Cross-fitting adds the training
rows' positives to the evidence: for each run of run_loop_bench.py (its jsonl line and its
--dump-validation-scores file), the control configuration's training rows (the initial training
set plus a random draw of the budget's pool negatives: the same configuration, another draw) are
split into K stratified folds; for each fold the initial configuration (initial rows outside the
fold) and the control configuration (all rows outside the fold) are fitted with `quarry train`
(the loop's model settings) and score the fold. The out-of-fold scores, pooled with the final
models' validation scores, decide; the choice is judged as design_reference.py judges it (the
run's own test FPR of the chosen arm minus the better by mean of base and random, per (set,
model, budget) cell and block of 20 seeds; a loss is a 95 % interval above 0).

Usage: python3 bench/loop/design_crossfit.py --sets DIR --binary BIN --scores DIR --out OOF_DIR RESULTS.jsonl...
       (then again with --judge to print the table from OOF_DIR)
"""
import argparse
import collections
import os
import tempfile

import numpy as np

from sklearn.metrics import roc_auc_score

from design_reference import band_fpr, cell_of, fpr, fpr_at, interval, judge, pauc, read_results, replicate_weights
from loop_bench_common import control_draw, read_scored, read_set, run_quarry, split, train_settings, write_rows

ap = argparse.ArgumentParser()
ap.add_argument("--sets", required=True)
ap.add_argument("--binary", required=True)
ap.add_argument("--scores", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--folds", type=int, default=5)
ap.add_argument("--gbdt-trees", type=int, default=100)
ap.add_argument("--judge", action="store_true")
ap.add_argument("results", nargs="+")
args = ap.parse_args()


def crossfit(key, header, body, labels, work):
    name, model, budget, seed = key
    parts = split(labels, seed)
    rows, rng = control_draw(parts, budget, seed)
    initial = set(parts["train"])
    fold = np.empty(len(rows), int)
    for c in (0, 1):
        idx = np.flatnonzero(labels[rows] == c)
        fold[rng.permutation(idx)] = np.arange(len(idx)) % args.folds
    oof = {"initial": np.empty(len(rows)), "random": np.empty(len(rows))}
    settings = train_settings(model, seed, args.gbdt_trees)
    for k in range(args.folds):
        out_rows = rows[fold != k]
        configs = {"initial": [r for r in out_rows if r in initial], "random": out_rows}
        write_rows(os.path.join(work, "fold.csv"), header, body, rows[fold == k])
        for arm, train_rows in configs.items():
            write_rows(os.path.join(work, "train.csv"), header, body, train_rows)
            run_quarry(args.binary, "train", os.path.join(work, "train.csv"), *settings, "-o", os.path.join(work, "model.json"))
            run_quarry(args.binary, "score", os.path.join(work, "fold.csv"), "--model", os.path.join(work, "model.json"),
                       "-o", os.path.join(work, "scored.csv"))
            oof[arm][fold == k] = read_scored(os.path.join(work, "scored.csv"))[0]
    return {"labels": labels[rows].astype(np.int8), **oof}


def main():
    rows = read_results(args.results)
    os.makedirs(args.out, exist_ok=True)
    if not args.judge:
        sets, work = {}, tempfile.mkdtemp(prefix="quarry-crossfit-")
        for key in sorted(rows):
            target = os.path.join(args.out, "-".join(map(str, key)) + ".npz")
            if os.path.exists(target):
                continue
            if key[0] not in sets:
                sets[key[0]] = read_set(args.sets, key[0])
            np.savez_compressed(target, **crossfit(key, *sets[key[0]], work))
            print(*key, flush=True)
        return
    cells = collections.defaultdict(lambda: collections.defaultdict(list))
    for key, r in sorted(rows.items()):
        path = os.path.join(args.out, "-".join(map(str, key)) + ".npz")
        if not os.path.exists(path):
            continue
        o = np.load(path)
        v = np.load(os.path.join(args.scores, "-".join(map(str, key)) + "-per-model.npz"))
        cell = cell_of(key)
        test = {"initial": r["base"], "random": r["random"]}
        pooled = {m: np.r_[o[m], v[m]] for m in test}
        pooled_labels = np.r_[o["labels"], v["labels"]]
        evidence = {   # lower is better
            "validation only": {m: fpr(v[m], v["labels"]) for m in test},
            "out-of-fold only": {m: fpr(o[m], o["labels"]) for m in test},
            "out-of-fold + validation, pooled ROC": {m: fpr(pooled[m], pooled_labels) for m in test},
            "pAUC(TPR 0.8-1), validation only": {m: -pauc(v[m], v["labels"]) for m in test},
            "pAUC(TPR 0.8-1), out-of-fold + validation": {m: -pauc(pooled[m], pooled_labels) for m in test},
            "AUC, out-of-fold + validation": {m: -roc_auc_score(pooled_labels, pooled[m]) for m in test},
            "mean FPR over TPR 0.8-1, out-of-fold + validation": {m: band_fpr(pooled[m], pooled_labels, 0.8, 1.0) for m in test},
        }
        w = replicate_weights(len(v["labels"]), key[3])
        strategy_boot = fpr_at(v["strategy"], v["labels"], w)
        for label, f in evidence.items():
            pick = "random" if f["random"] < f["initial"] else "initial"
            cells[label][cell].append((test[pick], test["initial"], test["random"]))
            # then the guard, as the binary's: the strategy replaces the reference beyond noise
            beyond_noise = interval(strategy_boot - fpr_at(v[pick], v["labels"], w))[1] < 0
            final = r["per-model"] if beyond_noise else test[pick]
            cells[label + ", then the guard"][cell].append((final, test["initial"], test["random"]))
    print("| evidence for the reference step | losses | wins | losses where |\n|---|---|---|---|")
    for label, by_cell in cells.items():
        losses, wins, _ = judge(by_cell)
        print(f"| {label} | {len(losses)} | {wins} | {'; '.join(losses)} |")


if __name__ == "__main__":
    main()
