"""`qrels=`, `query_ids=` / `corpus_ids=`, `dedupe_threshold=` and `suspects=` on `mine_hard_negatives`,
checked against the CLI's own output: `quarry mine-retrieval --qrels … --query-ids … --corpus-ids …` on
the same matrices and judgments (the CLI writes ids; the drop-in's `RetrievalReport.ids` must equal them,
and its texts must be those ids' texts)."""
from __future__ import annotations

import json

import numpy as np
import pytest

import quarry_miner
from quarry_miner import QuarryError, _binary


class Judged:
    """A seeded retrieval set named by ids that are not row numbers: queries, corpus, TREC qrels.

    Each query has 1–3 relevant documents (relevance 1 or 2) and two judged-irrelevant ones (0);
    one judgment is repeated. Query vectors sit near the mean of their positives, so margins and
    the dedupe threshold leave candidates and skip some.
    """

    def __init__(self, seed=3, queries=30, corpus=250, dimension=16):
        rng = np.random.default_rng(seed)
        c = rng.standard_normal((corpus, dimension)).astype(np.float32)
        c /= np.linalg.norm(c, axis=1, keepdims=True)
        self.corpus_vectors = c
        self.corpus_texts = [f"document text {j}" for j in range(corpus)]
        self.corpus_ids = [f"D{k:04d}" for k in rng.permutation(corpus)]
        self.query_texts = [f"query text {i}" for i in range(queries)]
        self.query_ids = [f"Q-{k}" for k in rng.permutation(queries) + 100]
        self.judgments = []  # (query id, doc id, relevance)
        q = np.zeros((queries, dimension), np.float32)
        for i in range(queries):
            chosen = rng.choice(corpus, rng.integers(1, 4) + 2, replace=False)
            relevant, irrelevant = chosen[:-2], chosen[-2:]
            v = c[relevant].mean(axis=0) + 0.3 * rng.standard_normal(dimension)
            q[i] = v / np.linalg.norm(v)
            for j in relevant:
                self.judgments.append((self.query_ids[i], self.corpus_ids[j], int(rng.integers(1, 3))))
            for j in irrelevant:
                self.judgments.append((self.query_ids[i], self.corpus_ids[j], 0))
        self.judgments.append(self.judgments[0])  # a repeated judgment names its pair once
        order = rng.permutation(len(self.judgments))
        self.judgments = [self.judgments[k] for k in order]
        self.query_vectors = q

    def write(self, directory):
        """The CLI's inputs: matrices, TREC qrels, id files."""
        paths = {name: directory / name for name in ("q.npy", "c.npy", "qrels.txt", "qids.jsonl", "cids.jsonl")}
        np.save(paths["q.npy"], self.query_vectors)
        np.save(paths["c.npy"], self.corpus_vectors)
        paths["qrels.txt"].write_text("".join(f"{q} 0 {d} {r}\n" for q, d, r in self.judgments))
        paths["qids.jsonl"].write_text("".join(json.dumps(i) + "\n" for i in self.query_ids))
        paths["cids.jsonl"].write_text("".join(json.dumps({"id": i}) + "\n" for i in self.corpus_ids))
        return paths

    def text_of(self, identifier):
        if identifier in self.query_ids:
            return self.query_texts[self.query_ids.index(identifier)]
        return self.corpus_texts[self.corpus_ids.index(identifier)]


FLAGS = {"num_negatives": "--num-negatives", "range_min": "--range-min", "max_score": "--max-score",
         "min_score": "--min-score", "absolute_margin": "--absolute-margin", "relative_margin": "--relative-margin",
         "dedupe_threshold": "--dedupe-threshold", "output_format": "--output-format"}


def cli_rows(paths, tmp_path, setting, range_max, *, pairs=None, suspects=None):
    """The CLI's rows (ids) for `setting`, run on the same files."""
    out = tmp_path / "cli.jsonl"
    arguments = ["mine-retrieval", "--queries", paths["q.npy"], "--corpus", paths["c.npy"],
                 "--query-ids", paths["qids.jsonl"], "--corpus-ids", paths["cids.jsonl"],
                 "--keep-duplicate-vectors", "--include-scores", "--range-max", str(range_max), "-o", out, "--quiet"]
    arguments += ["--pairs", pairs] if pairs else ["--qrels", paths["qrels.txt"]]
    for key, value in setting.items():
        arguments.append(f"{FLAGS[key]}={value}")
    if suspects:
        arguments += ["--suspects", suspects]
    _binary.run(arguments)
    return [json.loads(line) for line in out.read_text().splitlines()]


