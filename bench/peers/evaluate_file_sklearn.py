#!/usr/bin/env python3
"""Peer for `quarry-bench evaluate-file`: end to end from bench/out/scores.csv —
pandas.read_csv, then scikit-learn's roc_auc_score + average_precision_score +
precision_recall_curve. Prints one JSON line with the best wall and CPU (process_time) times of --repeats runs.

Usage: python3 bench/peers/evaluate_file_sklearn.py [--repeats 3]
"""
import argparse
import json
import os
import time

import pandas as pd
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score

parser = argparse.ArgumentParser()
parser.add_argument("--repeats", type=int, default=3)
args = parser.parse_args()
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out", "scores.csv")

runs = []
cpu_runs = []
for _ in range(args.repeats):
    start = time.perf_counter()
    cpu_start = time.process_time()
    frame = pd.read_csv(path)
    labels, scores = frame["label"].to_numpy(), frame["score"].to_numpy()
    auc = roc_auc_score(labels, scores)
    ap = average_precision_score(labels, scores)
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    runs.append(time.perf_counter() - start)
    cpu_runs.append(time.process_time() - cpu_start)
print(json.dumps({"seconds": min(runs), "runs": runs, "cpu_seconds": min(cpu_runs), "roc_auc": float(auc), "average_precision": float(ap),
                  "pr_points": int(precision.size)}))
