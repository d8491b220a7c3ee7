"""Citations: each preset's source as BibTeX, and the references page that lists them all.

Stage: site. The works the built-in presets cite are data (``bibliography.toml``, by DOI); a
preset whose DOI is not there, an instructor's own, gets a ``@misc`` entry made from its
source text. Entries are plain text with a fixed field order, so the pages are deterministic.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from importlib import resources

import jinja2

from gallery.model.catalogue import Preset

_FIELDS = ("author", "title", "journal", "publisher", "address", "year", "volume", "number",
           "pages", "isbn", "doi", "note")  # fmt: skip
_SPECIAL = re.compile(r"([&%$#_])")


@functools.cache
def works() -> dict[str, dict[str, str]]:
    """The bibliography by DOI."""
    text = (resources.files("gallery.site") / "bibliography.toml").read_text(encoding="utf-8")
    return {work["doi"]: work for work in tomllib.loads(text)["work"]}


def escape(text: str) -> str:
    """Text for a BibTeX field: TeX's special characters escaped, braces kept balanced."""
    text = text.replace("{", "(").replace("}", ")")
    return _SPECIAL.sub(r"\\\1", text)


def entry(kind: str, key: str, fields: dict[str, str]) -> str:
    """One BibTeX entry, its fields in a fixed order."""
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {{{fields[name]}}}," for name in _FIELDS if fields.get(name)]
    return "\n".join(lines) + "\n}"


def _where(preset: Preset) -> str:
    panel = f", panel {preset.source.panel}" if preset.source.panel else ""
    return f"{preset.source.figure}{panel}"


def work_entry(preset: Preset, *, note: bool = True) -> tuple[str, str]:
    """``(key, BibTeX)`` of the work a preset cites; ``note`` adds its figure and panel."""
    work = works().get(preset.source.doi)
    if work is None:
        key = "gallery-" + preset.slug
        fields = {"title": escape(preset.source.paper), "doi": escape(preset.source.doi),
                  "note": escape(_where(preset))}  # fmt: skip
        return key, entry("misc", key, fields)
    fields = {name: escape(str(value)) for name, value in work.items()}
    fields["doi"] = work["doi"]  # a DOI is printed verbatim
    if note:
        fields["note"] = escape(_where(preset))
    return work["key"], entry(work["type"], work["key"], fields)


def bibtex(preset: Preset) -> str:
    """The BibTeX of a preset's source, with its figure and panel as the note."""
    return work_entry(preset)[1]


def all_entries(presets: Sequence[Preset]) -> list[dict[str, str | list[str]]]:
    """Every source the presets cite, once each, in order of first use, with its presets."""
    found: dict[str, dict] = {}
    for preset in presets:
        key, text = work_entry(preset, note=False)
        item = found.setdefault(key, {"key": key, "bibtex": text, "presets": []})
        item["presets"].append(preset.label)
    return list(found.values())


def render_references(env: jinja2.Environment, presets: Sequence[Preset]) -> str:
    """The references page (``references.md.j2``) with the BibTeX of every source."""
    return env.get_template("references.md.j2").render(entries=all_entries(presets))
