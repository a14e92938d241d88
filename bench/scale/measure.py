#!/usr/bin/env python3
"""Measures what docs/scale.md projects from: per-shard search throughput and memory, partial-file
bytes per query, the merge's cost, and a many-small-shards simulation (time vs shards).

Usage (release binary; timings under the shared lock, see /work/prompts/common.md):
    flock -x -w 1800 /tmp/quarry-bench.lock python3 bench/scale/measure.py \
        --binary .build/release/quarry --out bench/scale/out [--queries 1000 --corpus 100000 --dim 768]

Every figure comes from the `quarry` process itself: wall time and CPU time (user + sys) and peak
resident memory from `os.wait4` on that child (ru_maxrss), and the stage timings of its `--json`
report. GFLOP/s counts 2·n·m·d floating-point operations for the exact search (one FMA = 2), and is
given per wall second of the search stage and per CPU second of the whole process (the latter is
robust to other processes sharing the cores). Both are checked against the machine's FMA ceiling,
measured in the same run by bench/fma_peak.swift (`--fma-peak`, per CPU-second of one thread); a
figure above it means a timing or threading bug, and the script says so. `--threads 1` must also
keep the process's CPU time at or below its wall time.

Data: seeded, L2-normalised standard-normal vectors (numpy PCG64, seed 1), one positive per query.
Writes OUT/results.json (read by bench/scale/project.py).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

FMA_CEILING_PER_CORE = None  # GFLOP per CPU-second of one core: measured by bench/fma_peak.swift (--fma-peak)


def run(command, cwd=None):
    """Runs `command`; returns its stdout and the child's own wall, CPU seconds and peak RSS (MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"failed ({process.returncode}): {' '.join(map(str, command))}\n{stderr.decode()[-2000:]}")
    return stdout.decode(), dict(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_mib=usage.ru_maxrss / 1024)


