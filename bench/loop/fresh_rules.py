#!/usr/bin/env python3
"""The pre-registered rules (a)–(d) of bench/results/loop.md ("The guarded chooser, on fresh
seeds 40–59") from two result files of run_loop_bench.py on the same seeds, both run with
--chooser guarded:
  LOGISTIC.jsonl  --models logistic --runs "per-model=per-model:random;semi-hard=semi-hard:none"
  GBDT.jsonl      --models gbdt     --runs "per-model=per-model:random"
(for GBDT, per-model *is* semi-hard, so its semi-hard values are the per-model arm's).

(a) per-model better than both base and random (both paired CIs below 0) in >= 3 of the 8
    (set, model) pairs, and in more pairs than semi-hard on the same seeds;
(b) no cell where per-model is significantly worse than random;
(c) no logistic cell where per-model is significantly worse than semi-hard head to head;
(d) the recommended model (guarded chooser) never significantly worse than the better by mean
    of base and random.
Each CI: the mean over seeds of the paired difference, 95 % percentile bootstrap over seeds
(10,000 resamples, RandomState(0)), as analyze.py. Also prints, not as a rule, the same (d) for
the previous chooser (best validation precision among every round of base, per-model and
random), replayed from the recorded rounds (per-model_rounds).

Usage: python3 bench/loop/fresh_rules.py LOGISTIC.jsonl GBDT.jsonl
"""
import collections
import json
import sys

import numpy as np


def ci(d):
    d = np.asarray(d, dtype=float)
    rng = np.random.RandomState(0)
    means = d[rng.randint(0, len(d), size=(10000, len(d)))].mean(axis=1)
    return d.mean(), np.percentile(means, 2.5), np.percentile(means, 97.5)


def verdict(lo, hi):
    return "win" if hi < 0 else "loss" if lo > 0 else "tie"


def best_chooser(rounds):
    """LoopChoice.choose replayed: round 0, the strategy's rounds, then each round's controls
    (rounds >= 1); a candidate replaces the best only with a strictly higher validation value.
    Returns the chosen model's test FPR and its arm:round."""
    best_value, best_fpr, best_arm = rounds[0]["validation"], rounds[0]["test_fpr"], "strategy:0"
    candidates = [("strategy", x["round"], x["validation"], x["test_fpr"]) for x in rounds]
    candidates += [(a, x["round"], c["validation"], c["test_fpr"]) for x in rounds if x["round"] > 0
                   for a, c in x["controls"].items()]
    for arm, r, value, fpr in candidates:
        if value is None:
            continue
        if best_value is None or value > best_value:
            best_value, best_fpr, best_arm = value, fpr, f"{arm}:{r}"
    return best_fpr, best_arm


rows = {}
for path in sys.argv[1:3]:
    for line in open(path):
        r = json.loads(line)
        key = (r["set"], r["model"], r["budget"], r["seed"])
        if key in rows:
            continue    # a second worker's duplicate
        if r["model"] == "gbdt":
            r["semi-hard"] = r["per-model"]
        r["chosen_best"], r["chosen_best_arm"] = best_chooser(r["per-model_rounds"])
        rows[key] = r
cells = collections.defaultdict(list)
for key in sorted(rows):
    cells[key[:3]].append(rows[key])
print(f"{len(rows)} lines, {len(cells)} cells, seeds {min(k[3] for k in rows)}–{max(k[3] for k in rows)}\n")


def arr(rs, k):
    return np.array([r[k] for r in rs], dtype=float)


def fmt(t):
    return f"{t[0]:+.4f} [{t[1]:+.4f}, {t[2]:+.4f}] {verdict(t[1], t[2])}"


print("| set | model | budget | base | random | per-model | semi-hard | per-model − random | per-model − base | "
      "per-model − semi-hard | recommended (guarded) − better of base, random | recommended (best, replayed) − better | guarded chose (final models) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
pairs = {"per-model": set(), "semi-hard": set()}
worse_random, worse_semi, unsafe, unsafe_best = [], [], [], []
for (s, m, b), rs in sorted(cells.items()):
    base, rnd, pm, sh = arr(rs, "base"), arr(rs, "random"), arr(rs, "per-model"), arr(rs, "semi-hard")
    better = base if base.mean() <= rnd.mean() else rnd
    vs_rnd, vs_base, vs_sh = ci(pm - rnd), ci(pm - base), ci(pm - sh)
    for arm, x in (("per-model", pm), ("semi-hard", sh)):
        if verdict(*ci(x - base)[1:]) == "win" and verdict(*ci(x - rnd)[1:]) == "win":
            pairs[arm].add((s, m))
    if verdict(*vs_rnd[1:]) == "loss":
        worse_random.append((s, m, b))
    if m == "logistic" and verdict(*vs_sh[1:]) == "loss":
        worse_semi.append((s, m, b))
    guarded, best = ci(arr(rs, "chosen_per-model") - better), ci(arr(rs, "chosen_best") - better)
    if verdict(*guarded[1:]) == "loss":
        unsafe.append((s, m, b))
    if verdict(*best[1:]) == "loss":
        unsafe_best.append((s, m, b))
    arms = collections.Counter("base" if r["chosen_per-model_arm"].endswith(":0") else r["chosen_per-model_arm"].split(":")[0]
                               for r in rs)
    print(f"| {s} | {m} | {b} | {base.mean():.4f} | {rnd.mean():.4f} | {pm.mean():.4f} | {sh.mean():.4f} | {fmt(vs_rnd)} | "
          f"{fmt(vs_base)} | {fmt(vs_sh) if m == 'logistic' else '(same arm)'} | {fmt(guarded)} | {fmt(best)} | "
          + ", ".join(f"{k} {v}" for k, v in arms.most_common()) + " |")

print()
a = len(pairs["per-model"]) >= 3 and len(pairs["per-model"]) > len(pairs["semi-hard"])
print(f"(a) pairs better than both base and random: per-model {len(pairs['per-model'])} of 8 "
      f"({', '.join(f'{s} {m}' for s, m in sorted(pairs['per-model'])) or '—'}), semi-hard {len(pairs['semi-hard'])} "
      f"({', '.join(f'{s} {m}' for s, m in sorted(pairs['semi-hard'])) or '—'}): {'holds' if a else 'fails'}")
print(f"(b) cells worse than random: {len(worse_random)} {worse_random or ''}: {'holds' if not worse_random else 'fails'}")
print(f"(c) logistic cells worse than semi-hard: {len(worse_semi)} {worse_semi or ''}: {'holds' if not worse_semi else 'fails'}")
print(f"(d) cells where the recommended model (guarded) is worse than the better of base and random: {len(unsafe)} {unsafe or ''}: "
      f"{'holds' if not unsafe else 'fails'}")
print(f"(not a rule) the same for the previous chooser, replayed: {len(unsafe_best)} {unsafe_best or ''}")
print(f"ALL HOLD: {a and not worse_random and not worse_semi and not unsafe}")
