"""What the loop benchmark's scripts share: the paired split of a data set and the `quarry loop`
command line (run_loop_bench.py for quality, control_cost.py for the control arm's cost).

The split of seed s: stratified, test 25 % and validation 20 % of each class; of the rest every
positive plus 10 % of the negatives form the training set, the other negatives the pool.
"""
import csv
import os

import numpy as np


def split(labels, seed):
    """Row indices of train, pool, validation and test for `seed` (each sorted)."""
    rng = np.random.RandomState(seed)
    idx = {c: rng.permutation(np.flatnonzero(labels == c)) for c in (0, 1)}
    parts = {"train": [], "pool": [], "validation": [], "test": []}
    for c, rows in idx.items():
        n = len(rows)
        t, v = int(round(0.25 * n)), int(round(0.20 * n))
        parts["test"] += list(rows[:t])
        parts["validation"] += list(rows[t:t + v])
        rest = rows[t + v:]
        if c == 1:
            parts["train"] += list(rest)
        else:
            k = int(round(0.10 * len(rest)))
            parts["train"] += list(rest[:k])
            parts["pool"] += list(rest[k:])
    return {k: sorted(v) for k, v in parts.items()}


def read_set(sets_dir, name):
    """A set written by make_sets.py: (header, rows, labels as an int array)."""
    with open(os.path.join(sets_dir, name + ".csv")) as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:], np.array([int(r[-1]) for r in rows[1:]])


def write_split(header, body, parts, work):
    """Writes each part of `parts` as WORK/PART.csv; returns {part: path}."""
    files = {}
    for part, idx in parts.items():
        files[part] = os.path.join(work, part + ".csv")
        with open(files[part], "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(body[i] for i in idx)
    return files


def loop_command(binary, files, model, budget, seed, gbdt_trees=None):
    """`quarry loop` on a split: expand, 4 rounds of budget/4, recall 0.9, --json --quiet
    (the caller adds --sampler, --control and -o)."""
    cmd = [binary, "loop", "--train", files["train"], "--pool", files["pool"], "--validation", files["validation"],
           "--test", files["test"], "--label", "label", "--id", "id", "--model", model, "--strategy", "expand",
           "--rounds", "4", "--per-round", str(budget // 4), "--target-recall", "0.9",
           "--seed", str(seed), "--json", "--quiet"]
    if model == "gbdt" and gbdt_trees is not None:
        cmd += ["--num-trees", str(gbdt_trees)]
    return cmd
