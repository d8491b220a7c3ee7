"""The pinned front-end libraries (KaTeX, uPlot, the worker shim), as docs files.

Stage: pipeline. ``scripts/vendor_assets.py`` installs them from npm (``npm ci``, pinned by
``package-lock.json``) and copies the few files the site ships into a folder of the cache;
they are read from there into the docs tree under ``vendor/``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gallery.pipeline.assemble import read_tree
from gallery.pipeline.config import BuildError, BuildPaths


def vendor_files(paths: BuildPaths) -> dict[str, bytes]:
    """``{"vendor/...": bytes}`` of every vendored library file."""
    script = paths.root / "scripts" / "vendor_assets.py"
    if not script.exists():
        raise BuildError("vendor assets: scripts/vendor_assets.py is missing")
    target = paths.cache / "vendor-docs"
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, str(script), str(target)], cwd=paths.root, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BuildError(f"vendor assets: {result.stderr.strip() or result.stdout.strip()}")
    return read_tree(Path(target) / "vendor", "vendor/")
