"""Built sites for the tests that read one (browser, audit, weight, notebook tests).

Every such module used to build its own site from nothing: about a minute of simulation
each, the same presets and sections over and over. Here the first build of the session is
the warm cache of every later one (its ``cache`` folder is copied into theirs, so they only
simulate what it lacks), and two modules that ask for the same configuration share one
site. Each build is still a full, real ``run(BuildConfig(...))``; only recomputation of
identical inputs is skipped, which the build's own cache keys decide.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from gallery.pipeline import BuildConfig, run

ROOT = Path(__file__).resolve().parents[1]
_built: dict[str, Path] = {}  # repr of the config -> its out folder, for this session
_warm: list[Path] = []  # the first build's cache folder


def built_site(tmp_path_factory: Any, **config: Any) -> Path:
    """The out folder of a build with ``config`` (``site`` inside it); the same for equal configs.

    Treat the folder as read-only: other modules may be reading the same one.
    """
    key = repr(sorted(config.items()))
    if key in _built:
        return _built[key]
    out = tmp_path_factory.mktemp("site")
    if _warm:
        shutil.copytree(_warm[0], out / "cache")
    run(BuildConfig(root=ROOT, out_dir=out, jobs=2, **config))
    if not _warm:
        _warm.append(out / "cache")
    _built[key] = out
    return out
