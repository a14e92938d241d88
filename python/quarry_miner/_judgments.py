"""Relevance judgments (qrels) and row ids for `mine_hard_negatives`: what `quarry mine-retrieval --qrels
--query-ids --corpus-ids` takes, read in Python from a file or a pandas / pyarrow / polars table.

Text qrels files follow the CLI's rules (`QrelsFile` in the Swift library): fields separated by runs
of spaces or tabs, 4 fields a line for TREC (`query_id iteration doc_id relevance`), 3 for BEIR
(`query-id corpus-id score`), a first line whose last field is not an integer is a header. Tables
(parquet, JSONL, CSV files, or frames) name their columns as BEIR (`query-id`, `corpus-id`, `score`)
or TREC-style (`query_id`/`qid`, `doc_id`/`corpus_id`/`docid`, `relevance`).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

_QUERY_COLUMNS = ("query-id", "query_id", "qid", "query")
_DOCUMENT_COLUMNS = ("corpus-id", "corpus_id", "doc_id", "docid", "doc-id", "document_id", "docno")
_RELEVANCE_COLUMNS = ("score", "relevance", "rel", "label")
_TABLE_SUFFIXES = (".parquet", ".jsonl", ".json", ".csv")


@dataclass
class Judgment:
    """One relevance judgment; `where` names it in error messages (file and line, or table row)."""

    query_id: str
    document_id: str
    relevance: int
    where: str


def read_qrels(qrels: Any) -> List[Judgment]:
    """Every judgment of `qrels` (a path or a table), in order; errors name the file, line or row and column."""
    if isinstance(qrels, (str, os.PathLike)):
        path = os.fspath(qrels)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"qrels: no such file: {path}")
        if Path(path).suffix.lower() in _TABLE_SUFFIXES:
            from .parquet import read_table

            return _table_judgments(read_table(path), path)
        return _text_judgments(path)
    return _table_judgments(qrels, "qrels")


def _text_judgments(path: str) -> List[Judgment]:
    out: List[Judgment] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            fields = re.split(r"[ \t\r]+", line.strip(" \t\r\n"))
            if fields == [""]:
                continue
            if len(fields) not in (3, 4):
                raise ValueError(f"{path}:{number}: expected 4 fields (TREC: query_id iteration doc_id relevance) "
                                 f"or 3 (BEIR: query-id corpus-id score), found {len(fields)}")
            if not re.fullmatch(r"[+-]?[0-9]+", fields[-1]):
                if number == 1:
                    continue  # a header such as "query-id corpus-id score"
                raise ValueError(f"{path}:{number}: column {len(fields)} (relevance): expected an integer, "
                                 f"found {fields[-1]!r}")
            out.append(Judgment(fields[0], fields[-2], int(fields[-1]), f"{path}:{number}"))
    if not out:
        raise ValueError(f"{path}: no judgments; expected lines 'query_id iteration doc_id relevance' (TREC) or "
                         "'query-id<TAB>corpus-id<TAB>score' (BEIR)")
    return out


def _columns_of(table: Any) -> Tuple[List[str], Any]:
    """Column names and a getter for a pyarrow Table, a pandas / polars frame or a dict of columns."""
    if hasattr(table, "column_names") and hasattr(table, "column"):  # pyarrow.Table
        return list(table.column_names), lambda name: table.column(name).to_pylist()
    if isinstance(table, dict):
        return [str(k) for k in table], lambda name: list(table[name])
    if hasattr(table, "columns") and hasattr(table, "__getitem__"):  # pandas / polars
        return [str(c) for c in table.columns], lambda name: list(table[name])
    raise TypeError(f"qrels must be a path or a pandas/polars/pyarrow table of judgments, got {type(table).__name__}")


def _table_judgments(table: Any, where: str) -> List[Judgment]:
    names, get = _columns_of(table)

    def pick(candidates: Sequence[str], what: str) -> str:
        for name in candidates:
            if name in names:
                return name
        raise KeyError(f"{where}: no {what} column (one of {', '.join(candidates)}); columns: {', '.join(names)}")

    query_column = pick(_QUERY_COLUMNS, "query id")
    document_column = pick(_DOCUMENT_COLUMNS, "document id")
    relevance_column = pick(_RELEVANCE_COLUMNS, "relevance")
    out: List[Judgment] = []
    for row, (q, d, r) in enumerate(zip(get(query_column), get(document_column), get(relevance_column))):
        place = f"{where}: row {row}"
        if q is None or d is None:
            raise ValueError(f"{place} column {query_column if q is None else document_column!r}: missing id")
        out.append(Judgment(str(q), str(d), _relevance(r, f"{place} column {relevance_column!r}"), place))
    if not out:
        raise ValueError(f"{where}: no judgments")
    return out


def _relevance(value: Any, where: str) -> int:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{where}: expected an integer relevance, found {value!r}")
    if isinstance(value, int) or (hasattr(value, "is_integer") and value.is_integer()):
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
        return int(value)
    if hasattr(value, "item"):  # a numpy scalar
        return _relevance(value.item(), where)
    raise ValueError(f"{where}: expected an integer relevance, found {value!r}")


class RowIds:
    """Ids naming the rows of one side (query matrix rows or corpus entries), as the CLI's id files do.

    Without ids, a decimal id is a row number (as the CLI reads qrels without id files).
    """

    def __init__(self, ids: Optional[Sequence[Any]], texts: Sequence[str], name: str):
        self.name = name
        self.ids = None if ids is None else list(ids)
        self.texts = list(texts)
        if self.ids is not None and len(self.ids) != len(self.texts):
            raise ValueError(f"{name} has {len(self.ids)} ids for {len(self.texts)} rows; give one id per row, in order")
        self.row_of: Dict[str, int] = {}
        self.first_id_of_text: Dict[str, Any] = {}
        if self.ids is not None:
            for row, (identifier, text) in enumerate(zip(self.ids, self.texts)):
                key = str(identifier)
                first = self.row_of.setdefault(key, row)
                if first != row and self.texts[first] != text:
                    raise ValueError(f"{name}: id {identifier!r} names two different texts (rows {first} and {row}); "
                                     "ids must be unique")
                self.first_id_of_text.setdefault(text, identifier)

    def row(self, identifier: str, judgment: Judgment, what: str) -> int:
        if self.ids is not None:
            if identifier not in self.row_of:
                raise KeyError(f"{judgment.where}: unknown {what} id {identifier!r} (not in {self.name})")
            return self.row_of[identifier]
        if re.fullmatch(r"[0-9]+", identifier) and str(int(identifier)) == identifier:
            row = int(identifier)
            if row >= len(self.texts):
                raise ValueError(f"{judgment.where}: {what} row {row} is out of range: there are {len(self.texts)} rows")
            return row
        raise ValueError(f"{judgment.where}: {what} id {identifier!r} needs {self.name} (without it ids are row numbers)")

    def id_of_text(self, text: str) -> Any:
        """The id of the first row holding `text` (identical texts are one passage, as in the reference)."""
        if text not in self.first_id_of_text:
            raise KeyError(f"{self.name}: no id for text {text[:60]!r}")
        return self.first_id_of_text[text]


def pairs_from_qrels(judgments: List[Judgment], queries: RowIds, corpus: RowIds, min_relevance: int,
                     where: str) -> Tuple[List[str], List[str]]:
    """(anchor, positive) texts of the judgments with relevance ≥ `min_relevance`, in order; a repeated
    (query, document) judgment names its pair once, as the CLI reads it."""
    anchors: List[str] = []
    positives: List[str] = []
    seen = set()
    for judgment in judgments:
        if judgment.relevance < min_relevance:
            continue
        q = queries.row(judgment.query_id, judgment, "query")
        d = corpus.row(judgment.document_id, judgment, "document")
        if (q, d) in seen:
            continue
        seen.add((q, d))
        anchors.append(queries.texts[q])
        positives.append(corpus.texts[d])
    if not anchors:
        raise ValueError(f"{where}: no judgment has relevance ≥ {min_relevance}; no query has a positive")
    return anchors, positives