def rows_of(dataset):
    return [[row[c] for c in dataset.column_names] for row in dataset]


SETTINGS = [
    dict(output_format="n-tuple", num_negatives=4),
    dict(output_format="triplet", num_negatives=3, range_min=1),
    dict(output_format="labeled-pair", num_negatives=2, max_score=0.5),
    dict(output_format="labeled-list", num_negatives=3, relative_margin=0.1),
    dict(output_format="n-tuple", num_negatives=3, absolute_margin=0.05, min_score=0.0),
    dict(output_format="n-tuple", num_negatives=3, dedupe_threshold=0.5),
]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: "-".join(f"{k}={v}" for k, v in s.items()))
def test_qrels_and_ids_give_the_cli_rows(setting, tmp_path):
    data = Judged()
    paths = data.write(tmp_path)
    mined, report = quarry_miner.mine_hard_negatives(
        {"query": data.query_texts}, corpus=data.corpus_texts, query_embeddings=data.query_vectors,
        corpus_embeddings=data.corpus_vectors, qrels=paths["qrels.txt"], query_ids=data.query_ids,
        corpus_ids=data.corpus_ids, output_scores=True, verbose=False, return_report=True, **setting)
    expected = cli_rows(paths, tmp_path, setting, report.range_max)
    assert len(expected) >= 10
    for option in ("max_score", "relative_margin", "absolute_margin", "dedupe_threshold"):
        if option in setting:  # the option did skip candidates, so the comparison covers it
            assert report.raw["filters"][option] > 0
    assert rows_of(report.ids) == [list(row.values()) for row in expected]
    # The texts are those ids' texts; the columns are the reference's.
    as_text = lambda v: [as_text(x) for x in v] if isinstance(v, list) else data.text_of(v) if isinstance(v, str) else v
    assert rows_of(mined) == [[as_text(v) for v in row.values()] for row in expected]
    assert mined.column_names == report.ids.column_names and mined.column_names[:2] == ["query", "positive"]


def qrels_forms(data, tmp_path):
    """The same judgments as a TREC file, a BEIR TSV, parquet, pandas and pyarrow tables."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    beir = tmp_path / "qrels.tsv"
    beir.write_text("query-id\tcorpus-id\tscore\n" + "".join(f"{q}\t{d}\t{r}\n" for q, d, r in data.judgments))
    frame = pd.DataFrame(data.judgments, columns=["query-id", "corpus-id", "score"])
    parquet = tmp_path / "qrels.parquet"
    pq.write_table(pa.Table.from_pandas(frame), parquet)
    trec_frame = pd.DataFrame(data.judgments, columns=["query_id", "doc_id", "relevance"])
    return {"beir-tsv": beir, "parquet": parquet, "pandas": frame, "pyarrow": pa.Table.from_pandas(trec_frame),
            "trec-columns": trec_frame}


def test_every_qrels_form_reads_as_the_cli_reads_the_trec_file(tmp_path):
    data = Judged(seed=8)
    paths = data.write(tmp_path)
    setting = dict(output_format="n-tuple", num_negatives=3)
    kwargs = dict(corpus=data.corpus_texts, query_embeddings=data.query_vectors, corpus_embeddings=data.corpus_vectors,
                  query_ids=data.query_ids, corpus_ids=data.corpus_ids, output_scores=True, verbose=False,
                  return_report=True, **setting)
    _, report = quarry_miner.mine_hard_negatives({"query": data.query_texts}, qrels=paths["qrels.txt"], **kwargs)
    expected = [list(row.values()) for row in cli_rows(paths, tmp_path, setting, report.range_max)]
    for name, qrels in qrels_forms(data, tmp_path).items():
        _, other = quarry_miner.mine_hard_negatives({"query": data.query_texts}, qrels=qrels, **kwargs)
        assert rows_of(other.ids) == expected, name


def test_min_relevance_follows_the_cli(tmp_path):
    data = Judged(seed=4)
    paths = data.write(tmp_path)
    _, report = quarry_miner.mine_hard_negatives(
        {"query": data.query_texts}, corpus=data.corpus_texts, query_embeddings=data.query_vectors,
        corpus_embeddings=data.corpus_vectors, qrels=paths["qrels.txt"], min_relevance=2, query_ids=data.query_ids,
        corpus_ids=data.corpus_ids, output_format="n-tuple", num_negatives=2, output_scores=True, verbose=False,
        return_report=True)
    out = tmp_path / "cli2.jsonl"
    _binary.run(["mine-retrieval", "--queries", paths["q.npy"], "--corpus", paths["c.npy"], "--qrels",
                 paths["qrels.txt"], "--min-relevance", "2", "--query-ids", paths["qids.jsonl"], "--corpus-ids",
                 paths["cids.jsonl"], "--keep-duplicate-vectors", "--include-scores", "--output-format", "n-tuple",
                 "--num-negatives", "2", "--range-max", str(report.range_max), "-o", out, "--quiet"])
    expected = [list(json.loads(line).values()) for line in out.read_text().splitlines()]
    assert rows_of(report.ids) == expected
    assert {row[1] for row in expected} <= {d for _, d, r in data.judgments if r >= 2}


def test_ids_without_qrels_name_the_rows_as_the_cli_does(tmp_path):
    """Pairs of texts (repeated anchors) with one query id per dataset row, against the CLI's id pairs."""
    data = Judged(seed=6)
    paths = data.write(tmp_path)
    positives = [(q, d) for q, d, r in dict.fromkeys(data.judgments) if r >= 1]
    row_of_query = {i: k for k, i in enumerate(data.query_ids)}
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"query_id": q, "positive_id": d}) + "\n" for q, d in positives))
    dataset = {"anchor": [data.text_of(q) for q, _ in positives], "positive": [data.text_of(d) for _, d in positives]}
    setting = dict(output_format="triplet", num_negatives=2, relative_margin=0.05)
    mined, report = quarry_miner.mine_hard_negatives(
        dataset, corpus=data.corpus_texts, query_embeddings=data.query_vectors[[row_of_query[q] for q, _ in positives]],
        corpus_embeddings=data.corpus_vectors, query_ids=[q for q, _ in positives], corpus_ids=data.corpus_ids,
        output_scores=True, verbose=False, return_report=True, **setting)
    expected = cli_rows(paths, tmp_path, setting, report.range_max, pairs=pairs)
    assert len(expected) >= 10 and report.raw["filters"]["relative_margin"] > 0
    assert rows_of(report.ids) == [list(row.values()) for row in expected]
    assert [row[:2] for row in rows_of(mined)] == [[data.text_of(r["anchor"]), data.text_of(r["positive"])]
                                                   for r in expected]


