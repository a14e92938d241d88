#!/usr/bin/env python3
"""Peer for `quarry-bench evaluate-kernel`: scikit-learn's roc_auc_score +
average_precision_score + precision_recall_curve on the same in-memory scores and labels
(bench/out/*.bin from gen_scores.py). Loading is not timed. Prints one JSON line:
{"seconds": best wall time, "runs": [...], "cpu_seconds": best CPU time, "roc_auc": ..., "average_precision": ..., "pr_points": ...}

Usage: python3 bench/peers/evaluate_sklearn.py [--repeats 3]
"""
import argparse
import json
import os
import time

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

parser = argparse.ArgumentParser()
parser.add_argument("--repeats", type=int, default=3)
args = parser.parse_args()

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out")
scores = np.fromfile(os.path.join(out, "scores_f32.bin"), dtype="<f4")
labels = np.fromfile(os.path.join(out, "labels_u8.bin"), dtype=np.uint8)

runs = []
cpu_runs = []
for _ in range(args.repeats):
    start = time.perf_counter()
    cpu_start = time.process_time()
    auc = roc_auc_score(labels, scores)
    ap = average_precision_score(labels, scores)
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    runs.append(time.perf_counter() - start)
    cpu_runs.append(time.process_time() - cpu_start)
print(json.dumps({"seconds": min(runs), "runs": runs, "cpu_seconds": min(cpu_runs), "roc_auc": float(auc), "average_precision": float(ap),
                  "pr_points": int(precision.size)}))
