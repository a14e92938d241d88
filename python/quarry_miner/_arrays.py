"""Handing embedding matrices to the binary without copying them more than once."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Tuple, Union

import numpy as np

ArrayLike = Union[np.ndarray, str, os.PathLike]


def npy_shape(path: Union[str, os.PathLike]) -> Tuple[int, ...]:
    """The shape in an .npy file's header (the data is not read)."""
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        if version == (1, 0):
            shape, _, _ = np.lib.format.read_array_header_1_0(handle)
        else:
            shape, _, _ = np.lib.format.read_array_header_2_0(handle)
    return tuple(shape)


def _whole_npy_memmap(array: np.ndarray) -> Optional[str]:
    """The .npy file behind `array` when it is a memory map of that whole file (np.load(mmap_mode=…))."""
    if not isinstance(array, np.memmap):
        return None
    filename = getattr(array, "filename", None)
    if not filename or not str(filename).endswith(".npy") or not os.path.isfile(filename):
        return None
    try:
        if npy_shape(filename) != array.shape:
            return None
        # A memmap of the whole file starts right after the header and is C-contiguous.
        if not array.flags["C_CONTIGUOUS"] or array.offset != _npy_data_offset(filename):
            return None
    except (OSError, ValueError):
        return None
    return str(filename)


def _npy_data_offset(path: str) -> int:
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        if version == (1, 0):
            np.lib.format.read_array_header_1_0(handle)
        else:
            np.lib.format.read_array_header_2_0(handle)
        return handle.tell()


class EmbeddingSource:
    """A matrix the binary can read: an .npy path (memory-mapped by the binary), or an array written once.

    `rows` is known without reading the data when a path is given.
    """

    def __init__(self, value: Any, name: str):
        self.name = name
        self._array: Optional[np.ndarray] = None
        self._path: Optional[str] = None
        if isinstance(value, (str, os.PathLike)):
            path = os.fspath(value)
            if not os.path.isfile(path):
                raise FileNotFoundError(f"{name}: no such .npy file: {path}")
            shape = npy_shape(path)
            if len(shape) != 2:
                raise ValueError(f"{name}: expected a 2-D array in {path}, found shape {shape}")
            self._path = path
            self.shape = shape
            return
        array = value
        if hasattr(array, "detach") and hasattr(array, "cpu"):  # a torch tensor
            array = array.detach().cpu().numpy()
        array = np.asarray(array) if not isinstance(array, np.ndarray) else array
        if array.ndim != 2:
            raise ValueError(f"{name}: expected a 2-D array (rows × dimension), found shape {array.shape}")
        if array.dtype not in (np.float32, np.float64):
            raise ValueError(f"{name}: expected float32 or float64 values, found dtype {array.dtype}")
        self._path = _whole_npy_memmap(array)
        self._array = None if self._path else array
        self.shape = tuple(array.shape)

    @property
    def rows(self) -> int:
        return int(self.shape[0])

    @property
    def passed_by_path(self) -> bool:
        """True when the binary maps the caller's own file (no copy is written)."""
        return self._array is None

    def path(self, scratch: Path) -> str:
        """An .npy path for the binary, writing the in-memory array to `scratch` once."""
        if self._path is not None:
            return self._path
        target = scratch / f"{self.name}.npy"
        array = self._array
        if array.dtype.byteorder == ">":
            array = array.astype(array.dtype.newbyteorder("<"))
        np.save(target, np.ascontiguousarray(array))
        self._path = str(target)
        self._array = None
        return self._path
