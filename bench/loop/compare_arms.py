#!/usr/bin/env python3
"""Two strategy arms head to head: per (set, model, budget) cell the paired difference A − B of
FPR at TPR 0.9 over seeds with a 95 % percentile bootstrap (10,000 resamples, seeded; a win is
a CI below 0), and a Wilcoxon signed-rank test of the cells' mean differences per model.
Lines of several result files on the same (set, model, budget, seed) are merged.

Usage: python3 bench/loop/compare_arms.py ARM_A ARM_B results.jsonl [more.jsonl ...]
"""
import json, collections, numpy as np, sys
from scipy.stats import wilcoxon
merged = {}
for p in sys.argv[3:]:
    for l in open(p):
        r = json.loads(l); k = (r["set"], r["model"], r["budget"], r["seed"])
        merged.setdefault(k, {}).update({a: b for a, b in r.items() if a not in merged.get(k, {})})
a, b = sys.argv[1], sys.argv[2]
print(f"| set | model | budget | {a} − {b}: mean [95 % CI] verdict |")
print("|---|---|---|---|")
cells = collections.defaultdict(list)
for k, r in sorted(merged.items()): cells[k[:3]].append(r[a] - r[b])   # seed order: independent of file order
t = collections.Counter(); means = collections.defaultdict(list)
for k, d in sorted(cells.items()):
    d = np.array(d); rng = np.random.RandomState(0)
    m = d[rng.randint(0, len(d), size=(10000, len(d)))].mean(axis=1)
    lo, hi = np.percentile(m, [2.5, 97.5]); v = "win" if hi < 0 else "loss" if lo > 0 else "tie"
    t[(k[1], v)] += 1; means[k[1]].append(d.mean())
    print("|", " | ".join(map(str, k)), "|", f"{d.mean():+.4f} [{lo:+.4f}, {hi:+.4f}] {v} |")
print()
for m in sorted(means):
    print(f"- {m}: {t[(m, 'win')]} wins, {t[(m, 'tie')]} ties, {t[(m, 'loss')]} losses; Wilcoxon p = {wilcoxon(means[m]).pvalue:.3f} over {len(means[m])} cells")
