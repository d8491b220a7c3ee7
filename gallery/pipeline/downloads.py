"""The build's notebooks and bundles: lesson notebooks, custom catalogues, the two zips.

Stage: pipeline. Pure string work on the gathered docs folder, done on every build (about
10 ms a notebook): each lesson page gets its notebook and a download button; every preset
from an instructor's catalogue file has that file shipped beside its script and notebook;
the gallery page offers every notebook and every script as one zip each.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gallery.model.catalogue import Preset
from gallery.pipeline.config import BuildError
from gallery.pipeline.output import zip_bytes
from gallery.site import lessons
from gallery.site.embeds import Environment
from gallery.site.notebooks import NotebookError, own_catalogue
from gallery.site.paths import (
    NOTEBOOKS_ZIP,
    SCRIPTS_ZIP,
    PresetFiles,
    catalogue_download,
    lesson_notebook,
    relative,
)

LESSON_FOLDERS = ("theory/",)  # the hand-written lessons; each gets a notebook


def is_lesson(path: str) -> bool:
    """Whether a docs page is a lesson (a page with a notebook)."""
    return path.endswith(".md") and path.startswith(LESSON_FOLDERS)


def lesson_files(
    env: Environment, files: dict[str, bytes], slugs: Sequence[str], site_url: str = ""
) -> dict[str, bytes]:
    """Each lesson's notebook, and the lesson page with its download button appended."""
    out: dict[str, bytes] = {}
    button = env.get_template("lesson-download.md.j2")
    for page in sorted(p for p in files if is_lesson(p)):
        url = site_url.rstrip("/") + "/" + page.removesuffix(".md") + "/" if site_url else ""
        try:
            notebook = lessons.lesson_notebook(env, page, files[page].decode(), slugs, url)
        except NotebookError as error:
            raise BuildError(str(error)) from None
        target = lesson_notebook(page)
        out[target] = notebook.encode()
        link = button.render(notebook=relative(page, target))
        out[page] = files[page].rstrip(b"\n") + b"\n" + link.encode()
    return out


def catalogue_files(presets: Sequence[Preset]) -> dict[str, bytes]:
    """The catalogue file of every custom preset, shipped where its script and notebook are."""
    out: dict[str, bytes] = {}
    origins: dict[str, str] = {}
    for preset in presets:
        name = own_catalogue(preset)
        if name is None:
            continue
        seen = origins.setdefault(name, preset.origin)
        if seen != preset.origin:
            raise BuildError(
                f"downloads: catalogue files {seen} and {preset.origin} have the same name "
                f"{name!r}; their presets' scripts could not tell them apart: rename one"
            )
        try:
            out[catalogue_download(name)] = Path(preset.origin).read_bytes()
        except OSError as error:
            raise BuildError(f"downloads: cannot read {preset.origin}: {error}") from None
    return out


def bundles(files: dict[str, bytes], presets: Sequence[Preset]) -> dict[str, bytes]:
    """The zips of every notebook and of every script, each with the custom catalogues."""
    shipped = catalogue_files(presets)
    catalogues = {path.removeprefix("downloads/"): data for path, data in shipped.items()}
    notebooks, scripts = dict(catalogues), dict(catalogues)
    for preset in presets:
        own = PresetFiles(preset.slug)
        notebooks[f"{preset.slug}.ipynb"] = files[own.notebook]
        scripts[f"{preset.slug}.py"] = files[own.script]
    for path, data in files.items():
        if path.startswith("downloads/lessons/") and path.endswith(".ipynb"):
            notebooks[path.removeprefix("downloads/")] = data
    return {
        NOTEBOOKS_ZIP: zip_bytes(notebooks, Path(NOTEBOOKS_ZIP).stem),
        SCRIPTS_ZIP: zip_bytes(scripts, Path(SCRIPTS_ZIP).stem),
    }
