#!/usr/bin/env python3
"""Projects a 100 M passages × 10 M queries × 768 job from bench/scale/measure.py's measurements.

Usage: python3 bench/scale/project.py [bench/scale/out/results.json] [--passages 1e8 --queries 1e7 --dim 768]
       [--block-queries 200000 --shard-rows 2000000 --node-cores 64]

The model (each term measured, none assumed, except the GPU section):
- search: 2·N·M·d FLOP at R GFLOP per core-second (R = the one-thread run's FLOP over the whole
  process's CPU seconds: a lower bound of the kernel's rate, since it includes loading and selection),
  times an assumed parallel efficiency E across a node's cores (`--parallel-efficiency`, default
  0.9: the kernel splits corpus blocks across threads with no shared writes; the two-thread run
  on this shared 2-vCPU machine cannot measure it, its figure is printed for information only);
- per-(block, shard) task overhead: the slope of the simulation's summed shard CPU time against the
  shard count, per query of the block (each shard process gathers its queries, computes positives,
  writes its partial file);
- partial files: 8 + 28·(P + depth) bytes per query per shard (P positives, depth = range_max + P),
  checked against the measured file;
- merge: the slope of merge CPU time against (queries × parts), per query-part.
The simulation checks the model's shape: summed shard CPU is flat plus a linear overhead in the
shard count, the merge is linear in the parts, and every merged output is byte-identical.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np


def fit(xs, ys):
    """Least-squares line y = a + b·x; returns (a, b)."""
    b, a = np.polyfit(np.asarray(xs, float), np.asarray(ys, float), 1)
    return float(a), float(b)


def hours(seconds):
    return seconds / 3600.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", default="bench/scale/out/results.json")
    parser.add_argument("--passages", type=float, default=1e8)
    parser.add_argument("--queries", type=float, default=1e7)
    parser.add_argument("--dim", type=int, default=768)
    parser.add_argument("--block-queries", type=int, default=100_000)
    parser.add_argument("--parallel-efficiency", type=float, default=0.9)
    parser.add_argument("--shard-rows", type=int, default=2_000_000)
    parser.add_argument("--node-cores", type=int, default=64)
    parser.add_argument("--gpu-tflops", type=float, default=19.5, help="FP32 peak per GPU (A100: 19.5)")
    parser.add_argument("--gpu-efficiency", type=float, default=0.5, help="assumed fraction of peak for GEMM + top-k")
    args = parser.parse_args()
    r = json.loads(Path(args.results).read_text())
    n, m, d = r["queries"], r["corpus"], r["dim"]
    one, two = r["one_shard"]["1"], r["one_shard"]["2"]
    rate = 2.0 * n * m * d / one["cpu"] / 1e9                    # GFLOP per core-second (whole process)
    measured_efficiency = two["gflops_search_wall"] / (2 * one["gflops_search_wall"])
    efficiency = args.parallel_efficiency
    sim = r["simulation"]
    shard_a, shard_b = fit([s["shards"] for s in sim], [s["shard_cpu_total"] for s in sim])
    merge_a, merge_b = fit([n * s["shards"] for s in sim], [s["merge_cpu"] for s in sim])
    overhead_per_query = shard_b / n                              # CPU seconds per query per extra shard task
    depth = r["partial_file"]["depth"]
    per_query_bytes = 8 + 28 * (1 + depth)

    N, M, D = args.queries, args.passages, args.dim
    blocks = math.ceil(N / args.block_queries)
    shards = math.ceil(M / args.shard_rows)
    tasks = blocks * shards
    flop = 2.0 * N * M * D
    search_core_s = flop / (rate * 1e9)
    overhead_core_s = tasks * args.block_queries * overhead_per_query * (D / d)  # gathering scales with d
    merge_core_s = N * shards * merge_b
    partial_bytes = N * shards * per_query_bytes
    core_s = search_core_s + overhead_core_s + merge_core_s
    shard_bytes = args.shard_rows * D * 4
    block_bytes = args.block_queries * D * 4
    lists_bytes = args.block_queries * depth * 28
    heaps_bytes = args.node_cores * args.block_queries * min(depth, args.shard_rows) * 12

    lines = []
    p = lines.append
    p(f"Measured ({n:,} queries × {m:,} passages × {d}, load average {r['load_average'][0]:.1f} before, "
      f"{r['load_average_after'][0]:.1f} after, {r['cores']} cores):")
    p(f"- one thread: search stage {one['search_seconds']:.2f} s = {one['gflops_search_wall']:.1f} GFLOP/s by wall; "
      f"process {one['cpu']:.2f} CPU-s = {rate:.1f} GFLOP per CPU-second (FMA ceiling {r['fma_ceiling_per_core']} per core); "
      f"peak RSS {one['rss_mib']:.0f} MiB")
    p(f"- two threads: search stage {two['search_seconds']:.2f} s = {two['gflops_search_wall']:.1f} GFLOP/s "
      f"({measured_efficiency:.2f} of 2× one thread by wall, under the load above; not used); peak RSS {two['rss_mib']:.0f} MiB")
    p(f"- partial file: {r['partial_file']['bytes_per_query']:.1f} bytes per query (formula 8 + 28·(1 + depth {depth}) = "
      f"{r['partial_file']['formula_bytes_per_query']})")
    p(f"- shard tasks: summed CPU = {shard_a:.2f} s + {shard_b:.3f} s × shards (overhead {overhead_per_query * 1e6:.1f} µs "
      f"per query per shard)")
    p(f"- merge: CPU = {merge_a:.3f} s + {merge_b * 1e6:.2f} µs × (queries × parts)")
    p("")
    p(f"Projection: {N:,.0f} queries × {M:,.0f} passages × {D}, query blocks of {args.block_queries:,} "
      f"({blocks} blocks), corpus shards of {args.shard_rows:,} rows ({shards} shards): {tasks:,} search tasks, "
      f"{blocks} merges.")
    p(f"- search {flop:.3g} FLOP = {hours(search_core_s):,.0f} core-hours; task overhead {hours(overhead_core_s):,.0f} "
      f"core-hours; merge {hours(merge_core_s):,.1f} core-hours; total {hours(core_s):,.0f} core-hours")
    p(f"- partial files {partial_bytes / 1e9:,.0f} GB in all ({args.block_queries * per_query_bytes / 1e6:,.0f} MB per task); "
      f"each merge reads {N / blocks * shards * per_query_bytes / 1e9:,.1f} GB")
    p(f"- memory per worker process (one task on a {args.node_cores}-core node): corpus shard {shard_bytes / 2**30:.1f} GiB "
      f"memory-mapped (page cache, read once), query block {block_bytes / 2**30:.2f} GiB, candidate lists "
      f"{lists_bytes / 2**30:.2f} GiB, per-thread heaps {heaps_bytes / 2**30:.2f} GiB")
    p(f"- assumed parallel efficiency across a node's cores: {efficiency:.2f}")
    for nodes in (8, 16, 64):
        wall = core_s / (nodes * args.node_cores * efficiency)
        p(f"- {nodes} CPU nodes × {args.node_cores} cores: {hours(wall):,.1f} h wall")
    need = core_s / (24 * 3600 * args.node_cores * efficiency)
    p(f"- within 24 h: {math.ceil(need)} nodes × {args.node_cores} cores")
    gpu_s = flop / (args.gpu_tflops * 1e12 * args.gpu_efficiency)
    p(f"- GPU workers (assumed, not measured: {args.gpu_tflops} TFLOP/s FP32 peak, {args.gpu_efficiency:.0%} of it for "
      f"GEMM + top-k): search {hours(gpu_s):,.0f} GPU-hours; {math.ceil(hours(gpu_s) / 24)} GPUs for 24 h, "
      f"{math.ceil(hours(gpu_s) / 6)} for 6 h; merge as above on CPU")
    p(f"- merge read rate: {sim[-1]['partial_bytes'] / sim[-1]['merge_cpu'] / 1e6:,.0f} MB per CPU-second "
      f"(page cache); at 1 GB/s of storage per merge, a merge's {N / blocks * shards * per_query_bytes / 1e9:,.1f} GB "
      f"takes {N / blocks * shards * per_query_bytes / 1e9:,.0f} s")
    shape = [(s["shards"], s["shard_cpu_total"], s["merge_cpu"], s["identical_to_single_run"]) for s in sim]
    p("")
    p("Simulation (shards, summed shard CPU s, merge CPU s, identical): " +
      "; ".join(f"{s}: {c:.2f}, {mc:.3f}, {ok}" for s, c, mc, ok in shape))
    residual = max(abs(c - (shard_a + shard_b * s)) / c for s, c, _, _ in shape)
    p(f"Linear fit of summed shard CPU vs shards: largest relative residual {residual:.1%}")
    p("Shard peak RSS (MiB) vs shards: " + ", ".join(f"{s['shards']}: {s['shard_rss_max_mib']:.0f}" for s in sim)
      + f"; merge peak RSS {max(s['merge_rss_mib'] for s in sim):.0f} MiB")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
