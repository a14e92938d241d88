#!/usr/bin/env python3
"""Oracle for Quarry's high-recall ranking metrics, computed with scikit-learn.

For the two-class cases of make_fixtures.py (tiny, ties, imbalanced, margins, spam) writes
high_recall.json with
- fpr_at_recall: the least `fpr` of roc_curve(y, s, drop_intermediate=False) whose tpr >= R;
- partial_auc_tpr: the McClish-standardized partial AUC over TPR in [a, 1], as
  roc_auc_score(1 - y, -s, max_fpr=1 - a) (the band TPR >= a is the band FPR' <= 1 - a with
  the classes' roles swapped), checked here against a direct trapezoid integration of
  1 - FPR over TPR in [a, 1] on the interpolated ROC, standardized with min (1-a)^2/2 and
  max 1 - a.

Usage: python3 Tests/Fixtures/metrics/make_high_recall.py   (from the repository root, after
make_fixtures.py; reads the cases' scores from their JSON files or source CSV)
"""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, roc_curve

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CASES = ["tiny", "ties", "imbalanced", "margins", "spam"]
RECALLS = [0.5, 0.8, 0.9, 0.95, 1.0]
MIN_TPRS = [0.0, 0.5, 0.8, 0.9]


def load(name):
    with open(os.path.join(HERE, name + ".json")) as f:
        case = json.load(f)
    if "source" in case:
        with open(os.path.join(ROOT, case["source"])) as f:
            rows = list(csv.DictReader(f))
        return np.array([float(r["score"]) for r in rows]), np.array([int(r["label"]) for r in rows])
    scores = [float(s) for s in case["scores"]]
    return np.array(scores), np.array(case["labels"])


def direct(y, s, a):
    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
    # 1 - FPR as a function of TPR, integrated over [a, 1] on the piecewise-linear curve.
    grid_t = [a] + [t for t in tpr if t > a] + [1.0]
    area = 0.0
    def fpr_at(t, upper_end):
        # FPR as a function of TPR jumps along a horizontal run of the ROC: an interval's lower
        # end reads the run's right end (largest FPR at that TPR), its upper end the left end.
        at = [f for f, tt in zip(fpr, tpr) if tt == t]
        if at:
            return min(at) if upper_end else max(at)
        for i in range(1, len(tpr)):
            if tpr[i] > t:
                w = (t - tpr[i - 1]) / (tpr[i] - tpr[i - 1])
                return fpr[i - 1] + w * (fpr[i] - fpr[i - 1])
        return 1.0
    pts = sorted(set(grid_t))
    for t0, t1 in zip(pts, pts[1:]):
        area += (t1 - t0) * ((1 - fpr_at(t0, False)) + (1 - fpr_at(t1, True))) / 2
    lo, hi = (1 - a) ** 2 / 2, 1 - a
    return 0.5 * (1 + (area - lo) / (hi - lo))


out = {"sklearn_version": sklearn.__version__, "cases": []}
for name in CASES:
    s, y = load(name)
    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
    case = {"name": name, "fpr_at_recall": [], "partial_auc_tpr": []}
    for r in RECALLS:
        case["fpr_at_recall"].append({"recall": r, "fpr": float(fpr[tpr >= r].min())})
    for a in MIN_TPRS:
        v = float(roc_auc_score(1 - y, -s, max_fpr=1 - a)) if a > 0 else float(roc_auc_score(y, s))
        d = direct(y, s, a)
        assert abs(v - d) < 1e-9, (name, a, v, d)
        case["partial_auc_tpr"].append({"min_tpr": a, "value": v})
    out["cases"].append(case)
with open(os.path.join(HERE, "high_recall.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
