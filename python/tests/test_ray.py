"""Sharded mining on a local Ray cluster (and the local executor): byte-identical to one process.

Query blocks {1, 2, 3, 7} × corpus shards {1, 2}: 5 queries (so 7 blocks leave two empty), a
61-row corpus (uneven slices) with coarse values (exact-score ties) and duplicated vectors,
random sampling, suspects. A worker killed mid-task is retried by Ray and changes nothing.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

ray = pytest.importorskip("ray", reason="ray is not installed (CI installs it: .ci/run)")

from quarry_miner import _binary, mine_hard_negatives  # noqa: E402
from quarry_miner.executors import LocalExecutor, RayExecutor, mine_retrieval_sharded  # noqa: E402

GRID = [(b, s) for b in (1, 2, 3, 7) for s in (1, 2)]
SELECTION = ["--num-negatives", "3", "--relative-margin=0.05", "--sampling", "random", "--seed", "5",
             "--output-format", "n-tuple", "--include-scores"]


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def problem(tmp_path_factory):
    """Files for `quarry mine-retrieval`, and the single-process run's rows and suspects (bytes)."""
    directory = tmp_path_factory.mktemp("sharded")
    rng = np.random.default_rng(3)
    corpus = rng.integers(-2, 3, size=(61, 6)).astype(np.float32)
    for source, copy in ((0, 60), (4, 33), (10, 11), (29, 31)):  # duplicates across and within slices
        corpus[copy] = corpus[source]
    queries = (0.6 * corpus[[3, 17, 40, 52, 8, 21, 44]] + 0.4 * rng.integers(-2, 3, size=(7, 6))).astype(np.float32)
    np.save(directory / "q.npy", queries)
    np.save(directory / "c.npy", corpus)
    with open(directory / "pairs.jsonl", "w") as out:
        # 5 distinct queries (rows 6 and 1 twice), several positives each, out of row order.
        for q, p in ((6, 44), (1, 17), (1, 5), (3, 52), (0, 3), (0, 29), (0, 33), (6, 2), (4, 8)):
            out.write(json.dumps({"query_id": q, "positive_id": p}) + "\n")
    files = dict(queries=str(directory / "q.npy"), corpus=str(directory / "c.npy"),
                 task_arguments=["--pairs", str(directory / "pairs.jsonl")],
                 task_files=[str(directory / "pairs.jsonl")])
    single = directory / "single.jsonl"
    completed = subprocess.run([_binary.binary_path(), "mine-retrieval", "--queries", files["queries"], "--corpus",
                                files["corpus"], *files["task_arguments"], *SELECTION, "-o", str(single),
                                "--suspects", str(directory / "single.suspects.jsonl"), "--json"], check=True,
                               capture_output=True, text=True)
    return dict(files=files, rows=single.read_bytes(), suspects=(directory / "single.suspects.jsonl").read_bytes(),
                directory=directory, report=json.loads(completed.stdout))


def _assert_report_is_the_single_runs(report, single, shards):
    """The combined report is the single run's but for the fields that cannot or should not be equal."""
    differ = {"timings_seconds", "output", "suspects_file", "sharding", "blocks"}
    if shards > 1:  # counted within each shard: the copies of 0, 4 and 29 lie in the other shard
        differ.add("duplicate_corpus_rows")
        assert (report["duplicate_corpus_rows"], single["duplicate_corpus_rows"]) == (1, 4)
    assert list(report) == list(single) + ["sharding", "blocks"]
    assert {k: v for k, v in report.items() if k not in differ} == {k: v for k, v in single.items() if k not in differ}
    assert single["positive_scores"]["median"] is not None and single["negative_scores"]["std"] is not None
    assert "block_score_lists" not in json.dumps(report)


def _sharded(problem, executor, blocks, shards, work_dir):
    run = mine_retrieval_sharded(**problem["files"], selection=SELECTION, num_query_blocks=blocks,
                                 num_corpus_shards=shards, work_dir=str(work_dir), executor=executor, suspects=True)
    with open(run.rows, "rb") as rows, open(run.suspects, "rb") as suspects:
        return rows.read(), suspects.read(), run


@pytest.mark.parametrize("blocks,shards", GRID)
def test_ray_grid_is_byte_identical(cluster, problem, tmp_path, blocks, shards):
    rows, suspects, run = _sharded(problem, RayExecutor(), blocks, shards, tmp_path)
    assert rows == problem["rows"]
    assert suspects == problem["suspects"]
    assert run.calls == blocks * shards + (blocks if shards > 1 else 0)
    assert run.report["rows"] == problem["rows"].count(b"\n")
    _assert_report_is_the_single_runs(run.report, problem["report"], shards)


