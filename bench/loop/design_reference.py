#!/usr/bin/env python3
"""Designs the guarded chooser's reference step offline, on seen seeds only (design data, never
evidence): replays candidate rules for "which of the initial model and the random control's final
model is the reference" from the validation scores that run_loop_bench.py --dump-validation-scores
saved, then the guard (the strategy's final model replaces the reference only when the 95 %
paired-bootstrap interval of strategy − reference validation FPR at the target recall lies below
0), and judges each rule as fresh_rules.py's (d) does: per (set, model, budget) cell and block of
20 seeds, the recommended model's test FPR at TPR 0.9 minus the better by mean of base and random,
95 % percentile bootstrap over seeds; a loss is an interval above 0.

Usage: python3 bench/loop/design_reference.py SCORES_DIR RESULTS.jsonl [RESULTS.jsonl ...]
"""
import collections
import json
import os
import sys

import numpy as np
from sklearn.metrics import roc_auc_score

TARGET, REPLICATES = 0.9, 1000


def fpr_at(scores, labels, weights, target=TARGET):
    """FPR at the first distinct-score cut (from the top) with weighted TPR >= TARGET, per row of
    `weights` (replicates × rows), as LoopComparison.RankedScores.measure."""
    order = np.argsort(-scores, kind="stable")
    s, y, w = scores[order], labels[order].astype(bool), weights[:, order]
    ends = np.flatnonzero(np.r_[s[1:] != s[:-1], True])        # last index of each distinct-score group
    tp = np.cumsum(w * y, axis=1)[:, ends]
    fp = np.cumsum(w * ~y, axis=1)[:, ends]
    P, N = tp[:, -1:], fp[:, -1:]
    k = np.argmax(tp >= target * P - 1e-9, axis=1)
    return fp[np.arange(len(k)), k] / N[:, 0]


def band_fpr(scores, labels, low, high, steps=21):
    """Mean FPR at TPR over an even grid of [low, high] (a partial-AUC-like smoothing of FPR at TPR)."""
    one = np.ones((1, len(labels)))
    return np.mean([fpr_at(scores, labels, one, t)[0] for t in np.linspace(low, high, steps)])


def band_fpr_boot(scores, labels, weights, low=0.8, high=1.0, steps=21):
    """band_fpr per replicate row of `weights`."""
    return np.mean([fpr_at(scores, labels, weights, t) for t in np.linspace(low, high, steps)], axis=0)


def pauc(scores, labels):
    return roc_auc_score(1 - labels, -scores, max_fpr=0.2)


def fpr(scores, labels, target=TARGET):
    """FPR at TPR >= `target` of one score vector."""
    return fpr_at(scores, labels, np.ones((1, len(labels))), target)[0]


def read_results(paths):
    """run_loop_bench.py lines by (set, model, budget, seed), the first of duplicates kept."""
    rows = {}
    for path in paths:
        for line in open(path):
            r = json.loads(line)
            rows.setdefault((r["set"], r["model"], r["budget"], r["seed"]), r)
    return rows


def cell_of(key):
    """The judged cell of a run: (set, model, budget, "sB") for its block B of 20 seeds."""
    return key[0], key[1], key[2], f"s{(key[3] // 20) * 20}"


def judge(cells):
    """Judges choices per cell: `cells` maps a cell to its runs' (chosen, initial, random) test
    FPRs; chosen − the better by mean of initial and random, 95 % percentile bootstrap over the
    runs (10,000 resamples, seed 0). Returns (losses as text, wins, worst cell as (low, text)):
    a loss is an interval above 0, a win one below."""
    losses, wins, worst = [], 0, (-1.0, "")
    for cell, rows in sorted(cells.items()):
        a = np.array(rows)
        better = a[:, 1] if a[:, 1].mean() <= a[:, 2].mean() else a[:, 2]
        d = a[:, 0] - better
        means = d[np.random.RandomState(0).randint(0, len(d), size=(10000, len(d)))].mean(axis=1)
        lo, hi = np.percentile(means, [2.5, 97.5])
        text = f"{' '.join(map(str, cell))} {d.mean():+.4f} [{lo:+.4f}, {hi:+.4f}]"
        if lo > 0:
            losses.append(text)
        wins += hi < 0
        if lo > worst[0]:
            worst = (lo, text)
    return losses, wins, worst


def replicate_weights(n, seed):
    rng = np.random.default_rng(seed)
    return rng.multinomial(n, np.full(n, 1 / n), size=REPLICATES).astype(float)


