"""An instructor's folder (``build.py --content DIR``): the Course section of the site.

Stage: pipeline. Every ``.md`` under DIR becomes a page ``course/<path>``; every ``.toml`` is a
catalogue file; every other file (images, data) is copied beside the pages, so relative links
keep working. The order and titles of the nav come from ``DIR/nav.yml`` when there is one
(validated: each problem names the file and line), else from the file names and first headings.
Nothing is written here: the course joins the docs folder the build assembles in memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from gallery.pipeline.config import BuildError

PREFIX = "course/"
NAV_FILE = "nav.yml"
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ENTRY_HELP = "each entry is `page.md`, `Title: page.md` or `Section title: [entries]`"


@dataclass(frozen=True, slots=True)
class Course:
    """What an instructor's folder adds to the build.

    ``files`` are docs files by docs path (pages and the files beside them); ``sources`` maps
    each docs path to the instructor's own file (so errors can name it); ``nav`` is the
    Course section's mkdocs nav; ``unlisted`` are pages that ``nav.yml`` leaves out (built,
    linkable, not in the nav, as mkdocs does).
    """

    folder: Path
    files: dict[str, bytes] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    presets_files: tuple[Path, ...] = ()
    nav: list = field(default_factory=list)
    unlisted: tuple[str, ...] = ()

    @property
    def pages(self) -> tuple[str, ...]:
        """The docs paths of the course's Markdown pages."""
        return tuple(path for path in self.files if path.endswith(".md"))


def name_sources(error: BuildError, course: Course | None) -> BuildError:
    """``error`` with each course page mkdocs names (``'course/x.md'``) followed by its file."""
    text = str(error)
    for docs_path, source in course.sources.items() if course else ():
        text = text.replace(f"'{docs_path}'", f"'{docs_path}' ({source})")
    return BuildError(text)


def _is_hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def load_course(folder: Path) -> Course:
    """Read an instructor's folder; a BuildError names every problem with its file and line."""
    if not folder.is_dir():
        raise BuildError(f"content: {folder} is not a folder")
    files: dict[str, bytes] = {}
    sources: dict[str, Path] = {}
    presets: list[Path] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        if _is_hidden(relative) or relative.as_posix() == NAV_FILE:
            continue
        if path.suffix == ".toml":
            presets.append(path)
            continue
        docs_path = PREFIX + relative.as_posix()
        files[docs_path] = path.read_bytes()
        sources[docs_path] = path
    pages = [p.removeprefix(PREFIX) for p in files if p.endswith(".md")]
    if not pages:
        raise BuildError(f"content: {folder} has no Markdown (.md) pages")
    nav_file = folder / NAV_FILE
    if nav_file.exists():
        nav, listed = nav_from_file(nav_file, pages)
    else:
        nav, listed = default_nav(pages, files), pages
    unlisted = tuple(p for p in pages if p not in listed)
    return Course(folder, files, sources, tuple(presets), nav, unlisted)


def first_heading(text: str) -> str | None:
    """The text of the first ``# heading`` outside code blocks, or None."""
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            return match[1]
    return None


def title_of(page: str, files: dict[str, bytes]) -> str:
    """A page's nav title: its first heading, else its file name in words."""
    text = files[PREFIX + page].decode("utf-8", errors="replace")
    heading = first_heading(text)
    if heading:
        return heading
    stem = Path(page).stem
    return (Path(page).parent.name if stem == "index" else stem).replace("-", " ").capitalize()


def default_nav(pages: list[str], files: dict[str, bytes]) -> list:
    """The nav without ``nav.yml``: by path, ``index.md`` first, subfolders as sections."""
    return _folder_nav("", sorted(pages), files)


def _folder_nav(prefix: str, pages: list[str], files: dict[str, bytes]) -> list:
    here = sorted(
        (p for p in pages if "/" not in p[len(prefix) :]),
        key=lambda p: (Path(p).name != "index.md", p),
    )
    out: list = [{title_of(p, files): PREFIX + p} for p in here]
    subfolders = sorted({p[len(prefix) :].split("/")[0] for p in pages if "/" in p[len(prefix) :]})
    for sub in subfolders:
        inner = [p for p in pages if p.startswith(f"{prefix}{sub}/")]
        title = sub.replace("-", " ").capitalize()
        out.append({title: _folder_nav(f"{prefix}{sub}/", inner, files)})
    return out


def nav_from_file(nav_file: Path, pages: list[str]) -> tuple[list, list[str]]:
    """The Course nav from ``nav.yml``, and the pages it lists; problems raise BuildError."""
    try:
        root = yaml.compose(nav_file.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise BuildError(f"content: {nav_file}: {where}YAML syntax: {problem}") from None
    problems: list[str] = []
    listed: dict[str, int] = {}
    if root is None or not isinstance(root, yaml.SequenceNode):
        line = 1 if root is None else root.start_mark.line + 1
        problems.append(f"line {line}: expected a list of pages ({_ENTRY_HELP})")
        nav: list = []
    else:
        nav = _nav_entries(root, pages, problems, listed)
    if problems:
        raise BuildError("content:\n" + "\n".join(f"{nav_file}: {p}" for p in problems))
    return nav, list(listed)


def _nav_entries(node: yaml.SequenceNode, pages: list[str], problems: list, listed: dict) -> list:
    out = []
    for item in node.value:
        line = item.start_mark.line + 1
        if isinstance(item, yaml.ScalarNode):
            page = _nav_page(item, pages, problems, listed)
            if page:
                out.append(PREFIX + page)
        elif isinstance(item, yaml.MappingNode) and len(item.value) == 1:
            ((key, value),) = item.value
            title = key.value.strip() if isinstance(key, yaml.ScalarNode) else ""
            if not title:
                problems.append(f"line {line}: a title must be a non-empty text")
            elif isinstance(value, yaml.ScalarNode):
                page = _nav_page(value, pages, problems, listed)
                if page:
                    out.append({title: PREFIX + page})
            elif isinstance(value, yaml.SequenceNode):
                out.append({title: _nav_entries(value, pages, problems, listed)})
            else:
                problems.append(f"line {line}: '{title}': {_ENTRY_HELP}")
        else:
            problems.append(f"line {line}: {_ENTRY_HELP}")
    return out


def _nav_page(node: yaml.ScalarNode, pages: list[str], problems: list, listed: dict) -> str | None:
    line = node.start_mark.line + 1
    page = node.value.strip().removeprefix("./")
    if not page.endswith(".md"):
        problems.append(f"line {line}: {page!r} is not a Markdown page (.md)")
    elif page not in pages:
        known = ", ".join(sorted(pages))
        problems.append(f"line {line}: {page!r} does not exist (pages: {known})")
    elif page in listed:
        problems.append(f"line {line}: {page!r} is listed twice (first on line {listed[page]})")
    else:
        listed[page] = line
        return page
    return None
