#!/usr/bin/env python3
"""Writes a seeded, scored and labelled CSV pool of about SIZE gigabytes for the bounded-memory
check in RELIABILITY.md (never commit the output; write it under /tmp).

Usage: python3 bench/make_pool_csv.py OUT.csv SIZE_GB [--seed S]
Columns: id,label,score,f1..f8. About 10% positives; scores are a noisy logistic of the
label, so there are hard negatives at every threshold. A block of 100,000 rows is drawn
from numpy's PCG64 and repeated with distinct ids (`BLOCK-ROW`) until the size is reached,
so the file is the same on every machine for the same arguments and is written at disk
speed rather than at Python's number-formatting speed.
"""
import argparse

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("size_gb", type=float)
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    rng = np.random.Generator(np.random.PCG64(args.seed))
    rows = 100_000
    labels = (rng.random(rows) < 0.1).astype(np.int8)
    scores = 1 / (1 + np.exp(-(2.5 * labels - 1.5 + rng.standard_normal(rows))))
    features = np.round(rng.standard_normal((rows, 8)) + labels[:, None] * 0.3, 4)
    template = "".join(f"@@@@@@-{i},{labels[i]},{scores[i]:.6f}," + ",".join(map(str, features[i])) + "\n"
                       for i in range(rows)).encode()
    target = int(args.size_gb * 1e9)
    written = 0
    block = 0
    with open(args.out, "wb") as f:
        f.write(("id,label,score," + ",".join(f"f{k}" for k in range(1, 9)) + "\n").encode())
        while written < target:
            text = template.replace(b"@@@@@@", b"%06d" % block)
            f.write(text)
            written += len(text)
            block += 1
    row = block * rows
    print(f"{args.out}: {row} rows, {written / 1e9:.2f} GB")


if __name__ == "__main__":
    main()
