"""The theme's and KaTeX's stylesheets without the rules that can match nothing the site has.

Stage: pipeline (I/O on a built site folder). Every page waits for Material's main stylesheet
(134 KB) before it paints anything, and on a phone's connection each of its bytes is time
before the first paint (issue 19). Most of its rules style parts this site never uses (a
dozen admonition kinds, content tabs, annotations, cards, right-to-left layouts, …). A rule is
dropped only when a class, id or attribute that its selector requires is written nowhere: in no
page, no stylesheet and no script the site ships, as a word of any kind. The scripts count because
Material's bundle (and our widgets) make search results, dialogs and states from strings at run
time; a class a script builds from a prefix ("md-nav__link--" + state) is kept by every such
prefix in its text. What a selector requires is what sits outside parentheses: ``:not(.x)``
matches without any ``.x`` and ``:is(.x, .y)`` with either, so their insides never drop a rule.
A selector this reader does not understand (an escape, say) keeps its rule.

So a page can differ only where an element carries a class that no file of the site names:
none can. The live server (``build.py --serve``) ships the stylesheets whole, so a class an
instructor is adding to a page is styled before the build sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

STYLESHEETS = (
    "assets/stylesheets/main.*.min.css",
    "assets/stylesheets/palette.*.min.css",
    "vendor/katex/katex.min.css",
)
"""The theme's and KaTeX's stylesheets (site-relative globs) that are pruned.

KaTeX's rules size and place its spans for every construct it can typeset (a dozen sizes,
delimiters of every height, arrays, boxes); the site's math, typeset at build time, uses a few
of them: most of the sheet goes."""
_SOURCES = ("*.html", "*.js", "*.css")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_PREFIX_MIN = 4  # shorter stems ("md-", "is-") would keep nearly everything
_KEEP_AT = ("@media", "@supports", "@container", "@layer", "@document")
"""At-rules holding rules of their own: pruned inside. Others (@keyframes, @page, …) stay whole."""


def words(texts: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every word of ``texts`` and the words that end as a stem (``md-nav__link--``)."""
    found: set[str] = set()
    for text in texts:
        found.update(_WORD.findall(text))
    stems = sorted(w for w in found if w[-1] in "-_" and len(w) >= _PREFIX_MIN)
    return frozenset(found), tuple(stems)


def _skip_string(css: str, start: int) -> int:
    """The index just past the string that opens at ``start``."""
    quote, index = css[start], start + 1
    while index < len(css) and css[index] != quote:
        index += 2 if css[index] == "\\" else 1
    return index + 1


def _blocks(css: str) -> Iterator[tuple[str, str | None]]:
    """The top-level items of ``css``: ``(prelude, body)``, body None for ``@charset …;``."""
    index, start, depth, body_start = 0, 0, 0, 0
    prelude = ""
    while index < len(css):
        char = css[index]
        if char in "\"'":
            index = _skip_string(css, index)
            continue
        if css.startswith("/*", index):
            end = css.find("*/", index + 2)
            index = len(css) if end < 0 else end + 2
            if depth == 0:
                start = index  # a comment between rules is dropped
            continue
        if char == "{":
            if depth == 0:
                prelude, body_start = css[start:index], index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                yield prelude.strip(), css[body_start:index]
                start = index + 1
        elif char == ";" and depth == 0:
            yield css[start : index + 1].strip(), None
            start = index + 1
        index += 1
    if css[start:].strip():
        yield css[start:].strip(), None


