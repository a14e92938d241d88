#!/usr/bin/env python3
"""Summarizes bench/loop/run_loop_bench.py's results: per (set, model, budget) the mean FPR at
TPR 0.9 of each arm and its paired difference from the random control over seeds with a 95 %
percentile-bootstrap CI (10,000 resamples of the seeds, seeded); a win is a CI below 0 (lower
FPR), a loss a CI above 0, else a tie. Then, per arm and model, a Wilcoxon signed-rank test of
the per-cell mean differences across the (set, budget) cells (Demšar, JMLR 2006), and the
recommended model against the initial model and the random control.

Usage: python3 bench/loop/analyze.py results.jsonl [more.jsonl ...] > tables.md
"""
import collections
import json
import sys

import numpy as np
from scipy.stats import wilcoxon

# Lines with the same (set, model, budget, seed) are merged: a later file adds the arms of a
# later run to the same paired split. Arms both files hold (base, random) must agree: the same
# seed gives the same split, initial model and random control.
merged, mismatches = {}, collections.Counter()
for path in sys.argv[1:]:
    for line in open(path):
        r = json.loads(line)
        key = (r["set"], r["model"], r["budget"], r["seed"])
        if key not in merged:
            merged[key] = r
            continue
        for k, v in r.items():
            if k not in merged[key]:
                merged[key][k] = v
            elif k in ("base", "random") and abs(merged[key][k] - v) > 1e-12:
                mismatches[k] += 1
rows = [merged[k] for k in sorted(merged)]   # seed order within a cell: the bootstrap does not depend on file order
cells = collections.defaultdict(list)
for r in rows:
    cells[(r["set"], r["model"], r["budget"])].append(r)
# Strategy arms are the runs (each records NAME_mined); controls and recommended models follow.
RUNS = [k[:-len("_mined")] for k in rows[0] if k.endswith("_mined") and all(k in r for r in rows)]
ARMS = ["base"] + RUNS + [c for c in ("random-in-band", "full-pool") if all(c in r for r in rows)] + ["chosen_" + n for n in RUNS]
CHOSEN = RUNS
if mismatches:
    print(f"**Warning**: runs disagree on {dict(mismatches)} of {len(rows)} merged lines.\n")


def ci(d, seed=0):
    rng = np.random.RandomState(seed)
    d = np.asarray(d)
    means = d[rng.randint(0, len(d), size=(10000, len(d)))].mean(axis=1)
    return d.mean(), np.percentile(means, 2.5), np.percentile(means, 97.5)


def verdict(lo, hi):
    return "win" if hi < 0 else "loss" if lo > 0 else "tie"


print("| set | model | budget | seeds | test negatives | " + " | ".join(["random"] + ARMS) + " |")
print("|---|---|---|---|---|" + "---|" * (len(ARMS) + 1))
tally = collections.defaultdict(collections.Counter)
per_cell = collections.defaultdict(list)
for (s, m, b), rs in sorted(cells.items()):
    rnd = np.array([r["random"] for r in rs])
    out = [s, m, str(b), str(len(rs)), f"{np.mean([r['test_negatives'] for r in rs]):.0f}", f"{rnd.mean():.4f}"]
    for arm in ARMS:
        d = np.array([r[arm] for r in rs]) - rnd
        mean, lo, hi = ci(d)
        v = verdict(lo, hi)
        tally[(arm, m)][v] += 1
        per_cell[(arm, m)].append(mean)
        out.append(f"{np.mean([r[arm] for r in rs]):.4f} ({mean:+.4f} [{lo:+.4f}, {hi:+.4f}] {v})")
    print("| " + " | ".join(out) + " |")

print()
print("Each arm against the random control (wins / ties / losses over (set, budget) cells; Wilcoxon over the cells' mean differences):")
print()
print("| arm | model | wins | ties | losses | Wilcoxon p (n cells) |")
print("|---|---|---|---|---|---|")
for (arm, m), t in sorted(tally.items()):
    d = per_cell[(arm, m)]
    p = wilcoxon(d).pvalue if len(d) >= 2 and any(x != 0 for x in d) else float("nan")
    print(f"| {arm} | {m} | {t['win']} | {t['tie']} | {t['loss']} | {p:.3f} ({len(d)}) |")

print()
print("The recommended model against the initial model and against the random control (paired over seeds, FPR difference, 95 % CI):")
print()
print("| set | model | budget | sampler | chosen − base | chosen − random | chosen − better of the two (by mean) | chosen arms |")
print("|---|---|---|---|---|---|---|---|")
for (s, m, b), rs in sorted(cells.items()):
    for sampler in CHOSEN:
        ch = np.array([r[f"chosen_{sampler}"] for r in rs])
        base = np.array([r["base"] for r in rs]); rnd = np.array([r["random"] for r in rs])
        better = base if base.mean() <= rnd.mean() else rnd
        parts = []
        for ref in (base, rnd, better):
            mean, lo, hi = ci(ch - ref)
            parts.append(f"{mean:+.4f} [{lo:+.4f}, {hi:+.4f}] {verdict(lo, hi)}")
        arms = collections.Counter(r[f"chosen_{sampler}_arm"].split(":")[0] for r in rs)
        print(f"| {s} | {m} | {b} | {sampler} | " + " | ".join(parts) + " | " + ", ".join(f"{k} {v}" for k, v in arms.most_common()) + " |")

print()
print("Each strategy arm against both the initial model and the random control (a cell counts when both paired CIs exclude 0 in its favour; a (set, model) pair when a cell of either budget does):")
print()
print("| arm | model | cells better than both | cells worse than either | (set, model) pairs better than both |")
print("|---|---|---|---|---|")
for arm in [a for a in ARMS if a not in ("base",)]:
    for m in sorted({k[1] for k in cells}):
        both, worse, pairs = 0, 0, set()
        for (s, mm, b), rs in sorted(cells.items()):
            if mm != m:
                continue
            x = np.array([r[arm] for r in rs])
            v_base = verdict(*ci(x - np.array([r["base"] for r in rs]))[1:])
            v_rnd = verdict(*ci(x - np.array([r["random"] for r in rs]))[1:])
            if v_base == "win" and v_rnd == "win":
                both += 1
                pairs.add(s)
            if "loss" in (v_base, v_rnd):
                worse += 1
        n = len({k[0] for k in cells if k[1] == m})
        print(f"| {arm} | {m} | {both} of {sum(1 for k in cells if k[1] == m)} | {worse} | {len(pairs)} of {n}: {', '.join(sorted(pairs)) or '—'} |")

print()
secs = collections.defaultdict(list)
for r in rows:
    for run in RUNS:
        secs[(run, r["model"])].append((r[f"{run}_strategy_seconds"], r[f"{run}_control_seconds"]))
for (run, m), v in sorted(secs.items()):
    a = np.array(v)
    print(f"- {run} run, {m}: strategy-arm training {a[:, 0].sum():.1f} s, random control's training {a[:, 1].sum():.1f} s "
          f"(the control adds {100 * a[:, 1].sum() / max(a[:, 0].sum(), 1e-9):.0f} % to the strategy's training time; "
          "under load, quality run — not a timing)")
