"""Stage pipeline: the build's ordered phases, its cache, mkdocs and serve.

The top stage and the only one that writes files; nothing imports it.
"""

from gallery.pipeline.phases import BuildConfig, BuildError, BuildSummary, run

__all__ = ["BuildConfig", "BuildError", "BuildSummary", "run"]
