#!/usr/bin/env python3
"""The loop's extra cost for its control arm: wall time of `quarry loop` with `--control none`
against `--control random` on one split of one benchmark set (the split of
run_loop_bench.py, seed 0), both model kinds, the default sampler, 4 rounds.

Each (model, control) runs --repeats times, alternating none / random so that load drifts
hit both alike; the table gives the median wall time, the median of the strategy's and the
control's training seconds (the rounds' strategy_seconds), and the ratio random / none.
Run it alone on the machine (under `flock -x`): it reports seconds.

Usage: python3 bench/loop/control_cost.py --sets DIR --binary .build/release/quarry
       [--set satimage] [--budget 1200] [--repeats 3]
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time

import numpy as np

from loop_bench_common import loop_command, read_set, split, write_split

ap = argparse.ArgumentParser()
ap.add_argument("--sets", required=True)
ap.add_argument("--binary", required=True)
ap.add_argument("--set", default="satimage")
ap.add_argument("--budget", type=int, default=1200)
ap.add_argument("--repeats", type=int, default=3)
ap.add_argument("--seed", type=int, default=0)
args = ap.parse_args()


header, body, labels = read_set(args.sets, args.set)
work = tempfile.mkdtemp(prefix="quarry-control-cost-")
files = write_split(header, body, split(labels, args.seed), work)

print(f"| model | control | wall s (median of {args.repeats}) | CPU s | strategy training s | control training s | random / none: wall, CPU |")
print("|---|---|---|---|---|---|---|")
for model in ("logistic", "gbdt"):
    times = {"none": [], "random": []}
    train = {"none": [], "random": []}
    ctrl = {"none": [], "random": []}
    cpu = {"none": [], "random": []}
    for _ in range(args.repeats):
        for control in ("none", "random"):
            out = os.path.join(work, "run")
            shutil.rmtree(out, ignore_errors=True)
            cmd = loop_command(args.binary, files, model, args.budget, args.seed) + ["--control", control, "-o", out]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            p = subprocess.run(cmd, capture_output=True, text=True, check=True)
            times[control].append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[control].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            summary = json.loads(p.stdout)
            train[control].append(sum(r["strategy_seconds"] or 0 for r in summary["rounds"]))
            ctrl[control].append(sum((r.get("controls", {}).get("random", {}).get("strategy_seconds") or 0) for r in summary["rounds"]))
    med = {c: statistics.median(v) for c, v in times.items()}
    mcpu = {c: statistics.median(v) for c, v in cpu.items()}
    for control in ("none", "random"):
        ratio = f"{med['random'] / med['none']:.2f}, {mcpu['random'] / mcpu['none']:.2f}" if control == "random" else ""
        print(f"| {model} | {control} | {med[control]:.2f} | {mcpu[control]:.2f} | {statistics.median(train[control]):.2f} | "
              f"{statistics.median(ctrl[control]):.2f} | {ratio} |", flush=True)
shutil.rmtree(work, ignore_errors=True)
