#!/usr/bin/env python3
"""The loop benchmark: strategy arms against a same-budget random control on paired seeds.

For each data set (bench/loop/make_sets.py), seed and model, a seeded split: test 25 % and
validation 20 % (stratified), the rest split as in bootstrapping — the training set holds
every positive and 10 % of the negatives, the pool the other negatives. For each budget B
(total pool rows added), two runs of the release binary on the same split and seed:
  quarry loop --rounds 4 --per-round B/4 --strategy expand --target-recall 0.9
    1. --sampler top      --control random,random-in-band,full-pool
    2. --sampler weighted --control random
Arms recorded (FPR at TPR 0.9 on the test ROC, the test negatives, validation metrics per
round): base (round 0), top, weighted, random, random-in-band, full-pool, and the model the
loop recommends in each run (best by validation): chosen_top among round 0, top's rounds and
every control of run 1 (random, random-in-band, full-pool); chosen_weighted among round 0,
weighted's rounds and the random control's rounds (the default --control random).

--runs replaces the two runs: "NAME=SAMPLER:CONTROLS[:VAR=VALUE+VAR=VALUE]" separated by ";"
(CONTROLS may be "none"; the variables go to that run's environment). The arm is recorded
as NAME, its recommended model as chosen_NAME. --first-seed shifts the seeds (a pilot on
seeds that are never reported). --chooser passes `--chooser` to every run (best, the default, or
guarded). Each run also records NAME_rounds: per round, the strategy's and every control's
validation metric and test FPR at TPR 0.9 (enough to replay a chooser that reads only those),
and chosen_NAME_guard, the guarded chooser's record (reference, validation FPRs, interval).

Usage: python3 bench/loop/run_loop_bench.py --sets DIR --binary .build/release/quarry --out results.jsonl
       [--seeds 20] [--first-seed 0] [--budgets 300,1200] [--models logistic,gbdt] [--only SET,...]
       [--reverse] [--runs SPEC] [--chooser best|guarded]
Appends one JSON line per (set, model, budget, seed); rerunning skips lines already present.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

from loop_bench_common import loop_command, read_scored, read_set, run_quarry, split, write_split

ap = argparse.ArgumentParser()
ap.add_argument("--sets", required=True)
ap.add_argument("--binary", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--seeds", type=int, default=20)
ap.add_argument("--budgets", default="300,1200")
ap.add_argument("--models", default="logistic,gbdt")
ap.add_argument("--only", default="satimage,page_blocks0,ada,kc1")
ap.add_argument("--gbdt-trees", type=int, default=100)
ap.add_argument("--first-seed", type=int, default=0)
ap.add_argument("--runs", default="top=top:random,random-in-band,full-pool;weighted=weighted:random")
ap.add_argument("--chooser", default=None, help="passed to quarry loop --chooser (default: the binary's)")
ap.add_argument("--dump-validation-scores", default=None, metavar="DIR",
                help="for designing a chooser offline: DIR/SET-MODEL-BUDGET-SEED-NAME.npz with the validation labels and "
                     "the validation and test scores of the initial model and of each arm's final model (strategy, every control)")
ap.add_argument("--reverse", action="store_true", help="seeds from the last down (a second worker; analyze.py drops duplicates)")
args = ap.parse_args()

done = set()
if os.path.exists(args.out):
    for line in open(args.out):
        r = json.loads(line)
        done.add((r["set"], r["model"], r["budget"], r["seed"]))


def fpr_of(round_, arm):
    if arm == "strategy":
        return round_["test_fpr_at_target_recall"]
    return round_["controls"][arm]["test_fpr_at_target_recall"]


def chosen_fpr(summary):
    c = summary["chosen"]
    rounds = {r["round"]: r for r in summary["rounds"]}
    if c["round"] is None:    # the full-pool model, fitted once: the same in every round
        return fpr_of(summary["rounds"][-1], c["arm"]), c["arm"], None
    arm = "strategy" if c["arm"] == "strategy" or c["round"] == 0 else c["arm"]
    return fpr_of(rounds[c["round"]], arm), c["arm"], c["round"]


def dump_validation_scores(path, folder, summary, controls, split_files):
    """Scores the validation and test sets with round 0's model and each arm's final model (see
    --dump-validation-scores): arrays labels, NAME (validation) and test_labels, test_NAME."""
    last = summary["rounds"][-1]["round"]
    models = {"initial": os.path.join(folder, "round-000", "model.json"),
              "strategy": os.path.join(folder, f"round-{last:03d}", "model.json")}
    for arm in controls.split(",") if controls != "none" else []:
        models[arm] = (os.path.join(folder, "control-full-pool", "model.json") if arm == "full-pool"
                       else os.path.join(folder, f"round-{last:03d}", f"control-{arm}", "model.json"))
    arrays = {}
    for part, prefix in (("validation", ""), ("test", "test_")):
        for name, model in models.items():
            scored = os.path.join(folder, f"{part}-{name}.csv")
            run_quarry(args.binary, "score", split_files[part], "--model", model, "-o", scored)
            arrays[prefix + name], arrays[prefix + "labels"] = read_scored(scored)
    np.savez_compressed(path, **arrays)


def run(cmd, env=None):
    t = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return json.loads(p.stdout), time.time() - t


runs = []
for spec in args.runs.split(";"):
    name, rest = spec.split("=", 1)
    fields = rest.split(":")
    env = dict(os.environ)
    if len(fields) > 2:
        env.update(kv.split("=", 1) for kv in fields[2].split("+"))
    runs.append((name, fields[0], fields[1], env))
budgets = [int(b) for b in args.budgets.split(",")]
models = args.models.split(",")
work = tempfile.mkdtemp(prefix="quarry-loop-bench-")
out = open(args.out, "a")
sets = {name: read_set(args.sets, name) for name in args.only.split(",")}
# Seeds outermost: a run cut short still covers every set with the seeds it finished.
seeds = range(args.first_seed, args.first_seed + args.seeds)
for seed in (reversed(seeds) if args.reverse else seeds):
    for name, (header, body, labels) in sets.items():
        todo = [(m, b) for m in models for b in budgets if (name, m, b, seed) not in done]
        if not todo:
            continue
        parts = split(labels, seed)
        files = write_split(header, body, parts, work)
        for model, budget in todo:
            base = loop_command(args.binary, files, model, budget, seed, gbdt_trees=args.gbdt_trees)
            if args.chooser:
                base += ["--chooser", args.chooser]
            record = {"set": name, "model": model, "budget": budget, "seed": seed,
                      "pool": len(parts["pool"]), "train": len(parts["train"])}
            for sampler, sampler_flag, controls, env in runs:
                folder = os.path.join(work, f"run-{sampler}")
                shutil.rmtree(folder, ignore_errors=True)
                summary, seconds = run(base + ["--sampler", sampler_flag, "--control", controls, "-o", folder], env)
                last = summary["rounds"][-1]
                record[sampler] = fpr_of(last, "strategy")
                record[f"{sampler}_mined"] = sum(r["mined"] for r in summary["rounds"][:-1])
                record["base"] = summary["rounds"][0]["test_fpr_at_target_recall"]
                record["test_negatives"] = summary["rounds"][0]["test_negatives"]
                for arm in controls.split(",") if controls != "none" else []:
                    record[arm] = fpr_of(last, arm)
                fpr, arm, r = chosen_fpr(summary)
                record[f"chosen_{sampler}"] = fpr
                record[f"chosen_{sampler}_arm"] = f"{arm}:{r}"
                record[f"{sampler}_seconds"] = seconds
                record[f"{sampler}_rounds"] = [
                    {"round": x["round"], "validation": x["validation"], "test_fpr": x["test_fpr_at_target_recall"],
                     "controls": {a: {"validation": c["validation"], "test_fpr": c["test_fpr_at_target_recall"]}
                                  for a, c in x.get("controls", {}).items()}}
                    for x in summary["rounds"]]
                if args.dump_validation_scores:
                    os.makedirs(args.dump_validation_scores, exist_ok=True)
                    dump_validation_scores(os.path.join(args.dump_validation_scores, f"{name}-{model}-{budget}-{seed}-{sampler}.npz"),
                                           folder, summary, controls, files)
                if "guard" in summary["chosen"]:
                    record[f"chosen_{sampler}_guard"] = summary["chosen"]["guard"]
                record[f"{sampler}_strategy_seconds"] = sum(x["strategy_seconds"] or 0 for x in summary["rounds"])
                record[f"{sampler}_control_seconds"] = sum(
                    (x.get("controls", {}).get("random", {}).get("strategy_seconds") or 0) for x in summary["rounds"])
            out.write(json.dumps(record) + "\n")
            out.flush()
            print(name, model, budget, seed, {k: record[k] for k in ["base", "random"] + [r[0] for r in runs] if k in record}, flush=True)
shutil.rmtree(work, ignore_errors=True)
