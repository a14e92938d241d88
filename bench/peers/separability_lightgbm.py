"""Peer for quarry-bench explain-separability: the same protocol with LightGBM.

Usage: separability_lightgbm.py DIR REPEATS. Reads DIR/x.npy (rows × d) and DIR/y.npy
(1 = hard negative, 0 = positive). Runs 5-fold StratifiedKFold ROC AUC (mean over folds) of
LGBMClassifier with the discriminator's parameters (60 trees, depth 3, 8 leaves, learning
rate 0.1, min_child_samples 5, reg_lambda 1, max_bin 32, one thread per fit, folds run on
both cores as Quarry does), for the true labels and 5 seeded shuffles, plus one full fit;
best wall time of REPEATS. Prints JSON.
"""
import json, sys, time
import numpy as np
from joblib import Parallel, delayed
from lightgbm import LGBMClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold

directory, repeats = sys.argv[1], int(sys.argv[2])
x = np.load(f"{directory}/x.npy")
y = np.load(f"{directory}/y.npy")[:, 0].astype(int)
params = dict(n_estimators=60, max_depth=3, num_leaves=8, learning_rate=0.1, min_child_samples=5,
              reg_lambda=1.0, max_bin=32, n_jobs=1, verbose=-1)

def fold_auc(labels, train, test):
    model = LGBMClassifier(**params).fit(x[train], labels[train])
    return roc_auc_score(labels[test], model.predict_proba(x[test])[:, 1])

def protocol():
    rng = np.random.default_rng(0)
    labelings = [y] + [rng.permutation(y) for _ in range(5)]
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(x, y))
    aucs = Parallel(n_jobs=2)(delayed(fold_auc)(l, tr, te) for l in labelings for tr, te in folds)
    LGBMClassifier(**params).fit(x, y)
    means = [float(np.mean(aucs[i * 5:(i + 1) * 5])) for i in range(6)]
    return means

times = []
for _ in range(repeats):
    start = time.perf_counter(); means = protocol(); times.append(time.perf_counter() - start)
print(json.dumps({"seconds": min(times), "auc": means[0], "baseline_mean": float(np.mean(means[1:])),
                  "baseline_sd": float(np.std(means[1:], ddof=1))}))
