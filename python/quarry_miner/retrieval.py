"""`mine_hard_negatives`: sentence-transformers' function, with the search and selection done by `quarry mine-retrieval`.

Signature, defaults, checks, column names and row order follow sentence-transformers 6.x
(`sentence_transformers.util.mine_hard_negatives`, `use_faiss=False` path). The binary does
an exact inner-product search; its own deliberate differences from the reference are switched
off here (identical vectors are *not* collapsed; random sampling draws its seed from Python's
`random` module unless `seed=` is given). Remaining differences are listed in python/README.md.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np

from . import _binary
from ._arrays import EmbeddingSource
from ._judgments import RowIds, pairs_from_qrels, read_qrels

logger = logging.getLogger(__name__)

_FORMATS = ("triplet", "n-tuple", "labeled-pair", "labeled-list")


@dataclass
class RetrievalReport:
    """What `quarry mine-retrieval --json` reported: statistics, what each filter skipped, timings."""

    raw: Dict[str, Any]
    rows: int = 0
    range_max: Optional[int] = None
    text: str = ""
    #: With `query_ids` and `corpus_ids`: the rows with ids in place of texts (a `datasets.Dataset`, same columns).
    ids: Any = None
    #: Wall seconds of the wrapper's stages: `prepare` (checks, columns, ids), `encode` (cache lookups and
    #: encoding), `write_inputs` (pairs file, arrays not already on disk), `binary` (the quarry process(es);
    #: its own stages are in `raw["timings_seconds"]`), `rescore` (the cross-encoder), `read_output` (parsing
    #: the binary's rows), `dataset` (texts back in, `datasets.Dataset` built).
    timings: Dict[str, float] = field(default_factory=dict)


@dataclass
class _Columns:
    """The dataset as plain lists, whatever container it came in."""

    names: List[str]
    anchors: List[str]
    positives: List[str]


def _columns(dataset: Any, anchor_column_name: Optional[str], positive_column_name: Optional[str]) -> _Columns:
    if hasattr(dataset, "column_names") and not isinstance(dataset, dict):  # datasets.Dataset
        names = list(dataset.column_names)
        getter = lambda name: list(dataset[name])
    elif hasattr(dataset, "columns") and hasattr(dataset, "__getitem__") and not isinstance(dataset, dict):
        names = [str(c) for c in dataset.columns]  # pandas / polars frame
        getter = lambda name: list(dataset[name])
    elif isinstance(dataset, dict):
        names = list(dataset.keys())
        getter = lambda name: list(dataset[name])
    else:
        raise TypeError(f"dataset must be a datasets.Dataset, a pandas/polars DataFrame or a dict of columns, got {type(dataset).__name__}")
    if len(names) < 2:
        raise ValueError(f"dataset needs an anchor and a positive column, found columns {names}")
    if not anchor_column_name or anchor_column_name not in names:
        anchor_column_name = names[0]
    if not positive_column_name or positive_column_name not in names:
        positive_column_name = names[1]
    return _Columns([anchor_column_name, positive_column_name], getter(anchor_column_name), getter(positive_column_name))


def _column_values(dataset: Any, name: str, what: str) -> List[Any]:
    names = list(dataset.column_names) if hasattr(dataset, "column_names") and not isinstance(dataset, dict) else \
        [str(c) for c in (dataset.keys() if isinstance(dataset, dict) else dataset.columns)]
    if name not in names:
        raise KeyError(f"{what}: the dataset has no column {name!r} (columns: {', '.join(names)})")
    return list(dataset[name])


def _query_texts(dataset: Any, anchor_column_name: Optional[str], positive_column_name: Optional[str]):
    """With qrels: the queries (the anchor column, by default the first), and the output's column names."""
    if isinstance(dataset, dict):
        names = [str(k) for k in dataset]
    elif hasattr(dataset, "column_names"):
        names = list(dataset.column_names)
    elif hasattr(dataset, "columns"):
        names = [str(c) for c in dataset.columns]
    else:
        raise TypeError(f"with qrels, dataset holds the queries: a datasets.Dataset, a DataFrame or a dict of "
                        f"columns, got {type(dataset).__name__}")
    if not names:
        raise ValueError("with qrels, dataset needs a column of query texts")
    anchor = anchor_column_name if anchor_column_name in names else names[0]
    texts = list(dataset[anchor])
    if not texts:
        raise ValueError("The dataset is empty. Please provide a non-empty dataset.")
    for row, text in enumerate(texts):
        if not isinstance(text, str):
            raise ValueError(f"dataset row {row} column {anchor!r}: expected a query text, found {text!r}")
    positive = positive_column_name or "positive"
    return texts, anchor, positive if positive != anchor else f"{anchor}_positive"


