"""evaluate / mine / explain from Python, checked against brute-force references computed here."""
from __future__ import annotations

import numpy as np
import pytest

import quarry_miner
from quarry_miner import QuarryError


def scored(seed=7, n=400):
    rng = np.random.default_rng(seed)
    labels = rng.random(n) < 0.3
    scores = np.clip(rng.normal(0.35 + 0.3 * labels, 0.18), 0.0, 1.0).round(3)  # rounding makes ties
    return labels.astype(int), scores


def brute_auc(labels, scores):
    pos, neg = scores[labels == 1], scores[labels == 0]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return wins / (len(pos) * len(neg))


def brute_average_precision(labels, scores):
    # Step-wise: sum over distinct thresholds of (recall gain) × precision at that threshold.
    total, previous_recall, positives = 0.0, 0.0, labels.sum()
    for t in np.unique(scores)[::-1]:
        predicted = scores >= t
        tp = (predicted & (labels == 1)).sum()
        recall, precision = tp / positives, tp / predicted.sum()
        total += (recall - previous_recall) * precision
        previous_recall = recall
    return total


def test_evaluate_arrays_match_brute_force():
    labels, scores = scored()
    result = quarry_miner.evaluate(labels, scores, threshold=0.5)
    assert result.rows == len(labels) and result.positives == labels.sum()
    assert result.roc_auc == pytest.approx(brute_auc(labels, scores), abs=1e-12)
    assert result.average_precision == pytest.approx(brute_average_precision(labels, scores), abs=1e-12)
    predicted = scores >= 0.5
    point = result.operating_point
    assert (point.tp, point.fp, point.tn, point.fn) == (
        (predicted & (labels == 1)).sum(), (predicted & (labels == 0)).sum(),
        (~predicted & (labels == 0)).sum(), (~predicted & (labels == 1)).sum())
    assert point.precision == pytest.approx(point.tp / (point.tp + point.fp))


def test_evaluate_accepts_pandas_and_polars_frames_with_the_same_result():
    pd = pytest.importorskip("pandas")
    labels, scores = scored()
    from_arrays = quarry_miner.evaluate(labels, scores, target_recall=0.9)
    frame = pd.DataFrame({"y": labels.astype(bool), "s": scores})
    from_pandas = quarry_miner.evaluate(frame, label="y", score="s", target_recall=0.9)
    assert from_pandas.raw["operating_point"] == from_arrays.raw["operating_point"]
    assert from_pandas.roc_auc == from_arrays.roc_auc
    pl = pytest.importorskip("polars")
    from_polars = quarry_miner.evaluate(pl.DataFrame({"y": labels, "s": scores}), label="y", score="s", target_recall=0.9)
    assert from_polars.roc_auc == from_arrays.roc_auc
    assert from_polars.operating_point == from_arrays.operating_point


def test_mine_false_positives_are_the_negatives_above_the_threshold_ranked():
    pd = pytest.importorskip("pandas")
    labels, scores = scored()
    frame = pd.DataFrame({"id": [f"r{i}" for i in range(len(labels))], "label": labels, "score": scores,
                          "f1": np.arange(len(labels), dtype=float)})
    result = quarry_miner.mine(frame, label="label", score="score", id="id", threshold=0.5)
    expected = frame[(frame.label == 0) & (frame.score >= 0.5)]
    assert result.negatives_mined == len(expected) == len(result.rows)
    assert set(result.rows["id"]) == set(expected["id"])
    assert list(result.rows["score"]) == sorted(result.rows["score"], reverse=True)
    assert list(result.rows.columns[:4]) == ["id", "label", "score", "f1"]
    assert {"quarry_score", "quarry_rank", "quarry_side"} <= set(result.rows.columns)


def test_mine_returns_polars_for_polars():
    pl = pytest.importorskip("polars")
    labels, scores = scored()
    result = quarry_miner.mine(pl.DataFrame({"label": labels, "score": scores}), label="label", score="score",
                               threshold=0.5, side="both")
    assert type(result.rows).__module__.startswith("polars")
    assert result.positives_mined == int(((labels == 1) & (scores < 0.5)).sum())


def test_explain_returns_the_json_and_typed_fields():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(3)
    labels, scores = scored(seed=3, n=600)
    frame = pd.DataFrame({"label": labels, "score": scores, "a": rng.normal(size=600), "b": rng.normal(size=600)})
    result = quarry_miner.explain(frame, label="label", score="score", threshold=0.5, permutations=20)
    assert result.rows == 600
    assert result.verdict == result.raw["beyond_score"]["verdict"]
    assert result.verdict in {"separable", "not_separable", "inconclusive"}
    assert result.p_value == result.raw["beyond_score"]["p_value"]
    assert result.named_features == result.raw["beyond_score"]["named_features"]
    assert set(result.features["feature"]) == {"a", "b"}
    with pytest.raises(TypeError, match="unknown options"):
        quarry_miner.explain(frame, label="label", score="score", threshold=0.5, nonsense=1)


def test_bad_data_raises_with_the_cli_message_and_exit_code():
    with pytest.raises(QuarryError) as caught:
        quarry_miner.evaluate(np.array([0, 1, 2]), np.array([0.1, 0.2, 0.3]), threshold=0.5)
    assert caught.value.exit_code == 65 and "label" in caught.value.message
    with pytest.raises(QuarryError) as caught:
        quarry_miner.evaluate(np.array([0, 1, 1]), np.array([0.1, np.nan, 0.3]), threshold=0.5)
    assert caught.value.exit_code == 65 and "line 3" in caught.value.message
    with pytest.raises(QuarryError) as caught:
        quarry_miner.evaluate(np.array([0, 1, 1]), np.array([0.1, 0.2, 0.3]), threshold=0.5, target_recall=0.9)
    assert caught.value.exit_code == 64
    with pytest.raises(KeyError, match="'nope'"):
        quarry_miner.mine({"label": [0, 1], "score": [0.1, 0.2]}, label="label", score="nope", threshold=0.5)
    with pytest.raises(ValueError, match="3 values but y_score has 2"):
        quarry_miner.evaluate([0, 1, 1], [0.1, 0.2])


def test_negative_thresholds_and_scores_reach_the_binary_as_values():
    labels, scores = scored()
    shifted = quarry_miner.evaluate(labels, scores - 2.0, threshold=-1.5)
    plain = quarry_miner.evaluate(labels, scores, threshold=0.5)
    assert shifted.operating_point.tp == plain.operating_point.tp and shifted.roc_auc == pytest.approx(plain.roc_auc)
