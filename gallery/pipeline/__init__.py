"""Stage pipeline: the build's ordered phases, its cache, mkdocs and serve.

The top stage and the only one that writes files; nothing imports it. ``build.run`` reads as
the list of phases: ``compute`` (every preset simulated once, every section), ``assemble``
(the docs folder gathered in memory), ``mkdocs`` and ``output`` (written, built, swapped in).
"""

from gallery.pipeline.build import run
from gallery.pipeline.config import BuildConfig, BuildError, BuildPaths, BuildSummary

__all__ = ["BuildConfig", "BuildError", "BuildPaths", "BuildSummary", "run"]
