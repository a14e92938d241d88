"""Makes the guides' small data: the loop's splits of the bundled spam data, and id files for
the retrieval fixtures.

1. train.csv, pool.csv, validation.csv, test.csv — Examples/data/spam.csv split for the loop.

A seeded, stratified split as in detector bootstrapping (the demo does the same in Swift):
25% of each class to test, 20% to validation; of the rest, every spam but only 10% of the
legitimate mails to train, and the other legitimate mails to the pool where hard negatives
are mined. The rows are copied byte for byte; the same seed gives the same files.

2. queries_ids.jsonl, corpus_ids.jsonl — python/tests/fixtures/retrieval/{queries,corpus}.ids
   (one id a line) as the JSONL id files `quarry mine-retrieval --query-ids/--corpus-ids` reads.

Run from anywhere: python3 Guides/data/make_guide_data.py
"""
import json
import csv
import io
import random
from pathlib import Path

SEED = 20261202
root = Path(__file__).resolve().parents[2]
lines = (root / "Examples/data/spam.csv").read_text().splitlines(keepends=True)
header, rows = lines[0], lines[1:]
label_at = header.rstrip("\n").split(",").index("label")
labels = [next(csv.reader(io.StringIO(r)))[label_at] for r in rows]

rng = random.Random(SEED)
sets = {"train": [], "pool": [], "validation": [], "test": []}
for cls in ("1", "0"):
    idx = [i for i, y in enumerate(labels) if y == cls]
    rng.shuffle(idx)
    n_test, n_val = round(0.25 * len(idx)), round(0.2 * len(idx))
    sets["test"] += idx[:n_test]
    sets["validation"] += idx[n_test:n_test + n_val]
    rest = idx[n_test + n_val:]
    if cls == "1":
        sets["train"] += rest
    else:
        n_train = round(0.1 * len(rest))
        sets["train"] += rest[:n_train]
        sets["pool"] += rest[n_train:]
for name, idx in sets.items():
    with open(Path(__file__).parent / f"{name}.csv", "w") as f:
        f.write(header)
        f.writelines(rows[i] for i in sorted(idx))
    print(name, len(idx))

fixtures = root / "python/tests/fixtures/retrieval"
for name in ("queries", "corpus"):
    ids = (fixtures / f"{name}.ids").read_text().split()
    with open(Path(__file__).parent / f"{name}_ids.jsonl", "w") as f:
        f.writelines(json.dumps(i) + "\n" for i in ids)
    print(f"{name}_ids.jsonl", len(ids))
