"""Every output path and URL of the site, derived in one place.

Stage: site (imports nothing of the package). Paths are relative to the docs folder (the
MkDocs ``docs_dir``), written with forward slashes, and are also the URLs of the files.
"""

from __future__ import annotations

from dataclasses import dataclass

THEMES = ("light", "dark")  # one SVG draws both: a page picks one by fragment (themed())
COURSE_PACK = "izhikevich-gallery.zip"  # beside the site, and in it under downloads/
FIGURE_KINDS = ("trace", "phase", "thumb")
NOTEBOOKS_ZIP = "downloads/izhikevich-notebooks.zip"  # every notebook, with custom catalogues
SCRIPTS_ZIP = "downloads/izhikevich-scripts.zip"  # every preset's script, likewise


@dataclass(frozen=True, slots=True)
class PresetFiles:
    """The files of one preset, relative to the docs folder."""

    slug: str

    @property
    def page(self) -> str:
        """The preset's Markdown page (its URL is ``presets/<slug>/``)."""
        return f"presets/{self.slug}.md"

    def figure(self, kind: str, fmt: str = "svg") -> str:
        """A figure of the preset: ``kind`` in FIGURE_KINDS (one SVG for both palettes)."""
        return f"figures/{self.slug}/{kind}.{fmt}"

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

    @property
    def notebook(self) -> str:
        """The preset page as a Jupyter notebook."""
        return f"downloads/{self.slug}.ipynb"


def themed(svg: str) -> dict[str, str]:
    """The URLs of ``svg`` in each palette (``x.svg#dark``): one file, fetched once.

    An SVG in an ``<img>`` cannot see the page's palette toggle, so the page holds one image
    per palette, shown by the page's CSS, and the fragment tells the file which to draw.
    """
    return {theme: f"{svg}#{theme}" for theme in THEMES} | {"svg": svg}


def catalogue_download(name: str) -> str:
    """Where a custom preset's own catalogue file is shipped: beside its script and notebook."""
    return f"downloads/{name}"


def lesson_notebook(page: str) -> str:
    """The notebook of a lesson page (``theory/model.md`` -> ``downloads/lessons/model.ipynb``)."""
    stem = page.removesuffix(".md").rsplit("/", 1)[-1]
    return f"downloads/lessons/{stem}.ipynb"


def relative(from_page: str, target: str) -> str:
    """The relative link from a docs page (``presets/x.md``) to another docs file."""
    depth = from_page.count("/")
    return "../" * depth + target
