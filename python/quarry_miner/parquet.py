"""Parquet in and out through pyarrow: pairs, queries, corpus and BEIR/MTEB qrels in; training rows out.

Hugging Face hub datasets are parquet; BEIR/MTEB retrieval sets come as `corpus` (`_id`,
`title`, `text`), `queries` (`_id`, `text`) and `qrels` (`query-id`, `corpus-id`, `score`),
in parquet or the original JSONL/TSV. Everything here names the file and column it could not use.
"""
from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

PathLike = Union[str, os.PathLike]


def _pyarrow():
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError as error:  # pragma: no cover - exercised only without pyarrow
        raise ImportError("parquet needs pyarrow: pip install pyarrow") from error
    return pq


def read_table(path: PathLike):
    """A pyarrow Table from .parquet, .jsonl/.json (one object a line), .csv or .tsv."""
    pq = _pyarrow()
    import pyarrow as pa

    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such file: {path}")
    suffix = Path(path).suffix.lower()
    if suffix == ".parquet":
        try:
            return pq.read_table(path)
        except pa.ArrowInvalid as error:
            raise ValueError(f"{path}: not a readable parquet file: {error}") from error
    if suffix in (".jsonl", ".json"):
        rows = []
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as error:
                        raise ValueError(f"{path}:{number}: invalid JSON: {error.msg}") from error
        return pa.Table.from_pylist(rows)
    if suffix in (".csv", ".tsv"):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ","))
        return pa.Table.from_pylist(rows)
    raise ValueError(f"{path}: unknown table format {suffix!r}; expected .parquet, .jsonl, .csv or .tsv")


def _column(table, name: str, path: PathLike) -> List[Any]:
    if name not in table.column_names:
        raise KeyError(f"{os.fspath(path)}: no column {name!r} (columns: {', '.join(table.column_names)})")
    return table.column(name).to_pylist()


def load_pairs(path: PathLike, anchor_column_name: Optional[str] = None, positive_column_name: Optional[str] = None):
    """(anchor, positive) pairs from a table file as a `datasets.Dataset` (first two columns by default)."""
    from datasets import Dataset

    table = read_table(path)
    names = table.column_names
    if len(names) < 2:
        raise ValueError(f"{os.fspath(path)}: needs an anchor and a positive column, found {names}")
    anchor = anchor_column_name or names[0]
    positive = positive_column_name or names[1]
    anchors, positives = _column(table, anchor, path), _column(table, positive, path)
    for column, values in ((anchor, anchors), (positive, positives)):
        for row, value in enumerate(values):
            if not isinstance(value, str):
                raise ValueError(f"{os.fspath(path)}: row {row} column {column!r}: expected text, found {value!r}")
    return Dataset.from_dict({anchor: anchors, positive: positives})


@dataclass
class RetrievalSet:
    """A BEIR/MTEB-style set turned into what `mine_hard_negatives` takes, with the ids kept beside the texts.

    `dataset`: (query, positive) text pairs, one per relevant judgment, in qrels order;
    `corpus`: every corpus text in corpus order; `query_ids` / `corpus_ids`: text → id.
    """

    dataset: Any
    corpus: List[str]
    query_ids: Dict[str, str]
    corpus_ids: Dict[str, str]


def _texts(path: PathLike, id_column: str, with_title: bool) -> Dict[str, str]:
    table = read_table(path)
    ids = [str(v) for v in _column(table, id_column, path)]
    texts = _column(table, "text", path)
    titles = table.column("title").to_pylist() if with_title and "title" in table.column_names else None
    out: Dict[str, str] = {}
    for row, (identifier, text) in enumerate(zip(ids, texts)):
        if not isinstance(text, str):
            raise ValueError(f"{os.fspath(path)}: row {row} column 'text': expected text, found {text!r}")
        if identifier in out:
            raise ValueError(f"{os.fspath(path)}: row {row}: id {identifier!r} repeats; ids must be unique")
        if titles and titles[row]:
            text = f"{titles[row]} {text}"
        out[identifier] = text
    return out


