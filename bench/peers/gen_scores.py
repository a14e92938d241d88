#!/usr/bin/env python3
"""Generate seeded scores and labels for the evaluate benchmarks.

Writes into bench/out/ (git-ignored):
  scores_f32.bin  little-endian float32 probabilities (a model's output: sigmoid of a
                  margin that is 2 higher for positives), with the ties float32 brings
  labels_u8.bin   uint8 0/1 labels, 10% positives
  scores.meta.json  rows, seed, positives
  scores.csv      (with --csv) the same rows as a CSV file `label,score` for the end-to-end
                  benchmark; scores printed with 9 significant digits (exact for float32)

Usage: python3 bench/peers/gen_scores.py [--rows 10000000] [--seed 20261129] [--csv]
"""
import argparse
import json
import os

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, default=10_000_000)
parser.add_argument("--seed", type=int, default=20261129)
parser.add_argument("--csv", action="store_true", help="also write scores.csv")
args = parser.parse_args()

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out")
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(args.seed)
labels = (rng.random(args.rows) < 0.1).astype(np.uint8)
margin = rng.normal(-1.0, 1.5, args.rows) + 2.0 * labels
scores = (1.0 / (1.0 + np.exp(-margin))).astype("<f4")
scores.tofile(os.path.join(out, "scores_f32.bin"))
labels.tofile(os.path.join(out, "labels_u8.bin"))
with open(os.path.join(out, "scores.meta.json"), "w") as f:
    json.dump({"rows": args.rows, "seed": args.seed, "positives": int(labels.sum()),
               "distinct_scores": int(np.unique(scores).size)}, f)
if args.csv:
    with open(os.path.join(out, "scores.csv"), "w") as f:
        f.write("label,score\n")
        chunk = 1_000_000
        for start in range(0, args.rows, chunk):
            block = np.column_stack([labels[start:start + chunk].astype(np.float64),
                                     scores[start:start + chunk].astype(np.float64)])
            np.savetxt(f, block, fmt=["%d", "%.9g"], delimiter=",")
print(f"wrote {args.rows} rows ({int(labels.sum())} positives) to {os.path.normpath(out)}")
