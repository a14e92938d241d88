#!/usr/bin/env python3
"""Peer for `quarry mine-retrieval`: sentence-transformers' mine_hard_negatives on the same vectors.

The function's embedding cache is pre-filled with exactly the .npy vectors (file names follow
its hashing of model name, prompts and the de-duplicated texts), so it embeds nothing and both
tools start from the same vectors. The model is a SentenceTransformer with only a Normalize
module (no weights are downloaded; its cosine similarity is what mine_hard_negatives uses).

Prints one JSON line: seconds (best of --repeats, the mine_hard_negatives call only), rows,
peak RSS of this process.
"""
import argparse, hashlib, json, os, resource, sys, tempfile, time, warnings

import numpy as np

warnings.filterwarnings("ignore")


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--queries-text")
    ap.add_argument("--corpus-text")
    ap.add_argument("--num-negatives", type=int, default=3)
    ap.add_argument("--range-min", type=int, default=0)
    ap.add_argument("--relative-margin", type=float)
    ap.add_argument("--absolute-margin", type=float)
    ap.add_argument("--max-score", type=float)
    ap.add_argument("--output-format", default="triplet")
    ap.add_argument("--faiss-batch-size", type=int, default=16384)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--output")
    a = ap.parse_args()

    from datasets import Dataset
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize
    from sentence_transformers.util import mine_hard_negatives

    Q = np.load(a.queries, mmap_mode="r")
    C = np.load(a.corpus, mmap_mode="r")
    if a.queries_text:
        qtext = [r["text"] for r in read_jsonl(a.queries_text)]
        qid = {str(r["id"]): i for i, r in enumerate(read_jsonl(a.queries_text))}
    else:
        qtext = [f"q{i}" for i in range(Q.shape[0])]
        qid = None
    if a.corpus_text:
        rows = read_jsonl(a.corpus_text)
        ctext = [r["text"] for r in rows]
        cid = {str(r["id"]): i for i, r in enumerate(rows)}
    else:
        ctext = [f"p{i}" for i in range(C.shape[0])]
        cid = None
    anchors, positives = [], []
    for p in read_jsonl(a.pairs):
        qi = qid[str(p["query_id"])] if qid else int(p["query_id"])
        ci = cid[str(p["positive_id"])] if cid else int(p["positive_id"])
        anchors.append(qtext[qi]); positives.append(ctext[ci])
    dataset = Dataset.from_dict({"anchor": anchors, "positive": positives})

    # Fill the cache exactly as mine_hard_negatives looks it up.
    model = SentenceTransformer(modules=[Normalize()], device="cpu")
    model_name = model.model_card_data.base_model or ""
    uq = list(dict.fromkeys(anchors))
    uc = list(dict.fromkeys(ctext + positives))
    qrow = {t: i for i, t in reversed(list(enumerate(qtext)))}
    crow = {t: i for i, t in reversed(list(enumerate(ctext)))}
    cache = tempfile.mkdtemp(prefix="mine-st-cache-")
    qh = hashlib.sha256(repr((model_name, None, None, uq)).encode(), usedforsecurity=False).hexdigest()
    ch = hashlib.sha256(repr((model_name, None, None, uc)).encode(), usedforsecurity=False).hexdigest()
    np.save(os.path.join(cache, f"query_embeddings_{qh}.npy"), np.ascontiguousarray(Q[[qrow[t] for t in uq]]))
    np.save(os.path.join(cache, f"corpus_embeddings_{ch}.npy"), np.ascontiguousarray(C[[crow[t] for t in uc]]))

    kwargs = dict(num_negatives=a.num_negatives, range_min=a.range_min, output_format=a.output_format,
                  relative_margin=a.relative_margin, absolute_margin=a.absolute_margin, max_score=a.max_score,
                  faiss_batch_size=a.faiss_batch_size, use_faiss=False, verbose=False, cache_folder=cache)
    best = None
    for _ in range(a.repeats):
        t = time.perf_counter()
        out = mine_hard_negatives(dataset, model, corpus=ctext, **kwargs)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    if a.output:
        out.to_json(a.output)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peer": "sentence-transformers mine_hard_negatives", "seconds": best, "rows": len(out),
                      "peak_rss_mib": round(peak, 1)}))


if __name__ == "__main__":
    main()