@pytest.mark.parametrize("blocks,shards", GRID)
def test_local_grid_is_byte_identical(problem, tmp_path, blocks, shards):
    rows, suspects, run = _sharded(problem, LocalExecutor(max_workers=2), blocks, shards, tmp_path)
    assert rows == problem["rows"]
    assert suspects == problem["suspects"]
    _assert_report_is_the_single_runs(run.report, problem["report"], shards)


def test_killed_worker_is_retried_and_the_result_is_identical(cluster, problem, tmp_path):
    marker = tmp_path / "crash-once"
    marker.write_text("the first task to claim this file kills its worker mid-task\n")
    rows, suspects, _ = _sharded(problem, RayExecutor(crash_marker=str(marker), max_retries=2), 3, 2,
                                 tmp_path / "work")
    assert not marker.exists()                                           # a task did die
    assert len(list(tmp_path.glob("crash-once.claimed-*"))) == 1
    assert rows == problem["rows"] and suspects == problem["suspects"]   # and was re-run


def test_without_retries_a_killed_worker_fails_the_job(cluster, problem, tmp_path):
    marker = tmp_path / "crash-once"
    marker.write_text("x")
    with pytest.raises(ray.exceptions.RayError):
        _sharded(problem, RayExecutor(crash_marker=str(marker), max_retries=0), 2, 2, tmp_path / "work")


def test_binary_shipped_through_the_object_store_and_fsspec_paths(cluster, problem, tmp_path):
    files = dict(problem["files"])
    files["queries"] = "file://" + files["queries"]
    files["corpus"] = "file://" + files["corpus"]
    run = mine_retrieval_sharded(**files, selection=SELECTION, num_query_blocks=2, num_corpus_shards=2,
                                 work_dir="file://" + str(tmp_path / "remote"), executor=RayExecutor(ship_binary=True),
                                 output=str(tmp_path / "mined.jsonl"))
    assert open(run.rows, "rb").read() == problem["rows"]


def _dropin_problem():
    rng = np.random.default_rng(8)
    corpus = [f"passage {i}" for i in range(40)]
    vectors = rng.integers(-2, 3, size=(40, 5)).astype(np.float32)
    vectors[39] = vectors[2]
    anchors = [f"query {i % 9}" for i in range(14)]          # repeated anchors: several positives
    positives = [corpus[(7 * i) % 40] for i in range(14)]
    queries = np.stack([vectors[corpus.index(p)] * 0.5 + rng.integers(-2, 3, size=5) for p in positives])
    return {"anchor": anchors, "positive": positives}, corpus, queries.astype(np.float32), vectors


@pytest.mark.parametrize("executor,blocks,shards", [("ray", 3, 2), ("local", 7, 2), ("ray", 2, 1)])
def test_dropin_with_an_executor_equals_the_default(cluster, tmp_path, executor, blocks, shards):
    dataset, corpus, queries, vectors = _dropin_problem()
    common = dict(corpus=corpus, query_embeddings=queries, corpus_embeddings=vectors, num_negatives=2,
                  sampling_strategy="random", seed=4, output_format="n-tuple", output_scores=True, verbose=False,
                  absolute_margin=0.0)
    expected, single = mine_hard_negatives(dataset, **common, return_report=True)
    expected = expected.to_dict()
    got, report = mine_hard_negatives(dataset, **common, executor=executor, num_query_blocks=blocks,
                                      num_corpus_shards=shards, work_dir=str(tmp_path), threads=1, return_report=True)
    assert got.to_dict() == expected
    assert report.raw["rows"] == len(expected["anchor"])
    differ = {"timings_seconds", "output", "suspects_file", "sharding", "blocks"}  # no duplicate vectors here
    assert {k: v for k, v in report.raw.items() if k not in differ} == \
        {k: v for k, v in single.raw.items() if k not in differ}
    assert (tmp_path / "inputs" / "pairs.jsonl").exists()   # the wrapper's inputs were staged in work_dir


