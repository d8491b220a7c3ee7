r"""Lesson pages as Jupyter notebooks: the page's Markdown, turned into cells.

Stage: site. A lesson page is MkDocs Markdown (Material's admonitions and tabs, ``<figure>``
blocks, ``\( \)`` math, attribute lists, links to other pages of the site). Jupyter renders
plain Markdown with ``$`` math, so each construct becomes its plain equivalent; each figure
becomes a code cell that draws it with ``gallery``'s figure functions, and each live
``izhikevich`` cell a code cell that simulates its preset. The cells' words and code are the
template ``notebook-lesson.md.j2``; this module only reads the page into pieces. Anything it
cannot turn into a cell is a :class:`~gallery.site.notebooks.NotebookError` naming the page
and line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field

import jinja2

from gallery.site.notebooks import NotebookError, cells_from_text, notebook_json

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w-]*)")
_BOX = re.compile(r'^(!!!|\?\?\?\+?)\s+[\w-]+(?:\s+"([^"]*)")?\s*$')
_TAB = re.compile(r'^===\+?\s+"([^"]*)"\s*$')
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
_THEORY_FIGURE = re.compile(r"figures/theory/([a-z0-9-]+)\.svg(?:#light|#dark)?$")
_PRESET_FIGURE = re.compile(r"figures/([a-z0-9-]+)/(trace|phase)\.(?:svg|png)(?:#light|#dark)?$")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((?!https?:|mailto:)[^)]*\)")
_ATTRS = re.compile(r"\{:?\s*[.#][^}]*\}|\{\s*[\w-]+=[^}]*\}")
_ICON = re.compile(r":(?:material|octicons|fontawesome)-[a-z0-9-]+:\s?")
_TAG_LINE = re.compile(r"^\s*</?(div|nav|span|section)\b[^>]*>\s*$")
VIEWS = {"trace": "trace", "phase": "phase", "fi": "fi"}  # other views: the phase plane


@dataclass(frozen=True, slots=True)
class Piece:
    """One part of a lesson notebook: Markdown text, or a figure or live cell to draw."""

    kind: str  # "markdown" | "theory" | "preset" | "cell"
    text: str = ""  # Markdown; for a cell, the page's view when the notebook draws another
    name: str = ""  # theory figure name, or preset slug
    view: str = ""
    changes: dict[str, float] = field(default_factory=dict)
    caption: str = ""
    catalogue: str | None = None  # a custom preset's catalogue file, beside the downloads
    scheme: str = ""  # a live cell's starting scheme, if not the preset's


def plain_markdown(text: str) -> str:
    """MkDocs-only inline syntax made plain: ``$`` math, bare link texts, no attribute lists."""
    text = text.replace("\\(", "$").replace("\\)", "$")
    text = _LINK.sub(r"\1", text)
    text = _ATTRS.sub("", text)
    return _ICON.sub("", text)


def front_matter(text: str) -> tuple[dict[str, str], list[str]]:
    """The page's ``title``/``description`` and its body lines."""
    lines = text.splitlines()
    meta: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1) if "---" in lines[1:] else 0
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip().strip('"')
        lines = lines[end + 1 :]
    return meta, lines


def indented_block(lines: list[str], start: int) -> tuple[list[str], int]:
    """The lines indented under ``lines[start - 1]`` (blank lines included), dedented."""
    body, i = [], start
    while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
        body.append(lines[i][4:])
        i += 1
    while body and not body[-1].strip():
        body.pop()
    return body, i


def figure_piece(block: list[str], where: str) -> list[Piece]:
    """A ``<figure>`` block: the code that draws its figure, then its caption."""
    text = "\n".join(block)
    images = _IMAGE.findall(text)
    if not images:
        raise NotebookError(f"{where}: a <figure> without an image")
    alt, src = images[0]
    caption = re.search(r"<figcaption>(.*?)</figcaption>", text, re.DOTALL)
    words = plain_markdown(" ".join(caption.group(1).split())) if caption else alt
    if match := _THEORY_FIGURE.search(src):
        return [Piece("theory", name=match.group(1), caption=words)]
    if match := _PRESET_FIGURE.search(src):
        return [Piece("preset", name=match.group(1), view=match.group(2), caption=words)]
    raise NotebookError(f"{where}: the figure {src!r} has no notebook equivalent")


