"""The exception the package raises when the quarry CLI refuses its input."""
from __future__ import annotations

from typing import Optional, Sequence

#: sysexits codes the CLI uses, by name.
EXIT_CODES = {0: "ok", 64: "usage", 65: "bad data", 66: "missing input", 69: "CPU lacks the instructions the binary was built for",
              73: "cannot create output", 74: "I/O error"}


class QuarryError(Exception):
    """A quarry failure: `message` is the CLI's one-line explanation, `exit_code` its sysexits code."""

    def __init__(self, message: str, *, exit_code: int, command: Optional[Sequence[str]] = None):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.command = list(command) if command else None

    def __reduce__(self):
        # Picklable (keyword-only arguments), so it crosses process boundaries: Ray tasks re-raise it on the driver.
        return (_rebuild, (self.message, self.exit_code, self.command))

    @property
    def kind(self) -> str:
        """The exit code's meaning: usage, bad data, missing input, …"""
        return EXIT_CODES.get(self.exit_code, "error")

    @classmethod
    def from_stderr(cls, stderr: str, exit_code: int, command: Sequence[str]) -> "QuarryError":
        lines = [line for line in (stderr or "").splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("Error:") or line.startswith("quarry:")]
        message = (errors[-1] if errors else (lines[-1] if lines else f"quarry exited with {exit_code}"))
        for prefix in ("quarry: ", "Error: ", "error: "):
            if message.startswith(prefix):
                message = message[len(prefix):]
        return cls(message, exit_code=exit_code, command=command)

    def __str__(self) -> str:
        return f"{self.message} (exit {self.exit_code}: {self.kind})"


def _rebuild(message: str, exit_code: int, command: Optional[Sequence[str]]) -> QuarryError:
    return QuarryError(message, exit_code=exit_code, command=command)
