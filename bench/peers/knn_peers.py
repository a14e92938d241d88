"""Peer for quarry-bench suspect-knn: exact kNN on the same standardized data.

Usage: knn_peers.py DIR K REPEATS. Reads DIR/features.npy (rows × d), DIR/queries.npy
(row indices), DIR/quarry_neighbors.npy; standardizes as Quarry does (population SD,
constant columns → 0); times scikit-learn NearestNeighbors(algorithm="brute") and faiss
IndexFlatL2 (each asked for k + 1 neighbours, the query itself then dropped), best of
REPEATS, including the standardization; prints JSON with seconds and the share of queries
whose neighbour set equals Quarry's.
"""
import json, sys, time
import numpy as np

directory, k, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x = np.load(f"{directory}/features.npy")
queries = np.load(f"{directory}/queries.npy")[:, 0].astype(np.int64)
quarry = np.load(f"{directory}/quarry_neighbors.npy").astype(np.int64)

def standardize(x):
    sd = x.std(axis=0)
    return np.where(sd > 0, (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1), 0.0)

def drop_self(found):
    return [[j for j in row if j != q][:k] for q, row in zip(queries, found)]

def best(fn):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter(); result = fn(); times.append(time.perf_counter() - start)
    return min(times), result

out = {}
from sklearn.neighbors import NearestNeighbors
def sk():
    z = standardize(x)
    nn = NearestNeighbors(n_neighbors=k + 1, algorithm="brute").fit(z)
    return drop_self(nn.kneighbors(z[queries], return_distance=False))
out["sklearn_seconds"], found = best(sk)
out["agreement_sklearn"] = float(np.mean([set(a) == set(b) for a, b in zip(found, quarry.tolist())]))
try:
    import faiss
    def fa():
        z = np.ascontiguousarray(standardize(x), dtype=np.float32)
        index = faiss.IndexFlatL2(z.shape[1]); index.add(z)
        return drop_self(index.search(z[queries], k + 1)[1])
    out["faiss_seconds"], _ = best(fa)
except ImportError:
    pass
print(json.dumps(out))
