"""The tabular verbs — `evaluate`, `mine`, `explain` — on numpy arrays or pandas / polars frames.

Each call writes the data once to a temporary CSV, runs the binary with `--json`, and returns
typed results; a refused input raises `QuarryError` with the CLI's message and exit code.
"""
from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from . import _binary


# ---------------------------------------------------------------- frames in and out

def _is_polars(frame: Any) -> bool:
    return type(frame).__module__.split(".")[0] == "polars"


def _is_pandas(frame: Any) -> bool:
    return type(frame).__module__.split(".")[0] == "pandas"


def _format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return "" if math.isnan(value) else repr(float(value))
    return str(value)


def _write_csv(frame: Any, path: Path) -> None:
    """Writes a pandas / polars frame or a dict of columns as CSV (header row, round-trip floats, NaN empty)."""
    if _is_polars(frame):
        frame.write_csv(path)
        return
    if _is_pandas(frame):
        columns = [str(c) for c in frame.columns]
        data = [frame[c].to_numpy() for c in frame.columns]
    elif isinstance(frame, dict):
        columns = [str(c) for c in frame]
        data = [np.asarray(v) for v in frame.values()]
    else:
        raise TypeError(f"expected a pandas or polars DataFrame or a dict of columns, got {type(frame).__name__}")
    lengths = {len(d) for d in data}
    if len(lengths) > 1:
        raise ValueError(f"columns have different lengths: {dict(zip(columns, map(len, data)))}")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in zip(*data):
            writer.writerow([_format(v) for v in row])


def _read_csv_like(path: Path, like: Any):
    """Reads a CSV the binary wrote, as a frame of the caller's kind (polars for polars, else pandas)."""
    if _is_polars(like):
        import polars as pl

        return pl.read_csv(path)
    import pandas as pd

    return pd.read_csv(path)


def _operating_point_arguments(threshold, target_recall, target_precision, target_fpr) -> List[str]:
    arguments = []
    for flag, value in (("--threshold", threshold), ("--target-recall", target_recall),
                        ("--target-precision", target_precision), ("--target-fpr", target_fpr)):
        if value is not None:
            arguments.append(f"{flag}={float(value)!r}")  # flag=value: a negative number is not an option
    return arguments


def _input_arguments(path: Path, label: str, score: str, id: Optional[str], positive: Optional[str]) -> List[str]:
    arguments = [str(path), "--label", label, "--score", score]
    if id is not None:
        arguments += ["--id", id]
    if positive is not None:
        arguments += ["--positive", str(positive)]
    return arguments


def _check_columns(frame: Any, names: Sequence[Optional[str]]) -> None:
    columns = [str(c) for c in (frame.columns if not isinstance(frame, dict) else frame.keys())]
    for name in names:
        if name is not None and name not in columns:
            raise KeyError(f"column {name!r} is not in the frame (columns: {', '.join(columns)})")


# ---------------------------------------------------------------- evaluate

@dataclass
class OperatingPoint:
    """The confusion counts and rates at the threshold (a row is positive when score ≥ threshold)."""

    threshold: float
    tp: int
    fp: int
    tn: int
    fn: int
    precision: Optional[float]
    recall: Optional[float]
    f1: Optional[float]
    fpr: Optional[float]


@dataclass
class Evaluation:
    """`quarry evaluate`'s report: ranking metrics, the operating point, its band and intervals."""

    rows: int
    positives: int
    negatives: int
    roc_auc: Optional[float]
    average_precision: Optional[float]
    partial_auc: Optional[float]
    log_loss: Optional[float]
    brier: Optional[float]
    operating_point: Optional[OperatingPoint]
    band: Optional[Dict[str, Any]]
    intervals: Optional[Dict[str, Any]]
    warnings: List[str]
    raw: Dict[str, Any] = field(repr=False)


