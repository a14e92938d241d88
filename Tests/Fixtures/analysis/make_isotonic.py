#!/usr/bin/env python3
"""Generates Tests/Fixtures/analysis/isotonic.txt: scikit-learn's IsotonicRegression on small cases.

Each case: training x, y, sample weights (all ones when "w" is absent), query points and
sklearn's predictions (increasing=True, out_of_bounds="clip"), so the Swift test checks
Quarry's pool-adjacent-violators fit and its linear interpolation against the reference.
Cases cover ties in x, weights, binary labels (the audit's use), constant and decreasing data.

Usage: python3 make_isotonic.py   (records the scikit-learn version in the file)
"""
import os

import numpy as np
import sklearn
from sklearn.isotonic import IsotonicRegression

HERE = os.path.dirname(os.path.abspath(__file__))


def cases():
    rng = np.random.default_rng(20261202)
    x = rng.normal(size=40)
    yield "normal_noise", x, x + rng.normal(size=40), None
    x = np.round(rng.uniform(0, 1, size=60), 1)  # many ties
    yield "ties", x, (rng.uniform(size=60) < x).astype(float), None
    x = rng.uniform(0, 1, size=50)
    yield "weighted", x, (rng.uniform(size=50) < x * x).astype(float), rng.uniform(0.1, 3, size=50)
    x = rng.uniform(0, 1, size=300)
    yield "binary_many", x, (rng.uniform(size=300) < 0.2 + 0.6 * x).astype(float), None
    yield "decreasing", np.arange(10.0), np.arange(10.0)[::-1].copy(), None
    yield "constant_x", np.full(5, 2.0), np.array([0, 1, 1, 0, 1.0]), None


def fmt(values):
    return " ".join(repr(float(v)) for v in values)


def main():
    lines = [f"# scikit-learn {sklearn.__version__} IsotonicRegression(increasing=True, out_of_bounds='clip')"]
    for name, x, y, w in cases():
        model = IsotonicRegression(increasing=True, out_of_bounds="clip").fit(x, y, sample_weight=w)
        lo, hi = float(np.min(x)), float(np.max(x))
        queries = np.concatenate([np.sort(x), np.linspace(lo - 0.5, hi + 0.5, 23)])
        lines += [f"case {name}", "x " + fmt(x), "y " + fmt(y)]
        if w is not None:
            lines.append("w " + fmt(w))
        lines += ["q " + fmt(queries), "p " + fmt(model.predict(queries))]
    with open(os.path.join(HERE, "isotonic.txt"), "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
