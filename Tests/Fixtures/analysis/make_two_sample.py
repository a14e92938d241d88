"""Generates two_sample.txt: two-sample statistics computed by the reference tools.

For each case: samples a and b, sklearn.metrics.roc_auc_score with a labelled 1 (the
feature's own AUC), scipy.stats.ks_2samp(a, b).statistic, and Cohen's d with the pooled
ddof=1 standard deviation (numpy). Run: python3 make_two_sample.py > two_sample.txt
"""
import numpy as np
from scipy.stats import ks_2samp
from sklearn.metrics import roc_auc_score

rng = np.random.default_rng(20261129)
cases = {
    "normal_shift": (rng.normal(0.5, 1, 40), rng.normal(0, 1, 55)),
    "ties_integers": (rng.integers(0, 5, 30).astype(float), rng.integers(1, 6, 25).astype(float)),
    "heavy_tail": (rng.lognormal(0, 1.5, 60), rng.lognormal(0.3, 1, 33)),
    "many_zeros": (np.where(rng.random(50) < 0.7, 0.0, rng.exponential(1, 50)),
                   np.where(rng.random(45) < 0.4, 0.0, rng.exponential(2, 45))),
    "small": (np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.5])),
    "identical": (rng.normal(0, 1, 20), None),
}
a, _ = cases["identical"]
cases["identical"] = (a, a.copy())

def smd(a, b):
    pooled = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
    return (a.mean() - b.mean()) / pooled

for name, (a, b) in cases.items():
    y = np.r_[np.ones(len(a)), np.zeros(len(b))]
    auc = roc_auc_score(y, np.r_[a, b])
    print(f"case {name}")
    print("a " + " ".join(repr(float(x)) for x in a))
    print("b " + " ".join(repr(float(x)) for x in b))
    print(f"auc {auc!r}")
    print(f"ks {float(ks_2samp(a, b).statistic)!r}")
    print(f"smd {float(smd(a, b))!r}")