def make_data(out: Path, n: int, m: int, d: int):
    rng = np.random.default_rng(1)
    def unit(rows):
        x = rng.standard_normal((rows, d), dtype=np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True)
    corpus = np.lib.format.open_memmap(out / "corpus.npy", mode="w+", dtype="<f4", shape=(m, d))
    for start in range(0, m, 65536):
        corpus[start:start + 65536] = unit(min(65536, m - start))
    positives = rng.choice(m, size=n, replace=False)
    queries = 0.5 * corpus[positives] + 0.5 * unit(n)
    np.save(out / "queries.npy", (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype("<f4"))
    corpus.flush()
    del corpus
    with open(out / "pairs.jsonl", "w") as handle:
        for q, p in enumerate(positives):
            handle.write(f'{{"query_id":{q},"positive_id":{int(p)}}}\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", default="bench/scale/out")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--corpus", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=768)
    parser.add_argument("--shards", default="1,2,4,8,16,32")
    parser.add_argument("--num-negatives", type=int, default=5)
    parser.add_argument("--fma-peak", required=True, help="the compiled bench/fma_peak.swift")
    args = parser.parse_args()
    peak_text, _ = run([args.fma_peak])
    print(peak_text, flush=True)
    per_cpu = [float(line.split(",")[1].split()[0]) for line in peak_text.splitlines() if line.startswith("threads 1:")]
    ceiling = per_cpu[0]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    n, m, d = args.queries, args.corpus, args.dim
    if not (out / "corpus.npy").exists() or np.load(out / "corpus.npy", mmap_mode="r").shape != (m, d) \
            or np.load(out / "queries.npy", mmap_mode="r").shape != (n, d):
        make_data(out, n, m, d)
    binary = os.path.abspath(args.binary)
    base = [binary, "mine-retrieval", "--queries", str(out / "queries.npy"), "--corpus", str(out / "corpus.npy"),
            "--pairs", str(out / "pairs.jsonl"), "--num-negatives", str(args.num_negatives),
            "--relative-margin=0.05", "--quiet"]
    flop = 2.0 * n * m * d
    results = dict(queries=n, corpus=m, dim=d, num_negatives=args.num_negatives, relative_margin=0.05,
                   load_average=os.getloadavg(), cores=os.cpu_count(), fma_ceiling_per_core=ceiling,
                   fma_peak_output=peak_text.strip().splitlines(),
                   warnings=[])

    # 1. One shard (here: the whole corpus), 1 and 2 threads: search rate and the process's memory.
    threads = {}
    for t in (1, 2):
        best = None
        for _ in range(2):
            stdout, usage = run(base + ["--threads", str(t), "--json", "-o", str(out / "single.jsonl")])
            report = json.loads(stdout)
            search = report["timings_seconds"]["dedupe_and_search"]
            if best is None or search < best["search_seconds"]:
                best = dict(search_seconds=search, **usage, search_depth=report["parameters"]["search_depth"])
        best["gflops_search_wall"] = flop / best["search_seconds"] / 1e9
        best["gflop_per_cpu_second"] = flop / best["cpu"] / 1e9
        if best["gflop_per_cpu_second"] > ceiling * 1.02:
            results["warnings"].append(f"threads {t}: {best['gflop_per_cpu_second']:.1f} GFLOP per CPU-second is above "
                                       f"the FMA ceiling {ceiling:.1f}: a timing bug")
        if best["gflops_search_wall"] > ceiling * t * 1.02:
            results["warnings"].append(f"threads {t}: {best['gflops_search_wall']:.1f} GFLOP/s by wall time exceeds "
                                       f"{t} cores' ceiling: --threads does not bind the search, or the timing is wrong")
        if t == 1 and best["cpu"] > best["wall"] * 1.05:
            results["warnings"].append(f"--threads 1 used {best['cpu']:.2f} CPU-s in {best['wall']:.2f} s wall: more than one core")
        threads[str(t)] = best
    results["one_shard"] = threads

    # 2. The partial file of one shard: bytes per query.
    _, usage = run(base + ["--threads", "1", "--corpus-shard", "0/1", "-o", str(out / "part-whole.bin")])
    size = (out / "part-whole.bin").stat().st_size
    depth = threads["1"]["search_depth"]
    results["partial_file"] = dict(bytes=size, bytes_per_query=size / n, depth=depth,
                                   formula_bytes_per_query=8 + 28 * (1 + depth), process=usage)

    # 3. Many small shards: every shard as its own process on one thread, then one merge.
    simulation = []
    reference = (out / "single.jsonl").read_bytes()
    for shards in [int(s) for s in args.shards.split(",")]:
        directory = out / f"shards-{shards}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir()
        parts, per_shard = [], []
        for i in range(shards):
            part = directory / f"part-{i}.bin"
            _, usage = run(base + ["--threads", "1", "--corpus-shard", f"{i}/{shards}", "-o", str(part)])
            parts.append(str(part))
            per_shard.append(usage)
        merged = directory / "merged.jsonl"
        stdout, merge = run([binary, "merge", *parts, "--pairs", str(out / "pairs.jsonl"), "--num-negatives",
                             str(args.num_negatives), "--relative-margin=0.05", "--json", "-o", str(merged)])
        read_parts = json.loads(stdout)["timings_seconds"].get("read_parts")
        partial_bytes = sum(Path(p).stat().st_size for p in parts)
        simulation.append(dict(
            shards=shards, shard_cpu_total=sum(u["cpu"] for u in per_shard),
            shard_wall_total=sum(u["wall"] for u in per_shard), shard_wall_max=max(u["wall"] for u in per_shard),
            shard_rss_max_mib=max(u["rss_mib"] for u in per_shard), partial_bytes=partial_bytes,
            merge_wall=merge["wall"], merge_cpu=merge["cpu"], merge_rss_mib=merge["rss_mib"],
            merge_read_parts_seconds=read_parts, identical_to_single_run=merged.read_bytes() == reference))
        shutil.rmtree(directory, ignore_errors=True)
        print(json.dumps(simulation[-1]), flush=True)
    results["simulation"] = simulation
    results["load_average_after"] = os.getloadavg()
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k != "simulation"}, indent=2))


if __name__ == "__main__":
    main()
