#!/usr/bin/env python3
"""Peer of `quarry-bench explain-audit-speed`: the beyond-score audit written with LightGBM
and scikit-learn's IsotonicRegression, on the rows the benchmark wrote.

Same procedure as Quarry's BeyondScoreAudit: K = 5 folds dealt in runs of K rows in score
order; cross-fitted isotonic recalibration (out_of_bounds="clip", clipped to [1e-3, 1 - 1e-3])
gives the offset logit q(s); a LightGBM auditor (depth 3, 8 leaves, 32 bins, min_child_samples
20, lambda_l2 1, learning rate 0.1, up to 100 rounds, early stopping after 10 on the next fold)
boosted from the offset (init_score) on the other K - 2 folds scores fold k; T is the
out-of-fold log-loss reduction per row; the null permutes labels within 20 score-quantile
bins; the power check plants a signal worth `min_effect` nats per row on each feature in turn.
The dataset is built once (lgb.Dataset with free_raw_data=False and reference binning), as a
LightGBM user would reuse it.

Usage: beyond_score_lightgbm.py DIR PERMUTATIONS INJECTIONS   (prints one JSON object)
"""
import json
import sys
import time

import lightgbm as lgb
import numpy as np
from sklearn.isotonic import IsotonicRegression

K, BINS, CLIP, ALPHA, MIN_EFFECT = 5, 20, 1e-3, 0.05, 0.02
PARAMS = dict(objective="binary", max_depth=3, num_leaves=8, max_bin=32, min_child_samples=20,
              lambda_l2=1.0, learning_rate=0.1, verbose=-1, num_threads=1, boost_from_average=False,
              min_sum_hessian_in_leaf=1e-3, seed=0)


def softplus(z):
    return np.logaddexp(0.0, z)


def loss(y, raw):
    return np.where(y > 0.5, softplus(-raw), softplus(raw))


def main():
    d, permutations, injections = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    x = np.load(f"{d}/x.npy")
    y = np.load(f"{d}/y.npy").ravel()
    s = np.load(f"{d}/s.npy").ravel()
    n = len(y)
    rng = np.random.default_rng(0)
    order = np.argsort(s, kind="stable")
    score_bin = np.empty(n, dtype=int)
    score_bin[order] = np.arange(n) * BINS // n
    fold = np.empty(n, dtype=int)
    for start in range(0, n, K):
        idx = order[start:start + K]
        fold[idx] = rng.permutation(K)[: len(idx)]
    members = [np.flatnonzero(score_bin == b) for b in range(BINS)]
    start_time = time.perf_counter()
    full = lgb.Dataset(x, label=y, params={"max_bin": 32, "verbose": -1}, free_raw_data=False).construct()
    subsets = {}
    for k in range(K):
        v = (k + 1) % K
        train = np.flatnonzero((fold != k) & (fold != v))
        subsets[k] = (train, np.flatnonzero(fold == v), np.flatnonzero(fold == k))

    def offsets(labels):
        o = np.empty(n)
        for k in range(K):
            other, mine = fold != k, fold == k
            q = IsotonicRegression(out_of_bounds="clip").fit(s[other], labels[other]).predict(s[mine])
            q = np.clip(q, CLIP, 1 - CLIP)
            o[mine] = np.log(q / (1 - q))
        return o

    def statistic(labels):
        o = offsets(labels)
        red = np.empty(n)
        for k in range(K):
            train, valid, test = subsets[k]
            # Construct each subset before setting its label and init_score: on a subset that is
            # not yet constructed, set_label/set_init_score only store the arrays in Python, and
            # LGBM_DatasetGetSubset then copies the parent's labels (the observed ones) and no
            # init_score into the C++ dataset, so every fit would train on the unpermuted labels
            # from a raw score of 0 (the peer's earlier, wrong T = -0.068).
            dtrain = full.subset(train.tolist()).construct()
            dtrain.set_label(labels[train])
            dtrain.set_init_score(o[train])
            dvalid = full.subset(valid.tolist()).construct()
            dvalid.set_label(labels[valid])
            dvalid.set_init_score(o[valid])
            booster = lgb.train(PARAMS, dtrain, num_boost_round=100, valid_sets=[dvalid],
                                callbacks=[lgb.early_stopping(10, verbose=False)])
            inc = booster.predict(x[test], raw_score=True, num_iteration=booster.best_iteration)
            red[test] = loss(labels[test], o[test]) - loss(labels[test], o[test] + inc)
        return red.mean(), o

    t, o = statistic(y)
    null = []
    for b in range(permutations):
        perm = y.copy()
        for m in members:
            perm[m] = rng.permutation(y[m])
        null.append(statistic(perm)[0])
    null = np.array(null)
    p = (1 + np.sum(null >= t)) / (permutations + 1)
    allowed = int(np.ceil(ALPHA * (permutations + 1))) - 1
    critical = np.sort(null)[::-1][allowed - 1] if allowed >= 1 else np.inf
    # Power: planted signals on each feature's residual on the score bins.
    detected, p0 = 0, 1 / (1 + np.exp(-o))
    for m in range(injections):
        z = x[:, m % x.shape[1]].copy()
        for idx in members:
            z[idx] -= z[idx].mean()
        z = np.clip(z / np.sqrt(np.mean(z * z)), -3, 3)
        lo, hi = 0.0, 1.0

        def kl(g):
            q = 1 / (1 + np.exp(-(o + g * z)))
            return np.mean(q * np.log(q / p0) + (1 - q) * np.log((1 - q) / (1 - p0)))
        while kl(hi) < MIN_EFFECT and hi < 1e3:
            hi *= 2
        for _ in range(50):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if kl(mid) < MIN_EFFECT else (lo, mid)
        planted = (rng.uniform(size=n) < 1 / (1 + np.exp(-(o + (lo + hi) / 2 * z)))).astype(float)
        detected += statistic(planted)[0] > critical
    power = detected / injections if injections else None
    seconds = time.perf_counter() - start_time
    verdict = "separable" if p < ALPHA else ("not_separable" if power is not None and power >= 0.8 else "inconclusive")
    print(json.dumps({"seconds": seconds, "statistic": float(t), "p_value": float(p), "power": power,
                      "verdict": verdict, "statistics_evaluated": 1 + permutations + injections,
                      "lightgbm": lgb.__version__}))


if __name__ == "__main__":
    main()
