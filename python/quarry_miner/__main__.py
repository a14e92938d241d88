"""`python -m quarry_miner ARGS` runs the quarry CLI with ARGS."""
from __future__ import annotations

import os
import sys

from ._binary import binary_path
from .errors import QuarryError


def main() -> None:
    try:
        path = binary_path()
    except QuarryError as error:
        print(f"quarry-miner: {error.message}", file=sys.stderr)
        sys.exit(error.exit_code)
    os.execv(path, [path, *sys.argv[1:]])


if __name__ == "__main__":
    main()
