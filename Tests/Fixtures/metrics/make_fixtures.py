#!/usr/bin/env python3
"""Oracle fixtures for Quarry's threshold-region metrics, computed with scikit-learn.

Writes one JSON file per case into this folder: the scores and labels (except `spam`,
whose rows come from Examples/data/spam_scored.csv), and what scikit-learn 1.9.1 / numpy
compute for them: roc_auc_score, average_precision_score, roc_auc_score(max_fpr=...),
roc_curve(drop_intermediate=False), precision_recall_curve, log_loss, brier_score_loss,
confusion matrices with precision/recall/f1 (zero_division=nan) at fixed thresholds,
the thresholds the target rules select (by brute force over scikit-learn's curve points),
band statistics and ECE (by brute force with numpy), and numpy.percentile values.
Also writes percentiles.json (numpy.percentile, default linear method).

Usage: python3 Tests/Fixtures/metrics/make_fixtures.py   (from the repository root)
"""
import csv
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (average_precision_score, brier_score_loss, confusion_matrix, f1_score,
                             log_loss, precision_recall_curve, precision_score, recall_score,
                             roc_auc_score, roc_curve)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
warnings.simplefilter("ignore")


def floats(a):
    return [float(x) for x in a]


def exact(v):
    """A float as its shortest round-trip text: JSON readers that are not correctly rounded
    (Foundation's on Linux) would shift thresholds by an ulp, so exact values travel as strings."""
    return repr(float(v))


def exacts(a):
    return [exact(x) for x in a]


def none_if_nan(x):
    x = float(x)
    return None if np.isnan(x) else x


def operating_point(y, s, t):
    pred = (s >= t).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {
        "threshold": exact(t), "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
        "precision": none_if_nan(precision_score(y, pred, labels=[0, 1], zero_division=np.nan)),
        "recall": none_if_nan(recall_score(y, pred, labels=[0, 1], zero_division=np.nan)),
        "f1": none_if_nan(f1_score(y, pred, labels=[0, 1], zero_division=np.nan)),
        "fpr": None if fp + tn == 0 else fp / (fp + tn),
    }


def targets(y, s):
    """Brute force over the distinct scores, rates from scikit-learn's curves."""
    out = []
    distinct = np.unique(s)[::-1]  # descending: earlier = higher threshold
    P, N = int(y.sum()), int(len(y) - y.sum())
    rows = []
    for t in distinct:
        pred = s >= t
        tp = int((pred & (y == 1)).sum())
        fp = int((pred & (y == 0)).sum())
        rows.append((float(t), tp, fp))
    # Cross-check the counts against precision_recall_curve / roc_curve.
    if P > 0:
        prec, rec, thr = precision_recall_curve(y, s)
        lookup = {float(t): (p, r) for p, r, t in zip(prec[:-1], rec[:-1], thr)}
        for t, tp, fp in rows:
            p, r = lookup[t]
            assert abs(p - tp / (tp + fp)) < 1e-12 and abs(r - tp / P) < 1e-12
    for kind, goal in [("target_recall", g) for g in (0.0, 0.5, 0.9, 0.95, 1.0)] + \
                      [("target_precision", g) for g in (0.0, 0.5, 0.8, 0.9, 0.99, 1.0)] + \
                      [("target_fpr", g) for g in (0.0, 0.01, 0.05, 0.1, 1.0)]:
        best = None
        if kind == "target_recall" and P > 0:
            for t, tp, fp in rows:
                # Strictly higher precision (exact fraction comparison) replaces; ties keep the higher threshold.
                if tp / P >= goal and (best is None or tp * (best[1] + best[2]) > best[1] * (tp + fp)):
                    best = (t, tp, fp)
        elif kind == "target_precision" and P > 0:
            for t, tp, fp in rows:
                if tp / (tp + fp) >= goal and (best is None or tp > best[1]):
                    best = (t, tp, fp)
        elif kind == "target_fpr" and N > 0:
            for t, tp, fp in rows:
                if fp / N <= goal and (best is None or tp > best[1]):
                    best = (t, tp, fp)
        out.append({"rule": kind, "value": exact(goal), "threshold": None if best is None else exact(best[0])})
    return out


def band(y, s, t, w, probabilities, bins=10):
    low, high = t - w, t + w
    m = (s >= low) & (s <= high)
    ys, ss = y[m], s[m]
    rows = int(m.sum())
    res = {"threshold": exact(t), "half_width": exact(w), "low": exact(low), "high": exact(high), "rows": rows,
           "positives": int(ys.sum()), "negatives": int(rows - ys.sum()),
           "error_rate": None, "ece": None}
    if rows:
        res["error_rate"] = float(((ss >= t).astype(int) != ys).mean())
        if probabilities:
            if high > low:
                idx = np.minimum(((ss - low) / (high - low) * bins).astype(int), bins - 1)
            else:
                idx = np.zeros(rows, dtype=int)
            ece = 0.0
            for b in range(bins):
                sel = idx == b
                if sel.any():
                    ece += sel.sum() / rows * abs(ys[sel].mean() - ss[sel].mean())
            res["ece"] = float(ece)
    return res


