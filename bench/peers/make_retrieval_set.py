#!/usr/bin/env python3
"""Generates a seeded retrieval set: queries.npy (n × d), corpus.npy (m × d), pairs.jsonl.

Vectors are L2-normalised Gaussians; query i's positive is corpus row perm[i], made close to
the query (query = normalise(positive + noise)), so scores look like a real retriever's.
Usage: make_retrieval_set.py OUTDIR --queries 50000 --corpus 500000 --dim 384 --seed 7
"""
import argparse, json, os

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--queries", type=int, default=50000)
ap.add_argument("--corpus", type=int, default=500000)
ap.add_argument("--dim", type=int, default=384)
ap.add_argument("--seed", type=int, default=7)
a = ap.parse_args()
os.makedirs(a.out, exist_ok=True)
rng = np.random.default_rng(a.seed)
corpus = np.lib.format.open_memmap(os.path.join(a.out, "corpus.npy"), mode="w+", dtype="<f4", shape=(a.corpus, a.dim))
step = 50000
for s in range(0, a.corpus, step):
    block = rng.standard_normal((min(step, a.corpus - s), a.dim), dtype=np.float32)
    block /= np.linalg.norm(block, axis=1, keepdims=True)
    corpus[s:s + len(block)] = block
corpus.flush()
positives = rng.choice(a.corpus, size=a.queries, replace=False)
q = corpus[np.sort(positives)][np.argsort(np.argsort(positives))] + 0.9 * rng.standard_normal((a.queries, a.dim), dtype=np.float32) / np.sqrt(a.dim)
q /= np.linalg.norm(q, axis=1, keepdims=True)
np.save(os.path.join(a.out, "queries.npy"), q.astype("<f4"))
with open(os.path.join(a.out, "pairs.jsonl"), "w") as f:
    for i, p in enumerate(positives):
        f.write(json.dumps({"query_id": i, "positive_id": int(p)}) + "\n")
