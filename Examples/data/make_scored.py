#!/usr/bin/env python3
"""Make spam_scored.csv: the bundled Spambase data with a model's scores on every row.

Stands in for "your model's production scores": each row is scored by a scikit-learn
logistic regression (standardized features, C=1) that never saw that row, via stratified
5-fold cross-validation with a fixed seed. Columns: the original columns of spam.csv, then
`score` (the positive-class probability, written with repr so it round-trips exactly).

Usage: python3 Examples/data/make_scored.py   (from the repository root; needs scikit-learn)
"""
import csv
import os

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "spam.csv"), newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
features = [c for c in header if c not in ("id", "label")]
X = np.array([[float(r[header.index(c)]) for c in features] for r in body])
y = np.array([int(r[header.index("label")]) for r in body])

model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=5000))
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=20261129)
scores = cross_val_predict(model, X, y, cv=folds, method="predict_proba")[:, 1]

with open(os.path.join(HERE, "spam_scored.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header + ["score"])
    for r, s in zip(body, scores):
        w.writerow(r + [repr(float(s))])
print(f"wrote spam_scored.csv: {len(body)} rows, {int(y.sum())} positives")
