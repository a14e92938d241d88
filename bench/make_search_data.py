#!/usr/bin/env python3
"""Writes seeded, L2-normalized float32 embeddings for the search benchmark.

Usage: python3 bench/make_search_data.py N M D [--seed S] [--out bench/out]
Writes OUT/search-NxMxD/{queries,corpus}.npy (C order, <f4). Rows are standard normal
vectors scaled to unit length, drawn from numpy's PCG64 in chunks of 65,536 rows, so the
files are the same on every machine for the same arguments. The corpus is written through
a memory map, so a 1,000,000 × 384 corpus (1.5 GB) never sits in memory whole.
"""
import argparse
import os

import numpy as np
from numpy.lib.format import open_memmap


def fill(path, rows, dim, rng, chunk=65536):
    out = open_memmap(path, mode="w+", dtype="<f4", shape=(rows, dim))
    for start in range(0, rows, chunk):
        stop = min(rows, start + chunk)
        block = rng.standard_normal((stop - start, dim), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:stop] = block
    out.flush()
    del out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("m", type=int)
    parser.add_argument("d", type=int)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "out"))
    args = parser.parse_args()
    folder = os.path.join(args.out, f"search-{args.n}x{args.m}x{args.d}")
    os.makedirs(folder, exist_ok=True)
    queries_rng, corpus_rng = (np.random.Generator(np.random.PCG64(s))
                               for s in np.random.SeedSequence(args.seed).spawn(2))
    fill(os.path.join(folder, "queries.npy"), args.n, args.d, queries_rng)
    fill(os.path.join(folder, "corpus.npy"), args.m, args.d, corpus_rng)
    print(folder)


if __name__ == "__main__":
    main()