def test_suspects_are_the_cli_suspects_with_texts(tmp_path):
    data = Judged(seed=9)
    paths = data.write(tmp_path)
    setting = dict(output_format="n-tuple", num_negatives=3, relative_margin=0.05)
    suspects = tmp_path / "suspects.jsonl"
    _, report = quarry_miner.mine_hard_negatives(
        {"query": data.query_texts}, corpus=data.corpus_texts, query_embeddings=data.query_vectors,
        corpus_embeddings=data.corpus_vectors, qrels=paths["qrels.txt"], query_ids=data.query_ids,
        corpus_ids=data.corpus_ids, suspects=suspects, output_scores=True, verbose=False, return_report=True, **setting)
    cli_suspects = tmp_path / "cli-suspects.jsonl"
    cli_rows(paths, tmp_path, setting, report.range_max, suspects=cli_suspects)
    expected = [json.loads(line) for line in cli_suspects.read_text().splitlines()]
    got = [json.loads(line) for line in suspects.read_text().splitlines()]
    assert expected and len(got) == len(expected)
    for mine, theirs in zip(got, expected):
        assert mine == {"query": data.text_of(theirs["query_id"]), "candidate": data.text_of(theirs["candidate_id"]),
                        "candidate_score": theirs["candidate_score"], "candidate_rank": theirs["candidate_rank"],
                        "positive": data.text_of(theirs["positive_id"]), "positive_score": theirs["positive_score"],
                        "reason": theirs["reason"]}


