"""Quarry from Python: hard-negative mining and threshold-region analysis backed by the Swift `quarry` binary.

- `mine_hard_negatives(dataset, model, …)`: sentence-transformers' function, same signature,
  defaults and columns, with exact search by the binary.
- `evaluate`, `mine`, `explain`: the tabular verbs on numpy arrays or pandas / polars frames.
- `load_pairs`, `load_beir`, `write_training_parquet`: parquet (and JSONL/TSV) in and out (pyarrow).
- `mine_partitioned(partitions, …)`: `mine` over parquet / CSV partitions as tasks (local or Ray), exact.
- `quarry_miner.executors`: `LocalExecutor`, `RayExecutor`, sharded `mine-retrieval` (docs/scale.md).
- `QuarryError`: raised when the binary refuses its input; carries its message and exit code.
"""
from .errors import QuarryError
from .retrieval import RetrievalReport, mine_hard_negatives
from ._binary import binary_path
from .parquet import RetrievalSet, load_beir, load_pairs, read_table, write_training_parquet
from .tabular import Evaluation, Explanation, Mined, OperatingPoint, evaluate, explain, mine
from .partitioned import mine_partitioned

__all__ = ["QuarryError", "RetrievalReport", "mine_hard_negatives", "binary_path", "evaluate", "mine", "explain",
           "Evaluation", "Explanation", "Mined", "OperatingPoint", "RetrievalSet", "load_beir", "load_pairs", "read_table",
           "write_training_parquet", "mine_partitioned"]
__version__ = "0.1.0"
