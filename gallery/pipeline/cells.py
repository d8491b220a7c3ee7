"""Live cells over the assembled docs: every ``izhikevich`` block of every page, expanded.

Stage: pipeline (imports the analysis, render and site stages and :mod:`cache`). Applied to
the whole ``{docs path: bytes}`` once it is gathered, so any Markdown page gets cells: the
hand-written ones, generated ones and an instructor's. Cells name presets of the full
catalogue (built-in plus ``--presets`` files), not only the presets of a ``--only`` build.
Each cell's figures and text numbers are cached by a digest of its preset, view, state and
the code, so a rebuild that leaves a cell alone does not draw it again.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gallery.model.catalogue import Catalogue
from gallery.pipeline.config import BuildError
from gallery.render.svg_theme import themed_svg
from gallery.site import cell_atlas, pages
from gallery.site.cell_page import cell_digest, cell_markdown, expand_page, figure_paths
from gallery.site.cells import Cell, CellError, page_cells

FENCE_MARK = b"izhikevich"


def _load(folder: Path, digest: str) -> dict[str, Any] | None:
    try:
        with (folder / f"{digest}.pickle").open("rb") as handle:
            made = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return made if isinstance(made, dict) and made.get("digest") == digest else None


def _store(folder: Path, made: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{made['digest']}.pickle").open("wb") as handle:
        pickle.dump(made, handle)


def render_cell(
    cell: Cell, digest: str, folder: Path | None, planes: Mapping[Any, Any] | None = None
) -> dict[str, Any]:
    """The cell's figures (by theme) and the numbers its text quotes, from the cache if there.

    An atlas cell also gets ``data`` (its map, for the payload); one whose plane is among
    ``planes`` (the atlas page's, :func:`cell_atlas.page_planes`) takes the page's map and
    ``figures`` instead of computing and drawing its own.
    """
    if cell.atlas is not None:
        return _atlas_cell(cell, digest, folder, planes or {})
    made = None if folder is None else _load(folder, digest)
    if made is not None:
        return made
    from gallery.analysis.cell_views import analyse, facts  # matplotlib only when drawing
    from gallery.render.cell_views import render_cell as draw

    result = analyse(cell.preset, cell.view, cell.state)
    made = {"digest": digest, "svgs": draw(cell.preset, cell.view, cell.state, result),
            "facts": facts(cell.view, result, cell.state)}  # fmt: skip
    if folder is not None:
        _store(folder, made)
    return made


def _atlas_cell(cell: Cell, digest: str, folder: Path | None, planes: Mapping[Any, Any]):
    """:func:`render_cell` for the atlas view: the page's plane, the cache, or computed."""
    spec, state = cell.atlas, cell.state
    own = cell_atlas.plane_key(spec, state) not in planes  # computed here: worth caching
    cached = _load(folder, digest) if own and folder is not None else None
    if cached is not None:
        return cached
    made = cell_atlas.render_atlas_cell(spec, state, planes)
    made = {"digest": digest, "svgs": made["svgs"], "figures": made["figures"],
            "facts": cell_atlas.facts(spec, state, made["payload"]),
            "data": cell_atlas.cell_data(spec, state, made["payload"])}  # fmt: skip
    if own and folder is not None:
        _store(folder, made)
    return made


def expand_cells(
    files: dict[str, bytes],
    catalogue: Catalogue,
    templates: Path,
    *,
    code: str,
    cache: Path | None = None,
    sources: Mapping[str, str] | None = None,
    planes: Mapping[Any, Any] | None = None,
) -> dict[str, bytes]:
    """``files`` with every cell of every ``.md`` expanded, plus the cells' figures.

    ``sources`` maps a docs path to the file errors should name (an instructor's own file);
    by default the docs path. ``planes``: the atlas page's maps, which atlas cells reuse.
    Every bad cell of every page is reported, one ``error:`` line each, in one
    :class:`BuildError`.
    """
    found, problems = {}, []
    for path, data in sorted(files.items()):
        if not path.endswith(".md") or FENCE_MARK not in data:
            continue
        where = (sources or {}).get(path, path)
        try:
            blocks, cells = page_cells(path, data.decode(), catalogue, where)
        except CellError as error:
            problems += error.problems
            continue
        if cells:
            found[path] = (blocks, cells)
    if problems:
        raise BuildError("live cells:\n" + "\n".join(f"error: {p}" for p in problems))
    out, env = dict(files), pages.environment(templates)
    for path, (blocks, cells) in found.items():
        pieces = []
        for cell in cells:
            digest = cell_digest(cell, code)
            made = render_cell(cell, digest, cache, planes)
            # named by the cell alone: a code change that draws the same figure keeps its URL
            targets = made.get("figures") or figure_paths(cell, cell_digest(cell, ""))
            if made["svgs"]:  # one file for both palettes (a shared plane's is the page's)
                out[targets["svg"]] = themed_svg(made["svgs"]["light"], made["svgs"]["dark"])
            pieces.append(cell_markdown(env, cell, targets, made["facts"], made.get("data")))
        out[path] = expand_page(files[path].decode(), blocks, pieces).encode()
    if cache is not None:
        _prune(cache, {cell_digest(c, code) for _, cells in found.values() for c in cells})
    return out


def _prune(folder: Path, used: set[str]) -> None:
    """Forget the cells no page of this build holds (old states, old code)."""
    for stored in folder.glob("*.pickle"):
        if stored.stem not in used:
            stored.unlink(missing_ok=True)