def load_beir(corpus: PathLike, queries: PathLike, qrels: PathLike, *, min_relevance: int = 1,
              include_titles: bool = False) -> RetrievalSet:
    """Reads BEIR/MTEB corpus, queries and qrels (parquet, JSONL or TSV) into pairs + corpus + id maps.

    Judgments with score ≥ `min_relevance` are the positives; an id missing from corpus or
    queries is an error naming the qrels row. `include_titles` prefixes a document's title as
    BEIR's own loaders do.
    """
    from datasets import Dataset

    documents = _texts(corpus, "_id", include_titles)
    questions = _texts(queries, "_id", False)
    table = read_table(qrels)
    query_column = "query-id" if "query-id" in table.column_names else "query_id"
    corpus_column = "corpus-id" if "corpus-id" in table.column_names else "corpus_id"
    query_values = [str(v) for v in _column(table, query_column, qrels)]
    corpus_values = [str(v) for v in _column(table, corpus_column, qrels)]
    scores = _column(table, "score", qrels)
    anchors, positives = [], []
    for row, (q, d, score) in enumerate(zip(query_values, corpus_values, scores)):
        try:
            relevance = int(score)
        except (TypeError, ValueError):
            raise ValueError(f"{os.fspath(qrels)}: row {row} column 'score': expected an integer relevance, found {score!r}")
        if relevance < min_relevance:
            continue
        if q not in questions:
            raise KeyError(f"{os.fspath(qrels)}: row {row}: query id {q!r} is not in {os.fspath(queries)}")
        if d not in documents:
            raise KeyError(f"{os.fspath(qrels)}: row {row}: corpus id {d!r} is not in {os.fspath(corpus)}")
        anchors.append(questions[q])
        positives.append(documents[d])
    if not anchors:
        raise ValueError(f"{os.fspath(qrels)}: no judgment has relevance ≥ {min_relevance}; no query has a positive")
    query_ids: Dict[str, str] = {}
    for identifier, text in questions.items():
        query_ids.setdefault(text, identifier)
    corpus_ids: Dict[str, str] = {}
    for identifier, text in documents.items():
        corpus_ids.setdefault(text, identifier)
    return RetrievalSet(dataset=Dataset.from_dict({"query": anchors, "positive": positives}),
                        corpus=list(documents.values()), query_ids=query_ids, corpus_ids=corpus_ids)


def _atomic_write(table, path: PathLike) -> None:
    pq = _pyarrow()
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"cannot create {path}: no directory {directory}")
    temporary = f"{path}.tmp-{os.getpid()}"
    try:
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def ids_path(path: PathLike) -> str:
    """The sibling ids table of a training parquet: `train.parquet` → `train.ids.parquet`."""
    path = os.fspath(path)
    stem = path[:-len(".parquet")] if path.endswith(".parquet") else path
    return stem + ".ids.parquet"


def write_training_parquet(dataset: Any, path: PathLike, *, query_ids: Optional[Dict[str, str]] = None,
                           corpus_ids: Optional[Dict[str, str]] = None) -> Optional[str]:
    """Writes mined rows (the reference's column names) to parquet, whole or not at all.

    With `query_ids` and `corpus_ids` (text → id, as `load_beir` returns), also writes a sibling
    ids table (`ids_path(path)`) with the same columns holding ids instead of texts, and returns
    its path. Score and label columns are copied unchanged.
    """
    import pyarrow as pa

    if hasattr(dataset, "flatten_indices"):  # datasets.Dataset (a select/shuffle view made concrete)
        table = dataset.flatten_indices().data.table
    elif isinstance(dataset, pa.Table):
        table = dataset
    else:
        table = pa.Table.from_pydict(dict(dataset))
    if (query_ids is None) != (corpus_ids is None):
        raise ValueError("give both query_ids and corpus_ids for the ids table, or neither")
    sibling = None
    if query_ids is not None:
        names = table.column_names
        columns = {}
        for position, name in enumerate(names):
            values = table.column(name).to_pylist()
            if name in ("scores", "score", "label", "labels"):
                columns[name] = values
                continue
            lookup = query_ids if position == 0 else corpus_ids

            def to_id(text, name=name, lookup=lookup):
                if text not in lookup:
                    raise KeyError(f"column {name!r}: text {text[:60]!r} has no id")
                return lookup[text]

            columns[name] = [[to_id(t) for t in v] if isinstance(v, list) else to_id(v) for v in values]
        sibling = ids_path(path)
        _atomic_write(pa.Table.from_pydict(columns), sibling)
    _atomic_write(table, path)
    return sibling
