"""The drop-in's own behaviour: the reference's rules on awkward inputs, options, cache, sampling, errors."""
from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys

import numpy as np
import pytest

import quarry_miner
from quarry_miner import QuarryError
from quarry_miner._arrays import EmbeddingSource

from conftest import HashCrossEncoder, LookupEncoder
from reference_miner import mine as reference_mine


def synthetic(seed=5, queries=40, corpus=400):
    """Queries with 1–3 positives (repeated anchors), a corpus with repeated texts, positives not all in it."""
    rng = np.random.default_rng(seed)
    corpus_texts = [f"doc {i}" for i in range(corpus)]
    corpus_texts += [corpus_texts[i] for i in rng.choice(corpus, 20, replace=False)]  # repeated texts
    anchors, positives = [], []
    for q in range(queries):
        for p in rng.choice(corpus, rng.integers(1, 4), replace=False):
            anchors.append(f"query {q}")
            positives.append(f"doc {p}")
    anchors.append("query 0")
    positives.append("positive outside the corpus")
    order = rng.permutation(len(anchors))
    return [anchors[i] for i in order], [positives[i] for i in order], corpus_texts


def encoder(seed=5):
    """Hash vectors for documents; each query near the mean of its positives, so margins leave candidates."""
    anchors, positives, _ = synthetic(seed)
    documents = LookupEncoder({}, {}, dimension=12)
    members = {}
    for a, p in zip(anchors, positives):
        members.setdefault(a, []).append(documents.encode_document([p])[0])
    rng = np.random.default_rng(seed)
    queries = {}
    for a, vectors in members.items():
        v = np.mean(vectors, axis=0) + 0.35 * rng.standard_normal(12)
        queries[a] = (v / np.linalg.norm(v)).astype(np.float32)
    return LookupEncoder(queries, {}, dimension=12)


def rows_of(dataset, output_format):
    columns = dataset.column_names
    return [tuple(r[c] for c in columns) for r in dataset] if output_format != "labeled-list" else \
        [(r[columns[0]], r[columns[1]], r[columns[2]]) for r in dataset]


SETTINGS = [
    dict(output_format="triplet"),
    dict(output_format="n-tuple", num_negatives=4),
    dict(output_format="labeled-pair", max_score=0.6),
    dict(output_format="labeled-list", relative_margin=0.1, range_min=2),
    dict(output_format="n-tuple", absolute_margin=0.02, min_score=0.0, num_negatives=2),
    dict(output_format="triplet", range_min=3, range_max=12, num_negatives=5),
]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: "-".join(f"{k}={v}" for k, v in s.items()))
def test_matches_a_brute_force_restatement_of_the_reference(setting):
    anchors, positives, corpus = synthetic()
    from datasets import Dataset

    model = encoder()
    expected = reference_mine(anchors, positives, corpus, model.encode_query, model.encode_document, **setting)
    mined = quarry_miner.mine_hard_negatives(Dataset.from_dict({"a": anchors, "p": positives}), model, corpus=corpus,
                                             verbose=False, **setting)
    assert rows_of(mined, setting["output_format"]) == expected
    assert len(expected) > 10  # not vacuous


@pytest.mark.parametrize("setting", [
    dict(output_format="triplet", relative_margin=0.05),
    dict(output_format="n-tuple", num_negatives=4, max_score=0.5),
    dict(output_format="labeled-list", absolute_margin=-0.3, range_min=2),
    dict(output_format="labeled-pair", max_score=0.9, min_score=-0.5, output_scores=True),
], ids=lambda s: "-".join(f"{k}={v}" for k, v in s.items()))
def test_cross_encoder_two_stage_flow_matches_the_reference(setting):
    anchors, positives, corpus = synthetic()
    model, scorer = encoder(), HashCrossEncoder()
    reference_setting = {k: v for k, v in setting.items() if k != "output_scores"}
    expected = reference_mine(anchors, positives, corpus, model.encode_query, model.encode_document,
                              cross_encoder=HashCrossEncoder(), **reference_setting)
    mined = quarry_miner.mine_hard_negatives({"a": anchors, "p": positives}, model, corpus=corpus, cross_encoder=scorer,
                                             batch_size=16, verbose=False, **setting)
    got = rows_of(mined, setting["output_format"])
    if setting.get("output_scores"):  # labeled-pair with scores: the score replaces the label
        got = [(a, d) for a, d, _ in got]
        expected = [(a, d) for a, d, _ in expected]
        rescored = {(a, d): x for a, d, x in rows_of(mined, "labeled-pair")}
        check = HashCrossEncoder().predict(list(rescored))
        assert np.allclose(list(rescored.values()), check, atol=1e-6)  # the scores are the cross-encoder's
    assert got == expected and len(expected) > 10
    assert all(batch == 16 for _, batch in scorer.calls)
    dense = quarry_miner.mine_hard_negatives({"a": anchors, "p": positives}, model, corpus=corpus, verbose=False,
                                             **setting)
    assert rows_of(dense, setting["output_format"]) != rows_of(mined, setting["output_format"])  # rescoring mattered