def _model_name(model: Any) -> str:
    card = getattr(model, "model_card_data", None)
    return (getattr(card, "base_model", None) or "") if card is not None else ""


@dataclass
class _Side:
    """One side (queries or corpus) to encode: its unique texts, prompts and cache file (the reference's name)."""

    kind: str
    method: str
    texts: List[str]
    prompt_name: Optional[str]
    prompt: Optional[str]
    cache_folder: Optional[str]
    model_name: str

    @property
    def cache_path(self) -> Optional[str]:
        if not self.cache_folder:
            return None
        digest = hashlib.sha256(repr((self.model_name, self.prompt, self.prompt_name, self.texts)).encode()).hexdigest()
        return os.path.join(self.cache_folder, f"{self.kind}_embeddings_{digest}.npy")

    def cached(self, verbose: bool) -> Optional[EmbeddingSource]:
        """The cached embeddings, handed on by path, or None."""
        path = self.cache_path
        if path is None or not os.path.exists(path):
            return None
        source = EmbeddingSource(path, f"{self.kind}_embeddings")
        if verbose:
            print(f"[Cache] Loaded {self.kind} embeddings from {path} (shape={source.shape})")
        return source

    def encode(self, model: Any, *, batch_size: int, pool: Any, verbose: bool) -> EmbeddingSource:
        """Encodes the texts with the model's own method (normalised, prompts, batch size); saves them to the cache."""
        encode = getattr(model, self.method, None)
        if encode is None:
            raise TypeError(f"model has no {self.method}(); pass a sentence-transformers model or an object with "
                            "encode_query/encode_document, or give query_embeddings/corpus_embeddings")
        keywords = dict(batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=True,
                        prompt_name=self.prompt_name, prompt=self.prompt)
        if pool is not None:
            keywords["pool"] = pool
        encoded = np.asarray(encode(self.texts, **keywords))
        path = self.cache_path
        if path is None:
            return EmbeddingSource(encoded, f"{self.kind}_embeddings")
        np.save(path, encoded)
        if verbose:
            print(f"[Cache] Saved {self.kind} embeddings to {path}")
        return EmbeddingSource(path, f"{self.kind}_embeddings")


