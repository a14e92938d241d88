#!/usr/bin/env python3
"""scikit-learn peer of `quarry-bench logistic`: StandardScaler + LogisticRegression(lbfgs).

Fit time (wall, best of --repeats; and mean CPU time of all threads) = scaler fit + transform + LogisticRegression.fit (Quarry standardizes inside fit);
predict time = scaler transform + predict_proba. Best of --repeats. Prints one JSON object.

Usage: python3 bench/peers/logistic_sklearn.py --dataset spam|1m [--c 1] [--tol 1e-6] [--repeats 3]
"""
import argparse
import json
import os
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def load(dataset):
    if dataset == "spam":
        frame = pd.read_csv(os.path.join(ROOT, "Examples", "data", "spam.csv"))
        return frame.drop(columns=["id", "label"]).to_numpy(dtype=float), frame["label"].to_numpy(dtype=int)
    out = os.path.join(ROOT, "bench", "out")
    X = np.load(os.path.join(out, "logistic_1m_x.npy"))
    y = np.load(os.path.join(out, "logistic_1m_y.npy"))[:, 0].astype(int)
    return X, y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", default="spam")
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-6)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    X, y = load(args.dataset)
    fit_times, predict_times = [], []
    cpu_start = time.process_time()
    for _ in range(args.repeats):
        start = time.perf_counter()
        scaler = StandardScaler().fit(X)
        model = LogisticRegression(C=args.c, tol=args.tol, max_iter=10000).fit(scaler.transform(X), y)
        fit_times.append(time.perf_counter() - start)
        cpu_fit = time.process_time()
        start = time.perf_counter()
        p = model.predict_proba(scaler.transform(X))[:, 1]
        predict_times.append(time.perf_counter() - start)
        cpu_start += time.process_time() - cpu_fit  # leave prediction out of the fit CPU time
    print(json.dumps({"peer": f"scikit-learn {sklearn.__version__}", "rows": int(X.shape[0]), "columns": int(X.shape[1]),
                      "fit_seconds": min(fit_times),
                      "fit_cpu_seconds": (time.process_time() - cpu_start) / args.repeats, "predict_seconds": min(predict_times),
                      "iterations": int(model.n_iter_[0]), "log_loss": float(log_loss(y, p))}))


if __name__ == "__main__":
    main()