def test_cross_encoder_is_ignored_without_a_margin_or_max_score_as_in_the_reference():
    anchors, positives, corpus = synthetic()
    scorer = HashCrossEncoder()
    with_scorer = quarry_miner.mine_hard_negatives({"a": anchors, "p": positives}, encoder(), corpus=corpus,
                                                   cross_encoder=scorer, verbose=False)
    without = quarry_miner.mine_hard_negatives({"a": anchors, "p": positives}, encoder(), corpus=corpus, verbose=False)
    assert with_scorer.to_dict() == without.to_dict() and scorer.calls == []


def test_given_embeddings_with_repeated_texts_use_the_first_row_of_each_text():
    anchors, positives, corpus = synthetic()
    corpus = corpus + ["positive outside the corpus"]
    model = encoder()
    expected = reference_mine(anchors, positives, corpus, model.encode_query, model.encode_document, num_negatives=3)
    query_embeddings = model.encode_query(anchors)
    corpus_embeddings = model.encode_document(corpus)
    # Later copies of a repeated text get other vectors: the reference never looks at them.
    first = {}
    for row, text in enumerate(corpus):
        if text in first:
            corpus_embeddings[row] = -corpus_embeddings[first[text]]
        first.setdefault(text, row)
    mined = quarry_miner.mine_hard_negatives({"a": anchors, "p": positives}, None, corpus=corpus, verbose=False,
                                             query_embeddings=query_embeddings, corpus_embeddings=corpus_embeddings)
    assert rows_of(mined, "triplet") == expected


def test_memmaps_and_paths_are_passed_by_path_and_arrays_written_once(tmp_path):
    array = np.arange(12, dtype=np.float32).reshape(4, 3)
    path = tmp_path / "m.npy"
    np.save(path, array)
    assert EmbeddingSource(str(path), "x").passed_by_path
    assert EmbeddingSource(np.load(path, mmap_mode="r"), "x").passed_by_path
    assert not EmbeddingSource(np.load(path, mmap_mode="r")[1:], "x").passed_by_path  # a slice is not the file
    in_memory = EmbeddingSource(array, "x")
    assert not in_memory.passed_by_path
    written = in_memory.path(tmp_path)
    assert in_memory.path(tmp_path) == written and np.array_equal(np.load(written), array)
    with pytest.raises(ValueError, match="float32 or float64"):
        EmbeddingSource(array.astype(np.int32), "x")
    with pytest.raises(ValueError, match="2-D"):
        EmbeddingSource(array[0], "x")


def test_random_sampling_is_seeded_and_follows_random_seed():
    anchors, positives, corpus = synthetic()
    data = {"a": anchors, "p": positives}
    kwargs = dict(corpus=corpus, sampling_strategy="random", num_negatives=3, range_max=15, verbose=False)
    first = quarry_miner.mine_hard_negatives(data, encoder(), seed=11, **kwargs)
    again = quarry_miner.mine_hard_negatives(data, encoder(), seed=11, **kwargs)
    other = quarry_miner.mine_hard_negatives(data, encoder(), seed=12, **kwargs)
    assert first.to_dict() == again.to_dict() and first.to_dict() != other.to_dict()
    random.seed(4)
    a = quarry_miner.mine_hard_negatives(data, encoder(), **kwargs)
    random.seed(4)
    b = quarry_miner.mine_hard_negatives(data, encoder(), **kwargs)
    assert a.to_dict() == b.to_dict()
    # Every sampled negative is among the query's top range_max non-positive candidates.
    top = reference_mine(anchors, positives, corpus, encoder().encode_query, encoder().encode_document,
                         num_negatives=15, range_max=15, output_format="triplet")
    allowed = {(q, n) for q, _, n in top}
    assert all((r["a"], r["negative"]) in allowed for r in first)


def test_cache_folder_follows_the_reference(tmp_path):
    anchors, positives, corpus = synthetic()
    model = encoder()
    kwargs = dict(corpus=corpus, cache_folder=str(tmp_path), verbose=False, query_prompt="q: ")
    first = quarry_miner.mine_hard_negatives({"a": anchors, "p": positives}, model, **kwargs)
    unique_queries = list(dict.fromkeys(anchors))
    unique_corpus = list(dict.fromkeys(corpus + positives))
    query_hash = hashlib.sha256(repr(("", "q: ", None, unique_queries)).encode()).hexdigest()
    corpus_hash = hashlib.sha256(repr(("", None, None, unique_corpus)).encode()).hexdigest()
    assert sorted(os.listdir(tmp_path)) == sorted([f"query_embeddings_{query_hash}.npy", f"corpus_embeddings_{corpus_hash}.npy"])
    assert model.calls[1]["prompt"] == "q: " and model.calls[0]["prompt"] is None
    calls = len(model.calls)
    second = quarry_miner.mine_hard_negatives({"a": anchors, "p": positives}, model, **kwargs)
    assert len(model.calls) == calls  # read back from the cache, not encoded again
    assert first.to_dict() == second.to_dict()