def mine_hard_negatives(
    dataset: Any,
    model: Any = None,
    anchor_column_name: Optional[str] = None,
    positive_column_name: Optional[str] = None,
    corpus: Optional[List[str]] = None,
    cross_encoder: Any = None,
    range_min: int = 0,
    range_max: Optional[int] = None,
    max_score: Optional[float] = None,
    min_score: Optional[float] = None,
    absolute_margin: Optional[float] = None,
    relative_margin: Optional[float] = None,
    num_negatives: int = 3,
    sampling_strategy: str = "top",
    query_prompt_name: Optional[str] = None,
    query_prompt: Optional[str] = None,
    corpus_prompt_name: Optional[str] = None,
    corpus_prompt: Optional[str] = None,
    include_positives: bool = False,
    output_format: str = "triplet",
    output_scores: bool = False,
    batch_size: int = 32,
    faiss_batch_size: int = 16384,
    use_faiss: bool = False,
    use_multi_process: Union[List[str], bool] = False,
    verbose: bool = True,
    cache_folder: Optional[str] = None,
    as_triplets: Optional[bool] = None,
    margin: Optional[float] = None,
    *,
    query_embeddings: Any = None,
    corpus_embeddings: Any = None,
    seed: Optional[int] = None,
    dedupe_threshold: Optional[float] = None,
    collapse_identical_vectors: bool = False,
    suspects: Optional[Union[str, os.PathLike]] = None,
    qrels: Any = None,
    min_relevance: int = 1,
    query_ids: Any = None,
    corpus_ids: Any = None,
    threads: int = 0,
    return_report: bool = False,
    executor: Any = None,
    num_query_blocks: Optional[int] = None,
    num_corpus_shards: Optional[int] = None,
    work_dir: Optional[Union[str, os.PathLike]] = None,
    executor_options: Optional[Dict[str, Any]] = None,
):
    """Adds hard negatives to (anchor, positive) pairs, as sentence-transformers' `mine_hard_negatives` does.

    Positional and keyword parameters are the reference's (see its documentation). Keyword-only
    extras:

    - `query_embeddings`: one row per dataset row, in order (array, np.memmap or .npy path);
      `corpus_embeddings`: one row per entry of `corpus` (or per dataset row when `corpus` is
      None), in order. Used instead of encoding; `model` may then be None.
    - `seed`: seed for `sampling_strategy="random"` (default: drawn from Python's `random`).
    - `dedupe_threshold`: skip a negative whose cosine to an already chosen one is ≥ this.
    - `collapse_identical_vectors`: treat corpus rows with bit-identical vectors as one passage.
    - `suspects`: write likely unlabeled positives (candidates scoring above the query's lowest
      positive or within a margin of it) to this JSONL path, with texts, scores, rank and reason.
    - `threads`: search threads (0 = every core).
    - `return_report`: return `(dataset, RetrievalReport)` instead of the dataset alone.
    - `executor` (`"local"`, `"ray"` or an executor object), `num_query_blocks`, `num_corpus_shards`,
      `work_dir`, `executor_options`: run the search as query blocks × corpus shards, each a `quarry`
      process (local) or a Ray task, then one merge per block; the result is identical to the
      default single-process run (quarry_miner.executors, docs/scale.md).
    - `qrels`: the positives as relevance judgments instead of the dataset's positive column: a TREC or
      BEIR qrels path (or .parquet/.jsonl/.csv), or a pandas/polars/pyarrow table; judgments with
      relevance ≥ `min_relevance` are positives. `dataset` then holds the queries (one per row, the
      anchor column), `corpus` the documents; ids are looked up in `query_ids` / `corpus_ids` (row
      numbers without them).
    - `query_ids`: one id per dataset row (or the name of a dataset column); `corpus_ids`: one per entry
      of `corpus` (or the name of a column of the `corpus` table file). With both, the report's `ids`
      holds the rows with ids in place of texts.

    `dataset` may also be a path to a pairs table (.parquet, .jsonl, .csv) and `corpus` a path
    to a table with a `text` column.

    Returns a `datasets.Dataset` with the reference's columns, in its order.
    """
    clock = _StageClock()
    if not isinstance(num_negatives, int) or isinstance(num_negatives, bool):
        raise TypeError(f"num_negatives must be an int, got {num_negatives!r}")
    if isinstance(dataset, (str, os.PathLike)) and qrels is not None:  # a table of queries
        from .parquet import read_table

        dataset = read_table(dataset).to_pydict()
    elif isinstance(dataset, (str, os.PathLike)):
        from .parquet import load_pairs

        dataset = load_pairs(dataset, anchor_column_name, positive_column_name)
    if isinstance(corpus, (str, os.PathLike)):
        from .parquet import read_table

        table = read_table(corpus)
        if "text" not in table.column_names:
            raise KeyError(f"{os.fspath(corpus)}: no column 'text' (columns: {', '.join(table.column_names)})")
        if isinstance(corpus_ids, str):
            if corpus_ids not in table.column_names:
                raise KeyError(f"{os.fspath(corpus)}: no column {corpus_ids!r} for corpus_ids "
                               f"(columns: {', '.join(table.column_names)})")
            corpus_ids = table.column(corpus_ids).to_pylist()
        corpus = table.column("text").to_pylist()
    if isinstance(corpus_ids, str):
        raise TypeError("corpus_ids names a column only when corpus is a table file; otherwise give one id per entry")
    if qrels is None and min_relevance != 1:
        raise ValueError("min_relevance applies to qrels; without qrels the dataset's rows are the positives")
    if isinstance(query_ids, str):
        query_ids = _column_values(dataset, query_ids, "query_ids")
    if qrels is not None:
        if corpus is None:
            raise ValueError("qrels name documents of a corpus: give corpus (one text per entry) and corpus_ids")
        query_texts, anchor_column_name, positive_column_name = _query_texts(dataset, anchor_column_name,
                                                                             positive_column_name)
        named_queries = RowIds(query_ids, query_texts, "query_ids")
        named_corpus = RowIds(corpus_ids, list(corpus), "corpus_ids")
        where = os.fspath(qrels) if isinstance(qrels, (str, os.PathLike)) else "qrels"
        anchors, positives = pairs_from_qrels(read_qrels(qrels), named_queries, named_corpus, min_relevance, where)
        cols = _Columns([anchor_column_name, positive_column_name], anchors, positives)
    else:
        cols = _columns(dataset, anchor_column_name, positive_column_name)
        query_texts = cols.anchors
        named_queries = None if query_ids is None else RowIds(query_ids, cols.anchors, "query_ids")
        named_corpus = None
        if corpus_ids is not None:
            named_corpus = RowIds(corpus_ids, list(corpus) if corpus is not None else cols.positives, "corpus_ids")
            unnamed = [p for p in cols.positives if p not in named_corpus.first_id_of_text]
            if unnamed:
                raise ValueError(f"{len(unnamed)} positives are not in corpus, so corpus_ids has no id for them "
                                 f"(first: {unnamed[0][:80]!r}); add them to corpus and corpus_ids")
    anchor_column_name, positive_column_name = cols.names
    if len(cols.anchors) == 0:
        raise ValueError("The dataset is empty. Please provide a non-empty dataset.")
    if faiss_batch_size <= 0:
        raise ValueError(f"faiss_batch_size must be a positive integer, got {faiss_batch_size}.")
    if as_triplets is not None:
        output_format = "triplet" if as_triplets else "n-tuple"
        logger.warning("The `as_triplets` parameter is deprecated. Use the `output_format` parameter instead. "
                       f"Setting `output_format` to `{output_format}`.")
    if include_positives and output_format != "n-tuple":
        logger.warning('When using `include_positives=True`, `output_format` will be set to `"n-tuple"` to ensure '
                       "that the ranking order is preserved.")
        output_format = "n-tuple"
    if output_format == "n-tuple-scores":
        logger.warning('`output_format="n-tuple-scores"` is deprecated. Use `output_format="n-tuple"` with '
                       "`output_scores=True` instead for equivalent output formats.")
        output_format, output_scores = "n-tuple", True
    if output_format not in _FORMATS:
        raise ValueError(f"Invalid output_format: {output_format}. Must be one of 'triplet', 'n-tuple', "
                         "'labeled-pair', or 'labeled-list'.")
    if margin is not None:
        absolute_margin = margin
        logger.warning("The `margin` parameter is deprecated. Use the `absolute_margin` and/or `relative_margin` "
                       f"parameter instead. Setting `absolute_margin` to `{absolute_margin}`.")
    if sampling_strategy not in ("top", "random"):
        raise ValueError(f"sampling_strategy must be 'top' or 'random', got {sampling_strategy!r}")
    if seed is not None and sampling_strategy != "random":
        raise ValueError("seed only affects sampling_strategy='random'; with 'top' the selection is deterministic")
    rescoring = absolute_margin is not None or relative_margin is not None or max_score is not None
    if cross_encoder is not None and rescoring and not callable(getattr(cross_encoder, "predict", None)):
        raise TypeError("cross_encoder needs a predict(pairs, batch_size=…) method returning one score per "
                        "(query, passage) pair, like sentence-transformers' CrossEncoder")
    if num_negatives < 1:
        raise ValueError(f"num_negatives must be at least 1, got num_negatives={num_negatives}.")
    if model is None and (query_embeddings is None or corpus_embeddings is None):
        raise ValueError("give a model (with encode_query/encode_document) or both query_embeddings and corpus_embeddings")

    # Positives per query, as the reference counts them (dataset rows per anchor).
    counts: Dict[str, int] = {}
    for anchor in cols.anchors:
        counts[anchor] = counts.get(anchor, 0) + 1
    max_positives = max(counts.values())
    if range_max is None:
        range_max = range_min + num_negatives * (10 if rescoring else 1) + max_positives
        if verbose:
            print(f"Setting range_max to {range_max} based on the provided parameters.")
    if range_min < 0:
        raise ValueError(f"range_min must be non-negative, got range_min={range_min}.")
    if range_min >= range_max:
        raise ValueError(f"range_min must be smaller than range_max, got range_min={range_min} and range_max={range_max}.")
    if num_negatives > range_max - range_min:
        raise ValueError(
            f"Cannot mine {num_negatives} negatives per query: only {range_max - range_min} candidates remain after "
            f"skipping the first range_min={range_min} of range_max={range_max}. Consider decreasing num_negatives "
            "or range_min, or increasing range_max.")
    if dedupe_threshold is not None and not (-1.0 <= dedupe_threshold <= 1.0):
        raise ValueError(f"dedupe_threshold is a cosine and must lie in [-1, 1], got {dedupe_threshold}")
    if threads < 0:
        raise ValueError(f"threads must be 0 (every core) or more, got {threads}")
    sharded = executor is not None or num_query_blocks is not None or num_corpus_shards is not None
    if sharded and cross_encoder is not None and rescoring:
        raise ValueError("executor / num_query_blocks / num_corpus_shards shard the dense search; the cross_encoder's "
                         "two-stage flow runs in one process: leave them unset")

    separate_corpus = corpus is not None
    corpus_entries = list(corpus) if separate_corpus else list(cols.positives)
    unique_corpus = list(dict.fromkeys(corpus_entries + cols.positives))
    corpus_index = {text: i for i, text in enumerate(unique_corpus)}
    unique_queries = list(dict.fromkeys(cols.anchors))
    if len(unique_queries) != len(cols.anchors) and verbose:
        print(f"Found {len(unique_queries)} unique queries out of {len(cols.anchors)} total queries.")

    # Where each unique query and corpus text sits in the matrices handed to the binary.
    if query_embeddings is not None:
        queries_source = EmbeddingSource(query_embeddings, "query_embeddings")
        if queries_source.rows != len(query_texts):
            raise ValueError(f"query_embeddings has {queries_source.rows} rows but the dataset has {len(query_texts)}; "
                             "give one row per dataset row, in order")
        first_row: Dict[str, int] = {}
        for row, anchor in enumerate(query_texts):
            first_row.setdefault(anchor, row)
        query_row = [first_row[q] for q in unique_queries]
    else:
        queries_source = None
        query_row = list(range(len(unique_queries)))
    corpus_tokens: Optional[List[int]] = None  # unique index of each matrix row, when rows repeat a text
    if corpus_embeddings is not None:
        corpus_source = EmbeddingSource(corpus_embeddings, "corpus_embeddings")
        if corpus_source.rows != len(corpus_entries):
            what = "entry of corpus" if separate_corpus else "dataset row (corpus is None: the positives are the corpus)"
            raise ValueError(f"corpus_embeddings has {corpus_source.rows} rows; expected one per {what}: {len(corpus_entries)}")
        in_corpus = set(corpus_entries)
        missing = [p for p in cols.positives if p not in in_corpus] if separate_corpus else []
        if missing:
            raise ValueError(f"{len(missing)} positives are not in corpus, so corpus_embeddings has no row for them "
                             f"(first: {missing[0][:80]!r}); add them to corpus and corpus_embeddings")
        if len(unique_corpus) != len(corpus_entries):
            corpus_tokens = [corpus_index[text] for text in corpus_entries]
        first_corpus_row: Dict[str, int] = {}
        for row, text in enumerate(corpus_entries):
            first_corpus_row.setdefault(text, row)
        corpus_row = [first_corpus_row[text] for text in unique_corpus]
    else:
        corpus_source = None
        corpus_row = list(range(len(unique_corpus)))

    # Encode what was not given, caching as the reference does.
    clock.lap("prepare")
    if queries_source is None or corpus_source is None:
        name = _model_name(model)
        if cache_folder:
            os.makedirs(cache_folder, exist_ok=True)
        query_side = _Side("query", "encode_query", unique_queries, query_prompt_name, query_prompt, cache_folder, name)
        corpus_side = _Side("corpus", "encode_document", unique_corpus, corpus_prompt_name, corpus_prompt, cache_folder, name)
        if queries_source is None:
            queries_source = query_side.cached(verbose)
        if corpus_source is None:
            corpus_source = corpus_side.cached(verbose)
        pool = None
        if (queries_source is None or corpus_source is None) and use_multi_process:
            pool = model.start_multi_process_pool(
                target_devices=None if isinstance(use_multi_process, bool) else use_multi_process)
        try:
            # The corpus first, as the reference does.
            if corpus_source is None:
                corpus_source = corpus_side.encode(model, batch_size=batch_size, pool=pool, verbose=verbose)
            if queries_source is None:
                queries_source = query_side.encode(model, batch_size=batch_size, pool=pool, verbose=verbose)
        finally:
            if pool is not None:
                model.stop_multi_process_pool(pool)
        if queries_source.rows != len(query_row) and query_embeddings is None:
            raise ValueError(f"the query embeddings have {queries_source.rows} rows for {len(query_row)} unique queries")
        if corpus_source.rows != len(corpus_row) and corpus_embeddings is None:
            raise ValueError(f"the corpus embeddings have {corpus_source.rows} rows for {len(corpus_row)} corpus texts")

    clock.lap("encode")
    if sampling_strategy == "random" and seed is None:
        seed = random.getrandbits(63)  # unseeded like the reference, but honouring random.seed()

    # Row numbers (or unique-index tokens) back to texts.
    query_text_of_row = {query_row[i]: q for i, q in enumerate(unique_queries)}
    query_of = lambda value: query_text_of_row[int(value)]
    if corpus_tokens is not None:
        doc = lambda value: unique_corpus[int(value)]                    # output rows carry the token
        doc_of_row = lambda value: unique_corpus[corpus_tokens[int(value)]]  # ids are matrix rows
    else:
        corpus_text_of_row = {corpus_row[i]: t for i, t in enumerate(unique_corpus)}
        doc = doc_of_row = lambda value: corpus_text_of_row[int(value)]

    with tempfile.TemporaryDirectory(prefix="quarry-miner-") as scratch_name:
        scratch = Path(scratch_name)
        pairs_path = scratch / "pairs.jsonl"
        with open(pairs_path, "w", encoding="utf-8") as out:
            unique_query_position = {q: i for i, q in enumerate(unique_queries)}
            for anchor, positive in zip(cols.anchors, cols.positives):
                out.write('{"query_id":%d,"positive_id":%d}\n' % (query_row[unique_query_position[anchor]],
                                                                  corpus_row[corpus_index[positive]]))
        task_arguments = ["--pairs", str(pairs_path)]
        if corpus_tokens is not None:
            tokens_path = scratch / "corpus_text.jsonl"
            with open(tokens_path, "w", encoding="utf-8") as out:
                for row, token in enumerate(corpus_tokens):
                    out.write('{"id":%d,"text":"%d"}\n' % (row, token))
            task_arguments += ["--corpus-text", str(tokens_path)]
        selection = ["--num-negatives", str(num_negatives), "--range-min", str(range_min), "--range-max", str(range_max),
                     "--sampling", sampling_strategy, "--output-format", output_format]
        for flag, value in (("--min-score", min_score), ("--max-score", max_score),
                            ("--absolute-margin", absolute_margin), ("--relative-margin", relative_margin),
                            ("--dedupe-threshold", dedupe_threshold)):
            if value is not None:
                selection.append(f"{flag}={float(value)!r}")  # flag=value: a negative number is not an option
        if sampling_strategy == "random":
            selection += ["--seed", str(seed)]
        if output_scores:
            selection.append("--include-scores")
        if include_positives:
            selection.append("--include-positives")
        if not collapse_identical_vectors:
            selection.append("--keep-duplicate-vectors")
        matrices = ["--queries", queries_source.path(scratch), "--corpus", corpus_source.path(scratch)]
        clock.lap("write_inputs")
        outputs = ["--json", "-o", str(scratch / "mined.jsonl")]
        if suspects is not None:
            outputs += ["--suspects", str(scratch / "suspects.jsonl")]
        if cross_encoder is not None and rescoring:
            # Two stages: the dense window, scored by the cross-encoder in Python, then selection.
            pool_path, scores_path = scratch / "pool.jsonl", scratch / "scores.jsonl"
            _binary.run(["retrieval-pool", *matrices, *task_arguments, *selection, "--threads", str(threads),
                         "-o", str(pool_path), "--quiet"])
            clock.lap("binary")
            _rescore(cross_encoder, _read_rows(pool_path), scores_path, query_of, doc_of_row,
                     batch_size=batch_size, use_multi_process=use_multi_process)
            clock.lap("rescore")
            extra = ["--corpus", corpus_source.path(scratch)] if dedupe_threshold is not None else []
            completed = _binary.run(["retrieval-select", "--pool", str(pool_path), "--scores", str(scores_path),
                                     *task_arguments, *selection, *extra, *outputs])
        elif sharded:
            from .executors import run_for_dropin

            report_json = run_for_dropin(
                executor=executor, executor_options=executor_options, num_query_blocks=num_query_blocks,
                num_corpus_shards=num_corpus_shards, work_dir=work_dir, scratch=scratch, matrices=matrices,
                task_arguments=task_arguments, selection=selection, threads=threads, suspects=suspects is not None,
                dedupe_threshold=dedupe_threshold is not None)
        else:
            completed = _binary.run(["mine-retrieval", *matrices, *task_arguments, *selection, "--threads", str(threads),
                                     *outputs])
        clock.lap("binary")
        if not sharded:
            report_json = json.loads(completed.stdout)
        rows = _read_rows(scratch / "mined.jsonl")
        suspect_rows = _read_rows(scratch / "suspects.jsonl") if suspects is not None else []
        clock.lap("read_output")

    if suspects is not None:
        _write_suspects(suspect_rows, os.fspath(suspects), query_of, doc_of_row)
    data = _dataset_columns(rows, output_format, num_negatives, output_scores, anchor_column_name, positive_column_name,
                            query_of, doc)
    from datasets import Dataset

    result = Dataset.from_dict(data)
    ids = None
    if named_queries is not None and named_corpus is not None and named_queries.ids is not None \
            and named_corpus.ids is not None:
        ids = Dataset.from_dict(_dataset_columns(
            rows, output_format, num_negatives, output_scores, anchor_column_name, positive_column_name,
            lambda v: named_queries.id_of_text(query_of(v)), lambda v: named_corpus.id_of_text(doc(v))))
    clock.lap("dataset")
    report = RetrievalReport(raw=report_json, rows=len(result), range_max=range_max, timings=clock.seconds, ids=ids)
    if verbose:
        print("Negative candidates mined, preparing dataset...")
        print(format_statistics(report_json, absolute_margin=absolute_margin, relative_margin=relative_margin,
                                max_score=max_score, min_score=min_score))
    return (result, report) if return_report else result


