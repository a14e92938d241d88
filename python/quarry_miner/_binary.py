"""Finding and running the `quarry` binary."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Sequence

from .errors import QuarryError

_PACKAGED = Path(__file__).resolve().parent / "bin" / "quarry"


def binary_path() -> str:
    """The quarry executable: `QUARRY_BINARY` when set, else the one built into this package."""
    override = os.environ.get("QUARRY_BINARY")
    if override:
        if not (os.path.isfile(override) and os.access(override, os.X_OK)):
            raise QuarryError(f"QUARRY_BINARY={override!r} is not an executable file", exit_code=66)
        return override
    if _PACKAGED.is_file():
        return str(_PACKAGED)
    raise QuarryError(
        "no quarry binary: this installation was built with QUARRY_BINARY set, so set QUARRY_BINARY to the "
        "quarry executable at run time too, or reinstall with `pip install ./python` from a checkout",
        exit_code=66,
    )


def run(arguments: Sequence[str], *, capture: bool = True) -> subprocess.CompletedProcess:
    """Runs `quarry ARGUMENTS`; a non-zero exit becomes a QuarryError carrying the CLI's message and code."""
    command = [binary_path(), *map(str, arguments)]
    completed = subprocess.run(command, stdout=subprocess.PIPE if capture else None,
                               stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    if completed.returncode != 0:
        raise QuarryError.from_stderr(completed.stderr, completed.returncode, command)
    return completed