def evaluate(y_true: Any, y_score: Any = None, *, label: str = "label", score: str = "score",
             threshold: Optional[float] = None, target_recall: Optional[float] = None,
             target_precision: Optional[float] = None, target_fpr: Optional[float] = None,
             band: Optional[float] = None, max_fpr: Optional[float] = None, bootstrap: int = 0, seed: int = 0,
             calibration_bins: int = 10, threads: Optional[int] = None, positive: Optional[str] = None) -> Evaluation:
    """Threshold-region report of scores against binary labels.

    `y_true`, `y_score`: array-likes of equal length (0/1 or bool labels; finite scores), or
    `y_true` a frame and `y_score` None, with `label=` / `score=` naming its columns.
    """
    if y_score is None:
        frame = y_true
        _check_columns(frame, [label, score])
    else:
        labels, scores = np.asarray(y_true), np.asarray(y_score)
        if labels.ndim != 1 or scores.ndim != 1:
            raise ValueError(f"y_true and y_score must be 1-D, got shapes {labels.shape} and {scores.shape}")
        if len(labels) != len(scores):
            raise ValueError(f"y_true has {len(labels)} values but y_score has {len(scores)}")
        frame = {label: labels, score: scores}
    arguments = _operating_point_arguments(threshold, target_recall, target_precision, target_fpr)
    for flag, value in (("--band", band), ("--max-fpr", max_fpr)):
        if value is not None:
            arguments.append(f"{flag}={float(value)!r}")
    arguments += ["--bootstrap", str(bootstrap), "--seed", str(seed), "--calibration-bins", str(calibration_bins)]
    if threads is not None:
        arguments += ["--threads", str(threads)]
    with tempfile.TemporaryDirectory(prefix="quarry-miner-") as scratch:
        path = Path(scratch) / "scored.csv"
        _write_csv(frame, path)
        completed = _binary.run(["evaluate", *_input_arguments(path, label, score, None, positive), *arguments,
                                 "--json", "--quiet"])
    raw = json.loads(completed.stdout)
    point = raw.get("operating_point")
    return Evaluation(rows=raw["rows"], positives=raw["positives"], negatives=raw["negatives"], roc_auc=raw.get("roc_auc"),
                      average_precision=raw.get("average_precision"), partial_auc=raw.get("partial_auc"),
                      log_loss=raw.get("log_loss"), brier=raw.get("brier"),
                      operating_point=OperatingPoint(**{k: point.get(k) for k in OperatingPoint.__dataclass_fields__})
                      if point else None,
                      band=raw.get("band"), intervals=raw.get("intervals"), warnings=list(raw.get("warnings") or []),
                      raw=raw)


# ---------------------------------------------------------------- mine

@dataclass
class Mined:
    """`quarry mine`'s result: the mined rows (original columns + quarry_score, quarry_rank, quarry_side) and its summary."""

    rows: Any
    negatives_mined: int
    positives_mined: int
    threshold: Optional[float]
    summary: Dict[str, Any] = field(repr=False)


def mine(frame: Any, *, label: str, score: str, id: Optional[str] = None, threshold: Optional[float] = None,
         target_recall: Optional[float] = None, target_precision: Optional[float] = None,
         target_fpr: Optional[float] = None, strategy: str = "false-positives", k: Optional[int] = None,
         band: Optional[float] = None, side: str = "negatives", exclude_suspects: bool = False,
         features: Optional[Sequence[str]] = None, positive: Optional[str] = None) -> Mined:
    """Hard negatives (and/or hard positives) of a scored frame, ranked, with their original columns.

    Returns the rows as a frame of the caller's kind (polars in → polars out, else pandas).
    """
    _check_columns(frame, [label, score, id])
    arguments = _operating_point_arguments(threshold, target_recall, target_precision, target_fpr)
    arguments += ["--strategy", strategy, "--side", side]
    if k is not None:
        arguments += ["--k", str(k)]
    if band is not None:
        arguments.append(f"--band={float(band)!r}")
    if exclude_suspects:
        arguments.append("--exclude-suspects")
    if features is not None:
        arguments += ["--features", ",".join(features)]
    with tempfile.TemporaryDirectory(prefix="quarry-miner-") as scratch:
        path = Path(scratch) / "scored.csv"
        output = Path(scratch) / "mined.csv"
        _write_csv(frame, path)
        completed = _binary.run(["mine", *_input_arguments(path, label, score, id, positive), *arguments,
                                 "-o", str(output), "--json", "--quiet"])
        summary = json.loads(completed.stdout)
        rows = _read_csv_like(output, frame)
    return Mined(rows=rows, negatives_mined=(summary.get("negatives") or {}).get("mined", 0),
                 positives_mined=(summary.get("positives") or {}).get("mined", 0),
                 threshold=(summary.get("parameters") or {}).get("threshold"), summary=summary)


