#!/usr/bin/env python3
"""Two offline questions about the guarded chooser's reference step, on seen seeds only (design
data, never evidence), from run_loop_bench.py --dump-validation-scores files (validation and
test scores of the initial model, the strategy's and the random control's final models):

1. How much validation evidence would the reference step need? Each test set is split in two
   halves by a seeded stratified draw; half A is added to the validation rows as extra evidence
   (×1 = validation only, ×2 = validation + A, …), the choice is judged on half B alone: per
   (set, model, budget) cell and block of 20 seeds, chosen − better-by-mean of initial and
   random on B's FPR at TPR 0.9, 95 % percentile bootstrap over seeds; a loss is an interval
   above 0.
2. Is a logit-average of the initial model and the random control (representable as one model
   of either kind) ever worse than the better of the two? Same cells, on the full test set.

Usage: python3 bench/loop/design_evidence.py SCORES_DIR
"""
import collections
import glob
import os
import sys

import numpy as np

from design_reference import cell_of, fpr, judge


def logit(p):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def main():
    files = sorted(glob.glob(os.path.join(sys.argv[1], "*.npz")))
    evidence = collections.defaultdict(lambda: collections.defaultdict(list))
    ensemble = collections.defaultdict(lambda: collections.defaultdict(list))
    for path in files:
        name, model, budget, seed = os.path.basename(path).split("-")[:4]
        cell = cell_of((name, model, int(budget), int(seed)))
        z = np.load(path)
        y, ty = z["labels"], z["test_labels"]
        rng = np.random.default_rng(int(seed) + 7919)
        half = np.zeros(len(ty), bool)
        for c in (0, 1):
            idx = np.flatnonzero(ty == c)
            half[rng.choice(idx, len(idx) // 2, replace=False)] = True
        b = ~half
        test_b = {m: fpr(z["test_" + m][b], ty[b]) for m in ("initial", "random")}
        for k, label in ((0, "x1 validation"), (1, "x1 + half test")):
            scores = {m: np.r_[z[m], z["test_" + m][half]] if k else z[m] for m in ("initial", "random")}
            labels = np.r_[y, ty[half]] if k else y
            pick = "random" if fpr(scores["random"], labels) < fpr(scores["initial"], labels) else "initial"
            evidence[label][cell].append((test_b[pick], test_b["initial"], test_b["random"]))
        evidence["oracle on B"][cell].append((min(test_b.values()), test_b["initial"], test_b["random"]))
        full = {m: fpr(z["test_" + m], ty) for m in ("initial", "random")}
        for wgt in (0.5, 0.7):
            mix = wgt * logit(z["test_initial"]) + (1 - wgt) * logit(z["test_random"])
            ensemble[f"logit mix {wgt} initial"][cell].append((fpr(mix, ty), full["initial"], full["random"]))
        mixv = 0.5 * logit(z["initial"]) + 0.5 * logit(z["random"])
        vfpr = {"initial": fpr(z["initial"], y), "random": fpr(z["random"], y), "mix": fpr(mixv, y)}
        pick = min(vfpr, key=vfpr.get)
        mix_test = fpr(0.5 * logit(z["test_initial"]) + 0.5 * logit(z["test_random"]), ty)
        ensemble["best of initial/random/mix by validation"][cell].append(
            ({"initial": full["initial"], "random": full["random"], "mix": mix_test}[pick], full["initial"], full["random"]))
    print(f"{len(files)} runs\n")
    print("| choice | losses | wins | losses where |\n|---|---|---|---|")
    for table in (evidence, ensemble):
        for label, cells in table.items():
            losses, wins, _ = judge(cells)
            print(f"| {label} | {len(losses)} | {wins} | {'; '.join(losses)} |")


if __name__ == "__main__":
    main()