def interval(d):
    return np.percentile(d, 2.5), np.percentile(d, 97.5)


def reference_rules(v, w):
    """name -> 'initial' or 'random'."""
    y = v["labels"]
    one = np.ones((1, len(y)))
    fi, fc = fpr_at(v["initial"], y, one)[0], fpr_at(v["random"], y, one)[0]
    bi, bc = fpr_at(v["initial"], y, w), fpr_at(v["random"], y, w)
    pi, pc = pauc(v["initial"], y), pauc(v["random"], y)
    ai, ac = roc_auc_score(y, v["initial"]), roc_auc_score(y, v["random"])
    lo, hi = interval(bc - bi)
    band = {b: (band_fpr(v["initial"], y, *b), band_fpr(v["random"], y, *b)) for b in [(0.85, 0.95), (0.8, 0.95), (0.8, 1.0), (0.75, 0.95)]}
    rules = {f"band fpr {b}": ("random" if c < i else "initial") for b, (i, c) in band.items()}
    for delta in (0.0025, 0.005, 0.01, 0.02):
        rules[f"pauc, random unless initial ahead by > {delta}"] = "initial" if pi - pc > delta else "random"
        rules[f"pauc, initial unless random ahead by > {delta}"] = "random" if pc - pi > delta else "initial"
    d = band_fpr_boot(v["random"], y, w) - band_fpr_boot(v["initial"], y, w)     # > 0: initial better
    for level in (50, 68, 80, 90, 95):
        lo_d, hi_d = np.percentile(d, (100 - level) / 2), np.percentile(d, 100 - (100 - level) / 2)
        rules[f"band(0.8,1) CI{level}: random unless initial ahead"] = "initial" if lo_d > 0 else "random"
        rules[f"band(0.8,1) CI{level}: initial unless random ahead"] = "random" if hi_d < 0 else "initial"
    rules["pauc and auc agree on initial, else random"] = "initial" if (pi > pc and ai > ac) else "random"
    rules["pauc and auc agree on random, else initial"] = "random" if (pc > pi and ac > ai) else "initial"
    rules["pauc + auc"] = "random" if pc + ac > pi + ai else "initial"
    rules["pauc + fpr-band(0.8,1) sign vote, tie random"] = "initial" if (pi > pc) and band[(0.8, 0.95)][0] < band[(0.8, 0.95)][1] else "random"
    rules |= {
        "fpr (current)": "random" if fc < fi else "initial",
        "bagged fpr": "random" if bc.mean() < bi.mean() else "initial",
        "pauc": "random" if pc > pi else "initial",
        "auc": "random" if ac > ai else "initial",
        "random unless initial beats it (fpr CI)": "initial" if lo > 0 else "random",
        "initial unless random beats it (fpr CI)": "random" if hi < 0 else "initial",
        "fpr, pauc breaks near-ties": ("random" if pc > pi else "initial") if abs(fc - fi) <= 1 / max(1, (y == 0).sum()) * 2
                                       else ("random" if fc < fi else "initial"),
    }
    return rules, {"initial": bi, "random": bc}


def main():
    scores_dir, rows = sys.argv[1], read_results(sys.argv[2:])
    chosen = collections.defaultdict(lambda: collections.defaultdict(list))
    for key, r in sorted(rows.items()):
        v = np.load(os.path.join(scores_dir, "-".join(map(str, key)) + "-per-model.npz"))
        w = replicate_weights(len(v["labels"]), key[3])
        rules, boot = reference_rules(v, w)
        bs = fpr_at(v["strategy"], v["labels"], w)
        test = {"initial": r["base"], "random": r["random"], "strategy": r["per-model"]}
        picks = {name: test["strategy"] if interval(bs - boot[ref])[1] < 0 else test[ref] for name, ref in rules.items()}
        picks["recorded guarded"] = r["chosen_per-model"]
        picks["oracle (test)"] = min(test["initial"], test["random"])
        for name, value in picks.items():
            chosen[name][cell_of(key)].append((value, r["base"], r["random"]))
    print("| rule | losses | wins | worst cell (mean [CI]) | losses where |")
    print("|---|---|---|---|---|")
    for name, cells in chosen.items():
        losses, wins, worst = judge(cells)
        print(f"| {name} | {len(losses)} | {wins} | {worst[1]} | {'; '.join(losses)} |")


if __name__ == "__main__":
    main()
