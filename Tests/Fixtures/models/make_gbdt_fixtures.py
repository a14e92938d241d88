#!/usr/bin/env python3
"""Generates Tests/Fixtures/models/gbdt_spam_lightgbm.json: LightGBM's test ROC AUC on spam.

Trains LightGBM (the installed version is recorded) on a fixed, seeded 70/30 split of the
bundled UCI Spambase data with several parameter sets (bagging and feature sampling off),
and records each set's test ROC AUC (scikit-learn's roc_auc_score) plus the split as row
indices, so the Swift test trains Quarry's GBDT with the same parameters on the same rows.

Usage: python3 make_gbdt_fixtures.py [path/to/spam.csv]
"""
import json
import os
import sys

import lightgbm
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
SPAM = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/tabular/spam.csv"

CASES = [
    {"name": "defaults", "num_leaves": 31, "max_depth": -1, "learning_rate": 0.1, "n_estimators": 100,
     "min_child_samples": 20, "reg_lambda": 0.0, "max_bin": 255},
    {"name": "shallow_l2", "num_leaves": 15, "max_depth": 4, "learning_rate": 0.05, "n_estimators": 200,
     "min_child_samples": 10, "reg_lambda": 1.0, "max_bin": 63},
    {"name": "big_leaves", "num_leaves": 63, "max_depth": -1, "learning_rate": 0.2, "n_estimators": 50,
     "min_child_samples": 40, "reg_lambda": 5.0, "max_bin": 255},
]


def main():
    table = pd.read_csv(SPAM)
    features = [c for c in table.columns if c not in ("id", "label")]
    x = table[features].to_numpy(dtype=np.float64)
    y = table["label"].to_numpy(dtype=np.float64)
    rng = np.random.default_rng(20261129)
    order = rng.permutation(len(y))
    cut = int(round(0.7 * len(y)))
    train, test = np.sort(order[:cut]), np.sort(order[cut:])
    results = []
    for case in CASES:
        params = {k: v for k, v in case.items() if k != "name"}
        model = lightgbm.LGBMClassifier(
            objective="binary", subsample=1.0, subsample_freq=0, colsample_bytree=1.0,
            min_split_gain=0.0, min_child_weight=1e-3, reg_alpha=0.0, n_jobs=2,
            deterministic=True, force_row_wise=True, verbose=-1, random_state=0, **params)
        model.fit(x[train], y[train])
        p = model.predict_proba(x[test])[:, 1]
        results.append({**case, "lightgbm_test_roc_auc": float(roc_auc_score(y[test], p))})
    out = {
        "generator": "make_gbdt_fixtures.py",
        "lightgbm_version": lightgbm.__version__,
        "data": "spam.csv (UCI Spambase, /work/shared/data/tabular)",
        "feature_names": features,
        "label": "label",
        "test_rows": [int(i) for i in test],
        "cases": results,
    }
    with open(os.path.join(HERE, "gbdt_spam_lightgbm.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for r in results:
        print(r["name"], r["lightgbm_test_roc_auc"])


if __name__ == "__main__":
    main()