class _StageClock:
    """Wall seconds per stage, each lap added to its stage's total."""

    def __init__(self):
        self.seconds: Dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now


def _read_rows(path: Path) -> List[Dict[str, Any]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _scores_array(values: Any) -> np.ndarray:
    if hasattr(values, "detach") and hasattr(values, "cpu"):  # a torch tensor
        values = values.detach().float().cpu().numpy()
    return np.asarray(values, dtype=np.float64).reshape(-1)


def _rescore(cross_encoder, pool_rows, scores_path, query_of, doc_of_row, *, batch_size, use_multi_process) -> None:
    """Scores every pool pair with `cross_encoder.predict`, as the reference calls it: once per query for its
    window, then once for all (query, positive) pairs; writes {"query_id", "corpus_id", "score"} lines."""
    window: Dict[Any, List[Dict[str, Any]]] = {}
    positives: List[Dict[str, Any]] = []
    for row in pool_rows:
        if row["rank"] is None:
            positives.append(row)
        else:
            window.setdefault(row["query_id"], []).append(row)
    pool = None
    if use_multi_process and hasattr(cross_encoder, "start_multi_process_pool"):
        pool = cross_encoder.start_multi_process_pool(
            target_devices=None if isinstance(use_multi_process, bool) else use_multi_process)

    def predict(pairs):
        keywords = {"batch_size": batch_size}
        if pool is not None:
            keywords["pool"] = pool
        scores = _scores_array(cross_encoder.predict(pairs, **keywords))
        if len(scores) != len(pairs):
            raise ValueError(f"cross_encoder.predict returned {len(scores)} scores for {len(pairs)} pairs")
        if not np.all(np.isfinite(scores)):
            raise ValueError("cross_encoder.predict returned a NaN or infinite score")
        return scores

    try:
        with open(scores_path, "w", encoding="utf-8") as out:
            def emit(rows, scores):
                for row, score in zip(rows, scores):
                    out.write(json.dumps({"query_id": row["query_id"], "corpus_id": row["corpus_id"],
                                          "score": float(score)}) + "\n")

            for query_id, rows in window.items():
                query = query_of(query_id)
                scores = predict([(query, doc_of_row(r["corpus_id"])) for r in rows])
                # A positive's window score is masked by the reference; its score comes from the positives' call.
                emit([r for r in rows if not r["is_positive"]], [x for r, x in zip(rows, scores) if not r["is_positive"]])
            # Every positive, in or out of the window: margins are taken against rescored positives.
            in_window = [r for rows in window.values() for r in rows if r["is_positive"]]
            all_positives = in_window + positives
            if all_positives:
                emit(all_positives, predict([(query_of(r["query_id"]), doc_of_row(r["corpus_id"])) for r in all_positives]))
    finally:
        if pool is not None:
            cross_encoder.stop_multi_process_pool(pool)


def _write_suspects(rows, path, query, doc) -> None:
    """Likely unlabeled positives as JSONL with texts (written whole, then renamed into place)."""
    temporary = f"{path}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({"query": query(row["query_id"]), "candidate": doc(row["candidate_id"]),
                                  "candidate_score": row["candidate_score"], "candidate_rank": row["candidate_rank"],
                                  "positive": doc(row["positive_id"]), "positive_score": row["positive_score"],
                                  "reason": row["reason"]}, ensure_ascii=False) + "\n")
    os.replace(temporary, path)


