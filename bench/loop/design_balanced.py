#!/usr/bin/env python3
"""Is a random control that keeps the initial class balance a safe reference? Offline, on seen
seeds only (design data, never evidence).

For each run of run_loop_bench.py (its jsonl line), the control configuration's training rows
(the initial training set plus a random draw of the budget's pool negatives: the random
control's configuration, another draw) are fitted with `quarry train` twice more: with every
row at weight 1 (the random control again, a check of the draw's effect) and with the
negatives weighted so that their total weight equals the initial set's negatives count (the
class balance of the initial model). Each model scores the test set; its FPR at TPR 0.9 is
judged as design_reference.py judges a choice (minus the better by mean of base and random per
(set, model, budget) cell and block of 20 seeds; a loss is a 95 % interval above 0).

Usage: python3 bench/loop/design_balanced.py --sets DIR --binary BIN --out DIR RESULTS.jsonl... [--judge]
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

from design_evidence import fpr, judge
from loop_bench_common import read_set, split

ap = argparse.ArgumentParser()
ap.add_argument("--sets", required=True)
ap.add_argument("--binary", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--gbdt-trees", type=int, default=100)
ap.add_argument("--judge", action="store_true")
ap.add_argument("results", nargs="+")
args = ap.parse_args()


def quarry(*cmd):
    p = subprocess.run([args.binary, *cmd], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")


def write(path, header, body, rows, weights=None):
    with open(path, "w") as f:
        f.write(",".join(header + (["w"] if weights is not None else [])) + "\n")
        for k, i in enumerate(rows):
            f.write(",".join(body[i] + ([repr(float(weights[k]))] if weights is not None else [])) + "\n")


def test_fpr(work, header, body, labels, test_rows, model):
    quarry("score", os.path.join(work, "test.csv"), "--model", model, "-o", os.path.join(work, "scored.csv"))
    with open(os.path.join(work, "scored.csv")) as f:
        h = f.readline().strip().split(",")
        t = np.loadtxt(f, delimiter=",", ndmin=2)
    return fpr(t[:, h.index("quarry_score")], t[:, h.index("label")])


def run(key, header, body, labels, work):
    name, model, budget, seed = key
    parts = split(labels, seed)
    rng = np.random.RandomState(seed * 7 + budget)
    pool = np.array(parts["pool"])
    added = rng.choice(pool, min(budget, len(pool)), replace=False)
    rows = np.array(sorted(set(parts["train"]) | set(added.tolist())))
    y = labels[rows]
    initial_negatives = int((labels[parts["train"]] == 0).sum())
    w = np.where(y == 1, 1.0, initial_negatives / (y == 0).sum())
    write(os.path.join(work, "test.csv"), header, body, parts["test"])
    settings = ["--model", model, "--label", "label", "--id", "id"]
    if model == "gbdt":
        settings += ["--num-trees", str(args.gbdt_trees), "--seed", str(seed)]
    out = {}
    for arm, weights in (("random", None), ("balanced", w)):
        write(os.path.join(work, "train.csv"), header, body, rows, weights)
        extra = ["--weight", "w"] if weights is not None else []
        quarry("train", os.path.join(work, "train.csv"), *settings, *extra, "-o", os.path.join(work, "model.json"))
        out[arm] = test_fpr(work, header, body, labels, parts["test"], os.path.join(work, "model.json"))
    return out


def main():
    rows = {}
    for path in args.results:
        for line in open(path):
            r = json.loads(line)
            rows.setdefault((r["set"], r["model"], r["budget"], r["seed"]), r)
    os.makedirs(args.out, exist_ok=True)
    target = os.path.join(args.out, "balanced.jsonl")
    done = {}
    if os.path.exists(target):
        for line in open(target):
            d = json.loads(line)
            done[tuple(d["key"])] = d
    if not args.judge:
        sets, work = {}, tempfile.mkdtemp(prefix="quarry-balanced-")
        with open(target, "a") as f:
            for key in sorted(rows):
                if key in done:
                    continue
                if key[0] not in sets:
                    sets[key[0]] = read_set(args.sets, key[0])
                d = {"key": list(key), **run(key, *sets[key[0]], work)}
                f.write(json.dumps(d) + "\n")
                f.flush()
                print(*key, d, flush=True)
        return
    cells = collections.defaultdict(lambda: collections.defaultdict(list))
    for key, r in sorted(rows.items()):
        if key not in done:
            continue
        cell = (key[0], key[1], key[2], f"s{(key[3] // 20) * 20}")
        for arm in ("random", "balanced"):
            cells[f"{arm} (another draw), test FPR"][cell].append((done[key][arm], r["base"], r["random"]))
    print("| model | losses | wins | losses where |\n|---|---|---|---|")
    for label, by_cell in cells.items():
        losses, wins = judge(by_cell)
        print(f"| {label} | {len(losses)} | {wins} | {'; '.join(losses)} |")


if __name__ == "__main__":
    main()