def test_binary_reaches_the_workers_through_a_job_runtime_env(problem, tmp_path):
    """A separate driver whose job-level runtime_env working_dir holds the binary (Ray uploads it)."""
    env_dir = tmp_path / "env"
    env_dir.mkdir()
    import shutil
    shutil.copy2(_binary.binary_path(), env_dir / "quarry")
    script = f"""
import json, ray, sys
from quarry_miner.executors import RayExecutor, mine_retrieval_sharded
ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False, runtime_env={{"working_dir": {str(env_dir)!r}}})
files = json.loads(sys.argv[1])
run = mine_retrieval_sharded(**files, selection={SELECTION!r}, num_query_blocks=2, num_corpus_shards=2,
                             work_dir={str(tmp_path / "work")!r}, executor=RayExecutor(binary="./quarry"))
print(run.rows)
"""
    environment = dict(os.environ)
    environment.pop("QUARRY_BINARY", None)  # the workers must use the shipped copy
    environment["PYTHONPATH"] = os.pathsep.join(p for p in [os.path.join(os.path.dirname(__file__), ".."),
                                                          environment.get("PYTHONPATH", "")] if p)
    completed = subprocess.run([sys.executable, "-c", script, json.dumps(problem["files"])], capture_output=True,
                               text=True, env=environment, timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert open(completed.stdout.strip().splitlines()[-1], "rb").read() == problem["rows"]


# ---------------------------------------------------------------- tabular partitions

def _pool(tmp_path):
    import pandas as pd

    rng = np.random.default_rng(12)
    n = 900
    labels = (rng.random(n) < 0.3).astype(int)
    scores = np.round(rng.random(n) * 0.7 + 0.3 * labels, 2)  # many exact ties
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(n)], "label": labels, "score": scores,
                          "f": rng.standard_normal(n)})
    cuts = [0, 250, 250, 610, 900]  # uneven, one empty partition
    parts = []
    for i in range(len(cuts) - 1):
        piece = frame.iloc[cuts[i]:cuts[i + 1]]
        if i % 2:
            path = tmp_path / f"part{i}.parquet"
            piece.to_parquet(path, index=False)
        else:
            path = tmp_path / f"part{i}.csv"
            from quarry_miner.tabular import _write_csv
            _write_csv(piece, path)
        parts.append(str(path))
    from quarry_miner.tabular import _write_csv
    _write_csv(frame, tmp_path / "whole.csv")
    return parts, tmp_path / "whole.csv"


@pytest.mark.parametrize("executor", ["local", "ray"])
@pytest.mark.parametrize("settings", [
    dict(target_recall=0.9, strategy="false-positives", side="both"),
    dict(target_precision=0.8, strategy="margin", band=0.05),
    dict(target_fpr=0.1, strategy="false-positives"),
    dict(strategy="top-k", k=40, side="both"),
    dict(threshold=0.5, strategy="false-positives", side="positives"),
])
def test_partitioned_mining_equals_one_pass(cluster, tmp_path, executor, settings):
    from quarry_miner import mine_partitioned
    from quarry_miner.tabular import _operating_point_arguments

    parts, whole = _pool(tmp_path)
    merged = tmp_path / "merged.jsonl"
    result = mine_partitioned(parts, label="label", score="score", id="id", executor=executor,
                              work_dir=str(tmp_path / "work"), output=str(merged), **settings)
    single = tmp_path / "single.jsonl"
    point = _operating_point_arguments(settings.get("threshold"), settings.get("target_recall"),
                                       settings.get("target_precision"), settings.get("target_fpr"))
    extra = ["--k", str(settings["k"])] if "k" in settings else []
    extra += [f"--band={settings['band']!r}"] if "band" in settings else []
    completed = subprocess.run([_binary.binary_path(), "mine", str(whole), "--label", "label", "--score", "score",
                                "--id", "id", *point, "--strategy", settings["strategy"], "--side",
                                settings.get("side", "negatives"), *extra, "--format", "jsonl", "-o", str(single),
                                "--json", "--quiet"], check=True, capture_output=True, text=True)
    assert merged.read_bytes() == single.read_bytes()
    assert len(result.rows) == single.read_bytes().count(b"\n") > 0
    assert result.threshold == json.loads(completed.stdout)["parameters"].get("threshold")


def test_partitions_with_different_columns_are_refused(tmp_path):
    from quarry_miner import mine_partitioned

    (tmp_path / "a.csv").write_text("id,label,score\nx,1,0.5\n")
    (tmp_path / "b.csv").write_text("id,score,label\ny,0.5,1\n")
    with pytest.raises(ValueError, match="share one header"):
        mine_partitioned([str(tmp_path / "a.csv"), str(tmp_path / "b.csv")], label="label", score="score",
                         threshold=0.5)


def test_exclude_suspects_is_refused_with_the_reason(tmp_path):
    from quarry_miner import mine_partitioned

    (tmp_path / "a.csv").write_text("id,label,score,f\nx,1,0.5,1.0\n")
    with pytest.raises(ValueError, match="whole pool") as refused:
        mine_partitioned([str(tmp_path / "a.csv")], label="label", score="score", target_recall=0.9,
                         exclude_suspects=True, work_dir=str(tmp_path / "work"))
    assert "exclude_suspects=True" in str(refused.value)      # says what to do instead
    assert not (tmp_path / "work").exists()                   # refused before any work