def _dataset_columns(rows, output_format, num_negatives, output_scores, anchor_name, positive_name, query, doc):
    data: Dict[str, list] = {anchor_name: [], positive_name: []}
    if output_format == "triplet":
        data["negative"] = []
    elif output_format == "n-tuple":
        for i in range(1, num_negatives + 1):
            data[f"negative_{i}"] = []
    if output_scores:
        data[{"labeled-pair": "score"}.get(output_format, "scores")] = []
    elif output_format == "labeled-pair":
        data["label"] = []
    elif output_format == "labeled-list":
        data["labels"] = []
    for row in rows:
        data[anchor_name].append(query(row["anchor"]))
        if output_format == "labeled-list":
            data[positive_name].append([doc(v) for v in row["positive"]])
        else:
            data[positive_name].append(doc(row["positive"]))
        if output_format == "triplet":
            data["negative"].append(doc(row["negative"]))
        elif output_format == "n-tuple":
            for i in range(1, num_negatives + 1):
                data[f"negative_{i}"].append(doc(row[f"negative_{i}"]))
        for key in ("scores", "score", "label", "labels"):
            if key in row:
                data[key].append(row[key])
    return data


def format_statistics(report: Dict[str, Any], **parameters: Optional[float]) -> str:
    """The reference's statistics table and skip lines, from the binary's JSON report."""
    groups = [report.get("positive_scores") or {}, report.get("negative_scores") or {},
              report.get("difference_scores") or {}]
    row_format = "{:<6} {:>14} {:>14} {:>14}"
    lines = [row_format.format("Metric", "Positive", "Negative", "Difference"),
             row_format.format("Count", f"{groups[0].get('count', 0):,}", f"{groups[1].get('count', 0):,}", "")]
    for label, key in (("Mean", "mean"), ("Median", "median"), ("Std", "std"), ("Min", "min"), ("25%", "q25"),
                       ("50%", "q50"), ("75%", "q75"), ("Max", "max")):
        cells = ["" if group.get(key) is None else f"{group[key]:.4f}" for group in groups]
        lines.append(row_format.format(label, *cells))
    filters = report.get("filters") or {}
    candidates = filters.get("candidates") or 0
    for name, value in parameters.items():
        skipped = filters.get(name) or 0
        if value is not None and skipped:
            lines.append(f"Skipped {skipped:,} potential negatives ({skipped / max(candidates, 1):.2%}) due to the "
                         f"{name} of {value}.")
    missing = (report.get("maximum_rows") or 0) - (report.get("rows") or 0)
    if missing > 0:
        lines.append(f"Could not find enough negatives for {missing} samples "
                     f"({missing / report['maximum_rows']:.2%}).")
    return "\n".join(lines)
