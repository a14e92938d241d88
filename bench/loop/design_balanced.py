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
import tempfile

import numpy as np

from design_reference import cell_of, fpr, judge, read_results
from loop_bench_common import control_draw, read_scored, read_set, run_quarry, split, train_settings, write_rows

ap = argparse.ArgumentParser()
ap.add_argument("--sets", required=True)
ap.add_argument("--binary", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--gbdt-trees", type=int, default=100)
ap.add_argument("--judge", action="store_true")
ap.add_argument("results", nargs="+")
args = ap.parse_args()


def run(key, header, body, labels, work):
    name, model, budget, seed = key
    parts = split(labels, seed)
    rows, _ = control_draw(parts, budget, seed)
    y = labels[rows]
    initial_negatives = int((labels[parts["train"]] == 0).sum())
    balanced = np.where(y == 1, 1.0, initial_negatives / (y == 0).sum())
    test, train, model_file, scored = (os.path.join(work, f) for f in ("test.csv", "train.csv", "model.json", "scored.csv"))
    write_rows(test, header, body, parts["test"])
    out = {}
    for arm, weights in (("random", None), ("balanced", balanced)):
        write_rows(train, header, body, rows, weights)
        extra = ["--weight", "w"] if weights is not None else []
        run_quarry(args.binary, "train", train, *train_settings(model, seed, args.gbdt_trees), *extra, "-o", model_file)
        run_quarry(args.binary, "score", test, "--model", model_file, "-o", scored)
        out[arm] = fpr(*read_scored(scored))
    return out


def main():
    rows = read_results(args.results)
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
        cell = cell_of(key)
        for arm in ("random", "balanced"):
            cells[f"{arm} (another draw), test FPR"][cell].append((done[key][arm], r["base"], r["random"]))
    print("| model | losses | wins | losses where |\n|---|---|---|---|")
    for label, by_cell in cells.items():
        losses, wins, _ = judge(by_cell)
        print(f"| {label} | {len(losses)} | {wins} | {'; '.join(losses)} |")


if __name__ == "__main__":
    main()
