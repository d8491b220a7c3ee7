"""Keep numba's on-disk cache honest when a kernel's callees change.

Stage: model (imported by the package ``__init__`` before any kernel runs).

numba keys a cached kernel on its own file's timestamp and size only. The schemes' kernels
inline functions from other files of this package (``primitives``, ``loops``,
``population``), so editing ``primitives.py`` used to leave ``published_2004.integrate``
loading its old machine code: a silently wrong simulation until someone deleted
``__pycache__``. Here every cache directory the kernels use carries a stamp of all the
package's sources; when the stamp differs, the directory's numba files are dropped before the
first kernel is compiled or loaded, so the next call recompiles from today's sources.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

STAMP_NAME = "gallery-sources.sha256"
NUMBA_SUFFIXES = (".nbi", ".nbc")


def sources_digest(package_dir: Path) -> str:
    """SHA-256 over the names and bytes of the package's ``.py`` files, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(package_dir.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_dirs(dispatchers: Iterable[object]) -> set[Path]:
    """The directories numba will read and write for these ``cache=True`` dispatchers."""
    dirs = set()
    for dispatcher in dispatchers:
        cache = getattr(dispatcher, "_cache", None)
        path = getattr(cache, "_cache_path", None)  # numba's locator: __pycache__ or its fallbacks
        if path:
            dirs.add(Path(path))
    return dirs


def drop_stale(cache_dir: Path, digest: str) -> bool:
    """Delete ``cache_dir``'s numba files unless its stamp equals ``digest``; True if dropped."""
    stamp = cache_dir / STAMP_NAME
    try:
        if stamp.read_text() == digest:
            return False
    except OSError:
        pass
    try:
        for path in cache_dir.iterdir():
            if path.suffix in NUMBA_SUFFIXES:
                path.unlink(missing_ok=True)
        cache_dir.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest)
    except OSError:
        # a read-only install: numba itself then falls back to another locator, whose
        # directory is checked on the next import; nothing stale can be written here
        return False
    return True


def refresh(package_dir: Path, modules: Iterable[object]) -> None:
    """Drop the stale caches of every ``cache=True`` kernel defined in ``modules``."""
    dispatchers = [obj for module in modules for obj in vars(module).values()]
    digest = sources_digest(package_dir)
    for cache_dir in cache_dirs(dispatchers):
        drop_stale(cache_dir, digest)
