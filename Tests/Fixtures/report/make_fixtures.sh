#!/usr/bin/env bash
# Regenerates the report fixtures from the bundled spam data with the built quarry binary:
#   explain.json  — `quarry explain` on Examples/data/spam_scored.csv (39 permutations, so it is quick)
#   loop-run/     — manifest.json and round-NNN/metrics.json of a 4-round logistic expand loop
#                   (the only files `quarry report` reads; models and mined rows are left out)
#   loop-summary.json — that loop's `--json` summary
# Usage: Tests/Fixtures/report/make_fixtures.sh [path/to/quarry]
set -euo pipefail
cd "$(dirname "$0")/../../.."
quarry="${1:-.build/debug/quarry}"
out=Tests/Fixtures/report
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$quarry" explain Examples/data/spam_scored.csv --label label --score score --id id --target-recall 0.9 \
    --permutations 39 --seed 1 -o "$out/explain.json" > /dev/null
# A bootstrapping split: every spam of the training share, 150 legitimate mails, the rest of those the pool.
/usr/bin/env python3 - "$work" <<'PY'
import csv, random, sys
work = sys.argv[1]
rows = list(csv.reader(open("Examples/data/spam.csv")))
header, rows = rows[0], rows[1:]
random.Random(1).shuffle(rows)
label = header.index("label")
test, val, rest = rows[:1100], rows[1100:2000], rows[2000:]
pos = [r for r in rest if r[label] == "1"]
neg = [r for r in rest if r[label] == "0"]
for name, part in [("train", pos + neg[:150]), ("pool", neg[150:]), ("val", val), ("test", test)]:
    with open(f"{work}/{name}.csv", "w", newline="") as f:
        w = csv.writer(f); w.writerow(header); w.writerows(part)
PY
"$quarry" loop --train "$work/train.csv" --pool "$work/pool.csv" --validation "$work/val.csv" --test "$work/test.csv" \
    --label label --id id --model logistic --strategy expand --operating-point recall=0.9 --rounds 4 --per-round 60 \
    -o "$work/run" --json --quiet > "$out/loop-summary.json"
rm -rf "$out/loop-run"
mkdir -p "$out/loop-run"
cp "$work/run/manifest.json" "$out/loop-run/"
for round in "$work"/run/round-*; do
    mkdir -p "$out/loop-run/$(basename "$round")"
    cp "$round/metrics.json" "$out/loop-run/$(basename "$round")/"
done
# The manifest names temporary input paths; keep only their file names so the fixture is stable.
sed -i "s#$work/##g" "$out/loop-run/manifest.json" "$out/loop-summary.json"
