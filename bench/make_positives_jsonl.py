#!/usr/bin/env python3
"""Writes one seeded positive per query, `{"query_id": q, "positive_id": c}`, for the
retrieval memory check in RELIABILITY.md.

Usage: python3 bench/make_positives_jsonl.py QUERIES CORPUS OUT.jsonl [--seed S]
"""
import argparse

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", type=int)
    parser.add_argument("corpus", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    rng = np.random.Generator(np.random.PCG64(args.seed))
    positives = rng.integers(0, args.corpus, size=args.queries)
    with open(args.out, "w") as f:
        for q, c in enumerate(positives):
            f.write('{"query_id": %d, "positive_id": %d}\n' % (q, c))


if __name__ == "__main__":
    main()
