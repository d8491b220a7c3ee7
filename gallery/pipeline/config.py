"""What one build is given and what it reports: config, folders, errors, summary.

Stage: pipeline (imports the site stage's paths).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gallery.site.paths import COURSE_PACK


class BuildError(Exception):
    """A build phase failed; the message names the phase and the cause.

    The message is ``"phase: cause"``, or ``"phase:"`` followed by one problem per line.
    """

    def lines(self) -> list[str]:
        """The message as ``error:`` lines, one per problem, each naming the phase."""
        head, *rest = str(self).strip().splitlines() or ["build failed"]
        problems = [line.strip() for line in rest if line.strip()]
        if problems and head.endswith(":"):
            return [f"error: {head} {problem}" for problem in problems]
        return [f"error: {head}", *(f"  {line}" for line in problems)]


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildConfig:
    """Everything one build needs; made by ``build.py`` from the command line."""

    root: Path
    out_dir: Path
    only: tuple[str, ...] = ()
    jobs: int = 1
    presets_files: tuple[Path, ...] = ()
    site_url: str = ""
    clean: bool = False
    progress: bool = False
    zip: bool = False
    content_dir: Path | None = None  # an instructor's folder: the Course section


@dataclass(frozen=True, slots=True)
class BuildPaths:
    """Folders of one build under ``out`` (normally ``build/``)."""

    root: Path
    out: Path

    @property
    def site(self) -> Path:
        """The published site (swapped in atomically)."""
        return self.out / "site"

    @property
    def zip(self) -> Path:
        """The offline course pack (``--zip``): the whole site for opening from disk."""
        return self.out / COURSE_PACK

    @property
    def cache(self) -> Path:
        """Per-preset artifacts reused by incremental builds."""
        return self.out / "cache"

    @property
    def site_src(self) -> Path:
        """Hand-written sources."""
        return self.root / "site_src"

    @property
    def templates(self) -> Path:
        """Jinja2 templates of the generated pages."""
        return self.site_src / "templates"


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """Numbers for the closing line."""

    pages: int
    figures: int
    bytes: int
    seconds: float
    recomputed: int
    up_to_date: bool
    warnings: tuple[str, ...] = ()
