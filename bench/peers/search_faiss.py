#!/usr/bin/env python3
"""Peer timings for the exact inner-product top-k search benchmark.

Usage: python3 bench/peers/search_faiss.py DIR [--k 50] [--repeats 3] [--json]
DIR holds queries.npy and corpus.npy (bench/make_search_data.py). Times, on the same files:
  faiss      faiss-cpu IndexFlatIP.search (exact; all threads), corpus added first (untimed)
  numpy      blocked q @ c.T (OpenBLAS sgemm) + argpartition/argsort per block, merged
  sgemm      the same blocked q @ c.T alone, into a reused buffer: the sgemm peak on this shape
Writes faiss's indices to DIR/faiss-k{K}.npy so the Swift benchmark can check agreement.
Run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (they can force a slow kernel);
the BLAS in use is reported through threadpoolctl.
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np


def best_of(repeats, fn):
    """Best wall time, the CPU time (all threads) of that run, and the last result."""
    best, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = fn()
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - cpu_start
    return best, cpu, result


def numpy_topk(q, c, k, block):
    n = q.shape[0]
    best_scores = np.full((n, 0), -np.inf, dtype=np.float32)
    best_idx = np.zeros((n, 0), dtype=np.int64)
    scores = np.empty((n, block), dtype=np.float32)
    rows = np.arange(n)[:, None]
    for start in range(0, c.shape[0], block):
        blk = c[start:start + block]
        s = np.matmul(q, blk.T, out=scores[:, :blk.shape[0]])
        kk = min(k, blk.shape[0])
        part = np.argpartition(-s, kk - 1, axis=1)[:, :kk]
        cand_scores = np.concatenate([best_scores, s[rows, part]], axis=1)
        cand_idx = np.concatenate([best_idx, part + start], axis=1)
        keep = np.argsort(-cand_scores, axis=1, kind="stable")[:, :k]
        best_scores, best_idx = cand_scores[rows, keep], cand_idx[rows, keep]
    return best_scores, best_idx


def sgemm_only(q, c, block):
    scores = np.empty((q.shape[0], block), dtype=np.float32)
    for start in range(0, c.shape[0], block):
        blk = c[start:start + block]
        np.matmul(q, blk.T, out=scores[:, :blk.shape[0]])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--block", type=int, default=0,
                        help="corpus rows per numpy block (default: 2^26 / n, a multiple of 1024, at most 16384)")
    parser.add_argument("--skip", default="", help="comma-separated peers to skip")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    import faiss
    from threadpoolctl import threadpool_info

    q = np.load(os.path.join(args.dir, "queries.npy"), mmap_mode="r")
    c = np.load(os.path.join(args.dir, "corpus.npy"), mmap_mode="r")
    q = np.ascontiguousarray(q, dtype=np.float32)
    n, d = q.shape
    m = c.shape[0]
    flops = 2.0 * n * m * d
    if args.block <= 0:
        args.block = max(1024, min(16384, (2 ** 26 // n) // 1024 * 1024))
    out = {"n": n, "m": m, "d": d, "k": args.k, "numpy_block": args.block, "faiss_threads": faiss.omp_get_max_threads(),
           "blas": [{k: v for k, v in info.items() if k in ("internal_api", "version", "architecture",
                                                            "num_threads", "threading_layer")}
                    for info in threadpool_info()],
           "env": {v: os.environ.get(v) for v in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS")},
           "peers": {}}

    def peak_rss_mib():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

    if "sgemm" not in skip:
        seconds, cpu, _ = best_of(args.repeats, lambda: sgemm_only(q, c, args.block))
        out["peers"]["numpy sgemm only (no top-k)"] = {"seconds": seconds, "gflops": flops / seconds / 1e9, "cpu_seconds": cpu,
                                                       "peak_rss_mib": peak_rss_mib()}
    if "numpy" not in skip:
        seconds, cpu, _ = best_of(args.repeats, lambda: numpy_topk(q, c, args.k, args.block))
        out["peers"]["numpy q@c.T + argpartition"] = {"seconds": seconds, "gflops": flops / seconds / 1e9, "cpu_seconds": cpu,
                                                      "peak_rss_mib": peak_rss_mib()}
    if "faiss" not in skip:
        start = time.perf_counter()
        index = faiss.IndexFlatIP(d)
        index.add(c)
        add_seconds = time.perf_counter() - start
        seconds, cpu, (_, ids) = best_of(args.repeats, lambda: index.search(q, args.k))
        np.save(os.path.join(args.dir, f"faiss-k{args.k}.npy"), ids.astype("<i8"))
        out["peers"]["faiss IndexFlatIP"] = {"seconds": seconds, "gflops": flops / seconds / 1e9, "cpu_seconds": cpu,
                                             "add_seconds": add_seconds, "peak_rss_mib": peak_rss_mib()}
    if args.json:
        json.dump(out, sys.stdout)
        print()
    else:
        for name, r in out["peers"].items():
            print(f"{name:32s} {r['seconds']:9.3f} s {r['gflops']:8.1f} GFLOP/s  peak RSS {r['peak_rss_mib']:.0f} MiB")
        print("BLAS:", out["blas"], "env:", out["env"])


if __name__ == "__main__":
    main()
