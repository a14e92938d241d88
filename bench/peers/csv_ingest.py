#!/usr/bin/env python3
"""Peer for `quarry-bench csv`: times pandas.read_csv on the same file.

Prints one line per measurement, `key value`, read by the Swift benchmark:
  pandas_seconds     best wall time of pd.read_csv(path) (default C parser, default precision)
  pandas_cpu_seconds best CPU time (user + system) of the same calls
  pandas_checksum    sum of the float64 bit patterns of every parsed value, mod 2^64
  exact_checksum     the same for float_precision="round_trip" (correctly rounded, as strtod;
                     not timed) — Quarry's checksum must equal this one
  rows, columns      the parsed shape
Usage: python3 bench/peers/csv_ingest.py PATH [--repeats 3]
"""
import argparse
import time
import warnings

import numpy as np
import pandas as pd


def checksum(frame):
    values = frame.to_numpy(dtype=np.float64)
    return int(values.view(np.uint64).sum(dtype=np.uint64))


parser = argparse.ArgumentParser()
parser.add_argument("path")
parser.add_argument("--repeats", type=int, default=3)
args = parser.parse_args()

best = float("inf")
best_cpu = float("inf")
frame = None
for _ in range(args.repeats):
    start, start_cpu = time.perf_counter(), time.process_time()
    frame = pd.read_csv(args.path)
    best = min(best, time.perf_counter() - start)
    best_cpu = min(best_cpu, time.process_time() - start_cpu)
print("pandas_seconds", f"{best:.4f}")
print("pandas_cpu_seconds", f"{best_cpu:.4f}")
print("pandas_checksum", checksum(frame))
print("rows", frame.shape[0])
print("columns", frame.shape[1])
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    exact = pd.read_csv(args.path, float_precision="round_trip")
print("exact_checksum", checksum(exact))
