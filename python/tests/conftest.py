"""Shared test helpers: the dev-set fixture and a deterministic encoder (no torch, offline)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RETRIEVAL = FIXTURES / "retrieval"


class LookupEncoder:
    """Implements sentence-transformers' `encode_query` / `encode_document` without a network.

    Known texts map to the stored all-MiniLM-L6-v2 vectors of the fixture; any other text
    (or a prompted one) gets a deterministic unit vector derived from its SHA-256. Every call
    is recorded so tests can check what the wrapper asked for.
    """

    def __init__(self, query_vectors: dict, document_vectors: dict, dimension: int = 384):
        self.query_vectors = query_vectors
        self.document_vectors = document_vectors
        self.dimension = dimension
        self.calls = []

    def _vector(self, text: str, table: dict) -> np.ndarray:
        if text in table:
            return table[text]
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        v = np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
        return v / np.linalg.norm(v)

    def _encode(self, kind, texts, table, prompt=None, prompt_name=None, **keywords):
        self.calls.append(dict(kind=kind, count=len(texts), prompt=prompt, prompt_name=prompt_name, **keywords))
        prefix = prompt or ""
        return np.stack([self._vector(prefix + t, table) for t in texts]).astype(np.float32)

    def encode_query(self, texts, **keywords):
        return self._encode("query", texts, self.query_vectors, **keywords)

    def encode_document(self, texts, **keywords):
        return self._encode("document", texts, self.document_vectors, **keywords)


class HashCrossEncoder:
    """A deterministic stand-in for a CrossEncoder: a score in [-1, 1) from each pair's SHA-256, no ties.

    Used by the tests and by fixtures/retrieval/regenerate_with_sentence_transformers.py (which
    hands it to the real `mine_hard_negatives`, so it also returns a tensor when asked).
    """

    def __init__(self):
        self.calls = []

    @staticmethod
    def score(query: str, document: str) -> float:
        return int.from_bytes(hashlib.sha256(f"{query}|{document}".encode()).digest()[:6], "little") / 2 ** 47 - 1

    def predict(self, pairs, batch_size=32, convert_to_tensor=False, **keywords):
        self.calls.append((len(pairs), batch_size))
        scores = np.array([self.score(q, d) for q, d in pairs], dtype=np.float32)
        if convert_to_tensor:
            import torch

            return torch.from_numpy(scores)
        return scores


class DevSet:
    """The committed 134-query slice of the retrieval dev set (ids stand in for texts)."""

    def __init__(self):
        self.query_ids = (RETRIEVAL / "queries.ids").read_text().split()
        self.corpus_ids = (RETRIEVAL / "corpus.ids").read_text().split()
        self.queries = np.load(RETRIEVAL / "queries.npy")
        self.corpus = np.load(RETRIEVAL / "corpus.npy")
        self.pairs = [json.loads(line) for line in (RETRIEVAL / "pairs.jsonl").read_text().splitlines() if line]
        self.corpus_path = RETRIEVAL / "corpus.npy"
        runs = json.loads((RETRIEVAL / "oracles" / "runs.json").read_text())
        self.runs = runs["runs"]
        self.cross_encoder_runs = runs["cross_encoder_runs"]

    def encoder(self) -> LookupEncoder:
        return LookupEncoder(dict(zip(self.query_ids, self.queries)), dict(zip(self.corpus_ids, self.corpus)))

    def dataset(self):
        from datasets import Dataset

        return Dataset.from_dict({"query": [p["query_id"] for p in self.pairs],
                                  "answer": [p["positive_id"] for p in self.pairs]})

    def oracle(self, name: str):
        path = RETRIEVAL / "oracles" / f"{name}.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines() if line]

    def query_rows_per_pair(self) -> np.ndarray:
        """Query embeddings with one row per dataset row, in order (what `query_embeddings=` takes)."""
        row = {q: i for i, q in enumerate(self.query_ids)}
        return self.queries[[row[p["query_id"]] for p in self.pairs]]


@pytest.fixture(scope="session")
def devset() -> DevSet:
    return DevSet()