def test_bad_qrels_are_refused_by_both_with_the_line(tmp_path):
    data = Judged()
    paths = data.write(tmp_path)
    kwargs = dict(corpus=data.corpus_texts, query_embeddings=data.query_vectors, corpus_embeddings=data.corpus_vectors,
                  query_ids=data.query_ids, corpus_ids=data.corpus_ids, verbose=False)
    cases = {
        "relevance": ("Q-100 0 D0001 high\n", ValueError, r":2: column 4 \(relevance\): expected an integer"),
        "fields": ("Q-100 D0001\n", ValueError, ":2: expected 4 fields"),
        "query": ("Q-999 0 D0001 1\n", KeyError, "qrels.txt:2: unknown query id 'Q-999'"),
        "document": ("Q-100 0 D9999 1\n", KeyError, "qrels.txt:2: unknown document id 'D9999'"),
    }
    first = paths["qrels.txt"].read_text().splitlines(keepends=True)[0]
    for name, (line, error, message) in cases.items():
        bad = tmp_path / "qrels.txt"
        bad.write_text(first + line)
        with pytest.raises(error, match=message):
            quarry_miner.mine_hard_negatives({"query": data.query_texts}, qrels=bad, **kwargs)
        with pytest.raises(QuarryError, match=":2"):  # the CLI refuses the same file at the same line
            _binary.run(["mine-retrieval", "--queries", paths["q.npy"], "--corpus", paths["c.npy"], "--qrels", bad,
                         "--query-ids", paths["qids.jsonl"], "--corpus-ids", paths["cids.jsonl"], "-o",
                         tmp_path / "never.jsonl", "--quiet"])
        assert not (tmp_path / "never.jsonl").exists()


@pytest.mark.parametrize("change, error, message", [
    (dict(corpus=None, corpus_embeddings=None), ValueError, "qrels name documents of a corpus"),
    (dict(min_relevance=9), ValueError, "no judgment has relevance ≥ 9"),
    (dict(query_ids=["Q-1"]), ValueError, "query_ids has 1 ids for 30 rows"),
    (dict(query_ids=None), ValueError, "needs query_ids"),
    (dict(qrels=None, min_relevance=2), ValueError, "min_relevance applies to qrels"),
    (dict(corpus_ids="_id"), TypeError, "corpus_ids names a column only"),
    (dict(qrels=[1, 2]), TypeError, "qrels must be a path or a pandas"),
])
def test_nonsense_is_an_error_with_the_reason(change, error, message, tmp_path):
    data = Judged()
    paths = data.write(tmp_path)
    kwargs = dict(corpus=data.corpus_texts, query_embeddings=data.query_vectors, corpus_embeddings=data.corpus_vectors,
                  qrels=paths["qrels.txt"], query_ids=data.query_ids, corpus_ids=data.corpus_ids, verbose=False)
    kwargs.update(change)
    dataset = {"query": data.query_texts}
    if kwargs["qrels"] is None:
        dataset = {"anchor": data.query_texts, "positive": data.corpus_texts[:30]}
        kwargs["corpus_embeddings"] = data.corpus_vectors
    with pytest.raises(error, match=message):
        quarry_miner.mine_hard_negatives(dataset, **kwargs)


def test_the_report_names_the_wrapper_stages_and_the_binary_stages(tmp_path):
    data = Judged()
    paths = data.write(tmp_path)
    _, report = quarry_miner.mine_hard_negatives(
        {"query": data.query_texts}, corpus=data.corpus_texts, query_embeddings=data.query_vectors,
        corpus_embeddings=data.corpus_vectors, qrels=paths["qrels.txt"], verbose=False, return_report=True,
        query_ids=data.query_ids, corpus_ids=data.corpus_ids)
    assert set(report.timings) == {"prepare", "encode", "write_inputs", "binary", "read_output", "dataset"}
    assert all(seconds >= 0 for seconds in report.timings.values())
    assert "dedupe_and_search" in report.raw["timings_seconds"]


def test_beir_files_in_and_ids_by_column_name(tmp_path):
    """BEIR-style queries and corpus tables (`_id`, `text`) as files, ids named by column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = Judged(seed=11)
    paths = data.write(tmp_path)
    queries, corpus = tmp_path / "queries.parquet", tmp_path / "corpus.jsonl"
    pq.write_table(pa.table({"_id": data.query_ids, "text": data.query_texts}), queries)
    corpus.write_text("".join(json.dumps({"_id": i, "text": t}) + "\n" for i, t in zip(data.corpus_ids, data.corpus_texts)))
    setting = dict(output_format="n-tuple", num_negatives=3)
    _, report = quarry_miner.mine_hard_negatives(
        queries, anchor_column_name="text", corpus=corpus, query_embeddings=data.query_vectors,
        corpus_embeddings=data.corpus_vectors, qrels=paths["qrels.txt"], query_ids="_id", corpus_ids="_id",
        output_scores=True, verbose=False, return_report=True, **setting)
    expected = cli_rows(paths, tmp_path, setting, report.range_max)
    assert rows_of(report.ids) == [list(row.values()) for row in expected]
    assert report.ids.column_names[0] == "text"