def case(name, s, y, thresholds, bands, include_rows=True, curves=True, source=None):
    s = np.asarray(s, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    P, N = int(y.sum()), int(len(y) - y.sum())
    probabilities = bool(((s >= 0) & (s <= 1)).all())
    out = {"name": name, "sklearn_version": sklearn.__version__, "rows": len(y), "positives": P, "negatives": N}
    if include_rows:
        out["scores"] = exacts(s)
        out["labels"] = [int(v) for v in y]
    else:
        out["source"] = source
    both = P > 0 and N > 0
    out["roc_auc"] = float(roc_auc_score(y, s)) if both else None
    out["average_precision"] = float(average_precision_score(y, s)) if P > 0 else None
    out["partial_auc"] = [{"max_fpr": exact(f), "value": float(roc_auc_score(y, s, max_fpr=f)) if both else None}
                          for f in (0.01, 0.1, 1 / 3, 0.5, 1.0)]
    if probabilities:
        out["log_loss"] = float(log_loss(y, s, labels=[0, 1]))
        out["brier"] = float(brier_score_loss(y, s, labels=[0, 1]))
    else:
        out["log_loss"] = None
        out["brier"] = None
    if curves and both:
        fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
        assert np.isinf(thr[0])
        out["roc_curve"] = {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds_after_inf": exacts(thr[1:])}
    if curves and P > 0:
        p, r, t = precision_recall_curve(y, s)
        out["pr_curve"] = {"precision": floats(p), "recall": floats(r), "thresholds": exacts(t)}
    out["operating_points"] = [operating_point(y, s, t) for t in thresholds]
    out["targets"] = targets(y, s)
    out["bands"] = [band(y, s, t, w, probabilities) for t, w in bands]
    with open(os.path.join(HERE, f"{name}.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


rng = np.random.default_rng(20261129)

# Tiny: two rows.
case("tiny", [0.3, 0.7], [0, 1], [0.3, 0.5, 0.7, 0.8], [(0.5, 0.2), (0.5, 0.0), (0.3, 0.0)])

# Ties: probabilities rounded to one decimal.
y = rng.integers(0, 2, 300)
s = np.clip(np.round(0.5 + 0.25 * (y - 0.5) + rng.normal(0, 0.25, 300), 1), 0, 1)
case("ties", s, y, [0.0, 0.3, 0.5, 0.55, 1.0, 1.01], [(0.5, 0.1), (0.5, 0.0), (0.3, 0.25), (0.95, 0.5)])

# All scores equal.
y = rng.integers(0, 2, 50)
case("all_equal", np.full(50, 0.5), y, [0.4, 0.5, 0.6], [(0.5, 0.0), (0.5, 0.1), (0.7, 0.1)])

# Heavy imbalance (1% positives), sigmoid probabilities.
y = (rng.random(2000) < 0.01).astype(int)
while y.sum() < 5:
    y = (rng.random(2000) < 0.01).astype(int)
margin = rng.normal(-2.5, 1.2, 2000) + 2.0 * y
s = 1 / (1 + np.exp(-margin))
case("imbalanced", s, y, [0.05, 0.1, 0.5, float(np.sort(s)[-3])], [(0.1, 0.05), (0.5, 0.2), (0.05, 0.01)])

# Raw margins (not probabilities), with ties and signed zeros.
y = rng.integers(0, 2, 1500)
s = np.round(rng.normal(0, 1.5, 1500) + 1.2 * y, 2)
s[:20] = 0.0
s[20:40] = -0.0
case("margins", s, y, [-1.0, 0.0, 0.25, 3.0], [(0.0, 0.5), (0.0, 0.0), (1.0, 0.25)])

# One class only.
case("only_positives", rng.random(30), np.ones(30, dtype=int), [0.5], [(0.5, 0.2)])
case("only_negatives", rng.random(30), np.zeros(30, dtype=int), [0.5], [(0.5, 0.2)])

# Real data: the bundled spam scores (cross-validated logistic regression).
with open(os.path.join(ROOT, "Examples", "data", "spam_scored.csv"), newline="") as f:
    reader = csv.DictReader(f)
    rows = [(float(r["score"]), int(r["label"])) for r in reader]
s = np.array([r[0] for r in rows])
y = np.array([r[1] for r in rows])
case("spam", s, y, [0.1, 0.5, 0.9], [(0.5, 0.1), (0.9, 0.05)], include_rows=False, curves=False,
     source="Examples/data/spam_scored.csv")

# numpy.percentile (linear) at the bootstrap's quantiles.
pct = []
for n in (1, 2, 3, 10, 39, 40, 41, 1000):
    v = np.sort(rng.random(n))
    pct.append({"values": exacts(v), "p2_5": float(np.percentile(v, 2.5)), "p97_5": float(np.percentile(v, 97.5))})
with open(os.path.join(HERE, "percentiles.json"), "w") as f:
    json.dump(pct, f, separators=(",", ":"))
    f.write("\n")
print("wrote fixtures with scikit-learn", sklearn.__version__, "numpy", np.__version__)
