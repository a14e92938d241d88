"""Writes wilson.json: scipy's Wilson score intervals (95%), the oracle of WilsonInterval.

Run with a Python that has scipy: python Tests/Fixtures/report/make_wilson.py
"""
import json
import pathlib

from scipy.stats import binomtest

CASES = [(0, 10), (1, 10), (5, 10), (10, 10), (392, 471), (40, 672), (1, 1), (0, 1), (1632, 1781)]

out = []
for k, n in CASES:
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    out.append({"successes": k, "trials": n, "low": ci.low, "high": ci.high})
pathlib.Path(__file__).with_name("wilson.json").write_text(json.dumps(out) + "\n")
