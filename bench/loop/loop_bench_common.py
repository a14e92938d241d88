"""What the loop benchmark's scripts share: the paired split of a data set, the `quarry loop`
command line (run_loop_bench.py for quality, control_cost.py for the control arm's cost), and
for the offline design scripts (design_*.py) the binary's `train`/`score` round trip and the
random control's configuration drawn again.

The split of seed s: stratified, test 25 % and validation 20 % of each class; of the rest every
positive plus 10 % of the negatives form the training set, the other negatives the pool.
"""
import csv
import os
import subprocess
import sys

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


def write_rows(path, header, body, rows, weights=None):
    """Writes the data rows `rows` (indices into `body`) as a CSV file with `header`, plus a
    weight column `w` holding `weights` (one per row) when given."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header + (["w"] if weights is not None else []))
        if weights is None:
            w.writerows(body[i] for i in rows)
        else:
            w.writerows(body[i] + [repr(float(x))] for i, x in zip(rows, weights))


def write_split(header, body, parts, work):
    """Writes each part of `parts` as WORK/PART.csv; returns {part: path}."""
    files = {}
    for part, idx in parts.items():
        files[part] = os.path.join(work, part + ".csv")
        write_rows(files[part], header, body, idx)
    return files


def run_quarry(binary, *cmd):
    """Runs `binary cmd…`; exits with its stderr when it fails."""
    p = subprocess.run([binary, *cmd], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")


def read_scored(path):
    """A `quarry score` output file: (its quarry_score column, its label column as int8)."""
    with open(path) as f:
        header = f.readline().strip().split(",")
        table = np.loadtxt(f, delimiter=",", ndmin=2)
    return table[:, header.index("quarry_score")], table[:, header.index("label")].astype(np.int8)


def train_settings(model, seed, gbdt_trees):
    """`quarry train` flags for the loop's model settings (what loop_command gives `quarry loop`)."""
    settings = ["--model", model, "--label", "label", "--id", "id"]
    if model == "gbdt":
        settings += ["--num-trees", str(gbdt_trees), "--seed", str(seed)]
    return settings


def control_draw(parts, budget, seed):
    """The random control's configuration drawn again (another draw than the loop's): the
    training rows plus min(budget, pool) pool rows, sorted. Returns (rows, rng); rng continues
    the draw's stream for a caller's further random choices."""
    rng = np.random.RandomState(seed * 7 + budget)
    pool = np.array(parts["pool"])
    added = rng.choice(pool, min(budget, len(pool)), replace=False)
    return np.array(sorted(set(parts["train"]) | set(added.tolist()))), rng


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
