"""`mine_partitioned`: the tabular `mine` over a pool stored as many parquet / CSV partitions.

Each partition is one task (a `quarry` process locally, a Ray task on a cluster):

1. parquet partitions are written as CSV (round-trip floats) next to the job (`work_dir`);
2. with a derived threshold (`target_recall`, `target_precision`, `target_fpr`), every partition
   runs `quarry score-counts` (exact counts per distinct score and label), the counts are merged
   exactly (`quarry merge-score-counts`), and the threshold comes from the merged counts — the
   threshold the concatenated pool gives, bit for bit;
3. every partition runs `quarry mine --format jsonl` with that threshold (`--score-counts`) or
   the given one, or top-k;
4. the partitions' rows are merged: per side, a stable sort of the concatenation (partition order)
   by hardness, re-ranked, cut to `k` for top-k. Within a partition, ties are already in row
   order, and partition order is row order, so ties break by global row as in one pass.

The merged JSONL is byte-identical to `quarry mine --format jsonl` on the concatenation (a CSV
made by concatenating the partitions' rows under one header). `exclude_suspects` is refused: a
suspect is judged against the whole pool (docs/python.md says why that cannot be exact here).
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

from . import _binary
from .executors import QuarryCall, make_executor
from .tabular import Mined, _input_arguments, _operating_point_arguments, _write_csv

# Why suspects cannot be excluded partition by partition and still equal one pass (LabelSuspects,
# StandardizedNeighbors): all three tests of a suspect read the whole pool.
_SUSPECTS_NOT_EXACT = (
    "exclude_suspects is not supported by mine_partitioned: a suspect is judged against the whole pool — "
    "the mean score of all its labelled positives (the confident-learning threshold), features z-scored "
    "with the whole pool's means and deviations (row-order floating-point sums), and its 10 nearest "
    "neighbours among all rows of the pool — so a partition alone cannot decide it, and merging partial "
    "sums would not give the one-pass values bit for bit. Mine the concatenated pool with "
    "quarry_miner.mine(..., exclude_suspects=True) (or `quarry mine --exclude-suspects`), or review "
    "suspects with `quarry explain`")

_RANK = re.compile(rb',"quarry_rank":[0-9]+,"quarry_side":"(negative|positive)"}$')


def _parquet_to_csv(item) -> str:
    source, target = item
    import pyarrow.parquet as pq

    _write_csv(pq.read_table(source).to_pandas(), Path(target))
    return target


def _has_rows(csv_path: str) -> bool:
    with open(csv_path, "rb") as handle:
        handle.readline()
        return any(line.strip() for line in handle)


def mine_partitioned(partitions: Sequence[Union[str, os.PathLike]], *, label: str, score: str, id: Optional[str] = None,
                     threshold: Optional[float] = None, target_recall: Optional[float] = None,
                     target_precision: Optional[float] = None, target_fpr: Optional[float] = None,
                     strategy: str = "false-positives", k: Optional[int] = None, band: Optional[float] = None,
                     side: str = "negatives", positive: Optional[str] = None, exclude_suspects: bool = False,
                     executor: Any = "local",
                     executor_options: Optional[Dict[str, Any]] = None,
                     work_dir: Optional[Union[str, os.PathLike]] = None,
                     output: Optional[Union[str, os.PathLike]] = None) -> Mined:
    """Hard examples of a partitioned scored pool, exactly as `mine` on the whole pool.

    `partitions`: `.parquet` or `.csv` paths every worker can read, in pool order. `work_dir`: a
    directory every worker can write (default: a temporary one, right for one machine or a local
    Ray cluster). `output`: also write the merged rows there (JSONL). Returns `Mined` with the rows
    as a pandas DataFrame, the threshold and a summary with each partition's.

    `exclude_suspects=True` is refused (`ValueError`, before any work): see `_SUSPECTS_NOT_EXACT`.
    """
    if exclude_suspects:
        raise ValueError(_SUSPECTS_NOT_EXACT)
    if not partitions:
        raise ValueError("mine_partitioned needs at least one partition")
    derived = [v for v in (target_recall, target_precision, target_fpr) if v is not None]
    if derived and threshold is not None:
        raise ValueError("give at most one of threshold, target_recall, target_precision, target_fpr")
    runner = make_executor(executor, executor_options)
    with tempfile.TemporaryDirectory(prefix="quarry-partitioned-") as scratch:
        directory = os.fspath(work_dir) if work_dir is not None else scratch
        os.makedirs(directory, exist_ok=True)
        paths = [os.fspath(p) for p in partitions]
        for p in paths:
            if not p.endswith((".parquet", ".csv")):
                raise ValueError(f"{p}: a partition must be a .parquet or .csv file")
        conversions = [(p, os.path.join(directory, f"partition-{i:05d}.csv")) for i, p in enumerate(paths)
                       if p.endswith(".parquet")]
        converted = dict(zip([s for s, _ in conversions], runner.map(_parquet_to_csv, conversions)))
        # A partition without data rows contributes nothing (the binary refuses an empty file).
        csvs = [c for c in (converted.get(p, p) for p in paths) if _has_rows(c)]
        if not csvs:
            raise ValueError("every partition is empty: there is nothing to mine")
        headers = {}
        for c in csvs:
            with open(c, "rb") as handle:
                headers.setdefault(handle.readline().rstrip(b"\r\n"), c)
        if len(headers) > 1:
            (first, a), (other, b) = list(headers.items())[:2]
            raise ValueError(f"partitions must share one header: {a} has {first.decode(errors='replace')!r} but "
                             f"{b} has {other.decode(errors='replace')!r}")
        point = _operating_point_arguments(threshold, target_recall, target_precision, target_fpr)
        if derived:
            counts = [os.path.join(directory, f"counts-{i:05d}.csv") for i in range(len(csvs))]
            runner.run([QuarryCall(("score-counts", *_input_arguments(Path(c), label, score, None, positive), "-o", n,
                                    "--quiet"), (c,), (n,)) for c, n in zip(csvs, counts)])
            merged_counts = os.path.join(directory, "counts-merged.csv")
            _binary.run(["merge-score-counts", *counts, "-o", merged_counts, "--quiet"])
            point += ["--score-counts", merged_counts]
        arguments = [*point, "--strategy", strategy, "--side", side]
        if k is not None:
            arguments += ["--k", str(k)]
        if band is not None:
            arguments.append(f"--band={float(band)!r}")
        mined = [os.path.join(directory, f"mined-{i:05d}.jsonl") for i in range(len(csvs))]
        summaries = [json.loads(s) for s in runner.run([
            QuarryCall(("mine", *_input_arguments(Path(c), label, score, id, positive), *arguments, "--format", "jsonl",
                        "-o", m, "--json", "--quiet"), (c,), (m,)) for c, m in zip(csvs, mined)])]
        lines = merge_mined_lines(mined, k=k if strategy == "top-k" else None)
    if output is not None:
        temporary = f"{os.fspath(output)}.tmp-{os.getpid()}"
        with open(temporary, "wb") as out:
            out.writelines(lines)
        os.replace(temporary, output)
    import pandas as pd

    rows = pd.DataFrame([json.loads(line) for line in lines])
    sides = {s: sum(1 for line in lines if line.endswith(b'"quarry_side":"%s"}\n' % s.encode()))
             for s in ("negative", "positive")}
    used = (summaries[0].get("parameters") or {}).get("threshold") if summaries else None
    return Mined(rows=rows, negatives_mined=sides["negative"], positives_mined=sides["positive"], threshold=used,
                 summary={"partitions": summaries, "threshold": used,
                          "operating_point": summaries[0].get("operating_point") if summaries else None})


def merge_mined_lines(paths: Sequence[str], *, k: Optional[int] = None) -> List[bytes]:
    """The rows of per-partition `quarry mine --format jsonl` outputs (pool order) as one pass gives them:
    negatives then positives, each by hardness (stable: ties keep partition, then row order),
    `quarry_rank` renumbered, at most `k` per side."""
    by_side: Dict[str, List[tuple]] = {"negative": [], "positive": []}
    for path in paths:
        with open(path, "rb") as handle:
            for line in handle:
                if not line.strip():
                    continue
                row = json.loads(line)
                hardness = row["quarry_score"] if row["quarry_side"] == "negative" else -row["quarry_score"]
                by_side[row["quarry_side"]].append((hardness, line.rstrip(b"\n")))
    out: List[bytes] = []
    for side in ("negative", "positive"):
        ranked = sorted(by_side[side], key=lambda entry: -entry[0])  # stable
        if k is not None:
            ranked = ranked[:k]
        for rank, (_, line) in enumerate(ranked, start=1):
            out.append(_RANK.sub(b',"quarry_rank":%d,"quarry_side":"%s"}' % (rank, side.encode()), line) + b"\n")
    return out
