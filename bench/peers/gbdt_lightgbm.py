#!/usr/bin/env python3
"""LightGBM peer for `quarry-bench gbdt`: fit and predict times and test ROC AUC.

Same parameters as Quarry's benchmark (num_leaves 31, learning_rate 0.1, 100 rounds,
min_child_samples 20, max_bin 255, reg_lambda 0, no bagging or feature sampling), both
cores. Fit time includes building the binned Dataset, as Quarry's includes its binning.
Prints one JSON object on stdout.

Usage: python3 bench/peers/gbdt_lightgbm.py [--data bench/out/gbdt] [--repeats 3] [--threads 2]
"""
import argparse
import json
import os
import time

import lightgbm
import numpy as np
from sklearn.metrics import roc_auc_score


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "out", "gbdt"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    load = lambda name: np.load(os.path.join(args.data, name))
    x, y = load("train_x.npy"), load("train_y.npy")
    xt, yt = load("test_x.npy"), load("test_y.npy")
    params = {
        "objective": "binary", "num_leaves": 31, "max_depth": -1, "learning_rate": 0.1,
        "min_child_samples": 20, "min_sum_hessian_in_leaf": 1e-3, "lambda_l2": 0.0, "max_bin": 255,
        "bagging_fraction": 1.0, "bagging_freq": 0, "feature_fraction": 1.0,
        "num_threads": args.threads, "verbose": -1, "seed": 0, "deterministic": True,
    }
    fit_times, fit_cpu, predict_times = [], [], []
    booster = None
    for _ in range(args.repeats):
        start, cpu = time.perf_counter(), time.process_time()
        data = lightgbm.Dataset(x, label=y, params={"max_bin": 255, "verbose": -1})
        booster = lightgbm.train(params, data, num_boost_round=args.rounds)
        fit_times.append(time.perf_counter() - start)
        fit_cpu.append(time.process_time() - cpu)
    for _ in range(args.repeats):
        start = time.perf_counter()
        p = booster.predict(xt, num_threads=args.threads)
        predict_times.append(time.perf_counter() - start)
    print(json.dumps({
        "peer": f"lightgbm {lightgbm.__version__}", "fit_seconds": min(fit_times), "fit_all": fit_times, "fit_cpu_seconds": min(fit_cpu),
        "predict_seconds": min(predict_times), "test_roc_auc": roc_auc_score(yt, p),
        "trees": booster.num_trees(), "threads": args.threads,
    }))


if __name__ == "__main__":
    main()
