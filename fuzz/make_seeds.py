#!/usr/bin/env python3
"""Writes the small seed corpora under fuzz/corpus/NAME/ (committed; regenerate with
`python3 fuzz/make_seeds.py`). Seeds are valid inputs plus a few near-misses, so libFuzzer
starts from every branch of each format. Needs only the standard library."""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, seed, data):
    folder = os.path.join(HERE, "corpus", name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, seed), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def npy(descr, shape, payload, version=1, fortran=False):
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': (%s), }" % (
        descr, "True" if fortran else "False", ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else ""))
    prefix = 10 if version == 1 else 12
    pad = (64 - (prefix + len(header) + 1) % 64) % 64
    header = header + " " * pad + "\n"
    length = struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + length + header.encode("latin-1") + payload


# CSV: the first byte is the harness's control byte (delimiter and numeric-column choice).
write("csv", "plain", "\x00id,label,score\n1,1,0.9\n2,0,0.1\n3,1,0.45\n")
write("csv", "quoted", "\x04id,\"note\",x\n1,\"a,b\",1e5\n2,\"say \"\"hi\"\"\",-0\n3,,nan\n")
write("csv", "crlf_tab", "\x01a\tb\r\n1\t2\r\n3\t\r\n")
write("csv", "bom_semicolon", "\x02\ufeffa;b;c\n1;2;3\n4;5;6")
write("csv", "multiline", "\x00a,b\n\"line\nbreak\",1\n\"x\",2\n")
write("csv", "ragged", "\x00a,b\n1,2,3\n")

# JSON and JSON Lines.
write("json", "object", json.dumps({"format_version": 1, "a": [1, 2.5, -3e-7, True, False, None], "s": "é\u00e9\\\"\n"}))
write("json", "escapes", '"\\u00e9\\ud83d\\ude00\\t\\/"')
write("json", "lines", '{"query_id": 0, "positive_id": 3}\n\n{"query_id": "q1", "positive_id": "d2"}\r\n[1,[2,[3]]]\n')
write("json", "numbers", "[0,-0,1e308,1e-320,123456789012345678901234567890,0.1e+2]")
write("json", "nested", "[" * 40 + "]" * 40)

# NPY (v1, v2, v3; float32 and float64; and a few the reader must refuse).
write("npy", "f4_v1", npy("<f4", (2, 3), struct.pack("<6f", 1, 2, 3, 4, 5, 6)))
write("npy", "f8_v2", npy("<f8", (1, 2), struct.pack("<2d", 0.5, -1), version=2))
write("npy", "f4_v3_empty", npy("<f4", (0, 4), b"", version=3))
write("npy", "big_endian", npy(">f4", (1, 1), struct.pack(">f", 1)))
write("npy", "one_d", npy("<f4", (3,), struct.pack("<3f", 1, 2, 3)))
write("npy", "fortran", npy("<f4", (2, 2), struct.pack("<4f", 1, 2, 3, 4), fortran=True))
write("npy", "truncated", npy("<f8", (2, 2), struct.pack("<3d", 1, 2, 3)))

# Qrels (TREC and BEIR layouts).
write("qrels", "trec", "q1 0 d1 1\nq1 0 d2 0\nq2 Q0 d3 2\n")
write("qrels", "beir", "query-id\tcorpus-id\tscore\nq1\td1\t1\r\nq2\td9\t0\n")
write("qrels", "bad", "q1 0 d1 x\nq1 d1\n")

# Model files.
features = ["f1", "f2"]
logistic = {
    "format_version": 1, "kind": "logistic", "quarry_version": "0.1.0",
    "feature_names": features, "derived_features": [],
    "model": {"intercept": -0.25, "coefficients": [1.5, -2], "centers": [0, 1], "scales": [1, 2],
              "impute_values": [0, 1], "original_space": {"intercept": 0.75, "coefficients": [1.5, -1]}},
    "training": None,
}
write("model", "logistic", json.dumps(logistic, indent=2))
derived = dict(logistic, feature_names=["a", "b"], derived_features=["ratio = a / (1 + b)"])
derived["model"] = dict(logistic["model"], coefficients=[1, 2, 3], centers=[0, 0, 0], scales=[1, 1, 1], impute_values=[0, 0, 0])
write("model", "logistic_derived", json.dumps(derived))
gbdt = {
    "format_version": 1, "kind": "gbdt", "quarry_version": "0.1.0",
    "feature_names": features, "derived_features": ["s = log1p(abs(f1)) - sqrt(max(f2, 0))"],
    "model": {"objective": "binary_logloss", "initial_score": 0.1, "configuration": {"rounds": 2, "learning_rate": 0.1},
              "trees": [
                  {"split_feature": [0, 2], "threshold": [0.5, 1.0], "default_left": [True, False],
                   "left_child": [1, -1], "right_child": [-3, -2], "leaf_value": [0.1, -0.2, 0.3], "split_gain": [1, 0.5]},
                  {"split_feature": [], "threshold": [], "default_left": [], "left_child": [], "right_child": [],
                   "leaf_value": [0.05]},
              ]},
}
write("model", "gbdt", json.dumps(gbdt))

# Expressions (definitions and bare expressions).
for i, text in enumerate([
    "ratio = num_links / (1 + words)",
    "`word count` = log1p(capital_run_length_total) − 2 × abs(-x)",
    "z = min(a, b, 3.5e-2) + max(a, 1) * sqrt(c) ÷ log(d)",
    "-(-(a - b)) - -1",
    "a + b * (c - d) / e",
]):
    write("expression", "seed%d" % i, text)
