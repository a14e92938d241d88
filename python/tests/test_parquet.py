"""Parquet in and out: pairs and BEIR/MTEB sets in, training rows (+ ids table) out; round trips and errors."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import quarry_miner
from quarry_miner.parquet import ids_path

from test_retrieval import encoder, synthetic


def write(table: dict, path):
    pq.write_table(pa.Table.from_pydict(table), path)
    return path


@pytest.fixture
def beir(tmp_path):
    anchors, positives, corpus = synthetic()
    corpus = list(dict.fromkeys(corpus + positives))
    doc_id = {t: f"d{i}" for i, t in enumerate(corpus)}
    queries = list(dict.fromkeys(anchors))
    query_id = {t: f"q{i}" for i, t in enumerate(queries)}
    write({"_id": list(doc_id.values()), "title": [""] * len(corpus), "text": corpus}, tmp_path / "corpus.parquet")
    write({"_id": list(query_id.values()), "text": queries}, tmp_path / "queries.parquet")
    # Every judgment twice: once relevant (1), once a non-relevant copy (0) for another document.
    qrels = {"query-id": [query_id[a] for a in anchors] * 2,
             "corpus-id": [doc_id[p] for p in positives] + [doc_id[corpus[0]]] * len(anchors),
             "score": [1] * len(anchors) + [0] * len(anchors)}
    write(qrels, tmp_path / "qrels.parquet")
    return tmp_path, anchors, positives, corpus


def test_pairs_parquet_in_training_parquet_out_round_trips(tmp_path):
    anchors, positives, corpus = synthetic()
    write({"anchor": anchors, "positive": positives}, tmp_path / "pairs.parquet")
    from_file = quarry_miner.mine_hard_negatives(str(tmp_path / "pairs.parquet"), encoder(), corpus=corpus,
                                                 output_format="n-tuple", output_scores=True, verbose=False)
    in_memory = quarry_miner.mine_hard_negatives({"anchor": anchors, "positive": positives}, encoder(), corpus=corpus,
                                                 output_format="n-tuple", output_scores=True, verbose=False)
    assert from_file.to_dict() == in_memory.to_dict()
    out = tmp_path / "train.parquet"
    assert quarry_miner.write_training_parquet(from_file, out) is None
    back = pq.read_table(out)
    assert back.column_names == from_file.column_names
    assert back.to_pydict() == from_file.to_dict()
    from datasets import Dataset

    assert Dataset.from_parquet(str(out)).to_dict() == from_file.to_dict()


def test_beir_set_in_ids_table_out(beir):
    folder, anchors, positives, corpus = beir
    loaded = quarry_miner.load_beir(folder / "corpus.parquet", folder / "queries.parquet", folder / "qrels.parquet")
    assert loaded.dataset["query"] == anchors and loaded.dataset["positive"] == positives  # relevance-0 rows dropped
    assert loaded.corpus == corpus
    mined = quarry_miner.mine_hard_negatives(loaded.dataset, encoder(), corpus=loaded.corpus, output_format="labeled-list",
                                             verbose=False)
    out = folder / "train.parquet"
    sibling = quarry_miner.write_training_parquet(mined, out, query_ids=loaded.query_ids, corpus_ids=loaded.corpus_ids)
    assert sibling == ids_path(out) == str(folder / "train.ids.parquet")
    texts, ids = pq.read_table(out).to_pydict(), pq.read_table(sibling).to_pydict()
    assert list(ids) == list(texts)
    assert ids["labels"] == texts["labels"]
    assert ids["query"] == [loaded.query_ids[t] for t in texts["query"]]
    assert ids["positive"] == [[loaded.corpus_ids[t] for t in row] for row in texts["positive"]]


def test_qrels_tsv_and_jsonl_inputs_read_like_parquet(beir, tmp_path):
    folder, anchors, positives, corpus = beir
    table = pq.read_table(folder / "qrels.parquet").to_pydict()
    with open(tmp_path / "qrels.tsv", "w") as out:
        out.write("query-id\tcorpus-id\tscore\n")
        for q, d, s in zip(table["query-id"], table["corpus-id"], table["score"]):
            out.write(f"{q}\t{d}\t{s}\n")
    a = quarry_miner.load_beir(folder / "corpus.parquet", folder / "queries.parquet", folder / "qrels.parquet")
    b = quarry_miner.load_beir(folder / "corpus.parquet", folder / "queries.parquet", tmp_path / "qrels.tsv")
    assert a.dataset.to_dict() == b.dataset.to_dict()
    only_relevant = quarry_miner.load_beir(folder / "corpus.parquet", folder / "queries.parquet",
                                           folder / "qrels.parquet", min_relevance=0)
    assert len(only_relevant.dataset) == 2 * len(anchors)


def test_errors_name_the_file_and_column(beir, tmp_path):
    folder, *_ = beir
    write({"query-id": ["q0"], "corpus-id": ["missing"], "score": [1]}, tmp_path / "bad_qrels.parquet")
    with pytest.raises(KeyError, match=r"bad_qrels.parquet: row 0: corpus id 'missing' is not in"):
        quarry_miner.load_beir(folder / "corpus.parquet", folder / "queries.parquet", tmp_path / "bad_qrels.parquet")
    write({"query-id": ["q0"], "corpus-id": ["d0"], "score": [0]}, tmp_path / "irrelevant.parquet")
    with pytest.raises(ValueError, match="no judgment has relevance ≥ 1"):
        quarry_miner.load_beir(folder / "corpus.parquet", folder / "queries.parquet", tmp_path / "irrelevant.parquet")
    write({"_id": ["d0"], "body": ["x"]}, tmp_path / "nocol.parquet")
    with pytest.raises(KeyError, match=r"nocol.parquet: no column 'text' \(columns: _id, body\)"):
        quarry_miner.load_beir(tmp_path / "nocol.parquet", folder / "queries.parquet", folder / "qrels.parquet")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(ValueError, match="broken.parquet: not a readable parquet file"):
        quarry_miner.load_pairs(tmp_path / "broken.parquet")
    write({"anchor": ["a"], "positive": [3]}, tmp_path / "numbers.parquet")
    with pytest.raises(ValueError, match="row 0 column 'positive': expected text"):
        quarry_miner.load_pairs(tmp_path / "numbers.parquet")
    with pytest.raises(FileNotFoundError):
        quarry_miner.load_pairs(tmp_path / "absent.parquet")


def test_a_failed_write_leaves_no_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no directory"):
        quarry_miner.write_training_parquet({"a": ["x"]}, tmp_path / "missing" / "out.parquet")
    out = tmp_path / "out.parquet"
    with pytest.raises(KeyError, match="has no id"):
        quarry_miner.write_training_parquet({"query": ["x"], "positive": ["y"]}, out, query_ids={}, corpus_ids={})
    assert list(tmp_path.iterdir()) == []
