"""Live cells: fenced ``izhikevich`` blocks of a Markdown page, parsed and validated.

Stage: site (imports the model, analysis and render stages, and :mod:`controls`). A cell is a
fenced block whose info string is ``izhikevich`` and whose body is TOML::

    ```izhikevich
    preset = "tonic-spiking"
    view = "phase"
    controls = ["amp", "d"]
    d = 4
    ```

:func:`page_cells` finds every cell of a page (blocks inside another fence are text, so a page
can show the syntax) and checks it against the whole catalogue; every problem is one line
naming the source file, the line and the key. Nothing here renders or writes.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from gallery.analysis.arithmetic import usable
from gallery.analysis.cell_state import CellState, published_state
from gallery.analysis.reset_map import GRID_SCHEMES
from gallery.model.catalogue import SCHEMES, Catalogue, Preset
from gallery.site import cell_atlas
from gallery.site.cell_controls import NUMERIC, cell_controls

VIEWS = (
    "trace", "phase", "nullclines", "fi", "reset-map", "bifurcation", "fixed-point", "atlas",
)  # fmt: skip
CONTROLS = (*NUMERIC, "scheme")
TEXT_KEYS = ("preset", "view", "caption", "link")
KEYS = (*TEXT_KEYS, "controls", *CONTROLS, *cell_atlas.KEYS)
LINK_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")


@dataclass(frozen=True, slots=True)
class Block:
    """One fenced ``izhikevich`` block: its fence line (1-based), body and line span."""

    line: int
    body: str
    first: int  # index of the opening fence line
    last: int  # index of the closing fence line


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """A valid cell: where it is, what it shows and the state it starts from."""

    page: str
    line: int
    index: int
    preset: Preset
    view: str
    controls: tuple[str, ...]
    state: CellState
    caption: str
    link: str
    atlas: cell_atlas.AtlasSpec | None = None  # the atlas view's plane

    @property
    def ident(self) -> str:
        """The element id stem of the cell (unique in its page)."""
        return f"ig-cell-{self.index + 1}"


class CellError(ValueError):
    """Bad cells; ``problems`` holds one line per problem (file:line: ...)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def find_blocks(text: str) -> list[Block]:
    """Every top-level fenced block with the info string ``izhikevich``."""
    lines, blocks, k = text.split("\n"), [], 0
    while k < len(lines):
        opening = _FENCE.match(lines[k])
        if not opening:
            k += 1
            continue
        fence, info = opening.group(2), opening.group(3)
        end = next((j for j in range(k + 1, len(lines)) if _closes(lines[j], fence)), len(lines))
        if info == "izhikevich" and end < len(lines):
            blocks.append(Block(k + 1, "\n".join(lines[k + 1 : end]), k, end))
        k = end + 1
    return blocks


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and stripped.startswith(fence)
        and set(stripped) == {fence[0]}
    )


