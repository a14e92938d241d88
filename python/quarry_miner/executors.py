"""Running `quarry` invocations on many cores or machines: a local process pool and Ray.

A sharded retrieval job is a grid of independent binary runs. Stage 1 runs one
`quarry mine-retrieval --query-block j/B --corpus-shard i/S` per (block, shard), each writing a
partial candidate file; stage 2 runs one `quarry merge --query-block j/B` per block over that
block's partials; stage 3 concatenates the blocks' rows in block order. The result is
byte-identical to one `quarry mine-retrieval` on everything (docs/scale.md), whatever B and S.
With S = 1, stage 2 is skipped: each block is mined directly.

Executors only run `QuarryCall`s (an argument list plus which arguments are input and output
files); they know nothing about mining:

- `LocalExecutor(max_workers=None)`: one `quarry` process per call, at most `max_workers` at once.
- `RayExecutor(...)`: one Ray task per call (`max_retries` for killed workers). The binary reaches
  the workers either by a path every node sees (`binary=`, default: this package's binary — right
  for a local cluster or identical node images), through Ray's runtime environment (a job-level
  `working_dir` holding the binary, or a task-level `runtime_env=`), or through the object store
  (`ship_binary=True`). Input and output files are local paths every worker sees (a shared file system), or
  fsspec URLs (`s3://…`, `gs://…`, `file://…`): remote inputs are fetched to the task's
  scratch directory and outputs uploaded after the binary succeeds.
"""
from __future__ import annotations

import heapq
import json
import math
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import _binary
from .errors import QuarryError


@dataclass(frozen=True)
class QuarryCall:
    """One `quarry` invocation: its arguments and which of them name input / output files."""

    arguments: Tuple[str, ...]
    inputs: Tuple[str, ...] = ()
    outputs: Tuple[str, ...] = ()


def _protocol(path: str) -> Optional[str]:
    return path.split("://", 1)[0] if "://" in path else None


def _run_call(call: QuarryCall, binary: str, crash_marker: Optional[str] = None) -> str:
    """Runs one call where it is (a worker process or the driver); returns the binary's stdout.

    Remote (fsspec) inputs are fetched into a scratch directory first; remote outputs are written
    there and uploaded only after the binary succeeded, so a failed task leaves nothing behind.
    `crash_marker` is a test hook: if that file can be claimed (renamed away), the worker process
    dies with the binary still running, as a killed node would.
    """
    with tempfile.TemporaryDirectory(prefix="quarry-task-") as scratch:
        uploads: List[Tuple[str, str]] = []
        argv: List[str] = []
        for position, argument in enumerate(call.arguments):
            if _protocol(argument) is None:
                argv.append(argument)
                continue
            import fsspec

            local = os.path.join(scratch, f"{position}-{os.path.basename(argument.rstrip('/')) or 'file'}")
            if argument in call.inputs:
                with fsspec.open(argument, "rb") as source, open(local, "wb") as target:
                    shutil.copyfileobj(source, target, 1 << 22)
            elif argument in call.outputs:
                uploads.append((local, argument))
            argv.append(local)
        command = [binary, *argv]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                   text=True)
        if crash_marker is not None:
            try:
                os.rename(crash_marker, f"{crash_marker}.claimed-{os.getpid()}")
            except OSError:
                pass
            else:
                os._exit(1)  # the worker dies mid-task; Ray retries the task elsewhere
        stdout, stderr = process.communicate()
        if process.returncode != 0:
            raise QuarryError.from_stderr(stderr, process.returncode, command)
        if uploads:
            import fsspec
        for local, remote in uploads:
            with open(local, "rb") as source, fsspec.open(remote, "wb") as target:
                shutil.copyfileobj(source, target, 1 << 22)
        return stdout


