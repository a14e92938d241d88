"""The drop-in against sentence-transformers 6.2.0 `mine_hard_negatives` on the same embeddings.

Oracles: fixtures/retrieval/oracles, rows of the real function's output (ids for texts), as
selected by fixtures/retrieval/select_fixtures.py. Rows must match in count and order; at
least 99.5 % must be identical, and any other row must differ only among candidates whose
scores tie exactly (to the float32 precision both sides compute in).
"""
from __future__ import annotations

import numpy as np
import pytest

import quarry_miner

RUN_NAMES = ["ntuple_top4", "ntuple_top4_rmin5", "ntuple_top4_relmargin005", "ntuple_top4_absmargin005_minscore03",
             "labeledpair_top4_maxscore07", "triplet_top4_rmin5_relmargin01"]
PARAMETERS = ("num_negatives", "range_min", "range_max", "sampling_strategy", "output_scores", "output_format",
              "relative_margin", "absolute_margin", "min_score", "max_score", "batch_size")
SCORE_TOLERANCE = 2e-6  # torch's cos_sim re-normalises; Quarry takes the inner product of the stored unit vectors


def reference_parameters(devset, name):
    run = next(r for r in devset.runs if r["name"] == name)
    return {k: v for k, v in run["params"].items() if k in PARAMETERS}


def as_oracle_rows(dataset, output_format):
    """Our dataset's rows in the oracle's shape (ids, with scores)."""
    rows = []
    for r in dataset:
        if output_format == "n-tuple":
            negatives = [r[f"negative_{i}"] for i in range(1, 5)]
            rows.append({"query_id": r["query"], "positive_id": r["answer"], "negative_ids": negatives, "scores": r["scores"]})
        elif output_format == "triplet":
            rows.append({"query_id": r["query"], "positive_id": r["answer"], "negative_id": r["negative"], "scores": r["scores"]})
        elif output_format == "labeled-pair":
            rows.append({"query_id": r["query"], "doc_id": r["answer"], "score": r["score"]})
    return rows


def ids_of(row):
    return {k: v for k, v in row.items() if k not in ("scores", "score", "label")}  # the oracle file also notes the label


def scores_of(row):
    return row["scores"] if "scores" in row else [row["score"]]


def assert_parity(ours, oracle):
    assert len(ours) == len(oracle)
    identical = sum(ids_of(a) == ids_of(b) for a, b in zip(ours, oracle))
    assert identical / len(oracle) >= 0.995, f"{identical} of {len(oracle)} rows identical"
    for a, b in zip(ours, oracle):
        # Scores agree row by row, so a differing row can only be an exact-score tie swapped at the cut.
        assert np.allclose(scores_of(a), scores_of(b), atol=SCORE_TOLERANCE), (a, b)
    return identical


@pytest.mark.parametrize("name", RUN_NAMES)
def test_model_path_matches_the_reference(devset, name):
    params = reference_parameters(devset, name)
    encoder = devset.encoder()
    mined = quarry_miner.mine_hard_negatives(devset.dataset(), encoder, corpus=devset.corpus_ids, verbose=False, **params)
    oracle = devset.oracle(name)
    assert len(oracle) > 100
    assert_parity(as_oracle_rows(mined, params["output_format"]), oracle)
    # The reference encodes the unique corpus and the unique queries once each, normalised, with its batch size.
    assert [c["kind"] for c in encoder.calls] == ["document", "query"]
    assert all(c["normalize_embeddings"] and c["batch_size"] == params["batch_size"] for c in encoder.calls)


@pytest.mark.parametrize("name", ["ntuple_top4_relmargin005", "triplet_top4_rmin5_relmargin01"])
def test_given_embeddings_by_path_and_array_match_the_reference(devset, name, tmp_path):
    params = reference_parameters(devset, name)
    queries = tmp_path / "queries_per_row.npy"
    np.save(queries, devset.query_rows_per_pair())
    oracle = devset.oracle(name)
    for query_embeddings, corpus_embeddings in [
        (str(queries), str(devset.corpus_path)),                        # paths: memory-mapped by the binary
        (np.load(queries, mmap_mode="r"), np.load(devset.corpus_path, mmap_mode="r")),  # memmaps: passed by path
        (devset.query_rows_per_pair(), devset.corpus.astype(np.float64)),  # in memory, float64: written once
    ]:
        mined = quarry_miner.mine_hard_negatives(devset.dataset(), None, corpus=devset.corpus_ids, verbose=False,
                                                 query_embeddings=query_embeddings,
                                                 corpus_embeddings=corpus_embeddings, **params)
        assert_parity(as_oracle_rows(mined, params["output_format"]), oracle)


def test_columns_and_order_follow_the_reference(devset):
    dataset = devset.dataset()
    encoder = devset.encoder()
    expected = {
        ("triplet", False): ["query", "answer", "negative"],
        ("triplet", True): ["query", "answer", "negative", "scores"],
        ("n-tuple", False): ["query", "answer", "negative_1", "negative_2", "negative_3"],
        ("n-tuple", True): ["query", "answer", "negative_1", "negative_2", "negative_3", "scores"],
        ("labeled-pair", False): ["query", "answer", "label"],
        ("labeled-pair", True): ["query", "answer", "score"],
        ("labeled-list", False): ["query", "answer", "labels"],
        ("labeled-list", True): ["query", "answer", "scores"],
    }
    for (output_format, scores), columns in expected.items():
        mined = quarry_miner.mine_hard_negatives(dataset, encoder, corpus=devset.corpus_ids, output_format=output_format,
                                                 output_scores=scores, verbose=False)
        assert mined.column_names == columns
    labeled = quarry_miner.mine_hard_negatives(dataset, encoder, output_format="labeled-list", verbose=False)
    first = labeled[0]
    assert first["labels"][0] == 1 and set(first["labels"][1:]) == {0}
    assert first["answer"][0] == devset.pairs[0]["positive_id"]


CROSS_ENCODER_RUNS = ["crossencoder_ntuple_top4_relmargin005", "crossencoder_triplet_top3_maxscore05_rmin2"]


@pytest.mark.parametrize("name", CROSS_ENCODER_RUNS)
def test_cross_encoder_rescoring_matches_the_reference(devset, name):
    """Oracles: the real mine_hard_negatives rescoring with conftest.HashCrossEncoder (see the regenerate script)."""
    from conftest import HashCrossEncoder

    params = dict(next(r for r in devset.cross_encoder_runs if r["name"] == name)["params"])
    mined = quarry_miner.mine_hard_negatives(devset.dataset(), devset.encoder(), corpus=devset.corpus_ids,
                                             cross_encoder=HashCrossEncoder(), verbose=False, **params)
    oracle = devset.oracle(name)
    assert len(oracle) > 100
    assert_parity(as_oracle_rows(mined, params["output_format"]), oracle)


def test_signature_and_defaults_are_the_references():
    import inspect
    import json

    from conftest import FIXTURES

    reference = json.loads((FIXTURES / "reference_signature.json").read_text())["parameters"]
    ours = inspect.signature(quarry_miner.mine_hard_negatives).parameters.values()
    positional = [p for p in ours if p.kind is not inspect.Parameter.KEYWORD_ONLY]
    assert [p.name for p in positional] == [p["name"] for p in reference]
    for mine, theirs in zip(positional, reference):
        if theirs["name"] == "model":
            continue  # required there; optional here when embeddings are given
        expected = inspect.Parameter.empty if theirs["default"] == "<required>" else theirs["default"]
        assert mine.default == expected, mine.name