def _key_line(block: Block, key: str) -> int:
    """The page line that sets ``key`` in the block (the fence line if none does)."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for offset, text in enumerate(block.body.split("\n"), start=1):
        if pattern.match(text):
            return block.line + offset
    return block.line


def _toml(block: Block, where: str, problems: list[str]) -> dict[str, Any] | None:
    try:
        return tomllib.loads(block.body)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = block.line + int(found.group(1)) if found else block.line
        text = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        column = f", column {found.group(2)}" if found else ""
        problems.append(f"{where}:{line}{column}: cell at line {block.line}: TOML syntax: {text}")
        return None


def _preset(table: dict, catalogue: Catalogue, say) -> Preset | None:
    slug = table.get("preset")
    if not isinstance(slug, str):
        say("preset", "missing (a catalogue slug, e.g. preset = \"tonic-spiking\")"
            if slug is None else "must be a string")  # fmt: skip
        return None
    if slug not in catalogue.slugs:
        near = ", ".join(catalogue.nearest(slug)) or "none close"
        say("preset", f"unknown preset {slug!r} (nearest: {near})")
        return None
    return catalogue.get(slug)


def _view(table: dict, say) -> str | None:
    view = table.get("view", "trace")
    if view not in VIEWS:
        say("view", f"unknown view {view!r} (known: {', '.join(VIEWS)})")
        return None
    return view


def _controls(table: dict, view: str, say) -> tuple[str, ...]:
    value = table.get("controls", ["amp"])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        say("controls", 'must be a list of names, e.g. controls = ["amp", "d"]')
        return ()
    for name in value:
        if name not in CONTROLS:
            say("controls", f"unknown control {name!r} (known: {', '.join(CONTROLS)})")
        elif name not in cell_controls_used(view):
            say("controls", f"the {view} view does not use {name!r} (it uses: "
                f"{', '.join(cell_controls_used(view))})")  # fmt: skip
    if len(set(value)) != len(value):
        say("controls", "a control is listed twice")
    return tuple(name for name in CONTROLS if name in value)


def cell_controls_used(view: str) -> tuple[str, ...]:
    """The controls that change what ``view`` shows (the constant-current plots ignore dt)."""
    if view in ("nullclines", "bifurcation"):
        return ("a", "b", "amp")
    if view == "fixed-point":  # sPyNNaker's own solver: no scheme to choose
        return NUMERIC
    if view == "atlas":
        return cell_atlas.CONTROLS
    return CONTROLS


def _scheme(table: dict, view: str, default: str, say) -> str:
    scheme = table.get("scheme", default)
    allowed = GRID_SCHEMES if view == "reset-map" else SCHEMES
    if scheme not in allowed:
        say("scheme", f"unknown or unusable scheme {scheme!r} for the {view} view "
            f"(known: {', '.join(allowed)})")  # fmt: skip
        return default if default in allowed else allowed[0]
    return scheme


def _values(table: dict, preset: Preset, view: str, say) -> CellState:
    start = published_state(preset)
    ranges = {c.name: c for c in cell_controls(preset, view, start)}
    values: dict[str, Any] = {}
    for name in NUMERIC:
        if name not in table:
            continue
        value, c = table[name], ranges[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            say(name, f"must be a finite number, got {value!r}")
        elif not c.lo <= value <= c.hi:
            say(name, f"{value:g} is outside the range of {preset.slug}: {c.lo:g} to {c.hi:g}")
        elif name not in cell_controls_used(view):
            say(name, f"the {view} view does not use {name!r}")
        else:
            values[name] = float(value)
    if "scheme" in table and "scheme" not in cell_controls_used(view):
        say("scheme", f"the {view} view does not use 'scheme'")
    values["scheme"] = _scheme(table, view, start.scheme, say)
    return replace(start, **values)


def parse_cell(block: Block, index: int, page: str, where: str, catalogue: Catalogue):
    """One block as a :class:`Cell`, or the list of its problems (one line each)."""
    problems: list[str] = []
    table = _toml(block, where, problems)
    if table is None:
        return problems

    def say(key: str, message: str) -> None:
        problems.append(
            f"{where}:{_key_line(block, key)}: cell at line {block.line}, key {key!r}: {message}"
        )

    for key in table:
        if key not in KEYS:
            say(key, f"unknown key (known: {', '.join(KEYS)})")
    for key in ("caption", "link"):
        if key in table and not isinstance(table[key], str):
            say(key, "must be a string")
    link = table.get("link", "")
    if isinstance(link, str) and link and not LINK_PATTERN.match(link):
        say("link", f"{link!r} is not a name of lowercase letters, digits and '-'")
    preset, view = _preset(table, catalogue, say), _view(table, say)
    if preset is None or view is None:
        return problems
    if view == "fixed-point" and (reason := usable(preset)) is not None:
        say("view", f"the fixed-point view cannot show this preset: {reason}")
        return problems
    controls, state = _controls(table, view, say), _values(table, preset, view, say)
    spec = cell_atlas.check(table, view, preset, say)
    if problems:
        return problems
    return Cell(page=page, line=block.line, index=index, preset=preset, view=view,
                controls=controls, state=state, caption=table.get("caption", ""),
                link=link, atlas=spec)  # fmt: skip


def _linked(
    cells: list[Cell], blocks: list[Block], tables: Mapping[int, set[str]], where: str
) -> list[str]:
    """Cells sharing a link must show one neuron and start from one state (the first's)."""
    problems, first = [], {}
    for cell in cells:
        if not cell.link:
            continue
        lead = first.setdefault(cell.link, cell)
        if lead is cell:
            continue

        def head(key: str, cell: Cell = cell) -> str:
            line = _key_line(blocks[cell.index], key)
            return f"{where}:{line}: cell at line {cell.line}, key {key!r}"

        if cell.preset.slug != lead.preset.slug:
            problems.append(f"{head('link')}: cells linked as {cell.link!r} must show one "
                            f"preset ({lead.preset.slug} at line {lead.line})")  # fmt: skip
        for name in tables[cell.index]:
            if getattr(cell.state, name) != getattr(lead.state, name):
                problems.append(f"{head(name)}: differs from the first cell linked as "
                                f"{cell.link!r} (line {lead.line}); set it there")  # fmt: skip
    return problems


def page_cells(page: str, text: str, catalogue: Catalogue, where: str | None = None):
    """The blocks and valid cells of one page, or raise :class:`CellError` with every problem.

    ``page`` is the docs path; ``where`` the file named in messages (default: ``page``).
    """
    where = where or page
    blocks, cells, problems, set_keys = find_blocks(text), [], [], {}
    for index, block in enumerate(blocks):
        made = parse_cell(block, index, page, where, catalogue)
        if isinstance(made, list):
            problems += made
            continue
        cells.append(made)
        table = tomllib.loads(block.body)
        set_keys[index] = {k for k in CONTROLS if k in table}
    problems += _linked(cells, blocks, set_keys, where)
    if problems:
        raise CellError(problems)
    lead: dict[str, Cell] = {}
    for n, cell in enumerate(cells):  # a linked cell starts from the first one's state
        if cell.link:
            cells[n] = replace(cell, state=lead.setdefault(cell.link, cell).state)
    return blocks, cells
