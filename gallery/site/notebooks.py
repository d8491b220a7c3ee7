"""Jupyter notebooks of the preset pages: templates in, nbformat 4 JSON out.

Stage: site. A notebook is written as one jinja2 template whose text is cut into cells at
``%% markdown`` and ``%% code`` lines (the prose stays in ``site_src/templates``); this module
only cuts, numbers and serialises. Cells carry no outputs (the reader computes them) and ids
made from their position, so the same sources give the same bytes. ``nbformat`` is imported
only when a notebook is made (about a second): the build makes them only for what changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import jinja2

from gallery.model.catalogue import Preset, builtin
from gallery.model.simulate import Run
from gallery.model.stimulus import protocol_latex

_MARK = re.compile(r"^%% (markdown|code)[ \t]*$", re.MULTILINE)
_BLANKS = re.compile(r"\n{3,}")  # a paragraph break in Markdown is one blank line
_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


class NotebookError(ValueError):
    """A notebook that cannot be generated; the message names the page or preset and why."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One notebook cell: ``kind`` is ``"markdown"`` or ``"code"``."""

    kind: str
    source: str


def cells_from_text(text: str, where: str) -> list[Cell]:
    """Cut a rendered notebook template into cells at its ``%% markdown``/``%% code`` lines.

    Text before the first mark must be blank; empty cells are dropped.
    """
    parts = _MARK.split(text)
    if parts[0].strip():
        raise NotebookError(f"{where}: text before the first '%% markdown' or '%% code' line")
    cells = [
        Cell(kind, body.strip("\n") if kind == "code" else _BLANKS.sub("\n\n", body.strip("\n")))
        for kind, body in zip(parts[1::2], parts[2::2], strict=True)
        if body.strip()
    ]
    if not cells:
        raise NotebookError(f"{where}: the notebook has no cells")
    return cells


def notebook_json(cells: Sequence[Cell], where: str) -> str:
    """The notebook of ``cells`` as nbformat 4 JSON text (validated, no outputs)."""
    import nbformat  # here: importing it (and its schema validators) takes about a second
    from nbformat import v4

    made = []
    for number, cell in enumerate(cells, start=1):
        cell_id = f"cell-{number:02d}"
        if cell.kind == "code":
            made.append(v4.new_code_cell(cell.source, id=cell_id))
        else:
            made.append(v4.new_markdown_cell(cell.source, id=cell_id))
    notebook = v4.new_notebook(cells=made, metadata=_METADATA)
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as error:
        raise NotebookError(f"{where}: not a valid notebook: {error.message}") from None
    return nbformat.writes(notebook, version=4) + "\n"


def own_catalogue(preset: Preset) -> str | None:
    """The file name of a preset's own catalogue file, or None for a built-in preset.

    The site ships that file beside the preset's script and notebook, which load it.
    """
    if preset.slug in builtin().slugs:
        return None
    name = preset.origin.replace("\\", "/").rsplit("/", 1)[-1]
    if not name.endswith(".toml"):
        raise NotebookError(
            f"preset {preset.slug!r}: its catalogue file {preset.origin!r} is not a .toml file"
        )
    return name


def preset_notebook(
    env: jinja2.Environment, preset: Preset, runs: Sequence[Run], parameters: list[dict],
    bibtex: str,
) -> str:  # fmt: skip
    """The notebook of one preset page (``notebook-preset.md.j2``), as JSON text."""
    where = f"notebook of preset {preset.slug!r}"
    try:
        amp = preset.amplitudes[0] if len(preset.amplitudes) == 1 else None
        text = env.get_template("notebook-preset.md.j2").render(
            preset=preset,
            runs=runs,
            catalogue=own_catalogue(preset),
            parameters=parameters,
            protocol=protocol_latex(preset.stimulus, float(runs[0].t_ms[-1]), amp),
            bibtex=bibtex,
        )
    except jinja2.TemplateError as error:
        raise NotebookError(f"{where}: template: {error}") from None
    return notebook_json(cells_from_text(text, where), where)
