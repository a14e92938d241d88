"""Hatchling build hook: compiles the Swift `quarry` CLI and ships it inside the wheel.

The binary is built in release with a static Swift standard library, in a scratch path of
its own (`<repo>/.build-python`) so it does not fight a developer's `.build`. Set
`QUARRY_BINARY=/path/to/quarry` to skip the build: the wheel is then pure Python and the
package runs the binary that variable names at run time. `QUARRY_SWIFT` names the `swift`
executable when it is not on PATH.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SwiftBinaryBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        if os.environ.get("QUARRY_BINARY"):
            # Build skipped: the package finds the binary through QUARRY_BINARY at run time.
            return
        root = Path(self.root).resolve().parent
        if not (root / "Package.swift").is_file():
            raise RuntimeError(
                f"quarry-miner: no Package.swift in {root}; build the wheel from a checkout of the Quarry "
                "repository (pip install ./python), or set QUARRY_BINARY to an existing quarry binary"
            )
        swift = os.environ.get("QUARRY_SWIFT") or shutil.which("swift")
        if not swift:
            raise RuntimeError(
                "quarry-miner: the Swift toolchain (`swift`) is not on PATH; it is needed to compile the quarry "
                "binary. Install Swift 6 (https://www.swift.org/install), put its bin/ on PATH (or set "
                "QUARRY_SWIFT=/path/to/swift), or set QUARRY_BINARY to an existing quarry binary to skip the build"
            )
        scratch = root / ".build-python"
        command = [swift, "build", "-c", "release", "--product", "quarry", "-Xswiftc", "-static-stdlib",
                   "--scratch-path", str(scratch)]
        print("quarry-miner: " + " ".join(command), file=sys.stderr, flush=True)
        completed = subprocess.run(command, cwd=root)
        if completed.returncode != 0:
            raise RuntimeError(f"quarry-miner: `{' '.join(command)}` failed with exit code {completed.returncode}")
        built = scratch / "release" / "quarry"
        if not built.is_file():
            raise RuntimeError(f"quarry-miner: swift build succeeded but {built} is missing")
        target = Path(self.root) / "quarry_miner" / "bin"
        target.mkdir(exist_ok=True)
        shutil.copy2(built, target / "quarry")
        build_data["force_include"][str(target / "quarry")] = "quarry_miner/bin/quarry"
        build_data["pure_python"] = False
        # Any Python 3 can run it; the binary ties the wheel to this platform.
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        build_data["tag"] = f"py3-none-{platform}"
