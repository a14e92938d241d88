#!/usr/bin/env python3
"""Logistic-regression oracles from scikit-learn for Quarry's tests.

Writes lr_fixtures.json: for each case, the data (inline for generated sets; the spam set is
read by the tests from the bundled Examples/data/spam.csv), the options, and what scikit-learn's
LogisticRegression(C=..., tol=1e-10, max_iter=10000, solver="lbfgs") finds on features
standardized as Quarry does: each column centered on the mean of its non-missing values and
divided by their population standard deviation (1 when constant), missing values imputed by
that mean (so they become 0). Outputs: standardized coefficients, intercept, and the log-loss
of the fitted probabilities weighted by the sample weights only (sklearn's log_loss).

Run from the repository root:  python3 Tests/Fixtures/models/make_lr_fixtures.py
"""
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

HERE = os.path.dirname(os.path.abspath(__file__))
SPAM = os.path.join(HERE, "..", "..", "..", "Examples", "data", "spam.csv")


def standardize(X, standardize=True):
    mean = np.nanmean(X, axis=0)
    std = np.nanstd(X, axis=0)
    scale = np.where(std > 0, std, 1.0)
    Xi = np.where(np.isnan(X), mean, X)
    if not standardize:
        return Xi
    return (Xi - mean) / scale


def spam_weights(n):
    # The tests rebuild these: weight of row i (0-based) = 1 + (i mod 5) / 2.
    return 1.0 + (np.arange(n) % 5) / 2.0


def fit(X, y, w, C, class_weight, standardize_flag):
    Z = standardize(X, standardize_flag)
    model = LogisticRegression(C=C, tol=1e-10, max_iter=10000, class_weight=class_weight)
    model.fit(Z, y, sample_weight=w)
    p = model.predict_proba(Z)[:, 1]
    return {
        "coefficients": model.coef_[0].tolist(),
        "intercept": float(model.intercept_[0]),
        "log_loss": float(log_loss(y, p, sample_weight=w)),
        "iterations": int(model.n_iter_[0]),
    }


def nan_to_none(rows):
    return [[None if np.isnan(v) else float(v) for v in row] for row in rows]


def main():
    cases = []
    rng = np.random.default_rng(20261129)

    # Generated set A: 400 x 6, a constant column, ~5% missing values, correlated features.
    n, d = 400, 6
    X = rng.normal(size=(n, d)) @ rng.normal(size=(d, d)) * np.array([1, 10, 0.1, 1, 3, 1]) + np.array([0, 5, -2, 100, 0, 0])
    X[:, 4] = 2.5
    truth = rng.normal(size=d)
    truth[4] = 0
    logits = (X - X.mean(0)) / np.where(X.std(0) > 0, X.std(0), 1) @ truth + 0.3
    y = (rng.random(n) < 1 / (1 + np.exp(-logits))).astype(int)
    X[rng.random((n, d)) < 0.05] = np.nan
    wA = rng.uniform(0.2, 3.0, size=n)
    setA = {"features": nan_to_none(X), "labels": y.tolist(), "weights": wA.tolist()}
    for C, cw, use_w in [(1.0, None, False), (0.1, "balanced", True), (100.0, None, True)]:
        cases.append({"name": f"generated_a C={C} class_weight={cw} weights={use_w}", "data": "generated_a",
                      "c": C, "class_weight": cw, "sample_weights": use_w, "standardize": True,
                      "expected": fit(X, y, wA if use_w else None, C, cw, True)})

    # Generated set B: 250 x 4, imbalanced (~10% positive), fitted without standardization.
    n, d = 250, 4
    XB = rng.normal(size=(n, d)) * np.array([1, 2, 0.5, 1])
    yB = (XB @ np.array([1.5, -0.5, 2.0, 0.0]) - 2.5 + rng.normal(size=n) > 0).astype(int)
    setB = {"features": XB.tolist(), "labels": yB.tolist(), "weights": None}
    for C, cw in [(100.0, None), (0.5, "balanced")]:
        cases.append({"name": f"generated_b raw C={C} class_weight={cw}", "data": "generated_b",
                      "c": C, "class_weight": cw, "sample_weights": False, "standardize": False,
                      "expected": fit(XB, yB, None, C, cw, False)})

    # The spam set (if present): features = every column but id and label.
    if os.path.exists(SPAM):
        import pandas as pd
        frame = pd.read_csv(SPAM)
        Xs = frame.drop(columns=["id", "label"]).to_numpy(dtype=float)
        ys = frame["label"].to_numpy(dtype=int)
        ws = spam_weights(len(ys))
        for C, cw, use_w in [(1.0, None, False), (0.05, "balanced", False), (10.0, None, True)]:
            cases.append({"name": f"spam C={C} class_weight={cw} weights={use_w}", "data": "spam",
                          "c": C, "class_weight": cw, "sample_weights": use_w, "standardize": True,
                          "expected": fit(Xs, ys, ws if use_w else None, C, cw, True)})
    else:
        print(f"warning: {SPAM} not found; spam cases skipped", file=sys.stderr)

    out = {"generator": "make_lr_fixtures.py", "sklearn_version": sklearn.__version__,
           "datasets": {"generated_a": setA, "generated_b": setB}, "cases": cases}
    with open(os.path.join(HERE, "lr_fixtures.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for c in cases:
        print(c["name"], "iterations", c["expected"]["iterations"], "log_loss", c["expected"]["log_loss"])


if __name__ == "__main__":
    main()