def live_piece(body: list[str], where: str, slugs: Mapping[str, str | None]) -> Piece:
    """A live ``izhikevich`` cell: its preset, view, starting values and caption."""
    try:
        spec = tomllib.loads("\n".join(body))
    except tomllib.TOMLDecodeError as error:
        raise NotebookError(f"{where}: izhikevich cell: TOML syntax: {error}") from None
    slug = spec.get("preset")
    if not isinstance(slug, str) or slug not in slugs:
        raise NotebookError(f"{where}: izhikevich cell: key 'preset': unknown preset {slug!r}")
    changes = {k: float(spec[k]) for k in ("a", "b", "c", "d", "amp", "dt") if k in spec}
    asked = str(spec.get("view", "trace"))
    view = VIEWS.get(asked, "phase")
    scheme = str(spec.get("scheme", ""))
    caption = str(spec.get("caption", ""))
    return Piece("cell", name=slug, view=view, changes=changes, caption=caption,
                 catalogue=slugs[slug], text="" if asked == view else asked,
                 scheme=scheme)  # fmt: skip


def lesson_pieces(page: str, lines: list[str], slugs: Mapping[str, str | None]) -> list[Piece]:
    """The page's body as pieces: Markdown between headings, figures and live cells apart."""
    pieces: list[Piece] = []
    text: list[str] = []

    def flush() -> None:
        if "\n".join(text).strip():
            pieces.append(Piece("markdown", plain_markdown("\n".join(text).strip("\n"))))
        text.clear()

    i = 0
    while i < len(lines):
        line, where = lines[i], f"{page}: line {i + 1}"
        if (fence := _FENCE.match(line)) and not fence.group(1):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith(fence.group(2))),
                       None)  # fmt: skip
            if end is None:
                raise NotebookError(f"{where}: a code block that is never closed")
            if fence.group(3) == "izhikevich":
                flush()
                pieces.append(live_piece(lines[i + 1 : end], where, slugs))
            else:
                text += lines[i : end + 1]
            i = end + 1
        elif line.lstrip().startswith("<figure"):
            end = next((j for j in range(i, len(lines)) if "</figure>" in lines[j]), None)
            if end is None:
                raise NotebookError(f"{where}: a <figure> that is never closed")
            flush()
            pieces += figure_piece(lines[i : end + 1], where)
            i = end + 1
        elif (box := _BOX.match(line)) or (tab := _TAB.match(line)):
            body, i = indented_block(lines, i + 1)
            title = box.group(2) if box else tab.group(1)
            if box:
                quoted = [f"> {b}".rstrip() for b in body]
                text += [f"> **{title}**" if title else ">", ">", *quoted]
            else:
                text += [f"**{title}**", ""] + body
            text.append("")  # the block ends its paragraph
        else:
            if line.startswith("## "):
                flush()
            if not _TAG_LINE.match(line):
                text.append(line)
            i += 1
    flush()
    return pieces


def lesson_notebook(
    env: jinja2.Environment, page: str, markdown: str, slugs: Mapping[str, str | None],
    url: str = "",
) -> str:  # fmt: skip
    """The notebook of one lesson page (``notebook-lesson.md.j2``), as JSON text.

    ``slugs`` maps each preset a live cell may name to its own catalogue file (None: built in).
    """
    where = f"notebook of page {page!r}"
    meta, lines = front_matter(markdown)
    if not any(line.startswith("# ") for line in lines):
        raise NotebookError(f"{where}: the page has no '# ' title")
    pieces = lesson_pieces(page, lines, slugs)
    try:
        text = env.get_template("notebook-lesson.md.j2").render(
            pieces=pieces, title=meta.get("title", ""), page=page, url=url
        )
    except jinja2.TemplateError as error:
        raise NotebookError(f"{where}: template: {error}") from None
    return notebook_json(cells_from_text(text, where), where)
