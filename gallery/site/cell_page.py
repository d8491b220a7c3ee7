"""A live cell in its page: the inline data, the declared controls, the static figure.

Stage: site (imports jinja2 through :mod:`pages`, the analysis and render stages, and
:mod:`cells` / :mod:`cell_controls`). :func:`expand_page` replaces each ``izhikevich`` block
of a page by the cell's Markdown (``cell.md.j2``): the static figure for its starting state
(light and dark; what print and no-JS readers see), a text alternative with its key numbers
(``cell-alt.md.j2``), the controls it declares and its data in a hidden ``ig-data`` element
(never a ``<script type=application/json>``, never fetched). ``site_src/js/cell.js`` mounts it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import jinja2

from gallery.analysis import bifurcation, fi_sweep, reset_map
from gallery.analysis.spikes import REPETITIVE_MIN_SPIKES
from gallery.model.catalogue import SCHEMES
from gallery.render.export import PAYLOAD_SCHEMA, preset_to_dict
from gallery.site.cell_controls import cell_controls, sliders
from gallery.site.cells import Block, Cell
from gallery.site.controls import MAX_STEPS_PER_REDRAW
from gallery.site.embeds import inline_json
from gallery.site.paths import relative, themed


def settings() -> dict[str, dict[str, float]]:
    """The analyses' constants, shipped to the browser so both sides use one set."""
    return {
        "fi": {"points": fi_sweep.POINTS, "hold_ms": fi_sweep.HOLD_MS,
               "settle_ms": fi_sweep.SETTLE_MS, "max_steps": MAX_STEPS_PER_REDRAW,
               "repetitive": REPETITIVE_MIN_SPIKES},
        "reset_map": {"points": reset_map.POINTS, "horizon_ms": reset_map.HORIZON_MS,
                      "cobweb": reset_map.COBWEB_SPIKES, "max_steps": MAX_STEPS_PER_REDRAW},
        "bifurcation": {"points": bifurcation.POINTS},
    }  # fmt: skip


def figure_paths(cell: Cell, digest: str) -> dict[str, str]:
    """Where the cell's static figures go in the docs folder, by theme."""
    return themed(f"figures/cells/{digest[:16]}.svg")


def cell_digest(cell: Cell, code: str) -> str:
    """A hash of everything the cell's figures depend on (preset, view, state, plane, code)."""
    made_of = (cell.preset, cell.view, cell.state, cell.atlas, code)
    return hashlib.sha256(repr(made_of).encode()).hexdigest()


def payload(cell: Cell) -> dict[str, Any]:
    """The data the cell's script reads: preset, view, starting state and settings."""
    return {
        "schema": PAYLOAD_SCHEMA,
        "cell": {"id": cell.ident, "view": cell.view, "controls": list(cell.controls),
                 "link": cell.link, "page": cell.page, "line": cell.line},
        "preset": preset_to_dict(cell.preset),
        "state": cell.state.as_dict(),
        "settings": settings(),
    }  # fmt: skip


def schemes_for(cell: Cell) -> tuple[str, ...]:
    """The scheme menu's options for the cell's view."""
    return reset_map.GRID_SCHEMES if cell.view == "reset-map" else tuple(SCHEMES)


def cell_markdown(
    env: jinja2.Environment,
    cell: Cell,
    figures: Mapping[str, str],
    facts: Mapping[str, Any],
    data: Mapping[str, Any] | None = None,
) -> str:
    """The Markdown (with raw HTML) that replaces the cell's block.

    ``data`` is added to the cell's payload (the atlas view's map, computed by the build).
    """
    controls = cell_controls(cell.preset, cell.view, cell.state)
    values = {
        "cell": cell, "facts": facts, "label": cell.preset.label,
        "figures": {k: relative(cell.page, v) for k, v in figures.items()},
        "sliders": sliders(cell.ident, controls, cell.controls),
        "schemes": schemes_for(cell) if "scheme" in cell.controls else (),
        "data": inline_json(payload(cell) | dict(data or {})),
    }  # fmt: skip
    values["alt"] = env.get_template("cell-alt.md.j2").render(**values).strip()
    return env.get_template("cell.md.j2").render(**values)


def expand_page(text: str, blocks: Sequence[Block], pieces: Sequence[str]) -> str:
    """``text`` with each block's lines replaced by its piece of Markdown."""
    lines = text.split("\n")
    for block, piece in sorted(zip(blocks, pieces, strict=True), key=lambda x: -x[0].first):
        lines[block.first : block.last + 1] = ["", piece.rstrip("\n"), ""]
    return "\n".join(lines)
