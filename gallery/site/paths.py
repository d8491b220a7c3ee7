"""Every output path and URL of the site, derived in one place.

Stage: bottom (imports nothing of the package). Paths are relative to the docs folder (the
MkDocs ``docs_dir``), written with forward slashes, and are also the URLs of the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

THEMES = ("light", "dark")
COURSE_PACK = "izhikevich-gallery.zip"  # beside the site, and in it under downloads/
FIGURE_KINDS = ("trace", "phase", "thumb")


@dataclass(frozen=True, slots=True)
class PresetFiles:
    """The files of one preset, relative to the docs folder."""

    slug: str

    @property
    def page(self) -> str:
        """The preset's Markdown page (its URL is ``presets/<slug>/``)."""
        return f"presets/{self.slug}.md"

    def figure(self, kind: str, theme: str, fmt: str = "svg") -> str:
        """A figure of the preset: ``kind`` in FIGURE_KINDS, ``theme`` in THEMES."""
        return f"figures/{self.slug}/{kind}-{theme}.{fmt}"

    @property
    def payload(self) -> str:
        """The widget payload (also inlined in the page)."""
        return f"data/{self.slug}.json"

    @property
    def csv(self) -> str:
        """The runs' traces as CSV."""
        return f"downloads/{self.slug}.csv"

    @property
    def json(self) -> str:
        """The runs' traces as JSON (the ``simulate`` command's format)."""
        return f"downloads/{self.slug}.json"

    @property
    def script(self) -> str:
        """The Python that reproduces the runs."""
        return f"downloads/{self.slug}.py"


def relative(from_page: str, target: str) -> str:
    """The relative link from a docs page (``presets/x.md``) to another docs file."""
    depth = from_page.count("/")
    return "../" * depth + target


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
