"""A brute-force restatement of sentence-transformers 6.x `mine_hard_negatives` (use_faiss=False,
sampling "top", optional cross-encoder rescoring), in numpy, for synthetic data with no exact-score ties.

Follows the reference's source step by step: unique queries and corpus (first occurrence
wins, positives appended to the corpus), top range_max + max_positives candidates, positives
masked, margins against the query's lowest positive, max/min score, top range_max of the
survivors, range_min skipped, the first num_negatives kept; rows per output format.
"""
from __future__ import annotations

import numpy as np


def mine(anchors, positives, corpus, encode_query, encode_document, *, num_negatives=3, range_min=0, range_max=None,
         absolute_margin=None, relative_margin=None, max_score=None, min_score=None, output_format="triplet",
         cross_encoder=None):
    counts = {}
    for a in anchors:
        counts[a] = counts.get(a, 0) + 1
    max_positives = max(counts.values())
    if range_max is None:
        rescoring = absolute_margin is not None or relative_margin is not None or max_score is not None
        range_max = range_min + num_negatives * (10 if rescoring else 1) + max_positives
    corpus = list(dict.fromkeys((list(corpus) if corpus is not None else list(positives)) + list(positives)))
    where = {t: i for i, t in enumerate(corpus)}
    queries = list(dict.fromkeys(anchors))
    q_index = {q: i for i, q in enumerate(queries)}
    scores = encode_query(queries) @ encode_document(corpus).T
    width = range_max + max_positives
    order = np.argsort(-scores, axis=1, kind="stable")[:, :width]
    candidate_scores = np.take_along_axis(scores, order, axis=1).astype(np.float64)
    if order.shape[1] < width:
        pad = width - order.shape[1]
        order = np.pad(order, ((0, 0), (0, pad)), constant_values=-1)
        candidate_scores = np.pad(candidate_scores, ((0, 0), (0, pad)), constant_values=-np.inf)
    positive_rows = [[] for _ in queries]
    for a, p in zip(anchors, positives):
        if where[p] not in positive_rows[q_index[a]]:
            positive_rows[q_index[a]].append(where[p])
    rescoring = absolute_margin is not None or relative_margin is not None or max_score is not None
    if cross_encoder is not None and rescoring:
        # The reference rescores the whole window, and every positive, with the cross-encoder.
        for q, query in enumerate(queries):
            filled = order[q] >= 0
            candidate_scores[q, filled] = cross_encoder.predict([(query, corpus[i]) for i in order[q][filled]])
        scores = scores.astype(np.float64)
        for q, rows in enumerate(positive_rows):
            scores[q, rows] = cross_encoder.predict([(queries[q], corpus[r]) for r in rows])
    lowest = np.array([min(scores[q, r] for r in rows) for q, rows in enumerate(positive_rows)], dtype=np.float64)
    for q, rows in enumerate(positive_rows):
        candidate_scores[q, np.isin(order[q], rows)] = -np.inf
    if absolute_margin is not None:
        candidate_scores[candidate_scores + absolute_margin > lowest[:, None]] = -np.inf
    if relative_margin is not None:
        candidate_scores[candidate_scores > (lowest - np.abs(lowest) * relative_margin)[:, None]] = -np.inf
    if max_score is not None:
        candidate_scores[candidate_scores > max_score] = -np.inf
    if min_score is not None:
        candidate_scores[candidate_scores < min_score] = -np.inf
    keep = np.argsort(-candidate_scores, axis=1, kind="stable")[:, :range_max][:, range_min:][:, :num_negatives]
    chosen = np.take_along_axis(order, keep, axis=1)
    chosen_scores = np.take_along_axis(candidate_scores, keep, axis=1)

    rows = []
    for q, query in enumerate(queries):
        negatives = [corpus[i] for i, s in zip(chosen[q], chosen_scores[q]) if np.isfinite(s)]
        full = len(negatives) == num_negatives
        if output_format == "labeled-pair":
            rows += [(query, corpus[p], 1) for p in positive_rows[q]] + [(query, n, 0) for n in negatives]
            continue
        for p in positive_rows[q]:
            if output_format == "triplet":
                rows += [(query, corpus[p], n) for n in negatives]
            elif output_format == "n-tuple" and full:
                rows.append((query, corpus[p], *negatives))
            elif output_format == "labeled-list" and negatives:
                rows.append((query, [corpus[p], *negatives], [1] + [0] * len(negatives)))
    return rows
