#!/usr/bin/env python3
"""Writes the .npy fixtures for Tests/QuarryTests/IO/NPYTests.swift with numpy itself.

Run from this folder:  python3 make_npy_fixtures.py
Valid arrays come with npy_expected.json: each file's shape, dtype and values (as
float64 numbers; float32 values are exactly representable as float64).
"""
import json

import numpy as np

rng = np.random.default_rng(20261129)
expected = {}


def save(name, array, version=None):
    with open(name, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


def valid(name, array, version=None):
    save(name, array, version)
    expected[name] = {
        "rows": int(array.shape[0]),
        "columns": int(array.shape[1]),
        "dtype": array.dtype.str,
        "values": [float(x) for x in array.ravel(order="C")],
    }


f4 = (rng.standard_normal((3, 4)) * 10).astype("<f4")
f4[0, 0] = np.float32(1e-45)  # subnormal
f4[0, 1] = -0.0
f8 = rng.standard_normal((4, 3)).astype("<f8")
f8[1, 2] = 5e-324
valid("f4_v1.npy", f4)
valid("f8_v1.npy", f8)
valid("f4_v2.npy", f4, version=(2, 0))
valid("f4_v3.npy", f4, version=(3, 0))
valid("f4_empty.npy", np.zeros((0, 5), dtype="<f4"))
valid("f4_single_column.npy", f4[:, :1].copy())

save("bad_1d.npy", np.arange(6, dtype="<f4"))
save("bad_3d.npy", np.zeros((2, 3, 4), dtype="<f4"))
save("bad_fortran.npy", np.asfortranarray(f4))
save("bad_big_endian.npy", f4.astype(">f4"))
save("bad_int32.npy", np.arange(6, dtype="<i4").reshape(2, 3))
with open("f4_v1.npy", "rb") as f:
    whole = f.read()
with open("bad_truncated.npy", "wb") as f:
    f.write(whole[:-5])
with open("bad_not_npy.npy", "wb") as f:
    f.write(b"id,score\n1,0.5\n")

with open("npy_expected.json", "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
print("wrote", len(expected), "valid fixtures and 7 invalid ones")
