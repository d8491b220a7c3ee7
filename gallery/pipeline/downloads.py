"""The build's notebooks and bundles: lesson notebooks, custom catalogues, the two zips.

Stage: pipeline. String work on the gathered docs folder (about 10 ms a notebook; the
lessons' are cached like the presets' artifacts): each lesson page gets its notebook and a
download button; every preset from an instructor's catalogue file has that file shipped
beside its script and notebook; the gallery page offers every notebook and every script as
one zip each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from gallery.model.catalogue import Preset
from gallery.pipeline import cache
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

LESSON_FOLDERS = ("theory/", "lessons/")  # the hand-written lessons; each gets a notebook


def is_lesson(path: str) -> bool:
    """Whether a docs page is a lesson (a page with a notebook)."""
    return path.endswith(".md") and path.startswith(LESSON_FOLDERS)


def lesson_files(
    env: Environment, files: dict[str, bytes], slugs: Mapping[str, str | None],
    cache_dir: Path | None = None, *, sources: Mapping[str, str] | None = None,
) -> dict[str, bytes]:  # fmt: skip
    """Each lesson's notebook, and the lesson page with its download button appended.

    The notebooks are kept in ``cache_dir`` (when given) under a key of every input: the
    lessons, the presets their cells may name and the code and templates. ``sources`` maps
    a docs path to the file its errors should name (``site_src/docs/...``).
    """
    pages = sorted(p for p in files if is_lesson(p))
    key = cache.section_key(
        "_lessons", [(p, files[p]) for p in pages] + sorted(slugs.items()),
        cache.code_digest(Path(env.loader.searchpath[0])),
    )  # fmt: skip
    hit = cache.load(cache_dir, "_lessons", key) if cache_dir else None
    notebooks = hit.files if hit else make_lesson_notebooks(env, files, pages, slugs, sources or {})
    if cache_dir and not hit:
        cache.store(cache_dir, cache.Artifacts("_lessons", key, notebooks))
    out = dict(notebooks)
    button = env.get_template("lesson-download.md.j2")
    for page in pages:
        link = button.render(notebook=relative(page, lesson_notebook(page)))
        out[page] = files[page].rstrip(b"\n") + b"\n" + link.encode()
    return out


def make_lesson_notebooks(
    env: Environment, files: dict[str, bytes], pages: Sequence[str],
    slugs: Mapping[str, str | None], sources: Mapping[str, str],
) -> dict[str, bytes]:  # fmt: skip
    """The notebook of each lesson page; one that cannot be made fails the build, naming it."""
    out: dict[str, bytes] = {}
    for page in pages:
        named = sources.get(page, page)
        if lesson_notebook(page) in out:
            raise BuildError(f"{named}: another lesson's notebook is already named "
                             f"{lesson_notebook(page)}: rename one of the pages")  # fmt: skip
        try:
            notebook = lessons.lesson_notebook(env, named, files[page].decode(), slugs)
        except NotebookError as error:
            raise BuildError(str(error)) from None
        out[lesson_notebook(page)] = notebook.encode()
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