# ---------------------------------------------------------------- explain

@dataclass
class Explanation:
    """`quarry explain`'s result: the parsed JSON (`raw`) plus a few typed fields.

    `raw` is the whole report as the binary prints it (its schema may grow); the typed fields
    are the stable ones: the beyond-score audit's verdict (`separable`, `not_separable` or
    `inconclusive`), its statistic, p-value and power, the features and pairs it names, and the
    marginal per-feature differences as a frame.
    """

    rows: int
    verdict: Optional[str]
    statistic: Optional[float]
    p_value: Optional[float]
    power: Optional[float]
    named_features: List[str]
    interactions: List[List[str]]
    features: Any
    warnings: List[str]
    raw: Dict[str, Any] = field(repr=False)


def explain(frame: Any, *, label: str, score: str, id: Optional[str] = None, threshold: Optional[float] = None,
            target_recall: Optional[float] = None, target_precision: Optional[float] = None,
            target_fpr: Optional[float] = None, features: Optional[Sequence[str]] = None,
            derive: Sequence[str] = (), seed: int = 0, positive: Optional[str] = None,
            **options: Any) -> Explanation:
    """Why the hard negatives are hard: is there information beyond the score, which features carry
    it, per-feature gaps, slices, suspects.

    Further CLI options by their Python names: `positive_band`, `min_positives`, `easy_margin`,
    `folds`, `permutations`, `band`, `score_bins`, `min_effect`, `threads`, `bins`, `min_support`,
    `neighbours`, `suspect_margin`, `top`.
    """
    allowed = {"positive_band", "min_positives", "easy_margin", "folds", "permutations", "band", "score_bins",
               "min_effect", "threads", "bins", "min_support", "neighbours", "suspect_margin", "top"}
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise TypeError(f"explain() got unknown options {unknown}; known: {sorted(allowed)}")
    _check_columns(frame, [label, score, id])
    arguments = _operating_point_arguments(threshold, target_recall, target_precision, target_fpr)
    if features is not None:
        arguments += ["--features", ",".join(features)]
    for expression in derive:
        arguments += ["--derive", expression]
    arguments += ["--seed", str(seed)]
    for name, value in options.items():
        arguments.append(f"--{name.replace('_', '-')}={value}")
    with tempfile.TemporaryDirectory(prefix="quarry-miner-") as scratch:
        path = Path(scratch) / "scored.csv"
        _write_csv(frame, path)
        completed = _binary.run(["explain", *_input_arguments(path, label, score, id, positive), *arguments, "--json"])
    raw = json.loads(completed.stdout)
    audit = raw.get("beyond_score") or {}
    feature_rows = raw.get("features") or []
    try:
        import pandas as pd

        feature_frame = pd.DataFrame(feature_rows)
    except ImportError:  # pragma: no cover - pandas is optional
        feature_frame = feature_rows
    return Explanation(rows=raw.get("rows", 0), verdict=audit.get("verdict"), statistic=audit.get("statistic"),
                       p_value=audit.get("p_value"), power=audit.get("power"),
                       named_features=list(audit.get("named_features") or []),
                       interactions=[list(entry["features"]) for entry in audit.get("interactions") or []
                                     if "features" in entry],
                       features=feature_frame,
                       warnings=list(raw.get("warnings") or []), raw=raw)