def test_suspects_are_written_with_texts(tmp_path):
    anchors, positives, corpus = synthetic()
    path = tmp_path / "suspects.jsonl"
    quarry_miner.mine_hard_negatives({"a": anchors, "p": positives}, encoder(), corpus=corpus, relative_margin=0.05,
                                     suspects=path, verbose=False)
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert rows and all(r["query"].startswith("query ") and r["candidate"] in corpus + positives for r in rows)
    assert all(r["candidate_score"] > r["positive_score"] - abs(r["positive_score"]) * 0.05 for r in rows)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(num_negatives=0), ValueError, "num_negatives must be at least 1"),
    (dict(range_min=5, range_max=5), ValueError, "range_min must be smaller than range_max"),
    (dict(num_negatives=4, range_max=3), ValueError, "Cannot mine 4 negatives"),
    (dict(range_min=-1), ValueError, "range_min must be non-negative"),
    (dict(output_format="pairs"), ValueError, "Invalid output_format"),
    (dict(sampling_strategy="best"), ValueError, "sampling_strategy"),
    (dict(seed=3), ValueError, "seed only affects"),
    (dict(faiss_batch_size=0), ValueError, "faiss_batch_size"),
    (dict(cross_encoder=object(), relative_margin=0.1), TypeError, "cross_encoder needs a predict"),
    (dict(dedupe_threshold=2.0), ValueError, "dedupe_threshold"),
    (dict(query_embeddings=np.zeros((3, 12), np.float32)), ValueError, "query_embeddings has 3 rows"),
])
def test_nonsense_is_an_error_with_the_reason(kwargs, error, message):
    anchors, positives, corpus = synthetic()
    with pytest.raises(error, match=message):
        quarry_miner.mine_hard_negatives({"a": anchors, "p": positives}, encoder(), corpus=corpus, verbose=False, **kwargs)


def test_inputs_it_cannot_use():
    with pytest.raises(ValueError, match="empty"):
        quarry_miner.mine_hard_negatives({"a": [], "p": []}, encoder(), verbose=False)
    with pytest.raises(ValueError, match="give a model"):
        quarry_miner.mine_hard_negatives({"a": ["x"], "p": ["y"]}, None, verbose=False)
    with pytest.raises(ValueError, match="not in corpus"):
        quarry_miner.mine_hard_negatives({"a": ["x", "z"], "p": ["y", "w"]}, None, corpus=["y", "v"], verbose=False,
                                         query_embeddings=np.eye(2, dtype=np.float32),
                                         corpus_embeddings=np.eye(2, dtype=np.float32))
    # Bad vectors reach the binary, which names the problem (exit 65).
    with pytest.raises(QuarryError) as caught:
        quarry_miner.mine_hard_negatives({"a": ["x", "z"], "p": ["y", "w"]}, None, verbose=False, num_negatives=1,
                                         query_embeddings=np.array([[np.nan, 0], [0, 1]], np.float32),
                                         corpus_embeddings=np.eye(2, dtype=np.float32))
    assert caught.value.exit_code == 65 and "nan" in caught.value.message.lower(), caught.value.message


def test_use_faiss_is_accepted_and_search_stays_exact():
    anchors, positives, corpus = synthetic()
    data = {"a": anchors, "p": positives}
    exact = quarry_miner.mine_hard_negatives(data, encoder(), corpus=corpus, verbose=False)
    with_flag = quarry_miner.mine_hard_negatives(data, encoder(), corpus=corpus, verbose=False, use_faiss=True)
    assert exact.to_dict() == with_flag.to_dict()


def test_verbose_prints_the_reference_statistics(capsys):
    anchors, positives, corpus = synthetic()
    quarry_miner.mine_hard_negatives({"a": anchors, "p": positives}, encoder(), corpus=corpus, relative_margin=0.1)
    out = capsys.readouterr().out
    assert "Setting range_max to 33 based on the provided parameters." in out
    assert "Metric       Positive       Negative     Difference" in out
    assert "due to the relative_margin of 0.1." in out


def test_binary_override_and_module_entry_point(monkeypatch):
    packaged = quarry_miner.binary_path()
    completed = subprocess.run([sys.executable, "-m", "quarry_miner", "--version"], capture_output=True, text=True)
    assert completed.returncode == 0 and completed.stdout.strip()
    monkeypatch.setenv("QUARRY_BINARY", packaged)
    assert quarry_miner.binary_path() == packaged
    monkeypatch.setenv("QUARRY_BINARY", "/nonexistent/quarry")
    with pytest.raises(QuarryError, match="QUARRY_BINARY"):
        quarry_miner.binary_path()
