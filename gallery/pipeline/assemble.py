"""Phase 3 of the build: gather the whole docs folder as ``{docs-relative path: bytes}``.

Stage: pipeline. Nothing is written here (mkdocs' own order: gather everything, then write):
the hand-written sources, the vendored libraries, every preset's and section's artifacts, the
embeds and the explorer made from the presets' payloads, and the pages that need the whole
build (gallery index, home) or every built preset (the comparison widget of the accuracy page).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from gallery.model import catalogue as catalogue_module
from gallery.model.catalogue import Catalogue, Preset
from gallery.pipeline import cache, downloads
from gallery.pipeline.cache import Artifacts
from gallery.pipeline.cells import expand_cells
from gallery.pipeline.config import BuildError, BuildPaths
from gallery.pipeline.course import Course
from gallery.site import browser_constants, bundles, cell_atlas, citations, embeds, pages
from gallery.site.embeds import Environment
from gallery.site.notebooks import own_catalogue

_PRESET_LINK = re.compile(r"\[([^\]]+)\]\((?:\.\./)*presets/([a-z0-9-]+)\.md\)")


@functools.cache
def page_environment(templates: Path) -> Environment:
    """The pages' jinja environment, one per process, so templates compile once.

    Jinja reloads a template whose file changed (``auto_reload``), so a long ``--serve``
    session renders edits and its rebuilds stay fast.
    """
    return pages.environment(templates)


@functools.cache
def embed_environment(templates: Path) -> Environment:
    """The embeds' jinja environment, one per process (as :func:`page_environment`)."""
    return embeds.environment(templates)


def read_tree(folder: Path, prefix: str = "") -> dict[str, bytes]:
    """Every file under ``folder`` by its path relative to it (after ``prefix``)."""
    if not folder.exists():
        return {}
    return {
        prefix + path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def assemble(
    paths: BuildPaths,
    presets: Sequence[Preset],
    sections: Sequence[Artifacts],
    artifacts: Sequence[Artifacts],
    vendored: dict[str, bytes],
    *,
    course_pack: pages.CoursePack | None = None,
    course: Course | None = None,
    catalogue: Catalogue | None = None,
    sources: dict[str, str] | None = None,
    lesson_cache: Path | None = None,
) -> dict[str, bytes]:
    """The docs folder of one build, in memory (with an instructor's ``course`` pages).

    ``catalogue`` is the full catalogue the pages' live cells may name (default: the built-in
    one); ``sources`` maps docs paths to the files their cell errors should name;
    ``lesson_cache`` is where the lesson notebooks are kept from build to build (None: made
    anew).
    """
    files = read_tree(paths.site_src / "docs") | (course.files if course else {})
    written = _written_sources(paths, files, course)
    files |= read_tree(paths.site_src / "js", "js/") | read_tree(paths.site_src / "css", "css/")
    files |= vendored
    files["js/constants.js"] = browser_constants.constants_js()
    try:
        files |= bundles.bundle_files(files)
    except ValueError as problem:
        raise BuildError(str(problem)) from None
    for item in [*sections, *artifacts]:
        files |= item.files
    payloads = [item.payload for item in artifacts]
    embed_env = embed_environment(paths.templates)
    files |= embed_files(embed_env, payloads, files[embeds.HOST_SCRIPT_PATH])
    env = page_environment(paths.templates)
    build = {"payloads_json": embeds.inline_json(payloads)}
    for item in sections:
        files |= {path: page.render(env, build).encode() for path, page in item.pages.items()}
    written |= template_sources(paths, sections)
    known = catalogue or catalogue_module.builtin()
    files |= downloads.lesson_files(
        env, files, cell_presets(known), lesson_cache, sources=written | (sources or {})
    )
    files |= downloads.catalogue_files(known.presets)
    files |= downloads.bundles(files, presets)
    files["references.md"] = citations.render_references(env, presets).encode()
    poster = "figures/poster.svg" in files
    files["gallery/index.md"] = pages.render_gallery_index(env, presets, poster=poster).encode()
    home = pages.render_home(env, presets, poster=poster, course_pack=course_pack)
    files["index.md"] = home.encode()
    files = expand_cells(
        files, known, paths.templates,
        code=cache.code_digest(paths.templates), cache=paths.cache / "cells",
        sources=written | (sources or {}),
        planes=cell_atlas.page_planes([i.pages["atlas.md"].context for i in sections
                                       if "atlas.md" in i.pages]),
    )  # fmt: skip
    return dict(sorted(unlink_absent_presets(files, {p.slug for p in presets}).items()))


def _written_sources(paths: BuildPaths, files: dict[str, bytes], course: Course | None):
    """Errors in a hand-written page's cells name its source file, not its docs path."""
    docs = paths.site_src / "docs"
    written = {path: (docs / path).relative_to(paths.root).as_posix()
               for path in files if path.endswith(".md") and (docs / path).is_file()}  # fmt: skip
    if course:
        written |= {path: str(source) for path, source in course.sources.items()}
    return written


def template_sources(paths: BuildPaths, sections: Sequence[Artifacts]) -> dict[str, str]:
    """Errors in a templated page's cells name its template (``site_src/templates/...``)."""
    return {
        path: (paths.templates / page.source_template).relative_to(paths.root).as_posix()
        for item in sections
        for path, page in item.pages.items()
    }


def cell_presets(known: Catalogue) -> dict[str, str | None]:
    """The presets a lesson's live cell may name, with their own catalogue files."""
    return {preset.slug: own_catalogue(preset) for preset in known.presets}


def source_paths(paths: BuildPaths, course: Course | None) -> dict[str, Path]:
    """Where each hand-written docs file comes from, so an error can name the author's file.

    ``{docs path: source file}`` for ``site_src/docs`` and the instructor's folder.
    """
    folder = paths.site_src / "docs"
    found = {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}
    return found | (dict(course.sources) if course else {})


def embed_files(env: Environment, payloads: list[dict], host_script: bytes) -> dict[str, bytes]:
    """Chrome-less embed pages, the explorer page and the embed host script."""
    out = {
        f"embed/{p['preset']['slug']}.html": embeds.embed_page(env, p).encode() for p in payloads
    }
    out["embed/explorer.html"] = embeds.explorer_embed_page(env, payloads).encode()
    out["embed/host.js"] = host_script
    out["explorer.md"] = embeds.explorer_markdown(env, payloads).encode()
    return out


def unlink_absent_presets(files: dict[str, bytes], slugs: set[str]) -> dict[str, bytes]:
    """Links to presets left out of this build (``--only``) become plain text."""

    def keep(match: re.Match) -> str:
        return match.group(0) if match.group(2) in slugs else match.group(1)

    return {
        path: _PRESET_LINK.sub(keep, data.decode()).encode() if path.endswith(".md") else data
        for path, data in files.items()
    }
