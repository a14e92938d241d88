#!/usr/bin/env python3
"""The per-model sampler of bench/results/loop.md ("A per-model sampler, on fresh seeds 20–39"):
semi-hard-balanced for logistic regression, semi-hard for GBDT, built from two result files of
run_loop_bench.py on the same seeds:
  LOGISTIC.jsonl  --models logistic --runs "semi-hard-balanced=semi-hard-balanced:random;semi-hard=semi-hard:none"
  GBDT.jsonl      --models gbdt     --runs "semi-hard=semi-hard:random"
Writes OUT.jsonl with the arm `per-model` (and `chosen_per-model`, the recommended model of its
run, chosen among base, the arm and the random control) for analyze.py, and prints semi-hard's
count of (set, model) pairs better than both base and random on the same seeds, with the same
paired bootstrap (10,000 resamples of the seeds, seeded) as analyze.py.

Usage: python3 bench/loop/per_model.py LOGISTIC.jsonl GBDT.jsonl OUT.jsonl
"""
import collections
import json
import sys

import numpy as np

logistic_file, gbdt_file, out_file = sys.argv[1:4]
rows = {}
for path, arm in ((logistic_file, "semi-hard-balanced"), (gbdt_file, "semi-hard")):
    for line in open(path):
        r = json.loads(line)
        key = (r["set"], r["model"], r["budget"], r["seed"])
        if key in rows:
            continue    # a second worker's duplicate
        rec = {k: r[k] for k in ("set", "model", "budget", "seed", "pool", "train", "base", "random", "test_negatives")}
        for suffix in ("", "_mined", "_seconds", "_strategy_seconds", "_control_seconds"):
            rec["per-model" + suffix] = r[arm + suffix]
        rec["chosen_per-model"] = r["chosen_" + arm]
        rec["chosen_per-model_arm"] = r["chosen_" + arm + "_arm"]
        rec["per-model_sampler"] = arm
        rec["semi-hard"] = r["semi-hard"]
        rows[key] = rec
with open(out_file, "w") as f:
    for key in sorted(rows):
        f.write(json.dumps(rows[key]) + "\n")


def verdict(d):
    d = np.asarray(d)
    rng = np.random.RandomState(0)
    means = d[rng.randint(0, len(d), size=(10000, len(d)))].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return "win" if hi < 0 else "loss" if lo > 0 else "tie"


cells = collections.defaultdict(list)
for key in sorted(rows):
    cells[key[:3]].append(rows[key])
for arm in ("per-model", "semi-hard"):
    pairs, cells_both, worse = set(), 0, 0
    for (s, m, b), rs in sorted(cells.items()):
        x = np.array([r[arm] for r in rs])
        v = [verdict(x - np.array([r[ref] for r in rs])) for ref in ("base", "random")]
        if v == ["win", "win"]:
            cells_both += 1
            pairs.add((s, m))
        worse += "loss" in v
    print(f"{arm}: better than both base and random in {cells_both} of {len(cells)} cells, "
          f"{len(pairs)} of 8 (set, model) pairs ({', '.join(f'{s} {m}' for s, m in sorted(pairs)) or '—'}); "
          f"{worse} cells worse than either")