def _split_top(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` outside parentheses, brackets and strings."""
    parts, depth, start, index = [], 0, 0, 0
    while index < len(text):
        char = text[index]
        if char in "\"'":
            index = _skip_string(text, index)
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
        index += 1
    parts.append(text[start:])
    return parts


_REQUIRED = re.compile(
    r"[.#](-?[A-Za-z_][\w-]*)"  # a class or an id
    r"|\[\s*([A-Za-z_][\w-]*)\s*(?:[~|^$*]?=\s*[\"']?([A-Za-z_][\w-]*)?)?"  # [name=value]
)


def required(selector: str) -> list[str] | None:
    """The names ``selector`` needs present (outside parentheses); None if it is not understood."""
    if "\\" in selector:
        return None
    flat, depth = [], 0
    for char in selector:
        depth += char == "("
        if depth == 0:
            flat.append(char)
        depth -= char == ")" and depth > 0
    names: list[str] = []
    for match in _REQUIRED.finditer("".join(flat)):
        names.extend(name for name in match.groups() if name)
    return names


def _known(name: str, present: frozenset[str], stems: tuple[str, ...]) -> bool:
    return name in present or any(name.startswith(stem) for stem in stems)


def _each_rule(css: str, rewrite: Callable[[str, str], str]) -> str:
    """``css`` with every style rule replaced by ``rewrite(prelude, body)`` ("" drops it).

    Inside @media, @supports and the like the rules are rewritten too, and an at-rule left
    empty goes; other at-rules (@font-face, @keyframes, …) and statements stay whole.
    """
    out: list[str] = []
    for prelude, body in _blocks(css):
        if body is None:
            out.append(prelude)
        elif not prelude.startswith("@"):
            out.append(rewrite(prelude, body))
        elif prelude.split("(")[0].split()[0].lower() in _KEEP_AT:
            inner = _each_rule(body, rewrite)
            out.append(f"{prelude}{{{inner}}}" if inner else "")
        else:
            out.append(f"{prelude}{{{body}}}")
    return "".join(out)


def prune_css(css: str, present: frozenset[str], stems: tuple[str, ...] = ()) -> str:
    """``css`` without the selectors (and then rules) that need a name not in ``present``."""

    def rule(prelude: str, body: str) -> str:
        kept = [
            selector
            for selector in _split_top(prelude, ",")
            if (names := required(selector)) is None
            or all(_known(name, present, stems) for name in names)
        ]
        return f"{','.join(kept)}{{{body}}}" if kept else ""

    return _each_rule(css, rule)


_PROPERTY = re.compile(r"--[A-Za-z_][\w-]*")
_USED_PROPERTY = re.compile(r"var\(\s*(--[A-Za-z_][\w-]*)")


def drop_unused_properties(css: str, referenced: frozenset[str]) -> str:
    """``css`` without the custom property declarations whose names are not in ``referenced``.

    The theme declares a custom property for each icon and colour of every part it has (an
    admonition kind's icon is a data URI of a few hundred bytes); once the rules that used one
    are pruned, nothing reads it. A rule left with no declarations goes.
    """

    def unused(declaration: str) -> bool:
        name = declaration.split(":", 1)[0].strip()
        return name.startswith("--") and name not in referenced

    def rule(prelude: str, body: str) -> str:
        if "{" in body:  # nested rules: not read here, kept whole
            return f"{prelude}{{{body}}}"
        kept = [part for part in _split_top(body, ";") if part.strip() and not unused(part)]
        return f"{prelude}{{{';'.join(kept)}}}" if kept else ""

    return _each_rule(css, rule)


def prune_site_styles(site: Path) -> int:
    """Prune the theme's stylesheets of ``site`` in place against all its pages: bytes freed."""
    sheets = sorted({path for pattern in STYLESHEETS for path in site.glob(pattern)})
    if not sheets:
        return 0
    sources = sorted({p for pattern in _SOURCES for p in site.rglob(pattern)} - set(sheets))
    # not the pruned sheets themselves: a selector naming a class would keep itself
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sources]
    present, stems = words(texts)
    whole = {sheet: sheet.read_text(encoding="utf-8") for sheet in sheets}
    pruned = {sheet: prune_css(css, present, stems) for sheet, css in whole.items()}
    # a custom property is read where a kept rule says var(--name), or a page or script names it
    referenced = {name for text in texts for name in _PROPERTY.findall(text)}
    referenced |= {name for css in pruned.values() for name in _USED_PROPERTY.findall(css)}
    freed = 0
    for sheet, css in whole.items():
        final = drop_unused_properties(pruned[sheet], frozenset(referenced))
        freed += len(css.encode()) - len(final.encode())
        sheet.write_text(final, encoding="utf-8")
    return freed