class LocalExecutor:
    """Runs calls as `quarry` processes on this machine, at most `max_workers` at a time.

    `max_workers` defaults to the number of cores; each process then searches with the
    `threads` the job asks for (give `threads=1` with many workers).
    """

    def __init__(self, max_workers: Optional[int] = None, binary: Optional[str] = None):
        if max_workers is not None and max_workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers}")
        self.max_workers = max_workers or os.cpu_count() or 1
        self.binary = binary

    def run(self, calls: Sequence[QuarryCall]) -> List[str]:
        """Runs every call; returns their stdouts in call order; the first failure raises."""
        binary = self.binary or _binary.binary_path()
        return self.map(lambda c: _run_call(c, binary), calls)

    def map(self, function, items: Sequence[Any]) -> List[Any]:
        """`function(item)` for every item, at most `max_workers` at once (threads: the work is in
        child processes or in pyarrow, which release the GIL); results in item order."""
        if len(items) <= 1 or self.max_workers == 1:
            return [function(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(self.max_workers, len(items))) as pool:
            return list(pool.map(function, items))


class RayExecutor:
    """Runs each call as a Ray task invoking the `quarry` binary.

    - `binary`: the binary's path on the workers (default: this package's binary, the right
      choice for a local cluster or when every node has the package at the same path).
    - `ship_binary=True`: send the driver's binary through Ray's object store; each node writes it
      once to its temporary directory (named by its content hash) and runs it from there.
    - `runtime_env`: a task-level runtime environment (e.g. `{"pip": [...]}` that installs
      quarry-miner on the workers, or `{"working_dir": "s3://…/quarry.zip"}` holding the binary,
      run as `./quarry`). A local directory as `working_dir` is accepted by Ray only at the job
      level: `ray.init(runtime_env={"working_dir": "dir-with-quarry"})` then `RayExecutor(binary="./quarry")`.
    - `max_retries`: how often a task whose worker died is re-run (Ray's task retries); the
      binary writes its outputs atomically, so a retried task overwrites nothing half-written.
    - `num_cpus`: CPUs Ray reserves per task (match the job's `threads`).
    - `address`: passed to `ray.init` when Ray is not initialised yet (None = a local cluster).
    """

    def __init__(self, binary: Optional[str] = None, *, ship_binary: bool = False,
                 runtime_env: Optional[Dict[str, Any]] = None, max_retries: int = 3, num_cpus: float = 1,
                 address: Optional[str] = None, crash_marker: Optional[str] = None):
        if ship_binary and binary is not None:
            raise ValueError("give either binary= (a path on the workers) or ship_binary=True, not both")
        self.binary = binary
        self.ship_binary = ship_binary
        self.runtime_env = dict(runtime_env or {})
        self.max_retries = max_retries
        self.num_cpus = num_cpus
        self.address = address
        self.crash_marker = crash_marker

    def _init(self):
        import ray

        if not ray.is_initialized():
            ray.init(address=self.address, ignore_reinit_error=True, log_to_driver=False)
        return ray

    def map(self, function, items: Sequence[Any]) -> List[Any]:
        """`function(item)` as one Ray task per item (same retries, CPUs and runtime environment)."""
        ray = self._init()
        options: Dict[str, Any] = dict(max_retries=self.max_retries, num_cpus=self.num_cpus)
        if self.runtime_env:
            options["runtime_env"] = self.runtime_env
        task = ray.remote(function).options(**options)
        return ray.get([task.remote(item) for item in items])

    def run(self, calls: Sequence[QuarryCall]) -> List[str]:
        ray = self._init()
        binary = self.binary
        shipped = None
        if self.ship_binary:
            # Through the object store: put once, materialised once per node (cached by content hash).
            with open(_binary.binary_path(), "rb") as handle:
                shipped = ray.put(handle.read())
        elif binary is None and not {"pip", "conda", "uv", "working_dir"} & set(self.runtime_env):
            binary = _binary.binary_path()
        options: Dict[str, Any] = dict(max_retries=self.max_retries, num_cpus=self.num_cpus)
        if self.runtime_env:
            options["runtime_env"] = self.runtime_env
        task = ray.remote(_ray_task).options(**options)
        futures = [task.remote(c, binary, self.crash_marker, shipped) for c in calls]
        return ray.get(futures)  # a task's QuarryError is re-raised here (Ray wraps it in a subclass of it)


def _ray_task(call: QuarryCall, binary: Optional[str], crash_marker: Optional[str],
              shipped: Optional[bytes] = None) -> str:
    if shipped is not None:
        binary = _materialise(shipped)
    elif binary is None:  # installed on the workers by the runtime environment (pip, or in working_dir)
        binary = "./quarry" if os.path.isfile("./quarry") else _binary.binary_path()
    return _run_call(call, binary, crash_marker)


def _materialise(executable: bytes) -> str:
    """Writes a shipped binary to this node's temporary directory once (by content hash); returns its path."""
    import hashlib

    path = os.path.join(tempfile.gettempdir(), f"quarry-{hashlib.sha256(executable).hexdigest()[:16]}")
    if not os.access(path, os.X_OK):
        temporary = f"{path}.tmp-{os.getpid()}"
        with open(temporary, "wb") as out:
            out.write(executable)
        os.chmod(temporary, 0o755)
        os.replace(temporary, path)
    return path


def make_executor(executor: Any, options: Optional[Dict[str, Any]] = None):
    """`"local"`, `"ray"` or an executor object (anything with `run(calls)`), with its options."""
    options = dict(options or {})
    if executor == "local":
        return LocalExecutor(**options)
    if executor == "ray":
        return RayExecutor(**options)
    if hasattr(executor, "run"):
        if options:
            raise ValueError("executor_options apply to executor='local' or 'ray', not to an executor object")
        return executor
    raise ValueError(f"executor must be 'local', 'ray' or an executor object, got {executor!r}")


# MARK: - The sharded retrieval job


@dataclass
class ShardedRun:
    """What a sharded `mine-retrieval` produced: the assembled rows file and the combined report."""

    rows: str
    suspects: Optional[str]
    report: Dict[str, Any]
    calls: int = 0


def _join(directory: str, name: str) -> str:
    return f"{directory.rstrip('/')}/{name}" if _protocol(directory) else os.path.join(directory, name)


def mine_retrieval_sharded(*, queries: str, corpus: str, task_arguments: Sequence[str], task_files: Sequence[str],
                           selection: Sequence[str], num_query_blocks: int, num_corpus_shards: int, work_dir: str,
                           executor: Any, threads: int = 1, suspects: bool = False,
                           dedupe_threshold: bool = False, output: Optional[str] = None) -> ShardedRun:
    """Runs `quarry mine-retrieval` as query blocks × corpus shards on `executor`.

    `queries`, `corpus` and `task_files` (the pairs / id / text files named in `task_arguments`) are
    paths or fsspec URLs the workers can read; partials and per-block outputs go to `work_dir`
    (local or fsspec). The assembled rows are written to `output` (default: `work_dir/mined.jsonl`),
    a local path.
    """
    for name, value in (("num_query_blocks", num_query_blocks), ("num_corpus_shards", num_corpus_shards)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if _protocol(work_dir) is None:
        os.makedirs(work_dir, exist_ok=True)
    inputs = (queries, corpus, *task_files)
    matrices = ("--queries", queries, "--corpus", corpus)
    common = (*task_arguments, *selection)
    search: List[QuarryCall] = []
    merges: List[QuarryCall] = []
    blocks: List[Tuple[str, Optional[str]]] = []
    for j in range(num_query_blocks):
        block = f"{j}/{num_query_blocks}"
        rows = _join(work_dir, f"block-{j:05d}.jsonl")
        suspect_file = _join(work_dir, f"suspects-{j:05d}.jsonl") if suspects else None
        report_outputs = ("--json", "-o", rows) + (("--suspects", suspect_file) if suspect_file else ())
        outputs = (rows,) + ((suspect_file,) if suspect_file else ())
        blocks.append((rows, suspect_file))
        if num_corpus_shards == 1:
            search.append(QuarryCall(("mine-retrieval", *matrices, *common, "--query-block", block,
                                      "--threads", str(threads), *report_outputs), inputs, outputs))
            continue
        parts = []
        for i in range(num_corpus_shards):
            part = _join(work_dir, f"part-{j:05d}-{i:05d}.bin")
            parts.append(part)
            search.append(QuarryCall(("mine-retrieval", *matrices, *common, "--query-block", block, "--corpus-shard",
                                      f"{i}/{num_corpus_shards}", "--threads", str(threads), "-o", part, "--quiet"),
                                     inputs, (part,)))
        extra = ("--corpus", corpus) if dedupe_threshold else ()
        merges.append(QuarryCall(("merge", *parts, *common, *extra, "--query-block", block, *report_outputs),
                                 (*parts, *task_files, *((corpus,) if dedupe_threshold else ())), outputs))
    stdouts = executor.run(search)
    if merges:
        stdouts = executor.run(merges)
    reports = [json.loads(s) for s in stdouts]
    output = output or (_join(work_dir, "mined.jsonl") if not _protocol(work_dir) else None)
    if output is None:
        raise ValueError("with a remote work_dir, give output= (a local path) for the assembled rows")
    _concatenate([r for r, _ in blocks], output)
    suspects_path = None
    if suspects:
        suspects_path = output + ".suspects.jsonl"
        _concatenate([s for _, s in blocks if s], suspects_path)
    report = combine_reports(reports, num_corpus_shards=num_corpus_shards)
    report["output"], report["suspects_file"] = output, suspects_path
    return ShardedRun(rows=output, suspects=suspects_path, report=report,
                      calls=len(search) + len(merges))


def _concatenate(sources: Sequence[str], target: str) -> None:
    """Block files in block order into `target` (written whole, then renamed into place)."""
    temporary = f"{target}.tmp-{os.getpid()}"
    with open(temporary, "wb") as out:
        for source in sources:
            if _protocol(source):
                import fsspec

                with fsspec.open(source, "rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 22)
            else:
                with open(source, "rb") as handle:
                    shutil.copyfileobj(handle, out, 1 << 22)
    os.replace(temporary, target)


_ADDITIVE = ("queries", "pairs", "rows", "maximum_rows", "suspects")
_SUMMARIES = (("positive_scores", "positive"), ("negative_scores", "negative"), ("difference_scores", "difference"))


def score_summary(values: Sequence[float]) -> Dict[str, Any]:
    """The binary's `ScoreSummary` of `values` (sorted ascending), with its arithmetic step for step.

    Count; mean = the sorted values summed left to right, over n; median = the lower middle value
    (`torch.median`); std with n − 1, its squares summed in the same order; quartiles by linear
    interpolation (`torch.quantile`); min, max. Plain float additions in the same order give
    the same doubles as the Swift code (not `sum()`, which compensates from Python 3.12 on, nor
    numpy's pairwise sums).
    """
    n = len(values)
    out: Dict[str, Any] = dict(count=n, mean=None, median=None, std=None, min=None, q25=None, q50=None, q75=None,
                               max=None)
    if n == 0:
        return out
    total = 0.0
    for x in values:
        total += x
    mean = total / n
    out["mean"] = mean
    out["median"] = values[(n - 1) // 2]
    if n > 1:
        squares = 0.0
        for x in values:
            squares += (x - mean) * (x - mean)
        out["std"] = math.sqrt(squares / (n - 1))
    out["min"], out["max"] = values[0], values[-1]

    def quantile(q: float) -> float:
        position = q * (n - 1)
        lower = math.floor(position)
        upper = min(lower + 1, n - 1)
        return values[lower] + (values[upper] - values[lower]) * (position - lower)

    out["q25"], out["q50"], out["q75"] = quantile(0.25), quantile(0.5), quantile(0.75)
    return out


def combine_reports(reports: Sequence[Dict[str, Any]], *, num_corpus_shards: Optional[int] = None) -> Dict[str, Any]:
    """One report for the whole job from its query blocks' reports — the single run's report.

    Counts add up exactly (queries, rows, filters, chosen ranks, shortfalls, suspects). Each block's
    report carries its sorted score lists (`block_score_lists`), so the three score summaries are
    recomputed from their merge exactly as one run computes them (`score_summary`): the same
    numbers, bit for bit. What differs from the single run's report, by construction:
    `timings_seconds` (summed over blocks: work, not wall time), `output` / `suspects_file`
    (the assembled files), `duplicate_corpus_rows` with corpus shards (counted within each shard:
    a vector whose copy lies in another shard is still merged as one passage, but no task sees
    both rows to count it), and the added `sharding` and `blocks` (each block's report, without
    its score lists).
    """
    blocks = [{k: v for k, v in r.items() if k != "block_score_lists"} for r in reports]
    first = reports[0]
    combined: Dict[str, Any] = {}
    for key in first:
        if key == "block_score_lists":
            continue
        combined[key] = first[key]
    combined["command"] = "mine-retrieval"
    for key in _ADDITIVE:
        combined[key] = sum(r.get(key) or 0 for r in reports)
    filters: Dict[str, int] = {}
    for r in reports:
        for key, value in (r.get("filters") or {}).items():
            filters[key] = filters.get(key, 0) + (value or 0)
    combined["filters"] = filters
    ranks: List[int] = []
    for r in reports:
        for rank, count in enumerate(r.get("chosen_ranks") or []):
            if rank == len(ranks):
                ranks.append(0)
            ranks[rank] += count
    combined["chosen_ranks"] = ranks
    reasons: Dict[str, int] = {}
    for r in reports:
        for key, value in ((r.get("queries_short") or {}).get("by_reason") or {}).items():
            reasons[key] = reasons.get(key, 0) + value
    combined["queries_short"] = {
        "count": sum((r.get("queries_short") or {}).get("count", 0) for r in reports), "by_reason": reasons,
        "rows_missing": sum((r.get("queries_short") or {}).get("rows_missing", 0) for r in reports)}
    warnings = sorted({w for r in reports for w in r.get("warnings") or []})
    exact = all("block_score_lists" in r for r in reports)
    for key, list_key in _SUMMARIES:
        if exact:
            merged = list(heapq.merge(*(r["block_score_lists"][list_key] for r in reports)))
            combined[key] = score_summary(merged)
            continue
        # Reports without lists (another binary): what summaries can give exactly, nulls for the rest.
        parts = [r.get(key) or {} for r in reports]
        count = sum(p.get("count") or 0 for p in parts)
        filled = [p for p in parts if p.get("count")]
        combined[key] = {
            "count": count,
            "mean": sum(p["mean"] * p["count"] for p in filled) / count if count else None,
            "median": None, "std": None, "min": min(p["min"] for p in filled) if filled else None,
            "q25": None, "q50": None, "q75": None, "max": max(p["max"] for p in filled) if filled else None}
    if not exact:
        warnings.append("sharded run: the blocks' reports have no score lists, so score medians, standard "
                        "deviations and quartiles are null (each block's are in blocks)")
    timings: Dict[str, float] = {}
    for r in reports:
        for stage, seconds in (r.get("timings_seconds") or {}).items():
            timings[stage] = timings.get(stage, 0.0) + seconds
    combined["timings_seconds"] = timings  # summed over blocks (work, not wall time)
    combined["warnings"] = warnings
    combined["sharding"] = {"query_blocks": len(reports), "corpus_shards": num_corpus_shards}
    combined["blocks"] = blocks
    return combined


def run_for_dropin(*, executor: Any, executor_options: Optional[Dict[str, Any]], num_query_blocks: Optional[int],
                   num_corpus_shards: Optional[int], work_dir: Optional[str], scratch: Path, matrices: Sequence[str],
                   task_arguments: Sequence[str], selection: Sequence[str], threads: int, suspects: bool,
                   dedupe_threshold: bool) -> Dict[str, Any]:
    """`mine_hard_negatives(..., executor=…)`: the sharded job, leaving `mined.jsonl` (and
    `suspects.jsonl`) in `scratch` as the single-process path does; returns the combined report.

    The wrapper's own files (pairs, id files, arrays it wrote) live in `scratch`; with `work_dir`
    (a shared path or an fsspec URL) they are copied to `work_dir/inputs/` first so that workers on
    other machines can read them. `.npy` paths the caller gave are passed as they are.
    """
    runner = make_executor(executor or "local", executor_options)
    directory = os.fspath(work_dir) if work_dir is not None else str(scratch / "shards")
    if _protocol(directory) is None:
        os.makedirs(directory, exist_ok=True)

    def staged(path: str) -> str:
        if work_dir is None or not Path(path).resolve().is_relative_to(scratch.resolve()):
            return path
        target = _join(_join(directory, "inputs"), os.path.basename(path))
        if _protocol(target):
            import fsspec

            with open(path, "rb") as source, fsspec.open(target, "wb") as out:
                shutil.copyfileobj(source, out, 1 << 22)
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(path, target)
        return target

    queries, corpus = staged(matrices[1]), staged(matrices[3])
    arguments: List[str] = []
    files: List[str] = []
    for k, value in enumerate(task_arguments):
        if k % 2 == 1:  # --flag FILE pairs
            value = staged(value)
            files.append(value)
        arguments.append(value)
    run = mine_retrieval_sharded(queries=queries, corpus=corpus, task_arguments=arguments, task_files=files,
                                 selection=selection, num_query_blocks=num_query_blocks or 1,
                                 num_corpus_shards=num_corpus_shards or 1, work_dir=directory, executor=runner,
                                 threads=threads, suspects=suspects, dedupe_threshold=dedupe_threshold,
                                 output=str(scratch / "mined.jsonl"))
    if run.suspects:
        os.replace(run.suspects, scratch / "suspects.jsonl")
    return run.report
